//! The Open API a partner's backend calls, guarded by HTTP Basic with the partner's API key and
//! secret: link tokens (`/users`, `/tokens`), the connected accounts' data (`/identities`,
//! `/employments`, `/eincomes` or `/incomes`, `/contributions`, `/transactions`) and webhook
//! registrations (`/webhooks`). A partner reaches only the users it created.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use smile_link_api::{ApiCode, CreateUserRequest, CreatedUser, IssuedToken, Page, User};

use crate::api::{page, window};
use crate::envelope::{ApiError, ApiResult, JsonBody, QueryParams, created, ok};
use crate::records::{DataKind, Record, Source};
use crate::state::AppState;
use crate::store::{Data, TokenRecord, UserRecord};
use crate::webhooks::{Delivery, Event, Refusal, Webhook};
use crate::{events, ids, records};

/// A request carrying a partner's API key and secret.
pub struct Partner {
    pub key: String,
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Partner, ApiError> {
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| STANDARD.decode(b.trim()).ok())
            .and_then(|b| String::from_utf8(b).ok());
        let known = |g: &str| {
            state.config.all_partners().into_iter().find(|p| g == format!("{}:{}", p.key, p.secret))
        };
        match given {
            Some(g) if let Some(p) = known(&g) => Ok(Partner { key: p.key }),
            Some(_) => Err(ApiError::new(ApiCode::UnauthorizedAccess, "the API key or secret is wrong")),
            None => Err(ApiError::new(
                ApiCode::UnauthorizedAccess,
                "HTTP Basic authentication with the API key and secret is required",
            )),
        }
    }
}

fn mint(state: &AppState, user_id: &str, now: SystemTime) -> (String, SystemTime) {
    let token = ids::sandbox_token();
    let expires_at = now + state.config.token_ttl();
    state.store.lock().tokens.insert(token.clone(), TokenRecord { user_id: user_id.into(), expires_at });
    (token, expires_at)
}

/// `POST /open/v1/users`: a new user and its first link token. The body is optional.
pub async fn create_user(
    State(state): State<AppState>,
    partner: Partner,
    body: Bytes,
) -> ApiResult<CreatedUser> {
    let request: CreateUserRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CreateUserRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("invalid body: {e}")))?
    };
    let now = SystemTime::now();
    let user = UserRecord { id: ids::user_id(), partner: partner.key, name: request.name, created_at: now };
    state.store.lock().users.insert(user.id.clone(), user.clone());
    let (token, expires_at) = mint(&state, &user.id, now);
    created(CreatedUser {
        user: User { id: user.id, created_at: ids::iso(user.created_at), name: user.name },
        token,
        expires_at: ids::iso(expires_at),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenQuery {
    user_id: Option<String>,
}

/// `POST /open/v1/tokens?userId=`: a fresh link token for an existing user.
pub async fn create_token(
    State(state): State<AppState>,
    partner: Partner,
    QueryParams(q): QueryParams<TokenQuery>,
) -> ApiResult<IssuedToken> {
    let user_id =
        q.user_id.filter(|u| !u.is_empty()).ok_or_else(|| ApiError::invalid("userId is required"))?;
    if !owns_user(&state.store.lock(), &partner, &user_id) {
        return Err(ApiError::missing("user", &user_id));
    }
    let (token, expires_at) = mint(&state, &user_id, SystemTime::now());
    created(IssuedToken { user_id, token, expires_at: ids::iso(expires_at) })
}

/// Whether `user_id` is one of `partner`'s users; another partner's is as unknown as a made-up id.
fn owns_user(data: &Data, partner: &Partner, user_id: &str) -> bool {
    data.users.get(user_id).is_some_and(|u| u.partner == partner.key)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataQuery {
    source_id: Option<String>,
    user_id: Option<String>,
    size: Option<String>,
    cursor: Option<String>,
}

/// One data endpoint: the records of `kind` from one account (`sourceId`) or from every account of
/// a user (`userId`), each account's while it is `CONNECTED`, paged like every list.
async fn data(state: AppState, partner: Partner, q: DataQuery, kind: DataKind) -> ApiResult<Page<Record>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let non_empty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let (source_id, user_id) = (non_empty(q.source_id), non_empty(q.user_id));
    let now = SystemTime::now();
    let mut data = state.store.lock();
    let account_ids = match (&source_id, &user_id) {
        (Some(account_id), _) => {
            let owner = data.accounts.get(account_id).map(|a| a.user_id.clone());
            let reachable = owner.as_deref().is_some_and(|owner| {
                owns_user(&data, &partner, owner) && user_id.as_deref().is_none_or(|u| u == owner)
            });
            if !reachable {
                return Err(ApiError::missing("account", account_id));
            }
            vec![account_id.clone()]
        }
        (None, Some(user_id)) => {
            if !owns_user(&data, &partner, user_id) {
                return Err(ApiError::missing("user", user_id));
            }
            data.accounts_by_user.get(user_id).cloned().unwrap_or_default()
        }
        (None, None) => {
            return Err(ApiError::invalid("sourceId (an account id) or userId is required"));
        }
    };
    let mut found = Vec::new();
    for id in account_ids {
        events::settle(&state, &mut data, &id, now);
        let Some(account) = data.accounts.get(&id) else { continue };
        let (Some(synced), Some(person)) = (account.connected_at(), account.person()) else { continue };
        let Some(provider) = state.catalogue.get(&account.provider_id) else { continue };
        let synced_at = ids::iso(synced);
        let source =
            Source { account_id: &id, user_id: &account.user_id, provider, person, synced_at: &synced_at };
        found.extend(records::records(&source, kind));
    }
    ok(page(&found, window))
}

macro_rules! data_endpoint {
    ($name:ident, $kind:expr, $doc:literal) => {
        #[doc = $doc]
        pub async fn $name(
            State(state): State<AppState>,
            partner: Partner,
            QueryParams(q): QueryParams<DataQuery>,
        ) -> ApiResult<Page<Record>> {
            data(state, partner, q, $kind).await
        }
    };
}

data_endpoint!(identities, DataKind::Identities, "`GET /open/v1/identities?sourceId=&userId=`");
data_endpoint!(employments, DataKind::Employments, "`GET /open/v1/employments?sourceId=&userId=`");
data_endpoint!(eincomes, DataKind::Eincomes, "`GET /open/v1/eincomes?sourceId=&userId=` (also `/incomes`)");
data_endpoint!(contributions, DataKind::Contributions, "`GET /open/v1/contributions?sourceId=&userId=`");
data_endpoint!(transactions, DataKind::Transactions, "`GET /open/v1/transactions?sourceId=&userId=`");

/// `POST /open/v1/webhooks` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWebhookRequest {
    url: String,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    events: Option<Vec<String>>,
}

/// `POST /open/v1/webhooks`: `{url, secret?, events?}` → 201 the webhook.
pub async fn create_webhook(
    State(state): State<AppState>,
    partner: Partner,
    JsonBody(request): JsonBody<CreateWebhookRequest>,
) -> ApiResult<Webhook> {
    let secret = state.partner_secret(&partner.key).unwrap_or_default();
    let registered = state.webhooks.register(
        &partner.key,
        &secret,
        &request.url,
        request.secret.as_deref(),
        request.events.as_deref(),
    );
    match registered {
        Ok(webhook) => created(webhook),
        Err(Refusal::Invalid(message)) => Err(ApiError::invalid(message)),
        Err(Refusal::TooMany) => Err(ApiError::new(
            ApiCode::RequestLimitExceeded,
            format!(
                "this partner already has {} webhooks; remove one first",
                crate::webhooks::MAX_WEBHOOKS_PER_PARTNER
            ),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    size: Option<String>,
    cursor: Option<String>,
}

/// `GET /open/v1/webhooks`: this partner's webhooks, oldest first.
pub async fn list_webhooks(
    State(state): State<AppState>,
    partner: Partner,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<Webhook>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    ok(page(&state.webhooks.list(&partner.key), window))
}

/// `DELETE /open/v1/webhooks/{id}`: no more deliveries to it.
pub async fn delete_webhook(
    State(state): State<AppState>,
    partner: Partner,
    Path(id): Path<String>,
) -> ApiResult<Webhook> {
    state.webhooks.remove(&partner.key, &id).map_or_else(|| Err(ApiError::missing("webhook", &id)), ok)
}

/// `GET /open/v1/webhooks/{id}/deliveries`: every delivery to it and its attempts, oldest first.
pub async fn list_deliveries(
    State(state): State<AppState>,
    partner: Partner,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<PageQuery>,
) -> ApiResult<Page<Delivery>> {
    let window = window(q.size.as_deref(), q.cursor.as_deref())?;
    let deliveries =
        state.webhooks.deliveries(&partner.key, &id).ok_or_else(|| ApiError::missing("webhook", &id))?;
    ok(page(&deliveries, window))
}

/// `POST /open/v1/webhooks/{id}/test`: sends the webhook a `WEBHOOK_TEST` event, to try a receiver.
pub async fn test_webhook(
    State(state): State<AppState>,
    partner: Partner,
    Path(id): Path<String>,
) -> ApiResult<Event> {
    let webhook = state
        .webhooks
        .list(&partner.key)
        .into_iter()
        .find(|w| w.id == id)
        .ok_or_else(|| ApiError::missing("webhook", &id))?;
    let event = Event::new("WEBHOOK_TEST", SystemTime::now(), serde_json::json!({"webhookId": webhook.id}));
    state.webhooks.emit_to(&partner.key, &webhook.id, event.clone());
    created(event)
}
