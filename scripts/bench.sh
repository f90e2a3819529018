#!/usr/bin/env bash
# bench.sh — whole-run benchmark of Osprey beside peer tools on one capture, in the same run, interleaved.
#
# Usage:  scripts/bench.sh [--runs N] [--full] [--cpus LIST|all] [--no-osprey] [CAPTURE]
#   CAPTURE      a pcap file. Default: /tmp/bench/mixed.pcap, generated first with
#                /work/shared/tools/make-bench-pcap.sh (1 GiB of mixed traffic, ~2 minutes) if it does not exist.
#                The big capture is never committed.
#   --runs N     rounds (default 3). Each round runs every tool once, in turn, so slow drifts of a shared,
#                noisy machine hit all tools alike; the medians over the rounds are reported.
#   --full       also time tshark (`tshark -r F -q -z conv,tcp`).
#   --analysis   also time Osprey's full analysis (every analyzer and log: `osprey -r F -o DIR`) as the column
#                osprey-full, and report it against conn-only Osprey and tshark.
#   --zeek       also time real Zeek (../shared/tools/zeek-run installs it on first use): `zeek -b -C -r F
#                base/protocols/conn` as zeek-conn (its conn-only run) and, with --analysis, `zeek -C -r F` (its
#                default scripts) as zeek-full; logs go to the run's output directory (Log::default_logdir).
#   --cpus LIST  pin every tool to these CPUs with taskset (default: the last CPU, i.e. one core; the JVM then
#                sizes itself for one CPU too). `--cpus all` disables pinning.
#   --no-osprey  skip the Osprey column (peer tools only).
# Environment:
#   OSPREY_CMD   the Osprey command line; {pcap} and {out} are replaced by the capture and a fresh output
#                directory. Default below. The launcher builds the application on first use, so one untimed
#                warm-up run of it precedes the rounds.
#
# What it measures per tool: median wall seconds (bash $EPOCHREALTIME around the run; includes ~2 ms of
# fork/exec overhead), MB/s (capture bytes / 1e6 / median),
# packets/s (packet count from capinfos, else `tcpdump -r F -nn | wc -l`, counted once), max RSS (%M, the
# largest over the rounds), and the throughput ratios osprey/tcpdump and osprey/argus. Output: a Markdown block
# ready to paste into BENCHMARKS.md. A tool that fails is reported as FAILED with its exit status and the tail
# of its stderr; the other tools' numbers are still printed. The page cache is warmed first (cat F >/dev/null).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# ---- the Osprey command line (adjust here, or set OSPREY_CMD) ----
OSPREY_CMD=${OSPREY_CMD:-"$ROOT/osprey -r {pcap} --conn-only -o {out}"}
MAKE_BENCH=/work/shared/tools/make-bench-pcap.sh
DEFAULT_CAPTURE=/tmp/bench/mixed.pcap

runs=3; full=0; analysis=0; zeek=0; cpus=""; with_osprey=1; cap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --full) full=1; shift ;;
    --zeek) zeek=1; shift ;;
    --analysis) analysis=1; shift ;;
    --cpus) cpus=${2:?--cpus needs a list}; shift 2 ;;
    --cpus=*) cpus=${1#*=}; shift ;;
    --no-osprey) with_osprey=0; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    -*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$cap" ] || { echo "bench.sh: only one capture" >&2; exit 2; }; cap=$1; shift ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench.sh: --runs must be a positive integer" >&2; exit 2;; esac
log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

# ---- tools
[ -x /usr/bin/time ] || { echo "bench.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
if [ "$(id -u)" = 0 ] && [ -x "$ROOT/scripts/install-test-deps.sh" ]; then "$ROOT/scripts/install-test-deps.sh" --bench; fi

# ---- capture
if [ -z "$cap" ]; then
  cap=$DEFAULT_CAPTURE
  if [ ! -s "$cap" ]; then
    [ -x "$MAKE_BENCH" ] || { echo "bench.sh: no capture given and $MAKE_BENCH is missing" >&2; exit 1; }
    log "generating $cap with $MAKE_BENCH (about 2 minutes)"
    "$MAKE_BENCH" 1024 "$cap" >&2
  fi
fi
[ -r "$cap" ] || { echo "bench.sh: cannot read $cap" >&2; exit 1; }
cap=$(cd "$(dirname "$cap")" && pwd)/$(basename "$cap")
bytes=$(stat -c %s "$cap")

log "warming the page cache"
cat "$cap" > /dev/null
if command -v capinfos >/dev/null 2>&1 && pk=$(capinfos -c -M "$cap" 2>/dev/null | sed -n 's/^Number of packets: *//p') && [ -n "$pk" ]; then
  pkts=$pk; pkts_src=capinfos
else
  pkts=$(tcpdump -r "$cap" -nn 2>/dev/null | wc -l); pkts_src="tcpdump -r | wc -l"
fi

# ---- pinning
ncpu=$(nproc)
if [ -z "$cpus" ]; then cpus=$((ncpu - 1)); fi
PIN=()
if [ "$cpus" != all ] && command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$cpus"); fi
# As root, every timed command (each tool alike) runs at nice -20: other jobs on a shared machine then take little
# of the pinned CPU (measured: with a load average of 6-9 from builds on both CPUs, runs of one command still varied
# 2x without it). OSPREY_BENCH_NICE=0 turns it off.
if [ "$(id -u)" = 0 ] && [ "${OSPREY_BENCH_NICE:-1}" != 0 ]; then PIN=(nice -n -20 "${PIN[@]}"); fi

# ---- the tools, in the order they run within a round
WORK=$(mktemp -d /tmp/osprey-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
tools=()
declare -A CMD
if [ $with_osprey = 1 ]; then tools+=(osprey); CMD[osprey]=$OSPREY_CMD; fi
if [ $with_osprey = 1 ] && [ $analysis = 1 ]; then
  tools+=(osprey-full); CMD[osprey-full]=${OSPREY_FULL_CMD:-"$ROOT/osprey -r {pcap} -o {out} -q"}
fi
tools+=(tcpdump argus)
CMD[tcpdump]="tcpdump -r {pcap} -w /dev/null"
CMD[argus]="argus -r {pcap} -w /dev/null"
if [ $full = 1 ]; then tools+=(tshark); CMD[tshark]="tshark -r {pcap} -q -z conv,tcp"; fi
if [ $zeek = 1 ]; then
  ZEEK_RUN=${ZEEK_RUN:-$ROOT/../shared/tools/zeek-run}
  ZEEK=${ZEEK:-/opt/zeek/bin/zeek}
  if [ ! -x "$ZEEK" ]; then "$ZEEK_RUN" --version >/dev/null 2>&1 || true; fi   # installs Zeek on first use
  [ -x "$ZEEK" ] || { echo "bench.sh: --zeek: no Zeek at $ZEEK (run $ZEEK_RUN once, as root)" >&2; exit 1; }
  tools+=(zeek-conn); CMD[zeek-conn]="$ZEEK -b -C -r {pcap} base/protocols/conn Log::default_logdir={out}"
  if [ $analysis = 1 ]; then tools+=(zeek-full); CMD[zeek-full]="$ZEEK -C -r {pcap} Log::default_logdir={out}"; fi
fi

declare -A WALLS RSS FAIL
for t in "${tools[@]}"; do WALLS[$t]=""; RSS[$t]=0; FAIL[$t]=""; done

# run_one TOOL ROUND: times one run; records wall seconds and max RSS, or the failure
run_one() {
  local t=$1 r=$2 out="$WORK/out-$1-$2" cmd
  mkdir -p "$out"
  cmd=${CMD[$t]//\{pcap\}/$(printf %q "$cap")}
  cmd=${cmd//\{out\}/$(printf %q "$out")}
  local rc=0 t0 t1
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2086
  (cd "$WORK" && eval "${PIN[*]} /usr/bin/time -f '%e %M' -o '$WORK/time-$t-$r'" "$cmd") \
    > "$WORK/stdout-$t-$r" 2> "$WORK/stderr-$t-$r" || rc=$?
  t1=$EPOCHREALTIME
  rm -rf "$out"
  if [ $rc != 0 ]; then
    FAIL[$t]="rc=$rc: $(grep -v '^Command exited with non-zero status' "$WORK/stderr-$t-$r" | tail -n 3 | tr '\n' ' ' | cut -c1-300)"
    log "$t round $r FAILED (${FAIL[$t]})"
    return
  fi
  local w m
  read -r _ m < <(tail -n 1 "$WORK/time-$t-$r")          # %e has 10 ms resolution: wall comes from EPOCHREALTIME
  w=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}')
  WALLS[$t]+="$w "
  [ "$m" -gt "${RSS[$t]}" ] && RSS[$t]=$m
  log "$t round $r: ${w}s, max RSS ${m} KiB"
}

if [ $with_osprey = 1 ]; then
  log "Osprey warm-up run (untimed; the launcher may build the application)"
  cmd=${OSPREY_CMD//\{pcap\}/$(printf %q "$cap")}; cmd=${cmd//\{out\}/$(printf %q "$WORK/warmup")}
  mkdir -p "$WORK/warmup"
  wrc=0
  (cd "$ROOT" && eval "$cmd") > "$WORK/warmup.out" 2>&1 || wrc=$?
  if [ $wrc != 0 ]; then
    FAIL[osprey]="warm-up failed (rc=$wrc): $(tail -n 3 "$WORK/warmup.out" | tr '\n' ' ' | cut -c1-300)"
    log "osprey: ${FAIL[osprey]} -- skipping it, timing the other tools"
    tools=("${tools[@]:1}")
  fi
  rm -rf "$WORK/warmup"
fi

for r in $(seq 1 "$runs"); do
  for t in "${tools[@]}"; do
    [ -n "${FAIL[$t]}" ] && continue       # a tool that failed once is not retried
    run_one "$t" "$r"
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR==0) exit; if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'; }
declare -A MED
for t in osprey osprey-full tcpdump argus tshark zeek-conn zeek-full; do MED[$t]=""; done
for t in "${tools[@]}"; do [ -z "${FAIL[$t]}" ] && MED[$t]=$(echo "${WALLS[$t]}" | median); done

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)
fmt_ratio() { # throughput ratio A/B = median(B)/median(A)
  if [ -n "${MED[$1]}" ] && [ -n "${MED[$2]}" ]; then awk -v a="${MED[$1]}" -v b="${MED[$2]}" 'BEGIN {if (a>0) printf "%.3f", b/a; else print "n/a"}'; else echo "n/a"; fi
}

{
  echo
  echo "### Whole-run benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- Machine: $ncpu CPUs ($cpu_model), ${mem_gib} GiB RAM, $(uname -r); tools pinned to CPU(s): ${cpus}; timed commands: ${PIN[*]:-unpinned}"
  echo "- Capture: \`$cap\`, $bytes bytes ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}') MB), $pkts packets (counted by $pkts_src)"
  echo "- Method: page cache warm, $runs interleaved rounds, median wall time; MB/s = bytes / 1e6 / median; max RSS over the rounds"
  echo
  echo "| tool | command | median wall s | MB/s | packets/s | max RSS MiB | runs |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  all=(); [ $with_osprey = 1 ] && all+=(osprey); [ $with_osprey = 1 ] && [ $analysis = 1 ] && all+=(osprey-full)
  all+=(tcpdump argus); [ $full = 1 ] && all+=(tshark)
  [ $zeek = 1 ] && all+=(zeek-conn); [ $zeek = 1 ] && [ $analysis = 1 ] && all+=(zeek-full)
  for t in "${all[@]}"; do
    c=${CMD[$t]//\{pcap\}/F}; c=${c//\{out\}/DIR}; c=${c//$ROOT\//.\/}
    if [ -n "${MED[$t]}" ]; then
      n=$(echo "${WALLS[$t]}" | wc -w)
      awk -v t="$t" -v c="$c" -v m="${MED[$t]}" -v b="$bytes" -v p="$pkts" -v r="${RSS[$t]}" -v n="$n" -v R="$runs" \
        'BEGIN {printf "| %s | `%s` | %.3f | %.1f | %.0f | %.0f | %d/%d |\n", t, c, m, (m>0? b/1e6/m : 0), (m>0? p/m : 0), r/1024, n, R}'
    else
      echo "| $t | \`$c\` | FAILED | | | | 0/$runs |"
    fi
  done
  if [ $with_osprey = 1 ]; then
    echo
    echo "| ratio (throughput) | value |"
    echo "|---|---:|"
    echo "| osprey / tcpdump | $(fmt_ratio osprey tcpdump) |"
    echo "| osprey / argus | $(fmt_ratio osprey argus) |"
    [ $full = 1 ] && echo "| osprey / tshark | $(fmt_ratio osprey tshark) |"
    if [ $analysis = 1 ]; then
      echo "| osprey-full / osprey (full analysis vs conn-only) | $(fmt_ratio osprey-full osprey) |"
      echo "| osprey-full / tcpdump | $(fmt_ratio osprey-full tcpdump) |"
      [ $full = 1 ] && echo "| osprey-full / tshark | $(fmt_ratio osprey-full tshark) |"
    fi
    if [ $zeek = 1 ]; then
      echo "| osprey / zeek-conn (conn-only, both) | $(fmt_ratio osprey zeek-conn) |"
      if [ $analysis = 1 ]; then
        echo "| osprey-full / zeek-full (Zeek's default scripts also write ssl, x509 and ssh logs) | $(fmt_ratio osprey-full zeek-full) |"
        echo "| zeek-full / zeek-conn (Zeek's own full analysis vs its conn-only run) | $(fmt_ratio zeek-full zeek-conn) |"
      fi
    fi
  fi
  for t in "${all[@]}"; do
    [ -n "${FAIL[$t]:-}" ] && echo && echo "> $t FAILED: ${FAIL[$t]}"
  done
  echo
} 

# exit status: 0 when every peer tool ran; an Osprey failure is reported above but does not fail the script
for t in tcpdump argus; do [ -z "${FAIL[$t]}" ] || exit 1; done
exit 0
