#!/usr/bin/env python3
"""The calibration of `auto`'s intervals on long series (`AutomaticModel.LongSeriesCalibration`).

From 50 observations `auto` refits itself at the last 10 origins inside the data and stretches or narrows each
level's band by a power of the factor that would have made it cover the past outcomes. This script runs the engine on
every cell of scripts/validate_corpora.py that holds such series (the two M3 'other' cells; the other corpora stop
below 50 points) with each rule and prints 80% / 95% coverage and MSIS:

- `auto:nocal`: the mixture of the members' laws as it is;
- `auto:cal=W`: the factors to the power W at every level (W = 0.5 was the earlier `auto`, W = 1 is
  `--intervals calibrated`);
- `auto:tail=C`: the exponent n_L/(n_L + C) at level L, n_L = m(1 - L) of the m past scores (45) beyond the level's
  quantile: 9/(9 + C) at 80%, 2.25/(2.25 + C) at 95%. `auto` ships C = 6; its row is `auto` itself.

With --emulate-min N (N < 50) it instead applies the exponents in closed form to the series of N or more points of
every cell, from the forecasts of `auto:nocal` and `auto --intervals calibrated` (each bound's distance from the point
forecast times the full calibration's factor to the power w; the 95% band nested around the 80% one, but without the
engine's bounds at the levels between): what calibrating shorter series would do, e.g. the M3 training series from 26
points, which the engine's threshold leaves alone.

Usage: scripts/calibration_strength.py [--emulate-min N]   (needs the release binary; about two minutes)
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc
from trajectory_forecast import band_scores, forecast_bands, partly_calibrated

binary = vc.release_binary()
CONSTANT = (0.25, 0.4, 0.5, 0.6, 0.75, 1)
TAIL = (3, 4.5, 6, 9, 13.5, 18)


def label(c):
    w80, w95 = 9 / (9 + c), 2.25 / (2.25 + c)
    return f"tail prior C = {c} ({w80:.2f} at 80%, {w95:.2f} at 95%)"


def engine():
    cells = [(f"{corpus} {origin}", train, test) for corpus, origin, train, test in vc.cells()
             if any(len(y) >= 50 for y in train.values())]
    rows = [("the mixture (`auto:nocal`)", "auto:nocal")]
    rows += [(f"{w} at every level (`auto:cal={w}`){' — the earlier `auto`' if w == 0.5 else ''}", f"auto:cal={w}")
             for w in CONSTANT]
    rows += [(f"**{label(c)}: `auto`**" if c == 6 else f"{label(c)} (`auto:tail={c}`)",
              "auto" if c == 6 else f"auto:tail={c}") for c in TAIL]
    print("| calibration | " + " | ".join(name for name, _, _ in cells) + " (80% / 95% / MSIS) |")
    print("|---|" + "---|" * len(cells))
    for name, spec in rows:
        shown = []
        for _, train, test in cells:
            h = len(next(iter(test.values())))
            bands = forecast_bands(binary, train, h, spec)
            c80, c95, msis = band_scores((train[s], y, [b[1:] for b in bands[s]]) for s, y in test.items())
            shown.append(f"{c80:.1f} / {c95:.1f} / {msis:.2f}")
        print(f"| {name} | " + " | ".join(shown) + " |")


def emulated(minimum):
    cells = {}  # label -> [(train, test, mixture forecasts, calibrated forecasts)] (the M3 origins pooled)
    for corpus, origin, train, test in vc.cells():
        h = len(next(iter(test.values())))
        own = forecast_bands(binary, train, h, "auto:nocal")
        full = forecast_bands(binary, train, h, "auto", ("--intervals", "calibrated"))
        cells.setdefault(f"{corpus} {'rolling' if corpus == 'm3-yearly' else origin}", []).append(
            (train, test, own, full))

    def by_level(m, c, w80, w95):
        lo80, hi80 = partly_calibrated(m[1:], m, c, w80)[:2]
        lo95, hi95 = partly_calibrated(m[1:], m, c, w95)[2:]
        return [lo80, hi80, min(lo95, lo80), max(hi95, hi80)]

    print(f"Emulated on the series of {minimum} or more points (closed form, approximate):")
    print("| exponents | " + " | ".join(cells) + " (80% / 95% / MSIS) |")
    print("|---|" + "---|" * len(cells))
    rules = [("none", 0, 0)] + [(f"{w} at every level", w, w) for w in CONSTANT]
    rules += [(label(c), 9 / (9 + c), 2.25 / (2.25 + c)) for c in TAIL]
    for name, w80, w95 in rules:
        shown = []
        for parts in cells.values():
            items = ((train[s], y, [by_level(m, c, *((w80, w95) if len(train[s]) >= minimum else (0, 0)))
                                    for m, c in zip(own[s], full[s])])
                     for train, test, own, full in parts for s, y in test.items())
            c80, c95, msis = band_scores(items)
            shown.append(f"{c80:.1f} / {c95:.1f} / {msis:.2f}")
        print(f"| {name} | " + " | ".join(shown) + " |")


if "--emulate-min" in sys.argv:
    emulated(int(sys.argv[sys.argv.index("--emulate-min") + 1]))
else:
    engine()
