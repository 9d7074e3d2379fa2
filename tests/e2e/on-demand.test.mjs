// Screens fetched on demand: the screens after the first are wasm parts of their own (src/app.rs,
// scripts/finish-wasm.mjs): connecting an account (the provider list, the login, its verification code, progress and
// success), the document upload screens, and a returning user's accounts. The consent screen needs none of them: the
// connect part is asked for while it shows, the first upload screen fetches its part once, and a returning user's
// accounts answer fetches theirs (and their screen the connect part, for reconnecting or connecting another). A part
// that cannot be fetched gives the error screen with Try again, which fetches it again; a screen that arrives after
// the loading screen takes its focus.
// A partner page on its own origin, the shipped shim and widget page (make build), the real sandbox server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, make, useServers, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';
import { GEORGE, MFA_CODE, connectedBefore } from './steps.mjs';

const T = 10_000;
const PART = /-documents-[0-9a-f]{16}_bg\.wasm$/;
const CONNECT_PART = /-connect-[0-9a-f]{16}_bg\.wasm$/;
const ACCOUNTS_PART = /-accounts-[0-9a-f]{16}_bg\.wasm$/;
const ANY_PART = /-(documents|connect|accounts|shared\d+)-[0-9a-f]{16}_bg\.wasm$/;
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
    assert.ok(anyPart.every((url) => !ACCOUNTS_PART.test(url)), `no accounts code: ${anyPart}`);
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

describe('the screens to connect an account are fetched while the first screen shows', () => {
  /** The widget opened for a new user, with `route` (if given) handling every request for the connect part. */
  async function opened({ route } = {}) {
    const ctx = await partnerPage();
    if (route) await ctx.page.context().route(CONNECT_PART, route);
    const { token } = await env.sandbox.mintToken();
    await make(ctx.page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await ctx.page.evaluate(() => window.__modals.a.open());
    await ctx.widget.waitForEvent('ConsentPageOpened');
    return ctx;
  }

  /** Held until `release()`: a part that arrives late. */
  function holding() {
    let release;
    const held = new Promise((r) => (release = r));
    return { release, route: async (route) => { await held; await route.continue(); } };
  }

  /** Upwork by username, George's password and the code: connected. */
  async function connectUpwork(w) {
    await w.providers.choose('Upwork');
    await w.waitForEvent('LoginOptionsPageOpened');
    await w.loginOptions.shows('How do you log in to Upwork?');
    await w.loginOptions.choose('Username');
    await w.waitForEvent('LoginPageOpened');
    await w.login.submit({ Username: 'George', Password: GEORGE.password });
    await w.waitForEvent('MfaPageOpened');
    await w.mfa.shows('Enter the code we sent you');
    await w.mfa.submit(MFA_CODE);
    await w.waitForEvent('ConnectSuccessPageOpened');
    await w.success.shows('Account connected');
  }

  it('the consent screen needs no part; the connect part, asked for meanwhile and once, carries the list, the login and the code', async () => {
    const hold = holding();
    const { page, seen, widget: w } = await opened({ route: hold.route });
    await w.consent.shows('Connect your employment account');
    await waitFor(() => parts(seen).includes('connect'), 'the connect part asked for while the consent screen shows', T);
    hold.release();
    await w.consent.continue();
    await w.waitForEvent('ProviderListPageOpened');
    await connectUpwork(w);
    const named = parts(seen).filter((n) => !n.startsWith('shared'));
    assert.deepEqual(named, ['connect'], 'the connect part, once, and no other');
    await page.close();
  });

  it('a single provider without consent: its login is the first screen, from the connect part fetched beside the session', async () => {
    const { page, seen, widget: w } = await partnerPage();
    const { token } = await env.sandbox.mintToken();
    await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1', providers: ['upwork'], enableConsentPage: false });
    await page.evaluate(() => window.__modals.a.open());
    await w.waitForEvent('LoginOptionsPageOpened');
    await w.loginOptions.shows('How do you log in to Upwork?');
    assert.equal((await w.eventNames()).includes('ConsentPageOpened'), false, 'no consent screen');
    const part = seen.findIndex((s) => s.name === 'connect');
    const session = seen.findIndex((s) => s.api === 'GET /v1/session');
    assert.ok(part >= 0 && session >= 0, `the session and the part: ${JSON.stringify(seen)}`);
    assert.deepEqual(parts(seen).filter((n) => !n.startsWith('shared')), ['connect'], 'the connect part, once');
    await page.close();
  });

  it('a part that arrives after the loading screen: the provider list gets the focus its title had', async () => {
    const hold = holding();
    const { page, widget: w } = await opened({ route: hold.route });
    await w.consent.continue();
    await w.frame.getByRole('heading', { name: 'Loading…' }).waitFor({ timeout: T });
    await waitFor(async () => (await w.focused()).id === 'wink-title', 'focus on the loading title', T);
    hold.release();
    await w.providers.shows('Find your employer or platform');
    await waitFor(async () => {
      const f = await w.focused();
      return f.id === 'wink-title' && f.text === 'Find your employer or platform';
    }, 'focus on the provider list\'s title', T);
    await page.close();
  });

  it('a part that cannot be fetched: the error screen with Try again, which fetches it and goes on to connect', async () => {
    let refuse = true;
    const { page, seen, widget: w } = await opened({
      route: (route) => (refuse ? route.abort('connectionrefused') : route.continue()),
    });
    await w.consent.continue();
    await w.waitForEvent('ErrorPageOpened');
    await w.error.button('Try again').waitFor({ timeout: T });
    const error = (await calls(page, 'onUIEvent')).map((c) => c.arg).findLast((e) => e.eventName === 'ErrorPageOpened');
    assert.equal(error.errorCode, 'NETWORK_ERROR');
    refuse = false;
    await w.error.retry();
    await w.providers.shows('Find your employer or platform');
    await connectUpwork(w);
    assert.ok(parts(seen).filter((n) => n === 'connect').length >= 2, 'fetched again after the failure');
    assert.equal((await calls(page, 'onClose')).length, 0, 'the widget stayed open');
    await page.close();
  });
});

describe("a returning user's accounts are fetched with the accounts answer", () => {
  it('a new user fetches the connect part; a returning one the accounts part, once, sees their accounts, and the connect part comes meanwhile', async () => {
    const { token } = await env.sandbox.mintToken();
    const first = await partnerPage();
    await make(first.page, { userToken: token, apiHost: env.sandbox.origin + '/v1' });
    await first.page.evaluate(() => window.__modals.a.open());
    await first.widget.waitForEvent('ConsentPageOpened');
    await waitFor(() => parts(first.seen).includes('connect'), 'the connect part asked for while the consent screen shows', T);
    await first.widget.close();
    const named = (seen) => parts(seen).filter((n) => !n.startsWith('shared'));
    assert.deepEqual(named(first.seen), ['connect'], 'a new user: the connect part, asked for while the consent screen shows');
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
    await waitFor(() => parts(again.seen).includes('connect'), 'the connect part asked for while the accounts show', T);
    const connect = again.seen.findIndex((s) => s.name === 'connect');
    assert.ok(connect > part, `the connect part after the accounts part: ${JSON.stringify(again.seen)}`);
    await again.widget.accounts.connectAnother();
    await again.widget.consent.continue();
    await again.widget.providers.shows('Find your employer or platform');
    assert.deepEqual(named(again.seen), ['accounts', 'connect'], 'each part once');
    await again.page.close();
  });
});
