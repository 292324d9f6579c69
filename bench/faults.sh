#!/usr/bin/env bash
# Faults of the storage (needs root: it mounts a small tmpfs): a full disk and a
# read-only mount under `lantu ingest`, `lantu actuals import` and the server's writes.
# Expected: a message naming the store and a non-zero exit from the CLI, nothing
# half-written (integrity_check ok, counts unchanged); the server answers writes 503
# JSON (storage_unavailable), keeps serving reads, and takes writes again once there is
# room. Usage: sudo bench/faults.sh
source "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "needs root (mount)"; exit 2; }
PORT="${PORT:-18185}"
build
mnt="$WORK/faults-mnt"
mkdir -p "$mnt"
mountpoint -q "$mnt" && umount "$mnt"
mount -t tmpfs -o size=8m tmpfs "$mnt"
export TMPDIR="$WORK/faults-tmp"   # the server's search index, off the small disk
mkdir -p "$TMPDIR"
cleanup() {
    if [ -n "${SERVER_PID:-}" ]; then kill -INT "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
    rm -rf "$TMPDIR"
}
trap cleanup EXIT
failed=0
check() { if eval "$2"; then echo "  ok: $1"; else echo "  FAILED: $1"; failed=1; fi; }

db="$mnt/lantu.db"
first=$(find "$SEEDS" -name '*.txt' | sort | head -3)
rest=$(find "$SEEDS" -name '*.txt' | sort | tail -n +4)
"$LANTU" --db "$db" ingest $first >/dev/null 2>&1
sqlite3 "$db" "UPDATE plans SET published = 1; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
token=$(api_token "$db")
plan=$(q "$db" "SELECT DISTINCT v.plan_id FROM plan_versions v JOIN indicators i ON i.version_id = v.id LIMIT 1")
plans_before=$(q "$db" "SELECT COUNT(*) FROM plans")
fill() { dd if=/dev/zero of="$mnt/filler" bs=64k >/dev/null 2>&1 || true; }

echo "== full disk: lantu ingest"
fill
out=$("$LANTU" --db "$db" ingest $rest 2>&1) && code=0 || code=$?
echo "$out" | sed 's/^/  | /'
check "non-zero exit ($code)" '[ "$code" -ne 0 ]'
check "the message names the store" 'echo "$out" | grep -q "$db"'
check "no panic" '! echo "$out" | grep -q panicked'
rm -f "$mnt/filler"
check "integrity_check ok" '[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]'
check "plans unchanged ($plans_before)" '[ "$(q "$db" "SELECT COUNT(*) FROM plans")" = "$plans_before" ]'

echo "== full disk: lantu actuals import"
csv="$WORK/faults-actuals.csv"
region=$(q "$db" "SELECT region FROM plans WHERE id = $plan")
metric=$(q "$db" "SELECT i.name FROM indicators i JOIN plan_versions v ON v.id = i.version_id WHERE v.plan_id = $plan ORDER BY i.ord LIMIT 1")
{ echo "region,indicator,year,value,unit,source"; for y in $(seq 2000 2020); do echo "$region,$metric,$y,1.5,,faults-test"; done; } >"$csv"
actuals_before=$(q "$db" "SELECT COUNT(*) FROM actuals")
fill
out=$("$LANTU" --db "$db" actuals import "$csv" 2>&1) && code=0 || code=$?
echo "$out" | sed 's/^/  | /'
check "non-zero exit ($code)" '[ "$code" -ne 0 ]'
check "the message names the store" 'echo "$out" | grep -q "$db"'
rm -f "$mnt/filler"
check "no actual stored" '[ "$(q "$db" "SELECT COUNT(*) FROM actuals")" = "$actuals_before" ]'

echo "== full disk: the server"
start_server "$db" "$PORT" "$WORK/faults-server.log"
base="http://127.0.0.1:$PORT"
post() { curl -s -o "$WORK/faults-post.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"year\":$1,\"value\":2.5,\"source\":\"faults-web-$1\"}" "$base/api/v1/plans/$plan/indicators/0/actuals"; }
fill
codes=""
for y in $(seq 2001 2030); do codes="$codes $(post $y)"; done
echo "  POST statuses on a full disk:$codes"
check "no 500 (only 201 while pages had room, then 503)" '! echo "$codes" | grep -q 500'
check "at least one 503" 'echo "$codes" | grep -q 503'
cat "$WORK/faults-post.json"; echo
check "503 body is JSON storage_unavailable" 'grep -q storage_unavailable "$WORK/faults-post.json"'
check "reads still served: plan page" '[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/plans/$plan")" = 200 ]'
check "reads still served: API" '[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/api/v1/plans/$plan/indicators")" = 200 ]'
rm -f "$mnt/filler"
check "writes again once there is room" '[ "$(post 2031)" = 201 ]'

kill -INT "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

# A mount cannot be made read-only under a process writing to it (busy): the server
# is stopped, the mount made read-only, then the CLI and the server are tried on it.
echo "== read-only mount: lantu ingest"
mount -o remount,ro "$mnt"
out=$("$LANTU" --db "$db" ingest $rest 2>&1) && code=0 || code=$?
echo "$out" | sed 's/^/  | /'
check "non-zero exit ($code)" '[ "$code" -ne 0 ]'
check "the message names the store" 'echo "$out" | grep -q "$db"'

echo "== read-only mount: the server"
if start_server "$db" "$PORT" "$WORK/faults-server.log"; then
    code=$(post 2032)
    echo "  POST status: $code"
    check "POST refused with 503" '[ "$code" = 503 ]'
    check "reads still served" '[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/plans/$plan")" = 200 ]'
    kill -INT "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
else
    echo "  the server does not start on a read-only mount:"; sed 's/^/  | /' "$WORK/faults-server.log"
    check "start-up refusal names the store" 'grep -q "$db" "$WORK/faults-server.log"'
fi
mount -o remount,rw "$mnt"
check "integrity_check ok" '[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]'

if [ "$failed" -ne 0 ]; then echo "FAULTS FAILED"; exit 1; fi
echo "FAULTS PASSED"
