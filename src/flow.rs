//! The connect flow as one state machine: [`Step`] holds what each screen needs, [`Flow`]'s methods
//! are the transitions. No view code here; every transition is tested natively.

use std::collections::BTreeMap;

use smile_link_api::{
    Account, AccountErrorCode, ConnectionStatus, FieldType, LoginField, MfaChallenge, Mode, Provider,
};

use crate::api::ApiError;
use crate::events::{Callback, EventAccount, UiEvent, UiEventName};

/// An account the user already has, with what the status screen shows of its provider.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountEntry {
    pub account: Account,
    pub provider_name: String,
    pub logo_url: String,
}

/// A login in progress: provider, chosen auth type and what the user typed (kept across a failed
/// submit, never sent anywhere but the link API).
#[derive(Debug, Clone, PartialEq)]
pub struct LoginDraft {
    pub provider: Provider,
    pub auth: usize,
    pub values: BTreeMap<String, String>,
}

/// Why the error screen shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// A call to the link API failed.
    Api(ApiError),
    /// The account ended in `ERROR` with this code.
    Account(AccountErrorCode),
    /// The provider cannot be connected by login (no account connection or no login form).
    Unsupported,
}

/// One screen of the widget with the data it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Session and first data are loading.
    Loading,
    Consent,
    /// The user's existing accounts, each with a disconnect button.
    Accounts,
    /// Confirm disconnecting one account.
    Revoke {
        entry: AccountEntry,
    },
    Providers,
    /// The provider has several ways to log in.
    LoginOptions {
        provider: Provider,
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
    },
    Success {
        provider: Provider,
        account: Account,
    },
    Failed {
        failure: Failure,
        retry: Option<Box<Step>>,
    },
    /// The widget is closed; nothing shows.
    Closed,
}

impl Step {
    /// The `onUIEvent` this screen fires when it shows.
    pub fn ui_event(&self) -> Option<UiEvent> {
        let about = |p: &Provider, account: Option<&Account>| {
            Some(EventAccount { provider_id: p.id.clone(), account_id: account.map(|a| a.id.clone()) })
        };
        let (name, account) = match self {
            Step::Loading | Step::Closed => return None,
            Step::Consent => (UiEventName::ConsentPageOpened, None),
            Step::Accounts => (UiEventName::AccountStatusPageOpened, None),
            Step::Revoke { entry } => (
                UiEventName::AccountRevokePageOpened,
                Some(EventAccount {
                    provider_id: entry.account.provider_id.clone(),
                    account_id: Some(entry.account.id.clone()),
                }),
            ),
            Step::Providers => (UiEventName::ProviderListPageOpened, None),
            Step::LoginOptions { provider } => (UiEventName::LoginOptionsPageOpened, about(provider, None)),
            Step::Login { draft } => (UiEventName::LoginPageOpened, about(&draft.provider, None)),
            Step::Connecting { draft, .. } => {
                (UiEventName::ConnectingPageOpened, about(&draft.provider, None))
            }
            Step::Mfa { draft, account, .. } => {
                (UiEventName::MfaPageOpened, about(&draft.provider, Some(account)))
            }
            Step::Success { provider: p, account } => {
                (UiEventName::ConnectSuccessPageOpened, about(p, Some(account)))
            }
            Step::Failed { .. } => (UiEventName::ErrorPageOpened, None),
        };
        Some(UiEvent { name, account })
    }
}

/// The flow: the current step and what the transitions need to know about this session.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub step: Step,
    pub user_id: String,
    pub mode: Mode,
    /// The only provider allowed, already loaded (`providers` with one id).
    pub single_provider: Option<Provider>,
    /// Consent is shown unless `enableConsentPage:false` with a single provider.
    pub show_consent: bool,
    /// The user's accounts that are not disconnected.
    pub accounts: Vec<AccountEntry>,
}

impl Flow {
    /// A flow that is still loading.
    pub fn loading() -> Flow {
        Flow {
            step: Step::Loading,
            user_id: String::new(),
            mode: Mode::Production,
            single_provider: None,
            show_consent: true,
            accounts: Vec::new(),
        }
    }

    /// A loaded flow, not yet started. `enable_consent_page:false` counts only with a single provider.
    pub fn new(
        user_id: String,
        mode: Mode,
        single_provider: Option<Provider>,
        enable_consent_page: bool,
        accounts: Vec<AccountEntry>,
    ) -> Flow {
        let show_consent = enable_consent_page || single_provider.is_none();
        Flow { step: Step::Loading, user_id, mode, single_provider, show_consent, accounts }
    }

    /// Shows the first screen: the user's accounts if any, else consent, else the provider (list).
    pub fn start(&mut self) {
        self.step = if !self.accounts.is_empty() {
            Step::Accounts
        } else if self.show_consent {
            Step::Consent
        } else {
            self.first_connect_step()
        };
    }

    fn first_connect_step(&self) -> Step {
        match &self.single_provider {
            Some(provider) => Flow::step_for_provider(provider.clone()),
            None => Step::Providers,
        }
    }

    fn step_for_provider(provider: Provider) -> Step {
        if !provider.account_connection {
            return Step::Failed { failure: Failure::Unsupported, retry: None };
        }
        match provider.login.auth_types.len() {
            0 => Step::Failed { failure: Failure::Unsupported, retry: None },
            1 => Step::Login { draft: LoginDraft { provider, auth: 0, values: BTreeMap::new() } },
            _ => Step::LoginOptions { provider },
        }
    }

    pub fn accept_consent(&mut self) {
        if self.step == Step::Consent {
            self.step = self.first_connect_step();
        }
    }

    /// "Connect another account" on the accounts screen.
    pub fn connect_another(&mut self) {
        if self.step == Step::Accounts {
            self.step = if self.show_consent { Step::Consent } else { self.first_connect_step() };
        }
    }

    pub fn choose_provider(&mut self, provider: Provider) {
        if self.step == Step::Providers {
            let step = Flow::step_for_provider(provider);
            self.step = match step {
                Step::Failed { failure, .. } => {
                    Step::Failed { failure, retry: Some(Box::new(Step::Providers)) }
                }
                other => other,
            };
        }
    }

    pub fn choose_auth_type(&mut self, auth: usize) {
        if let Step::LoginOptions { provider } = &self.step
            && auth < provider.login.auth_types.len()
        {
            let draft = LoginDraft { provider: provider.clone(), auth, values: BTreeMap::new() };
            self.step = Step::Login { draft };
        }
    }

    /// The user submitted valid credentials: show progress while the account is created.
    pub fn submit_login(&mut self, values: BTreeMap<String, String>) {
        if let Step::Login { draft } = &self.step {
            let draft = LoginDraft { values, ..draft.clone() };
            self.step = Step::Connecting { draft, account: None };
        }
    }

    /// `POST /accounts` accepted the credentials.
    pub fn account_created(&mut self, account: Account) -> Vec<Callback> {
        if !matches!(self.step, Step::Connecting { account: None, .. }) {
            return Vec::new();
        }
        let mut callbacks = vec![Callback::account_created(&account)];
        callbacks.extend(self.account_changed(account));
        callbacks
    }

    /// A newer state of the account being connected (a poll or an MFA answer).
    pub fn account_changed(&mut self, account: Account) -> Vec<Callback> {
        let (draft, previous_attempts) = match &self.step {
            Step::Connecting { draft, account: current } => {
                if current.as_ref().is_some_and(|c| c.id != account.id) {
                    return Vec::new();
                }
                (draft.clone(), None)
            }
            Step::Mfa { draft, account: current, challenge, .. } if current.id == account.id => {
                (draft.clone(), Some(challenge.attempts_left))
            }
            _ => return Vec::new(),
        };
        match account.connection_status {
            ConnectionStatus::Pending => {
                self.step = Step::Connecting { draft, account: Some(account) };
                Vec::new()
            }
            ConnectionStatus::AwaitingMfa => {
                let Some(challenge) = account.mfa.clone() else {
                    self.fail(Failure::Api(ApiError::Malformed("AWAITING_MFA without mfa".into())), None);
                    return Vec::new();
                };
                let wrong_code = previous_attempts.is_some_and(|before| challenge.attempts_left < before);
                self.step = Step::Mfa { draft, account, challenge, wrong_code };
                Vec::new()
            }
            ConnectionStatus::Connected => {
                let callbacks = vec![Callback::account_connected(&account)];
                self.accounts.retain(|e| e.account.id != account.id);
                self.accounts.push(AccountEntry {
                    account: account.clone(),
                    provider_name: draft.provider.name.clone(),
                    logo_url: draft.provider.logo_url.clone(),
                });
                self.step = Step::Success { provider: draft.provider, account };
                callbacks
            }
            ConnectionStatus::Error => {
                let code = account.connection.error_code.unwrap_or(AccountErrorCode::SystemError);
                let callbacks = vec![Callback::account_error(&account, code)];
                // Trying again means logging in again, with what the user typed still there.
                self.fail(Failure::Account(code), Some(Step::Login { draft }));
                callbacks
            }
            ConnectionStatus::Disconnected => {
                self.fail(Failure::Api(ApiError::Malformed("account disconnected".into())), None);
                Vec::new()
            }
        }
    }

    /// A call for the current screen failed. A failed login submit retries from the login form.
    pub fn request_failed(&mut self, error: ApiError) {
        if error == ApiError::Aborted || matches!(self.step, Step::Closed | Step::Failed { .. }) {
            return;
        }
        let retry = match &self.step {
            Step::Connecting { draft, account: None } => Step::Login { draft: draft.clone() },
            other => other.clone(),
        };
        self.fail(Failure::Api(error), Some(retry));
    }

    fn fail(&mut self, failure: Failure, retry: Option<Step>) {
        self.step = Step::Failed { failure, retry: retry.map(Box::new) };
    }

    /// "Try again" on the error screen: back to the screen that failed.
    pub fn retry(&mut self) {
        if let Step::Failed { retry, .. } = &self.step {
            self.step = match retry {
                Some(step) => (**step).clone(),
                None => Step::Loading,
            };
        }
    }

    /// Whether the error screen offers "Try again".
    pub fn can_retry(&self) -> bool {
        matches!(&self.step, Step::Failed { retry: Some(_), .. })
    }

    pub fn ask_disconnect(&mut self, account_id: &str) {
        if self.step == Step::Accounts
            && let Some(entry) = self.accounts.iter().find(|e| e.account.id == account_id)
        {
            self.step = Step::Revoke { entry: entry.clone() };
        }
    }

    /// `DELETE /accounts/{id}` succeeded.
    pub fn account_removed(&mut self, account: &Account) -> Vec<Callback> {
        let Step::Revoke { entry } = &self.step else { return Vec::new() };
        if entry.account.id != account.id {
            return Vec::new();
        }
        self.accounts.retain(|e| e.account.id != account.id);
        self.step = if self.accounts.is_empty() {
            if self.show_consent { Step::Consent } else { self.first_connect_step() }
        } else {
            Step::Accounts
        };
        vec![Callback::account_removed(account)]
    }

    /// Where the back button leads, if the screen has one.
    pub fn back_target(&self) -> Option<Step> {
        let to_list = || {
            if self.single_provider.is_none() {
                Some(Step::Providers)
            } else if self.show_consent {
                Some(Step::Consent)
            } else if !self.accounts.is_empty() {
                Some(Step::Accounts)
            } else {
                None
            }
        };
        match &self.step {
            Step::Revoke { .. } => Some(Step::Accounts),
            Step::Consent | Step::Providers if !self.accounts.is_empty() => Some(Step::Accounts),
            Step::Providers if self.show_consent => Some(Step::Consent),
            Step::LoginOptions { .. } => to_list(),
            Step::Login { draft } if draft.provider.login.auth_types.len() > 1 => {
                Some(Step::LoginOptions { provider: draft.provider.clone() })
            }
            Step::Login { .. } => to_list(),
            _ => None,
        }
    }

    pub fn back(&mut self) {
        if let Some(step) = self.back_target() {
            self.step = step;
        }
    }

    pub fn close(&mut self) {
        self.step = Step::Closed;
    }
}

/// Why a login field's value is refused before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Required,
    Invalid,
}

/// Checks the login form client-side: required fields, the field type's shape and the provider's
/// `pattern` (matched by `pattern_matches(pattern, value)`, the browser's RegExp in the widget).
pub fn validate_fields(
    fields: &[LoginField],
    values: &BTreeMap<String, String>,
    pattern_matches: impl Fn(&str, &str) -> bool,
) -> BTreeMap<String, FieldError> {
    let mut errors = BTreeMap::new();
    for field in fields {
        let value = values.get(&field.name).map(|v| v.trim()).unwrap_or("");
        let error = if value.is_empty() {
            field.required.then_some(FieldError::Required)
        } else {
            let shape_ok = match field.kind {
                FieldType::Email => {
                    value.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                }
                FieldType::Tel => {
                    value.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
                        && value.chars().filter(char::is_ascii_digit).count() >= 4
                }
                FieldType::Number => value.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' '),
                FieldType::Text | FieldType::Password => true,
            };
            let pattern_ok = field.pattern.as_deref().is_none_or(|p| pattern_matches(p, value));
            (!shape_ok || !pattern_ok).then_some(FieldError::Invalid)
        };
        if let Some(error) = error {
            errors.insert(field.name.clone(), error);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use smile_link_api::{AuthType, Connection, LoginSpec, MfaType, ProviderType};

    fn provider(id: &str, auth_types: usize) -> Provider {
        Provider {
            id: id.into(),
            name: id.to_uppercase(),
            long_name: id.into(),
            logo_url: format!("/logos/{id}.svg"),
            kind: ProviderType::Gig,
            type_label: "Gig Platform".into(),
            sub_type: String::new(),
            sub_type_label: String::new(),
            active: true,
            enabled: true,
            mfa: true,
            account_connection: true,
            supported: vec![],
            login: LoginSpec {
                auth_types: (0..auth_types)
                    .map(|i| AuthType {
                        id: format!("auth{i}"),
                        label: format!("Auth {i}"),
                        fields: vec![LoginField {
                            name: "username".into(),
                            label: "Username".into(),
                            kind: FieldType::Email,
                            required: true,
                            pattern: None,
                        }],
                    })
                    .collect(),
                mfa_types: vec![MfaType::OtpSms],
            },
        }
    }

    fn account(status: ConnectionStatus, attempts: u8) -> Account {
        Account {
            id: "a-1".into(),
            created_at: "2026-01-02T03:04:05Z".into(),
            provider_id: "upwork".into(),
            user_id: "usr-1".into(),
            connection_status: status,
            connection: Connection {
                status,
                error_code: (status == ConnectionStatus::Error)
                    .then_some(AccountErrorCode::InvalidCredentials),
                error_message: None,
                updated_at: "2026-01-02T03:04:05Z".into(),
            },
            mfa: (status == ConnectionStatus::AwaitingMfa).then(|| MfaChallenge {
                kind: MfaType::OtpSms,
                destination: "+63•••••1234".into(),
                length: 4,
                attempts_left: attempts,
                expires_at: "2026-01-02T03:09:05Z".into(),
            }),
        }
    }

    fn entry() -> AccountEntry {
        AccountEntry {
            account: account(ConnectionStatus::Connected, 0),
            provider_name: "Upwork".into(),
            logo_url: String::new(),
        }
    }

    fn flow(single: Option<Provider>, consent: bool, accounts: Vec<AccountEntry>) -> Flow {
        let mut f = Flow::new("usr-1".into(), Mode::Sandbox, single, consent, accounts);
        f.start();
        f
    }

    fn values() -> BTreeMap<String, String> {
        BTreeMap::from([("username".to_owned(), "g@smileapi.io".to_owned())])
    }

    /// Consent → list → login → connecting, as a user with no accounts and two auth-free steps.
    fn at_connecting() -> Flow {
        let mut f = flow(None, true, vec![]);
        f.accept_consent();
        f.choose_provider(provider("upwork", 1));
        f.submit_login(values());
        f
    }

    #[test]
    fn a_new_user_starts_at_consent_then_the_provider_list() {
        let mut f = flow(None, true, vec![]);
        assert_eq!(f.step, Step::Consent);
        f.accept_consent();
        assert_eq!(f.step, Step::Providers);
    }

    #[test]
    fn consent_cannot_be_skipped_without_a_single_provider() {
        assert_eq!(flow(None, false, vec![]).step, Step::Consent);
    }

    #[test]
    fn a_single_provider_skips_the_list_and_without_consent_opens_its_login() {
        let mut f = flow(Some(provider("grab", 1)), true, vec![]);
        assert_eq!(f.step, Step::Consent);
        f.accept_consent();
        assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "grab"));

        let f = flow(Some(provider("grab", 1)), false, vec![]);
        assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "grab"));
    }

    #[test]
    fn a_single_provider_with_several_auth_types_opens_login_options() {
        let mut f = flow(Some(provider("sss_ph", 3)), false, vec![]);
        assert!(matches!(&f.step, Step::LoginOptions { provider } if provider.id == "sss_ph"));
        f.choose_auth_type(7);
        assert!(matches!(f.step, Step::LoginOptions { .. }), "an out-of-range choice is ignored");
        f.choose_auth_type(2);
        assert!(matches!(&f.step, Step::Login { draft } if draft.auth == 2));
        f.back();
        assert!(matches!(f.step, Step::LoginOptions { .. }));
        assert_eq!(f.back_target(), None, "nothing before the only provider without consent");
    }

    #[test]
    fn a_user_with_accounts_starts_at_their_status() {
        let mut f = flow(None, true, vec![entry()]);
        assert_eq!(f.step, Step::Accounts);
        f.connect_another();
        assert_eq!(f.step, Step::Consent);
        assert_eq!(f.back_target(), Some(Step::Accounts));
    }

    #[test]
    fn an_upload_only_provider_cannot_be_logged_into() {
        let mut f = flow(None, true, vec![]);
        f.accept_consent();
        let mut employer = provider("acme", 1);
        employer.account_connection = false;
        f.choose_provider(employer);
        assert!(matches!(&f.step, Step::Failed { failure: Failure::Unsupported, .. }));
        f.retry();
        assert_eq!(f.step, Step::Providers);
    }

    #[test]
    fn created_then_connected_fires_created_before_connected() {
        let mut f = at_connecting();
        let callbacks = f.account_created(account(ConnectionStatus::Pending, 0));
        assert_eq!(callbacks.iter().map(|c| c.name).collect::<Vec<_>>(), ["onAccountCreated"]);
        assert!(matches!(&f.step, Step::Connecting { account: Some(a), .. } if a.id == "a-1"));
        let callbacks = f.account_changed(account(ConnectionStatus::Connected, 0));
        assert_eq!(callbacks[0].name, "onAccountConnected");
        assert_eq!(
            callbacks[0].payload,
            json!({"accountId": "a-1", "userId": "usr-1", "providerId": "upwork"})
        );
        assert!(matches!(f.step, Step::Success { .. }));
        assert_eq!(f.accounts.len(), 1, "the new account joins the user's accounts");
    }

    #[test]
    fn mfa_shows_the_challenge_and_a_wrong_code_lowers_attempts() {
        let mut f = at_connecting();
        f.account_created(account(ConnectionStatus::AwaitingMfa, 3));
        assert!(
            matches!(&f.step, Step::Mfa { challenge, wrong_code: false, .. } if challenge.attempts_left == 3)
        );
        f.account_changed(account(ConnectionStatus::AwaitingMfa, 2));
        assert!(
            matches!(&f.step, Step::Mfa { challenge, wrong_code: true, .. } if challenge.attempts_left == 2)
        );
        f.account_changed(account(ConnectionStatus::Pending, 0));
        assert!(matches!(f.step, Step::Connecting { account: Some(_), .. }));
    }

    #[test]
    fn an_account_error_reports_the_code_and_retry_keeps_what_was_typed() {
        let mut f = at_connecting();
        f.account_created(account(ConnectionStatus::Pending, 0));
        let callbacks = f.account_changed(account(ConnectionStatus::Error, 0));
        assert_eq!(callbacks[0].name, "onAccountError");
        assert_eq!(callbacks[0].payload["errorCode"], "INVALID_CREDENTIALS");
        assert!(matches!(
            f.step,
            Step::Failed { failure: Failure::Account(AccountErrorCode::InvalidCredentials), .. }
        ));
        f.retry();
        assert!(matches!(&f.step, Step::Login { draft } if draft.values == values()));
    }

    #[test]
    fn a_failed_submit_returns_to_the_filled_form_and_a_failed_poll_resumes_polling() {
        let mut f = at_connecting();
        f.request_failed(ApiError::Network("offline".into()));
        assert!(matches!(f.step, Step::Failed { failure: Failure::Api(ApiError::Network(_)), .. }));
        assert!(f.can_retry());
        f.retry();
        assert!(matches!(&f.step, Step::Login { draft } if draft.values == values()));

        let mut f = at_connecting();
        f.account_created(account(ConnectionStatus::Pending, 0));
        f.request_failed(ApiError::Server { status: 503, code: None });
        f.retry();
        assert!(matches!(f.step, Step::Connecting { account: Some(_), .. }));
    }

    #[test]
    fn aborted_calls_and_stale_updates_change_nothing() {
        let mut f = at_connecting();
        let before = f.clone();
        f.request_failed(ApiError::Aborted);
        assert_eq!(f, before);
        let mut other = account(ConnectionStatus::Connected, 0);
        other.id = "a-2".into();
        f.account_created(account(ConnectionStatus::Pending, 0));
        assert!(f.account_changed(other).is_empty());
        f.close();
        assert!(f.account_changed(account(ConnectionStatus::Connected, 0)).is_empty());
        assert_eq!(f.step, Step::Closed);
    }

    #[test]
    fn awaiting_mfa_without_a_challenge_is_an_error_not_a_panic() {
        let mut f = at_connecting();
        let mut broken = account(ConnectionStatus::AwaitingMfa, 3);
        broken.mfa = None;
        f.account_created(broken);
        assert!(matches!(f.step, Step::Failed { failure: Failure::Api(ApiError::Malformed(_)), .. }));
    }

    #[test]
    fn disconnecting_confirms_then_reports_removal() {
        let mut f = flow(None, true, vec![entry()]);
        f.ask_disconnect("a-1");
        assert!(matches!(&f.step, Step::Revoke { entry } if entry.account.id == "a-1"));
        assert_eq!(f.back_target(), Some(Step::Accounts));
        let callbacks = f.account_removed(&account(ConnectionStatus::Disconnected, 0));
        assert_eq!(callbacks[0].name, "onAccountRemoved");
        assert!(f.accounts.is_empty());
        assert_eq!(f.step, Step::Consent, "with no accounts left the user can connect one");
    }

    #[test]
    fn each_screen_names_its_ui_event_with_provider_and_account() {
        let mut f = flow(None, true, vec![]);
        assert_eq!(f.step.ui_event().map(|e| e.name), Some(UiEventName::ConsentPageOpened));
        f.accept_consent();
        assert_eq!(f.step.ui_event().map(|e| e.name), Some(UiEventName::ProviderListPageOpened));
        f.choose_provider(provider("sss_ph", 2));
        assert_eq!(f.step.ui_event().map(|e| e.name), Some(UiEventName::LoginOptionsPageOpened));
        f.choose_auth_type(0);
        let login = f.step.ui_event().unwrap();
        assert_eq!(login.name, UiEventName::LoginPageOpened);
        assert_eq!(login.account, Some(EventAccount { provider_id: "sss_ph".into(), account_id: None }));
        f.submit_login(values());
        f.account_created(account(ConnectionStatus::AwaitingMfa, 3));
        let mfa = f.step.ui_event().unwrap();
        assert_eq!(mfa.name, UiEventName::MfaPageOpened);
        assert_eq!(mfa.account.unwrap().account_id.as_deref(), Some("a-1"));
        f.account_changed(account(ConnectionStatus::Connected, 0));
        assert_eq!(f.step.ui_event().map(|e| e.name), Some(UiEventName::ConnectSuccessPageOpened));
        assert_eq!(Step::Loading.ui_event(), None);
    }

    fn field(name: &str, kind: FieldType, required: bool, pattern: Option<&str>) -> LoginField {
        LoginField { name: name.into(), label: name.into(), kind, required, pattern: pattern.map(Into::into) }
    }

    #[test]
    fn login_validation_checks_required_shape_and_pattern() {
        let fields = [
            field("email", FieldType::Email, true, None),
            field("mobile", FieldType::Tel, false, None),
            field("ss", FieldType::Number, false, Some("[0-9]{10}")),
            field("password", FieldType::Password, true, None),
        ];
        let ten_digits = |pattern: &str, value: &str| {
            pattern == "[0-9]{10}" && value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit())
        };
        let values = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
        };
        let errors = validate_fields(&fields, &values(&[("password", "  ")]), ten_digits);
        assert_eq!(errors.get("email"), Some(&FieldError::Required));
        assert_eq!(errors.get("password"), Some(&FieldError::Required));
        assert_eq!(errors.get("mobile"), None, "optional and empty is fine");

        let bad = values(&[("email", "nope"), ("mobile", "+63 abc"), ("ss", "123"), ("password", "x")]);
        let errors = validate_fields(&fields, &bad, ten_digits);
        assert_eq!(errors.len(), 3);
        assert!(errors.values().all(|e| *e == FieldError::Invalid));

        let good = values(&[
            ("email", "gpalomero1234@smileapi.io"),
            ("mobile", "+63 955 999 1234"),
            ("ss", "3300000008"),
            ("password", "123456"),
        ]);
        assert!(validate_fields(&fields, &good, ten_digits).is_empty());
    }
}
