#!/usr/bin/env python3
"""The Python a data engineer would write to clean news text with a list of regexes.

For each document of a JSONL file, for each rule, substitute: a line rule's pattern (one anchored line regex) is
deleted with its newline, a match rule's matches are deleted, a replace rule's matches are rewritten. Then blank-line
runs left behind collapse to one. Usage:

    clean_python.py regex|re RULES.py INPUT.jsonl OUTPUT.jsonl
"""
import importlib.util
import json
import re
import sys


def main():
    engine_name, rules_path, input_path, output_path = sys.argv[1:5]
    if engine_name == "regex":
        import regex as engine
    elif engine_name == "re":
        engine = re
    else:
        sys.exit(f"unknown engine {engine_name!r}: use regex or re")

    spec = importlib.util.spec_from_file_location("rules", rules_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    rules = []
    for kind, pattern, caseless, replacement in module.RULES:
        flags = engine.MULTILINE | (engine.IGNORECASE if caseless else 0)
        if kind == "line":
            rules.append((engine.compile("(?:" + pattern + ")\n?", flags), ""))
        elif kind == "match":
            rules.append((engine.compile(pattern, flags), ""))
        else:
            rules.append((engine.compile(pattern, flags), replacement))
    # Rewrites first, as newsclean does.
    rules.sort(key=lambda rule: rule[1] == "")
    blank_lines = re.compile(r"\n{3,}")

    with open(input_path, encoding="utf-8") as source, open(output_path, "w", encoding="utf-8") as sink:
        for line in source:
            document = json.loads(line)
            text = document["text"]
            for pattern, replacement in rules:
                text = pattern.sub(replacement, text)
            document["text"] = blank_lines.sub("\n\n", text)
            sink.write(json.dumps(document, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
