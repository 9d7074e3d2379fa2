// Journeys across launches: what the partner is told (onUIEvent's account, onClose's reason and error), a start
// that fails and is tried again, returning users and their accounts, the documents' credentials and embed
// samples as printed, template defaults, and many launches on one page. A partner page on its own origin, the
// shipped shim and widget page, the real sandbox server; the widget is driven by role and label.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, frameCount, launchBrowser, make, startPartner, startSandbox, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
const CODE = '1234';
const ID = /^a-[0-9a-f]{32}$/;
const T = 10_000;
// The Acme Lending template: pins Upwork and Grab, uploads on (sandbox/src/templates.rs).
const UPLOAD_TEMPLATE = 'wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d';
// Keys an event or close payload must never carry.
const SECRET_KEY = /^(password|credentials?|code|otp|mfa|mfaCode|secret|token|userToken)$/i;
// What the link API's account looks like in onUIEvent: never credentials, never the MFA challenge.
const ACCOUNT_KEYS = ['accountId', 'connection', 'connectionStatus', 'createdAt', 'id', 'providerId', 'userId'];

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

/** A link API call from the partner's side of the world (node), with a link token. */
async function api(method, path, token, body) {
  const r = await fetch(`${sandbox.origin}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

const setFaults = (rules) => sandbox.setFaults(rules);
const clearFaults = () => sandbox.clearFaults();

/** Connects an account through the link API alone, as an earlier visit would have left it. */
async function connectByApi(token, providerId, credentials) {
  const created = await api('POST', '/accounts', token, { providerId, credentials });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.data.id;
  return waitFor(async () => {
    const { data } = (await api('GET', `/accounts/${id}`, token)).body;
    if (data.connectionStatus === 'AWAITING_MFA') await api('POST', `/accounts/${id}/mfa`, token, { code: CODE });
    assert.notEqual(data.connectionStatus, 'ERROR', JSON.stringify(data));
    return data.connectionStatus === 'CONNECTED' && data;
  }, `${providerId} to connect through the API`, T, 100);
}

/** A fresh partner page with the shim loaded; `path` picks another test page. */
async function partnerPage(path = '/') {
  const page = await browser.newPage();
  await page.goto(partner.origin + path);
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  return page;
}

/**
 * One launch as integrators write it: a new SmileLinkModal with this token, then open(). Returns how many
 * onUIEvents the page had before, so `firstScreen` can find this launch's first one.
 */
async function launch(page, token, options = {}, how = {}) {
  const before = (await calls(page, 'onUIEvent')).length;
  const tag = await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options }, how);
  await page.evaluate((t) => window.__modals[t].open(), tag);
  return before;
}

async function firstScreen(page, before) {
  await waitFor(async () => (await calls(page, 'onUIEvent')).length > before, 'the first screen of the launch', T);
  return (await calls(page, 'onUIEvent'))[before].arg.eventName;
}

/** Consent → provider list → login options (when offered) → login. */
async function toLogin(widget, provider, authLabel) {
  await widget.waitForEvent('ConsentPageOpened');
  await widget.consent.continue();
  await widget.waitForEvent('ProviderListPageOpened');
  await widget.providers.choose(provider);
  if (authLabel) {
    await widget.waitForEvent('LoginOptionsPageOpened');
    await widget.loginOptions.choose(authLabel);
  }
  await widget.waitForEvent('LoginPageOpened');
}

async function closeEvents(page, count = 1) {
  await waitFor(async () => (await calls(page, 'onClose')).length >= count, `onClose #${count}`, T);
  return (await calls(page, 'onClose')).map((c) => c.arg);
}

function assertNoSecretKeys(value, path = 'payload') {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    assert.ok(!SECRET_KEY.test(k), `${path}.${k} names a secret`);
    assertNoSecretKeys(v, `${path}.${k}`);
  }
}

const lastEvent = async (page) => (await calls(page, 'onUIEvent')).at(-1).arg;
const logged = (page, pattern) => page.consoleMessages.filter((m) => pattern.test(m.text)).map((m) => m.text);

describe('what the partner is told', () => {
  afterEach(clearFaults);

  it("George connects Upwork by user name as printed; onUIEvent's account is the link API's account", async () => {
    const page = await partnerPage();
    const { token, userId } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'Upwork', 'Username');
    await widget.login.submit({ Username: 'George', Password: GEORGE.password });
    await widget.waitForEvent('MfaPageOpened');
    await widget.mfa.submit(CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await widget.success.shows('Account connected');

    const [connected] = await calls(page, 'onAccountConnected');
    const id = connected.arg.accountId;
    assert.match(id, ID);
    const events = (await calls(page, 'onUIEvent')).map((c) => c.arg);
    const byName = (name) => events.filter((e) => e.eventName === name);
    for (const name of ['LoginOptionsPageOpened', 'LoginPageOpened']) {
      assert.deepEqual(byName(name)[0].account, { providerId: 'upwork', accountId: null }, name);
    }
    const [mfa] = byName('MfaPageOpened');
    assert.deepEqual(Object.keys(mfa.account).sort(), ACCOUNT_KEYS, 'the MFA screen has no `mfa` and no credentials');
    assert.equal(mfa.account.id, id);
    assert.equal(mfa.account.accountId, id);
    assert.equal(mfa.account.providerId, 'upwork');
    assert.equal(mfa.account.userId, userId);
    assert.equal(mfa.account.connectionStatus, 'AWAITING_MFA');
    assert.equal(mfa.account.connection.status, 'AWAITING_MFA');
    for (const e of byName('ConnectingPageOpened')) {
      const keys = Object.keys(e.account).sort();
      assert.ok(e.account.accountId === null ? keys.join() === 'accountId,providerId' : keys.join() === ACCOUNT_KEYS.join(),
        `ConnectingPageOpened account ${JSON.stringify(e.account)}`);
    }
    const { data: fromApi } = (await api('GET', `/accounts/${id}`, token)).body;
    const { mfa: _none, ...expected } = fromApi;
    assert.deepEqual(byName('ConnectSuccessPageOpened')[0].account, { ...expected, accountId: id });
    assert.equal(fromApi.connectionStatus, 'CONNECTED');
    for (const e of events) assertNoSecretKeys(e, e.eventName);

    await widget.success.done();
    assert.deepEqual(await closeEvents(page), [{ reason: 'exit', lastScreen: 'ConnectSuccessPageOpened' }]);
    await page.close();
  });

  it('POST /accounts answered 500: the error screen and onClose carry SERVER_ERROR and the API requestId', async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'Grab', 'Email');
    await setFaults([{ kind: 'status', status: 500, method: 'POST', path: '/v1/accounts', times: 1 }]);
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/accounts',
      { timeout: T });
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    const envelope = await (await answered).json();
    assert.equal(envelope.code, 'SERVER_ERROR');
    assert.ok(envelope.requestId, 'the fault answer has a requestId');

    await widget.waitForEvent('ErrorPageOpened');
    await widget.error.shows('Something went wrong');
    const shown = await lastEvent(page);
    assert.equal(shown.errorCode, 'SERVER_ERROR');
    assert.equal(shown.requestId, envelope.requestId);
    assert.equal(typeof shown.errorMessage, 'string');
    assert.ok(shown.errorMessage.length > 0);
    assert.deepEqual(await calls(page, 'onAccountCreated'), [], 'no account was created');

    await widget.error.exit();
    assert.deepEqual(await closeEvents(page), [{
      reason: 'error', lastScreen: 'ErrorPageOpened', errorCode: 'SERVER_ERROR', errorMessage: shown.errorMessage,
      requestId: envelope.requestId,
    }]);
    await page.close();
  });

  it('the close icon on the login screen: onClose says "close" and names that screen, without error fields', async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'Grab', 'Mobile number');
    await widget.close();
    assert.deepEqual(await closeEvents(page), [{ reason: 'close', lastScreen: 'LoginPageOpened' }]);
    await page.close();
  });
});

describe('a start that fails', () => {
  afterEach(clearFaults);

  it('GET /v1/session keeps failing: the error screen; the faults cleared, Try again shows consent', async () => {
    // More failures than the widget's attempts, so the load gives up; what is left proves it stopped asking.
    const times = 6;
    await setFaults([{ kind: 'status', status: 503, method: 'GET', path: '/v1/session', times }]);
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await widget.waitForEvent('ErrorPageOpened');
    await widget.error.shows('Something went wrong');
    const shown = await lastEvent(page);
    assert.equal(shown.errorCode, 'SERVER_UNAVAILABLE');
    assert.equal(typeof shown.requestId, 'string');
    const left = (await (await fetch(`${sandbox.origin}/_sandbox/faults`)).json());
    const rules = left.data?.rules ?? left.rules;
    const used = times - (rules[0]?.times ?? 0);
    assert.ok(used >= 2 && used < times, `the session was asked ${used} times: retried, then stopped`);
    assert.equal(await widget.frame.getByRole('progressbar').count(), 0, 'nothing spins on the error screen');

    await clearFaults();
    await widget.error.retry();
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.shows('Connect your employment account');
    await widget.frame.getByRole('progressbar').waitFor({ state: 'detached', timeout: T });
    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    // Checked last, so the retry above is proven either way: the token says sandbox before any session loads.
    assert.equal(shown.mode, 'SANDBOX', 'ErrorPageOpened of a failed start names the mode of the sandbox token');
    await page.close();
  });
});

describe('a returning user', () => {
  it('after one wrong password and Exit, a new launch for the same user starts at consent', async () => {
    const page = await partnerPage();
    const { token, userId } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: 'not-the-Passw0rd' });
    await widget.error.code('INVALID_CREDENTIALS').waitFor({ timeout: T });
    const shown = await lastEvent(page);
    assert.equal(shown.eventName, 'ErrorPageOpened');
    assert.equal(shown.errorCode, 'INVALID_CREDENTIALS');
    assert.ok('requestId' in shown && 'errorMessage' in shown, 'the error screen names all three fields');
    await widget.error.exit();
    const [closed] = await closeEvents(page);
    assert.equal(closed.reason, 'error');
    assert.equal(closed.lastScreen, 'ErrorPageOpened');
    assert.equal(closed.errorCode, 'INVALID_CREDENTIALS');
    assert.deepEqual(Object.keys(closed).filter((k) => !['reason', 'lastScreen', 'errorCode', 'errorMessage', 'requestId'].includes(k)), []);

    const before = await launch(page, await sandbox.refreshToken(userId), {}, { tag: 'again' });
    assert.equal(await firstScreen(page, before), 'ConsentPageOpened');
    await widget.consent.shows('Connect your employment account');
    assert.equal(await widget.accounts.list().count(), 0, 'no account screen for an account that never connected');
    await page.close();
  });

  it('Upwork connected, a failed Grab login: the next launch lists both; Reconnect Grab connects the same account', async () => {
    const page = await partnerPage();
    const { token, userId } = await sandbox.mintToken();
    const upwork = await connectByApi(token, 'upwork', { username: 'George', password: GEORGE.password });
    const widget = new Widget(page);

    let before = await launch(page, await sandbox.refreshToken(userId), {}, { tag: 'second' });
    assert.equal(await firstScreen(page, before), 'AccountStatusPageOpened');
    await widget.accounts.shows('Your connected accounts');
    const rows = await widget.accounts.rows();
    assert.equal(rows.length, 1);
    assert.match(rows[0], /Upwork[\s\S]*\bConnected\b/);
    await widget.accounts.connectAnother();
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: 'not-the-Passw0rd' });
    await widget.error.code('INVALID_CREDENTIALS').waitFor({ timeout: T });
    const [failed] = await calls(page, 'onAccountError');
    const grabId = failed.arg.accountId;
    assert.match(grabId, ID);
    await widget.error.exit();
    await closeEvents(page);

    const third = await sandbox.refreshToken(userId);
    before = await launch(page, third, {}, { tag: 'third' });
    assert.equal(await firstScreen(page, before), 'AccountStatusPageOpened');
    const listed = await widget.accounts.rows();
    assert.equal(listed.length, 2, JSON.stringify(listed));
    assert.match(listed[0], /Upwork[\s\S]*\bConnected\b/, 'the connected account comes first');
    assert.match(listed[1], /Grab[\s\S]*Needs attention/);
    await widget.accounts.reconnectButton('Grab').waitFor({ timeout: T });
    await widget.accounts.disconnectButton('Grab').waitFor({ timeout: T });
    await widget.accounts.disconnectButton('Upwork').waitFor({ timeout: T });
    assert.equal(await widget.accounts.reconnectButton('Upwork').count(), 0, 'a connected account needs no Reconnect');

    await widget.accounts.reconnect('Grab');
    // Grab offers a mobile number or an email (sandbox catalogue), so its login options come first.
    await widget.waitForEvent('LoginOptionsPageOpened');
    assert.equal((await lastEvent(page)).account.providerId, 'grab');
    await widget.loginOptions.choose('Email');
    await widget.waitForEvent('LoginPageOpened');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    const connected = (await calls(page, 'onAccountConnected')).map((c) => c.arg);
    assert.deepEqual(connected, [{ accountId: grabId, userId, providerId: 'grab' }]);

    const { data } = (await api('GET', '/accounts', third)).body;
    assert.deepEqual(data.items.map((a) => [a.providerId, a.id, a.connectionStatus]).sort(),
      [['grab', grabId, 'CONNECTED'], ['upwork', upwork.id, 'CONNECTED']]);
    await page.close();
  });

  it("with providers: ['grab'], a user who has accounts goes consent → Grab's login options, not the account screen", async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    await connectByApi(token, 'grab', { email: GEORGE.email, password: GEORGE.password });
    const widget = new Widget(page);
    const before = await launch(page, token, { providers: ['grab'] });
    assert.equal(await firstScreen(page, before), 'ConsentPageOpened');
    await widget.consent.continue();
    await widget.waitForEvent('LoginOptionsPageOpened');
    await widget.loginOptions.shows('Grab');
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened', 'LoginOptionsPageOpened']);
    await page.close();
  });
});

describe("the documents' credentials, typed as printed", () => {
  it('SSS by mobile number (+63) 9559991234 / 123456, MFA 1234, connects', async () => {
    const page = await partnerPage();
    const { token, userId } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'SSS', 'Mobile number');
    await widget.login.submit({ 'Mobile number': '(+63) 9559991234', Password: '123456' });
    await widget.waitForEvent('MfaPageOpened');
    await widget.mfa.submit(CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    const [connected] = await calls(page, 'onAccountConnected');
    assert.deepEqual({ ...connected.arg, accountId: 'x' }, { accountId: 'x', userId, providerId: 'sss_ph' });
    await page.close();
  });

  it("Ryan's (+62) 8119994321 / 654321 connects Grab", async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token);
    await toLogin(widget, 'Grab', 'Mobile number');
    await widget.login.submit({ 'Mobile number': '(+62) 8119994321', Password: '654321' });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await widget.success.shows('Account connected');
    assert.deepEqual((await calls(page, 'onAccountConnected')).map((c) => c.arg.providerId), ['grab']);
    await page.close();
  });
});

describe("the documents' embed samples", () => {
  it('the v1 sample on smile.v1.js: onAccountConnected gets its ids, onClose: () => {} is called once', async () => {
    const page = await partnerPage('/documents-v1.html');
    const { token, userId } = await sandbox.mintToken();
    await page.evaluate((o) => window.__makeSample('v1', o, { record: ['onUIEvent'] }),
      { userToken: token, apiHost: sandbox.origin + '/v1', providers: [], topProviders: [], enableUpload: true });
    await page.evaluate(() => window.__modals.a.open());
    const widget = new Widget(page);
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await widget.success.done();
    await waitFor(() => logged(page, /^Widget closed$/).length, "the sample's onClose", T);
    const account = `a-[0-9a-f]{32}  User ID: ${userId}  Provider ID: grab`;
    assert.equal(logged(page, new RegExp(`^Account created:  ${account}$`)).length, 1);
    assert.equal(logged(page, new RegExp(`^Account connected:  ${account}$`)).length, 1);
    assert.deepEqual(logged(page, /^Widget closed$/), ['Widget closed']);
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'pageerror'), []);
    await page.close();
  });

  it('the v2 sample: every screen logs its eventName, onClose({reason}) logs "exit"', async () => {
    const page = await partnerPage('/documents-v2.html');
    const { token, userId } = await sandbox.mintToken();
    await page.evaluate((o) => window.__makeSample('v2', o), { userToken: token, apiHost: sandbox.origin + '/v1' });
    await page.evaluate(() => window.__modals.a.open());
    const widget = new Widget(page);
    await widget.consent.shows('Connect your employment account');
    await widget.consent.continue();
    await widget.providers.choose('Grab');
    await widget.loginOptions.choose('Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.success.shows('Account connected');
    await widget.success.done();
    await waitFor(() => logged(page, /^Link closed, reason:/).length, "the sample's onClose", T);
    assert.deepEqual(logged(page, /^Link closed, reason:/), ['Link closed, reason: exit']);
    const screens = logged(page, /^eventName:/).map((t) => t.split(' ')[1]);
    assert.deepEqual(screens, ['ConsentPageOpened', 'ProviderListPageOpened', 'LoginOptionsPageOpened', 'LoginPageOpened',
      'ConnectingPageOpened', 'ConnectSuccessPageOpened']);
    assert.ok(logged(page, /^eventName:/).every((t) => t.includes(`userId: ${userId}`) && t.includes('mode: SANDBOX')));
    assert.equal(logged(page, new RegExp(`^Account connected:  a-[0-9a-f]{32}  User ID: ${userId}  Provider ID: grab$`)).length, 1);
    await page.close();
  });

  it('callbacks that throw are reported and the flow still reaches success and closes', async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token, {}, { throwIn: ['onLoad', 'onUIEvent', 'onAccountCreated', 'onAccountConnected'] });
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    await widget.success.shows('Account connected');
    await widget.success.done();
    assert.deepEqual((await closeEvents(page)).map((c) => c.reason), ['exit']);
    assert.deepEqual((await calls(page)).filter((c) => c.name.startsWith('onAccount')).map((c) => c.name),
      ['onAccountCreated', 'onAccountConnected']);
    const reported = page.consoleMessages.filter((m) => m.type === 'error' && /threw/.test(m.text));
    assert.ok(reported.some((m) => /onAccountConnected/.test(m.text)), 'the throw is reported on the console');
    assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'pageerror'), []);
    await page.close();
  });
});

describe('options: one source of defaults', () => {
  it('the template turns uploads on when the partner did not set enableUpload: upload-only employers are listed', async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token, { templateId: UPLOAD_TEMPLATE });
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    await widget.providers.search().fill('Lumi', { timeout: T });
    const row = widget.providers.entry('Café Lumière');
    await row.waitFor({ timeout: T });
    assert.match(await row.innerText(), /Documents only/);
    await page.close();
  });

  it("the partner's enableUpload: false wins over the template: upload-only employers are hidden", async () => {
    const page = await partnerPage();
    const { token } = await sandbox.mintToken();
    const widget = new Widget(page);
    await launch(page, token, { templateId: UPLOAD_TEMPLATE, enableUpload: false });
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    await widget.providers.search().fill('Lumi', { timeout: T });
    await widget.providers.empty().waitFor({ timeout: T });
    await widget.providers.search().fill('', { timeout: T });
    await widget.providers.entry('Upwork').waitFor({ timeout: T });
    assert.equal(await widget.frame.getByText('Documents only').count(), 0);
    await page.close();
  });
});

describe('one launch, one instance', () => {
  it('20 launches with a new SmileLinkModal each and no destroy() leave at most one iframe; the 21st shows consent', async () => {
    const page = await partnerPage();
    const tokens = await Promise.all(Array.from({ length: 21 }, () => sandbox.mintToken()));
    const widget = new Widget(page);
    for (let i = 0; i < 20; i++) {
      const before = await launch(page, tokens[i].token, {}, { tag: `launch${i}` });
      assert.equal(await firstScreen(page, before), 'ConsentPageOpened', `launch ${i + 1}`);
      await page.evaluate((t) => window.__modals[t].close(), `launch${i}`);
      await closeEvents(page, i + 1);
      assert.ok(await frameCount(page) <= 1, `after launch ${i + 1}: ${await frameCount(page)} iframes`);
    }
    const before = await launch(page, tokens[20].token, {}, { tag: 'last' });
    assert.equal(await firstScreen(page, before), 'ConsentPageOpened');
    await widget.consent.shows('Connect your employment account');
    assert.equal(await frameCount(page), 1);
    assert.equal((await calls(page, 'onClose')).length, 20, 'each close() fired onClose once');
    await page.close();
  });
});
