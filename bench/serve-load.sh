#!/usr/bin/env bash
# Server load: `lantu serve` over $PLANS (default 1000) generated, published plans;
# wrk at 64 connections ($DURATION s each, default 15) on /healthz (the trivial route,
# the baseline), a plan page, an indicator page and the API indicator list; req/s, p99
# and the ratio to /healthz; the server's peak RSS (VmHWM) after start-up and, reset then
# (bench/lib.sh reset_peak), under the load.
# Twice: with the response cache off (LANTU_CACHE_TTL=0: what staff and the first visitor
# get) and on (the default: anonymous GETs of the public portal), each with its own baseline.
# MODES="cached" (or "uncached") runs one of them; MODES=cookie runs a third: the cache on
# but every request with a (meaningless) Cookie header, so none is served from it or stored
# — what staff get with the default settings (their pages are rendered for each request;
# the every-plan monitoring is shared until a write, see crates/web/src/memo.rs).
# Usage: bench/serve-load.sh        (DB=path reuses an ingested, published SQLite store)
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-15}"
CONNS="${CONNS:-64}"
PORT="${PORT:-18181}"
build
machine
if [ -z "${DB:-}" ]; then
    dir="$(corpus)"
    DB="$WORK/serve.db"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$LANTU" --db "$DB" ingest "$dir" >/dev/null 2>&1
    publish_all "$DB"
fi

run_mode() {
    local mode=$1
    echo "== $mode"
    local ttl=10 header=()
    [ "$mode" = uncached ] && ttl=0
    [ "$mode" = cookie ] && header=(-H "Cookie: lantu_bench=1")
    LANTU_CACHE_TTL=$ttl LANTU_DB_CONNECTIONS=${DB_CONNECTIONS:-4} start_server "$DB" "$PORT" "$WORK/serve-$mode.log"
    pid=$SERVER_PID
    trap 'kill -INT $pid 2>/dev/null || true' EXIT
    grep "search index" "$WORK/serve-$mode.log"
    echo "RSS after start-up: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status), peak $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$pid/status)"
    reset_peak "$pid"

    # A plan in the middle of the store that has indicators.
    with_indicators=$(sqlite3 "$DB" "SELECT DISTINCT v.plan_id FROM plan_versions v JOIN indicators i ON i.version_id = v.id ORDER BY v.plan_id")
    plan=$(echo "$with_indicators" | sed -n "$(( $(echo "$with_indicators" | wc -l) / 2 + 1 ))p")
    [ -n "$plan" ] || { echo "no plan with indicators in $DB"; exit 1; }
    base="http://127.0.0.1:$PORT"
    # /api/v1/indicators (paginated, all plans) where the server has it, else the per-plan list.
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/indicators")" = 200 ]; then
        api="/api/v1/indicators"
    else
        api="/api/v1/plans/$plan/indicators"
    fi
    # The home page last: its uncached renders (seconds each) queue on the store after wrk stops.
    routes=(/healthz "/plans/$plan" "/plans/$plan/indicators/0" "$api" /)

    printf '%-36s %10s %10s %8s %8s\n' route "req/s" "p99 ms" "ratio" "non-2xx"
    local base_rps=""
    for r in "${routes[@]}"; do
        out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "${header[@]}" "$base$r")
        rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
        p99=$(echo "$out" | awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
        bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
        errs=$(echo "$out" | awk '/Socket errors/{print}')
        [ -z "$base_rps" ] && base_rps=$rps
        printf '%-36s %10.0f %10.1f %7.1f%% %8s %s\n' "$r" "$rps" "$p99" "$(echo "100 * $rps / $base_rps" | bc -l)" "${bad:-0}" "$errs"
    done
    echo "RSS after load: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status), peak under load (VmHWM) $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$pid/status)"
    kill -INT $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
}

for mode in ${MODES:-uncached cached}; do
    run_mode "$mode"
done
