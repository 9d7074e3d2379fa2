//! The link API client (SPEC 2) over the browser's `fetch`.
//!
//! Every call returns `Result<T, ApiError>`. Idempotent GETs retry with backoff; an `INVALID_TOKEN`
//! answer pauses every call until the partner supplies a new token ([`ApiClient::update_token`]),
//! then the same call is made again, so the user stays on the screen they were on.

use std::cell::RefCell;
use std::rc::Rc;

use smile_link_api::{
    Account, ApiCode, Archive, FileType, MAX_PAGE_SIZE, Page, Provider, ProviderIndex, ProviderType, Session,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::flow::NewAccount;
use crate::json::{self, Json, Read, Value, object};
use crate::wire;

/// Why a call failed, in terms the flow can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The token is unknown or expired (`INVALID_TOKEN`, 401).
    InvalidToken,
    /// No answer: offline, DNS, CORS, a dropped connection.
    Network(String),
    /// The server answered with an error code (and, in an envelope, its message and request id).
    Server { status: u16, code: Option<ApiCode>, message: Option<String>, request_id: Option<String> },
    /// An answer that does not follow the contract.
    Malformed(String),
    /// The call was abandoned (the widget closed).
    Aborted,
}

impl ApiError {
    /// A server error known only by its status and code.
    pub fn server(status: u16, code: Option<ApiCode>) -> ApiError {
        ApiError::Server { status, code, message: None, request_id: None }
    }

    /// Worth making the same request again: the fault was the network's or the server's load.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Server { status, code, .. } => {
                code.map(ApiCode::is_retryable).unwrap_or(*status == 429 || *status >= 500)
            }
            ApiError::InvalidToken | ApiError::Malformed(_) | ApiError::Aborted => false,
        }
    }
}

/// Turns a status and a parsed body (`None`: not JSON) into the envelope's `data`, read by `read`,
/// or the error it stands for.
pub fn decode<J: Json, T>(status: u16, body: Option<J>, read: fn(&J) -> Read<T>) -> Result<T, ApiError> {
    read_data(&envelope_data(status, body)?, read)
}

/// `read` applied to an envelope's `data`.
fn read_data<J: Json, T>(data: &J, read: fn(&J) -> Read<T>) -> Result<T, ApiError> {
    read(data).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// The envelope's `data` when the status and code say success, else the error they stand for.
fn envelope_data<J: Json>(status: u16, body: Option<J>) -> Result<J, ApiError> {
    let Some(head) = body.as_ref().and_then(wire::head) else {
        return Err(match status {
            401 => ApiError::InvalidToken,
            200..=299 => ApiError::Malformed("not an envelope".into()),
            _ => ApiError::server(status, ApiCode::from_http_status(status)),
        });
    };
    // A code this version does not know stands for what its status says.
    let code = head.code.or(ApiCode::from_http_status(status));
    if code == Some(ApiCode::InvalidToken) || status == 401 {
        return Err(ApiError::InvalidToken);
    }
    if !code.is_some_and(ApiCode::is_success) || !(200..300).contains(&status) {
        return Err(ApiError::Server { status, code, message: head.message, request_id: head.request_id });
    }
    body.and_then(|b| b.get("data")).ok_or_else(|| ApiError::Malformed("no data".into()))
}

/// Delay before retry number `attempt` (1-based) of an idempotent request, in milliseconds:
/// 300 ms doubling, plus up to half again at random (`jitter` in 0..1) so that many widgets
/// retrying after one outage do not all arrive at once. A server's `Retry-After` is honoured up
/// to 5 s.
pub fn retry_delay_ms(attempt: u32, retry_after_ms: Option<u32>, jitter: f64) -> u32 {
    let base = 300 * 2u32.pow(attempt.saturating_sub(1).min(5));
    let delay = base + (f64::from(base) * 0.5 * jitter.clamp(0.0, 1.0)) as u32;
    retry_after_ms.map_or(delay, |asked| asked.min(5_000).max(delay))
}

/// How many times an idempotent request is tried in all.
pub const MAX_ATTEMPTS: u32 = 3;

/// `encodeURIComponent` for query values.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `GET /providers` parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderQuery {
    pub ids: Vec<String>,
    pub top_ids: Vec<String>,
    pub kind: Option<ProviderType>,
    pub name: String,
    /// `Some(true)` hides upload-only providers.
    pub account_connection: Option<bool>,
    pub size: usize,
    pub cursor: Option<String>,
}

impl ProviderQuery {
    pub fn to_query_string(&self) -> String {
        self.write(true)
    }

    /// The `GET /providerIndex` query of the same list: its `ids`, `topIds` and
    /// `accountConnection` (the index is filtered by name and type where it is used).
    pub fn index_query_string(&self) -> String {
        self.write(false)
    }

    /// The parameters, with the page's own (`type`, `name`, `size`, `cursor`) when `page`.
    fn write(&self, page: bool) -> String {
        let mut out = String::new();
        let mut add = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            out.push_str(value);
        };
        if !self.ids.is_empty() {
            add("ids", &encode_component(&self.ids.join(",")));
        }
        if !self.top_ids.is_empty() {
            add("topIds", &encode_component(&self.top_ids.join(",")));
        }
        if let Some(kind) = self.kind.filter(|_| page) {
            add("type", kind.as_str());
        }
        let name = self.name.trim();
        if page && !name.is_empty() {
            add("name", &encode_component(name));
        }
        if let Some(connection) = self.account_connection {
            add("accountConnection", if connection { "true" } else { "false" });
        }
        if page {
            add("size", &self.size.clamp(1, MAX_PAGE_SIZE).to_string());
        }
        if let Some(cursor) = self.cursor.as_ref().filter(|_| page) {
            add("cursor", &encode_component(cursor));
        }
        out
    }
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The link API client. Cheap to clone; clones share the token and the pause on an expired token.
#[derive(Clone)]
pub struct ApiClient {
    inner: Rc<Inner>,
}

struct Inner {
    base: String,
    token: RefCell<String>,
    abort: RefCell<Option<web_sys::AbortController>>,
    /// Called once per expiry, when the first call meets `INVALID_TOKEN`.
    on_token_expired: RefCell<Option<Rc<dyn Fn()>>>,
    /// While paused: the promise every call awaits and the function that resolves it.
    paused: RefCell<Option<(js_sys::Promise, js_sys::Function)>>,
}

impl ApiClient {
    pub fn new(base: &str, token: &str) -> ApiClient {
        ApiClient {
            inner: Rc::new(Inner {
                base: base.trim_end_matches('/').to_owned(),
                token: RefCell::new(token.to_owned()),
                abort: RefCell::new(web_sys::AbortController::new().ok()),
                on_token_expired: RefCell::new(None),
                paused: RefCell::new(None),
            }),
        }
    }

    /// What to do when the token expires (post `tokenExpired`, or mint a new dev token).
    pub fn set_on_token_expired(&self, hook: impl Fn() + 'static) {
        *self.inner.on_token_expired.borrow_mut() = Some(Rc::new(hook));
    }

    /// Whether calls are waiting for a new token.
    pub fn is_paused(&self) -> bool {
        self.inner.paused.borrow().is_some()
    }

    /// Resumes every paused call with `token`.
    pub fn update_token(&self, token: &str) {
        *self.inner.token.borrow_mut() = token.to_owned();
        if let Some((_, resolve)) = self.inner.paused.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Abandons every call in flight (they end in `ApiError::Aborted`).
    pub fn abort_all(&self) {
        if let Some(controller) = self.inner.abort.borrow_mut().take() {
            controller.abort();
        }
        *self.inner.abort.borrow_mut() = web_sys::AbortController::new().ok();
    }

    pub async fn session(&self, template_id: Option<&str>) -> Result<Session, ApiError> {
        let query = template_id.map(|t| format!("?templateId={}", encode_component(t))).unwrap_or_default();
        self.get(&format!("/session{query}"), wire::session).await
    }

    pub async fn providers(&self, query: &ProviderQuery) -> Result<Page<Provider>, ApiError> {
        self.providers_until(query, None).await
    }

    /// A page of providers; aborting `signal` abandons the request (a newer search superseded it).
    pub async fn providers_until(
        &self,
        query: &ProviderQuery,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<Page<Provider>, ApiError> {
        let path = format!("/providers?{}", query.to_query_string());
        read_data(&self.request("GET", &path, None, signal).await?, |j| wire::page(j, wire::provider))
    }

    /// Every provider of the list `query` names (`ProviderQuery::index_query_string`), as its
    /// rows show them.
    pub async fn provider_index(&self, query: &str) -> Result<ProviderIndex, ApiError> {
        self.get(&format!("/providerIndex?{query}"), wire::provider_index).await
    }

    pub async fn provider(&self, id: &str) -> Result<Provider, ApiError> {
        self.get(&format!("/providers/{}", encode_component(id)), wire::provider).await
    }

    pub async fn accounts(&self) -> Result<Page<Account>, ApiError> {
        self.get(&format!("/accounts?size={MAX_PAGE_SIZE}"), |j| wire::page(j, wire::account)).await
    }

    pub async fn account(&self, id: &str) -> Result<Account, ApiError> {
        self.get(&format!("/accounts/{}", encode_component(id)), wire::account).await
    }

    pub async fn create_account(&self, request: &NewAccount) -> Result<Account, ApiError> {
        let credentials = request.credentials.iter().map(|(k, v)| (k.to_owned(), Value::from(v))).collect();
        let body = object! { "providerId": &request.provider_id, "credentials": Value::Object(credentials) };
        self.send("POST", "/accounts", Some(body), wire::account).await
    }

    pub async fn submit_mfa(&self, id: &str, code: &str) -> Result<Account, ApiError> {
        let body = object! { "code": code };
        self.send("POST", &format!("/accounts/{}/mfa", encode_component(id)), Some(body), wire::account).await
    }

    pub async fn resend_mfa(&self, id: &str) -> Result<Account, ApiError> {
        self.send("POST", &format!("/accounts/{}/mfa/resend", encode_component(id)), None, wire::account)
            .await
    }

    pub async fn revoke_account(&self, id: &str) -> Result<Account, ApiError> {
        self.send("DELETE", &format!("/accounts/{}", encode_component(id)), None, wire::account).await
    }

    pub async fn file_types(&self) -> Result<Page<FileType>, ApiError> {
        self.get(&format!("/fileTypes?size={MAX_PAGE_SIZE}"), |j| wire::page(j, wire::file_type)).await
    }

    pub async fn archives(&self) -> Result<Page<Archive>, ApiError> {
        self.get(&format!("/archives?size={MAX_PAGE_SIZE}"), |j| wire::page(j, wire::archive)).await
    }

    pub async fn revoke_archive(&self, id: &str) -> Result<Archive, ApiError> {
        self.send("DELETE", &format!("/archives/{}", encode_component(id)), None, wire::archive).await
    }

    /// Records that the user's employer is not listed (`POST /surveys`).
    pub async fn record_survey(&self, employer_name: &str) -> Result<(), ApiError> {
        let body = object! { "employerName": employer_name };
        self.send("POST", "/surveys", Some(body), |_| Ok(())).await
    }

    /// `POST /archives` with `upload`'s files as multipart, reporting `(bytes sent, bytes in all)`
    /// as they go. Through `XMLHttpRequest`, since `fetch` reports no upload progress.
    pub async fn upload(
        &self,
        upload: &Upload,
        on_progress: impl Fn(f64, f64) + 'static,
    ) -> Result<Archive, ApiError> {
        let on_progress: Rc<dyn Fn(f64, f64)> = Rc::new(on_progress);
        let url = format!("{}/archives", self.inner.base);
        loop {
            let token = self.inner.token.borrow().clone();
            let signals: Vec<web_sys::AbortSignal> =
                std::iter::once(upload.signal.clone()).chain(self.signal()).collect();
            let result = send_form(&url, &token, &upload.form()?, &signals, on_progress.clone())
                .await
                .and_then(|(status, text)| decode(status, json::parse(&text), wire::archive));
            match result {
                Err(ApiError::InvalidToken) => self.wait_for_token().await,
                other => return other,
            }
        }
    }

    async fn get<T>(&self, path: &str, read: fn(&JsValue) -> Read<T>) -> Result<T, ApiError> {
        self.send("GET", path, None, read).await
    }

    async fn send<T>(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        read: fn(&JsValue) -> Read<T>,
    ) -> Result<T, ApiError> {
        read_data(&self.request(method, path, body.map(|b| b.to_json()), None).await?, read)
    }

    /// One call, whatever its answer's type (so this code is in the wasm once): the envelope's
    /// `data`, after retries of idempotent requests and waits for a new token.
    async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<JsValue, ApiError> {
        let mut attempt = 1;
        loop {
            let token = self.inner.token.borrow().clone();
            let url = format!("{}{}", self.inner.base, path);
            let authorization = format!("Bearer {token}");
            let signals: Vec<_> = self.signal().into_iter().chain(signal.cloned()).collect();
            let mut retry_after = None;
            let result = fetch_text(method, &url, &authorization, body.as_deref(), &signals).await.and_then(
                |answer| {
                    retry_after = answer.retry_after_ms;
                    envelope_data(answer.status, json::parse(&answer.text))
                },
            );
            match result {
                Err(ApiError::InvalidToken) => {
                    self.wait_for_token().await;
                }
                Err(e) if method == "GET" && e.is_retryable() && attempt < MAX_ATTEMPTS => {
                    sleep(retry_delay_ms(attempt, retry_after, js_sys::Math::random())).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.inner.abort.borrow().as_ref().map(web_sys::AbortController::signal)
    }

    async fn wait_for_token(&self) {
        let existing = self.inner.paused.borrow().as_ref().map(|(p, _)| p.clone());
        let promise = match existing {
            Some(promise) => promise,
            None => {
                let mut resolver = None;
                let promise = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
                if let Some(resolve) = resolver {
                    *self.inner.paused.borrow_mut() = Some((promise.clone(), resolve));
                }
                let hook = self.inner.on_token_expired.borrow().clone();
                if let Some(hook) = hook {
                    hook();
                }
                promise
            }
        };
        let _ = JsFuture::from(promise).await;
    }
}

/// One document's files, ready to send.
pub struct Upload {
    /// `PAYSLIP`, `TAX_DOCUMENT`, `COMPANY_ID`, ...
    pub file_type: String,
    /// The employer's name the user gave, kept with the document.
    pub employer: Option<String>,
    /// Each file with its part of the document (`FRONT`, `BACK`), where the document has parts.
    pub files: Vec<(web_sys::File, Option<String>)>,
    /// Aborting it cancels the upload.
    pub signal: web_sys::AbortSignal,
}

impl Upload {
    /// The multipart body: `fileType`, `employerName`, then each `subType` and `file`.
    fn form(&self) -> Result<web_sys::FormData, ApiError> {
        let failed = |_| ApiError::Network("the browser could not build the upload".into());
        let form = web_sys::FormData::new().map_err(failed)?;
        form.append_with_str("fileType", &self.file_type).map_err(failed)?;
        if let Some(employer) = &self.employer {
            form.append_with_str("employerName", employer).map_err(failed)?;
        }
        for (file, sub_type) in &self.files {
            if let Some(sub_type) = sub_type {
                form.append_with_str("subType", sub_type).map_err(failed)?;
            }
            form.append_with_blob_and_filename("file", file, &file.name()).map_err(failed)?;
        }
        Ok(form)
    }
}

/// Sends `form` by `XMLHttpRequest`; any of `signals` aborts it.
async fn send_form(
    url: &str,
    token: &str,
    form: &web_sys::FormData,
    signals: &[web_sys::AbortSignal],
    on_progress: Rc<dyn Fn(f64, f64)>,
) -> Result<(u16, String), ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let failed = |_| ApiError::Network("the upload could not start".into());
    if signals.iter().any(web_sys::AbortSignal::aborted) {
        return Err(ApiError::Aborted);
    }
    let xhr = web_sys::XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async("POST", url, true).map_err(failed)?;
    xhr.set_request_header("Authorization", &format!("Bearer {token}")).map_err(failed)?;
    xhr.set_request_header("Accept", "application/json").map_err(failed)?;
    // Generous for 15 MB on a slow line, but never forever.
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    let progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() {
            on_progress(e.loaded(), e.total());
        }
    });
    let upload = xhr.upload().map_err(failed)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let target = xhr.clone();
    let abort = Closure::<dyn Fn()>::new(move || {
        let _ = target.abort();
    });
    for signal in signals {
        let _ = signal.add_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
    }
    // `loadend` follows success, failure and abort alike.
    let done = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    let sent = xhr.send_with_opt_form_data(Some(form)).map_err(failed);
    if sent.is_ok() {
        let _ = JsFuture::from(done).await;
    }
    for signal in signals {
        let _ = signal.remove_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
    }
    upload.set_onprogress(None);
    xhr.set_onloadend(None);
    sent?;
    match xhr.status().unwrap_or(0) {
        0 if signals.iter().any(web_sys::AbortSignal::aborted) => Err(ApiError::Aborted),
        0 => Err(ApiError::Network("the upload did not reach the server".into())),
        status => Ok((status, xhr.response_text().ok().flatten().unwrap_or_default())),
    }
}

/// Mints a sandbox user and its token through the local sandbox's Open API (standalone mode only).
#[cfg(feature = "standalone")]
pub async fn sandbox_dev_token(open_api_base: &str) -> Result<String, ApiError> {
    const SANDBOX_BASIC: &str = "Basic c2FuZGJveF9rZXk6c2FuZGJveF9zZWNyZXQ="; // sandbox_key:sandbox_secret
    let url = format!("{}/users", open_api_base.trim_end_matches('/'));
    let answer = fetch_text("POST", &url, SANDBOX_BASIC, Some("{}"), &[]).await?;
    decode(answer.status, json::parse(&answer.text), |j: &JsValue| json::text(j, "token"))
}

/// How long one request may take before it counts as a network failure.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// How long an upload may take in all before it counts as a network failure.
pub const UPLOAD_TIMEOUT_MS: u32 = 300_000;

/// What one HTTP exchange gave back.
struct Answer {
    status: u16,
    text: String,
    /// `Retry-After` in milliseconds, when the server sent one (a 429 or 503).
    retry_after_ms: Option<u32>,
}

/// One HTTP exchange through gloo-net. Any of `signals` abandons it (`Aborted`); after
/// [`REQUEST_TIMEOUT_MS`] it counts as a network failure, so nothing waits forever.
async fn fetch_text(
    method: &str,
    url: &str,
    authorization: &str,
    body: Option<&str>,
    signals: &[web_sys::AbortSignal],
) -> Result<Answer, ApiError> {
    use gloo_net::http::{Method, RequestBuilder};

    let idempotent = method == "GET" && body.is_none();
    let method = match method {
        "POST" => Method::POST,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let guard = Deadline::new(signals, REQUEST_TIMEOUT_MS)?;
    let signal = guard.controller.signal();
    // The same request boot.js started before the wasm loaded: its answer (or failure) is this attempt's.
    let early = idempotent
        .then(|| crate::bridge::boot_call("take", &[&url.into(), &authorization.into(), &signal]))
        .flatten();
    let response = if let Some(early) = early {
        let failed = |_| guard.failure(|| ApiError::Network("the request failed".into()));
        let raw = JsFuture::from(js_sys::Promise::resolve(&early)).await.map_err(failed)?;
        gloo_net::http::Response::from(web_sys::Response::from(raw))
    } else {
        let mut builder = RequestBuilder::new(url)
            .method(method)
            .mode(web_sys::RequestMode::Cors)
            .header("Accept", "application/json")
            .abort_signal(Some(&signal));
        if !authorization.is_empty() {
            builder = builder.header("Authorization", authorization);
        }
        let request = match body {
            Some(body) => builder.header("Content-Type", "application/json").body(body.to_owned()),
            None => builder.build(),
        }
        .map_err(network)?;
        request.send().await.map_err(|e| guard.failure(|| network(e)))?
    };
    let retry_after_ms = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|seconds| seconds.saturating_mul(1000));
    let text = response.text().await.map_err(|e| guard.failure(|| network(e)))?;
    Ok(Answer { status: response.status(), text, retry_after_ms })
}

/// One request's own abort controller: aborted by any of the caller's signals or by a timer.
/// Dropping it removes the listeners and the timer.
struct Deadline {
    controller: web_sys::AbortController,
    signals: Vec<web_sys::AbortSignal>,
    forward: wasm_bindgen::closure::Closure<dyn Fn()>,
    _expire: wasm_bindgen::closure::Closure<dyn Fn()>,
    timer: Option<i32>,
    timed_out: Rc<std::cell::Cell<bool>>,
}

impl Deadline {
    fn new(signals: &[web_sys::AbortSignal], ms: u32) -> Result<Deadline, ApiError> {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;

        if signals.iter().any(web_sys::AbortSignal::aborted) {
            return Err(ApiError::Aborted);
        }
        let controller = web_sys::AbortController::new()
            .map_err(|_| ApiError::Network("the request could not start".into()))?;
        let target = controller.clone();
        let forward = Closure::<dyn Fn()>::new(move || target.abort());
        for signal in signals {
            let _ = signal.add_event_listener_with_callback("abort", forward.as_ref().unchecked_ref());
        }
        let timed_out = Rc::new(std::cell::Cell::new(false));
        let (flag, target) = (timed_out.clone(), controller.clone());
        let expire = Closure::<dyn Fn()>::new(move || {
            flag.set(true);
            target.abort();
        });
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                expire.as_ref().unchecked_ref(),
                ms as i32,
            )
            .ok()
        });
        Ok(Deadline { controller, signals: signals.to_vec(), forward, _expire: expire, timer, timed_out })
    }

    /// What a failed fetch means: abandoned by the caller, timed out, or else `otherwise`.
    fn failure(&self, otherwise: impl FnOnce() -> ApiError) -> ApiError {
        if self.signals.iter().any(web_sys::AbortSignal::aborted) {
            ApiError::Aborted
        } else if self.timed_out.get() {
            ApiError::Network("the request timed out".into())
        } else {
            otherwise()
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;

        if let (Some(timer), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
        for signal in &self.signals {
            let _ =
                signal.remove_event_listener_with_callback("abort", self.forward.as_ref().unchecked_ref());
        }
    }
}

/// A failed fetch: abandoned on purpose, or the network's fault.
fn network(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(e) if e.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::JsError(e) => ApiError::Network(e.message),
        other => ApiError::Network(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type J = serde_json::Value;

    /// `decode` of JSON text, parsed as the browser would (`None` when it is not JSON).
    fn decode_text<T>(status: u16, body: &str, read: fn(&J) -> Read<T>) -> Result<T, ApiError> {
        decode(status, serde_json::from_str::<J>(body).ok(), read)
    }

    fn any(_: &J) -> Read<()> {
        Ok(())
    }

    fn numbers(j: &J) -> Read<Page<u64>> {
        wire::page(j, |n| {
            Json::as_number(n).map(|n| n as u64).ok_or(json::Malformed { field: "items", problem: "x" })
        })
    }

    #[test]
    fn a_success_envelope_yields_its_data() {
        let body = r#"{"code":"OK","message":"OK","requestId":"r","data":{"nextCursor":null,"items":[1,2]}}"#;
        let page = decode_text(200, body, numbers).unwrap();
        assert_eq!(page.items, [1, 2]);
    }

    #[test]
    fn invalid_token_is_recognised_by_code_or_status() {
        let body = r#"{"code":"INVALID_TOKEN","message":"expired","requestId":"r","data":null}"#;
        assert_eq!(decode_text(401, body, any), Err(ApiError::InvalidToken));
        assert_eq!(decode_text(401, "<html>", any), Err(ApiError::InvalidToken));
    }

    #[test]
    fn error_envelopes_and_bare_error_pages_become_server_errors() {
        let body = r#"{"code":"SERVER_UNAVAILABLE","message":"x","requestId":"r","data":null}"#;
        let err = decode_text(503, body, any).unwrap_err();
        assert_eq!(
            err,
            ApiError::Server {
                status: 503,
                code: Some(ApiCode::ServerUnavailable),
                message: Some("x".into()),
                request_id: Some("r".into()),
            }
        );
        assert!(err.is_retryable());
        let err = decode_text(502, "Bad Gateway", any).unwrap_err();
        assert_eq!(err, ApiError::server(502, Some(ApiCode::ServerUnavailable)));
        let err =
            decode_text(404, r#"{"code":"MISSING_RESOURCE","message":"","requestId":"r","data":null}"#, any);
        assert!(!err.unwrap_err().is_retryable());
    }

    #[test]
    fn malformed_success_bodies_are_malformed_not_panics() {
        assert!(matches!(decode_text(200, "{", any), Err(ApiError::Malformed(_))));
        let no_data = r#"{"code":"OK","message":"","requestId":"r","data":null}"#;
        assert!(matches!(decode_text(200, no_data, any), Err(ApiError::Malformed(_))));
        let wrong_shape = r#"{"code":"OK","message":"","requestId":"r","data":{"items":"nope"}}"#;
        assert!(matches!(decode_text(200, wrong_shape, numbers), Err(ApiError::Malformed(_))));
    }

    #[test]
    fn only_network_and_load_errors_are_retryable() {
        assert!(ApiError::Network("offline".into()).is_retryable());
        assert!(ApiError::server(429, None).is_retryable());
        assert!(!ApiError::server(400, Some(ApiCode::InvalidParameters)).is_retryable());
        assert!(!ApiError::InvalidToken.is_retryable());
        assert!(!ApiError::Malformed("x".into()).is_retryable());
        assert!(!ApiError::Aborted.is_retryable());
    }

    #[test]
    fn retries_back_off_with_jitter_and_honour_retry_after_up_to_five_seconds() {
        assert_eq!(retry_delay_ms(1, None, 0.0), 300);
        assert_eq!(retry_delay_ms(1, None, 1.0), 450);
        assert_eq!(retry_delay_ms(2, None, 0.0), 600);
        assert!(retry_delay_ms(40, None, 1.0) <= 9600 * 3 / 2);
        assert_eq!(retry_delay_ms(1, Some(2_000), 0.0), 2_000);
        assert_eq!(retry_delay_ms(1, Some(60_000), 0.0), 5_000);
        assert_eq!(retry_delay_ms(2, Some(0), 0.0), 600, "never sooner than the backoff");
    }

    #[test]
    fn boot_js_starts_its_early_requests_at_the_client_s_addresses() {
        let boot = include_str!("../boot.js");
        let hosts = [crate::options::SANDBOX_API_HOST, crate::options::PRODUCTION_API_HOST];
        for expected in hosts.into_iter().chain([smile_link_api::TOKEN_PREFIX_SANDBOX]) {
            assert!(boot.contains(&format!("'{expected}'")), "boot.js lacks {expected}");
        }
        for path in ["accounts", "archives"] {
            let query = format!("/{path}?size={MAX_PAGE_SIZE}");
            assert!(boot.contains(&query), "boot.js lacks {query}");
        }
    }

    #[test]
    fn provider_queries_encode_every_parameter() {
        let q = ProviderQuery {
            ids: vec!["grab".into(), "upwork".into()],
            top_ids: vec!["upwork".into()],
            kind: Some(ProviderType::Gig),
            name: " café & co ".into(),
            account_connection: Some(true),
            size: 500,
            cursor: Some("c/1".into()),
        };
        assert_eq!(
            q.to_query_string(),
            "ids=grab%2Cupwork&topIds=upwork&type=GIG&name=caf%C3%A9%20%26%20co&accountConnection=true&size=150&cursor=c%2F1"
        );
        assert_eq!(ProviderQuery { size: 50, ..Default::default() }.to_query_string(), "size=50");
    }
}
