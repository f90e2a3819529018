#!/usr/bin/env bash
# make-capture.sh — regenerate dns-golden.pcap (the DNS golden test's capture) from REAL programs in network
# namespaces: dig (bind9-dnsutils) asking BIND 9 (named, authoritative) and dnsmasq (a forwarding resolver).
#
# Usage (as root, Debian 12):  make-capture.sh [OUTPUT]   default: dns-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=DnsGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology (nothing leaves the two namespaces; the veth pair is connected to nothing else):
#   osp-dnsc  10.78.0.10/24 fd78::10/64  <-- veth -->  osp-dnss  10.78.0.53 fd78::53  named (authoritative golden.test)
#                                                                10.78.0.54           dnsmasq (forwards to named)
#                                                                10.78.0.55           UDP/53 dropped by nftables
# tcpdump records on the client's veth; offloads are off on both ends so every checksum is valid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/dns-golden.pcap}
NS_C=osp-dnsc; NS_S=osp-dnss; V_C=osp-dc0; V_S=osp-ds0
C4=10.78.0.10; C6=fd78::10; BIND4=10.78.0.53; BIND6=fd78::53; MASQ4=10.78.0.54; DEAD4=10.78.0.55

. "$here/../../../../../../../../scripts/lib/netns-pair.sh"
netns_require named dnsmasq dig nft
netns_start dns
netns_pair 02:00:00:78:00:10 02:00:00:78:00:01 v6
inc ip addr add $C4/24 dev $V_C; inc ip -6 addr add $C6/64 dev $V_C nodad
for a in $BIND4 $MASQ4 $DEAD4; do ins ip addr add $a/24 dev $V_S; done
ins ip -6 addr add $BIND6/64 dev $V_S nodad
ins ip link set $V_S up; inc ip link set $V_C up
ins nft -f - <<EOF
table inet osp {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr $DEAD4 udp dport 53 drop
  }
}
EOF

log "zones"
cat > $W/golden.test.zone <<'EOF'
$TTL 3600
@        IN SOA  ns.golden.test. hostmaster.golden.test. 2024010101 7200 900 1209600 300
@        IN NS   ns.golden.test.
@        IN MX   10 mail.golden.test.
@        IN TXT  "v=spf1 -all"
@        IN TXT  "Osprey DNS golden capture" "made by make-capture.sh"
ns       IN A    10.78.0.53
ns       IN AAAA fd78::53
www  600 IN A    10.78.0.1
www  600 IN AAAA fd78::1
mail     IN A    10.78.0.25
alias    IN CNAME www.golden.test.
host     IN HINFO "x86-64" "Linux"
_sip._udp IN SRV 10 60 5060 sip.golden.test.
sip      IN A    10.78.0.26
EOF
cat > $W/rev.zone <<'EOF'
$TTL 3600
@  IN SOA ns.golden.test. hostmaster.golden.test. 1 7200 900 1209600 300
@  IN NS  ns.golden.test.
1  IN PTR www.golden.test.
10 IN PTR client.golden.test.
EOF
cat > $W/named.conf <<EOF
options {
  directory "$W"; pid-file "$W/named.pid"; listen-on { $BIND4; }; listen-on-v6 { $BIND6; };
  recursion no; allow-transfer { any; }; dnssec-validation no; minimal-responses no;
};
zone "golden.test" { type primary; file "$W/golden.test.zone"; };
zone "0.78.10.in-addr.arpa" { type primary; file "$W/rev.zone"; };
EOF
ip netns exec $NS_S named -g -u root -c $W/named.conf > $W/named.log 2>&1 & PIDS+=($!)
ip netns exec $NS_S dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root \
  --pid-file=$W/dnsmasq.pid --no-resolv --no-hosts --no-poll --bind-interfaces --listen-address=$MASQ4 \
  --server=$BIND4 > $W/dnsmasq.log 2>&1 & PIDS+=($!)
for _ in $(seq 1 50); do
  ins ss -lun | grep -q "$BIND4:53 " && ins ss -lun | grep -q "$MASQ4:53 " && ins ss -ltn | grep -q "$BIND4:53 " && break
  sleep 0.2
done
ins ss -lun | grep -q "$BIND4:53 " || { cat $W/named.log >&2; exit 1; }

log "capture"
inc tcpdump -i $V_C -B 65536 -s 0 -U -w $W/c.pcap > $W/tcpdump.log 2>&1 & PIDS+=($!); TCPDUMP=$!
for _ in $(seq 1 50); do grep -q 'listening on' $W/tcpdump.log && break; sleep 0.1; done
sleep 0.5
D="timeout 10 dig +tries=1 +time=2"
q() { inc $D "$@" >/dev/null || true; sleep 0.2; }
q @$BIND4 www.golden.test A                      # EDNS with a cookie (dig's default)
q @$BIND4 www.golden.test AAAA +noedns
q @$BIND4 golden.test MX +nocookie
q @$BIND4 golden.test TXT +noedns                 # two TXT RRs, one with two strings
q @$BIND4 alias.golden.test A +noedns            # CNAME then A
q @$BIND4 -x 10.78.0.1 +noedns                   # PTR
q @$BIND4 golden.test SOA +noedns
q @$BIND4 golden.test NS +noedns
q @$BIND4 _sip._udp.golden.test SRV +noedns
q @$BIND4 host.golden.test HINFO +noedns         # a type dns.log renders nothing for
q @$BIND4 nothere.golden.test A +noedns          # NXDOMAIN (SOA in authority)
q @$BIND4 example.org A +noedns                  # REFUSED without any RR: rejected
q @$BIND4 +tcp +keepopen mail.golden.test A +noedns www.golden.test TXT +noedns   # two messages on one TCP connection
q @$BIND4 golden.test AXFR                       # zone transfer over TCP
q @$MASQ4 www.golden.test A +noedns              # through dnsmasq: RA set
q @$DEAD4 www.golden.test A +noedns              # dropped: never answered
q @$BIND6 www.golden.test AAAA +noedns           # over IPv6
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cp $W/c.pcap "$OUT"
log "wrote $OUT ($(stat -c %s "$OUT") bytes)"
