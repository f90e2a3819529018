#!/usr/bin/env bash
# make-capture.sh — regenerate mqtt-golden.pcap (the MQTT golden test's capture) from REAL programs in network
# namespaces: the Mosquitto broker and its clients mosquitto_sub / mosquitto_pub: a subscriber that waits for one
# message, publishes at QoS 0, 1 and 2 (one retained, one with a will, one over MQTT 3.1, one over MQTT 5), an
# unsubscribe-free clean exit, and a broker on a second port only payload detection finds (11883).
#
# Usage (as root, Debian):  make-capture.sh [OUTPUT]   default: mqtt-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=MqttGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology: osp-mqc 10.59.0.1/24 <-- veth --> osp-mqs 10.59.0.2/24 (mosquitto). MTU 1500, offloads off both ends.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/mqtt-golden.pcap}
C=osp-mqc; S=osp-mqs
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in mosquitto mosquitto_pub mosquitto_sub tcpdump ip ethtool; do
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
cat > "$W/mosquitto.conf" <<CFG
listener 1883 10.59.0.2
listener 11883 10.59.0.2
allow_anonymous true
persistence false
CFG
chmod -R a+rwX "$W"
ip netns add $C; ip netns add $S
ip link add osp-mq0 type veth peer name osp-mq1
ip link set osp-mq0 netns $C; ip link set osp-mq1 netns $S
ip -n $C addr add 10.59.0.1/24 dev osp-mq0; ip -n $S addr add 10.59.0.2/24 dev osp-mq1
ip -n $C link set osp-mq0 up mtu 1500; ip -n $S link set osp-mq1 up mtu 1500
ip -n $S link set lo up
ip netns exec $C ethtool -K osp-mq0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-mq1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true

ip netns exec $S mosquitto -c "$W/mosquitto.conf" >/dev/null 2>&1 & PIDS+=($!)
sleep 1
ip netns exec $S tcpdump -i osp-mq1 -B 65536 -s 0 -U -w "$OUT" tcp 2>/dev/null & PIDS+=($!)
sleep 1
A="ip netns exec $C"
H=(-h 10.59.0.2)
$A mosquitto_sub "${H[@]}" -i golden-sub -t 'golden/#' -q 1 -C 1 >/dev/null & SUB=$!
sleep 0.5
$A mosquitto_pub "${H[@]}" -i pub-q0 -t golden/q0 -m 'hello at most once'
$A mosquitto_pub "${H[@]}" -i pub-q1 -t other/q1 -m 'hello at least once' -q 1
$A mosquitto_pub "${H[@]}" -i pub-q2 -t other/q2 -m 'hello exactly once' -q 2 -r
$A mosquitto_pub "${H[@]}" -i pub-will -t other/will -m 'with a will' --will-topic golden/will \
  --will-payload 'gone' --will-qos 1
$A mosquitto_pub "${H[@]}" -i pub-v31 -V mqttv31 -t other/v31 -m 'over 3.1'
$A mosquitto_pub "${H[@]}" -i pub-v5 -V 5 -t other/v5 -m 'over 5.0' -q 1
$A mosquitto_pub "${H[@]}" -p 11883 -i pub-port -t other/port -m "$(head -c 300 /dev/zero | tr '\0' x)"
wait $SUB || true
$A mosquitto_pub "${H[@]}" -i pub-clear -t other/q2 -n -r -q 1
sleep 1
