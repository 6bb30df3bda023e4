#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ with the address sanitizer and coverage instrumentation, and runs them.
#   Scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 seconds each, all targets
# Corpora live in Fuzz/Corpus/<target>/ (seeds committed; what libFuzzer adds is ignored by git); crashes are written
# to Fuzz/Crashes/<target>/ and make the script exit 1. Turn every crash into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzRuleFile FuzzClean FuzzJSONL); fi

# libFuzzer without its main, from the toolchain's clang runtime.
swift_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
NEWSCLEAN_FUZZER_LIB="$(ls "$swift_bin"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -n 1)"
export NEWSCLEAN_FUZZER_LIB
# Coverage and ASan instrumentation everywhere; libFuzzer is linked into the fuzz targets only (Fuzz/Package.swift).
flags=(-c release --package-path Fuzz --scratch-path .build-fuzz
    -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer,address)
ASAN_OPTIONS=detect_leaks=0 swift build "${flags[@]}" >/dev/null
bin="$(swift build "${flags[@]}" --show-bin-path)"
status=0
for target in "${targets[@]}"; do
    mkdir -p "Fuzz/Corpus/$target" "Fuzz/Crashes/$target"
    echo "== $target for ${seconds}s"
    if ! "$bin/$target" "Fuzz/Corpus/$target" "Fuzz/Seeds/$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -rss_limit_mb=4096 -artifact_prefix="Fuzz/Crashes/$target/" -print_final_stats=1 \
        2> "Fuzz/Crashes/$target/last-run.log"; then
        status=1
        echo "$target: CRASH, see Fuzz/Crashes/$target/"
    fi
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "Fuzz/Crashes/$target/last-run.log" | tail -n 2 || true
done
exit $status
