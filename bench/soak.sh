#!/usr/bin/env bash
# Soak: `lantu serve` over $PLANS published plans, $CONNS (64) connections for $SECONDS
# (60) s of mixed public reads and authenticated API writes (POST actuals, bearer token,
# 20 %); then checks zero 5xx and zero lost writes: every acknowledged write (201) is a
# row of the store, every row was acknowledged, and each has its audit entry.
# Usage: bench/soak.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
BACKEND="${1:-sqlite}"
SECONDS_="${SECONDS_:-60}"
CONNS="${CONNS:-64}"
PORT="${PORT:-18182}"
build
machine
db=$(fresh_store "$BACKEND" lantu_bench_soak)
token=$(api_token "$db")
targets=$(write_targets "$db" 10)
plan=${targets%%:*}
start_server "$db" "$PORT" "$WORK/soak-server-$BACKEND.log"
trap 'kill -INT $SERVER_PID 2>/dev/null || true' EXIT
echo "server RSS after start-up: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$SERVER_PID/status), peak $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$SERVER_PID/status)"
reset_peak "$SERVER_PID"
reads="/healthz,/plans/$plan,/plans/$plan/indicators/0,/api/v1/plans/$plan/indicators,/api/v1/plans?per_page=50,/api/v1/search?q=%E5%86%B0%E9%9B%AA,/findings"
# Not "/": the home page monitors every plan (O(plans), 1.5 s at 1,000 plans), see BENCHMARKS.md.
echo "backend $BACKEND, $CONNS connections, ${SECONDS_} s; writes to $targets"
python3 "$ROOT/bench/loaddriver.py" --base "http://127.0.0.1:$PORT" --token "$token" --conns "$CONNS" \
    --seconds "$SECONDS_" --reads "$reads" --targets "$targets" --tag soak --acked "$WORK/soak-acked.txt" | tee "$WORK/soak.json"
echo "server RSS peak during the soak: $(awk '/VmHWM/{print $2/1024 " MB"}' /proc/$SERVER_PID/status)"
kill -INT $SERVER_PID; wait $SERVER_PID 2>/dev/null || true
trap - EXIT

sort "$WORK/soak-acked.txt" >"$WORK/soak-acked.sorted"
q "$db" "SELECT source FROM actuals WHERE source LIKE 'soak-%'" | sort >"$WORK/soak-rows.sorted"
audited=$(q "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'actual' AND detail LIKE '%(soak-%'")
acked=$(wc -l <"$WORK/soak-acked.sorted")
rows=$(wc -l <"$WORK/soak-rows.sorted")
lost=$(comm -23 "$WORK/soak-acked.sorted" "$WORK/soak-rows.sorted" | wc -l)
unacked=$(comm -13 "$WORK/soak-acked.sorted" "$WORK/soak-rows.sorted" | wc -l)
fivexx=$(python3 -c "import json; print(json.load(open('$WORK/soak.json'))['server_errors_5xx'])")
echo "writes acknowledged: $acked; rows in the store: $rows; audit entries: $audited; lost: $lost; stored but not acknowledged: $unacked; 5xx: $fivexx"
[ "$BACKEND" = sqlite ] && echo "integrity_check: $(sqlite3 "$db" 'PRAGMA integrity_check')"
if [ "$lost" -ne 0 ] || [ "$unacked" -ne 0 ] || [ "$fivexx" -ne 0 ] || [ "$audited" -ne "$rows" ]; then
    echo "SOAK FAILED"; exit 1
fi
echo "SOAK PASSED"
