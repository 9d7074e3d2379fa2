// Screens fetched on demand: the document upload screens are a wasm part of their own (scripts/finish-wasm.mjs).
// Opening the widget and logging in never fetch it; the first upload screen does, once; when it cannot be
// fetched the user gets the error screen with Try again, which fetches it again, and the partner hears of it.
// A partner page on its own origin, the shipped shim and widget page (make build), the real sandbox server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calls, make, useServers, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';

const T = 10_000;
const PART = /-documents-[0-9a-f]{16}_bg\.wasm$/;
const env = useServers();

/** The widget open at its provider list with uploads on, and every request for the documents part seen. */
async function atProviders() {
  const page = await env.browser.newPage();
  const fetched = [];
  page.on('request', (r) => PART.test(new URL(r.url()).pathname) && fetched.push(r.url()));
  await page.goto(env.partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token } = await env.sandbox.mintToken();
  await make(page, { userToken: token, apiHost: env.sandbox.origin + '/v1', enableUpload: true });
  await page.evaluate(() => window.__modals.a.open());
  const widget = new Widget(page);
  await widget.waitForEvent('ConsentPageOpened');
  await widget.consent.continue();
  await widget.waitForEvent('ProviderListPageOpened');
  await widget.providers.uploadEntry().waitFor({ timeout: T });
  return { page, widget, fetched };
}

describe('the document screens are fetched when first shown', () => {
  it('opening and listing fetch nothing of them; Upload documents fetches the part once and shows the types', async () => {
    const { page, widget, fetched } = await atProviders();
    assert.deepEqual(fetched, [], 'the first screens need only the main part');
    await widget.providers.uploadDocuments();
    await widget.fileTypes.shows('What would you like to upload?');
    assert.deepEqual(await widget.fileTypes.names(), ['Payslip', 'Tax document', 'Company ID']);
    await widget.fileTypes.choose('Payslip');
    await widget.upload.shows('Upload your payslip');
    await widget.close();
    assert.equal(fetched.length, 1, `one fetch of the part, got ${fetched.join(', ')}`);
    await page.close();
  });

  it('a part that cannot be fetched: the error screen with Try again, which fetches it and goes on', async () => {
    const { page, widget, fetched } = await atProviders();
    let refuse = true;
    await page.context().route(PART, (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
    await widget.providers.uploadDocuments();
    await widget.waitForEvent('ErrorPageOpened');
    await widget.error.button('Try again').waitFor({ timeout: T });
    const error = (await calls(page, 'onUIEvent')).map((c) => c.arg).findLast((e) => e.eventName === 'ErrorPageOpened');
    assert.equal(error.errorCode, 'NETWORK_ERROR');
    refuse = false;
    await widget.error.retry();
    await widget.fileTypes.shows('What would you like to upload?');
    assert.equal(fetched.length, 2, 'the failed fetch, then the one that worked');
    assert.equal((await calls(page, 'onClose')).length, 0, 'the widget stayed open');
    await page.close();
  });
});
