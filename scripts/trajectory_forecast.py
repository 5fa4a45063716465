"""Shared by the validation scripts: run `trajectory forecast` on rows held in memory.

`forecast_rows(binary, rows, horizon, model)` writes the (series_id, period, value) rows to a temporary CSV, runs the
binary on it with CSV output and returns the output rows as dictionaries; exit 3 (some series skipped) is accepted,
any other failure stops the script with the binary's message.
"""
import csv, io, os, subprocess, sys, tempfile


def forecast_rows(binary, rows, horizon, model, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("series_id,period,value\n")
        f.writelines(f"{sid},{period},{value!r}\n" for sid, period, value in rows)
        name = f.name
    try:
        out = subprocess.run([binary, "forecast", "--input", name, "--horizon", str(horizon), "--model", model,
                              "--format", "csv", "--threads", str(threads)], capture_output=True, text=True)
    finally:
        os.unlink(name)
    if out.returncode not in (0, 3):
        sys.exit(out.stderr)
    return list(csv.DictReader(io.StringIO(out.stdout)))
