# Shared by the bench scripts: paths, the binary, PostgreSQL helpers. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LANTU="${LANTU_BIN:-$ROOT/target/release/lantu}"
SEEDS="${LANTU_CORPUS:-/work/shared/seeds}"
PLANS="${PLANS:-1000}"
WORK="${WORK:-/tmp/lantu-bench}"
PG_ADMIN_URL="${LANTU_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p "$WORK"

build() {
    if [ -z "${LANTU_BIN:-}" ]; then
        (cd "$ROOT" && cargo build --release -q -p lantu)
    fi
}

# The generated corpus of $PLANS documents (made once per size and reused).
corpus() {
    local dir="$WORK/corpus-$PLANS"
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        "$LANTU" dev gen-corpus --plans "$PLANS" -o "$dir" --seeds "$SEEDS" >&2
        touch "$dir/.done"
    fi
    echo "$dir"
}

# A fresh PostgreSQL database named $1; prints its URL.
fresh_pg() {
    local name="$1"
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null 2>&1
    echo "${PG_ADMIN_URL%/*}/$name"
}

# Publishes every plan (the public portal shows published plans only).
publish_all() {
    local db="$1"
    case "$db" in
        postgres://*|postgresql://*) psql -q "$db" -c "UPDATE plans SET published = 1" ;;
        *) sqlite3 "$db" "UPDATE plans SET published = 1" ;;
    esac
}

# Seconds since the epoch with nanoseconds.
now() { date +%s.%N; }

machine() {
    echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Runs one SQL query on a store ($1: SQLite path or postgres:// URL), rows one a line.
q() {
    case "$1" in
        postgres://*|postgresql://*) psql -qtA "$1" -c "$2" ;;
        *) sqlite3 "$1" "$2" ;;
    esac
}

# A fresh store with the corpus ingested and published: $1 is "sqlite" or "postgres";
# prints the store (path or URL). A SQLite store is copied from a cached ingest.
fresh_store() {
    local backend="$1" name="$2" dir
    dir="$(corpus)"
    if [ "$backend" = postgres ]; then
        local url
        url=$(fresh_pg "$name")
        "$LANTU" --db "$url" ingest "$dir" >/dev/null 2>&1
        publish_all "$url"
        echo "$url"
    else
        local cached="$WORK/cached-$PLANS.db" db="$WORK/$name.db"
        if [ ! -f "$cached" ]; then
            "$LANTU" --db "$cached.tmp" ingest "$dir" >/dev/null 2>&1
            publish_all "$cached.tmp"
            sqlite3 "$cached.tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
            mv "$cached.tmp" "$cached"
            rm -f "$cached.tmp-wal" "$cached.tmp-shm"
        fi
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$cached" "$db"
        echo "$db"
    fi
}

# Starts `lantu serve` on store $1, port $2, log $3; sets SERVER_PID; waits until it serves.
start_server() {
    # Removed first: an old log's "serving on" must not be taken for this server's.
    rm -f "$3"
    "$LANTU" --db "$1" serve --addr "127.0.0.1:$2" >"$3" 2>&1 &
    SERVER_PID=$!
    until grep -q "serving on" "$3" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$3"; return 1; }
        sleep 0.5
    done
    # The search index comes up in the background (search answers 503 until then): the
    # benchmarks measure the server once it is ready. WAIT_INDEX=0 skips this.
    if [ "${WAIT_INDEX:-1}" = 1 ]; then
        until grep -qE "search index (ready|not available)" "$3" 2>/dev/null; do
            kill -0 "$SERVER_PID" 2>/dev/null || { cat "$3"; return 1; }
            sleep 0.5
        done
    fi
}

# Resets the peak RSS (VmHWM) of process $1 to its current RSS, so that a later peak is
# that of the load, not of the start-up (building the search index); needs Linux ≥ 4.0
# and the right to write /proc/$1/clear_refs. Prints what it did.
reset_peak() {
    if echo 5 >"/proc/$1/clear_refs" 2>/dev/null; then
        echo "VmHWM reset to the current RSS after start-up"
    else
        echo "VmHWM not reset (no write access to /proc/$1/clear_refs): the peaks below include the start-up"
    fi
}

# An editor with an API token on store $1; prints the token.
api_token() {
    LANTU_PASSWORD=bench-password-1 "$LANTU" --db "$1" user add bench-writer --role editor >/dev/null 2>&1 || true
    "$LANTU" --db "$1" user token bench-writer --label bench 2>/dev/null | grep -oE '[A-Za-z0-9_-]{24,}' | tail -1
}

# Plans with indicators, as "plan:0,plan:1,…" for the load driver (first $2 of them).
write_targets() {
    q "$1" "SELECT DISTINCT v.plan_id FROM plan_versions v JOIN indicators i ON i.version_id = v.id ORDER BY v.plan_id LIMIT $2" |
        awk '{printf "%s%s:0,%s:1", (NR>1?",":""), $1, $1}'
}
