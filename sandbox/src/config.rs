//! Command line of `smile-sandbox` (SPEC 3.1). clap answers unknown flags and bad values with exit code 2.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// A local link API server for the Smile Wink widget.
#[derive(Debug, Clone, Parser)]
#[command(name = "smile-sandbox", version, about)]
pub struct Config {
    /// Port of the link API, the Open API and the built widget (0 picks a free port).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,

    /// Port of the demo partner page, served on `localhost` (0 picks a free port).
    #[arg(long, default_value_t = 8788)]
    pub demo_port: u16,

    /// Folder of the built widget (`smile.v2.js`, `smile.v1.js`, the widget page and its assets).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,

    /// Lifetime of link tokens, in seconds.
    #[arg(long, default_value_t = 18_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub token_ttl: u64,

    /// Adds this many generated employers to the catalogue, for scale tests.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub extra_providers: u64,

    /// How long an account stays PENDING before the provider answers, in milliseconds.
    #[arg(long, default_value_t = 1200)]
    pub connect_delay_ms: u64,

    /// How long an MFA challenge waits for its code, in seconds, before MFA_TIMEOUT.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    pub mfa_timeout: u64,

    /// How long an upload stays STARTED before its analysis ends, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    pub analysis_delay_ms: u64,

    /// Megabytes of uploaded files one user's archives may hold at once (revoking frees them);
    /// past it an upload is refused with REQUEST_LIMIT_EXCEEDED.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub upload_quota_mb: u64,

    /// Requests one token may make per second before REQUEST_LIMIT_EXCEEDED (0: no limit).
    #[arg(long, default_value_t = 50)]
    pub rate_limit: u32,

    /// Open API key (HTTP Basic user name).
    #[arg(long, default_value = "sandbox_key")]
    pub api_key: String,

    /// Open API secret (HTTP Basic password).
    #[arg(long, default_value = "sandbox_secret")]
    pub api_secret: String,

    /// Another partner's Open API credentials, `KEY:SECRET` (repeatable). Each partner sees only
    /// its own users, accounts, data and webhooks.
    #[arg(long = "partner", value_name = "KEY:SECRET", value_parser = parse_partner)]
    pub partners: Vec<Partner>,

    /// Sends every webhook event of the `--api-key` partner here, as a JSON POST (an address on
    /// this machine: 127.0.0.1, localhost or [::1]).
    #[arg(long, value_parser = parse_webhook_url)]
    pub webhook_url: Option<String>,

    /// Signs the `--webhook-url` deliveries with this secret instead of the API secret.
    #[arg(long, requires = "webhook_url")]
    pub webhook_secret: Option<String>,

    /// A failed webhook delivery is tried again after this many milliseconds, doubling each time.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub webhook_retry_base_ms: u64,

    /// Attempts per webhook delivery, the first included, before it is given up as FAILED.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub webhook_attempts: u32,
}

/// A partner's Open API credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub key: String,
    pub secret: String,
}

fn parse_partner(s: &str) -> Result<Partner, String> {
    match s.split_once(':') {
        Some((key, secret)) if !key.is_empty() && !secret.is_empty() => {
            Ok(Partner { key: key.into(), secret: secret.into() })
        }
        _ => Err("expected KEY:SECRET, both non-empty".into()),
    }
}

/// A webhook address the sandbox may POST to: `http` or `https` on this machine only, since the
/// sandbox is a local tool and must never send data off it.
pub fn parse_webhook_url(s: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(s).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the URL must start with http:// or https://".into());
    }
    let host = url.host_str().unwrap_or("");
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(format!("the host must be 127.0.0.1, localhost or [::1] (this machine), not {host:?}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL must not carry a user name or password".into());
    }
    Ok(url.to_string())
}

impl Config {
    pub fn connect_delay(&self) -> Duration {
        Duration::from_millis(self.connect_delay_ms)
    }

    pub fn analysis_delay(&self) -> Duration {
        Duration::from_millis(self.analysis_delay_ms)
    }

    pub fn upload_quota_bytes(&self) -> u64 {
        self.upload_quota_mb * 1024 * 1024
    }

    pub fn mfa_timeout(&self) -> Duration {
        Duration::from_secs(self.mfa_timeout)
    }

    pub fn token_ttl(&self) -> Duration {
        Duration::from_secs(self.token_ttl)
    }

    pub fn webhook_retry_base(&self) -> Duration {
        Duration::from_millis(self.webhook_retry_base_ms)
    }

    /// Every partner: the `--api-key` one first, then each `--partner`.
    pub fn all_partners(&self) -> Vec<Partner> {
        let first = Partner { key: self.api_key.clone(), secret: self.api_secret.clone() };
        std::iter::once(first).chain(self.partners.iter().cloned()).collect()
    }

    /// The defaults, with both ports left to the OS (for tests).
    pub fn for_tests() -> Config {
        Config::parse_from(["smile-sandbox", "--port", "0", "--demo-port", "0"])
    }
}
