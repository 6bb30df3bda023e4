#!/usr/bin/env bash
# newsclean against the tools a data engineer would otherwise use, on the same generated corpus and the same rules,
# all measured in this one run. Prints a Markdown table: tool, seconds, MB/s of article text, and each tool's speed
# as a fraction of newsclean's (the CLI, first row, and the library in-process, second row).
#
#   Benchmarks/compare.sh [--megabytes 100] [--rules 200] [--runs 1] [--work DIR]
#                         [--real-megabytes 50] [--python-megabytes 5] [--only real|generated]
#
# Two workloads, each with its own table: the real one (the bundled packs over corpus/dev.jsonl's real pages,
# repeated to --real-megabytes) and the generated one (--rules generated rules over --megabytes of generated news).
# On the real pages the Python `regex` program (compare/clean_real_python.py; what it approximates is written there)
# runs on the first --python-megabytes only (it does about 0.3 MB/s); GNU sed and newsclean run the bundled generic
# rules sed can express (`generate-workload real-corpus` picks them) in a head-to-head of their own. The startup of
# `newsclean` with the bundled packs on an empty input is timed too (median of 11 runs).
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
real_megabytes=50
python_megabytes=5
only=""
work="$here/.build/compare"
while [ $# -gt 0 ]; do
    case "$1" in
        --megabytes) megabytes="$2"; shift 2 ;;
        --rules) rules="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --real-megabytes) real_megabytes="$2"; shift 2 ;;
        --python-megabytes) python_megabytes="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
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

# measure NAME INPUT RULES OUTPUT COMMAND...: the fastest of $runs runs (at least 5 when a run takes under 5 s, as
# a short run suffers most from the other processes of a shared machine), with the output's size, into $results.
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
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$input" "$count" "$best" "$(stat -c %s "$output")" \
        "${bytes_override:-}" >> "$results"
}

# library_row RULES FIELD ARGS...: the reference row of the library in-process: the best FIELD (seconds) printed by
# `generate-workload ARGS...` over max(runs, 5) runs, into $results.
library_row() {
    local count="$1" field="$2" best="" seconds run
    shift 2
    echo "== newsclean library (in-process): $*" >&2
    for run in $(seq 1 "$(( runs > 5 ? runs : 5 ))"); do
        seconds=$("$generator" "$@" | sed -n "s/^$field=//p")
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$seconds"; fi
    done
    printf '%s\t%s\t%s\t%.3f\t%s\t\n' "newsclean library, in-process (reference)" "memory" "$count" "$best" "-" \
        >> "$results"
}

# table BYTES: the Markdown table of $results; MB/s counts BYTES of article text, or a row's own byte count (6th
# field) when it ran on part of the corpus. Speeds are relative to the first row and to the in-process row.
table() {
    awk -F'\t' -v bytes="$1" '
        { name[NR] = $1; input[NR] = $2; count[NR] = $3; seconds[NR] = $4; out[NR] = $5
          mb = ($6 != "" ? $6 : bytes) / 1e6
          mbps[NR] = seconds[NR] > 0 ? mb / seconds[NR] : 0
          if (NR == 1) cli = mbps[NR]
          if (name[NR] ~ /in-process/) library = mbps[NR] }
        END {
            print "| tool | input | rules | seconds | MB/s | speed / newsclean CLI | speed / newsclean library | output MB |"
            print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
            for (i = 1; i <= NR; i++)
                printf "| %s | %s | %d | %.2f | %.1f | %.3g | %s | %s |\n", name[i], input[i], count[i], seconds[i],
                    mbps[i], mbps[i] / cli, (library > 0 ? sprintf("%.3g", mbps[i] / library) : "-"),
                    (out[i] == "-" ? "-" : sprintf("%.1f", out[i] / 1e6))
        }' "$results"
}

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"

if [ "$only" != "generated" ]; then
    echo "== the real workload: corpus/dev.jsonl repeated to ${real_megabytes} MB, the bundled packs" >&2
    mkdir -p "$work"
    "$generator" real-corpus --out "$work" --megabytes "$real_megabytes" > "$work/real-summary.txt"
    # real_documents, real_text_bytes, real_rules_newsclean, real_rules_regex, real_rules_sed
    while IFS='=' read -r key value; do printf -v "$key" '%s' "$value"; done < "$work/real-summary.txt"
    results="$work/real-results.tsv"
    : > "$results"
    measure "newsclean --jsonl --jobs 1" "JSONL" "$real_rules_newsclean" "$work/out.real.jsonl" \
        "$newsclean" --jsonl "$work/real.jsonl" --jobs 1 --quiet
    measure "newsclean --jsonl --jobs $(nproc)" "JSONL" "$real_rules_newsclean" "$work/out.real-jobs.jsonl" \
        "$newsclean" --jsonl "$work/real.jsonl" --jobs "$(nproc)" --quiet
    measure "newsclean, plain text (one document)" "text" "$real_rules_newsclean" "$work/out.real.txt" \
        sh -c 'exec "$0" < "$1"' "$newsclean" "$work/real.txt"
    measure "newsclean --jsonl --jobs 1, no rules (JSON pass-through)" "JSONL" 0 "$work/out.real-none.jsonl" \
        "$newsclean" --jsonl "$work/real.jsonl" --jobs 1 --quiet --no-bundled
    # The library alone: cleaning_seconds leaves out compiling the bundled packs (a fixed 0.1 to 0.2 s).
    library_row "$real_rules_newsclean" cleaning_seconds real-clean --megabytes "$real_megabytes"
    if python3 -c 'import regex' 2>/dev/null; then
        head -c $((python_megabytes * 1000000)) "$work/real.jsonl" | sed '$d' > "$work/real-python.jsonl"
        bytes_override=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1])))' \
            "$work/real-python.jsonl") \
            measure "Python regex loop (first ${python_megabytes} MB of JSONL)" "JSONL" "$real_rules_regex" \
            "$work/out.real-regex.jsonl" \
            python3 "$here/compare/clean_real_python.py" "$work/real_rules_regex.py" "$work/real-python.jsonl" /dev/stdout
        grep -h "rules compiled" "$work/out.real-regex.jsonl.stderr" >&2 || true
    else
        echo "compare.sh: Python's regex module is missing (pip install regex); skipped" >&2
    fi
    echo
    echo "Real pages · $(date -u +%Y-%m-%d) · $(nproc) cores · ${cpu:-unknown CPU} · ${real_documents} documents," \
        "$(awk -v b="$real_text_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of text · best of ${runs} run(s)"
    echo
    table "$real_text_bytes"

    # The rules sed can express, newsclean and sed on the same work.
    results="$work/real-sed-results.tsv"
    : > "$results"
    measure "newsclean (the same rules as sed), plain text" "text" "$real_rules_sed" "$work/out.real-sed-newsclean.txt" \
        sh -c 'exec "$0" --no-bundled --rules "$1" < "$2"' "$newsclean" "$work/real_sed_rules.yaml" "$work/real.txt"
    measure "newsclean (the same rules as sed) --jsonl --jobs 1" "JSONL" "$real_rules_sed" \
        "$work/out.real-sed-newsclean.jsonl" \
        "$newsclean" --jsonl "$work/real.jsonl" --jobs 1 --quiet --no-bundled --rules "$work/real_sed_rules.yaml"
    measure "GNU sed -E (C.UTF-8)" "text" "$real_rules_sed" "$work/out.real-sed-utf8.txt" \
        env LC_ALL=C.UTF-8 sed -E -f "$work/real_rules.sed" "$work/real.txt"
    echo
    echo "Real pages, the ${real_rules_sed} bundled generic rules GNU sed can express (same corpus)"
    echo
    table "$real_text_bytes"

    echo
    echo "Startup: newsclean with the bundled packs on an empty input, median of 11 runs"
    for run in $(seq 1 11); do
        start=$(date +%s.%N)
        "$newsclean" < /dev/null > /dev/null
        end=$(date +%s.%N)
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
    done | sort -n | sed -n 6p | awk '{ printf "%.1f ms\n", $1 * 1000 }'
    echo
fi
[ "$only" = "real" ] && exit 0

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
library_row "$rules_newsclean" seconds clean --megabytes "$megabytes" --rules "$rules"
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

echo
echo "Generated news · $(date -u +%Y-%m-%d) · $(nproc) cores · ${cpu:-unknown CPU} · ${documents} documents," \
    "$(awk -v b="$text_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of text · best of ${runs} run(s)"
echo
table "$text_bytes"
echo
if [ "$jsonl" = 0 ]; then
    echo "newsclean has no --jsonl yet: it cleaned corpus.txt as one document (every rule's literal occurs in it, so"
    echo "the prefilter skips nothing). Peers on JSONL pay for JSON parsing too; MB/s counts article text only."
    echo "The in-process row is the library cleaning the same documents one by one: what --jsonl --jobs 1 approaches."
fi
