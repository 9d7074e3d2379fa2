//! The link API's JSON (SPEC 2), read into and written from the contract's types.
//!
//! Reads are as strict as the contract about what must be there, and lenient about what a newer
//! server may add: unknown fields are ignored, and an enum value this version does not know
//! degrades (a new provider type is listed in no type tab, a new account status keeps polling, a
//! new error code reads as a system error) instead of failing the whole answer.

use smile_link_api::{
    Account, AccountErrorCode, ApiCode, Archive, ArchiveState, ArchiveStatus, AuthType, Connection,
    ConnectionStatus, FieldType, FileFormat, FileSubType, FileType, LoginField, LoginSpec, MfaChallenge,
    MfaType, Mode, Page, Provider, ProviderIndex, ProviderType, RawFile, Session, Template,
};

use crate::json::{
    Json, Read, Value, child, column, count, flag, known, list, malformed, opt_text, text, texts,
};

/// The envelope's head: its code, message and request id.
pub struct Head {
    /// `None` for a code this version does not know.
    pub code: Option<ApiCode>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

/// The head of an envelope; `None` when `json` is not one.
pub fn head<J: Json>(json: &J) -> Option<Head> {
    let code = json.get("code")?.as_text()?;
    Some(Head {
        code: ApiCode::parse(&code),
        message: opt_text(json, "message").ok().flatten(),
        request_id: opt_text(json, "requestId").ok().flatten(),
    })
}

pub fn page<J: Json, T>(json: &J, item: fn(&J) -> Read<T>) -> Read<Page<T>> {
    Ok(Page { next_cursor: opt_text(json, "nextCursor")?, items: list(json, "items", item)? })
}

pub fn session<J: Json>(json: &J) -> Read<Session> {
    Ok(Session {
        user_id: text(json, "userId")?,
        mode: Mode::parse(&text(json, "mode")?).unwrap_or(Mode::Production),
        expires_at: text(json, "expiresAt")?,
        template: json.get("template").map(|t| template(&t)).transpose()?,
    })
}

fn template<J: Json>(json: &J) -> Read<Template> {
    Ok(Template {
        id: text(json, "id")?,
        primary_color: text(json, "primaryColor")?,
        company_name: text(json, "companyName")?,
        logo_url: opt_text(json, "logoUrl")?,
        providers: texts(json, "providers")?,
        top_providers: texts(json, "topProviders")?,
        enable_upload: flag(json, "enableUpload")?,
    })
}

pub fn provider<J: Json>(json: &J) -> Read<Provider> {
    let login = child(json, "login")?;
    Ok(Provider {
        id: text(json, "id")?,
        name: text(json, "name")?,
        long_name: text(json, "longName")?,
        logo_url: text(json, "logoUrl")?,
        kind: ProviderType::parse(&text(json, "type")?).unwrap_or(ProviderType::Other),
        type_label: text(json, "typeLabel")?,
        sub_type: text(json, "subType")?,
        sub_type_label: text(json, "subTypeLabel")?,
        active: flag(json, "active")?,
        enabled: flag(json, "enabled")?,
        mfa: flag(json, "mfa")?,
        account_connection: flag(json, "accountConnection")?,
        supported: texts(json, "supported")?,
        login: LoginSpec {
            auth_types: list(&login, "authTypes", auth_type)?,
            mfa_types: known(&login, "mfaTypes", MfaType::parse)?,
        },
    })
}

/// The provider index: its columns, every one as long as `ids`.
pub fn provider_index<J: Json>(json: &J) -> Read<ProviderIndex> {
    let ids = column(json, "ids")?;
    let [names, long_names, logo_urls, types] =
        ["names", "longNames", "logoUrls", "types"].map(|key| column(json, key));
    let account_connection =
        list(json, "accountConnection", |v| v.as_flag().ok_or(malformed("accountConnection", "not a flag")))?;
    let (names, long_names, logo_urls, types) = (names?, long_names?, logo_urls?, types?);
    let lengths = [names.len(), long_names.len(), logo_urls.len(), types.len(), account_connection.len()];
    if lengths.iter().any(|&n| n != ids.len()) {
        return Err(malformed("ids", "columns of different lengths"));
    }
    let types = types.iter().map(|t| ProviderType::parse(t).unwrap_or(ProviderType::Other)).collect();
    Ok(ProviderIndex { ids, names, long_names, logo_urls, types, account_connection })
}

fn auth_type<J: Json>(json: &J) -> Read<AuthType> {
    Ok(AuthType { id: text(json, "id")?, label: text(json, "label")?, fields: list(json, "fields", field)? })
}

fn field<J: Json>(json: &J) -> Read<LoginField> {
    Ok(LoginField {
        name: text(json, "name")?,
        label: text(json, "label")?,
        // A new kind of input is still a text box.
        kind: FieldType::parse(&text(json, "type")?).unwrap_or(FieldType::Text),
        required: flag(json, "required")?,
        pattern: opt_text(json, "pattern")?,
    })
}

pub fn account<J: Json>(json: &J) -> Read<Account> {
    Ok(Account {
        id: text(json, "id")?,
        created_at: text(json, "createdAt")?,
        provider_id: text(json, "providerId")?,
        user_id: text(json, "userId")?,
        connection_status: status(json, "connectionStatus")?,
        connection: connection(&child(json, "connection")?)?,
        mfa: json.get("mfa").map(|m| mfa(&m)).transpose()?,
    })
}

/// A status this version does not know counts as still pending, so polling goes on.
fn status<J: Json>(json: &J, key: &'static str) -> Read<ConnectionStatus> {
    Ok(ConnectionStatus::parse(&text(json, key)?).unwrap_or(ConnectionStatus::Pending))
}

fn connection<J: Json>(json: &J) -> Read<Connection> {
    Ok(Connection {
        status: status(json, "status")?,
        error_code: opt_text(json, "errorCode")?
            .map(|code| AccountErrorCode::parse(&code).unwrap_or(AccountErrorCode::SystemError)),
        error_message: opt_text(json, "errorMessage")?,
        updated_at: text(json, "updatedAt")?,
    })
}

fn mfa<J: Json>(json: &J) -> Read<MfaChallenge> {
    let small = |key| count(json, key).map(|n| n.min(u8::MAX.into()) as u8);
    Ok(MfaChallenge {
        kind: MfaType::parse(&text(json, "type")?).unwrap_or(MfaType::OtpSms),
        destination: text(json, "destination")?,
        length: small("length")?,
        attempts_left: small("attemptsLeft")?,
        expires_at: text(json, "expiresAt")?,
    })
}

pub fn archive<J: Json>(json: &J) -> Read<Archive> {
    let state = child(json, "state")?;
    Ok(Archive {
        id: text(json, "id")?,
        created_at: text(json, "createdAt")?,
        provider_id: text(json, "providerId")?,
        user_id: text(json, "userId")?,
        kind: text(json, "type")?,
        state: ArchiveState {
            // Not known yet: still being analysed, as far as this version can tell.
            status: ArchiveStatus::parse(&text(&state, "status")?).unwrap_or(ArchiveStatus::Started),
            error_code: opt_text(&state, "errorCode")?,
            error_message: opt_text(&state, "errorMessage")?,
            updated_at: text(&state, "updatedAt")?,
        },
        raw_files: list(json, "rawFiles", raw_file)?,
        employer_name: opt_text(json, "employerName")?,
    })
}

fn raw_file<J: Json>(json: &J) -> Read<RawFile> {
    Ok(RawFile {
        id: text(json, "id")?,
        created_at: text(json, "createdAt")?,
        name: text(json, "name")?,
        sub_type: opt_text(json, "subType")?,
        size: count(json, "size")?,
        format: FileFormat::parse(&text(json, "format")?).unwrap_or(FileFormat::Pdf),
        url: opt_text(json, "url")?,
    })
}

pub fn file_type<J: Json>(json: &J) -> Read<FileType> {
    Ok(FileType {
        kind: text(json, "type")?,
        type_label: text(json, "typeLabel")?,
        logo_url: text(json, "logoUrl")?,
        sub_types: list(json, "subTypes", |s| {
            Ok(FileSubType { kind: text(s, "type")?, label: text(s, "label")? })
        })?,
        formats: known(json, "formats", FileFormat::parse)?,
        max_size_bytes: count(json, "maxSizeBytes")?,
    })
}

/// `connection` as the link API writes it.
pub fn write_connection(c: &Connection) -> Value {
    crate::json::object! {
        "status": c.status.as_str(),
        "errorCode": c.error_code.map(AccountErrorCode::as_str),
        "errorMessage": c.error_message.as_ref(),
        "updatedAt": &c.updated_at,
    }
}

/// An archive as the link API writes it.
pub fn write_archive(a: &Archive) -> Value {
    let files = a.raw_files.iter().map(write_raw_file).collect::<Vec<_>>();
    let mut value = crate::json::object! {
        "id": &a.id,
        "createdAt": &a.created_at,
        "providerId": &a.provider_id,
        "userId": &a.user_id,
        "type": &a.kind,
        "state": crate::json::object! {
            "status": a.state.status.as_str(),
            "errorCode": a.state.error_code.as_ref(),
            "errorMessage": a.state.error_message.as_ref(),
            "updatedAt": &a.state.updated_at,
        },
        "rawFiles": files,
    };
    if let Some(name) = &a.employer_name {
        value.set("employerName", name);
    }
    value
}

fn write_raw_file(f: &RawFile) -> Value {
    let mut value = crate::json::object! {
        "id": &f.id,
        "createdAt": &f.created_at,
        "name": &f.name,
        "subType": f.sub_type.as_ref(),
        "size": f.size,
        "format": f.format.as_str(),
    };
    if let Some(url) = &f.url {
        value.set("url", url);
    }
    value
}

// Native only: proptest does not build for the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
