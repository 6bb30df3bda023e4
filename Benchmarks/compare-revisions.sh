#!/usr/bin/env bash
# Two revisions of newsclean on the real workload, measured in turn in one run: what a change did to the hot path.
# Prints a Markdown table: for each workload, the median CPU seconds (user + system) of each revision over --runs
# alternating runs, and the ratio new/old of the medians (below 1: the new revision is faster).
#
#   Benchmarks/compare-revisions.sh OLD NEW [--runs 7] [--copies 20] [--work DIR] [--instructions]
#
# --instructions also counts the instructions each revision executes (valgrind's callgrind, on stripped copies of
# the binaries, since valgrind cannot read Swift's debug information): exact and independent of the machine's load,
# where CPU seconds on a shared machine move by 10-30%. The counts include JIT-compiled code. Start-up is counted on
# an empty input, and the cleaning cost as the difference between five copies and one copy of the corpus, over four
# (a pattern is JIT-compiled at its first match, which the one-copy run pays too). Takes a few minutes.
#
# OLD and NEW are git revisions (a commit, a tag, HEAD~3, or WORKTREE for the files as they are now). Each is built
# in release mode in its own git worktree under --work (default Benchmarks/.build/revisions); the bundled packs are
# those of each revision. Workloads, all from the copied dev corpus (corpus/dev.jsonl):
#   jsonl-jobs-1   newsclean --jsonl --jobs 1 over the 116 pages repeated --copies times
#   jsonl-jobs-N   the same on every core
#   plain-one-text newsclean < FILE, the same pages' texts as one document (blank lines between)
#   start-up       newsclean on an empty input (parse the bundled packs, build the cleaner), 20 runs per sample
# Both revisions clean the same bytes; their outputs are compared, and a difference is reported (not an error: a
# change may remove more or less on purpose). CPU time, not wall time: the machines this runs on are shared.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs=7
copies=20
work="$here/.build/revisions"
instructions=false
positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --copies) copies="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --instructions) instructions=true; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        -*) echo "compare-revisions.sh: unknown option $1" >&2; exit 64 ;;
        *) positional+=("$1"); shift ;;
    esac
done
if [ ${#positional[@]} -ne 2 ]; then
    echo "usage: Benchmarks/compare-revisions.sh OLD NEW [--runs 7] [--copies 20] [--work DIR] [--instructions]" >&2
    exit 64
fi
mkdir -p "$work"

# build REVISION: prints the path of that revision's release binary.
build() {
    local revision="$1" tree
    if [ "$revision" = WORKTREE ]; then
        tree="$root"
    else
        local commit
        commit="$(git -C "$root" rev-parse --verify "$revision^{commit}")"
        tree="$work/tree-$commit"
        [ -d "$tree" ] || git -C "$root" worktree add --detach "$tree" "$commit" >/dev/null 2>&1
    fi
    (cd "$tree" && swift build -c release --product newsclean >/dev/null 2>&1) || {
        echo "compare-revisions.sh: the release build of $revision failed (cd $tree && swift build -c release)" >&2
        exit 1
    }
    echo "$tree/.build/release/newsclean"
}
old="$(build "${positional[0]}")"
new="$(build "${positional[1]}")"

# The inputs: the dev corpus repeated, as JSONL and as one plain text.
jsonl="$work/real-x$copies.jsonl"
plain="$work/real-x$copies.txt"
python3 - "$root/corpus/dev.jsonl" "$copies" "$jsonl" "$plain" "$work" <<'PY'
import json, sys
source, copies, jsonl, plain, work = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
lines = [line for line in open(source, encoding="utf-8") if line.strip()]
for count, jsonl_path, plain_path in ((copies, jsonl, plain), (1, f"{work}/real-x1.jsonl", f"{work}/real-x1.txt"),
                                      (5, f"{work}/real-x5.jsonl", f"{work}/real-x5.txt")):
    with open(jsonl_path, "w", encoding="utf-8") as out:
        for _ in range(count):
            out.writelines(lines)
    with open(plain_path, "w", encoding="utf-8") as out:
        out.write("\n\n".join(json.loads(line)["text"] for line in lines * count))
PY
text_mb="$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$plain")"

# cpu COMMAND...: CPU seconds (user + system) of one run, output to $out.
cpu() {
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" >"$out" 2>/dev/null
    awk '{ printf "%.4f\n", $1 + $2 }' "$work/time"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "| workload | ${positional[0]} (s CPU) | ${positional[1]} (s CPU) | new/old |"
echo "| --- | ---: | ---: | ---: |"
for workload in jsonl-jobs-1 jsonl-jobs-N plain-one-text start-up; do
    : >"$work/old.times"
    : >"$work/new.times"
    for run in $(seq 1 "$runs"); do
        for side in old new; do
            binary="${!side}"
            out="$work/$side.out"
            case "$workload" in
                jsonl-jobs-1) cpu "$binary" --jsonl --jobs 1 --quiet "$jsonl" ;;
                jsonl-jobs-N) cpu "$binary" --jsonl --quiet "$jsonl" ;;
                plain-one-text) cpu "$binary" --quiet "$plain" ;;
                start-up)
                    total=0
                    for _ in $(seq 1 20); do
                        total="$(awk -v a="$total" -v b="$(cpu "$binary" --quiet /dev/null)" 'BEGIN { print a + b }')"
                    done
                    awk -v t="$total" 'BEGIN { printf "%.4f\n", t / 20 }' ;;
            esac >>"$work/$side.times"
        done
    done
    if ! cmp -s "$work/old.out" "$work/new.out"; then
        echo "compare-revisions.sh: $workload: the two revisions' outputs differ" >&2
    fi
    old_median="$(median <"$work/old.times")"
    new_median="$(median <"$work/new.times")"
    ratio="$(awk -v a="$new_median" -v b="$old_median" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    echo "| $workload | $old_median | $new_median | $ratio |"
done
echo
echo "$runs alternating runs per workload; $text_mb MB of article text (the dev corpus x $copies); $(nproc) cores;" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."

if [ "$instructions" = true ]; then
    command -v valgrind >/dev/null || { echo "compare-revisions.sh: --instructions needs valgrind" >&2; exit 1; }
    strip -o "$work/old.stripped" "$old"
    strip -o "$work/new.stripped" "$new"
    # count BINARY ARGS...: instructions executed (millions).
    count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            awk '/Collected/ { printf "%.0f\n", $4 / 1e6 }'
    }
    echo
    echo "| instructions (millions) | ${positional[0]} | ${positional[1]} | new/old |"
    echo "| --- | ---: | ---: | ---: |"
    for side in old new; do
        binary="$work/$side.stripped"
        eval "${side}_start=\$(count \"$binary\" --quiet /dev/null)"
        eval "${side}_jsonl1=\$(count \"$binary\" --jsonl --jobs 1 --quiet \"$work/real-x1.jsonl\")"
        eval "${side}_jsonlN=\$(count \"$binary\" --jsonl --jobs 1 --quiet \"$work/real-x5.jsonl\")"
        eval "${side}_plain1=\$(count \"$binary\" --quiet \"$work/real-x1.txt\")"
        eval "${side}_plainN=\$(count \"$binary\" --quiet \"$work/real-x5.txt\")"
    done
    row() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "| %s | %.0f | %.0f | %.2f |\n", n, a, b, b / a }'; }
    row "start-up (empty input)" "$old_start" "$new_start"
    row "JSONL, one core: cleaning one copy of the corpus" \
        "$(( (old_jsonlN - old_jsonl1) / 4 ))" "$(( (new_jsonlN - new_jsonl1) / 4 ))"
    row "JSONL, one core: the whole run, 5 copies" "$old_jsonlN" "$new_jsonlN"
    row "plain text: cleaning one copy of the corpus" \
        "$(( (old_plainN - old_plain1) / 4 ))" "$(( (new_plainN - new_plain1) / 4 ))"
    row "plain text: the whole run, 5 copies as one text" "$old_plainN" "$new_plainN"
fi
