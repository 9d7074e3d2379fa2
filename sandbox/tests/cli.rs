//! The `smile-sandbox` command line: bad flags exit 2 with a clear message; a started server
//! answers on the port it prints and stops by process id.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_smile-sandbox");

#[test]
fn unknown_flags_and_bad_values_exit_2_naming_the_flag() {
    for (args, mention) in [
        (vec!["--bogus"], "--bogus"),
        (vec!["--port", "eighty"], "--port"),
        (vec!["--token-ttl", "0"], "--token-ttl"),
        (vec!["--extra-providers=many"], "--extra-providers"),
        (vec!["--webhook-url", "http://example.com/hook"], "--webhook-url"),
        (vec!["--webhook-secret", "s"], "--webhook-url"),
        (vec!["--partner", "no-colon"], "--partner"),
        (vec!["--webhook-attempts", "0"], "--webhook-attempts"),
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(mention), "{args:?}: {stderr}");
    }
}

/// Kills the child by process id however the test ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_server_prints_its_addresses_and_answers_there() {
    let child = Command::new(BIN)
        .args(["--port", "0", "--demo-port", "0", "--dist", "/nonexistent"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut api = None;
    for line in BufReader::new(stdout).lines().take(10) {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("link API:") {
            api = Some(url.trim().to_string());
            break;
        }
        assert!(Instant::now() < deadline);
    }
    let api = api.expect("the link API address is printed");
    assert!(api.starts_with("http://127.0.0.1:") && api.ends_with("/v1"), "{api}");
    let health = api.replace("/v1", "/_sandbox/health");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let body: serde_json::Value =
        rt.block_on(async { reqwest::get(&health).await.unwrap().json().await.unwrap() });
    assert_eq!(body["code"], "OK");
}
