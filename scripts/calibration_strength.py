#!/usr/bin/env python3
"""The strength of `auto`'s calibration of long series (`AutomaticModel.LongSeriesCalibration`).

Forecasts every cell of scripts/validate_corpora.py with `auto:nocal` (the mixture's own bands on long series) and
with `auto --intervals calibrated` (the same point forecasts, bands calibrated in full on the last 10 origins), then,
for each strength w, scores the bands whose distances from the point forecast are the mixture's times
(calibrated / mixture)^w on the series of at least --min observations (default 50, the shipped threshold): 80% / 95%
coverage and MSIS per cell. w = 0.5 is what `auto` ships; its row equals `auto`'s own backtest.

Usage: scripts/calibration_strength.py [--min N]   (needs the release binary; about two minutes)
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc
from trajectory_forecast import band_scores, forecast_bands, partly_calibrated

minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 50
binary = vc.release_binary()

cells = {}  # label -> [(train, test, mixture forecasts, calibrated forecasts)] (the M3 origins pooled)
for corpus, origin, train, test in vc.cells():
    h = len(next(iter(test.values())))
    own = forecast_bands(binary, train, h, "auto:nocal")
    full = forecast_bands(binary, train, h, "auto", ("--intervals", "calibrated"))
    cells.setdefault(f"{corpus} {'rolling' if corpus == 'm3-yearly' else origin}", []).append((train, test, own, full))


print("| strength w | " + " | ".join(cells) + " (80% / 95% / MSIS) |")
print("|---|" + "---|" * len(cells))
for w in (0, 0.25, 0.4, 0.5, 0.6, 0.75, 1):
    shown = []
    for parts in cells.values():
        items = ((train[s], y, [partly_calibrated(m[1:], m, c, w if len(train[s]) >= minimum else 0) for m, c in zip(own[s], full[s])])
                 for train, test, own, full in parts for s, y in test.items())
        c80, c95, msis = band_scores(items)
        shown.append(f"{c80:.1f} / {c95:.1f} / {msis:.2f}")
    print(f"| {w} | " + " | ".join(shown) + " |")
