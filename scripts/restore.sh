#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the PostgreSQL database named by DATABASE_URL.
#
#   scripts/restore.sh FILE              into an empty database (createdb it first)
#   scripts/restore.sh --replace FILE    drop what the backup holds from the database, then restore it
#   scripts/restore.sh [--replace] -     read the backup from standard input (after decrypting it)
#
# Everything is restored in one transaction: on any error nothing is changed. Afterwards run
# `flask db upgrade` when the code is newer than the backup.
set -euo pipefail

usage="usage: scripts/restore.sh [--replace] FILE|- (DATABASE_URL names the PostgreSQL database)"
fail() { echo "${0##*/}: $1" >&2; exit 2; }

replace=no
if [ "${1:-}" = "--replace" ]; then replace=yes; shift; fi
[ $# -eq 1 ] && [ -n "$1" ] || fail "$usage"
[ "${1:0:1}" != "-" ] || [ "$1" = "-" ] || fail "$usage"
input=$1

source "$(dirname "${BASH_SOURCE[0]}")/database-url.sh"
url=$(libpq_url) || exit 2
for tool in pg_restore psql; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: apt-get install postgresql-client)"
done

if [ "$input" = "-" ]; then
    [ ! -t 0 ] || fail "standard input is a terminal: pipe the backup in"
else
    [ -f "$input" ] && [ -r "$input" ] || fail "cannot read $input"
    pg_restore --list -- "$input" >/dev/null 2>&1 || fail "$input is not a backup made by scripts/backup.sh"
fi

tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") || exit 1
if [ "$tables" != "0" ] && [ "$replace" = no ]; then
    fail "the database already has $tables tables: restore into an empty database, or pass --replace"
fi

options=(--single-transaction --exit-on-error --no-owner --no-privileges --dbname="$url")
[ "$replace" = no ] || options+=(--clean --if-exists)
if [ "$input" = "-" ]; then pg_restore "${options[@]}"; else pg_restore "${options[@]}" -- "$input"; fi

version=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" \
    --command="SELECT string_agg(version_num, ',') FROM alembic_version" 2>/dev/null || true)
echo "${0##*/}: done; the database is at migration ${version:-unknown} (run flask db upgrade if the code is newer)" >&2
