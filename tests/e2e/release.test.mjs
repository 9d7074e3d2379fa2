// What ships: the release widget page carries no development code and no sandbox credential.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const DIST = join(ROOT, 'dist');

describe('the release build', () => {
  it('has no standalone mode: no sandbox credential, Open API address or dev log in the wasm', () => {
    const wasm = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one wasm in dist/: ${wasm}`);
    const bytes = readFileSync(join(DIST, wasm[0])).toString('latin1');
    const credential = Buffer.from('sandbox_key:sandbox_secret').toString('base64');
    for (const needle of [credential, 'sandbox_secret', '/open/v1', '(standalone)']) {
      assert.ok(!bytes.includes(needle), `the shipped wasm contains ${JSON.stringify(needle)}`);
    }
  });
});
