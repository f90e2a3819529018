#!/usr/bin/env bash
# make-capture.sh — regenerate ntp-golden.pcap (the NTP golden test's capture) from REAL programs in network
# namespaces: chronyd as the server, chronyd (-Q: measure only), ntpdig (ntpsec) as clients.
#
# Usage (as root, Debian 12 with chrony and ntpsec-ntpdig):  make-capture.sh [OUTPUT]   default: ntp-golden.pcap here
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=NtpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology (nothing leaves the two namespaces; the veth pair is connected to nothing else):
#   osp-ntpc  10.79.0.10/24  <-- veth -->  osp-ntps  10.79.0.123  chronyd (local stratum 8, broadcasts, key 1 SHA1,
#                                                                  key 2 MD5)
# No chronyd here touches the clock (-x, and -Q on the client side). tcpdump records on the client's veth; offloads
# are off on both ends so every checksum is valid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/ntp-golden.pcap}
NS_C=osp-ntpc; NS_S=osp-ntps; V_C=osp-nc0; V_S=osp-ns0
C4=10.79.0.10; S4=10.79.0.123

. "$here/../../../../../../../../scripts/lib/netns-pair.sh"
netns_require chronyd ntpdig
netns_start ntp
netns_pair 02:00:00:79:00:10 02:00:00:79:00:01
inc ip addr add $C4/24 dev $V_C
ins ip addr add $S4/24 dev $V_S
ins ip link set $V_S up; inc ip link set $V_C up

cat > $W/keys <<'EOF2'
1 SHA1 HEX:0102030405060708090A0B0C0D0E0F1011121314
2 MD5 ASCII:osprey-golden
EOF2
printf '2 MD5 osprey-golden\n' > $W/ntp.keys   # the same key 2 in ntpsec's format, for ntpdig
chmod 600 $W/keys $W/ntp.keys
cat > $W/server.conf <<EOF2
local stratum 8
allow all
keyfile $W/keys
broadcast 2 10.79.0.255
pidfile $W/server.pid
driftfile $W/server.drift
cmdport 0
EOF2

log "capture"
inc tcpdump -i $V_C -B 65536 -s 0 -U -w $W/c.pcap udp > $W/tcpdump.log 2>&1 & PIDS+=($!); TCPDUMP=$!
for _ in $(seq 1 50); do grep -q 'listening on' $W/tcpdump.log && break; sleep 0.1; done
sleep 0.5
ins chronyd -x -d -f $W/server.conf > $W/server.log 2>&1 & PIDS+=($!)
sleep 1
# A client that measures a few times (mode 3 requests from a random port, mode 4 replies), then quits.
cl() { # name, server line
  printf '%s\npidfile %s/%s.pid\ndriftfile %s/%s.drift\ncmdport 0\nkeyfile %s/keys\n' "$2" $W $1 $W $1 $W > $W/$1.conf
  inc timeout 20 chronyd -Q -x -f $W/$1.conf > $W/$1.log 2>&1 || true
}
cl plain "server $S4 iburst maxsamples 4"
cl sha1 "server $S4 iburst maxsamples 2 key 1"             # MAC: key id + 20-byte SHA1 digest
cl md5 "server $S4 iburst maxsamples 2 key 2"              # MAC: key id + 16-byte MD5 digest
cl xleave "server $S4 iburst maxsamples 3 xleave"          # interleaved mode
inc timeout 10 ntpdig -t 2 $S4 > $W/ntpdig.log 2>&1 || true   # SNTP (RFC 4330) client
inc timeout 10 ntpdig -t 2 -a 2 -k $W/ntp.keys $S4 > $W/ntpdig-md5.log 2>&1 || true
sleep 1   # broadcasts (mode 5) were sent every 2 s meanwhile
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cp $W/c.pcap "$OUT"
log "wrote $OUT ($(stat -c %s "$OUT") bytes)"
