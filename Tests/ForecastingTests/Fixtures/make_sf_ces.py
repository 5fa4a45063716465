"""Fixtures for complex exponential smoothing (`ces`): statsforecast 2.1.1's non-seasonal CES on 40 M3 yearly
training series (every 16th, copied to sf_ces_series.csv) and on 3- to 8-point prefixes of 8 of them.

For each series: statsforecast's estimates a0, a1 (`cesmodel`, the fit of `auto_ces(model="N")`), the criterion at them (the squared
one-step errors of the last forward pass from the backcast state, recomputed here in double precision, since
statsforecast keeps its states in single precision), its 6 point forecasts; and the 6 point forecasts of the
recursion at fixed a0 = 1.5, a1 = 1.1 , which test the recursion and the
backcast without the optimiser. The Swift test checks that our criterion is never above statsforecast's, our
forecasts against statsforecast's where the two minima agree, and the fixed-parameter forecasts everywhere.

Run from the repository root: python3 Tests/ForecastingTests/Fixtures/make_sf_ces.py   (needs statsforecast, numpy)
"""
import csv, os, warnings
import numpy as np
from statsforecast.ces import cesmodel, forecast_ces

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
series = {}
with open(os.path.join(HERE, "../../../Datasets/m3-yearly/train.csv")) as f:
    for r in csv.DictReader(f):
        series.setdefault(r["series_id"], []).append(float(r["value"]))
ids = list(series)[::16][:40]
cases = [(sid, np.array(series[sid])) for sid in ids]
cases += [(f"{sid}:{k}", np.array(series[sid][:k])) for sid in ids[:8] for k in range(3, 9)]


def criterion(y, a0, a1):
    """The squared one-step errors of the forward pass from the backcast state (the recursion written out again)."""
    def step(l, c, e):
        return l - (1 - a1) * c + (a0 - a1) * e, l + (1 - a0) * c + (a0 + a1) * e

    def run(values, l, c):
        sse = 0.0
        for v in values:
            e = v - l
            sse += e * e
            l, c = step(l, c, e)
        return step(l, c, 0.0), sse

    mean = np.mean(y[:10])
    (l, c), _ = run(y, mean, mean / 1.1)
    (l, c), _ = run(y[::-1], l, c)
    return run(y, l, c)[1]


rows = []
for sid, y in cases:
    # cesmodel is what auto_ces(model="N") fits, without the information criterion that refuses 4 values.
    fit = cesmodel(y, 1, "N", None, None, None, None, nmse=3)
    a0, a1 = fit["par"]["alpha_0"], fit["par"]["alpha_1"]
    sf_mean = forecast_ces(fit, 6)["mean"]
    fixed = forecast_ces(cesmodel(y, 1, "N", 1.5, 1.1, None, None, nmse=3), 6)["mean"]
    rows.append([sid, repr(float(a0)), repr(float(a1)), repr(float(criterion(y, a0, a1)))]
                + [repr(float(v)) for v in sf_mean] + [repr(float(v)) for v in fixed])

with open(os.path.join(HERE, "sf_ces_series.csv"), "w") as f:
    f.write("series,index,value\n")
    for sid in ids:
        f.writelines(f"{sid},{i + 1},{v!r}\n" for i, v in enumerate(series[sid]))
with open(os.path.join(HERE, "sf_ces.csv"), "w") as f:
    f.write("series,a0,a1,criterion," + ",".join(f"sf{h}" for h in range(1, 7)) + ","
            + ",".join(f"fixed{h}" for h in range(1, 7)) + "\n")
    for r in rows:
        f.write(",".join(r) + "\n")
