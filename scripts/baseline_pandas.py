#!/usr/bin/env python3
"""The pandas + numpy baseline for `trajectory forecast --model linear --horizon H`.

Usage: python3 scripts/baseline_pandas.py IN.csv OUT.csv [H=5]

Same work as Trajectory: read the long CSV, fit y = a + b*t by least squares for every series (all share one
grid, so one numpy lstsq with many right-hand sides), sigma^2 = RSS/(n-2), forecast H years ahead with
80/95% Student-t prediction intervals, write series_id,period,model,mean,lo80,hi80,lo95,hi95.
"""
import sys
import numpy as np
import pandas as pd
from scipy import stats

src, dst = sys.argv[1], sys.argv[2]
h = int(sys.argv[3]) if len(sys.argv) > 3 else 5
df = pd.read_csv(src)
wide = df.pivot(index="period", columns="series_id", values="value").sort_index()
t = wide.index.to_numpy(dtype=float)
Y = wide.to_numpy()
n = len(t)
tc = (t - t.mean())
X = np.column_stack([np.ones(n), tc])
beta, rss, rank, _ = np.linalg.lstsq(X, Y, rcond=None)
sigma = np.sqrt(rss / (n - 2))
future = t[-1] + np.arange(1, h + 1)
Xf = np.column_stack([np.ones(h), future - t.mean()])
mean = Xf @ beta                                           # h x k
G = np.linalg.inv(X.T @ X)
factor = np.sqrt(1 + np.einsum("ij,jk,ik->i", Xf, G, Xf))  # h
out = {"series_id": np.tile(wide.columns.to_numpy(), h), "period": np.repeat(future.astype(int), Y.shape[1]),
       "model": "linear", "mean": mean.reshape(-1)}
for level in (80, 95):
    q = stats.t.ppf(0.5 + level / 200, n - 2)
    half = q * factor[:, None] * sigma[None, :]
    out[f"lo{level}"] = (mean - half).reshape(-1)
    out[f"hi{level}"] = (mean + half).reshape(-1)
res = pd.DataFrame(out).sort_values(["series_id", "period"], kind="stable")
res.to_csv(dst, index=False)
