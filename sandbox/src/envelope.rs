//! The response envelope and the API error type: every answer, success or failure, is
//! `{"code", "message", "requestId", "data"}`, and no fault ever reaches the client as plain text.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use smile_link_api::{ApiCode, Envelope};

use crate::ids;

/// A failed request: the envelope code (which fixes the HTTP status) and a message for the developer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: ApiCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ApiCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ApiCode::InvalidParameters, message)
    }

    pub fn missing(what: &str, id: &str) -> ApiError {
        ApiError::new(ApiCode::MissingResource, format!("no {what} with id {id:?}"))
    }

    pub fn invalid_token() -> ApiError {
        ApiError::new(ApiCode::InvalidToken, "the link token is missing, unknown or expired")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        respond::<()>(self.code, self.message, None)
    }
}

/// A successful answer carrying `data`.
pub struct Reply<T>(pub ApiCode, pub T);

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let message = if self.0 == ApiCode::Created { "Created" } else { "OK" };
        respond(self.0, message.to_string(), Some(self.1))
    }
}

pub type ApiResult<T> = Result<Reply<T>, ApiError>;

pub fn ok<T>(data: T) -> ApiResult<T> {
    Ok(Reply(ApiCode::Ok, data))
}

pub fn created<T>(data: T) -> ApiResult<T> {
    Ok(Reply(ApiCode::Created, data))
}

fn respond<T: Serialize>(code: ApiCode, message: String, data: Option<T>) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let envelope = Envelope { code, message, request_id: ids::request_id(), data };
    (status, axum::Json(envelope)).into_response()
}

/// A JSON body whose every rejection (bad content type, malformed JSON, wrong types, unknown
/// fields, too large) becomes an `INVALID_PARAMETERS` envelope naming the problem.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::new(ApiCode::UnsupportedType, "the body must be JSON (Content-Type: application/json)")
        }
        JsonRejection::JsonDataError(e) => ApiError::invalid(format!("invalid body: {}", e.body_text())),
        JsonRejection::JsonSyntaxError(e) => ApiError::invalid(format!("malformed JSON: {}", e.body_text())),
        other => ApiError::invalid(format!("unreadable body: {}", other.body_text())),
    }
}

/// Query parameters; a rejection becomes an `INVALID_PARAMETERS` envelope.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(QueryParams(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(ApiError::invalid(format!("invalid query: {}", e.body_text())))
            }
            Err(other) => Err(ApiError::invalid(other.body_text())),
        }
    }
}

/// Answers for paths and methods the API does not have.
pub async fn not_found() -> ApiError {
    ApiError::new(ApiCode::MissingResource, "no such endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::invalid("this endpoint does not take that method")
}
