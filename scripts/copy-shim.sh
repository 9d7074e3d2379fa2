#!/usr/bin/env sh
# Copies the shim into a built widget folder: smile.v2.js and smile.v1.js are the same file
# (switching versions is only a change of script URL), with its type declarations beside them.
# Usage: copy-shim.sh [dist dir]; under trunk it defaults to trunk's staging dir.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${TRUNK_STAGING_DIR:-$root/dist}}
if [ ! -f "$root/shim/smile.js" ]; then
  echo "copy-shim: $root/shim/smile.js is missing" >&2
  exit 1
fi
mkdir -p "$out"
cp "$root/shim/smile.js" "$out/smile.v2.js"
cp "$root/shim/smile.js" "$out/smile.v1.js"
if [ -f "$root/shim/smile.d.ts" ]; then
  cp "$root/shim/smile.d.ts" "$out/smile.d.ts"
fi
