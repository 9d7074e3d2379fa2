#!/usr/bin/env node
// `make bench`: every figure of docs/performance.md beside its baseline from the same run, then one table.
//   sizes   what the widget page loads, raw, gzip and brotli (the build's precompressed files)
//   load    the sandbox under load: sandbox-load (health baseline, MFA connect flow, provider list, upload)
//   open    open time, cold and preloaded, beside transfer floors (bench/open.mjs)
//   search  keystroke to updated list over 10,000 extra providers, beside a plain JS filter (bench/search.mjs)
//   memory  open/close cycles, launches without destroy(), the widget frame after a connect flow (bench/memory.mjs)
// Usage: node bench/run.mjs [sizes|load|open|search|memory ...] (all by default). Needs a built dist/ (make build).
// Env: SANDBOX_LOAD and SMILE_SANDBOX (the release binaries; make bench sets them), BENCH_USERS (200),
// BENCH_RUNS (open-time runs, 20). Servers bind 127.0.0.1 and are stopped by process id; the whole run is bounded.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startPartner, startSandbox } from '../tests/e2e/harness.mjs';
import { kib, launch, log, mb, median, ms, p95, spread, table } from './lib.mjs';
import { openTime } from './open.mjs';
import { QUERIES, search } from './search.mjs';
import { CYCLES, memory } from './memory.mjs';

const DIST = join(ROOT, process.env.DIST || 'dist');
const USERS = Number(process.env.BENCH_USERS || 200);
const RUNS = Number(process.env.BENCH_RUNS || 20);
const DEADLINE_MS = 10 * 60_000;
const ALL = ['sizes', 'load', 'open', 'search', 'memory'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const w of wanted) if (!ALL.includes(w)) throw new Error(`unknown part ${w}; parts: ${ALL.join(', ')}`);

const cleanups = [];
const stopAll = async () => {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
};
const deadline = setTimeout(async () => {
  console.error(`bench: not done after ${DEADLINE_MS / 60_000} minutes; stopping`);
  await stopAll();
  process.exit(1);
}, DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, async () => { await stopAll(); process.exit(130); });

/** Bytes of what the widget page loads to open (every HTML, JS, wasm and CSS file at the top of dist/, shim aside,
 * but the wasm parts fetched on demand: those other than the one index.html names), and of those parts. */
function sizes() {
  const sent = (path, ext) => (existsSync(`${path}.${ext}`) ? statSync(`${path}.${ext}`) : statSync(path)).size;
  const mainWasm = readFileSync(join(DIST, 'index.html'), 'utf8').match(/data-wasm=["']?\.\/([^"'\s>]+)/)?.[1];
  const all = readdirSync(DIST).filter((f) => /\.(html|js|wasm|css)$/.test(f) && !/^smile\.v[12]\.js$/.test(f));
  const files = all.filter((f) => !f.endsWith('.wasm') || f === mainWasm);
  const parts = all.filter((f) => !files.includes(f));
  const sum = (ext) => files.reduce((n, f) => n + (ext ? sent(join(DIST, f), ext) : statSync(join(DIST, f)).size), 0);
  const locales = readdirSync(join(DIST, 'locales')).filter((f) => f.endsWith('.json') && f !== 'en.json');
  const largest = (ext) => Math.max(0, ...locales.map((f) => sent(join(DIST, 'locales', f), ext)));
  const wasm = files.find((f) => f.endsWith('.wasm'));
  const out = {
    raw: sum(null), gz: sum('gz'), br: sum('br'), localeGz: largest('gz'), localeBr: largest('br'),
    wasm: { raw: statSync(join(DIST, wasm)).size, gz: sent(join(DIST, wasm), 'gz'), br: sent(join(DIST, wasm), 'br') },
    shim: { gz: sent(join(DIST, 'smile.v2.js'), 'gz'), br: sent(join(DIST, 'smile.v2.js'), 'br') },
    parts: { gz: parts.reduce((n, f) => n + sent(join(DIST, f), 'gz'), 0), names: parts },
  };
  log(`sizes: the widget page loads ${out.raw} bytes raw, ${out.gz} gzip, ${out.br} brotli (${files.length} files); ` +
    `the wasm ${out.wasm.raw} raw, ${out.wasm.gz} gzip, ${out.wasm.br} brotli; plus the largest locale file ${out.localeGz} gzip; ` +
    `the shim ${out.shim.gz} gzip; fetched on demand: ${parts.map((f) => `${f} ${sent(join(DIST, f), 'gz')} gzip`).join(', ') || 'nothing'}`);
  return out;
}

/** Runs sandbox-load, echoing it, and keeps the rows of its markdown table. */
function load() {
  const bin = process.env.SANDBOX_LOAD || join(process.env.CARGO_TARGET_DIR || join(process.env.HOME, '.cache/smile-wink/target'), 'release/sandbox-load');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release -p smile-sandbox --bins`);
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['--users', String(USERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(async () => child.exitCode === null && child.kill('SIGTERM'));
    let text = '';
    child.stdout.on('data', (b) => {
      text += b;
      process.stdout.write(b);
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      const rows = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
      if (code !== 0) fail(new Error(`sandbox-load exited with ${code}`));
      else ok(rows);
    });
  });
}

async function browserParts(parts) {
  const out = {};
  const sandbox = await startSandbox();
  cleanups.push(() => sandbox.stop());
  const partner = await startPartner(sandbox.origin);
  cleanups.push(() => partner.close());
  const browser = await launch();
  cleanups.push(() => browser.close());
  if (parts.includes('open')) out.open = await openTime({ browser, sandbox, partner, runs: RUNS });
  if (parts.includes('memory')) out.memory = await memory({ browser, sandbox, partner });
  if (parts.includes('search')) {
    const big = await startSandbox({ 'extra-providers': 10000 });
    cleanups.push(() => big.stop());
    const bigPartner = await startPartner(big.origin);
    cleanups.push(() => bigPartner.close());
    out.search = await search({ browser, sandbox: big, partner: bigPartner });
  }
  return out;
}

function summary({ sizes: s, load: rows, open: o, search: q, memory: m }) {
  const lines = [];
  const row = (what, figure, baseline, target, command) => lines.push([what, figure, baseline, target, `\`${command}\``]);
  if (s) {
    row('what the widget page loads to open, gzip (+ the largest locale file)', `${kib(s.gz)} (+ ${kib(s.localeGz)} = ${kib(s.gz + s.localeGz)})`,
      `raw ${kib(s.raw)}`, '≤ 150 KiB', 'make size');
    row('the same, brotli (what Chromium receives)', `${kib(s.br)} (+ ${kib(s.localeBr)})`, `gzip ${kib(s.gz)}`, '—', 'make size');
    row('wasm parts fetched on demand (connect, accounts, documents, and the code they share), gzip', kib(s.parts.gz), '—', '—', 'make size');
    row('the wasm: raw / gzip / brotli', `${kib(s.wasm.raw)} / ${kib(s.wasm.gz)} / ${kib(s.wasm.br)}`, '—', '—', 'make size');
    row('shim `smile.v2.js`, gzip / brotli', `${s.shim.gz} / ${s.shim.br} bytes`, '—', '≤ 3,072 bytes gzip', 'make size');
  }
  if (o) {
    row(`open() → first screen painted and focused, cold (fresh context), ${o.cold.length} runs`, spread(o.cold),
      `transfer floor ${spread(o.floors)}; + wasm compile ${spread(o.compiles)}`, '200 ms', 'node bench/run.mjs open');
    row('… of which, median: page HTML in / wasm in / first API call sent / API answered',
      ['widget page HTML in', 'wasm in', 'first link API call sent', 'link API calls answered'].map((k) => ms(o.breakdown[k])).join(' / '),
      `API calls before the first screen: ${o.apiCalls.map((c) => `\`${c.split('?')[0]}\``).join(', ')}`, 'API calls at once with the wasm', 'node bench/run.mjs open');
    row('… what the partner page sees: the first onUIEvent / its next animation frame',
      `${spread(o.coldEvent)} / ${spread(o.coldPartnerFrame)}`, '—', '—', 'node bench/run.mjs open');
    row('bytes the widget frame fetched on a cold open (Chromium, brotli)', kib(o.bytes), s ? `brotli files ${kib(s.br)}` : '—', '—', 'node bench/run.mjs open');
    row(`open() → first screen painted and focused, preloaded (onLoad first), ${o.preloaded.length} runs`, spread(o.preloaded),
      `one frame: 16.7 ms; a bare message from the partner page to the widget frame: ${spread(o.pings)}`, '16 ms', 'node bench/run.mjs open');
    row('… of which, median: open message handled in the widget frame / focus in its dialog / its first contentful paint, as presented',
      `${ms(median(o.openArrivals))} / ${ms(median(o.preloadedFocus))} / ${ms(median(o.preloadedPaint))}`,
      `runs that painted before open(): ${o.paintedEarly}`, '—', 'node bench/run.mjs open');
    row('… what the partner page sees: the first onUIEvent / its next animation frame',
      `${spread(o.preloadedEvents)} / ${spread(o.preloadedPartnerFrame)}`, '—', '—', 'node bench/run.mjs open');
  }
  if (q) {
    const w = q.single.widget, f = q.single.floor;
    row(`search, keystroke → list painted, one key at a time (${w.timed} keys timed over ${QUERIES.length} queries, ${q.total} providers)`,
      `${spread(w.frames)}; ${(w.sent / w.keys).toFixed(2)} requests a key`, `plain JS filter ${spread(f.frames)}`,
      `p95 < 50 ms and ≤ 2x the floor (now ${(p95(w.frames) / p95(f.frames)).toFixed(1)}x)`, 'node bench/run.mjs search');
    const { local, asked } = q.single.split;
    row(`… of which: the ${local.length} keys answered without a request / the ${asked.length} that asked the API`,
      `${spread(local)}; ${asked.length ? spread(asked) : 'none'}`, '—', '—', 'node bench/run.mjs search');
    row('… the provider index, fetched once a search\'s answer is longer than a page: requests / bytes on the wire (gzip)',
      `${q.index.requests} / ${kib(q.index.bytes)}`, `${q.total} providers`, '—', 'node bench/run.mjs search');
    const wb = q.bursts.widget, fb = q.bursts.floor;
    row(`search, bursts at 30 ms a key: last key → final list painted (${wb.unchanged} of ${wb.frames.length} right at the last key: 0 ms)`,
      `${spread(wb.frames)}; ${wb.sent} requests for ${wb.keys} keys, ${wb.aborted} aborted`,
      `plain JS filter ${spread(fb.frames)}`, 'superseded requests aborted', 'node bench/run.mjs search');
  }
  if (m) {
    for (const [what, r] of [[`${CYCLES} open/close cycles of one instance`, m.cycles], [`${CYCLES} launches, a new instance each, no destroy()`, m.launches]]) {
      const cells = (x) => `${x.elements} / ${x.listeners} / ${mb(x.heap)} / ${x.frames} / ${x.instances}`;
      row(`partner page after ${what}: elements / listeners / JS heap / iframes / live instances`, cells(r.after),
        `before: ${cells(r.before)}; after 1: ${cells(r.first)}; after ${CYCLES / 2}: ${cells(r.half)}`,
        'no growth after the first', 'node bench/run.mjs memory');
    }
    row('widget frame after a full connect flow (George, MFA): JS heap; wasm linear memory beside it',
      `${mb(m.frame.after.js)}; wasm ${mb(m.frame.after.wasm)}`,
      `at its first screen: ${mb(m.frame.first.js)}; wasm ${mb(m.frame.first.wasm)} (1 MiB of it the stack Rust reserves)`,
      'JS heap < 3 MB', 'node bench/run.mjs memory');
  }
  for (const r of rows || []) {
    row(`sandbox: ${r[0]}`, `${r[3]} requests/s, p50 ${r[4]}, p99 ${r[5]}; ${r[7]}`, r[0].startsWith('baseline') ? '—' : 'the health baseline above', '0 lost, 0 failed', `make bench (sandbox-load --users ${USERS})`);
  }
  return table(['figure', 'measured', 'baseline (same run)', 'target', 'command'], lines);
}

const results = {};
let failed = false;
try {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no built widget: make build`);
  const started = Date.now();
  if (wanted.includes('sizes')) results.sizes = sizes();
  if (wanted.includes('load')) {
    try {
      results.load = await load();
    } catch (e) {
      failed = true;
      console.error(`bench: ${e.message}`);
    }
  }
  const parts = wanted.filter((w) => ['open', 'search', 'memory'].includes(w));
  if (parts.length) Object.assign(results, await browserParts(parts));
  log('');
  log(`## Figures (${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - started) / 1000)} s, headless Chromium on loopback, ` +
    `${(await import('node:os')).cpus().length} cores shared with whatever else runs)`);
  log('');
  log(summary(results));
} catch (e) {
  failed = true;
  console.error(`bench: ${e.stack || e}`);
} finally {
  await stopAll();
  clearTimeout(deadline);
}
process.exit(failed ? 1 : 0);
