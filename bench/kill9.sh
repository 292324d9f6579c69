#!/usr/bin/env bash
# Crash consistency: $ROUNDS (5) times, start `lantu serve`, send 64 connections of mixed
# reads and API writes, kill -9 the server 2–4 s in, then check the store: SQLite
# `PRAGMA integrity_check`, every acknowledged write present, no half-done write (each
# stored actual has its audit entry and each audit entry its actual), and the server
# restarts on it. Usage: bench/kill9.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
BACKEND="${1:-sqlite}"
ROUNDS="${ROUNDS:-5}"
PORT="${PORT:-18184}"
build
machine
db=$(fresh_store "$BACKEND" lantu_bench_kill9)
token=$(api_token "$db")
targets=$(write_targets "$db" 10)
plan=${targets%%:*}
reads="/healthz,/plans/$plan,/plans/$plan/indicators/0,/api/v1/plans/$plan/indicators"
# Temporary files of the killed servers stay here (the search index itself is kept next to
# the store, "$db.search", and reused by the next round).
export TMPDIR="$WORK/kill9-tmp"
mkdir -p "$TMPDIR"
failed=0
: >"$WORK/kill9-acked-all.txt"
for round in $(seq 1 "$ROUNDS"); do
    start_server "$db" "$PORT" "$WORK/kill9-server.log"
    python3 "$ROOT/bench/loaddriver.py" --base "http://127.0.0.1:$PORT" --token "$token" --conns 64 --seconds 6 \
        --write-share 0.5 --reads "$reads" --targets "$targets" --tag "kill9r$round" --acked "$WORK/kill9-acked.txt" >"$WORK/kill9-driver.json" &
    driver=$!
    sleep "$(( 2 + RANDOM % 3 )).$(( RANDOM % 10 ))"
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    wait "$driver"
    cat "$WORK/kill9-acked.txt" >>"$WORK/kill9-acked-all.txt"
    sort "$WORK/kill9-acked-all.txt" >"$WORK/kill9-acked.sorted"
    q "$db" "SELECT source FROM actuals WHERE source LIKE 'kill9r%'" | sort >"$WORK/kill9-rows.sorted"
    if [ "$BACKEND" = sqlite ]; then
        src="substr(detail, instr(detail, '(kill9r') + 1, instr(detail, '):') - instr(detail, '(kill9r') - 1)"
    else
        src="substring(detail from '[(](kill9r[^)]*)[)]')"
    fi
    q "$db" "SELECT $src FROM audit_log WHERE action = 'actual' AND detail LIKE '%(kill9r%'" | sort >"$WORK/kill9-audit.sorted"
    acked=$(wc -l <"$WORK/kill9-acked.sorted")
    rows=$(wc -l <"$WORK/kill9-rows.sorted")
    lost=$(comm -23 "$WORK/kill9-acked.sorted" "$WORK/kill9-rows.sorted" | wc -l)
    in_flight=$(comm -13 "$WORK/kill9-acked.sorted" "$WORK/kill9-rows.sorted" | wc -l)
    half=$(diff "$WORK/kill9-rows.sorted" "$WORK/kill9-audit.sorted" | grep -c '^[<>]' || true)
    integrity="n/a"
    [ "$BACKEND" = sqlite ] && integrity=$(sqlite3 "$db" "PRAGMA integrity_check" | tr '\n' ' ')
    errs=$(python3 -c "import json; d=json.load(open('$WORK/kill9-driver.json')); print(d['writes_acked'], d['server_errors_5xx'], sum(d['errors'].values()))")
    set -- $errs
    echo "round $round: acked this round $1, 5xx $2, failed connections $3; total acked $acked, rows $rows, lost $lost, committed but unacknowledged (in flight at the kill) $in_flight, rows without audit or audit without row $half, integrity_check: $integrity"
    if [ "$lost" -ne 0 ] || [ "$half" -ne 0 ] || { [ "$BACKEND" = sqlite ] && [ "$integrity" != "ok " ]; }; then failed=1; fi
done
# The store still serves and takes writes after the last kill.
start_server "$db" "$PORT" "$WORK/kill9-server.log"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"year":2024,"value":1,"source":"after-kill9"}' "http://127.0.0.1:$PORT/api/v1/plans/$plan/indicators/0/actuals")
page=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/plans/$plan")
kill -INT "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
echo "after restart: POST actual $code, plan page $page"
[ "$code" = 201 ] && [ "$page" = 200 ] || failed=1
rm -rf "$TMPDIR"
if [ "$failed" -ne 0 ]; then echo "KILL -9 FAILED"; exit 1; fi
echo "KILL -9 PASSED ($ROUNDS rounds, $BACKEND)"
