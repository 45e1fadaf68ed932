#!/usr/bin/env bash
# usrsctp-perf's server and client over loopback, SCTP over UDP: the
# throughput and the latency of 1452-byte messages (a sweep of one size)
# must both be measured, with messages counted, into the CSV, and the
# client's --quit-server must end the server cleanly. Ports come from this
# shell's PID, so that runs side by side do not meet; the server is killed
# on the way out, whatever happens.
set -euo pipefail
perf_bin="$1"
sctp_port=$(( 20000 + $$ % 20000 ))
# Below the ephemeral range; the client takes udp_port + 1.
udp_port=$(( 10000 + ($$ % 10000) * 2 ))
log="$(mktemp -t usrsctp-perf-server.XXXXXX)"
csv="$(mktemp -t usrsctp-perf-csv.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && wait "$server_pid" 2>/dev/null || true
  rm -f "$log" "$csv"
}
trap cleanup EXIT

"$perf_bin" --role server --port "$sctp_port" --udp-port "$udp_port" >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  grep -q "server: SCTP port" "$log" && break
  sleep 0.1
done
grep -q "server: SCTP port" "$log" || { echo "server did not start:"; cat "$log"; exit 1; }

"$perf_bin" --role client --peer 127.0.0.1 --port "$sctp_port" --udp-port "$udp_port" \
  --mode sweep --sizes 1452 --warmup 0.1 --duration 0.3 --timeout 5000 \
  --csv "$csv" --quit-server || { echo "client failed"; cat "$log"; exit 1; }

# One row per mode, each with messages counted.
cat "$csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "messages") col = i; next }
         { rows++; seen[$2] = 1; if ($col + 0 <= 0) bad = 1 }
         END { exit !(col && rows == 2 && !bad && ("throughput" in seen) && ("latency" in seen)) }' \
  "$csv" || { echo "unexpected CSV"; exit 1; }

wait "$server_pid" || { echo "server exited with an error:"; cat "$log"; exit 1; }
server_pid=""
grep -q "asked to quit" "$log" || { cat "$log"; exit 1; }
