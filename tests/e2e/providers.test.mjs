// The provider list against the sandbox with 10,000 extra employers: what each search shows is exactly what
// `GET /v1/providers` lists for it, whether the widget asked, answered from what it had already loaded
// (a refinement of an answer loaded to its end asks nothing) or searched the provider index it fetches once
// a search's answer is longer than a page; paging still follows the API's order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServers, waitFor } from './harness.mjs';
import { launch, newContext } from './steps.mjs';

const T = 10_000;
const env = useServers({ 'extra-providers': 10000 });

/**
 * The list screen of a fresh launch with `options`. `ctx.asked()` is every `name` the widget has sent to
 * /v1/providers so far (`''` for none), in order; `ctx.names()` the names the list shows.
 */
async function openList(options = {}) {
  const ctx = await newContext(env.browser, env.sandbox, env.partner);
  await launch(ctx, options);
  const { page, widget, token, sandbox } = ctx;
  const asked = () => ctx.requests.filter((r) => r.path === '/v1/providers')
    .map((r) => new URLSearchParams(r.query).get('name') ?? '');
  const indexRequests = () => ctx.requests.filter((r) => r.path === '/v1/providerIndex');
  let indexIn = false;
  page.on('requestfinished', (r) => new URL(r.url()).pathname === '/v1/providerIndex' && (indexIn = true));
  /** Waits for the index to have arrived, then a moment for the widget to read it. */
  const indexArrived = async () => {
    await waitFor(() => indexIn, 'the provider index', T);
    await page.waitForTimeout(300);
  };
  await widget.consent.continue();
  await widget.providers.search().waitFor({ timeout: T });
  const names = () => widget.frame.locator('.wink-provider__name').allTextContents();
  /** Every name the API lists for `name` (all pages), with the list's own filters. */
  const listed = async (name) => {
    const all = [];
    let cursor = null;
    do {
      const url = new URL(`${sandbox.origin}/v1/providers`);
      if (name.trim()) url.searchParams.set('name', name.trim());
      for (const [k, v] of Object.entries(options.query || {})) url.searchParams.set(k, v);
      url.searchParams.set('accountConnection', 'true');
      url.searchParams.set('size', '150');
      if (cursor) url.searchParams.set('cursor', cursor);
      const body = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json();
      all.push(...body.data.items.map((p) => p.name));
      cursor = body.data.nextCursor;
    } while (cursor);
    return all;
  };
  /** Waits until the list shows exactly `want` (all of it, in order); returns what it showed last. */
  const shows = async (want, what) => {
    let shown = [];
    await waitFor(async () => JSON.stringify((shown = await names())) === JSON.stringify(want), what, T)
      .catch(() => assert.deepEqual(shown, want, what));
  };
  const type = (text) => widget.providers.search().fill(text, { timeout: T });
  return { page, widget, asked, names, listed, shows, type, indexRequests, indexArrived, requests: ctx.requests };
}

describe('provider search', () => {
  it('refining an answer loaded to its end shows exactly the API\'s list and asks nothing, accents and case aside', async () => {
    const ctx = await openList();
    await ctx.type('ne');
    const ne = await ctx.listed('ne');
    assert.ok(ne.length > 1 && ne.length <= 10, `"ne" lists a short answer (${ne.length})`);
    await ctx.shows(ne, 'the list for "ne"');
    const sent = ctx.asked().length;
    for (const q of ['nes', 'NESTL', 'nestlé', 'Nestlé Phil']) {
      await ctx.type(q);
      const want = await ctx.listed(q);
      assert.ok(want.length >= 1, `"${q}" lists something`);
      await ctx.shows(want, `the list for ${JSON.stringify(q)}`);
    }
    await ctx.type('nestlez');
    await ctx.widget.providers.empty().waitFor({ timeout: T });
    assert.deepEqual(await ctx.names(), []);
    assert.deepEqual(ctx.asked().slice(sent), [], 'no request for a refinement of a complete answer');
    await ctx.widget.providers.notListed().waitFor({ timeout: T });
    await ctx.page.close();
  });

  it('an answer of more than a screenful but within a page is refined from memory', async () => {
    const ctx = await openList();
    await ctx.type('golden m');
    const want = await ctx.listed('golden m');
    assert.ok(want.length > 10 && want.length <= 30, `"golden m" lists between a screenful and a page (${want.length})`);
    await ctx.shows(want, 'the whole answer for "golden m"');
    const sent = ctx.asked().length;
    for (const q of ['golden motors', 'golden motors 1', 'golden motors 11']) {
      await ctx.type(q);
      await ctx.shows(await ctx.listed(q), `the list for ${JSON.stringify(q)}`);
    }
    assert.deepEqual(ctx.asked().slice(sent), [], 'no request for refinements of a complete answer');
    await ctx.page.close();
  });

  it('without the provider index (it fails), a query whose earlier answer was not loaded to its end asks the API', async (t) => {
    await env.sandbox.setFaults([{ kind: 'status', status: 503, method: 'GET', path: '/v1/providerIndex' }]);
    t.after(() => env.sandbox.clearFaults());
    const ctx = await openList();
    await ctx.type('golden');
    const golden = await ctx.listed('golden');
    assert.ok(golden.length > 30, `"golden" lists more than a page (${golden.length})`);
    await ctx.shows(golden.slice(0, 30), 'the first page for "golden"');
    await ctx.type('golden 1');
    const want = await ctx.listed('golden 1');
    await ctx.shows(want.slice(0, 30), 'the first page for "golden 1"');
    assert.ok(ctx.asked().includes('golden 1'), `asked for "golden 1" (asked ${JSON.stringify(ctx.asked())})`);
    assert.ok(ctx.indexRequests().length >= 1, 'the index was asked for');
    // Back to the broader query: answered from memory, as loaded.
    const sent = ctx.asked().length;
    await ctx.type('golden');
    await ctx.shows(golden.slice(0, 30), 'the first page for "golden" again');
    assert.deepEqual(ctx.asked().slice(sent), []);
    await ctx.page.close();
  });

  it('paging continues the API\'s order, and a query loaded to its end by paging is refined without asking', async () => {
    const ctx = await openList();
    await ctx.type('bayan s');
    const all = await ctx.listed('bayan s');
    assert.ok(all.length > 30 && all.length <= 120, `"bayan s" lists a few pages (${all.length})`);
    await ctx.shows(all.slice(0, 30), 'the first page');
    // "Show more", or scrolling to it (which loads the next page by itself, so the button may go first).
    await waitFor(async () => {
      if ((await ctx.names()).length >= all.length) return true;
      await ctx.widget.providers.loadMore().click({ timeout: 1_000 }).catch(() => {});
      return false;
    }, 'every page', T);
    await ctx.shows(all, 'every page in order');
    await ctx.widget.providers.notListed().waitFor({ timeout: T });
    const sent = ctx.asked().length;
    for (const q of ['bayan se', 'bayan security 1']) {
      await ctx.type(q);
      await ctx.shows(await ctx.listed(q), `the refinement ${JSON.stringify(q)}, from the pages loaded`);
    }
    assert.deepEqual(ctx.asked().slice(sent), []);
    await ctx.page.close();
  });

  it('pinned providers stay first in their order when a search is answered from memory', async () => {
    const providers = ['grab', 'upwork', 'gojek', 'angkas', 'uber', 'lalamove', 'foodpanda', 'jollibee', 'tokopedia'];
    const query = { ids: providers.join(','), topIds: 'upwork,gojek' };
    const ctx = await openList({ providers, topProviders: ['upwork', 'gojek'], query });
    const everyone = await ctx.listed('');
    assert.deepEqual(everyone.slice(0, 2), ['Upwork', 'Gojek']);
    await ctx.shows(everyone, 'the whole short list');
    const sent = ctx.asked().length;
    for (const q of ['o', 'g', 'gr']) {
      await ctx.type(q);
      await ctx.shows(await ctx.listed(q), `the list for ${JSON.stringify(q)}`);
    }
    assert.deepEqual(ctx.asked().slice(sent), []);
    assert.equal(ctx.indexRequests().length, 0, 'a list of one page needs no index');
    await ctx.page.close();
  });
});

describe('provider search in the provider index', () => {
  it('a search longer than a page fetches the index once; then every search is the API\'s list, without a request', async () => {
    const ctx = await openList();
    assert.equal(ctx.indexRequests().length, 0, 'no index before a long search');
    await ctx.type('golden');
    await ctx.indexArrived();
    const [index] = ctx.indexRequests();
    assert.deepEqual(Object.fromEntries(new URLSearchParams(index.query)), { accountConnection: 'true' },
      'the list\'s own filters, no name or page');
    const sent = ctx.asked().length;
    for (const q of ['g', 'go', 'golden m', 'golden motors 11', 'bayan 7', '1234', 'Nestlé', 'NESTLE PHIL', 'zzq', '']) {
      await ctx.type(q);
      const want = (await ctx.listed(q)).slice(0, 30);
      if (want.length) await ctx.shows(want, `the first page for ${JSON.stringify(q)}`);
      else await ctx.widget.providers.empty().waitFor({ timeout: T });
    }
    assert.deepEqual(ctx.asked().slice(sent), [], 'no request for any search');
    assert.equal(ctx.indexRequests().length, 1, 'the index once');
    await ctx.page.close();
  });

  it('"Show more" goes on through the index in the API\'s order, to the end of the list', async () => {
    const ctx = await openList();
    await ctx.type('golden');
    await ctx.indexArrived();
    await ctx.type('bayan s');
    const all = await ctx.listed('bayan s');
    assert.ok(all.length > 30, `"bayan s" lists more than a page (${all.length})`);
    await ctx.shows(all.slice(0, 30), 'the first page');
    const sent = ctx.asked().length;
    await waitFor(async () => {
      if ((await ctx.names()).length >= all.length) return true;
      await ctx.widget.providers.loadMore().click({ timeout: 1_000 }).catch(() => {});
      return false;
    }, 'every page', T);
    await ctx.shows(all, 'every match in order');
    await ctx.widget.providers.notListed().waitFor({ timeout: T });
    assert.deepEqual(ctx.asked().slice(sent), []);
    await ctx.page.close();
  });

  it('a provider picked from the index is fetched in full and its login opens', async () => {
    const ctx = await openList();
    await ctx.type('golden');
    await ctx.indexArrived();
    await ctx.type('golden motors 11');
    const [first] = await ctx.listed('golden motors 11');
    await ctx.shows(await ctx.listed('golden motors 11'), 'the list for "golden motors 11"');
    await ctx.widget.providers.entry(first).click({ timeout: T });
    await ctx.widget.waitForEvent('LoginPageOpened');
    await ctx.widget.login.field('Email').waitFor({ timeout: T });
    await ctx.widget.login.field('Password').waitFor({ timeout: T });
    assert.ok(ctx.requests.some((r) => r.path.startsWith('/v1/providers/emp_gen_')), 'the provider in full');
    await ctx.page.close();
  });
});
