//! Runs the flow in the browser: turns the shim's messages and the views' actions into
//! [`Event`]s, hands them to [`Flow::handle`], and runs the [`Effect`]s it returns (API calls,
//! timers, messages to the shim, focus), feeding every result back as another event.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::{Account, Archive, ConnectionStatus, FileType, Page, Provider, ProviderIndex, Session};

use crate::api::{ApiClient, ApiError, ProviderQuery, Upload, sleep};
use crate::app::Part;
use crate::bridge::{Bridge, Inbound, Outbound};
use crate::dom;
use crate::events::Callback;
use crate::flow::{AccountEntry, Effect, Event, Flow, Focus, SessionInfo};
use crate::i18n::{Locale, Strings};
use crate::options::{Settings, WidgetOptions};

/// The local sandbox used when the page is opened directly (`trunk serve`), for UI work.
#[cfg(feature = "standalone")]
pub const STANDALONE_API: &str = "http://127.0.0.1:8787/v1";
#[cfg(feature = "standalone")]
const STANDALONE_OPEN_API: &str = "http://127.0.0.1:8787/open/v1";

/// The widget's shared state for the views: `Copy` signals, and [`Ctx::dispatch`], the one way to
/// change them.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub flow: RwSignal<Flow>,
    pub settings: RwSignal<Settings>,
    runner: StoredValue<Runner, LocalStorage>,
}

/// What effects need that the flow does not hold: the shim, the API client and the options.
#[derive(Clone)]
struct Runner {
    bridge: Bridge,
    api: Rc<RefCell<Option<ApiClient>>>,
    init: Rc<RefCell<Option<(String, WidgetOptions)>>>,
}

impl Ctx {
    /// A context whose effects talk to `bridge`; nothing is loaded until [`Ctx::boot`].
    pub fn new(bridge: Bridge, flow: Flow, settings: Settings) -> Ctx {
        let runner = Runner { bridge, api: Rc::default(), init: Rc::default() };
        Ctx {
            flow: RwSignal::new(flow),
            settings: RwSignal::new(settings),
            runner: StoredValue::new_local(runner),
        }
    }

    fn runner(&self) -> Runner {
        self.runner.with_value(Runner::clone)
    }

    fn api(&self) -> Option<ApiClient> {
        self.runner().api.borrow().clone()
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

    /// Hands `event` to the flow and runs what it returns.
    pub fn dispatch(&self, event: Event) {
        let effects = self.flow.try_update(|flow| flow.handle(event)).unwrap_or_default();
        for effect in effects {
            self.run(effect);
        }
    }

    /// Starts listening to the shim (embedded) or, opened directly, runs against the local sandbox
    /// where the build has standalone mode.
    pub fn boot(self) {
        let runner = self.runner();
        if runner.bridge.is_embedded() {
            runner.bridge.listen(move |message| self.receive(message));
            if !runner.bridge.ready_posted() {
                runner.bridge.post(&Outbound::Ready);
            }
            return;
        }
        #[cfg(feature = "standalone")]
        {
            let options = WidgetOptions { api_host: Some(STANDALONE_API.into()), ..Default::default() };
            *runner.init.borrow_mut() = Some((String::new(), options));
            self.dispatch(Event::Init { mode: smile_link_api::Mode::Sandbox, options: Ok(()) });
        }
        #[cfg(not(feature = "standalone"))]
        self.dispatch(Event::Unembedded);
        self.dispatch(Event::Open);
    }

    fn receive(&self, message: Inbound) {
        match message {
            Inbound::Init { token, options } => {
                // The token carries its mode, so events say SANDBOX or PRODUCTION before the session loads.
                let mode = smile_link_api::token_mode(&token);
                match options {
                    Ok(options) => {
                        self.connect(&token, &options);
                        *self.runner().init.borrow_mut() = Some((token, options));
                        self.dispatch(Event::Init { mode, options: Ok(()) });
                    }
                    Err(problem) => {
                        web_sys::console::error_1(&format!("SmileLinkModal: {problem}").into());
                        self.dispatch(Event::Init { mode, options: Err(problem) });
                    }
                }
            }
            Inbound::Open => {
                // A staged screen is already on the page: focused first, its next frame shows it as
                // the user will use it, before the flow's bookkeeping runs.
                if self.flow.with_untracked(|f| f.staged) {
                    dom::focus_now("wink-title");
                }
                self.dispatch(Event::Open);
            }
            Inbound::UpdateToken { token } => self.dispatch(Event::UpdateToken(token)),
            Inbound::TokenUnavailable => self.dispatch(Event::TokenUnavailable),
            Inbound::Close => self.dispatch(Event::PartnerClose),
        }
    }

    /// A client for the options' API host and `token`; an expired token becomes an event.
    fn connect(&self, token: &str, options: &WidgetOptions) {
        let api = ApiClient::new(&Settings::api_host(options, token), token);
        let ctx = *self;
        api.set_on_token_expired(move || ctx.dispatch(Event::TokenExpired));
        if let Some(old) = self.runner().api.replace(Some(api)) {
            old.abort_all();
        }
    }

    fn post(&self, message: Outbound) {
        self.runner().bridge.post(&message);
    }

    fn run(&self, effect: Effect) {
        let ctx = *self;
        match effect {
            Effect::Load => spawn_local(async move {
                let result = ctx.load().await;
                ctx.dispatch(Event::Loaded(result));
            }),
            Effect::Call { epoch, call } => {
                let Some(api) = self.api() else { return };
                spawn_local(async move {
                    let answer = crate::calls::perform(api, epoch, call).await;
                    ctx.dispatch(answer);
                });
            }
            Effect::Wait { epoch, ms, timer } => spawn_local(async move {
                sleep(ms).await;
                ctx.dispatch(Event::Timer { epoch, timer });
            }),
            Effect::Callback(callback) => self.post(Outbound::Callback(callback)),
            Effect::UiEvent { event, user_id, mode } => {
                let time = dom::now_iso();
                self.post(Outbound::Callback(Callback::ui_event(&event, &time, mode, user_id.as_deref())));
            }
            Effect::Loaded => self.post(Outbound::Loaded),
            Effect::TokenExpired => self.token_expired(),
            Effect::SetToken(token) => {
                if let Some(api) = self.api() {
                    api.update_token(&token);
                }
            }
            Effect::Close(details) => self.post(Outbound::Close(details)),
            Effect::AbortAll => {
                if let Some(api) = self.api() {
                    api.abort_all();
                }
            }
            Effect::Focus(Focus::Title) => dom::focus_later("wink-title"),
            Effect::Focus(Focus::MfaCode) => dom::focus_later("wink-mfa-code"),
        }
    }

    /// Asks the partner for a new token; opened directly, mints one from the local sandbox.
    fn token_expired(&self) {
        if self.runner().bridge.is_embedded() {
            self.post(Outbound::TokenExpired);
            return;
        }
        #[cfg(feature = "standalone")]
        {
            let ctx = *self;
            spawn_local(async move {
                match crate::api::sandbox_dev_token(STANDALONE_OPEN_API).await {
                    Ok(token) => ctx.dispatch(Event::UpdateToken(token)),
                    Err(_) => ctx.dispatch(Event::TokenUnavailable),
                }
            });
        }
        #[cfg(not(feature = "standalone"))]
        self.dispatch(Event::TokenUnavailable);
    }

    /// Loads the session, the single provider and the user's accounts, and applies the settings.
    async fn load(&self) -> Result<SessionInfo, ApiError> {
        let (token, options) = self.runner().init.borrow().clone().ok_or(ApiError::Aborted)?;
        #[cfg(feature = "standalone")]
        let token = if self.api().is_none() {
            let token = crate::api::sandbox_dev_token(STANDALONE_OPEN_API).await?;
            self.connect(&token, &options);
            token
        } else {
            token
        };
        let api = self.api().ok_or(ApiError::Aborted)?;
        let languages = dom::browser_languages();
        let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
        // The language does not depend on the session, so its file loads beside it.
        let locale =
            Locale::negotiate(options.locale.as_deref().into_iter().chain(languages.iter().copied()));
        // Nothing of these waits for another: the language, the session and the user's accounts
        // load side by side, and so do a single provider and the documents when the options decide
        // them (the partner's value wins over the template's); only what the template decides
        // follows the session.
        let single_now = match options.providers.as_deref() {
            Some([only]) => Some(only.as_str()),
            _ => None,
        };
        let uploads_now = options.enable_upload == Some(true);
        if single_now.is_some() && options.enable_consent_page == Some(false) {
            // The first screen will be that provider's login: its code loads beside the session.
            crate::app::prefetch(Part::Connect);
        }
        let ((session, (), accounts), single_early, archives_early) = futures::future::join3(
            futures::future::join3(
                api.session(options.template_id.as_deref()),
                load_locale(*self, locale),
                load_accounts(&api),
            ),
            async {
                match single_now {
                    Some(id) => Some(api.provider(id).await),
                    None => None,
                }
            },
            async { if uploads_now { Some(api.archives().await) } else { None } },
        )
        .await;
        let session: Session = session?;
        let accounts = accounts?;
        let mut settings = Settings::resolve(&options, &token, session.template.as_ref(), &languages);
        if !settings.locale.is_ready() {
            settings.locale = Locale::En;
        }
        let single = async {
            match (single_early, settings.single_provider()) {
                (Some(early), _) => early.map(Some),
                (None, Some(id)) => api.provider(id).await.map(Some),
                (None, None) => Ok(None),
            }
        };
        let archives = async {
            match archives_early {
                Some(early) => early.map(|page| page.items),
                None if settings.enable_upload => api.archives().await.map(|page| page.items),
                None => Ok(Vec::new()),
            }
        };
        let (single, archives) = futures::future::join(single, archives).await;
        let (single, archives) = (single?, archives?);
        dom::apply_theme(&settings);
        let info =
            SessionInfo::new(session.user_id, session.mode, single, settings.enable_consent_page, accounts)
                .with_uploads(settings.enable_upload, archives);
        self.settings.set(settings);
        Ok(info)
    }

    /// One page of the provider list (the list screen's own reads); `signal` abandons it.
    pub async fn providers(
        &self,
        query: ProviderQuery,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Page<Provider>, ApiError> {
        self.api().ok_or_else(not_connected)?.providers_until(&query, signal.as_ref()).await
    }

    /// Every provider of `list` (`ProviderQuery::index_query_string`), as its rows show them.
    pub async fn provider_index(&self, list: &str) -> Result<ProviderIndex, ApiError> {
        self.api().ok_or_else(not_connected)?.provider_index(list).await
    }

    /// One provider in full: the list's pick from the index, whose rows carry no login form.
    pub async fn provider(&self, id: String) -> Result<Provider, ApiError> {
        self.api().ok_or_else(not_connected)?.provider(&id).await
    }

    /// The kinds of document the user may upload (the file type screen's read).
    pub async fn file_types(&self) -> Result<Vec<FileType>, ApiError> {
        Ok(self.api().ok_or_else(not_connected)?.file_types().await?.items)
    }

    /// Sends the files of one document, reporting bytes sent; the upload screen owns the files.
    pub async fn upload(
        &self,
        upload: &Upload,
        on_progress: impl Fn(f64, f64) + 'static,
    ) -> Result<Archive, ApiError> {
        self.api().ok_or_else(not_connected)?.upload(upload, on_progress).await
    }
}

/// Fetches and installs `locale`'s strings beside the widget page, and shows them at once (the
/// loading screen too, before the session answers); English stays if that fails.
async fn load_locale(ctx: Ctx, locale: Locale) {
    if !locale.is_ready() {
        let url = format!("locales/{}.json", locale.tag());
        let text = match gloo_net::http::Request::get(&url).send().await {
            Ok(response) if response.ok() => response.text().await.ok(),
            _ => None,
        };
        let installed =
            text.ok_or_else(|| format!("{url} did not load")).and_then(|text| locale.install(text));
        if let Err(problem) = installed {
            web_sys::console::warn_1(&format!("smile-wink: {problem}; showing English").into());
            return;
        }
    }
    ctx.settings.update(|settings| settings.locale = locale);
    dom::set_lang(locale.tag());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(locale.strings().consent_title);
    }
}

fn not_connected() -> ApiError {
    ApiError::Network("not connected".into())
}

/// The user's accounts that are not disconnected, with their providers.
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
    if accounts.iter().any(|a| a.connection_status == ConnectionStatus::Connected) {
        // A returning user: the first screen will be their accounts.
        crate::app::prefetch(Part::Accounts);
    }
    let mut ids: Vec<String> = Vec::new();
    for account in &accounts {
        if !ids.contains(&account.provider_id) {
            ids.push(account.provider_id.clone());
        }
    }
    let query = ProviderQuery { ids, size: smile_link_api::MAX_PAGE_SIZE, ..Default::default() };
    let providers = api.providers(&query).await?.items;
    Ok(accounts
        .into_iter()
        .map(|account| {
            let provider = providers.iter().find(|p| p.id == account.provider_id).cloned();
            AccountEntry {
                provider_name: provider
                    .as_ref()
                    .map_or_else(|| account.provider_id.clone(), |p| p.name.clone()),
                logo_url: provider.as_ref().map(|p| p.logo_url.clone()).unwrap_or_default(),
                provider,
                account,
            }
        })
        .collect())
}

/// Settings before the session is known: every documented default, in English.
pub fn default_settings() -> Settings {
    Settings::resolve(&WidgetOptions::default(), "", None, &[])
}
