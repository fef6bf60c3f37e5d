#!/usr/bin/env bash
# Back up the portal's database — the one DATABASE_URL names, as the portal reads it — into one file.
# Safe while the portal runs:
#   PostgreSQL  pg_dump --format=custom: one consistent snapshot (restore with scripts/restore.sh);
#   SQLite      the online backup API of better-sqlite3: a consistent copy, WAL content included.
# Evidence files (UPLOAD_DIR, default ./data/uploads) are plain files: copy them alongside.
#
#   DATABASE_URL=… bash scripts/backup.sh [FILE]
#   default FILE: backups/thidua-YYYYmmdd-HHMMSS.dump (PostgreSQL) or .db (SQLite)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
URL="${DATABASE_URL:-file:./data/thidua.db}"
STAMP="$(date +%Y%m%d-%H%M%S)"

case "$URL" in
  postgres://* | postgresql://*)
    OUT="${1:-backups/thidua-$STAMP.dump}"
    mkdir -p "$(dirname "$OUT")"
    command -v pg_dump >/dev/null || { echo "Không tìm thấy pg_dump: cài gói postgresql-client (cùng phiên bản chính với máy chủ hoặc mới hơn)." >&2; exit 1; }
    # libpq does not know Prisma's own URL parameters (?schema=…, ?connection_limit=…): drop them.
    PGURL="$(node -e 'const u = new URL(process.argv[1]); for (const k of ["schema", "connection_limit", "pool_timeout", "pgbouncer", "socket_timeout", "statement_cache_size"]) u.searchParams.delete(k); console.log(u.toString())' "$URL")"
    # to a temporary name first: a failed dump never leaves a file that looks like a backup
    pg_dump --format=custom --no-owner --no-privileges --file "$OUT.partial" "$PGURL"
    mv "$OUT.partial" "$OUT"
    ;;
  file:*)
    OUT="${1:-backups/thidua-$STAMP.db}"
    mkdir -p "$(dirname "$OUT")"
    DB="${URL#file:}"
    DB="${DB%%\?*}"
    [ -f "$DB" ] || { echo "Không thấy tệp cơ sở dữ liệu SQLite: $DB" >&2; exit 1; }
    SRC="$(realpath "$DB")"
    DEST="$(realpath -m "$OUT")"
    # better-sqlite3 from the portal's own node_modules: run from ROOT so require() finds it
    (cd "$ROOT" && node -e '
      const fs = require("node:fs");
      const Database = require("better-sqlite3");
      const [src, out] = process.argv.slice(1);
      const db = new Database(src, { fileMustExist: true });
      db.backup(out + ".partial")
        .then(() => {
          db.close();
          const copy = new Database(out + ".partial");
          const ok = copy.pragma("integrity_check", { simple: true });
          copy.close();
          if (ok !== "ok") throw new Error("bản sao lưu không qua được integrity_check: " + ok);
          fs.renameSync(out + ".partial", out);
        })
        .catch((e) => { console.error(e.message); process.exit(1); });
    ' "$SRC" "$DEST")
    ;;
  *)
    echo "DATABASE_URL phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)." >&2
    exit 1
    ;;
esac
echo "Đã sao lưu vào $OUT ($(du -h "$OUT" | cut -f1))."
