# netns-pair.sh — sourced by the make-capture.sh scripts that record golden-test captures from real programs: two
# network namespaces joined by one veth pair (connected to nothing else), offloads off on both ends so every frame is
# MTU-sized with a valid checksum, a work directory, and a cleanup that kills what was started and deletes both
# namespaces on any exit.
#
# The caller sets NS_C NS_S (namespace names), V_C V_S (veth names) before sourcing, then calls:
#   netns_require BIN...           root, and the programs it needs (after PATH gets the sbin directories)
#   netns_start TAG                cleanup trap, stale namespaces removed, W=$(mktemp -d /tmp/osprey-TAG.XXXXXX)
#   netns_pair MAC_C MAC_S [v6]    the namespaces and the veth pair, lo up; IPv6 off unless "v6" (then router
#                                  solicitations and RAs off); the caller adds addresses and sets the veths up
# and uses log, inc (run in NS_C), ins (run in NS_S), PIDS+=($!) for background programs, and W.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
PIDS=(); W=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
inc() { ip netns exec "$NS_C" "$@"; }
ins() { ip netns exec "$NS_S" "$@"; }

netns_require() {
  [ "$(id -u)" = 0 ] || { echo "make-capture.sh: must run as root" >&2; exit 1; }
  local b
  for b in "$@" tcpdump ip ethtool; do
    command -v "$b" >/dev/null 2>&1 || { echo "missing: $b" >&2; exit 1; }
  done
}

netns_cleanup() {
  set +e
  local p ns
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for ns in "$NS_C" "$NS_S"; do
    if ip netns list | grep -qw "$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    fi
  done
  [ -n "$W" ] && rm -rf "$W"
  return 0
}

netns_start() {
  trap netns_cleanup EXIT
  trap 'exit 130' INT TERM
  netns_cleanup
  W=$(mktemp -d "/tmp/osprey-$1.XXXXXX")
}

netns_pair() {
  local ns dev
  log "namespaces"
  ip netns add "$NS_C"; ip netns add "$NS_S"
  ip link add "$V_C" address "$1" type veth peer name "$V_S" address "$2"
  ip link set "$V_C" netns "$NS_C"; ip link set "$V_S" netns "$NS_S"
  for ns in "$NS_C" "$NS_S"; do
    [ "$ns" = "$NS_C" ] && dev=$V_C || dev=$V_S
    if [ "${3:-}" = v6 ]; then
      ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.router_solicitations=0" "net.ipv6.conf.$dev.accept_ra=0"
    else
      ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
    fi
    ip netns exec "$ns" ethtool -K "$dev" rx off tx off sg off tso off gso off gro off >/dev/null 2>&1 || true
    ip netns exec "$ns" ip link set lo up
  done
}
