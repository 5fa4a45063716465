#!/usr/bin/env bash
# A Slurm job array: 8 tasks, each forecasting one shard of the same input. Slurm sets SLURM_ARRAY_TASK_ID,
# SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN; `--shard-from-env` turns them into shard K/N, so task K keeps the
# series whose FNV-1a 64 hash of the id, modulo N, is K - 1. Submit with `sbatch examples/slurm-array.sh`;
# `cat out/forecast-*.csv` (headers aside) is the whole forecast.
#
# Checked by scripts/check_cluster_examples.py, which runs this script for every task locally.
#SBATCH --job-name=trajectory-forecast
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --output=logs/trajectory-%A_%a.log
set -euo pipefail
TRAJECTORY=${TRAJECTORY:-trajectory}
INPUT=${INPUT:-series.csv}
OUT=${OUT:-out}
mkdir -p "$OUT"
exec "$TRAJECTORY" forecast --input "$INPUT" --model auto --horizon 6 --threads "${SLURM_CPUS_PER_TASK:-2}" \
  --shard-from-env \
  --output "$OUT/forecast-$SLURM_ARRAY_TASK_ID.csv" \
  --failures "$OUT/failures-$SLURM_ARRAY_TASK_ID.csv"
