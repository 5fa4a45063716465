#!/usr/bin/env bash
# Hot-path speed: linear trend fit + sigma (+ 5-year forecasts with 80/95% intervals) for 100,000 series × 20
# points on one grid, one thread: numpy's lstsq and Trajectory's benchmark target, in one invocation.
# The floor is one read of the 16 MB of responses (measured below with numpy's sum over the same array).
#
# Usage: scripts/bench_hotpath.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== numpy (OPENBLAS_NUM_THREADS=1), medians of 15 runs =="
OPENBLAS_NUM_THREADS=1 python3 - <<'PY'
import time, numpy as np
rng = np.random.default_rng(1)
n, k = 20, 100_000
t = np.arange(2001, 2021, dtype=float)
Y = rng.uniform(50, 5000, (n, k)) + np.outer(t - t.mean(), rng.normal(0, 10, k))
X = np.column_stack([np.ones(n), (t - t.mean()) / 9.5])
def median(f, reps=15):
    times = []
    for _ in range(reps):
        s = time.perf_counter(); f(); times.append(time.perf_counter() - s)
    return sorted(times)[reps // 2] * 1e3
floor = median(lambda: Y.sum())
lstsq = median(lambda: np.linalg.lstsq(X, Y, rcond=None))
print(f"read floor (Y.sum, 16 MB): {floor:.2f} ms")
print(f"numpy lstsq (coefficients + RSS): {lstsq:.2f} ms")
PY
echo "== Trajectory benchmark target (wall clock, p50 is the median) =="
OPENBLAS_NUM_THREADS=1 swift package benchmark --target TrajectoryBenchmarks --filter 'SharedDesignSolve100kx20' --filter 'LinearTrend100kx20' \
  --no-progress 2>&1 | grep -E "^[A-Z][A-Za-z0-9]+x20$|Time \(wall clock\)|Metric"
