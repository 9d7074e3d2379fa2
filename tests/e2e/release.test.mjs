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
    // The main part, the parts fetched on demand (accounts, verification code, documents) and the code they share.
    const named = (part) => wasm.filter((f) => new RegExp(`^wink-widget-${part}-[0-9a-f]{16}_bg\\.wasm$`).test(f));
    for (const part of ['accounts', 'mfa', 'documents']) assert.equal(named(part).length, 1, `the ${part} part in dist/: ${wasm}`);
    assert.equal(wasm.filter((f) => /^wink-widget-[0-9a-f]{16}_bg\.wasm$/.test(f)).length, 1, `the main part in dist/: ${wasm}`);
    const credential = Buffer.from('sandbox_key:sandbox_secret').toString('base64');
    for (const part of wasm) {
      const bytes = readFileSync(join(DIST, part)).toString('latin1');
      for (const needle of [credential, 'sandbox_secret', '/open/v1', '(standalone)']) {
        assert.ok(!bytes.includes(needle), `${part} contains ${JSON.stringify(needle)}`);
      }
    }
  });
});
