#!/usr/bin/env bash
# scripts/zeek-mutants/run.sh: differential runs against real Zeek on damaged copies of captures.
#
# Usage: scripts/zeek-mutants/run.sh [-s FIRST-LAST] [-o DIR] CAPTURE...
#
# For every capture and seed (default 1-10) it writes a damaged copy (mutate.py: dropped, duplicated, corrupted,
# cut or reordered packets), runs real Zeek 9.1 (../shared/tools/zeek-run -C) and Osprey (-C) on it, and then
# compares their logs (compare.py). Zeek is a reference only: nothing in the tests needs it. Captures must be
# classic little-endian pcap (editcap -F pcap converts). What it found so far is in BENCHMARKS.md / the issue notes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
zeek_run=${ZEEK_RUN:-$root/../shared/tools/zeek-run}
seeds=1-10
out=$(mktemp -d /tmp/zeek-mutants.XXXXXX)
while getopts "s:o:" opt; do
  case $opt in
    s) seeds=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-s FIRST-LAST] [-o DIR] CAPTURE..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-s FIRST-LAST] [-o DIR] CAPTURE..." >&2; exit 2; }
[ -x "$zeek_run" ] || { echo "run.sh: $zeek_run not found (set ZEEK_RUN)" >&2; exit 2; }
first=${seeds%-*}; last=${seeds#*-}
mkdir -p "$out/pcap" "$out/zeek" "$out/osprey"
for cap in "$@"; do
  base=$(basename "$cap"); base=${base%.*}
  for s in $(seq "$first" "$last"); do
    n=${base}_$s
    python3 "$root/scripts/zeek-mutants/mutate.py" "$cap" "$out/pcap/$n.pcap" "$s"
    mkdir -p "$out/zeek/$n" "$out/osprey/$n"
    (cd "$out/zeek/$n" && timeout 120 "$zeek_run" -C -r "$out/pcap/$n.pcap" >/dev/null 2>&1) || echo "zeek failed on $n" >&2
    "$root/osprey" -C -r "$out/pcap/$n.pcap" -o "$out/osprey/$n" -q </dev/null >/dev/null 2>&1 ||
      echo "osprey failed on $n (rc=$?)" >&2
  done
done
echo "runs in $out"
python3 "$root/scripts/zeek-mutants/compare.py" "$out"
