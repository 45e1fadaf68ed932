#!/usr/bin/env bash
# tcp-perf over loopback: a server, then a client in latency and in
# throughput mode for 0.3 s each. Both runs must exit 0 and write a CSV
# row with messages > 0; the last one asks the server to quit, which it
# must do with status 0. Bad arguments must exit 2 and a port with no
# server must fail at once with 1. The port is derived from this script's
# PID (the next one is tried if it is taken), below the ephemeral range;
# the server is killed on the way out, whatever happens.
set -euo pipefail
bin="$1"
dir="$(mktemp -d -t dsctp-tcp-perf.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && wait "$server_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$dir/server.log" 2>/dev/null || true; exit 1; }

# Starts the server on $port; false if it exited (the port was taken).
start_server() {
  "$bin" --role server --port "$port" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do
    grep -q "server on" "$dir/server.log" && return 0
    kill -0 "$server_pid" 2>/dev/null || { wait "$server_pid" || true; server_pid=""; return 1; }
    sleep 0.1
  done
  fail "the server did not start"
}

for attempt in $(seq 0 9); do
  port=$(( 10000 + ($$ + attempt * 997) % 22000 ))
  start_server && break
  [[ $attempt -eq 9 ]] && fail "no free port"
done

client=("$bin" --role client --peer 127.0.0.1 --port "$port" --size 100 --duration 0.3
        --warmup 0.1 --timeout 3000)
for mode in latency throughput; do
  extra=()
  [[ $mode == throughput ]] && extra=(--quit-server)
  status=0
  "${client[@]}" --mode "$mode" --csv "$dir/$mode.csv" "${extra[@]}" >"$dir/$mode.log" 2>&1 ||
    status=$?
  [[ $status -eq 0 ]] || { cat "$dir/$mode.log"; fail "$mode client exited with $status"; }
  grep -E "^kernel-tcp $mode:" "$dir/$mode.log" || fail "no $mode summary"
  head -1 "$dir/$mode.csv" | grep -q "^tool,mode,size," || fail "$mode: no CSV header"
  awk -F, -v mode="$mode" 'NR == 2 && $1 == "kernel-tcp" && $2 == mode && $3 == 100 && $8 > 0 \
    { ok = 1 } END { exit !ok }' "$dir/$mode.csv" || { cat "$dir/$mode.csv"; fail "$mode CSV"; }
done

for _ in $(seq 50); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
status=0
wait "$server_pid" || status=$?
server_pid=""
[[ $status -eq 0 ]] || fail "the server exited with $status after Quit"
grep -q "quit requested" "$dir/server.log" || fail "the server did not see the Quit"

status=0
"$bin" --role client --peer 127.0.0.1 --size 0 2>"$dir/bad.log" || status=$?
[[ $status -eq 2 ]] && grep -q "expected a number from 1 to 65536" "$dir/bad.log" ||
  fail "bad arguments: status $status, $(cat "$dir/bad.log")"

status=0
SECONDS=0
"${client[@]}" --mode latency >"$dir/refused.log" 2>&1 || status=$?
[[ $status -eq 1 && $SECONDS -le 2 ]] && grep -q "cannot connect" "$dir/refused.log" ||
  fail "no server: status $status after $SECONDS s, $(cat "$dir/refused.log")"
echo "tcp-perf loopback: latency and throughput rows written, server quit, errors reported"
