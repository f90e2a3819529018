#!/usr/bin/env bash
# make-capture.sh — regenerate rdp-golden.pcap (the RDP golden test's capture) from REAL programs in network
# namespaces: xrdp as the server, FreeRDP's xfreerdp (on an Xvfb display) as the client. Sessions, in order:
#   3389  security_layer=rdp: standard RDP security (RSA certificate, High, 128bit), Thai keyboard
#   3389  security_layer=tls: TLS after the negotiation (conn.log: ssl)
#   3389  security_layer=negotiate, client NLA only (xrdp selects TLS, the client resets)
#   13389 security_layer=rdp on a port nothing registers (found by payload detection only), 32 bpp, German keyboard
# The connection sequence is all that matters: every client gives up after a few seconds at the login screen.
#
# Usage (as root, Debian with xrdp, freerdp2-x11, xvfb, tcpdump):  make-capture.sh [OUTPUT]
#   default: rdp-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=RdpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology: osp-rdc 10.58.0.1/24 <-- veth --> osp-rds 10.58.0.2/24 (xrdp). MTU 1500, offloads off both ends.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/rdp-golden.pcap}
C=osp-rdc; S=osp-rds
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in xrdp xfreerdp Xvfb tcpdump ip; do
  command -v $b >/dev/null 2>&1 || [ -x /usr/sbin/$b ] || { echo "missing: $b" >&2; exit 1; }
done
W=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
ip netns add $C; ip netns add $S
ip link add osp-rd0 type veth peer name osp-rd1
ip link set osp-rd0 netns $C; ip link set osp-rd1 netns $S
ip -n $C addr add 10.58.0.1/24 dev osp-rd0; ip -n $S addr add 10.58.0.2/24 dev osp-rd1
ip -n $C link set osp-rd0 up mtu 1500; ip -n $S link set osp-rd1 up mtu 1500
ip -n $C link set lo up; ip -n $S link set lo up
ip netns exec $C ethtool -K osp-rd0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-rd1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
mkdir -p /run/xrdp
for m in rdp tls negotiate; do
  sed -e "s/^security_layer=.*/security_layer=$m/" /etc/xrdp/xrdp.ini > "$W/xrdp-$m.ini"
done

ip netns exec $C Xvfb :73 -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $S tcpdump -i osp-rd1 -B 65536 -s 0 -U -w "$OUT" tcp 2>/dev/null & PIDS+=($!)
sleep 2
session() { # session CONFIG PORT XFREERDP-ARGS...
  local cfg=$1 port=$2; shift 2
  ip netns exec $S xrdp -n -c "$W/xrdp-$cfg.ini" -p "$port" >/dev/null 2>&1 & local xp=$!
  sleep 1.5
  DISPLAY=:73 ip netns exec $C timeout 6 xfreerdp /v:10.58.0.2:"$port" /u:alice /p:secret /cert:ignore \
    /client-hostname:OSPREYTEST "$@" >/dev/null 2>&1 || true
  sleep 0.5
  kill "$xp" 2>/dev/null || true
  wait "$xp" 2>/dev/null || true
}
session rdp 3389 /sec:rdp /kbd:0x0000041e /size:1024x768 /bpp:16
session tls 3389 /sec:tls /kbd:0x00000409 /size:800x600 /bpp:24
session negotiate 3389 /sec:nla
session rdp 13389 /sec:rdp /kbd:0x00000407 /size:1280x1024 /bpp:32
sleep 1
