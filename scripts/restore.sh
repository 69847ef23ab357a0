#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into an EMPTY PostgreSQL database.
#
#   DATABASE_URL=postgres://…/trygg_restored scripts/restore.sh <dump file>
#
# Create the database first (createdb, or `create database …`); the script refuses one that has
# tables already, so it never mixes a backup into live data. It restores in one transaction:
# either everything is there afterwards or nothing is. Then start Trygg on it with the same
# ENCRYPTION_KEYS as when the dump was taken (kept apart from the dump); Trygg applies any
# migration newer than the dump at start, as on an upgrade.
set -euo pipefail

die() { echo "restore.sh: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: DATABASE_URL=postgres://… scripts/restore.sh <dump file>"
dump="$1"
[ -f "$dump" ] || die "$dump is not a file"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL (the empty target database) is not set"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) die "DATABASE_URL must be a postgres:// URL" ;; esac
command -v pg_restore >/dev/null || die "pg_restore is not installed (Debian: apt-get install postgresql-client)"

pg_restore --list "$dump" >/dev/null || die "$dump is not a pg_dump custom-format file"

existing="$(psql "$DATABASE_URL" -X -v ON_ERROR_STOP=1 -tAc "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p','v','m','S') and n.nspname not in ('pg_catalog','information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'")"
[ "$existing" = "0" ] || die "the target database is not empty ($existing tables, views or sequences); restore into a new database"

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"
psql "$DATABASE_URL" -X -v ON_ERROR_STOP=1 -qc "analyze" >/dev/null
echo "restored $dump into $(psql "$DATABASE_URL" -X -tAc "select current_database()")"
