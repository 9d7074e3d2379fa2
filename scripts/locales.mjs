#!/usr/bin/env node
// Trunk's post_build step (every profile): the locale files translators edit (`locales/<tag>.json`, keyed and
// nested like English) go out as the widget reads them: a JSON array of the fingerprint of English's key list
// (8 hex digits) and then every string in English's order. The wasm then carries no key names and no key
// matching, and each file is about a third smaller. The fingerprint is `Strings::KEYS` in src/i18n.rs, computed
// the same way: a file made for another build's keys is refused there, so no string lands in the wrong place.
// A file with a key English lacks, without one it has, or with a string that needs a JSON escape fails the build.
// Usage: locales.mjs [dir holding locales/] (default: trunk's TRUNK_STAGING_DIR).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 32-bit FNV-1a over `bytes`, continuing from `hash`. */
const fnv = (hash, bytes) => bytes.reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, hash);
const utf8 = (text) => [...new TextEncoder().encode(text)];

/** The fingerprint of a table's keys: each name, then a newline (a string) or the nested table's fingerprint
 * as four little-endian bytes between braces. */
export function fingerprint(table) {
  let hash = 0x811c9dc5;
  for (const [name, value] of Object.entries(table)) {
    hash = fnv(hash, utf8(name));
    if (typeof value === 'string') {
      hash = fnv(hash, [0x0a]);
    } else {
      const inner = fingerprint(value);
      hash = fnv(hash, [0x7b, inner & 0xff, (inner >>> 8) & 0xff, (inner >>> 16) & 0xff, inner >>> 24, 0x7d]);
    }
  }
  return hash;
}

/** `file`'s strings in `english`'s order; throws naming the first key that differs. */
export function inOrder(english, file, tag, prefix = '') {
  const extra = Object.keys(file).find((key) => !Object.hasOwn(english, key));
  if (extra) throw new Error(`locales: ${tag}.json has "${prefix}${extra}", which English has not`);
  return Object.entries(english).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    const own = file[key];
    if (typeof value !== 'string') {
      if (!own || typeof own !== 'object') throw new Error(`locales: ${tag}.json has no table "${path}"`);
      return inOrder(value, own, tag, `${path}.`);
    }
    if (typeof own !== 'string') throw new Error(`locales: ${tag}.json has no string "${path}"`);
    if (JSON.stringify(own) !== `"${own}"`) throw new Error(`locales: ${tag}.json "${path}" needs a JSON escape`);
    return [own];
  });
}

export function shipLocales(dir) {
  const folder = join(dir, 'locales');
  const english = JSON.parse(readFileSync(join(folder, 'en.json'), 'utf8'));
  const key = fingerprint(english).toString(16).padStart(8, '0');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
  // Read every file before writing any, so English's keys come from the keyed file.
  const shipped = files.map((f) => {
    const tag = f.slice(0, -'.json'.length);
    return [f, JSON.stringify([key, ...inOrder(english, JSON.parse(readFileSync(join(folder, f), 'utf8')), tag)])];
  });
  for (const [f, text] of shipped) writeFileSync(join(folder, f), text);
  return { key, files: files.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('locales: run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set) or name a folder');
  const { key, files } = shipLocales(dir);
  console.log(`locales: ${files} files as arrays of strings, key list ${key}`);
}
