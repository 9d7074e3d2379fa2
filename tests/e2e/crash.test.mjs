// The widget crashing after it started: a Rust panic aborts the wasm, which reaches the page as a
// `WebAssembly.RuntimeError`. The user gets the shim's short message with a Close button, never a frozen or
// blank frame; the partner gets one onClose with WIDGET_CRASHED.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, frameCount, make, useServers, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const TITLE = 'Connect your employment account';
const env = useServers();

/** A partner page with the real widget open at its consent screen. */
async function openAtConsent() {
  const page = await env.browser.newPage();
  await page.goto(env.partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token } = await env.sandbox.mintToken();
  await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
  const widget = new Widget(page);
  await page.evaluate(() => window.__modals.a.open());
  await widget.waitForEvent('ConsentPageOpened');
  return { page, widget };
}

const widgetFrame = (page) => page.frames().find((f) => f.url().startsWith(env.sandbox.origin));

describe('the widget crashes after it started', () => {
  it('a trap in the wasm: the message with Close at once, then one onClose WIDGET_CRASHED', async () => {
    const { page, widget } = await openAtConsent();

    // What an aborting panic looks like from the page: an uncaught RuntimeError out of the wasm.
    await widgetFrame(page).evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));

    const notice = page.getByRole('dialog', { name: TITLE });
    await notice.waitFor({ state: 'visible', timeout: 3_000 });
    assert.match(await notice.innerText(), /could not load/);
    assert.equal(await frameCount(page), 0, 'the dead frame is gone');
    await notice.getByRole('button', { name: 'Close' }).click();
    await waitFor(async () => (await calls(page, 'onClose')).length === 1, 'onClose');
    const [closed] = (await calls(page, 'onClose')).map((c) => c.arg);
    assert.equal(closed.reason, 'error');
    assert.equal(closed.errorCode, 'WIDGET_CRASHED');
    await page.close();
  });

  it('an ordinary script error after the start is not a crash: the widget stays', async () => {
    const { page, widget } = await openAtConsent();
    await widgetFrame(page).evaluate(() => setTimeout(() => { throw new TypeError('someone else'); }));
    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    assert.equal(await page.getByRole('dialog', { name: TITLE }).count(), 0, 'no failure message');
    assert.equal(await frameCount(page), 1, 'the widget frame stays');
    assert.deepEqual(await calls(page, 'onClose'), []);
    await page.close();
  });
});
