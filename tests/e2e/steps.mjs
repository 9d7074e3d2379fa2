// The steps of the widget's flows that the fault and secret tests share: a launched widget with every request it
// makes recorded, the way to each screen as a user clicks through, and a small document to upload.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calls, make, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

export const T = 10_000;
export const GEORGE = { email: 'gpalomero1234@smileapi.io', password: '123456' };
export const MFA_CODE = '1234';
export const ACME = 'wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d';

/**
 * A partner page with the shim loaded and a fresh user, not yet launched. `ctx.requests` records every request
 * to the sandbox from any frame: `{method, path, at, auth}` (`auth` is filled in as the headers arrive).
 */
export async function newContext(browser, sandbox, partner) {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== sandbox.origin) return;
    const entry = { method: r.method(), path: url.pathname, query: url.search, at: Date.now(), auth: null };
    requests.push(entry);
    r.allHeaders().then((h) => (entry.auth = h.authorization || null), () => {});
  });
  await page.goto(partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token, userId } = await sandbox.mintToken();
  return { page, widget: new Widget(page), token, userId, requests, sandbox };
}

/** Constructs the instance with the context's token and opens it. */
export async function launch(ctx, options = {}) {
  await make(ctx.page, { userToken: ctx.token, apiHost: ctx.sandbox.origin + '/v1', ...options });
  await ctx.page.evaluate(() => window.__modals.a.open());
}

/** The requests so far that a fault rule `{method, path}` matches. */
export const matching = (ctx, { method, path }) =>
  ctx.requests.filter((r) => r.path.startsWith(path) && (!method || r.method === method.toUpperCase()));

export const eventNames = async (page) => (await calls(page, 'onUIEvent')).map((c) => c.arg.eventName);
export const lastEvent = async (page) => (await calls(page, 'onUIEvent')).at(-1)?.arg;

export async function toProviders(widget) {
  await widget.waitForEvent('ConsentPageOpened');
  await widget.consent.continue();
  await widget.waitForEvent('ProviderListPageOpened');
}

/** Consent → the provider list → `provider` → its login option `option` → the login screen. */
export async function toLogin(widget, provider = 'Grab', option = 'Email') {
  await toProviders(widget);
  await widget.providers.choose(provider);
  await widget.waitForEvent('LoginOptionsPageOpened');
  await widget.loginOptions.choose(option);
  await widget.waitForEvent('LoginPageOpened');
}

/** Consent → the provider list → Upload documents → the document types. */
export async function toFileTypes(widget) {
  await toProviders(widget);
  await widget.providers.uploadDocuments();
  await widget.waitForEvent('FileTypeListPageOpened');
}

/** A link API call from the partner's backend side (node), with a link token. */
export async function api(sandbox, method, path, token, body) {
  const r = await fetch(`${sandbox.origin}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

/** Connects George's Grab account for `token` through the API, as an earlier visit would have. */
export async function connectedBefore(sandbox, token) {
  const { body } = await api(sandbox, 'POST', '/accounts', token, { providerId: 'grab', credentials: GEORGE });
  const id = body.data.id;
  await waitFor(async () => (await api(sandbox, 'GET', `/accounts/${id}`, token)).body.data.connectionStatus === 'CONNECTED',
    'the account to connect', T);
  return id;
}

/** A small valid one-page PDF whose text is `text`. */
export function pdf(text) {
  const content = `BT /F1 14 Tf 24 60 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Writes `bytes` as `name` into a fresh temporary folder; `remove()` deletes it. */
export function tempFile(name, bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'smile-e2e-file-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, name, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
