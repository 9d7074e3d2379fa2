// Languages: the `locale` option, else the browser's languages, choose the widget's language; its strings
// load beside the session and the page says which language it is in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, calls, launchBrowser, startPartner, startSandbox } from './harness.mjs';
import { launch, newContext } from './steps.mjs';

const strings = (tag) => JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));

let sandbox, partner;

before(async () => {
  sandbox = await startSandbox();
  partner = await startPartner(sandbox.origin);
});

after(async () => {
  await partner?.close();
  await sandbox?.stop();
});

/** Opens the widget in a browser whose languages are `languages`, with `options`. */
async function open(browser, options = {}) {
  const ctx = await newContext(browser, sandbox, partner);
  await launch(ctx, options);
  await ctx.widget.waitForEvent('ConsentPageOpened');
  return ctx;
}

async function shows(widget, tag) {
  const t = strings(tag);
  await widget.frame.getByRole('heading', { name: t.consent_title, exact: true }).waitFor({ timeout: 10_000 });
  await widget.frame.getByRole('button', { name: t.continue_, exact: true }).waitFor({ timeout: 10_000 });
  const lang = await widget.frame.locator('html').getAttribute('lang');
  assert.equal(lang, tag);
}

describe('languages', () => {
  it('the locale option chooses each shipped language, and zh and tl map to zh-CN and fil', async () => {
    const browser = await launchBrowser();
    try {
      for (const [option, tag] of [['zh-CN', 'zh-CN'], ['zh', 'zh-CN'], ['id', 'id'], ['tl', 'fil'], ['vi', 'vi'], ['th-TH', 'th'], ['en-GB', 'en']]) {
        const { page, widget } = await open(browser, { locale: option });
        await shows(widget, tag);
        const t = strings(tag);
        await widget.frame.getByRole('button', { name: t.continue_, exact: true }).click({ timeout: 10_000 });
        await widget.waitForEvent('ProviderListPageOpened');
        await widget.frame.getByRole('heading', { name: t.providers_title, exact: true }).waitFor({ timeout: 10_000 });
        // Provider names stay as the API gives them.
        await widget.frame.getByRole('button', { name: /^ADP\b/ }).first().waitFor({ timeout: 10_000 });
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('without the option, the first of the browser languages that is shipped wins', async () => {
    const browser = await launchBrowser({ locale: 'th-TH' });
    try {
      const { page, widget } = await open(browser);
      await shows(widget, 'th');
      await page.close();
    } finally {
      await browser.close();
    }
    const other = await launchBrowser({ locale: 'de-DE' });
    try {
      const { page, widget } = await open(other);
      await shows(widget, 'en');
      assert.ok((await calls(page, 'onUIEvent')).length >= 1);
      await page.close();
    } finally {
      await other.close();
    }
  });
});
