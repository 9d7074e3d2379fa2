// Uploading documents instead of logging in: the document types, choosing files (checked by their bytes before
// anything is sent), progress, a failed and a cancelled upload, a company ID in two parts, "Can't find your
// employer?", an upload-only employer, removing a document on a later visit, the keyboard path and screenshots.
// A partner page on its own origin, the shipped shim and widget page, the real sandbox server; the widget is
// driven by role and label, and every file uploaded is made here, in a temp dir removed afterwards.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { calls, frameShown, launchBrowser, make, messages, screenshot, sleep, startPartner, startSandbox, waitFor } from './harness.mjs';
import { Widget } from './screens.mjs';
import { pdf } from './steps.mjs';

const T = 10_000;
// The Acme Lending template: uploads on, so the partner need not set enableUpload (sandbox/src/templates.rs).
const UPLOAD_TEMPLATE = 'wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d';
const ARCHIVE_ID = /^u-[0-9a-f]{32}$/;
const FILE_ID = /^f-[0-9a-f]{32}$/;
const MB15 = 15 * 1024 * 1024;

let sandbox, partner, browser, dir;
/** The files the tests choose, by role: `{path, name, bytes}`; made in `before`. */
const F = {};

// A marker written into every valid file, so a payload that carried a file's contents is caught by name.
const MARKER = `wink-${randomBytes(6).toString('hex')}`;

/** A small valid PNG: `size`×`size` RGB in one colour, a tEXt chunk with `text`, zlib-compressed rows. */
function png(size, [r, g, b], text) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => [r, g, b][i % 3])]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function makeFiles() {
  dir = mkdtempSync(join(tmpdir(), 'smile-e2e-upload-'));
  const put = (key, name, bytes) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    F[key] = { path, name, bytes };
  };
  put('pdf', 'march-payslip.pdf', pdf(`Payslip March ${MARKER}`));
  put('png', 'payslip-photo.png', png(24, [11, 110, 79], `photo ${MARKER}`));
  put('spare', 'april-payslip.pdf', pdf(`Payslip April ${MARKER}`));
  put('text', 'notes.pdf', Buffer.from(`Just some notes typed in a text editor, renamed to .pdf. ${MARKER}\n`));
  put('empty', 'blank.pdf', Buffer.alloc(0));
  put('front', 'id-front.png', png(32, [200, 40, 40], `front ${MARKER}`));
  put('back', 'id-back.png', png(32, [40, 40, 200], `back ${MARKER}`));
  // Cut short: a PDF header and body without its `%%EOF`, which the sandbox analyses as ERROR (FILE_DAMAGED).
  put('cut', 'cut-short.pdf', pdf(`Tax ${MARKER}`).subarray(0, 200));
  // Over 15 MB: a PDF header, then a sparse run of zeros, so the disk holds next to nothing.
  const huge = join(dir, 'huge-scan.pdf');
  const fd = openSync(huge, 'w');
  writeSync(fd, Buffer.from('%PDF-1.4\n'));
  writeSync(fd, Buffer.from('%%EOF\n'), 0, 6, MB15 + 1024);
  closeSync(fd);
  F.huge = { path: huge, name: 'huge-scan.pdf', bytes: null };
  assert.ok(statSync(huge).size > MB15);
}

before(async () => {
  makeFiles();
  sandbox = await startSandbox({ 'analysis-delay-ms': 200 });
  partner = await startPartner(sandbox.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await partner?.close();
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A link API call from the partner's side (node), with a link token. */
async function api(method, path, token, body) {
  const r = await fetch(`${sandbox.origin}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

const archivesOf = async (token) => (await api('GET', '/archives', token)).body.data.items;

const setFaults = (rules) => sandbox.setFaults(rules);
const clearFaults = () => sandbox.clearFaults();

/** A partner page with a fresh user's token and an open widget. */
async function openWidget(options = {}, { viewport } = {}) {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(partner.origin + '/');
  await waitFor(() => page.evaluate(() => typeof window.SmileLinkModal === 'function'), 'the shim');
  const { token, userId } = await sandbox.mintToken();
  await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options });
  await page.evaluate(() => window.__modals.a.open());
  return { page, widget: new Widget(page), token, userId };
}

/** Another launch on the same page as integrators write it: a new SmileLinkModal, then open(). */
async function relaunch(page, token, options, tag) {
  const before = (await calls(page, 'onUIEvent')).length;
  await make(page, { userToken: token, apiHost: sandbox.origin + '/v1', ...options }, { tag });
  await page.evaluate((t) => window.__modals[t].open(), tag);
  await waitFor(async () => (await calls(page, 'onUIEvent')).length > before, 'the first screen of the launch', T);
  return (await calls(page, 'onUIEvent'))[before].arg.eventName;
}

async function toProviders(widget) {
  await widget.waitForEvent('ConsentPageOpened');
  await widget.consent.continue();
  await widget.waitForEvent('ProviderListPageOpened');
}

/** Consent → provider list → Upload documents → the document `type`'s upload screen. */
async function toUpload(widget, type = 'Payslip') {
  await toProviders(widget);
  await widget.providers.uploadDocuments();
  await widget.waitForEvent('FileTypeListPageOpened');
  await widget.fileTypes.choose(type);
  await widget.waitForEvent('FileTypePageOpened');
}

const lastEvent = async (page) => (await calls(page, 'onUIEvent')).at(-1).arg;
const event = async (page, name) => (await calls(page, 'onUIEvent')).map((c) => c.arg).filter((e) => e.eventName === name);

async function closeEvents(page, count = 1) {
  await waitFor(async () => (await calls(page, 'onClose')).length >= count, `onClose #${count}`, T);
  return (await calls(page, 'onClose')).map((c) => c.arg);
}

/** Waits for the widget's `POST /v1/archives` to be answered. */
const archivePosted = (page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/archives', { timeout: T });

/** The one onUploadsCreated after an upload, once it has come. */
async function uploaded(page, count = 1) {
  await waitFor(async () => (await calls(page, 'onUploadsCreated')).length >= count, `onUploadsCreated #${count}`, T);
  return (await calls(page, 'onUploadsCreated')).map((c) => c.arg);
}

/**
 * The archive the partner was told about is the one the link API lists: the same fields and files, the state
 * moved on from STARTED at most (the analysis runs after the answer).
 */
function assertSameArchive(told, listed) {
  const { state: toldState, ...toldRest } = told;
  const { state: listedState, ...listedRest } = listed;
  assert.deepEqual(toldRest, listedRest);
  assert.equal(toldState.status, 'STARTED');
  assert.ok(['STARTED', 'ANALYZED'].includes(listedState.status), listedState.status);
}

/** Each raw file's `url`, fetched with the owner's token, answers the bytes chosen. */
async function assertFilesFetchable(archive, token, files) {
  assert.equal(archive.rawFiles.length, files.length);
  for (const [i, raw] of archive.rawFiles.entries()) {
    assert.match(raw.id, FILE_ID);
    assert.ok(raw.url, `rawFiles[${i}] has a url`);
    const r = await fetch(raw.url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200, raw.url);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(files[i].bytes), `${raw.name}: the same bytes come back`);
  }
}

/**
 * Nothing the partner page received (callbacks, message events, console) carries a file's contents: not the
 * marker written into every file, not a file's bytes as text, not its base64.
 */
async function assertNoFileContents(page, files) {
  const seen = JSON.stringify([await calls(page), await messages(page), page.consoleMessages]);
  assert.ok(!seen.includes(MARKER), 'a payload carries a file\'s contents');
  for (const f of files) {
    const b64 = f.bytes.toString('base64');
    assert.ok(!seen.includes(b64.slice(0, 40)), `${f.name} is in a payload as base64`);
    assert.ok(!seen.includes(f.bytes.toString('latin1').slice(0, 60)), `${f.name} is in a payload as text`);
  }
}

const sizeText = (n) => (n < 1024 ? `${n} B` : `${Math.round(n / 1024)} KB`);

describe('the way to an upload', () => {
  it('the Acme Lending template turns uploads on: Upload documents → the document types → Upload your payslip', async () => {
    const { page, widget, userId } = await openWidget({ templateId: UPLOAD_TEMPLATE });
    await toProviders(widget);
    await widget.providers.uploadEntry().waitFor({ timeout: T });
    assert.match(await widget.providers.uploadEntry().innerText(), /Upload documents/);
    await widget.providers.uploadDocuments();
    await widget.waitForEvent('FileTypeListPageOpened');
    await widget.fileTypes.shows('What would you like to upload?');
    assert.deepEqual(await widget.fileTypes.names(), ['Payslip', 'Tax document', 'Company ID']);
    const list = await lastEvent(page);
    assert.equal(list.archive, null);
    assert.equal(list.account, null);
    await widget.fileTypes.choose('Payslip');
    await widget.waitForEvent('FileTypePageOpened');
    await widget.upload.shows('Upload your payslip');
    const chosen = await lastEvent(page);
    assert.deepEqual(chosen.archive, { fileType: 'PAYSLIP' });
    assert.equal(chosen.userId, userId);
    assert.equal(chosen.mode, 'SANDBOX');
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened', 'ProviderListPageOpened', 'FileTypeListPageOpened',
      'FileTypePageOpened']);
    await page.close();
  });

  it('without uploads (enableUpload: false over the template) there is no Upload documents', async () => {
    const { page, widget } = await openWidget({ templateId: UPLOAD_TEMPLATE, enableUpload: false });
    await toProviders(widget);
    await widget.providers.entry('Upwork').waitFor({ timeout: T });
    assert.equal(await widget.providers.uploadEntry().count(), 0);
    await page.close();
  });
});

describe('uploading a payslip', () => {
  afterEach(clearFaults);

  it('files chosen at once are checked by their bytes; the good ones upload with progress and reach the partner as the API lists them', async () => {
    const { page, widget, token, userId } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Payslip');
    await widget.upload.choose([F.pdf.path, F.png.path, F.text.path, F.empty.path, F.huge.path, F.spare.path]);
    await widget.upload.removeButton(F.spare.name).waitFor({ timeout: T });
    const rows = await widget.upload.rows();
    assert.deepEqual(rows.map((r) => r.text), [
      `${F.pdf.name} ${sizeText(F.pdf.bytes.length)}`,
      `${F.png.name} ${sizeText(F.png.bytes.length)}`,
      `${F.spare.name} ${sizeText(F.spare.bytes.length)}`,
    ]);
    assert.deepEqual(rows.map((r) => r.thumbnail), [false, true, false], 'the image shows as a thumbnail');
    const thumb = widget.upload.files().getByRole('listitem').nth(1).locator('img');
    await waitFor(() => thumb.evaluate((img) => img.complete && img.naturalWidth === 24), 'the thumbnail to load', T);
    const problems = await widget.upload.problems();
    assert.equal(problems.length, 3, JSON.stringify(problems));
    assert.match(problems[0], /^notes\.pdf isn't a PDF, PNG or JPEG file/);
    assert.match(problems[1], /^blank\.pdf is empty/);
    assert.match(problems[2], /^huge-scan\.pdf is larger than 15 MB/);

    await widget.upload.remove(F.spare.name);
    await waitFor(async () => (await widget.upload.rows()).length === 2, 'the removed file to go', T);
    assert.equal(await widget.upload.removeButton(F.spare.name).count(), 0);

    // A slow answer, so the progress can be seen while the upload is in flight.
    await setFaults([{ kind: 'latency', latencyMs: 1_200, method: 'POST', path: '/v1/archives', times: 1 }]);
    const answered = archivePosted(page);
    await widget.upload.submit();
    await widget.upload.progress().waitFor({ state: 'visible', timeout: T });
    assert.ok(await widget.upload.submitButton().isDisabled(), 'Upload cannot be pressed twice');
    assert.equal((await answered).status(), 201);
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    await widget.archiveSuccess.shows('Documents uploaded');

    const [told] = await uploaded(page);
    assert.deepEqual(Object.keys(told).sort(), ['uploads', 'userId']);
    assert.equal(told.userId, userId);
    assert.equal(told.uploads.length, 1);
    const [archive] = told.uploads;
    assert.match(archive.id, ARCHIVE_ID);
    assert.equal(archive.type, 'PAYSLIP');
    assert.equal(archive.userId, userId);
    assert.equal(archive.providerId, 'user-provided');
    assert.equal('employerName' in archive, false, 'no employer was named');
    assert.deepEqual(archive.rawFiles.map((f) => [f.name, f.size, f.format, f.subType]),
      [[F.pdf.name, F.pdf.bytes.length, 'PDF', null], [F.png.name, F.png.bytes.length, 'PNG', null]]);

    const listed = await archivesOf(token);
    assert.equal(listed.length, 1);
    assertSameArchive(archive, listed[0]);
    const shown = (await event(page, 'ArchiveSuccessPageOpened'))[0];
    assert.deepEqual(shown.archive, { ...archive, fileType: 'PAYSLIP' });
    await assertFilesFetchable(listed[0], token, [F.pdf, F.png]);
    await assertNoFileContents(page, [F.pdf, F.png, F.text]);

    await widget.archiveSuccess.done();
    assert.deepEqual(await closeEvents(page), [{ reason: 'exit', lastScreen: 'ArchiveSuccessPageOpened' }]);
    await page.close();
  });

  it('POST /v1/archives answered 500 once: an error on the same screen, the files kept; Upload again succeeds', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Payslip');
    await widget.upload.choose([F.pdf.path, F.png.path]);
    await widget.upload.removeButton(F.png.name).waitFor({ timeout: T });
    await setFaults([{ kind: 'status', status: 500, method: 'POST', path: '/v1/archives', times: 1 }]);
    const failed = archivePosted(page);
    await widget.upload.submit();
    assert.equal((await failed).status(), 500);
    await waitFor(async () => (await widget.upload.problems()).length, 'the error message', T);
    assert.match((await widget.upload.problems()).join(' '), /didn't go through/);
    assert.equal((await lastEvent(page)).eventName, 'FileTypePageOpened', 'still the upload screen');
    await widget.upload.shows('Upload your payslip');
    assert.deepEqual((await widget.upload.rows()).map((r) => r.text.split(' ')[0]), [F.pdf.name, F.png.name]);
    assert.equal(await widget.upload.progress().count(), 0);
    assert.deepEqual(await calls(page, 'onUploadsCreated'), []);
    assert.deepEqual(await archivesOf(token), []);

    const ok = archivePosted(page);
    await widget.upload.submit();
    assert.equal((await ok).status(), 201);
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    const [told] = await uploaded(page);
    assert.deepEqual(told.uploads[0].rawFiles.map((f) => f.name), [F.pdf.name, F.png.name]);
    assert.equal((await archivesOf(token)).length, 1);
    await page.close();
  });

  it('Cancel upload during a slow upload: back to the list with the files, no archive; Upload again succeeds', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Payslip');
    await widget.upload.choose([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    const latency = 2_000;
    await setFaults([{ kind: 'latency', latencyMs: latency, method: 'POST', path: '/v1/archives', times: 1 }]);
    await widget.upload.submit();
    await widget.upload.progress().waitFor({ state: 'visible', timeout: T });
    const cancelledAt = Date.now();
    await widget.upload.cancel();
    await widget.upload.progress().waitFor({ state: 'detached', timeout: T });
    assert.deepEqual((await widget.upload.rows()).map((r) => r.text.split(' ')[0]), [F.pdf.name]);
    assert.equal(await widget.upload.cancelButton().count(), 0);
    assert.equal(await widget.upload.submitButton().isEnabled(), true);
    assert.equal((await lastEvent(page)).eventName, 'FileTypePageOpened');
    // Past the server's delay, so an upload the server finished anyway would be listed by now.
    await sleep(Math.max(0, cancelledAt + latency + 500 - Date.now()));
    assert.deepEqual(await archivesOf(token), [], 'a cancelled upload leaves no archive');
    assert.deepEqual(await calls(page, 'onUploadsCreated'), []);

    await widget.upload.submit();
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    assert.equal((await uploaded(page)).length, 1);
    assert.equal((await archivesOf(token)).length, 1);
    await page.close();
  });

  it('a company ID takes a front and a back: the front alone asks for the back; both upload as FRONT and BACK', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Company ID');
    await widget.upload.input('Choose the front').waitFor({ state: 'attached', timeout: T });
    assert.deepEqual((await lastEvent(page)).archive, { fileType: 'COMPANY_ID' });
    await widget.upload.input('Choose the back').waitFor({ state: 'attached', timeout: T });
    await widget.upload.choose([F.front.path], 'Choose the front');
    await widget.upload.removeButton(F.front.name).waitFor({ timeout: T });
    await widget.upload.submit();
    await waitFor(async () => (await widget.upload.problems()).length, 'the missing-part message', T);
    assert.deepEqual(await widget.upload.problems(), ['Add the back too.']);
    assert.deepEqual(await archivesOf(token), [], 'nothing is sent without the back');

    await widget.upload.choose([F.back.path], 'Choose the back');
    await widget.upload.removeButton(F.back.name).waitFor({ timeout: T });
    assert.deepEqual((await widget.upload.rows()).map((r) => r.text),
      [`${F.front.name} Front · ${sizeText(F.front.bytes.length)}`, `${F.back.name} Back · ${sizeText(F.back.bytes.length)}`]);
    await widget.upload.submit();
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    const [told] = await uploaded(page);
    assert.equal(told.uploads.length, 1, 'one archive for both sides');
    const [archive] = told.uploads;
    assert.equal(archive.type, 'COMPANY_ID');
    assert.deepEqual(archive.rawFiles.map((f) => [f.name, f.subType, f.format]),
      [[F.front.name, 'FRONT', 'PNG'], [F.back.name, 'BACK', 'PNG']]);
    const listed = await archivesOf(token);
    assert.equal(listed.length, 1);
    assertSameArchive(archive, listed[0]);
    await assertFilesFetchable(listed[0], token, [F.front, F.back]);
    await assertNoFileContents(page, [F.front, F.back]);
    await page.close();
  });
});

describe('the names of documents in titles', () => {
  it('"Company ID" keeps its capitals: Upload your company ID', async () => {
    const { page, widget } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Company ID');
    const title = widget.frame.getByRole('heading', { level: 2 });
    await title.waitFor({ timeout: T });
    assert.equal((await title.innerText()).trim(), 'Upload your company ID');
    await page.close();
  });
});

describe("an employer that isn't listed", () => {
  it('after an empty search: the survey is prefilled, a name is required, and the upload carries employerName', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toProviders(widget);
    await widget.providers.search().fill('zzzz nothing', { timeout: T });
    await widget.providers.empty().waitFor({ timeout: T });
    await widget.providers.notListed().click({ timeout: T });
    await widget.waitForEvent('EmployerSurveyPageOpened');
    await widget.survey.shows("What's the name of your employer?");
    assert.equal(await widget.survey.name().inputValue(), 'zzzz nothing');
    const opened = await lastEvent(page);
    assert.equal(opened.account, null);
    assert.equal(opened.archive, null);

    await widget.survey.submit('   ');
    await widget.survey.required().waitFor({ timeout: T });
    assert.equal(await widget.survey.name().getAttribute('aria-invalid'), 'true');
    assert.equal((await lastEvent(page)).eventName, 'EmployerSurveyPageOpened', 'a blank name stays on the survey');

    await widget.survey.submit('Kopi Corner Cebu');
    await widget.waitForEvent('FileTypeListPageOpened');
    await widget.fileTypes.shows('What would you like to upload?');
    await widget.frame.getByText('Documents from Kopi Corner Cebu').waitFor({ timeout: T });
    await widget.fileTypes.choose('Payslip');
    await widget.waitForEvent('FileTypePageOpened');
    await widget.upload.choose([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    await widget.upload.submit();
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    const [told] = await uploaded(page);
    assert.equal(told.uploads[0].employerName, 'Kopi Corner Cebu');
    const listed = await archivesOf(token);
    assert.equal(listed[0].employerName, 'Kopi Corner Cebu');
    assertSameArchive(told.uploads[0], listed[0]);
    assert.deepEqual(await widget.eventNames(), ['ConsentPageOpened', 'ProviderListPageOpened', 'EmployerSurveyPageOpened',
      'FileTypeListPageOpened', 'FileTypePageOpened', 'ArchiveSuccessPageOpened']);
    await page.close();
  });

  it('at the end of the whole list, with uploads off: Continue closes with employer_not_listed and the survey is recorded', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: false });
    await toProviders(widget);
    // The list comes in pages; the way out is offered only after the last one.
    await widget.providers.loadMore().or(widget.providers.notListed()).waitFor({ timeout: T });
    for (let i = 0; i < 10 && await widget.providers.notListed().count() === 0; i++) {
      // Scrolling "Show more" into view may itself load the next page and take the button away: no matter.
      await widget.providers.loadMore().click({ timeout: 1_000 }).catch(() => {});
      await sleep(100);
    }
    await widget.providers.notListed().waitFor({ timeout: T });
    const after = await widget.providers.notListed().evaluate((button) => {
      const rows = [...document.querySelectorAll('[role="list"][aria-label="Providers"] > *')];
      return rows.length > 30 && rows.every((row) => row.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(after, "Can't find your employer? follows every provider of the whole list");
    await widget.providers.notListed().click();
    await widget.waitForEvent('EmployerSurveyPageOpened');
    assert.equal(await widget.survey.name().inputValue(), '');
    await widget.survey.submit();
    await widget.survey.required().waitFor({ timeout: T });
    await widget.survey.submit('  Kopi Corner Cebu ');
    assert.deepEqual(await closeEvents(page), [
      { reason: 'employer_not_listed', employerName: 'Kopi Corner Cebu', lastScreen: 'EmployerSurveyPageOpened' },
    ]);
    const { status, body } = await api('GET', '/surveys', token);
    assert.equal(status, 200);
    assert.deepEqual(body.data.items.map((s) => s.employerName), ['Kopi Corner Cebu']);
    assert.deepEqual(await calls(page, 'onUploadsCreated'), []);
    assert.equal(await frameShown(page), false);
    await page.close();
  });

  it('an upload-only employer (Café Lumière) leads to the document types, and the archive names it', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toProviders(widget);
    await widget.providers.search().fill('Lumi', { timeout: T });
    await widget.providers.entry('Café Lumière').click({ timeout: T });
    await widget.waitForEvent('FileTypeListPageOpened');
    await widget.frame.getByText('Documents from Café Lumière').waitFor({ timeout: T });
    await widget.fileTypes.choose('Tax document');
    await widget.waitForEvent('FileTypePageOpened');
    assert.deepEqual((await lastEvent(page)).archive, { fileType: 'TAX_DOCUMENT' });
    await widget.upload.choose([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    await widget.upload.submit();
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    const [told] = await uploaded(page);
    assert.equal(told.uploads[0].type, 'TAX_DOCUMENT');
    assert.equal(told.uploads[0].employerName, 'Café Lumière');
    assert.equal((await archivesOf(token))[0].employerName, 'Café Lumière');
    assert.deepEqual(await calls(page, 'onAccountCreated'), [], 'no account for an employer without login');
    await page.close();
  });
});

describe('a returning user', () => {
  it('sees the documents on the account screen and removes one: onUploadsRemoved carries it REVOKED', async () => {
    const { page, widget, token, userId } = await openWidget({ templateId: UPLOAD_TEMPLATE });
    await toUpload(widget, 'Payslip');
    await widget.upload.choose([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    await widget.upload.submit();
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    const [{ uploads: [payslip] }] = await uploaded(page);
    await widget.archiveSuccess.done();
    await closeEvents(page);
    // A second document from an earlier visit, cut short, so its analysis ends in ERROR.
    const form = new FormData();
    form.append('fileType', 'TAX_DOCUMENT');
    form.append('file', new Blob([F.cut.bytes]), F.cut.name);
    const posted = await fetch(`${sandbox.origin}/v1/archives`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(posted.status, 201);
    const tax = (await posted.json()).data;
    await waitFor(async () => (await archivesOf(token)).every((a) => a.state.status !== 'STARTED'), 'the analyses', T, 100);

    const again = await sandbox.refreshToken(userId);
    assert.equal(await relaunch(page, again, { templateId: UPLOAD_TEMPLATE }, 'second'), 'AccountStatusPageOpened');
    // Documents only: the screen is titled by them, not by accounts the user has none of.
    await widget.accounts.shows('Uploaded documents');
    assert.equal(await widget.frame.getByRole('heading', { name: 'Your connected accounts' }).count(), 0);
    const rows = await widget.accounts.documentRows();
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.match(rows[0], /Tax document[\s\S]*Needs a new upload/, 'the newest first, with its status');
    assert.match(rows[1], /Payslip[\s\S]*\bChecked\b/);
    assert.equal(await widget.accounts.list().count(), 0, 'no account list without accounts');

    await widget.accounts.removeDocumentButton('Payslip').click({ timeout: T });
    await widget.waitForEvent('RevokeArchivePageOpened');
    await widget.revokeArchive.shows('Remove this payslip?');
    const asked = await lastEvent(page);
    assert.equal(asked.archive.id, payslip.id);
    assert.equal(asked.archive.fileType, 'PAYSLIP');
    await widget.revokeArchive.confirm();
    await waitFor(async () => (await calls(page, 'onUploadsRemoved')).length, 'onUploadsRemoved', T);
    const [removed] = (await calls(page, 'onUploadsRemoved')).map((c) => c.arg);
    assert.equal(removed.userId, userId);
    assert.equal(removed.uploads.length, 1);
    assert.equal(removed.uploads[0].id, payslip.id);
    assert.equal(removed.uploads[0].state.status, 'REVOKED');
    assert.deepEqual(removed.uploads[0].rawFiles.map((f) => [f.name, f.size, 'url' in f]), [[F.pdf.name, F.pdf.bytes.length, false]]);

    const listed = await archivesOf(again);
    assert.deepEqual(listed.map((a) => [a.id, a.state.status]).sort(),
      [[payslip.id, 'REVOKED'], [tax.id, 'ERROR']].sort());
    const revoked = listed.find((a) => a.id === payslip.id);
    assert.deepEqual(removed.uploads[0], revoked);
    // The tax document is still there, so the account screen stays with it alone.
    await widget.waitForEvent('AccountStatusPageOpened');
    await waitFor(async () => (await widget.accounts.documentRows()).length === 1, 'the removed document to go', T);
    assert.match((await widget.accounts.documentRows())[0], /Tax document/);
    await assertNoFileContents(page, [F.pdf, F.cut]);
    await page.close();
  });
});

describe('the keyboard', () => {
  /** Presses Tab until `target` has focus; fails after `max` presses. */
  async function tabTo(page, target, what, max = 30) {
    for (let i = 0; i < max; i++) {
      if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`${what} was not reached with Tab`);
  }

  it('Upload documents → Payslip → choose a file → Upload → Done, all by Tab and Enter', async () => {
    const { page, widget } = await openWidget({ enableUpload: true });
    await widget.waitForEvent('ConsentPageOpened');
    await widget.consent.shows('Connect your employment account');
    await tabTo(page, widget.consent.button('Continue'), 'Continue');
    await page.keyboard.press('Enter');
    await widget.waitForEvent('ProviderListPageOpened');
    await widget.providers.uploadEntry().waitFor({ timeout: T });
    await tabTo(page, widget.providers.uploadEntry(), 'Upload documents');
    await page.keyboard.press('Enter');
    await widget.waitForEvent('FileTypeListPageOpened');
    await widget.fileTypes.names();
    const payslip = widget.fileTypes.list().getByRole('button', { name: 'Payslip', exact: true });
    await tabTo(page, payslip, 'Payslip');
    await page.keyboard.press('Enter');
    await widget.waitForEvent('FileTypePageOpened');
    await tabTo(page, widget.upload.input(), 'the Choose files input');
    // Enter on the focused input opens the browser's file chooser; the file is given to that chooser.
    const chooser = page.waitForEvent('filechooser', { timeout: T });
    // Playwright starts intercepting file choosers asynchronously once someone waits for one; a round trip to
    // the page first, so the Enter below cannot open a native chooser nobody sees.
    assert.equal(await widget.upload.input().evaluate((el) => el === el.ownerDocument.activeElement), true);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    await tabTo(page, widget.upload.submitButton(), 'Upload');
    await page.keyboard.press('Enter');
    await widget.waitForEvent('ArchiveSuccessPageOpened');
    await tabTo(page, widget.archiveSuccess.button('Done'), 'Done');
    await page.keyboard.press('Enter');
    assert.deepEqual(await closeEvents(page), [{ reason: 'exit', lastScreen: 'ArchiveSuccessPageOpened' }]);
    assert.equal((await calls(page, 'onUploadsCreated')).length, 1);
    await page.close();
  });
});

describe('the keyboard during an upload', () => {
  afterEach(clearFaults);

  it('Upload pressed by Enter keeps focus in the dialog, and Escape then closes the widget without keeping the upload', async () => {
    const { page, widget, token } = await openWidget({ enableUpload: true });
    await toUpload(widget, 'Payslip');
    await widget.upload.choose([F.pdf.path]);
    await widget.upload.removeButton(F.pdf.name).waitFor({ timeout: T });
    const latency = 1_500;
    await setFaults([{ kind: 'latency', latencyMs: latency, method: 'POST', path: '/v1/archives', times: 1 }]);
    await widget.upload.submitButton().focus();
    await page.keyboard.press('Enter');
    await widget.upload.progress().waitFor({ state: 'visible', timeout: T });
    const pressedAt = Date.now();
    const inDialog = await widget.dialog.evaluate((dialog) => dialog.contains(dialog.ownerDocument.activeElement));
    await page.keyboard.press('Escape');
    await sleep(Math.max(0, pressedAt + latency + 500 - Date.now()));
    const closed = (await calls(page, 'onClose')).map((c) => c.arg);
    const kept = await archivesOf(token);
    const told = await calls(page, 'onUploadsCreated');
    assert.ok(inDialog, 'focus stays in the dialog while the upload runs (the Upload button it was on is disabled)');
    assert.deepEqual(closed, [{ reason: 'close', lastScreen: 'FileTypePageOpened' }], 'Escape closes the widget mid-upload');
    assert.deepEqual(kept, [], 'an upload abandoned by Escape is not kept');
    assert.deepEqual(told, []);
    await page.close();
  });
});

describe('screenshots', { skip: process.env.E2E_SCREENSHOTS !== '1' && 'set E2E_SCREENSHOTS=1 to save them' }, () => {
  for (const [width, height, size] of [[390, 844, 'phone'], [1280, 800, 'desktop']]) {
    it(`saves the upload screens at ${size} width`, async () => {
      const shot = (name) => screenshot(page, `${name}-${size}`);
      const { page, widget, userId } = await openWidget({ enableUpload: true }, { viewport: { width, height } });
      await toProviders(widget);
      await widget.providers.search().fill('Kopi Corner', { timeout: T });
      await widget.providers.empty().waitFor({ timeout: T });
      await widget.providers.notListed().click({ timeout: T });
      await widget.waitForEvent('EmployerSurveyPageOpened');
      await sleep(200);
      await shot('survey');
      await widget.survey.submit('Kopi Corner Cebu');
      await widget.waitForEvent('FileTypeListPageOpened');
      await widget.fileTypes.names();
      await sleep(200);
      await shot('file-types');
      await widget.fileTypes.choose('Payslip');
      await widget.waitForEvent('FileTypePageOpened');
      await widget.upload.choose([F.pdf.path, F.png.path, F.text.path]);
      await widget.upload.removeButton(F.png.name).waitFor({ timeout: T });
      await sleep(300);
      await shot('upload');
      await widget.upload.submit();
      await widget.waitForEvent('ArchiveSuccessPageOpened');
      await sleep(200);
      await shot('upload-success');
      await widget.archiveSuccess.done();
      await closeEvents(page);
      await relaunch(page, await sandbox.refreshToken(userId), { enableUpload: true }, 'again');
      await widget.accounts.documentRows();
      await sleep(200);
      await shot('documents');
      await page.close();
    });
  }
});
