#!/usr/bin/env bash
# Streaming in bounded memory: 2,000,000 rows (100,000 linear-trend series x 20 years) piped through
# `forecast --input - --output -` must write what the whole-input run (--ungrouped) writes, in well under half its
# peak memory (GNU time's maximum resident set size).
#
# Usage: scripts/check_streaming.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/trajectory}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 scripts/make_synthetic.py "$scratch/in.csv" 100000 20 3
run() { # label, then the command's arguments; prints the peak RSS in kB
  /usr/bin/time -f "%M" -o "$scratch/$1.rss" "${@:2}"
  cat "$scratch/$1.rss"
}
streamed=$(run stream sh -c "cat '$scratch/in.csv' | '$binary' forecast --input - --output - --horizon 6 --model linear --chunk-size 2000 > '$scratch/stream.csv'")
whole=$(run whole "$binary" forecast --input "$scratch/in.csv" --ungrouped --horizon 6 --model linear --output "$scratch/whole.csv")
cmp "$scratch/stream.csv" "$scratch/whole.csv"
echo "peak RSS: streamed ${streamed} kB, whole input ${whole} kB ($(wc -l < "$scratch/stream.csv") lines, identical)"
if [ $((streamed * 2)) -ge "$whole" ]; then echo "streaming did not bound memory"; exit 1; fi
