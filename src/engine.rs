//! Runs the flow: answers the shim's messages, calls the link API and applies each result to the
//! [`Flow`] through its transitions, posting callbacks and `onUIEvent`s as screens change.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::{Account, ApiCode, ConnectionStatus, CreateAccountRequest, Mode, Provider, Session};

use crate::api::{ApiClient, ApiError, ProviderQuery, sleep};
use crate::bridge::{Bridge, CloseReason, Inbound, Outbound};
use crate::events::{Callback, UiEvent};
use crate::flow::{AccountEntry, Flow, Step};
use crate::i18n::{Locale, Strings};
use crate::options::{ColorScheme, Settings, WidgetOptions};

/// The local sandbox used when the page is opened directly (`trunk serve`), for UI work.
pub const STANDALONE_API: &str = "http://127.0.0.1:8787/v1";
const STANDALONE_OPEN_API: &str = "http://127.0.0.1:8787/open/v1";
/// How often a connecting account is polled, and for how long at most.
const POLL_MS: u32 = 700;
const MAX_POLLS: u32 = 400;
/// How often the MFA screen checks whether its challenge is still open.
const MFA_WATCH_MS: u32 = 5000;

/// The widget's shared state: `Copy` signals, plus the engine that drives them.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub flow: RwSignal<Flow>,
    pub settings: RwSignal<Settings>,
    /// A request is in flight for the current screen (buttons show it and do not resubmit).
    pub busy: RwSignal<bool>,
    /// Waiting for the partner's new token.
    pub paused: RwSignal<bool>,
    engine: StoredValue<Engine, LocalStorage>,
}

impl Ctx {
    /// A context whose engine talks to `bridge`; nothing is loaded until [`Engine::boot`].
    pub fn new(bridge: Bridge, flow: Flow, settings: Settings) -> Ctx {
        let flow = RwSignal::new(flow);
        let settings = RwSignal::new(settings);
        let busy = RwSignal::new(false);
        let paused = RwSignal::new(false);
        let engine = StoredValue::new_local(Engine {
            inner: Rc::new(EngineInner {
                bridge,
                api: RefCell::new(None),
                init: RefCell::new(None),
                generation: Cell::new(0),
                opened: Cell::new(false),
                loaded: Cell::new(false),
                last_event: RefCell::new(None),
            }),
        });
        Ctx { flow, settings, busy, paused, engine }
    }

    pub fn engine(&self) -> Engine {
        self.engine.with_value(Engine::clone)
    }

    /// The strings of the widget's locale.
    pub fn strings(&self) -> &'static Strings {
        self.settings.with_untracked(|s| s.locale).strings()
    }

    /// `{company}` filled into the first template when a company name is known, else the second.
    pub fn with_company(&self, with: &str, without: &str) -> String {
        let company = self.settings.with_untracked(|s| s.company_name.clone());
        if company.trim().is_empty() {
            without.to_owned()
        } else {
            crate::i18n::fill(with, &[("company", &company)])
        }
    }

    /// Applies a transition: posts its callbacks, then the new screen's `onUIEvent`.
    pub fn transition(&self, change: impl FnOnce(&mut Flow) -> Vec<Callback>) {
        let callbacks = self.flow.try_update(change).unwrap_or_default();
        for callback in callbacks {
            self.engine().post(Outbound::Callback(callback));
        }
        self.after_change();
    }

    /// Like [`Ctx::transition`] for transitions without callbacks.
    pub fn go(&self, change: impl FnOnce(&mut Flow)) {
        self.flow.update(change);
        self.after_change();
    }

    fn after_change(&self) {
        let engine = self.engine();
        let (event, user, mode) =
            self.flow.with_untracked(|f| (f.step.ui_event(), f.user_id.clone(), f.mode));
        if !engine.inner.opened.get() {
            return;
        }
        let changed = *engine.inner.last_event.borrow() != event;
        if changed {
            *engine.inner.last_event.borrow_mut() = event.clone();
            if let Some(event) = event {
                let time = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
                engine.post(Outbound::Callback(Callback::ui_event(&event, &time, mode, &user)));
            }
            focus_title();
            let mfa_account = self.flow.with_untracked(|f| match &f.step {
                Step::Mfa { account, .. } => Some(account.id.clone()),
                _ => None,
            });
            if let Some(account_id) = mfa_account {
                engine.watch_mfa(*self, account_id);
            }
        }
    }
}

/// Moves focus to the screen's title so keyboard and screen-reader users start at the top.
pub fn focus_title() {
    focus_later("wink-title");
}

/// Focuses the element with `id` once the current render has reached the DOM.
pub fn focus_later(id: &'static str) {
    let Some(window) = web_sys::window() else { return };
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(element) =
            element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = element.focus();
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        wasm_bindgen::JsCast::unchecked_ref(&focus),
        0,
    );
}

/// The browser-facing half of the widget. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<EngineInner>,
}

struct EngineInner {
    bridge: Bridge,
    api: RefCell<Option<ApiClient>>,
    init: RefCell<Option<(String, WidgetOptions)>>,
    /// Bumped on every close and restart, so loops of an abandoned flow stop.
    generation: Cell<u32>,
    opened: Cell<bool>,
    loaded: Cell<bool>,
    last_event: RefCell<Option<UiEvent>>,
}

impl Engine {
    pub fn post(&self, message: Outbound) {
        self.inner.bridge.post(&message);
    }

    pub fn api(&self) -> Option<ApiClient> {
        self.inner.api.borrow().clone()
    }

    /// Starts listening to the shim (embedded) or, opened directly, runs against the local sandbox.
    pub fn boot(ctx: Ctx) {
        let engine = ctx.engine();
        if engine.inner.bridge.is_embedded() {
            engine.inner.bridge.listen(move |message| ctx.engine().handle(ctx, message));
            engine.post(Outbound::Ready);
        } else {
            spawn_local(async move {
                let options = WidgetOptions { api_host: Some(STANDALONE_API.into()), ..Default::default() };
                match crate::api::sandbox_dev_token(STANDALONE_OPEN_API).await {
                    Ok(token) => {
                        ctx.engine().init(ctx, token, options);
                        ctx.engine().open(ctx);
                    }
                    Err(error) => ctx.go(|f| f.step = failed_load(error)),
                }
            });
        }
    }

    fn handle(&self, ctx: Ctx, message: Inbound) {
        match message {
            Inbound::Init { token, options } => match WidgetOptions::from_json(&options) {
                Ok(options) => self.init(ctx, token, options),
                Err(problem) => {
                    web_sys::console::error_1(&problem.into());
                    ctx.go(|f| f.step = failed_load(ApiError::Malformed("options".into())));
                    self.post(Outbound::Loaded);
                }
            },
            Inbound::Open => self.open(ctx),
            Inbound::UpdateToken { token } => {
                if let Some(api) = self.api() {
                    api.update_token(&token);
                }
                ctx.paused.set(false);
            }
            Inbound::Close => self.abandon(ctx),
        }
    }

    fn init(&self, ctx: Ctx, token: String, options: WidgetOptions) {
        let api = ApiClient::new(&Settings::api_host(&options, &token), &token);
        let embedded = self.inner.bridge.is_embedded();
        let hook_api = api.clone();
        api.set_on_token_expired(move || {
            ctx.paused.set(true);
            if embedded {
                ctx.engine().post(Outbound::TokenExpired);
            } else {
                let api = hook_api.clone();
                spawn_local(async move {
                    if let Ok(token) = crate::api::sandbox_dev_token(STANDALONE_OPEN_API).await {
                        api.update_token(&token);
                        ctx.paused.set(false);
                    }
                });
            }
        });
        if let Some(old) = self.inner.api.replace(Some(api)) {
            old.abort_all();
        }
        *self.inner.init.borrow_mut() = Some((token, options));
        self.inner.loaded.set(false);
        self.load(ctx);
    }

    /// Loads the session, the user's accounts and (for a single provider) that provider.
    fn load(&self, ctx: Ctx) {
        let (Some(api), Some((token, options))) = (self.api(), self.inner.init.borrow().clone()) else {
            return;
        };
        let engine = self.clone();
        ctx.go(|f| f.step = Step::Loading);
        spawn_local(async move {
            let result = load_session(&api, &token, &options).await;
            match result {
                Ok((settings, flow)) => {
                    apply_theme(&settings);
                    ctx.settings.set(settings);
                    let opened = engine.inner.opened.get();
                    ctx.flow.set(flow);
                    engine.inner.loaded.set(true);
                    engine.post(Outbound::Loaded);
                    if opened {
                        engine.start(ctx);
                    }
                }
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    ctx.go(|f| f.step = failed_load(error));
                    engine.post(Outbound::Loaded);
                }
            }
        });
    }

    /// `open`: start from the first screen (again, after a close).
    fn open(&self, ctx: Ctx) {
        self.inner.opened.set(true);
        self.inner.generation.set(self.inner.generation.get() + 1);
        *self.inner.last_event.borrow_mut() = None;
        ctx.busy.set(false);
        if self.inner.loaded.get() {
            self.start(ctx);
        } else {
            // Still loading, or a load that failed: show that screen now and fire its event.
            if ctx.flow.with_untracked(|f| f.step == Step::Closed) {
                self.load(ctx);
            }
            ctx.go(|_| {});
        }
    }

    fn start(&self, ctx: Ctx) {
        ctx.go(Flow::start);
    }

    /// The partner closed the widget: stop everything in flight.
    fn abandon(&self, ctx: Ctx) {
        self.inner.opened.set(false);
        self.inner.generation.set(self.inner.generation.get() + 1);
        if let Some(api) = self.api() {
            api.abort_all();
        }
        ctx.busy.set(false);
        ctx.flow.update(Flow::close);
    }

    /// The user closed the widget (close icon, Escape, DONE, Exit).
    pub fn close(&self, ctx: Ctx, reason: CloseReason) {
        if !self.inner.opened.get() && self.inner.bridge.is_embedded() {
            return;
        }
        self.abandon(ctx);
        self.post(Outbound::Close(reason));
    }

    /// "Try again" on the error screen; resumes whatever the screen it returns to was doing.
    pub fn retry(&self, ctx: Ctx) {
        ctx.go(Flow::retry);
        match ctx.flow.with_untracked(|f| f.step.clone()) {
            // Standalone without a dev token yet: ask the sandbox for one again.
            Step::Loading if self.api().is_none() && !self.inner.bridge.is_embedded() => Engine::boot(ctx),
            Step::Loading => self.load(ctx),
            Step::Connecting { account: Some(account), .. } => self.poll(ctx, account.id),
            _ => {}
        }
    }

    pub fn submit_login(&self, ctx: Ctx, values: BTreeMap<String, String>) {
        let Some(provider_id) = ctx.flow.with_untracked(|f| match &f.step {
            Step::Login { draft } => Some(draft.provider.id.clone()),
            _ => None,
        }) else {
            return;
        };
        let request = CreateAccountRequest { provider_id, credentials: values.clone() };
        ctx.go(|f| f.submit_login(values));
        let Some(api) = self.api() else { return };
        let engine = self.clone();
        let generation = self.inner.generation.get();
        spawn_local(async move {
            let result = api.create_account(&request).await;
            if engine.inner.generation.get() != generation {
                return;
            }
            match result {
                Ok(account) => {
                    let pending = account.connection_status == ConnectionStatus::Pending;
                    let id = account.id.clone();
                    ctx.transition(|f| f.account_created(account));
                    if pending {
                        engine.poll(ctx, id);
                    }
                }
                Err(error) => ctx.go(|f| f.request_failed(error)),
            }
        });
    }

    /// Polls the account until it leaves `PENDING` (or the screen changes).
    fn poll(&self, ctx: Ctx, account_id: String) {
        let Some(api) = self.api() else { return };
        let engine = self.clone();
        let generation = self.inner.generation.get();
        spawn_local(async move {
            for _ in 0..MAX_POLLS {
                sleep(POLL_MS).await;
                let still_connecting = ctx.flow.with_untracked(
                    |f| matches!(&f.step, Step::Connecting { account: Some(a), .. } if a.id == account_id),
                );
                if engine.inner.generation.get() != generation || !still_connecting {
                    return;
                }
                match api.account(&account_id).await {
                    Ok(account) => {
                        ctx.transition(|f| f.account_changed(account));
                    }
                    Err(error) => {
                        ctx.go(|f| f.request_failed(error));
                        return;
                    }
                }
            }
            ctx.go(|f| f.request_failed(ApiError::Network("timed out".into())));
        });
    }

    /// While the MFA screen waits for the user, checks now and then whether the challenge ended on
    /// the provider's side (`MFA_TIMEOUT`), so the user is told instead of typing into a dead form.
    fn watch_mfa(&self, ctx: Ctx, account_id: String) {
        let Some(api) = self.api() else { return };
        let engine = self.clone();
        let generation = self.inner.generation.get();
        spawn_local(async move {
            loop {
                sleep(MFA_WATCH_MS).await;
                let waiting = ctx.flow.with_untracked(
                    |f| matches!(&f.step, Step::Mfa { account, .. } if account.id == account_id),
                );
                if engine.inner.generation.get() != generation || !waiting {
                    return;
                }
                if ctx.busy.get_untracked() {
                    continue;
                }
                // A failed check is not worth an error screen: the next submit reports it.
                if let Ok(account) = api.account(&account_id).await
                    && account.connection_status != ConnectionStatus::AwaitingMfa
                {
                    ctx.transition(|f| f.account_changed(account));
                    return;
                }
            }
        });
    }

    pub fn submit_mfa(&self, ctx: Ctx, code: String) {
        let Some(account_id) = ctx.flow.with_untracked(|f| match &f.step {
            Step::Mfa { account, .. } => Some(account.id.clone()),
            _ => None,
        }) else {
            return;
        };
        let Some(api) = self.api() else { return };
        let engine = self.clone();
        let generation = self.inner.generation.get();
        ctx.busy.set(true);
        spawn_local(async move {
            let result = api.submit_mfa(&account_id, &code).await;
            ctx.busy.set(false);
            if engine.inner.generation.get() != generation {
                return;
            }
            match result {
                Ok(account) => {
                    let pending = account.connection_status == ConnectionStatus::Pending;
                    ctx.transition(|f| f.account_changed(account));
                    if pending {
                        engine.poll(ctx, account_id);
                    }
                }
                Err(error) => ctx.go(|f| f.request_failed(error)),
            }
        });
    }

    /// Asks for a new MFA code. `Ok(false)` when this server offers no resend.
    pub async fn resend_mfa(&self, ctx: Ctx) -> Result<bool, ApiError> {
        let account_id = ctx.flow.with_untracked(|f| match &f.step {
            Step::Mfa { account, .. } => Some(account.id.clone()),
            _ => None,
        });
        let (Some(api), Some(account_id)) = (self.api(), account_id) else { return Ok(false) };
        match api.resend_mfa(&account_id).await {
            Ok(account) => {
                ctx.transition(|f| f.account_changed(account));
                Ok(true)
            }
            Err(ApiError::Server { code: Some(ApiCode::MissingResource), .. })
            | Err(ApiError::Server { status: 404 | 405, .. }) => Ok(false),
            Err(error) => Err(error),
        }
    }

    pub fn disconnect(&self, ctx: Ctx) {
        let Some(account_id) = ctx.flow.with_untracked(|f| match &f.step {
            Step::Revoke { entry } => Some(entry.account.id.clone()),
            _ => None,
        }) else {
            return;
        };
        let Some(api) = self.api() else { return };
        ctx.busy.set(true);
        spawn_local(async move {
            let result = api.delete_account(&account_id).await;
            ctx.busy.set(false);
            match result {
                Ok(account) => {
                    ctx.transition(|f| f.account_removed(&account));
                }
                Err(error) => ctx.go(|f| f.request_failed(error)),
            }
        });
    }

    /// One page of the provider list for the current settings.
    pub async fn providers(&self, query: ProviderQuery) -> Result<smile_link_api::Page<Provider>, ApiError> {
        match self.api() {
            Some(api) => api.providers(&query).await,
            None => Err(ApiError::Network("not connected".into())),
        }
    }
}

fn failed_load(error: ApiError) -> Step {
    Step::Failed { failure: crate::flow::Failure::Api(error), retry: Some(Box::new(Step::Loading)) }
}

async fn load_session(
    api: &ApiClient,
    token: &str,
    options: &WidgetOptions,
) -> Result<(Settings, Flow), ApiError> {
    let session: Session = api.session(options.template_id.as_deref()).await?;
    let browser_locale = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
    let settings = Settings::resolve(options, token, session.template.as_ref(), &browser_locale);
    let single = match settings.single_provider() {
        Some(id) => Some(api.provider(id).await?),
        None => None,
    };
    let accounts = load_accounts(api).await?;
    let flow = Flow::new(session.user_id, session.mode, single, settings.enable_consent_page, accounts);
    Ok((settings, flow))
}

/// The user's accounts that are not disconnected, with their providers' names and logos.
async fn load_accounts(api: &ApiClient) -> Result<Vec<AccountEntry>, ApiError> {
    let accounts: Vec<Account> = api
        .accounts()
        .await?
        .items
        .into_iter()
        .filter(|a| a.connection_status != ConnectionStatus::Disconnected)
        .collect();
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<String> = accounts.iter().map(|a| a.provider_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let query = ProviderQuery { ids, size: smile_link_api::MAX_PAGE_SIZE, ..Default::default() };
    let providers = api.providers(&query).await?.items;
    Ok(accounts
        .into_iter()
        .map(|account| {
            let provider = providers.iter().find(|p| p.id == account.provider_id);
            AccountEntry {
                provider_name: provider
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| account.provider_id.clone()),
                logo_url: provider.map(|p| p.logo_url.clone()).unwrap_or_default(),
                account,
            }
        })
        .collect())
}

/// Theme: the colour scheme as a class on the page, the primary colour as a custom property in a
/// constructed stylesheet (no `style` attribute, so a strict CSP allows it), and the page language.
pub fn apply_theme(settings: &Settings) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.document_element() else { return };
    let _ = root.set_attribute("lang", settings.locale.tag());
    let classes = root.class_list();
    let _ = classes.remove_2("wink-scheme--dark", "wink-scheme--auto");
    match settings.color_scheme {
        ColorScheme::Light => {}
        ColorScheme::Dark => {
            let _ = classes.add_1("wink-scheme--dark");
        }
        ColorScheme::Auto => {
            let _ = classes.add_1("wink-scheme--auto");
        }
    }
    if let Some(color) = &settings.primary_color {
        let (color, adjusted) = crate::options::readable_primary(color);
        if adjusted {
            web_sys::console::warn_1(
                &"smile-wink: the primary colour was darkened for readable contrast".into(),
            );
        }
        let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
        let _ = sheet.replace_sync(&format!(":root{{--wink-primary:{color};}}"));
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(&document, &"adoptedStyleSheets".into(), &sheets);
    }
}

/// Mode shown in events before the session is known.
pub fn default_settings() -> Settings {
    Settings::resolve(&WidgetOptions::default(), "", None, Locale::En.tag())
}

/// For tests and the loading screen: a flow of a user who has not loaded yet.
pub fn empty_flow() -> Flow {
    let mut flow = Flow::loading();
    flow.mode = Mode::Sandbox;
    flow
}
