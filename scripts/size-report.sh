#!/usr/bin/env sh
# Prints the size of everything the widget page loads (HTML, JS, wasm, CSS: every such file at the top of
# dist/), raw and as it goes on the wire: the .gz and .br files the build wrote beside each one
# (scripts/compress.mjs; a file without one is sent as is), and the shim's. A wasm part other than the one the
# page names (data-wasm in index.html) is fetched on demand, when its screens are first shown: it is listed on
# its own, not in what the page loads to open, and so is what each way through the widget loads in all
# (scripts/part-sizes.mjs).
# With --check it exits 1 when the gzip total of what a user loads to open exceeds the budget: the page plus
# the largest locale file (English needs none; a Thai user loads th.json). Sizes are deterministic.
# Usage: size-report.sh [--check] [dist dir]
set -eu
check=0
[ "${1:-}" = --check ] && { check=1; shift; }
dist=${1:-dist}
budget=153600 # 150 KiB gzip: SPEC 5's budget for everything the widget page loads (docs/performance.md, "Where the bytes go")
[ -f "$dist/index.html" ] || { echo "size-report: $dist has no built widget; run make build" >&2; exit 1; }
ls "$dist"/*.wasm.gz >/dev/null 2>&1 || {
  echo "size-report: $dist has no precompressed files (.gz, .br); run make build" >&2
  exit 1
}
size() { wc -c < "$1" | tr -d ' '; }
# The bytes sent for file $1 with encoding $2 (gz or br): its variant's, else the file's own.
sent() { if [ -f "$1.$2" ]; then size "$1.$2"; else size "$1"; fi; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

main_wasm=$(sed -n 's/.*data-wasm=["]\{0,1\}\.\/\([^" >]*\).*/\1/p' "$dist/index.html")
[ -n "$main_wasm" ] || { echo "size-report: $dist/index.html names no wasm (data-wasm)" >&2; exit 1; }
on_demand() { [ "${1##*.}" = wasm ] && [ "$(basename "$1")" != "$main_wasm" ]; }

raw_total=0 gz_total=0 br_total=0
printf '%-48s %10s %10s %10s\n' file raw gzip brotli
for f in "$dist"/index.html "$dist"/*.js "$dist"/*.wasm "$dist"/*.css; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in smile.v1.js | smile.v2.js) continue ;; esac
  on_demand "$f" && continue
  r=$(size "$f") g=$(sent "$f" gz) b=$(sent "$f" br)
  raw_total=$((raw_total + r)) gz_total=$((gz_total + g)) br_total=$((br_total + b))
  printf '%-48s %10s %10s %10s\n' "$(basename "$f")" "$r" "$g" "$b"
done
printf '%-48s %10s %10s %10s  (gzip %s KiB, brotli %s KiB)\n' 'widget page, all it loads to open' \
  "$raw_total" "$gz_total" "$br_total" "$(kib "$gz_total")" "$(kib "$br_total")"

for f in "$dist"/*.wasm; do
  on_demand "$f" || continue
  printf '%-48s %10s %10s %10s  (fetched on demand)\n' "$(basename "$f")" "$(size "$f")" "$(sent "$f" gz)" "$(sent "$f" br)"
done

# A user in another language than English also loads that language's strings, one file.
largest=0 largest_br=0 name=none
for f in "$dist"/locales/*.json; do
  [ -f "$f" ] || continue
  [ "$(basename "$f")" = en.json ] && continue
  g=$(sent "$f" gz)
  if [ "$g" -gt "$largest" ]; then largest=$g largest_br=$(sent "$f" br) name=$(basename "$f"); fi
done
printf '%-48s %10s %10s %10s  (the largest; English needs none)\n' "plus one locale file, at most $name" '' \
  "$largest" "$largest_br"
worst=$((gz_total + largest))
printf '%-48s %10s %10s %10s  (gzip %s KiB; budget %s = 150 KiB)\n' 'to open, a user in that language, in all' '' \
  "$worst" "$((br_total + largest_br))" "$(kib "$worst")" "$budget"
node "$(dirname "$0")/part-sizes.mjs" "$dist" "$worst"
printf '%-48s %10s %10s %10s  (budget 3072 bytes gzip)\n' 'smile.v2.js (shim)' "$(size "$dist/smile.v2.js")" \
  "$(sent "$dist/smile.v2.js" gz)" "$(sent "$dist/smile.v2.js" br)"

if [ "$check" -eq 1 ] && [ "$worst" -gt "$budget" ]; then
  echo "size-check: FAILED: the widget page and its largest locale file are $worst bytes gzip, over the budget of $budget (150 KiB) by $((worst - budget))" >&2
  exit 1
fi
[ "$check" -eq 1 ] && echo "size-check: $worst bytes gzip, within the budget of $budget (150 KiB) by $((budget - worst))"
exit 0
