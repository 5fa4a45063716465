#!/usr/bin/env python3
"""Runs the cluster examples' shard loops on this machine and checks that together they forecast every series once.

- examples/kubernetes-indexed-job.yaml: parsed; an Indexed Job whose JOB_COMPLETIONS equals .spec.completions; its
  container command run once per completion index with JOB_COMPLETION_INDEX set, /data mapped to a scratch folder.
- examples/slurm-array.sh: its `#SBATCH --array` range read; the script run once per task with Slurm's variables.

Each: the union of the shards' outputs, sorted, equals the unsharded output sorted, and no shard is empty.

Usage: scripts/check_cluster_examples.py [--binary .build/release/trajectory]
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
INPUT = ROOT / "Datasets" / "yearly-validation" / "m3-other" / "train.csv"


def rows(paths):
    out = []
    for p in paths:
        lines = pathlib.Path(p).read_text().splitlines()
        if lines:
            out += lines[1:]
    return sorted(out)


def check(name, shard_files, whole):
    union = rows(shard_files)
    sizes = [len(rows([p])) for p in shard_files]
    if union != rows([whole]) or min(sizes) == 0:
        sys.exit(f"{name}: the shards do not partition the forecast (rows per shard {sizes})")
    print(f"{name}: {len(shard_files)} shards, rows per shard {sizes}, union = unsharded output ({len(union)} rows)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "trajectory"))
    binary = os.path.abspath(parser.parse_args().binary)
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="tj-cluster-"))
    try:
        bin_dir = scratch / "bin"
        bin_dir.mkdir()
        os.symlink(binary, bin_dir / "trajectory")
        env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
        whole = scratch / "whole.csv"
        subprocess.run([binary, "forecast", "--input", str(INPUT), "--model", "auto", "--horizon", "6",
                        "--output", str(whole)], check=True, capture_output=True)

        job = yaml.safe_load((ROOT / "examples" / "kubernetes-indexed-job.yaml").read_text())
        spec = job["spec"]
        assert job["kind"] == "Job" and spec["completionMode"] == "Indexed", "not an Indexed Job"
        container = spec["template"]["spec"]["containers"][0]
        declared = {e["name"]: e["value"] for e in container["env"]}
        assert int(declared["JOB_COMPLETIONS"]) == spec["completions"], "JOB_COMPLETIONS differs from completions"
        data = scratch / "data"
        (data / "out").mkdir(parents=True)
        shutil.copy(INPUT, data / "series.csv")
        command = [part.replace("/data/", f"{data}/") for part in container["command"]]
        for index in range(spec["completions"]):
            subprocess.run(command, env=dict(env, JOB_COMPLETION_INDEX=str(index), **declared), check=True,
                           capture_output=True)
        check("kubernetes-indexed-job.yaml",
              [data / "out" / f"forecast-{i}.csv" for i in range(spec["completions"])], whole)

        script = ROOT / "examples" / "slurm-array.sh"
        low, high = map(int, re.search(r"^#SBATCH --array=(\d+)-(\d+)$", script.read_text(), re.M).groups())
        out = scratch / "slurm-out"
        for task in range(low, high + 1):
            slurm = {"SLURM_ARRAY_TASK_ID": str(task), "SLURM_ARRAY_TASK_COUNT": str(high - low + 1),
                     "SLURM_ARRAY_TASK_MIN": str(low), "SLURM_ARRAY_TASK_MAX": str(high),
                     "TRAJECTORY": binary, "INPUT": str(INPUT), "OUT": str(out)}
            subprocess.run(["bash", str(script)], env=dict(env, **slurm), check=True, capture_output=True)
        check("slurm-array.sh", [out / f"forecast-{t}.csv" for t in range(low, high + 1)], whole)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
