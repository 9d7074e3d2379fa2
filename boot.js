// A start that fails (no WebAssembly, or the glue or the wasm not loading) tells the shim on the partner's page at
// once with `bootError` (docs/protocol.md), so it shows a message rather than an empty overlay. Only until the
// widget runs: after that its own error screen speaks.
const fragment = new URLSearchParams(location.hash.slice(1));
let booted = false;
const bootError = () => {
  if (booted || parent === window) return;
  booted = true;
  try {
    const message = { source: 'smile-wink', version: 1, channel: fragment.get('channel'), type: 'bootError', payload: {} };
    parent.postMessage(message, fragment.get('origin'));
  } catch {
    // No valid parent origin in the fragment: nobody to tell.
  }
};
addEventListener('error', bootError);
addEventListener('unhandledrejection', bootError);
if (typeof WebAssembly !== 'object') bootError();

// Starts the widget: loads the wasm-bindgen glue and instantiates the wasm whose URLs the build wrote
// into this script's tag. An external file, so the page needs no inline script under its CSP.
const tag = document.querySelector('script[data-wasm]');
const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });
booted = true;
