#!/usr/bin/env bash
# The benchmark threshold check (what CI calls): builds the benchmarks in release mode, runs them briefly, and
# compares each p90 with the committed thresholds in Benchmarks/Thresholds/<Swift version>/, with the tolerances
# set in Sources/BenchmarkSupport/Settings.swift (wall clock: fails beyond 4x; malloc counts: small absolute
# tolerance).
#
#   Benchmarks/check.sh [extra `swift package benchmark` options, e.g. --target Cleaning --filter 'clean.200']
#
# Benchmarks that fail are run again, up to twice, on their own: a load spike on the shared machine passes, a real
# regression (and any malloc count change, which is deterministic) fails every time.
# Exit 0 when every benchmark is within its thresholds or only better (the command to record the new figures is
# printed); 2 on a regression; 1 when the build or the run failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Thresholds are per toolchain (malloc counts and timings move with the compiler and runtime).
toolchain="$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9]*\.[0-9]*\).*/\1/p' | head -1)"
thresholds="Thresholds/$toolchain"
update="cd Benchmarks && swift package --allow-writing-to-package-directory benchmark thresholds update --path $thresholds --metric wallClock --metric mallocCountTotal"
if [ ! -d "$thresholds" ]; then
    echo "check.sh: no thresholds for Swift $toolchain ($here/$thresholds); record them with:" >&2
    echo "  $update" >&2
    exit 1
fi

# check [options...]: one threshold check; its output goes to the terminal and to $log. Throughput is left out: it is
# 1 / wall clock, stored as whole iterations per second (see Settings.swift).
check() {
    swift package --scratch-path "$here/.build" benchmark thresholds check --path "$thresholds" \
        --metric wallClock --metric mallocCountTotal --no-progress "$@" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

echo "check.sh: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
check "$@"
status=$?
for retry in 1 2; do
    grep -q "is WORSE than the defined thresholds" "$log" || break
    # Through `swift package` the tool's own exit codes (2 regression, 4 improvement) all arrive as 1: read its
    # verdict, and the names of the benchmarks that failed ("Deviations worse than threshold for Target:name").
    failed="$(sed -n 's/^Deviations worse than threshold for \([^:]*\):\(.*\)$/\1 \2/p' "$log" | sort -u)"
    targets="$(cut -d' ' -f1 <<<"$failed" | sort -u | paste -sd'|')"
    names="$(cut -d' ' -f2- <<<"$failed" | sed 's/[.]/[.]/g' | paste -sd'|')"
    echo
    echo "check.sh: worse than thresholds: $(cut -d' ' -f2- <<<"$failed" | paste -sd' ')"
    echo "check.sh: run $retry of 2 of those again (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    check --target "^($targets)\$" --filter "^($names)\$"
    status=$?
done

if grep -q "is WORSE than the defined thresholds" "$log"; then
    echo "check.sh: REGRESSION: benchmarks worse than their thresholds three times in a row (tables above)" >&2
    exit 2
elif grep -q "is BETTER than the defined thresholds" "$log"; then
    echo "check.sh: no regression; some benchmarks are better than their thresholds. To record the new figures:"
    echo "  $update"
    exit 0
elif [ "$status" -eq 0 ] && grep -q "is EQUAL to the defined thresholds" "$log"; then
    echo "check.sh: every benchmark is within its thresholds"
    exit 0
fi
echo "check.sh: the benchmark build or run failed (exit $status)" >&2
exit 1
