#!/usr/bin/env bash
# make-sample.sh — regenerate samples/sample.pcap from REAL Debian clients and servers in network namespaces.
#
# Usage (as root, Debian 12):   samples/make-sample.sh [OUTPUT]      default: samples/sample.pcap next to this script
# Environment:                  KEEP_WORK=1   keep the work directory (configs, keys, server logs) for debugging
#
# Topology (nothing leaves these two namespaces: neither has a default route, the veth pair is connected to
# nothing else):
#
#   osp-client                                   osp-server
#   osp-c0  02:00:00:77:00:10  <---- veth ---->  osp-s0  02:00:00:77:00:01
#   10.77.0.10/24                                10.77.0.1/24   www  (nginx :80 :8080, openssl s_server :443, sshd :22)
#   fd77::10/64                                  10.77.0.53/24  ns   (dnsmasq, UDP+TCP 53)
#                                                fd77::1/64, fd77::53/64 (same services over IPv6)
#
# tcpdump captures on osp-c0 (inside osp-client) with plain `tcpdump -i osp-c0 -B 65536 -s 0 -w`.
# Offloads are switched off on BOTH veth ends and the MTU is 1500, so every frame is <= 1514 bytes and carries
# a valid checksum. Client programs resolve names through dnsmasq: `ip netns exec` bind-mounts
# /etc/netns/osp-client/{resolv.conf,hosts} over /etc/ for the client namespace only.
#
# The script is idempotent: it first removes leftovers of an earlier run (only its own namespace names and
# /etc/netns/osp-*), and a trap tears everything down again (processes, namespaces, /etc/netns/osp-*) on exit,
# failure or interrupt. The output is reproducible apart from timestamps and fields that are random by design
# (TCP sequence numbers, ephemeral ports, DNS ids, TLS randoms/keys, SSH keys, the self-signed certificate).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/sample.pcap}
NS_C=osp-client; NS_S=osp-server
V_C=osp-c0; V_S=osp-s0
MAC_C=02:00:00:77:00:10; MAC_S=02:00:00:77:00:01
C4=10.77.0.10; WWW4=10.77.0.1; DNS4=10.77.0.53
C6=fd77::10;   WWW6=fd77::1;   DNS6=fd77::53

[ "$(id -u)" = 0 ] || { echo "make-sample.sh: must run as root" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
inc() { ip netns exec "$NS_C" "$@"; }   # run in the client namespace
ins() { ip netns exec "$NS_S" "$@"; }   # run in the server namespace
pause() { sleep "${1:-0.5}"; }          # spaces the scenarios out so the capture reads well
# start_in NS LOGFILE CMD...: start a long-running program in a namespace in the background. `ip netns exec`
# execs the program, so $! is the program's own pid (signals reach it directly, no shell in between).
start_in() { local ns=$1 out=$2; shift 2; ip netns exec "$ns" "$@" > "$out" 2>&1 & PIDS+=($!); }

# ---------------------------------------------------------------------------------------------------- packages
need=()
for pair in tcpdump:tcpdump nginx:nginx dnsmasq:dnsmasq-base dig:bind9-dnsutils sshd:openssh-server \
            ssh:openssh-client ssh-keygen:openssh-client curl:curl wget:wget openssl:openssl ip:iproute2 \
            ethtool:ethtool ping:iputils-ping nft:nftables nc:netcat-openbsd; do
  b=${pair%%:*}; p=${pair#*:}
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

# ---------------------------------------------------------------------------------------------------- teardown
W=""
PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for ns in $NS_C $NS_S; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
    fi
  done
  sleep 0.3
  for ns in $NS_C $NS_S; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    fi
  done
  rm -rf /etc/netns/$NS_C /etc/netns/$NS_S
  rmdir /etc/netns 2>/dev/null   # only if now empty
  if [ -n "$W" ] && [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$W"; fi
  [ -n "$W" ] && [ "${KEEP_WORK:-0}" = 1 ] && echo "work directory kept: $W" >&2
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup                                                   # leftovers of an earlier (killed) run
W=$(mktemp -d /tmp/osprey-sample.XXXXXX)

# ---------------------------------------------------------------------------------------------------- network
log "creating namespaces $NS_C <-> $NS_S"
ip netns add $NS_C
ip netns add $NS_S
ip link add $V_C address $MAC_C type veth peer name $V_S address $MAC_S
ip link set $V_C netns $NS_C
ip link set $V_S netns $NS_S
for ns in $NS_C $NS_S; do
  [ $ns = $NS_C ] && dev=$V_C || dev=$V_S
  # no router solicitations: keeps unrelated IPv6 chatter out of the capture
  ip netns exec $ns sysctl -qw net.ipv6.conf.$dev.router_solicitations=0 net.ipv6.conf.$dev.accept_ra=0
  ip netns exec $ns ip link set $dev mtu 1500
  ip netns exec $ns ethtool -K $dev rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec $ns ip link set lo up
done
inc ip addr add $C4/24 dev $V_C
inc ip -6 addr add $C6/64 dev $V_C nodad
ins ip addr add $WWW4/24 dev $V_S
ins ip addr add $DNS4/24 dev $V_S
ins ip -6 addr add $WWW6/64 dev $V_S nodad
ins ip -6 addr add $DNS6/64 dev $V_S nodad
ins ip link set $V_S up
inc ip link set $V_C up
# server-side packet filter: TCP/9999 and UDP/5555 are silently dropped (-> an S0 connection, a one-sided UDP flow)
ins nft -f - <<'EOF'
table inet osp {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 9999 drop
    udp dport 5555 drop
  }
}
EOF

# client resolver: glibc in osp-client asks dnsmasq
mkdir -p /etc/netns/$NS_C
printf 'nameserver %s\n' $DNS4 > /etc/netns/$NS_C/resolv.conf
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' > /etc/netns/$NS_C/hosts

# ---------------------------------------------------------------------------------------------------- content
log "generating content, keys and certificates in $W"
mkdir -p $W/www/files $W/www/gz $W/www/chunked $W/www/slow $W/www8080 $W/nginx-tmp $W/ssh
cat > $W/www/index.html <<'EOF'
<!DOCTYPE html>
<html><head><title>Osprey sample</title></head>
<body><h1>Osprey sample server</h1><p>Static page served by nginx for the Osprey sample capture.</p>
<ul><li><a href="/about.html">about</a></li><li><a href="/files/data.bin">data.bin</a></li></ul></body></html>
EOF
cat > $W/www/about.html <<'EOF'
<!DOCTYPE html>
<html><head><title>About</title></head><body><p>Second page, fetched on the same keep-alive connection.</p></body></html>
EOF
# deterministic pseudo-random payloads (AES-CTR keystream of zeros with a fixed key)
prng() { openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv "$1" < /dev/zero 2>/dev/null | head -c "$2"; }
prng 00000000000000000000000000000001 98304 > $W/www/files/data.bin             # 96 KiB download
prng 00000000000000000000000000000002 262144 > $W/www/slow/big.bin              # aborted mid-transfer
for i in $(seq 1 120); do echo "line $i: the quick brown fox jumps over the lazy dog, osprey sample text"; done \
  > $W/www/gz/notes.txt
gzip -9 -n -c $W/www/gz/notes.txt > $W/www/gz/notes.txt.gz                      # served by gzip_static
for i in $(seq 1 60); do echo "<p>chunk paragraph $i: nginx sub_filter drops Content-Length</p>"; done \
  | sed '1i <html><body>' | sed '$a </body></html>' > $W/www/chunked/index.html
echo "port 8080 says hello" > $W/www8080/index.html

cat > $W/nginx.conf <<EOF
user root;
worker_processes 1;
daemon off;
pid $W/nginx.pid;
error_log $W/nginx-error.log info;
events { worker_connections 64; }
http {
  access_log $W/nginx-access.log;
  client_body_temp_path $W/nginx-tmp/body; proxy_temp_path $W/nginx-tmp/proxy;
  fastcgi_temp_path $W/nginx-tmp/fcgi; uwsgi_temp_path $W/nginx-tmp/uwsgi; scgi_temp_path $W/nginx-tmp/scgi;
  types { text/html html; text/plain txt; application/octet-stream bin; }
  default_type application/octet-stream;
  keepalive_timeout 30;
  server {
    listen $WWW4:80; listen [$WWW6]:80;
    server_name www.osprey.test;
    root $W/www;
    location /gz/      { gzip_static on; }                      # Content-Encoding: gzip, with Content-Length
    location /chunked/ { sub_filter 'paragraph' 'para'; sub_filter_once off; }   # Transfer-Encoding: chunked
    location /slow/    { limit_rate 16k; }                      # the client gives up mid-transfer
    location = /submit { default_type text/plain; return 201 "stored\n"; }       # POST target (body read and discarded)
  }
  server {
    listen $WWW4:8080;
    server_name www.osprey.test;
    root $W/www8080;
  }
}
EOF

# TLS: self-signed RSA certificate for www.osprey.test
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -keyout $W/tls.key -out $W/tls.crt \
  -subj "/C=US/O=Osprey Sample/CN=www.osprey.test" \
  -addext "subjectAltName=DNS:www.osprey.test,DNS:osprey.test,IP:$WWW4" >/dev/null 2>&1

# SSH: host key, an authorized client key, and a second key the server does not know (failed login)
ssh-keygen -q -t ed25519 -N '' -C osprey-sample-host -f $W/ssh/host_ed25519
ssh-keygen -q -t ed25519 -N '' -C osprey-sample-good -f $W/ssh/id_good
ssh-keygen -q -t ed25519 -N '' -C osprey-sample-bad  -f $W/ssh/id_bad
cp $W/ssh/id_good.pub $W/ssh/authorized_keys
cat > $W/ssh/sshd_config <<EOF
ListenAddress $WWW4:22
ListenAddress [$WWW6]:22
HostKey $W/ssh/host_ed25519
PidFile $W/ssh/sshd.pid
AuthorizedKeysFile $W/ssh/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PrintMotd no
Banner none
EOF
SSH_OPTS=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes
          -o IdentitiesOnly=yes -o ConnectTimeout=5 -o LogLevel=ERROR)

# ---------------------------------------------------------------------------------------------------- servers
log "starting servers in $NS_S"
start_in $NS_S $W/nginx.out nginx -c $W/nginx.conf -p $W
start_in $NS_S $W/dnsmasq.out dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --group=root --pid-file=$W/dnsmasq.pid \
  --log-queries --log-facility=$W/dnsmasq.log --no-resolv --no-hosts --no-poll --bind-interfaces \
  --listen-address=$DNS4 --listen-address=$DNS6 --edns-packet-max=1232 \
  --domain=osprey.test --local=/osprey.test/ --local=/77.10.in-addr.arpa/ \
  --host-record=www.osprey.test,$WWW4,$WWW6 --host-record=ns.osprey.test,$DNS4,$DNS6 \
  --host-record=client.osprey.test,$C4,$C6 --host-record=mail.osprey.test,10.77.0.25 \
  --mx-host=osprey.test,mail.osprey.test,10 --cname=web.osprey.test,www.osprey.test \
  --txt-record='osprey.test,v=spf1 ip4:10.77.0.0/24 -all' \
  --txt-record='_info.osprey.test,Osprey sample capture,generated by samples/make-sample.sh'   # two strings
mkdir -p /run/sshd                                         # privilege-separation directory OpenSSH insists on
start_in $NS_S $W/sshd.log /usr/sbin/sshd -D -e -f $W/ssh/sshd_config
start_in $NS_S $W/tls4.log openssl s_server -quiet -www -accept $WWW4:443 -cert $W/tls.crt -key $W/tls.key
start_in $NS_S $W/tls6.log openssl s_server -quiet -www -6 -accept "[$WWW6]:443" -cert $W/tls.crt -key $W/tls.key

ok=0
for _ in $(seq 1 50); do
  if ins ss -ltn | grep -q "$WWW4:80 " && ins ss -ltn | grep -q "$WWW4:8080 " && ins ss -ltn | grep -q "$WWW4:22 " &&
     ins ss -ltn | grep -q "$WWW4:443 " && ins ss -ltn | grep -q "\[$WWW6\]:443 " && ins ss -lun | grep -q "$DNS4:53 "; then
    ok=1; break
  fi
  sleep 0.2
done
[ $ok = 1 ] || { log "servers did not come up"; ins ss -ltnup >&2; tail -n 20 $W/*.log $W/*.out >&2; exit 1; }
log "servers up"

# ---------------------------------------------------------------------------------------------------- capture
TMP_PCAP=$W/sample.pcap
start_in $NS_C $W/tcpdump.log tcpdump -i $V_C -B 65536 -s 0 -U -w $TMP_PCAP; TCPDUMP=${PIDS[-1]}
for _ in $(seq 1 50); do grep -q 'listening on' $W/tcpdump.log && break; sleep 0.1; done
grep -q 'listening on' $W/tcpdump.log || { log "tcpdump did not start"; cat $W/tcpdump.log >&2; exit 1; }
pause 1
# Each scenario is tolerant of the (expected) client failures; `timeout` bounds every client.
T="timeout 15"

log "ICMP: ping v4 and v6"
inc $T ping -c 3 -i 0.2 $WWW4 >/dev/null
inc $T ping -c 3 -i 0.2 $WWW6 >/dev/null
pause

log "DNS: dig against dnsmasq (A, AAAA, MX, TXT, PTR, CNAME, NXDOMAIN, TCP, EDNS, over v4 and v6)"
D="$T dig +tries=1 +time=3"
inc $D @$DNS4 www.osprey.test A +noedns >/dev/null
inc $D @$DNS4 www.osprey.test AAAA +noedns >/dev/null
inc $D @$DNS4 osprey.test MX >/dev/null                    # EDNS (dig's default: OPT record, 1232 buffer)
inc $D @$DNS4 osprey.test TXT +bufsize=4096 +nocookie >/dev/null
inc $D @$DNS4 _info.osprey.test TXT +noedns >/dev/null
inc $D @$DNS4 -x $WWW4 +noedns >/dev/null                    # PTR 1.0.77.10.in-addr.arpa
inc $D @$DNS4 web.osprey.test A +noedns >/dev/null            # CNAME chain
inc $D @$DNS4 nothere.osprey.test A +noedns >/dev/null        # NXDOMAIN
inc $D @$DNS4 mail.osprey.test A +tcp +noedns >/dev/null      # DNS over TCP
inc $D @$DNS6 www.osprey.test AAAA +noedns >/dev/null         # DNS over IPv6
inc $D @$DNS6 -x $C6 +noedns >/dev/null                       # PTR in ip6.arpa
pause

log "HTTP: curl and wget against nginx"
UA_CURL="Osprey-Sample/1.0 (curl; +https://osprey.test/sample)"
# one connection, three requests: keep-alive, the third is a 404
inc $T curl -4 -sS -o /dev/null -o /dev/null -o /dev/null -A "$UA_CURL" \
  http://www.osprey.test/ http://www.osprey.test/about.html http://www.osprey.test/missing.html || true
pause
# POST with a form body
inc $T curl -4 -sS -o /dev/null -A "$UA_CURL" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'name=osprey&kind=raptor&habitat=coast&note=sample+capture+post+body' http://www.osprey.test/submit
pause
# gzip-encoded response (pre-compressed file, Content-Length present)
inc $T curl -4 -sS -o /dev/null --compressed -A "$UA_CURL" http://www.osprey.test/gz/notes.txt
pause
# chunked response (sub_filter removes Content-Length)
inc $T curl -4 -sS -o /dev/null -A "$UA_CURL" http://www.osprey.test/chunked/
pause
# HEAD request
inc $T curl -4 -sS -o /dev/null -I -A "$UA_CURL" http://www.osprey.test/files/data.bin
pause
# file download with wget (96 KiB, application/octet-stream)
inc $T wget -4 -q -O /dev/null -U "Osprey-Sample-Wget/1.21 (wget)" http://www.osprey.test/files/data.bin
pause
# non-standard port
inc $T curl -4 -sS -o /dev/null -A "Osprey-Sample/1.0 (port 8080)" http://www.osprey.test:8080/
pause
# HTTP over IPv6, with an ordinary browser User-Agent
inc $T curl -6 -sS -o /dev/null -A "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" \
  http://www.osprey.test/
pause
# aborted mid-transfer: the server sends at 16 KiB/s, the client reads at only 2 KiB/s and gives up after
# 1.5 s; it closes with unread data in its socket buffer, so its kernel resets the connection (RST)
inc timeout 10 curl -4 -sS -o /dev/null --max-time 1.5 --limit-rate 2k -A "$UA_CURL" \
  http://www.osprey.test/slow/big.bin 2>/dev/null || true
pause 1

log "TLS: openssl s_client against s_server (TLS 1.2 with SNI, TLS 1.3 with SNI, TLS 1.2 without SNI, TLS 1.3 over v6)"
tls() { printf 'GET / HTTP/1.0\r\n\r\n' | inc $T openssl s_client -quiet "$@" >/dev/null 2>&1 || true; pause; }
tls -connect $WWW4:443 -servername www.osprey.test -tls1_2
tls -connect $WWW4:443 -servername www.osprey.test -tls1_3
tls -connect $WWW4:443 -noservername -tls1_2
tls -connect "[$WWW6]:443" -servername www.osprey.test -tls1_3

log "SSH: key login running a command, a failed login (unknown key), a login over v6"
inc $T ssh "${SSH_OPTS[@]}" -i $W/ssh/id_good root@$WWW4 'uname -s; echo osprey-sample' >/dev/null
pause
inc $T ssh "${SSH_OPTS[@]}" -i $W/ssh/id_bad root@$WWW4 true >/dev/null 2>&1 && { log "bad key was accepted?!"; exit 1; } || true
pause
inc $T ssh "${SSH_OPTS[@]}" -i $W/ssh/id_good root@$WWW6 'id -u' >/dev/null
pause

log "connection states: closed port (RST), filtered port (S0), UDP without reply, UDP to closed port (ICMP)"
inc timeout 5 nc -z -w 2 $WWW4 81 2>/dev/null || true        # RST from the server: REJ
inc timeout 5 nc -z -w 2 $WWW6 81 2>/dev/null || true        # same over IPv6
inc timeout 3 nc -z -w 2 $WWW4 9999 2>/dev/null || true      # dropped by nft: SYN + retransmissions, S0
echo "osprey sample: nobody answers this" | inc timeout 3 nc -u -w 1 $WWW4 5555 2>/dev/null || true   # dropped
echo "osprey sample: port unreachable" | inc timeout 3 nc -u -w 1 $WWW4 5556 2>/dev/null || true      # ICMP unreachable
pause 1

# ---------------------------------------------------------------------------------------------------- finish
kill -INT $TCPDUMP
for _ in $(seq 1 50); do kill -0 $TCPDUMP 2>/dev/null || break; sleep 0.1; done
kill -0 $TCPDUMP 2>/dev/null && { log "tcpdump did not stop"; exit 1; }
cat $W/tcpdump.log >&2
mkdir -p "$(dirname "$OUT")"
cp $TMP_PCAP "$OUT.tmp" && mv "$OUT.tmp" "$OUT"

# ---------------------------------------------------------------------------------------------------- checks
log "checking $OUT"
pkts=$(tcpdump -r "$OUT" -nn 2>/dev/null | wc -l)
maxlen=$(tcpdump -r "$OUT" -nn -e 2>/dev/null | sed -n 's/^[^,]*, ethertype [^,]*, length \([0-9]*\):.*/\1/p' | sort -n | tail -1)
bad=$(tcpdump -r "$OUT" -nn -vv 2>/dev/null | grep -Eci 'incorrect|bad cksum|bad udp cksum|bad tcp cksum' || true)
size=$(stat -c %s "$OUT")
log "packets=$pkts bytes=$size max_frame=$maxlen bad_checksums=$bad"
[ "$pkts" -gt 100 ] || { log "too few packets"; exit 1; }
[ "${maxlen:-0}" -le 1514 ] || { log "a frame exceeds 1514 bytes (offloads on?)"; exit 1; }
[ "$bad" -eq 0 ] || { log "bad checksums found"; exit 1; }
[ "$size" -le 650000 ] || log "warning: capture larger than ~600 KB"
log "done: $OUT"
