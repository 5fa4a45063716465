#!/usr/bin/env python3
"""The strength of `auto`'s calibration of long series (`AutomaticModel.LongSeriesCalibration`).

Forecasts every cell of scripts/validate_corpora.py with `auto:nocal` (the mixture's own bands on long series) and
with `auto --intervals calibrated` (the same point forecasts, bands calibrated in full on the last 10 origins), then,
for each strength w, scores the bands whose distances from the point forecast are the mixture's times
(calibrated / mixture)^w on the series of at least --min observations (default 50, the shipped threshold): 80% / 95%
coverage and MSIS per cell. Then the same with an exponent for each level, w_L = n_L/(n_L + c), n_L = 45(1 − L) the
number of the 45 past scores (10 origins, up to 6 steps) beyond the level's quantile: a factor read from fewer tail
scores is shrunk more. c = 6 is what `auto` ships (`AutomaticModel.LongSeriesCalibration`); its row equals `auto`'s
own backtest.

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


print("| strength | " + " | ".join(cells) + " (80% / 95% / MSIS) |")
print("|---|" + "---|" * len(cells))


def by_level(m, c, w80, w95):
    """One step's (lo80, hi80, lo95, hi95) with the 80% bounds calibrated to the power w80, the 95% ones to w95, the
    95% band taking in the 80% one (as the engine nests its bands across levels)."""
    lo80, hi80 = partly_calibrated(m[1:], m, c, w80)[:2]
    lo95, hi95 = partly_calibrated(m[1:], m, c, w95)[2:]
    return [lo80, hi80, min(lo95, lo80), max(hi95, hi80)]


def row(label, w80, w95):
    shown = []
    for parts in cells.values():
        items = ((train[s], y, [by_level(m, c, *((w80, w95) if len(train[s]) >= minimum else (0, 0)))
                                for m, c in zip(own[s], full[s])])
                 for train, test, own, full in parts for s, y in test.items())
        c80, c95, msis = band_scores(items)
        shown.append(f"{c80:.1f} / {c95:.1f} / {msis:.2f}")
    print(f"| {label} | " + " | ".join(shown) + " |")


for w in (0, 0.25, 0.4, 0.5, 0.6, 0.75, 1):
    row(f"{w} at every level", w, w)
for c in (3, 4.5, 6, 9, 13.5, 18):
    w80, w95 = 9 / (9 + c), 2.25 / (2.25 + c)
    row(f"{'**' if c == 6 else ''}tail prior c = {c} ({w80:.2f} at 80%, {w95:.2f} at 95%){' (shipped)**' if c == 6 else ''}",
        w80, w95)
