# Sourced by backup.sh and restore.sh: turn DATABASE_URL into a URL that libpq's tools accept.
# shellcheck shell=bash

libpq_url() {
    local url=${DATABASE_URL:-}
    [ -n "$url" ] || { echo "${0##*/}: DATABASE_URL is not set" >&2; return 2; }
    # SQLAlchemy names the driver (postgresql+psycopg://); libpq knows only postgresql:// and postgres://.
    case "$url" in
        postgresql+*://*) url="postgresql://${url#*://}" ;;
        postgresql://* | postgres://*) ;;
        *) echo "${0##*/}: DATABASE_URL must name a PostgreSQL database (postgresql://...)" >&2; return 2 ;;
    esac
    printf '%s\n' "$url"
}
