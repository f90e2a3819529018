#!/usr/bin/env bash
# make-http-sample.sh — regenerate samples/http.pcap: REAL HTTP/1.x clients (curl, wget, a raw pipelining client)
# against nginx in two network namespaces, for the HTTP analyzer's golden test.
#
# Usage (as root, Debian 12):   samples/make-http-sample.sh [OUTPUT]     default: samples/http.pcap
# Environment:                  KEEP_WORK=1   keep the work directory (nginx config and logs) for debugging
#
#   osp-hc  osp-hc0 02:00:00:78:00:10 10.78.0.10/24  <-- veth -->  osp-hs0 02:00:00:78:00:01 10.78.0.1/24  osp-hs
#                                                                  nginx :80 and :2222 (HTTP on a non-standard port)
#
# Nothing leaves the namespaces (no default route). Offloads are off on both veth ends and the MTU is 1500, so every
# frame is <= 1514 bytes with a valid checksum. tcpdump records on osp-hc0 with -B 65536. Names are not resolved
# (no DNS in this capture): clients connect to the address and send Host: www.osprey.test.
#
# Scenarios, in order (see samples/README.md):
#   1 keep-alive: curl, three GETs on one connection (/, /about.html, /missing.html -> 404)
#   2 pipelining: printf | nc, three requests in one segment (GET, HEAD, GET) answered in order
#   3 chunked:    curl, nginx sub_filter drops Content-Length -> Transfer-Encoding: chunked
#   4 gzip:       curl --compressed, nginx gzip on (dynamic) -> Content-Encoding: gzip, chunked
#   5 POST:       curl --data with Expect: 100-continue (100 Continue, then 201)
#   6 upload:     curl -F file=@notes.txt (multipart/form-data with a filename)
#   7 basic auth: curl -u, first without credentials (401), then with them (200)
#   8 download:   wget, Content-Disposition: attachment; filename="report.bin"
#   9 port 2222:  curl to nginx on 2222 (found by payload detection, not by port)
#  10 HTTP/1.0:   curl --http1.0 (connection closed by the server after the reply)
#  11 HTTP/0.9:   printf 'GET /hello.txt\r\n' | nc (raw reply without status line)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$here/http.pcap}
NS_C=osp-hc; NS_S=osp-hs
V_C=osp-hc0; V_S=osp-hs0
MAC_C=02:00:00:78:00:10; MAC_S=02:00:00:78:00:01
C4=10.78.0.10; S4=10.78.0.1

[ "$(id -u)" = 0 ] || { echo "make-http-sample.sh: must run as root" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
inc() { ip netns exec "$NS_C" "$@"; }
ins() { ip netns exec "$NS_S" "$@"; }
pause() { sleep "${1:-0.3}"; }
start_in() { local ns=$1 out=$2; shift 2; ip netns exec "$ns" "$@" > "$out" 2>&1 & PIDS+=($!); }

need=()
for pair in tcpdump:tcpdump nginx:nginx curl:curl wget:wget openssl:openssl ip:iproute2 ethtool:ethtool \
            nc:netcat-openbsd; do
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

W=""
PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for ns in $NS_C $NS_S; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    fi
  done
  if [ -n "$W" ] && [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$W"; fi
  [ -n "$W" ] && [ "${KEEP_WORK:-0}" = 1 ] && echo "work directory kept: $W" >&2
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup
W=$(mktemp -d /tmp/osprey-http-sample.XXXXXX)

# ---------------------------------------------------------------------------------------------------- network
log "creating namespaces $NS_C <-> $NS_S"
ip netns add $NS_C
ip netns add $NS_S
ip link add $V_C address $MAC_C type veth peer name $V_S address $MAC_S
ip link set $V_C netns $NS_C
ip link set $V_S netns $NS_S
for ns in $NS_C $NS_S; do
  [ $ns = $NS_C ] && dev=$V_C || dev=$V_S
  ip netns exec $ns sysctl -qw net.ipv6.conf.$dev.disable_ipv6=1   # IPv4 only: no neighbour discovery chatter
  ip netns exec $ns ip link set $dev mtu 1500
  ip netns exec $ns ethtool -K $dev rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec $ns ip link set lo up
done
inc ip addr add $C4/24 dev $V_C
ins ip addr add $S4/24 dev $V_S
ins ip link set $V_S up
inc ip link set $V_C up
# static neighbours: no ARP in the capture
inc ip neigh add $S4 lladdr $MAC_S dev $V_C nud permanent
ins ip neigh add $C4 lladdr $MAC_C dev $V_S nud permanent

# ---------------------------------------------------------------------------------------------------- content
mkdir -p $W/www/chunked $W/www/gz $W/www/private $W/nginx-tmp $W/up
cat > $W/www/index.html <<'EOF'
<!DOCTYPE html>
<html><head><title>Osprey HTTP sample</title></head><body><h1>Osprey HTTP sample</h1></body></html>
EOF
echo '<html><body><p>About this sample.</p></body></html>' > $W/www/about.html
echo 'hello from HTTP/0.9 and friends' > $W/www/hello.txt
for i in $(seq 1 40); do echo "<p>chunk paragraph $i</p>"; done | sed '1i <html><body>' | sed '$a </body></html>' \
  > $W/www/chunked/index.html
for i in $(seq 1 80); do echo "line $i: the quick brown fox jumps over the lazy dog"; done > $W/www/gz/notes.txt
echo 'secret page' > $W/www/private/index.html
prng() { openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv "$1" < /dev/zero 2>/dev/null | head -c "$2"; }
prng 00000000000000000000000000000003 20000 > $W/www/report.bin
for i in $(seq 1 30); do echo "upload line $i"; done > $W/up/notes.txt
# user osprey, password sample (apr1 with a fixed salt: reproducible)
printf 'osprey:%s\n' "$(openssl passwd -apr1 -salt ospreysa sample)" > $W/htpasswd

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
    listen $S4:80; listen $S4:2222;
    server_name www.osprey.test;
    root $W/www;
    location /chunked/ { sub_filter 'paragraph' 'para'; sub_filter_once off; }    # Transfer-Encoding: chunked
    location /gz/      { gzip on; gzip_types text/plain; gzip_min_length 1; }     # Content-Encoding: gzip
    location /private/ { auth_basic "osprey"; auth_basic_user_file $W/htpasswd; }
    location = /report.bin { add_header Content-Disposition 'attachment; filename="report.bin"'; }
    location = /submit { default_type text/plain; return 201 "stored\n"; }       # body read and discarded
  }
}
EOF

# ---------------------------------------------------------------------------------------------------- capture
log "starting nginx and tcpdump"
start_in $NS_S $W/nginx.out nginx -c $W/nginx.conf
sleep 0.5
start_in $NS_C $W/tcpdump.out tcpdump -i $V_C -B 65536 -s 0 -U -w "$OUT"
sleep 1

UA='Osprey-HTTP-Sample/1.0 (curl)'
B="http://$S4"
H='Host: www.osprey.test'
log "1 keep-alive"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" -H 'Referer: http://www.osprey.test/start' \
  -H 'Origin: http://www.osprey.test' "$B/" -o /dev/null "$B/about.html" -o /dev/null "$B/missing.html"
pause
log "2 pipelining"
printf 'GET / HTTP/1.1\r\nHost: www.osprey.test\r\nUser-Agent: osprey-pipeline\r\n\r\nHEAD /about.html HTTP/1.1\r\nHost: www.osprey.test\r\nUser-Agent: osprey-pipeline\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: www.osprey.test\r\nUser-Agent: osprey-pipeline\r\nConnection: close\r\n\r\n' \
  | inc timeout 10 nc -q 3 $S4 80 > /dev/null
pause
log "3 chunked"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" "$B/chunked/"
pause
log "4 gzip"
inc timeout 10 curl -s -o /dev/null --compressed -A "$UA" -H "$H" "$B/gz/notes.txt"
pause
log "5 POST with 100-continue"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" -H 'Expect: 100-continue' -H 'X-Forwarded-For: 192.0.2.7' \
  --data "name=osprey&kind=sample&note=$(printf 'x%.0s' $(seq 1 200))" "$B/submit"
pause
log "6 multipart upload"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" -F "file=@$W/up/notes.txt;type=text/plain" -F 'note=hi' \
  "$B/submit"
pause
log "7 basic auth"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" "$B/private/"
inc timeout 10 curl -s -o /dev/null -A "$UA" -H "$H" -u osprey:sample "$B/private/"
pause
log "8 download with Content-Disposition"
inc timeout 10 wget -q -O /dev/null -U 'Osprey-HTTP-Sample-Wget/1.21 (wget)' --header "$H" "$B/report.bin"
pause
log "9 port 2222"
inc timeout 10 curl -s -o /dev/null -A "$UA (port 2222)" -H 'Host: www.osprey.test:2222' "$B:2222/about.html"
pause
log "10 HTTP/1.0"
inc timeout 10 curl -s -o /dev/null --http1.0 -A "$UA (1.0)" -H "$H" "$B/hello.txt"
pause
log "11 HTTP/0.9"
printf 'GET /hello.txt\r\n' | inc timeout 10 nc -q 3 $S4 80 > /dev/null
sleep 1

kill -INT "${PIDS[1]}" 2>/dev/null; sleep 1
n=$(tcpdump -r "$OUT" -nn 2>/dev/null | wc -l)
max=$(tcpdump -r "$OUT" -nn -e 2>/dev/null | sed -n 's/.*length \([0-9]*\):.*/\1/p' | sort -n | tail -1)
bad=$(tcpdump -r "$OUT" -nn -vv 2>/dev/null | grep -ci -e incorrect -e 'bad cksum' || true)
log "wrote $OUT: $n packets, largest frame $max bytes, $bad bad checksums"
[ "$bad" = 0 ] && [ "$max" -le 1514 ] || { echo "make-http-sample.sh: capture check failed" >&2; exit 1; }
