#!/usr/bin/env bash
# scripts/plot on a small made-up sweep (two tools, both modes, a few
# sizes): it must exit 0, print a summary line per tool and write
# throughput.png, messages.png and latency.png as non-empty PNG files.
# A file whose header is not the perf tools' one, an empty file and a
# missing file must each exit 2. Skipped (77) when no python3 with
# matplotlib is found: the python3 on PATH, then the system's.
set -euo pipefail
plot="$1"

python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null &&
     "$candidate" -c 'import matplotlib' >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
[[ -n "$python" ]] || { echo "SKIP: no python3 with matplotlib"; exit 77; }

dir="$(mktemp -d -t dsctp-plot.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; cat "$dir/plot.log" 2>/dev/null || true; exit 1; }
# matplotlib's font cache goes here, not into the home directory.
export MPLCONFIGDIR="$dir/mpl"

header="tool,mode,size,streams,assocs,unordered,seconds,messages,bytes,gbit_per_s,messages_per_s"
header+=",rtt_p50_us,rtt_p90_us,rtt_p99_us,rtt_p999_us,rtt_max_us,retransmissions,cycles_per_message"
# Made-up numbers, shaped like a sweep.
{
  echo "$header"
  for size in 16 64 256 1024 1452; do
    echo "raw-link,throughput,$size,1,1,0,1,1000000,$((size * 1000000)),$((size * 8)).5e-3,1e6,0,0,0,0,0,0,900"
    echo "raw-link,latency,$size,1,1,0,1,200000,$((size * 200000)),0,200000,2.5,2.75,3,4,9,0,3000"
  done
  for size in 16 64 256 1024 4096 16384 65536; do
    echo "dpdk-sctp,throughput,$size,1,1,0,1,500000,$((size * 500000)),$((size * 4))e-3,5e5,0,0,0,0,0,0,1800"
    echo "dpdk-sctp,latency,$size,1,1,0,1,100000,$((size * 100000)),0,100000,5,5.5,7.25,9,20,0,6000"
  done
} >"$dir/sweep.csv"

status=0
"$python" "$plot" --out "$dir/out" --title "plot test" "$dir/sweep.csv" >"$dir/plot.log" 2>&1 ||
  status=$?
[[ $status -eq 0 ]] || fail "scripts/plot exited with $status"
grep -q "^raw link (frames)" "$dir/plot.log" || fail "no summary for the raw link"
grep -q "^dpdk-sctp (callback API)" "$dir/plot.log" || fail "no summary for dpdk-sctp"
grep -q "^kernel TCP" "$dir/plot.log" && fail "a summary for a tool with no rows"
for png in throughput messages latency; do
  file="$dir/out/$png.png"
  [[ -s "$file" ]] || fail "$png.png missing or empty"
  magic="$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')"
  [[ "$magic" == 89504e470d0a1a0a ]] || fail "$png.png is not a PNG file (starts $magic)"
done

# Input errors: exit 2 with a message saying what is wrong.
check_error() {
  local what="$1" expect="$2" file="$3" status=0
  "$python" "$plot" --out "$dir/bad" "$file" >"$dir/plot.log" 2>&1 || status=$?
  [[ $status -eq 2 ]] || fail "$what: status $status, not 2"
  grep -q "$expect" "$dir/plot.log" || fail "$what: no '$expect' in the message"
}
{ echo "tool,mode,size,gbit_per_s"; tail -n +2 "$dir/sweep.csv"; } >"$dir/bad-header.csv"
check_error "bad header" "not the perf tools' CSV header" "$dir/bad-header.csv"
: >"$dir/empty.csv"
check_error "empty file" "empty file" "$dir/empty.csv"
check_error "missing file" "cannot read" "$dir/missing.csv"
[[ ! -e "$dir/bad" ]] || fail "PNG files written for bad input"
echo "scripts/plot: three PNG files and a summary written; bad input exits 2"
