#!/usr/bin/env bash
# Speed and accuracy of automatic ETS on the 645 M3 yearly series against statsforecast's AutoETS, in one
# invocation: statsforecast first (fit + forecast with 80/95% intervals, one process, one thread, import and a
# JIT warm-up excluded), then `trajectory backtest` on one thread and on all cores (its `seconds` column is fit +
# forecast with intervals, file reading excluded). Each is run 3 times; the medians are compared.
#
# Usage: scripts/bench_ets_m3.sh        Needs: pip install statsforecast pandas
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sf=$(for i in 1 2 3; do OPENBLAS_NUM_THREADS=1 python3 scripts/peers_m3.py 2>/dev/null | sed -n 's/.*seconds \([0-9.]*\).*/\1/p'; done | median)
one=$(for i in 1 2 3; do "$bin" backtest --dataset m3-yearly --model ets --threads 1 --format csv | tail -1 | awk -F, '{print $NF}'; done | median)
all=$(for i in 1 2 3; do "$bin" backtest --dataset m3-yearly --model ets --format csv | tail -1 | awk -F, '{print $NF}'; done | median)
echo "statsforecast AutoETS: ${sf} s"
echo "trajectory ets, 1 thread: ${one} s  ($(python3 -c "print(f'{$sf/$one:.1f}')")x faster)"
echo "trajectory ets, $(nproc) threads: ${all} s  ($(python3 -c "print(f'{$sf/$all:.1f}')")x faster)"
"$bin" backtest --dataset m3-yearly --model ets --model ets:select --model theta --model drift --format table
