#!/usr/bin/env python3
"""No absurd bands: forecasts 6 years ahead for every series of the four corpora (M3 yearly training part and the
three of Datasets/yearly-validation) and counts the series whose 95% upper bound at h = 6 lies above the last value
plus 20 times the series' observed range (the criterion of the real-planner-data issue), and how many of those are
near-flat (range under 5% of the last value).

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
for path in files:
    data = defaultdict(list)
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
