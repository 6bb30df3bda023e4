#!/usr/bin/env bash
# Measures `newsclean learn` on the dev corpus, leave one page out: every page of a publisher with two or more pages
# is scored with the generic packs plus a pack learned from the publisher's other pages (`eval --learned-packs
# other-pages`: one process, --min-pages the number of pages learned from; no bundled publisher packs), labels
# corrected as in Scripts/eval.sh. Prints junk recall and content kept over those pages beside the generic packs alone
# on the same pages, and, for comparison only, packs learned from all of each publisher's pages (not held out).
# Fails when a learned pack costs content: content kept held out below 0.995 or below the generic packs' alone.
#   Scripts/learn-eval.sh [path to the newsclean binary]      default: .build/release/newsclean (built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/newsclean}"
[ -x "$bin" ] || swift build -c release --product newsclean >/dev/null
corpus=corpus/dev.jsonl
multi="$(mktemp)"
trap 'rm -f "$multi"' EXIT
python3 - "$corpus" > "$multi" <<'PY'
import collections, json, sys
counts = collections.Counter(json.loads(line)["publisher_domain"] for line in open(sys.argv[1], encoding="utf-8")
                             if line.strip())
print("\n".join(sorted(p for p, n in counts.items() if n >= 2)))
PY

common=(eval --corpus "$corpus" --no-bundled --rules Rules/generic --label-corrections corpus/label-corrections.tsv)
figures() { grep -E "^(learned packs|records|junk recall)" | sed 's/^/  /'; }
echo "publishers with two or more pages: $(wc -l < "$multi")"
echo "-- generic packs alone"
generic="$("$bin" "${common[@]}" --only-publishers-in "$multi")"
printf '%s\n' "$generic" | figures
echo "-- generic packs + a pack learned from the publisher's other pages (the page held out)"
held_out="$("$bin" "${common[@]}" --learned-packs other-pages)"
printf '%s\n' "$held_out" | figures
echo "-- not held out, for comparison: generic packs + a pack learned from all the publisher's pages"
"$bin" "${common[@]}" --learned-packs all-pages | figures

kept() { printf '%s\n' "$1" | sed -n 's/.*content kept \([0-9.]*\).*/\1/p'; }
python3 - "$(kept "$generic")" "$(kept "$held_out")" <<'PY'
import sys
generic, held_out = map(float, sys.argv[1:])
if held_out < 0.995 or held_out < generic:
    sys.exit(f"learned packs cost content: content kept {held_out} (generic packs alone {generic}, floor 0.995)")
PY
