#!/usr/bin/env bash
# The search index at start-up: `lantu serve` on a SQLite store of $PLANS (default 1000)
# published plans, cold (no index folder) then warm (the folder the cold run left), then
# warm again after `lantu ingest` of $CHANGED (default 10) more documents while the server
# was down. For each: seconds until /healthz answers, until /api/v1/search answers 200
# (503 索引建立中 before), the server's on-CPU seconds at that point, its peak RSS (VmHWM)
# and its RSS at rest. BEFORE=/path/to/an/older/lantu runs that binary first (cold; before
# the persistent index it rebuilt at every start and listened only when done).
# Usage: bench/index-start.sh        (DB=path reuses an ingested, published SQLite store)
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-18185}"
CHANGED="${CHANGED:-10}"
build
machine
DB="${DB:-$(fresh_store sqlite index-start)}"
QUERY="/api/v1/search?q=%E5%86%B0%E9%9B%AA"
TICK=$(getconf CLK_TCK)

status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1" || true; }

# $1 label, $2 binary: starts the server, waits for /healthz and then for search.
measure() {
    local label=$1 bin=$2 log="$WORK/index-$1.log" t0 t1 t2 pid
    t0=$(now)
    "$bin" --db "$DB" serve --addr "127.0.0.1:$PORT" >"$log" 2>&1 &
    pid=$!
    until [ "$(status /healthz)" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.05
    done
    t1=$(now)
    until [ "$(status "$QUERY")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.1
    done
    t2=$(now)
    local cpu hwm rss
    cpu=$(awk -v t="$TICK" '{printf "%.1f", ($14 + $15) / t}' "/proc/$pid/stat")
    sleep 2
    hwm=$(awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$pid/status")
    rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$pid/status")
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    printf '%-28s %9.2f %9.2f %8s %9s %9s\n' "$label" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$t2 - $t0" | bc -l)" "$cpu" "$hwm" "$rss"
    grep -h "search index" "$log" | sed 's/^/    /'
}

printf '%-28s %9s %9s %8s %9s %9s\n' run "listen s" "search s" "cpu s" "VmHWM MB" "RSS MB"
if [ -n "${BEFORE:-}" ]; then
    measure before "$BEFORE"
fi
rm -rf "$DB.search"
measure cold "$LANTU"
echo "    index folder: $(du -sm "$DB.search" | cut -f1) MB"
measure warm "$LANTU"

# Documents ingested while the server is down ($CHANGED generated with another --seed: new
# plans, or new versions of stored ones where a region and period meet again), indexed at
# the next start.
extra="$WORK/index-extra-$CHANGED"
rm -rf "$extra"
"$LANTU" dev gen-corpus --plans "$CHANGED" --seed 7 -o "$extra" --seeds "$SEEDS" >/dev/null 2>&1
"$LANTU" --db "$DB" ingest "$extra" >/dev/null 2>&1 || true
publish_all "$DB"
measure "warm, $CHANGED ingested" "$LANTU"
