#!/usr/bin/env bash
# make-capture.sh — regenerate radius-golden.pcap (the RADIUS golden test's capture) from REAL programs in network
# namespaces: radclient (freeradius-utils) against FreeRADIUS 3.2.
#
# Usage (as root, Debian 12 with freeradius and freeradius-utils):  make-capture.sh [OUTPUT]
#   default: radius-golden.pcap next to this script. Then refresh the expected logs (real Zeek 9.1 on it):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=RadiusGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology (nothing leaves the two namespaces; the veth pair is connected to nothing else):
#   osp-radc  10.80.0.10/24  <-- veth -->  osp-rads  10.80.0.1  freeradius (a copy of Debian's configuration with
#                                                                 its own client, users and a challenge policy)
# tcpdump records on the client's veth; offloads are off on both ends so every checksum is valid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/radius-golden.pcap}
NS_C=osp-radc; NS_S=osp-rads; V_C=osp-rc0; V_S=osp-rs0
C4=10.80.0.10; S4=10.80.0.1

. "$here/../../../../../../../../scripts/lib/netns-pair.sh"
netns_require freeradius radclient
netns_start radius; chmod 755 $W   # freeradius drops to user freerad
netns_pair 02:00:00:80:00:10 02:00:00:80:00:01
inc ip addr add $C4/24 dev $V_C
ins ip addr add $S4/24 dev $V_S
ins ip link set $V_S up; inc ip link set $V_C up

log "server configuration"
cp -a /etc/freeradius/3.0 $W/raddb
rm -f $W/raddb/sites-enabled/* $W/raddb/mods-enabled/eap
cat > $W/raddb/clients.conf <<EOF2
client golden {
  ipaddr = 10.80.0.0/24
  secret = osprey-secret
}
EOF2
cat > $W/raddb/mods-config/files/authorize <<'EOF2'
steve	Cleartext-Password := "testing"
	Framed-IP-Address = 10.80.0.77,
	Reply-Message = "Hello, %{User-Name}"
carol	Cleartext-Password := "chap-secret"
chal	Cleartext-Password := "1234"
EOF2
cat > $W/raddb/sites-enabled/golden <<'EOF2'
server golden {
  listen {
    type = auth
    ipaddr = *
    port = 1812
  }
  authorize {
    # First request of user "chal": an Access-Challenge with a prompt, an address hint and a State.
    if (&User-Name == "chal" && !&State) {
      update reply {
        &Reply-Message := "Enter the code sent to you"
        &Framed-IP-Address := 10.80.0.99
        &State := 0x6f737072
      }
      challenge
    }
    files
    pap
    chap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
    Auth-Type CHAP {
      chap
    }
  }
  post-auth {
    Post-Auth-Type REJECT {
      ok
    }
  }
}
EOF2
sed -i 's/^\(\s*\)reject_delay = .*/\1reject_delay = 0/' $W/raddb/radiusd.conf
chown -R freerad:freerad $W/raddb

log "capture"
inc tcpdump -i $V_C -B 65536 -s 0 -U -w $W/c.pcap udp > $W/tcpdump.log 2>&1 & PIDS+=($!); TCPDUMP=$!
for _ in $(seq 1 50); do grep -q 'listening on' $W/tcpdump.log && break; sleep 0.1; done
ins freeradius -f -l stdout -d $W/raddb > $W/server.log 2>&1 & PIDS+=($!)
for _ in $(seq 1 50); do ins ss -lun | grep -q ':1812 ' && break; sleep 0.2; done
ins ss -lun | grep -q ':1812 ' || { cat $W/server.log >&2; exit 1; }
rc() { # attributes... ; one request on its own connection
  printf '%s\n' "$@" | inc timeout 10 radclient -r 1 -t 2 -x $S4:1812 auth osprey-secret > /dev/null 2>&1 || true
  sleep 0.2
}
# PAP, accepted, with the attributes radius.log takes from a request (MAC in dashed capitals).
rc 'User-Name = "steve"' 'User-Password = "testing"' 'Calling-Station-Id = "00-14-22-E9-54-5E"' \
   'Connect-Info = "CONNECT 54Mbps 802.11g"' 'Tunnel-Client-Endpoint:1 = "192.0.2.7"' 'NAS-IP-Address = 10.80.0.10'
rc 'User-Name = "steve"' 'User-Password = "wrong"'                       # rejected
rc 'User-Name = "nobody"' 'User-Password = "x"' 'Calling-Station-Id = "not a mac"'   # rejected, MAC not normalizable
rc 'User-Name = "carol"' 'CHAP-Password = "chap-secret"'                 # CHAP, accepted
rc 'User-Name = "chal"' 'User-Password = "1234"'                         # challenged, never answered
# Challenged, then answered with the State on the same connection: accepted (one exchange, one row).
printf 'User-Name = "chal"\nUser-Password = "1234"\n\nUser-Name = "chal"\nUser-Password = "1234"\nState = 0x6f737072\n' > $W/chal
inc timeout 10 radclient -r 1 -t 2 -f $W/chal $S4:1812 auth osprey-secret > /dev/null 2>&1 || true
echo 'Message-Authenticator = 0x00' | inc timeout 10 radclient -r 1 -t 2 $S4:1812 status osprey-secret > /dev/null 2>&1 || true
rc 'Message-Authenticator = 0x00' 'Calling-Station-Id = "0014.22e9.545e.0001"'   # Status-Server-like probe: no user
# Two exchanges on one connection (radclient -f with two requests, one socket).
printf 'User-Name = "steve"\nUser-Password = "testing"\n\nUser-Name = "steve"\nUser-Password = "bad"\n' > $W/two
inc timeout 10 radclient -r 1 -t 2 -f $W/two $S4:1812 auth osprey-secret > /dev/null 2>&1 || true
# A request with the wrong secret's client address is dropped by the server: never answered.
inc ip addr add 10.80.1.10/24 dev $V_C
ins ip addr add 10.80.1.1/24 dev $V_S
printf 'User-Name = "steve"\nUser-Password = "testing"\n' | inc timeout 10 radclient -r 1 -t 1 10.80.1.1:1812 auth x > /dev/null 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cp $W/c.pcap "$OUT"
log "wrote $OUT ($(stat -c %s "$OUT") bytes)"
