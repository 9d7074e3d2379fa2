#!/usr/bin/env node
// What each wasm part fetched on demand costs with the shared parts it needs, gzip, read from the parts' loader
// (wink-widget-split-<hash>.js, which lists each part's shared parts), and what a user loads in all on each way
// through the widget. Called by scripts/size-report.sh; sizes are the .gz files the build wrote.
// Usage: node scripts/part-sizes.mjs <dist dir> <bytes the page loads to open, gzip, with the largest locale file>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The ways through the widget, and the parts each one fetches (src/app.rs, `Part`).
const JOURNEYS = [
  ['a new user who connects an account', ['connect']],
  ['a returning user', ['accounts', 'connect']],
  ['a user who uploads documents', ['connect', 'documents']],
];

const [dist = 'dist', opened = '0'] = process.argv.slice(2);
const files = readdirSync(dist);
const loader = files.find((f) => /^wink-widget-split-[0-9a-f]{16}\.js$/.test(f));
if (!loader) process.exit(0); // An unsplit build has no parts.
const gz = (part) => {
  const file = files.find((f) => new RegExp(`^wink-widget-${part}-[0-9a-f]{16}_bg\\.wasm$`).test(f));
  if (!file) throw new Error(`part-sizes: no ${part} part in ${dist}`);
  return statSync(join(dist, files.includes(`${file}.gz`) ? `${file}.gz` : file)).size;
};

// The minified loader defines one loader per part, each a fetch of its file and a list of the shared parts' loaders.
const source = readFileSync(join(dist, loader), 'utf8').replace(
  /\{const (\w+)=fetch\(new URL\("\.\/wink-widget-([a-z0-9]+)-[0-9a-f]{16}_bg\.wasm",import\.meta\.url\)\);return \1\.catch\(\(\)=>\{\}\),async (\w+)=>WebAssembly\.instantiateStreaming\(\1,\3\)\}/g,
  '@$2@',
);
const sharedBy = new Map([...source.matchAll(/([\w$]+)=[\w$]+\(\(\)=>@(shared\d+)@,\[\]\)/g)].map((m) => [m[1], m[2]]));
const needs = new Map(
  [...source.matchAll(/__wasm_split_load_([a-z]+)=[\w$]+\([\w$]+\(\(\)=>@\1@,\[([\w$,]*)\]\)\)/g)].map((m) => [
    m[1],
    m[2].split(',').filter(Boolean).map((v) => sharedBy.get(v)),
  ]),
);
const wasmParts = files.filter((f) => /^wink-widget-[a-z]+-[0-9a-f]{16}_bg\.wasm$/.test(f) && !/-shared\d+-/.test(f));
if (needs.size !== wasmParts.length || [...needs.values()].flat().some((s) => !s)) {
  throw new Error(`part-sizes: could not read each part's shared parts from ${loader}`);
}

// A row in size-report.sh's columns: no raw or brotli figure, the gzip one.
const row = (label, gzip, note) => console.log(`${label.padEnd(48)} ${''.padStart(10)} ${String(gzip).padStart(10)} ${''.padStart(10)}  ${note}`);
for (const [part, shared] of needs) {
  const total = gz(part) + shared.reduce((sum, s) => sum + gz(s), 0);
  row(`${part} part with what it shares`, total, `(${[part, ...shared].join(' + ')})`);
}
for (const [journey, parts] of JOURNEYS) {
  const fetched = new Set(parts.flatMap((p) => [p, ...needs.get(p)]));
  const total = Number(opened) + [...fetched].reduce((sum, p) => sum + gz(p), 0);
  row(`${journey}, in all`, total, `(gzip ${(total / 1024).toFixed(1)} KiB: the page, the largest locale, ${parts.join(' and ')})`);
}
