//! The partner's callbacks and `onUIEvent` payloads, exactly as SPEC 1.3 gives them.
//!
//! None of these carries a credential, an MFA code or file contents: they are built only from ids,
//! codes and screen names.

use serde::Serialize;
use serde_json::{Value, json};
use smile_link_api::{Account, AccountErrorCode, Mode};

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
        }
    }
}

/// The `account` of a UI event: which provider (and account, once one exists) the screen is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventAccount {
    pub provider_id: String,
    pub account_id: Option<String>,
}

/// A UI event as the flow describes it; [`Callback::ui_event`] adds the time, mode and user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiEvent {
    pub name: UiEventName,
    pub account: Option<EventAccount>,
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
            payload: json!({
                "accountId": account.id,
                "userId": account.user_id,
                "providerId": account.provider_id,
            }),
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
        callback.payload["errorCode"] = Value::from(code.as_str());
        callback
    }

    /// `onUIEvent {eventName, eventTime, mode, userId, account, archive}`; `archive` is null on the
    /// connect path.
    pub fn ui_event(event: &UiEvent, event_time: &str, mode: Mode, user_id: &str) -> Callback {
        Callback {
            name: "onUIEvent",
            payload: json!({
                "eventName": event.name.as_str(),
                "eventTime": event_time,
                "mode": mode,
                "userId": user_id,
                "account": event.account,
                "archive": Value::Null,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(c.payload, json!({"accountId": "a-1", "userId": "usr-1", "providerId": "grab"}));
        assert_eq!(Callback::account_connected(&account()).name, "onAccountConnected");
        assert_eq!(Callback::account_removed(&account()).name, "onAccountRemoved");
    }

    #[test]
    fn account_error_adds_the_error_code() {
        let c = Callback::account_error(&account(), AccountErrorCode::InvalidCredentials);
        assert_eq!(c.name, "onAccountError");
        assert_eq!(
            c.payload,
            json!({"accountId": "a-1", "userId": "usr-1", "providerId": "grab", "errorCode": "INVALID_CREDENTIALS"})
        );
    }

    #[test]
    fn ui_event_has_all_six_keys_with_null_account_and_archive_when_absent() {
        let event = UiEvent { name: UiEventName::ConsentPageOpened, account: None };
        let c = Callback::ui_event(&event, "2026-01-02T03:04:05.000Z", Mode::Sandbox, "usr-1");
        assert_eq!(c.name, "onUIEvent");
        assert_eq!(
            c.payload,
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
    fn ui_event_account_names_provider_and_account() {
        let event = UiEvent {
            name: UiEventName::LoginPageOpened,
            account: Some(EventAccount { provider_id: "upwork".into(), account_id: None }),
        };
        let c = Callback::ui_event(&event, "t", Mode::Production, "u");
        assert_eq!(c.payload["account"], json!({"providerId": "upwork", "accountId": null}));
        assert_eq!(c.payload["mode"], "PRODUCTION");
    }
}
