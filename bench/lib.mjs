// Shared parts of the browser benchmarks: headless Chromium with fresh contexts, the partner page on its own
// site (localhost, while the widget is on 127.0.0.1: a different site, so the widget frame runs in its own
// process as it does for a real partner), statistics and tables. Every wait is bounded.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, ROOT, waitFor } from '../tests/e2e/harness.mjs';

export const VIEWPORT = { width: 1280, height: 800 };

/** English strings of the widget (locales/en.json), to find its parts by their names. */
export const EN = JSON.parse(readFileSync(join(ROOT, 'locales/en.json'), 'utf8'));

/** A headless Chromium whose contexts share nothing: each `newContext()` starts with an empty cache. */
export async function launch() {
  return chromium.launch(CHROMIUM);
}

/** The partner page's address on its own site. */
export const partnerUrl = (partner) => `http://localhost:${partner.port}/`;

/** How long a new partner page is left before anything is timed on it (see `partnerPage`). */
export const SETTLE_MS = 1_000;

/** A new page on the partner page, once the shim has defined SmileLinkModal and the browser has settled.
 * A new window of this Chromium preloads its omnibox popup (a WebUI page in a renderer of its own, about half a
 * second of CPU) in its first second; on two cores that took half the machine from whatever was timed then. A user
 * opens the widget on a page that has been up for a while, so each run starts `SETTLE_MS` after the page loaded. */
export async function partnerPage(context, partner) {
  const page = await context.newPage();
  await page.goto(partnerUrl(partner));
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim', 10_000);
  await page.waitForTimeout(SETTLE_MS);
  return page;
}

/** The widget's frame on `page`, once it exists. */
export async function widgetFrame(page, sandbox) {
  return waitFor(() => page.frames().find((f) => f.url().startsWith(sandbox.origin)), 'the widget frame', 10_000);
}

/** Nearest-rank percentile of the finite numbers among `values`. */
export function percentile(values, p) {
  // A run with nothing to time (NaN) is left out, and counted by its part.
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

export const median = (values) => percentile(values, 50);
export const p95 = (values) => percentile(values, 95);

export const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
export const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : 'n/a');
export const kib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a');

/** `median X / p95 Y` of timings. */
export const spread = (values) => `median ${ms(median(values))} / p95 ${ms(p95(values))}`;

/** A markdown table. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const log = (...args) => console.log(...args);
