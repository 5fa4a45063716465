#!/usr/bin/env python3
"""The tiny-series prior (TinySeriesPrior.swift) scored on the validation cells themselves.

`scripts/fit_tiny_prior.py` estimates the prior's constants on truncations of the training data; this script asks the
question of the issue's bar directly: with `auto`'s own (stretched) bands from `auto:own` on every cell of
scripts/validate_corpora.py, which constants bring every cell's 80% and 95% coverage inside 77-83% and 93-97%?
The engine's floor is applied here in closed form (each bound at least the prior's Student-t bound about the point
forecast, on series of 2-30 points), so the shipped row reproduces `auto`'s backtest within a few tenths (the engine
reads the screened series). The grid adds one variant the engine does not have: the drift term of the prior's noise
estimate, kappa0 m dbar^2 / kappa_m, weighted by gamma (gamma = 1 is the conjugate prior the engine ships; gamma < 1
stops a steady trend from counting as noise, which is what widens the smooth monthly sums).

Each row: the constants (gamma, nu0, kappa0, s0, delta), the coverage distance (the largest distance of any cell's
80% / 95% coverage from 77-83% / 93-97%), the worst MSIS ratio to the shipped constants, the series of the four
corpora (up to 30 points, forecast from their full training data) whose 95% upper bound six years out lies above the
last value plus 20 times the range, and each cell's 80% / 95% / MSIS. Rows are ranked by the distance (to half a
point, the sampling noise) and then the MSIS ratio, among those with at most 5 series more over the bound than the
shipped constants.

The cells hold no series of 2 points (the validation corpora start at 3), where the prior's constants matter most:
check any candidate with scripts/validate_tiny.py too (nu0 = 1.5, kappa0 = 8, delta = 0.2 lowers the short corpora's
MSIS here but covers 55.9% / 85.1% from 2 points there, against 74.0% / 95.5% shipped).

With --narrow, the shipped constants with two narrowings the engine does not have either: the prior's 80% floor alone
times c, and its one-step band alone times c (c = 0.95, 0.9, 0.85).

Usage: scripts/tiny_prior_cells.py [--narrow]   (needs numpy, scipy and the release binary; about a minute)
"""
import itertools, os, sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc
from trajectory_forecast import forecast_bands

SHIPPED = (1.0, 0.75, 4.0, 0.01, 0.35)
binary = vc.release_binary()


def summaries(x):
    d = np.diff(x)
    dbar = d.mean()
    return np.mean(np.abs(x)), len(d), dbar, ((d - dbar) ** 2).sum()


cells, bounds = [], []
for corpus, origin, train, test in vc.cells():
    h = len(next(iter(test.values())))
    own = forecast_bands(binary, train, h, "auto:own")
    rows = []
    for s, y in test.items():
        x = np.array(train[s])
        if s not in own or len(x) < 2:
            continue
        level, m, dbar, S = summaries(x)
        scale = np.mean(np.abs(np.diff(x)))
        for k, v in enumerate(y):
            rows.append((len(x), k + 1, v, *own[s][k], level, m, dbar, S, scale))
    cells.append((f"{corpus} {origin}", np.array(rows)))
    if origin in ("T", "rolling 1"):
        # The bound is checked on each corpus's full training data (the M3 yearly: training and held-out origins).
        full = {s: y + test[s] if origin == "rolling 1" else y for s, y in train.items()}
        full = {s: y for s, y in full.items() if 2 <= len(y) <= 30}
        if full:
            ahead = forecast_bands(binary, full, 6, "auto:own")
            for s, y in full.items():
                if s in ahead:
                    mu, _, _, lo95, hi95 = ahead[s][5]
                    bounds.append((y[-1], max(y) - min(y), mu, hi95, *summaries(np.array(y))))
bounds = np.array(bounds)


def prior(p, level, m, dbar, S, h, one_step=1.0):
    """The prior's h-step Student-t scale and degrees of freedom (TinySeriesPrior.widen, drift term weighted; the
    one-step scale times `one_step`)."""
    gamma, nu0, k0, s0, delta = p
    km = k0 + m
    s2 = (nu0 * (s0 * level) ** 2 + S + gamma * k0 * m * dbar ** 2 / km) / (nu0 + m)
    return np.sqrt(s2 * (h + h * h / km)) * np.where(h == 1, one_step, 1.0), nu0 + delta * m


def evaluate(p, floor80=1.0, one_step=1.0):
    out = []
    for name, r in cells:
        n, h, v, mu, l8, h8, l9, h9, level, m, dbar, S, scale = r.T
        sd, nu = prior(p, level, m, dbar, S, h, one_step)
        floored = n <= 30
        q8, q9 = floor80 * stats.t.ppf(0.9, nu) * sd, stats.t.ppf(0.975, nu) * sd
        L8, H8 = np.where(floored, np.minimum(l8, mu - q8), l8), np.where(floored, np.maximum(h8, mu + q8), h8)
        L9, H9 = np.where(floored, np.minimum(l9, mu - q9), l9), np.where(floored, np.maximum(h9, mu + q9), h9)
        ok = scale > 0
        msis = ((H9 - L9) + 40 * np.maximum(0, L9 - v) + 40 * np.maximum(0, v - H9))[ok] / scale[ok]
        out.append((100 * np.mean((L8 <= v) & (v <= H8)), 100 * np.mean((L9 <= v) & (v <= H9)), msis.mean()))
    last, spread, mu, hi95, level, m, dbar, S = bounds.T
    sd, nu = prior(p, level, m, dbar, S, 6)
    over = int(np.sum(np.maximum(hi95, mu + stats.t.ppf(0.975, nu) * sd) > last + 20 * spread))
    return out, over


def distance(out):
    return max(max(0, 77 - c8, c8 - 83, 93 - c9, c9 - 97) for c8, c9, _ in out)


def show(p, out, over, ratio):
    cellwise = " | ".join(f"{c8:.1f} / {c9:.1f} / {ms:.2f}" for c8, c9, ms in out)
    print(f"| {', '.join(f'{x:g}' for x in p)} | {distance(out):.2f} | {ratio:.4f} | {over} | {cellwise} |")


shipped, shipped_over = evaluate(SHIPPED)
if "--narrow" in sys.argv:
    print("| narrowing | distance | over the bound | " + " | ".join(name for name, _ in cells) + " (80% / 95% / MSIS) |")
    print("|---" * (3 + len(cells)) + "|")
    for label, c, kwargs in [("none", 1, {})] + [(f"{what} x{c}", c, {key: c}) for what, key in
                                                   (("80% floor", "floor80"), ("one-step band", "one_step"))
                                                   for c in (0.95, 0.9, 0.85)]:
        out, over = evaluate(SHIPPED, **kwargs)
        print(f"| {label} | {distance(out):.2f} | {over} | "
              + " | ".join(f"{c8:.1f} / {c9:.1f} / {ms:.2f}" for c8, c9, ms in out) + " |")
    sys.exit()
print("| gamma, nu0, kappa0, s0, delta | distance | worst MSIS ratio | over the bound | "
      + " | ".join(name for name, _ in cells) + " |")
print("|---" * (4 + len(cells)) + "|")
show(SHIPPED, shipped, shipped_over, 1.0)
rows = []
for p in itertools.product([1, 0.5, 0.25, 0], [0.5, 0.75, 1, 1.5], [1, 2, 4, 8, 16], [0.005, 0.01, 0.02],
                           [0.1, 0.2, 0.35, 0.5]):
    out, over = evaluate(p)
    if over > shipped_over + 5:
        continue
    ratio = max(ms / base for (_, _, ms), (_, _, base) in zip(out, shipped))
    rows.append((round(2 * distance(out)) / 2, ratio, p, out, over))
rows.sort(key=lambda r: (r[0], r[1]))
for _, ratio, p, out, over in rows[:15]:
    show(p, out, over, ratio)
monthly = [i for i, (name, _) in enumerate(cells) if name.startswith("m3-monthly")]
inside = [r for r in rows if all(r[3][i][0] <= 83 for i in monthly)]
print(f"\n{len(inside)} of {len(rows)} constants on the grid bring both monthly cells' 80% coverage to 83% or below;"
      " the best of them by the distance, then the MSIS ratio:")
for _, ratio, p, out, over in inside[:5]:
    show(p, out, over, ratio)
