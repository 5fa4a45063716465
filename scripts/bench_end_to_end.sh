#!/usr/bin/env bash
# End-to-end speed: `trajectory forecast --model linear --horizon 5` on a 100,000-series × 20-year long CSV
# (45 MB) against the pandas + numpy script doing the same work, timed in one hyperfine invocation
# (medians of 5 runs after a warm-up) so both see the same machine state.
#
# Usage: scripts/bench_end_to_end.sh [N_SERIES=100000]
# Needs: hyperfine (apt-get install -y hyperfine), python3 with numpy, pandas, scipy (pip install pandas scipy).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="${TMPDIR:-/tmp}/trajectory-bench"
mkdir -p "$work"
data="$work/panel_${n}x20.csv"
[ -f "$data" ] || python3 scripts/make_synthetic.py "$data" "$n" 20
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
hyperfine --warmup 1 --runs 5 --export-json "$work/e2e.json" \
  -n trajectory "$bin forecast --input $data --model linear --horizon 5 --output $work/trajectory.csv" \
  -n pandas "python3 scripts/baseline_pandas.py $data $work/pandas.csv 5"
python3 - "$work/e2e.json" "$work/trajectory.csv" "$work/pandas.csv" <<'PY'
import json, sys
import numpy as np, pandas as pd
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t, p = r["trajectory"]["median"], r["pandas"]["median"]
print(f"median: trajectory {t:.3f} s, pandas+numpy {p:.3f} s, ratio {p / t:.1f}x")
a, b = pd.read_csv(sys.argv[2]), pd.read_csv(sys.argv[3])
assert len(a) == len(b)
worst = max(float(np.max(np.abs(a[c] - b[c]) / np.abs(b[c]))) for c in ["mean", "lo80", "hi80", "lo95", "hi95"])
print(f"largest relative difference between the two outputs: {worst:.1e}")
PY
