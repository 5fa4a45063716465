#!/usr/bin/env bash
# Speed and accuracy of automatic ETS on the 645 M3 yearly series against statsforecast's AutoETS, in one
# invocation: statsforecast (fit + forecast with 80/95% intervals, one process, one thread, import and a JIT warm-up
# excluded) and `trajectory backtest --model ets` on one thread and on all cores (its `seconds` column is fit +
# forecast with intervals, file reading excluded). The three are run in turn, RUNS times (default 5), so that the
# machine's slow spells fall on all of them; the medians are compared, and the ratio of each round is shown too.
#
# Usage: scripts/bench_ets_m3.sh [RUNS]        Needs: pip install statsforecast pandas
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rounds=$(mktemp)
trap 'rm -f "$rounds"' EXIT
for i in $(seq "$runs"); do
  sf=$(OPENBLAS_NUM_THREADS=1 python3 scripts/peers_m3.py 2>/dev/null | sed -n 's/.*seconds \([0-9.]*\).*/\1/p')
  one=$(OPENBLAS_NUM_THREADS=1 "$bin" backtest --dataset m3-yearly --model ets --threads 1 --format csv | tail -1 | awk -F, '{print $NF}')
  all=$(OPENBLAS_NUM_THREADS=1 "$bin" backtest --dataset m3-yearly --model ets --format csv | tail -1 | awk -F, '{print $NF}')
  echo "$sf $one $all" >> "$rounds"
done
sf=$(awk '{print $1}' "$rounds" | median)
one=$(awk '{print $2}' "$rounds" | median)
all=$(awk '{print $3}' "$rounds" | median)
echo "rounds (statsforecast s, trajectory 1 thread s, trajectory $(nproc) threads s, ratio 1 thread):"
awk '{printf "  %s  %s  %s  %.1fx\n", $1, $2, $3, $1 / $2}' "$rounds"
echo "statsforecast AutoETS: ${sf} s (median of $runs)"
echo "trajectory ets, 1 thread: ${one} s  ($(python3 -c "print(f'{$sf/$one:.1f}')")x faster)"
echo "trajectory ets, $(nproc) threads: ${all} s  ($(python3 -c "print(f'{$sf/$all:.1f}')")x faster)"
"$bin" backtest --dataset m3-yearly --model ets --model ets:data --model ets:select --model theta --model drift --format table
