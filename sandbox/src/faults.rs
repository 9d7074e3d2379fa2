//! Fault injection that tests switch on over HTTP, so the widget's resilience is proven:
//! `PUT /_sandbox/faults` with `{"rules": [...]}`, `GET` to read them, `DELETE` to clear.
//!
//! A rule matches requests whose path starts with `path` (and whose method is `method`, if
//! given), `times` times or until cleared, and does one of: `latency` (waits `latencyMs`, then
//! answers normally), `status` (answers the error envelope of `status`: 429, 500, 502, 503 or
//! 504), `drop` (closes the connection without an answer), `malformed` (200 with a cut-off body),
//! `garbage` (200 with a body that is not JSON at all), `rewrite` (answers normally, then replaces or
//! deletes the value at a JSON pointer of the answer) or `expireToken` (401 `INVALID_TOKEN`, as an
//! expired link token gets, on exactly the requests it matches).
//!
//! The rules are bounded: at most [`MAX_RULES`] at once, each a small JSON value.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use smile_link_api::ApiCode;

use crate::envelope::{ApiError, ApiResult, JsonBody, ok};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Latency,
    Status,
    Drop,
    Malformed,
    Garbage,
    Rewrite,
    #[serde(rename = "expireToken")]
    ExpireToken,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Path prefix, e.g. `/v1/providers`.
    #[serde(default = "default_path")]
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub kind: FaultKind,
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How many more requests this rule hits; absent: until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// For `status`: a `Retry-After` header of this many seconds (1 to 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
    /// For `rewrite`: the RFC 6901 JSON pointer into the answer, e.g. `/data/status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// For `rewrite`: the new value (`null` included); absent deletes the value at `pointer`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A field that is present, even as `null`, is `Some`: only an absent `value` means "delete".
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn default_path() -> String {
    "/v1/".into()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRules {
    pub rules: Vec<FaultRule>,
}

const ALLOWED_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];
const MAX_LATENCY_MS: u64 = 60_000;
/// How many rules may be in force at once.
pub const MAX_RULES: usize = 100;
/// The largest answer a `rewrite` rule reads to change it (an uploaded file is at most 15 MB).
const MAX_REWRITE_BYTES: usize = smile_link_api::MAX_UPLOAD_BYTES + 1024 * 1024;
/// What a `garbage` rule answers: a proxy's error page where JSON was expected.
const GARBAGE_BODY: &str = "<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>";

impl FaultRule {
    fn validate(&self) -> Result<(), ApiError> {
        if !self.path.starts_with('/') {
            return Err(ApiError::invalid("rules[].path must start with '/'"));
        }
        if let Some(m) = &self.method
            && Method::from_bytes(m.to_ascii_uppercase().as_bytes()).is_err()
        {
            return Err(ApiError::invalid(format!("rules[].method {m:?} is not an HTTP method")));
        }
        if self.kind == FaultKind::Status && !ALLOWED_STATUSES.contains(&self.status.unwrap_or(503)) {
            return Err(ApiError::invalid("rules[].status must be one of 429, 500, 502, 503, 504"));
        }
        if self.latency_ms > MAX_LATENCY_MS {
            return Err(ApiError::invalid("rules[].latencyMs must be at most 60000"));
        }
        match self.retry_after {
            Some(_) if self.kind != FaultKind::Status => {
                return Err(ApiError::invalid("rules[].retryAfter is only for a status rule"));
            }
            Some(s) if !(1..=60).contains(&s) => {
                return Err(ApiError::invalid("rules[].retryAfter must be 1 to 60 seconds"));
            }
            _ => {}
        }
        if self.times == Some(0) {
            return Err(ApiError::invalid(
                "rules[].times must be at least 1 (leave it out for until cleared)",
            ));
        }
        match (&self.kind, &self.pointer) {
            (FaultKind::Rewrite, None) => {
                return Err(ApiError::invalid("rules[].pointer is required for a rewrite rule"));
            }
            (FaultKind::Rewrite, Some(p)) if !p.is_empty() && !p.starts_with('/') => {
                return Err(ApiError::invalid(
                    "rules[].pointer must be a JSON pointer: empty or starting with '/'",
                ));
            }
            (FaultKind::Rewrite, _) => {}
            (_, Some(_)) => return Err(ApiError::invalid("rules[].pointer is only for a rewrite rule")),
            (_, None) if self.value.is_some() => {
                return Err(ApiError::invalid("rules[].value is only for a rewrite rule"));
            }
            _ => {}
        }
        Ok(())
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        path.starts_with(&self.path)
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
    }
}

#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The first rule matching this request, counting the hit.
    fn take(&self, method: &Method, path: &str) -> Option<FaultRule> {
        let mut rules = self.rules();
        let index = rules.iter().position(|r| r.matches(method, path))?;
        let rule = rules[index].clone();
        if let Some(times) = &mut rules[index].times {
            *times = times.saturating_sub(1);
            if *times == 0 {
                rules.remove(index);
            }
        }
        Some(rule)
    }
}

/// Middleware on the link API and the Open API.
pub async fn inject(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let Some(rule) = faults.take(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    if rule.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(rule.latency_ms)).await;
    }
    match rule.kind {
        FaultKind::Latency => next.run(request).await,
        FaultKind::Status => {
            let status = rule.status.unwrap_or(503);
            let code = ApiCode::from_http_status(status).unwrap_or(ApiCode::ServerError);
            let mut response = ApiError::new(code, "injected fault").into_response();
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            if let Some(seconds) = rule.retry_after {
                response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
            }
            response
        }
        FaultKind::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"code":"OK","message":"OK","requestId":"req-injected","data":{"items":[{"id":"#,
        )
            .into_response(),
        FaultKind::Garbage => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "text/html")], GARBAGE_BODY).into_response()
        }
        FaultKind::ExpireToken => ApiError::invalid_token().into_response(),
        FaultKind::Rewrite => {
            let answer = next.run(request).await;
            rewrite(answer, rule.pointer.as_deref().unwrap_or_default(), rule.value).await
        }
        FaultKind::Drop => {
            // A body that fails before its first byte makes the server close the connection unanswered.
            let failing = futures_util::stream::once(async {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("injected drop"))
            });
            Response::new(Body::from_stream(failing))
        }
    }
}

/// The answer with the value at `pointer` replaced by `value` (or deleted when `None`). An answer that
/// is not JSON, or has nothing at `pointer` (and no object there to add the key to), goes out unchanged.
async fn rewrite(answer: Response, pointer: &str, value: Option<Value>) -> Response {
    let (mut parts, body) = answer.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REWRITE_BYTES).await else {
        return ApiError::new(ApiCode::ServerError, "the answer was too large to rewrite").into_response();
    };
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if !apply_pointer(&mut json, pointer, value) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let rewritten = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(rewritten))
}

/// Sets (or, with `None`, removes) the value at the RFC 6901 `pointer`. A missing last key of an object
/// is added; `-` appends to an array. False when nothing was changed.
pub fn apply_pointer(json: &mut Value, pointer: &str, value: Option<Value>) -> bool {
    if pointer.is_empty() {
        return match value {
            Some(v) => {
                *json = v;
                true
            }
            None => false,
        };
    }
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    let Some(target) = json.pointer_mut(parent) else {
        return false;
    };
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key, v);
            true
        }
        (Value::Object(map), None) => map.remove(&key).is_some(),
        (Value::Array(items), Some(v)) if key == "-" => {
            items.push(v);
            true
        }
        (Value::Array(items), v) => match (key.parse::<usize>(), v) {
            (Ok(i), Some(v)) if i < items.len() => {
                items[i] = v;
                true
            }
            (Ok(i), None) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

pub async fn get_rules(State(faults): State<Arc<Faults>>) -> ApiResult<FaultRules> {
    ok(FaultRules { rules: faults.rules().clone() })
}

pub async fn put_rules(
    State(faults): State<Arc<Faults>>,
    JsonBody(body): JsonBody<FaultRules>,
) -> ApiResult<FaultRules> {
    if body.rules.len() > MAX_RULES {
        return Err(ApiError::invalid(format!("at most {MAX_RULES} rules at once")));
    }
    for rule in &body.rules {
        rule.validate()?;
    }
    *faults.rules() = body.rules.clone();
    ok(body)
}

pub async fn clear_rules(State(faults): State<Arc<Faults>>) -> ApiResult<FaultRules> {
    faults.rules().clear();
    ok(FaultRules::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(path: &str, times: Option<u32>) -> FaultRule {
        FaultRule {
            path: path.into(),
            method: Some("get".into()),
            kind: FaultKind::Status,
            latency_ms: 0,
            status: None,
            times,
            retry_after: None,
            pointer: None,
            value: None,
        }
    }

    #[test]
    fn a_counted_rule_runs_out() {
        let faults = Faults::default();
        *faults.rules() = vec![rule("/v1/providers", Some(2))];
        assert!(faults.take(&Method::GET, "/v1/providers/grab").is_some());
        assert!(faults.take(&Method::POST, "/v1/providers").is_none());
        assert!(faults.take(&Method::GET, "/v1/accounts").is_none());
        assert!(faults.take(&Method::GET, "/v1/providers").is_some());
        assert!(faults.take(&Method::GET, "/v1/providers").is_none());
    }

    #[test]
    fn bad_rules_are_refused_with_a_reason() {
        let mut r = rule("/v1/", None);
        r.status = Some(404);
        assert!(r.validate().unwrap_err().message.contains("status"));
        let r = rule("v1", None);
        assert!(r.validate().is_err());
        let mut r = rule("/v1/", None);
        r.kind = FaultKind::Rewrite;
        assert!(r.validate().unwrap_err().message.contains("pointer is required"));
        r.pointer = Some("data".into());
        assert!(r.validate().unwrap_err().message.contains("JSON pointer"));
        r.pointer = Some("/data".into());
        assert!(r.validate().is_ok());
        let mut r = rule("/v1/", None);
        r.pointer = Some("/data".into());
        assert!(r.validate().unwrap_err().message.contains("only for a rewrite"));
    }

    #[test]
    fn an_absent_value_deletes_and_an_explicit_null_replaces() {
        let delete: FaultRule = serde_json::from_str(r#"{"kind":"rewrite","pointer":"/data/name"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(delete.value, None);
        let null: FaultRule =
            serde_json::from_str(r#"{"kind":"rewrite","pointer":"/data/name","value":null}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(null.value, Some(Value::Null));
        let kind: FaultRule =
            serde_json::from_str(r#"{"kind":"expireToken"}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kind.kind, FaultKind::ExpireToken);
    }

    #[test]
    fn pointers_replace_add_delete_and_miss() {
        let mut v =
            serde_json::json!({"data": {"status": "PENDING", "items": [{"name": "a"}, {"name": "b"}]}});
        assert!(apply_pointer(&mut v, "/data/status", Some("NEW".into())));
        assert!(apply_pointer(&mut v, "/data/items/0/name", None));
        assert!(apply_pointer(&mut v, "/data/extra", Some(1.into())));
        assert!(apply_pointer(&mut v, "/data/items/1", None));
        assert!(!apply_pointer(&mut v, "/data/items/5/name", None));
        assert!(!apply_pointer(&mut v, "/nothing/here", Some(1.into())));
        assert!(!apply_pointer(&mut v, "/data/status/deeper", Some(1.into())));
        assert_eq!(v, serde_json::json!({"data": {"status": "NEW", "extra": 1, "items": [{}]}}));
        let mut slashes = serde_json::json!({"a/b": {"c~d": 1}});
        assert!(apply_pointer(&mut slashes, "/a~1b/c~0d", Some(2.into())));
        assert_eq!(slashes, serde_json::json!({"a/b": {"c~d": 2}}));
    }
}
