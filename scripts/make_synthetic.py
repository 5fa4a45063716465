#!/usr/bin/env python3
"""Writes a synthetic long CSV for the speed benchmarks: N series x T yearly points on one grid.

Usage: python3 scripts/make_synthetic.py OUT.csv [N=100000] [T=20] [SEED=7]
Each series is a random linear trend plus noise, so every model can fit it (all values positive).
"""
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
t = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
years = np.arange(2001, 2001 + t)
level = rng.uniform(50, 5000, size=(n, 1))
slope = rng.normal(0, 0.03, size=(n, 1)) * level
noise = rng.normal(0, 0.05, size=(n, t)) * level
values = np.round(level + slope * (years - years[0]) + noise, 4)
values = np.abs(values) + 1.0
ids = np.repeat(np.array([f"S{i:06d}" for i in range(n)]), t)
periods = np.tile(years, n)
with open(out, "w") as f:
    f.write("series_id,period,value\n")
    for chunk in range(0, n * t, 1_000_000):
        rows = zip(ids[chunk:chunk + 1_000_000], periods[chunk:chunk + 1_000_000],
                   values.reshape(-1)[chunk:chunk + 1_000_000])
        f.write("".join(f"{a},{b},{c:.4f}\n" for a, b, c in rows))
