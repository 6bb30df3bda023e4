#!/usr/bin/env python3
"""The bundled packs as the Python a data engineer would write with the `regex` module, for compare.sh.

For each document of a JSONL file: the generic rules, then the rules of the publisher whose host is the longest
suffix of the record's URL host; for each rule, substitute over the text: a delete-line rule deletes every line its
pattern matches in (with its newline), a delete-match rule its matches, a replace rule rewrites its matches. Then
runs of blank lines collapse to one.

What it approximates: newsclean's removals on the same pages, not its exact output. It leaves out delete-block,
dedupe-adjacent and custom rules, rules with `when` conditions, and patterns the `regex` module does not compile
(counted on stderr); it applies rules one after another (newsclean: rewrites first, then every removal on the same
text), and has no over-deletion guard and no whitespace tidying beyond blank lines. The work per document is of the
same kind and at least the same amount: every rule over every document, as a loop with no prefilter does. Usage:

    clean_real_python.py RULES.py INPUT.jsonl OUTPUT.jsonl
"""
import importlib.util
import json
import sys
from urllib.parse import urlsplit

import regex


def compiled(rules, skipped):
    out = []
    for kind, pattern, flag_letters, replacement in rules:
        flags = regex.MULTILINE
        flags |= regex.IGNORECASE if "i" in flag_letters else 0
        flags |= regex.DOTALL if "s" in flag_letters else 0
        flags |= regex.VERBOSE if "x" in flag_letters else 0
        try:
            if kind == "line":
                out.append((regex.compile(r"^[^\n]*?(?:" + pattern + r")[^\n]*\n?", flags), ""))
            else:
                out.append((regex.compile(pattern, flags), replacement if kind == "replace" else ""))
        except regex.error:
            skipped.append(pattern)
    # Rewrites first, as newsclean does.
    out.sort(key=lambda rule: rule[1] == "")
    return out


def main():
    rules_path, input_path, output_path = sys.argv[1:4]
    spec = importlib.util.spec_from_file_location("rules", rules_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    skipped = []
    generic = compiled(module.GENERIC, skipped)
    publishers = {host: compiled(rules, skipped) for host, rules in module.PUBLISHERS.items()}
    hosts = sorted(publishers, key=len, reverse=True)
    total = len(module.GENERIC) + sum(len(rules) for rules in module.PUBLISHERS.values())
    print(f"clean_real_python: {total - len(skipped)} of {total} rules compiled; {len(skipped)} left out",
          file=sys.stderr)
    blank_lines = regex.compile(r"\n{3,}")

    with open(input_path, encoding="utf-8") as source, open(output_path, "w", encoding="utf-8") as sink:
        for line in source:
            document = json.loads(line)
            text = document["text"]
            host = (urlsplit(document.get("url") or "").hostname or "").rstrip(".")
            rules = generic
            for candidate in hosts:
                if host == candidate or host.endswith("." + candidate):
                    rules = generic + publishers[candidate]
                    break
            for pattern, replacement in rules:
                text = pattern.sub(replacement, text)
            document["text"] = blank_lines.sub("\n\n", text)
            sink.write(json.dumps(document, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
