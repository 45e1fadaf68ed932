#!/usr/bin/env bash
# Our stack on net_af_packet over a veth into a network namespace where
# usrsctp runs on the kernel's interface: raw SCTP over IPv4 and SCTP over
# UDP (RFC 6951), with our echo server and usrsctp's client, then the
# reverse; ping from the kernel side; tshark reads a capture of it all.
# Namespaces and veths are named after this test's PID and removed on the
# way out, whatever happens.
set -euo pipefail
echo_bin="$1"
peer_bin="$2"
id=$$
ns_a="dsctp-a-$id"
ns_b="dsctp-b-$id"
va="dsa$id"
vb="dsb$id"
work="$(mktemp -d -t "dsctp-netns-$id.XXXXXX")"
server_pid=""
capture_pid=""

source "$(dirname "$0")/../../scripts/eal-runtime-dir.sh"
cleanup() {
  for p in "$server_pid" "$capture_pid"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work" "$(eal_runtime_dir "dsctp-$id-s")" "$(eal_runtime_dir "dsctp-$id-c")"
}
trap cleanup EXIT

if [[ $EUID -ne 0 ]]; then
  echo "usrsctp_netns: needs root for network namespaces and raw sockets" >&2
  exit 77  # meson: skipped
fi

ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$ns_a"
ip link set "$vb" netns "$ns_b"
ip netns exec "$ns_a" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$ns_b" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$ns_a" ip link set "$va" up
# The kernel of namespace a never gets our stack's address: it would
# answer ARP and send ICMP in our place.
ip netns exec "$ns_b" ip addr add 10.98.0.2/24 dev "$vb"
ip netns exec "$ns_b" ip link set "$vb" up
# A veth hands af_packet UDP datagrams whose checksum the kernel left to a
# "NIC" that does not exist (only the pseudo-header sum is in the field);
# have the kernel compute it, as it would for a real wire.
ip netns exec "$ns_b" ethtool -K "$vb" tx off >/dev/null
ip netns exec "$ns_b" ip link set lo up

eal=(-l 0 --no-huge --no-pci --log-level=lib.eal:error --vdev="net_af_packet0,iface=$va")

start_capture() {
  ip netns exec "$ns_b" dumpcap -q -i "$vb" -w "$work/capture.pcap" >/dev/null 2>&1 &
  capture_pid=$!
  sleep 1
}

stop_capture() {
  sleep 0.5
  kill -INT "$capture_pid" 2>/dev/null || true
  wait "$capture_pid" 2>/dev/null || true
  capture_pid=""
}

# Our echo server in namespace a, usrsctp's client in namespace b.
server_then_usrsctp_client() {
  local encap="$1" mode="$2"
  ip netns exec "$ns_a" "$echo_bin" "${eal[@]}" --file-prefix "dsctp-$id-s" \
    -- --ip 10.98.0.1/24 --encap "$encap" --os 8 --mis 8 --duration 40 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q "echo server on" "$work/server.log" && break; sleep 0.1; done
  if [[ "$encap" == none ]]; then
    ip netns exec "$ns_b" ping -c 3 -i 0.2 -W 2 10.98.0.1 >"$work/ping.log" ||
      { echo "ping to our stack failed"; cat "$work/ping.log" "$work/server.log"; return 1; }
    echo "ping: $(grep -c 'bytes from 10.98.0.1' "$work/ping.log") replies"
  fi
  ip netns exec "$ns_b" "$peer_bin" client "$mode" 10.98.0.1 5001 200 700 8 ||
    { echo "usrsctp client ($mode) failed"; cat "$work/server.log"; return 1; }
  kill -INT "$server_pid"
  wait "$server_pid" || { echo "our server exited with an error"; cat "$work/server.log"; return 1; }
  server_pid=""
  grep -q "closed: shutdown" "$work/server.log" ||
    { echo "usrsctp's shutdown did not close our association gracefully"; cat "$work/server.log"; return 1; }
  grep "echoed" "$work/server.log"
}

# usrsctp's echo server in namespace b, our client in namespace a.
usrsctp_server_then_client() {
  local encap="$1" mode="$2"
  ip netns exec "$ns_b" "$peer_bin" server "$mode" 5001 >"$work/peer.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q "listening" "$work/peer.log" && break; sleep 0.1; done
  ip netns exec "$ns_a" "$echo_bin" "${eal[@]}" --file-prefix "dsctp-$id-c" \
    -- --role client --ip 10.98.0.1/24 --peer 10.98.0.2 --encap "$encap" --count 200 \
    --size 900 --streams 4 --os 8 --timeout 5000 ||
    { echo "our client ($encap) failed"; cat "$work/peer.log"; return 1; }
  wait "$server_pid" || { echo "usrsctp server failed"; cat "$work/peer.log"; return 1; }
  server_pid=""
  cat "$work/peer.log"
}

start_capture
server_then_usrsctp_client none raw
server_then_usrsctp_client udp udp
usrsctp_server_then_client none raw
usrsctp_server_then_client udp udp
stop_capture

# tshark must find SCTP (plain and over UDP 9899) with good checksums,
# nothing malformed, and no expert warning or error.
# ICMP messages quote truncated SCTP packets (the kernel of namespace b
# has no SCTP and answers raw SCTP with "protocol unreachable"): only
# whole packets are judged.
fields=$(tshark -r "$work/capture.pcap" -o sctp.checksum:CRC-32C -o sctp.tsn_analysis:FALSE \
  -d udp.port==9899,sctp -Y 'sctp && !icmp' -T fields -e sctp.checksum.status -e _ws.malformed -e _ws.expert.severity 2>/dev/null)
packets=$(echo "$fields" | grep -c . || true)
bad=$(echo "$fields" | awk -F'\t' '$1 != "1" || $2 != "" {n++} END {print n+0}')
warnings=$(echo "$fields" | awk -F'\t' '{split($3, s, ","); for (i in s) if (s[i] >= 6291456) n++} END {print n+0}')
echo "tshark: $packets SCTP packets, $bad with a bad checksum or malformed, $warnings expert warnings"
[[ $packets -gt 100 && $bad -eq 0 && $warnings -eq 0 ]]
