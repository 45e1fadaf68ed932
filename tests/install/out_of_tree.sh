#!/usr/bin/env bash
# The installed library as an application outside the tree sees it. The
# build is installed into a staging directory; every installed header must
# compile with only the installed include path; the example is copied
# alone and built with nothing but pkg-config's flags; then it serves over
# memif and must answer the installed dpdk-sctp-echo client, and exit 0 on
# SIGINT.
#
#   out_of_tree.sh <build dir> <apps/examples/echo_server.cc>
set -euo pipefail
build_dir="$1"
example="$2"
tag="dsctp-inst-$$"
tmp="$(mktemp -d -t "$tag.XXXXXX")"
server_pid=""
source "$(dirname "$0")/../../scripts/eal-runtime-dir.sh"
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp" "$(eal_runtime_dir "$tag-s")" "$(eal_runtime_dir "$tag-c")"
}
trap cleanup EXIT
stage="$tmp/stage"
cxx="${CXX:-g++}"
# What an application's strict build sees must be clean, short of DPDK
# 22.11's own headers, which warn under C++20 about volatile.
warnings=(-Wall -Wextra -Werror)
if "$cxx" --version | grep -q clang; then
  warnings+=(-Wno-deprecated-volatile)
else
  warnings+=(-Wno-volatile)
fi

meson install -C "$build_dir" --no-rebuild --quiet --destdir "$stage"
pc="$(find "$stage" -name dpdk-sctp.pc | head -n 1)"
[[ -n "$pc" ]] || { echo "no dpdk-sctp.pc installed"; exit 1; }
# The .pc names the configured prefix, which the staged files are not
# under yet. Only this file's prefix may move: --define-prefix and a
# sysroot would move libdpdk's too.
sed -i "s|^prefix=|prefix=$stage|" "$pc"
PKG_CONFIG_PATH="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
echo "pkg-config --cflags --libs dpdk-sctp: $(pkg-config --cflags --libs dpdk-sctp)"

mkdir "$tmp/app"
cp "$example" "$tmp/app/"
cd "$tmp/app"

# A header that includes one that was not installed fails here.
include_root="$(pkg-config --variable=includedir dpdk-sctp)/dpdk-sctp"
(cd "$include_root" && find . -name '*.h' | sort | sed 's|^\./\(.*\)|#include "\1"|') >headers.cc
[[ -s headers.cc ]] || { echo "no headers installed"; exit 1; }
# shellcheck disable=SC2046  # pkg-config's flags are meant to split
"$cxx" -std=c++20 "${warnings[@]}" -fsyntax-only $(pkg-config --cflags dpdk-sctp) headers.cc
echo "$(wc -l <headers.cc) installed headers compile together"

# No --static: the archives' requirements are public, so the plain link
# line is complete; --static would link DPDK itself statically.
# shellcheck disable=SC2046
"$cxx" -std=c++20 "${warnings[@]}" $(pkg-config --cflags dpdk-sctp) "$(basename "$example")" \
  $(pkg-config --libs dpdk-sctp) -o echo_server
echo "example built out of the tree"

common=(--no-huge --no-pci --log-level=lib.eal:error)
vdev="net_memif0,socket=/run/$tag.sock,socket-abstract=yes"
./echo_server -l 0 "${common[@]}" --file-prefix "$tag-s" --vdev="$vdev,role=server" \
  >server.log 2>&1 &
server_pid=$!
# The client's memif connects once at start: wait for the server's socket.
for _ in $(seq 50); do
  grep -q "echo server on" server.log && break
  sleep 0.1
done
grep -q "echo server on" server.log || { echo "example did not start:"; cat server.log; exit 1; }

client="$(find "$stage" -name dpdk-sctp-echo -type f | head -n 1)"
[[ -x "$client" ]] || { echo "dpdk-sctp-echo not installed"; exit 1; }
cpu=$(( $(nproc) > 1 ? 1 : 0 ))
# 2000 bytes: more than one packet, so the example copies several fragments.
out="$("$client" -l "$cpu" "${common[@]}" --file-prefix "$tag-c" --vdev="$vdev,role=client" \
  -- --role client --ip 10.0.0.2 --peer 10.0.0.1 --count 200 --size 2000 --streams 4 \
  --timeout 5000 2>&1)" || { echo "client failed:"; echo "$out"; cat server.log; exit 1; }
echo "$out" | grep "echoed"
echo "$out" | grep -q "echoed 200 of 200 messages of 2000 bytes intact" || exit 1

kill -INT "$server_pid"
# A server that ignores SIGINT (as a background job does without its own
# handler) must fail the test, not hang it.
(sleep 5 && kill -KILL "$server_pid" 2>/dev/null) &
watchdog=$!
rc=0
wait "$server_pid" || rc=$?
server_pid=""
kill "$watchdog" 2>/dev/null || true
[[ $rc -eq 0 ]] || { echo "example exited $rc on SIGINT:"; cat server.log; exit 1; }
echo "example stopped cleanly on SIGINT"
