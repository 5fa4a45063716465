#!/usr/bin/env python3
"""The constants of `drift:shrunk` (ShrunkDriftModel.Prior) and the members of `auto`, chosen across corpora.

For every cell of scripts/validate_corpora.py (the M3 yearly *training* data at 4 rolling origins and the three
corpora of Datasets/yearly-validation at 2 origins; the M3 test values are never read) the engine forecasts each
member alone (`trajectory forecast -m M`); the combinations are then formed here as medians of the member point
forecasts, as `auto` forms them (or their means, the previous rule), with the shrunk drift computed by the same
formula as ShrunkDrift.swift:

  g-hat = (log y_n - log y_1)/T, s^2 = (nu0*s0^2 + sum (d - g-hat)^2)/(nu0 + m - 1), w = tau^2/(tau^2 + s^2/T),
  g* = w*g-hat + (1 - w)*mu, forecast y_n*exp(g*h)

for a grid of (mu, tau^2, s0^2) with nu0 = 1, and also with (mu, tau^2) estimated from each batch itself (the median
growth of the batch and the method-of-moments variance of the growth rates across it: learning across the series of
one run). A variant's relative score in a cell is the larger of its mean (sMAPE, MASE) ratio to drift and to Theta;
the design rule picks the variant whose worst cell is best.

Usage: scripts/fit_drift_prior.py   (prints the tables; about a minute)
"""
import itertools, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc  # noqa: E402
from trajectory_forecast import forecast_rows  # noqa: E402

MEMBERS = ["ets", "ets:akaike", "theta", "drift", "auto.arima", "dotm", "damped"]
LONG = 15  # AutomaticModel.longSeriesMinimum


def collect(binary):
    cells = {}
    for corpus, origin, tr, te in vc.cells():
        key = (corpus, "rolling" if corpus == "m3-yearly" else origin)
        h = len(next(iter(te.values())))
        rows = [(sid, i + 1, v) for sid, y in tr.items() for i, v in enumerate(y)]
        fc = {}
        for m in MEMBERS:
            d = {}
            for r in forecast_rows(binary, rows, h, m):
                d.setdefault(r["series_id"], []).append(float(r["mean"]))
            fc[m] = d
        cells.setdefault(key, []).append((tr, te, fc))
    return cells


def stats(x):
    """(g-hat, sum of squared deviations, m) of the log increments, or None for a series with a value <= 0."""
    if x.min() <= 0:
        return None
    d = np.diff(np.log(x))
    g = d.mean()
    return g, float(((d - g) ** 2).sum()), len(d)


def shrunk(x, h, mu, tau2, s02, nu0=1.0):
    j = np.arange(1, h + 1)
    st = stats(x)
    if st is None:
        return x[-1] + (x[-1] - x[0]) / (len(x) - 1) * j
    g, spread, m = st
    s2 = (nu0 * s02 + spread) / (nu0 + m - 1)
    w = tau2 / (tau2 + s2 / m)
    return x[-1] * np.exp((w * g + (1 - w) * mu) * j)


def batch_prior(tr, s02):
    """mu and tau^2 from one batch: the median growth and the moments of the growth rates across its series."""
    gs, vs = [], []
    for y in tr.values():
        st = stats(np.array(y))
        if st is not None:
            g, spread, m = st
            gs.append(g)
            vs.append((s02 + spread) / m / m)
    return float(np.median(gs)), max(float(np.var(gs) - np.mean(vs)), 1e-5)


def combine(x, fc, h, drift, long_rule=True, short_drift_weight=1.0, rule="median", ets_min=11):
    n = len(x)
    f = dict(fc)
    f["drift"] = drift
    members = ["theta", "drift"] + (["ets"] if n >= ets_min else []) + (["auto.arima"] if n >= 7 else [])
    members += ["dotm"] if n >= 4 and fc.get("dotm") is not None else []
    if long_rule and n >= LONG:
        f["ets"] = f["ets:akaike"]
        members = [m for m in members if m != "theta"] + ["damped"]
    if rule == "median":
        return np.median(np.array([f[m] for m in members]), axis=0)
    weight = {m: (short_drift_weight if m == "drift" and n <= 10 else 1.0) for m in members}
    return sum(weight[m] * f[m] for m in members) / sum(weight.values())


def evaluate(cells, drift_for, long_rule=True, short_drift_weight=1.0, rule="median", ets_min=11):
    """cell -> (sMAPE, MASE, relative score); drift_for(train batch) -> (x, h -> drift forecast)."""
    out = {}
    for key, batches in cells.items():
        acc = {k: [] for k in ("s", "m", "sd", "md", "st", "mt")}
        for tr, te, fc in batches:
            drift = drift_for(tr) if drift_for else None
            for sid, y in tr.items():
                x, t = np.array(y), np.array(te[sid])
                h = len(t)
                member = {m: (np.array(d[sid]) if sid in d else None) for m, d in fc.items()}
                f = combine(x, member, h, drift(x, h) if drift else member["drift"], long_rule, short_drift_weight, rule,
                            ets_min)
                scale = np.abs(np.diff(x)).mean()
                for k, g in (("", f), ("d", member["drift"]), ("t", member["theta"])):
                    acc["s" + k].append(np.mean(200 * np.abs(t - g) / (np.abs(t) + np.abs(g))))
                    if scale > 0:
                        acc["m" + k].append(np.mean(np.abs(t - g)) / scale)
        s, m = np.mean(acc["s"]), np.mean(acc["m"])
        rel = max((s / np.mean(acc["sd"]) + m / np.mean(acc["md"])) / 2,
                  (s / np.mean(acc["st"]) + m / np.mean(acc["mt"])) / 2)
        out[key] = (s, m, rel)
    return out


def main():
    cells = collect(vc.release_binary())
    rows = [("the auto before the shrunk drift (members' mean, ordinary drift, no long-series rule)",
             evaluate(cells, None, long_rule=False, rule="mean")),
            ("the previous auto (shipped prior, members' mean)",
             evaluate(cells, lambda tr: lambda x, h: shrunk(x, h, 0.02, 0.0005, 0.01), rule="mean")),
            ("shipped prior, ETS from 15 (not shipped: see the README)",
             evaluate(cells, lambda tr: lambda x, h: shrunk(x, h, 0.02, 0.0005, 0.01), ets_min=15)),
            ("ordinary drift, long-series rule", evaluate(cells, None))]
    for mu, tau2, s02 in itertools.product([0.0, 0.01, 0.02, 0.03], [0.0005, 0.001, 0.002, 0.004],
                                           [0.003, 0.01, 0.03]):
        rows.append((f"shipped prior mu={mu} tau2={tau2} s0^2={s02}",
                     evaluate(cells, lambda tr, a=(mu, tau2, s02): lambda x, h: shrunk(x, h, *a))))
    # Weights by a feature (FFORMA's idea in its simplest form): the shrunk drift weighted more on short series (a
    # weighted mean: the median has no weights).
    for k in (1.5, 2.0):
        rows.append((f"shipped prior mu=0.02 tau2=0.0005 s0^2=0.01, members' mean, drift weighted x{k} on 10 or fewer points",
                     evaluate(cells, lambda tr: lambda x, h: shrunk(x, h, 0.02, 0.0005, 0.01), short_drift_weight=k,
                              rule="mean")))
    rows.append(("no pooling (log drift, tau2 = inf)",
                 evaluate(cells, lambda tr: lambda x, h: shrunk(x, h, 0.0, 1e12, 0.01))))
    for factor in [0.5, 1.0, 2.0]:
        def batch(tr, factor=factor):
            mu, tau2 = batch_prior(tr, 0.01)
            return lambda x, h: shrunk(x, h, mu, tau2 * factor, 0.01)
        rows.append((f"learned from the batch (median growth, moments tau2 x{factor})", evaluate(cells, batch)))
    keys = list(rows[0][1])
    print("| variant | worst | " + " | ".join(f"{c} {o}" for c, o in keys) + " |")
    print("|---|---|" + "---|" * len(keys))
    rows.sort(key=lambda r: max(v[2] for v in r[1].values()))
    for name, res in rows:
        print(f"| {name} | {max(v[2] for v in res.values()):.4f} | "
              + " | ".join(f"{res[k][0]:.2f} / {res[k][1]:.3f}" for k in keys) + " |")


if __name__ == "__main__":
    main()
