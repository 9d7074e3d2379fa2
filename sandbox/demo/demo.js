// The demo partner page: mints a link token through its own backend, then embeds the widget
// exactly as the integration documents show.
(function () {
  'use strict';
  var templateId = document.currentScript.getAttribute('data-template-id');
  var button = document.getElementById('connect');
  var status = document.getElementById('status');
  var log = document.getElementById('log');
  var userId = null;

  function record(name, payload) {
    var item = document.createElement('li');
    item.textContent = new Date().toISOString().slice(11, 19) + '  ' + name + '  ' + JSON.stringify(payload);
    log.insertBefore(item, log.firstChild);
  }

  function mintToken() {
    var url = '/api/token' + (userId ? '?userId=' + encodeURIComponent(userId) : '');
    return fetch(url, { method: 'POST' }).then(function (r) {
      if (!r.ok) throw new Error('the demo backend could not mint a token (' + r.status + ')');
      return r.json();
    });
  }

  // As the documents' quickstart does: a fresh token and a new SmileLinkModal for every launch
  // (the same sandbox user each time, so a returning user sees their accounts).
  function launch() {
    if (typeof window.SmileLinkModal !== 'function') {
      status.textContent = 'The widget is not built yet: run "make demo", which builds it first.';
      return;
    }
    button.disabled = true;
    mintToken().then(function (minted) {
      userId = minted.userId;
      status.textContent = 'Sandbox user ' + userId + '.';
      var modal = new SmileLinkModal({
        userToken: minted.token,
        apiHost: minted.apiHost,
        templateId: templateId,
        companyName: 'Acme Lending',
        onLoad: function () { record('onLoad', {}); },
        onAccountCreated: function (p) { record('onAccountCreated', p); },
        onAccountConnected: function (p) { record('onAccountConnected', p); },
        onAccountRemoved: function (p) { record('onAccountRemoved', p); },
        onAccountError: function (p) { record('onAccountError', p); },
        onUIEvent: function (p) { record('onUIEvent', p); },
        onTokenExpired: function (updateToken) {
          record('onTokenExpired', {});
          mintToken().then(function (fresh) { updateToken(fresh.token); });
        },
        onClose: function (p) {
          record('onClose', p);
          button.disabled = false;
          button.focus();
        }
      });
      modal.open();
    }).catch(function (e) {
      button.disabled = false;
      status.textContent = e.message;
    });
  }

  button.addEventListener('click', launch);
  if (typeof window.SmileLinkModal !== 'function') {
    launch();
  } else {
    button.disabled = false;
    status.textContent = 'Ready: press the button to connect an account.';
  }
})();
