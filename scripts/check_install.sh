#!/usr/bin/env bash
# The built binary finds its datasets from any folder: installed as PREFIX/bin/trajectory with the datasets in
# PREFIX/share/trajectory/Datasets and run from PATH in another folder, and run through a symbolic link elsewhere.
#
# Usage: scripts/check_install.sh [BINARY]      (default .build/release/trajectory)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/trajectory}")
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
mkdir -p "$prefix/bin" "$prefix/share/trajectory" "$prefix/elsewhere"
cp "$bin" "$prefix/bin/trajectory"
cp -r Datasets "$prefix/share/trajectory/Datasets"
(cd "$prefix/elsewhere" && env -u TRAJECTORY_DATASETS PATH="$prefix/bin:$PATH" trajectory targets --format csv >/dev/null)
echo "ok: an installed binary run from PATH in another folder finds PREFIX/share/trajectory/Datasets"
ln -s "$bin" "$prefix/elsewhere/tj"
(cd "$prefix/elsewhere" && env -u TRAJECTORY_DATASETS ./tj targets --format csv >/dev/null)
echo "ok: a link to the build in another folder finds the checkout's Datasets"
