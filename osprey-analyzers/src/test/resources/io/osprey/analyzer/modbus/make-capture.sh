#!/usr/bin/env bash
# make-capture.sh — regenerate modbus-golden.pcap (the Modbus golden test's capture) from REAL programs in network
# namespaces: mbpoll (client) against a pymodbus Modbus/TCP server (python3-pymodbus) on port 502: reads of coils,
# discrete inputs, holding and input registers, single and multiple writes, and reads past the server's data blocks
# (exception responses).
#
# Usage (as root, Debian):  make-capture.sh [OUTPUT]   default: modbus-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=ModbusGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology: osp-mbc 10.56.0.1/24 <-- veth --> osp-mbs 10.56.0.2/24 (server). MTU 1500, offloads off both ends.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/modbus-golden.pcap}
C=osp-mbc; S=osp-mbs
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in mbpoll tcpdump ip ethtool; do
  command -v $b >/dev/null 2>&1 || [ -x /usr/sbin/$b ] || { echo "missing: $b" >&2; exit 1; }
done
/usr/bin/python3 -c 'import pymodbus' || { echo "missing: python3-pymodbus" >&2; exit 1; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
}
trap cleanup EXIT
ip netns add $C; ip netns add $S
ip link add osp-mb0 type veth peer name osp-mb1
ip link set osp-mb0 netns $C; ip link set osp-mb1 netns $S
ip -n $C addr add 10.56.0.1/24 dev osp-mb0; ip -n $S addr add 10.56.0.2/24 dev osp-mb1
ip -n $C link set osp-mb0 up mtu 1500; ip -n $S link set osp-mb1 up mtu 1500
ip -n $S link set lo up
ip netns exec $C ethtool -K osp-mb0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-mb1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true

ip netns exec $S /usr/bin/python3 -c '
from pymodbus.server import StartTcpServer
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
block = lambda: ModbusSequentialDataBlock(0, list(range(100)))
store = ModbusSlaveContext(di=block(), co=block(), hr=block(), ir=block(), zero_mode=True)
StartTcpServer(context=ModbusServerContext(slaves=store, single=True), address=("10.56.0.2", 502))
' >/dev/null 2>&1 & PIDS+=($!)
ip netns exec $S tcpdump -i osp-mb1 -B 65536 -s 0 -U -w "$OUT" tcp 2>/dev/null & PIDS+=($!)
sleep 3
M="ip netns exec $C mbpoll -m tcp -a 1 -1 -0 -p 502"
$M -t 0 -r 0 -c 16 10.56.0.2 || true          # read coils
$M -t 1 -r 5 -c 8 10.56.0.2 || true           # read discrete inputs
$M -t 4 -r 10 -c 4 10.56.0.2 || true          # read holding registers
$M -t 3 -r 2 -c 3 10.56.0.2 || true           # read input registers
$M -t 0 -r 3 10.56.0.2 1 || true              # write single coil
$M -t 4 -r 7 10.56.0.2 1234 || true           # write single register
$M -t 4 -r 20 10.56.0.2 1 2 3 || true         # write multiple registers
$M -t 0 -r 30 10.56.0.2 1 0 1 1 || true       # write multiple coils
$M -t 4 -r 200 -c 2 10.56.0.2 || true         # past the block: exception
$M -t 0 -r 500 -c 2 10.56.0.2 || true         # past the block: exception
sleep 1
