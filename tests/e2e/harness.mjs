// End-to-end harness: a headless Chromium, the sandbox server (or a stub widget page for shim-only tests),
// and a partner page served from a different origin with a strict Content-Security-Policy.
// Every wait here is bounded; every process started here is stopped by its id.
import { spawn, spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildShim } from '../../shim/build.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = join(ROOT, 'tests/e2e/pages');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value or `ms` pass; throws with `what` on timeout. */
export async function waitFor(probe, what, ms = 10_000, every = 50) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** How every headless Chromium here starts: Debian's binary, no GPU, nothing reaching beyond loopback. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** Launches headless Chromium with a fresh profile. `close()` also removes the profile. */
export async function launchBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'smile-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.consoleMessages = [];
      page.on('console', (m) => page.consoleMessages.push({ type: m.type(), text: m.text() }));
      page.on('pageerror', (e) => page.consoleMessages.push({ type: 'pageerror', text: String(e) }));
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A tiny HTTP server on 127.0.0.1. `handler(req, url)` returns `{status, type, body, headers}` or null (404).
 * Returns `{origin, port, close()}`.
 */
export async function startServer(handler) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const out = await handler(req, url);
      if (!out) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(out.status || 200, { 'content-type': out.type || 'text/html', 'cache-control': 'no-store', ...out.headers });
      res.end(out.body);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok).closeAllConnections()),
  };
}

function fileFrom(dir, pathname, replace = {}) {
  const file = resolve(dir, '.' + decodeURIComponent(pathname));
  if (!file.startsWith(dir + '/') || !existsSync(file)) return null;
  let body = readFileSync(file);
  const type = TYPES[extname(file)] || 'application/octet-stream';
  if (type === 'text/html') {
    body = Object.entries(replace).reduce((text, [k, v]) => text.replaceAll(`{{${k}}}`, v), body.toString());
  }
  return { type, body };
}

/**
 * Serves the partner test pages (tests/e2e/pages/partner*) on its own origin with a strict CSP:
 * scripts only from itself and the widget origin, no inline script or style, frames only from the widget.
 * `{{WIDGET}}` in a page becomes the widget origin (where smile.v2.js lives), and each `{{KEY}}` of `replace` its value.
 */
export async function startPartner(widgetOrigin, replace = {}) {
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${widgetOrigin}`,
    `frame-src ${widgetOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
  return startServer((req, url) => {
    // A second window on the widget's origin is served by the widget server; the partner only has its pages.
    const out = fileFrom(PAGES, url.pathname === '/' ? '/partner.html' : url.pathname, { ...replace, WIDGET: widgetOrigin });
    return out && { ...out, headers: { 'content-security-policy': csp } };
  });
}

/**
 * Serves a stand-in widget page that speaks docs/protocol.md (pages/stub-widget/), the shim as shipped at
 * /smile.v2.js and /smile.v1.js, and under /broken/ a shim whose widget page is missing.
 */
export async function startStubWidget() {
  const { code } = await buildShim();
  const dir = join(PAGES, 'stub-widget');
  return startServer((req, url) => {
    if (/^\/(broken\/)?smile\.v[12]\.js$/.test(url.pathname)) return { type: 'text/javascript', body: code };
    if (url.pathname.startsWith('/broken/')) return null;
    return fileFrom(dir, url.pathname === '/' ? '/index.html' : url.pathname);
  });
}

/** A folder with the built widget (dist/) and the shim as it would be shipped from the current source. */
async function widgetDist() {
  const dist = join(ROOT, process.env.DIST || 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: build the widget first (make build)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'smile-e2e-dist-'));
  for (const name of readdirSync(dist)) {
    if (!/^smile\.(v[12]\.js|d\.ts)(\.br|\.gz)?$/.test(name)) symlinkSync(join(dist, name), join(dir, name));
  }
  const { code } = await buildShim();
  writeFileSync(join(dir, 'smile.v2.js'), code);
  writeFileSync(join(dir, 'smile.v1.js'), code);
  return dir;
}

function sandboxBinary() {
  const targets = [process.env.CARGO_TARGET_DIR, join(process.env.HOME || '', '.cache/smile-wink/target'), join(ROOT, 'target')]
    .filter(Boolean);
  // The most recently built one, so a stale release binary never shadows a fresh debug build.
  const find = () =>
    targets.flatMap((t) => ['release', 'debug'].map((p) => join(t, p, 'smile-sandbox')))
      .filter((bin) => existsSync(bin))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] || null;
  let bin = process.env.SMILE_SANDBOX || find();
  if (!bin) {
    const built = spawnSync('cargo', ['build', '-p', 'smile-sandbox'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('cargo build -p smile-sandbox failed');
    bin = find();
  }
  if (!bin) throw new Error('smile-sandbox binary not found after building');
  return bin;
}

async function freePort() {
  const s = await startServer(() => null);
  await s.close();
  return s.port;
}

/**
 * Starts the real sandbox server on free ports with fast timings. `flags` override them, e.g.
 * `{ 'token-ttl': 3 }`. Returns `{origin, port, demoPort, mintToken(), stop()}`.
 */
export async function startSandbox(flags = {}) {
  const bin = sandboxBinary();
  const dist = await widgetDist();
  const all = { 'connect-delay-ms': 300, 'analysis-delay-ms': 300, 'rate-limit': 0, ...flags };
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const demoPort = await freePort();
    const args = ['--dist', dist, '--port', String(port), '--demo-port', String(demoPort)];
    for (const [k, v] of Object.entries(all)) args.push(`--${k}`, String(v));
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b) => (log += b));
    child.stderr.on('data', (b) => (log += b));
    let exited = false;
    child.once('exit', () => (exited = true));
    const origin = `http://127.0.0.1:${port}`;
    const up = await waitFor(async () => {
      if (exited) return 'exited';
      try {
        const r = await fetch(`${origin}/_sandbox/health`);
        return r.ok && 'up';
      } catch {
        return false;
      }
    }, 'the sandbox to answer', 20_000, 100).catch(() => 'timeout');
    if (up === 'up') {
      return {
        origin,
        port,
        demoPort,
        log: () => log,
        /** Mints a user and its link token through the Open API, as a partner's backend would. */
        async mintToken() {
          const r = await fetch(`${origin}/open/v1/users`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('sandbox_key:sandbox_secret').toString('base64') },
            body: '{}',
          });
          const body = await r.json();
          if (!r.ok || !body.data || !body.data.token) throw new Error(`minting a token failed: ${r.status} ${JSON.stringify(body)}`);
          return { token: body.data.token, userId: body.data.user.id };
        },
        /** A new token for an existing user (POST /open/v1/tokens?userId=). */
        async refreshToken(userId) {
          const r = await fetch(`${origin}/open/v1/tokens?userId=${encodeURIComponent(userId)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('sandbox_key:sandbox_secret').toString('base64') },
            body: '{}',
          });
          const body = await r.json();
          const token = body.data && (typeof body.data === 'string' ? body.data : body.data.token);
          if (!r.ok || !token) throw new Error(`refreshing a token failed: ${r.status} ${JSON.stringify(body)}`);
          return token;
        },
        /** Turns fault injection on with `rules` (docs/sandbox.md), replacing any before. */
        async setFaults(rules) {
          const r = await fetch(`${origin}/_sandbox/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ rules }),
          });
          if (!r.ok) throw new Error(`setting faults failed: ${r.status} ${await r.text()}`);
        },
        async clearFaults() {
          await fetch(`${origin}/_sandbox/faults`, { method: 'DELETE' });
        },
        async stop() {
          if (!exited) {
            child.kill('SIGTERM');
            await waitFor(() => exited, 'the sandbox to exit', 5_000).catch(() => child.kill('SIGKILL'));
          }
          rmSync(dist, { recursive: true, force: true });
        },
      };
    }
    if (!exited) child.kill('SIGKILL');
    // A port taken between choosing and binding: try again a couple of times, then give up with the log.
    if (attempt >= 2 || up === 'timeout') {
      rmSync(dist, { recursive: true, force: true });
      throw new Error(`the sandbox did not start (${up}):\n${log}`);
    }
  }
}

/** The partner page's recordings: every callback (`__calls`) and every message event (`__messages`). */
export const calls = (page, name) =>
  page.evaluate((n) => window.__calls.filter((c) => !n || c.name === n), name);
export const messages = (page) => page.evaluate(() => window.__messages);

/** Creates an instance on the partner page; `how` may name callbacks that throw (`throwIn`) and a `tag`. */
export const make = (page, options, how = {}) =>
  page.evaluate(([o, h]) => window.__make(o, h), [options, how]);

/** The count of our iframes on a page. */
export const frameCount = (page) => page.locator('iframe.smile-wink-frame').count();

/** Whether the user can see our iframe (the first matching `selector`): there, laid out, and neither transparent
 * (a closed, preloaded frame is only transparent and inert, so Playwright's isVisible() would say yes) nor hidden. */
export const frameShown = (page, selector = 'iframe.smile-wink-frame') =>
  page.evaluate((s) => {
    const frame = document.querySelector(s);
    if (!frame || !frame.getClientRects().length || frame.inert) return false;
    const style = getComputedStyle(frame);
    return style.visibility !== 'hidden' && style.opacity !== '0' && style.display !== 'none';
  }, selector);

/** Saves a screenshot into docs/screenshots/ when E2E_SCREENSHOTS=1. */
export async function screenshot(page, name) {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  const dir = join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Registers the usual set-up of a test file: before its tests, headless Chromium, the sandbox (with `flags`) and
 * the partner page on its own origin; after them, all three stopped. The returned object holds them by then. */
export function useServers(flags = {}) {
  const env = {};
  before(async () => {
    env.browser = await launchBrowser();
    env.sandbox = await startSandbox(flags);
    env.partner = await startPartner(env.sandbox.origin);
  });
  after(async () => {
    await env.browser?.close();
    await env.partner?.close();
    await env.sandbox?.stop();
  });
  return env;
}
