// Writes the shipped shim into a built widget folder: smile.v2.js and smile.v1.js (the same file; switching
// versions is only a change of script URL), smile.d.ts, and smile.sri.json with the Subresource Integrity hash
// of each script (also printed). Minifies with terser when it is installed, since the readable source is over
// the 3 KiB gzip budget; fails when the shipped file is over it.
// Usage: node shim/build.mjs [out dir, default dist]
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const BUDGET = 3072;
const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, '..', 'dist');

/** The `integrity` attribute value of `code`: `sha384-<base64>`. */
export const sriHash = (code) => `sha384-${createHash('sha384').update(code).digest('base64')}`;

/** The shim as shipped: minified when terser is available, the source otherwise. */
export async function buildShim() {
  const source = readFileSync(join(here, 'smile.js'), 'utf8');
  let terser;
  try {
    terser = await import('terser');
  } catch {
    return { code: source, minified: false };
  }
  const { code } = await terser.minify(source, {
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: /^!/ },
  });
  return { code: code + '\n', minified: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { code, minified } = await buildShim();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'smile.v2.js'), code);
  writeFileSync(join(out, 'smile.v1.js'), code);
  copyFileSync(join(here, 'smile.d.ts'), join(out, 'smile.d.ts'));
  const integrity = sriHash(code);
  const sri = { 'smile.v2.js': integrity, 'smile.v1.js': integrity };
  writeFileSync(join(out, 'smile.sri.json'), JSON.stringify(sri, null, 2) + '\n');
  console.log(`shim: integrity ${integrity} (${join(out, 'smile.sri.json')})`);
  const size = gzipSync(code, { level: 9 }).length;
  console.log(`shim: ${minified ? 'minified' : 'unminified (terser not installed)'}, ${size} bytes gzip`);
  if (size > BUDGET) {
    console.error(`shim: over the ${BUDGET}-byte gzip budget`);
    if (minified) process.exit(1);
  }
}
