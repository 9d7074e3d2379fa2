//! Random ids in the documented shapes (`a-<32 hex>`, `u-<32 hex>`, ...) and wall-clock times.

use std::time::SystemTime;

use rand::Rng;

fn hex32() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn account_id() -> String {
    format!("a-{}", hex32())
}

pub fn archive_id() -> String {
    format!("u-{}", hex32())
}

pub fn raw_file_id() -> String {
    format!("f-{}", hex32())
}

pub fn survey_id() -> String {
    format!("s-{}", hex32())
}

pub fn user_id() -> String {
    format!("usr-{}", hex32())
}

pub fn event_id() -> String {
    format!("evt-{}", hex32())
}

pub fn webhook_id() -> String {
    format!("wh-{}", hex32())
}

pub fn request_id() -> String {
    format!("req-{}", hex32())
}

/// A sandbox link token: its prefix tells the shim the mode (SPEC 2.1).
pub fn sandbox_token() -> String {
    format!("{}{}{}", smile_link_api::TOKEN_PREFIX_SANDBOX, hex32(), hex32())
}

/// ISO-8601 UTC to the second, e.g. `2026-01-02T03:04:05Z`.
pub fn iso(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_documented_shapes() {
        let id = account_id();
        assert!(id.starts_with("a-") && id.len() == 34, "{id}");
        assert!(id[2..].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert!(archive_id().starts_with("u-"));
        assert!(raw_file_id().starts_with("f-"));
        assert!(survey_id().starts_with("s-"));
        assert_eq!(smile_link_api::token_mode(&sandbox_token()), smile_link_api::Mode::Sandbox);
    }

    #[test]
    fn times_are_iso_8601_utc_to_the_second() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_767_323_045);
        assert_eq!(iso(t), "2026-01-02T03:04:05Z");
    }
}
