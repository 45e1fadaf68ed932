#!/usr/bin/env bash
# Bad frames at the echo server on net_af_packet over a veth: from the
# other end, in a network namespace, scapy (bad_frames.py) sends frames
# that each layer must drop, then makes an association by hand to show
# that the stack still works; the kernel there pings it. After SIGINT the
# server must exit 0 and count each drop under its reason, exactly as
# many as were sent. Namespaces and veths are named after this test's PID
# and removed on the way out, whatever happens.
set -euo pipefail
echo_bin="$1"
here="$(cd "$(dirname "$0")" && pwd)"
id=$$
ns_a="dsctp-bfa-$id"
ns_b="dsctp-bfb-$id"
va="dfa$id"
vb="dfb$id"
stack_ip=10.95.0.1
peer_ip=10.95.0.2
work="$(mktemp -d -t "dsctp-bad-frames-$id.XXXXXX")"
prefix="dsctp-bf-$id"
server_pid=""

source "$(dirname "$0")/../../scripts/eal-runtime-dir.sh"
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work" "$(eal_runtime_dir "$prefix")"
}
trap cleanup EXIT

if [[ $EUID -ne 0 ]]; then
  echo "bad_frames: needs root for network namespaces" >&2
  exit 77  # meson: skipped
fi
if ! /usr/bin/python3 -c 'import scapy.layers.sctp' 2>/dev/null; then
  echo "bad_frames: needs python3-scapy" >&2
  exit 77
fi

ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$ns_a"
ip link set "$vb" netns "$ns_b"
# No IPv6: the kernels would send router solicitations and the like.
ip netns exec "$ns_a" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$ns_b" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$ns_a" ip link set "$va" up
# The kernel of namespace a never gets the stack's address: it would
# answer ARP and send ICMP in the stack's place.
ip netns exec "$ns_b" ip addr add "$peer_ip/24" dev "$vb"
ip netns exec "$ns_b" ip link set "$vb" up
ip netns exec "$ns_b" ethtool -K "$vb" tx off >/dev/null
ip netns exec "$ns_b" ip link set lo up
stack_mac="$(ip netns exec "$ns_a" cat "/sys/class/net/$va/address")"

log="$work/server.log"
ip netns exec "$ns_a" "$echo_bin" -l 0 --no-huge --no-pci --log-level=lib.eal:error \
  --file-prefix "$prefix" --vdev="net_af_packet0,iface=$va" \
  -- --ip "$stack_ip/24" --duration 60 >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q "echo server on" "$log" && break; sleep 0.1; done
grep -q "echo server on" "$log" || { echo "the server did not start:"; cat "$log"; exit 1; }

ip netns exec "$ns_b" /usr/bin/python3 "$here/bad_frames.py" "$vb" "$peer_ip" "$stack_ip" \
  "$stack_mac" >"$work/frames.log" 2>&1 ||
  { echo "bad_frames.py failed:"; cat "$work/frames.log" "$log"; exit 1; }
grep -v '^expect ' "$work/frames.log" || true
ip netns exec "$ns_b" ping -c 3 -i 0.2 -W 2 "$stack_ip" >"$work/ping.log" ||
  { echo "ping after the bad frames failed:"; cat "$work/ping.log" "$log"; exit 1; }
replies=$(grep -c "bytes from $stack_ip" "$work/ping.log" || true)
echo "ping: $replies replies"

kill -INT "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[[ $rc -eq 0 ]] || { echo "the server exited with $rc:"; cat "$log"; exit 1; }
grep -q "association 1 closed: shutdown" "$log" ||
  { echo "the hand-made association did not close gracefully:"; cat "$log"; exit 1; }

# The server prints each group of counters as "group: name=value ...",
# leaving out zeros.
counter() {
  local group="${1%%.*}" name="${1#*.}"
  sed -nE "s/^$group:.* $name=([0-9]+)( .*)?$/\1/p" "$log" | tail -1 | grep . || echo 0
}
bad=0
while read -r _ pair; do
  name="${pair%%=*}" want="${pair#*=}"
  got="$(counter "$name")"
  printf '%-32s expected %3s counted %3s\n' "$name" "$want" "$got"
  [[ "$got" == "$want" ]] || bad=1
done < <(grep '^expect ' "$work/frames.log"; echo "expect net.echo_replies_sent=3")
[[ $bad -eq 0 && $replies -eq 3 ]] || { echo "counters differ:"; cat "$log"; exit 1; }
