// The SmileLinkModal shim on its own, against a stand-in widget page that speaks docs/protocol.md:
// what an integrator notices about options, open/close/destroy, the partner page and message security.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildShim } from '../../shim/build.mjs';
import { ROOT, calls, frameCount, frameShown, launchBrowser, make, sleep, startPartner, startStubWidget, waitFor } from './harness.mjs';

let stub, partner, browser;

before(async () => {
  stub = await startStubWidget();
  partner = await startPartner(stub.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await partner?.close();
  await stub?.close();
});

async function partnerPage(path = '/') {
  const page = await browser.newPage();
  await page.goto(partner.origin + path);
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim to load');
  return page;
}

/** The stand-in widget frame of the n-th shim iframe, once it has received init. */
async function widget(page, n = 0) {
  const handle = await page.locator('iframe.smile-wink-frame').nth(n).elementHandle({ timeout: 5_000 });
  const frame = await waitFor(() => handle.contentFrame(), 'the widget frame');
  await waitFor(() => frame.evaluate(() => window.__received?.some((m) => m.type === 'init')).catch(() => false), 'init');
  return frame;
}

const TOKEN = 'tk-sandbox-0123456789abcdef';
const closes = async (page, tag = 'a') => (await calls(page, 'onClose')).filter((c) => c.tag === tag).map((c) => c.arg.reason);
const construct = (page, options) =>
  page.evaluate((o) => {
    try {
      new SmileLinkModal(o);
      return null;
    } catch (e) {
      return { name: e.name, message: e.message };
    }
  }, options);

describe('options', () => {
  it('throws a TypeError naming userToken when it is missing, empty or not a string', async () => {
    const page = await partnerPage();
    for (const options of [{}, { userToken: '' }, { userToken: 42 }, { userToken: null }]) {
      const error = await construct(page, options);
      assert.equal(error?.name, 'TypeError', JSON.stringify(options));
      assert.match(error.message, /"userToken".*non-empty string/);
    }
    const none = await page.evaluate(() => {
      try {
        new SmileLinkModal();
      } catch (e) {
        return e.name;
      }
    });
    assert.equal(none, 'TypeError');
    assert.equal(await frameCount(page), 0, 'a rejected configuration adds no iframe');
    await page.close();
  });

  it('throws a TypeError naming each wrongly typed option and what it expects', async () => {
    const page = await partnerPage();
    const cases = [
      [{ apiHost: 5 }, /"apiHost" must be a string \(got number\)/],
      [{ templateId: true }, /"templateId" must be a string/],
      [{ companyName: [] }, /"companyName" must be a string \(got an array\)/],
      [{ locale: 1 }, /"locale" must be a string/],
      [{ topProviders: 'grab' }, /"topProviders" must be an array of strings/],
      [{ providers: ['grab', 7] }, /"providers" must be an array of strings/],
      [{ enableUpload: 'yes' }, /"enableUpload" must be a boolean/],
      [{ enableSearchBar: 0 }, /"enableSearchBar" must be a boolean/],
      [{ enableTypeBar: 'false' }, /"enableTypeBar" must be a boolean/],
      [{ enableConsentPage: 1 }, /"enableConsentPage" must be a boolean/],
      [{ onClose: 'close' }, /"onClose" must be a function/],
      [{ onUIEvent: {} }, /"onUIEvent" must be a function/],
      [{ container: '#no-such-element' }, /"container" must be an element or a CSS selector/],
      [{ container: '##bad selector' }, /"container" must be an element or a CSS selector/],
      [{ container: 5 }, /"container" must be an element or a CSS selector/],
      [{ container: '' }, /"container" must be an element or a CSS selector.*empty string/],
      [{ theme: 'dark' }, /"theme" must be \{primaryColor/],
      [{ theme: { colorScheme: 'blue' } }, /"theme" must be/],
      [{ theme: { primaryColor: 255 } }, /"theme" must be/],
    ];
    for (const [bad, message] of cases) {
      const error = await construct(page, { userToken: TOKEN, ...bad });
      assert.equal(error?.name, 'TypeError', JSON.stringify(bad));
      assert.match(error.message, message);
    }
    assert.equal(await frameCount(page), 0);
    await page.close();
  });

  it('warns about unknown options by name and still works', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN, colour: 'red', onSucess: null });
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.ok(warnings.some((w) => w.includes('colour') && w.includes('onSucess')), warnings.join('\n'));
    await widget(page);
    await page.close();
  });

  it('counts option names inherited from Object.prototype as unknown, not as option types', async () => {
    const page = await partnerPage();
    const error = await construct(page, { userToken: TOKEN, constructor: 1, toString: 'x', hasOwnProperty: true });
    assert.equal(error, null);
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.ok(warnings.some((w) => /unknown option\(s\) ignored: constructor, toString, hasOwnProperty/.test(w)), warnings.join('\n'));
    const frame = await widget(page);
    assert.deepEqual(await frame.evaluate(() => window.__received.find((m) => m.type === 'init').payload.options), {});
    await page.close();
  });

  it('warns when topProviders has more than 10 and sends only the first 10', async () => {
    const page = await partnerPage();
    const twelve = Array.from({ length: 12 }, (_, i) => `p${i}`);
    await make(page, { userToken: TOKEN, topProviders: twelve });
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.ok(warnings.some((w) => /topProviders.*12.*first 10/.test(w)), warnings.join('\n'));
    const frame = await widget(page);
    const init = await frame.evaluate(() => window.__received.find((m) => m.type === 'init'));
    assert.deepEqual(init.payload.options.topProviders, twelve.slice(0, 10));
    await page.close();
  });

  it('sends the token only by message and, as options, only what the partner set, as JSON', async () => {
    const page = await partnerPage();
    const received = async (n = 0) => {
      const frame = await widget(page, n);
      return frame.evaluate(() => ({ init: window.__received.find((m) => m.type === 'init'), href: window.__href }));
    };
    await make(page, { userToken: 'tk-sandbox-secret1' }, { tag: 'bare' });
    const bare = await received();
    assert.equal(bare.init.payload.token, 'tk-sandbox-secret1');
    assert.ok(!bare.href.includes('secret1'), 'the token never appears in the widget URL');
    assert.match(bare.href, /#channel=[0-9a-f]{32}&origin=/);
    // No defaults filled in: no apiHost by token mode, no browser locale, no enable* flags, no inline: false.
    assert.deepEqual(bare.init.payload.options, {});

    const everything = {
      userToken: 'tk-production-secret2',
      apiHost: 'http://127.0.0.1:9/v1',
      templateId: 'wtpl-0123',
      companyName: '',
      locale: 'fil-PH',
      topProviders: ['grab'],
      providers: ['grab', 'upwork'],
      enableSearchBar: false,
      enableTypeBar: true,
      enableUpload: true,
      enableConsentPage: false,
      theme: { primaryColor: '#123456', colorScheme: 'dark', logo: 'not an option' },
    };
    await page.evaluate((o) => {
      window.__full = new SmileLinkModal({
        ...o, container: document.getElementById('slot'), onClose() {}, onUIEvent() {}, onLoad() {},
        // Present but null: the same as not passed.
        onAccountError: null,
      });
    }, everything);
    const full = await received();
    const { userToken, theme, ...rest } = everything;
    assert.equal(full.init.payload.token, userToken);
    assert.deepEqual(full.init.payload.options, {
      ...rest, theme: { primaryColor: '#123456', colorScheme: 'dark' }, inline: true,
    });

    await page.evaluate(() => {
      window.__nulls = new SmileLinkModal({ userToken: 'tk-sandbox-secret3', theme: { primaryColor: null },
        apiHost: null, templateId: undefined, locale: null, enableUpload: null });
    });
    // The inline instance keeps its frame, so this one is the second.
    assert.deepEqual((await received(1)).init.payload.options, { theme: {} });
    const srcs = await page.locator('iframe.smile-wink-frame').evaluateAll((fs) => fs.map((f) => f.src));
    assert.ok(srcs.every((s) => !/secret/.test(s)));
    await page.close();
  });
});

describe('smile.d.ts', () => {
  const types = readFileSync(join(ROOT, 'shim/smile.d.ts'), 'utf8');
  /** The members of one declared interface, as `name` → type text. */
  const members = (name) => {
    const body = types.match(new RegExp(`interface ${name}\\b[^{]*\\{([^]*?)\\n\\}`))?.[1];
    assert.ok(body, `interface ${name} is declared`);
    return Object.fromEntries([...body.replace(/\/\*\*[^]*?\*\//g, '').matchAll(/^\s+(\w+)\??: ([^;]+);/gm)].map((m) => [m[1], m[2]]));
  };

  it('declares exactly the options the shim accepts, in named option and callback types', async () => {
    assert.match(types, /interface SmileLinkModalOptions extends SmileOptions, SmileCallbacks \{\}/);
    const declared = [...Object.keys(members('SmileOptions')), ...Object.keys(members('SmileCallbacks'))];
    const page = await partnerPage();
    // Every declared name is known to the shim: no "unknown option" warning.
    await page.evaluate(([names, token]) => new SmileLinkModal({ ...Object.fromEntries(names.map((n) => [n, null])), userToken: token }), [declared, TOKEN]);
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text), []);
    // And the shim knows no option the types leave out: SPEC 1.2 and 1.3 in full.
    const spec = ['userToken', 'apiHost', 'templateId', 'topProviders', 'providers', 'enableSearchBar', 'enableTypeBar',
      'enableUpload', 'companyName', 'enableConsentPage', 'locale', 'container', 'theme', 'onLoad', 'onAccountCreated',
      'onAccountConnected', 'onAccountRemoved', 'onAccountError', 'onUploadsCreated', 'onUploadsRemoved', 'onTokenExpired',
      'onClose', 'onUIEvent'];
    assert.deepEqual([...declared].sort(), [...spec].sort());
    await page.close();
  });

  it('types the onClose payload with lastScreen and the error fields, and onTokenExpired for v1 and v2 handlers', () => {
    const callbacks = members('SmileCallbacks');
    assert.equal(callbacks.onClose, '(event: SmileCloseEvent) => void');
    assert.equal(callbacks.onTokenExpired, '(updateToken: SmileUpdateToken) => void');
    assert.match(types, /type SmileUpdateToken = \(token: string\) => void;/);
    assert.match(types, /type SmileCloseReason = 'close' \| 'exit' \| 'error' \| 'employer_not_listed';/);
    assert.match(types, /type SmileCloseErrorCode =[^;]*'WIDGET_LOAD_FAILED'[^;]*'SERVER_ERROR'/);
    assert.deepEqual(members('SmileCloseEvent'), {
      reason: 'SmileCloseReason',
      lastScreen: 'SmileUIEventName | null',
      errorCode: 'SmileCloseErrorCode',
      errorMessage: 'string',
      requestId: 'string',
      employerName: 'string',
    });
    for (const name of ['SmileAccountEvent', 'SmileAccountErrorEvent', 'SmileUploadsEvent', 'SmileUIEvent', 'SmileTheme']) {
      assert.match(types, new RegExp(`export interface ${name}\\b`));
    }
  });
});

describe('loading', () => {
  it('the shipped shim is at most 3 KiB gzip', async (t) => {
    const { code, minified } = await buildShim();
    if (!minified) return t.skip('terser is not installed, so the shim would ship unminified');
    const size = gzipSync(code, { level: 9 }).length;
    assert.ok(size <= 3072, `${size} bytes gzip`);
  });

  it('the script included twice defines one shim and opens one widget', async () => {
    const page = await partnerPage('/partner-twice.html');
    assert.ok(await page.evaluate(() => window.__first && window.SmileLinkModal === window.__first));
    await make(page, { userToken: TOKEN });
    await page.evaluate(() => window.__modals.a.open());
    await widget(page);
    assert.equal(await frameCount(page), 1);
    await page.close();
  });

  it('preloads the widget on construction so onLoad fires before open()', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    await waitFor(async () => (await calls(page, 'onLoad')).length === 1, 'onLoad');
    assert.equal(await frameShown(page), false, 'hidden until open()');
    await page.evaluate(() => window.__modals.a.open());
    const frame = await widget(page);
    await waitFor(() => frame.evaluate(() => window.__opens === 1), 'the first screen');
    assert.equal(await frameShown(page), true);
    assert.equal((await calls(page, 'onLoad')).length, 1);
    await page.close();
  });
  // A widget page that does not load or start: tests/e2e/shim-failures.test.mjs.
});

describe('open, close and destroy', () => {
  it('open() twice shows one overlay and the first screen once', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    await page.evaluate(() => (window.__modals.a.open(), window.__modals.a.open()));
    const frame = await widget(page);
    await waitFor(async () => (await calls(page, 'onUIEvent')).length >= 1, 'ConsentPageOpened');
    await page.evaluate(() => window.__modals.a.open());
    await sleep(200);
    assert.equal(await frameCount(page), 1);
    assert.equal(await frame.evaluate(() => window.__opens), 1);
    assert.deepEqual((await calls(page, 'onUIEvent')).map((c) => c.arg.eventName), ['ConsentPageOpened']);
    await page.close();
  });

  it('fires onClose exactly once per open() with the reason of each way of closing', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    const openAnd = async (act) => {
      const before = (await closes(page)).length;
      await page.evaluate(() => window.__modals.a.open());
      await waitFor(() => frameShown(page), 'the overlay');
      await act();
      await waitFor(async () => (await closes(page)).length > before, 'onClose');
    };
    const inWidget = (name) => () => page.frameLocator('iframe.smile-wink-frame').getByRole('button', { name }).click();
    await openAnd(inWidget('Close'));
    await openAnd(inWidget('Done'));
    await openAnd(inWidget('Exit'));
    await openAnd(() => page.evaluate(() => window.__modals.a.close()));
    await openAnd(() => page.keyboard.press('Escape'));
    // Escape pressed on the partner page itself (e.g. focus left in the partner's document).
    await openAnd(() => page.evaluate(() => dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))));
    // The widget saying close twice, and close() after it, still fire one onClose.
    await openAnd(async () => {
      await frame.evaluate(() => (window.__stub.send('close', { reason: 'exit' }), window.__stub.send('close', { reason: 'exit' })));
      await sleep(100);
      await page.evaluate(() => window.__modals.a.close());
    });
    await sleep(200);
    assert.deepEqual(await closes(page), ['close', 'exit', 'error', 'close', 'close', 'close', 'exit']);
    assert.equal(await frameCount(page), 1);
    assert.equal(await frameShown(page), false);
    await page.close();
  });

  it('close() when not open fires nothing, and a reopened widget starts again from its first screen', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.close());
    await page.evaluate(() => window.__modals.a.open());
    await page.evaluate(() => window.__modals.a.close());
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(() => frame.evaluate(() => window.__opens === 2), 'the second open');
    assert.deepEqual(await closes(page), ['close']);
    await waitFor(async () => (await calls(page, 'onUIEvent')).length === 2, 'a ConsentPageOpened per open');
    const told = await frame.evaluate(() => window.__received.map((m) => m.type));
    assert.deepEqual(told, ['init', 'open', 'close', 'open']);
    await page.close();
  });

  it('destroy() while open fires onClose once, removes the iframe and makes every method a safe no-op', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    await widget(page);
    const nodesBefore = await page.evaluate(() => document.getElementsByTagName('*').length);
    await page.evaluate(() => window.__modals.a.open());
    await page.evaluate(() => window.__modals.a.destroy());
    assert.equal(await frameCount(page), 0);
    assert.deepEqual(await closes(page), ['close']);
    const thrown = await page.evaluate(() => {
      const m = window.__modals.a;
      try {
        m.destroy();
        m.close();
        m.open();
        m.open();
        m.destroy();
      } catch (e) {
        return String(e);
      }
      return null;
    });
    assert.equal(thrown, null);
    await sleep(200);
    assert.equal(await frameCount(page), 0);
    assert.deepEqual(await closes(page), ['close']);
    assert.equal(await page.evaluate(() => document.getElementsByTagName('*').length), nodesBefore - 1);
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1, 'the page is interactive again');
    assert.ok(page.consoleMessages.some((m) => m.type === 'warning' && /after destroy/.test(m.text)));
    await page.close();
  });

  it('an iframe removed by the partner page is replaced by a fresh one on the next open()', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    await widget(page);
    await page.evaluate(() => document.querySelector('iframe.smile-wink-frame').remove());
    await page.evaluate(() => window.__modals.a.close());
    await page.evaluate(() => window.__modals.a.open());
    const frame = await widget(page);
    await waitFor(() => frame.evaluate(() => window.__opens === 1), 'the first screen in the new iframe');
    assert.equal(await frameCount(page), 1);
    assert.equal(await frameShown(page), true);
    await page.close();
  });

  it('two instances on one page do not disturb each other', async () => {
    const page = await partnerPage();
    const channelOf = async (frame) => frame.evaluate(() => window.__stub.channel);
    await make(page, { userToken: TOKEN }, { tag: 'a' });
    const aChannel = await channelOf(await widget(page));
    await make(page, { userToken: 'tk-sandbox-other' }, { tag: 'b' });
    assert.equal(await frameCount(page), 1, "b's preload parks a's idle one");
    const bChannel = await channelOf(await widget(page));
    assert.notEqual(aChannel, bChannel);
    await page.evaluate(() => window.__modals.a.open());
    const a = await widget(page);
    assert.equal(await channelOf(a), aChannel, 'a parked, then opened in a fresh frame on its own channel');
    await waitFor(() => a.evaluate(() => window.__opens === 1), 'a open');
    await a.evaluate(() => window.__stub.send('close', { reason: 'exit' }));
    await waitFor(async () => (await closes(page, 'a')).length === 1, 'a closed');
    await page.evaluate(() => window.__modals.b.open());
    const b = await widget(page);
    assert.equal(await channelOf(b), bChannel);
    await waitFor(() => b.evaluate(() => window.__opens === 1), 'b open');
    // An open instance keeps its frame when another is constructed beside it.
    await make(page, { userToken: 'tk-sandbox-third' }, { tag: 'c' });
    assert.equal(await frameCount(page), 2);
    await page.evaluate(() => (window.__modals.a.destroy(), window.__modals.c.destroy()));
    assert.equal(await frameCount(page), 1, "destroying a and c leaves b's iframe");
    assert.equal(await frameShown(page), true, 'b stays open');
    await b.evaluate(() => window.__stub.send('close', { reason: 'close' }));
    await waitFor(async () => (await closes(page, 'b')).length === 1, 'b closed');
    assert.deepEqual(await closes(page, 'a'), ['exit']);
    assert.deepEqual(await closes(page, 'c'), []);
    const events = await calls(page, 'onUIEvent');
    assert.deepEqual(events.map((c) => c.tag), ['a', 'b']);
    await page.close();
  });

  it('20 open/close cycles leave no extra nodes, listeners or iframes', async () => {
    const page = await partnerPage();
    const cdp = await page.context().newCDPSession(page);
    const listeners = async () => {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: "['keydown','message'].map((t) => (getEventListeners(window)[t] || []).length).join()",
        includeCommandLineAPI: true,
        returnByValue: true,
      });
      return result.value;
    };
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    const before = { nodes: await page.evaluate(() => document.getElementsByTagName('*').length), listeners: await listeners() };
    for (let i = 0; i < 20; i++) {
      await page.evaluate(() => window.__modals.a.open());
      if (i % 2) await page.evaluate(() => window.__modals.a.close());
      else await frame.evaluate(() => window.__stub.send('close', { reason: 'close' }));
      await waitFor(async () => (await closes(page)).length === i + 1, `close ${i + 1}`);
    }
    assert.equal(await page.evaluate(() => document.getElementsByTagName('*').length), before.nodes);
    assert.equal(await listeners(), before.listeners);
    assert.equal(await frameCount(page), 1);
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1);
    await page.close();
  });
});

describe('one launch, one instance', () => {
  /** Every listener on `window` (from every script and world), by type, as DevTools sees them. */
  async function windowListeners(cdp) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return listeners.map((l) => l.type).sort();
  }

  /** A launch as the documents write it: a new instance, open(), and the user closing the widget. */
  async function launch(page, tag, closeBy) {
    await make(page, { userToken: TOKEN }, { tag });
    await page.evaluate((t) => window.__modals[t].open(), tag);
    // A modal frame is the body's last child; an inline one, if any, comes earlier in the page.
    const frame = await widget(page, -1);
    await waitFor(() => frame.evaluate(() => window.__opens === 1), `${tag} showing its first screen`);
    if (closeBy === 'widget') await page.frameLocator('iframe.smile-wink-frame >> nth=-1').getByRole('button', { name: 'Close' }).click();
    else if (closeBy === 'escape') await page.keyboard.press('Escape');
    else await page.evaluate((t) => window.__modals[t].close(), tag);
    await waitFor(async () => (await closes(page, tag)).length === 1, `${tag} closed`);
  }

  it('20 launches that never destroy() leave one iframe and no extra node or window listener', async () => {
    const page = await partnerPage();
    const cdp = await page.context().newCDPSession(page);
    const snapshot = async () => ({
      frames: await frameCount(page),
      nodes: await page.evaluate(() => document.getElementsByTagName('*').length),
      sheets: await page.evaluate(() => document.adoptedStyleSheets.length),
      listeners: await windowListeners(cdp),
    });
    await launch(page, 'launch1', 'widget');
    const afterOne = await snapshot();
    assert.equal(afterOne.frames, 1);
    assert.ok(afterOne.listeners.includes('message'), afterOne.listeners.join());
    assert.ok(!afterOne.listeners.includes('keydown'), 'no Escape listener while closed');
    for (let i = 2; i <= 20; i++) await launch(page, `launch${i}`, ['widget', 'escape', 'close'][i % 3]);
    assert.deepEqual(await snapshot(), afterOne);
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1, 'the page is interactive again');

    // The first instance, parked long ago, still opens, in a fresh frame that speaks to it alone.
    await page.evaluate(() => window.__modals.launch1.open());
    const frame = await widget(page);
    await waitFor(() => frame.evaluate(() => window.__opens === 1), 'the parked instance showing its first screen');
    assert.equal(await frameCount(page), 1, 'the newest instance, closed, gave its frame up in turn');
    assert.equal(await frameShown(page), true);
    const init = await frame.evaluate(() => window.__received.find((m) => m.type === 'init'));
    assert.equal(init.payload.token, TOKEN);
    await waitFor(async () => (await calls(page, 'onUIEvent')).filter((c) => c.tag === 'launch1').length === 2, "launch1's screen");
    await page.frameLocator('iframe.smile-wink-frame').getByRole('button', { name: 'Done' }).click();
    await waitFor(async () => (await closes(page, 'launch1')).length === 2, 'launch1 closed again');
    assert.deepEqual(await closes(page, 'launch1'), ['close', 'exit']);
    assert.deepEqual(await closes(page, 'launch20'), ['close'], 'parking fires no onClose');
    assert.deepEqual(await snapshot(), afterOne);
    await cdp.detach();
    await page.close();
  });

  it('an inline instance keeps its frame while modal ones come and go; destroy() removes every listener', async () => {
    const page = await partnerPage();
    const cdp = await page.context().newCDPSession(page);
    // Playwright adds listeners of its own once it drives the mouse and keyboard: compare the shim's kinds only.
    const shimKinds = async () => (await windowListeners(cdp)).filter((type) => type === 'message' || type === 'keydown');
    const baseline = await shimKinds();
    await make(page, { userToken: TOKEN, container: '#slot' }, { tag: 'inline' });
    const inline = await widget(page);
    await launch(page, 'm1', 'close');
    await launch(page, 'm2', 'escape');
    assert.equal(await page.locator('#slot > iframe.smile-wink-frame').count(), 1);
    assert.equal(await frameCount(page), 2);
    assert.equal(await inline.evaluate(() => window.__received.filter((m) => m.type === 'init').length), 1, 'never reloaded');
    await page.evaluate(() => ['inline', 'm1', 'm2'].forEach((t) => window.__modals[t].destroy()));
    assert.equal(await frameCount(page), 0);
    assert.deepEqual(await shimKinds(), baseline);
    await cdp.detach();
    await page.close();
  });
});

describe('the partner page beneath', () => {
  it('is inert and hidden from screen readers while open, with every attribute restored exactly on close', async () => {
    const page = await partnerPage();
    const snapshot = () =>
      page.evaluate(() =>
        [...document.body.children].filter((e) => !e.classList.contains('smile-wink-frame'))
          .map((e) => `${e.tagName}#${e.id} inert=${e.hasAttribute('inert')} aria-hidden=${e.getAttribute('aria-hidden')}`));
    const original = await snapshot();
    await make(page, { userToken: TOKEN });
    await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    const whileOpen = await snapshot();
    assert.ok(whileOpen.every((s) => s.endsWith('inert=true aria-hidden=true')), whileOpen.join('\n'));
    assert.equal(await page.locator('iframe.smile-wink-frame').evaluate((f) => f.closest('[inert]')), null);
    // Keyboard and pointer cannot reach the partner's controls.
    await page.evaluate(() => document.getElementById('name').focus());
    assert.notEqual(await page.evaluate(() => document.activeElement.id), 'name');
    const tree = await page.locator('body').ariaSnapshot();
    assert.ok(!tree.includes('Acme Lending'), tree);
    await page.evaluate(() => window.__modals.a.close());
    assert.deepEqual(await snapshot(), original);
    await page.evaluate(() => document.getElementById('name').focus());
    assert.equal(await page.evaluate(() => document.activeElement.id), 'name');
    await page.close();
  });

  it('gets back its scroll position, body styles and focus exactly', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    const state = () =>
      page.evaluate(() => ({
        y: Math.round(scrollY),
        bodyStyle: document.body.getAttribute('style'),
        htmlClass: document.documentElement.getAttribute('class'),
        overflow: getComputedStyle(document.body).overflow + '/' + getComputedStyle(document.documentElement).overflow,
        focus: document.activeElement.id,
      }));
    await page.evaluate(() => {
      document.body.style.overflowX = 'auto';
      document.body.style.color = 'rgb(1, 2, 3)';
      document.getElementById('connect').focus({ preventScroll: true });
      scrollTo(0, 1200);
    });
    const before = await state();
    assert.ok(before.y > 1000, `scrolled down (${before.y})`);
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(() => frame.evaluate(() => window.__opens === 1), 'open');
    const during = await page.evaluate(() => getComputedStyle(document.documentElement).overflow);
    assert.equal(during, 'hidden', 'the page behind does not scroll');
    const openY = await page.evaluate(() => Math.round(scrollY));
    await page.mouse.wheel(0, 800);
    await sleep(100);
    assert.equal(await page.evaluate(() => Math.round(scrollY)), openY, 'the wheel does not scroll the page behind');
    await page.frameLocator('iframe.smile-wink-frame').getByRole('button', { name: 'Close' }).click();
    await waitFor(async () => (await closes(page)).length === 1, 'onClose');
    assert.deepEqual(await state(), before);
    await page.close();
  });

  it('works under a strict CSP: no style attribute, no <style> element and no violation', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    const open = await page.locator('iframe.smile-wink-frame').evaluate((f) => {
      const s = getComputedStyle(f);
      return `${s.position} opacity ${s.opacity} ${f.getBoundingClientRect().width}x${f.getBoundingClientRect().height}`;
    });
    assert.equal(open, 'fixed opacity 1 1280x800');
    await page.evaluate(() => window.__modals.a.close());
    assert.equal(await page.locator('iframe.smile-wink-frame').evaluate((f) => `${getComputedStyle(f).opacity} ${f.inert}`), '0 true');
    assert.equal(await page.locator('style, [style]').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'pageerror'), []);
    await page.close();
  });

  it('without constructed stylesheets, styles through the CSSOM and still restores the page exactly', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.CSSStyleSheet = undefined;
    });
    await page.goto(partner.origin + '/');
    await make(page, { userToken: TOKEN });
    await widget(page);
    const html = () => page.evaluate(() => [document.documentElement.getAttribute('style'), document.documentElement.getAttribute('class')]);
    const before = await html();
    const look = () => page.locator('iframe.smile-wink-frame').evaluate((f) => `${getComputedStyle(f).position} opacity ${getComputedStyle(f).opacity}`);
    assert.equal(await look(), 'fixed opacity 0');
    await page.evaluate(() => window.__modals.a.open());
    assert.equal(await look(), 'fixed opacity 1');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'hidden');
    await page.evaluate(() => window.__modals.a.close());
    assert.equal(await look(), 'fixed opacity 0');
    assert.deepEqual(await html(), before);
    assert.equal(await page.locator('style').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    await page.close();
  });

  it('renders inline in a container without making the page inert', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN, container: '#slot' });
    const frame = await widget(page);
    const init = await frame.evaluate(() => window.__received.find((m) => m.type === 'init'));
    assert.equal(init.payload.options.inline, true);
    await page.evaluate(() => window.__modals.a.open());
    assert.equal(await frameShown(page, '#slot > iframe.smile-wink-frame'), true);
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1);
    await page.evaluate(() => window.__modals.a.destroy());
    assert.equal(await page.locator('#slot').innerHTML(), '');
    assert.deepEqual(await closes(page), ['close']);
    await page.close();
  });
});

describe('messages and callbacks', () => {
  it('ignores messages replayed from another window, forged by the page, or off-protocol', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(async () => (await calls(page, 'onUIEvent')).length === 1, 'the first screen');
    const channel = await frame.evaluate(() => window.__stub.channel);
    const base = { source: 'smile-wink', version: 1, channel };
    const legit = [
      { ...base, type: 'callback', payload: { name: 'onAccountConnected', payload: { accountId: 'a-1', userId: 'u', providerId: 'grab' } } },
      { ...base, type: 'close', payload: { reason: 'exit' } },
      { ...base, type: 'loaded', payload: {} },
      { ...base, type: 'tokenExpired', payload: {} },
      { ...base, type: 'bootError', payload: {} },
    ];
    const before = (await calls(page)).length;
    // A second window on the widget's own origin replays legitimate messages with the right channel.
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      f.id = 'forger';
      document.body.append(f);
    }, stub.origin + '/forger.html');
    const forger = await waitFor(async () => {
      const f = await (await page.$('#forger'))?.contentFrame();
      return f && (await f.evaluate(() => typeof window.__post === 'function').catch(() => false)) && f;
    }, 'the forger frame');
    await forger.evaluate(([ms, origin]) => ms.forEach((m) => window.__post(m, origin)), [legit, partner.origin]);
    // The partner page itself (or any script on it) posting the same messages.
    await page.evaluate((ms) => ms.forEach((m) => window.postMessage(m, '*')), legit);
    // The real widget frame, but off-protocol: wrong channel, wrong version, callbacks that are not callbacks.
    await frame.evaluate((ch) => {
      const p = (m) => parent.postMessage(m, window.__stub.parentOrigin);
      const base = { source: 'smile-wink', version: 1, channel: ch };
      p({ ...base, channel: 'f'.repeat(32), type: 'close', payload: { reason: 'exit' } });
      p({ ...base, version: 2, type: 'close', payload: { reason: 'exit' } });
      p({ ...base, source: 'other', type: 'close', payload: { reason: 'exit' } });
      p({ ...base, channel: 'f'.repeat(32), type: 'bootError', payload: {} });
      p({ ...base, version: 2, type: 'bootError', payload: {} });
      for (const name of ['onClose', 'onTokenExpired', 'onLoad', 'constructor', '__proto__', 'toString', 'open', 'destroy']) {
        p({ ...base, type: 'callback', payload: { name, payload: { reason: 'exit' } } });
      }
    }, channel);
    await sleep(300);
    assert.deepEqual((await calls(page)).slice(before), []);
    assert.equal(await frameShown(page), true, 'still open');
    // The same message from the widget frame itself is heard, so the silence above is the shim's doing.
    await frame.evaluate((m) => parent.postMessage(m, window.__stub.parentOrigin), legit[0]);
    await waitFor(async () => (await calls(page, 'onAccountConnected')).length === 1, 'the legitimate callback');
    await page.close();
  });

  it('passes callback payloads through as received, in order', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    const sent = [
      ['onAccountCreated', { accountId: 'a-1', userId: 'u-1', providerId: 'upwork' }],
      ['onAccountConnected', { accountId: 'a-1', userId: 'u-1', providerId: 'upwork' }],
      ['onAccountError', { accountId: 'a-2', userId: 'u-1', providerId: 'grab', errorCode: 'ACCOUNT_LOCKED' }],
      ['onAccountRemoved', { accountId: 'a-1', userId: 'u-1', providerId: 'upwork' }],
      ['onUploadsCreated', { uploads: [{ id: 'u-9', rawFiles: [] }], userId: 'u-1' }],
      ['onUploadsRemoved', { uploads: [{ id: 'u-9', rawFiles: [] }], userId: 'u-1' }],
    ];
    await frame.evaluate((s) => s.forEach(([name, payload]) => window.__stub.send('callback', { name, payload })), sent);
    await waitFor(async () => (await calls(page)).length >= 8, 'the callbacks');
    const got = (await calls(page)).filter((c) => !['onLoad', 'onUIEvent'].includes(c.name)).map((c) => [c.name, c.arg]);
    assert.deepEqual(got, sent);
    await page.close();
  });

  it('a callback that throws is reported on the console and breaks nothing', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN }, { throwIn: ['onLoad', 'onUIEvent', 'onClose'] });
    const frame = await widget(page);
    for (let round = 1; round <= 2; round++) {
      await page.evaluate(() => window.__modals.a.open());
      await waitFor(async () => (await calls(page, 'onUIEvent')).length === round, 'onUIEvent');
      await frame.evaluate(() => window.__stub.send('close', { reason: 'exit' }));
      await waitFor(async () => (await closes(page)).length === round, 'onClose');
      assert.equal(await frameShown(page), false);
    }
    const errors = page.consoleMessages.filter((m) => m.type === 'error').map((m) => m.text);
    for (const name of ['onLoad', 'onUIEvent', 'onClose']) assert.ok(errors.some((e) => e.includes(`${name} threw`)), name);
    assert.equal(page.consoleMessages.filter((m) => m.type === 'pageerror').length, 0);
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 1);
    await page.close();
  });

  it('onTokenExpired gets updateToken, which posts a validated new token; handlers without a parameter still work', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    await frame.evaluate(() => window.__stub.send('tokenExpired'));
    await waitFor(async () => (await calls(page, 'onTokenExpired')).length === 1, 'onTokenExpired');
    assert.deepEqual((await calls(page, 'onTokenExpired'))[0].arg, { function: 1 });
    const bad = await page.evaluate(() => {
      try {
        window.__updateToken(42);
      } catch (e) {
        return e.name;
      }
    });
    assert.equal(bad, 'TypeError');
    await page.evaluate(() => window.__updateToken('tk-sandbox-fresh'));
    await waitFor(() => frame.evaluate(() => window.__received.some((m) => m.type === 'updateToken')), 'updateToken');
    const update = await frame.evaluate(() => window.__received.filter((m) => m.type === 'updateToken').map((m) => m.payload));
    assert.deepEqual(update, [{ token: 'tk-sandbox-fresh' }]);

    // A v2-style handler that takes no argument.
    await page.evaluate((t) => {
      window.__noArg = 0;
      window.__v2 = new SmileLinkModal({ userToken: t, onTokenExpired: () => window.__noArg++ });
    }, TOKEN);
    const v2 = await widget(page, 1);
    await v2.evaluate(() => window.__stub.send('tokenExpired'));
    await waitFor(() => page.evaluate(() => window.__noArg === 1), 'the v2 handler');
    await page.close();
  });

  it('onClose tells the last screen shown and only the known error fields of the page, as strings', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    const openAndClose = async (close) => {
      const before = (await closes(page)).length;
      const opens = await frame.evaluate(() => window.__opens);
      await page.evaluate(() => window.__modals.a.open());
      await waitFor(() => frame.evaluate((n) => window.__opens === n + 1, opens), 'the widget open');
      await close();
      await waitFor(async () => (await closes(page)).length > before, 'onClose');
      return (await calls(page, 'onClose')).at(-1).arg;
    };

    const failed = await openAndClose(async () => {
      await frame.evaluate(() => {
        window.__stub.uiEvent('ProviderListPageOpened');
        window.__stub.uiEvent('LoginPageOpened');
        window.__stub.send('close', {
          reason: 'error', errorCode: 'SERVER_ERROR', errorMessage: 'The server failed', requestId: 'req-42',
          token: 'tk-sandbox-leak', password: 'hunter2', extra: { nested: 1 },
        });
      });
    });
    assert.deepEqual(failed, {
      reason: 'error', lastScreen: 'LoginPageOpened', errorCode: 'SERVER_ERROR', errorMessage: 'The server failed', requestId: 'req-42',
    });

    // Not strings: left out. The stub's own ConsentPageOpened is the last screen.
    const odd = await openAndClose(async () => {
      await waitFor(async () => (await calls(page, 'onUIEvent')).length === 4, 'ConsentPageOpened');
      await frame.evaluate(() => window.__stub.send('close', { reason: 'exit', errorCode: 5, errorMessage: null, requestId: ['r'] }));
    });
    assert.deepEqual(odd, { reason: 'exit', lastScreen: 'ConsentPageOpened' });

    // The survey with uploads off: its own reason and the name the user gave.
    const unlisted = await openAndClose(async () => {
      await frame.evaluate(() => {
        window.__stub.uiEvent('EmployerSurveyPageOpened');
        window.__stub.send('close', { reason: 'employer_not_listed', employerName: 'Kopi Corner Cebu' });
      });
    });
    assert.deepEqual(unlisted, {
      reason: 'employer_not_listed', lastScreen: 'EmployerSurveyPageOpened', employerName: 'Kopi Corner Cebu',
    });

    // A new open() forgets the last one's screens; the partner's close() has no error fields.
    await frame.evaluate(() => (window.__stub.quiet = true));
    const quiet = await openAndClose(() => page.evaluate(() => window.__modals.a.close()));
    assert.deepEqual(quiet, { reason: 'close', lastScreen: null });
    await page.close();
  });

  it('tokenExpired with no onTokenExpired handler is answered with tokenUnavailable at once', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN }, { only: ['onLoad', 'onClose', 'onUIEvent'] });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    await frame.evaluate(() => window.__stub.send('tokenExpired'));
    await waitFor(() => frame.evaluate(() => window.__received.some((m) => m.type === 'tokenUnavailable')), 'tokenUnavailable', 2_000);
    const answers = await frame.evaluate(() => window.__received.filter((m) => !['init', 'open'].includes(m.type)));
    assert.deepEqual(answers.map((m) => [m.type, m.payload]), [['tokenUnavailable', {}]]);
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'pageerror'), []);
    await page.close();
  });

  it('with an onTokenExpired handler the shim sends no tokenUnavailable, and a late updateToken still arrives', async () => {
    const page = await partnerPage();
    await make(page, { userToken: TOKEN });
    const frame = await widget(page);
    await page.evaluate(() => window.__modals.a.open());
    await frame.evaluate(() => window.__stub.send('tokenExpired'));
    await waitFor(async () => (await calls(page, 'onTokenExpired')).length === 1, 'onTokenExpired');
    await sleep(500);
    const types = () => frame.evaluate(() => window.__received.map((m) => m.type));
    assert.deepEqual(await types(), ['init', 'open']);
    // However late the partner's server answers: the widget page decides whether it still waits.
    await page.evaluate(() => window.__updateToken('tk-sandbox-late'));
    await waitFor(async () => (await types()).includes('updateToken'), 'updateToken');
    const update = await frame.evaluate(() => window.__received.find((m) => m.type === 'updateToken'));
    assert.deepEqual(update.payload, { token: 'tk-sandbox-late' });
    await page.close();
  });
});
