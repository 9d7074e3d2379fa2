//! The link API (SPEC section 2): what the widget calls with its user token.

use std::time::SystemTime;

use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{FromRequestParts, Multipart, Path, State};
use axum::http::HeaderValue;
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use smile_link_api::{
    Account, ApiCode, Archive, CreateAccountRequest, CreateSurveyRequest, DEFAULT_PAGE_SIZE, EmployerSurvey,
    FieldType, FileType, MAX_EMPLOYER_NAME_CHARS, MAX_PAGE_SIZE, MAX_TOP_PROVIDERS, MAX_UPLOAD_BYTES,
    MfaRequest, Mode, Page, Provider, ProviderIndex, ProviderType, Session,
};

use crate::accounts::{AccountRecord, Answer, MfaRefusal};
use crate::catalogue::ProviderQuery;
use crate::envelope::{ApiError, ApiResult, JsonBody, QueryParams, created, ok};
use crate::events;
use crate::state::AppState;
use crate::surveys::{MAX_SURVEYS_PER_USER, clean_employer_name, new_survey};
use crate::uploads::{self, ArchiveRecord, ReceivedFile};
use crate::users::{LoginOutcome, SANDBOX_USERS, find_user, judge, mask};
use crate::{ids, templates};

/// The user a valid, unexpired bearer token belongs to.
pub struct Caller {
    pub user_id: String,
    pub expires_at: SystemTime,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(ApiError::invalid_token)?;
        let now = SystemTime::now();
        let mut data = state.store.lock();
        let record = data
            .tokens
            .get(token)
            .filter(|t| t.expires_at > now)
            .cloned()
            .ok_or_else(ApiError::invalid_token)?;
        if !data.allow_request(token, state.config.rate_limit, now) {
            return Err(ApiError::new(
                ApiCode::RequestLimitExceeded,
                "too many requests for this token; slow down",
            ));
        }
        Ok(Caller { user_id: record.user_id, expires_at: record.expires_at })
    }
}

/// Parses `size` and `cursor` into a window over a list.
pub fn window(size: Option<&str>, cursor: Option<&str>) -> Result<(usize, usize), ApiError> {
    let size = match size {
        None => DEFAULT_PAGE_SIZE,
        Some(s) => s.parse::<usize>().ok().filter(|n| (1..=MAX_PAGE_SIZE).contains(n)).ok_or_else(|| {
            ApiError::invalid(format!("size must be a whole number from 1 to {MAX_PAGE_SIZE}"))
        })?,
    };
    let offset = match cursor {
        None | Some("") => 0,
        Some(c) => URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("offset:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| ApiError::invalid("cursor is not one this API gave out"))?,
    };
    Ok((offset, size))
}

pub fn page<T: Clone>(items: &[T], (offset, size): (usize, usize)) -> Page<T> {
    let end = offset.saturating_add(size).min(items.len());
    let slice = items.get(offset.min(items.len())..end).unwrap_or_default();
    let next_cursor = (end < items.len()).then(|| URL_SAFE_NO_PAD.encode(format!("offset:{end}")));
    Page { next_cursor, items: slice.to_vec() }
}

fn split_ids(list: Option<&str>) -> Option<Vec<String>> {
    list.map(|l| l.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
}

/// The list's own filters, shared by `/providers` and `/providerIndex`: no name or type.
fn list_query(
    ids: Option<&str>,
    top_ids: Option<&str>,
    account_connection: Option<&str>,
) -> Result<ProviderQuery, ApiError> {
    Ok(ProviderQuery {
        ids: split_ids(ids),
        top_ids: self::top_ids(top_ids)?,
        kind: None,
        name: None,
        account_connection: account_connection.map(|v| parse_bool("accountConnection", v)).transpose()?,
    })
}

/// `topIds`: at most [`MAX_TOP_PROVIDERS`].
fn top_ids(list: Option<&str>) -> Result<Vec<String>, ApiError> {
    let top_ids = split_ids(list).unwrap_or_default();
    if top_ids.len() > MAX_TOP_PROVIDERS {
        return Err(ApiError::invalid(format!(
            "topIds names {} providers; at most {MAX_TOP_PROVIDERS}",
            top_ids.len()
        )));
    }
    Ok(top_ids)
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::invalid(format!("{name} must be true or false"))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionQuery {
    template_id: Option<String>,
}

pub async fn session(caller: Caller, QueryParams(q): QueryParams<SessionQuery>) -> ApiResult<Session> {
    let template = match q.template_id.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(id) => Some(templates::find(id).ok_or_else(|| ApiError::missing("template", id))?),
    };
    ok(Session {
        user_id: caller.user_id,
        mode: Mode::Sandbox,
        expires_at: ids::iso(caller.expires_at),
        template,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProvidersQuery {
    ids: Option<String>,
    top_ids: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    account_connection: Option<String>,
    size: Option<String>,
    cursor: Option<String>,
}

pub async fn providers(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(q): QueryParams<ProvidersQuery>,
) -> ApiResult<Page<Provider>> {
    let list = list_query(q.ids.as_deref(), q.top_ids.as_deref(), q.account_connection.as_deref())?;
    let kind = match q.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(ProviderType::parse(k).ok_or_else(|| {
            ApiError::invalid(format!(
                "type must be one of GIG, GOVERNMENT, SYSTEM, EMPLOYER, CREDENTIAL, not {k:?}"
            ))
        })?),
    };
    let query = ProviderQuery { kind, name: q.name, ..list };
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let found = state.catalogue.query(&query);
    let page = page(&found, window);
    ok(Page { next_cursor: page.next_cursor, items: page.items.into_iter().cloned().collect() })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderIndexQuery {
    ids: Option<String>,
    top_ids: Option<String>,
    account_connection: Option<String>,
}

/// Every provider `GET /providers` would list for the same filters, as the list's rows show them.
pub async fn provider_index(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(q): QueryParams<ProviderIndexQuery>,
) -> ApiResult<ProviderIndex> {
    let list = list_query(q.ids.as_deref(), q.top_ids.as_deref(), q.account_connection.as_deref())?;
    ok(ProviderIndex::of(state.catalogue.query(&list)))
}

pub async fn provider(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Provider> {
    state.catalogue.get(&id).cloned().map_or_else(|| Err(ApiError::missing("provider", &id)), ok)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    size: Option<String>,
    cursor: Option<String>,
}

pub async fn file_types(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<FileType>> {
    ok(page(&state.file_types, window(q.size.as_deref(), q.cursor.as_deref())?))
}

pub async fn list_accounts(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<Account>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let now = SystemTime::now();
    let mut data = state.store.lock();
    let ids = data.accounts_by_user.get(&caller.user_id).cloned().unwrap_or_default();
    let mut accounts = Vec::with_capacity(ids.len());
    for id in ids {
        events::settle(&state, &mut data, &id, now);
        if let Some(a) = data.accounts.get(&id) {
            accounts.push(a.to_api());
        }
    }
    ok(page(&accounts, window))
}

/// Checks the credentials against the provider's login spec and returns (identifier, password).
fn read_credentials(
    provider: &Provider,
    request: &CreateAccountRequest,
) -> Result<(String, String), ApiError> {
    let given: Vec<&str> = request.credentials.keys().map(String::as_str).collect();
    let auth = provider
        .login
        .auth_types
        .iter()
        .find(|a| {
            a.fields.iter().all(|f| !f.required || given.contains(&f.name.as_str()))
                && given.iter().all(|g| a.fields.iter().any(|f| f.name == *g))
        })
        .ok_or_else(|| {
            let expected: Vec<String> = provider
                .login
                .auth_types
                .iter()
                .map(|a| a.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(" + "))
                .collect();
            ApiError::invalid(format!("credentials must be one of: {}", expected.join(", ")))
        })?;
    for f in &auth.fields {
        let value = request.credentials.get(&f.name).map(String::as_str).unwrap_or("");
        if f.required && value.trim().is_empty() {
            return Err(ApiError::invalid(format!("credentials.{} must not be empty", f.name)));
        }
        if value.len() > 256 {
            return Err(ApiError::invalid(format!("credentials.{} is too long", f.name)));
        }
    }
    let value_of = |pred: &dyn Fn(FieldType) -> bool| {
        auth.fields
            .iter()
            .find(|f| pred(f.kind))
            .and_then(|f| request.credentials.get(&f.name))
            .cloned()
            .unwrap_or_default()
    };
    Ok((value_of(&|k| k != FieldType::Password), value_of(&|k| k == FieldType::Password)))
}

pub async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(request): JsonBody<CreateAccountRequest>,
) -> ApiResult<Account> {
    let provider = state.catalogue.get(&request.provider_id).ok_or_else(|| {
        ApiError::invalid(format!("providerId {:?} is not a known provider", request.provider_id))
    })?;
    if !provider.account_connection {
        return Err(ApiError::invalid(format!(
            "provider {:?} takes uploaded documents only, not account connections",
            provider.id
        )));
    }
    let (identifier, password) = read_credentials(provider, &request)?;
    let answer = match judge(&identifier, &password) {
        LoginOutcome::Rejected(code) => Answer::Error(code),
        LoginOutcome::Accepted { .. } if !provider.mfa => Answer::Connected,
        LoginOutcome::Accepted { user } => {
            let kind = provider.login.mfa_types.first().copied().unwrap_or(smile_link_api::MfaType::OtpSms);
            let u = &SANDBOX_USERS[user];
            let destination = match kind {
                smile_link_api::MfaType::OtpSms => mask(u.mobile),
                smile_link_api::MfaType::OtpEmail => mask(u.email),
            };
            Answer::Mfa { kind, destination }
        }
    };
    // Choose the account and store the login under one lock, so two logins at once cannot both
    // open an account.
    let person = find_user(&identifier);
    let (now, timings) = (SystemTime::now(), state.timings());
    let account = {
        let mut data = state.store.lock();
        let continued =
            data.account_for_login(&caller.user_id, &provider.id, person, now, timings).map(|a| {
                a.log_in_again(person, answer.clone(), now, timings);
                a.id.clone()
            });
        let id = match continued {
            Some(id) => id,
            None => {
                let record = AccountRecord::new(&caller.user_id, &provider.id, person, answer, now, timings);
                let id = record.id.clone();
                data.add_account(record);
                id
            }
        };
        // A continued account may have moved on its way here (a connected one logging in again).
        events::settle(&state, &mut data, &id, now);
        data.accounts.get(&id).map(AccountRecord::to_api).ok_or_else(|| ApiError::missing("account", &id))?
    };
    events::watch(&state, &account.id);
    created(account)
}

/// Runs `f` on one of the caller's accounts; another user's account is as missing as an unknown one.
/// What the account went through, before and in `f`, reaches the partner's webhooks.
fn with_account<T>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    f: impl FnOnce(&mut AccountRecord, SystemTime) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let now = SystemTime::now();
    let mut data = state.store.lock();
    if data.accounts.get(id).is_none_or(|a| a.user_id != caller.user_id) {
        return Err(ApiError::missing("account", id));
    }
    events::settle(state, &mut data, id, now);
    let account = data.accounts.get_mut(id).ok_or_else(|| ApiError::missing("account", id))?;
    let result = f(account, now);
    events::settle(state, &mut data, id, now);
    result
}

fn not_awaiting(_: MfaRefusal) -> ApiError {
    ApiError::invalid("the account is not waiting for a verification code")
}

pub async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Account> {
    ok(with_account(&state, &caller, &id, |a, _| Ok(a.to_api()))?)
}

pub async fn submit_mfa(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<MfaRequest>,
) -> ApiResult<Account> {
    let code = request.code.trim();
    if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::invalid("code must be the digits of the verification code"));
    }
    let timings = state.timings();
    let account = with_account(&state, &caller, &id, |a, now| {
        a.submit_mfa(code, now, timings).map_err(not_awaiting)?;
        Ok(a.to_api())
    })?;
    events::watch(&state, &id);
    ok(account)
}

pub async fn resend_mfa(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Account> {
    let timings = state.timings();
    let account = with_account(&state, &caller, &id, |a, now| {
        a.resend_mfa(now, timings).map_err(not_awaiting)?;
        Ok(a.to_api())
    })?;
    events::watch(&state, &id);
    ok(account)
}

pub async fn revoke_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Account> {
    ok(with_account(&state, &caller, &id, |a, now| {
        a.revoke(now);
        Ok(a.to_api())
    })?)
}

pub async fn list_archives(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<Archive>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let now = SystemTime::now();
    let mut data = state.store.lock();
    let ids = data.archives_by_user.get(&caller.user_id).cloned().unwrap_or_default();
    let mut archives = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(a) = data.archives.get_mut(&id) {
            a.advance(now);
            archives.push(a.to_api(&state.public_base));
        }
    }
    ok(page(&archives, window))
}

/// Most files one archive may carry.
const MAX_FILES: usize = 10;
/// Longest `fileType` or `subType` part, in bytes: every valid one is a short code.
const CODE_PART_LIMIT: usize = 64;
/// Longest `employerName` part before trimming, in bytes: room for 200 characters of any script
/// with spaces around them.
const EMPLOYER_PART_LIMIT: usize = 4 * MAX_EMPLOYER_NAME_CHARS + 256;
const MB: u64 = 1024 * 1024;

fn unreadable(e: MultipartError) -> ApiError {
    ApiError::invalid(format!("unreadable upload: {}", e.body_text()))
}

/// Reads the text part `name`, refusing one longer than `limit` bytes (with `too_long`) before it
/// is all in memory.
async fn short_text(
    field: &mut Field<'_>,
    name: &str,
    limit: usize,
    too_long: &str,
) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::invalid(too_long));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::invalid(format!("the {name} part is not UTF-8 text")))
}

/// The answer when an upload would take a user's stored files past `--upload-quota-mb`.
fn over_quota(held: u64, quota: u64) -> ApiError {
    ApiError::new(
        ApiCode::RequestLimitExceeded,
        format!(
            "this upload would take the files kept for this user past the {} MB allowed \
             (already kept: {:.1} MB); revoke uploads no longer needed (DELETE /v1/archives/{{id}}) \
             to make room",
            quota / MB,
            held as f64 / MB as f64,
        ),
    )
}

pub async fn create_archive(
    State(state): State<AppState>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Archive> {
    let mut multipart = multipart
        .map_err(|_| ApiError::new(ApiCode::UnsupportedType, "the body must be multipart/form-data"))?;
    // The quota is checked while the files stream in, so an upload over it is refused before it is
    // all in memory, and again when the archive is stored, in case uploads ran side by side.
    let quota = state.config.upload_quota_bytes();
    let held = state.store.lock().bytes_held_by(&caller.user_id);
    let mut received: u64 = 0;
    let mut file_type: Option<String> = None;
    let mut sub_type: Option<String> = None;
    let mut employer_name: Option<Option<String>> = None;
    let mut files = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or("") {
            "fileType" => {
                let text =
                    short_text(&mut field, "fileType", CODE_PART_LIMIT, "fileType is too long").await?;
                if !state.file_types.iter().any(|t| t.kind == text) {
                    let known: Vec<_> = state.file_types.iter().map(|t| t.kind.as_str()).collect();
                    return Err(ApiError::invalid(format!("fileType must be one of {}", known.join(", "))));
                }
                file_type = Some(text);
            }
            "subType" => {
                sub_type =
                    Some(short_text(&mut field, "subType", CODE_PART_LIMIT, "subType is too long").await?);
            }
            "employerName" => {
                if employer_name.is_some() {
                    return Err(ApiError::invalid("employerName may be given only once"));
                }
                let too_long =
                    format!("employerName is too long; at most {MAX_EMPLOYER_NAME_CHARS} characters");
                let text = short_text(&mut field, "employerName", EMPLOYER_PART_LIMIT, &too_long).await?;
                employer_name = Some(clean_employer_name(&text).map_err(ApiError::invalid)?);
            }
            "file" => {
                if file_type.is_none() {
                    return Err(ApiError::invalid("fileType is required, before the first file"));
                }
                if files.len() == MAX_FILES {
                    return Err(ApiError::invalid(format!("at most {MAX_FILES} files per upload")));
                }
                let name = field
                    .file_name()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or("document")
                    .chars()
                    .take(200)
                    .collect::<String>();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(ApiError::invalid(format!("{name:?} is larger than the 15 MB limit")));
                    }
                    received += chunk.len() as u64;
                    if held + received > quota {
                        return Err(over_quota(held, quota));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if bytes.is_empty() {
                    return Err(ApiError::invalid(format!("{name:?} is empty")));
                }
                let format = uploads::sniff(&bytes).ok_or_else(|| {
                    ApiError::new(
                        ApiCode::UnsupportedType,
                        format!("{name:?} is not a PDF, PNG or JPEG file"),
                    )
                })?;
                files.push(ReceivedFile {
                    verdict: uploads::verdict(format, &bytes),
                    name,
                    sub_type: sub_type.clone(),
                    size: bytes.len() as u64,
                    format,
                    bytes: bytes.into(),
                });
            }
            other => return Err(ApiError::invalid(format!("unknown form field {other:?}"))),
        }
    }
    let file_type = file_type.ok_or_else(|| ApiError::invalid("fileType is required"))?;
    if files.is_empty() {
        return Err(ApiError::invalid("at least one file is required"));
    }
    let record = ArchiveRecord::new(
        &caller.user_id,
        &file_type,
        employer_name.flatten(),
        files,
        SystemTime::now(),
        state.config.analysis_delay(),
    );
    let archive = record.to_api(&state.public_base);
    let mut data = state.store.lock();
    let held = data.bytes_held_by(&caller.user_id);
    if held + record.held_bytes() > quota {
        return Err(over_quota(held, quota));
    }
    data.add_archive(record);
    created(archive)
}

pub async fn revoke_archive(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Archive> {
    let now = SystemTime::now();
    let mut data = state.store.lock();
    let archive = data
        .archives
        .get_mut(&id)
        .filter(|a| a.user_id == caller.user_id)
        .ok_or_else(|| ApiError::missing("archive", &id))?;
    archive.advance(now);
    archive.revoke(now);
    ok(archive.to_api(&state.public_base))
}

/// `GET /archives/{id}/files/{fileId}`: the uploaded bytes, to the archive's owner only, whatever
/// the analysis concluded, until the archive is revoked.
pub async fn archive_file(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let file = {
        let data = state.store.lock();
        let archive = data
            .archives
            .get(&id)
            .filter(|a| a.user_id == caller.user_id)
            .ok_or_else(|| ApiError::missing("archive", &id))?;
        archive.file(&file_id).cloned().ok_or_else(|| ApiError::missing("file", &file_id))?
    };
    let disposition = HeaderValue::from_str(&uploads::content_disposition(&file.name))
        .unwrap_or_else(|_| HeaderValue::from_static("inline"));
    let headers = [
        (CONTENT_TYPE, HeaderValue::from_static(uploads::content_type(file.format))),
        (CONTENT_DISPOSITION, disposition),
        // The bytes were judged to be this format; a browser must not guess another.
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        // A personal document: no shared cache keeps it, and none outlives a revoke.
        (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
    ];
    Ok((headers, file.bytes).into_response())
}

pub async fn create_survey(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(request): JsonBody<CreateSurveyRequest>,
) -> ApiResult<EmployerSurvey> {
    let name = clean_employer_name(&request.employer_name)
        .map_err(ApiError::invalid)?
        .ok_or_else(|| ApiError::invalid("employerName must not be empty"))?;
    let survey = new_survey(&caller.user_id, name, SystemTime::now());
    let mut data = state.store.lock();
    let surveys = data.surveys_by_user.entry(caller.user_id).or_default();
    if surveys.len() >= MAX_SURVEYS_PER_USER {
        return Err(ApiError::new(
            ApiCode::RequestLimitExceeded,
            format!("this user already has {MAX_SURVEYS_PER_USER} surveys, the most the sandbox keeps"),
        ));
    }
    surveys.push(survey.clone());
    created(survey)
}

pub async fn list_surveys(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<EmployerSurvey>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let data = state.store.lock();
    let surveys = data.surveys_by_user.get(&caller.user_id).map(Vec::as_slice).unwrap_or_default();
    ok(page(surveys, window))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_chain_through_cursors_to_the_end() {
        let items: Vec<u32> = (0..45).collect();
        let first = page(&items, window(None, None).unwrap());
        assert_eq!(first.items.len(), 20);
        let second = page(&items, window(Some("20"), first.next_cursor.as_deref()).unwrap());
        assert_eq!(second.items, (20..40).collect::<Vec<_>>());
        let third = page(&items, window(Some("20"), second.next_cursor.as_deref()).unwrap());
        assert_eq!(third.items.len(), 5);
        assert_eq!(third.next_cursor, None);
    }

    #[test]
    fn bad_sizes_and_cursors_are_refused() {
        assert!(window(Some("0"), None).is_err());
        assert!(window(Some("151"), None).is_err());
        assert!(window(Some("ten"), None).is_err());
        assert!(window(None, Some("garbage!")).is_err());
        assert_eq!(window(Some("150"), None).unwrap(), (0, 150));
    }
}
