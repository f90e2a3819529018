#!/usr/bin/env bash
# make-capture.sh — regenerate xmpp-golden.pcap (the XMPP golden test's capture) from REAL programs in network
# namespaces: the Prosody XMPP server (a self-signed certificate for golden.test) and a slixmpp client
# (python3-slixmpp) that logs in, sends presence and a message and leaves: once with STARTTLS, once in the clear.
#
# Usage (as root, Debian):  make-capture.sh [OUTPUT]   default: xmpp-golden.pcap next to this script
# Then refresh the expected logs (real Zeek 9.1 on the new capture):
#   ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=XmppGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Topology: osp-xmc 10.58.0.1/24 <-- veth --> osp-xms 10.58.0.2/24 (prosody on 5222). MTU 1500, offloads off.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/xmpp-golden.pcap}
C=osp-xmc; S=osp-xms
[ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
for b in prosody prosodyctl openssl tcpdump ip ethtool; do
  command -v $b >/dev/null 2>&1 || [ -x /usr/sbin/$b ] || { echo "missing: $b" >&2; exit 1; }
done
/usr/bin/python3 -c 'import slixmpp' || { echo "missing: python3-slixmpp" >&2; exit 1; }
W=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/golden.key" -out "$W/golden.crt" -days 3650 \
  -subj "/CN=golden.test" 2>/dev/null
mkdir -p "$W/data" "$W/certs"
cat > "$W/prosody.cfg.lua" <<CFG
daemonize = false
pidfile = "$W/prosody.pid"
data_path = "$W/data"
certificates = "$W/certs"
log = { { levels = { min = "info" }, to = "file", filename = "$W/prosody.log" } }
interfaces = { "10.58.0.2" }
c2s_ports = { 5222 }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "presence" }
modules_disabled = { "s2s"; "posix" }
authentication = "internal_plain"
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
ssl = { key = "$W/golden.key"; certificate = "$W/golden.crt" }
VirtualHost "golden.test"
CFG
cat > "$W/client.py" <<'PY'
import sys, asyncio, ssl
import slixmpp
tls = sys.argv[1] == 'tls'
class C(slixmpp.ClientXMPP):
    def __init__(self):
        super().__init__('alice@golden.test/osprey', 'secret')
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('failed_auth', lambda e: self.disconnect())
    async def start(self, event):
        self.send_presence()
        self.send_message(mto='alice@golden.test', mbody='hello', mtype='chat')
        await asyncio.sleep(0.5)
        self.disconnect()
c = C()
c.ssl_context.check_hostname = False
c.ssl_context.verify_mode = ssl.CERT_NONE
c['feature_mechanisms'].unencrypted_plain = True
c.connect(('10.58.0.2', 5222), disable_starttls=not tls, force_starttls=tls)
c.loop.run_until_complete(asyncio.wait_for(c.disconnected, 10))
PY
chmod -R a+rwX "$W"
prosodyctl --config "$W/prosody.cfg.lua" register alice golden.test secret >/dev/null 2>&1

ip netns add $C; ip netns add $S
ip link add osp-xm0 type veth peer name osp-xm1
ip link set osp-xm0 netns $C; ip link set osp-xm1 netns $S
ip -n $C addr add 10.58.0.1/24 dev osp-xm0; ip -n $S addr add 10.58.0.2/24 dev osp-xm1
ip -n $C link set osp-xm0 up mtu 1500; ip -n $S link set osp-xm1 up mtu 1500
ip -n $S link set lo up
ip netns exec $C ethtool -K osp-xm0 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K osp-xm1 rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true

ip netns exec $S prosody --config "$W/prosody.cfg.lua" >/dev/null 2>&1 & PIDS+=($!)
sleep 3
ip netns exec $S tcpdump -i osp-xm1 -B 65536 -s 0 -U -w "$OUT" tcp 2>/dev/null & PIDS+=($!)
sleep 1
ip netns exec $C timeout 15 /usr/bin/python3 "$W/client.py" tls >/dev/null 2>&1 || true
ip netns exec $C timeout 15 /usr/bin/python3 "$W/client.py" plain >/dev/null 2>&1 || true
sleep 1
