#!/usr/bin/env bash
# newsclean against the tools a data engineer would otherwise use, on the same generated corpus and the same rules,
# all measured in this one run. Prints a Markdown table: tool, seconds, MB/s of article text, and each tool's speed
# as a fraction of newsclean's (the CLI, first row, and the library in-process, second row).
#
#   Benchmarks/compare.sh [--megabytes 100] [--rules 200] [--runs 1] [--work DIR]
#
# --runs N times each tool N times (at least 5 times when a run takes under 5 s) and keeps its fastest run. The corpus (JSONL and plain text) and the rules in
# each dialect are written by generate-workload into --work (default Benchmarks/.build/compare, ignored by git).
# NEWSCLEAN=/path/to/newsclean uses that binary instead of building /work/main's release binary.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
megabytes=100
rules=200
runs=1
work="$here/.build/compare"
while [ $# -gt 0 ]; do
    case "$1" in
        --megabytes) megabytes="$2"; shift 2 ;;
        --rules) rules="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 64 ;;
    esac
done

# SwiftPM refuses to build while another build holds the package's lock: wait and retry.
build() {
    local attempt
    for attempt in $(seq 1 30); do
        if output="$("$@" 2>&1)"; then return 0; fi
        if grep -qi "lock" <<<"$output"; then
            echo "compare.sh: another SwiftPM instance holds the lock; retrying in 20 s" >&2
            sleep 20
        else
            echo "$output" >&2
            return 1
        fi
    done
    echo "compare.sh: gave up waiting for the SwiftPM lock" >&2
    return 1
}

echo "== building" >&2
if [ -z "${NEWSCLEAN:-}" ]; then
    newsclean="$root/.build/release/newsclean"
    if ! build swift build -c release --product newsclean --package-path "$root"; then
        [ -x "$newsclean" ] || exit 1
        echo "compare.sh: WARNING: the build failed; measuring the existing $newsclean" >&2
    fi
else
    newsclean="$NEWSCLEAN"
fi
build swift build -c release --product generate-workload --package-path "$here" --scratch-path "$here/.build"
generator="$here/.build/release/generate-workload"

echo "== generating ${megabytes} MB and ${rules} rules into $work" >&2
mkdir -p "$work"
"$generator" corpus --out "$work" --megabytes "$megabytes" --rules "$rules" > "$work/summary.txt"
# documents, text_bytes, rules_newsclean, rules_regex, rules_re, rules_sed, rules_perl
while IFS='=' read -r key value; do printf -v "$key" '%s' "$value"; done < "$work/summary.txt"

# The batch CLI (`--jsonl FILE --jobs N`) when this binary has it; before that, the plain text file as one document.
# (Read the help into a variable first: with pipefail, `grep -q` closing the pipe early would fail the test.)
help="$({ "$newsclean" --help; "$newsclean" clean --help; } 2>&1 || true)"
if grep -q -- '--jsonl' <<<"$help"; then
    jsonl=1
else
    jsonl=0
fi

results="$work/results.tsv"
: > "$results"

# measure NAME INPUT RULES OUTPUT COMMAND...: the fastest of $runs runs (at least 5 when a run takes under 5 s, as
# a short run suffers most from the other processes of a shared machine), with the output's size.
measure() {
    local name="$1" input="$2" count="$3" output="$4"
    shift 4
    local best="" run=0 start end seconds
    echo "== $name" >&2
    while [ "$run" -lt "$runs" ] || { [ "$run" -lt 5 ] && awk -v b="$best" 'BEGIN { exit !(b < 5) }'; }; do
        run=$((run + 1))
        start=$(date +%s.%N)
        if ! "$@" > "$output" 2> "$output.stderr"; then
            echo "compare.sh: $name failed:" >&2
            tail -5 "$output.stderr" >&2
            return 0
        fi
        end=$(date +%s.%N)
        seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$seconds"; fi
    done
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$input" "$count" "$best" "$(stat -c %s "$output")" >> "$results"
}

if [ "$jsonl" = 1 ]; then
    measure "newsclean --jsonl --jobs 1" "JSONL" "$rules_newsclean" "$work/out.newsclean.jsonl" \
        "$newsclean" --jsonl "$work/corpus.jsonl" --jobs 1 --no-bundled --rules "$work/rules.yaml"
    measure "newsclean --jsonl --jobs $(nproc)" "JSONL" "$rules_newsclean" "$work/out.newsclean-jobs.jsonl" \
        "$newsclean" --jsonl "$work/corpus.jsonl" --jobs "$(nproc)" --no-bundled --rules "$work/rules.yaml"
else
    measure "newsclean (one document)" "text" "$rules_newsclean" "$work/out.newsclean.txt" \
        sh -c 'exec "$0" --no-bundled --rules "$1" < "$2"' "$newsclean" "$work/rules.yaml" "$work/corpus.txt"
fi
# Reference, not a peer: the library in-process on the same documents (regenerated in memory, no I/O, no JSON).
echo "== newsclean library (in-process)" >&2
library_best=""
for run in $(seq 1 "$(( runs > 5 ? runs : 5 ))"); do
    seconds=$("$generator" clean --megabytes "$megabytes" --rules "$rules" | sed -n 's/^seconds=//p')
    if [ -z "$library_best" ] || awk -v a="$seconds" -v b="$library_best" 'BEGIN { exit !(a < b) }'; then
        library_best="$seconds"
    fi
done
printf '%s\t%s\t%s\t%.3f\t%s\n' "newsclean library, in-process (reference)" "memory" "$rules_newsclean" \
    "$library_best" "-" >> "$results"
if python3 -c 'import regex' 2>/dev/null; then
    measure "Python regex loop" "JSONL" "$rules_regex" "$work/out.regex.jsonl" \
        python3 "$here/compare/clean_python.py" regex "$work/rules_regex.py" "$work/corpus.jsonl" /dev/stdout
else
    echo "compare.sh: Python's regex module is missing (pip install regex); skipped" >&2
fi
measure "Python re loop" "JSONL" "$rules_re" "$work/out.re.jsonl" \
    python3 "$here/compare/clean_python.py" re "$work/rules_re.py" "$work/corpus.jsonl" /dev/stdout
measure "GNU sed -E (C.UTF-8)" "text" "$rules_sed" "$work/out.sed-utf8.txt" \
    env LC_ALL=C.UTF-8 sed -E -f "$work/rules.sed" "$work/corpus.txt"
measure "GNU sed -E (LC_ALL=C)" "text" "$rules_sed" "$work/out.sed-c.txt" \
    env LC_ALL=C sed -E -f "$work/rules.sed" "$work/corpus.txt"
measure "Perl" "text" "$rules_perl" "$work/out.perl.txt" perl "$work/rules.pl" "$work/corpus.txt"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores · ${cpu:-unknown CPU} · ${documents} documents," \
    "$(awk -v b="$text_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of text · best of ${runs} run(s)"
echo
awk -F'\t' -v bytes="$text_bytes" '
    { name[NR] = $1; input[NR] = $2; count[NR] = $3; seconds[NR] = $4; out[NR] = $5
      mbps[NR] = seconds[NR] > 0 ? bytes / 1e6 / seconds[NR] : 0
      if (NR == 1) cli = mbps[NR]
      if (name[NR] ~ /in-process/) library = mbps[NR] }
    END {
        print "| tool | input | rules | seconds | MB/s | speed / newsclean CLI | speed / newsclean library | output MB |"
        print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        for (i = 1; i <= NR; i++)
            printf "| %s | %s | %d | %.2f | %.1f | %.3g | %.3g | %s |\n", name[i], input[i], count[i], seconds[i],
                mbps[i], mbps[i] / cli, mbps[i] / library, (out[i] == "-" ? "-" : sprintf("%.1f", out[i] / 1e6))
    }' "$results"
echo
if [ "$jsonl" = 0 ]; then
    echo "newsclean has no --jsonl yet: it cleaned corpus.txt as one document (every rule's literal occurs in it, so"
    echo "the prefilter skips nothing). Peers on JSONL pay for JSON parsing too; MB/s counts article text only."
    echo "The in-process row is the library cleaning the same documents one by one: what --jsonl --jobs 1 approaches."
fi
