//! Fault injection, CORS, rate limiting, logos, the built widget and the demo page, over HTTP.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Harness, assert_error};
use serde_json::json;

async fn set_faults(h: &Harness, rules: serde_json::Value) -> (reqwest::StatusCode, serde_json::Value) {
    let response = h
        .client
        .put(format!("{}/_sandbox/faults", h.base))
        .json(&json!({"rules": rules}))
        .send()
        .await
        .unwrap();
    common::read(response).await
}

#[tokio::test]
async fn injected_faults_hit_the_matching_requests_then_stop() {
    let h = Harness::start().await;
    let user = h.new_user().await;

    let (status, _) =
        set_faults(&h, json!([{"kind": "status", "status": 503, "path": "/v1/providers", "times": 2}])).await;
    assert_eq!(status, 200);
    for _ in 0..2 {
        let (status, body) = h.get(&user, "/providers").await;
        assert_error(status, &body, 503, "SERVER_UNAVAILABLE");
    }
    let (status, _) = h.get(&user, "/providers").await;
    assert_eq!(status, 200, "the rule ran out");

    set_faults(&h, json!([{"kind": "malformed", "path": "/v1/session", "times": 1}])).await;
    let response =
        h.client.get(format!("{}/v1/session", h.base)).bearer_auth(&user.token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).is_err());

    set_faults(&h, json!([{"kind": "drop", "method": "GET", "times": 1}])).await;
    let dropped = h.client.get(format!("{}/v1/session", h.base)).bearer_auth(&user.token).send().await;
    match dropped {
        Err(_) => {}
        Ok(r) => assert!(r.text().await.is_err(), "a dropped connection gives no readable answer"),
    }

    set_faults(&h, json!([{"kind": "latency", "latencyMs": 300, "times": 1}])).await;
    let started = Instant::now();
    let (status, _) = h.get(&user, "/session").await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the answer waited at least the injected latency"
    );

    set_faults(&h, json!([{"kind": "status", "status": 500}])).await;
    let (status, body) = h.get(&user, "/accounts").await;
    assert_error(status, &body, 500, "SERVER_ERROR");
    let response = h.client.delete(format!("{}/_sandbox/faults", h.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let (status, _) = h.get(&user, "/accounts").await;
    assert_eq!(status, 200);
    h.stop().await;
}

#[tokio::test]
async fn bad_fault_rules_are_refused() {
    let h = Harness::start().await;
    for rules in [
        json!([{"kind": "status", "status": 404}]),
        json!([{"kind": "explode"}]),
        json!([{"kind": "drop", "path": "v1"}]),
    ] {
        let (status, body) = set_faults(&h, rules).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
    }
    h.stop().await;
}

#[tokio::test]
async fn any_origin_may_call_the_link_api_and_read_its_errors() {
    let h = Harness::start().await;
    let preflight = h
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/v1/accounts", h.base))
        .header("Origin", "https://partner.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"));

    let response = h
        .client
        .get(format!("{}/v1/accounts", h.base))
        .header("Origin", "https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    h.stop().await;
}

#[tokio::test]
async fn a_token_over_its_request_rate_is_told_to_slow_down() {
    let h = Harness::start_with(|c| c.rate_limit = 5).await;
    let user = h.new_user().await;
    let mut limited = 0;
    for _ in 0..12 {
        let (status, body) = h.get(&user, "/session").await;
        if status == 429 {
            assert_error(status, &body, 429, "REQUEST_LIMIT_EXCEEDED");
            limited += 1;
        }
    }
    assert!(limited > 0);
    h.stop().await;
}

#[tokio::test]
async fn logos_are_served_by_the_sandbox_itself() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (_, body) = h.get(&user, "/providers/grab").await;
    let logo_url = body["data"]["logoUrl"].as_str().unwrap();
    assert!(logo_url.starts_with(&h.base), "{logo_url}");
    let response = h.client.get(logo_url).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert!(response.text().await.unwrap().contains(">G</text>"));
    let (_, body) = h.get(&user, "/fileTypes").await;
    let response = h.client.get(body["data"]["items"][0]["logoUrl"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let response = h.client.get(format!("{}/logos/nope.svg", h.base)).send().await.unwrap();
    assert_eq!(response.status(), 404);
    h.stop().await;
}

#[tokio::test]
async fn the_built_widget_is_served_with_the_right_types() {
    let dist = std::env::temp_dir().join(format!("smile-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>widget</title>").unwrap();
    std::fs::write(dist.join("smile.v2.js"), "window.SmileLinkModal = function () {};").unwrap();
    std::fs::write(dist.join("widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let h = Harness::start_with(|c| c.dist = dist.clone()).await;
    for (path, content_type) in
        [("/", "text/html"), ("/smile.v2.js", "javascript"), ("/widget_bg.wasm", "application/wasm")]
    {
        let response = h.client.get(format!("{}{path}", h.base)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().contains(content_type), "{path}");
    }
    h.stop().await;
    std::fs::remove_dir_all(&dist).unwrap();
}

#[tokio::test]
async fn the_demo_page_loads_the_shim_under_a_strict_csp_and_mints_tokens_server_side() {
    let h = Harness::start().await;
    let response = h.client.get(format!("{}/", h.demo)).send().await.unwrap();
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self' http://127.0.0.1:") && !csp.contains("unsafe-inline"), "{csp}");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("<script src=\"{}/smile.v2.js\"></script>", h.base)));
    assert!(!html.contains("sandbox_secret"));

    let response = h.client.post(format!("{}/api/token", h.demo)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let minted: serde_json::Value = response.json().await.unwrap();
    assert!(minted["token"].as_str().unwrap().starts_with("tk-sandbox-"));
    assert_eq!(minted["apiHost"], format!("{}/v1", h.base));
    let user = common::User { id: String::new(), token: minted["token"].as_str().unwrap().into() };
    let (status, body) = h.get(&user, "/session").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["userId"], minted["userId"]);

    let again = format!("{}/api/token?userId={}", h.demo, minted["userId"].as_str().unwrap());
    let refreshed: serde_json::Value = h.client.post(again).send().await.unwrap().json().await.unwrap();
    assert_eq!(refreshed["userId"], minted["userId"]);
    assert_ne!(refreshed["token"], minted["token"]);
    h.stop().await;
}
