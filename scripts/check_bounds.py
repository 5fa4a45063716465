#!/usr/bin/env python3
"""No absurd bands: forecasts 6 years ahead for every series of the four corpora (M3 yearly training part and the
three of Datasets/yearly-validation) and counts the series whose 95% upper bound at h = 6 lies above the last value
plus 20 times the series' observed range (the criterion of the real-planner-data issue), and how many of those are
near-flat (range under 5% of the last value).

Then what the data say such a bound should be on near-flat short series: every window of L = 3, 4, 5 consecutive
values of the same corpora whose range is under 0.2%, 0.5% or 1% of its last value, and the share of those windows
whose value 6 years after the window's end lies above the window's last value plus 20 times its range. Where that
share is above 2.5%, a 95% band that respects the criterion cannot cover what follows.

Usage: scripts/check_bounds.py [--binary PATH] [--model auto]
"""
import argparse, csv, io, os, subprocess
from collections import defaultdict

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--binary", default=os.path.join(root, ".build/release/trajectory"))
p.add_argument("--model", default="auto")
a = p.parse_args()
files = ["Datasets/m3-yearly/train.csv"] + [
    f"Datasets/yearly-validation/{c}/train.csv" for c in ("m3-other", "m3-quarterly-annual", "m3-monthly-annual")]
corpora = {}
for path in files:
    data = corpora[path] = defaultdict(list)
    with open(os.path.join(root, path)) as f:
        for r in csv.DictReader(f):
            data[r["series_id"]].append(float(r["value"]))
    out = subprocess.run([a.binary, "forecast", "--input", os.path.join(root, path), "--horizon", "6", "--model",
                          a.model, "--format", "csv"], capture_output=True, text=True).stdout
    last = {}
    for r in csv.DictReader(io.StringIO(out)):
        last[r["series_id"]] = r
    over = flat = 0
    for sid, r in last.items():
        y = data[sid]
        spread = max(y) - min(y)
        if float(r["hi95"]) > y[-1] + 20 * spread:
            over += 1
            flat += spread < 0.05 * abs(y[-1])
    print(f"{a.model} {path.split('/')[-2]}: {len(last)} series, {over} above last + 20 x range ({flat} near-flat)")

print("\nnear-flat windows: share whose value at h = 6 lies above last + 20 x range")
for limit in (0.002, 0.005, 0.01):
    for length in (3, 4, 5):
        windows = above = 0
        for data in corpora.values():
            for y in data.values():
                for i in range(len(y) - length - 5):
                    w = y[i:i + length]
                    spread = max(w) - min(w)
                    if w[-1] > 0 and spread < limit * w[-1]:
                        windows += 1
                        above += y[i + length + 5] > w[-1] + 20 * spread
        share = above / windows if windows else 0
        print(f"range < {100 * limit:.1f}% of level, {length} values: {windows} windows, {100 * share:.1f}% above")
