// The integrator's whole journey on the demo partner page (`make demo`): connect George's Upwork account in the
// widget, then see the data the page's backend fetched from the Open API and the webhooks it received. And the
// Node signature check printed in docs/webhooks.md, run against real deliveries.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launchBrowser, screenshot, startSandbox, startServer, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
const T = 10_000;
const BASIC = 'Basic ' + Buffer.from('sandbox_key:sandbox_secret').toString('base64');

let sandbox, browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe('the demo partner page', () => {
  it('connects George\'s Upwork account, then shows his identity from the Open API and the webhooks received', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${sandbox.demoPort}/`);
    await page.getByRole('button', { name: 'Connect your employment account' }).click({ timeout: T });

    const widget = new Widget(page);
    await widget.consent.continue();
    await widget.providers.choose('Upwork');
    await widget.loginOptions.choose('Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.mfa.submit('1234');
    await widget.success.shows('Account connected');
    // The page beneath the modal is inert until the user is done.
    await widget.success.done();

    const data = page.getByRole('region', { name: 'Your data, as our backend fetched it' });
    await data.getByText(/^Fetched from the Open API for account a-[0-9a-f]{32}\.$/).waitFor({ timeout: T });
    const identity = data.getByRole('region', { name: 'Identity' });
    const field = async (name) => identity.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('+ dd').textContent();
    assert.equal(await field('Full name'), 'George Cimafranca Palomero, Jr');
    assert.equal(await field('Date of birth'), '1970-08-24');
    assert.equal(await field('Email'), 'gpalomero1234@smileapi.io');
    assert.equal(await field('Primary address'), '12 Maybunga St, Barangay Paraiso, Pasig City, NCR, 1600, PH');
    const employment = data.getByRole('region', { name: 'Employment' });
    assert.deepEqual(await employment.locator('tbody td').allTextContents(), ['Upwork', 'Freelancer', '2021-05-10', 'current']);
    const transactions = data.getByRole('region', { name: 'Transactions' });
    assert.deepEqual(await transactions.locator('tbody tr').allTextContents(),
      ['2022-08-31Platform feePHP -16.90', '2022-08-29Order revenuePHP 550.00', '2022-08-28Rider incentivePHP 250.00']);
    assert.equal(await data.getByRole('region', { name: 'Contributions' }).getByText('None from this provider.').count(), 1);

    const webhooks = page.locator('#webhooks li');
    await waitFor(async () => (await webhooks.evaluateAll((items) => items.map((li) => li.dataset.eventType))).includes('TASK_FINISHED'),
      'the TASK_FINISHED webhook on the page', T);
    const types = await webhooks.evaluateAll((items) => items.map((li) => li.dataset.eventType));
    assert.deepEqual(types, ['ACCOUNT_CONNECTED', 'TASK_STARTED', 'IDENTITIES_ADDED', 'EMPLOYMENTS_ADDED', 'EINCOMES_ADDED',
      'TRANSACTIONS_ADDED', 'TASK_FINISHED']);
    assert.match(await webhooks.first().textContent(), /ACCOUNT_CONNECTED {2}upwork {2}a-[0-9a-f]{32}/);
    await data.scrollIntoViewIfNeeded();
    await screenshot(page, 'demo-data-desktop');
    await page.locator('#webhooks').scrollIntoViewIfNeeded();
    await screenshot(page, 'demo-webhooks-desktop');

    // Nothing the page received (data, webhooks, callbacks) holds the user's password or code.
    for (const id of ['#data', '#webhooks', '#log']) {
      const text = await page.locator(id).textContent();
      assert.ok(!/\b(123456|1234)\b/.test(text) && !/password/i.test(text), `${id}: ${text.slice(0, 200)}`);
    }
    await page.close();
  });
});

describe('the Node verification snippet of docs/webhooks.md', () => {
  it('accepts every real delivery and refuses a changed body or another secret', async () => {
    const docs = readFileSync(join(ROOT, 'docs/webhooks.md'), 'utf8');
    const block = [...docs.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes('export function verifySmileSignature'));
    assert.ok(block, 'docs/webhooks.md prints verifySmileSignature');
    const dir = mkdtempSync(join(tmpdir(), 'smile-e2e-snippet-'));
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, block);
    const { verifySmileSignature } = await import(pathToFileURL(file).href);
    rmSync(dir, { recursive: true, force: true });

    const got = [];
    const receiver = await startServer(async (req) => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      got.push({ headers: req.headers, body: Buffer.concat(chunks) });
      return { status: 200, type: 'text/plain', body: 'ok' };
    });
    try {
      const r = await fetch(`${sandbox.origin}/open/v1/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: BASIC },
        body: JSON.stringify({ url: `${receiver.origin}/smile-webhooks` }),
      });
      assert.equal(r.status, 201);
      const { token } = await sandbox.mintToken();
      const created = await fetch(`${sandbox.origin}/v1/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ providerId: 'grab', credentials: { email: GEORGE.email, password: GEORGE.password } }),
      });
      assert.equal(created.status, 201);
      await waitFor(() => got.some((d) => d.headers['x-smile-event-type'] === 'TASK_FINISHED'), 'TASK_FINISHED', T);

      assert.equal(got.length, 7);
      for (const d of got) {
        assert.equal(verifySmileSignature('sandbox_secret', d.body, d.headers['x-smile-signature']), true);
        assert.equal(verifySmileSignature('another_secret', d.body, d.headers['x-smile-signature']), false);
        const changed = Buffer.from(d.body.toString().replace('"grab"', '"uber"'));
        assert.equal(verifySmileSignature('sandbox_secret', changed, d.headers['x-smile-signature']), false);
        assert.equal(JSON.parse(d.body).id, d.headers['x-smile-event-id']);
      }
      assert.equal(verifySmileSignature('sandbox_secret', got[0].body, undefined), false);
      assert.equal(verifySmileSignature('sandbox_secret', got[0].body, 'sha256=00'), false);
    } finally {
      await receiver.close();
    }
  });
});
