//! Wiring: the API router (link API, Open API, control, logos, the built widget: `assets`),
//! and start-up on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use smile_link_api::ApiCode;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

use crate::catalogue::logo_svg;
use crate::config::Config;
use crate::envelope::{self, ApiError, ApiResult, ok};
use crate::faults;
use crate::state::AppState;
use crate::webhooks::{Webhook, Webhooks};
use crate::{api, assets, demo, open_api};

/// Room for ten 15 MB files and the form around them.
const UPLOAD_BODY_LIMIT: usize = 10 * smile_link_api::MAX_UPLOAD_BYTES + 1024 * 1024;
/// JSON bodies are small; anything larger is refused.
const JSON_BODY_LIMIT: usize = 64 * 1024;

fn link_api() -> Router<AppState> {
    Router::new()
        .route("/session", get(api::session))
        .route("/providers", get(api::providers))
        .route("/providers/{id}", get(api::provider))
        // Every provider at once: worth compressing (about a twelfth of its JSON for the catalogue's
        // names), where the other answers are a page or one record.
        .route("/providerIndex", get(api::provider_index).layer(CompressionLayer::new()))
        .route("/fileTypes", get(api::file_types))
        .route("/accounts", get(api::list_accounts).post(api::create_account))
        .route("/accounts/{id}", get(api::get_account).delete(api::revoke_account))
        .route("/accounts/{id}/mfa", post(api::submit_mfa))
        .route("/accounts/{id}/mfa/resend", post(api::resend_mfa))
        .route(
            "/archives",
            get(api::list_archives).post(api::create_archive).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/archives/{id}", axum::routing::delete(api::revoke_archive))
        .route("/archives/{id}/files/{file_id}", get(api::archive_file))
        .route("/surveys", get(api::list_surveys).post(api::create_survey))
}

fn open_api() -> Router<AppState> {
    Router::new()
        .route("/users", post(open_api::create_user))
        .route("/tokens", post(open_api::create_token))
        .route("/identities", get(open_api::identities))
        .route("/employments", get(open_api::employments))
        .route("/eincomes", get(open_api::eincomes))
        .route("/incomes", get(open_api::eincomes))
        .route("/contributions", get(open_api::contributions))
        .route("/transactions", get(open_api::transactions))
        .route("/webhooks", get(open_api::list_webhooks).post(open_api::create_webhook))
        .route("/webhooks/{id}", axum::routing::delete(open_api::delete_webhook))
        .route("/webhooks/{id}/deliveries", get(open_api::list_deliveries))
        .route("/webhooks/{id}/test", post(open_api::test_webhook))
}

async fn health() -> ApiResult<&'static str> {
    ok("ok")
}

async fn logo(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".svg") else {
        return ApiError::missing("logo", &file).into_response();
    };
    let name = match state.catalogue.get(id) {
        Some(p) => p.name.clone(),
        None => match id.strip_prefix("filetype_") {
            Some(kind) if state.file_types.iter().any(|t| t.kind.eq_ignore_ascii_case(kind)) => {
                kind.replace('_', " ")
            }
            _ => return ApiError::missing("logo", id).into_response(),
        },
    };
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        logo_svg(id, &name),
    )
        .into_response()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::new(ApiCode::ServerError, "the sandbox hit an internal error").into_response()
}

/// Everything on the API port.
pub fn api_router(state: AppState) -> Router {
    let apis = Router::new()
        .nest("/v1", link_api())
        .nest("/open/v1", open_api())
        .route_layer(axum::middleware::from_fn_with_state(state.faults.clone(), faults::inject))
        .route(
            "/_sandbox/faults",
            get(faults::get_rules)
                .put(faults::put_rules)
                .delete(faults::clear_rules)
                .with_state(state.faults.clone()),
        )
        .route("/_sandbox/health", get(health))
        .route("/logos/{file}", get(logo))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .method_not_allowed_fallback(envelope::method_not_allowed)
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state.clone());
    let widget = assets::router(&state.config.dist);
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        // A widget on another origin may read the name a raw file was uploaded as, and how long a 429
        // or 503 asks it to wait.
        .expose_headers([header::CONTENT_DISPOSITION, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600));
    Router::new()
        .merge(apis)
        .route("/v1/{*rest}", axum::routing::any(envelope::not_found))
        .route("/open/v1/{*rest}", axum::routing::any(envelope::not_found))
        .fallback_service(widget)
        .layer(cors)
}

/// A running sandbox: both servers, until [`Sandbox::stop`].
pub struct Sandbox {
    pub api_addr: SocketAddr,
    pub demo_addr: SocketAddr,
    /// The `--webhook-url` registration, when there is one.
    pub webhook: Option<Webhook>,
    stop: watch::Sender<bool>,
    webhooks: Arc<Webhooks>,
    tasks: Vec<JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Stops accepting, lets requests in flight finish, and waits for both servers. Webhook
    /// deliveries stop where they are.
    pub async fn stop(self) {
        self.webhooks.shutdown();
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// Binds both ports on 127.0.0.1 and starts serving.
pub async fn start(config: Config) -> std::io::Result<Sandbox> {
    let api_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let demo_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.demo_port)).await?;
    let api_addr = api_listener.local_addr()?;
    let demo_addr = demo_listener.local_addr()?;
    let base = format!("http://127.0.0.1:{}", api_addr.port());
    let demo_config = demo::DemoConfig::new(&config, &base);
    let state = AppState::new(config, &base);
    let webhook = match &state.config.webhook_url {
        None => None,
        Some(url) => {
            let registered = state.webhooks.register(
                &state.config.api_key,
                &state.config.api_secret,
                url,
                state.config.webhook_secret.as_deref(),
                None,
            );
            Some(registered.map_err(|e| std::io::Error::other(format!("--webhook-url: {e:?}")))?)
        }
    };
    let webhooks = state.webhooks.clone();
    let (stop, stopped) = watch::channel(false);
    let until_stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    // Both with a header read timeout, so clients that connect and stall do not pile up (listen.rs).
    let timeout = crate::listen::HEADER_READ_TIMEOUT;
    let api = crate::listen::serve(api_listener, api_router(state), timeout, until_stopped(stopped.clone()));
    let demo = crate::listen::serve(
        demo_listener,
        demo::router(demo_config.clone()),
        timeout,
        until_stopped(stopped),
    );
    let tasks = vec![tokio::spawn(api), tokio::spawn(demo)];
    // The demo partner's backend subscribes to its webhooks through the Open API, as a partner's would.
    let receiver = format!("http://127.0.0.1:{}/api/webhooks", demo_addr.port());
    if let Err(e) = demo_config.subscribe(&receiver).await {
        eprintln!("warning: the demo page could not register its webhook: {e}");
    }
    Ok(Sandbox { api_addr, demo_addr, webhook, stop, webhooks, tasks })
}
