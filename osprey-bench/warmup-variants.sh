#!/usr/bin/env bash
# warmup-variants.sh — whole-process time of `osprey -r F --conn-only -o DIR -q` under JVM flag variants that
# change JIT warm-up (OSPREY_JAVA_OPTS, appended by the launcher), pinned to one CPU and unpinned, N rounds each,
# interleaved by round (each round runs every variant once), median per variant. Wall time: $EPOCHREALTIME.
#
# Usage: osprey-bench/warmup-variants.sh [--runs N] [--cpu C] [CAPTURE]     (default /tmp/bench/mixed.pcap, 3, 1)
# AOT caches (JDK 25, JEP 483/514/515) are trained first, one run each, into $WORK: on CAPTURE itself and on
# samples/sample.pcap. Prints a Markdown table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3; cpu=1; cap=/tmp/bench/mixed.pcap
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    *) cap=$1; shift ;;
  esac
done
WORK=$(mktemp -d /tmp/osprey-warmup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { printf '[warmup %s] %s\n' "$(date +%T)" "$*" >&2; }
cat "$cap" > /dev/null
run() { # run OPTS PIN -> prints wall seconds
  local opts=$1 pin=$2 t0 t1 out="$WORK/out"
  rm -rf "$out"; mkdir -p "$out"
  t0=$EPOCHREALTIME
  if [ "$pin" = 1 ]; then
    OSPREY_JAVA_OPTS="$opts" taskset -c "$cpu" "$ROOT/osprey" -r "$cap" --conn-only -o "$out" -q >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; return 1; }
  else
    OSPREY_JAVA_OPTS="$opts" "$ROOT/osprey" -r "$cap" --conn-only -o "$out" -q >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; return 1; }
  fi
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}'
}
log "untimed warm-up run (the launcher may build)"
run "" 0 >/dev/null
log "training AOT caches"
OSPREY_JAVA_OPTS="-XX:AOTCacheOutput=$WORK/big.aot" "$ROOT/osprey" -r "$cap" --conn-only -o "$WORK/t1" -q >/dev/null 2>&1
OSPREY_JAVA_OPTS="-XX:AOTCacheOutput=$WORK/small.aot" "$ROOT/osprey" -r "$ROOT/samples/sample.pcap" --conn-only -o "$WORK/t2" -q >/dev/null 2>&1
ls -la "$WORK"/*.aot >&2
names=(); opts=()
add() { names+=("$1"); opts+=("$2"); }
add "baseline (launcher flags only)" ""
add "AOT cache trained on the capture" "-XX:AOTCache=$WORK/big.aot"
add "AOT cache trained on samples/sample.pcap" "-XX:AOTCache=$WORK/small.aot"
add "-XX:TieredStopAtLevel=1 (C1 only)" "-XX:TieredStopAtLevel=1"
add "-XX:-TieredCompilation (C2 only)" "-XX:-TieredCompilation"
add "-XX:CompileThresholdScaling=0.5" "-XX:CompileThresholdScaling=0.5"
add "-XX:CompileThresholdScaling=2" "-XX:CompileThresholdScaling=2"
add "-XX:Tier4InvocationThreshold=2000" "-XX:Tier4InvocationThreshold=2000 -XX:Tier4CompileThreshold=2000"
add "-XX:MaxInlineLevel=6" "-XX:MaxInlineLevel=6"
add "-XX:InlineSmallCode=1000" "-XX:InlineSmallCode=1000"
add "-XX:CICompilerCount=2 (unpinned default is 2)" "-XX:CICompilerCount=2"
add "AOT (capture) + -XX:MaxInlineLevel=6" "-XX:AOTCache=$WORK/big.aot -XX:MaxInlineLevel=6"
declare -A T
for ((r = 1; r <= runs; r++)); do
  for i in "${!names[@]}"; do
    for pin in 1 0; do
      w=$(run "${opts[$i]}" $pin) || w=FAIL
      T[$i,$pin]+="$w "
      log "round $r ${names[$i]} pin=$pin: $w"
    done
  done
done
med() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "n/a")}'; }
echo "| variant (OSPREY_JAVA_OPTS) | pinned to CPU $cpu: median s | runs | unpinned: median s | runs |"
echo "|---|---:|---|---:|---|"
for i in "${!names[@]}"; do
  echo "| ${names[$i]} | $(echo "${T[$i,1]}" | med) | ${T[$i,1]% } | $(echo "${T[$i,0]}" | med) | ${T[$i,0]% } |"
done
