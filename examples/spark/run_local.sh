#!/usr/bin/env bash
# Runs clean_jsonl.py in Spark local mode and checks its output against a single-process newsclean run.
#
#   examples/spark/run_local.sh
#
# 1. Java 17 or later must be installed (pyspark 4 needs it); pyspark is installed from PyPI into
#    examples/spark/.venv when that is missing.
# 2. The newsclean binary: $NEWSCLEAN_BIN, else .build/release/newsclean in the repository, else it is built with
#    `swift build -c release --product newsclean`.
# 3. The input is corpus/dev.jsonl with bad lines mixed in (invalid JSON, no text, a text that is not a string, an
#    empty line, a lone surrogate escape). Two checks run on it, each a spark-submit in local mode ($SPARK_MASTER,
#    default local[2]):
#      plain: the .jsonl file read as 4 splits, the binary passed as --newsclean PATH (shipped with addFile);
#      gzip:  the same file gzip-compressed (one split), spread over 3 partitions in input order, the binary shipped
#             with spark-submit --files, plus a rule folder shipped with --rules.
#    Each check passes when the part files, concatenated in name order, equal byte for byte what one
#    `newsclean --jsonl` process writes for the same input, and the line counts of input, reference and Spark
#    output (and of every partition, clean_jsonl.py --verify) are equal.
#
# Hadoop Streaming runs the same mapper command line (not run here: no Hadoop on this machine):
#   hadoop jar hadoop-streaming.jar -files newsclean -input in/ -output out/ \
#     -mapper './newsclean --jsonl --quiet --no-progress --jobs 1' -numReduceTasks 0
#
# Everything it writes goes to examples/spark/out/ (ignored by git). Exit status 0 when every check passes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=$here/.venv
out=$here/out
master=${SPARK_MASTER:-local[2]}

say() { printf '%s\n' "$*"; }
elapsed() { python3 -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.1f}")' "$1"; }
now() { python3 -c 'import time; print(time.time())'; }

# --- Java -----------------------------------------------------------------------------------------------------------
if ! command -v java >/dev/null; then
    say "FAIL: java not found; pyspark needs Java 17 or later (Debian: apt-get install openjdk-17-jre-headless)"
    exit 2
fi
java_version=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ -z "$java_version" ] || [ "$java_version" -lt 17 ]; then
    say "FAIL: Java ${java_version:-?} found; pyspark 4 needs Java 17 or later"
    exit 2
fi

# --- pyspark in a virtualenv ----------------------------------------------------------------------------------------
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    say "installing pyspark into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyspark
fi
export PATH="$venv/bin:$PATH"        # spark-submit finds SPARK_HOME (the pyspark package) through this python
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
pyspark_version=$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')

# --- newsclean ------------------------------------------------------------------------------------------------------
if [ -n "${NEWSCLEAN_BIN:-}" ]; then
    bin=$NEWSCLEAN_BIN
elif [ -x "$repo/.build/release/newsclean" ]; then
    bin=$repo/.build/release/newsclean
else
    say "building newsclean (swift build -c release --product newsclean)"
    (cd "$repo" && swift build -c release --product newsclean)
    bin=$repo/.build/release/newsclean
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if [ ! -x "$bin" ]; then
    say "FAIL: newsclean binary not executable: $bin"
    exit 2
fi

# --- inputs ---------------------------------------------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out/input/gz" "$out/rules"
records=$out/input/records.jsonl
python3 - "$repo/corpus/dev.jsonl" "$records" <<'EOF'
import sys
source, target = sys.argv[1], sys.argv[2]
bad = {
    0: '{"id": "bad-invalid-json", "text": "unterminated',                        # not JSON
    30: '{"id": "bad-no-text", "url": "https://www.bbc.com/news/x"}',              # no "text" field
    60: '{"id": "bad-text-not-string", "text": 42}',                               # "text" is not a string
    90: '',                                                                          # an empty line
    116: '{"id": "bad-lone-surrogate", "text": "lone \\ud83d surrogate\\nAdvertisement\\n"}',  # not UTF-8 text
}
with open(source, "rb") as f:
    lines = f.read().decode("utf-8").splitlines()
with open(target, "w", encoding="utf-8", newline="\n") as f:
    for index in range(len(lines) + 1):
        if index in bad:
            f.write(bad[index] + "\n")
        if index < len(lines):
            f.write(lines[index] + "\n")
EOF
gzip -c "$records" > "$out/input/gz/records.jsonl.gz"

# A rule pack that is not bundled: it removes lines that only say "Advertisement" (23 of them in the input).
cat > "$out/rules/example.ads.yaml" <<'EOF'
schema: 1
id: example.ads
name: Advertisement markers (Spark example)
version: 1.0.0
description: A line that only says "Advertisement".
generic: true
rules:
  - id: advertisement-line
    description: A line that only says "Advertisement", in any case.
    action: delete-line
    flags: [ignore-case]
    pattern: '^[ \t]*advertisement[ \t]*$'
    examples:
      - input: "The talks resume.\nADVERTISEMENT\nThey end on Monday.\n"
        output: "The talks resume.\nThey end on Monday.\n"
    keep:
      - Advertisement revenue fell by a third.
EOF

say "newsclean: $bin"
say "pyspark $pyspark_version, Java $java_version, master $master"
say "input: $records ($(wc -l < "$records") lines: corpus/dev.jsonl $(wc -l < "$repo/corpus/dev.jsonl") records + 5 bad lines)"

# --- checks ---------------------------------------------------------------------------------------------------------
failed=0

# check NAME INPUT RULES_ARG PARTITIONS [spark-submit options...] -- [clean_jsonl.py options...]
check() {
    local name=$1 input=$2 rules=$3 partitions=$4
    shift 4
    local submit=() job=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do submit+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    job=("$@")
    local dir=$out/$name
    local reference=$dir.reference.jsonl spark_out=$dir.spark

    local rules_opt=()
    [ -n "$rules" ] && rules_opt=(--rules "$rules")

    local start
    start=$(now)
    "$bin" --jsonl "${rules_opt[@]}" "$input" > "$reference" 2> "$dir.reference.log"
    local reference_seconds
    reference_seconds=$(elapsed "$start")

    start=$(now)
    local status=0
    spark-submit --master "$master" --conf spark.log.level=WARN "${submit[@]}" \
        "$here/clean_jsonl.py" "$input" "$spark_out" --partitions "$partitions" --verify \
        "${rules_opt[@]}" "${job[@]}" > "$dir.spark.log" 2>&1 || status=$?
    local spark_seconds
    spark_seconds=$(elapsed "$start")

    grep '^clean_jsonl:' "$dir.spark.log" | sed 's/^/  /' || true
    if [ "$status" -ne 0 ]; then
        say "FAIL $name: spark-submit exited $status; the last lines of $dir.spark.log:"
        tail -n 30 "$dir.spark.log" | sed 's/^/  /'
        failed=1
        return
    fi

    local parts=("$spark_out"/part-*)
    local in_lines ref_lines spark_lines
    in_lines=$(if [[ $input == *.gz ]]; then gzip -dc "$input"; else cat "$input"; fi | wc -l)
    ref_lines=$(wc -l < "$reference")
    spark_lines=$(cat "${parts[@]}" | wc -l)
    say "  $name: ${#parts[@]} part files; lines: input $in_lines, single process $ref_lines, Spark $spark_lines"
    say "  $name: single process ${reference_seconds} s; spark-submit ${spark_seconds} s (JVM start included)"
    say "  $name: single process summary: $(grep -m 1 -E '^newsclean: [0-9]+ records' "$dir.reference.log" || true)"

    if ! cat "${parts[@]}" | cmp -s - "$reference"; then
        say "FAIL $name: Spark output differs from the single-process output:"
        cat "${parts[@]}" | cmp - "$reference" | sed 's/^/  /' || true
        failed=1
    elif [ "$in_lines" -ne "$ref_lines" ] || [ "$ref_lines" -ne "$spark_lines" ]; then
        say "FAIL $name: line counts differ"
        failed=1
    else
        say "PASS $name: Spark output = single-process output, byte for byte ($(wc -c < "$reference") bytes, $spark_lines lines)"
    fi
}

check plain "$records" "" 4 -- --newsclean "$bin"
check gzip "$out/input/gz/records.jsonl.gz" "$out/rules" 3 --files "$bin" -- --newsclean "$(basename "$bin")"

if [ "$failed" -ne 0 ]; then
    say "FAIL"
    exit 1
fi
say "PASS: every check"
