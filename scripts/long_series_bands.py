#!/usr/bin/env python3
"""Band shapes for long series (50 or more observations: in the validation corpora, the M3 'other' series).

`auto` gives a long series the equal-weight mixture of its members' laws, calibrated halfway on its own history
(`AutomaticModel.longSeriesCalibration`). This script scores, on both 'other' cells of scripts/validate_corpora.py,
that band against the alternatives a reader would try first: each member's own band, the quantile average of the
members' bands recentred on `auto`'s point forecast (each bound at the point forecast plus the mean of the members'
distances from their own point forecasts; narrower than the mixture where members disagree), optionally scaled, and
the quantile average with the mixture's calibration factors applied to the power w. Rows: 80% / 95% coverage and MSIS
per cell (the peers' best MSIS on origin T, statsforecast's AutoETS, is 13.27).

Usage: scripts/long_series_bands.py   (needs the release binary; about a minute)
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc
from trajectory_forecast import band_scores, forecast_bands, partly_calibrated

MEMBERS = ["ets:akaike", "damped", "drift:shrunk", "auto.arima", "dotm"]  # auto's members from 15 points
binary = vc.release_binary()
rows = {}
for corpus, origin, train, test in vc.cells():
    if corpus != "m3-other":
        continue
    h = len(next(iter(test.values())))
    mixture = forecast_bands(binary, train, h, "auto:nocal")
    full = forecast_bands(binary, train, h, "auto", ("--intervals", "calibrated"))
    members = {m: forecast_bands(binary, train, h, m) for m in MEMBERS}

    def averaged(s, k, scale=1.0):
        mu = mixture[s][k][0]
        return [mu + scale * sum(members[m][s][k][j] - members[m][s][k][0] for m in MEMBERS) / len(MEMBERS)
                for j in range(1, 5)]

    def calibrated(s, k, bounds, w):
        return partly_calibrated(bounds, mixture[s][k], full[s][k], w)

    variants = {"the mixture (`auto:nocal`)": lambda s, k: mixture[s][k][1:],
                "**the mixture calibrated halfway (`auto`)**": lambda s, k: calibrated(s, k, mixture[s][k][1:], 0.5)}
    for m in MEMBERS:
        variants[f"`{m}` alone"] = lambda s, k, m=m: members[m][s][k][1:]
    for scale in (0.95, 1.0, 1.1):
        variants[f"quantile average x{scale}"] = lambda s, k, scale=scale: averaged(s, k, scale)
    for w in (0.25, 0.5):
        variants[f"quantile average, calibrated to the power {w}"] = (
            lambda s, k, w=w: calibrated(s, k, averaged(s, k), w))
    for name, band in variants.items():
        c80, c95, msis = band_scores((train[s], y, [band(s, k) for k in range(len(y))]) for s, y in test.items())
        rows.setdefault(name, []).append(f"{c80:.1f} / {c95:.1f} / {msis:.2f}")
print("| band on the 'other' series | origin T: 80% / 95% / MSIS | origin 1 |")
print("|---|---|---|")
for name, cells in rows.items():
    print(f"| {name} | " + " | ".join(cells) + " |")
