#!/usr/bin/env bash
# Failover benchmark: carpd vs ucarp vs keepalived (VRRPv3) on the same
# topology (a bridge in a "switch" namespace, two nodes on veth ports),
# several trials each. A trial: node 1 (preferred) is MASTER, node 2 BACKUP
# with skew 100 (keepalived: priority 156, the same 100/256 s); then node 1
# crashes (link down + every process in it killed). Measured from a tshark
# capture on the bridge: the master's last advertisement -> node 2's first,
# and the kill -> node 2's first. The protocol's bound is 3 * 1 s + 100/256 s
# = 3.391 s after the last advertisement, for all three.
#
#   BENCH_TRIALS=7 bash bench/failover.sh         # by hand (figures in the README)
#   BENCH_TRIALS=1 bash bench/failover.sh         # CI smoke
#
# Needs root. Writes a Markdown table to bench/failover.md (or $BENCH_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${BENCH_TRIALS:-5}
IMPLS=${BENCH_IMPLS:-"carpd ucarp keepalived"}
OUT=${BENCH_OUT:-bench/failover.md}
[ "$(id -u)" = 0 ] || { echo "bench/failover.sh: needs root (network namespaces)" >&2; exit 1; }
for t in ip tshark ucarp keepalived python3; do command -v $t >/dev/null || { echo "missing $t (bash scripts/setup)" >&2; exit 1; }; done
cargo build -q --release -p carpd
CARPD=$PWD/target/release/carpd
P=cfb$$
WORK=$(mktemp -d)
cleanup() {
  for ns in ${P}n1 ${P}n2; do
    ip netns pids $ns 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  done
  [ -n "${TSHARK:-}" ] && kill "$TSHARK" 2>/dev/null || true
  for ns in ${P}n1 ${P}n2 ${P}sw; do ip netns del $ns 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

lab_up() {
  ip netns add ${P}sw
  ip -n ${P}sw link add br0 type bridge mcast_snooping 0
  ip -n ${P}sw link set br0 up
  for i in 1 2; do
    ip netns add ${P}n$i
    ip link add eth0 netns ${P}n$i type veth peer name p$i netns ${P}sw
    ip -n ${P}sw link set p$i master br0; ip -n ${P}sw link set p$i up
    ip -n ${P}n$i link set lo up
    ip -n ${P}n$i addr add 192.0.2.1$i/24 dev eth0
    ip -n ${P}n$i link set eth0 up
  done
}

lab_down() {
  for ns in ${P}n1 ${P}n2; do ip netns pids $ns | xargs -r kill -9 2>/dev/null || true; done
  sleep 0.2
  for ns in ${P}n1 ${P}n2 ${P}sw; do ip netns del $ns 2>/dev/null || true; done
}

start_node() { # impl node skew|prio
  local impl=$1 i=$2 ns=${P}n$2 log=$WORK/$1-n$2.log
  case $impl in
    carpd)
      printf 'ifconfig_eth0_alias0="inet vhid 1 advskew %s pass s3cret alias 192.0.2.100/32"\n' "$3" > $WORK/n$i.conf
      ip netns exec $ns "$CARPD" --config $WORK/n$i.conf --socket $WORK/n$i.sock >$log 2>&1 &
      disown ;;
    ucarp)
      ip netns exec $ns ucarp -i eth0 -s 192.0.2.1$i -v 1 -p s3cret -a 192.0.2.100 -k "$3" \
        -u /bin/true -d /bin/true -n -f none >$log 2>&1 &
      disown ;;
    keepalived)
      local prio=$((256 - $3)); [ "$prio" -gt 254 ] && prio=254
      printf 'global_defs {\n vrrp_version 3\n}\nvrrp_instance V {\n state BACKUP\n interface eth0\n virtual_router_id 1\n priority %s\n advert_int 1\n virtual_ipaddress {\n 192.0.2.100/32\n }\n}\n' \
        $prio > $WORK/k$i.conf
      ip netns exec $ns keepalived -n -l -P -f $WORK/k$i.conf -p $WORK/k$i.pid -r $WORK/v$i.pid -c $WORK/c$i.pid >$log 2>&1 &
      disown ;;
  esac
}

proto() { [ "$1" = keepalived ] && echo vrrp || echo carp; }

# One trial: prints "last_ad_to_takeover kill_to_takeover" in seconds.
trial() {
  local impl=$1 pcap=$WORK/$1.pcapng
  lab_up
  ip netns exec ${P}sw tshark -q -i br0 -w $pcap 2>$WORK/tshark.log &
  TSHARK=$!
  disown $TSHARK
  until grep -q Capturing $WORK/tshark.log 2>/dev/null; do sleep 0.05; done
  start_node $impl 1 0
  sleep 4.5                      # node 1 alone becomes MASTER (3 s + a margin)
  start_node $impl 2 100
  sleep 3                        # node 2 settles as BACKUP
  local kill_at
  kill_at=$(date +%s.%N)
  ip -n ${P}n1 link set eth0 down
  ip netns pids ${P}n1 | xargs -r kill -9 2>/dev/null || true
  sleep 7                        # node 2 takes over (ucarp may need ~5 s)
  kill -INT $TSHARK
  while kill -0 $TSHARK 2>/dev/null; do sleep 0.05; done
  TSHARK=
  lab_down
  tshark -r $pcap -d ip.proto==112,$(proto $impl) -Y 'ip.proto==112' -T fields -e frame.time_epoch -e ip.src 2>/dev/null |
    python3 -c '
import sys
kill = float(sys.argv[1])
rows = [l.split() for l in sys.stdin if l.strip()]
last1 = max(float(t) for t, s in rows if s == "192.0.2.11" and float(t) <= kill)
first2 = min(float(t) for t, s in rows if s == "192.0.2.12" and float(t) > last1)
print(f"{first2 - last1:.3f} {first2 - kill:.3f}")' "$kill_at"
}

BOUND=$(python3 -c 'print(f"{3 + 100/256:.3f}")')
{
  echo "# Failover: carpd vs ucarp vs keepalived"
  echo
  echo "$TRIALS trial(s) each, advbase 1, backup skew 100 (keepalived: priority 156); protocol bound $BOUND s after the master's last advertisement."
  echo "Measured by bench/failover.sh on $(date -u +%Y-%m-%d) from tshark captures on the bridge."
  echo
  echo "| implementation | median: last advertisement -> takeover | median: kill -> takeover | over the bound | trials (last ad -> takeover, s) |"
  echo "|---|---|---|---|---|"
} > "$OUT.tmp"
for impl in $IMPLS; do
  results=()
  for _ in $(seq "$TRIALS"); do results+=("$(trial "$impl")"); done
  printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
impl, bound = sys.argv[1], float(sys.argv[2])
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
a = statistics.median(r[0] for r in rows); k = statistics.median(r[1] for r in rows)
each = ", ".join("%.3f" % r[0] for r in rows)
print(f"| {impl} | {a:.3f} s | {k:.3f} s | {a - bound:+.3f} s | {each} |")' "$impl" "$BOUND" >> "$OUT.tmp"
done
mv "$OUT.tmp" "$OUT"
cat "$OUT"
