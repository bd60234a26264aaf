#!/usr/bin/env bash
# Back up the platform's PostgreSQL database (DATABASE_URL) in pg_dump's custom format.
#
#   scripts/backup.sh FILE    write the backup to FILE (never over an existing file), readable by its owner only
#   scripts/backup.sh -       write it to standard output, to pipe into encryption (docs/deploy.md)
#
# Restore with scripts/restore.sh. pg_dump must be the server's major version or newer.
set -euo pipefail
umask 077

usage="usage: scripts/backup.sh FILE|- (DATABASE_URL names the PostgreSQL database)"
fail() { echo "${0##*/}: $1" >&2; exit 2; }

[ $# -eq 1 ] && [ -n "$1" ] || fail "$usage"
[ "${1:0:1}" != "-" ] || [ "$1" = "-" ] || fail "$usage"
output=$1

source "$(dirname "${BASH_SOURCE[0]}")/database-url.sh"
url=$(libpq_url) || exit 2
command -v pg_dump >/dev/null || fail "pg_dump is not installed (Debian: apt-get install postgresql-client)"

# The whole database: schema, data, sequence positions and Alembic's version row. No owners or
# grants, so the backup restores under whichever role the restoring host uses.
dump() { pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$url" "$@"; }

if [ "$output" = "-" ]; then
    [ ! -t 1 ] || fail "standard output is a terminal: pipe the backup into a file or an encryption command"
    dump
    exit 0
fi

[ ! -e "$output" ] || fail "$output already exists: give the backup a new name"
folder=$(dirname -- "$output")
[ -d "$folder" ] && [ -w "$folder" ] || fail "cannot write into $folder"
# Written beside the target and renamed when complete, so a failed run leaves no partial backup.
partial=$(mktemp "$output.partial.XXXXXX")
trap 'rm -f -- "$partial"' EXIT
dump --file="$partial"
mv -- "$partial" "$output"
trap - EXIT
echo "${0##*/}: wrote $output ($(du -h -- "$output" | cut -f1))" >&2
