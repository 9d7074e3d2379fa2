/*! Smile Wink shim: window.SmileLinkModal. Protocol: docs/protocol.md */
((w, d) => {
  'use strict';
  if (w.SmileLinkModal) return; // included twice: the first definition stays

  // Only set while this script first runs; the widget page is index.html beside it.
  const SRC = d.currentScript && d.currentScript.src;
  const P = 'SmileLinkModal: ';
  const F = 'smile-wink-frame';
  const CALLBACKS = ['onAccountCreated', 'onAccountConnected', 'onAccountRemoved', 'onAccountError',
    'onUploadsCreated', 'onUploadsRemoved', 'onUIEvent'];
  const SCHEMES = ['light', 'dark', 'auto'];
  const REASONS = ['close', 'exit', 'error'];
  const isStr = (v) => typeof v == 'string';
  const EXPECT = {
    s: ['a string', isStr],
    a: ['an array of strings', (v) => Array.isArray(v) && v.every(isStr)],
    b: ['a boolean', (v) => typeof v == 'boolean'],
    f: ['a function', (v) => typeof v == 'function'],
    c: ['an element or a CSS selector matching one', () => 1],
    t: ['{primaryColor?: string, colorScheme?: "light"|"dark"|"auto"}', (v) =>
      v && typeof v == 'object' && !Array.isArray(v) && (v.primaryColor == null || isStr(v.primaryColor)) &&
      (v.colorScheme == null || SCHEMES.includes(v.colorScheme))],
  };
  const TYPES = {
    userToken: 's', apiHost: 's', templateId: 's', companyName: 's', locale: 's',
    topProviders: 'a', providers: 'a', container: 'c', theme: 't',
    enableSearchBar: 'b', enableTypeBar: 'b', enableUpload: 'b', enableConsentPage: 'b',
    onLoad: 'f', onTokenExpired: 'f', onClose: 'f',
  };
  CALLBACKS.forEach((n) => (TYPES[n] = 'f'));

  // Rule bodies, shared by the constructed stylesheet and the CSSOM fallback.
  const I = '!important;';
  const BASE = `border:0${I}display:block;`;
  const MODAL = `position:fixed${I}inset:0${I}width:100%${I}height:100%${I}z-index:2147483647${I}`;
  const INLINE = 'width:100%;height:100%;min-height:600px;';
  const HIDDEN = `visibility:hidden${I}pointer-events:none${I}`;
  let sheet = 0; // 1: constructed stylesheet adopted; -1: unsupported, style each element through the CSSOM

  const look = (el, modal, open) => {
    if (!sheet) {
      try {
        const s = new CSSStyleSheet();
        s.replaceSync(`.${F}{${BASE}}.${F}--modal{${MODAL}}.${F}--inline{${INLINE}}.${F}--hidden{${HIDDEN}}` +
          `.smile-wink-lock{overflow:hidden${I}}.smile-wink-gutter{scrollbar-gutter:stable}`);
        d.adoptedStyleSheets = [...d.adoptedStyleSheets, s];
        sheet = 1;
      } catch (e) {
        sheet = -1;
      }
    }
    el.className = `${F} ${F}--${modal ? 'modal' : 'inline'}` + (open ? '' : ` ${F}--hidden`);
    if (sheet < 0) el.style.cssText = BASE + (modal ? MODAL : INLINE) + (open ? '' : HIDDEN);
  };

  const fail = (name, v) => {
    throw new TypeError(`${P}option "${name}" must be ${name == 'userToken' ? 'a non-empty string' : EXPECT[TYPES[name]][0]}` +
      ` (got ${Array.isArray(v) ? 'an array' : v === '' ? 'an empty string' : v === null ? 'null' : typeof v})`);
  };

  // One page lock shared by all instances, so two open modals never restore each other's state.
  const root = d.documentElement;
  let locks = 0, saved = [], scroll, overflow, hadClass, hadStyle;
  const lockPage = () => {
    if (locks++) return;
    scroll = [w.scrollX, w.scrollY];
    hadClass = root.hasAttribute('class');
    hadStyle = root.hasAttribute('style');
    // Keeps the scrollbar's room, so the page behind does not reflow and jump when its scrollbar goes.
    root.classList.add('smile-wink-lock', ...(w.innerWidth > root.clientWidth ? ['smile-wink-gutter'] : []));
    if (sheet < 0) (overflow = root.style.overflow), (root.style.overflow = 'hidden');
    for (const el of d.body ? d.body.children : []) {
      if (el.classList.contains(F)) continue;
      saved.push([el, el.hasAttribute('inert'), el.getAttribute('aria-hidden')]);
      el.setAttribute('inert', '');
      el.setAttribute('aria-hidden', 'true');
    }
  };
  const unlockPage = () => {
    if (!locks || --locks) return;
    for (const [el, inert, hidden] of saved) {
      if (!inert) el.removeAttribute('inert');
      if (hidden == null) el.removeAttribute('aria-hidden');
      else el.setAttribute('aria-hidden', hidden);
    }
    saved = [];
    root.classList.remove('smile-wink-lock', 'smile-wink-gutter');
    // Leave no empty attribute where there was none (reading the style attribute first makes it current).
    if (!hadClass && !root.classList.length) root.removeAttribute('class');
    if (sheet < 0) (root.style.overflow = overflow), hadStyle || root.getAttribute('style') || root.removeAttribute('style');
    w.scrollTo({ left: scroll[0], top: scroll[1], behavior: 'instant' });
  };

  function SmileLinkModal(options) {
    if (!options || typeof options != 'object') throw new TypeError(P + 'expected an options object');
    const o = {}, cb = {}, unknown = [];
    if (!options.userToken || !isStr(options.userToken)) fail('userToken', options.userToken);
    for (const k of Object.keys(options)) {
      const v = options[k], t = TYPES[k];
      if (!t) unknown.push(k);
      else if (v != null) {
        if (!EXPECT[t][1](v)) fail(k, v);
        (t == 'f' ? cb : o)[k] = v;
      }
    }
    if (unknown.length) console.warn(`${P}unknown option(s) ignored: ${unknown.join(', ')}`);
    let top = o.topProviders || [];
    if (top.length > 10) {
      console.warn(`${P}topProviders has ${top.length} entries; only the first 10 are used`);
      top = top.slice(0, 10);
    }
    let container = o.container;
    if (isStr(container)) {
      try {
        container = d.querySelector(container);
      } catch (e) {
        container = 0;
      }
    }
    if (o.container && !(container instanceof Element)) fail('container', o.container);
    if (!SRC) throw new Error(P + 'load smile.v2.js with a <script src> tag');

    let token = o.userToken;
    const theme = o.theme;
    // Every key present with its SPEC default, so the widget page never guesses; only JSON values travel.
    const config = {
      apiHost: o.apiHost || `https://link${token.startsWith('tk-sandbox-') ? '-sandbox' : ''}.smileapi.io/v1`,
      templateId: o.templateId || null,
      topProviders: top,
      providers: o.providers || [],
      enableSearchBar: o.enableSearchBar != false,
      enableTypeBar: o.enableTypeBar != false,
      enableUpload: !!o.enableUpload,
      companyName: o.companyName || '',
      enableConsentPage: o.enableConsentPage != false,
      locale: o.locale || navigator.language || 'en',
      theme: theme ? { primaryColor: theme.primaryColor || null, colorScheme: theme.colorScheme || null } : null,
      inline: !!container,
    };
    const url = new URL('index.html', SRC);
    const origin = url.origin;
    const channel = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => (b + 256).toString(16).slice(1)).join('');
    let frame, live, timer, isOpen, dead, failed, focusBack;

    const call = (name, arg) => {
      try {
        if (cb[name]) cb[name](arg);
      } catch (e) {
        console.error(`${P}${name} threw`, e);
      }
    };

    // Until ready the page is not listening; ready sends init (and open, if open) itself.
    const post = (type, payload) => {
      const win = live && frame && frame.contentWindow;
      if (win) win.postMessage({ source: 'smile-wink', version: 1, channel, type, payload }, origin);
    };

    const unmount = () => {
      clearTimeout(timer);
      timer = live = 0;
      if (frame) frame.remove();
      frame = 0;
    };

    const giveUp = () => {
      console.error(`${P}the widget page ${url.href} did not answer`);
      unmount();
      failed = 1;
      finish('error');
    };

    const mount = () => {
      if (dead || frame) return;
      failed = live = 0;
      frame = d.createElement('iframe');
      frame.title = 'Connect your employment account';
      look(frame, !container, isOpen);
      // The fragment carries no secret: only the channel id and where to answer.
      frame.src = `${url.href}#channel=${channel}&origin=${encodeURIComponent(location.origin)}`;
      // A page that loads but never says ready (an error page, a broken build) fails sooner than one that hangs.
      frame.onload = () => timer && (clearTimeout(timer), (timer = setTimeout(giveUp, 6000)));
      timer = setTimeout(giveUp, 20000);
      (container || d.body).append(frame);
    };

    const onKey = (e) => e.key == 'Escape' && this.close();

    const finish = (reason, tellWidget) => {
      if (!isOpen) return;
      isOpen = 0;
      if (tellWidget) post('close', {});
      if (frame) look(frame, !container, 0);
      if (!container) {
        w.removeEventListener('keydown', onKey, true);
        unlockPage();
        if (focusBack && focusBack.focus) focusBack.focus({ preventScroll: true });
      }
      call('onClose', { reason });
    };

    const updateToken = (newToken) => {
      if (!newToken || !isStr(newToken)) throw new TypeError(P + 'updateToken(token) needs a non-empty string');
      token = newToken;
      post('updateToken', { token });
    };

    const onMessage = (e) => {
      const m = e.data;
      if (!frame || e.source != frame.contentWindow || e.origin != origin || !m ||
          m.source != 'smile-wink' || m.version != 1 || m.channel != channel) return;
      const p = m.payload || {};
      if (m.type == 'ready') {
        clearTimeout(timer);
        timer = 0;
        live = 1;
        post('init', { token, options: config });
        if (isOpen) post('open', {});
      } else if (m.type == 'loaded') call('onLoad');
      else if (m.type == 'callback') CALLBACKS.includes(p.name) && call(p.name, p.payload);
      else if (m.type == 'tokenExpired') call('onTokenExpired', updateToken);
      else if (m.type == 'close') finish(REASONS.includes(p.reason) ? p.reason : 'close');
    };

    this.open = () => {
      if (dead) return console.warn(P + 'open() after destroy() is ignored');
      if (isOpen) return;
      // After a load failure, or when the partner's own code removed our iframe, start with a fresh one.
      if (failed || (frame && !frame.isConnected)) unmount(), mount();
      isOpen = 1;
      if (!container) {
        focusBack = d.activeElement;
        lockPage();
        w.addEventListener('keydown', onKey, true);
      }
      if (frame) {
        look(frame, !container, 1);
        frame.focus();
        // Before ready the page cannot hear it; ready then sends it after init.
        post('open', {});
      }
    };

    this.close = () => finish('close', 1);

    this.destroy = () => {
      if (dead) return;
      finish('close', 1);
      dead = 1;
      unmount();
      w.removeEventListener('message', onMessage);
      d.removeEventListener('DOMContentLoaded', mount);
    };

    w.addEventListener('message', onMessage);
    if (d.body) mount();
    else d.addEventListener('DOMContentLoaded', mount);
  }

  w.SmileLinkModal = SmileLinkModal;
})(window, document);
