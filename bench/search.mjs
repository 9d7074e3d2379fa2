// Search: keystroke to updated provider list over the sandbox's catalogue with --extra-providers 10000, with
// the list fetched from the link API as the widget does it, beside a floor in the same page: a plain
// JavaScript filter of the same providers (fetched in full once, then filtered and rendered as rows on each
// keystroke). A keystroke's time runs from its keydown (event.timeStamp) to the next animation frame after the
// DOM first shows the right list: the first ten names equal those the API lists for the query (when it lists
// fewer, the list holds exactly those), or the "no providers" message when it lists none. Keystrokes whose right
// list is the one already shown are not timed (nothing changes on screen). Two ways of typing, over a fixed list
// of queries:
//  - one key at a time: each keystroke waits for its list, then a pause;
//  - bursts: each query typed at 30 ms a key (three rounds), timed from the last key to the final list (0 ms
//    when it is already there); here superseded requests can be aborted.
// Requests to /v1/providers are counted from the browser's network events, and so are the aborted ones, and the
// provider index (/v1/providerIndex) the widget fetches once a search's answer is longer than a page. One key
// at a time is also split into the keys the widget answered without a request and those it asked the API for;
// BENCH_SEARCH_KEYS=1 prints every key's time.
import { EN, VIEWPORT, log, p95, partnerPage, spread, widgetFrame } from './lib.mjs';
import { Widget } from '../tests/e2e/screens.mjs';

export const QUERIES = ['grab', 'nestle', 'sss', 'bayan 7', '1234', 'golden motors 11', 'zzq'];
const THINK_MS = 150;
const BURST_KEY_MS = 30;
const BURST_ROUNDS = 3;
const SHOWN = 10;
const FLOOR_PAGE = 30;

/** In the widget frame: the keystroke probe (a keydown listener and a MutationObserver). */
function installProbe({ emptyText, floorEmptyText, shown }) {
  if (window.__probe) return;
  const probe = (window.__probe = { armed: null });
  const targets = {
    widget: { list: '.wink-providers', names: '.wink-provider__name', empty: emptyText },
    floor: { list: '#floor-list', names: '.floor-name', empty: floorEmptyText },
  };
  const shows = (target, expected) => {
    const t = targets[target];
    const list = document.querySelector(t.list);
    const names = list ? [...list.querySelectorAll(t.names)].map((n) => n.textContent.trim()) : [];
    if (!expected.length) {
      return names.length === 0 && [...document.querySelectorAll('p')]
        .some((p) => p.textContent.trim() === t.empty && p.getClientRects().length > 0);
    }
    // Fewer than ten listed: exactly those (a longer list that starts with them is still the old one).
    const count = expected.length < shown ? names.length === expected.length : names.length >= expected.length;
    return count && expected.every((name, i) => names[i] === name);
  };
  probe.arm = (target, expected, keys) => {
    probe.armed = { target, expected, keys, seen: 0, keyAt: null, result: null };
  };
  addEventListener('keydown', (e) => {
    const a = probe.armed;
    if (!a || a.result || a.seen >= a.keys) return;
    a.seen++;
    a.keyAt = e.timeStamp;
    // The right list is already there when the last key goes down: nothing to wait for.
    if (a.seen === a.keys && shows(a.target, a.expected)) a.result = { unchanged: true };
  }, true);
  new MutationObserver(() => {
    const a = probe.armed;
    if (!a || a.result || a.seen < a.keys || a.pending || !shows(a.target, a.expected)) return;
    const dom = performance.now();
    a.pending = true;
    requestAnimationFrame(() => (a.result = { dom: dom - a.keyAt, frame: performance.now() - a.keyAt }));
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** In the widget frame: the floor, a plain JavaScript list over every provider, fetched once. */
async function installFloor({ origin, token, page, emptyText }) {
  const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const all = [];
  let cursor = null;
  for (let i = 0; i < 500; i++) {
    const url = new URL(`${origin}/v1/providers`);
    url.searchParams.set('accountConnection', 'true');
    url.searchParams.set('size', '150');
    if (cursor) url.searchParams.set('cursor', cursor);
    const body = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json();
    for (const p of body.data.items) all.push({ name: p.name, type: p.typeLabel, key: `${fold(p.name)} ${fold(p.longName)}` });
    cursor = body.data.nextCursor;
    if (!cursor) break;
  }
  const box = document.createElement('div');
  Object.assign(box.style, { position: 'fixed', inset: '0', zIndex: '99999', overflow: 'auto', background: 'Canvas', padding: '16px' });
  box.hidden = true;
  box.id = 'floor';
  const input = document.createElement('input');
  input.id = 'floor-input';
  input.type = 'search';
  const list = document.createElement('ul');
  list.id = 'floor-list';
  const empty = document.createElement('p');
  empty.textContent = emptyText;
  empty.hidden = true;
  const render = () => {
    const q = fold(input.value).trim();
    const hits = [];
    for (const p of all) {
      if (!q || p.key.includes(q)) {
        hits.push(p);
        if (hits.length === page) break;
      }
    }
    list.replaceChildren(...hits.map((p) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      const name = document.createElement('span');
      name.className = 'floor-name';
      name.textContent = p.name;
      const type = document.createElement('span');
      type.textContent = p.type;
      button.append(name, ' ', type);
      li.append(button);
      return li;
    }));
    empty.hidden = hits.length > 0;
  };
  input.addEventListener('input', render);
  box.append(input, list, empty);
  document.body.append(box);
  render();
  return all.length;
}

export async function search({ browser, sandbox, partner }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const requests = { sent: 0, aborted: 0, index: 0, indexBytes: 0 };
  try {
    const page = await partnerPage(context, partner);
    const isList = (url) => new URL(url).pathname === '/v1/providers';
    page.on('request', (r) => isList(r.url()) && requests.sent++);
    page.on('requestfailed', (r) => isList(r.url()) && /ABORTED/i.test(r.failure()?.errorText || '') && requests.aborted++);
    page.on('requestfinished', async (r) => {
      if (new URL(r.url()).pathname !== '/v1/providerIndex') return;
      requests.index++;
      requests.indexBytes += (await r.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
    });
    const { token } = await sandbox.mintToken();
    await page.evaluate(([userToken, apiHost]) => {
      window.__modal = new SmileLinkModal({ userToken, apiHost });
      window.__modal.open();
    }, [token, `${sandbox.origin}/v1`]);
    const widget = new Widget(page);
    await widget.consent.shows(EN.consent_title);
    await widget.consent.continue();
    const searchBox = widget.providers.search();
    await searchBox.waitFor({ timeout: 10_000 });
    const frame = await widgetFrame(page, sandbox);
    await frame.evaluate(installProbe, { emptyText: EN.providers_empty, floorEmptyText: 'No match', shown: SHOWN });
    const total = await frame.evaluate(installFloor, { origin: sandbox.origin, token, page: FLOOR_PAGE, emptyText: 'No match' });
    log(`search: ${total} providers with account connection (the floor holds them all); queries ${QUERIES.map((q) => JSON.stringify(q)).join(', ')}`);

    const expectedCache = new Map();
    const expected = async (q) => {
      if (!expectedCache.has(q)) {
        const url = `${sandbox.origin}/v1/providers?name=${encodeURIComponent(q)}&accountConnection=true&size=${SHOWN}`;
        const body = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json();
        expectedCache.set(q, body.data.items.map((p) => p.name));
      }
      return expectedCache.get(q);
    };
    const focus = async (target) => {
      await frame.evaluate((t) => (document.querySelector('#floor').hidden = t !== 'floor'), target);
      if (target === 'floor') await frame.locator('#floor-input').focus();
      else await searchBox.focus();
    };
    /** Arms the probe, presses `press()`, waits for the list; `{frame, dom}` ms, `unchanged` or `timeout`. */
    const timed = async (target, want, keys, press) => {
      await frame.evaluate(([t, e, k]) => window.__probe.arm(t, e, k), [target, want, keys]);
      const before = { ...requests };
      await press();
      const result = await frame.waitForFunction(() => window.__probe.armed.result, null, { timeout: 5_000, polling: 20 })
        .then((h) => h.jsonValue()).catch(() => ({ timeout: true }));
      return { ...result, sent: requests.sent - before.sent, aborted: requests.aborted - before.aborted };
    };
    const clear = async (target) => {
      await page.keyboard.press('Control+A');
      return timed(target, await expected(''), 1, () => page.keyboard.press('Backspace'));
    };

    const single = { widget: [], floor: [] };
    const bursts = { widget: [], floor: [] };
    for (const q of QUERIES) {
      for (const target of ['widget', 'floor']) {
        await focus(target);
        single[target].push({ q: '', ...(await clear(target)) });
        for (let end = 1; end <= q.length; end++) {
          const want = await expected(q.slice(0, end));
          single[target].push({ q: q.slice(0, end), ...(await timed(target, want, 1, () => page.keyboard.type(q[end - 1]))) });
          await new Promise((r) => setTimeout(r, THINK_MS));
        }
      }
    }
    for (const q of Array.from({ length: BURST_ROUNDS }, () => QUERIES).flat()) {
      for (const target of ['widget', 'floor']) {
        await focus(target);
        await clear(target);
        await new Promise((r) => setTimeout(r, THINK_MS));
        const before = { ...requests };
        const r = await timed(target, await expected(q), q.length, () => page.keyboard.type(q, { delay: BURST_KEY_MS }));
        // Let answers still on their way arrive or fail before counting.
        await new Promise((r) => setTimeout(r, 300));
        bursts[target].push({ ...r, sent: requests.sent - before.sent, aborted: requests.aborted - before.aborted, keys: q.length });
      }
    }
    const timedOnly = (rows) => rows.filter((r) => Number.isFinite(r.frame));
    // In a burst, a list already right at the last key took no time from it: 0 ms.
    const summary = (rows, zeroUnchanged = false) => ({
      frames: [...timedOnly(rows).map((r) => r.frame), ...(zeroUnchanged ? rows.filter((r) => r.unchanged).map(() => 0) : [])],
      doms: timedOnly(rows).map((r) => r.dom),
      timed: timedOnly(rows).length,
      unchanged: rows.filter((r) => r.unchanged).length,
      timeouts: rows.filter((r) => r.timeout).length,
      sent: rows.reduce((n, r) => n + r.sent, 0),
      aborted: rows.reduce((n, r) => n + r.aborted, 0),
      keys: rows.reduce((n, r) => n + (r.keys || 1), 0),
    });
    const out = {
      total,
      index: { requests: requests.index, bytes: requests.indexBytes },
      single: { widget: summary(single.widget), floor: summary(single.floor) },
      bursts: { widget: summary(bursts.widget, true), floor: summary(bursts.floor, true) },
    };
    // Which keystrokes the widget answered without a request, and what the others cost.
    const local = timedOnly(single.widget).filter((r) => r.sent === 0).map((r) => r.frame);
    const asked = timedOnly(single.widget).filter((r) => r.sent > 0).map((r) => r.frame);
    out.single.split = { local, asked };
    if (process.env.BENCH_SEARCH_KEYS) {
      for (const r of single.widget) log(`    ${JSON.stringify(r.q)}: ${r.unchanged ? 'unchanged' : `${r.frame?.toFixed(1)} ms`}, ${r.sent} sent`);
    }
    for (const [how, s] of Object.entries({ 'one key at a time': out.single, [`bursts at ${BURST_KEY_MS} ms a key`]: out.bursts })) {
      const w = s.widget, f = s.floor;
      log(`  ${how}: widget ${spread(w.frames)} (${w.timed} timed, ${w.unchanged} unchanged, ${w.timeouts} timed out; ` +
        `${w.sent} requests for ${w.keys} keys, ${w.aborted} aborted); floor ${spread(f.frames)}; ` +
        `p95 ${(p95(w.frames) / p95(f.frames)).toFixed(1)}x the floor`);
    }
    log(`  one key at a time, widget: ${local.length} keys answered without a request ${spread(local)}; ` +
      `${asked.length} asked the API ${spread(asked)}`);
    log(`  provider index: ${requests.index} request(s), ${requests.indexBytes} bytes on the wire`);
    return out;
  } finally {
    await context.close();
  }
}

