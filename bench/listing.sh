#!/usr/bin/env bash
# Listing benchmark: in a fresh network namespace with N bridge interfaces
# (two inet and one inet6 address each, documentation prefixes only), time
# `ifconfig -a` (ours), `ip addr show` (iproute2) and net-tools `ifconfig -a`,
# and count our system calls and netlink round trips for one listing.
#
#   BENCH_SIZES="100 1000 4000" BENCH_RUNS=10 bash bench/listing.sh
#
# Needs root (ip netns). Writes a Markdown table to bench/results.md
# (or $BENCH_OUT) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${BENCH_SIZES:-"100 1000 4000"}
RUNS=${BENCH_RUNS:-10}
OUT=${BENCH_OUT:-bench/results.md}
[ "$(id -u)" = 0 ] || { echo "bench/listing.sh: needs root (network namespaces)" >&2; exit 1; }
for t in hyperfine strace ip; do command -v $t >/dev/null || { echo "missing $t (bash scripts/setup)" >&2; exit 1; }; done
NETTOOLS=$(command -v /usr/sbin/ifconfig || command -v /sbin/ifconfig || true)
[ -n "$NETTOOLS" ] || { echo "missing net-tools ifconfig (bash scripts/setup)" >&2; exit 1; }

cargo build -q --release -p ifconfig-rs
OURS=$PWD/target/release/ifconfig
NS=carpctl-bench-$$
WORK=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

median() { # hyperfine JSON -> median seconds of command $2
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[int(sys.argv[2])]["median"])' "$1" "$2"
}

{
  echo "| N | ours ms | ip addr show ms | net-tools ms | ours/iproute2 | ours/net-tools | ours us/iface | our syscalls | our netlink sends |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$WORK/table.md"

for N in $SIZES; do
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  batch=$WORK/batch-$N
  : > "$batch"
  for i in $(seq 1 "$N"); do
    a=$(( (i % 250) + 1 )); b=$(( (i / 250) % 250 + 1 ))
    printf 'link add br%d type bridge\n' "$i" >> "$batch"
    printf 'addr add 192.0.2.%d/32 dev br%d\n' "$a" "$i" >> "$batch"
    printf 'addr add 198.51.100.%d/24 dev br%d\n' "$b" "$i" >> "$batch"
    printf 'addr add 2001:db8:%x::1/64 dev br%d nodad\n' "$i" "$i" >> "$batch"
    printf 'link set br%d up\n' "$i" >> "$batch"
  done
  ip -n "$NS" -batch "$batch"

  json=$WORK/h-$N.json
  ip netns exec "$NS" hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$json" \
    "$OURS -a" "ip addr show" "$NETTOOLS -a" >/dev/null
  ours=$(median "$json" 0); iproute=$(median "$json" 1); nettools=$(median "$json" 2)

  ip netns exec "$NS" strace -f -c -o "$WORK/strace-$N" "$OURS" -a >/dev/null
  calls=$(awk '$NF=="total" {print $4; exit}' "$WORK/strace-$N")
  ip netns exec "$NS" strace -f -e trace=sendto,sendmsg -o "$WORK/sends-$N" "$OURS" -a >/dev/null
  sends=$(grep -cE '^[0-9 ]*(sendto|sendmsg)\(' "$WORK/sends-$N" || true)

  python3 - "$N" "$ours" "$iproute" "$nettools" "$calls" "$sends" >> "$WORK/table.md" <<'PY'
import sys
n, ours, ipr, nt, calls, sends = sys.argv[1:]
n, ours, ipr, nt = int(n), float(ours), float(ipr), float(nt)
print(f"| {n} | {ours*1e3:.2f} | {ipr*1e3:.2f} | {nt*1e3:.2f} | {ours/ipr:.2f} | {ours/nt:.3f} | {ours*1e6/n:.1f} | {calls} | {sends} |")
PY
  ip netns del "$NS"
done

{
  echo "Listing benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, kernel $(uname -r), $RUNS runs each, medians):"
  echo
  cat "$WORK/table.md"
  echo
  echo "Reproduce: \`BENCH_SIZES=\"$SIZES\" BENCH_RUNS=$RUNS bash bench/listing.sh\` (as root)."
} > "$OUT"
cat "$OUT"
