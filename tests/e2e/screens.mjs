// Page objects for the widget's screens, found by role and accessible name (the English strings of src/i18n.rs),
// so a flow reads like the user's story: consent.continue(), providers.choose('Grab'), login.submit(...).
import { calls, waitFor } from './harness.mjs';

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
}
