#!/usr/bin/env bash
# Runs one fuzz target for a while, on a corpus seeded at run time.
#
#   fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]     (default 1800 s)
#
# TARGET is extract or actuals. The working corpus is
# fuzz/corpus/TARGET (not committed); it is seeded from the small hand-written inputs in
# fuzz/seeds/TARGET, the repository's own test fixtures and, for extract, the real
# documents in $LANTU_CORPUS (and their GB18030 / UTF-16 re-encodings). The real
# documents' text is never committed: it only ever lands in the ignored corpus.
# Crashes land in fuzz/artifacts/TARGET.
#
# Only the stable toolchain is installed, so RUSTC_BOOTSTRAP=1 lets it accept the
# nightly flags cargo-fuzz passes (-Zsanitizer=address, -Cpasses=sancov-module ...).
set -euo pipefail
target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]}
seconds=${2:-1800}
shift $(( $# >= 2 ? 2 : 1 ))
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true

case $target in
extract)
    max_len=262144
    cp -n crates/extract/tests/fixtures/*.txt "$corpus"/
    if [ -d "${LANTU_CORPUS:-}" ]; then
        for f in "$LANTU_CORPUS"/*.txt; do
            name=seed-$(basename "$f" .txt)
            cp -n "$f" "$corpus/$name.txt"
            iconv -f UTF-8 -t GB18030 "$f" > "$corpus/$name.gb18030.txt" 2>/dev/null || rm -f "$corpus/$name.gb18030.txt"
            { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } > "$corpus/$name.utf16le.txt" 2>/dev/null || rm -f "$corpus/$name.utf16le.txt"
        done
    else
        echo "LANTU_CORPUS is not set: seeding from the hand-written inputs only" >&2
    fi
    ;;
actuals) max_len=65536; cp -n examples/*.csv tests/fixtures/*.csv "$corpus"/ 2>/dev/null || true ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac

dict=()
[ -f fuzz/dict/"$target".dict ] && dict=(-dict="$root/fuzz/dict/$target.dict")

# One process, one thread (the machine is shared): libFuzzer's default without -jobs.
# -a: debug assertions on, so integer overflow panics here as it would in `cargo test`.
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -a "$target" "$root/$corpus" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 ${dict[@]+"${dict[@]}"} "$@"
