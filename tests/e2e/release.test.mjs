// What ships: the release widget page carries no development code and no sandbox credential.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const DIST = join(ROOT, 'dist');

describe('the release build', () => {
  it('has no standalone mode: no sandbox credential, Open API address or dev log in any wasm part', () => {
    const wasm = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
    // The main part, the parts fetched on demand (connect, accounts, documents) and the code they share.
    const named = (part) => wasm.filter((f) => new RegExp(`^wink-widget-${part}-[0-9a-f]{16}_bg\\.wasm$`).test(f));
    for (const part of ['connect', 'accounts', 'documents']) assert.equal(named(part).length, 1, `the ${part} part in dist/: ${wasm}`);
    assert.equal(wasm.filter((f) => /^wink-widget-[0-9a-f]{16}_bg\.wasm$/.test(f)).length, 1, `the main part in dist/: ${wasm}`);
    const credential = Buffer.from('sandbox_key:sandbox_secret').toString('base64');
    for (const part of wasm) {
      const bytes = readFileSync(join(DIST, part)).toString('latin1');
      for (const needle of [credential, 'sandbox_secret', '/open/v1', '(standalone)']) {
        assert.ok(!bytes.includes(needle), `${part} contains ${JSON.stringify(needle)}`);
      }
    }
  });

  it('names the glue\'s imports and the exports only the glue calls with a letter or two, not hashed names', () => {
    const main = readdirSync(DIST).find((f) => /^wink-widget-[0-9a-f]{16}_bg\.wasm$/.test(f));
    const glue = readdirSync(DIST).find((f) => /^wink-widget-[0-9a-f]{16}\.js$/.test(f));
    const module = new WebAssembly.Module(readFileSync(join(DIST, main)));
    const imports = WebAssembly.Module.imports(module);
    // The glue's functions, and the parts' loader.
    assert.deepEqual([...new Set(imports.map((i) => i.module))].sort(), ['./__wasm_split.js', 'w']);
    const long = imports.filter((i) => i.module === 'w' && !/^[a-zA-Z]{1,2}$/.test(i.name));
    assert.deepEqual(long, [], 'imports with long names');
    assert.ok(imports.filter((i) => i.module === 'w').length > 100, 'the glue\'s imports');
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    // What the parts' loader and the parts take by name stays.
    for (const name of ['memory', '__indirect_function_table', '__wasm_split_shared0']) {
      assert.ok(exports.includes(name), name);
    }
    const hashed = /^(wasm_bindgen__convert__closures_|__wbindgen_malloc|__wbindgen_start)/;
    assert.deepEqual(exports.filter((name) => hashed.test(name)), []);
    const source = readFileSync(join(DIST, glue), 'utf8');
    assert.doesNotMatch(source, /__wbg_\w+_[0-9a-f]{16}/, 'the glue still names a hashed import');
  });
});
