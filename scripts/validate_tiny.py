#!/usr/bin/env python3
"""Honest uncertainty on tiny series, checked by truncation: the first L = 2..8 points of every series of the
validation corpora (M3 yearly training part, and the three corpora of Datasets/yearly-validation; training values
only, so no held-out M3 value is used), forecast the next min(H, points left) values (H = 6) and count how often the
80% and 95% intervals contain them. Prints coverage per corpus and length, and the pooled figure per length.

Usage: scripts/validate_tiny.py [--binary PATH] [--model auto] [--lengths 2-8]
"""
import argparse, csv, os
from collections import defaultdict

from trajectory_forecast import forecast_rows

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--binary", default=os.path.join(root, ".build/release/trajectory"))
p.add_argument("--model", default="auto")
p.add_argument("--lengths", default="2-8")
p.add_argument("--horizon", type=int, default=6)
a = p.parse_args()
lo_len, hi_len = map(int, a.lengths.split("-"))

corpora = {
    "m3-yearly": os.path.join(root, "Datasets/m3-yearly/train.csv"),
    "m3-other": os.path.join(root, "Datasets/yearly-validation/m3-other/train.csv"),
    "m3-quarterly-annual": os.path.join(root, "Datasets/yearly-validation/m3-quarterly-annual/train.csv"),
    "m3-monthly-annual": os.path.join(root, "Datasets/yearly-validation/m3-monthly-annual/train.csv"),
}

def read(path):
    d = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            d[r["series_id"]].append(float(r["value"]))
    return d

def run(rows, h):
    res = defaultdict(dict)
    for r in forecast_rows(a.binary, rows, h, a.model):
        res[r["series_id"]][int(r["period"])] = tuple(float(r[k]) for k in ("lo80", "hi80", "lo95", "hi95"))
    return res

pooled = defaultdict(lambda: [0, 0, 0])
print(f"model {a.model}: coverage of the next values (80% / 95%) from the first L points")
print(f"{'corpus':<22}" + "".join(f"{'L=' + str(L):>14}" for L in range(lo_len, hi_len + 1)))
for corpus, path in corpora.items():
    data = read(path)
    cells = []
    for L in range(lo_len, hi_len + 1):
        rows = [(sid, i + 1, v) for sid, y in data.items() if len(y) > L for i, v in enumerate(y[:L])]
        res = run(rows, a.horizon) if rows else {}
        n = c80 = c95 = 0
        for sid, y in data.items():
            if len(y) <= L:
                continue
            for k in range(L, min(len(y), L + a.horizon)):
                b = res.get(sid, {}).get(k + 1)
                if b is None:
                    continue
                n += 1
                c80 += b[0] <= y[k] <= b[1]
                c95 += b[2] <= y[k] <= b[3]
        cells.append(f"{100 * c80 / max(1, n):6.1f}/{100 * c95 / max(1, n):5.1f}")
        for i, v in enumerate((n, c80, c95)):
            pooled[L][i] += v
    print(f"{corpus:<22}" + "".join(f"{c:>14}" for c in cells))
print(f"{'pooled':<22}" + "".join(
    f"{100 * pooled[L][1] / max(1, pooled[L][0]):6.1f}/{100 * pooled[L][2] / max(1, pooled[L][0]):5.1f}".rjust(14)
    for L in range(lo_len, hi_len + 1)))
