#!/usr/bin/env python3
"""Unit-of-measure equivariance: every model forecasts the M3 yearly training series as they are, times 1000 and
times 0.001; the forecasts and 80/95% bounds, divided back, must equal the originals. Prints per model the largest
change relative to the 95% band's width and the number of series that move by more than 1e-6 and by more than 5%.

Usage: scripts/check_units.py [--binary PATH] [--models auto,ets,...]
"""
import argparse, csv, io, os, subprocess, sys, tempfile
from collections import defaultdict

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--binary", default=os.path.join(root, ".build/release/trajectory"))
p.add_argument("--models", default="auto,ets,ets:data,ets:select,ses,holt,damped,theta,arima,auto.arima,combo,"
               "naive,drift,mean,linear,loglinear,quadratic,ets:MAN,otm,dotm,ces,drift:shrunk")
p.add_argument("--data", default=os.path.join(root, "Datasets/m3-yearly/train.csv"))
a = p.parse_args()
rows = list(csv.DictReader(open(a.data)))

def run(model, factor):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("series_id,period,value\n")
        for r in rows:
            f.write(f"{r['series_id']},{r['period']},{float(r['value']) * factor!r}\n")
        name = f.name
    try:
        out = subprocess.run([a.binary, "forecast", "--input", name, "--horizon", "6", "--model", model, "--format",
                              "csv", "--threads", "2"], capture_output=True, text=True)
    finally:
        os.unlink(name)
    res = defaultdict(list)
    for r in csv.DictReader(io.StringIO(out.stdout)):
        res[r["series_id"]].append([float(r[k]) / factor for k in ("mean", "lo80", "hi80", "lo95", "hi95")])
    return res

print(f"{'model':<12}{'worst change / 95% width':>26}{'series > 1e-6':>15}{'series > 5%':>13}")
for model in a.models.split(","):
    base = run(model, 1.0)
    worst, moved, moved5 = 0.0, set(), set()
    for factor in (1000.0, 0.001):
        other = run(model, factor)
        for sid, fc in base.items():
            for x, y in zip(fc, other.get(sid, [])):
                width = max(abs(x[4] - x[3]), 1e-300)
                change = max(abs(u - v) for u, v in zip(x, y)) / width
                worst = max(worst, change)
                if change > 1e-6: moved.add(sid)
                if change > 0.05: moved5.add(sid)
    print(f"{model:<12}{worst:26.3g}{len(moved):15d}{len(moved5):13d}")
