#!/usr/bin/env python3
"""Clean a JSON Lines news data set with newsclean on Spark.

    spark-submit [--master ...] [--files newsclean] clean_jsonl.py INPUT OUTPUT \
        [--newsclean PATH] [--rules PATH ...] [--partitions N] [--verify]

INPUT is anything sc.textFile reads: a file, a folder, a glob, plain or .gz. OUTPUT is a folder that must not exist
yet; saveAsTextFile writes one part-NNNNN file per partition into it. Every partition is piped through

    newsclean --jsonl --quiet --no-progress --jobs 1

with RDD.pipe. That is the same contract as a Hadoop Streaming mapper run as
`-mapper 'newsclean --jsonl --quiet --no-progress --jobs 1' -numReduceTasks 0`: lines in on standard input, lines out
on standard output, one process per split.

Why the output lines up with the input, line for line:

- RDD.pipe starts one newsclean process per partition, writes the partition's lines to its standard input in
  partition order (one line each, "\\n"-terminated) and turns each line newsclean writes into one output element.
- newsclean --jsonl writes exactly one line per input line, in input order, whatever --jobs is. A line it cannot clean
  (not JSON, no "text" field, "text" not a string, text that is not UTF-8 such as a lone surrogate escape, an empty
  line) is written out unchanged, with a note on standard error, and the exit status stays 0. Only --strict would
  stop at such a line, so this job does not use it.
- So a partition of N lines comes back as N lines, line i cleaned from input line i, and part-0000k holds the cleaned
  partition k. Reading the part files in name order gives the records in input order.
- --jobs 1: Spark already runs one task per executor core; more newsclean threads per task would only compete.

Where newsclean comes from (--newsclean):

- a file of that name shipped with `spark-submit --files .../newsclean`: used from the executors' SparkFiles folder;
- a path (with a "/") to a file on the driver: shipped to the executors with SparkContext.addFile;
- otherwise a name looked up on the executors' PATH (the default, `newsclean`), or a path on every node.

Rules (--rules, repeatable): a folder of rule files on the driver is packed into a .tar.gz and shipped with
SparkContext.addArchive (Spark unpacks it on every executor); a single rule file is shipped with addFile; the name
of something shipped with spark-submit --archives or --files (e.g. `--archives rules.tar.gz#rules --rules rules`) is
used from the SparkFiles folder; anything else is passed to newsclean as it is, a path on the executors. RDD.pipe starts newsclean with only the
environment this job hands it, so the job forwards the executors' PATH and NEWSCLEAN_RULES_PATH (set it with
`--conf spark.executorEnv.NEWSCLEAN_RULES_PATH=...`; relative folders are taken relative to the SparkFiles folder,
so `--archives rules.tar.gz#rules` with NEWSCLEAN_RULES_PATH=rules works; a missing folder stops the job).

Spark itself, not newsclean, changes two kinds of input lines before newsclean sees them: sc.textFile decodes
them as UTF-8, so invalid bytes become U+FFFD (newsclean would pass such a record through unchanged), and it also
ends a line at a "\\r", so a record with a raw carriage return between its JSON tokens is split in two.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tarfile
import tempfile
import time

from pyspark import SparkContext, SparkFiles

NEWSCLEAN_ARGS = ["--jsonl", "--quiet", "--no-progress", "--jobs", "1"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL input: a path, folder or glob; .gz is read as gzip")
    parser.add_argument("output", help="output folder (must not exist): part-NNNNN files, one per partition")
    parser.add_argument(
        "--newsclean",
        default="newsclean",
        help="the newsclean binary: a file on the driver (shipped), the name of a file shipped with --files, "
        "or a name on the executors' PATH (default: newsclean)",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="extra rule packs: a folder or rule file on the driver (shipped), or a path on the executors "
        "(repeatable)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=0,
        metavar="N",
        help="read at least N partitions; unsplittable inputs (.gz) with fewer are spread over N in input order",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="also count the lines of every partition before and after newsclean and fail on a difference",
    )
    args = parser.parse_args(argv)
    if args.partitions < 0:
        parser.error("--partitions must be 0 or more")
    return args


def shipped_names(sc: SparkContext, key: str) -> set[str]:
    """Names under which files from spark-submit --files / --archives appear in the SparkFiles folder."""
    names = set()
    for uri in filter(None, sc.getConf().get(key, "").split(",")):
        path, _, fragment = uri.partition("#")
        names.add(fragment or os.path.basename(path.rstrip("/")))
    return names


def ship_binary(sc: SparkContext, wanted: str) -> tuple[str, bool]:
    """Returns (name, shipped): a name in the SparkFiles folder when shipped, else the command as given."""
    name = os.path.basename(wanted)
    if name in shipped_names(sc, "spark.files"):
        return name, True
    if os.sep in wanted and os.path.isfile(wanted):
        sc.addFile(os.path.abspath(wanted))
        return name, True
    return wanted, False


def ship_rules(sc: SparkContext, paths: list[str], scratch: str) -> list[tuple[str, bool]]:
    """Ships local rule folders (as archives) and rule files; returns (name or path, shipped) for each."""
    archives = shipped_names(sc, "spark.archives") | shipped_names(sc, "spark.files")
    result = []
    for index, path in enumerate(paths):
        if os.path.isdir(path):
            # addFile(dir, recursive=True) only works in local mode; an archive works on every cluster manager.
            name = f"newsclean-rules-{index}-{os.path.basename(os.path.abspath(path))}"
            archive = os.path.join(scratch, name + ".tar.gz")
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(path, arcname=".")
            sc.addArchive(f"{archive}#{name}")  # unpacked into the folder `name` in the SparkFiles folder
            result.append((name, True))
        elif os.path.isfile(path):
            sc.addFile(os.path.abspath(path))
            result.append((os.path.basename(path), True))
        else:
            result.append((path, path in archives))
    return result


def probe_executors(sc: SparkContext, binary: str, binary_shipped: bool) -> dict:
    """Asks an executor where SparkFiles lands and what its environment is.

    On the driver in local mode the SparkFiles folder is an absolute temporary folder; on a cluster executor it is
    "." (the executor's working folder, where the Python worker and so newsclean also run). The command passed to
    RDD.pipe is fixed when the job is defined, so it is built from what an executor reports here.
    """

    def probe(_):
        root = SparkFiles.getRootDirectory()
        path = os.environ.get("PATH", os.defpath)
        exe = os.path.join(root, binary) if binary_shipped else shutil.which(binary, path=path)
        ok = bool(exe) and os.path.isfile(exe) and os.access(exe, os.X_OK)
        # newsclean skips a NEWSCLEAN_RULES_PATH folder that does not exist, so check them here. Relative entries
        # are taken relative to the SparkFiles folder (where --archives land), in local mode too.
        folders = [e if os.path.isabs(e) else os.path.join(root, e)
                   for e in os.environ.get("NEWSCLEAN_RULES_PATH", "").split(":") if e]
        yield {
            "root": root,
            "PATH": path,
            "NEWSCLEAN_RULES_PATH": ":".join(folders),
            "missing_rules": [e for e in folders if not os.path.isdir(e)],
            "exe": exe,
            "ok": ok,
        }

    return sc.parallelize([0], 1).mapPartitions(probe).collect()[0]


def spread_in_order(lines, n: int):
    """Spreads an RDD over n partitions by line number, keeping the global order (repartition() would not)."""
    counts = lines.mapPartitions(lambda it: [sum(1 for _ in it)]).collect()
    starts = [0]
    for count in counts[:-1]:
        starts.append(starts[-1] + count)
    chunk = max(1, -(-sum(counts) // n))  # ceil

    def number(split, it):
        return enumerate(it, starts[split])

    numbered = lines.mapPartitionsWithIndex(number)
    # Partition by line-number range, then sort by line number inside each partition.
    spread = numbered.repartitionAndSortWithinPartitions(n, partitionFunc=lambda i: i // chunk)
    return spread.values()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sc = SparkContext(appName="newsclean-jsonl")
    sc.setLogLevel("WARN")
    scratch = tempfile.mkdtemp(prefix="newsclean-spark-")
    try:
        binary, binary_shipped = ship_binary(sc, args.newsclean)
        rules = ship_rules(sc, args.rules, scratch)
        seen = probe_executors(sc, binary, binary_shipped)
        if not seen["ok"]:
            where = "shipped to the executors" if binary_shipped else f"on the executors' PATH ({seen['PATH']})"
            print(f"clean_jsonl: no executable newsclean {where}: {seen['exe'] or binary}", file=sys.stderr)
            return 2
        if seen["missing_rules"]:
            print(f"clean_jsonl: NEWSCLEAN_RULES_PATH folders missing on the executors: {seen['missing_rules']}",
                  file=sys.stderr)
            return 2

        root = seen["root"]
        command = [os.path.join(root, binary) if binary_shipped else binary, *NEWSCLEAN_ARGS]
        for path, shipped in rules:
            command += ["--rules", os.path.join(root, path) if shipped else path]
        env = {"PATH": seen["PATH"]}
        if seen["NEWSCLEAN_RULES_PATH"]:
            env["NEWSCLEAN_RULES_PATH"] = seen["NEWSCLEAN_RULES_PATH"]
        command_line = shlex.join(command)
        shown = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k != "PATH")
        print(f"clean_jsonl: each partition is piped through: {shown + ' ' if shown else ''}{command_line}",
              file=sys.stderr)

        lines = sc.textFile(args.input, minPartitions=args.partitions or None)
        if args.partitions and lines.getNumPartitions() < args.partitions:
            lines = spread_in_order(lines, args.partitions)

        # checkCode=True: a newsclean that fails (bad rule file, crash) fails the task instead of losing lines.
        cleaned = lines.pipe(command_line, env=env, checkCode=True)
        if args.verify:
            cleaned.cache()

        started = time.monotonic()
        cleaned.saveAsTextFile(args.output)
        seconds = time.monotonic() - started
        print(
            f"clean_jsonl: wrote {args.output} ({cleaned.getNumPartitions()} partitions) in {seconds:.1f} s",
            file=sys.stderr,
        )

        if args.verify:
            count = lambda it: [sum(1 for _ in it)]  # noqa: E731
            before = lines.mapPartitions(count).collect()
            after = cleaned.mapPartitions(count).collect()
            for k, (a, b) in enumerate(zip(before, after)):
                print(f"clean_jsonl: partition {k}: {a} lines in, {b} lines out", file=sys.stderr)
            if before != after:
                print("clean_jsonl: line counts differ between input and output partitions", file=sys.stderr)
                return 1
            print(f"clean_jsonl: {sum(before)} lines in, {sum(after)} lines out", file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        sc.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
