#!/usr/bin/env python3
"""The model x hostile-series grid of the hardening issue, end to end through the CLI: the 46 series of
Tests/ForecastingTests/HostileGridTests.swift (the same values, written out here too) under every model name, six
years ahead, one `trajectory forecast` run per model and series with a 20 s timeout. Counts per outcome: answered
(ok), typed failures (exit 1 with the reason), NA written with a note, and the defects: HANG, silentNA (NA without a
note), wide (95% band over 1e6 x the larger of the data's range and the forecast), unnested, zerowidth (a band of no
width on data that vary by more than 1e-12 of their size; exact lines and parabolas have no spread to show).

Usage: scripts/hostile_grid.py [--binary PATH] [--models auto,ets,...]
"""
import argparse, csv, io, math, os, subprocess, sys, tempfile, time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser()
p.add_argument("--binary", default=os.path.join(root, ".build/release/trajectory"))
p.add_argument("--models", default="auto,auto:own,auto:raw,ets,ets:select,ets:akaike,ets:noslope0,ets:data,ses,holt,"
               "damped,theta,otm,dotm,ces,arima,auto.arima,combo,naive,drift,drift:shrunk,mean,linear,loglinear,quadratic")
a = p.parse_args()
B = a.binary
models = a.models.split(",")
EXACT = {"exact_linear", "exact_quadratic", "denormal_steps", "down_to_zero", "collapsing"}


def hostile():
    S = {}
    S["explosive_10t"] = [10.0**t for t in range(1, 11)]
    S["explosive_10t2_6"] = [10.0**(t*t) for t in range(1, 7)]
    S["explosive_10t2_12"] = [10.0**(t*t) for t in range(1, 13)]
    S["nearzero_first"] = [1e-12, 5, 6, 7, 8, 9]
    S["jump3_1e9"] = [1, 1, 1e9]
    S["jump3_1e15"] = [1, 2, 1e15]
    base = [940.66, 1084.86, 1244.98, 1445.02, 1683.17, 2038.15, 2342.52, 2602.45, 2927.87, 3103.96, 3360.27, 3807.63, 4387.88, 4936.99]
    S["scaled_1e-200"] = [v * 1e-200 for v in base]
    S["scaled_1e200"] = [v * 1e200 for v in base]
    S["denormal_steps"] = [k * 5e-324 for k in (1, 2, 3, 4, 5, 6, 7, 8)]
    S["denormal_1e-310"] = [v * 1e-313 for v in base]
    S["flat_1e307"] = [1e307] * 10
    S["mixed_1e308_1"] = [1e308 if i % 2 == 0 else 1.0 for i in range(10)]
    S["ses_trap"] = [1e308, 1e308, 1, 2, 3]
    S["alt_pm1e308"] = [1e308 if i % 2 == 0 else -1e308 for i in range(8)]
    S["near_max_rising"] = [1.6e308, 1.65e308, 1.7e308, 1.75e308, 1.79e308]
    S["zeros"] = [0.0] * 10
    S["const5"] = [5.0] * 10
    S["const_neg5"] = [-5.0] * 10
    S["zero_spike"] = [0, 0, 0, 100, 0, 0]
    S["neg_doubling"] = [-(2.0**k) for k in range(10)]
    S["sign_alt"] = [1.0 if i % 2 == 0 else -1.0 for i in range(10)]
    S["one_point"] = [3.0]
    S["two_equal"] = [7.0, 7.0]
    S["two_diff"] = [7.0, 9.0]
    S["three"] = [1.0, 3.0, 2.0]
    S["exact_linear"] = [float(t) for t in range(1, 21)]
    S["exact_quadratic"] = [float(t * t) for t in range(1, 16)]
    S["mortality_spike"] = [120, 116, 112, 108.5, 104, 100.2, 96, 92.5, 88.7, 84.9, 80.6, 78.0, 87.6]
    S["outlier_first"] = [5, 8536, 18971, 32580, 51000, 80200, 120500, 180300, 260000, 390000, 588478]
    S["rw60"] = []
    x, seed = 100.0, 12345
    for i in range(60):
        seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
        x += ((seed >> 11) / 2**53 - 0.45) * 10
        S["rw60"].append(x)
    S["rw_1e300"] = [v * 1e298 for v in S["rw60"][:20]]
    S["rw_1e-300"] = [v * 1e-302 for v in S["rw60"][:20]]
    S["step_change"] = [1.0] * 5 + [1000.0] * 5
    S["huge_offset_small_var"] = [1e15 + v for v in (1, 2, 1, 2, 1, 2, 1)]
    S["one_plus_eps"] = [1 + k * 2.2e-16 for k in (0, 1, 0, 2, 1, 0, 1, 2)]
    S["collapsing"] = [1e6, 1e3, 1, 1e-3, 1e-6, 1e-9]
    S["decay_sq"] = [math.exp(-(t * t) / 4) for t in range(10)]
    S["small_counts"] = [0, 1, 0, 2, 0, 1, 0, 0, 3]
    S["alt_1e10_1e-10"] = [1e10 if i % 2 == 0 else 1e-10 for i in range(8)]
    S["leading_zeros"] = [0, 0, 0, 1, 2, 4, 8, 16]
    S["const_1e-320"] = [1e-320] * 8
    S["alt_1e300_1e-300"] = [1e300 if i % 2 == 0 else 1e-300 for i in range(8)]
    S["down_to_zero"] = [5, 4, 3, 2, 1, 0]
    S["near_bound_pct"] = [99.9, 99.95, 99.99, 99.999, 99.9999]
    S["super_exp_down"] = [10.0**(-(t*t)) for t in range(1, 12)]
    S["huge_jump_last"] = [1, 2, 3, 4, 5, 1e12]
    return S


S = hostile()
def periods(name, n):
    p = [str(2001 + i) for i in range(n)]
    if name == "rw_1e300": p = [str(2001 + i + (i >= 4) + (i >= 7)) for i in range(n)]
    if name == "small_counts": p = [str(2001 + i) if i != 4 else "2005.5" for i in range(n)]
    return p
folder = tempfile.mkdtemp(prefix="hostile-")
for name, ys in S.items():
    with open(f"{folder}/{name}.csv", "w") as f:
        f.write("series_id,period,value\n")
        for per, y in zip(periods(name, len(ys)), ys): f.write(f"{name},{per},{y!r}\n")

def run(job):
    model, name = job
    start = time.time()
    try:
        r = subprocess.run([B, "forecast", "--input", f"{folder}/{name}.csv", "-m", model, "--horizon", "6",
                            "--format", "csv"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return model, name, "HANG", time.time() - start, ""
    seconds = time.time() - start
    ys = S[name]
    spread, size = max(ys) - min(ys), max(abs(v) for v in ys)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    said = r.stderr.strip().replace("\n", " ")[:160]
    if not rows:
        return model, name, "typed failure" if r.returncode == 1 and "error" in r.stderr else f"exit {r.returncode}", seconds, said
    if any(row[k] == "NA" for row in rows for k in ("mean", "lo80", "hi80", "lo95", "hi95")):
        noted = "not finite" in r.stderr or "no interval" in r.stderr
        return model, name, "NA with a note" if noted else "silentNA", seconds, said
    issues = []
    for row in rows:
        lo80, hi80, lo95, hi95, mean = (float(row[k]) for k in ("lo80", "hi80", "lo95", "hi95", "mean"))
        if not lo95 <= lo80 <= hi80 <= hi95: issues.append("unnested")
        if hi95 - lo95 > 1e6 * max(spread, abs(mean)): issues.append("wide")
    last = rows[-1]
    if (float(last["hi95"]) == float(last["lo95"]) and spread > 1e-12 * size and float(last["mean"]) != 0
            and name not in EXACT):
        issues.append("zerowidth")
    return model, name, ",".join(sorted(set(issues))) or "ok", seconds, said


with ThreadPoolExecutor(2) as pool:
    results = list(pool.map(run, [(m, n) for m in models for n in S]))
counts = Counter(r[2] for r in results)
print(f"{len(models)} model names x {len(S)} series = {len(results)} runs")
for outcome, n in counts.most_common():
    print(f"  {outcome:<16} {n}")
defects = [r for r in results if r[2] not in ("ok", "typed failure", "NA with a note")]
for r in defects:
    print(f"DEFECT {r[0]:<12} {r[1]:<22} {r[2]:<12} {r[3]:6.2f}s {r[4]}")
print(f"slowest run {max(r[3] for r in results):.2f} s")
sys.exit(1 if defects else 0)
