//! The widget as one pure state machine: [`Flow::handle`] takes an [`Event`] (from a view, the shim
//! or an API answer) and returns the [`Effect`]s to run (API calls, timers, partner callbacks,
//! focus, close). The engine only runs effects and feeds their results back as events, so every
//! decision (retry, poll, MFA watch, token expiry, back) is tested natively, without a browser.

use smile_link_api::{
    Account, AccountErrorCode, ApiCode, Archive, ArchiveStatus, ConnectionStatus, FileType, MfaChallenge,
    Mode, Provider,
};

use crate::api::ApiError;
use crate::credentials::{FieldMap, credentials};
use crate::events::{
    Callback, CloseDetails, CloseReason, ErrorInfo, EventAccount, EventArchive, UiEvent, UiEventName,
};

/// How often a connecting account is polled, and how many polls before giving up.
pub const POLL_MS: u32 = 700;
pub const MAX_POLLS: u32 = 400;
/// How often the MFA screen checks whether its challenge ended on the provider's side.
pub const MFA_WATCH_MS: u32 = 5000;
/// How long the widget waits for the partner's `updateToken` before it says the session expired.
pub const TOKEN_WAIT_MS: u32 = 10_000;

/// An account the user already has, with its provider when the catalogue still lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountEntry {
    pub account: Account,
    pub provider_name: String,
    pub logo_url: String,
    /// Needed to log in again (Reconnect); `None` when the provider is no longer listed.
    pub provider: Option<Provider>,
}

impl AccountEntry {
    /// Not connected (failed, or left waiting for a code): Reconnect logs in again.
    pub fn needs_attention(&self) -> bool {
        self.account.connection_status != ConnectionStatus::Connected
    }
}

/// A login in progress: provider, chosen auth type and what the user typed (kept across a failed
/// submit, never sent anywhere but the link API).
#[derive(Debug, Clone, PartialEq)]
pub struct LoginDraft {
    pub provider: Provider,
    pub auth: usize,
    pub values: FieldMap<String>,
    /// Logging in again to an account from the account screen (Back returns there).
    pub reconnect: bool,
}

impl LoginDraft {
    /// The draft with its password fields emptied, after a failed submit: the password is not kept
    /// in memory longer than one try.
    pub fn without_passwords(mut self) -> LoginDraft {
        let fields = self.provider.login.auth_types.get(self.auth).map_or(&[][..], |a| &a.fields);
        for field in fields.iter().filter(|f| f.kind == smile_link_api::FieldType::Password) {
            self.values.remove(&field.name);
        }
        self
    }
}

/// Why the error screen shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// A call to the link API failed.
    Api(ApiError),
    /// The account ended in `ERROR` with this code.
    Account { code: AccountErrorCode, message: Option<String>, account: Option<Box<Account>> },
    /// The provider cannot be connected by login (no account connection or no login form).
    Unsupported,
    /// The partner's options could not be read; the message names the option.
    InvalidOptions(String),
    /// The token expired and no new one came.
    SessionExpired,
    /// The page was opened outside `SmileLinkModal` in a build without standalone mode.
    NotEmbedded,
}

impl Failure {
    /// What the partner is told (`onClose` and `onUIEvent`): a stable code, a message, the request id.
    pub fn info(&self) -> ErrorInfo {
        let plain = |code: &str, message: Option<&str>| ErrorInfo {
            code: code.to_owned(),
            message: message.map(str::to_owned),
            request_id: None,
        };
        match self {
            Failure::Api(ApiError::Server { status, code, message, request_id }) => ErrorInfo {
                code: code.map_or_else(|| format!("HTTP_{status}"), |c| c.as_str().to_owned()),
                message: message.clone(),
                request_id: request_id.clone(),
            },
            Failure::Api(ApiError::Network(message)) => plain("NETWORK_ERROR", Some(message)),
            Failure::Api(ApiError::Malformed(message)) => plain("MALFORMED_RESPONSE", Some(message)),
            Failure::Api(ApiError::InvalidToken) => plain(ApiCode::InvalidToken.as_str(), None),
            Failure::Api(ApiError::Aborted) => plain("ABORTED", None),
            Failure::Account { code, message, .. } => plain(code.as_str(), message.as_deref()),
            Failure::Unsupported => plain("UNSUPPORTED_PROVIDER", None),
            Failure::InvalidOptions(message) => plain("INVALID_OPTIONS", Some(message)),
            Failure::SessionExpired => plain("TOKEN_EXPIRED", None),
            Failure::NotEmbedded => plain("NOT_EMBEDDED", None),
        }
    }
}

/// The MFA screen's resend button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    Idle,
    Sending,
    Sent,
    /// The server offers no resend: the button goes away.
    Unavailable,
}

/// One screen of the widget with the data it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Session and first data are loading.
    Loading,
    Consent,
    /// The user's accounts: connected ones and those needing attention.
    Accounts,
    /// Confirm revoking (disconnecting) one account.
    Revoke {
        entry: AccountEntry,
    },
    Providers,
    /// The provider has several ways to log in.
    LoginOptions {
        provider: Provider,
        reconnect: bool,
    },
    Login {
        draft: LoginDraft,
    },
    /// Credentials sent (`account` is `None` until the API accepts them), then polling.
    Connecting {
        draft: LoginDraft,
        account: Option<Account>,
    },
    Mfa {
        draft: LoginDraft,
        account: Account,
        challenge: MfaChallenge,
        wrong_code: bool,
        resend: Resend,
        /// What the user has typed, so a failed call's Try again returns to it.
        code: String,
    },
    Success {
        provider: Provider,
        account: Account,
    },
    Failed {
        failure: Failure,
        retry: Option<Box<Step>>,
    },
    /// "Can't find your employer?": the employer's name, prefilled from the search.
    Survey {
        name: String,
    },
    /// Which kind of document to upload; `employer` is the name the user gave or chose.
    FileTypes {
        employer: Option<String>,
    },
    /// Choosing and sending the files of one document.
    Upload {
        file_type: FileType,
        employer: Option<String>,
    },
    ArchiveSuccess {
        archive: Archive,
    },
    /// Confirm removing an uploaded document.
    RevokeArchive {
        archive: Archive,
    },
}

/// Which screen a step shows: the view is rebuilt only when this changes, so focus and typed
/// text survive updates of the data inside a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenKey {
    Loading,
    Consent,
    Accounts,
    Revoke(String),
    Providers,
    LoginOptions(String),
    Login(String, usize),
    Connecting(String),
    Mfa(String),
    Success(String),
    Failed(String),
    Survey,
    FileTypes,
    Upload(String),
    ArchiveSuccess(String),
    RevokeArchive(String),
}

impl Step {
    pub fn key(&self) -> ScreenKey {
        match self {
            Step::Loading => ScreenKey::Loading,
            Step::Consent => ScreenKey::Consent,
            Step::Accounts => ScreenKey::Accounts,
            Step::Revoke { entry } => ScreenKey::Revoke(entry.account.id.clone()),
            Step::Providers => ScreenKey::Providers,
            Step::LoginOptions { provider, .. } => ScreenKey::LoginOptions(provider.id.clone()),
            Step::Login { draft } => ScreenKey::Login(draft.provider.id.clone(), draft.auth),
            Step::Connecting { draft, .. } => ScreenKey::Connecting(draft.provider.id.clone()),
            Step::Mfa { account, .. } => ScreenKey::Mfa(account.id.clone()),
            Step::Success { account, .. } => ScreenKey::Success(account.id.clone()),
            Step::Failed { failure, .. } => ScreenKey::Failed(failure.info().code),
            Step::Survey { .. } => ScreenKey::Survey,
            Step::FileTypes { .. } => ScreenKey::FileTypes,
            Step::Upload { file_type, .. } => ScreenKey::Upload(file_type.kind.clone()),
            Step::ArchiveSuccess { archive } => ScreenKey::ArchiveSuccess(archive.id.clone()),
            Step::RevokeArchive { archive } => ScreenKey::RevokeArchive(archive.id.clone()),
        }
    }

    /// The `onUIEvent` this screen fires when it shows.
    pub fn ui_event(&self) -> Option<UiEvent> {
        let about = |provider: &Provider, account: Option<&Account>| {
            Some(EventAccount { provider_id: provider.id.clone(), account: account.cloned() })
        };
        let (name, account) = match self {
            Step::Loading => return None,
            Step::Consent => (UiEventName::ConsentPageOpened, None),
            Step::Accounts => (UiEventName::AccountStatusPageOpened, None),
            Step::Revoke { entry } => (
                UiEventName::AccountRevokePageOpened,
                Some(EventAccount {
                    provider_id: entry.account.provider_id.clone(),
                    account: Some(entry.account.clone()),
                }),
            ),
            Step::Providers => (UiEventName::ProviderListPageOpened, None),
            Step::LoginOptions { provider, .. } => {
                (UiEventName::LoginOptionsPageOpened, about(provider, None))
            }
            Step::Login { draft } => (UiEventName::LoginPageOpened, about(&draft.provider, None)),
            Step::Connecting { draft, account } => {
                (UiEventName::ConnectingPageOpened, about(&draft.provider, account.as_ref()))
            }
            Step::Mfa { draft, account, .. } => {
                (UiEventName::MfaPageOpened, about(&draft.provider, Some(account)))
            }
            Step::Success { provider, account } => {
                (UiEventName::ConnectSuccessPageOpened, about(provider, Some(account)))
            }
            Step::Failed { failure, .. } => {
                // An account that ended in ERROR is named, as on the other account screens.
                let account = match failure {
                    Failure::Account { account: Some(account), .. } => Some(EventAccount {
                        provider_id: account.provider_id.clone(),
                        account: Some((**account).clone()),
                    }),
                    _ => None,
                };
                return Some(UiEvent {
                    name: UiEventName::ErrorPageOpened,
                    account,
                    archive: None,
                    error: Some(failure.info()),
                });
            }
            Step::Survey { .. } => (UiEventName::EmployerSurveyPageOpened, None),
            Step::FileTypes { .. } => (UiEventName::FileTypeListPageOpened, None),
            Step::Upload { file_type, .. } => {
                let archive = EventArchive::Chosen { file_type: file_type.kind.clone() };
                return Some(UiEvent::about_archive(UiEventName::FileTypePageOpened, archive));
            }
            Step::ArchiveSuccess { archive } => {
                let archive = EventArchive::Uploaded(Box::new(archive.clone()));
                return Some(UiEvent::about_archive(UiEventName::ArchiveSuccessPageOpened, archive));
            }
            Step::RevokeArchive { archive } => {
                let archive = EventArchive::Uploaded(Box::new(archive.clone()));
                return Some(UiEvent::about_archive(UiEventName::RevokeArchivePageOpened, archive));
            }
        };
        Some(UiEvent { name, account, archive: None, error: None })
    }
}

/// What the session gave the flow: who the user is and what they already have.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub user_id: String,
    pub mode: Mode,
    /// The only provider allowed, already loaded (`providers` with one id).
    pub single_provider: Option<Provider>,
    /// Consent is shown unless `enableConsentPage:false` with a single provider.
    pub show_consent: bool,
    /// The user's accounts that are not disconnected.
    pub accounts: Vec<AccountEntry>,
    /// Document upload is offered (the option, else the template's).
    pub uploads: bool,
    /// The user's uploaded documents that are not revoked.
    pub archives: Vec<Archive>,
}

impl SessionInfo {
    /// `enable_consent_page:false` counts only with a single provider.
    pub fn new(
        user_id: String,
        mode: Mode,
        single_provider: Option<Provider>,
        enable_consent_page: bool,
        accounts: Vec<AccountEntry>,
    ) -> SessionInfo {
        let show_consent = enable_consent_page || single_provider.is_none();
        SessionInfo {
            user_id,
            mode,
            single_provider,
            show_consent,
            accounts,
            uploads: false,
            archives: Vec::new(),
        }
    }

    /// With uploads on or off, and the user's uploaded documents.
    pub fn with_uploads(mut self, uploads: bool, archives: Vec<Archive>) -> SessionInfo {
        self.uploads = uploads;
        self.archives = archives.into_iter().filter(|a| a.state.status != ArchiveStatus::Revoked).collect();
        self
    }

    /// Something to show on the account screen: a connected account or an uploaded document.
    fn has_connected(&self) -> bool {
        !self.archives.is_empty()
            || self.accounts.iter().any(|e| e.account.connection_status == ConnectionStatus::Connected)
    }
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// No `init` yet.
    Waiting,
    Loading,
    Ready(Box<SessionInfo>),
    /// The load was aborted (the widget closed first): the next open loads again.
    Interrupted,
    /// The load failed or the options were wrong; the step is the error screen.
    Broken,
}

/// Whether the API may be called with the current token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    /// `onTokenExpired` was called; calls are paused until `updateToken`.
    Awaiting,
    /// No new token came in time: the session-expired screen shows.
    Expired,
}

/// A timer the flow asked for; it comes back as [`Event::Timer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timer {
    Poll,
    /// The watch loop of one MFA screen (its serial), so an older loop stops.
    MfaWatch(u32),
    TokenWait,
}

/// A login to send (`POST /accounts`): the provider and its normalised credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAccount {
    pub provider_id: String,
    pub credentials: FieldMap<String>,
}

/// A link API call the flow asked for; its answer comes back as [`Event::Answer`].
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    CreateAccount(NewAccount),
    Poll(String),
    SubmitMfa {
        account_id: String,
        code: String,
    },
    ResendMfa(String),
    /// The MFA screen's check whether its challenge is still open.
    CheckMfa(String),
    Revoke(String),
    RevokeArchive(String),
    /// Record that the user's employer is not listed (uploads off).
    Survey(String),
}

/// Where focus goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The new screen's title, so keyboard and screen-reader users start at the top.
    Title,
    /// The MFA code field, after a wrong code.
    MfaCode,
}

/// Something for the engine to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the session, the single provider and the user's accounts; answers [`Event::Loaded`].
    Load,
    Call {
        epoch: u32,
        call: Call,
    },
    Wait {
        epoch: u32,
        ms: u32,
        timer: Timer,
    },
    Callback(Callback),
    /// `onUIEvent` for the screen just shown; the engine adds the time.
    UiEvent {
        event: Box<UiEvent>,
        /// `None` before the session says who the user is.
        user_id: Option<String>,
        mode: Mode,
    },
    /// The first screen can show (`onLoad`).
    Loaded,
    /// Ask the partner for a new token (`onTokenExpired`).
    TokenExpired,
    SetToken(String),
    /// Tell the shim the user closed the widget.
    Close(CloseDetails),
    /// Abandon every request in flight.
    AbortAll,
    Focus(Focus),
}

/// Everything that can happen to the widget.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The shim's `init`: the token's mode, and the options parsed or what is wrong with them.
    Init {
        mode: Mode,
        options: Result<(), String>,
    },
    Loaded(Result<SessionInfo, ApiError>),
    /// The page was opened outside `SmileLinkModal` (and the build has no standalone mode).
    Unembedded,
    /// The shim's `open`.
    Open,
    /// The partner closed the widget (`close()`).
    PartnerClose,
    /// A call met `INVALID_TOKEN` (calls pause until a new token).
    TokenExpired,
    /// The partner has no `onTokenExpired`: no new token will come.
    TokenUnavailable,
    UpdateToken(String),
    AcceptConsent,
    ConnectAnother,
    Reconnect(String),
    AskRevoke(String),
    ConfirmRevoke,
    ChooseProvider(Provider),
    ChooseAuthType(usize),
    /// The login form's values, as typed, once they passed validation.
    SubmitLogin(FieldMap<String>),
    SubmitMfa(String),
    /// The MFA code as the user types it (kept across a failed call).
    MfaTyped(String),
    ResendMfa,
    /// The provider list (or the document types) could not be fetched.
    ListFailed(ApiError),
    /// The code of the screen shown (fetched on demand) could not be fetched.
    ScreenUnavailable,
    Back,
    Retry,
    /// The user closed the widget (close icon, Escape, DONE, Exit).
    Close(CloseReason),
    /// "Upload documents" in the provider list.
    UploadDocuments,
    /// "Can't find your employer?", with what the user searched for.
    NotListed(String),
    SubmitSurvey(String),
    ChooseFileType(FileType),
    /// The upload screen sent its files (it owns them and the progress).
    Uploaded(Archive),
    AskRevokeArchive(String),
    ConfirmRevokeArchive,
    Answer {
        epoch: u32,
        call: Call,
        result: Result<Account, ApiError>,
    },
    /// The answer to [`Call::RevokeArchive`].
    ArchiveRevoked {
        epoch: u32,
        result: Result<Archive, ApiError>,
    },
    /// The answer to [`Call::Survey`].
    SurveyRecorded {
        epoch: u32,
        result: Result<(), ApiError>,
    },
    Timer {
        epoch: u32,
        timer: Timer,
    },
}

/// The widget's whole state.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub step: Step,
    pub open: bool,
    /// Closed, with the screen the next open shows already built where it will show (a preload):
    /// open only reveals it.
    pub staged: bool,
    pub load: Load,
    pub token: TokenState,
    /// A submit is in flight on this screen (buttons show it and do not resubmit).
    pub busy: bool,
    /// The token's mode, until the session gives it.
    mode: Mode,
    /// Bumped on every open and close, so answers and timers of an abandoned flow are dropped.
    epoch: u32,
    /// The screen whose `onUIEvent` was last fired in this open.
    shown: Option<ScreenKey>,
    /// The screen to go back to when a token arrives after the session-expired screen.
    resume: Option<Box<Step>>,
    polls: u32,
    mfa_watch: u32,
}

impl Default for Flow {
    fn default() -> Flow {
        Flow::new()
    }
}

impl Flow {
    /// A flow waiting for `init`.
    pub fn new() -> Flow {
        Flow {
            step: Step::Loading,
            open: false,
            staged: false,
            load: Load::Waiting,
            token: TokenState::Valid,
            busy: false,
            mode: Mode::Production,
            epoch: 0,
            shown: None,
            resume: None,
            polls: 0,
            mfa_watch: 0,
        }
    }

    /// A loaded flow showing `step` (for tests and previews).
    pub fn showing(step: Step, session: SessionInfo) -> Flow {
        // Already on screen: its `onUIEvent` and focus are behind it.
        let shown = Some(step.key());
        Flow { step, shown, open: true, load: Load::Ready(Box::new(session)), ..Flow::new() }
    }

    pub fn session(&self) -> Option<&SessionInfo> {
        match &self.load {
            Load::Ready(session) => Some(session),
            _ => None,
        }
    }

    fn session_mut(&mut self) -> Option<&mut SessionInfo> {
        match &mut self.load {
            Load::Ready(session) => Some(session),
            _ => None,
        }
    }
    /// Whether document upload is offered.
    pub fn uploads(&self) -> bool {
        self.session().is_some_and(|s| s.uploads)
    }

    /// The user's uploaded documents, newest first.
    pub fn archives(&self) -> Vec<Archive> {
        let mut archives = self.session().map(|s| s.archives.clone()).unwrap_or_default();
        archives.reverse();
        archives
    }

    /// The user's accounts, as the account screen lists them: connected first.
    pub fn accounts(&self) -> Vec<AccountEntry> {
        let entries = self.session().map(|s| s.accounts.clone()).unwrap_or_default();
        let (connected, rest): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| !e.needs_attention());
        connected.into_iter().chain(rest).collect()
    }

    /// Whether the error screen offers "Try again".
    pub fn can_retry(&self) -> bool {
        matches!(&self.step, Step::Failed { retry: Some(_), .. })
    }

    /// Applies `event` and returns what to do about it.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.apply(event, &mut effects);
        self.announce(&mut effects);
        effects
    }

    /// Fires the `onUIEvent` of a screen the first time it shows in this open, and moves focus to it.
    fn announce(&mut self, effects: &mut Vec<Effect>) {
        if !self.open {
            return;
        }
        let key = self.step.key();
        if self.shown.as_ref() == Some(&key) {
            return;
        }
        self.shown = Some(key);
        if let Some(event) = self.step.ui_event() {
            let (user_id, mode) = match self.session() {
                Some(session) => (Some(session.user_id.clone()), session.mode),
                None => (None, self.mode),
            };
            effects.push(Effect::UiEvent { event: Box::new(event), user_id, mode });
        }
        effects.push(Effect::Focus(Focus::Title));
    }

    fn apply(&mut self, event: Event, fx: &mut Vec<Effect>) {
        match event {
            Event::Init { mode, options: Ok(()) } => {
                self.mode = mode;
                self.load = Load::Loading;
                self.step = Step::Loading;
                fx.push(Effect::Load);
            }
            Event::Init { mode, options: Err(problem) } => {
                self.mode = mode;
                self.load = Load::Broken;
                self.step = Step::Failed { failure: Failure::InvalidOptions(problem), retry: None };
                fx.push(Effect::Loaded);
                self.stage();
            }
            Event::Loaded(result) => self.loaded(result, fx),
            Event::Unembedded => {
                self.load = Load::Broken;
                self.step = Step::Failed { failure: Failure::NotEmbedded, retry: None };
            }
            Event::Open => self.open(fx),
            Event::PartnerClose => self.shut(fx),
            Event::Close(reason) => {
                if !self.open {
                    return;
                }
                let error = match (&self.step, reason) {
                    (Step::Failed { failure, .. }, CloseReason::Error) => Some(failure.info()),
                    _ => None,
                };
                self.shut(fx);
                fx.push(Effect::Close(CloseDetails { reason, error, employer: None }));
            }
            Event::TokenExpired => {
                if self.token == TokenState::Valid {
                    self.token = TokenState::Awaiting;
                    fx.push(Effect::TokenExpired);
                    fx.push(Effect::Wait { epoch: self.epoch, ms: TOKEN_WAIT_MS, timer: Timer::TokenWait });
                }
            }
            Event::TokenUnavailable => self.session_expired(fx),
            Event::UpdateToken(token) => {
                fx.push(Effect::SetToken(token));
                if self.token == TokenState::Expired
                    && let Some(step) = self.resume.take()
                {
                    self.step = *step;
                }
                self.token = TokenState::Valid;
            }
            Event::AcceptConsent => {
                if matches!(self.step, Step::Consent) {
                    self.step = self.first_connect_step();
                }
            }
            Event::ConnectAnother => {
                if matches!(self.step, Step::Accounts) {
                    self.step = self.connect_step();
                }
            }
            Event::Reconnect(account_id) => {
                let provider = self
                    .session()
                    .and_then(|s| s.accounts.iter().find(|e| e.account.id == account_id))
                    .and_then(|e| e.provider.clone());
                if matches!(self.step, Step::Accounts)
                    && let Some(provider) = provider
                {
                    self.step = step_for_provider(provider, true);
                }
            }
            Event::AskRevoke(account_id) => {
                let entry = self
                    .session()
                    .and_then(|s| s.accounts.iter().find(|e| e.account.id == account_id))
                    .cloned();
                if matches!(self.step, Step::Accounts)
                    && let Some(entry) = entry
                {
                    self.step = Step::Revoke { entry };
                }
            }
            Event::ConfirmRevoke => {
                if let Step::Revoke { entry } = &self.step
                    && !self.busy
                {
                    self.busy = true;
                    self.call(fx, Call::Revoke(entry.account.id.clone()));
                }
            }
            Event::ChooseProvider(provider) => {
                if matches!(self.step, Step::Providers) && !provider.account_connection && self.uploads() {
                    // An employer that takes documents only: upload, with its name kept.
                    self.step = Step::FileTypes { employer: Some(provider.name) };
                } else if matches!(self.step, Step::Providers) {
                    self.step = match step_for_provider(provider, false) {
                        Step::Failed { failure, .. } => {
                            Step::Failed { failure, retry: Some(Box::new(Step::Providers)) }
                        }
                        other => other,
                    };
                }
            }
            Event::ChooseAuthType(auth) => {
                if let Step::LoginOptions { provider, reconnect } = &self.step
                    && auth < provider.login.auth_types.len()
                {
                    let draft = LoginDraft {
                        provider: provider.clone(),
                        auth,
                        values: FieldMap::new(),
                        reconnect: *reconnect,
                    };
                    self.step = Step::Login { draft };
                }
            }
            Event::SubmitLogin(values) => {
                if let Step::Login { draft } = &self.step {
                    let fields =
                        draft.provider.login.auth_types.get(draft.auth).map_or(&[][..], |a| &a.fields);
                    // Only this auth type's fields are sent, normalised; the form keeps what was typed.
                    let credentials = credentials(fields, &values);
                    let mut values = values;
                    values.retain(|k, _| credentials.contains_key(k));
                    let request = NewAccount { provider_id: draft.provider.id.clone(), credentials };
                    let draft = LoginDraft { values, ..draft.clone() };
                    self.step = Step::Connecting { draft, account: None };
                    self.polls = 0;
                    self.call(fx, Call::CreateAccount(request));
                }
            }
            Event::MfaTyped(typed) => {
                if let Step::Mfa { code, .. } = &mut self.step {
                    *code = typed;
                }
            }
            Event::SubmitMfa(code) => {
                if let Step::Mfa { account, .. } = &self.step
                    && !self.busy
                {
                    self.busy = true;
                    let account_id = account.id.clone();
                    self.call(fx, Call::SubmitMfa { account_id, code });
                }
            }
            Event::ResendMfa => {
                if let Step::Mfa { account, resend, .. } = &mut self.step
                    && matches!(resend, Resend::Idle | Resend::Sent)
                {
                    *resend = Resend::Sending;
                    let id = account.id.clone();
                    self.call(fx, Call::ResendMfa(id));
                }
            }
            Event::ListFailed(error) => {
                if matches!(self.step, Step::Providers | Step::FileTypes { .. }) {
                    self.request_failed(error);
                }
            }
            Event::ScreenUnavailable => {
                self.request_failed(ApiError::Network("the screen's code could not be fetched".into()));
            }
            Event::Back => {
                if let Some(step) = self.back_target() {
                    self.step = step;
                }
            }
            Event::Retry => self.retry(fx),
            Event::UploadDocuments => {
                if matches!(self.step, Step::Providers) && self.uploads() {
                    self.step = Step::FileTypes { employer: None };
                }
            }
            Event::NotListed(query) => {
                if matches!(self.step, Step::Providers) {
                    self.step = Step::Survey { name: query.trim().to_owned() };
                }
            }
            Event::SubmitSurvey(name) => {
                let name = name.trim().to_owned();
                if matches!(self.step, Step::Survey { .. }) && !name.is_empty() && !self.busy {
                    if self.uploads() {
                        self.step = Step::FileTypes { employer: Some(name) };
                    } else {
                        self.step = Step::Survey { name: name.clone() };
                        self.busy = true;
                        self.call(fx, Call::Survey(name));
                    }
                }
            }
            Event::ChooseFileType(file_type) => {
                if let Step::FileTypes { employer } = &self.step {
                    self.step = Step::Upload { file_type, employer: employer.clone() };
                }
            }
            Event::Uploaded(archive) => {
                if matches!(self.step, Step::Upload { .. }) {
                    let user_id = self.session().map(|s| s.user_id.clone()).unwrap_or_default();
                    let uploads = [archive.clone()];
                    fx.push(Effect::Callback(Callback::uploads("onUploadsCreated", &uploads, &user_id)));
                    if let Some(session) = self.session_mut() {
                        session.archives.push(archive.clone());
                    }
                    self.step = Step::ArchiveSuccess { archive };
                }
            }
            Event::AskRevokeArchive(id) => {
                let archive = self.session().and_then(|s| s.archives.iter().find(|a| a.id == id)).cloned();
                if matches!(self.step, Step::Accounts)
                    && let Some(archive) = archive
                {
                    self.step = Step::RevokeArchive { archive };
                }
            }
            Event::ConfirmRevokeArchive => {
                if let Step::RevokeArchive { archive } = &self.step
                    && !self.busy
                {
                    self.busy = true;
                    self.call(fx, Call::RevokeArchive(archive.id.clone()));
                }
            }
            Event::ArchiveRevoked { epoch, result } => {
                if epoch == self.epoch && self.open {
                    self.archive_revoked(result, fx);
                }
            }
            Event::SurveyRecorded { epoch, result } => {
                if epoch == self.epoch && self.open {
                    self.survey_recorded(result, fx);
                }
            }
            Event::Answer { epoch, call, result } => {
                if epoch == self.epoch && self.open {
                    self.answer(call, result, fx);
                }
            }
            Event::Timer { epoch, timer } => {
                if epoch == self.epoch && self.open {
                    self.timer(timer, fx);
                } else if timer == Timer::TokenWait {
                    // The wait outlives a close: the token is still gone.
                    self.session_expired(fx);
                }
            }
        }
    }

    fn call(&self, fx: &mut Vec<Effect>, call: Call) {
        fx.push(Effect::Call { epoch: self.epoch, call });
    }

    fn wait(&self, fx: &mut Vec<Effect>, ms: u32, timer: Timer) {
        fx.push(Effect::Wait { epoch: self.epoch, ms, timer });
    }

    fn loaded(&mut self, result: Result<SessionInfo, ApiError>, fx: &mut Vec<Effect>) {
        if self.load != Load::Loading {
            return;
        }
        match result {
            Ok(session) => {
                self.load = Load::Ready(Box::new(session));
                fx.push(Effect::Loaded);
                if self.open {
                    self.step = self.first_step();
                }
            }
            Err(ApiError::Aborted) => self.load = Load::Interrupted,
            Err(error) => {
                self.load = Load::Broken;
                self.step =
                    Step::Failed { failure: Failure::Api(error), retry: Some(Box::new(Step::Loading)) };
                fx.push(Effect::Loaded);
            }
        }
        self.stage();
    }

    /// Loaded while closed (a preload): builds the screen the next open shows, so that open only
    /// reveals it. Only screens that do nothing by themselves once built: a list would load data
    /// that open's new epoch throws away.
    fn stage(&mut self) {
        if self.open {
            return;
        }
        let next = if matches!(self.load, Load::Ready(_)) { self.first_step() } else { self.step.clone() };
        if matches!(
            next,
            Step::Consent | Step::Login { .. } | Step::LoginOptions { .. } | Step::Failed { .. }
        ) {
            self.step = next;
            self.staged = true;
        }
    }

    fn open(&mut self, fx: &mut Vec<Effect>) {
        if self.open {
            return;
        }
        self.open = true;
        self.staged = false;
        self.epoch += 1;
        self.shown = None;
        self.busy = false;
        match self.load {
            Load::Ready(_) => self.step = self.first_step(),
            Load::Interrupted => {
                self.load = Load::Loading;
                self.step = Step::Loading;
                fx.push(Effect::Load);
            }
            Load::Waiting | Load::Loading => self.step = Step::Loading,
            // The error screen stays, with its event fired again for this open.
            Load::Broken => {}
        }
        if self.token == TokenState::Expired && !matches!(self.step, Step::Loading) {
            let next = std::mem::replace(
                &mut self.step,
                Step::Failed { failure: Failure::SessionExpired, retry: None },
            );
            self.resume = Some(Box::new(next));
        }
    }

    fn shut(&mut self, fx: &mut Vec<Effect>) {
        if !self.open {
            return;
        }
        self.open = false;
        self.epoch += 1;
        self.busy = false;
        self.shown = None;
        fx.push(Effect::AbortAll);
    }

    fn session_expired(&mut self, fx: &mut Vec<Effect>) {
        if self.token != TokenState::Awaiting {
            return;
        }
        self.token = TokenState::Expired;
        if self.load == Load::Loading {
            // The session never loaded, but a screen (this one) can show: the partner's onLoad.
            fx.push(Effect::Loaded);
        }
        let previous =
            std::mem::replace(&mut self.step, Step::Failed { failure: Failure::SessionExpired, retry: None });
        self.resume = Some(Box::new(previous));
    }

    /// The first screen of an open: a single provider leads to that provider whatever accounts
    /// exist; a user with a connected account sees their accounts; everyone else starts at consent.
    fn first_step(&self) -> Step {
        let Some(session) = self.session() else { return Step::Loading };
        if session.single_provider.is_none() && session.has_connected() {
            Step::Accounts
        } else {
            self.connect_step()
        }
    }

    /// Consent (when shown), then the way to a provider.
    fn connect_step(&self) -> Step {
        if self.session().is_some_and(|s| s.show_consent) { Step::Consent } else { self.first_connect_step() }
    }

    fn first_connect_step(&self) -> Step {
        match self.session().and_then(|s| s.single_provider.clone()) {
            Some(provider) => step_for_provider(provider, false),
            None => Step::Providers,
        }
    }

    fn answer(&mut self, call: Call, result: Result<Account, ApiError>, fx: &mut Vec<Effect>) {
        match call {
            Call::CreateAccount(_) => {
                if !matches!(self.step, Step::Connecting { account: None, .. }) {
                    return;
                }
                match result {
                    Ok(account) => {
                        fx.push(Effect::Callback(Callback::account_created(&account)));
                        self.account_changed(account, fx);
                    }
                    Err(error) => self.request_failed(error),
                }
            }
            Call::Poll(id) => {
                if !matches!(&self.step, Step::Connecting { account: Some(a), .. } if a.id == id) {
                    return;
                }
                match result {
                    Ok(account) => self.account_changed(account, fx),
                    Err(error) => self.request_failed(error),
                }
            }
            Call::SubmitMfa { .. } => {
                self.busy = false;
                match result {
                    Ok(account) => self.account_changed(account, fx),
                    Err(error) => self.request_failed(error),
                }
            }
            Call::ResendMfa(_) => match result {
                Ok(account) => {
                    self.account_changed(account, fx);
                    if let Step::Mfa { resend, .. } = &mut self.step {
                        *resend = Resend::Sent;
                    }
                }
                Err(ApiError::Server { code: Some(ApiCode::MissingResource), .. })
                | Err(ApiError::Server { status: 404 | 405, .. }) => {
                    if let Step::Mfa { resend, .. } = &mut self.step {
                        *resend = Resend::Unavailable;
                    }
                }
                Err(error) => self.request_failed(error),
            },
            Call::CheckMfa(id) => {
                let Step::Mfa { account, .. } = &self.step else { return };
                if account.id != id {
                    return;
                }
                match result {
                    Ok(account) if account.connection_status != ConnectionStatus::AwaitingMfa => {
                        self.account_changed(account, fx);
                    }
                    // Still waiting, or a failed check: not worth an error screen, the next submit reports it.
                    _ => self.wait(fx, MFA_WATCH_MS, Timer::MfaWatch(self.mfa_watch)),
                }
            } // Answered by their own events.
            Call::RevokeArchive(_) | Call::Survey(_) => {}
            Call::Revoke(id) => {
                self.busy = false;
                match result {
                    Ok(account) => {
                        if !matches!(&self.step, Step::Revoke { entry } if entry.account.id == id) {
                            return;
                        }
                        if let Some(session) = self.session_mut() {
                            session.accounts.retain(|e| e.account.id != account.id);
                        }
                        fx.push(Effect::Callback(Callback::account_removed(&account)));
                        self.step = self.first_step();
                    }
                    Err(error) => self.request_failed(error),
                }
            }
        }
    }
    fn archive_revoked(&mut self, result: Result<Archive, ApiError>, fx: &mut Vec<Effect>) {
        self.busy = false;
        match result {
            Ok(archive) => {
                if !matches!(&self.step, Step::RevokeArchive { archive: a } if a.id == archive.id) {
                    return;
                }
                let user_id = self.session().map(|s| s.user_id.clone()).unwrap_or_default();
                if let Some(session) = self.session_mut() {
                    session.archives.retain(|a| a.id != archive.id);
                }
                fx.push(Effect::Callback(Callback::uploads("onUploadsRemoved", &[archive], &user_id)));
                self.step = self.first_step();
            }
            Err(error) => self.request_failed(error),
        }
    }

    /// The survey without uploads ends the session: the partner learns the employer is not listed.
    fn survey_recorded(&mut self, result: Result<(), ApiError>, fx: &mut Vec<Effect>) {
        self.busy = false;
        let Step::Survey { name } = &self.step else { return };
        let employer = Some(name.clone());
        match result {
            Ok(()) => {
                self.shut(fx);
                fx.push(Effect::Close(CloseDetails {
                    reason: CloseReason::EmployerNotListed,
                    error: None,
                    employer,
                }));
            }
            Err(error) => self.request_failed(error),
        }
    }

    fn timer(&mut self, timer: Timer, fx: &mut Vec<Effect>) {
        match timer {
            Timer::Poll => {
                let Step::Connecting { account: Some(account), .. } = &self.step else { return };
                let id = account.id.clone();
                self.polls += 1;
                if self.polls > MAX_POLLS {
                    self.request_failed(ApiError::Network("the account did not settle in time".into()));
                } else {
                    self.call(fx, Call::Poll(id));
                }
            }
            Timer::MfaWatch(serial) => {
                let Step::Mfa { account, .. } = &self.step else { return };
                if serial != self.mfa_watch {
                    return;
                }
                if self.busy {
                    self.wait(fx, MFA_WATCH_MS, Timer::MfaWatch(serial));
                } else {
                    let id = account.id.clone();
                    self.call(fx, Call::CheckMfa(id));
                }
            }
            Timer::TokenWait => self.session_expired(fx),
        }
    }

    /// A newer state of the account being connected (an answer to create, poll, MFA or resend).
    fn account_changed(&mut self, account: Account, fx: &mut Vec<Effect>) {
        let (draft, previous) = match &self.step {
            Step::Connecting { draft, account: current } => {
                if current.as_ref().is_some_and(|c| c.id != account.id) {
                    return;
                }
                (draft.clone(), None)
            }
            Step::Mfa { draft, account: current, challenge, resend, code, .. }
                if current.id == account.id =>
            {
                (draft.clone(), Some((challenge.attempts_left, *resend, code.clone())))
            }
            _ => return,
        };
        self.remember(&account, &draft.provider);
        match account.connection_status {
            ConnectionStatus::Pending => {
                self.step = Step::Connecting { draft, account: Some(account) };
                self.wait(fx, POLL_MS, Timer::Poll);
            }
            ConnectionStatus::AwaitingMfa => {
                let Some(challenge) = account.mfa.clone() else {
                    self.fail(Failure::Api(ApiError::Malformed("AWAITING_MFA without mfa".into())), None);
                    return;
                };
                let wrong_code =
                    previous.as_ref().is_some_and(|(before, ..)| challenge.attempts_left < *before);
                let resend = previous.as_ref().map_or(Resend::Idle, |(_, resend, _)| *resend);
                // A wrong code is cleared; otherwise what was typed stays.
                let first = previous.is_none();
                let code = previous.filter(|_| !wrong_code).map(|(.., code)| code).unwrap_or_default();
                if first {
                    // A new MFA screen: start its watch loop (an older loop stops on the serial).
                    self.mfa_watch += 1;
                    self.wait(fx, MFA_WATCH_MS, Timer::MfaWatch(self.mfa_watch));
                }
                if wrong_code {
                    fx.push(Effect::Focus(Focus::MfaCode));
                }
                self.step = Step::Mfa { draft, account, challenge, wrong_code, resend, code };
            }
            ConnectionStatus::Connected => {
                fx.push(Effect::Callback(Callback::account_connected(&account)));
                self.step = Step::Success { provider: draft.provider, account };
            }
            ConnectionStatus::Error => {
                let code = account.connection.error_code.unwrap_or(AccountErrorCode::SystemError);
                fx.push(Effect::Callback(Callback::account_error(&account, code)));
                let message = account.connection.error_message.clone();
                // Trying again means logging in again, with what the user typed still there but
                // the password.
                let failure = Failure::Account { code, message, account: Some(Box::new(account)) };
                self.fail(failure, Some(Step::Login { draft: draft.without_passwords() }));
            }
            ConnectionStatus::Disconnected => {
                self.fail(Failure::Api(ApiError::Malformed("account disconnected".into())), None);
            }
        }
    }

    /// Keeps the session's account list as the API would now list it.
    fn remember(&mut self, account: &Account, provider: &Provider) {
        let Some(session) = self.session_mut() else { return };
        session.accounts.retain(|e| e.account.id != account.id);
        session.accounts.push(AccountEntry {
            account: account.clone(),
            provider_name: provider.name.clone(),
            logo_url: provider.logo_url.clone(),
            provider: Some(provider.clone()),
        });
    }

    /// A call for the current screen failed. A failed login submit retries from the login form.
    fn request_failed(&mut self, error: ApiError) {
        if error == ApiError::Aborted || matches!(self.step, Step::Failed { .. }) {
            return;
        }
        let retry = match &self.step {
            // The password is never kept after a failed submit: the user types it again.
            Step::Connecting { draft, account: None } => {
                Step::Login { draft: draft.clone().without_passwords() }
            }
            Step::Mfa { draft, account, challenge, resend, code, .. } => Step::Mfa {
                draft: draft.clone(),
                account: account.clone(),
                challenge: challenge.clone(),
                wrong_code: false,
                resend: if *resend == Resend::Sending { Resend::Idle } else { *resend },
                code: code.clone(),
            },
            other => other.clone(),
        };
        self.fail(Failure::Api(error), Some(retry));
    }

    fn fail(&mut self, failure: Failure, retry: Option<Step>) {
        self.step = Step::Failed { failure, retry: retry.map(Box::new) };
    }

    /// "Try again" on the error screen: back to the screen that failed, resuming what it was doing.
    fn retry(&mut self, fx: &mut Vec<Effect>) {
        let Step::Failed { retry: Some(step), .. } = &self.step else { return };
        self.step = (**step).clone();
        match &self.step {
            Step::Loading => {
                self.load = Load::Loading;
                fx.push(Effect::Load);
            }
            Step::Connecting { account: Some(_), .. } => self.wait(fx, POLL_MS, Timer::Poll),
            // Back on the code screen, ask at once how the account stands: the failed call may have
            // reached the server (a code it took, answered unreadably), so the flow may go on by itself.
            Step::Mfa { account, .. } => {
                self.mfa_watch += 1;
                let id = account.id.clone();
                self.call(fx, Call::CheckMfa(id));
            }
            _ => {}
        }
    }

    /// Where the back button leads, if the screen has one.
    pub fn back_target(&self) -> Option<Step> {
        let session = self.session()?;
        let to_accounts = || session.has_connected().then_some(Step::Accounts);
        let to_list = || {
            if session.single_provider.is_none() {
                Some(Step::Providers)
            } else if session.show_consent {
                Some(Step::Consent)
            } else {
                None
            }
        };
        match &self.step {
            Step::Revoke { .. } => Some(Step::Accounts),
            Step::Consent if session.single_provider.is_none() => to_accounts(),
            Step::Providers if session.show_consent => Some(Step::Consent),
            Step::Providers => to_accounts(),
            Step::LoginOptions { reconnect: true, .. } => Some(Step::Accounts),
            Step::LoginOptions { .. } => to_list(),
            Step::Login { draft } if draft.provider.login.auth_types.len() > 1 => {
                Some(Step::LoginOptions { provider: draft.provider.clone(), reconnect: draft.reconnect })
            }
            Step::Login { draft } if draft.reconnect => Some(Step::Accounts),
            Step::Login { .. } => to_list(),
            Step::Survey { .. } | Step::FileTypes { .. } if session.single_provider.is_none() => {
                Some(Step::Providers)
            }
            Step::Upload { employer, .. } => Some(Step::FileTypes { employer: employer.clone() }),
            Step::RevokeArchive { .. } => Some(Step::Accounts),
            _ => None,
        }
    }
}

/// The screen that logs in to `provider`: its login options, its login, or why it can't.
fn step_for_provider(provider: Provider, reconnect: bool) -> Step {
    if !provider.account_connection {
        return Step::Failed { failure: Failure::Unsupported, retry: None };
    }
    match provider.login.auth_types.len() {
        0 => Step::Failed { failure: Failure::Unsupported, retry: None },
        1 => Step::Login { draft: LoginDraft { provider, auth: 0, values: FieldMap::new(), reconnect } },
        _ => Step::LoginOptions { provider, reconnect },
    }
}

#[cfg(test)]
mod tests;
