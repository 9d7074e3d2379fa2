#!/usr/bin/env node
// Writes <file>.br (brotli, quality 11) and <file>.gz (gzip) beside every text and wasm file of a built widget
// folder, so a static host sends the smaller bytes by Accept-Encoding without compressing on each request
// (docs/performance.md, "On the wire"). Brotli is Node's own; gzip is Zopfli's: ordinary gzip any client
// inflates, about 4% smaller than zlib's level 9 because it searches much harder once, at build time.
// A variant that would not be smaller than its file is not written (the host then sends the file as is).
// Usage: node scripts/compress.mjs [dist dir]
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { gzipAsync as zopfliGzip } from '@gfx/zopfli';

const EXTENSIONS = /\.(html|js|mjs|css|json|wasm|svg|txt|map|ts)$/;
const VARIANTS = {
  br: (bytes) => brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    },
  }),
  // Zopfli's 15 iterations take about 3 s on the wasm; more gain under 0.01%. zlib stays as a check.
  gz: async (bytes) => {
    const zlib = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    const zopfli = Buffer.from(await zopfliGzip(bytes, { numiterations: 15 }));
    return zopfli.length < zlib.length ? zopfli : zlib;
  },
};

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Compresses every asset under `dist`; returns `[{file, raw, br, gz}]` (sizes in bytes, null if not written). */
export async function compressDist(dist) {
  const out = [];
  for (const path of [...files(dist)]) {
    const variant = path.match(/\.(br|gz)$/);
    if (variant) {
      // Left from an earlier build whose file is gone: remove it, or a host would still send it.
      if (!existsSync(path.slice(0, -variant[0].length))) rmSync(path);
      continue;
    }
    if (!EXTENSIONS.test(path)) continue;
    const bytes = readFileSync(path);
    const row = { file: relative(dist, path), raw: bytes.length };
    for (const [ext, compress] of Object.entries(VARIANTS)) {
      const packed = await compress(bytes);
      const target = `${path}.${ext}`;
      if (packed.length < bytes.length) {
        writeFileSync(target, packed);
        row[ext] = packed.length;
      } else {
        rmSync(target, { force: true });
        row[ext] = null;
      }
    }
    out.push(row);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = process.argv[2] || 'dist';
  if (!existsSync(join(dist, 'index.html')) || !statSync(dist).isDirectory()) {
    console.error(`compress: ${dist} has no built widget; run make build`);
    process.exit(1);
  }
  const rows = await compressDist(dist);
  const sum = (k) => rows.reduce((n, r) => n + (r[k] ?? r.raw), 0);
  console.log(`compress: ${rows.length} files in ${dist}: ${sum('raw')} bytes, brotli ${sum('br')}, gzip ${sum('gz')}`);
}
