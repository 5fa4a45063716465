#!/usr/bin/env python3
"""Where `auto`'s interval coverage misses, and whether a rule by length or horizon could fix it on every corpus.

Forecasts every cell of scripts/validate_corpora.py (M3 yearly training by rolling origin, the three corpora of
Datasets/yearly-validation at origins T and 1) with 80% and 95% bands, then prints: coverage per cell; 80%/95%
coverage by series length and by horizon, per corpus; and the coverage and MSIS per cell when every band is
stretched about the point forecast by a(1 + b(h - 1)) for a few a, b (a rule by horizon). The same rule moves all
corpora the same way, so a rule helps only where the corpora miss in the same direction.

Usage: scripts/interval_shape.py [MODEL [FORECAST OPTION ...]]   (default auto; needs the release binary, ~45 s)
       e.g. scripts/interval_shape.py auto --intervals calibrated
"""
import csv, io, os, subprocess, sys, tempfile
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_corpora as vc

model = sys.argv[1] if len(sys.argv) > 1 else "auto"
extra = sys.argv[2:]
binary = vc.release_binary()
rows = []
with tempfile.TemporaryDirectory() as tmp:
    for corpus, origin, train, test in vc.cells():
        path = os.path.join(tmp, "train.csv")
        vc.write(path, train)
        h = len(next(iter(test.values())))
        out = subprocess.run([binary, "forecast", "--input", path, "--horizon", str(h), "--model", model, "--format",
                              "csv", "--level", "80", "--level", "95"] + extra, capture_output=True, text=True).stdout
        seen = defaultdict(int)
        for r in csv.DictReader(io.StringIO(out)):
            s = r["series_id"]
            j = seen[s]
            seen[s] += 1
            if j >= len(test[s]):
                continue
            y = train[s]
            scale = sum(abs(a - b) for a, b in zip(y[1:], y[:-1])) / max(1, len(y) - 1)
            rows.append(dict(cell=f"{corpus} {origin}", corpus=corpus, n=len(y), h=j + 1, y=test[s][j],
                             mean=float(r["mean"]), scale=scale,
                             **{k: float(r[k]) for k in ("lo80", "hi80", "lo95", "hi95")}))


def score(group, stretch=lambda r: 1.0):
    c80 = c95 = msis = 0.0
    for r in group:
        k, m, y = stretch(r), r["mean"], r["y"]
        lo8, hi8 = m - k * (m - r["lo80"]), m + k * (r["hi80"] - m)
        lo9, hi9 = m - k * (m - r["lo95"]), m + k * (r["hi95"] - m)
        c80 += lo8 <= y <= hi8
        c95 += lo9 <= y <= hi9
        if r["scale"] > 0:
            msis += ((hi9 - lo9) + 40 * max(0, lo9 - y) + 40 * max(0, y - hi9)) / r["scale"]
    n = len(group)
    return 100 * c80 / n, 100 * c95 / n, msis / n


def by(key):
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return out


def length_band(n):
    for upper, label in ((4, "3-4"), (6, "5-6"), (10, "7-10"), (14, "11-14"), (25, "15-25")):
        if n <= upper:
            return label
    return "26+"


cells = by(lambda r: r["cell"])
print(f"## {model}: coverage per cell (80% / 95% / MSIS)\n")
for cell, group in cells.items():
    print(f"{cell:28s} {len(group):5d} points  " + "%.1f / %.1f / %.2f" % score(group))
for title, key in (("series length", lambda r: length_band(r["n"])), ("horizon", lambda r: r["h"])):
    print(f"\n## 80% / 95% coverage by {title}\n")
    parts = by(lambda r: (r["corpus"], key(r)))
    for corpus in ("m3-yearly", "m3-other", "m3-quarterly-annual", "m3-monthly-annual"):
        keys = sorted({k[1] for k in parts if k[0] == corpus}, key=lambda k: (len(str(k)), str(k)))
        print(f"{corpus:20s} " + "  ".join(
            f"{k}: %.1f/%.1f (%d)" % (*score(parts[(corpus, k)])[:2], len(parts[(corpus, k)])) for k in keys))
print("\n## bands stretched by a(1 + b(h - 1)): 80% / 95% / MSIS per cell\n")
for a, b in ((1, 0), (0.9, 0.05), (0.9, 0.1), (0.85, 0.1), (1, 0.05)):
    print(f"a = {a}, b = {b}: " + " | ".join(
        f"{cell} " + "%.1f/%.1f/%.2f" % score(group, lambda r: a * (1 + b * (r["h"] - 1)))
        for cell, group in cells.items()))
