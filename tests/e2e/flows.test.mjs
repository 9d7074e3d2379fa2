// Full flows: a partner page on its own origin, the shipped shim and widget page, the real sandbox server.
// Each test is an end user's story; assertions are what the partner's callbacks and the user's screen show.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, frameCount, frameShown, launchBrowser, make, messages, screenshot, sleep, startPartner, startSandbox, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const USERS = [
  { name: 'George', email: 'gpalomero1234@smileapi.io', mobile: '+639559991234', password: '123456' },
  { name: 'Ryan', email: 'ryan1234@smileapi.io', mobile: '+628119994321', password: '654321' },
  { name: 'Christina', email: 'christina4321@smileapi.io', mobile: '+6599996789', password: 'YGUS1' },
  { name: 'Anisha', email: 'anisha98765@smileapi.io', mobile: '+919511198765', password: '123456' },
];
const GEORGE = USERS[0];
const CODE = '1234';
const ID = /^a-[0-9a-f]{32}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

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

/** A partner page with a fresh user's token and an open widget. */
async function openWidget(options = {}, { server = sandbox, partnerServer = partner, viewport } = {}) {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(partnerServer.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token, userId } = await server.mintToken();
  await make(page, { userToken: token, apiHost: server.origin + '/v1', ...options });
  await page.evaluate(() => window.__modals.a.open());
  return { page, widget: new Widget(page), token, userId };
}

/** Consent → provider list → login options (when offered) → login, as a user would click through. */
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

/**
 * Nothing the partner page received (callbacks, message events) holds a credential or an MFA code:
 * no string equal to one, no string containing a distinctive one, no key that names one.
 */
async function assertNoSecrets(page, { exact = [], contained = [] }) {
  const seen = [...(await calls(page)), ...(await messages(page))];
  const walk = (value, path) => {
    if (typeof value === 'string') {
      assert.ok(!exact.includes(value), `${path} is a secret`);
      for (const s of contained) assert.ok(!value.includes(s), `${path} contains a secret`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        assert.ok(!/^(password|credentials|code|otp|mfaCode)$/i.test(k), `${path}.${k} names a secret`);
        walk(v, `${path}.${k}`);
      }
    }
  };
  walk(seen, 'received');
  assert.ok(seen.length > 0);
}

/** No key anywhere in `value` names a secret (credentials, a password, an MFA code or challenge). */
function assertNoSecretKeys(value, path) {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    assert.ok(!/^(password|credentials?|code|otp|mfa|mfaCode|secret|token)$/i.test(k), `${path}.${k} names a secret`);
    assertNoSecretKeys(v, `${path}.${k}`);
  }
}

const accountCallbacks = async (page) =>
  (await calls(page)).filter((c) => c.name.startsWith('onAccount')).map((c) => ({ name: c.name, ...c.arg }));
const closeReasons = async (page) => (await calls(page, 'onClose')).map((c) => c.arg.reason);

describe('connecting an account', () => {
  for (const user of USERS) {
    it(`${user.name} connects Grab by mobile number without MFA`, async () => {
      const { page, widget, userId } = await openWidget();
      await toLogin(widget, 'Grab', 'Mobile number');
      await widget.login.submit({ 'Mobile number': user.mobile, Password: user.password });
      await widget.waitForEvent('ConnectSuccessPageOpened');
      await widget.success.shows('Account connected');
      const accounts = await accountCallbacks(page);
      assert.deepEqual(accounts.map((a) => a.name), ['onAccountCreated', 'onAccountConnected']);
      for (const a of accounts) {
        assert.match(a.accountId, ID);
        assert.equal(a.userId, userId);
        assert.equal(a.providerId, 'grab');
      }
      assert.equal(accounts[0].accountId, accounts[1].accountId);
      assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened', 'ProviderListPageOpened', 'LoginOptionsPageOpened',
        'LoginPageOpened', 'ConnectingPageOpened', 'ConnectSuccessPageOpened']);
      await widget.success.done();
      await waitFor(async () => (await closeReasons(page)).length, 'onClose');
      assert.deepEqual(await closeReasons(page), ['exit']);
      await assertNoSecrets(page, { contained: [user.password] });
      await page.close();
    });

    it(`${user.name} connects Upwork by email with MFA code 1234`, async () => {
      const { page, widget, userId } = await openWidget();
      await toLogin(widget, 'Upwork', 'Email');
      await widget.login.submit({ Email: user.email, Password: user.password });
      await widget.waitForEvent('MfaPageOpened');
      await widget.mfa.shows('Enter the code we sent you');
      await widget.mfa.submit(CODE);
      await widget.waitForEvent('ConnectSuccessPageOpened');
      const accounts = await accountCallbacks(page);
      assert.deepEqual(accounts.map((a) => a.name), ['onAccountCreated', 'onAccountConnected']);
      assert.ok(accounts.every((a) => a.providerId === 'upwork' && a.userId === userId && ID.test(a.accountId)));
      const events = await calls(page, 'onUIEvent');
      assert.deepEqual(events.map((e) => e.arg.eventName), ['ConsentPageOpened', 'ProviderListPageOpened',
        'LoginOptionsPageOpened', 'LoginPageOpened', 'ConnectingPageOpened', 'MfaPageOpened', 'ConnectingPageOpened',
        'ConnectSuccessPageOpened']);
      for (const { arg } of events) {
        assert.match(arg.eventTime, ISO);
        assert.equal(arg.mode, 'SANDBOX');
        assert.equal(arg.userId, userId);
        assert.equal(arg.archive, null);
      }
      const byName = Object.fromEntries(events.map((e) => [e.arg.eventName, e.arg]));
      assert.equal(byName.ConsentPageOpened.account, null);
      assert.equal(byName.LoginPageOpened.account.providerId, 'upwork');
      assert.equal(byName.MfaPageOpened.account.providerId, 'upwork');
      const success = byName.ConnectSuccessPageOpened.account;
      assert.equal(success.accountId, accounts[0].accountId);
      assert.equal(success.id, accounts[0].accountId);
      assert.equal(success.providerId, 'upwork');
      assert.equal(success.userId, userId);
      assert.equal(success.connectionStatus, 'CONNECTED');
      assert.equal(success.connection.status, 'CONNECTED');
      assert.equal('mfa' in success, false);
      await assertNoSecrets(page, { exact: [CODE], contained: [user.password] });
      await page.close();
    });
  }

  it('a wrong password ends in INVALID_CREDENTIALS, and Exit closes with reason "error"', async () => {
    const { page, widget } = await openWidget();
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: 'not-the-Passw0rd' });
    await widget.error.shows('Something went wrong');
    await widget.error.code('INVALID_CREDENTIALS').waitFor({ timeout: 10_000 });
    const accounts = await accountCallbacks(page);
    assert.deepEqual(accounts.map((a) => [a.name, a.errorCode]), [['onAccountCreated', undefined], ['onAccountError', 'INVALID_CREDENTIALS']]);
    assert.equal((await widget.eventNames()).at(-1), 'ErrorPageOpened');
    await widget.error.exit();
    await waitFor(async () => (await closeReasons(page)).length, 'onClose');
    assert.deepEqual(await closeReasons(page), ['error']);
    await assertNoSecrets(page, { contained: ['not-the-Passw0rd'] });
    await page.close();
  });

  it('a wrong MFA code shows the attempts left, then the right one connects', async () => {
    const { page, widget } = await openWidget();
    await toLogin(widget, 'Upwork', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('MfaPageOpened');
    await widget.mfa.submit('9999');
    await widget.mfa.wrongCodeMessage().waitFor({ timeout: 10_000 });
    assert.equal(await widget.frame.getByLabel('Verification code').inputValue(), '', 'a wrong code is cleared');
    await widget.mfa.submit(CODE);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    assert.deepEqual((await accountCallbacks(page)).map((a) => a.name), ['onAccountCreated', 'onAccountConnected']);
    await assertNoSecrets(page, { exact: [GEORGE.password, CODE, '9999'] });
    await page.close();
  });

  for (const code of ['ACCOUNT_LOCKED', 'EXPIRED_CREDENTIALS', 'SERVICE_UNAVAILABLE', 'TOS_REQUIRED', 'MFA_TIMEOUT']) {
    it(`the test user error_${code}@smileapi.io ends in onAccountError ${code}`, async () => {
      const { page, widget, userId } = await openWidget();
      await toLogin(widget, 'Grab', 'Email');
      await widget.login.submit({ Email: `error_${code}@smileapi.io`, Password: 'anything' });
      await widget.error.code(code).waitFor({ timeout: 10_000 });
      const accounts = await accountCallbacks(page);
      assert.equal(accounts.at(-1).name, 'onAccountError');
      assert.deepEqual({ ...accounts.at(-1), accountId: 'x' }, { name: 'onAccountError', accountId: 'x', userId, providerId: 'grab', errorCode: code });
      assert.equal(accounts.filter((a) => a.name === 'onAccountCreated').length, 1);
      await widget.error.exit();
      await waitFor(async () => (await closeReasons(page)).length, 'onClose');
      assert.deepEqual(await closeReasons(page), ['error']);
      await page.close();
    });
  }
});

describe('searching by one letter first', () => {
  it('a search longer than a page fetches the provider index; a provider picked from it connects with the printed credentials', async () => {
    const { page, widget } = await openWidget();
    const paths = [];
    let indexIn = false;
    page.on('request', (r) => paths.push(new URL(r.url()).pathname));
    page.on('requestfinished', (r) => new URL(r.url()).pathname === '/v1/providerIndex' && (indexIn = true));
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.continue();
    await widget.waitForEvent('ProviderListPageOpened');
    // "a" matches more of the sandbox's providers than one page holds.
    await widget.providers.search().fill('a');
    await waitFor(() => indexIn, 'the provider index', 10_000);
    await sleep(300);
    const listRequests = paths.filter((p) => p === '/v1/providers').length;
    await widget.providers.choose('Grab');
    await widget.waitForEvent('LoginOptionsPageOpened');
    assert.equal(paths.filter((p) => p === '/v1/providers').length, listRequests, 'the search asked nothing');
    assert.ok(paths.includes('/v1/providers/grab'), 'Grab fetched in full when picked');
    await widget.loginOptions.choose('Email');
    await widget.waitForEvent('LoginPageOpened');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    const connected = (await accountCallbacks(page)).find((a) => a.name === 'onAccountConnected');
    assert.equal(connected?.providerId, 'grab');
    await page.close();
  });
});

describe('closing and reopening', () => {
  it('the close icon closes with reason "close", and reopening starts again at consent', async () => {
    const { page, widget } = await openWidget();
    await toLogin(widget, 'Grab', 'Email');
    await widget.close();
    await waitFor(async () => (await closeReasons(page)).length, 'onClose');
    assert.deepEqual(await closeReasons(page), ['close']);
    assert.equal(await frameShown(page), false);
    const before = (await widget.eventNames()).length;
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(async () => (await widget.eventNames()).length > before, 'the first screen again');
    assert.equal((await widget.eventNames())[before], 'ConsentPageOpened');
    await widget.consent.shows('Connect your employment account');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await closeReasons(page)).length === 2, 'the second onClose');
    assert.deepEqual(await closeReasons(page), ['close', 'close']);
    assert.equal(await frameCount(page), 1);
    await page.close();
  });

  it('close() from the partner mid-flow fires onClose once and the widget stops', async () => {
    const { page, widget } = await openWidget();
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await page.evaluate(() => window.__modals.a.close());
    await sleep(1_500);
    assert.deepEqual(await closeReasons(page), ['close']);
    assert.equal(await frameShown(page), false);
    await page.close();
  });
});

describe('a preloaded widget', () => {
  it('has its first screen built before open(), out of sight and reach, and open() shows it focused', async () => {
    const page = await browser.newPage();
    await page.goto(partner.origin + '/');
    await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
    const { token } = await sandbox.mintToken();
    await make(page, { userToken: token, apiHost: sandbox.origin + '/v1' });
    await waitFor(async () => (await calls(page, 'onLoad')).length === 1, 'onLoad');
    const frame = page.frames().find((f) => f.url().startsWith(sandbox.origin));
    const heading = () => frame.evaluate(() => document.querySelector('[role="dialog"] h1, [role="dialog"] h2')?.textContent);
    await waitFor(async () => (await heading()) === 'Connect your employment account', 'the consent screen built');
    assert.equal(await frameShown(page), false, 'transparent and inert until open()');
    assert.deepEqual(await calls(page, 'onUIEvent'), [], 'no screen counts as opened before open()');
    // Out of reach: the keyboard never enters it and the pointer goes through it to the page.
    await page.locator('#connect').focus();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'IFRAME');
    }
    assert.equal(await frame.evaluate(() => document.hasFocus()), false);
    assert.equal(await page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2).tagName), 'MAIN');
    await page.evaluate(() => window.__modals.a.open());
    await waitFor(async () => (await calls(page, 'onUIEvent')).length === 1, 'ConsentPageOpened');
    assert.equal((await calls(page, 'onUIEvent'))[0].arg.eventName, 'ConsentPageOpened');
    assert.equal(await frameShown(page), true);
    await waitFor(() => frame.evaluate(() => !!document.activeElement?.closest('[role="dialog"]')), 'focus in the dialog');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'IFRAME');
    await sleep(200);
    assert.deepEqual((await calls(page, 'onUIEvent')).map((c) => c.arg.eventName), ['ConsentPageOpened']);
    await page.close();
  });
});

describe('a returning user', () => {
  it('sees the connected account on reopening, disconnects it, and the partner gets onAccountRemoved', async () => {
    const { page, widget, userId } = await openWidget();
    await toLogin(widget, 'Grab', 'Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    const [connected] = (await accountCallbacks(page)).filter((a) => a.name === 'onAccountConnected');
    await widget.success.done();
    await waitFor(async () => (await closeReasons(page)).length === 1, 'onClose');

    await page.evaluate(() => window.__modals.a.open());
    await widget.waitForEvent('AccountStatusPageOpened');
    await widget.frame.getByRole('button', { name: 'Disconnect Grab', exact: true }).click();
    await widget.waitForEvent('AccountRevokePageOpened');
    const revoke = (await calls(page, 'onUIEvent')).at(-1).arg;
    // The account as the link API returns it: ids and status, never a credential.
    assert.equal(revoke.account.accountId, connected.accountId);
    assert.equal(revoke.account.id, connected.accountId);
    assert.equal(revoke.account.providerId, 'grab');
    assert.equal(revoke.account.userId, userId);
    assert.equal(revoke.account.connectionStatus, 'CONNECTED');
    assert.equal(revoke.account.connection.status, 'CONNECTED');
    assertNoSecretKeys(revoke.account, 'account');
    await widget.frame.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await waitFor(async () => (await calls(page, 'onAccountRemoved')).length === 1, 'onAccountRemoved');
    assert.deepEqual((await calls(page, 'onAccountRemoved'))[0].arg, { accountId: connected.accountId, userId, providerId: 'grab' });
    await page.close();
  });
});

describe('options', () => {
  it('a single provider skips the list and, without the consent page, opens its login options', async () => {
    const { page, widget } = await openWidget({ providers: ['grab'], enableConsentPage: false });
    await widget.waitForEvent('LoginOptionsPageOpened');
    await widget.loginOptions.choose('Email');
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await widget.waitForEvent('ConnectSuccessPageOpened');
    assert.deepEqual(await widget.eventNames(), ['LoginOptionsPageOpened', 'LoginPageOpened', 'ConnectingPageOpened', 'ConnectSuccessPageOpened']);
    await page.close();
  });

  it('a single provider with the consent page shows consent, then that provider', async () => {
    const { page, widget } = await openWidget({ providers: ['grab'] });
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.continue();
    await widget.waitForEvent('LoginOptionsPageOpened');
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened', 'LoginOptionsPageOpened']);
    await page.close();
  });
});

describe('token expiry', () => {
  let short, shortPartner;
  before(async () => {
    short = await startSandbox({ 'token-ttl': 4 });
    shortPartner = await startPartner(short.origin);
  });
  after(async () => {
    await shortPartner?.close();
    await short?.stop();
  });

  it('an expired token calls onTokenExpired, and updateToken resumes where the user was', async () => {
    const { page, widget, userId } = await openWidget({}, { server: short, partnerServer: shortPartner });
    await toLogin(widget, 'Grab', 'Email');
    await sleep(4_500);
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await waitFor(async () => (await calls(page, 'onTokenExpired')).length === 1, 'onTokenExpired', 15_000);
    assert.deepEqual((await calls(page, 'onTokenExpired'))[0].arg, { function: 1 });
    const fresh = await short.refreshToken(userId);
    await page.evaluate((t) => window.__updateToken(t), fresh);
    await widget.waitForEvent('ConnectSuccessPageOpened');
    assert.deepEqual((await accountCallbacks(page)).map((a) => a.name), ['onAccountCreated', 'onAccountConnected']);
    assert.deepEqual(await closeReasons(page), []);
    await assertNoSecrets(page, { exact: [GEORGE.password] });
    await page.close();
  });

  /** A partner page on the short-lived sandbox, its token minted now; `construct(page, options)` builds the instance. */
  async function openShort(path, construct) {
    const page = await browser.newPage();
    await page.goto(shortPartner.origin + path);
    await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
    const { token } = await short.mintToken();
    const expired = Date.now() + 4_500;
    await construct(page, { userToken: token, apiHost: short.origin + '/v1' });
    await page.evaluate(() => window.__modals.a.open());
    const widget = new Widget(page);
    await toLogin(widget, 'Grab', 'Email');
    await sleep(Math.max(0, expired - Date.now()));
    return { page, widget };
  }

  /** The session-expired error screen shows within `ms` of now; Exit then tells onClose TOKEN_EXPIRED. */
  async function expiresWithin(page, widget, ms) {
    await waitFor(async () => (await widget.eventNames()).at(-1) === 'ErrorPageOpened', 'the session-expired screen', ms);
    await widget.frame.getByText(/session has expired/i).waitFor({ timeout: 1_000 });
    const shown = (await calls(page, 'onUIEvent')).at(-1).arg;
    assert.equal(shown.errorCode, 'TOKEN_EXPIRED');
    await widget.error.exit();
    await waitFor(async () => (await calls(page, 'onClose')).length, 'onClose');
    const [closed] = (await calls(page, 'onClose')).map((c) => c.arg);
    assert.equal(closed.reason, 'error');
    assert.equal(closed.errorCode, 'TOKEN_EXPIRED');
    assert.equal(closed.lastScreen, 'ErrorPageOpened');
  }

  it("the documents' v2 onTokenExpired: () => {...} never updates the token: session expired within about 10 s", async () => {
    const { page, widget } = await openShort('/documents-v2.html',
      (p, o) => p.evaluate((opts) => window.__makeSample('v2', opts, { record: ['onUIEvent', 'onClose'] }), o));
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await waitFor(() => page.consoleMessages.some((m) => m.text === 'Token expired'), "the sample's onTokenExpired", 5_000);
    // The widget gives the partner 10 s to call updateToken; bounded at 20 s so a widget that waits forever fails.
    await expiresWithin(page, widget, 20_000);
    assert.equal(page.consoleMessages.filter((m) => m.text === 'Token expired').length, 1);
    await page.close();
  });

  it('without onTokenExpired the session-expired screen shows at once', async () => {
    const only = ['onLoad', 'onAccountCreated', 'onAccountConnected', 'onAccountError', 'onClose', 'onUIEvent'];
    const { page, widget } = await openShort('/', (p, o) => make(p, o, { only }));
    await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
    await expiresWithin(page, widget, 3_000);
    assert.deepEqual((await calls(page)).filter((c) => c.name === 'onAccountConnected'), []);
    await page.close();
  });
});

describe('screenshots', { skip: process.env.E2E_SCREENSHOTS !== '1' && 'set E2E_SCREENSHOTS=1 to save them' }, () => {
  for (const [width, height, size] of [[390, 844, 'phone'], [1280, 800, 'desktop']]) {
    it(`saves each screen at ${size} width`, async () => {
      const shot = (name) => screenshot(page, `${name}-${size}`);
      const { page, widget } = await openWidget({}, { viewport: { width, height } });
      await widget.consent.shows('Connect your employment account');
      await shot('consent');
      await widget.consent.continue();
      await widget.waitForEvent('ProviderListPageOpened');
      await sleep(300);
      await shot('providers');
      await widget.providers.choose('Upwork');
      await widget.waitForEvent('LoginOptionsPageOpened');
      await shot('login-options');
      await widget.loginOptions.choose('Email');
      await widget.waitForEvent('LoginPageOpened');
      await shot('login');
      await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await widget.waitForEvent('ConnectingPageOpened');
      await shot('connecting');
      await widget.waitForEvent('MfaPageOpened');
      await shot('mfa');
      await widget.mfa.submit(CODE);
      await widget.waitForEvent('ConnectSuccessPageOpened');
      await sleep(200);
      await shot('success');
      await widget.success.done();
      await page.evaluate(() => window.__modals.a.open());
      await widget.waitForEvent('AccountStatusPageOpened');
      await sleep(200);
      await shot('accounts');
      await widget.frame.getByRole('button', { name: 'Disconnect Upwork', exact: true }).click();
      await widget.waitForEvent('AccountRevokePageOpened');
      await shot('disconnect');
      await page.close();

      const failed = await openWidget({}, { viewport: { width, height } });
      await toLogin(failed.widget, 'Grab', 'Email');
      await failed.widget.login.submit({ Email: 'error_ACCOUNT_LOCKED@smileapi.io', Password: 'x' });
      await failed.widget.error.code('ACCOUNT_LOCKED').waitFor({ timeout: 10_000 });
      await screenshot(failed.page, `error-${size}`);
      await failed.page.close();
    });
  }
});
