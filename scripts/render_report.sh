#!/usr/bin/env bash
# Renders the report page as a reader sees it: headless Chromium (Debian's `chromium`) at 1200 px and at a phone's
# 390 px, to report-1200.png and report-390.png in OUT (default: the current folder), for looking at.
#
# Usage: scripts/render_report.sh [BINARY] [OUT]
set -euo pipefail
binary=$(realpath "${1:-.build/release/trajectory}")
out=$(realpath "${2:-.}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$(dirname "$0")/.."
"$binary" report --datasets Datasets --output "$scratch/report.html" 2>/dev/null
for width in 1200 390; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$out/report-$width.png" \
    --window-size="$width,2400" "file://$scratch/report.html" 2>/dev/null
done
echo "wrote $out/report-1200.png and $out/report-390.png"
