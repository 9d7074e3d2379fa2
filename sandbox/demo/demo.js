// The demo partner page: mints a link token through its own backend, then embeds the widget
// exactly as the integration documents show.
(function () {
  'use strict';
  var templateId = document.currentScript.getAttribute('data-template-id');
  var button = document.getElementById('connect');
  var status = document.getElementById('status');
  var log = document.getElementById('log');
  var dataSection = document.getElementById('data');
  var dataStatus = document.getElementById('data-status');
  var dataBody = document.getElementById('data-body');
  var webhookList = document.getElementById('webhooks');
  var userId = null;
  var webhooksShown = 0;
  var pollTimer = null;
  var pollsLeft = 0;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function card(title) {
    var section = el('section', null, 'demo-card');
    var heading = section.appendChild(el('h3', title));
    heading.id = 'card-' + title.toLowerCase().replace(/[^a-z]+/g, '-');
    section.setAttribute('aria-labelledby', heading.id);
    dataBody.appendChild(section);
    return section;
  }

  function table(parent, headings, rows, numeric) {
    if (!rows.length) {
      parent.appendChild(el('p', 'None from this provider.', 'demo-note'));
      return;
    }
    var t = el('table');
    var head = el('tr');
    headings.forEach(function (h, i) {
      var th = el('th', h, numeric === i ? 'demo-amount' : '');
      th.scope = 'col';
      head.appendChild(th);
    });
    t.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr');
      row.forEach(function (cell, i) { tr.appendChild(el('td', cell, numeric === i ? 'demo-amount' : '')); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    parent.appendChild(t);
  }

  function money(amount, currency) {
    return currency + ' ' + Number(amount).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  // What the guides' steps 3 and 4 read: identity, employment, income, contributions, transactions.
  function showData(data) {
    dataBody.textContent = '';
    var who = card('Identity');
    var identity = data.identities[0];
    if (identity) {
      var dl = el('dl');
      var address = identity.addresses && identity.addresses[0];
      [['Full name', identity.fullName], ['First name', identity.firstName], ['Last name', identity.lastName],
        ['Date of birth', identity.dob], ['Email', identity.emails[0] && identity.emails[0].address],
        ['Mobile', identity.phones[0] && identity.phones[0].number],
        ['Primary address', address && address.fullAddress]].forEach(function (pair) {
        dl.appendChild(el('dt', pair[0]));
        dl.appendChild(el('dd', pair[1] || '—'));
      });
      who.appendChild(dl);
    } else {
      who.appendChild(el('p', 'None from this provider.', 'demo-note'));
    }
    table(card('Employment'), ['Employer', 'Job title', 'Start date', 'End date'], data.employments.map(function (e) {
      return [e.employer, e.jobTitle, e.startDate, e.endDate || 'current'];
    }));
    table(card('Estimated income'), ['Month', 'Base amount'], data.eincomes.map(function (i) {
      return [i.month, money(i.baseAmount, i.currency)];
    }), 1);
    table(card('Contributions'), ['Date', 'Amount'], data.contributions.map(function (c) {
      return [c.date, money(c.amount, c.currency)];
    }), 1);
    table(card('Transactions'), ['Date', 'Description', 'Amount'], data.transactions.map(function (t) {
      return [t.date, t.description, money(t.amount, t.currency)];
    }), 2);
  }

  function fetchData(accountId) {
    dataSection.hidden = false;
    dataStatus.textContent = 'Fetching the account\'s data from the Open API…';
    var url = '/api/data?accountId=' + encodeURIComponent(accountId) + '&userId=' + encodeURIComponent(userId);
    fetch(url).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || ('the demo backend answered ' + r.status));
        return body;
      });
    }).then(function (data) {
      dataStatus.textContent = 'Fetched from the Open API for account ' + accountId + '.';
      showData(data);
    }).catch(function (e) {
      dataStatus.textContent = 'Could not fetch the data: ' + e.message;
    });
  }

  // The backend's receiver keeps the webhooks; the page asks for this user's, every second for a
  // minute after anything happens.
  function refreshWebhooks() {
    if (!userId) return;
    fetch('/api/webhooks?userId=' + encodeURIComponent(userId)).then(function (r) { return r.json(); }).then(function (body) {
      var events = body.events || [];
      for (var i = webhooksShown; i < events.length; i++) {
        var e = events[i];
        var d = e.data || {};
        var detail = [d.providerId, d.accountId, d.errorCode, d.endpoint && (d.endpoint + ': ' + d.count),
          d.endpoints && d.endpoints.join(', ')].filter(Boolean).join('  ');
        var item = el('li', e.eventTime.slice(11, 19) + '  ' + e.eventType + '  ' + detail);
        item.setAttribute('data-event-type', e.eventType);
        webhookList.appendChild(item);
      }
      webhooksShown = Math.max(webhooksShown, events.length);
    }).catch(function () {});
  }

  function watchWebhooks() {
    pollsLeft = 60;
    refreshWebhooks();
    if (pollTimer) return;
    pollTimer = setInterval(function () {
      refreshWebhooks();
      if (--pollsLeft <= 0) {
        clearInterval(pollTimer);
        pollTimer = null;
      }
    }, 1000);
  }

  function record(name, payload) {
    var item = document.createElement('li');
    item.textContent = new Date().toISOString().slice(11, 19) + '  ' + name + '  ' + JSON.stringify(payload);
    log.insertBefore(item, log.firstChild);
    watchWebhooks();
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
        onAccountConnected: function (p) {
          record('onAccountConnected', p);
          // As the guides do next: the backend fetches the connected account's data.
          fetchData(p.accountId);
        },
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
