// Screens fetched on demand: the screens only some users see are wasm parts of their own (src/app.rs,
// scripts/finish-wasm.mjs): the document upload screens, the verification code, and a returning user's accounts.
// Opening the widget fetches none of them; the first upload screen fetches its part once, a login fetches the code
// screen's part while it connects, and a returning user's accounts answer fetches theirs. A part that cannot be
// fetched gives the error screen with Try again, which fetches it again; a screen that arrives after the loading
// screen takes its focus.
// A partner page on its own origin, the shipped shim and widget page (make build), the real sandbox server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, make, useServers, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';
import { GEORGE, MFA_CODE, connectedBefore } from './steps.mjs';

const T = 10_000;
const PART = /-documents-[0-9a-f]{16}_bg\.wasm$/;
const MFA_PART = /-mfa-[0-9a-f]{16}_bg\.wasm$/;
const ACCOUNTS_PART = /-accounts-[0-9a-f]{16}_bg\.wasm$/;
const ANY_PART = /-(documents|mfa|accounts|shared\d+)-[0-9a-f]{16}_bg\.wasm$/;
const env = useServers();

/** A partner page with the shim, recording every request for a wasm part (`{name, at}`, in order) and for the link
 * API (`{api, at}`). */
async function partnerPage() {
  const page = await env.browser.newPage();
  const seen = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (ANY_PART.test(pathname)) seen.push({ name: pathname.match(ANY_PART)[1], at: seen.length });
    else if (pathname.startsWith('/v1/')) seen.push({ api: `${r.method()} ${pathname}`, at: seen.length });
  });
  await page.goto(env.partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  return { page, seen, widget: new Widget(page) };
}

const parts = (seen) => seen.filter((s) => s.name).map((s) => s.name);

/** The widget open at its provider list with uploads on, and every request for the documents part seen. */
async function atProviders() {
  const page = await env.browser.newPage();
  const fetched = [];
  page.on('request', (r) => PART.test(new URL(r.url()).pathname) && fetched.push(r.url()));
  await page.goto(env.partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token } = await env.sandbox.mintToken();
  await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1', enableUpload: true });
  await page.evaluate(() => window.__modals.a.open());
  const widget = new Widget(page);
  await widget.waitForEvent('ConsentPageOpened');
  await widget.consent.continue();
  await widget.waitForEvent('ProviderListPageOpened');
  await widget.providers.uploadEntry().waitFor({ timeout: T });
  return { page, widget, fetched };
}

describe('the document screens are fetched when first shown', () => {
  it('opening and listing fetch nothing of them; Upload documents fetches the part once and shows the types', async () => {
    const { page, widget, fetched } = await atProviders();
    assert.deepEqual(fetched, [], 'the first screens need only the main part');
    const anyPart = [];
    page.on('request', (r) => ANY_PART.test(new URL(r.url()).pathname) && anyPart.push(r.url()));
    await widget.providers.uploadDocuments();
    await widget.fileTypes.shows('What would you like to upload?');
    assert.deepEqual(await widget.fileTypes.names(), ['Payslip', 'Tax document', 'Company ID']);
    await widget.fileTypes.choose('Payslip');
    await widget.upload.shows('Upload your payslip');
    await widget.close();
    assert.equal(fetched.length, 1, `one fetch of the part, got ${fetched.join(', ')}`);
    assert.ok(anyPart.every((url) => !MFA_PART.test(url) && !ACCOUNTS_PART.test(url)), `only the documents' code: ${anyPart}`);
    await page.close();
  });

  it('a part that cannot be fetched: the error screen with Try again, which fetches it and goes on', async () => {
    const { page, widget, fetched } = await atProviders();
    let refuse = true;
    await page.context().route(PART, (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
    await widget.providers.uploadDocuments();
    await widget.waitForEvent('ErrorPageOpened');
    await widget.error.button('Try again').waitFor({ timeout: T });
    const error = (await calls(page, 'onUIEvent')).map((c) => c.arg).findLast((e) => e.eventName === 'ErrorPageOpened');
    assert.equal(error.errorCode, 'NETWORK_ERROR');
    refuse = false;
    await widget.error.retry();
    await widget.fileTypes.shows('What would you like to upload?');
    assert.equal(fetched.length, 2, 'the failed fetch, then the one that worked');
    assert.equal((await calls(page, 'onClose')).length, 0, 'the widget stayed open');
    await page.close();
  });
});

describe('the verification code screen is fetched while a login connects', () => {
  /** Upwork by username, George's password, submitted: the connecting screen, then the code screen. */
  async function toCode({ holdPart } = {}) {
    const ctx = await partnerPage();
    const { token } = await env.sandbox.mintToken();
    await make(ctx.page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await ctx.page.evaluate(() => window.__modals.a.open());
    const w = ctx.widget;
    await w.waitForEvent('ConsentPageOpened');
    await w.consent.continue();
    await w.waitForEvent('ProviderListPageOpened');
    await w.providers.choose('Upwork');
    await w.waitForEvent('LoginOptionsPageOpened');
    await w.loginOptions.choose('Username');
    await w.waitForEvent('LoginPageOpened');
    assert.deepEqual(parts(ctx.seen), [], 'up to the login, only the main part');
    if (holdPart) await ctx.page.context().route(MFA_PART, holdPart);
    await w.login.submit({ Username: 'George', Password: GEORGE.password });
    return ctx;
  }

  it('the part is asked for with the login, before the provider asks for a code; the code screen works', async () => {
    const { page, seen, widget } = await toCode();
    await widget.waitForEvent('MfaPageOpened');
    await widget.mfa.shows('Enter the code we sent you');
    const mfa = seen.findIndex((s) => s.name === 'mfa');
    assert.ok(mfa >= 0 && seen.some((s) => s.api === 'POST /v1/accounts'), `the login and the part: ${JSON.stringify(seen)}`);
    const polls = seen.filter((s) => s.api?.startsWith('GET /v1/accounts/') && s.at < mfa);
    assert.equal(polls.length, 0, 'asked for with the login, not after the account was polled');
    await widget.mfa.submit(MFA_CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    assert.equal(parts(seen).filter((n) => n === 'mfa').length, 1, 'fetched once');
    await page.close();
  });

  it('a part that arrives after the loading screen: the code screen gets the focus its title had', async () => {
    let release;
    const held = new Promise((r) => (release = r));
    const { page, widget } = await toCode({ holdPart: async (route) => { await held; await route.continue(); } });
    await widget.waitForEvent('MfaPageOpened');
    await widget.frame.getByRole('heading', { name: 'Loading…' }).waitFor({ timeout: T });
    await waitFor(async () => (await widget.focused()).id === 'wink-title', 'focus on the loading title', T);
    release();
    await widget.mfa.shows('Enter the code we sent you');
    await waitFor(async () => {
      const f = await widget.focused();
      return f.id === 'wink-title' && f.text === 'Enter the code we sent you';
    }, 'focus on the code screen\'s title', T);
    await page.close();
  });

  it('a part that cannot be fetched: the error screen with Try again, which fetches it and shows the code screen', async () => {
    let refuse = true;
    const { page, seen, widget } = await toCode({
      holdPart: (route) => (refuse ? route.abort('connectionrefused') : route.continue()),
    });
    await widget.waitForEvent('ErrorPageOpened');
    await widget.error.button('Try again').waitFor({ timeout: T });
    refuse = false;
    await widget.error.retry();
    await widget.mfa.shows('Enter the code we sent you');
    await widget.mfa.submit(MFA_CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    assert.ok(parts(seen).filter((n) => n === 'mfa').length >= 2, 'fetched again after the failure');
    assert.equal((await calls(page, 'onClose')).length, 0, 'the widget stayed open');
    await page.close();
  });
});

describe("a returning user's accounts are fetched with the accounts answer", () => {
  it('a new user fetches no part; a returning one the accounts part, once, and sees their accounts', async () => {
    const { token } = await env.sandbox.mintToken();
    const first = await partnerPage();
    await make(first.page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await first.page.evaluate(() => window.__modals.a.open());
    await first.widget.waitForEvent('ConsentPageOpened');
    await first.widget.close();
    assert.deepEqual(parts(first.seen), [], 'a new user: the main part only');
    await first.page.close();

    await connectedBefore(env.sandbox, token);
    const again = await partnerPage();
    await make(again.page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await again.page.evaluate(() => window.__modals.a.open());
    await again.widget.waitForEvent('AccountStatusPageOpened');
    assert.deepEqual(await again.widget.accounts.rows().then((r) => r.length), 1);
    await again.widget.accounts.shows('Your connected accounts');
    await waitFor(async () => (await again.widget.focused()).text === 'Your connected accounts', 'focus on its title', T);
    const accounts = again.seen.findIndex((s) => s.api === 'GET /v1/accounts');
    const part = again.seen.findIndex((s) => s.name === 'accounts');
    assert.ok(accounts >= 0 && part > accounts, `the part after the accounts answer: ${JSON.stringify(again.seen)}`);
    assert.deepEqual(parts(again.seen).filter((n) => n === 'accounts'), ['accounts'], 'fetched once');
    await again.page.close();
  });
});
