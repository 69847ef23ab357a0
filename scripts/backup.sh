#!/usr/bin/env bash
# Backs up Trygg's PostgreSQL database: pg_dump in custom format of DATABASE_URL to one file.
#
#   DATABASE_URL=postgres://… scripts/backup.sh [dump file]
#   DATABASE_URL=postgres://… scripts/backup.sh [dump file] --keys-to <file elsewhere>
#
# The dump holds no key: ENCRYPTION_KEYS (the server key ring) lives in the environment and the
# escrow private key offline, never in the database. Without the server keys a restored copy
# cannot decrypt TOTP secrets or queued mail (staff cannot log in); reports themselves open only
# with a unit key (an officer's password or recovery key) or the reporter's receipt code.
# Keep the keys apart from the dumps (docs/operations.md, "Backups"): --keys-to writes
# ENCRYPTION_KEYS, ENCRYPTION_KEY_ID and ESCROW_PUBLIC_KEY from this environment to a file, and
# refuses when that file would sit in the dump's folder. The script also refuses to write a
# dump into a folder where a file already holds one of the server keys (an .env beside backups).
#
# Default dump file: ./trygg-<UTC time>.dump (or in $BACKUP_DIR). Prints the file and its SHA-256.
set -euo pipefail
umask 077

die() { echo "backup.sh: $*" >&2; exit 2; }

out=""
keys_to=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keys-to) [ $# -ge 2 ] || die "--keys-to needs a file"; keys_to="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$out" ] || die "one dump file only"; out="$1"; shift ;;
  esac
done

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (PGlite's ./data folder is backed up by copying it while Trygg is stopped)"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) die "DATABASE_URL must be a postgres:// URL" ;; esac
command -v pg_dump >/dev/null || die "pg_dump is not installed (Debian: apt-get install postgresql-client)"

[ -n "$out" ] || out="${BACKUP_DIR:-.}/trygg-$(date -u +%Y%m%dT%H%M%SZ).dump"
out_dir="$(cd "$(dirname "$out")" 2>/dev/null && pwd -P)" || die "the folder of $out does not exist"
out="$out_dir/$(basename "$out")"
[ ! -e "$out" ] || die "$out exists; not overwriting a backup"

# The server keys as they appear in ENCRYPTION_KEYS (id:base64,…): their base64 parts.
key_values=()
if [ -n "${ENCRYPTION_KEYS:-}" ]; then
  IFS=',' read -r -a pairs <<<"$ENCRYPTION_KEYS"
  for pair in "${pairs[@]}"; do key_values+=("${pair#*:}"); done
fi

# Refuse a dump folder that already holds a server key (an env file or key file beside backups).
for value in "${key_values[@]}"; do
  if found="$(find "$out_dir" -maxdepth 1 -type f -size -1024k -exec grep -lF -- "$value" {} + 2>/dev/null | head -n1)" && [ -n "$found" ]; then
    die "refusing: $found holds one of the ENCRYPTION_KEYS, in the folder the dump would go to. Keep keys and dumps apart (docs/operations.md, Backups)."
  fi
done

if [ -n "$keys_to" ]; then
  [ -n "${ENCRYPTION_KEYS:-}" ] || die "--keys-to: ENCRYPTION_KEYS is not set in this environment"
  keys_dir="$(cd "$(dirname "$keys_to")" 2>/dev/null && pwd -P)" || die "the folder of $keys_to does not exist"
  [ "$keys_dir" != "$out_dir" ] || die "refusing to write the keys next to the dump ($keys_dir): store them apart (docs/operations.md, Backups)"
  keys_to="$keys_dir/$(basename "$keys_to")"
  [ ! -e "$keys_to" ] || die "$keys_to exists; not overwriting"
fi

partial="$out.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
# A dump that does not list is no backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$out"
trap - EXIT

if [ -n "$keys_to" ]; then
  {
    echo "# Trygg server keys, written by scripts/backup.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Keep apart from the dumps."
    echo "ENCRYPTION_KEYS=$ENCRYPTION_KEYS"
    [ -z "${ENCRYPTION_KEY_ID:-}" ] || echo "ENCRYPTION_KEY_ID=$ENCRYPTION_KEY_ID"
    [ -z "${ESCROW_PUBLIC_KEY:-}" ] || echo "ESCROW_PUBLIC_KEY=$ESCROW_PUBLIC_KEY"
  } >"$keys_to"
  echo "keys: $keys_to"
fi

echo "dump: $out"
echo "sha256: $(sha256sum "$out" | cut -d' ' -f1)"
