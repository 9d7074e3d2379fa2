//! The demo partner page on its own origin (`http://localhost:8788/`), as a partner would build
//! it: a page under a strict CSP that loads the shim, and a backend that calls the Open API over
//! HTTP as the documents' guides do. It mints link tokens (`POST /api/token`), fetches a connected
//! account's data (`GET /api/data`), and receives its webhooks (`POST /api/webhooks`), checking
//! each one's signature and dropping repeated deliveries, for the page to list
//! (`GET /api/webhooks`).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use smile_link_api::{CreatedUser, Envelope, IssuedToken};

use crate::config::Config;
use crate::templates::DEMO_TEMPLATE_ID;
use crate::webhooks::{EVENT_ID_HEADER, SIGNATURE_HEADER};

const PAGE: &str = include_str!("../demo/index.html");
const SCRIPT: &str = include_str!("../demo/demo.js");
const STYLES: &str = include_str!("../demo/demo.css");

#[derive(Clone)]
pub struct DemoConfig {
    /// Where the widget and the API are served, e.g. `http://127.0.0.1:8787`.
    widget_base: String,
    api_key: String,
    api_secret: String,
    client: reqwest::Client,
    received: Arc<Mutex<Received>>,
}

/// The webhook events the demo backend accepted, newest last, and every event id it has seen.
#[derive(Default)]
struct Received {
    events: VecDeque<serde_json::Value>,
    seen: HashSet<String>,
}

/// Events the demo keeps; the oldest go first.
const RECEIVED_LIMIT: usize = 1_000;

impl DemoConfig {
    pub fn new(config: &Config, widget_base: &str) -> DemoConfig {
        DemoConfig {
            widget_base: widget_base.into(),
            api_key: config.api_key.clone(),
            api_secret: config.api_secret.clone(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            received: Arc::default(),
        }
    }

    /// Registers `url` (this backend's receiver) for every event, through `POST /open/v1/webhooks`.
    pub async fn subscribe(&self, url: &str) -> Result<(), String> {
        let response = self
            .client
            .post(format!("{}/open/v1/webhooks", self.widget_base))
            .basic_auth(&self.api_key, Some(&self.api_secret))
            .json(&serde_json::json!({ "url": url }))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("the Open API answered {}", response.status()))
        }
    }
}

// docs/webhooks.md shows this function as the Rust way to check a delivery; keep the two alike.
// [verify-start]
/// Whether `signature` (the `X-Smile-Signature` header) is the HMAC-SHA256 of the raw `body`
/// under `secret`. The comparison takes the same time however many bytes match.
pub fn verify_signature(secret: &str, body: &[u8], signature: &str) -> bool {
    let Some(given) = signature.strip_prefix("sha256=").and_then(|h| hex::decode(h).ok()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}
// [verify-end]

pub fn router(config: DemoConfig) -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/demo.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }),
        )
        .route("/demo.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLES) }))
        .route("/api/token", post(token))
        .route("/api/data", get(account_data))
        .route("/api/webhooks", get(list_received).post(receive))
        .with_state(config)
}

async fn page(State(config): State<DemoConfig>) -> Response {
    let w = &config.widget_base;
    let csp = format!(
        "default-src 'self'; script-src 'self' {w}; frame-src {w}; connect-src 'self'; style-src 'self'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
    );
    let html = PAGE.replace("{{WIDGET_BASE}}", w).replace("{{TEMPLATE_ID}}", DEMO_TEMPLATE_ID);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        html,
    )
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenQuery {
    user_id: Option<String>,
}

/// What the demo page's script receives: never the API secret.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemoToken {
    token: String,
    user_id: String,
    api_host: String,
}

/// Mints a token for a new user, or a fresh one for `userId` (after `onTokenExpired`).
async fn token(State(config): State<DemoConfig>, Query(q): Query<TokenQuery>) -> Response {
    let base = &config.widget_base;
    let request = match &q.user_id {
        None => config.client.post(format!("{base}/open/v1/users")).json(&serde_json::json!({})),
        Some(user_id) => config.client.post(format!("{base}/open/v1/tokens")).query(&[("userId", user_id)]),
    }
    .basic_auth(&config.api_key, Some(&config.api_secret));
    let minted = async {
        let response = request.send().await.map_err(|e| e.to_string())?;
        if q.user_id.is_some() {
            let env: Envelope<IssuedToken> = response.json().await.map_err(|e| e.to_string())?;
            env.data.map(|d| (d.token, d.user_id)).ok_or(env.message)
        } else {
            let env: Envelope<CreatedUser> = response.json().await.map_err(|e| e.to_string())?;
            env.data.map(|d| (d.token, d.user.id)).ok_or(env.message)
        }
    };
    match minted.await {
        Ok((token, user_id)) => {
            axum::Json(DemoToken { token, user_id, api_host: format!("{base}/v1") }).into_response()
        }
        Err(message) => {
            (StatusCode::BAD_GATEWAY, axum::Json(serde_json::json!({ "error": message }))).into_response()
        }
    }
}

/// `POST /api/webhooks`: a delivery from the sandbox. A bad signature is refused with 401; an
/// event already received is answered 200 and not kept again.
async fn receive(State(config): State<DemoConfig>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !verify_signature(&config.api_secret, &body, header(SIGNATURE_HEADER)) {
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    let id = header(EVENT_ID_HEADER).to_string();
    let mut received = config.received.lock().unwrap_or_else(|p| p.into_inner());
    if !received.seen.insert(id) {
        return (StatusCode::OK, "duplicate: already received").into_response();
    }
    if received.events.len() == RECEIVED_LIMIT {
        received.events.pop_front();
    }
    received.events.push_back(event);
    (StatusCode::OK, "received").into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReceivedQuery {
    user_id: Option<String>,
}

/// `GET /api/webhooks?userId=`: the events received about that user, oldest first.
async fn list_received(State(config): State<DemoConfig>, Query(q): Query<ReceivedQuery>) -> Response {
    let received = config.received.lock().unwrap_or_else(|p| p.into_inner());
    let events: Vec<&serde_json::Value> = received
        .events
        .iter()
        .filter(|e| q.user_id.as_deref().is_none_or(|u| e["data"]["userId"] == u))
        .collect();
    axum::Json(serde_json::json!({ "events": events })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataQuery {
    account_id: String,
    user_id: String,
}

/// `GET /api/data?accountId=&userId=`: everything the Open API gives for the account, as the
/// guides' steps fetch it: identities, employments, eincomes, contributions and transactions.
async fn account_data(State(config): State<DemoConfig>, Query(q): Query<DataQuery>) -> Response {
    let base = &config.widget_base;
    let mut out = serde_json::Map::new();
    for endpoint in ["identities", "employments", "eincomes", "contributions", "transactions"] {
        let fetched = async {
            let response = config
                .client
                .get(format!("{base}/open/v1/{endpoint}"))
                .query(&[("sourceId", q.account_id.as_str()), ("userId", q.user_id.as_str()), ("size", "50")])
                .basic_auth(&config.api_key, Some(&config.api_secret))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let env: Envelope<serde_json::Value> = response.json().await.map_err(|e| e.to_string())?;
            env.data.map(|d| d["items"].clone()).ok_or(env.message)
        };
        match fetched.await {
            Ok(items) => {
                out.insert(endpoint.to_string(), items);
            }
            Err(message) => {
                let error = serde_json::json!({ "error": format!("{endpoint}: {message}") });
                return (StatusCode::BAD_GATEWAY, axum::Json(error)).into_response();
            }
        }
    }
    axum::Json(serde_json::Value::Object(out)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_body_and_secret() {
        let body = br#"{"id":"evt-1","eventType":"ACCOUNT_CONNECTED"}"#;
        let signature = crate::webhooks::sign(b"sandbox_secret", body);
        assert!(verify_signature("sandbox_secret", body, &signature));
        assert!(!verify_signature("another_secret", body, &signature));
        assert!(!verify_signature("sandbox_secret", b"{}", &signature));
        assert!(!verify_signature("sandbox_secret", body, signature.trim_start_matches("sha256=")));
        assert!(!verify_signature("sandbox_secret", body, "sha256=zz"));
    }
}
