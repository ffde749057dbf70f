#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZ_SECONDS each, default 60) and prints how many
# inputs each one executed. Stable toolchain, no sanitizer: resp-core forbids unsafe code, so
# the checks that matter are the targets' own assertions, debug assertions and overflow checks
# (-a), and libFuzzer's memory and time limits. Exits non-zero on the first failing target and
# leaves the crashing input under fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-60}"
targets=(decode_chunks roundtrip differential)
flags=(--sanitizer none --debug-assertions)

cargo fuzz build "${flags[@]}"
for target in "${targets[@]}"; do
  log="$(mktemp)"
  mkdir -p "corpus/$target"
  # -rss_limit_mb also caps single allocations: a decoder that reserved memory for a declared
  # length it has not received would trip it. -timeout catches an input that makes it spin.
  if ! cargo fuzz run "${flags[@]}" "$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -dict="$PWD/resp.dict" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target FAILED (input saved under fuzz/artifacts/$target/)"
    exit 1
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  echo "fuzz target $target: ${execs:-?} executions in ${seconds} s, no failure"
  rm -f "$log"
done
