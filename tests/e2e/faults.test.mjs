// Every link API call the widget makes, broken on purpose with the sandbox's fault rules (docs/sandbox.md):
// slow answers, 500, 503, 429, dropped connections, cut-off and non-JSON bodies, missing fields, values the widget
// does not know, and an expired token. Asserted as a user and the partner notice them: the screen shown, what
// stays typed, the callbacks received, and the requests on the wire (retries of reads, none of writes).
// The contract is docs/resilience.md; the real widget, shim and sandbox, in headless Chromium.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, launchBrowser, sleep, startPartner, startSandbox, waitFor } from './harness.mjs';
import {
  ACME, GEORGE, MFA_CODE, T, connectedBefore, eventNames, launch, matching, newContext, pdf, tempFile, toFileTypes,
  toLogin, toProviders,
} from './steps.mjs';

let sandbox, partner, browser, file;

before(async () => {
  sandbox = await startSandbox();
  partner = await startPartner(sandbox.origin);
  browser = await launchBrowser();
  file = tempFile('payslip-march.pdf', pdf('Payslip March'));
});

after(async () => {
  await browser?.close();
  await partner?.close();
  await sandbox?.stop();
  file?.remove();
});

afterEach(() => sandbox.clearFaults());

const tryAgain = (ctx) => ctx.widget.frame.getByRole('button', { name: 'Try again', exact: true });
const exit = (ctx) => ctx.widget.frame.getByRole('button', { name: 'Exit', exact: true });
const field = (ctx, label) => ctx.widget.frame.getByLabel(label, { exact: true });
const alerts = (ctx) => ctx.widget.frame.getByRole('alert').filter({ hasText: /\S/ });
const errorEvents = async (ctx) => (await calls(ctx.page, 'onUIEvent')).map((c) => c.arg).filter((e) => e.eventName === 'ErrorPageOpened');

/** What the user sees is never an empty frame: a heading, a progress indicator or a message. */
async function assertSomethingShows(ctx) {
  const f = ctx.widget.frame;
  const seen = (await f.getByRole('heading').count()) + (await f.getByRole('progressbar').count()) + (await f.getByRole('status').count());
  assert.ok(seen > 0, 'the widget shows something while it waits');
}

/** The error screen as the contract gives it: "Something went wrong", Try again and Exit; the partner got its event. */
async function assertErrorScreen(ctx) {
  await tryAgain(ctx).waitFor({ state: 'visible', timeout: T });
  await ctx.widget.error.shows('Something went wrong');
  assert.equal(await exit(ctx).count(), 1, 'Exit is offered');
  const [shown] = (await errorEvents(ctx)).slice(-1);
  assert.ok(shown, 'the partner got ErrorPageOpened');
  assert.equal(typeof shown.errorCode, 'string');
  assert.deepEqual(await calls(ctx.page, 'onClose'), [], 'the widget stays open for the user to choose');
}

/**
 * The link API calls, each with how to reach the moment before it (`reach`), the user's action that makes it (`act`),
 * what shows once it succeeded (`done`), a required field to delete and, where there is one, a value it does not know.
 * Writes (`idempotent: false`) also say which screen keeps what (`kept`) and how the user tries again (`redo`).
 */
const CALLS = [
  {
    name: 'session',
    rule: { method: 'GET', path: '/v1/session' },
    idempotent: true,
    act: (ctx) => launch(ctx),
    done: async (ctx) => {
      await ctx.widget.waitForEvent('ConsentPageOpened');
      await ctx.widget.consent.shows('Connect your employment account');
    },
    missing: '/data/userId',
  },
  {
    name: 'template',
    rule: { method: 'GET', path: '/v1/session' },
    idempotent: true,
    act: (ctx) => launch(ctx, { templateId: ACME }),
    done: async (ctx) => {
      await ctx.widget.waitForEvent('ConsentPageOpened');
      await ctx.widget.frame.getByText('Acme Lending').first().waitFor({ timeout: T });
    },
    missing: '/data/template/companyName',
  },
  {
    name: 'provider',
    rule: { method: 'GET', path: '/v1/providers/grab' },
    idempotent: true,
    act: (ctx) => launch(ctx, { providers: ['grab'], enableConsentPage: false }),
    done: (ctx) => ctx.widget.waitForEvent('LoginOptionsPageOpened'),
    missing: '/data/login',
    unknown: [
      { what: 'a provider type', pointer: '/data/type', value: 'SPACE_AGENCY' },
      {
        what: 'a login (auth) type',
        pointer: '/data/login/authTypes/0/id',
        value: 'RETINA_SCAN',
        done: async (ctx) => {
          await ctx.widget.waitForEvent('LoginOptionsPageOpened');
          await ctx.widget.loginOptions.choose('Email');
          await ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
          await ctx.widget.waitForEvent('ConnectSuccessPageOpened');
        },
      },
    ],
  },
  {
    name: 'accounts',
    rule: { method: 'GET', path: '/v1/accounts' },
    idempotent: true,
    prepare: (ctx) => connectedBefore(sandbox, ctx.token),
    act: (ctx) => launch(ctx),
    done: async (ctx) => {
      await ctx.widget.waitForEvent('AccountStatusPageOpened');
      await ctx.widget.accounts.disconnectButton('Grab').waitFor({ timeout: T });
    },
    missing: '/data/items',
    unknown: [{
      what: 'an account status',
      pointer: '/data/items/0/connectionStatus',
      value: 'SOMETHING_NEW',
      // Not known to be connected: the user starts like a new one, with nothing broken.
      done: async (ctx) => {
        await waitFor(async () => (await eventNames(ctx.page)).length > 0, 'the first screen', T);
        assert.notEqual((await eventNames(ctx.page))[0], 'ErrorPageOpened');
      },
    }],
  },
  {
    name: 'providers',
    rule: { method: 'GET', path: '/v1/providers' },
    idempotent: true,
    reach: async (ctx) => {
      await launch(ctx);
      await ctx.widget.waitForEvent('ConsentPageOpened');
    },
    act: (ctx) => ctx.widget.consent.continue(),
    done: async (ctx) => {
      await ctx.widget.waitForEvent('ProviderListPageOpened');
      await ctx.widget.providers.entry('ADP').waitFor({ timeout: T });
    },
    missing: '/data/items/0/name',
    unknown: [{ what: 'a provider type', pointer: '/data/items/0/type', value: 'SPACE_AGENCY' }],
  },
  {
    name: 'poll',
    rule: { method: 'GET', path: '/v1/accounts/' },
    idempotent: true,
    reach: async (ctx) => {
      await launch(ctx);
      await toLogin(ctx.widget);
    },
    act: (ctx) => ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password }),
    done: (ctx) => ctx.widget.waitForEvent('ConnectSuccessPageOpened'),
    missing: '/data/connectionStatus',
    unknown: [{ what: 'an account status (polling goes on)', pointer: '/data/connectionStatus', value: 'SOMETHING_NEW', times: 3 }],
  },
  {
    name: 'file types',
    rule: { method: 'GET', path: '/v1/fileTypes' },
    idempotent: true,
    reach: async (ctx) => {
      await launch(ctx, { enableUpload: true });
      await toProviders(ctx.widget);
    },
    act: (ctx) => ctx.widget.providers.uploadDocuments(),
    done: async (ctx) => {
      await ctx.widget.waitForEvent('FileTypeListPageOpened');
      assert.deepEqual(await ctx.widget.fileTypes.names(), ['Payslip', 'Tax document', 'Company ID']);
    },
    missing: '/data/items/0/type',
  },
  {
    name: 'create account',
    rule: { method: 'POST', path: '/v1/accounts' },
    idempotent: false,
    reach: async (ctx) => {
      await launch(ctx);
      await toLogin(ctx.widget);
    },
    act: (ctx) => ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password }),
    done: (ctx) => ctx.widget.waitForEvent('ConnectSuccessPageOpened'),
    screen: 'LoginPageOpened',
    // Decided: the user name stays, the password does not (it is never kept after a failed submit).
    kept: async (ctx) => {
      assert.equal(await field(ctx, 'Email').inputValue(), GEORGE.email);
      assert.equal(await field(ctx, 'Password').inputValue(), '');
    },
    redo: (ctx) => ctx.widget.login.submit({ Password: GEORGE.password }),
    missing: '/data/id',
  },
  {
    name: 'MFA',
    rule: { method: 'POST', path: '/v1/accounts/' },
    idempotent: false,
    reach: async (ctx) => {
      await launch(ctx);
      await toLogin(ctx.widget, 'Upwork', 'Email');
      await ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await ctx.widget.waitForEvent('MfaPageOpened');
    },
    act: (ctx) => ctx.widget.mfa.submit(MFA_CODE),
    done: (ctx) => ctx.widget.waitForEvent('ConnectSuccessPageOpened'),
    screen: 'MfaPageOpened',
    kept: async (ctx) => assert.equal(await field(ctx, 'Verification code').inputValue(), MFA_CODE),
    redo: (ctx) => ctx.widget.mfa.button('Verify').click({ timeout: T }),
    missing: '/data/connectionStatus',
    // The server took the code and answered something unreadable: Try again asks the account how it stands
    // instead of sending a code it has used already, and the connection goes on with nothing to retype.
    unreadableTakenBy: 'ConnectingPageOpened',
  },
  {
    name: 'resend',
    rule: { method: 'POST', path: '/v1/accounts/' },
    idempotent: false,
    reach: async (ctx) => {
      await launch(ctx);
      await toLogin(ctx.widget, 'Upwork', 'Email');
      await ctx.widget.login.submit({ Email: GEORGE.email, Password: GEORGE.password });
      await ctx.widget.waitForEvent('MfaPageOpened');
      await field(ctx, 'Verification code').fill('12', { timeout: T });
    },
    act: (ctx) => ctx.widget.mfa.button('Resend code').click({ timeout: T }),
    done: (ctx) => ctx.widget.frame.getByText('A new code is on its way.').waitFor({ timeout: T }),
    screen: 'MfaPageOpened',
    kept: async (ctx) => assert.equal(await field(ctx, 'Verification code').inputValue(), '12'),
    redo: (ctx) => ctx.widget.mfa.button('Resend code').click({ timeout: T }),
    missing: '/data/id',
  },
  {
    name: 'delete',
    rule: { method: 'DELETE', path: '/v1/accounts/' },
    idempotent: false,
    prepare: (ctx) => connectedBefore(sandbox, ctx.token),
    reach: async (ctx) => {
      await launch(ctx);
      await ctx.widget.waitForEvent('AccountStatusPageOpened');
      await ctx.widget.accounts.disconnectButton('Grab').click({ timeout: T });
      await ctx.widget.waitForEvent('AccountRevokePageOpened');
    },
    act: (ctx) => ctx.widget.frame.getByRole('button', { name: 'Disconnect', exact: true }).click({ timeout: T }),
    done: (ctx) => waitFor(async () => (await calls(ctx.page, 'onAccountRemoved')).length === 1, 'onAccountRemoved', T),
    screen: 'AccountRevokePageOpened',
    kept: async (ctx) => assert.deepEqual(await calls(ctx.page, 'onAccountRemoved'), [], 'not removed'),
    redo: async (ctx) => {
      const confirm = ctx.widget.frame.getByRole('button', { name: 'Disconnect', exact: true });
      if (!(await confirm.count())) await ctx.widget.accounts.disconnectButton('Grab').click({ timeout: T });
      await confirm.click({ timeout: T });
    },
    missing: '/data/connectionStatus',
  },
  {
    name: 'upload',
    rule: { method: 'POST', path: '/v1/archives' },
    idempotent: false,
    reach: async (ctx) => {
      await launch(ctx, { enableUpload: true });
      await toFileTypes(ctx.widget);
      await ctx.widget.fileTypes.choose('Payslip');
      await ctx.widget.waitForEvent('FileTypePageOpened');
      await ctx.widget.upload.choose([file.path]);
      await ctx.widget.upload.removeButton(file.name).waitFor({ timeout: T });
    },
    act: (ctx) => ctx.widget.upload.submit(),
    done: (ctx) => ctx.widget.waitForEvent('ArchiveSuccessPageOpened'),
    screen: 'FileTypePageOpened',
    kept: async (ctx) => assert.deepEqual((await ctx.widget.upload.rows()).map((r) => r.text.split(' ')[0]), [file.name]),
    redo: (ctx) => ctx.widget.upload.submit(),
    missing: '/data/id',
  },
];

const TRANSIENT = [
  ['500', { kind: 'status', status: 500 }],
  ['503', { kind: 'status', status: 503 }],
  ['429 with Retry-After: 1', { kind: 'status', status: 429, retryAfter: 1 }],
];
// A connection closed before any answer. The browser itself sends a request once more when this happens on a
// reused keep-alive connection, so a dropped try is not always one the widget sees: the rule holds until cleared.
const DROP = { kind: 'drop' };
const BROKEN = [
  ['a cut-off JSON body', { kind: 'malformed' }],
  ['a body that is not JSON', { kind: 'garbage' }],
];

/** A fresh user at the moment before `spec`'s call, with `rules` then in force. */
async function at(spec, rules) {
  const ctx = await newContext(browser, sandbox, partner);
  await spec.prepare?.(ctx);
  await spec.reach?.(ctx);
  await sandbox.setFaults(rules.map((r) => ({ ...spec.rule, ...r })));
  ctx.mark = ctx.requests.length;
  return ctx;
}

const sinceMark = (ctx, spec) => matching({ requests: ctx.requests.slice(ctx.mark) }, spec.rule);

/** A write failed: the same screen with a message, or the error screen whose Try again leads back to it; what was typed stays. */
async function backOnScreen(ctx, spec) {
  await waitFor(async () => (await tryAgain(ctx).count()) > 0 || (await alerts(ctx).count()) > 0, 'a message about the failure', 20_000);
  if (await tryAgain(ctx).count()) {
    await assertErrorScreen(ctx);
    await tryAgain(ctx).click();
  }
  await ctx.widget.waitForEvent(spec.screen);
  await spec.kept(ctx);
}

for (const spec of CALLS.filter((s) => s.idempotent)) {
  describe(`${spec.name} (${spec.rule.method} ${spec.rule.path}, a read: retried)`, () => {
    for (const [what, rule] of TRANSIENT) {
      it(`${what} twice: retried with backoff, the screen shows, the partner sees no error`, async () => {
        const ctx = await at(spec, [{ ...rule, times: 2 }]);
        await spec.act(ctx);
        await spec.done(ctx);
        const tries = sinceMark(ctx, spec);
        assert.ok(tries.length >= 3, `${tries.length} requests: two failed, one answered`);
        const gaps = tries.slice(1, 3).map((r, i) => r.at - tries[i].at);
        const least = rule.retryAfter ? 950 : 250;
        assert.ok(gaps.every((g) => g >= least), `waited between tries: ${gaps.join(', ')} ms`);
        assert.deepEqual(await errorEvents(ctx), []);
        assert.deepEqual(await calls(ctx.page, 'onClose'), []);
        await ctx.page.close();
      });
    }

    it('every connection dropped: tries 3 times, then the error screen; once the network is back, Try again loads it', async () => {
      const ctx = await at(spec, [DROP]);
      await spec.act(ctx);
      await assertErrorScreen(ctx);
      assert.equal(sinceMark(ctx, spec).length, 3, 'one try and two retries, then it stopped');
      await sandbox.clearFaults();
      await tryAgain(ctx).click();
      await spec.done(ctx);
      await ctx.page.close();
    });

    it('503 on every try: after 3 tries the error screen; Try again loads it', async () => {
      const ctx = await at(spec, [{ kind: 'status', status: 503, times: 3 }]);
      await spec.act(ctx);
      await assertErrorScreen(ctx);
      assert.equal(sinceMark(ctx, spec).length, 3, 'one try and two retries, then it stopped');
      assert.equal(await ctx.widget.frame.getByRole('progressbar').count(), 0, 'nothing spins on the error screen');
      await tryAgain(ctx).click();
      await spec.done(ctx);
      await ctx.page.close();
    });

    it('a slow answer (1.5 s): something shows meanwhile, then the screen', async () => {
      const ctx = await at(spec, [{ kind: 'latency', latencyMs: 1_500, times: 1 }]);
      await spec.act(ctx);
      await sleep(700);
      await assertSomethingShows(ctx);
      await spec.done(ctx);
      assert.deepEqual(await errorEvents(ctx), []);
      await ctx.page.close();
    });

    for (const [what, rule] of [...BROKEN, ['a missing field', { kind: 'rewrite', pointer: spec.missing }]]) {
      it(`${what}: the error screen, never a blank one; Try again loads it`, async () => {
        const ctx = await at(spec, [{ ...rule, times: 1 }]);
        await spec.act(ctx);
        await assertErrorScreen(ctx);
        await tryAgain(ctx).click();
        await spec.done(ctx);
        await ctx.page.close();
      });
    }

    for (const unknown of spec.unknown || []) {
      it(`${unknown.what} it does not know (${unknown.value}): it carries on`, async () => {
        const ctx = await at(spec, [{ kind: 'rewrite', pointer: unknown.pointer, value: unknown.value, times: unknown.times || 1 }]);
        await spec.act(ctx);
        await (unknown.done || spec.done)(ctx);
        assert.deepEqual(await errorEvents(ctx), []);
        await ctx.page.close();
      });
    }

    it('the token expires on this call: onTokenExpired; after updateToken the same request goes again and the screen shows', async () => {
      await expiresAndResumes(spec);
    });
  });
}

for (const spec of CALLS.filter((s) => !s.idempotent)) {
  describe(`${spec.name} (${spec.rule.method} ${spec.rule.path}, a write: never retried by itself)`, () => {
    for (const [what, rule] of TRANSIENT) {
      it(`${what}: sent once, a message, what was typed stays; the user's second try succeeds`, async () => {
        const ctx = await at(spec, [{ ...rule, times: 1 }]);
        await spec.act(ctx);
        await backOnScreen(ctx, spec);
        assert.equal(sinceMark(ctx, spec).length, 1, 'the widget did not send it again by itself');
        await spec.redo(ctx);
        await spec.done(ctx);
        await ctx.page.close();
      });
    }

    it('every connection dropped: sent once, a message, what was typed stays; once the network is back the second try succeeds', async () => {
      const ctx = await at(spec, [DROP]);
      await spec.act(ctx);
      await backOnScreen(ctx, spec);
      assert.equal(sinceMark(ctx, spec).length, 1, 'the widget did not send it again by itself');
      await sandbox.clearFaults();
      await spec.redo(ctx);
      await spec.done(ctx);
      await ctx.page.close();
    });

    it('a slow answer (1.5 s): something shows meanwhile, then it succeeds', async () => {
      const ctx = await at(spec, [{ kind: 'latency', latencyMs: 1_500, times: 1 }]);
      await spec.act(ctx);
      await sleep(700);
      await assertSomethingShows(ctx);
      await spec.done(ctx);
      assert.equal(sinceMark(ctx, spec).length, 1);
      await ctx.page.close();
    });

    for (const [what, rule] of [...BROKEN, ['a missing field', { kind: 'rewrite', pointer: spec.missing }]]) {
      it(`${what}: a message or the error screen, never a blank one; the user's second try succeeds`, async () => {
        const ctx = await at(spec, [{ ...rule, times: 1 }]);
        await spec.act(ctx);
        if (spec.unreadableTakenBy && rule.kind === 'rewrite') {
          await waitFor(async () => (await tryAgain(ctx).count()) > 0, 'the error screen', 20_000);
          await assertErrorScreen(ctx);
          await tryAgain(ctx).click();
          await ctx.widget.waitForEvent(spec.unreadableTakenBy);
        } else {
          await backOnScreen(ctx, spec);
          await spec.redo(ctx);
        }
        await spec.done(ctx);
        await ctx.page.close();
      });
    }

    it('the token expires on this call: after updateToken the same request goes again with what was typed', async () => {
      await expiresAndResumes(spec);
    });
  });
}

/** expireToken on the call; the partner answers onTokenExpired with a fresh token; the same request resumes. */
async function expiresAndResumes(spec) {
  const ctx = await at(spec, [{ kind: 'expireToken', times: 1 }]);
  await spec.act(ctx);
  await waitFor(async () => (await calls(ctx.page, 'onTokenExpired')).length === 1, 'onTokenExpired', T);
  assert.equal(sinceMark(ctx, spec).length, 1, 'nothing more until a token comes');
  const fresh = await sandbox.refreshToken(ctx.userId);
  await ctx.page.evaluate((t) => window.__updateToken(t), fresh);
  await spec.done(ctx);
  const again = sinceMark(ctx, spec).slice(1);
  assert.ok(again.length >= 1, 'the request went again');
  await waitFor(() => again.every((r) => r.auth !== null), 'the headers of the retried request');
  assert.equal(again[0].auth, `Bearer ${fresh}`, 'with the new token');
  assert.deepEqual(await errorEvents(ctx), []);
  assert.deepEqual(await calls(ctx.page, 'onClose'), []);
  await ctx.page.close();
}

describe('an account error code the widget does not know', () => {
  it('reads as a system error: the error screen with its text and code; onAccountError says SYSTEM_ERROR', async () => {
    const ctx = await at(CALLS.find((s) => s.name === 'poll'),
      [{ kind: 'rewrite', pointer: '/data/connection/errorCode', value: 'BRAND_NEW_CODE', times: 20 }]);
    await ctx.widget.login.submit({ Email: 'error_SYSTEM_ERROR@smileapi.io', Password: 'anything' });
    await ctx.widget.error.code('SYSTEM_ERROR').waitFor({ timeout: T });
    const [told] = await calls(ctx.page, 'onAccountError');
    assert.equal(told.arg.errorCode, 'SYSTEM_ERROR');
    assert.equal(told.arg.providerId, 'grab');
    await ctx.page.close();
  });
});

describe('nothing waits forever', () => {
  it('a session answer that takes 16 s: the 15 s timeout, a retry, then consent', async () => {
    const spec = CALLS.find((s) => s.name === 'session');
    const ctx = await at(spec, [{ kind: 'latency', latencyMs: 16_000, times: 1 }]);
    const started = Date.now();
    await spec.act(ctx);
    await waitFor(async () => (await eventNames(ctx.page)).includes('ConsentPageOpened'), 'consent after the timeout', 25_000);
    const tries = sinceMark(ctx, spec);
    assert.ok(tries.length >= 2, 'the slow try was abandoned and retried');
    assert.ok(tries[1].at - tries[0].at >= 14_500 && tries[1].at - tries[0].at < 20_000, `${tries[1].at - tries[0].at} ms`);
    assert.ok(Date.now() - started < 25_000);
    await ctx.page.close();
  });

  it('a login answer that takes 16 s: after 15 s a message, the email kept; the second try connects', async () => {
    const spec = CALLS.find((s) => s.name === 'create account');
    const ctx = await at(spec, [{ kind: 'latency', latencyMs: 16_000, times: 1 }]);
    const started = Date.now();
    await spec.act(ctx);
    await backOnScreen(ctx, spec);
    const waited = Date.now() - started;
    assert.ok(waited >= 14_000 && waited < 22_000, `${waited} ms`);
    assert.equal(sinceMark(ctx, spec).length, 1);
    await spec.redo(ctx);
    await spec.done(ctx);
    await ctx.page.close();
  });
});
