#!/usr/bin/env bash
# The checks CI runs after the test suite: lint, file structure, a warning-free release build, the benchmark
# target's pinned malloc counts, and the documentation. Each step prints its time; any failure stops the run.
#
# Usage: scripts/ci_checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "== $1"; SECONDS=0; }
done_step() { echo "   ($SECONDS s)"; }

step "swift format lint"
swift format lint --strict --recursive Sources Tests Benchmarks Fuzz Package.swift
done_step

step "no reference circle between files, no file over 400 lines"
python3 scripts/file_cycles.py
done_step

step "release build without warnings"
log=$(mktemp)
swift build -c release 2>&1 | tee "$log" | tail -1
if grep -E "^$PWD/(Sources|Benchmarks|Fuzz)/.*warning:" "$log"; then echo "warnings in the release build"; exit 1; fi
rm -f "$log"
done_step

step "output safety end to end (full disk, devices, links, kills, pipes)"
scripts/check_output_safety.sh .build/release/trajectory
done_step

step "hostile series x every model name through the command line (no hang, no silent NA, no absurd band)"
python3 scripts/hostile_grid.py --binary .build/release/trajectory
done_step

step "streaming: 2,000,000 rows through a pipe in bounded memory, equal to the whole-input run"
scripts/check_streaming.sh .build/release/trajectory
done_step

step "cluster examples: the Kubernetes Indexed Job and the Slurm array, each shard run locally"
python3 scripts/check_cluster_examples.py --binary .build/release/trajectory
done_step

step "Spark integration in local mode (local[2]): forecasts and scenarios equal the CLI's for 1, 2 and 5 partitions"
TRAJECTORY_BINARY="$PWD/.build/release/trajectory" python3 -m pytest -q -p no:cacheprovider integrations/spark/tests
done_step

step "the installed binary finds its datasets from any folder"
scripts/check_install.sh .build/release/trajectory
done_step

step "benchmark target: malloc counts against Thresholds/ (2% tolerance)"
set +e
OPENBLAS_NUM_THREADS=1 swift package benchmark thresholds check --filter 'CI_.*' --no-progress
status=$?
set -e
# 0: equal, 4: only improvements (update Thresholds/ to keep them), 2: a regression.
if [ "$status" -ne 0 ] && [ "$status" -ne 4 ]; then echo "benchmark thresholds: regression (exit $status)"; exit 1; fi
done_step

step "fuzz targets replay their seed corpora, then half a minute of libFuzzer each"
for target in csv decimal longcsv period scenario; do .build/release/TrajectoryFuzz "$target" "Fuzz/corpus/$target"; done
.build/release/TrajectoryFuzz longcsvstream Fuzz/corpus/longcsv
scripts/fuzz.sh 30
done_step

step "documentation (DocC, warnings are errors)"
scripts/build_docs.sh
done_step
