#!/usr/bin/env node
// Writes <file>.br (brotli, quality 11) and <file>.gz (gzip, level 9) beside every text and wasm file of a
// built widget folder, so a static host sends the smaller bytes by Accept-Encoding without compressing on
// each request (docs/performance.md, "On the wire"). Node's own zlib, and the system's gzip where it is smaller.
// A variant that would not be smaller than its file is not written (the host then sends the file as is).
// Usage: node scripts/compress.mjs [dist dir]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

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
  // Node's zlib and GNU gzip find different matches (GNU's is about 2% smaller on the wasm): the smaller wins.
  gz: (bytes) => {
    const node = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    const gnu = spawnSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
    return gnu.status === 0 && gnu.stdout.length < node.length ? gnu.stdout : node;
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
export function compressDist(dist) {
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
      const packed = compress(bytes);
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
  const rows = compressDist(dist);
  const sum = (k) => rows.reduce((n, r) => n + (r[k] ?? r.raw), 0);
  console.log(`compress: ${rows.length} files in ${dist}: ${sum('raw')} bytes, brotli ${sum('br')}, gzip ${sum('gz')}`);
}
