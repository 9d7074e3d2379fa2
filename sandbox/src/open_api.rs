//! The Open API calls a partner's backend makes to mint link tokens, guarded by HTTP Basic.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use smile_link_api::{ApiCode, CreateUserRequest, CreatedUser, IssuedToken, User};

use crate::envelope::{ApiError, ApiResult, QueryParams, created};
use crate::ids;
use crate::state::AppState;
use crate::store::{TokenRecord, UserRecord};

/// A request carrying the partner's API key and secret.
pub struct Partner;

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
        let expected = format!("{}:{}", state.config.api_key, state.config.api_secret);
        match given {
            Some(g) if g == expected => Ok(Partner),
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
    _partner: Partner,
    body: Bytes,
) -> ApiResult<CreatedUser> {
    let request: CreateUserRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CreateUserRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("invalid body: {e}")))?
    };
    let now = SystemTime::now();
    let user = UserRecord { id: ids::user_id(), name: request.name, created_at: now };
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
    _partner: Partner,
    QueryParams(q): QueryParams<TokenQuery>,
) -> ApiResult<IssuedToken> {
    let user_id =
        q.user_id.filter(|u| !u.is_empty()).ok_or_else(|| ApiError::invalid("userId is required"))?;
    if !state.store.lock().users.contains_key(&user_id) {
        return Err(ApiError::missing("user", &user_id));
    }
    let (token, expires_at) = mint(&state, &user_id, SystemTime::now());
    created(IssuedToken { user_id, token, expires_at: ids::iso(expires_at) })
}
