// Records everything the partner page receives: each callback with its payload, and every message event.
window.__calls = [];
window.__messages = [];
window.__modals = {};
const CALLBACK_NAMES = ['onLoad', 'onAccountCreated', 'onAccountConnected', 'onAccountRemoved', 'onAccountError',
  'onUploadsCreated', 'onUploadsRemoved', 'onTokenExpired', 'onClose', 'onUIEvent'];

function plain(value) {
  if (typeof value === 'function') return { function: value.length };
  try {
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
addEventListener('message', (e) => window.__messages.push({ origin: e.origin, data: plain(e.data) }), true);

// Builds an instance whose every callback records itself. `how.throwIn` lists callbacks that throw after
// recording; `how.tag` names the instance (default "a"); `how.only` limits which callbacks are passed.
window.__make = (options, how = {}) => {
  const tag = how.tag || 'a';
  const o = { ...options };
  for (const name of how.only || CALLBACK_NAMES) {
    o[name] = (arg) => {
      window.__calls.push({ tag, name, arg: plain(arg), at: performance.now() });
      if (name === 'onTokenExpired') window.__updateToken = arg;
      if ((how.throwIn || []).includes(name)) throw new Error(`partner bug in ${name}`);
    };
  }
  window.__modals[tag] = new SmileLinkModal(o);
  return tag;
};
