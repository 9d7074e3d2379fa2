// A start that fails (no WebAssembly, or the glue or the wasm not loading) tells the shim on the partner's page at
// once with `bootError` (docs/protocol.md), so it shows a message rather than an empty overlay. After the start, only
// a crash of the wasm itself is reported the same way (`errorCode: "WIDGET_CRASHED"`): a Rust panic aborts, which
// reaches here as a `WebAssembly.RuntimeError`, and the frame's own screens can no longer speak.
const fragment = new URLSearchParams(location.hash.slice(1));
let booted = false;
let told = false;
const tell = (errorCode) => {
  if (told || parent === window) return;
  told = true;
  try {
    const message = { source: 'smile-wink', version: 1, channel: fragment.get('channel'), type: 'bootError', payload: { errorCode } };
    parent.postMessage(message, fragment.get('origin'));
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

// Starts the widget: loads the wasm-bindgen glue and instantiates the wasm whose URLs the build wrote
// into this script's tag. An external file, so the page needs no inline script under its CSP.
const tag = document.querySelector('script[data-wasm]');
const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });
booted = true;
