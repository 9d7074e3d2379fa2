/*! Smile Wink shim: docs/protocol.md */
((window, document) => {
  'use strict';
  // Included twice (a v1 and a v2 tag, or one tag repeated): the first definition stays.
  if (window.SmileLinkModal) return;

  // document.currentScript is only set while this script first runs; the widget page is index.html beside it.
  const SCRIPT_URL = document.currentScript?.src;
  const PREFIX = 'SmileLinkModal: ';
  const FRAME_CLASS = 'smile-wink-frame';
  const TITLE = 'Connect your employment account';
  const MAX_TOP_PROVIDERS = 10;
  // How long the widget page has to post `ready`: from the iframe's creation, and (sooner) from its load event,
  // since a page that loads but stays silent (an error page, a broken build) will not answer later. A page that
  // could not start (no WebAssembly, its files missing) says so at once with `bootError`.
  const READY_TIMEOUT_MS = 10000;
  const READY_AFTER_LOAD_MS = 6000;

  // An instance is closed (possibly with a preloaded, hidden iframe), open, or destroyed for good.
  const CLOSED = 0;
  const OPEN = 1;
  const DESTROYED = 2;

  // The partner callbacks a `callback` message may name. onLoad, onClose and onTokenExpired are the shim's own:
  // the page cannot call them by name.
  const RELAYED_CALLBACKS = ['onAccountCreated', 'onAccountConnected', 'onAccountRemoved', 'onAccountError',
    'onUploadsCreated', 'onUploadsRemoved', 'onUIEvent'];
  const CLOSE_REASONS = ['close', 'exit', 'error', 'employer_not_listed'];
  // The only keys of the page's `close` payload that reach onClose, and only as strings.
  const CLOSE_DETAILS = ['errorCode', 'errorMessage', 'requestId', 'employerName'];
  const COLOR_SCHEMES = ['light', 'dark', 'auto'];

  const isString = (value) => typeof value == 'string';
  const element = (tag, properties) => Object.assign(document.createElement(tag), properties);

  // Each option type: how the TypeError describes it, and the check a value must pass.
  const STRING = ['a string', isString];
  const STRINGS = ['an array of strings', (value) => Array.isArray(value) && value.every(isString)];
  const BOOLEAN = ['a boolean', (value) => typeof value == 'boolean'];
  const FUNCTION = ['a function', (value) => typeof value == 'function'];
  // Resolved to an element after the type checks; the selector's failure is reported then.
  const CONTAINER = ['an element or a CSS selector matching one', () => 1];
  // Never null here: a null option counts as not given.
  const THEME = ['{primaryColor?: string, colorScheme?: "light"|"dark"|"auto"}', (value) =>
    typeof value == 'object' && !Array.isArray(value) && isString(value.primaryColor ?? '') &&
    COLOR_SCHEMES.includes(value.colorScheme ?? 'auto')];

  // No prototype, so option names such as "constructor" count as unknown rather than as a type.
  const OPTION_TYPES = {
    __proto__: null,
    userToken: STRING, apiHost: STRING, templateId: STRING, companyName: STRING, locale: STRING,
    topProviders: STRINGS, providers: STRINGS,
    enableSearchBar: BOOLEAN, enableTypeBar: BOOLEAN, enableUpload: BOOLEAN, enableConsentPage: BOOLEAN,
    container: CONTAINER, theme: THEME,
    onLoad: FUNCTION, onTokenExpired: FUNCTION, onClose: FUNCTION,
  };
  RELAYED_CALLBACKS.forEach((name) => (OPTION_TYPES[name] = FUNCTION));

  const rejectOption = (name, value) => {
    const expected = name == 'userToken' ? 'a non-empty string' : OPTION_TYPES[name][0];
    const got = Array.isArray(value) ? 'an array' : value === '' ? 'an empty string' : value === null ? value : typeof value;
    throw new TypeError(`${PREFIX}option "${name}" must be ${expected} (got ${got})`);
  };

  // Copies only `keys` whose values are strings, so nothing else in `source` travels on.
  const pickStrings = (source, keys, into = {}) => {
    for (const key of keys) if (isString(source[key])) into[key] = source[key];
    return into;
  };

  // Styles. One set of rule bodies serves the constructed stylesheet and the CSSOM fallback.
  const IMPORTANT = '!important;';
  const FRAME_RULES = `border:0${IMPORTANT}display:block;`;
  const MODAL_RULES = `position:fixed${IMPORTANT}inset:0${IMPORTANT}width:100%${IMPORTANT}height:100%${IMPORTANT}` +
    `z-index:2147483647${IMPORTANT}`;
  const INLINE_RULES = 'width:100%;height:100%;min-height:600px;';
  // Hidden by opacity, not visibility: Chromium stops rendering a cross-origin frame with visibility:hidden, so a
  // preloaded screen would only be laid out and painted on open(); transparent, it is ready to show. `inert` keeps
  // it from focus, the pointer and the accessibility tree meanwhile.
  const HIDDEN_RULES = `opacity:0${IMPORTANT}`;
  const NO_SHEET_YET = 0;
  const SHEET_ADOPTED = 1;
  // No constructed stylesheets: each element is styled through the CSSOM (never a style attribute in markup).
  const SHEET_UNSUPPORTED = 2;
  let sheetState = NO_SHEET_YET;

  const styleFrame = (frame, modal, visible) => {
    if (sheetState == NO_SHEET_YET) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(`.${FRAME_CLASS}{${FRAME_RULES}}.${FRAME_CLASS}--modal{${MODAL_RULES}}` +
          `.${FRAME_CLASS}--inline{${INLINE_RULES}}.${FRAME_CLASS}--hidden{${HIDDEN_RULES}}` +
          `.smile-wink-lock{overflow:hidden${IMPORTANT}}.smile-wink-gutter{scrollbar-gutter:stable}`);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        sheetState = SHEET_ADOPTED;
      } catch (e) {
        sheetState = SHEET_UNSUPPORTED;
      }
    }
    frame.inert = !visible;
    frame.className = `${FRAME_CLASS} ${FRAME_CLASS}--${modal ? 'modal' : 'inline'}` +
      (visible ? '' : ` ${FRAME_CLASS}--hidden`);
    if (sheetState == SHEET_UNSUPPORTED) {
      frame.style.cssText = FRAME_RULES + (modal ? MODAL_RULES : INLINE_RULES) + (visible ? '' : HIDDEN_RULES);
    }
  };

  // The page lock is shared by all instances, so two open modals never restore each other's state.
  const root = document.documentElement;
  let lockCount = 0;
  let madeInert = [];
  let savedScroll, savedOverflow, hadClassAttribute, hadStyleAttribute;

  const lockPage = () => {
    if (lockCount++) return;
    savedScroll = { left: window.scrollX, top: window.scrollY, behavior: 'instant' };
    hadClassAttribute = root.hasAttribute('class');
    hadStyleAttribute = root.hasAttribute('style');
    // The gutter keeps the scrollbar's room, so the page behind does not reflow and jump when its scrollbar goes.
    // Measured before the lock hides the scrollbar (after, there is none to measure), so open() reads the layout
    // once, before it changes anything.
    root.classList.toggle('smile-wink-gutter', window.innerWidth > root.clientWidth);
    root.classList.add('smile-wink-lock');
    if (sheetState == SHEET_UNSUPPORTED) {
      savedOverflow = root.style.overflow;
      root.style.overflow = 'hidden';
    }
    for (const child of document.body ? document.body.children : []) {
      if (child.classList.contains(FRAME_CLASS)) continue;
      // The reflected properties: setting one adds or (with false, or null) removes its attribute.
      madeInert.push([child, child.inert, child.ariaHidden]);
      child.inert = true;
      child.ariaHidden = 'true';
    }
  };

  const unlockPage = () => {
    if (!lockCount || --lockCount) return;
    for (const [child, wasInert, ariaHidden] of madeInert) {
      child.inert = wasInert;
      child.ariaHidden = ariaHidden;
    }
    madeInert = [];
    root.classList.remove('smile-wink-lock', 'smile-wink-gutter');
    // Leave no empty attribute where there was none (reading the style attribute first makes it current).
    if (!hadClassAttribute && !root.classList.length) root.removeAttribute('class');
    if (sheetState == SHEET_UNSUPPORTED) {
      root.style.overflow = savedOverflow;
      if (!hadStyleAttribute && !root.getAttribute('style')) root.removeAttribute('style');
    }
    window.scrollTo(savedScroll);
  };

  // Instances that hold an iframe, by their park function. Integrators construct a new instance for every launch
  // and never destroy the old one, so whenever an instance takes a frame or opens, every other one that is closed
  // and modal gives its frame up ("parks"); a parked instance mounts a fresh frame if it is ever opened again.
  const framedInstances = new Set();
  const parkIdleInstances = () => framedInstances.forEach((park) => park());

  function SmileLinkModal(options) {
    if (!options || typeof options != 'object') throw new TypeError(PREFIX + 'expected an options object');
    if (!options.userToken || !isString(options.userToken)) rejectOption('userToken', options.userToken);

    // What travels to the widget page in `init`: only what the partner set, JSON only. The page itself applies
    // option, then template, then the documented default.
    const widgetOptions = {};
    const callbacks = {};
    const unknownNames = [];
    let containerOption;
    for (const name of Object.keys(options)) {
      const value = options[name];
      const type = OPTION_TYPES[name];
      if (!type) unknownNames.push(name);
      else if (value != null) {
        if (!type[1](value)) rejectOption(name, value);
        if (type == FUNCTION) callbacks[name] = value;
        else if (type == CONTAINER) containerOption = value;
        // The token travels as init's own `token`, and updateToken() replaces it.
        else if (name != 'userToken') widgetOptions[name] = value;
      }
    }
    if (unknownNames.length) console.warn(`${PREFIX}unknown option(s) ignored: ${unknownNames.join(', ')}`);

    const topProviders = widgetOptions.topProviders;
    if (topProviders?.length > MAX_TOP_PROVIDERS) {
      console.warn(`${PREFIX}topProviders has ${topProviders.length}; only the first 10 are used`);
      widgetOptions.topProviders = topProviders.slice(0, MAX_TOP_PROVIDERS);
    }
    if (widgetOptions.theme) widgetOptions.theme = pickStrings(widgetOptions.theme, ['primaryColor', 'colorScheme']);

    let container = containerOption;
    if (isString(container)) {
      try {
        container = document.querySelector(container);
      } catch (e) {
        container = null;
      }
    }
    if (containerOption != null && !(container instanceof Element)) rejectOption('container', containerOption);
    if (container) widgetOptions.inline = true;
    if (!SCRIPT_URL) throw new Error(PREFIX + 'load smile.v2.js with a <script src> tag');

    let token = options.userToken;
    const widgetUrl = new URL('index.html', SCRIPT_URL);
    const widgetOrigin = widgetUrl.origin;
    const channel = [...crypto.getRandomValues(new Uint8Array(16))]
      .map((byte) => (byte + 256).toString(16).slice(1)).join('');

    let state = CLOSED;
    let frame = null;
    // Set while a frame waits for `ready`: the page is not listening yet, and `ready` sends init (and open) itself.
    let readyTimer = 0;
    let focusBeforeOpen = null;
    // While open after a failed load: the message shown instead of the widget, and the onClose it ends with.
    let notice = null;
    let failure = null;
    // The eventName of the last onUIEvent relayed during the current open(), for onClose.
    let lastScreen = null;

    const callPartner = (name, argument) => {
      try {
        callbacks[name]?.(argument);
      } catch (e) {
        console.error(`${PREFIX}${name} threw`, e);
      }
    };

    const post = (type, payload = {}) => {
      if (frame && !readyTimer) frame.contentWindow?.postMessage({ source: 'smile-wink', version: 1, channel, type, payload }, widgetOrigin);
    };

    const closeEvent = (reason, details = {}) => pickStrings(details, CLOSE_DETAILS, { reason, lastScreen });

    // Removes the iframe and everything that listens for it.
    const unmount = () => {
      clearTimeout(readyTimer);
      readyTimer = 0;
      window.removeEventListener('message', onMessage);
      framedInstances.delete(parkIfIdle);
      frame?.remove();
      frame = null;
    };

    const parkIfIdle = () => state == CLOSED && !container && unmount();

    const finish = (event, tellWidget) => {
      if (state != OPEN) return;
      state = CLOSED;
      if (tellWidget) post('close');
      notice?.remove();
      notice = null;
      event = failure || event;
      failure = null;
      if (frame) styleFrame(frame, !container, false);
      if (!container) {
        window.removeEventListener('keydown', onKeydown, true);
        unlockPage();
        focusBeforeOpen?.focus({ preventScroll: true });
      }
      callPartner('onClose', event);
    };

    // The page did not load or could not start: no empty overlay, but a short message with a close button in a modal
    // <dialog> (the browser's own look, focus and Escape: no style to add), which ends in onClose with
    // WIDGET_LOAD_FAILED. A closed instance tries a fresh frame on the next open().
    // `code`: a crash of the started widget says WIDGET_CRASHED (boot.js); the widget's own origin only.
    const giveUp = (code) => {
      console.error(`${PREFIX}the widget page ${widgetUrl.href} did not answer (not found, offline, or no WebAssembly)`);
      unmount();
      if (state != OPEN) return;
      failure = closeEvent('error', { errorCode: code || 'WIDGET_LOAD_FAILED', errorMessage: 'the widget page did not load' });
      notice = element('dialog', { ariaLabel: TITLE, onclose: this.close });
      notice.append('This window could not load. Try again later. ',
        element('button', { textContent: 'Close', onclick: this.close }));
      document.body.append(notice);
      notice.showModal();
    };

    // Also parks the other idle instances, for open() too when this one has its frame.
    const mount = () => {
      if (state == DESTROYED) return;
      parkIdleInstances();
      if (frame) return;
      // Once, and a no-op if destroyed (or mounted) by then.
      if (!document.body) return document.addEventListener('DOMContentLoaded', mount, { once: true });
      framedInstances.add(parkIfIdle);
      window.addEventListener('message', onMessage);
      frame = element('iframe', {
        title: TITLE,
        // The fragment carries no secret: only the channel id and where to answer.
        src: `${widgetUrl.href}#channel=${channel}&origin=${encodeURIComponent(location.origin)}`,
        onload() {
          if (readyTimer) {
            clearTimeout(readyTimer);
            readyTimer = setTimeout(giveUp, READY_AFTER_LOAD_MS);
          }
        },
      });
      styleFrame(frame, !container, state == OPEN);
      readyTimer = setTimeout(giveUp, READY_TIMEOUT_MS);
      (container || document.body).append(frame);
    };

    const updateToken = (newToken) => {
      if (!newToken || !isString(newToken)) throw new TypeError(PREFIX + 'updateToken(token) needs a non-empty string');
      token = newToken;
      post('updateToken', { token });
    };

    const onKeydown = (event) => event.key == 'Escape' && this.close();

    const onMessage = (event) => {
      const message = event.data;
      if (!frame || event.source != frame.contentWindow || event.origin != widgetOrigin ||
          message?.source != 'smile-wink' || message.version != 1 || message.channel != channel) return;
      const payload = message.payload || {};
      const type = message.type;
      if (type == 'ready') {
        clearTimeout(readyTimer);
        readyTimer = 0;
        post('init', { token, options: widgetOptions });
        if (state == OPEN) post('open');
      } else if (type == 'bootError') giveUp(payload.errorCode);
      else if (type == 'loaded') callPartner('onLoad');
      else if (type == 'callback' && RELAYED_CALLBACKS.includes(payload.name)) {
        const screen = payload.payload;
        if (payload.name == 'onUIEvent' && isString(screen?.eventName)) lastScreen = screen.eventName;
        callPartner(payload.name, screen);
      } else if (type == 'tokenExpired') {
        // Without a handler no token will come, so the page can say the session expired at once.
        if (callbacks.onTokenExpired) callPartner('onTokenExpired', updateToken);
        else post('tokenUnavailable');
      } else if (type == 'close') finish(closeEvent(CLOSE_REASONS.includes(payload.reason) ? payload.reason : 'close', payload));
    };

    this.open = () => {
      if (state == DESTROYED) return console.warn(PREFIX + 'open() after destroy() is ignored');
      if (state == OPEN) return;
      // The partner's own code may have removed our iframe: start with a fresh one.
      if (frame && !frame.isConnected) unmount();
      state = OPEN;
      lastScreen = null;
      if (!container) {
        focusBeforeOpen = document.activeElement;
        lockPage();
        window.addEventListener('keydown', onKeydown, true);
      }
      // Parked, or the last frame failed to load: a fresh frame, which gets `open` right after `init`.
      mount();
      if (frame) {
        styleFrame(frame, !container, true);
        frame.focus();
        post('open');
      }
    };

    this.close = () => finish(closeEvent('close'), true);

    this.destroy = () => {
      if (state == DESTROYED) return;
      this.close();
      state = DESTROYED;
      unmount();
    };

    mount();
  }

  window.SmileLinkModal = SmileLinkModal;
})(window, document);
