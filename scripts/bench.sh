#!/usr/bin/env bash
# `make bench`: every benchmark in one run, each against its budget. All of them run even when
# one misses, so one run gives every number; the exit status is non-zero if any budget was missed.
# Results: bench-results/{size,engine,engine-postgres,switch,spa}.json and the tables printed below (BENCHMARKS.md).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export RUST_BACKTRACE=0

failed=()
run() {
  local name=$1
  shift
  printf '\n== %s\n' "$name"
  if ! "$@"; then
    failed+=("$name")
  fi
}

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "kernel: $(uname -r); chromium: $(chromium --version 2>/dev/null); wrk: $(wrk -v 2>&1 | head -1)"
} | tee bench-results/machine.txt

run "web admin files (no budget: most load only when their view opens)" ./target/release/bench size --dist dist
run "web admin first visit in Chromium: transferred until the Storage grid (≤ 250 KB)" \
  bash -c 'cd e2e && npx playwright test -c playwright.bench.config.ts payload'
run "engine under load (wrk)" ./target/release/bench engine ${BENCH_ENGINE_ARGS:-}
# The same on PostgreSQL (a private durable server: fsync on, as in production).
run "engine under load on PostgreSQL (wrk)" env WITH_POSTGRES_FSYNC=on scripts/with-postgres.sh \
  bash -c './target/release/bench engine --postgres "$ENGINE_TEST_POSTGRES" --out bench-results/engine-postgres.json '"${BENCH_ENGINE_ARGS:-}"
run "storage switch, 20 → 2,000 domains without a host (≤ 25 ms per domain)" ./target/release/bench switch
run "web admin with 10,000 domains (Chromium)" bash -c 'cd e2e && npx playwright test -c playwright.bench.config.ts large-inventory'

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nBudgets missed in: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nEvery budget met.\n'
