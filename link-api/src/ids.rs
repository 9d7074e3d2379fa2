//! Token mode: a link token carries its mode in a documented prefix, so the shim can pick `apiHost`.

use serde::{Deserialize, Serialize};

/// Prefix of tokens minted in sandbox mode.
pub const TOKEN_PREFIX_SANDBOX: &str = "tk-sandbox-";
/// Prefix of tokens minted in production mode.
pub const TOKEN_PREFIX_PRODUCTION: &str = "tk-production-";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mode {
    Sandbox,
    Production,
}

wire_names!(Mode { Sandbox => "SANDBOX", Production => "PRODUCTION" });

/// The mode a token was minted in; a token whose mode cannot be read counts as production.
pub fn token_mode(token: &str) -> Mode {
    if token.starts_with(TOKEN_PREFIX_SANDBOX) { Mode::Sandbox } else { Mode::Production }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_token_defaults_to_production() {
        assert_eq!(token_mode("tk-sandbox-abc"), Mode::Sandbox);
        assert_eq!(token_mode("tk-production-abc"), Mode::Production);
        assert_eq!(token_mode("garbage"), Mode::Production);
    }
}
