#!/usr/bin/env bash
# Measures `newsclean learn` on the dev corpus, leave one page out: for every publisher with two or more pages, and
# every page of it, a pack is learned from the publisher's other pages (--min-pages: their number) and the page left
# out is scored with the generic packs plus that learned pack (no bundled publisher packs), labels corrected as in
# Scripts/eval.sh. Prints junk recall and content kept summed over the pages left out, beside the generic packs alone
# on the same pages. No floor: the figures are reported as they are.
#   Scripts/learn-eval.sh [path to the newsclean binary]      default: .build/release/newsclean (built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/newsclean}"
[ -x "$bin" ] || swift build -c release --product newsclean >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$bin" "$work" <<'PY'
import collections, json, os, subprocess, sys

binary, work = sys.argv[1], sys.argv[2]
records = [json.loads(line) for line in open("corpus/dev.jsonl", encoding="utf-8") if line.strip()]
by_publisher = collections.defaultdict(list)
for record in records:
    by_publisher[record["publisher_domain"]].append(record)
multi = {p: rs for p, rs in by_publisher.items() if len(rs) >= 2}

corrections = [line for line in open("corpus/label-corrections.tsv", encoding="utf-8")
               if line.strip() and not line.startswith("#")]

def score(corpus, extra, record_id):
    # The corrections of this page only (eval refuses corrections of records it does not have).
    page_corrections = corpus + ".corrections.tsv"
    with open(page_corrections, "w", encoding="utf-8") as f:
        f.writelines(line for line in corrections if line.split("\t", 1)[0] == record_id)
    out = subprocess.run(
        [binary, "eval", "--corpus", corpus, "--no-bundled", "--rules", "Rules/generic", *extra,
         "--label-corrections", page_corrections, "--format", "json"],
        check=True, capture_output=True, text=True).stdout
    overall = json.loads(out[out.index("{"):])["overall"]
    return overall["junk_lines"], overall["junk_removed"], overall["content_lines"], overall["content_kept_lines"]

totals = {"learned": [0, 0, 0, 0], "generic": [0, 0, 0, 0]}
hosts_with_rules = 0
rules_learned = 0
for publisher, pages in sorted(multi.items()):
    for left_out, page in enumerate(pages):
        others = [r for i, r in enumerate(pages) if i != left_out]
        case = os.path.join(work, f"{publisher}-{left_out}")
        os.makedirs(case)
        with open(os.path.join(case, "crawl.jsonl"), "w", encoding="utf-8") as f:
            for r in others:
                f.write(json.dumps({"url": r["url"], "text": r["text"]}, ensure_ascii=False) + "\n")
        with open(os.path.join(case, "page.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
        subprocess.run([binary, "learn", os.path.join(case, "crawl.jsonl"), "--rules-dir", os.path.join(case, "packs"),
                        "--min-pages", str(len(others))], check=True, capture_output=True)
        packs = os.path.join(case, "packs")
        learned = [os.path.join(packs, n) for n in os.listdir(packs) if n.endswith(".yaml")] if os.path.isdir(packs) else []
        extra = [a for path in learned for a in ("--rules", path)]
        for path in learned:
            count = open(path, encoding="utf-8").read().count("\n  - id: ")
            rules_learned += count
            hosts_with_rules += count > 0
        page_corpus = os.path.join(case, "page.jsonl")
        for name, args in (("learned", extra), ("generic", [])):
            for i, value in enumerate(score(page_corpus, args, page["id"])):
                totals[name][i] += value

# Not held out, for comparison only: each host's pack learned from all its pages, the scored page included. This is
# what recurrence across pages can find on this corpus at all; leave one out, a host with two pages learns from one
# page, on which nothing recurs.
totals["in-sample"] = [0, 0, 0, 0]
for publisher, pages in sorted(multi.items()):
    case = os.path.join(work, f"{publisher}-all")
    os.makedirs(case)
    with open(os.path.join(case, "crawl.jsonl"), "w", encoding="utf-8") as f:
        for r in pages:
            f.write(json.dumps({"url": r["url"], "text": r["text"]}, ensure_ascii=False) + "\n")
    subprocess.run([binary, "learn", os.path.join(case, "crawl.jsonl"), "--rules-dir", os.path.join(case, "packs"),
                    "--min-pages", str(len(pages))], check=True, capture_output=True)
    packs = os.path.join(case, "packs")
    extra = [a for n in sorted(os.listdir(packs)) if n.endswith(".yaml") for a in ("--rules", os.path.join(packs, n))]
    for index, page in enumerate(pages):
        page_corpus = os.path.join(case, f"page-{index}.jsonl")
        with open(page_corpus, "w", encoding="utf-8") as f:
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
        for i, value in enumerate(score(page_corpus, extra, page["id"])):
            totals["in-sample"][i] += value

pages_left_out = sum(len(rs) for rs in multi.values())
print(f"publishers with two or more pages: {len(multi)}; pages left out: {pages_left_out}; "
      f"learned packs with rules: {hosts_with_rules}; rules learned: {rules_learned}")
for name, title in (("generic", "generic packs alone"), ("learned", "generic packs + pack learned leaving the page out"),
                    ("in-sample", "not held out: generic packs + pack learned from all the host's pages")):
    junk, removed, content, kept = totals[name]
    print(f"{title}: junk recall {removed / max(junk, 1):.3f} ({removed}/{junk}), "
          f"content kept {kept / max(content, 1):.4f} ({kept}/{content})")
PY
