#!/usr/bin/env bash
# Coverage-guided fuzzing of the input parsers with libFuzzer (targets in Fuzz/TrajectoryFuzz, seed corpora in
# Fuzz/corpus): builds the targets with -sanitize=fuzzer,address in .build-fuzz, then runs each for SECONDS
# (default 60), keeping what it finds in a work corpus outside the repository. Any crash, timeout (5 s an input) or
# out-of-memory (2 GiB) fails the run; the last line per target gives its executions.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]      (targets: csv decimal longcsv longcsvstream period scenario)
#        FUZZ_RUNS=10000000 scripts/fuzz.sh 0 …    (a number of executions instead of a time)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv decimal longcsv longcsvstream period scenario)
swift build -c release --scratch-path .build-fuzz --product TrajectoryFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld 2>&1 | tail -1
bin=.build-fuzz/release/TrajectoryFuzz
work=${FUZZ_WORK:-/tmp/trajectory-fuzz}
status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/$target" "$work/artifacts"
  log="$work/$target.log"
  set +e
  limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  corpus=Fuzz/corpus/$target
  [ "$target" = longcsvstream ] && corpus=Fuzz/corpus/longcsv  # the same inputs, read both ways
  FUZZ_TARGET=$target "$bin" "$work/$target" "$corpus" "${limit[@]}" -timeout=5 \
    -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$work/artifacts/$target-" -print_final_stats=1 >"$log" 2>&1
  code=$?
  set -e
  runs=$(grep -E "stat::number_of_executed_units" "$log" | awk '{print $2}')
  if [ $code -ne 0 ]; then
    echo "fuzz $target: FAILED (exit $code) after ${runs:-?} executions; see $log and $work/artifacts"
    grep -E "ERROR|Fatal|crash|timeout|out-of-memory" "$log" | head -5
    status=1
  else
    secs=$(grep -E "stat::average_exec_per_sec" "$log" | awk '{print $2}')
    echo "fuzz $target: ${runs:-?} executions (${secs:-?} a second), 0 crashes, 0 timeouts, 0 out-of-memory"
  fi
done
exit $status
