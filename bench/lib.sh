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
