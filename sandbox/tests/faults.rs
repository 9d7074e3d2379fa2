//! The fault kinds that end-to-end tests use to break the widget's answers: `garbage`, `rewrite` and
//! `expireToken`, over HTTP, and the bounds on the rules themselves.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, assert_error};
use reqwest::Method;
use serde_json::{Value, json};

async fn set_faults(h: &Harness, rules: Value) -> (reqwest::StatusCode, Value) {
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
async fn garbage_is_a_200_whose_body_is_not_json() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    set_faults(&h, json!([{"kind": "garbage", "path": "/v1/providers", "times": 1}])).await;
    let response = h
        .client
        .get(format!("{}/v1/providers", h.base))
        .bearer_auth(&user.token)
        .header("origin", "http://127.0.0.1:9")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("access-control-allow-origin"), "a browser may read it");
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(text.contains("Bad Gateway"));
    let (status, body) = h.get(&user, "/providers").await;
    assert_eq!(status, 200, "the rule ran out: {body}");
    h.stop().await;
}

#[tokio::test]
async fn rewrite_replaces_adds_or_deletes_the_value_at_a_pointer_of_a_normal_answer() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (_, plain) = h.get(&user, "/providers?size=3").await;
    let first = plain["data"]["items"][0].clone();
    assert!(first["name"].is_string());

    set_faults(
        &h,
        json!([
            {"kind": "rewrite", "path": "/v1/providers", "pointer": "/data/items/0/type", "value": "SPACE_AGENCY", "times": 1},
            {"kind": "rewrite", "path": "/v1/session", "pointer": "/data/user", "times": 1},
        ]),
    )
    .await;
    let (status, body) = h.get(&user, "/providers?size=3").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["items"][0]["type"], "SPACE_AGENCY");
    assert_eq!(body["data"]["items"][0]["name"], first["name"], "only the pointer changed");
    assert_eq!(body["data"]["items"][1], plain["data"]["items"][1]);

    let (status, body) = h.get(&user, "/session").await;
    assert_eq!(status, 200);
    assert!(body["data"].is_object(), "{body}");
    assert!(body["data"].get("user").is_none(), "deleted: {body}");

    // A pointer the answer does not have leaves it unchanged; the status of the answer is kept.
    set_faults(
        &h,
        json!([{"kind": "rewrite", "path": "/v1/accounts/", "pointer": "/data/nothing/here", "value": 1}]),
    )
    .await;
    let (status, body) = h.get(&user, "/accounts/a-0000").await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");

    // An explicit null replaces rather than deletes.
    set_faults(
        &h,
        json!([{"kind": "rewrite", "path": "/v1/session", "pointer": "/data/user", "value": null}]),
    )
    .await;
    let (_, body) = h.get(&user, "/session").await;
    assert!(body["data"].get("user").is_some_and(Value::is_null), "{body}");
    h.stop().await;
}

#[tokio::test]
async fn rewrite_changes_an_account_status_while_it_is_polled() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let account =
        h.connect(&user, "grab", json!({"email": common::GEORGE.0, "password": common::GEORGE.1})).await;
    let id = account["id"].as_str().unwrap();
    set_faults(
        &h,
        json!([{"kind": "rewrite", "method": "GET", "path": "/v1/accounts/", "pointer": "/data/connectionStatus",
                "value": "SOMETHING_NEW", "times": 2}]),
    )
    .await;
    for _ in 0..2 {
        let (status, body) = h.get(&user, &format!("/accounts/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["connectionStatus"], "SOMETHING_NEW");
        assert_eq!(body["data"]["id"], id);
    }
    let settled = h.settle(&user, id).await;
    assert_eq!(settled["connectionStatus"], "CONNECTED", "the real account was never touched");
    h.stop().await;
}

#[tokio::test]
async fn expire_token_answers_invalid_token_on_the_matching_requests_only() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    set_faults(&h, json!([{"kind": "expireToken", "method": "POST", "path": "/v1/accounts", "times": 1}]))
        .await;
    let (status, body) = h.get(&user, "/accounts").await;
    assert_eq!(status, 200, "a GET does not match: {body}");
    let (status, body) = h
        .call(&user, Method::POST, "/accounts", Some(json!({"providerId": "grab", "credentials": {}})))
        .await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    let (_, listed) = h.get(&user, "/accounts").await;
    assert_eq!(listed["data"]["items"].as_array().unwrap().len(), 0, "the expired request did nothing");
    // The rule ran out: the same request now gets through to validation.
    let (status, body) = h
        .call(&user, Method::POST, "/accounts", Some(json!({"providerId": "grab", "credentials": {}})))
        .await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    h.stop().await;
}

#[tokio::test]
async fn a_429_can_say_when_to_retry() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    set_faults(
        &h,
        json!([{"kind": "status", "status": 429, "retryAfter": 2, "path": "/v1/session", "times": 1}]),
    )
    .await;
    let response =
        h.client.get(format!("{}/v1/session", h.base)).bearer_auth(&user.token).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "2");
    let (status, body) = common::read(response).await;
    assert_error(status, &body, 429, "REQUEST_LIMIT_EXCEEDED");
    h.stop().await;
}

#[tokio::test]
async fn rules_are_bounded_and_checked() {
    let h = Harness::start().await;
    let many: Vec<Value> = (0..101).map(|_| json!({"kind": "status", "times": 1})).collect();
    let (status, body) = set_faults(&h, Value::Array(many)).await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    assert!(body["message"].as_str().unwrap().contains("at most 100"), "{body}");
    for (rule, says) in [
        (json!({"kind": "rewrite"}), "pointer is required"),
        (json!({"kind": "rewrite", "pointer": "data"}), "JSON pointer"),
        (json!({"kind": "garbage", "pointer": "/data"}), "only for a rewrite"),
        (json!({"kind": "status", "value": 1}), "only for a rewrite"),
        (json!({"kind": "expireToken", "times": 0}), "at least 1"),
        (json!({"kind": "drop", "retryAfter": 1}), "only for a status rule"),
        (json!({"kind": "status", "status": 429, "retryAfter": 0}), "1 to 60"),
        (json!({"kind": "sometimes"}), "kind"),
    ] {
        let (status, body) = set_faults(&h, json!([rule])).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        assert!(body["message"].as_str().unwrap().contains(says), "{rule}: {body}");
    }
    set_faults(&h, json!([{"kind": "latency", "latencyMs": 1, "times": 3}])).await;
    let (status, body) = set_faults(&h, json!([{"kind": "rewrite"}])).await;
    assert_eq!(status, 400);
    let (_, body_after) =
        common::read(h.client.get(format!("{}/_sandbox/faults", h.base)).send().await.unwrap()).await;
    assert_eq!(
        body_after["data"]["rules"],
        json!([{"path": "/v1/", "kind": "latency", "latencyMs": 1, "times": 3}]),
        "a refused set leaves the rules in force: {body}"
    );
    h.stop().await;
}
