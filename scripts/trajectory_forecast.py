"""Shared by the validation scripts: run `trajectory forecast` on rows held in memory.

`forecast_rows(binary, rows, horizon, model)` writes the (series_id, period, value) rows to a temporary CSV, runs the
binary on it with CSV output and returns the output rows as dictionaries; exit 3 (some series skipped) is accepted,
any other failure stops the script with the binary's message. `forecast_bands` does the same for a table
{series: [values]} and returns each series' (mean, lo80, hi80, lo95, hi95) per step; `band_scores` scores such bands
against the outcomes (80% and 95% coverage in percent, the mean MSIS over the series with a nonzero naive scale);
`partly_calibrated` applies a calibration's factors to the power w.
"""
import csv, io, os, subprocess, sys, tempfile


def forecast_rows(binary, rows, horizon, model, threads=2, extra=()):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("series_id,period,value\n")
        f.writelines(f"{sid},{period},{value!r}\n" for sid, period, value in rows)
        name = f.name
    try:
        out = subprocess.run([binary, "forecast", "--input", name, "--horizon", str(horizon), "--model", model,
                              "--format", "csv", "--threads", str(threads), *extra], capture_output=True, text=True)
    finally:
        os.unlink(name)
    if out.returncode not in (0, 3):
        sys.exit(out.stderr)
    return list(csv.DictReader(io.StringIO(out.stdout)))


def forecast_bands(binary, table, horizon, model, extra=()):
    """series -> [(mean, lo80, hi80, lo95, hi95)] for the `horizon` years after each series of `table` (periods 1…n)."""
    rows = ((s, i + 1, v) for s, y in table.items() for i, v in enumerate(y))
    out = {}
    for r in forecast_rows(binary, rows, horizon, model, extra=("--level", "80", "--level", "95", *extra)):
        out.setdefault(r["series_id"], []).append(tuple(float(r[k]) for k in ("mean", "lo80", "hi80", "lo95", "hi95")))
    return out


def band_scores(items):
    """(80% cover, 95% cover, mean MSIS) over `items`: (training values, outcomes, their bands (lo80, hi80, lo95,
    hi95) per step); the MSIS scale is the mean absolute first difference of the training values."""
    c80 = c95 = points = counted = 0
    msis = 0.0
    for x, y, bands in items:
        total = 0.0
        for v, (l8, h8, l9, h9) in zip(y, bands):
            c80 += l8 <= v <= h8
            c95 += l9 <= v <= h9
            points += 1
            total += (h9 - l9) + 40 * max(0.0, l9 - v) + 40 * max(0.0, v - h9)
        scale = sum(abs(x[i] - x[i - 1]) for i in range(1, len(x))) / (len(x) - 1)
        if scale > 0:
            msis += total / len(y) / scale
            counted += 1
    return 100 * c80 / points, 100 * c95 / points, msis / counted


def partly_calibrated(bounds, mixture, calibrated, w):
    """`bounds` (lo80, hi80, lo95, hi95) at their distance from the point forecast mixture[0] times the full
    calibration's factor to the power w: (calibrated bound's distance / mixture bound's distance)^w, with `mixture` and
    `calibrated` one step's (mean, lo80, hi80, lo95, hi95) without and with `--intervals calibrated`."""
    mu = mixture[0]
    return [mu + (b - mu) * (((c - mu) / (m - mu)) ** w if m != mu else 1)
            for b, m, c in zip(bounds, mixture[1:], calibrated[1:])]
