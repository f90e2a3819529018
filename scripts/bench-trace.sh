#!/usr/bin/env bash
# bench-trace.sh — `osprey trace` beside the tools analysts use for the same job, on one capture, in the same run.
#
# Usage:  scripts/bench-trace.sh [--runs N] [--cpus LIST|all] [--out DIR] [--only OPS] [CAPTURE]
#   CAPTURE      a classic pcap. Default /tmp/bench/mixed.pcap, generated first with
#                /work/shared/tools/make-bench-pcap.sh (1 GiB, ~2 minutes) if missing. Never committed.
#   --runs N     rounds (default 3); each round runs every pair once, interleaved; medians are reported.
#   --cpus LIST  taskset CPU list for every timed command (default: the last CPU); `all` = no pinning.
#   --out DIR    where outputs are written (default: a fresh directory under /tmp, the capture's file system;
#                /dev/shm takes the disk out of the figures).
#   --only OPS   comma-separated subset of: filter,expr,slice,split,merge,stats (default: all that can run).
#
# Pairs (osprey command | peer command), each writing into its own empty directory:
#   filter  osprey trace filter -r F -w OUT            | tcpdump -r F -w OUT              (outputs compared: cmp)
#   expr    osprey trace filter -r F -w OUT EXPR       | tcpdump -r F -w OUT EXPR         (only once the filter
#           compiler is in: probed on the sample capture; EXPR = 'host H and tcp port 80', H the first address
#           seen on TCP port 80 in F, or FILTER_EXPR from the environment)
#   slice   osprey trace slice -w OUT +30 +20 F        | tcpslice -w OUT +30 +20 F        (SLICE_RANGE to change)
#   split   osprey trace split -n 8 -w OUT/p-%d.pcap F | scripts/tcpsplit-like.py F OUT/p-%d.pcap 8
#   merge   osprey trace merge -w OUT P0..P3           | mergecap -F pcap -w OUT P0..P3   (P = F split in 4 by
#           flow, made once, untimed: four time-interleaved inputs)
#   stats   osprey trace stats F                       | capinfos with every figure but the hashes
# Before every timed command the previous outputs are deleted and `sync` flushes dirty pages (untimed), so that
# one tool's 1 GB of writes is not flushed during the next tool's run. Wall time: bash $EPOCHREALTIME around the
# command. Ratio = peer median / osprey median (> 1: osprey is faster). Output: a Markdown table for BENCHMARKS.md,
# then how the outputs compare.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OSPREY=${OSPREY:-"$ROOT/osprey"}
MAKE_BENCH=/work/shared/tools/make-bench-pcap.sh
SLICE_RANGE=${SLICE_RANGE:-"+30 +20"}

runs=3; cpus=""; out=""; only="filter,expr,slice,split,merge,stats"; cap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?}; shift 2 ;;
    --cpus) cpus=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --only) only=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "bench-trace.sh: unknown option $1" >&2; exit 2 ;;
    *) cap=$1; shift ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench-trace.sh: --runs must be a positive integer" >&2; exit 2;; esac
log() { printf '[bench-trace %s] %s\n' "$(date +%T)" "$*" >&2; }
has() { command -v "$1" >/dev/null 2>&1; }
want() { case ",$only," in *",$1,"*) return 0;; *) return 1;; esac; }

if [ "$(id -u)" = 0 ] && [ -x "$ROOT/scripts/install-test-deps.sh" ]; then "$ROOT/scripts/install-test-deps.sh" --bench || true; fi

if [ -z "$cap" ]; then
  cap=/tmp/bench/mixed.pcap
  if [ ! -s "$cap" ]; then
    [ -x "$MAKE_BENCH" ] || { echo "bench-trace.sh: no capture given and $MAKE_BENCH is missing" >&2; exit 1; }
    log "generating $cap (about 2 minutes)"; "$MAKE_BENCH" 1024 "$cap" >&2
  fi
fi
cap=$(cd "$(dirname "$cap")" && pwd)/$(basename "$cap")
bytes=$(stat -c %s "$cap")
WORK=${out:-$(mktemp -d /tmp/osprey-bench-trace.XXXXXX)}
mkdir -p "$WORK"
[ -n "$out" ] || trap 'rm -rf "$WORK"' EXIT
[ -z "$cpus" ] && cpus=$(( $(nproc) - 1 ))
PIN=(); if [ "$cpus" != all ] && has taskset; then PIN=(taskset -c "$cpus"); fi
# As root, every timed command (each tool alike) runs at nice -20: other jobs on a shared machine then take little
# of the pinned CPU (measured: with a load average of 6-9 from builds on both CPUs, runs of one command still varied
# 2x without it). OSPREY_BENCH_NICE=0 turns it off.
if [ "$(id -u)" = 0 ] && [ "${OSPREY_BENCH_NICE:-1}" != 0 ]; then PIN=(nice -n -20 "${PIN[@]}"); fi

log "building osprey and warming the page cache"
"$OSPREY" trace stats "$ROOT/samples/sample.pcap" >/dev/null
cat "$cap" > /dev/null

# ---- the pairs
declare -A OCMD PCMD PEER
ops=()
add() { ops+=("$1"); OCMD[$1]=$2; PEER[$1]=$3; PCMD[$1]=$4; }
want filter && add filter "$OSPREY trace filter -r {pcap} -w {out}/o.pcap" "tcpdump $(tcpdump --version 2>&1 | head -1 | awk '{print $3}')" \
  "tcpdump -r {pcap} -w {out}/o.pcap"
if want expr; then
  if "$OSPREY" trace filter -r "$ROOT/samples/sample.pcap" -w "$WORK/probe.pcap" tcp 2>/dev/null; then
    if [ -z "${FILTER_EXPR:-}" ]; then
      host=$(tcpdump -nn -r "$cap" -c 50 'tcp port 80' 2>/dev/null | awk '$2 ~ /^IP/ {print $3; exit}' | sed 's/\.[0-9]*$//')
      FILTER_EXPR="host ${host:-10.0.0.1} and tcp port 80"
    fi
    # The commands run through bash -c: the expression is passed quoted (byte expressions hold & | ( ) [ ]).
    q=$(printf '%q' "$FILTER_EXPR")
    add expr "$OSPREY trace filter -r {pcap} -w {out}/o.pcap $q" "tcpdump" "tcpdump -r {pcap} -w {out}/o.pcap $q"
  else
    log "expr: skipped (this build's trace filter takes no expressions yet)"
  fi
  rm -f "$WORK/probe.pcap"
fi
if want slice; then
  if has tcpslice; then
    add slice "$OSPREY trace slice -w {out}/o.pcap $SLICE_RANGE {pcap}" "tcpslice $(dpkg-query -W -f='${Version}' tcpslice 2>/dev/null || true)" \
      "tcpslice -w {out}/o.pcap $SLICE_RANGE {pcap}"
  else log "slice: skipped (tcpslice not installed: apt-get install tcpslice, or scripts/install-test-deps.sh --bench)"; fi
fi
want split && add split "$OSPREY trace split -n 8 -w {out}/p-%d.pcap {pcap}" "tcpsplit-like.py (python3)" \
  "python3 $ROOT/scripts/tcpsplit-like.py {pcap} {out}/p-%d.pcap 8"
if want merge; then
  if has mergecap; then
    log "merge: preparing 4 flow-split inputs (untimed)"
    mkdir -p "$WORK/in"; "$OSPREY" trace split -n 4 -w "$WORK/in/m-%d.pcap" "$cap"
    M="$WORK/in/m-0.pcap $WORK/in/m-1.pcap $WORK/in/m-2.pcap $WORK/in/m-3.pcap"
    add merge "$OSPREY trace merge -w {out}/o.pcap $M" "mergecap $(mergecap -v 2>&1 | head -1 | awk '{print $3}')" \
      "mergecap -F pcap -w {out}/o.pcap $M"
  else log "merge: skipped (mergecap not installed: wireshark-common)"; fi
fi
if want stats; then
  if has capinfos; then
    add stats "$OSPREY trace stats {pcap}" "capinfos $(capinfos -v 2>&1 | head -1 | awk '{print $3}')" "capinfos -t -E -c -s -d -l -u -a -e -o -y -i -z -x {pcap}"
  else log "stats: skipped (capinfos not installed: wireshark-common)"; fi
fi

declare -A WALLS FAIL
# run_one OP SIDE(o|p) ROUND
run_one() {
  local op=$1 side=$2 r=$3 cmd dir="$WORK/out-$1-$2"
  rm -rf "$dir"; mkdir -p "$dir"; sync
  if [ "$side" = o ]; then cmd=${OCMD[$op]}; else cmd=${PCMD[$op]}; fi
  cmd=${cmd//\{pcap\}/$cap}; cmd=${cmd//\{out\}/$dir}
  local rc=0 t0 t1
  t0=$EPOCHREALTIME
  "${PIN[@]}" bash -c "$cmd" > "$dir.stdout" 2> "$dir.stderr" || rc=$?
  t1=$EPOCHREALTIME
  if [ $rc != 0 ]; then
    FAIL[$op$side]="rc=$rc: $(tail -n 2 "$dir.stderr" | tr '\n' ' ' | cut -c1-200)"; log "$op/$side round $r FAILED ${FAIL[$op$side]}"; return
  fi
  local w; w=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}')
  WALLS[$op$side]+="$w "
  log "$op $( [ "$side" = o ] && echo osprey || echo "${PEER[$op]}" ) round $r: ${w}s"
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

for r in $(seq 1 "$runs"); do
  for op in "${ops[@]}"; do run_one "$op" o "$r"; run_one "$op" p "$r"; done
done

# ---- outputs compared (from the last round)
cmp_note() {
  local op=$1 a="$WORK/out-$1-o" b="$WORK/out-$1-p"
  case $op in
    filter|expr|slice|merge)
      if cmp -s "$a/o.pcap" "$b/o.pcap"; then echo "byte-identical"
      else
        local na nb; na=$(capinfos -M -c "$a/o.pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
        nb=$(capinfos -M -c "$b/o.pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}')
        echo "differ: osprey $na packets, $(stat -c %s "$a/o.pcap") bytes; peer $nb packets, $(stat -c %s "$b/o.pcap") bytes"
      fi ;;
    split)
      local na=0 nb=0 f
      for f in "$a"/p-*.pcap; do na=$((na + $(capinfos -M -c "$f" | awk -F': *' '/Number of packets/ {print $2}'))); done
      for f in "$b"/p-*.pcap; do nb=$((nb + $(capinfos -M -c "$f" | awk -F': *' '/Number of packets/ {print $2}'))); done
      echo "8 files each; packets in all files: osprey $na, peer $nb (different hash functions, so different files)" ;;
    stats)
      echo "osprey: $(grep -E '^Packets:' "$a.stdout" | tr -s ' '); capinfos: $(grep -E 'Number of packets' "$b.stdout" | tr -s ' ')" ;;
  esac
}

pkts=$(capinfos -M -c "$cap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}' || true)
echo
echo "Capture: $cap, $bytes bytes${pkts:+, $pkts packets}; $runs interleaved rounds; pinned to CPU(s) $cpus; outputs in $WORK; $(date -u +%F)"
echo
echo "| job | osprey median s | peer | peer median s | ratio (osprey speed / peer speed) | osprey runs (s) | peer runs (s) |"
echo "|---|---:|---|---:|---:|---|---|"
for op in "${ops[@]}"; do
  mo=$(median "${WALLS[${op}o]:-}"); mp=$(median "${WALLS[${op}p]:-}")
  ratio=$(awk -v o="$mo" -v p="$mp" 'BEGIN { if (o+0 > 0 && p+0 > 0) printf "%.2f", p/o; else print "n/a" }')
  echo "| $op | ${FAIL[${op}o]:-$mo} | ${PEER[$op]} | ${FAIL[${op}p]:-$mp} | $ratio | ${WALLS[${op}o]:-} | ${WALLS[${op}p]:-} |"
done
echo
for op in "${ops[@]}"; do echo "- $op: $(cmp_note "$op")"; done
