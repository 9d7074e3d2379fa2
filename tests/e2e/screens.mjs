// Page objects for the widget's screens, found by role and accessible name (the English strings of src/i18n.rs),
// so a flow reads like the user's story: consent.continue(), providers.choose('Grab'), login.submit(...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, calls, waitFor } from './harness.mjs';

const T = 10_000;

/** The widget as the partner page shows it: the shim's iframe and the dialog inside it. */
export class Widget {
  constructor(page) {
    this.page = page;
    this.frame = page.frameLocator('iframe.smile-wink-frame');
    this.dialog = this.frame.getByRole('dialog');
  }

  /** Waits until the n-th onUIEvent (1-based) has arrived and returns its eventName. */
  async event(n) {
    await waitFor(async () => (await calls(this.page, 'onUIEvent')).length >= n, `onUIEvent #${n}`, T);
    return (await calls(this.page, 'onUIEvent'))[n - 1].arg.eventName;
  }

  /** Waits for the screen whose onUIEvent is `name` to be the latest one. */
  async waitForEvent(name) {
    await waitFor(async () => {
      const events = await calls(this.page, 'onUIEvent');
      return events.length && events[events.length - 1].arg.eventName === name;
    }, `the ${name} screen`, T);
  }

  async eventNames() {
    return (await calls(this.page, 'onUIEvent')).map((c) => c.arg.eventName);
  }

  /** The widget page's Frame (not a FrameLocator), for evaluating inside it: axe, focus, layout. */
  async contentFrame() {
    const handle = await this.page.locator('iframe.smile-wink-frame').elementHandle({ timeout: T });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('the widget iframe has no content frame');
    return frame;
  }

  /**
   * What has keyboard focus: whether the partner page's focus is on the widget's iframe, and inside the
   * widget page the focused element (its HTML head), whether it is inside the dialog, whether it matches
   * :focus-visible, and its computed outline (or, for a visually hidden file input, its label's).
   */
  async focused() {
    const onFrame = await this.page.evaluate(() => document.activeElement?.classList.contains('smile-wink-frame') ?? false);
    const frame = await this.contentFrame();
    const inside = await frame.evaluate(() => {
      const el = document.activeElement;
      const dialog = document.querySelector('[role="dialog"]');
      if (!el || el === document.body) return { html: el ? '<body>' : null, inDialog: false, visible: false, outline: 'none' };
      // A file input is drawn by its label: the ring is on the label (style/upload.css).
      const drawn = el.matches('input[type="file"]') && el.labels?.length ? el.labels[0] : el;
      const style = getComputedStyle(drawn);
      return {
        html: el.outerHTML.slice(0, 160),
        id: el.id,
        text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 80),
        inDialog: !!dialog && dialog.contains(el),
        visible: el.matches(':focus-visible'),
        outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0
          ? 'none' : `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`,
        hasFocus: document.hasFocus(),
      };
    });
    return { onFrame, ...inside };
  }

  closeButton() {
    return this.frame.getByRole('button', { name: 'Close', exact: true });
  }

  async close() {
    await this.closeButton().click({ timeout: T });
  }

  /** One of the screens below, bound to this widget. */
  get consent() { return new ConsentScreen(this); }
  get providers() { return new ProviderList(this); }
  get loginOptions() { return new LoginOptionsScreen(this); }
  get login() { return new LoginScreen(this); }
  get mfa() { return new MfaScreen(this); }
  get success() { return new SuccessScreen(this); }
  get error() { return new ErrorScreen(this); }
  get accounts() { return new AccountsScreen(this); }
  get survey() { return new SurveyScreen(this); }
  get fileTypes() { return new FileTypesScreen(this); }
  get upload() { return new UploadScreen(this); }
  get archiveSuccess() { return new ArchiveSuccessScreen(this); }
  get revokeArchive() { return new RevokeArchiveScreen(this); }
}

class Screen {
  constructor(widget) {
    this.widget = widget;
    this.f = widget.frame;
  }

  heading(name) {
    return this.f.getByRole('heading', { name });
  }

  async shows(name) {
    await this.heading(name).first().waitFor({ state: 'visible', timeout: T });
    return this;
  }

  button(name) {
    return this.f.getByRole('button', { name, exact: true });
  }
}

export class ConsentScreen extends Screen {
  async continue() {
    await this.button('Continue').click({ timeout: T });
  }
}

export class ProviderList extends Screen {
  search() {
    return this.f.getByRole('searchbox', { name: 'Search providers' }).or(this.f.getByRole('textbox', { name: 'Search providers' }));
  }

  /** A provider in the list, whatever widget role renders it (option in a listbox, or a button). */
  entry(name) {
    const exact = new RegExp(`^${name}\\b`);
    return this.f.getByRole('option', { name: exact }).or(this.f.getByRole('button', { name: exact })).first();
  }

  async choose(name) {
    await this.search().fill(name, { timeout: T });
    await this.entry(name).click({ timeout: T });
  }

  /** The message shown when no provider matches the search. */
  empty() {
    return this.f.getByText('No providers match your search.');
  }

  /** "Upload documents", offered above the list when uploads are on. */
  uploadEntry() {
    return this.f.getByRole('button', { name: /^Upload documents\b/ });
  }

  async uploadDocuments() {
    await this.uploadEntry().click({ timeout: T });
  }

  /** "Can't find your employer?", shown once the whole list (or an empty search) has loaded. */
  notListed() {
    return this.button("Can't find your employer?");
  }

  /** "Show more" at the end of a loaded page, when more providers follow. */
  loadMore() {
    return this.button('Show more');
  }
}

export class LoginOptionsScreen extends Screen {
  async choose(label) {
    const exact = new RegExp(`^${label}`);
    await this.f.getByRole('button', { name: exact }).or(this.f.getByRole('radio', { name: exact }))
      .or(this.f.getByRole('link', { name: exact })).first().click({ timeout: T });
  }
}

export class LoginScreen extends Screen {
  field(label) {
    return this.f.getByLabel(label, { exact: true });
  }

  /** Fills each `{label: value}` and presses Connect. */
  async submit(values) {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value, { timeout: T });
    await this.button('Connect').click({ timeout: T });
  }
}

export class MfaScreen extends Screen {
  async submit(code) {
    await this.f.getByLabel('Verification code').fill(code, { timeout: T });
    await this.button('Verify').click({ timeout: T });
  }

  wrongCodeMessage() {
    return this.f.getByText(/That code is incorrect/);
  }
}

export class SuccessScreen extends Screen {
  async done() {
    await this.button('Done').click({ timeout: T });
  }
}

export class ErrorScreen extends Screen {
  code(code) {
    return this.f.getByText(`Error code: ${code}`);
  }

  async exit() {
    await this.button('Exit').click({ timeout: T });
  }

  async retry() {
    await this.button('Try again').click({ timeout: T });
  }

  /** The screen's explanation, announced as an alert. */
  message() {
    return this.f.getByRole('alert').filter({ hasText: /\S/ });
  }
}

/** "Your connected accounts": one row per account, with Reconnect where it needs attention, and Disconnect. */
export class AccountsScreen extends Screen {
  list() {
    return this.f.getByRole('list', { name: 'Connected accounts' });
  }

  /** Each row's visible text, top to bottom. */
  async rows() {
    await this.list().waitFor({ state: 'visible', timeout: T });
    return this.list().getByRole('listitem').allInnerTexts();
  }

  reconnectButton(provider) {
    return this.button(`Reconnect ${provider}`);
  }

  disconnectButton(provider) {
    return this.button(`Disconnect ${provider}`);
  }

  async reconnect(provider) {
    await this.reconnectButton(provider).click({ timeout: T });
  }

  async connectAnother() {
    await this.button('Connect another account').click({ timeout: T });
  }

  /** "Uploaded documents": one row per document, with its status and Remove. */
  documents() {
    return this.f.getByRole('list', { name: 'Uploaded documents' });
  }

  async documentRows() {
    await this.documents().waitFor({ state: 'visible', timeout: T });
    return this.documents().getByRole('listitem').allInnerTexts();
  }

  /** The Remove button of a document, e.g. `removeDocumentButton('Payslip')` for "Remove Payslip (Jan 2, 2026)". */
  removeDocumentButton(type) {
    return this.f.getByRole('button', { name: new RegExp(`^Remove ${type} \\(.+\\)$`) });
  }
}

/** "What's the name of your employer?": the employer survey behind "Can't find your employer?". */
export class SurveyScreen extends Screen {
  name() {
    return this.f.getByLabel('Employer name', { exact: true });
  }

  async submit(name) {
    if (name !== undefined) await this.name().fill(name, { timeout: T });
    await this.button('Continue').click({ timeout: T });
  }

  /** The message for a missing name, announced as an alert. */
  required() {
    return this.f.getByRole('alert').filter({ hasText: "Enter your employer's name." });
  }
}

/** "What would you like to upload?": one button per kind of document. */
export class FileTypesScreen extends Screen {
  list() {
    return this.f.getByRole('list', { name: 'Document types' });
  }

  /** The kinds offered, top to bottom. */
  async names() {
    await this.list().getByRole('button').first().waitFor({ state: 'visible', timeout: T });
    return this.list().getByRole('button').allInnerTexts();
  }

  async choose(label) {
    await this.list().getByRole('button', { name: label, exact: true }).click({ timeout: T });
  }
}

/** "Upload your …": file pickers, the chosen files, problems, progress, Upload and Cancel upload. */
export class UploadScreen extends Screen {
  /** The picker labelled `label`: "Choose files", or for a document in parts "Choose the front" / "Choose the back". */
  input(label = 'Choose files') {
    return this.f.getByLabel(label, { exact: true });
  }

  /** Chooses `paths` at once in the picker labelled `label`. */
  async choose(paths, label) {
    await this.input(label).setInputFiles(paths, { timeout: T });
  }

  files() {
    return this.f.getByRole('list', { name: 'Files to upload' });
  }

  /** Each chosen file's row, as `{text, thumbnail}` (whether it shows an image of the file). */
  async rows() {
    const items = this.files().getByRole('listitem');
    const out = [];
    for (let i = 0; i < await items.count(); i++) {
      const item = items.nth(i);
      out.push({ text: (await item.innerText()).replace(/\s+/g, ' ').trim(), thumbnail: await item.locator('img').count() > 0 });
    }
    return out;
  }

  /** The messages about rejected files or a failed upload (the screen's alert region). */
  async problems() {
    return this.f.getByRole('alert').getByRole('listitem').allInnerTexts();
  }

  removeButton(name) {
    return this.button(`Remove ${name}`);
  }

  async remove(name) {
    await this.removeButton(name).click({ timeout: T });
  }

  submitButton() {
    return this.button('Upload');
  }

  async submit() {
    await this.submitButton().click({ timeout: T });
  }

  progress() {
    return this.f.getByRole('progressbar');
  }

  cancelButton() {
    return this.button('Cancel upload');
  }

  async cancel() {
    await this.cancelButton().click({ timeout: T });
  }
}

/** "Documents uploaded": Done closes with reason "exit". */
export class ArchiveSuccessScreen extends Screen {
  async done() {
    await this.button('Done').click({ timeout: T });
  }
}

/** "Remove this …?": confirms removing an uploaded document. */
export class RevokeArchiveScreen extends Screen {
  async confirm() {
    await this.button('Remove').click({ timeout: T });
  }

  async cancel() {
    await this.button('Cancel').click({ timeout: T });
  }
}

/** The strings of locales/<tag>.json, to find a screen's parts by their name in that language. */
export function localeStrings(tag) {
  return JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));
}

/** `text` with each `{name}` replaced by `values.name`. */
export const formatString = (text, values = {}) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

/**
 * The connect path in the widget's language: each step finds its buttons and fields by the strings of
 * locales/<tag>.json. Provider names, login options and login fields stay as the API gives them.
 */
export class LocalizedSteps {
  constructor(widget, tag) {
    this.widget = widget;
    this.f = widget.frame;
    this.tag = tag;
    this.t = localeStrings(tag);
  }

  button(key, values) {
    return this.f.getByRole('button', { name: formatString(this.t[key], values), exact: true });
  }

  heading(key, values) {
    return this.f.getByRole('heading', { name: formatString(this.t[key], values), exact: true }).first();
  }

  async shows(key, values) {
    await this.heading(key, values).waitFor({ state: 'visible', timeout: T });
  }

  async continue() {
    await this.button('continue_').click({ timeout: T });
  }

  async chooseProvider(name) {
    const label = this.t.search_label;
    await this.f.getByRole('searchbox', { name: label }).or(this.f.getByRole('textbox', { name: label }))
      .fill(name, { timeout: T });
    await new ProviderList(this.widget).entry(name).click({ timeout: T });
  }

  /** The usual login labels ("Email", "Password", ...) as this locale shows them; others as given. */
  loginLabel(english) {
    const en = localeStrings('en').field_labels;
    const key = Object.keys(en).find((k) => en[k] === english);
    return key ? this.t.field_labels[key] : english;
  }

  async chooseLoginOption(english) {
    await this.f.getByRole('button', { name: this.loginLabel(english), exact: true }).click({ timeout: T });
  }

  async submitLogin(values) {
    for (const [label, value] of Object.entries(values)) {
      await this.f.getByLabel(this.loginLabel(label), { exact: true }).fill(value, { timeout: T });
    }
    await this.button('login_submit').click({ timeout: T });
  }

  async submitMfa(code) {
    await this.f.getByLabel(this.t.mfa_code_label, { exact: true }).fill(code, { timeout: T });
    await this.button('mfa_submit').click({ timeout: T });
  }

  errorCode(code) {
    return this.f.getByText(formatString(this.t.error_code, { code }));
  }
}
