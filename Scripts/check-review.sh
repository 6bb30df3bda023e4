#!/usr/bin/env bash
# Checks the HTML review in a real browser: writes `newsclean review corpus/dev.jsonl`, loads the index and the first
# document's page in headless Chromium (Debian's `chromium`), takes a screenshot of each, and checks the DOM the
# browser built: every document is linked from the index, and the page's struck-through spans are exactly the
# removals `newsclean explain --format json` reports for that document (rule and text, in order).
#
#   Scripts/check-review.sh NEWSCLEAN_BINARY [OUT_DIR]     (default OUT_DIR: .build/review-check)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1
out=${2:-.build/review-check}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$binary" review corpus/dev.jsonl --out "$out/review"
python3 - "$out" <<'PY'
import json, sys
record = json.loads(open("corpus/dev.jsonl", encoding="utf-8").readline())
open(sys.argv[1] + "/first.txt", "w", encoding="utf-8").write(record["text"])
open(sys.argv[1] + "/first.url", "w", encoding="utf-8").write(record["url"])
PY
"$binary" explain --format json --url "$(cat "$out/first.url")" "$out/first.txt" > "$out/first.json"

browser() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --window-size=1200,1400 "$@" \
        2> /dev/null
}
browser --dump-dom "file://$out/review/index.html" > "$out/index.dom.html"
browser --dump-dom "file://$out/review/docs/0001.html" > "$out/page.dom.html"
browser --screenshot="$out/index.png" "file://$out/review/index.html" > /dev/null
browser --screenshot="$out/page.png" "file://$out/review/docs/0001.html" > /dev/null

python3 - "$out" <<'PY'
import html.parser, json, sys
out = sys.argv[1]

class Marks(html.parser.HTMLParser):
    """The <del> marks of a page (rule and text), and the document links of an index."""
    def __init__(self):
        super().__init__()
        self.marks, self.links, self.current = [], [], None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "del":
            self.current = [attrs.get("data-rule"), attrs.get("title", ""), ""]
        if tag == "a" and attrs.get("href", "").startswith("docs/"):
            self.links.append(attrs["href"])
    def handle_endtag(self, tag):
        if tag == "del" and self.current:
            self.marks.append(tuple(self.current))
            self.current = None
    def handle_data(self, data):
        if self.current:
            self.current[2] += data

index = Marks()
index.feed(open(out + "/index.dom.html", encoding="utf-8").read())
records = sum(1 for line in open("corpus/dev.jsonl", encoding="utf-8") if line.strip())
assert len(index.links) == records, (len(index.links), records)

page = Marks()
page.feed(open(out + "/page.dom.html", encoding="utf-8").read())
removals = json.load(open(out + "/first.json", encoding="utf-8"))["removals"]
assert removals, "the first document of the corpus should have removals"
# Every removal is in some mark's title (rule, pack and span), and the marks' text is the removed text, in order.
titles = " ".join(title for _, title, _ in page.marks)
for removal in removals:
    needle = f'{removal["rule"]} · pack {removal["pack"]}'
    assert needle in titles, needle
    assert f'bytes {removal["start"]}–{removal["end"]}' in titles, removal
text = open(out + "/first.txt", encoding="utf-8").read().encode()
spans = sorted({(r["start"], r["end"]) for r in removals})
merged = []
for start, end in spans:
    if merged and start <= merged[-1][1]:
        merged[-1][1] = max(merged[-1][1], end)
    else:
        merged.append([start, end])
expected = "".join(text[s:e].decode() for s, e in merged)
assert "".join(t for _, _, t in page.marks) == expected, "struck text differs from the removals"
print(f"review in Chromium: {len(index.links)} documents linked; first page: {len(page.marks)} struck spans for "
      f"{len(removals)} removals of {len({r['rule'] for r in removals})} rules, text as removed")
PY
for image in "$out/index.png" "$out/page.png"; do
    [ -s "$image" ] || { echo "check-review.sh: no screenshot $image" >&2; exit 1; }
done
echo "screenshots: $out/index.png $out/page.png"
