#!/usr/bin/env python3
"""Speed of the working tree's `trajectory` against a base revision's, in one invocation: the two binaries run in
turn (ABAB…) so that a slow spell of the machine falls on both; medians and the ratio new/base per workload.

Workloads (one thread, OPENBLAS_NUM_THREADS=1): the hot path (`--model linear` on 100,000 series × 20 years),
automatic ETS and the combination on the 645 M3 yearly series, and `auto` on them.

Usage: scripts/compare_speed.py BASE_BINARY NEW_BINARY [ROUNDS]   (scripts/check_identical.sh builds the base)
"""
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

base, new = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")

# The hot-path input: 100,000 series × 20 years (deterministic).
panel = os.path.join(tempfile.gettempdir(), "trajectory-speed-100k.csv")
if not os.path.exists(panel):
    rng = random.Random(1)
    with open(panel, "w") as f:
        f.write("series_id,period,value\n")
        for j in range(100_000):
            level, slope = 50 + 5000 * rng.random(), (rng.random() - 0.5) * 0.1
            for i in range(20):
                f.write(f"S{j},{2001 + i},{level * (1 + slope * i + 0.05 * (rng.random() - 0.5)):.4f}\n")

workloads = {
    "hot path: linear, 100k x 20": ["forecast", "--input", panel, "--horizon", "5", "--model", "linear", "--threads", "1"],
    "ets, M3 yearly 645": ["forecast", "--dataset", "m3-yearly", "--horizon", "6", "--model", "ets", "--threads", "1"],
    "combo, M3 yearly 645": ["forecast", "--dataset", "m3-yearly", "--horizon", "6", "--model", "combo", "--threads", "1"],
    "auto, M3 yearly 645": ["forecast", "--dataset", "m3-yearly", "--horizon", "6", "--model", "auto", "--threads", "1"],
}


def run(binary, args):
    start = time.perf_counter()
    # Output to standard output (CSV when it is not a terminal), discarded.
    subprocess.run([binary] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


print(f"{'workload':32} {'base (s)':>9} {'new (s)':>9} {'new/base':>9}")
for name, args in workloads.items():
    run(base, args), run(new, args)          # warm the page cache
    b, n = [], []
    for _ in range(rounds):
        b.append(run(base, args))
        n.append(run(new, args))
    mb, mn = statistics.median(b), statistics.median(n)
    print(f"{name:32} {mb:9.3f} {mn:9.3f} {mn / mb:9.3f}")
