#!/usr/bin/env python3
"""Writes a synthetic news crawl as JSONL to standard output, for measuring `newsclean learn` at scale.

    Scripts/synthetic-crawl.py [--records N] [--hosts H] [--seed S] > crawl.jsonl
    Scripts/synthetic-crawl.py --records 10000000 | /usr/bin/time -v newsclean learn --rules-dir /tmp/packs

Each record is one short page ({"url": ..., "text": ...}) of a host drawn with a Zipf-like weight (a few hosts hold
most pages, most hosts hold few). A page has the host's furniture, as a real crawl does: a newsletter prompt, a
"More from" box of varying headlines up to a fixed last line, a dated footer, a copyright line and article lines.
Article lines are sentences from a fixed pool made unique to the page by a word spelt from the record number, so
they do not recur; one page in fifty repeats the article of the page before at another URL (the same host). The
headlines come from a pool of 4,096, so each recurs now and then, as in a real "More from" box. Deterministic for a
given seed (host sizes are drawn for the first 2^20 records and then repeat).
"""

import argparse
import random
import sys

WORDS = ("council budget bridge flood school valley parents baker prize harbour ferry museum station river "
         "election minister court hospital nurses farmers market storm coast league final season orchestra "
         "festival library airport railway tunnel police mayor report vote inquiry energy prices housing").split()
VERBS = "said agreed warned promised announced reported confirmed rejected approved delayed".split()


def letters(number):
    """The record number spelt in letters, so that a line's shape (digits normalised) is unique to its page."""
    out = ""
    number += 26 * 26
    while number:
        number, digit = divmod(number, 26)
        out += chr(97 + digit)
    return out.capitalize()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--hosts", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    sentences = []
    for _ in range(4096):
        words = rng.sample(WORDS, 9)
        sentences.append(f"The {words[0]} {rng.choice(VERBS)} that the {words[1]} and the {words[2]} would "
                         f"{words[3]} the {words[4]} near {{}} before the {words[5]} {words[6]} {words[7]} "
                         f"{words[8]} ended.")
    headlines = [" ".join(w.capitalize() for w in rng.sample(WORDS, 5)) for _ in range(4096)]

    hosts = []
    for index in range(args.hosts):
        name = f"news{index}.example"
        brand = letters(index)
        hosts.append({
            "name": name,
            "prompt": f"Sign up for the {brand} Daily newsletter",
            "box": f"More from {brand}",
            "box_end": f"See all {brand} stories",
            "footer": "Printed edition of {} {} 20{}",
            "copyright": f"Copyright {brand} Media Group. All rights reserved.",
        })
    weights = [1 / (rank + 1) for rank in range(args.hosts)]
    months = "January February March April May June July August September October November December".split()

    out = sys.stdout
    buffer = []
    previous = None
    host_choices = rng.choices(range(args.hosts), weights=weights, k=min(args.records, 1 << 20))
    for record in range(args.records):
        host = hosts[host_choices[record % len(host_choices)]]
        if previous is not None and record % 50 == 1:
            host, body = previous
        else:
            unique = letters(record)
            base = (record * 7919) % len(sentences)
            body = [sentences[(base + k * 131) % len(sentences)].format(unique) for k in range(4)]
        previous = (host, body)
        first = (record * 31) % len(headlines)
        lines = [body[0], host["box"], headlines[first], headlines[(first + 1) % len(headlines)],
                 headlines[(first + 2) % len(headlines)], host["box_end"], body[1], body[2], host["prompt"], body[3],
                 host["footer"].format(1 + record % 28, months[record % 12], 10 + record % 15), host["copyright"]]
        text = "\\n".join(lines) + "\\n"
        buffer.append(f'{{"url": "https://www.{host["name"]}/news/{record}", "text": "{text}"}}\n')
        if len(buffer) >= 4096:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
