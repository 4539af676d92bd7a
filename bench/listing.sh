#!/usr/bin/env bash
# Listing benchmark: in a fresh network namespace with N bridge interfaces
# (two inet and one inet6 address each, documentation prefixes only), time
# `ifconfig -a` (ours), the physical limit (bench/nl_limit.c: the same two
# netlink dumps and a line per address, in C), `ip addr show` (iproute2) and
# net-tools `ifconfig -a`; measure the peak RSS and page faults of ours and of
# the limit, and count our system calls and netlink round trips for one listing.
#
# Ours and the limit are timed in BENCH_ROUNDS rounds of BENCH_RUNS runs each,
# the order of the two swapped every round, so that load that comes and goes
# (other jobs on the machine) falls on both: the table gives the median of the
# per-round medians and the ratio's median with its lowest and highest round.
#
#   BENCH_SIZES="100 1000 4000 10000" BENCH_RUNS=10 BENCH_ROUNDS=5 bash bench/listing.sh
#
# Needs root (ip netns). Writes a Markdown table to bench/results.md
# (or $BENCH_OUT) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${BENCH_SIZES:-"100 1000 4000 10000"}
RUNS=${BENCH_RUNS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
# net-tools reads /proc per interface and is quadratic (45 s at N=4000):
# timed only up to this N.
NETTOOLS_MAX=${BENCH_NETTOOLS_MAX:-1000}
OUT=${BENCH_OUT:-bench/results.md}
[ "$(id -u)" = 0 ] || { echo "bench/listing.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing GNU time (bash scripts/setup)" >&2; exit 1; }
for t in hyperfine strace ip cc python3; do command -v $t >/dev/null || { echo "missing $t (bash scripts/setup)" >&2; exit 1; }; done
NETTOOLS=$(command -v /usr/sbin/ifconfig || command -v /sbin/ifconfig || true)
[ -n "$NETTOOLS" ] || { echo "missing net-tools ifconfig (bash scripts/setup)" >&2; exit 1; }

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
cargo build -q --release -p ifconfig-rs
OURS=$PWD/target/release/ifconfig
NS=carpctl-bench-$$
WORK=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
LIMIT=$WORK/nl_limit
cc -O2 -o "$LIMIT" bench/nl_limit.c

median() { # hyperfine JSON -> median seconds of command $2
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[int(sys.argv[2])]["median"])' "$1" "$2"
}
time_kib_faults() { # "peak-RSS-KiB minor-faults" of one run of "$@" in the namespace (output discarded), GNU time
  ip netns exec "$NS" /usr/bin/time -f '%M %R' "$@" 2>&1 >/dev/null | tail -1
}

{
  echo "| N | ours ms | limit ms | ours/limit (rounds: low-high) | ip addr show ms | net-tools ms | ours us/iface | limit us/iface | ours RSS KiB | limit RSS KiB | ours page faults | limit page faults | our syscalls | our netlink sends |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
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
  : > "$WORK/rounds-$N"
  for r in $(seq 1 "$ROUNDS"); do # ours and the limit, in alternating order
    if [ $((r % 2)) = 1 ]; then first=("$OURS -a" "$LIMIT"); o=0; l=1; else first=("$LIMIT" "$OURS -a"); o=1; l=0; fi
    ip netns exec "$NS" hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$json" \
      "${first[@]}" >/dev/null
    echo "$(median "$json" $o) $(median "$json" $l)" >> "$WORK/rounds-$N"
  done
  ip netns exec "$NS" hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$json" \
    "ip addr show" >/dev/null
  iproute=$(median "$json" 0); nettools=nan
  if [ "$N" -le "$NETTOOLS_MAX" ]; then
    ip netns exec "$NS" hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$json" \
      "$NETTOOLS -a" >/dev/null
    nettools=$(median "$json" 0)
  fi
  read -r rss faults <<< "$(time_kib_faults "$OURS" -a)"
  read -r limit_rss limit_faults <<< "$(time_kib_faults "$LIMIT")"

  ip netns exec "$NS" strace -f -c -o "$WORK/strace-$N" "$OURS" -a >/dev/null
  calls=$(awk '$NF=="total" {print $4; exit}' "$WORK/strace-$N")
  ip netns exec "$NS" strace -f -e trace=sendto,sendmsg -o "$WORK/sends-$N" "$OURS" -a >/dev/null
  sends=$(grep -cE '^[0-9 ]*(sendto|sendmsg)\(' "$WORK/sends-$N" || true)

  python3 - "$WORK/rounds-$N" "$N" "$iproute" "$nettools" "$rss" "$limit_rss" "$faults" "$limit_faults" \
    "$calls" "$sends" >> "$WORK/table.md" <<'PY'
import statistics, sys
rounds, n, ipr, nt, rss, lrss, faults, lfaults, calls, sends = sys.argv[1:]
pairs = [tuple(map(float, line.split())) for line in open(rounds) if line.strip()]
ours = statistics.median(p[0] for p in pairs)
limit = statistics.median(p[1] for p in pairs)
ratios = [o / l for o, l in pairs]
n, ipr, nt = int(n), float(ipr), float(nt)
nts = "-" if nt != nt else f"{nt*1e3:.2f}"
print(f"| {n} | {ours*1e3:.2f} | {limit*1e3:.2f} | {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
      f"| {ipr*1e3:.2f} | {nts} | {ours*1e6/n:.1f} | {limit*1e6/n:.1f} | {rss} | {lrss} | {faults} | {lfaults} "
      f"| {calls} | {sends} |")
PY
  ip netns del "$NS"
done

{
  echo "Listing benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, kernel $(uname -r), ours and the limit in $ROUNDS alternating rounds of $RUNS runs, medians; load average before: $LOAD):"
  echo
  cat "$WORK/table.md"
  echo
  echo "Reproduce: \`BENCH_SIZES=\"$SIZES\" BENCH_RUNS=$RUNS BENCH_ROUNDS=$ROUNDS bash bench/listing.sh\` (as root)."
} > "$OUT"
cat "$OUT"
