#!/usr/bin/env python3
"""statsforecast on the M3 yearly split: time and accuracy of AutoETS (and optionally others), one process,
one thread, fit + forecast with 80/95% intervals for all 645 series (Python start-up and import excluded).

Usage: OPENBLAS_NUM_THREADS=1 python3 scripts/peers_m3.py [--per-series OUT.csv] [--models AutoETS,AutoTheta]
Needs: pip install statsforecast pandas
"""
import argparse, os, time
import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--per-series")
p.add_argument("--models", default="AutoETS")
p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "Datasets", "m3-yearly"))
a = p.parse_args()

from statsforecast import StatsForecast
from statsforecast import models as sfm

train = pd.read_csv(os.path.join(a.data, "train.csv")).rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
test = pd.read_csv(os.path.join(a.data, "test.csv")).rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
rows = []
for name in a.models.split(","):
    model = getattr(sfm, name)(season_length=1) if name != "AutoTheta" else sfm.AutoTheta(season_length=1)
    sf = StatsForecast(models=[model], freq=1, n_jobs=1)
    warm = train[train.unique_id.isin(train.unique_id.unique()[:10])]
    sf.forecast(df=warm, h=6, level=[80, 95])  # warm-up (JIT compilation)
    start = time.perf_counter()
    fc = sf.forecast(df=train, h=6, level=[80, 95])
    seconds = time.perf_counter() - start
    col = [c for c in fc.columns if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c][0]
    m = fc.merge(test, on=["unique_id", "ds"])
    y, f = m["y"].to_numpy(), m[col].to_numpy()
    m["smape"] = 200 * np.abs(y - f) / (np.abs(y) + np.abs(f))
    scale = train.groupby("unique_id")["y"].apply(lambda s: np.mean(np.abs(np.diff(s.to_numpy()))))
    m["ae"] = np.abs(y - f)
    per = m.groupby("unique_id").agg(smape=("smape", "mean"), mae=("ae", "mean"))
    per["mase"] = per["mae"] / scale.loc[per.index]
    lo95, hi95 = m[f"{col}-lo-95"].to_numpy(), m[f"{col}-hi-95"].to_numpy()
    lo80, hi80 = m[f"{col}-lo-80"].to_numpy(), m[f"{col}-hi-80"].to_numpy()
    print(f"{name}: sMAPE {per.smape.mean():.3f} MASE {per.mase.mean():.3f} "
          f"cov80 {100*np.mean((y>=lo80)&(y<=hi80)):.2f} cov95 {100*np.mean((y>=lo95)&(y<=hi95)):.2f} "
          f"seconds {seconds:.3f}")
    if a.per_series:
        per.assign(model=name).to_csv(a.per_series)
