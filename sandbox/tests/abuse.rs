//! The sandbox under abuse: huge and deeply nested bodies, very long URLs, many users and tokens, clients that
//! connect and stall. Every answer is a clear error envelope, nothing panics, memory stays bounded, and a user
//! minding their own business is not disturbed.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{GEORGE, Harness, User, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Held by the tests that measure memory, so they do not count each other's.
static MEASURING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// This process's resident memory in KiB (the sandbox runs inside the test process).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A bystander: a user with a connected Grab account, to check afterwards that nothing of theirs changed.
async fn bystander(h: &Harness) -> (User, Value) {
    let user = h.new_user().await;
    let account = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let settled = h.settle(&user, account["id"].as_str().unwrap()).await;
    assert_eq!(settled["connectionStatus"], "CONNECTED");
    (user, settled)
}

async fn assert_untouched(h: &Harness, user: &User, before: &Value) {
    let (status, list) = h.get(user, "/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(list["data"]["items"], json!([before]), "the bystander's accounts are as they were");
}

async fn raw_post(
    h: &Harness,
    user: &User,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let response = h
        .client
        .post(format!("{}{path}", h.base))
        .bearer_auth(&user.token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    common::read(response).await
}

#[tokio::test]
async fn huge_bodies_get_a_clear_error_without_being_held_in_memory() {
    let _measuring = MEASURING.lock().await;
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    let start = rss_kib();
    // 1 MiB and 64 MiB where at most 64 KiB of JSON is read. (The buffer here is freed before measuring.)
    for size in [1usize << 20, 64 << 20] {
        let response = h
            .client
            .post(format!("{}/v1/accounts", h.base))
            .bearer_auth(&user.token)
            .header("content-type", "application/json")
            .body(vec![b' '; size])
            .send()
            .await;
        // The server may answer and close before the whole body is sent; either way it refuses with a reason.
        if let Ok(response) = response {
            let (status, body) = common::read(response).await;
            assert_error(status, &body, 400, "INVALID_PARAMETERS");
            assert!(body["message"].as_str().unwrap().contains("body"), "{body}");
        }
    }
    let grown = rss_kib().saturating_sub(start);
    eprintln!("huge bodies: memory grew by {grown} KiB");
    assert!(grown < 32 * 1024, "memory grew by {grown} KiB for bodies that were refused");
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}

#[tokio::test]
async fn deeply_nested_json_is_refused_not_a_stack_overflow() {
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    let depth = 20_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!(
        r#"{{"providerId":"grab","credentials":{}1{}}}"#,
        r#"{"a":"#.repeat(depth / 2),
        "}".repeat(depth / 2)
    );
    for (path, body) in [
        ("/v1/accounts", arrays.clone()),
        ("/v1/accounts", objects.clone()),
        ("/v1/surveys", objects.clone()),
        ("/_sandbox/faults", arrays.clone()),
    ] {
        let (status, answer) = raw_post(&h, &user, path, body).await;
        if path == "/_sandbox/faults" {
            // PUT is the method there: POST is refused by method, which is clear too.
            assert_eq!(status.as_u16() / 100, 4, "{answer}");
        } else {
            assert_error(status, &answer, 400, "INVALID_PARAMETERS");
            assert!(
                answer["message"].as_str().unwrap().contains("invalid body")
                    || answer["message"].as_str().unwrap().contains("malformed JSON"),
                "{answer}"
            );
        }
    }
    let response = h
        .client
        .put(format!("{}/_sandbox/faults", h.base))
        .header("content-type", "application/json")
        .body(format!(r#"{{"rules":{arrays}}}"#))
        .send()
        .await
        .unwrap();
    let (status, answer) = common::read(response).await;
    assert_error(status, &answer, 400, "INVALID_PARAMETERS");
    let (_, rules) =
        common::read(h.client.get(format!("{}/_sandbox/faults", h.base)).send().await.unwrap()).await;
    assert_eq!(rules["data"]["rules"], json!([]), "no rule came in");
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}

#[tokio::test]
async fn very_long_urls_and_query_strings_are_answered_clearly() {
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    for query in [
        format!("?name={}", "a".repeat(60_000)),
        format!("?cursor={}", "%FF".repeat(10_000)),
        format!("?{}", "size=1&".repeat(5_000)),
        format!("?ids={}", "grab,".repeat(10_000)),
    ] {
        let (status, body) = h.get(&user, &format!("/providers{query}")).await;
        assert!(status.is_success() || status.as_u16() == 400, "{status}: {body}");
        assert!(body["requestId"].is_string(), "an envelope: {body}");
    }
    // Past what the server reads of a request head at all: refused at the HTTP level, and the server stays up.
    let response = h
        .client
        .get(format!("{}/v1/providers?name={}", h.base, "a".repeat(2 << 20)))
        .bearer_auth(&user.token)
        .send()
        .await;
    if let Ok(response) = response {
        assert!(response.status().is_client_error(), "{}", response.status());
    }
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}

/// `count` POSTs of `{}` to the Open API `path`, 16 at a time; each answer's body.
async fn open_api_calls(h: &Harness, path: &str, count: usize) -> Vec<Value> {
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..16 {
        let (client, url) = (h.client.clone(), format!("{}/open/v1{path}", h.base));
        tasks.spawn(async move {
            let mut answers = Vec::new();
            for _ in (worker..count).step_by(16) {
                let response = client
                    .post(&url)
                    .basic_auth("sandbox_key", Some("sandbox_secret"))
                    .json(&json!({}))
                    .send()
                    .await;
                let (status, body) = common::read(response.unwrap()).await;
                assert_eq!(status.as_u16() / 100, 2, "{body}");
                answers.push(body);
            }
            answers
        });
    }
    let mut all = Vec::new();
    while let Some(answers) = tasks.join_next().await {
        all.extend(answers.unwrap());
    }
    assert_eq!(all.len(), count);
    all
}

#[tokio::test]
async fn many_users_and_tokens_stay_apart_and_memory_stays_bounded() {
    let _measuring = MEASURING.lock().await;
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    let start = rss_kib();
    let users = open_api_calls(&h, "/users", 2_000).await;
    // 2,000 more tokens for the bystander, each valid and each seeing only the bystander's account.
    let tokens: Vec<String> = open_api_calls(&h, &format!("/tokens?userId={}", user.id), 2_000)
        .await
        .into_iter()
        .map(|answer| answer["data"]["token"].as_str().unwrap().to_string())
        .collect();
    let users: Vec<User> = users
        .into_iter()
        .map(|answer| User {
            id: answer["data"]["user"]["id"].as_str().unwrap().to_string(),
            token: answer["data"]["token"].as_str().unwrap().to_string(),
        })
        .collect();
    let grown = rss_kib().saturating_sub(start);
    eprintln!("2,000 users and 2,000 tokens: memory grew by {grown} KiB");
    assert!(grown < 64 * 1024, "4,000 users and tokens took {grown} KiB");
    for token in tokens.iter().step_by(400) {
        let alias = User { id: user.id.clone(), token: token.clone() };
        assert_untouched(&h, &alias, &before).await;
    }
    // Everyone else sees no account, and cannot reach the bystander's.
    let id = before["id"].as_str().unwrap();
    for other in users.iter().step_by(250) {
        let (status, list) = h.get(other, "/accounts").await;
        assert_eq!(status, 200);
        assert_eq!(list["data"]["items"], json!([]));
        let (status, body) = h.get(other, &format!("/accounts/{id}")).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
    }
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}

#[tokio::test]
async fn one_user_hammering_with_bad_requests_changes_nothing_for_another() {
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    let attacker = h.new_user().await;
    let id = before["id"].as_str().unwrap();
    for _ in 0..50 {
        let (status, body) =
            raw_post(&h, &attacker, &format!("/v1/accounts/{id}/mfa"), r#"{"code":"1234"}"#).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
        let response = h
            .client
            .delete(format!("{}/v1/accounts/{id}", h.base))
            .bearer_auth(&attacker.token)
            .send()
            .await
            .unwrap();
        let (status, body) = common::read(response).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
        let (status, body) =
            raw_post(&h, &attacker, "/v1/accounts", r#"{"providerId":"grab","credentials":{"email":1}}"#)
                .await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        let (status, body) = raw_post(&h, &attacker, "/v1/accounts", "{\"providerId\":").await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
    }
    // Twenty failed logins of the attacker's own leave one account in ERROR, not twenty.
    for _ in 0..20 {
        h.connect(&attacker, "grab", json!({"email": GEORGE.0, "password": "wrong"})).await;
    }
    let (_, mine) = h.get(&attacker, "/accounts").await;
    assert_eq!(mine["data"]["items"].as_array().unwrap().len(), 1);
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}

#[tokio::test]
async fn a_client_that_stalls_in_its_headers_is_cut_off_while_others_are_served() {
    let h = Harness::start().await;
    let (user, before) = bystander(&h).await;
    let addr = h.base.trim_start_matches("http://").to_string();
    let mut stalled = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await.unwrap();
        stalled.push(s);
    }
    // Meanwhile everyone else gets answers at once.
    let started = Instant::now();
    for _ in 0..20 {
        let (status, _) = h.get(&user, "/session").await;
        assert_eq!(status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "served while 50 clients stall: {:?}",
        started.elapsed()
    );
    // Within the header read timeout (and a margin) each stalled connection is closed by the server.
    let deadline = smile_sandbox::listen::HEADER_READ_TIMEOUT + Duration::from_secs(5);
    for mut s in stalled {
        let mut buf = [0u8; 512];
        let read = tokio::time::timeout(deadline, s.read(&mut buf)).await;
        match read {
            Ok(Ok(n)) => {
                let text = String::from_utf8_lossy(&buf[..n]);
                assert!(
                    n == 0 || text.starts_with("HTTP/1.1 408") || text.starts_with("HTTP/1.1 4"),
                    "{text}"
                );
            }
            Ok(Err(_)) => {}
            Err(_) => panic!("a stalled connection was still open after {deadline:?}"),
        }
    }
    assert_untouched(&h, &user, &before).await;
    h.stop().await;
}
