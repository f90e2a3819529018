#!/usr/bin/env bash
# install-test-deps.sh — install the Debian packages Osprey's tests (and, with --bench, its benchmarks) need.
#
# Usage (as root on Debian 12):  scripts/install-test-deps.sh [--bench]
#   (no flag)  tests:       tcpdump libpcap0.8
#   --bench    benchmarks:  + argus-server (provides /usr/sbin/argus, reads `-r FILE -w /dev/null`)
#                           + argus-client (ra, racount, ... to read argus output; not needed for timing)
#                           + tshark (and capinfos, from wireshark-common) + hyperfine + time (/usr/bin/time)
#                           + tcpslice (the peer of `osprey trace slice` in scripts/bench-trace.sh)
#
# Idempotent and quick when everything is present: each package is checked with dpkg (`dpkg-query`, status "installed"); `apt-get update`
# runs only when something has to be installed. Non-interactive: DEBIAN_FRONTEND=noninteractive, and the
# wireshark-common "install-setuid" question is preseeded to false. Services shipped by these packages are not
# started (argus-server ships a daemon): while installing, a temporary policy-rc.d denies service starts unless
# the machine already has one.
set -euo pipefail

bench=0
for a in "$@"; do
  case "$a" in
    --bench) bench=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install-test-deps.sh: unknown argument: $a" >&2; exit 2 ;;
  esac
done

pkgs=(tcpdump libpcap0.8)
[ $bench = 1 ] && pkgs+=(argus-server argus-client tshark hyperfine time tcpslice)

# installed = dpkg status "installed" (a removed package keeping its conffiles is "config-files": missing)
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

missing=()
for p in "${pkgs[@]}"; do
  installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    echo "install-test-deps.sh: missing packages (${missing[*]}) and not root" >&2; exit 1
  fi
else
  SUDO=()
fi

echo "install-test-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${SUDO[@]}" debconf-set-selections

policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e $policy ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee $policy >/dev/null
  "${SUDO[@]}" chmod 755 $policy
  made_policy=1
fi
aptlog=$(mktemp /tmp/install-test-deps.XXXXXX)
cleanup() { if [ $made_policy = 1 ]; then "${SUDO[@]}" rm -f $policy; fi; rm -f "$aptlog"; }
trap cleanup EXIT

# quiet: apt's output is shown only when it fails
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
     > "$aptlog" 2>&1; then
  cat "$aptlog" >&2
  echo "install-test-deps.sh: apt-get failed" >&2
  exit 1
fi

for p in "${missing[@]}"; do
  installed "$p" || { echo "install-test-deps.sh: $p did not install" >&2; exit 1; }
done
