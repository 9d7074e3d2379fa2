// Subresource Integrity: each build publishes the sha384 hash of smile.v2.js and smile.v1.js in dist/smile.sri.json,
// and a partner page that pins the shim with it (integrity=..., crossorigin=anonymous) loads it from the sandbox
// under its strict CSP, while a wrong hash keeps the script from running.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, calls, launchBrowser, make, startPartner, startSandbox, waitFor } from './harness.mjs';

const DIST = join(ROOT, process.env.DIST || 'dist');
const sha384 = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

let sandbox, browser;
const partners = [];

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const p of partners) await p.close();
  await sandbox?.stop();
});

async function pinned(integrity) {
  const partner = await startPartner(sandbox.origin, { INTEGRITY: integrity });
  partners.push(partner);
  const page = await browser.newPage();
  await page.goto(partner.origin + '/partner-sri.html');
  return page;
}

describe('Subresource Integrity', () => {
  it('dist/smile.sri.json holds the sha384 of each shipped script', () => {
    const sri = JSON.parse(readFileSync(join(DIST, 'smile.sri.json'), 'utf8'));
    assert.deepEqual(Object.keys(sri).sort(), ['smile.v1.js', 'smile.v2.js']);
    for (const [file, hash] of Object.entries(sri)) {
      assert.match(hash, /^sha384-[A-Za-z0-9+/]{64}$/);
      assert.equal(hash, sha384(readFileSync(join(DIST, file))), `${file} matches its published hash`);
    }
  });

  it('the sandbox serves the shim with CORS and the published hash, and a pinned page loads and opens it', async () => {
    const sri = JSON.parse(readFileSync(join(DIST, 'smile.sri.json'), 'utf8'));
    const r = await fetch(`${sandbox.origin}/smile.v2.js`, { headers: { origin: 'http://127.0.0.1:1' } });
    assert.equal(r.status, 200);
    assert.ok(r.headers.get('access-control-allow-origin'), 'CORS, which a crossorigin script needs');
    assert.equal(sha384(Buffer.from(await r.arrayBuffer())), sri['smile.v2.js'], 'the served shim is the published one (run make build)');

    const page = await pinned(sri['smile.v2.js']);
    await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the pinned shim');
    const { token } = await sandbox.mintToken();
    await make(page, { userToken: token, apiHost: sandbox.origin + '/v1' });
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(async () => (await calls(page, 'onUIEvent')).length > 0, 'the first screen', 15_000);
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error' && /integrity|SmileLinkModal/i.test(m.text)), []);
    await page.close();
  });

  it('a wrong hash: the browser refuses the script, so nothing runs', async () => {
    const wrong = sha384('not the shim');
    const page = await pinned(wrong);
    await waitFor(() => page.consoleMessages.some((m) => m.type === 'error' && /integrity/i.test(m.text)), 'the integrity error', 5_000);
    assert.equal(await page.evaluate(() => typeof window.SmileLinkModal), 'undefined');
    await page.close();
  });
});
