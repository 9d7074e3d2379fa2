// The widget page's start (docs/protocol.md, "Start-up"): boot.js answers the handshake and starts the first screen's
// link API calls before the wasm has loaded, with the token only in a header; the widget uses those answers once, and
// a failed early request is its first attempt, followed by its own requests with their retries. A widget loaded
// while hidden shows its first screen on open(), announced then and only then. The wasm is held back here so the
// order is certain; the real sandbox answers everything.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, frameCount, make, sleep, useServers, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const T = 10_000;
const env = useServers();

/** A partner page whose widget wasm is sent `delay` ms late (never, for null); every request of every frame kept. */
async function partnerPage(delay) {
  const page = await env.browser.newPage();
  page.requests = [];
  page.on('request', (r) => page.requests.push(r));
  await page.route((url) => url.origin === env.sandbox.origin && url.pathname.endsWith('.wasm'), async (route) => {
    if (delay === null) return;
    await sleep(delay);
    await route.continue().catch(() => {});
  });
  await page.goto(env.partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  return page;
}

async function launch(page, options = {}) {
  const { token } = await env.sandbox.mintToken();
  await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1', ...options });
  await page.evaluate(() => window.__modals.a.open());
  return token;
}

/** The link API requests the widget frame made (GET, in order), by path with query. */
const apiRequests = (page) => page.requests
  .filter((r) => r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/v1/'))
  .map((r) => ({ path: new URL(r.url()).pathname + new URL(r.url()).search, authorization: r.headers().authorization }));

/** From the widget frame's resource timing: when the wasm finished arriving, and when each link API call started. */
async function timeline(widget) {
  const frame = await widget.contentFrame();
  return frame.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    const wasm = entries.find((e) => new URL(e.name).pathname.endsWith('.wasm'));
    return {
      wasmEnd: wasm?.responseEnd,
      api: entries.filter((e) => new URL(e.name).pathname.startsWith('/v1/'))
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
    };
  });
}

describe('the start, before the wasm has loaded', () => {
  it('the session and the accounts are asked for while the wasm loads, once each, the token only in a header', async () => {
    const page = await partnerPage(1_500);
    const token = await launch(page);
    const widget = new Widget(page);
    await widget.waitForEvent('ConsentPageOpened');

    const { wasmEnd, api } = await timeline(widget);
    assert.ok(wasmEnd > 0, 'the wasm is in the timeline');
    for (const path of ['/v1/session', '/v1/accounts']) {
      const started = api.filter((e) => e.path === path);
      assert.equal(started.length, 1, `${path} asked once: the widget used the early answer (${JSON.stringify(api)})`);
      assert.ok(started[0].start < wasmEnd, `${path} started at ${started[0].start} ms, before the wasm was in at ${wasmEnd} ms`);
    }
    const requests = apiRequests(page);
    assert.ok(requests.length >= 2, JSON.stringify(requests));
    for (const r of requests) assert.equal(r.authorization, `Bearer ${token}`, `${r.path} carries the token in its header`);
    for (const r of page.requests) assert.ok(!r.url().includes(token), `no URL holds the token: ${r.url()}`);
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened']);
    assert.equal((await widget.focused()).id, 'wink-title', 'the first screen has focus');
    await page.close();
  });

  it('a single provider in the options is asked for beside the session, not after it', async () => {
    const page = await partnerPage(1_000);
    await launch(page, { providers: ['grab'], enableConsentPage: false });
    const widget = new Widget(page);
    await widget.waitForEvent('LoginOptionsPageOpened');

    const { wasmEnd, api } = await timeline(widget);
    const grab = api.filter((e) => e.path === '/v1/providers/grab');
    assert.equal(grab.length, 1, JSON.stringify(api));
    assert.ok(grab[0].start < wasmEnd, `the provider started at ${grab[0].start} ms, before the wasm was in at ${wasmEnd} ms`);
    await page.close();
  });

  it('an early request that fails is the first attempt: the widget asks again itself, then shows its first screen', async () => {
    await env.sandbox.setFaults([{ kind: 'status', status: 503, method: 'GET', path: '/v1/session', times: 1 }]);
    try {
      const page = await partnerPage(1_000);
      await launch(page);
      const widget = new Widget(page);
      await widget.waitForEvent('ConsentPageOpened');

      const { wasmEnd, api } = await timeline(widget);
      const sessions = api.filter((e) => e.path === '/v1/session');
      assert.equal(sessions.length, 2, `the failed early request and the widget's retry: ${JSON.stringify(api)}`);
      assert.ok(sessions[0].start < wasmEnd, 'the first one started before the wasm was in');
      assert.ok(sessions[1].start > wasmEnd, 'the retry is the widget\'s own');
      assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened'], 'no error screen');
      await page.close();
    } finally {
      await env.sandbox.clearFaults();
    }
  });

  it('an early request that keeps failing: the same three attempts in all as always, then the error screen', async () => {
    await env.sandbox.setFaults([{ kind: 'status', status: 503, method: 'GET', path: '/v1/session' }]);
    try {
      const page = await partnerPage(500);
      await launch(page);
      const widget = new Widget(page);
      await widget.waitForEvent('ErrorPageOpened');
      const sessions = apiRequests(page).filter((r) => r.path === '/v1/session');
      assert.equal(sessions.length, 3, JSON.stringify(sessions));
      await page.close();
    } finally {
      await env.sandbox.clearFaults();
    }
  });

  it('a wasm that never arrives: the shim\'s message within 11 s of the start, and one onClose WIDGET_LOAD_FAILED', async () => {
    const page = await partnerPage(null);
    await launch(page);
    const notice = page.getByRole('dialog', { name: 'Connect your employment account' });
    await notice.waitFor({ state: 'visible', timeout: 12_000 });
    assert.match(await notice.innerText(), /could not load/);
    assert.equal(await frameCount(page), 0);
    await notice.getByRole('button', { name: 'Close' }).click();
    await waitFor(async () => (await calls(page, 'onClose')).length === 1, 'onClose');
    assert.equal((await calls(page, 'onClose'))[0].arg.errorCode, 'WIDGET_LOAD_FAILED');
    await page.close();
  });
});

describe('a widget loaded while hidden', () => {
  it('announces nothing until open(); then its first screen once, with focus, and nothing else built', async () => {
    const page = await partnerPage(0);
    const { token } = await env.sandbox.mintToken();
    await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await waitFor(async () => (await calls(page, 'onLoad')).length === 1, 'onLoad', T);
    await sleep(300);
    assert.deepEqual(await calls(page, 'onUIEvent'), [], 'no screen is announced while hidden');
    const before = apiRequests(page).length;

    await page.evaluate(() => window.__modals.a.open());
    const widget = new Widget(page);
    await widget.waitForEvent('ConsentPageOpened');
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened']);
    await waitFor(async () => (await widget.focused()).id === 'wink-title', 'focus on the first screen\'s title', T);
    const frame = await widget.contentFrame();
    assert.equal(await frame.evaluate(() => document.querySelectorAll('[role="dialog"], #wink-title').length), 2, 'one dialog, one title');
    assert.equal(apiRequests(page).length, before, 'open() waits for no request');
    await page.close();
  });
});
