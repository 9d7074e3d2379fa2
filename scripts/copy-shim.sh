#!/usr/bin/env sh
# Writes the shim into a built widget folder: smile.v2.js and smile.v1.js are the same minified file
# (switching versions is only a change of script URL), with its type declarations beside them.
# Usage: copy-shim.sh [dist dir]; under trunk it defaults to trunk's staging dir.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${TRUNK_STAGING_DIR:-$root/dist}}
exec node "$root/shim/build.mjs" "$out"
