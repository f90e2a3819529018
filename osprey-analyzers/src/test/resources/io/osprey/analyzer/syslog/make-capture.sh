#!/usr/bin/env bash
# make-capture.sh — regenerate syslog-golden.pcap (the syslog golden test's capture) from REAL programs in network
# namespaces: util-linux logger (UDP, TCP with RFC 6587 octet counting, TCP non-transparent) and nc for the
# malformed and PRI-less messages, sent to a Python listener on 514/udp and 514/tcp.
#
# Usage (as root, Debian):  make-capture.sh [OUTPUT]   default: syslog-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=SyslogGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
# (and the TCP expectations written in SyslogGoldenTest, which the reference Zeek build cannot produce: it has no
# Spicy, so no Syslog_TCP analyzer).
#
# Topology: osp-slc 10.55.0.1/24 <-- veth --> osp-sls 10.55.0.2/24 (listener). MTU 1500, offloads off both ends.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/syslog-golden.pcap}
C=osp-slc; S=osp-sls
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in logger nc tcpdump ip ethtool python3; do
  command -v $b >/dev/null 2>&1 || [ -x /usr/sbin/$b ] || { echo "missing: $b" >&2; exit 1; }
done
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
}
trap cleanup EXIT
ip netns add $C; ip netns add $S
ip link add osp-sl0 type veth peer name osp-sl1
ip link set osp-sl0 netns $C; ip link set osp-sl1 netns $S
ip -n $C addr add 10.55.0.1/24 dev osp-sl0; ip -n $S addr add 10.55.0.2/24 dev osp-sl1
ip -n $C link set osp-sl0 up mtu 1500; ip -n $S link set osp-sl1 up mtu 1500
ip netns exec $C ethtool -K osp-sl0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-sl1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true

ip netns exec $S python3 -c '
import socket, threading
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("10.55.0.2", 514))
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("10.55.0.2", 514)); t.listen(5)
threading.Thread(target=lambda: [u.recvfrom(70000) for _ in iter(int, 1)], daemon=True).start()
while True:
    c, _ = t.accept()
    while c.recv(65536): pass
    c.close()
' & PIDS+=($!)
ip netns exec $S tcpdump -i osp-sl1 -B 65536 -s 0 -U -w "$OUT" 2>/dev/null & PIDS+=($!)
sleep 1.5
A="ip netns exec $C"
$A logger -n 10.55.0.2 -P 514 -d --rfc3164 -p local0.notice -t robin "Hello, syslog!"
$A logger -n 10.55.0.2 -P 514 -d --rfc5424 -p mail.err -t app --msgid ID47 "rfc5424 over udp"
printf 'no pri here' | $A nc -u -w1 -q0 10.55.0.2 514
printf '<abc>bad pri' | $A nc -u -w1 -q0 10.55.0.2 514
printf '<999>big code' | $A nc -u -w1 -q0 10.55.0.2 514
$A logger -n 10.55.0.2 -P 514 -T --octet-count -p user.info -t su "octet counted message"
$A logger -n 10.55.0.2 -P 514 -T --rfc3164 -p auth.warning -t sshd "non-transparent line"
printf '<13>first\n<14>second\r\n' | $A nc -w1 -q1 10.55.0.2 514
printf '11 <15>counted<16>nt\n0 bad' | $A nc -w1 -q1 10.55.0.2 514
sleep 1
