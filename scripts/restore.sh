#!/usr/bin/env bash
# Restore the portal's database (DATABASE_URL) from a file made by scripts/backup.sh. Everything
# written since that backup is lost, so: stop every portal instance first, and say --yes.
#   PostgreSQL  pg_restore --clean --if-exists in one transaction: on any error nothing changes;
#   SQLite      the current file is kept as FILE.before-restore-<time>, then replaced.
# Restore into the same portal version that made the backup (or an empty database, then start the
# portal: `npm start` applies the newer migrations).
#
#   DATABASE_URL=… bash scripts/restore.sh BACKUP_FILE --yes
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
URL="${DATABASE_URL:-file:./data/thidua.db}"
IN="${1:-}"
if [ -z "$IN" ] || [ ! -f "$IN" ]; then
  echo "Cách dùng: DATABASE_URL=… bash scripts/restore.sh TỆP_SAO_LƯU --yes" >&2
  exit 2
fi
if [ "${2:-}" != "--yes" ]; then
  echo "Khôi phục sẽ thay toàn bộ dữ liệu của ${URL%%\?*} bằng nội dung của $IN; mọi thay đổi sau lần sao lưu đó sẽ mất." >&2
  echo "Hãy dừng mọi tiến trình cổng thi đua, rồi chạy lại với --yes." >&2
  exit 2
fi

case "$URL" in
  postgres://* | postgresql://*)
    command -v pg_restore >/dev/null || { echo "Không tìm thấy pg_restore: cài gói postgresql-client." >&2; exit 1; }
    PGURL="$(node -e 'const u = new URL(process.argv[1]); for (const k of ["schema", "connection_limit", "pool_timeout", "pgbouncer", "socket_timeout", "statement_cache_size"]) u.searchParams.delete(k); console.log(u.toString())' "$URL")"
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname "$PGURL" "$IN"
    ;;
  file:*)
    DB="${URL#file:}"
    DB="${DB%%\?*}"
    TARGET="$(realpath -m "$DB")"
    SRC="$(realpath "$IN")"
    # a portal (of this user) holding the file open would keep writing into the replaced file
    for fd in /proc/[0-9]*/fd/*; do
      if [ "$(readlink "$fd" 2>/dev/null)" = "$TARGET" ]; then
        pid="${fd#/proc/}"; pid="${pid%%/*}"
        echo "Tiến trình $pid đang mở $TARGET: hãy dừng cổng thi đua trước khi khôi phục." >&2
        exit 1
      fi
    done
    STAMP="$(date +%Y%m%d-%H%M%S)"
    (cd "$ROOT" && node -e '
      const fs = require("node:fs");
      const Database = require("better-sqlite3");
      const [src, target, stamp] = process.argv.slice(1);
      (async () => {
        const backup = new Database(src, { readonly: true, fileMustExist: true });
        const ok = backup.pragma("integrity_check", { simple: true });
        if (ok !== "ok") throw new Error("tệp sao lưu hỏng (integrity_check: " + ok + ")");
        await backup.backup(target + ".restoring");
        backup.close();
        if (fs.existsSync(target)) {
          const current = new Database(target);
          await current.backup(target + ".before-restore-" + stamp);
          current.close(); // the last connection: checkpoints and removes the WAL
          console.log("Dữ liệu cũ được giữ ở " + target + ".before-restore-" + stamp);
        }
        for (const s of ["-wal", "-shm"]) fs.rmSync(target + s, { force: true });
        fs.renameSync(target + ".restoring", target);
      })().catch((e) => { console.error(e.message); process.exit(1); });
    ' "$SRC" "$TARGET" "$STAMP")
    ;;
  *)
    echo "DATABASE_URL phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)." >&2
    exit 1
    ;;
esac
echo "Đã khôi phục ${URL%%\?*} từ $IN."
