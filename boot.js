// Starts the widget: loads the wasm-bindgen glue and instantiates the wasm whose URLs the build wrote
// into this script's tag. An external file, so the page needs no inline script under its CSP.
const tag = document.querySelector('script[data-wasm]');
const glue = await import(new URL(tag.dataset.js, document.baseURI).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });
