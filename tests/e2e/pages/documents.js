// The documents' embed samples with their callbacks exactly as printed, so tests run what integrators paste:
// v1 is the "Getting user data" sample (loaded with smile.v1.js), v2 the go-live sample (smile.v2.js).
// Each callback only logs, as in the documents; tests read the page's console. Needs partner.js first
// (its `plain`, `__calls` and `__modals`).
window.__samples = {
  v1: {
    onAccountCreated: ({
      accountId,
      userId,
      providerId
    }) => {
      console.log('Account created: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onAccountConnected: ({
      accountId,
      userId,
      providerId
    }) => {
      console.log('Account connected: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onAccountRemoved: ({
      accountId,
      userId,
      providerId
    }) => {
      console.log('Account removed: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onClose: () => {
      console.log('Widget closed')
    },

    onTokenExpired: updateToken => {
      console.log('Token expired');
    }
  },

  v2: {
    onAccountCreated: ({ accountId, userId, providerId }) => {
      console.log('Account created: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onAccountConnected: ({ accountId, userId, providerId }) => {
      console.log('Account connected: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onAccountRemoved: ({ accountId, userId, providerId }) => {
      console.log('Account removed: ', accountId, ' User ID:', userId, ' Provider ID:', providerId)
    },

    onTokenExpired: () => {
      console.log('Token expired');
    },

    onClose: ({ reason }) => {
      console.log('Link closed, reason:', reason)
    },

    onAccountError: ({ accountId, userId, providerId, errorCode }) => {
      console.log('Account error: ', accountId, ' User ID:', userId, ' Provider ID:', providerId, 'Error Code:', errorCode)
    },

    onUploadsCreated: ({ uploads, userId }) => {
      console.log('Uploads: ', uploads, ' User ID:', userId);
    },

    onUploadsRemoved: ({ uploads, userId }) => {
      console.log('Uploads: ', uploads, ' User ID:', userId);
    },

    onUIEvent: ({ eventName, eventTime, mode, userId, account, archive }) => {
      console.log('eventName:', eventName,
        "eventTime:", eventTime,
        "mode:", mode,
        "userId:", userId,
        "account:", account,
        "archive:", archive);
    }
  },
};

// Builds an instance from a sample's callbacks over `options`. `how.record` names callbacks that are replaced by
// recorders (as partner.js makes them), for payloads the sample only logs in part; `how.tag` names the instance.
window.__makeSample = (sample, options, how = {}) => {
  const tag = how.tag || 'a';
  const o = { ...options, ...window.__samples[sample] };
  for (const name of how.record || []) {
    o[name] = (arg) => {
      window.__calls.push({ tag, name, arg: plain(arg), at: performance.now() });
    };
  }
  window.__modals[tag] = new SmileLinkModal(o);
  return tag;
};
