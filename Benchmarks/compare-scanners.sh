#!/usr/bin/env bash
# The prefilter's scanning engine, chosen by measurement: newsclean's own scanner (LiteralScanner) against
# Hyperscan's literal matcher (compare/hyperscan_scan.c), on the same literals (those of 10, 200 and 1,000 generated
# rules) and the same 20 MB of generated documents, one document at a time, best of 5 runs.
#
#   Benchmarks/compare-scanners.sh            # needs libhyperscan-dev (or libvectorscan-dev): apt-get install -y libhyperscan-dev
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if [ ! -f /usr/include/hs/hs.h ]; then
    echo "compare-scanners.sh: Hyperscan headers not found; install them with: apt-get install -y libhyperscan-dev" >&2
    exit 1
fi
swift build -c release --product generate-workload > /dev/null
generator="$(swift build -c release --show-bin-path)/generate-workload"
work="$here/.build/compare-scanners"
mkdir -p "$work"
cc -O2 -o "$work/hyperscan_scan" compare/hyperscan_scan.c -lhs
echo "| rules | literals | newsclean LiteralScanner MB/s | Hyperscan (which literals occur) MB/s | Hyperscan (every match) MB/s |"
echo "| ---: | ---: | ---: | ---: | ---: |"
for rules in 10 200 1000; do
    literals=$("$generator" literals --out "$work/$rules" --rules "$rules" --megabytes 20 | sed -n 's/^literals=\([0-9]*\).*/\1/p')
    ours=$("$generator" scan --rules "$rules" --megabytes 20 --repeat 5 | sed -n 's/^scan_mb_per_s=\([0-9]*\).*/\1/p')
    hs=$("$work/hyperscan_scan" "$work/$rules" 5)
    single=$(echo "$hs" | sed -n 's/^hyperscan singlematch:.*scan_mb_per_s=\([0-9]*\).*/\1/p')
    every=$(echo "$hs" | sed -n 's/^hyperscan all-matches:.*scan_mb_per_s=\([0-9]*\).*/\1/p')
    echo "| $rules | $literals | $ours | $single | $every |"
done
