#!/usr/bin/env bash
# make-capture.sh — regenerate dhcp-golden.pcap (the DHCP golden test's capture) from REAL programs in network
# namespaces: ISC dhclient (isc-dhcp-client) against dnsmasq's DHCP server.
#
# Usage (as root, Debian 12 with isc-dhcp-client and dnsmasq):  make-capture.sh [OUTPUT]
#   default: dhcp-golden.pcap next to this script. Then refresh the expected logs (real Zeek 9.1 on it):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=DhcpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology (nothing leaves the two namespaces; the veth pair is connected to nothing else):
#   osp-dhc  (no address; dhclient)  <-- veth -->  osp-dhs  10.81.0.1/24  dnsmasq (DHCP only, authoritative)
# dhclient runs with -sf /bin/true: it never touches the interface, routes or /etc/resolv.conf; its lease file is in
# the work directory. tcpdump records on the client's veth; offloads are off on both ends so checksums are valid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/dhcp-golden.pcap}
NS_C=osp-dhc; NS_S=osp-dhs; V_C=osp-hc0; V_S=osp-hs0
S4=10.81.0.1

. "$here/../../../../../../../../scripts/lib/netns-pair.sh"
netns_require dhclient dnsmasq
netns_start dhcp
netns_pair 02:00:00:81:00:10 02:00:00:81:00:01
ins ip addr add $S4/24 dev $V_S
ins ip link set $V_S up; inc ip link set $V_C up

log "capture"
inc tcpdump -i $V_C -B 65536 -s 0 -U -w $W/c.pcap udp > $W/tcpdump.log 2>&1 & PIDS+=($!); TCPDUMP=$!
for _ in $(seq 1 50); do grep -q 'listening on' $W/tcpdump.log && break; sleep 0.1; done
ins dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root --port=0 --pid-file=$W/dnsmasq.pid \
  --dhcp-leasefile=$W/dnsmasq.leases --interface=$V_S --bind-interfaces --dhcp-authoritative \
  --dhcp-range=10.81.0.100,10.81.0.150,255.255.255.0,1h --dhcp-option=option:domain-name,golden.test \
  --dhcp-option=option:router,10.81.0.1 --dhcp-host=02:00:00:81:00:10,10.81.0.50 > $W/dnsmasq.log 2>&1 & PIDS+=($!)
for _ in $(seq 1 50); do ins ss -lun | grep -q ':67 ' && break; sleep 0.2; done
dh() { # config name, extra args
  inc timeout 20 dhclient -4 -1 -v -sf /bin/true -cf $W/$1.conf -lf $W/$1.leases -pf $W/$1.pid "${@:2}" $V_C \
    > $W/$1.log 2>&1 || true
}
# 1. DISCOVER, OFFER, REQUEST, ACK with a host name, an FQDN and a client identifier (hardware type 1).
cat > $W/full.conf <<'EOF2'
send host-name "golden-client";
send fqdn.fqdn "client.golden.test.";
send dhcp-client-identifier 1:02:00:00:81:00:10;
request subnet-mask, routers, domain-name, domain-name-servers;
EOF2
dh full
# 2. The same client, now holding its address, releases it (unicast RELEASE from 10.81.0.50).
inc ip addr add 10.81.0.50/24 dev $V_C
inc timeout 10 dhclient -4 -r -v -sf /bin/true -cf $W/full.conf -lf $W/full.leases -pf $W/full.pid $V_C \
  > $W/release.log 2>&1 || true
inc ip addr del 10.81.0.50/24 dev $V_C
sleep 0.5
# 3. A reboot into a lease from another network: REQUEST (INIT-REBOOT), NAK with a message, then a new DORA.
cat > $W/nak.conf <<'EOF2'
send host-name "roamer";
EOF2
cat > $W/nak.leases <<EOF2
lease {
  interface "$V_C";
  fixed-address 192.168.77.9;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 3600;
  option dhcp-server-identifier 192.168.77.1;
  renew 4 2037/01/01 00:00:00;
  rebind 4 2037/01/01 00:00:00;
  expire 4 2037/01/01 00:00:00;
}
EOF2
dh nak
# 4. A plain client without options of its own (the MAC comes from chaddr).
: > $W/plain.conf
dh plain
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cp $W/c.pcap "$OUT"
log "wrote $OUT ($(stat -c %s "$OUT") bytes)"
