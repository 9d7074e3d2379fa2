#!/usr/bin/env sh
# Prints the gzip size (level 9) of everything the widget page loads, and of the shim, from a built dist/.
# Usage: size-report.sh [dist dir]
set -eu
dist=${1:-dist}
[ -f "$dist/index.html" ] || { echo "size-report: $dist has no built widget; run make build" >&2; exit 1; }
gz() { gzip -9c "$1" | wc -c; }
total=0
printf '%-48s %10s %10s\n' file raw gzip
for f in "$dist"/index.html "$dist"/*.js "$dist"/*.wasm "$dist"/*.css; do
  case "$(basename "$f")" in smile.v1.js|smile.v2.js) continue ;; esac
  g=$(gz "$f"); total=$((total + g))
  printf '%-48s %10s %10s\n' "$(basename "$f")" "$(wc -c < "$f")" "$g"
done
printf '%-48s %10s %10s  (%s KiB; budget 150 KiB)\n' 'widget page, all it loads' '' "$total" "$((total / 1024))"
printf '%-48s %10s %10s  (budget 3072 bytes)\n' 'smile.v2.js (shim)' "$(wc -c < "$dist/smile.v2.js")" "$(gz "$dist/smile.v2.js")"
# A user in another language than English also loads that language's strings, one file.
largest=0
for f in "$dist"/locales/*.json; do
  [ -f "$f" ] || continue
  [ "$(basename "$f")" = en.json ] && continue
  g=$(gz "$f"); [ "$g" -gt "$largest" ] && largest=$g && name=$(basename "$f")
done
[ "$largest" -gt 0 ] && printf '%-48s %10s %10s  (the largest; English needs none)\n' "plus one locale file, e.g. $name" '' "$largest"
exit 0
