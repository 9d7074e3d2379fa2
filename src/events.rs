//! The partner's callbacks and `onUIEvent` payloads, exactly as SPEC 1.3 gives them.
//!
//! None of these carries a credential, an MFA code or file contents: they are built only from ids,
//! codes and screen names.

use smile_link_api::{Account, AccountErrorCode, Archive, Mode};

use crate::json::{Value, object};
use crate::wire;

/// `onUIEvent` names: the documented ones, plus names for screens the documents do not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiEventName {
    ConsentPageOpened,
    ProviderListPageOpened,
    LoginOptionsPageOpened,
    LoginPageOpened,
    MfaPageOpened,
    ConnectSuccessPageOpened,
    AccountRevokePageOpened,
    /// Not in the documents: the connecting (progress) screen.
    ConnectingPageOpened,
    /// Not in the documents: the error screen.
    ErrorPageOpened,
    /// Not in the documents: the list of the user's accounts.
    AccountStatusPageOpened,
    EmployerSurveyPageOpened,
    FileTypeListPageOpened,
    FileTypePageOpened,
    ArchiveSuccessPageOpened,
    RevokeArchivePageOpened,
}

impl UiEventName {
    pub fn as_str(self) -> &'static str {
        match self {
            UiEventName::ConsentPageOpened => "ConsentPageOpened",
            UiEventName::ProviderListPageOpened => "ProviderListPageOpened",
            UiEventName::LoginOptionsPageOpened => "LoginOptionsPageOpened",
            UiEventName::LoginPageOpened => "LoginPageOpened",
            UiEventName::MfaPageOpened => "MfaPageOpened",
            UiEventName::ConnectSuccessPageOpened => "ConnectSuccessPageOpened",
            UiEventName::AccountRevokePageOpened => "AccountRevokePageOpened",
            UiEventName::ConnectingPageOpened => "ConnectingPageOpened",
            UiEventName::ErrorPageOpened => "ErrorPageOpened",
            UiEventName::AccountStatusPageOpened => "AccountStatusPageOpened",
            UiEventName::EmployerSurveyPageOpened => "EmployerSurveyPageOpened",
            UiEventName::FileTypeListPageOpened => "FileTypeListPageOpened",
            UiEventName::FileTypePageOpened => "FileTypePageOpened",
            UiEventName::ArchiveSuccessPageOpened => "ArchiveSuccessPageOpened",
            UiEventName::RevokeArchivePageOpened => "RevokeArchivePageOpened",
        }
    }
}

/// The `account` of a UI event: which provider the screen is about and, once one exists, the account
/// as the link API returned it (ids, status and connection; never credentials).
#[derive(Debug, Clone, PartialEq)]
pub struct EventAccount {
    pub provider_id: String,
    pub account: Option<Account>,
}

impl EventAccount {
    /// `{providerId, accountId: null}` before an account exists; the link API's account object
    /// (with `accountId` beside its `id`) after.
    fn to_json(&self) -> Value {
        match &self.account {
            None => object! {"providerId": &self.provider_id, "accountId": Value::Null},
            Some(account) => object! {
                "id": &account.id,
                "accountId": &account.id,
                "providerId": &account.provider_id,
                "userId": &account.user_id,
                "createdAt": &account.created_at,
                "connectionStatus": account.connection_status.as_str(),
                "connection": wire::write_connection(&account.connection),
            },
        }
    }
}

/// The `archive` of a UI event: the kind of document being chosen, or the uploaded archive as the
/// link API returned it (metadata only: names, sizes, formats, status; never a file's contents).
#[derive(Debug, Clone, PartialEq)]
pub enum EventArchive {
    Chosen { file_type: String },
    Uploaded(Box<Archive>),
}

impl EventArchive {
    fn to_json(&self) -> Value {
        match self {
            EventArchive::Chosen { file_type } => object! {"fileType": file_type},
            EventArchive::Uploaded(archive) => {
                let mut value = wire::write_archive(archive);
                value.set("fileType", &archive.kind);
                value
            }
        }
    }
}

/// What went wrong, as the partner is told in `onClose` and in the error screen's `onUIEvent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// An account error code, an API code, or one of the widget's own (`NETWORK_ERROR`, ...).
    pub code: String,
    pub message: Option<String>,
    /// The link API's `requestId`, when an answer had one.
    pub request_id: Option<String>,
}

impl ErrorInfo {
    /// Adds `errorCode`, `errorMessage` and `requestId` to `payload`.
    pub fn add_to(&self, payload: &mut Value) {
        payload.set("errorCode", &self.code);
        payload.set("errorMessage", self.message.as_ref());
        payload.set("requestId", self.request_id.as_ref());
    }
}

/// A UI event as the flow describes it; [`Callback::ui_event`] adds the time, mode and user.
#[derive(Debug, Clone, PartialEq)]
pub struct UiEvent {
    pub name: UiEventName,
    pub account: Option<EventAccount>,
    pub archive: Option<EventArchive>,
    /// On the error screen: what went wrong.
    pub error: Option<ErrorInfo>,
}

impl UiEvent {
    /// An event about a document.
    pub fn about_archive(name: UiEventName, archive: EventArchive) -> UiEvent {
        UiEvent { name, account: None, archive: Some(archive), error: None }
    }
}

/// Why the widget closed (`close {reason}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// The close icon or Escape.
    Close,
    /// DONE on the success screen.
    Exit,
    /// Exit on the error screen, or a fatal load error.
    Error,
    /// The user's employer is not listed and uploads are off: the survey recorded its name.
    EmployerNotListed,
}

impl CloseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Close => "close",
            CloseReason::Exit => "exit",
            CloseReason::Error => "error",
            CloseReason::EmployerNotListed => "employer_not_listed",
        }
    }
}

/// What the user closed the widget with, and why, for `close {reason, ...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct CloseDetails {
    pub reason: CloseReason,
    /// For `reason: "error"`: what went wrong.
    pub error: Option<ErrorInfo>,
    /// For `reason: "employer_not_listed"`: the name the user gave.
    pub employer: Option<String>,
}

/// One call of a partner callback: its name and its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub name: &'static str,
    pub payload: Value,
}

impl Callback {
    fn account(name: &'static str, account: &Account) -> Callback {
        Callback {
            name,
            payload: object! {
                "accountId": &account.id,
                "userId": &account.user_id,
                "providerId": &account.provider_id,
            },
        }
    }

    /// `onAccountCreated {accountId, userId, providerId}`.
    pub fn account_created(account: &Account) -> Callback {
        Callback::account("onAccountCreated", account)
    }

    /// `onAccountConnected {accountId, userId, providerId}`.
    pub fn account_connected(account: &Account) -> Callback {
        Callback::account("onAccountConnected", account)
    }

    /// `onAccountRemoved {accountId, userId, providerId}`.
    pub fn account_removed(account: &Account) -> Callback {
        Callback::account("onAccountRemoved", account)
    }

    /// `onAccountError {accountId, userId, providerId, errorCode}`.
    pub fn account_error(account: &Account, code: AccountErrorCode) -> Callback {
        let mut callback = Callback::account("onAccountError", account);
        callback.payload.set("errorCode", code.as_str());
        callback
    }
    /// `onUploadsCreated` / `onUploadsRemoved {uploads, userId}` with the archives as the link API
    /// returned them.
    pub fn uploads(name: &'static str, uploads: &[Archive], user_id: &str) -> Callback {
        let uploads: Vec<Value> = uploads.iter().map(wire::write_archive).collect();
        Callback { name, payload: object! {"uploads": uploads, "userId": user_id} }
    }

    /// `onUIEvent {eventName, eventTime, mode, userId, account, archive}`; `archive` is null on the
    /// connect path. The error screen adds `errorCode`, `errorMessage` and `requestId`.
    pub fn ui_event(event: &UiEvent, event_time: &str, mode: Mode, user_id: Option<&str>) -> Callback {
        let mut payload = object! {
            "eventName": event.name.as_str(),
            "eventTime": event_time,
            "mode": mode.as_str(),
            "userId": user_id,
            "account": event.account.as_ref().map(EventAccount::to_json),
            "archive": event.archive.as_ref().map(EventArchive::to_json),
        };
        if let Some(error) = &event.error {
            error.add_to(&mut payload);
        }
        Callback { name: "onUIEvent", payload }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};
    use smile_link_api::{Connection, ConnectionStatus};

    fn account() -> Account {
        Account {
            id: "a-1".into(),
            created_at: "2026-01-02T03:04:05Z".into(),
            provider_id: "grab".into(),
            user_id: "usr-1".into(),
            connection_status: ConnectionStatus::Error,
            connection: Connection {
                status: ConnectionStatus::Error,
                error_code: Some(AccountErrorCode::InvalidCredentials),
                error_message: Some("wrong".into()),
                updated_at: "2026-01-02T03:04:05Z".into(),
            },
            mfa: None,
        }
    }

    #[test]
    fn account_callbacks_carry_exactly_the_documented_keys() {
        let c = Callback::account_created(&account());
        assert_eq!(c.name, "onAccountCreated");
        assert_eq!(
            c.payload.to_serde(),
            json!({"accountId": "a-1", "userId": "usr-1", "providerId": "grab"})
        );
        assert_eq!(Callback::account_connected(&account()).name, "onAccountConnected");
        assert_eq!(Callback::account_removed(&account()).name, "onAccountRemoved");
    }

    #[test]
    fn account_error_adds_the_error_code() {
        let c = Callback::account_error(&account(), AccountErrorCode::InvalidCredentials);
        assert_eq!(c.name, "onAccountError");
        assert_eq!(
            c.payload.to_serde(),
            json!({"accountId": "a-1", "userId": "usr-1", "providerId": "grab", "errorCode": "INVALID_CREDENTIALS"})
        );
    }

    #[test]
    fn ui_event_has_all_six_keys_with_null_account_and_archive_when_absent() {
        let event =
            UiEvent { name: UiEventName::ConsentPageOpened, account: None, archive: None, error: None };
        let c = Callback::ui_event(&event, "2026-01-02T03:04:05.000Z", Mode::Sandbox, Some("usr-1"));
        assert_eq!(c.name, "onUIEvent");
        assert_eq!(
            c.payload.to_serde(),
            json!({
                "eventName": "ConsentPageOpened",
                "eventTime": "2026-01-02T03:04:05.000Z",
                "mode": "SANDBOX",
                "userId": "usr-1",
                "account": null,
                "archive": null,
            })
        );
    }

    #[test]
    fn ui_event_account_names_the_provider_before_an_account_exists() {
        let event = UiEvent {
            name: UiEventName::LoginPageOpened,
            account: Some(EventAccount { provider_id: "upwork".into(), account: None }),
            archive: None,
            error: None,
        };
        let c = Callback::ui_event(&event, "t", Mode::Production, None);
        assert_eq!(c.payload.to_serde()["account"], json!({"providerId": "upwork", "accountId": null}));
        assert_eq!(c.payload.to_serde()["mode"], "PRODUCTION");
        assert_eq!(c.payload.to_serde()["userId"], Value::Null, "unknown before the session loads");
    }

    #[test]
    fn ui_event_account_is_the_link_api_account_without_mfa_details() {
        let mut with_mfa = account();
        with_mfa.mfa = Some(smile_link_api::MfaChallenge {
            kind: smile_link_api::MfaType::OtpSms,
            destination: "+63•••••1234".into(),
            length: 4,
            attempts_left: 3,
            expires_at: "2026-01-02T03:09:05Z".into(),
        });
        let event = UiEvent {
            name: UiEventName::MfaPageOpened,
            account: Some(EventAccount { provider_id: "grab".into(), account: Some(with_mfa) }),
            archive: None,
            error: None,
        };
        let c = Callback::ui_event(&event, "t", Mode::Sandbox, Some("usr-1"));
        assert_eq!(
            c.payload.to_serde()["account"],
            json!({
                "id": "a-1", "accountId": "a-1", "providerId": "grab", "userId": "usr-1",
                "createdAt": "2026-01-02T03:04:05Z", "connectionStatus": "ERROR",
                "connection": {"status": "ERROR", "errorCode": "INVALID_CREDENTIALS", "errorMessage": "wrong",
                    "updatedAt": "2026-01-02T03:04:05Z"}
            })
        );
    }

    #[test]
    fn the_error_screen_event_carries_code_message_and_request_id() {
        let event = UiEvent {
            name: UiEventName::ErrorPageOpened,
            account: None,
            archive: None,
            error: Some(ErrorInfo {
                code: "SERVER_ERROR".into(),
                message: Some("boom".into()),
                request_id: Some("req-1".into()),
            }),
        };
        let c = Callback::ui_event(&event, "t", Mode::Sandbox, Some("u"));
        assert_eq!(c.payload.to_serde()["errorCode"], "SERVER_ERROR");
        assert_eq!(c.payload.to_serde()["errorMessage"], "boom");
        assert_eq!(c.payload.to_serde()["requestId"], "req-1");
    }
}
