// A stand-in widget page that speaks docs/protocol.md, so the shim can be tested on its own.
// Tests drive it through window.__stub (send any message) and read window.__received. With __stub.quiet set,
// `open` shows the first screen without its onUIEvent, so a test decides which screens the shim hears of.
const params = new URLSearchParams(location.hash.slice(1));
const channel = params.get('channel');
const parentOrigin = params.get('origin');
window.__received = [];
window.__href = location.href;
window.__opens = 0;

const send = (type, payload = {}, extra = {}) =>
  parent.postMessage({ source: 'smile-wink', version: 1, channel, type, payload, ...extra }, parentOrigin);
const uiEvent = (eventName) =>
  send('callback', { name: 'onUIEvent', payload: { eventName, eventTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    mode: 'SANDBOX', userId: 'stub-user', account: null, archive: null } });

addEventListener('message', (e) => {
  const m = e.data;
  if (e.source !== parent || e.origin !== parentOrigin || !m || m.source !== 'smile-wink' || m.channel !== channel) return;
  window.__received.push(m);
  if (m.type === 'init') setTimeout(() => send('loaded'), 0);
  if (m.type === 'open') {
    window.__opens++;
    document.getElementById('screen').textContent = 'consent';
    document.getElementById('close').focus();
    if (!window.__stub.quiet) uiEvent('ConsentPageOpened');
  }
  if (m.type === 'close') document.getElementById('screen').textContent = 'closed';
});

document.getElementById('close').addEventListener('click', () => send('close', { reason: 'close' }));
document.getElementById('done').addEventListener('click', () => send('close', { reason: 'exit' }));
document.getElementById('exit').addEventListener('click', () => send('close', { reason: 'error' }));
addEventListener('keydown', (e) => e.key === 'Escape' && send('close', { reason: 'close' }));

window.__stub = { send, uiEvent, channel, parentOrigin, quiet: false };
send('ready');
