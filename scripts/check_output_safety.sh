#!/usr/bin/env bash
# Output safety, end to end with the release binary: write errors on standard output, devices and links as
# outputs, kills and interrupts during a write (no temporary file may be left), orphans of a SIGKILL cleaned by
# the next run, and pipes as inputs. Run by scripts/ci_checks.sh.
#
# Usage: scripts/check_output_safety.sh [BINARY]      (default .build/release/trajectory)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/trajectory}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi; }

"$bin" forecast --dataset m3-yearly --horizon 6 --model linear >/dev/full 2>"$work/full.err"
check "a full disk on standard output is exit 1 with the reason" "[ \$? -eq 1 ] && grep -q 'standard output' '$work/full.err'"
"$bin" forecast --dataset m3-yearly --horizon 6 --model linear >&- 2>"$work/closed.err"
check "a closed standard output is exit 1" "[ \$? -eq 1 ]"
# A device node of our own (a copy of /dev/null's numbers): a binary that replaced devices would only break this one.
if mknod "$work/device" c 1 3 2>/dev/null; then
  "$bin" forecast --dataset m3-yearly --horizon 6 --model linear --output "$work/device" 2>"$work/dev.err"
  check "--output onto a device is refused and the device kept" \
    "[ \$? -eq 1 ] && [ -c '$work/device' ] && grep -q 'device' '$work/dev.err'"
  rm -f "$work/device"
else
  echo "skipped: --output onto a device (mknod needs root)"
fi
echo keep >"$work/target.csv"; ln -s "$work/target.csv" "$work/link.csv"; chmod 600 "$work/target.csv"
"$bin" forecast --dataset m3-yearly --horizon 6 --model linear --output "$work/link.csv" 2>/dev/null
check "a symbolic link is written through and kept, the mode kept" \
  "[ -L '$work/link.csv' ] && head -1 '$work/target.csv' | grep -q series_id && [ \"\$(stat -c %a '$work/target.csv')\" = 600 ]"

# A large input, so that a write is in progress when the signal comes.
python3 - "$work/big.csv" <<'PY'
import random, sys
rng = random.Random(3)
with open(sys.argv[1], "w") as f:
    f.write("series_id,period,value\n")
    for j in range(150_000):
        base = 100 + 900 * rng.random()
        for i in range(20):
            f.write(f"S{j},{2001 + i},{base * (1 + 0.02 * i) + rng.random():.3f}\n")
PY
for sig in TERM INT HUP TERM INT TERM INT HUP TERM INT; do
  delay=$(python3 -c "import random; print(round(random.uniform(0.2, 1.5), 2))")
  "$bin" forecast --input "$work/big.csv" --horizon 5 --model linear --output "$work/out.csv" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
leftovers() { ls -A "$work" | grep -v -x -e big.csv -e out.csv -e target.csv -e link.csv -e '.*\.err'; }
check "10 interrupts and terminations during writes leave no temporary file" "[ -z \"\$(leftovers)\" ]"
"$bin" forecast --input "$work/big.csv" --horizon 5 --model linear --output "$work/out.csv" 2>/dev/null &
pid=$!; sleep 0.8; kill -s KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
"$bin" forecast --dataset m3-yearly --horizon 2 --model naive --output "$work/out.csv" 2>/dev/null
check "the next run removes what a SIGKILL left" "[ -z \"\$(leftovers)\" ] && [ -s '$work/out.csv' ]"

head -2001 "$work/big.csv" >"$work/small.csv"
cat "$work/small.csv" | "$bin" forecast --input - --horizon 2 --model linear >"$work/pipe.csv" 2>/dev/null
"$bin" forecast --input <(cat "$work/small.csv") --horizon 2 --model linear >"$work/subst.csv" 2>/dev/null
"$bin" forecast --input "$work/small.csv" --horizon 2 --model linear >"$work/file.csv" 2>/dev/null
check "a pipe, a process substitution and the file give the same forecasts" \
  "[ -s '$work/file.csv' ] && cmp -s '$work/file.csv' '$work/pipe.csv' && cmp -s '$work/file.csv' '$work/subst.csv'"

exit $fail
