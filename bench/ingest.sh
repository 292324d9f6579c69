#!/usr/bin/env bash
# Ingest benchmark: $PLANS (default 1000) generated plans into a fresh SQLite file and a
# fresh PostgreSQL database; wall time and plans/s, against the same ingest into an
# in-memory SQLite store (`--db :memory:`: extraction and SQL, no disk) in the same run.
# Usage: bench/ingest.sh            (PLANS=10000 bench/ingest.sh for the large corpus)
source "$(dirname "$0")/lib.sh"
build
dir="$(corpus)"
n=$(find "$dir" -name '*.txt' | wc -l)
mb=$(du -sm "$dir" | cut -f1)
machine
echo "corpus: $n documents, $mb MB ($dir)"

t0=$(now)
"$LANTU" --db :memory: ingest "$dir" >/dev/null 2>&1
t1=$(now)
extract_s=$(echo "$t1 - $t0" | bc)

db="$WORK/ingest.db"
rm -f "$db" "$db-wal" "$db-shm"
t0=$(now)
"$LANTU" --db "$db" ingest "$dir" >"$WORK/ingest-sqlite.out" 2>"$WORK/ingest-sqlite.err"
t1=$(now)
sqlite_s=$(echo "$t1 - $t0" | bc)
plans_sqlite=$(sqlite3 "$db" "SELECT COUNT(*) FROM plans")

pg=$(fresh_pg lantu_bench_ingest)
t0=$(now)
"$LANTU" --db "$pg" ingest "$dir" >"$WORK/ingest-pg.out" 2>"$WORK/ingest-pg.err"
t1=$(now)
pg_s=$(echo "$t1 - $t0" | bc)
plans_pg=$(psql -qtA "$pg" -c "SELECT COUNT(*) FROM plans")

printf '%-28s %8s %10s %8s\n' "" "wall s" "plans/s" "ratio"
printf '%-28s %8.1f %10.1f %8s\n' "SQLite :memory: (baseline)" "$extract_s" "$(echo "$n / $extract_s" | bc -l)" "1.00"
printf '%-28s %8.1f %10.1f %8.2f\n' "ingest SQLite ($plans_sqlite plans)" "$sqlite_s" "$(echo "$n / $sqlite_s" | bc -l)" "$(echo "$sqlite_s / $extract_s" | bc -l)"
printf '%-28s %8.1f %10.1f %8.2f\n' "ingest PostgreSQL ($plans_pg plans)" "$pg_s" "$(echo "$n / $pg_s" | bc -l)" "$(echo "$pg_s / $extract_s" | bc -l)"
cat "$WORK/ingest-sqlite.out"
echo "SQLite file: $(du -h "$db" | cut -f1)"
