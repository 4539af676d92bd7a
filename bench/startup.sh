#!/usr/bin/env bash
# Startup-to-exit of `ifconfig --model H igb0` on the seed host (hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p ifconfig-rs
host=$(mktemp -d)/seed-host.json
cp examples/seed-host.json "$host"
trap 'rm -rf "$(dirname "$host")"' EXIT
hyperfine -N --warmup 5 --runs "${BENCH_RUNS:-200}" "target/release/ifconfig --model $host igb0"
