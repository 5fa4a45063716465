#!/usr/bin/env python3
"""Throughput of the CLI alone against the same forecast through Spark local mode, in one run.

Both read the same CSV of N linear-trend series x T years (scripts/make_synthetic.py) and write CSV: the CLI with
`trajectory forecast --input F --output O`, Spark by reading F with a schema, `trajectory_spark.forecast` over P
partitions (each streamed through the binary) and `forecasts.write.csv`. Spark's session start is not counted; its
CSV parsing, the shuffle by series id, the Arrow/CSV pipes and the write are. Prints the medians of --repeats runs,
series a second, and the overhead ratio Spark / CLI.

Usage: scripts/bench_spark.py --series 1000000 --model linear [--years 20] [--partitions 2] [--repeats 1]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--model", default="linear")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "trajectory"))
    parser.add_argument("--data", help="reuse this CSV instead of writing one")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="tj-bench-spark-"))
    try:
        data = args.data or str(scratch / "in.csv")
        if not args.data:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), data, str(args.series),
                            str(args.years), "5"], check=True)
        cli, spark_times = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            subprocess.run([binary, "forecast", "--input", data, "--model", args.model, "--horizon", "6",
                            "--output", str(scratch / "cli.csv")], check=True, stderr=subprocess.DEVNULL)
            cli.append(time.perf_counter() - start)

        from pyspark.sql import SparkSession
        from trajectory_spark import forecast

        spark = (SparkSession.builder.master("local[2]").appName("trajectory-bench")
                 .config("spark.ui.enabled", "false").config("spark.driver.memory", "8g").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        for _ in range(args.repeats):
            out = scratch / "spark-out"
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            df = spark.read.csv(data, header=True, schema="series_id string, period long, value double")
            result = forecast(df, horizon=6, model=args.model, partitions=args.partitions, binary=binary)
            result.forecasts.write.csv(str(out), header=True)
            spark_times.append(time.perf_counter() - start)
            rows = result.forecasts.count()
            result.unpersist()
        spark.stop()
        c, s = statistics.median(cli), statistics.median(spark_times)
        print(f"{args.series} series x {args.years} years, --model {args.model}, {args.partitions} partitions, "
              f"local[2], median of {args.repeats}")
        print(f"CLI alone:          {c:9.2f} s  {args.series / c:12,.0f} series/s")
        print(f"Spark local mode:   {s:9.2f} s  {args.series / s:12,.0f} series/s  ({rows} forecast rows)")
        print(f"overhead ratio Spark / CLI: {s / c:.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
