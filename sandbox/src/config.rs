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

    /// The defaults, with both ports left to the OS (for tests).
    pub fn for_tests() -> Config {
        Config::parse_from(["smile-sandbox", "--port", "0", "--demo-port", "0"])
    }
}
