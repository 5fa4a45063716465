#!/usr/bin/env bash
# Validates the design of the automatic ETS (`--model ets`) without touching the M3 test values: rolling
# origins inside the M3 yearly *training* parts (the last 6 training points of each series held out, 4 origins:
# 2,580 forecasts of 6 years). Compared: R's single best form by AICc (`ets:select`), the combination of all
# admissible forms with Akaike weights (`ets:akaike`) and with equal weights without the β = 0 forms
# (`ets:noslope0`) and with them (`ets`, the default), and the equal-weight combination with the trend's
# relative smoothing β/α capped at 0.5, 0.25 and 0.1 (`ets~B`); the default `ets` adds the additive-error forms
# fitted to the logarithms (half the weight), which won against the data's scale alone (`ets:data`); and the
# ETS + ARIMA + Theta combination (`combo`, the default `auto` since it won this validation) with its members and with
# the data-scale ETS, and `arima` (at most one difference, which won this validation) against `auto.arima` (R's two).
#
# Usage: scripts/validate_ets_design.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product trajectory >/dev/null
bin="$(swift build -c release --show-bin-path)/trajectory"
"$bin" backtest --input Datasets/m3-yearly/train.csv --holdout 6 --origins 4 \
  --model ets:select --model ets:akaike --model ets:noslope0 --model ets --model 'ets~0.5' --model 'ets~0.25' --model 'ets~0.1' --model ets:data --model combo --model combo:ets:data+auto.arima+theta --model arima --model auto.arima --model theta --format table
