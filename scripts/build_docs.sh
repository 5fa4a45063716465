#!/usr/bin/env bash
# Builds the DocC documentation of every library module with the toolchain's docc (no package plugin needed) and
# fails on any DocC warning (a broken symbol link, a missing page).
#
# Usage: scripts/build_docs.sh [OUTPUT]      (default .build/docs; one .doccarchive per module)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/docs}
graphs=.build-docs/symbol-graphs
rm -rf "$out"
mkdir -p "$graphs" "$out"
# A scratch folder of its own: the symbol-graph flags would otherwise invalidate the main build.
swift build --scratch-path .build-docs --target Planning -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" \
  -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >/dev/null
docc=$(command -v docc || echo "$(dirname "$(command -v swift)")/docc")
for module in LinearAlgebra Forecasting TrajectoryIO Planning; do
  dir="$graphs/by-module/$module"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$graphs/$module.symbols.json" "$dir/"
  cp "$graphs/$module@"*.symbols.json "$dir/" 2>/dev/null || true
  "$docc" convert "Sources/$module/$module.docc" --additional-symbol-graph-dir "$dir" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.trajectory.$module" \
    --output-path "$out/$module.doccarchive" --warnings-as-errors >"$out/$module.log" 2>&1 \
    || { cat "$out/$module.log"; echo "docs: $module failed"; exit 1; }
  echo "docs: $module -> $out/$module.doccarchive"
done
