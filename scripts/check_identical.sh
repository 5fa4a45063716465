#!/usr/bin/env bash
# Behaviour check for refactors: runs the same commands with the release binary of a base revision and of the
# working tree, and compares every output byte for byte.
#
# Covered: M3 yearly forecasts for every model name (and calibrated intervals of auto), the M3 backtest, `targets`
# (now and --as-of 2023-12-31, table/csv/json), the shipped indicators' forecasts, `examples/scenarios.yaml`, a
# generated file of 10,000 scenarios, the fan chart and the report page, `datasets`.
#
# Usage: scripts/check_identical.sh [BASE_REF]      (default: origin's main if any, else HEAD)
# Exit status 0 when every output is identical, 1 otherwise (the differing files are listed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base_ref=${1:-HEAD}
work=${CHECK_WORK:-/tmp/trajectory-identical}
mkdir -p "$work"

echo "== building the working tree (release)"
swift build -c release --product trajectory >/dev/null
new_bin="$root/.build/release/trajectory"

base_sha=$(git rev-parse "$base_ref")
base_tree="$work/base-$base_sha"
if [ ! -x "$base_tree/.build/release/trajectory" ]; then
  echo "== building $base_ref ($base_sha) in $base_tree"
  rm -rf "$base_tree"
  git worktree add --detach "$base_tree" "$base_sha" >/dev/null 2>&1 || git -C "$root" archive "$base_sha" | (mkdir -p "$base_tree" && tar -x -C "$base_tree")
  (cd "$base_tree" && swift build -c release --product trajectory >/dev/null)
fi
base_bin="$base_tree/.build/release/trajectory"

models=(auto ets ets:data ets:select ets:akaike ets:ANN ets:AAN ets:AAdN ets:MNN ets:MAN ets:MAdN "ets:AAN|MAN"
        ses holt damped theta arima auto.arima arima:1,1,0 arima:0,1,1+drift arima:1,0,1 arima:2,1,0
        combo combo:ets+theta combo:ets:data+auto.arima+theta naive drift mean linear loglinear quadratic)

run_all() {  # $1 = binary, $2 = output folder
  local bin=$1 out=$2
  rm -rf "$out"; mkdir -p "$out"
  export OPENBLAS_NUM_THREADS=1
  local i=0
  for m in "${models[@]}"; do
    i=$((i + 1))
    "$bin" forecast --dataset m3-yearly --horizon 6 --model "$m" --format csv >"$out/m3-$i.csv" 2>"$out/m3-$i.err" || echo "exit $?" >>"$out/m3-$i.err"
  done
  "$bin" forecast --dataset m3-yearly --horizon 6 --model auto --intervals calibrated --format csv >"$out/m3-auto-calibrated.csv" 2>&1 || true
  "$bin" forecast --dataset m3-yearly --horizon 6 --model auto --format json >"$out/m3-auto.json" 2>&1 || true
  "$bin" backtest --dataset m3-yearly --model auto --model ets --model theta --per-series --format csv >"$out/backtest-m3.csv" 2>/dev/null || true
  for f in table csv json; do
    "$bin" targets --dataset cnipa --format $f >"$out/targets.$f" 2>&1 || true
    "$bin" targets --dataset cnipa --as-of 2023-12-31 --format $f >"$out/targets-2023.$f" 2>&1 || true
  done
  "$bin" forecast --dataset cnipa --to 2026 --format csv >"$out/cnipa-2026.csv" 2>"$out/cnipa-2026.err" || true
  "$bin" forecast --dataset cnipa --to 2027 --model ets --format json >"$out/cnipa-ets-2027.json" 2>&1 || true
  "$bin" backtest --dataset cnipa --as-of 2023-12-31 --model auto --model theta --format csv >"$out/backtest-cnipa.csv" 2>&1 || true
  "$bin" scenarios run examples/scenarios.yaml --format csv >"$out/scenarios.csv" 2>"$out/scenarios.err" || true
  "$bin" scenarios run examples/scenarios.yaml --format json >"$out/scenarios.json" 2>/dev/null || true
  "$bin" scenarios generate --count 10000 --seed 7 --output "$out/gen10k.yaml" >/dev/null 2>&1
  "$bin" scenarios run "$out/gen10k.yaml" --format csv --output "$out/gen10k.csv" >/dev/null 2>&1 || true
  "$bin" plot --indicator hv_inv_patents_per10k --to 2027 --output "$out/plot.svg" >/dev/null 2>&1 || true
  "$bin" report --output "$out/report.html" >/dev/null 2>&1 || true
  "$bin" report --as-of 2023-12-31 --output "$out/report-2023.html" >/dev/null 2>&1 || true
  "$bin" datasets --format csv >"$out/datasets.csv" 2>&1 || true
  "$bin" datasets --indicator pct_wipo_china_origin >"$out/datasets-pct.txt" 2>&1 || true
}

echo "== running $base_ref"
run_all "$base_bin" "$work/out-base"
echo "== running the working tree"
run_all "$new_bin" "$work/out-new"

if diff -rq "$work/out-base" "$work/out-new"; then
  n=$(ls "$work/out-new" | wc -l)
  echo "identical: $n outputs ($(cat "$work"/out-new/*.csv | wc -l) CSV lines) byte for byte against $base_ref"
else
  echo "DIFFERENT outputs (above)"
  exit 1
fi
