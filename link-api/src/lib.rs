//! The link API contract (SPEC section 2): the JSON the widget and any link API server exchange.
//!
//! Both the widget (compiled to wasm) and the sandbox server use these types, so the contract is
//! written down once. Field names are camelCase on the wire, as the Open API documents them.

use serde::{Deserialize, Serialize};

#[macro_use]
mod wire;
mod codes;
mod ids;

pub use codes::{AccountErrorCode, ApiCode};
pub use ids::{Mode, TOKEN_PREFIX_PRODUCTION, TOKEN_PREFIX_SANDBOX, token_mode};

/// Default page size of list endpoints.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Largest page size a list endpoint accepts.
pub const MAX_PAGE_SIZE: usize = 150;
/// Most `topIds` (and `topProviders`) a request may name.
pub const MAX_TOP_PROVIDERS: usize = 10;
/// Largest file an upload may carry.
pub const MAX_UPLOAD_BYTES: usize = 15 * 1024 * 1024;

/// Every response, success or error: `{"code", "message", "requestId", "data"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    pub code: ApiCode,
    pub message: String,
    pub request_id: String,
    pub data: Option<T>,
}

/// One page of a list: `data = {"nextCursor", "items"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub next_cursor: Option<String>,
    pub items: Vec<T>,
}

/// `GET /session`: the token's user and mode, and the template the widget should apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub user_id: String,
    pub mode: Mode,
    pub expires_at: String,
    pub template: Option<Template>,
}

/// A widget template: look and data sources chosen in the partner's portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: String,
    pub primary_color: String,
    pub company_name: String,
    pub logo_url: Option<String>,
    pub providers: Vec<String>,
    pub top_providers: Vec<String>,
    pub enable_upload: bool,
}

/// The five kinds of data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProviderType {
    Gig,
    Government,
    System,
    Employer,
    Credential,
    /// A type this version does not know (a newer server's): listed, but in no type tab.
    #[serde(other)]
    Other,
}

impl ProviderType {
    pub const ALL: [ProviderType; 5] = [
        ProviderType::Gig,
        ProviderType::Government,
        ProviderType::System,
        ProviderType::Employer,
        ProviderType::Credential,
    ];

    /// The wire name, as used in the `type` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::Gig => "GIG",
            ProviderType::Government => "GOVERNMENT",
            ProviderType::System => "SYSTEM",
            ProviderType::Employer => "EMPLOYER",
            ProviderType::Credential => "CREDENTIAL",
            ProviderType::Other => "OTHER",
        }
    }

    /// The documented English label (`typeLabel`).
    pub fn label(self) -> &'static str {
        match self {
            ProviderType::Gig => "Gig Platform",
            ProviderType::Government => "Govt Service",
            ProviderType::System => "System",
            ProviderType::Employer => "Employer",
            ProviderType::Credential => "Credential",
            ProviderType::Other => "Other",
        }
    }

    pub fn parse(s: &str) -> Option<ProviderType> {
        ProviderType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A data source the user can connect or upload documents for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub long_name: String,
    pub logo_url: String,
    #[serde(rename = "type")]
    pub kind: ProviderType,
    pub type_label: String,
    pub sub_type: String,
    pub sub_type_label: String,
    pub active: bool,
    pub enabled: bool,
    pub mfa: bool,
    pub account_connection: bool,
    pub supported: Vec<String>,
    pub login: LoginSpec,
}

/// `GET /providerIndex`: every provider `GET /providers` lists for the same `ids`, `topIds` and
/// `accountConnection` with no `name` or `type`, in that order, and only what a list row shows (added
/// by this project). Column by column, so that reading it costs one step per column, not per
/// provider: entry `i` of every column is the `i`-th provider. A widget filters it by name and type
/// itself, so a keystroke needs no request, and fetches a provider in full when the user picks it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderIndex {
    pub ids: Vec<String>,
    pub names: Vec<String>,
    pub long_names: Vec<String>,
    pub logo_urls: Vec<String>,
    pub types: Vec<ProviderType>,
    pub account_connection: Vec<bool>,
}

impl ProviderIndex {
    /// The index of `providers`, in their order.
    pub fn of<'a>(providers: impl IntoIterator<Item = &'a Provider>) -> ProviderIndex {
        let mut index = ProviderIndex::default();
        for p in providers {
            index.ids.push(p.id.clone());
            index.names.push(p.name.clone());
            index.long_names.push(p.long_name.clone());
            index.logo_urls.push(p.logo_url.clone());
            index.types.push(p.kind);
            index.account_connection.push(p.account_connection);
        }
        index
    }
}

/// How a provider's login form looks (added by this project; the documents give none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginSpec {
    pub auth_types: Vec<AuthType>,
    pub mfa_types: Vec<MfaType>,
}

/// One way to log in (email, mobile number, SS number, ...): the login-options screen picks one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthType {
    pub id: String,
    pub label: String,
    pub fields: Vec<LoginField>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginField {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Email,
    Tel,
    Password,
    Number,
}

wire_names!(FieldType { Text => "text", Email => "email", Tel => "tel", Password => "password", Number => "number" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MfaType {
    OtpSms,
    OtpEmail,
}

wire_names!(MfaType { OtpSms => "OTP_SMS", OtpEmail => "OTP_EMAIL" });

/// `POST /accounts` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAccountRequest {
    pub provider_id: String,
    pub credentials: std::collections::BTreeMap<String, String>,
}

/// `POST /accounts/{id}/mfa` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MfaRequest {
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectionStatus {
    Pending,
    AwaitingMfa,
    Connected,
    Error,
    Disconnected,
}

wire_names!(ConnectionStatus { Pending => "PENDING", AwaitingMfa => "AWAITING_MFA", Connected => "CONNECTED", Error => "ERROR", Disconnected => "DISCONNECTED" });

impl ConnectionStatus {
    /// A status the account will not leave by itself (polling can stop).
    pub fn is_settled(self) -> bool {
        !matches!(self, ConnectionStatus::Pending)
    }
}

/// A connected (or connecting) employment account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub created_at: String,
    pub provider_id: String,
    pub user_id: String,
    pub connection_status: ConnectionStatus,
    pub connection: Connection,
    /// Present only while `connectionStatus` is `AWAITING_MFA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaChallenge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub status: ConnectionStatus,
    pub error_code: Option<AccountErrorCode>,
    pub error_message: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaChallenge {
    #[serde(rename = "type")]
    pub kind: MfaType,
    /// Masked, e.g. `+63•••••1234`.
    pub destination: String,
    pub length: u8,
    pub attempts_left: u8,
    pub expires_at: String,
}

/// An upload of one document (one or more files).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Archive {
    pub id: String,
    pub created_at: String,
    /// Always `user-provided`.
    pub provider_id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub state: ArchiveState,
    pub raw_files: Vec<RawFile>,
    /// The employer the user named when their employer was not listed (the "Can't find your
    /// employer?" survey); absent when none was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_name: Option<String>,
}

/// The provider id every archive carries.
pub const USER_PROVIDED: &str = "user-provided";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveState {
    pub status: ArchiveStatus,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ArchiveStatus {
    Started,
    Analyzed,
    Unsupported,
    Error,
    Revoked,
}

wire_names!(ArchiveStatus { Started => "STARTED", Analyzed => "ANALYZED", Unsupported => "UNSUPPORTED", Error => "ERROR", Revoked => "REVOKED" });

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawFile {
    pub id: String,
    pub created_at: String,
    pub name: String,
    pub sub_type: Option<String>,
    pub size: u64,
    pub format: FileFormat,
    /// Where the uploaded bytes can be fetched again with the owner's token, whatever the
    /// analysis concluded; absent once the archive is revoked, since revoking removes the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Longest employer name an upload or a survey may carry, in characters (after trimming).
pub const MAX_EMPLOYER_NAME_CHARS: usize = 200;

/// A file format, judged by the file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FileFormat {
    Pdf,
    Png,
    Jpg,
    Jpeg,
}

wire_names!(FileFormat { Pdf => "PDF", Png => "PNG", Jpg => "JPG", Jpeg => "JPEG" });

/// A kind of document the widget may upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileType {
    #[serde(rename = "type")]
    pub kind: String,
    pub type_label: String,
    pub logo_url: String,
    pub sub_types: Vec<FileSubType>,
    pub formats: Vec<FileFormat>,
    pub max_size_bytes: u64,
}

/// A part of a document (e.g. the front and back of a company ID).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSubType {
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
}

/// `POST /surveys` answer: the user said their employer is not in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployerSurvey {
    /// `s-<32 hex>`.
    pub id: String,
    pub user_id: String,
    pub employer_name: String,
    pub created_at: String,
}

/// `POST /surveys` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSurveyRequest {
    pub employer_name: String,
}

/// Open API `POST /users` answer: a new user and a link token for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedUser {
    pub user: User,
    pub token: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub created_at: String,
    pub name: Option<String>,
}

/// Open API `POST /tokens?userId=` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    pub user_id: String,
    pub token: String,
    pub expires_at: String,
}

/// Open API `POST /users` body (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_type_serializes_as_its_wire_name() {
        for t in ProviderType::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(ProviderType::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn wire_names_are_the_serde_names() {
        fn check<T: Serialize + Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for &v in all {
                assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{}\"", name(v)));
                assert_eq!(parse(name(v)), Some(v));
            }
            assert_eq!(parse("SOMETHING_NEW"), None);
        }
        check(FieldType::ALL, FieldType::as_str, FieldType::parse);
        check(MfaType::ALL, MfaType::as_str, MfaType::parse);
        check(ConnectionStatus::ALL, ConnectionStatus::as_str, ConnectionStatus::parse);
        check(ArchiveStatus::ALL, ArchiveStatus::as_str, ArchiveStatus::parse);
        check(FileFormat::ALL, FileFormat::as_str, FileFormat::parse);
        check(Mode::ALL, Mode::as_str, Mode::parse);
        check(ApiCode::ALL, ApiCode::as_str, ApiCode::parse);
    }

    #[test]
    fn account_without_mfa_omits_the_field() {
        let account = Account {
            id: "a-1".into(),
            created_at: "2026-01-02T03:04:05Z".into(),
            provider_id: "grab".into(),
            user_id: "usr-1".into(),
            connection_status: ConnectionStatus::AwaitingMfa,
            connection: Connection {
                status: ConnectionStatus::AwaitingMfa,
                error_code: None,
                error_message: None,
                updated_at: "2026-01-02T03:04:05Z".into(),
            },
            mfa: None,
        };
        let json = serde_json::to_value(&account).unwrap();
        assert_eq!(json["connectionStatus"], "AWAITING_MFA");
        assert!(json.get("mfa").is_none());
        let back: Account = serde_json::from_value(json).unwrap();
        assert_eq!(back, account);
    }

    #[test]
    fn envelope_round_trips_with_camel_case_keys() {
        let env = Envelope {
            code: ApiCode::Ok,
            message: "OK".into(),
            request_id: "req-1".into(),
            data: Some(Page { next_cursor: None, items: vec![1, 2] }),
        };
        let json = serde_json::to_string(&env).unwrap();
        assert_eq!(
            json,
            r#"{"code":"OK","message":"OK","requestId":"req-1","data":{"nextCursor":null,"items":[1,2]}}"#
        );
    }

    #[test]
    fn archives_without_the_new_fields_still_read_and_omit_them_when_absent() {
        let old = serde_json::json!({
            "id": "u-1", "createdAt": "2026-01-02T03:04:05Z", "providerId": "user-provided",
            "userId": "usr-1", "type": "PAYSLIP",
            "state": {"status": "ANALYZED", "errorCode": null, "errorMessage": null,
                      "updatedAt": "2026-01-02T03:04:05Z"},
            "rawFiles": [{"id": "f-1", "createdAt": "2026-01-02T03:04:05Z", "name": "a.pdf",
                          "subType": null, "size": 3, "format": "PDF"}]
        });
        let archive: Archive = serde_json::from_value(old.clone()).unwrap();
        assert_eq!((archive.employer_name.as_deref(), archive.raw_files[0].url.as_deref()), (None, None));
        assert_eq!(serde_json::to_value(&archive).unwrap(), old);

        let mut with = archive;
        with.employer_name = Some("Kopi Corner".into());
        with.raw_files[0].url = Some("http://127.0.0.1:8787/v1/archives/u-1/files/f-1".into());
        let json = serde_json::to_value(&with).unwrap();
        assert_eq!(json["employerName"], "Kopi Corner");
        assert_eq!(json["rawFiles"][0]["url"], "http://127.0.0.1:8787/v1/archives/u-1/files/f-1");
    }

    #[test]
    fn survey_request_names_its_one_field() {
        let ok: CreateSurveyRequest = serde_json::from_str(r#"{"employerName":"Kopi Corner"}"#).unwrap();
        assert_eq!(ok.employer_name, "Kopi Corner");
        let err = serde_json::from_str::<CreateSurveyRequest>(r#"{"employerName":"K","city":"Cebu"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("city"), "{err}");
    }

    #[test]
    fn create_account_request_rejects_unknown_fields() {
        let err = serde_json::from_str::<CreateAccountRequest>(
            r#"{"providerId":"grab","credentials":{},"extra":1}"#,
        );
        assert!(err.is_err());
    }
}
