// Memory and leaks, on the partner page (its own process: the widget frame is on another site):
//  - 20 open/close cycles of one instance (open(), first screen, close(), onClose);
//  - 20 launches, each a new SmileLinkModal with a fresh token and no destroy(), as the documents' quickstart does;
// each measured after a forced garbage collection: the partner document's element count, its event listeners
// (on window, document and every element, from DevTools' DOMDebugger.getEventListeners), its JS heap in use,
// the widget iframes on the page and the SmileLinkModal instances still alive (Runtime.queryObjects); before
// the first instance, and after the first, the tenth and the twentieth cycle.
// And the widget frame's own process after a full connect flow (George, Upwork by email, MFA code 1234): its
// JS heap in use and its wasm linear memory, beside the same at its first screen.
import { EN, VIEWPORT, log, mb, partnerPage, widgetFrame } from './lib.mjs';
import { Widget } from '../tests/e2e/screens.mjs';
import { waitFor } from '../tests/e2e/harness.mjs';

export const CYCLES = 20;
const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };

/** `reduce` over the live objects whose prototype is `prototype` (an expression), in the session's process. */
async function live(cdp, prototype, reduce) {
  const proto = await cdp.send('Runtime.evaluate', { expression: prototype, objectGroup: 'bench' });
  const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: 'bench' });
  const value = await cdp.send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: `function () { return (${reduce})(this); }`,
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  return value.result.value;
}

/** After a garbage collection: JS heap in use in the session's process. */
async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return { js: usedSize };
}

/** The widget's wasm linear memory, from its glue module (importing it again gives the loaded instance, and
 * `initSync` returns its exports). `Runtime.queryObjects` does not answer in a frame whose wasm is cut into parts
 * (Chromium 156), so the memory is not found among the heap's objects. */
const wasmMemory = (frame) => frame.evaluate(async () => {
  const glue = await import(new URL(document.querySelector('script[data-js]').dataset.js, document.baseURI).href);
  return glue.initSync().memory.buffer.byteLength;
});

/** The partner page: elements, listeners (window, document, each element), heap, widget iframes. */
async function partnerState(page, cdp) {
  // The test partner page records every message and callback (tests/e2e/pages/partner.js): not the shim's.
  await page.evaluate(() => {
    window.__messages.length = 0;
    window.__calls.length = 0;
  });
  const { js } = await heap(cdp);
  const instances = await live(cdp, 'SmileLinkModal.prototype', '(all) => all.length');
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  const frames = await page.evaluate(() => document.querySelectorAll('iframe').length);
  const all = await cdp.send('Runtime.evaluate', {
    expression: '[window, document, ...document.getElementsByTagName("*")]',
    objectGroup: 'bench',
  });
  const props = await cdp.send('Runtime.getProperties', { objectId: all.result.objectId, ownProperties: true, objectGroup: 'bench' });
  let listeners = 0;
  for (const p of props.result) {
    if (!/^\d+$/.test(p.name) || !p.value?.objectId) continue;
    listeners += (await cdp.send('DOMDebugger.getEventListeners', { objectId: p.value.objectId })).listeners.length;
  }
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  return { elements, listeners, heap: js, frames, instances };
}

/** Runs one launch on the partner page: `open()`, the first screen, `close()`, onClose. */
async function cycle(page, tag) {
  await page.evaluate(async (t) => {
    const m = window.__bench[t];
    // Timers cleared on the way: a pending one would keep the instance alive past the measurement.
    const until = (what, start) => new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${what}`)), 10_000);
      m[what] = () => {
        clearTimeout(timer);
        m[what] = null;
        ok();
      };
      start();
    });
    await until('shown', () => m.modal.open());
    await until('closed', () => m.modal.close());
  }, tag);
}

/** Makes instance `tag` whose onUIEvent and onClose resolve what `cycle` waits for. */
async function make(page, tag, token, apiHost) {
  await page.evaluate(([t, userToken, host]) => {
    window.__bench = window.__bench || {};
    const m = (window.__bench[t] = {});
    m.modal = new SmileLinkModal({
      userToken,
      apiHost: host,
      onUIEvent: () => m.shown?.(),
      onClose: () => m.closed?.(),
    });
  }, [tag, token, apiHost]);
}

async function leaks({ browser, sandbox, partner, fresh }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await partnerPage(context, partner);
    const cdp = await context.newCDPSession(page);
    const apiHost = `${sandbox.origin}/v1`;
    const tokens = [];
    for (let i = 0; i < (fresh ? CYCLES : 1); i++) tokens.push((await sandbox.mintToken()).token);
    const before = await partnerState(page, cdp);
    const states = [];
    for (let i = 0; i < CYCLES; i++) {
      const tag = fresh ? `m${i}` : 'm0';
      if (fresh || i === 0) await make(page, tag, tokens[fresh ? i : 0], apiHost);
      await cycle(page, tag);
      // The integrator's variable now holds the next instance: the bench keeps no reference either.
      if (fresh) await page.evaluate((t) => delete window.__bench[t], tag);
      if ([0, CYCLES / 2 - 1, CYCLES - 1].includes(i)) states.push(await partnerState(page, cdp));
    }
    return { before, first: states[0], half: states[1], after: states[2] };
  } finally {
    await context.close();
  }
}

async function widgetHeap({ browser, sandbox, partner }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await partnerPage(context, partner);
    const { token } = await sandbox.mintToken();
    await page.evaluate(([userToken, apiHost]) => {
      window.__events = [];
      new SmileLinkModal({ userToken, apiHost, onUIEvent: (e) => window.__events.push(e.eventName) }).open();
    }, [token, `${sandbox.origin}/v1`]);
    const last = (name) => waitFor(() => page.evaluate((n) => window.__events.at(-1) === n, name), name, 10_000);
    const widget = new Widget(page);
    await last('ConsentPageOpened');
    const frame = await widgetFrame(page, sandbox);
    const cdp = await context.newCDPSession(frame);
    const first = { ...(await heap(cdp)), wasm: await wasmMemory(frame) };
    await widget.consent.continue();
    await last('ProviderListPageOpened');
    await widget.providers.choose('Upwork');
    await last('LoginOptionsPageOpened');
    await widget.loginOptions.choose('Email');
    await last('LoginPageOpened');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await last('MfaPageOpened');
    await widget.mfa.submit('1234');
    await last('ConnectSuccessPageOpened');
    await widget.success.shows(EN.success_title || 'Account connected').catch(() => {});
    const after = { ...(await heap(cdp)), wasm: await wasmMemory(frame) };
    return { first, after };
  } finally {
    await context.close();
  }
}

export async function memory({ browser, sandbox, partner }) {
  log(`memory: ${CYCLES} open/close cycles of one instance, ${CYCLES} launches of a new instance each, a full connect flow`);
  const cycles = await leaks({ browser, sandbox, partner, fresh: false });
  const launches = await leaks({ browser, sandbox, partner, fresh: true });
  const frame = await widgetHeap({ browser, sandbox, partner });
  const points = (r, key, f = (x) => x) => [r.before, r.first, r.half, r.after].map((x) => f(x[key])).join(' → ');
  const show = (name, r) => log(`  ${name} (before, after 1, ${CYCLES / 2} and ${CYCLES}): elements ${points(r, 'elements')}, ` +
    `listeners ${points(r, 'listeners')}, JS heap ${points(r, 'heap', mb)}, iframes ${points(r, 'frames')}, ` +
    `live SmileLinkModal instances ${points(r, 'instances')}`);
  show('one instance', cycles);
  show('a new instance each launch', launches);
  log(`  widget frame: JS heap ${mb(frame.first.js)} at its first screen, ${mb(frame.after.js)} after the connect flow; ` +
    `wasm memory ${mb(frame.first.wasm)} → ${mb(frame.after.wasm)}`);
  return { cycles, launches, frame };
}
