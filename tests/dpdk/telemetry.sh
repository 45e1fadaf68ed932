#!/usr/bin/env bash
# The engines' telemetry: the echo server and client over memif, each
# asked through its DPDK telemetry socket (dpdk-telemetry.py) while the
# client's association is up and, for the server, again after the client
# left. /dsctp/engines must list engine 0, /dsctp/engine,0 must show it
# polling, receiving and holding its association, and a bad index must
# get no data. The memif socket and EAL file prefixes are named after this
# test's PID; both processes are killed on the way out, whatever happens.
set -euo pipefail
echo_bin="$1"
telemetry="$(command -v dpdk-telemetry.py || true)"
if [[ -z "$telemetry" ]]; then
  echo "telemetry: needs dpdk-telemetry.py (Debian package dpdk)" >&2
  exit 77  # meson: skipped
fi
tag="dsctp-tel-$$"
work="$(mktemp -d -t "$tag.XXXXXX")"
source "$(dirname "$0")/../../scripts/eal-runtime-dir.sh"
server_pid=""
client_pid=""
cleanup() {
  for p in "$client_pid" "$server_pid"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work" "$(eal_runtime_dir "$tag-s")" "$(eal_runtime_dir "$tag-c")"
}
trap cleanup EXIT
common=(--no-huge --no-pci --log-level=lib.eal:error)
vdev="net_memif0,socket=/run/$tag.sock,socket-abstract=yes"

"$echo_bin" -l 0 "${common[@]}" --file-prefix "$tag-s" --vdev="$vdev,role=server" \
  -- --ip 10.93.0.1 --duration 60 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q "echo server on" "$work/server.log" && break; sleep 0.1; done
grep -q "echo server on" "$work/server.log" ||
  { echo "the server did not start:"; cat "$work/server.log"; exit 1; }

cpu=$(( $(nproc) > 1 ? 1 : 0 ))
"$echo_bin" -l "$cpu" "${common[@]}" --file-prefix "$tag-c" --vdev="$vdev,role=client" \
  -- --role client --ip 10.93.0.2 --peer 10.93.0.1 --duration 6 --size 200 \
  >"$work/client.log" 2>&1 &
client_pid=$!
for _ in $(seq 50); do grep -q "association 1 up" "$work/server.log" && break; sleep 0.1; done
sleep 0.5

# One JSON reply per line, for each command given.
query() {
  local prefix="$1"; shift
  printf '%s\n' "$@" | /usr/bin/python3 "$telemetry" -f "$prefix"
}
engine_commands=(/dsctp/engines "/dsctp/engine,0" "/dsctp/engine,63" "/dsctp/engine,zero" /dsctp/engine)
query "$tag-s" "${engine_commands[@]}" >"$work/server-during.json"
query "$tag-c" "${engine_commands[@]}" >"$work/client-during.json"
# A second look while the client still runs: DPDK 22.11's memif driver can
# fault in a server that polls while its peer disconnects, which is not
# what this test is about.
sleep 1
query "$tag-s" /dsctp/engine,0 >"$work/server-after.json"
wait "$client_pid" || { echo "the client failed:"; cat "$work/client.log"; exit 1; }
client_pid=""

/usr/bin/python3 - "$work" <<'PY'
import json, sys

work = sys.argv[1]
def replies(name, count):
    with open(f"{work}/{name}.json") as f:
        text = f.read()
    try:
        parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError:
        parsed = []
    if len(parsed) != count:
        print(f"FAILED: {name}: {count} replies expected, got:\n{text}")
        sys.exit(1)
    return parsed

failures = []
def check(what, ok):
    print(f"{'ok' if ok else 'FAILED'}: {what}")
    if not ok:
        failures.append(what)

for who in ("server", "client"):
    engines, info, unused, bad, missing = replies(f"{who}-during", 5)
    check(f"{who}: /dsctp/engines lists engine 0", engines["/dsctp/engines"] == [0])
    e = info["/dsctp/engine"]
    print(f"{who}: {json.dumps(e)}")
    check(f"{who}: engine 0 runs on lcore {e.get('lcore')}", e.get("lcore") in (0, 1))
    check(f"{who}: engine 0 polls", e["engine"]["polls"] > 0)
    check(f"{who}: engine 0 received and sent frames",
          e["engine"]["rx_packets"] > 0 and e["net"]["frames_out"] > 0)
    check(f"{who}: engine 0 holds its association", e["sctp"]["associations"] == 1)
    check(f"{who}: no engine 63, no engine 'zero', no index: no data",
          unused["/dsctp/engine"] is None and bad["/dsctp/engine"] is None
          and missing["/dsctp/engine"] is None)

during = replies("server-during", 5)[1]["/dsctp/engine"]
after = replies("server-after", 1)[0]["/dsctp/engine"]
check("server: polls and frames went on counting",
      after["engine"]["polls"] > during["engine"]["polls"]
      and after["net"]["frames_in"] > during["net"]["frames_in"])
check("server: one association created", after["sctp"]["associations_created"] == 1)
sys.exit(1 if failures else 0)
PY
