#!/usr/bin/env bash
# dpdk-sctp-perf's embedded default, shortened: every column of the table
# (raw link and dpdk-sctp over memif, kernel TCP, usrsctp when built) must
# have measured something, and the run must end on its own. The children
# it starts use names made from its PID; the trap removes the results.
set -euo pipefail
perf="$1"
want_usrsctp="$2"
out="$(mktemp -d -t dsctp-perf-test.XXXXXX)"
trap 'rm -rf "$out"' EXIT

timeout 300 "$perf" --duration 0.3 --warmup 0.1 --csv "$out/all.csv" | tee "$out/log"
grep -q "round trip 30 B p50" "$out/log"
tools=(raw-link dpdk-sctp kernel-tcp)
[[ "$want_usrsctp" == yes ]] && tools+=(usrsctp)
for tool in "${tools[@]}"; do
  for mode in latency throughput; do
    n=$(awk -F, -v t="$tool" -v m="$mode" '$1 == t && $2 == m && $8 > 0' "$out/all.csv" | wc -l)
    if (( n == 0 )); then
      echo "no $mode result from $tool"
      cat "$out/all.csv"
      exit 1
    fi
  done
done
echo "every column measured"

# The options that change what is measured reach each tool that takes
# them: every dpdk-sctp and usrsctp row has 4 streams, every row 2
# associations or connections; the extension knobs are dpdk-sctp's.
timeout 300 "$perf" --duration 0.3 --warmup 0.1 --streams 4 --assocs 2 --pr ttl:1000 \
  --scheduler rr --zero-checksum 1 --csv "$out/options.csv" > "$out/options.log"
for tool in "${tools[@]}"; do
  [[ "$tool" == raw-link ]] && continue
  streams=4
  [[ "$tool" == kernel-tcp ]] && streams=1
  n=$(awk -F, -v t="$tool" -v s="$streams" '$1 == t && $4 == s && $5 == 2 && $8 > 0' \
        "$out/options.csv" | wc -l)
  if (( n < 2 )); then
    echo "$tool did not measure with the options given"
    cat "$out/options.log" "$out/options.csv"
    exit 1
  fi
done
echo "the options reached every tool"
