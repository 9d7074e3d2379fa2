// Open time: from `new SmileLinkModal({...}).open()` on the partner page to the first screen painted and usable:
// the later of the widget frame's first contentful paint, as presented (Chromium's paint timing, which counts
// no paint of a transparent frame), and focus entering its dialog (the screen's heading is then checked to be
// visible). Beside it, what the partner page sees: the first onUIEvent, and its next animation frame. Every run
// starts a second after its partner page loaded (bench/lib.mjs, partnerPage). Cold: a fresh
// browser context (empty cache), the instance constructed and opened at once. Preloaded: the instance constructed and its widget loaded (onLoad), then
// open(). Baselines from the same run, each in a fresh context on the same partner page:
//  - "transfer floor": the widget page's HTML, then every file it names, and the link API calls the widget
//    made before its first screen, all fetched at once with fetch(): the bytes alone, nothing compiled or run;
//  - "transfer + compile floor": the same, the wasm through WebAssembly.compileStreaming.
import { EN, VIEWPORT, log, median, ms, partnerPage, spread, widgetFrame } from './lib.mjs';

/** In the partner page: constructs, opens and times the first screen. Preloaded, the instance is constructed by
 * `preload` first and this opens the one it left. */
async function openAndTime({ token, apiHost, preload }) {
  const limit = (ms, what) => new Promise((_, fail) => setTimeout(() => fail(new Error(`no ${what} in ${ms} ms`)), ms));
  let firstScreen;
  const first = new Promise((r) => (firstScreen = r));
  const options = {
    userToken: token,
    apiHost,
    onUIEvent: (e) => {
      const at = performance.now();
      requestAnimationFrame(() => firstScreen({ name: e.eventName, at, painted: performance.now() }));
    },
  };
  let t0;
  if (preload) {
    const modal = window.__preloaded;
    window.__preloaded = null;
    // The instance `preload` made relays its onUIEvent here.
    window.__onUIEvent = options.onUIEvent;
    t0 = performance.now();
    modal.open();
  } else {
    t0 = performance.now();
    new SmileLinkModal(options).open();
  }
  const f = await Promise.race([first, limit(15_000, 'first onUIEvent')]);
  return { event: f.name, uiEvent: f.at - t0, painted: f.painted - t0, t0: performance.timeOrigin + t0 };
}

/** In the partner page: constructs an instance and waits for its widget to load (onLoad), then a quarter of a
 * second, as a page that preloads does long before its user clicks. */
async function preload({ token, apiHost }) {
  let loaded;
  const onLoad = new Promise((r) => (loaded = r));
  const modal = new SmileLinkModal({
    userToken: token,
    apiHost,
    onLoad: () => loaded(),
    onUIEvent: (e) => window.__onUIEvent?.(e),
  });
  await Promise.race([onLoad, new Promise((_, fail) => setTimeout(() => fail(new Error('no onLoad in 15000 ms')), 15_000))]);
  await new Promise((r) => setTimeout(r, 250));
  window.__preloaded = modal;
}

/** In every frame of a timed context, from its start: in the widget frame, records when focus first enters the
 * dialog, on the shared clock (`__focusedAt`, which a preloaded run resets before open()). */
function watchFocus(widgetOrigin) {
  if (location.origin !== widgetOrigin) return;
  window.__focusedAt = 0;
  addEventListener('focusin', (e) => {
    if (!window.__focusedAt && e.target.closest?.('[role="dialog"]')) window.__focusedAt = performance.timeOrigin + performance.now();
  }, true);
}

/** In the widget frame: whether it presented anything yet (a preloaded run's paint must come after open()). */
const paintedYet = () => performance.getEntriesByType('paint').length > 0;

/** In the partner page: a bare message to the widget frame (which ignores it), for the time one takes to
 * arrive; `at` is when it was posted, on the shared clock. */
function ping() {
  const frame = document.querySelector('iframe');
  const at = performance.timeOrigin + performance.now();
  frame.contentWindow.postMessage({ source: 'bench', type: 'ping' }, '*');
  return at;
}

/** In the widget frame: records when the next `ping` and `open` messages arrive, on the shared clock. */
function watchMessages() {
  window.__arrivals = {};
  addEventListener('message', (e) => {
    const type = e.data?.type;
    if ((type === 'ping' || type === 'open') && !window.__arrivals[type]) {
      window.__arrivals[type] = performance.timeOrigin + performance.now();
    }
  }, true);
}

/** In the widget frame: when its page and resources were fetched and its first contentful paint was presented
 * (known a little after it), relative to the partner's t0. */
async function frameTimeline(t0) {
  const rel = (t) => performance.timeOrigin + t - t0;
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource').map((e) => {
    const url = new URL(e.name);
    return { path: url.pathname + url.search, start: rel(e.startTime), end: rel(e.responseEnd), bytes: e.transferSize };
  });
  const heading = document.querySelector('[role="dialog"] h1, [role="dialog"] h2');
  const dialog = document.querySelector('[role="dialog"]');
  const usable = !!heading && heading.getClientRects().length > 0 && !!dialog && dialog.contains(document.activeElement);
  const paint = () => performance.getEntriesByName('first-contentful-paint')[0];
  for (let i = 0; i < 40 && !paint(); i++) await new Promise((r) => setTimeout(r, 50));
  const fcp = paint();
  return {
    requested: rel(0),
    contentfulPaint: fcp ? rel(fcp.startTime) : NaN,
    focused: window.__focusedAt ? window.__focusedAt - t0 : NaN,
    html: rel(nav.responseEnd),
    htmlBytes: nav.transferSize,
    resources,
    usable,
  };
}

/** In the partner page (CSP bypassed): fetches what the widget needed for its first screen, at once. */
async function floor({ origin, token, apiCalls, compile }) {
  const t0 = performance.now();
  const bytes = (path) => fetch(origin + path).then((r) => r.arrayBuffer());
  const api = Promise.all(apiCalls.map((path) =>
    fetch(origin + path, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())));
  const page = fetch(`${origin}/index.html`).then((r) => r.text()).then((html) => {
    const names = [...new Set([...html.matchAll(/(?:src|href|data-js|data-wasm)=["']?\.\/([^"'\s>]+)/g)].map((m) => m[1]))];
    return Promise.all(names.map((n) => (compile && n.endsWith('.wasm')
      ? WebAssembly.compileStreaming(fetch(`${origin}/${n}`))
      : bytes(`/${n}`))));
  });
  await Promise.all([api, page]);
  await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
}

export async function openTime({ browser, sandbox, partner, runs = 20 }) {
  const apiHost = `${sandbox.origin}/v1`;
  const cold = [], coldEvent = [], coldPartnerFrame = [], floors = [], compiles = [], timelines = [];
  let apiCalls = null, unusable = 0;
  log(`open time: ${runs} cold runs (each beside a transfer floor and a transfer + compile floor), then ${runs} preloaded`);
  for (let i = 0; i < runs; i++) {
    // The widget, cold.
    let context = await browser.newContext({ viewport: VIEWPORT });
    try {
      await context.addInitScript(watchFocus, sandbox.origin);
      const page = await partnerPage(context, partner);
      const { token } = await sandbox.mintToken();
      const r = await page.evaluate(openAndTime, { token, apiHost, preload: false });
      const frame = await widgetFrame(page, sandbox);
      const t = await frame.evaluate(frameTimeline, r.t0);
      if (!t.usable) unusable++;
      cold.push(Math.max(t.contentfulPaint, t.focused));
      coldEvent.push(r.uiEvent);
      coldPartnerFrame.push(r.painted);
      timelines.push({ ...t, painted: r.painted });
      // The link API calls the widget made before its first screen: the floor makes the same.
      if (!apiCalls) apiCalls = t.resources.filter((e) => e.path.startsWith('/v1/') && e.start < r.uiEvent).map((e) => e.path);
    } finally {
      await context.close();
    }
    for (const [compile, into] of [[false, floors], [true, compiles]]) {
      context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
      try {
        const page = await partnerPage(context, partner);
        const { token } = await sandbox.mintToken();
        into.push(await page.evaluate(floor, { origin: sandbox.origin, token, apiCalls, compile }));
      } finally {
        await context.close();
      }
    }
  }
  const preloaded = [], preloadedPaint = [], preloadedFocus = [], pings = [], openArrivals = [], preloadedEvents = [];
  const preloadedPartnerFrame = [];
  let paintedEarly = 0;
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(watchFocus, sandbox.origin);
    for (let i = 0; i < runs; i++) {
      const page = await partnerPage(context, partner);
      const { token } = await sandbox.mintToken();
      await page.evaluate(preload, { token, apiHost });
      const frame = await widgetFrame(page, sandbox);
      await frame.evaluate(watchMessages);
      // Where a preloaded open's time goes: a bare message to the widget frame first (its floor), then open().
      const pinged = await page.evaluate(ping);
      await page.waitForTimeout(100);
      // A paint presented before open() (the frame seen while closed) would leave this open none to time.
      const early = await frame.evaluate(paintedYet);
      if (early) paintedEarly++;
      await frame.evaluate(() => (window.__focusedAt = 0));
      const r = await page.evaluate(openAndTime, { token, apiHost, preload: true });
      const t = await frame.evaluate(frameTimeline, r.t0);
      if (!t.usable) unusable++;
      const arrivals = await frame.evaluate(() => window.__arrivals);
      const paint = early ? NaN : t.contentfulPaint;
      preloaded.push(Math.max(paint, t.focused));
      preloadedPaint.push(paint);
      preloadedFocus.push(t.focused);
      preloadedPartnerFrame.push(r.painted);
      preloadedEvents.push(r.uiEvent);
      pings.push(arrivals.ping - pinged);
      openArrivals.push(arrivals.open - r.t0);
      await page.close();
    }
  } finally {
    await context.close();
  }
  // Where a cold open's time goes, median of each milestone over the runs.
  const at = (pick) => median(timelines.map(pick).filter(Number.isFinite));
  const firstOf = (t, test, key) => Math.min(...t.resources.filter((e) => test(e.path)).map((e) => e[key]));
  const lastOf = (t, test, key) => Math.max(...t.resources.filter((e) => test(e.path)).map((e) => e[key]));
  const isApi = (p) => p.startsWith('/v1/');
  const breakdown = {
    'widget page requested': at((t) => t.requested),
    'widget page HTML in': at((t) => t.html),
    'wasm in': at((t) => firstOf(t, (p) => p.endsWith('.wasm'), 'end')),
    'first link API call sent': at((t) => firstOf(t, isApi, 'start')),
    'link API calls answered': at((t) => lastOf(t, isApi, 'end')),
    "partner's next frame after the first onUIEvent": at((t) => t.painted),
    'widget frame first contentful paint': at((t) => t.contentfulPaint),
    'focus in the dialog': at((t) => t.focused),
  };
  const bytes = median(timelines.map((t) => t.htmlBytes + t.resources.reduce((n, e) => n + e.bytes, 0)));
  const out = {
    cold, coldEvent, coldPartnerFrame, preloaded, preloadedPaint, preloadedFocus, preloadedEvents, preloadedPartnerFrame,
    pings, openArrivals, floors, compiles, apiCalls, unusable, paintedEarly, breakdown, bytes, firstScreen: EN.consent_title,
  };
  log(`  painted and focused: cold ${spread(cold)}; preloaded ${spread(preloaded)}; transfer floor ${spread(floors)}; + compile ${spread(compiles)}`);
  log(`  the partner's next frame after the first onUIEvent: cold ${spread(coldPartnerFrame)}; preloaded ${spread(preloadedPartnerFrame)}`);
  log(`  cold open, median: ${Object.entries(breakdown).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
  log(`  preloaded, median: open message handled in the widget frame ${ms(median(openArrivals))}, onUIEvent back ${ms(median(preloadedEvents))}, ` +
    `focus in the dialog ${ms(median(preloadedFocus))}, first contentful paint ${ms(median(preloadedPaint))}; a bare message to the frame arrives in ${spread(pings)}`);
  log(`  API calls before the first screen: ${apiCalls.join(', ') || 'none'}; ${unusable} runs not usable by then; ${paintedEarly} preloaded runs painted before open()`);
  return out;
}
