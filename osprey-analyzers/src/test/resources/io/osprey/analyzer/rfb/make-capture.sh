#!/usr/bin/env bash
# make-capture.sh — regenerate rfb-golden.pcap (the RFB golden test's capture) from REAL programs in network
# namespaces: x11vnc serving an Xvfb display, TigerVNC's vncviewer (itself on an Xvfb display) as the client:
# one session without a password (port 5900), one with VNC authentication (5901), one with a wrong password (5901),
# and one on a port nothing registers (15900: found by payload detection only).
#
# Usage (as root, Debian):  make-capture.sh [OUTPUT]   default: rfb-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=RfbGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology: osp-vnc 10.57.0.1/24 <-- veth --> osp-vns 10.57.0.2/24 (x11vnc). MTU 1500, offloads off both ends.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/rfb-golden.pcap}
C=osp-vnc; S=osp-vns
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in x11vnc Xvfb vncviewer tcpdump ip ethtool; do
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
ip link add osp-vn0 type veth peer name osp-vn1
ip link set osp-vn0 netns $C; ip link set osp-vn1 netns $S
ip -n $C addr add 10.57.0.1/24 dev osp-vn0; ip -n $S addr add 10.57.0.2/24 dev osp-vn1
ip -n $C link set osp-vn0 up mtu 1500; ip -n $S link set osp-vn1 up mtu 1500
ip -n $C link set lo up; ip -n $S link set lo up
ip netns exec $C ethtool -K osp-vn0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-vn1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true

ip netns exec $S Xvfb :71 -screen 0 640x480x24 -nolisten tcp >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $C Xvfb :72 -screen 0 800x600x24 -nolisten tcp >/dev/null 2>&1 & PIDS+=($!)
sleep 2
x11vnc -storepasswd secret "$W/pass" >/dev/null 2>&1
x11vnc -storepasswd wrong "$W/wrong" >/dev/null 2>&1
ip netns exec $S x11vnc -display :71 -rfbport 5900 -forever -shared -nopw -desktop "golden desk" -quiet \
  >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $S x11vnc -display :71 -rfbport 5901 -forever -shared -rfbauth "$W/pass" -desktop "locked" -quiet \
  >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $S x11vnc -display :71 -rfbport 15900 -forever -shared -nopw -quiet >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $S tcpdump -i osp-vn1 -B 65536 -s 0 -U -w "$OUT" tcp 2>/dev/null & PIDS+=($!)
sleep 3
view() { # view PORT [PASSWDFILE]
  local extra=()
  [ -n "${2:-}" ] && extra=(-passwd "$2")
  DISPLAY=:72 ip netns exec $C timeout 4 vncviewer "${extra[@]}" -Shared=1 10.57.0.2::"$1" >/dev/null 2>&1 || true
}
view 5900
view 5901 "$W/pass"
view 5901 "$W/wrong"
view 15900
sleep 1
