//! The demo partner page on its own origin (`http://localhost:8788/`), as a partner would build
//! it: a page under a strict CSP that loads the shim, and a backend route that mints a link token
//! by calling the Open API over HTTP, as the documents' quickstart does.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use smile_link_api::{CreatedUser, Envelope, IssuedToken};

use crate::config::Config;
use crate::templates::DEMO_TEMPLATE_ID;

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
}

impl DemoConfig {
    pub fn new(config: &Config, widget_base: &str) -> DemoConfig {
        DemoConfig {
            widget_base: widget_base.into(),
            api_key: config.api_key.clone(),
            api_secret: config.api_secret.clone(),
            client: reqwest::Client::new(),
        }
    }
}

pub fn router(config: DemoConfig) -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/demo.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }),
        )
        .route("/demo.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLES) }))
        .route("/api/token", post(token))
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
