//! Fault injection that tests switch on over HTTP, so the widget's resilience is proven:
//! `PUT /_sandbox/faults` with `{"rules": [...]}`, `GET` to read them, `DELETE` to clear.
//!
//! A rule matches requests whose path starts with `path` (and whose method is `method`, if
//! given), `times` times or until cleared, and does one of: `latency` (waits `latencyMs`, then
//! answers normally), `status` (answers the error envelope of `status`: 429, 500, 502, 503 or
//! 504), `drop` (closes the connection without an answer), `malformed` (200 with a cut-off body).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use smile_link_api::ApiCode;

use crate::envelope::{ApiError, ApiResult, JsonBody, ok};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Latency,
    Status,
    Drop,
    Malformed,
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
            response
        }
        FaultKind::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"code":"OK","message":"OK","requestId":"req-injected","data":{"items":[{"id":"#,
        )
            .into_response(),
        FaultKind::Drop => {
            // A body that fails before its first byte makes the server close the connection unanswered.
            let failing = futures_util::stream::once(async {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("injected drop"))
            });
            Response::new(Body::from_stream(failing))
        }
    }
}

pub async fn get_rules(State(faults): State<Arc<Faults>>) -> ApiResult<FaultRules> {
    ok(FaultRules { rules: faults.rules().clone() })
}

pub async fn put_rules(
    State(faults): State<Arc<Faults>>,
    JsonBody(body): JsonBody<FaultRules>,
) -> ApiResult<FaultRules> {
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
    }
}
