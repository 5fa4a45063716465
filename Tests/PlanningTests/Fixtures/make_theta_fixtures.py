"""Fixtures for the optimised Theta methods (`otm`, `dotm`): statsforecast 2.1.1's OptimizedTheta and
DynamicOptimizedTheta on 40 M3 yearly training series, with the minimum of the same criterion found independently.

For each series and variant: statsforecast's 6 point forecasts and its criterion value (squared one-step errors
from the fourth value on, on the data divided by their mean absolute value), and the global minimum of that
criterion from a 27-start Nelder-Mead search (scipy) with its forecasts. statsforecast's own Nelder-Mead can
stop short of the minimum; the Swift test checks (a) that our criterion is never above statsforecast's, (b) our
forecasts against the global minimum's, and (c) against statsforecast's wherever statsforecast reached that minimum.

Run from the repository root: python3 Tests/PlanningTests/Fixtures/make_theta_fixtures.py
(needs statsforecast, scipy, numpy).
"""
import csv, os, warnings
import numpy as np
from scipy.optimize import minimize
from statsforecast.models import DynamicOptimizedTheta, OptimizedTheta

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
series = {}
with open(os.path.join(HERE, "../../../Datasets/m3-yearly/train.csv")) as f:
    for r in csv.DictReader(f):
        series.setdefault(r["series_id"], []).append(float(r["value"]))
ids = list(series)[::16][:40]


def run(y, level, alpha, theta, dynamic, h=0):
    """The criterion and h forecasts of the Theta state recursion (Fiorucci et al. 2016) from (level, alpha, theta)."""
    n = len(y)
    if dynamic:
        a_n, b_n = y[0], 0.0
    else:
        mean = y.mean()
        b_n = 6 * (2 * np.sum(np.arange(1, n + 1) * y) / n - (n + 1) * mean) / (n * n - 1)
        a_n = mean - (n + 1) * b_n / 2
    lev, running = alpha * y[0] + (1 - alpha) * level, y[0]
    sse, out = 0.0, []
    for i in range(1, n + h):
        mu = lev + (1 - 1 / theta) * (a_n * (1 - alpha) ** i + b_n * (1 - (1 - alpha) ** (i + 1)) / alpha)
        v = y[i] if i < n else mu
        if i < n and i >= 3:
            sse += (y[i] - mu) ** 2
        if i >= n:
            out.append(mu)
        lev = alpha * v + (1 - alpha) * lev
        new_mean = (i * running + v) / (i + 1)
        if dynamic:
            b_n = ((i - 1) * b_n + 6 * (v - running) / (i + 1)) / (i + 2)
            a_n = new_mean - b_n * (i + 2) / 2
        running = new_mean
    return sse, np.array(out)


rows = []
for sid in ids:
    raw = np.array(series[sid])
    scale = np.mean(np.abs(raw))
    y = raw / scale
    for name, model, dynamic in (("otm", OptimizedTheta, False), ("dotm", DynamicOptimizedTheta, True)):
        fitted = model().fit(raw).model_["par"]
        sf_sse, _ = run(y, fitted["initial_smoothed"] / scale, fitted["alpha"], fitted["theta"], dynamic)
        sf_mean = model().forecast(y=raw, h=6)["mean"]

        def objective(p):
            if not (0.1 <= p[1] <= 0.99 and 1 <= p[2] <= 1e10):
                return 1e10
            return run(y, p[0], p[1], p[2], dynamic)[0]

        best = None
        for level in (y[0] / 2, y[0], 1.5 * y.max()):
            for alpha in (0.12, 0.5, 0.95):
                for theta in (1.05, 2, 20):
                    r = minimize(objective, [level, alpha, theta], method="Nelder-Mead",
                                 options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 6000, "maxfev": 6000})
                    if best is None or r.fun < best.fun:
                        best = r
        global_sse, global_mean = run(y, *best.x, dynamic, h=6)
        rows.append([sid, name, repr(float(sf_sse)), repr(float(global_sse))]
                    + [repr(float(v)) for v in sf_mean] + [repr(float(v * scale)) for v in global_mean])

with open(os.path.join(HERE, "sf_theta.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["series", "variant", "sf_sse", "global_sse"] + [f"sf{h}" for h in range(1, 7)]
               + [f"global{h}" for h in range(1, 7)])
    w.writerows(rows)
