// Starts the widget page: docs/protocol.md, "Start-up". A failed start tells the shim at once (`bootError`); after it,
// only a crash of the wasm (a Rust panic aborts: a `WebAssembly.RuntimeError`). External: the CSP allows no inline script.
const fragment = new URLSearchParams(location.hash.slice(1));
const channel = fragment.get('channel');
const parentOrigin = fragment.get('origin');
let booted = false;
let told = false;
const post = (type, payload = {}) =>
  parent.postMessage({ source: 'smile-wink', version: 1, channel, type, payload }, parentOrigin);
const tell = (errorCode) => {
  if (told || parent === window) return;
  told = true;
  try {
    post('bootError', { errorCode });
  } catch {
    // No valid parent origin in the fragment: nobody to tell.
  }
};
const fatal = (error) => {
  if (!booted) tell('WIDGET_LOAD_FAILED');
  else if (error instanceof WebAssembly.RuntimeError) tell('WIDGET_CRASHED');
};
addEventListener('error', (event) => fatal(event.error));
addEventListener('unhandledrejection', (event) => fatal(event.reason));
if (typeof WebAssembly !== 'object') tell('WIDGET_LOAD_FAILED');

// The wasm compiles as it streams in, while the glue loads and the handshake runs.
const tag = document.querySelector('script[data-wasm]');
const wasmUrl = new URL(tag.dataset.wasm, document.baseURI).href;
// Served with another MIME type: the glue's own fallback, from the URL.
const module = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => wasmUrl);

// `ready` before the wasm loads; messages wait for the wasm (`messages()`). The first `init` starts the first screen's
// link API calls as src/api.rs makes them (the token only in a header); the wasm takes each answer once, for the same
// URL and Authorization (`take()`), else asks itself. Hosts and token prefix: src/options.rs (a native test compares).
const SANDBOX_API_HOST = 'https://link-sandbox.smileapi.io/v1';
const PRODUCTION_API_HOST = 'https://link.smileapi.io/v1';
const SANDBOX_TOKEN_PREFIX = 'tk-sandbox-';
const queue = [];
const early = new Map();
// As src/api.rs encode_component: !'()* escaped too.
const encode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const start = (token, options) => {
  const host = typeof options.apiHost === 'string' ? options.apiHost.trim() : '';
  const base = (host || (token.startsWith(SANDBOX_TOKEN_PREFIX) ? SANDBOX_API_HOST : PRODUCTION_API_HOST)).replace(/\/+$/, '');
  const authorization = `Bearer ${token}`;
  const get = (path) => {
    const controller = new AbortController();
    const headers = { Accept: 'application/json', Authorization: authorization };
    const answer = fetch(base + path, { mode: 'cors', headers, signal: controller.signal });
    // A failure is the wasm's first attempt failing (its retries follow), not a failed start.
    answer.catch(() => {});
    early.set(base + path, { authorization, answer, controller });
  };
  get(typeof options.templateId === 'string' ? `/session?templateId=${encode(options.templateId)}` : '/session');
  get('/accounts?size=150');
  // What the options decide over any template: a single provider, uploads on.
  const [only, ...others] = Array.isArray(options.providers) ? options.providers : [];
  if (typeof only === 'string' && !others.length) get(`/providers/${encode(only)}`);
  if (options.enableUpload === true) get('/archives?size=150');
};
const keep = (event) => {
  queue.push(event);
  const message = event.data;
  const token = message?.payload?.token;
  if (early.size || event.source !== parent || event.origin !== parentOrigin || message?.source !== 'smile-wink' ||
      message.version !== 1 || message.channel !== channel || message.type !== 'init' || typeof token !== 'string' || !token.trim()) return;
  const options = message.payload.options;
  try {
    start(token.trim(), options && typeof options === 'object' ? options : {});
  } catch {
    // The wasm makes its requests itself.
  }
};
const handoff = (globalThis.smileWinkBoot = {
  ready: false,
  messages() {
    removeEventListener('message', keep);
    return queue.splice(0);
  },
  // `signal` (the wasm's deadline and aborts) abandons the request.
  take(url, authorization, signal) {
    const entry = early.get(url);
    if (entry?.authorization !== authorization) return undefined;
    early.delete(url);
    signal.addEventListener('abort', () => entry.controller.abort());
    if (signal.aborted) entry.controller.abort();
    return entry.answer;
  },
});
// Only with a fragment src/bridge.rs accepts; otherwise the wasm decides.
if (!told && parent !== window && /^[0-9a-f]{32,}$/i.test(channel ?? '') && /^https?:\/\/(?:(?![/?#@])[!-~])+$/.test(parentOrigin ?? '')) {
  addEventListener('message', keep);
  try {
    post('ready');
    handoff.ready = true;
    // The shim's ready timeout no longer covers a wasm that never arrives.
    setTimeout(() => booted || tell('WIDGET_LOAD_FAILED'), 10000);
  } catch {
    removeEventListener('message', keep);
  }
}

const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
const compiled = await module;
// An async script may run before the body is parsed; the widget mounts into it.
if (document.readyState === 'loading') await new Promise((parsed) => addEventListener('DOMContentLoaded', parsed, { once: true }));
await glue.default({ module_or_path: compiled });
booted = true;
