// Accessibility, WCAG 2.2 AA (SPEC §4): axe-core inside the widget frame on every screen, in every shipped
// language, and for colour contrast in the template's colour and in dark mode; the whole connect flow by
// keyboard alone with focus always visible in the dialog; reflow at 320 CSS px (a 640 px window at 200%);
// nothing moves under prefers-reduced-motion. A partner page on its own origin, the shipped shim and widget
// page, the real sandbox server. Screens that would pass too quickly to check (loading, connecting) are held
// open by holding the one request they wait for, in this browser page only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, calls, launchBrowser, make, sleep, startPartner, startSandbox, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const T = 10_000;
const localeStrings = (tag) => JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));
/** A locale string with its `{name}` placeholders filled, as the widget fills them. */
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LOCALES = ['en', 'zh-CN', 'id', 'fil', 'vi', 'th'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
const CODE = '1234';
// The Acme Lending template: primary colour #0b6e4f, uploads on (sandbox/src/templates.rs).
const TEMPLATE = 'wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d';
// The sandbox's token lifetime on the second server, for the session-expired screen.
const TOKEN_TTL_S = 4;

let sandbox, partner, short, shortPartner, browser, dir;
const FILES = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smile-e2e-a11y-'));
  // The widget checks a file by its first bytes: a PDF header passes, plain text is turned away.
  FILES.pdf = join(dir, 'march-payslip.pdf');
  writeFileSync(FILES.pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  FILES.text = join(dir, 'notes.pdf');
  writeFileSync(FILES.text, 'Just some notes typed in a text editor, renamed to .pdf.\n');
  // Each one that started is kept, so `after` stops it even when the other failed to start.
  const servers = await Promise.allSettled([startSandbox(), startSandbox({ 'token-ttl': TOKEN_TTL_S })]);
  [sandbox, short] = servers.map((r) => r.value);
  const failed = servers.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  partner = await startPartner(sandbox.origin);
  shortPartner = await startPartner(short.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await partner?.close();
  await shortPartner?.close();
  await sandbox?.stop();
  await short?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A link API call from the partner's side (node), with a link token. */
async function api(server, method, path, token, body) {
  const r = await fetch(`${server.origin}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

/** An account created through the link API and left in the state it settles in (CONNECTED or ERROR). */
async function accountByApi(token, providerId, credentials, settles) {
  const created = await api(sandbox, 'POST', '/accounts', token, { providerId, credentials });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.data.id;
  await waitFor(async () => {
    const { data } = (await api(sandbox, 'GET', `/accounts/${id}`, token)).body;
    if (data.connectionStatus === 'AWAITING_MFA') await api(sandbox, 'POST', `/accounts/${id}/mfa`, token, { code: CODE });
    return data.connectionStatus === settles;
  }, `${providerId} to end ${settles} through the API`, T, 100);
}

/** A document uploaded through the link API, as an earlier visit would have left it. */
async function documentByApi(token) {
  const form = new FormData();
  form.append('fileType', 'PAYSLIP');
  form.append('file', new Blob([readFileSync(FILES.pdf)]), 'march-payslip.pdf');
  const r = await fetch(`${sandbox.origin}/v1/archives`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  assert.equal(r.status, 201, await r.text());
}

/**
 * A partner page, a fresh user and an open widget. `options` go to SmileLinkModal; `server`/`partnerServer`
 * pick the sandbox and `on` the browser; `prepare(token)` readies the user's data; `setup(page)` runs before
 * the instance is made (to hold a request: the shim loads the widget page, and the page its session, as soon
 * as the instance exists); `only` limits the callbacks.
 */
async function openWidget(options = {}, { server = sandbox, partnerServer = partner, on = browser, setup, prepare, only } = {}) {
  const page = await on.newPage();
  await page.goto(partnerServer.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token, userId } = await server.mintToken();
  const mintedAt = Date.now();
  if (prepare) await prepare(token);
  if (setup) await setup(page);
  await make(page, { userToken: token, apiHost: server.origin + '/v1', ...options }, only ? { only } : {});
  await page.evaluate(() => window.__modals.a.open());
  return { page, widget: new Widget(page), token, userId, mintedAt };
}

/** Another launch on the same page, as integrators write it: a new SmileLinkModal with this token, then open(). */
async function relaunch(page, token, options, tag) {
  await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options }, { tag });
  await page.evaluate((t) => window.__modals[t].open(), tag);
}

/**
 * Holds the page's next `method` request whose path matches `path` until `release()`; `arrived` resolves when
 * it is held. Only this page is affected, so walks running beside it keep their timing.
 */
async function hold(page, method, path) {
  let release, arrived;
  const released = new Promise((r) => (release = r));
  const seen = new Promise((r) => (arrived = r));
  let taken = false;
  const matches = (url) => path.test(url.pathname);
  const handler = async (route) => {
    if (taken || route.request().method() !== method) return route.fallback();
    taken = true;
    arrived();
    // Bounded: a test that fails before releasing does not leave the request hanging.
    await within(released, 20_000).catch(() => {});
    await route.fallback().catch(() => {});
  };
  await page.route(matches, handler);
  return {
    arrived: () => within(seen, T, `${method} ${path} to be requested`),
    async release() {
      release();
      await page.unroute(matches, handler).catch(() => {});
    },
  };
}

/** Waits for every walk, so none is still running when its test ends, then fails with the first failure. */
async function all(walks) {
  const settled = await Promise.allSettled(walks);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => r.value);
}

/** `promise`, or a rejection after `ms`; the timer goes with it, so nothing keeps the process waiting. */
function within(promise, ms, what = 'a bounded wait') {
  let timer;
  const late = new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Runs axe-core in the widget's frame; returns the violations as plain data, and with `incomplete` also the
 * checks axe could not decide (for colour contrast: text over something it cannot measure).
 */
async function axe(widget, runOnly = { type: 'tag', values: WCAG_TAGS }, { incomplete = false } = {}) {
  const frame = await widget.contentFrame();
  // The widget page's CSP blocks script elements from anywhere else; evaluation through the driver is not a script element.
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async ([only, undecided]) => {
    const result = await window.axe.run(document, { runOnly: only, resultTypes: ['violations'] });
    const plain = (v, kind) => ({
      id: kind ? `${v.id} (${kind})` : v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
    });
    return [...result.violations.map((v) => plain(v)), ...(undecided ? result.incomplete.map((v) => plain(v, 'undecided')) : [])];
  }, [runOnly, incomplete]);
}

/** One line per violation: id, impact, the target selectors and the first element's HTML. */
function describeViolations(violations) {
  return violations.map((v) =>
    `  ${v.id} (${v.impact}): ${v.help}\n    targets: ${v.nodes.map((n) => n.target).join(' | ')}\n    html: ${v.nodes[0].html}\n    ${(v.nodes[0].summary || '').replace(/\n/g, ' ')}`,
  ).join('\n');
}

/**
 * Collects axe findings of a walk, so one screen's violations do not hide the next screen's. With `lang`, each
 * screen's page must also say it is in that language (axe checks only that the attribute is valid).
 */
class Audit {
  constructor(label, { lang } = {}) {
    this.label = label;
    this.lang = lang;
    this.found = [];
    this.screens = [];
  }

  async scan(widget, screen, runOnly, how) {
    const violations = await axe(widget, runOnly, how);
    this.screens.push(screen);
    if (violations.length) this.found.push({ screen, violations });
    if (this.lang && screen !== 'loading') {
      const lang = await (await widget.contentFrame()).evaluate(() => document.documentElement.lang);
      this.check(screen, { lang }, { lang: this.lang }, 'the page says it is in the chosen language');
    }
  }

  /** Records a finding outside axe's rules when `actual` is not `expected`. */
  check(screen, actual, expected, what) {
    try {
      assert.deepEqual(actual, expected);
    } catch {
      this.found.push({ screen, violations: [{ id: 'widget-check', impact: 'n/a', help: what,
        nodes: [{ target: '(see expected)', html: `got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}` }] }] });
    }
  }

  assertClean() {
    const message = this.found.map((f) => `${this.label} — ${f.screen}:\n${describeViolations(f.violations)}`).join('\n');
    assert.deepEqual(this.found.map((f) => [f.screen, f.violations.map((v) => v.id)]), [],
      `accessibility findings on ${this.found.length} of ${this.screens.length} screens:\n${message}`);
  }
}

/** The controls of the widget in one language, found by role and the locale's own strings. */
function speak(widget, t) {
  const f = widget.frame;
  return {
    t,
    f,
    button: (name) => f.getByRole('button', { name, exact: true }),
    /** Waits for the screen whose onUIEvent is `event` and its title. */
    async at(event, title) {
      await widget.waitForEvent(event);
      if (title) await f.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: T });
    },
    search: () => f.getByRole('searchbox', { name: t.search_label, exact: true }),
    provider: (name) => f.getByRole('button', { name: new RegExp(`^${name}\\b`) }).first(),
    field: (label) => f.getByLabel(label, { exact: true }),
    /**
     * Clicks once `locator` is visible, without waiting for it to hold still over animation frames: nothing
     * in the widget moves, and on a busy machine those frames in a cross-origin frame come slowly.
     */
    async click(locator) {
      await locator.waitFor({ state: 'visible', timeout: T });
      await locator.click({ timeout: T, force: true });
    },
    /** The provider list once its first page has loaded (its skeleton gone). */
    async listed(name) {
      await f.getByRole('button', { name: new RegExp(`^${name}\\b`) }).first().waitFor({ timeout: T });
      await f.locator('.wink-skeleton').waitFor({ state: 'detached', timeout: T });
    },
  };
}

/** consent → list (loading, loaded, searched, no match) → SSS's login options → back → Upwork → login → MFA → success → accounts. */
async function mainPath(tag, audit) {
  const t = localeStrings(tag);
  let session;
  const { page, widget, token, userId } = await openWidget({ locale: tag }, {
    setup: async (p) => (session = await hold(p, 'GET', /^\/v1\/session$/)),
  });
  const w = speak(widget, t);
  try {
    await session.arrived();
    await w.f.locator('#wink-title').waitFor({ state: 'attached', timeout: T });
    await audit.scan(widget, 'loading');
    // The locale's strings load beside the session, so the loading screen can already speak the language.
    const frame = await widget.contentFrame();
    const speaks = () => frame.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.getElementById('wink-title')?.textContent,
      close: document.querySelector('.wink-modal__bar button:last-child')?.getAttribute('aria-label'),
    }));
    const wanted = { lang: tag, title: t.loading, close: t.close };
    const shown = await waitFor(async () => {
      const now = await speaks();
      return JSON.stringify(now) === JSON.stringify(wanted) && now;
    }, 'the loading screen in its language', 2_000).catch(speaks);
    audit.check('loading', shown, wanted, 'the loading screen is in the chosen language');
    await session.release();

    await w.at('ConsentPageOpened', t.consent_title);
    await audit.scan(widget, 'consent');
    const providers = await hold(page, 'GET', /^\/v1\/providers$/);
    await w.click(w.button(t.continue_));
    await w.at('ProviderListPageOpened', t.providers_title);
    await providers.arrived();
    await w.f.locator('.wink-skeleton').waitFor({ timeout: T });
    await audit.scan(widget, 'provider list, first page loading');
    await providers.release();
    await w.listed('ADP');
    await audit.scan(widget, 'provider list');
    await w.search().fill('up', { timeout: T });
    await w.f.getByRole('button', { name: /^Upwork\b/ }).waitFor({ timeout: T });
    await w.listed('Upwork');
    await audit.scan(widget, 'provider list, searched "up"');
    await w.search().fill('zzzz nothing', { timeout: T });
    await w.f.getByText(t.providers_empty, { exact: true }).waitFor({ timeout: T });
    await w.button(t.not_listed).waitFor({ timeout: T });
    await audit.scan(widget, 'provider list, no match');

    await w.search().fill('SSS', { timeout: T });
    await w.click(w.provider('SSS'));
    // The usual login options and fields are named in the widget's language.
    await w.at('LoginOptionsPageOpened', fill(t.login_options_title, { provider: 'SSS' }));
    for (const label of [t.field_labels.email, t.field_labels.mobile, t.field_labels.ss_number]) {
      await w.button(label).waitFor({ timeout: T });
    }
    await audit.scan(widget, 'login options (SSS: Email, Mobile number, SS number)');
    await w.click(w.button(t.back));
    await w.at('ProviderListPageOpened', t.providers_title);

    await w.search().fill('Upwork', { timeout: T });
    await w.click(w.provider('Upwork'));
    await w.at('LoginOptionsPageOpened', fill(t.login_options_title, { provider: 'Upwork' }));
    await w.click(w.button(t.field_labels.username));
    await w.at('LoginPageOpened', fill(t.login_title, { provider: 'Upwork' }));
    await w.click(w.button(t.login_submit));
    await w.f.getByText(t.form_has_errors, { exact: true }).waitFor({ timeout: T });
    await w.f.getByText(fill(t.field_required, { field: t.field_labels.username }), { exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'login, errors after an empty submit');

    await w.field(t.field_labels.username).fill('George', { timeout: T });
    await w.field(t.field_labels.password).fill(GEORGE.password, { timeout: T });
    const create = await hold(page, 'POST', /^\/v1\/accounts$/);
    await w.click(w.button(t.login_submit));
    await create.arrived();
    await w.at('ConnectingPageOpened', fill(t.connecting_title, { provider: 'Upwork' }));
    await audit.scan(widget, 'connecting');
    await create.release();

    await w.at('MfaPageOpened', t.mfa_title);
    await audit.scan(widget, 'MFA');
    await w.field(t.mfa_code_label).fill('0000', { timeout: T });
    await w.click(w.button(t.mfa_submit));
    await w.f.getByText(fill(t.mfa_wrong, { count: 2 }), { exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'MFA, after a wrong code');
    await w.field(t.mfa_code_label).fill(CODE, { timeout: T });
    await w.click(w.button(t.mfa_submit));
    await w.at('ConnectSuccessPageOpened', t.success_title);
    await audit.scan(widget, 'success');
    await w.click(w.button(t.done));
    await waitFor(async () => (await calls(page, 'onClose')).length === 1, 'onClose', T);

    // A returning user: Upwork connected, a Grab login that failed, a document uploaded.
    await accountByApi(token, 'grab', { email: GEORGE.email, password: 'not-the-Passw0rd' }, 'ERROR');
    await documentByApi(token);
    await relaunch(page, await sandbox.refreshToken(userId), { locale: tag, enableUpload: true }, 'again');
    await w.at('AccountStatusPageOpened', t.accounts_title);
    await w.button(fill(t.reconnect_named, { provider: 'Grab' })).waitFor({ timeout: T });
    await w.f.getByRole('list', { name: t.documents_list_label, exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'account status (connected, ERROR account, uploaded document)');
    await w.click(w.button(fill(t.disconnect_named, { provider: 'Upwork' })));
    await w.at('AccountRevokePageOpened', fill(t.revoke_title, { provider: 'Upwork' }));
    await audit.scan(widget, 'revoke confirmation');
    await w.click(w.button(t.cancel));
    await w.at('AccountStatusPageOpened', t.accounts_title);
    // "Remove Payslip (date)": named by the document's type, then its date in the locale's format.
    const removeName = fill(t.remove_named.split('{date}')[0], { type: t.file_type_labels.payslip });
    await w.click(w.f.getByRole('button', { name: new RegExp(`^${escapeRegExp(removeName)}`) }).first());
    await w.at('RevokeArchivePageOpened');
    await audit.scan(widget, 'remove-document confirmation');
  } finally {
    await page.close();
  }
}

/** A wrong password (error) → Try again → back to the list → no match → survey → document types → upload → uploaded. */
async function errorAndUploadPath(tag, audit) {
  const t = localeStrings(tag);
  const { page, widget } = await openWidget({ locale: tag, enableUpload: true });
  const w = speak(widget, t);
  try {
    await w.at('ConsentPageOpened', t.consent_title);
    await w.click(w.button(t.continue_));
    await w.at('ProviderListPageOpened', t.providers_title);
    await w.listed('ADP');
    await w.search().fill('Grab', { timeout: T });
    await w.click(w.provider('Grab'));
    await w.at('LoginOptionsPageOpened');
    await w.click(w.button(t.field_labels.email));
    await w.at('LoginPageOpened', fill(t.login_title, { provider: 'Grab' }));
    await w.field(t.field_labels.email).fill(GEORGE.email, { timeout: T });
    await w.field(t.field_labels.password).fill('not-the-Passw0rd', { timeout: T });
    await w.click(w.button(t.login_submit));
    await w.at('ErrorPageOpened', t.error_title);
    await w.f.getByText(fill(t.error_code, { code: 'INVALID_CREDENTIALS' }), { exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'error (INVALID_CREDENTIALS)');

    await w.click(w.button(t.retry));
    await w.at('LoginPageOpened');
    await w.click(w.button(t.back));
    await w.at('LoginOptionsPageOpened');
    await w.click(w.button(t.back));
    await w.at('ProviderListPageOpened');
    await w.search().fill('Kopi Corner', { timeout: T });
    await w.click(w.button(t.not_listed));
    await w.at('EmployerSurveyPageOpened', t.survey_title);
    await audit.scan(widget, 'survey');
    await w.field(t.survey_label).fill('', { timeout: T });
    await w.click(w.button(t.survey_submit));
    await w.f.getByText(t.survey_required, { exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'survey, a name required');
    await w.field(t.survey_label).fill('Kopi Corner Cebu', { timeout: T });
    await w.click(w.button(t.survey_submit));

    await w.at('FileTypeListPageOpened', t.file_types_title);
    const payslip = w.f.getByRole('list', { name: t.file_types_list_label, exact: true })
      .getByRole('button', { name: t.file_type_labels.payslip, exact: true });
    await payslip.waitFor({ timeout: T });
    await audit.scan(widget, 'document types');
    await w.click(payslip);
    await w.at('FileTypePageOpened');
    await audit.scan(widget, 'upload, nothing chosen');
    await w.field(t.upload_choose).setInputFiles([FILES.pdf, FILES.text], { timeout: T });
    await w.button(fill(t.upload_remove_named, { name: 'march-payslip.pdf' })).waitFor({ timeout: T });
    await w.f.getByRole('alert').getByRole('listitem').first().waitFor({ timeout: T });
    await audit.scan(widget, 'upload, a file listed and a file rejected');
    await w.click(w.button(t.upload_submit));
    await w.at('ArchiveSuccessPageOpened', t.archive_success_title);
    await audit.scan(widget, 'upload success');
  } finally {
    await page.close();
  }
}

/** A token that expired before the first call after consent, with no onTokenExpired: the session-expired screen. */
async function expiredPath(tag, audit) {
  const t = localeStrings(tag);
  const only = ['onLoad', 'onClose', 'onUIEvent'];
  const { page, widget, mintedAt } = await openWidget({ locale: tag }, { server: short, partnerServer: shortPartner, only });
  const w = speak(widget, t);
  try {
    await w.at('ConsentPageOpened', t.consent_title);
    await sleep(Math.max(0, mintedAt + TOKEN_TTL_S * 1000 + 500 - Date.now()));
    await w.click(w.button(t.continue_));
    await w.at('ErrorPageOpened', t.error_title);
    await w.f.getByText(t.error_session_expired, { exact: true }).waitFor({ timeout: T });
    await audit.scan(widget, 'session expired');
  } finally {
    await page.close();
  }
}

describe('axe-core (WCAG 2.2 AA rules) on every screen', { concurrency: 2 }, () => {
  for (const tag of LOCALES) {
    it(`${tag}: every screen of the main, error, survey and upload paths, and session expired`, async () => {
      const audit = new Audit(tag, { lang: tag });
      await all([mainPath(tag, audit), errorAndUploadPath(tag, audit), expiredPath(tag, audit)]);
      assert.equal(audit.screens.length, 23, `screens checked: ${audit.screens.join(', ')}`);
      audit.assertClean();
    });
  }
});

/** Consent → list → Grab's login (by email) → a wrong password's error; `scan(name)` runs at each screen. */
async function toGrabError(w, t, scan) {
  // A template names the partner in the consent title, so the screen is known by its event and button.
  await w.at('ConsentPageOpened');
  await w.button(t.continue_).waitFor({ timeout: T });
  await scan('consent');
  await w.click(w.button(t.continue_));
  await w.at('ProviderListPageOpened', t.providers_title);
  await w.listed('ADP');
  await scan('provider list');
  await w.search().fill('Grab', { timeout: T });
  await w.click(w.provider('Grab'));
  await w.at('LoginOptionsPageOpened');
  await w.click(w.button(t.field_labels.email));
  await w.at('LoginPageOpened', fill(t.login_title, { provider: 'Grab' }));
  await scan('login');
  await w.click(w.button(t.login_submit));
  await w.f.getByText(t.form_has_errors, { exact: true }).waitFor({ timeout: T });
  await scan('login, errors after an empty submit');
  await w.field(t.field_labels.email).fill(GEORGE.email, { timeout: T });
  await w.field(t.field_labels.password).fill('not-the-Passw0rd', { timeout: T });
  await w.click(w.button(t.login_submit));
  await w.at('ErrorPageOpened', t.error_title);
  await w.f.getByText(fill(t.error_code, { code: 'INVALID_CREDENTIALS' }), { exact: true }).waitFor({ timeout: T });
  await scan('error (INVALID_CREDENTIALS)');
}

describe('colour contrast in the template colour and in dark mode', () => {
  const CONTRAST = { type: 'rule', values: ['color-contrast'] };
  const variants = [
    { name: 'template #0b6e4f', options: { templateId: TEMPLATE }, primary: '#0b6e4f', scheme: 'light' },
    { name: 'dark', options: { theme: { colorScheme: 'dark' } }, primary: '#1f5eff', scheme: 'dark' },
    { name: 'template #0b6e4f, dark', options: { templateId: TEMPLATE, theme: { colorScheme: 'dark' } }, primary: '#0b6e4f', scheme: 'dark' },
  ];

  it('consent, provider list, login and error pass color-contrast', async () => {
    const t = localeStrings('en');
    const audit = new Audit('contrast');
    await all(variants.map(async (variant) => {
      const { page, widget } = await openWidget(variant.options);
      const w = speak(widget, t);
      try {
        await w.at('ConsentPageOpened');
        // The variant is really in force: the primary colour and the colour scheme the page resolved.
        const look = await (await widget.contentFrame()).evaluate(() => {
          const root = getComputedStyle(document.documentElement);
          return { primary: root.getPropertyValue('--wink-primary').trim().toLowerCase(), scheme: root.colorScheme };
        });
        assert.deepEqual(look, { primary: variant.primary, scheme: variant.scheme }, variant.name);
        await toGrabError(w, t, (screen) => audit.scan(widget, `${variant.name}: ${screen}`, CONTRAST, { incomplete: true }));
      } finally {
        await page.close();
      }
    }));
    assert.equal(audit.screens.length, variants.length * 5);
    audit.assertClean();
  });

  it("dark mode: the account screen and both confirmations (their danger button) pass color-contrast", async () => {
    const t = localeStrings('en');
    const audit = new Audit('contrast');
    const dark = { theme: { colorScheme: 'dark' }, enableUpload: true };
    const { page, widget } = await openWidget(dark, {
      prepare: async (token) => {
        await accountByApi(token, 'grab', { email: GEORGE.email, password: GEORGE.password }, 'CONNECTED');
        await documentByApi(token);
      },
    });
    const w = speak(widget, t);
    try {
      await w.at('AccountStatusPageOpened', t.accounts_title);
      await w.f.getByRole('list', { name: t.documents_list_label, exact: true }).waitFor({ timeout: T });
      await audit.scan(widget, 'dark: account status', CONTRAST, { incomplete: true });
      await w.click(w.button(fill(t.disconnect_named, { provider: 'Grab' })));
      await w.at('AccountRevokePageOpened', fill(t.revoke_title, { provider: 'Grab' }));
      await audit.scan(widget, 'dark: revoke confirmation', CONTRAST, { incomplete: true });
      await w.click(w.button(t.cancel));
      await w.at('AccountStatusPageOpened', t.accounts_title);
      await w.click(w.f.getByRole('button', { name: /^Remove Payslip \(/ }));
      await w.at('RevokeArchivePageOpened');
      await audit.scan(widget, 'dark: remove-document confirmation', CONTRAST, { incomplete: true });
    } finally {
      await page.close();
    }
    audit.assertClean();
  });
});

describe('the keyboard alone', () => {
  /**
   * Presses `key` until `target` has focus (at most `max` times), checking after every press that focus is
   * in the dialog and visibly marked; returns the problems seen.
   */
  async function pressTo(page, widget, target, what, { key = 'Tab', max = 25, problems }) {
    for (let i = 0; i <= max; i++) {
      if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) return;
      if (i === max) break;
      await page.keyboard.press(key);
      await checkFocus(widget, `${key} towards ${what}`, problems);
    }
    assert.fail(`${what} was not reached with ${key} in ${max} presses (focus on ${(await widget.focused()).html})`);
  }

  /** Focus is on the widget's frame, inside the dialog, and (unless it is the screen title) has a visible ring. */
  async function checkFocus(widget, step, problems) {
    const at = await widget.focused();
    const ok = at.onFrame && at.inDialog && (at.id === 'wink-title' || (at.visible && at.outline !== 'none'));
    if (!ok) problems.push(`${step}: ${JSON.stringify(at)}`);
    return at;
  }

  it("connects George's Grab account by Tab, Shift+Tab, arrows, Space and Enter; focus stays visible in the dialog; Escape closes", async () => {
    const t = localeStrings('en');
    const { page, widget, userId } = await openWidget();
    const w = speak(widget, t);
    const problems = [];
    try {
      await w.at('ConsentPageOpened', t.consent_title);
      const frame = await widget.contentFrame();
      // Proof that nothing here used the mouse: every pointer event the widget page sees is counted.
      await frame.evaluate(() => {
        window.__pointer = [];
        for (const type of ['pointerdown', 'mousedown', 'click']) {
          // A click from Enter or Space has no pointer behind it: detail 0.
          addEventListener(type, (e) => (type !== 'click' || e.detail > 0) && window.__pointer.push(type), true);
        }
      });
      await waitFor(async () => (await widget.focused()).id === 'wink-title', 'focus on the consent title', T);
      await checkFocus(widget, 'consent opened', problems);

      // Tab goes round the dialog and never leaves it; Shift+Tab goes back.
      const seen = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        seen.push((await checkFocus(widget, `consent, Tab #${i + 1}`, problems)).html);
      }
      assert.ok(new Set(seen).size < seen.length, `Tab came round within 8 presses: ${seen.join(' → ')}`);
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('Shift+Tab');
        await checkFocus(widget, `consent, Shift+Tab #${i + 1}`, problems);
      }
      await pressTo(page, widget, w.button(t.continue_), 'Continue', { problems });
      await page.keyboard.press('Enter');

      await w.at('ProviderListPageOpened', t.providers_title);
      await w.listed('ADP');
      await pressTo(page, widget, w.search(), 'the search box', { problems });
      // Down from the search box into the list, down and up between providers, Shift+Tab back to the box.
      await page.keyboard.press('ArrowDown');
      const first = await checkFocus(widget, 'ArrowDown from the search box', problems);
      await page.keyboard.press('ArrowDown');
      const second = await checkFocus(widget, 'ArrowDown in the list', problems);
      await page.keyboard.press('ArrowUp');
      const back = await checkFocus(widget, 'ArrowUp in the list', problems);
      assert.match(first.text, /^ADP\b/);
      // Rows are told apart by what they say (their markup starts the same).
      assert.notEqual(second.text, first.text, 'ArrowDown moves to the next provider');
      assert.equal(back.text, first.text, 'ArrowUp moves back');
      await pressTo(page, widget, w.search(), 'the search box', { key: 'Shift+Tab', problems });
      await page.keyboard.type('grab');
      await waitFor(async () => /^Grab\b/.test(await w.f.locator('.wink-provider').first().innerText().catch(() => '')),
        'Grab to head the results', T);
      await w.f.locator('.wink-skeleton').waitFor({ state: 'detached', timeout: T });
      await page.keyboard.press('ArrowDown');
      const grab = await checkFocus(widget, 'ArrowDown into the results', problems);
      assert.match(grab.text, /^Grab\b/);
      await page.keyboard.press('Enter');

      await w.at('LoginOptionsPageOpened', fill(t.login_options_title, { provider: 'Grab' }));
      await pressTo(page, widget, w.button(t.field_labels.email), 'the Email option', { problems });
      await page.keyboard.press('Space');

      await w.at('LoginPageOpened', fill(t.login_title, { provider: 'Grab' }));
      await pressTo(page, widget, w.field(t.field_labels.email), 'the Email field', { problems });
      await page.keyboard.type(GEORGE.email);
      await pressTo(page, widget, w.field(t.field_labels.password), 'the Password field', { problems });
      await page.keyboard.type(GEORGE.password);
      await pressTo(page, widget, w.button(t.login_submit), 'Connect', { problems });
      await page.keyboard.press('Enter');

      await w.at('ConnectSuccessPageOpened', t.success_title);
      await pressTo(page, widget, w.button(t.done), 'Done', { problems });
      await page.keyboard.press('Enter');
      await waitFor(async () => (await calls(page, 'onClose')).length === 1, 'onClose', T);
      assert.deepEqual((await calls(page, 'onAccountConnected')).map((c) => [c.arg.providerId, c.arg.userId]), [['grab', userId]]);
      assert.deepEqual((await calls(page, 'onClose')).map((c) => c.arg), [{ reason: 'exit', lastScreen: 'ConnectSuccessPageOpened' }]);
      assert.deepEqual(await frame.evaluate(() => window.__pointer), [], 'no pointer event reached the widget');

      // Escape closes, from a later launch (the account screen, now that Grab is connected).
      await relaunch(page, await sandbox.refreshToken(userId), {}, 'again');
      await w.at('AccountStatusPageOpened', t.accounts_title);
      await waitFor(async () => (await widget.focused()).id === 'wink-title', 'focus on the account screen title', T);
      await page.keyboard.press('Tab');
      await checkFocus(widget, 'account screen, Tab', problems);
      await page.keyboard.press('Escape');
      await waitFor(async () => (await calls(page, 'onClose')).length === 2, 'onClose after Escape', T);
      assert.deepEqual((await calls(page, 'onClose'))[1].arg, { reason: 'close', lastScreen: 'AccountStatusPageOpened' });
      assert.deepEqual(problems, [], 'focus left the dialog or was not visible');
    } finally {
      await page.close();
    }
  });
});

describe('reflow at 320 CSS px', () => {
  let narrow;
  before(async () => {
    narrow = await launchBrowser({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 });
  });
  after(async () => narrow?.close());

  /**
   * In the widget frame: no horizontal scrolling of the page or of any box in it, no element reaching past
   * either edge, and the primary button, scrolled to if need be, wholly in view.
   */
  async function layout(widget) {
    const frame = await widget.contentFrame();
    return frame.evaluate(() => {
      const root = document.documentElement;
      const width = root.clientWidth;
      const past = [...document.querySelectorAll('.wink-modal *')]
        .filter((el) => !el.closest('.wink-sr-only') && el.getClientRects().length)
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > width + 1 || r.left < -1);
        })
        .map((el) => el.outerHTML.slice(0, 120));
      const scrollers = [...document.querySelectorAll('.wink-modal, .wink-modal *')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX))
        .map((el) => `${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
      const button = [...document.querySelectorAll('.wink-button--primary')].find((b) => b.getClientRects().length);
      let primary = null;
      if (button) {
        // Scrolled to as a user could: only boxes that scroll for the user may have moved to show it.
        const boxes = [];
        for (let el = button.parentElement; el; el = el.parentElement) boxes.push([el, el.scrollTop, el.scrollLeft]);
        button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const hiddenScroll = boxes
          .filter(([el, top, left]) => (el.scrollTop !== top || el.scrollLeft !== left) && el !== document.documentElement
            && !/auto|scroll/.test(getComputedStyle(el).overflowY + getComputedStyle(el).overflowX))
          .map(([el]) => el.className);
        const r = button.getBoundingClientRect();
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        primary = {
          text: button.textContent.trim(),
          inside: r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5
            && hiddenScroll.length === 0 && !!hit && button.contains(hit),
          hiddenScroll,
          rect: [r.left, r.top, r.right, r.bottom].map(Math.round),
          viewport: [innerWidth, innerHeight],
        };
      }
      return { scrollWidth: root.scrollWidth, clientWidth: width, innerWidth, past, scrollers, primary };
    });
  }

  for (const [name, viewport] of [['320 x 640 at 2x', { width: 320, height: 640 }], ['640 x 800 at 200% (320 x 400)', { width: 320, height: 400 }]]) {
    it(`${name}: consent → list → Grab → login → connecting → success without sideways scrolling`, async () => {
      const t = localeStrings('en');
      const { page, widget } = await openWidget({}, { on: narrow });
      await page.setViewportSize(viewport);
      const w = speak(widget, t);
      const problems = [];
      const check = async (screen, { primary = true } = {}) => {
        const at = await layout(widget);
        assert.equal(at.innerWidth, viewport.width, `${screen}: the frame is as wide as the window`);
        if (at.scrollWidth > at.clientWidth + 1) problems.push(`${screen}: the page scrolls sideways (${at.scrollWidth} > ${at.clientWidth})`);
        for (const s of at.scrollers) problems.push(`${screen}: scrolls sideways inside: ${s}`);
        for (const html of at.past) problems.push(`${screen}: past the edge: ${html}`);
        if (primary && !at.primary) problems.push(`${screen}: no primary button shown`);
        if (at.primary && !at.primary.inside) {
          problems.push(`${screen}: "${at.primary.text}" not wholly in view: ${at.primary.rect} in ${at.primary.viewport}` +
            (at.primary.hiddenScroll.length ? `, shown only by scrolling ${at.primary.hiddenScroll} (not scrollable by the user)` : ''));
        }
      };
      try {
        await w.at('ConsentPageOpened', t.consent_title);
        await check('consent');
        await w.click(w.button(t.continue_));
        await w.at('ProviderListPageOpened', t.providers_title);
        await w.listed('ADP');
        await check('provider list', { primary: false });
        await w.search().fill('Grab', { timeout: T });
        await w.click(w.provider('Grab'));
        await w.at('LoginOptionsPageOpened');
        await check('login options', { primary: false });
        await w.click(w.button(t.field_labels.email));
        await w.at('LoginPageOpened', fill(t.login_title, { provider: 'Grab' }));
        await w.click(w.button(t.login_submit));
        await w.f.getByText(t.form_has_errors, { exact: true }).waitFor({ timeout: T });
        await check('login, errors shown');
        await w.field(t.field_labels.email).fill(GEORGE.email, { timeout: T });
        await w.field(t.field_labels.password).fill(GEORGE.password, { timeout: T });
        const create = await hold(page, 'POST', /^\/v1\/accounts$/);
        await w.click(w.button(t.login_submit));
        await create.arrived();
        await w.at('ConnectingPageOpened');
        await check('connecting', { primary: false });
        await create.release();
        await w.at('ConnectSuccessPageOpened', t.success_title);
        await check('success');
        await w.click(w.button(t.done));
        await waitFor(async () => (await calls(page, 'onClose')).length === 1, 'onClose', T);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }
});

describe('prefers-reduced-motion', () => {
  /** The animations of the elements matching `selector` in the widget frame. */
  async function motion(widget, selector) {
    const frame = await widget.contentFrame();
    return frame.evaluate((sel) => {
      const els = [...document.querySelectorAll(sel)];
      return {
        count: els.length,
        reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
        moving: els.flatMap((el) => el.getAnimations())
          .filter((a) => a.playState === 'running' && a.effect.getComputedTiming().duration > 0.01)
          .map((a) => `${a.animationName || a.constructor.name} ${a.effect.getComputedTiming().duration} ms × ${a.effect.getComputedTiming().iterations}`),
      };
    }, selector);
  }

  /** Loading skeleton, list skeleton and connecting spinner, each held on screen; returns what moves on each. */
  async function walk(reduce) {
    const t = localeStrings('en');
    let session;
    const { page, widget } = await openWidget({}, {
      setup: async (p) => {
        if (reduce) await p.emulateMedia({ reducedMotion: 'reduce' });
        session = await hold(p, 'GET', /^\/v1\/session$/);
      },
    });
    const w = speak(widget, t);
    const seen = {};
    try {
      await session.arrived();
      await w.f.locator('.wink-skeleton').waitFor({ timeout: T });
      seen.loading = await motion(widget, '.wink-skeleton__block');
      await session.release();
      await w.at('ConsentPageOpened', t.consent_title);
      const providers = await hold(page, 'GET', /^\/v1\/providers$/);
      await w.click(w.button(t.continue_));
      await providers.arrived();
      await w.f.locator('.wink-skeleton').waitFor({ timeout: T });
      seen.list = await motion(widget, '.wink-skeleton__block');
      await providers.release();
      await w.listed('ADP');
      await w.search().fill('Grab', { timeout: T });
      await w.click(w.provider('Grab'));
      await w.click(w.button(t.field_labels.email));
      await w.at('LoginPageOpened');
      await w.field(t.field_labels.email).fill(GEORGE.email, { timeout: T });
      await w.field(t.field_labels.password).fill(GEORGE.password, { timeout: T });
      const create = await hold(page, 'POST', /^\/v1\/accounts$/);
      await w.click(w.button(t.login_submit));
      await create.arrived();
      await w.at('ConnectingPageOpened');
      await w.f.locator('.wink-spinner').waitFor({ timeout: T });
      seen.connecting = await motion(widget, '.wink-spinner');
      await create.release();
      await w.at('ConnectSuccessPageOpened');
      return seen;
    } finally {
      await page.close();
    }
  }

  it('the loading skeletons and the connecting spinner do not move; without the preference they do', async () => {
    const [reduced, normal] = await all([walk(true), walk(false)]);
    for (const [screen, m] of Object.entries(normal)) {
      assert.ok(m.count > 0 && !m.reduce, `${screen}: shown without the preference`);
      assert.ok(m.moving.length > 0, `${screen}: moves without the preference (so the check below can see motion)`);
    }
    for (const [screen, m] of Object.entries(reduced)) {
      assert.ok(m.count > 0 && m.reduce, `${screen}: shown, with prefers-reduced-motion: reduce in the frame`);
    }
    assert.deepEqual(Object.fromEntries(Object.entries(reduced).map(([screen, m]) => [screen, m.moving])),
      { loading: [], list: [], connecting: [] }, 'animations still running under prefers-reduced-motion: reduce');
  });
});
