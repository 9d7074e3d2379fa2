// When the widget page cannot load or start, and when the partner page misuses the shim: what the user sees
// (a short message with a Close button, never an empty overlay) and what the partner receives (one onClose with
// WIDGET_LOAD_FAILED, a clear console message). Stand-in widget hosts for the load failures, the real widget
// and sandbox for a browser without WebAssembly, files that do not load and calls in the middle of a request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildShim } from '../../shim/build.mjs';
import { calls, frameCount, frameShown, launchBrowser, make, sleep, startPartner, startSandbox, startServer, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const TOKEN = 'tk-sandbox-0123456789abcdef';
const TITLE = 'Connect your employment account';
const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
const FAILED = { reason: 'error', lastScreen: null, errorCode: 'WIDGET_LOAD_FAILED', errorMessage: 'the widget page did not load' };

let browser, sandbox, partner, shim;
const hosts = [];

before(async () => {
  shim = (await buildShim()).code;
  browser = await launchBrowser();
  sandbox = await startSandbox();
  partner = await startPartner(sandbox.origin);
});

after(async () => {
  await browser?.close();
  for (const h of hosts) await h.close();
  await partner?.close();
  await sandbox?.stop();
});

/**
 * A widget host that serves the shim at /smile.v2.js and answers everything else with `serve(url)` (null: 404),
 * and a partner page (with its strict CSP) that loads the shim from it.
 */
async function widgetHost(serve) {
  const host = await startServer((req, url) => (url.pathname === '/smile.v2.js' ? { type: 'text/javascript', body: shim } : serve(url)));
  const hostPartner = await startPartner(host.origin);
  const h = { host, partner: hostPartner, close: async () => { await hostPartner.close(); await host.close(); } };
  hosts.push(h);
  return h;
}

async function partnerPage(origin) {
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  return page;
}

const notice = (page) => page.getByRole('dialog', { name: TITLE });
const onCloses = async (page) => (await calls(page, 'onClose')).map((c) => c.arg);
const errors = (page) => page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'pageerror');

/** Opens the widget at once and measures how long until the failure message shows; checks what it shows. */
async function openUntilNotice(page, bound) {
  const started = Date.now();
  await page.evaluate(() => window.__modals.a.open());
  await notice(page).waitFor({ state: 'visible', timeout: bound });
  const elapsed = Date.now() - started;
  assert.match(await notice(page).innerText(), /could not load/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Close', 'the Close button has focus');
  assert.equal(await frameCount(page), 0, 'no empty iframe left behind it');
  assert.deepEqual(await onCloses(page), [], 'onClose waits for the user to close the message');
  assert.ok(errors(page).some((m) => /SmileLinkModal: the widget page http:\/\/127\.0\.0\.1:\d+\/index\.html did not answer/.test(m.text)),
    JSON.stringify(page.consoleMessages));
  return elapsed;
}

/** Closes the message with its button (or `how`) and checks the one onClose and the page given back. */
async function closeNotice(page, how = () => notice(page).getByRole('button', { name: 'Close' }).click()) {
  await how();
  await waitFor(async () => (await onCloses(page)).length === 1, 'onClose');
  assert.deepEqual(await onCloses(page), [FAILED]);
  assert.equal(await notice(page).count(), 0);
  assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1, 'only what was inert before stays inert');
}

describe('the widget page does not load', () => {
  it('404: a message with a Close button within 8 s, then onClose WIDGET_LOAD_FAILED; the next open() tries again', async () => {
    const { partner: p } = await widgetHost(() => null);
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN });
    const elapsed = await openUntilNotice(page, 8_000);
    assert.ok(elapsed < 8_000, `${elapsed} ms`);
    await closeNotice(page);
    // Escape closes it too, and a second open() mounts a fresh frame that fails the same way.
    await page.evaluate(() => window.__modals.a.open());
    assert.equal(await frameCount(page), 1, 'a fresh iframe');
    await notice(page).waitFor({ state: 'visible', timeout: 8_000 });
    await page.keyboard.press('Escape');
    await waitFor(async () => (await onCloses(page)).length === 2, 'the second onClose');
    assert.deepEqual(await onCloses(page), [FAILED, FAILED]);
    assert.equal(await notice(page).count(), 0);
    await page.close();
  });

  it('a network error (the widget host is gone): the same message within 11 s', async () => {
    const h = await widgetHost(() => null);
    const page = await partnerPage(h.partner.origin);
    await h.host.close();
    await make(page, { userToken: TOKEN });
    const elapsed = await openUntilNotice(page, 11_000);
    assert.ok(elapsed < 11_000, `${elapsed} ms`);
    await closeNotice(page);
    await page.close();
  });

  it('a page that loads but never says ready: the message 6 s after its load', async () => {
    const { partner: p } = await widgetHost(() => ({ body: '<!doctype html><title>Maintenance</title><p>Back soon</p>' }));
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN });
    const elapsed = await openUntilNotice(page, 9_000);
    assert.ok(elapsed >= 5_500 && elapsed < 9_000, `${elapsed} ms`);
    await closeNotice(page);
    await page.close();
  });

  it('a page that never finishes loading: the message 10 s after the iframe was made', async () => {
    const { partner: p } = await widgetHost(() => new Promise(() => {}));
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN });
    const elapsed = await openUntilNotice(page, 12_000);
    assert.ok(elapsed >= 9_000 && elapsed < 12_000, `${elapsed} ms`);
    await closeNotice(page);
    await page.close();
  });

  it('a page that reports bootError: the message at once', async () => {
    const script = `const p = new URLSearchParams(location.hash.slice(1));
      parent.postMessage({ source: 'smile-wink', version: 1, channel: p.get('channel'), type: 'bootError', payload: {} }, p.get('origin'));`;
    const { partner: p } = await widgetHost((url) => (url.pathname === '/fail.js'
      ? { type: 'text/javascript', body: script }
      : { body: '<!doctype html><title>x</title><script src="/fail.js"></script>' }));
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN });
    const elapsed = await openUntilNotice(page, 3_000);
    assert.ok(elapsed < 3_000, `${elapsed} ms`);
    await closeNotice(page);
    await page.close();
  });

  it('fails while closed: nothing shows and nothing fires; the open() after shows the message; destroy() removes it', async () => {
    const { partner: p } = await widgetHost(() => null);
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN });
    await waitFor(() => errors(page).some((m) => /did not answer/.test(m.text)), 'the preload to fail', 9_000);
    assert.equal(await frameCount(page), 0);
    assert.equal(await notice(page).count(), 0);
    assert.deepEqual(await onCloses(page), []);
    await openUntilNotice(page, 8_000);
    await page.evaluate(() => window.__modals.a.destroy());
    assert.equal(await notice(page).count(), 0, 'destroy() removes the message');
    assert.deepEqual(await onCloses(page), [FAILED], 'one onClose, with the failure');
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1);
    await page.close();
  });

  it('inline in a container: the message shows over the page and closes to one onClose', async () => {
    const { partner: p } = await widgetHost(() => null);
    const page = await partnerPage(p.origin);
    await make(page, { userToken: TOKEN, container: '#slot' });
    await openUntilNotice(page, 8_000);
    await closeNotice(page);
    assert.equal(await page.locator('#slot').innerHTML(), '');
    await page.close();
  });
});

describe('the real widget page cannot start', () => {
  const launch = async (page) => {
    await page.goto(partner.origin + '/');
    await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
    const { token } = await sandbox.mintToken();
    await make(page, { userToken: token, apiHost: sandbox.origin + '/v1' });
  };

  it('a browser without WebAssembly: boot.js reports bootError, the message shows within 3 s', async () => {
    const page = await browser.newPage();
    await page.addInitScript((origin) => {
      if (location.origin === origin) delete globalThis.WebAssembly;
    }, sandbox.origin);
    await launch(page);
    const elapsed = await openUntilNotice(page, 3_000);
    assert.ok(elapsed < 3_000, `${elapsed} ms`);
    await closeNotice(page);
    await page.close();
  });

  for (const [what, pattern] of [['the wasm', /\.wasm$/], ['the wasm-bindgen glue', /wink-widget-[0-9a-f]+\.js$/]]) {
    it(`${what} fails to load: bootError, the message within 3 s`, async () => {
      const page = await browser.newPage();
      await page.route((url) => url.origin === sandbox.origin && pattern.test(url.pathname), (route) =>
        route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
      await launch(page);
      const elapsed = await openUntilNotice(page, 3_000);
      assert.ok(elapsed < 3_000, `${elapsed} ms`);
      await closeNotice(page);
      await page.close();
    });
  }
});

describe('the partner page misusing the shim with the real widget', () => {
  const open = async () => {
    const page = await browser.newPage();
    await page.goto(partner.origin + '/');
    await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
    const { token } = await sandbox.mintToken();
    await make(page, { userToken: token, apiHost: sandbox.origin + '/v1' });
    return { page, widget: new Widget(page) };
  };
  const events = async (page) => (await calls(page, 'onUIEvent')).map((c) => c.arg.eventName);

  it('destroy() while a login is in flight: one onClose, the iframe gone, nothing fires afterwards, no error', async () => {
    const { page, widget } = await open();
    await page.evaluate(() => window.__modals.a.open());
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.continue();
    await widget.providers.choose('Grab');
    await widget.waitForEvent('LoginOptionsPageOpened');
    await widget.loginOptions.choose('Email');
    await widget.waitForEvent('LoginPageOpened');
    await sandbox.setFaults([{ kind: 'latency', latencyMs: 2_000, method: 'POST', path: '/v1/accounts', times: 1 }]);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/accounts', { timeout: 10_000 });
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await sent;
    await page.evaluate(() => window.__modals.a.destroy());
    assert.equal(await frameCount(page), 0);
    const count = (await calls(page)).length;
    await sleep(2_500);
    assert.equal((await calls(page)).length, count, 'no callback after destroy()');
    const closes = await onCloses(page);
    assert.equal(closes.length, 1);
    assert.equal(closes[0].reason, 'close');
    assert.deepEqual(await calls(page, 'onAccountCreated'), []);
    assert.deepEqual(errors(page), []);
    await sandbox.clearFaults();
    await page.close();
  });

  it('open() twice: one iframe, the first screen once', async () => {
    const { page, widget } = await open();
    await page.evaluate(() => (window.__modals.a.open(), window.__modals.a.open()));
    await widget.waitForEvent('ConsentPageOpened');
    await page.evaluate(() => window.__modals.a.open());
    await sleep(300);
    assert.equal(await frameCount(page), 1);
    assert.deepEqual(await events(page), ['ConsentPageOpened']);
    await page.close();
  });

  it('close() before the widget loaded: one onClose at once; the widget loads hidden and opens later', async () => {
    const { page, widget } = await open();
    await page.evaluate(() => (window.__modals.a.open(), window.__modals.a.close()));
    assert.deepEqual(await onCloses(page), [{ reason: 'close', lastScreen: null }]);
    await waitFor(async () => (await calls(page, 'onLoad')).length === 1, 'onLoad', 15_000);
    assert.equal(await frameShown(page), false, 'still hidden');
    assert.deepEqual(await events(page), [], 'no screen opened while closed');
    await page.evaluate(() => window.__modals.a.open());
    await widget.waitForEvent('ConsentPageOpened');
    assert.equal((await onCloses(page)).length, 1);
    assert.equal(await notice(page).count(), 0);
    await page.close();
  });
});
