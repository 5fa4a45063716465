#!/usr/bin/env python3
"""The automatic method on irregular yearly data: M3 yearly training series with 10, 20 or 30% of their years
removed at random (never the first or last two) and, optionally, mid-year points added (a level dated 1 July,
halfway between its years: the mean of the two), forecast 6 years ahead and scored against the held-out years
with the complete series' scales. Prints one row per variant: sMAPE, MASE, 95% coverage, and the change against
the complete data.

Usage: scripts/validate_irregular.py [--binary PATH] [--model auto] [--seed 1] [--data Datasets/m3-yearly]
"""
import argparse, csv, os, random
from collections import defaultdict

from trajectory_forecast import forecast_rows

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--binary", default=os.path.join(root, ".build/release/trajectory"))
p.add_argument("--model", default="auto")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--data", default=os.path.join(root, "Datasets/m3-yearly"))
a = p.parse_args()

def read(path):
    d = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            d[r["series_id"]].append((int(r["period"]), float(r["value"])))
    return d

train, test = read(os.path.join(a.data, "train.csv")), read(os.path.join(a.data, "test.csv"))
BASE = 1900  # period p is the year 1900 + p

def forecast(rows):
    res = defaultdict(dict)
    for r in forecast_rows(a.binary, rows, 6, a.model):
        res[r["series_id"]][int(r["period"]) - BASE] = (float(r["mean"]), float(r["lo95"]), float(r["hi95"]))
    return res

def score(res):
    s_smape = s_mase = 0.0
    n_series = covered = points = 0
    for sid, obs in train.items():
        y = [v for _, v in obs]
        scale = sum(abs(y[i] - y[i - 1]) for i in range(1, len(y))) / (len(y) - 1)
        f = res.get(sid, {})
        sm = ms = 0.0
        for period, actual in test[sid]:
            mean, lo, hi = f.get(period, (float("nan"),) * 3)
            sm += 200 * abs(actual - mean) / (abs(actual) + abs(mean))
            ms += abs(actual - mean) / scale
            covered += lo <= actual <= hi
            points += 1
        s_smape += sm / len(test[sid])
        s_mase += ms / len(test[sid])
        n_series += 1
    return s_smape / n_series, s_mase / n_series, 100 * covered / points

def variant(fraction, midyear, rng):
    rows = []
    for sid, obs in train.items():
        n = len(obs)
        inner = list(range(1, n - 2))
        drop = set(rng.sample(inner, round(fraction * n))) if fraction > 0 else set()
        for i, (period, value) in enumerate(obs):
            if i not in drop:
                rows.append((sid, BASE + period, value))
            if midyear and i + 1 < n and rng.random() < 0.3:
                rows.append((sid, f"{BASE + period}-07-02", (value + obs[i + 1][1]) / 2))
    return rows

rng = random.Random(a.seed)
complete = score(forecast([(sid, BASE + p_, v) for sid, obs in train.items() for p_, v in obs]))
print(f"model {a.model}, M3 yearly ({len(train)} series), seed {a.seed}")
print(f"{'variant':<34}{'sMAPE':>8}{'MASE':>8}{'cov95':>8}{'dsMAPE%':>9}{'dMASE%':>8}")
print(f"{'complete':<34}{complete[0]:8.3f}{complete[1]:8.3f}{complete[2]:8.1f}{0:9.2f}{0:8.2f}")
for fraction in (0.1, 0.2, 0.3):
    for midyear in (False, True):
        s = score(forecast(variant(fraction, midyear, rng)))
        label = f"{int(fraction * 100)}% of years removed" + (", mid-year points" if midyear else "")
        print(f"{label:<34}{s[0]:8.3f}{s[1]:8.3f}{s[2]:8.1f}"
              f"{100 * (s[0] / complete[0] - 1):9.2f}{100 * (s[1] / complete[1] - 1):8.2f}")
