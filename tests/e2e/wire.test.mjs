// On the wire: the built widget's precompressed files hold exactly its bytes, the sandbox sends them by
// Accept-Encoding with the right types and caching, the widget page carries its policy as a header, and a
// returning user's browser fetches nothing again but a revalidation of the files whose URL never changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ROOT, launchBrowser, startSandbox, waitFor } from './harness.mjs';

const DIST = join(ROOT, process.env.DIST || 'dist');
const TEXT_OR_WASM = /\.(html|js|css|json|wasm)$/;
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/** The files the widget page loads, as its HTML names them (relative to dist/). */
function pageAssets() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href|data-js|data-wasm)=["']?\.\/([^"'\s>]+)/g)].map((m) => m[1]);
  return [...new Set(named)];
}

/** The policy of the page's CSP <meta>, whitespace collapsed. */
function metaPolicy() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  // Quoted or, as the minifier leaves a value without spaces, not.
  const tag = [...html.matchAll(/<meta\s(?:[^>"']|"[^"]*"|'[^']*')*>/gi)].map((m) => m[0])
    .find((t) => /http-equiv=["']?Content-Security-Policy/i.test(t));
  assert.ok(tag, 'index.html has a CSP meta');
  return tag.match(/content="([^"]*)"/)[1].split(/\s+/).join(' ').replace(/[;\s]+$/, '');
}

/** A GET that returns the bytes as sent (node's fetch would decode them). */
function rawGet(url, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error(`timed out: ${url}`)));
    req.end();
  });
}

let sandbox;

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  await sandbox?.stop();
});

describe('the built widget on the wire', () => {
  it('has a .br and a .gz beside every text and wasm file, each decoding to exactly its bytes', () => {
    let checked = 0;
    for (const path of files(DIST)) {
      if (!TEXT_OR_WASM.test(path)) continue;
      const bytes = readFileSync(path);
      for (const [ext, decode] of [['br', brotliDecompressSync], ['gz', gunzipSync]]) {
        const variant = `${path}.${ext}`;
        // The build skips a variant only when it would not be smaller than the file.
        if (!existsSync(variant)) {
          assert.ok(bytes.length < 64, `${relative(DIST, path)} has no .${ext}`);
          continue;
        }
        const packed = readFileSync(variant);
        assert.ok(packed.length < bytes.length, `${relative(DIST, variant)} is smaller than its file`);
        assert.ok(decode(packed).equals(bytes), `${relative(DIST, variant)} decodes to ${relative(DIST, path)}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `checked ${checked} variants`);
    const wasm = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
    const ratio = statSync(join(DIST, `${wasm}.br`)).size / statSync(join(DIST, wasm)).size;
    assert.ok(ratio < 0.5, `the wasm shrinks to ${Math.round(ratio * 100)}% with brotli`);
  });

  it('the page loads one stylesheet, and every file it names is served encoded, typed and cached by its name', async () => {
    const assets = pageAssets();
    assert.equal(assets.filter((a) => a.endsWith('.css')).length, 1, `one stylesheet: ${assets}`);
    assert.ok(assets.some((a) => a.endsWith('.wasm')) && assets.includes('boot.js'), `${assets}`);
    const types = { js: /javascript/, wasm: /^application\/wasm$/, css: /^text\/css/ };
    for (const asset of ['', ...assets]) {
      const file = join(DIST, asset || 'index.html');
      for (const [accept, encoding, ext] of [['gzip, deflate, br, zstd', 'br', 'br'], ['gzip, deflate', 'gzip', 'gz'], ['identity', undefined, null]]) {
        const r = await rawGet(`${sandbox.origin}/${asset}`, { 'accept-encoding': accept });
        assert.equal(r.status, 200, asset);
        assert.equal(r.headers['content-encoding'], encoding, `${asset} for ${accept}`);
        assert.ok(r.body.equals(readFileSync(ext ? `${file}.${ext}` : file)), `${asset}: the ${ext || 'raw'} bytes`);
        assert.match(r.headers.vary || '', /accept-encoding/i, asset);
        assert.equal(r.headers['x-content-type-options'], 'nosniff', asset);
        const kind = asset.split('.').pop();
        if (types[kind]) assert.match(r.headers['content-type'], types[kind], asset);
        assert.equal(r.headers['cache-control'], HASHED.test(asset) ? IMMUTABLE : 'no-cache', asset);
      }
    }
    assert.ok(assets.filter((a) => HASHED.test(a)).length >= 3, `the glue, the wasm and the stylesheet are hashed: ${assets}`);
    for (const path of ['smile.v2.js', 'locales/th.json']) {
      const r = await rawGet(`${sandbox.origin}/${path}`, { 'accept-encoding': 'gzip' });
      assert.equal(r.headers['cache-control'], 'no-cache', path);
    }
  });

  it('the widget page is served with its own policy plus frame-ancestors, and nosniff', async () => {
    const expected = `${metaPolicy()}; frame-ancestors *`;
    for (const path of ['/', '/index.html']) {
      const r = await rawGet(`${sandbox.origin}${path}`, { 'accept-encoding': 'br' });
      assert.equal(r.headers['content-security-policy'], expected, path);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
    }
  });

  it('Chromium gets brotli; on a second visit the hashed files come from its cache and the rest is revalidated', async () => {
    const browser = await launchBrowser();
    try {
      const visits = [];
      for (let visit = 0; visit < 2; visit++) {
        const page = await browser.newPage();
        const cdp = await browser.context.newCDPSession(page);
        await cdp.send('Network.enable');
        const seen = new Map();
        cdp.on('Network.requestWillBeSent', (e) => seen.set(e.requestId, { file: new URL(e.request.url).pathname.slice(1) }));
        cdp.on('Network.responseReceived', (e) => Object.assign(seen.get(e.requestId) || {}, {
          encoding: e.response.headers['content-encoding'], disk: e.response.fromDiskCache,
        }));
        cdp.on('Network.loadingFinished', (e) => Object.assign(seen.get(e.requestId) || {}, { bytes: e.encodedDataLength }));
        await page.goto(`${sandbox.origin}/`);
        const byFile = await waitFor(() => {
          const all = Object.fromEntries([...seen.values()].map((s) => [s.file, s]));
          return pageAssets().every((a) => all[a] && 'bytes' in all[a]) && 'bytes' in (all[''] || {}) && all;
        }, 'every file of the page', 15_000);
        visits.push(byFile);
        await page.close();
      }
      const [first, second] = visits;
      for (const asset of ['', ...pageAssets()]) {
        const br = statSync(join(DIST, `${asset || 'index.html'}.br`)).size;
        assert.equal(first[asset].encoding, 'br', `${asset} first visit`);
        assert.ok(first[asset].bytes >= br, `${asset}: ${first[asset].bytes} bytes on the wire, brotli ${br}`);
        if (HASHED.test(asset)) {
          assert.ok(second[asset].disk, `${asset} comes from the disk cache`);
          assert.equal(second[asset].bytes, 0, `${asset} is not fetched again`);
        } else {
          assert.ok(!second[asset].disk, `${asset} is asked for again`);
          assert.ok(second[asset].bytes <= first[asset].bytes - br, `${asset} is revalidated, not sent again (${second[asset].bytes} bytes)`);
        }
      }
    } finally {
      await browser.close();
    }
  });
});
