//! Response codes of the envelope and the account error codes.

use serde::{Deserialize, Serialize};

/// The envelope's `code`: success codes and API error codes with their HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiCode {
    Ok,
    Created,
    InvalidParameters,
    InvalidToken,
    UnauthorizedAccess,
    MissingResource,
    UnsupportedType,
    RequestLimitExceeded,
    ServerError,
    ServerUnavailable,
}

wire_names!(ApiCode {
    Ok => "OK",
    Created => "CREATED",
    InvalidParameters => "INVALID_PARAMETERS",
    InvalidToken => "INVALID_TOKEN",
    UnauthorizedAccess => "UNAUTHORIZED_ACCESS",
    MissingResource => "MISSING_RESOURCE",
    UnsupportedType => "UNSUPPORTED_TYPE",
    RequestLimitExceeded => "REQUEST_LIMIT_EXCEEDED",
    ServerError => "SERVER_ERROR",
    ServerUnavailable => "SERVER_UNAVAILABLE",
});

impl ApiCode {
    /// The HTTP status that goes with this code.
    pub fn http_status(self) -> u16 {
        match self {
            ApiCode::Ok => 200,
            ApiCode::Created => 201,
            ApiCode::InvalidParameters => 400,
            ApiCode::InvalidToken => 401,
            ApiCode::UnauthorizedAccess => 403,
            ApiCode::MissingResource => 404,
            ApiCode::UnsupportedType => 415,
            ApiCode::RequestLimitExceeded => 429,
            ApiCode::ServerError => 500,
            ApiCode::ServerUnavailable => 503,
        }
    }

    /// The code a bare HTTP status stands for (a proxy's error page, say).
    pub fn from_http_status(status: u16) -> Option<ApiCode> {
        Some(match status {
            200 => ApiCode::Ok,
            201 => ApiCode::Created,
            400 | 405 | 411 | 413 | 422 => ApiCode::InvalidParameters,
            401 => ApiCode::InvalidToken,
            403 => ApiCode::UnauthorizedAccess,
            404 => ApiCode::MissingResource,
            415 => ApiCode::UnsupportedType,
            429 => ApiCode::RequestLimitExceeded,
            500 => ApiCode::ServerError,
            502..=504 => ApiCode::ServerUnavailable,
            _ => return None,
        })
    }

    pub fn is_success(self) -> bool {
        matches!(self, ApiCode::Ok | ApiCode::Created)
    }

    /// Worth trying the same request again later: the fault is the server's or the load's, not the request's.
    pub fn is_retryable(self) -> bool {
        matches!(self, ApiCode::RequestLimitExceeded | ApiCode::ServerError | ApiCode::ServerUnavailable)
    }
}

/// Why an account ended in `ERROR` (the 16 documented codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountErrorCode {
    AccountDisabled,
    AccountInaccessible,
    AccountIncomplete,
    AccountLocked,
    AuthRequired,
    ExpiredCredentials,
    InvalidAccountType,
    InvalidAuth,
    InvalidCredentials,
    InvalidMfa,
    MfaTimeout,
    ServiceUnavailable,
    SystemError,
    TosRequired,
    UnsupportedAuthType,
    UnsupportedMfaMethod,
}

impl AccountErrorCode {
    pub const ALL: [AccountErrorCode; 16] = [
        AccountErrorCode::AccountDisabled,
        AccountErrorCode::AccountInaccessible,
        AccountErrorCode::AccountIncomplete,
        AccountErrorCode::AccountLocked,
        AccountErrorCode::AuthRequired,
        AccountErrorCode::ExpiredCredentials,
        AccountErrorCode::InvalidAccountType,
        AccountErrorCode::InvalidAuth,
        AccountErrorCode::InvalidCredentials,
        AccountErrorCode::InvalidMfa,
        AccountErrorCode::MfaTimeout,
        AccountErrorCode::ServiceUnavailable,
        AccountErrorCode::SystemError,
        AccountErrorCode::TosRequired,
        AccountErrorCode::UnsupportedAuthType,
        AccountErrorCode::UnsupportedMfaMethod,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountErrorCode::AccountDisabled => "ACCOUNT_DISABLED",
            AccountErrorCode::AccountInaccessible => "ACCOUNT_INACCESSIBLE",
            AccountErrorCode::AccountIncomplete => "ACCOUNT_INCOMPLETE",
            AccountErrorCode::AccountLocked => "ACCOUNT_LOCKED",
            AccountErrorCode::AuthRequired => "AUTH_REQUIRED",
            AccountErrorCode::ExpiredCredentials => "EXPIRED_CREDENTIALS",
            AccountErrorCode::InvalidAccountType => "INVALID_ACCOUNT_TYPE",
            AccountErrorCode::InvalidAuth => "INVALID_AUTH",
            AccountErrorCode::InvalidCredentials => "INVALID_CREDENTIALS",
            AccountErrorCode::InvalidMfa => "INVALID_MFA",
            AccountErrorCode::MfaTimeout => "MFA_TIMEOUT",
            AccountErrorCode::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            AccountErrorCode::SystemError => "SYSTEM_ERROR",
            AccountErrorCode::TosRequired => "TOS_REQUIRED",
            AccountErrorCode::UnsupportedAuthType => "UNSUPPORTED_AUTH_TYPE",
            AccountErrorCode::UnsupportedMfaMethod => "UNSUPPORTED_MFA_METHOD",
        }
    }

    pub fn parse(s: &str) -> Option<AccountErrorCode> {
        AccountErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_account_error_code_round_trips_through_its_wire_name() {
        for code in AccountErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(AccountErrorCode::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn api_codes_map_to_the_documented_http_statuses() {
        assert_eq!(ApiCode::InvalidParameters.http_status(), 400);
        assert_eq!(ApiCode::InvalidToken.http_status(), 401);
        assert_eq!(ApiCode::UnsupportedType.http_status(), 415);
        assert_eq!(ApiCode::ServerUnavailable.http_status(), 503);
        assert_eq!(
            serde_json::to_string(&ApiCode::RequestLimitExceeded).unwrap(),
            "\"REQUEST_LIMIT_EXCEEDED\""
        );
        assert!(ApiCode::ServerUnavailable.is_retryable());
        for code in [ApiCode::Ok, ApiCode::InvalidToken, ApiCode::RequestLimitExceeded] {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
        }
        assert!(!ApiCode::InvalidToken.is_retryable());
    }
}
