#!/usr/bin/env bash
# Times `auto` (one thread) and the ETS + ARIMA + Theta combination (fit + 6-year forecasts with 80/95% intervals) for the 645 M3 yearly
# series on one thread and on all cores (hyperfine, medians of 5), and, with --with-r, R forecast's
# auto.arima alone and the R combination (ets + auto.arima + thetaf) in the same run.
#
# Usage: scripts/bench_combo_m3.sh [--with-r]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
export OPENBLAS_NUM_THREADS=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hyperfine --warmup 1 --runs 5 --export-json "$work/h.json" \
  -n "trajectory auto, 1 thread" "$bin forecast --dataset m3-yearly --horizon 6 --model auto --threads 1 --output $work/u1.csv" \
  -n "trajectory combo, 1 thread" "$bin forecast --dataset m3-yearly --horizon 6 --model combo --threads 1 --output $work/c1.csv" \
  -n "trajectory arima, 1 thread" "$bin forecast --dataset m3-yearly --horizon 6 --model arima --threads 1 --output $work/a1.csv" \
  -n "trajectory combo, all cores" "$bin forecast --dataset m3-yearly --horizon 6 --model combo --output $work/c2.csv"
python3 - "$work/h.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median {r["median"]:.3f} s')
PY
if [[ "${1:-}" == "--with-r" ]]; then
  cat > "$work/r.R" <<'R'
suppressMessages(library(forecast))
d <- read.csv("Datasets/m3-yearly/train.csv")
ids <- unique(d$series_id)
ys <- lapply(ids, function(id) ts(d$value[d$series_id == id]))
t0 <- Sys.time(); for (y in ys) forecast(auto.arima(y), h = 6, level = c(80, 95)); t1 <- Sys.time()
for (y in ys) { forecast(ets(y), h = 6); forecast(auto.arima(y), h = 6); thetaf(y, h = 6) }; t2 <- Sys.time()
cat(sprintf("R auto.arima: %.1f s\nR ets + auto.arima + thetaf: %.1f s\n", as.numeric(t1 - t0, units = "secs"), as.numeric(t2 - t1, units = "secs")))
R
  Rscript "$work/r.R"
fi
