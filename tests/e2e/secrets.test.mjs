// No credential, MFA code or file content leaves the widget: after every kind of flow (success, wrong password, MFA,
// upload, an expired token) the test scans every message the partner page received, every callback payload, every
// request URL of every frame, the console of every frame, localStorage, sessionStorage and document.cookie of both
// the partner page and the widget frame, and the browser's cookie jar. A first test proves the scan sees each place.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { calls, launchBrowser, make, messages, startPartner, startSandbox, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';
import { GEORGE, MFA_CODE, T, pdf, tempFile, toFileTypes, toLogin } from './steps.mjs';

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

/** A partner page that records the URL of every request any of its frames makes. */
async function partnerPage() {
  const page = await browser.newPage();
  page.urls = [];
  page.on('request', (r) => page.urls.push(r.url()));
  await page.goto(partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  return page;
}

/** Every place a secret could leak to, as text, by name. */
async function places(page) {
  const storages = [];
  for (const frame of page.frames()) {
    const seen = await frame.evaluate(() => ({
      origin: location.origin,
      localStorage: { ...localStorage },
      sessionStorage: { ...sessionStorage },
      cookie: document.cookie,
    })).catch(() => null);
    if (seen) storages.push(seen);
  }
  return {
    'messages to the partner page': JSON.stringify(await messages(page)),
    'callback payloads': JSON.stringify(await calls(page)),
    'request URLs': JSON.stringify(page.urls),
    'console output': JSON.stringify(page.consoleMessages),
    'storage and document.cookie of each frame': JSON.stringify(storages),
    'cookies': JSON.stringify(await browser.context.cookies()),
    frames: storages.map((s) => s.origin),
  };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A secret as a whole token: not a digit run inside a longer one (a request id may hold "1234"). */
const asToken = (secret) => new RegExp(`(^|[^A-Za-z0-9])${escape(secret)}($|[^A-Za-z0-9])`);

/** Fails naming the place and the secret's kind when any place holds any secret. */
async function assertNowhere(page, secrets) {
  const found = await places(page);
  assert.ok(found.frames.includes(sandbox.origin) || found.frames.length >= 1, 'the scan read the frames');
  for (const [place, text] of Object.entries(found)) {
    if (place === 'frames') continue;
    for (const [kind, secret] of Object.entries(secrets)) {
      assert.ok(!asToken(secret).test(text), `${kind} found in ${place}`);
    }
  }
}

async function launch(page, tag, options = {}) {
  const { token, userId } = await sandbox.mintToken();
  await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options }, { tag });
  await page.evaluate((t) => window.__modals[t].open(), tag);
  return { token, userId };
}

const closed = (page, count) => waitFor(async () => (await calls(page, 'onClose')).length >= count, `onClose #${count}`, T);

describe('no secret anywhere', () => {
  it('the scan sees each place: a marker put in each one is found there', async () => {
    const page = await partnerPage();
    await launch(page, 'probe');
    const widget = new Widget(page);
    await widget.waitForEvent('ConsentPageOpened');
    const frame = await widget.contentFrame();
    const marker = `probe${randomBytes(6).toString('hex')}`;
    await frame.evaluate((m) => {
      console.log(`seen ${m}`);
      localStorage.setItem('probe', m);
      sessionStorage.setItem('probe', m);
      document.cookie = `probe=${m}`;
      parent.postMessage({ probe: m }, '*');
      fetch(`/?probe=${m}`).catch(() => {});
    }, marker);
    await waitFor(async () => (await messages(page)).some((m) => m.data?.probe === marker), 'the probe message');
    await waitFor(() => page.urls.some((u) => u.includes(marker)), 'the probe request');
    const found = await places(page);
    assert.ok(found.frames.includes(sandbox.origin), `the widget frame is scanned: ${found.frames}`);
    for (const place of ['messages to the partner page', 'request URLs', 'console output', 'storage and document.cookie of each frame', 'cookies']) {
      assert.ok(asToken(marker).test(found[place]), `the scan of ${place} sees a marker there`);
    }
    await frame.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
      document.cookie = 'probe=; max-age=0';
    });
    await page.close();
  });

  it('after success, a wrong password, MFA, an upload and an expired token: no password, code or file content', async () => {
    const page = await partnerPage();
    const widget = new Widget(page);
    const wrong = `Wr0ng-${randomBytes(8).toString('hex')}`;
    const marker = `payslip-${randomBytes(8).toString('hex')}`;
    const document = tempFile('march.pdf', pdf(`Net pay ${marker}`));
    const secrets = {
      'the password': GEORGE.password,
      'the wrong password': wrong,
      'the MFA code': MFA_CODE,
      'a wrong MFA code': '9073',
      "the file's text": marker,
      "the file's bytes as base64": document.bytes.toString('base64').slice(0, 40),
    };
    try {
      // Success: Grab by email.
      await launch(page, 'success');
      await toLogin(widget, 'Grab', 'Email');
      await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await widget.waitForEvent('ConnectSuccessPageOpened');
      await widget.success.done();
      await closed(page, 1);
      await assertNowhere(page, secrets);

      // A wrong password.
      await launch(page, 'wrong');
      await toLogin(widget, 'Grab', 'Email');
      await widget.login.submit({ Email: GEORGE.email, Password: wrong });
      await widget.error.code('INVALID_CREDENTIALS').waitFor({ timeout: T });
      await widget.error.exit();
      await closed(page, 2);
      await assertNowhere(page, secrets);

      // MFA: a wrong code, then the right one.
      await launch(page, 'mfa');
      await toLogin(widget, 'Upwork', 'Email');
      await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await widget.waitForEvent('MfaPageOpened');
      await widget.mfa.submit(secrets['a wrong MFA code']);
      await widget.mfa.wrongCodeMessage().waitFor({ timeout: T });
      await widget.mfa.submit(MFA_CODE);
      await widget.waitForEvent('ConnectSuccessPageOpened');
      await widget.success.done();
      await closed(page, 3);
      await assertNowhere(page, secrets);

      // An upload.
      await launch(page, 'upload', { enableUpload: true });
      await toFileTypes(widget);
      await widget.fileTypes.choose('Payslip');
      await widget.waitForEvent('FileTypePageOpened');
      await widget.upload.choose([document.path]);
      await widget.upload.removeButton(document.name).waitFor({ timeout: T });
      await widget.upload.submit();
      await widget.waitForEvent('ArchiveSuccessPageOpened');
      await widget.archiveSuccess.done();
      await closed(page, 4);
      await assertNowhere(page, secrets);

      // The token expires as the login is sent; the partner gives a new one and the login goes on.
      const { token, userId } = await launch(page, 'expiry');
      await toLogin(widget, 'Grab', 'Email');
      await sandbox.setFaults([{ kind: 'expireToken', method: 'POST', path: '/v1/accounts', times: 1 }]);
      await widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await waitFor(async () => (await calls(page, 'onTokenExpired')).length === 1, 'onTokenExpired', T);
      const fresh = await sandbox.refreshToken(userId);
      await page.evaluate((t) => window.__updateToken(t), fresh);
      await widget.waitForEvent('ConnectSuccessPageOpened');
      await widget.success.done();
      await closed(page, 5);
      // Link tokens travel only in init/updateToken messages and Authorization headers: never in a URL or storage.
      await assertNowhere(page, { ...secrets, 'the first token': token, 'the new token': fresh });
    } finally {
      await sandbox.clearFaults();
      document.remove();
      await page.close();
    }
  });
});
