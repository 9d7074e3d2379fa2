// What the API sends is data, never markup or a trap: provider names, login labels, field patterns and error
// messages carrying HTML, script or a catastrophically backtracking regular expression (put there with the
// sandbox's rewrite fault rule) show as inert text, run nothing, and keep the widget responsive. Also the widget
// page's strict Content-Security-Policy, kept under test, and no policy violation during a flow.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, calls, launchBrowser, startPartner, startSandbox, waitFor } from './harness.mjs';
import { GEORGE, T, launch, newContext, toLogin, toProviders } from './steps.mjs';

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

afterEach(() => sandbox.clearFaults());

const MARKUP = (id) => `<img id="${id}" src="x" onerror="top.__pwned='${id}'"><script>top.__pwned='${id}'</script>`;

/** Nothing of `ids` became an element, no inline handler exists, and no script ran in any frame. */
async function assertInert(ctx, ids) {
  const frame = await ctx.widget.contentFrame();
  const found = await frame.evaluate((list) => ({
    elements: list.filter((id) => document.getElementById(id)),
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    inline: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    ran: window.__pwned || null,
  }), ids);
  assert.deepEqual(found, { elements: [], handlers: 0, inline: 0, ran: null });
  assert.equal(await ctx.page.evaluate(() => window.__pwned || null), null);
}

describe('markup and traps from the API', () => {
  it('a provider name with HTML and script shows as its text in the list', async () => {
    const ctx = await newContext(browser, sandbox, partner);
    await launch(ctx);
    await ctx.widget.waitForEvent('ConsentPageOpened');
    const name = `ADP ${MARKUP('pwned-name')}`;
    await sandbox.setFaults([{ kind: 'rewrite', method: 'GET', path: '/v1/providers', pointer: '/data/items/0/name', value: name, times: 5 }]);
    await ctx.widget.consent.continue();
    await ctx.widget.waitForEvent('ProviderListPageOpened');
    const frame = await ctx.widget.contentFrame();
    await waitFor(() => frame.evaluate(() => document.body.innerText.includes('ADP <img id="pwned-name" src="x"')),
      'the name, markup and all, as text', T);
    await assertInert(ctx, ['pwned-name']);
    await ctx.page.close();
  });

  it('a field pattern that backtracks catastrophically (^(a+)+$ against forty a and a !): Connect still answers at once', async () => {
    const ctx = await newContext(browser, sandbox, partner);
    // Grab's first login option (mobile number) and its first field, as the single provider's detail gives them.
    await sandbox.setFaults([
      { kind: 'rewrite', method: 'GET', path: '/v1/providers/grab', pointer: '/data/login/authTypes/1/fields/0/pattern', value: '^(a+)+$', times: 1 },
    ]);
    await launch(ctx, { providers: ['grab'], enableConsentPage: false });
    await ctx.widget.waitForEvent('LoginOptionsPageOpened');
    await ctx.widget.loginOptions.choose('Email');
    await ctx.widget.waitForEvent('LoginPageOpened');
    const email = ctx.widget.frame.getByLabel('Email', { exact: true });
    const evil = `${'a'.repeat(40)}!`;
    try {
      const started = Date.now();
      await email.fill(evil, { timeout: T });
      await ctx.widget.frame.getByLabel('Password', { exact: true }).fill(GEORGE.password, { timeout: T });
      await ctx.widget.login.button('Connect').click({ timeout: 5_000 });
      // Either the field is refused by its pattern or the login goes on: within a second or two, not minutes.
      await waitFor(async () => (await ctx.widget.frame.getByRole('alert').count()) > 0 ||
        (await calls(ctx.page, 'onUIEvent')).some((c) => !['LoginPageOpened', 'LoginOptionsPageOpened'].includes(c.arg.eventName)),
      'an answer to Connect', 5_000);
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    } finally {
      // A page stuck in a regular expression burns a core until it is closed.
      await ctx.page.close();
    }
  });

  it('a login option label and a field label with HTML show as text', async () => {
    const ctx = await newContext(browser, sandbox, partner);
    await sandbox.setFaults([
      { kind: 'rewrite', method: 'GET', path: '/v1/providers', pointer: '/data/items/0/login/authTypes/0/label', value: `Email ${MARKUP('pwned-option')}`, times: 5 },
    ]);
    await launch(ctx);
    await toProviders(ctx.widget);
    await ctx.widget.providers.search().fill('ADP', { timeout: T });
    await ctx.widget.providers.entry('ADP').click({ timeout: T });
    await waitFor(async () => ['LoginOptionsPageOpened', 'LoginPageOpened'].includes((await calls(ctx.page, 'onUIEvent')).at(-1).arg.eventName),
      'the login options or the login', T);
    await assertInert(ctx, ['pwned-option']);
    await ctx.page.close();
  });

  it('an account error message with HTML: the error screen shows no markup, the partner gets plain strings', async () => {
    const ctx = await newContext(browser, sandbox, partner);
    await launch(ctx);
    await toLogin(ctx.widget);
    await sandbox.setFaults([
      { kind: 'rewrite', method: 'GET', path: '/v1/accounts/', pointer: '/data/connection/errorMessage', value: MARKUP('pwned-error'), times: 20 },
    ]);
    await ctx.widget.login.submit({ Email: 'error_SYSTEM_ERROR@smileapi.io', Password: 'anything' });
    await ctx.widget.error.code('SYSTEM_ERROR').waitFor({ timeout: T });
    await assertInert(ctx, ['pwned-error']);
    for (const c of await calls(ctx.page)) {
      for (const v of Object.values(c.arg || {})) assert.notEqual(typeof v, 'function');
    }
    await ctx.page.close();
  });
});

describe("the widget page's Content-Security-Policy", () => {
  it('is strict: nothing but its own scripts and styles, no inline code, no plugins, no base or form targets', () => {
    const html = readFileSync(join(ROOT, process.env.DIST || 'dist', 'index.html'), 'utf8');
    // The minified page may reorder the attributes and drop quotes where it can.
    const tag = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i)?.[0] || '';
    const meta = tag.match(/content="([^"]+)"/);
    assert.ok(meta, 'the page carries its policy');
    const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(policy['default-src'], ["'none'"]);
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(policy['style-src'], ["'self'"]);
    assert.deepEqual(policy['base-uri'], ["'none'"]);
    assert.deepEqual(policy['form-action'], ["'none'"]);
    assert.ok(!meta[1].includes("'unsafe-inline'") && !meta[1].includes("'unsafe-eval'"), meta[1]);
    assert.ok(!html.match(/<script(?![^>]*\bsrc=)[^>]*>/), 'no inline script in the page');
  });

  it('a whole connect flow raises no policy violation in the widget frame or on the strict partner page', async () => {
    const ctx = await newContext(browser, sandbox, partner);
    await ctx.page.addInitScript(() => {
      window.__violations = window.__violations || [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await ctx.page.reload();
    await waitFor(() => ctx.page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
    await launch(ctx);
    await toLogin(ctx.widget);
    await ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await ctx.widget.waitForEvent('ConnectSuccessPageOpened');
    const frame = await ctx.widget.contentFrame();
    assert.deepEqual(await frame.evaluate(() => window.__violations), []);
    assert.deepEqual(await ctx.page.evaluate(() => window.__violations), []);
    await ctx.page.close();
  });
});
