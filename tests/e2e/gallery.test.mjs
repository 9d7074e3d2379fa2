// The widget as partners and users in every language see it: inline in a partner's own element, dark mode, the
// page's language; and, with E2E_SCREENSHOTS=1, the gallery of docs/screenshots/ in each locale, in dark mode and
// inline. The screenshot run also prints what it measured on each screen (horizontal scroll, clipped or
// overflowing elements, English text left in another language, low contrast) as test diagnostics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, launchBrowser, make, screenshot, sleep, startPartner, startSandbox, waitFor } from './harness.mjs';
import { LocalizedSteps, Widget, localeStrings } from './screens.mjs';

const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
const CODE = '1234';
const LOCALES = ['en', 'zh-CN', 'id', 'fil', 'vi', 'th'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const T = 10_000;

let sandbox, partner, browser;

before(async () => {
  sandbox = await startSandbox();
  partner = await startPartner(sandbox.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await partner?.close();
  await sandbox?.stop();
});

/** A partner page (`path` on the partner origin) with a fresh user's token and an open widget. */
async function openWidget(options = {}, { path = '/', viewport, colorScheme } = {}) {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(partner.origin + path);
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token, userId } = await sandbox.mintToken();
  await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options });
  await page.evaluate(() => window.__modals.a.open());
  return { page, widget: new Widget(page), userId };
}

/** WCAG relative luminance of a CSS `rgb()`/`rgba()` colour. */
function luminance(css) {
  const m = css.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/);
  assert.ok(m, `a colour: ${css}`);
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const modalBackground = (widget) => widget.frame.locator('.wink-modal').evaluate((el) => getComputedStyle(el).backgroundColor);

describe('inline in the partner page', () => {
  it("container: '#slot' renders the widget in the partner's element, leaves the page usable, and connects Grab there", async () => {
    const { page, widget, userId } = await openWidget({ container: '#slot' }, { path: '/partner-inline.html', viewport: DESKTOP });
    await widget.waitForEvent('ConsentPageOpened');
    const placed = await page.evaluate(() => {
      const frame = document.querySelector('iframe.smile-wink-frame');
      const slot = document.getElementById('slot');
      const [f, s] = [frame.getBoundingClientRect(), slot.getBoundingClientRect()];
      return {
        frames: document.querySelectorAll('iframe.smile-wink-frame').length,
        parent: frame.parentElement.id,
        position: getComputedStyle(frame).position,
        inside: f.left >= s.left - 1 && f.top >= s.top - 1 && f.right <= s.right + 1 && f.bottom <= s.bottom + 1,
        width: f.width,
        height: f.height,
        inert: document.querySelectorAll('[inert]:not(.smile-wink-frame)').length,
        hidden: document.querySelectorAll('[aria-hidden="true"]').length,
        locked: document.documentElement.classList.contains('smile-wink-lock'),
      };
    });
    assert.deepEqual(placed.frames, 1);
    assert.equal(placed.parent, 'slot', 'the iframe is a child of the container');
    assert.notEqual(placed.position, 'fixed', 'not a full-viewport overlay');
    assert.ok(placed.inside, 'the iframe lies within the container');
    assert.ok(placed.width < DESKTOP.width / 2 && placed.height < DESKTOP.height, `the iframe is the slot's size, not the viewport's: ${placed.width}x${placed.height}`);
    assert.equal(placed.inert, 0, 'nothing on the page is made inert');
    assert.equal(placed.hidden, 0, 'nothing on the page is hidden from assistive technology');
    assert.equal(placed.locked, false, 'the page keeps its scrolling');
    // The partner's own field still takes input while the widget is open.
    await page.locator('#name').fill('George', { timeout: 2_000 });
    assert.equal(await page.locator('#name').inputValue(), 'George');
    await widget.dialog.waitFor({ timeout: T });
    assert.equal(await widget.dialog.getAttribute('aria-modal'), null, 'an inline dialog is not modal');

    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    await widget.providers.choose('Grab');
    await widget.waitForEvent('LoginOptionsPageOpened');
    await widget.loginOptions.choose('Email');
    await widget.waitForEvent('LoginPageOpened');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await widget.success.shows('Account connected');
    const connected = await calls(page, 'onAccountConnected');
    assert.equal(connected.length, 1);
    assert.equal(connected[0].arg.providerId, 'grab');
    assert.equal(connected[0].arg.userId, userId);
    assert.equal(await page.evaluate(() => document.querySelector('iframe.smile-wink-frame').parentElement.id), 'slot');
    assert.equal(await page.locator('[inert]:not(.smile-wink-frame)').count(), 0);
    await page.close();
  });
});

describe('dark mode', () => {
  for (const [what, theme, colorScheme, dark] of [
    ["colorScheme: 'dark'", { colorScheme: 'dark' }, undefined, true],
    ["colorScheme: 'auto' with a dark system", { colorScheme: 'auto' }, 'dark', true],
    ["colorScheme: 'auto' with a light system", { colorScheme: 'auto' }, 'light', false],
  ]) {
    it(`${what} gives a ${dark ? 'dark' : 'light'} widget`, async () => {
      const { page, widget } = await openWidget({ theme }, { viewport: PHONE, colorScheme });
      await widget.consent.shows('Connect your employment account');
      const background = await modalBackground(widget);
      const y = luminance(background);
      if (dark) assert.ok(y < 0.2, `.wink-modal background ${background} (luminance ${y.toFixed(3)}) is dark`);
      else assert.ok(y > 0.8, `.wink-modal background ${background} (luminance ${y.toFixed(3)}) is light`);
      await page.close();
    });
  }
});

describe("the page's language", () => {
  it('<html lang> of the widget page is the locale tag, for each locale', async () => {
    await Promise.all(LOCALES.map(async (tag) => {
      const { page, widget } = await openWidget({ locale: tag });
      const steps = new LocalizedSteps(widget, tag);
      await steps.shows('consent_title');
      assert.equal(await widget.frame.locator('html').getAttribute('lang'), tag, `lang for locale ${tag}`);
      await page.close();
    }));
  });
});

/**
 * What can be measured of a screen: horizontal scroll, elements that overflow the viewport or clip their own
 * text, visible English strings in another language, a `lang` other than `tag`, and text with low contrast.
 */
async function audit(widget, tag) {
  const english = tag === 'en' ? [] : (() => {
    const en = localeStrings('en');
    const here = localeStrings(tag);
    const out = [];
    const walk = (a, b) => {
      for (const [k, v] of Object.entries(a)) {
        if (typeof v === 'string' && !/^\{\w+\}$/.test(v) && b?.[k] !== v) out.push(v);
        else if (v && typeof v === 'object') walk(v, b?.[k]);
      }
    };
    walk(en, here);
    return out;
  })();
  return widget.frame.locator('html').evaluate((html, [tag, english]) => {
    const problems = [];
    const W = document.documentElement.clientWidth;
    const H = document.documentElement.clientHeight;
    if (html.getAttribute('lang') !== tag) problems.push(`lang="${html.getAttribute('lang')}", expected "${tag}"`);
    if (document.documentElement.scrollWidth > W + 1) problems.push(`horizontal scroll: page ${document.documentElement.scrollWidth}px wide in ${W}px`);
    const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}` +
      ` "${(el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const visible = (el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1 && !el.closest('.wink-sr-only');
    };
    const parseColor = (c) => {
      const m = c.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
    };
    const lum = ([r, g, b]) => [r, g, b].map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const backgroundOf = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parseColor(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const scrollers = new Set();
    const scrollerOf = (el) => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return e;
      }
      return null;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      // Past the viewport, unless inside a container that scrolls sideways on purpose (reported once, below).
      const scroller = scrollerOf(el);
      if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) scrollers.add(scroller);
      else if (r.right > W + 1 || r.left < -1) problems.push(`${name(el)} extends past the viewport (${Math.round(r.left)}..${Math.round(r.right)} of ${W})`);
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (ownText && el.scrollWidth > el.clientWidth + 1 && ['hidden', 'clip'].includes(s.overflowX)) {
        problems.push(`${name(el)} clips its text (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
      if (ownText && r.bottom > 0 && r.top < H) {
        const fg = parseColor(s.color);
        const bg = backgroundOf(el);
        if (fg) {
          const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
          const ratio = (a + 0.05) / (b + 0.05);
          const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
          const disabled = el.closest('[disabled], [aria-disabled="true"]');
          if (!disabled && ratio < (large ? 3 : 4.5)) problems.push(`${name(el)} contrast ${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
        }
      }
    }
    for (const el of scrollers) {
      const hidden = [...el.children].filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 1);
      problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px, ${hidden.length} of ${el.children.length} items start or run past its edge` +
        ` (${hidden.map((c) => `"${c.innerText.trim()}"`).join(', ')})`);
    }
    if (english.length) {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent.trim();
        if (text && english.includes(text) && n.parentElement && visible(n.parentElement)) problems.push(`English text "${text}"`);
      }
      for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title]')) {
        for (const attr of ['aria-label', 'placeholder', 'title']) {
          const v = el.getAttribute(attr);
          if (v && english.includes(v.trim())) problems.push(`English ${attr}="${v}" on ${el.tagName.toLowerCase()}`);
        }
      }
    }
    return [...new Set(problems)];
  }, [tag, english]);
}

describe('screenshots', { skip: process.env.E2E_SCREENSHOTS !== '1' && 'set E2E_SCREENSHOTS=1 to save them' }, () => {
  /**
   * Consent, providers, login options, login, MFA (Upwork by email), success and error (a locked Grab account) in
   * `tag`, at phone width, saved as `${screen}-phone${suffix}.png`; what `audit` found goes to the diagnostics.
   */
  async function gallery(t, tag, suffix, options = {}, colorScheme) {
    const found = [];
    const shoot = async (page, widget, screen) => {
      // The pointer rests where it last clicked: move it off the widget's controls so no row shows its hover.
      await page.mouse.move(2, PHONE.height / 2);
      await sleep(250);
      for (const p of await audit(widget, tag)) found.push(`${screen}-phone${suffix}: ${p}`);
      await screenshot(page, `${screen}-phone${suffix}`);
    };
    const { page, widget } = await openWidget({ locale: tag, ...options }, { viewport: PHONE, colorScheme });
    const steps = new LocalizedSteps(widget, tag);
    await widget.waitForEvent('ConsentPageOpened');
    await steps.shows('consent_title');
    await shoot(page, widget, 'consent');
    await steps.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    await steps.shows('providers_title');
    await widget.providers.entry('ADP').waitFor({ timeout: T });
    await shoot(page, widget, 'providers');
    await steps.chooseProvider('Upwork');
    await widget.waitForEvent('LoginOptionsPageOpened');
    await steps.shows('login_options_title', { provider: 'Upwork' });
    await shoot(page, widget, 'login-options');
    await steps.chooseLoginOption('Email');
    await widget.waitForEvent('LoginPageOpened');
    await steps.shows('login_title', { provider: 'Upwork' });
    await shoot(page, widget, 'login');
    await steps.submitLogin({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('MfaPageOpened');
    await steps.shows('mfa_title');
    await shoot(page, widget, 'mfa');
    await steps.submitMfa(CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await steps.shows('success_title');
    await shoot(page, widget, 'success');
    await page.close();

    const failed = await openWidget({ locale: tag, ...options }, { viewport: PHONE, colorScheme });
    const failing = new LocalizedSteps(failed.widget, tag);
    await failed.widget.waitForEvent('ConsentPageOpened');
    await failing.continue();
    await failed.widget.waitForEvent('ProviderListPageOpened');
    await failing.chooseProvider('Grab');
    await failed.widget.waitForEvent('LoginOptionsPageOpened');
    await failing.chooseLoginOption('Email');
    await failed.widget.waitForEvent('LoginPageOpened');
    await failing.submitLogin({ Email: 'error_ACCOUNT_LOCKED@smileapi.io', Password: 'x' });
    await failing.errorCode('ACCOUNT_LOCKED').waitFor({ timeout: T });
    await shoot(failed.page, failed.widget, 'error');
    await failed.page.close();
    for (const line of found) t.diagnostic(line);
  }

  for (const tag of LOCALES.filter((l) => l !== 'en')) {
    it(`saves the main screens in ${tag} at phone width`, (t) => gallery(t, tag, `-${tag}`));
  }

  it('saves the main screens in dark mode at phone width', (t) => gallery(t, 'en', '-dark', { theme: { colorScheme: 'dark' } }));

  it('saves the widget inline in a partner page at desktop width', async (t) => {
    const { page, widget } = await openWidget({ container: '#slot' }, { path: '/partner-inline.html', viewport: DESKTOP });
    await widget.consent.shows('Connect your employment account');
    await page.mouse.move(2, DESKTOP.height - 2);
    await sleep(250);
    for (const p of await audit(widget, 'en')) t.diagnostic(`inline-desktop: ${p}`);
    await screenshot(page, 'inline-desktop');
    await page.close();
  });
});
