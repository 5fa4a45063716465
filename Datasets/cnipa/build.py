#!/usr/bin/env python3
"""Builds Datasets/cnipa/observations.csv from the researched source file.

Usage: python3 build.py PATH/TO/source/observations.csv

Keeps every source column and row as it is (indicator_id, period, value, unit, source_url, source_title,
notes) and adds two columns the engine reads:
- confidence: high | medium | low, taken from the `confidence=` prefix of `notes`;
- basis: how the value relates to its period, from indicators.csv's `kind`:
    annual          a year-labelled value (the full-year figure, or the year-end level);
    point           a level observed on the given date (a mid-year or "currently" statement);
    ytd_cumulative  a flow summed from 1 January to the given date: never an annual value.
"""
import csv
import re
import sys

here = sys.path[0] or "."
kinds = {r["indicator_id"]: r["kind"] for r in csv.DictReader(open(f"{here}/indicators.csv", encoding="utf-8"))}
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
out_fields = list(rows[0].keys()) + ["confidence", "basis"]
for r in rows:
    m = re.match(r"confidence=(high|medium|low)", r["notes"])
    if not m:
        sys.exit(f"{r['indicator_id']} {r['period']}: notes do not start with confidence=")
    r["confidence"] = m.group(1)
    if r["indicator_id"] not in kinds:
        sys.exit(f"{r['indicator_id']}: missing from indicators.csv")
    if re.fullmatch(r"\d{4}", r["period"]):
        r["basis"] = "annual"
    else:
        r["basis"] = "ytd_cumulative" if kinds[r["indicator_id"]] == "flow" else "point"
with open(f"{here}/observations.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=out_fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} rows")
