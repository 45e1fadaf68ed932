#!/usr/bin/env bash
# Two processes over net_memif: the echo server, then the echo client,
# each pinned to its own core, no hugepages. Every message must come back
# intact and the association must shut down gracefully. The memif socket
# is abstract (no file) and named after this test's PID, and both
# processes are killed on the way out, whatever happens.
set -euo pipefail
echo_bin="$1"
tag="dsctp-memif-$$"
log="$(mktemp -t "$tag.XXXXXX")"
server_pid=""
source "$(dirname "$0")/../../scripts/eal-runtime-dir.sh"
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && wait "$server_pid" 2>/dev/null || true
  rm -f "$log"
  rm -rf "$(eal_runtime_dir "$tag-s")" "$(eal_runtime_dir "$tag-c")"
}
trap cleanup EXIT
common=(--no-huge --no-pci --log-level=lib.eal:error)
vdev="net_memif0,socket=/run/$tag.sock,socket-abstract=yes"

"$echo_bin" -l 0 "${common[@]}" --file-prefix "$tag-s" --vdev="$vdev,role=server" \
  -- --ip 10.99.0.1 --duration 30 >"$log" 2>&1 &
server_pid=$!
# The client's memif connects once at start: wait for the server's socket.
for _ in $(seq 50); do
  grep -q "echo server on" "$log" && break
  sleep 0.1
done
grep -q "echo server on" "$log" || { echo "server did not start:"; cat "$log"; exit 1; }

cpu=$(( $(nproc) > 1 ? 1 : 0 ))
out="$("$echo_bin" -l "$cpu" "${common[@]}" --file-prefix "$tag-c" --vdev="$vdev,role=client" \
  -- --role client --ip 10.99.0.2 --peer 10.99.0.1 --count 3000 --size 300 --streams 8 \
  --timeout 5000 2>&1)" || { echo "client failed:"; echo "$out"; cat "$log"; exit 1; }
echo "$out" | grep "echoed"
echo "$out" | grep -q "echoed 3000 of 3000 messages of 300 bytes intact" || exit 1
echo "$out" | grep -q "closed: shutdown" || exit 1

kill -INT "$server_pid"
wait "$server_pid" || { echo "server exited with an error:"; cat "$log"; exit 1; }
server_pid=""
grep -q "association 1 closed: shutdown" "$log" || { cat "$log"; exit 1; }
grep -q "echoed 3000 messages" "$log" || { cat "$log"; exit 1; }
