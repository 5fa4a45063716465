#!/usr/bin/env python3
"""The strength of `auto`'s calibration of long series (`AutomaticModel.LongSeriesCalibration`).

Forecasts every cell of scripts/validate_corpora.py with `auto:nocal` (the mixture's own bands on long series) and
with `auto --intervals calibrated` (the same point forecasts, bands calibrated in full on the last 10 origins), then,
for each strength w, scores the bands whose distances from the point forecast are the mixture's times
(calibrated / mixture)^w on the series of at least --min observations (default 50, the shipped threshold): 80% / 95%
coverage and MSIS per cell. w = 0.5 is what `auto` ships; its row equals `auto`'s own backtest.

Usage: scripts/calibration_strength.py [--min N]   (needs the release binary; about two minutes)
"""
import csv, io, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc

minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 50
binary = vc.release_binary()


def forecasts(train, h, extra):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "train.csv")
        vc.write(path, train)
        out = subprocess.run([binary, "forecast", "--input", path, "--horizon", str(h), "--format", "csv", "--level",
                              "80", "--level", "95", "--threads", "2"] + extra, capture_output=True, text=True,
                             check=True).stdout
    res = {}
    for r in csv.DictReader(io.StringIO(out)):
        res.setdefault(r["series_id"], []).append([float(r[k]) for k in ("mean", "lo80", "hi80", "lo95", "hi95")])
    return res


cells = {}  # label -> [(train, test, mixture forecasts, calibrated forecasts)] (the M3 origins pooled)
for corpus, origin, train, test in vc.cells():
    h = len(next(iter(test.values())))
    own = forecasts(train, h, ["--model", "auto:nocal"])
    full = forecasts(train, h, ["--model", "auto", "--intervals", "calibrated"])
    cells.setdefault(f"{corpus} {'rolling' if corpus == 'm3-yearly' else origin}", []).append((train, test, own, full))

print("| strength w | " + " | ".join(cells) + " (80% / 95% / MSIS) |")
print("|---|" + "---|" * len(cells))
for w in (0, 0.25, 0.4, 0.5, 0.6, 0.75, 1):
    shown = []
    for parts in cells.values():
        c80 = c95 = points = 0
        msis, counted = 0.0, 0
        for train, test, own, full, s, y in ((*p, s, y) for p in parts for s, y in p[1].items()):
            x = train[s]
            scale = sum(abs(x[i] - x[i - 1]) for i in range(1, len(x))) / (len(x) - 1)
            total = 0.0
            for k, v in enumerate(y):
                mu, *bounds = own[s][k]
                if len(x) >= minimum:
                    bounds = [mu + (b - mu) * ((c - mu) / (b - mu)) ** w if b != mu else b
                              for b, c in zip(bounds, full[s][k][1:])]
                l8, h8, l9, h9 = bounds
                c80 += l8 <= v <= h8
                c95 += l9 <= v <= h9
                points += 1
                total += (h9 - l9) + 40 * max(0.0, l9 - v) + 40 * max(0.0, v - h9)
            if scale > 0:
                msis += total / len(y) / scale
                counted += 1
        shown.append(f"{100 * c80 / points:.1f} / {100 * c95 / points:.1f} / {msis / counted:.2f}")
    print(f"| {w} | " + " | ".join(shown) + " |")
