#!/usr/bin/env bash
# Times `trajectory scenarios run` on 10,000 generated scenarios over all plan indicators (about 39,000 scenario ×
# indicator forecasts with intervals and attainment probabilities), on one thread and on all cores, and checks that
# both outputs are byte-identical. Medians of 5 runs (hyperfine).
#
# Usage: scripts/bench_scenarios.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" scenarios generate --count "$count" --seed 1 --output "$work/s.yaml"
export OPENBLAS_NUM_THREADS=1
hyperfine --warmup 1 --runs 5 --export-json "$work/h.json" \
  -n "1 thread" "$bin scenarios run $work/s.yaml --threads 1 --output $work/one.csv" \
  -n "all cores ($(nproc))" "$bin scenarios run $work/s.yaml --output $work/all.csv"
cmp "$work/one.csv" "$work/all.csv" && echo "outputs identical: $(($(wc -l < "$work/one.csv") - 1)) rows"
python3 - "$work/h.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median {r["median"]:.3f} s')
PY
