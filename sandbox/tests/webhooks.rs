//! Webhooks over HTTP: every event a partner's receiver gets, signed with an HMAC of the body,
//! retried with backoff when the receiver fails, each with an id that stays the same on retries.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{Delivery, GEORGE, Harness, Receiver, assert_error, register, types};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

/// The signature a receiver computes: `sha256=` + hex HMAC-SHA256 of the raw body.
fn expected_signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn george() -> Value {
    json!({"email": GEORGE.0, "password": GEORGE.1})
}

async fn deliveries(h: &Harness, webhook_id: &str) -> Vec<Value> {
    let (status, body) = h.open_get(&format!("/webhooks/{webhook_id}/deliveries?size=150")).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["items"].as_array().cloned().unwrap()
}

#[tokio::test]
async fn connecting_an_account_sends_each_event_in_order_signed_with_the_api_secret() {
    let h = Harness::start().await;
    let receiver = Receiver::start(0).await;
    let webhook = register(&h, &receiver.url, json!({})).await;
    assert!(webhook["id"].as_str().unwrap().starts_with("wh-"));
    assert_eq!(webhook["signedWith"], "API_SECRET");
    assert!(webhook.get("secret").is_none(), "the secret is never echoed");

    let user = h.new_user().await;
    let account = h.connect_fully(&user, "upwork", george()).await;
    let got = receiver.wait_for_event("TASK_FINISHED").await;
    assert_eq!(
        types(&got),
        [
            "ACCOUNT_CONNECTED",
            "TASK_STARTED",
            "IDENTITIES_ADDED",
            "EMPLOYMENTS_ADDED",
            "EINCOMES_ADDED",
            "TRANSACTIONS_ADDED",
            "TASK_FINISHED"
        ]
    );
    let mut ids = Vec::new();
    for d in &got {
        assert_eq!(d.header("x-smile-signature"), expected_signature("sandbox_secret", &d.body));
        assert_eq!(d.header("content-type"), "application/json");
        assert_eq!(d.header("x-smile-event-type"), d.event_type());
        assert_eq!(d.header("x-smile-webhook-id"), webhook["id"].as_str().unwrap());
        assert_eq!(d.header("x-smile-attempt"), "1");
        let event = d.json();
        assert_eq!(d.header("x-smile-event-id"), event["id"].as_str().unwrap());
        assert!(event["id"].as_str().unwrap().starts_with("evt-"));
        assert_eq!(event["mode"], "sandbox");
        assert_eq!(event["eventTime"], account["connection"]["updatedAt"], "{event}");
        assert_eq!(event["data"]["accountId"], account["id"]);
        assert_eq!(event["data"]["userId"], user.id.as_str());
        assert_eq!(event["data"]["providerId"], "upwork");
        ids.push(event["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), got.len(), "each event has its own id");
    let added = got[2].json();
    assert_eq!(added["data"]["endpoint"], "identities");
    assert_eq!(added["data"]["count"], 1);
    assert_eq!(got[5].json()["data"]["count"], 3, "three transactions");
    assert_eq!(
        got[6].json()["data"]["endpoints"],
        json!(["identities", "employments", "eincomes", "transactions"])
    );
    assert_eq!(got[0].json()["data"]["connectionStatus"], "CONNECTED");

    // No credential or code travels in any event.
    for d in &got {
        let text = String::from_utf8(d.body.clone()).unwrap();
        assert!(!text.contains(&format!("\"{}\"", GEORGE.1)) && !text.contains("password"), "{text}");
    }
    // The log shows each delivery as delivered on the first attempt.
    let log = deliveries(&h, webhook["id"].as_str().unwrap()).await;
    assert_eq!(log.len(), 7);
    assert!(
        log.iter().all(|d| d["status"] == "DELIVERED" && d["attempts"][0]["statusCode"] == 200),
        "{log:?}"
    );
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn an_account_connects_and_times_out_on_its_own_clock_with_no_one_polling() {
    let h = Harness::start_with(|c| c.mfa_timeout = 1).await;
    let receiver = Receiver::start(0).await;
    register(&h, &receiver.url, json!({})).await;
    let user = h.new_user().await;
    // Grab needs no code: created, then never read again.
    let grab = h.connect(&user, "grab", george()).await;
    let got = receiver.wait_for_event("TASK_FINISHED").await;
    assert_eq!(got[0].event_type(), "ACCOUNT_CONNECTED");
    assert_eq!(got[0].json()["data"]["accountId"], grab["id"]);
    assert_eq!(
        got.last().unwrap().json()["data"]["endpoints"],
        json!(["identities", "employments", "eincomes", "transactions"])
    );

    // Upwork asks for a code that never comes.
    let upwork = h.connect(&user, "upwork", george()).await;
    let got = receiver.wait_for_event("ACCOUNT_FAILED").await;
    let failed = got.iter().find(|d| d.event_type() == "ACCOUNT_FAILED").unwrap().json();
    assert_eq!(failed["data"]["accountId"], upwork["id"]);
    assert_eq!(failed["data"]["errorCode"], "MFA_TIMEOUT");
    assert_eq!(failed["data"]["connectionStatus"], "ERROR");
    assert!(failed["data"]["errorMessage"].as_str().is_some_and(|m| !m.is_empty()));
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn failures_and_disconnects_are_told_with_their_codes() {
    let h = Harness::start().await;
    let receiver = Receiver::start(0).await;
    register(&h, &receiver.url, json!({})).await;
    let user = h.new_user().await;

    let locked =
        h.connect(&user, "grab", json!({"email": "error_ACCOUNT_LOCKED@smileapi.io", "password": "x"})).await;
    let got = receiver.wait_for_event("ACCOUNT_FAILED").await;
    assert_eq!(types(&got), ["ACCOUNT_FAILED"]);
    assert_eq!(got[0].json()["data"]["errorCode"], "ACCOUNT_LOCKED");
    assert_eq!(got[0].json()["data"]["accountId"], locked["id"]);

    // Three wrong codes.
    let upwork = h.connect(&user, "upwork", george()).await;
    let id = upwork["id"].as_str().unwrap();
    assert_eq!(h.settle(&user, id).await["connectionStatus"], "AWAITING_MFA");
    for code in ["0000", "1111", "2222"] {
        let (status, _) = h.post(&user, &format!("/accounts/{id}/mfa"), json!({"code": code})).await;
        assert_eq!(status, 200);
    }
    let got = receiver.wait_until("INVALID_MFA", |g| g.len() == 2).await;
    assert_eq!(got[1].json()["data"]["errorCode"], "INVALID_MFA");

    // Connected, then disconnected.
    let grab = h.connect_fully(&user, "grab", george()).await;
    receiver
        .wait_until("the grab sync", |g| types(g).iter().filter(|t| *t == "TASK_FINISHED").count() == 1)
        .await;
    let grab_id = grab["id"].as_str().unwrap();
    let (status, _) = h.call(&user, Method::DELETE, &format!("/accounts/{grab_id}"), None).await;
    assert_eq!(status, 200);
    let got = receiver.wait_for_event("ACCOUNT_DISCONNECTED").await;
    let last = got.last().unwrap().json();
    assert_eq!(last["eventType"], "ACCOUNT_DISCONNECTED");
    assert_eq!(last["data"]["accountId"], grab_id);
    assert_eq!(last["data"]["connectionStatus"], "DISCONNECTED");
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn a_failing_receiver_gets_the_same_delivery_again_with_backoff() {
    let h = Harness::start_with(|c| c.webhook_retry_base_ms = 100).await;
    let receiver = Receiver::start(2).await;
    let webhook = register(&h, &receiver.url, json!({"events": ["ACCOUNT_CONNECTED"]})).await;
    let user = h.new_user().await;
    h.connect_fully(&user, "grab", george()).await;
    let got = receiver.wait_until("three attempts", |g| g.len() == 3).await;
    assert_eq!(got.iter().map(|d| d.answered).collect::<Vec<_>>(), [500, 500, 200]);
    assert_eq!(got.iter().map(|d| d.header("x-smile-attempt")).collect::<Vec<_>>(), ["1", "2", "3"]);
    for d in &got[1..] {
        assert_eq!(d.body, got[0].body, "the same bytes");
        assert_eq!(
            d.header("x-smile-event-id"),
            got[0].header("x-smile-event-id"),
            "the same id, to drop duplicates"
        );
        assert_eq!(d.header("x-smile-signature"), got[0].header("x-smile-signature"));
    }
    let gaps = [got[1].at - got[0].at, got[2].at - got[1].at];
    assert!(gaps[0] >= Duration::from_millis(100), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(200), "the wait doubles: {gaps:?}");

    let log = deliveries(&h, webhook["id"].as_str().unwrap()).await;
    assert_eq!(log.len(), 1, "one delivery, three attempts");
    assert_eq!(log[0]["status"], "DELIVERED");
    assert_eq!(log[0]["eventId"], got[0].header("x-smile-event-id").as_str());
    let codes: Vec<_> =
        log[0]["attempts"].as_array().unwrap().iter().map(|a| a["statusCode"].clone()).collect();
    assert_eq!(codes, [json!(500), json!(500), json!(200)]);
    assert_eq!(log[0]["nextAttemptAt"], Value::Null);
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn a_delivery_is_given_up_after_the_last_attempt_and_later_events_still_go() {
    let h = Harness::start_with(|c| {
        c.webhook_retry_base_ms = 20;
        c.webhook_attempts = 3;
    })
    .await;
    // Nothing listens on this port: every attempt fails to connect.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dead =
        register(&h, &format!("http://127.0.0.1:{closed}/hook"), json!({"events": ["ACCOUNT_FAILED"]})).await;
    let receiver = Receiver::start(100).await;
    let flaky = register(&h, &receiver.url, json!({"events": ["ACCOUNT_FAILED"]})).await;
    let user = h.new_user().await;
    h.connect(&user, "grab", json!({"email": "error_SYSTEM_ERROR@smileapi.io", "password": "x"})).await;
    h.connect(&user, "uber", json!({"email": "error_TOS_REQUIRED@smileapi.io", "password": "x"})).await;

    receiver.wait_until("both events' attempts", |g| g.len() == 6).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let (dead_log, flaky_log) = loop {
        let dead_log = deliveries(&h, dead["id"].as_str().unwrap()).await;
        let flaky_log = deliveries(&h, flaky["id"].as_str().unwrap()).await;
        let over = |log: &[Value]| log.len() == 2 && log.iter().all(|d| d["status"] == "FAILED");
        if over(&dead_log) && over(&flaky_log) {
            break (dead_log, flaky_log);
        }
        assert!(std::time::Instant::now() < deadline, "{dead_log:?} {flaky_log:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    for d in &dead_log {
        let attempts = d["attempts"].as_array().unwrap();
        assert_eq!(attempts.len(), 3);
        assert!(
            attempts.iter().all(|a| a["statusCode"].is_null() && a["error"] == "could not connect"),
            "{d}"
        );
    }
    let codes: Vec<_> = flaky_log.iter().map(|d| d["event"]["data"]["errorCode"].clone()).collect();
    assert_eq!(codes, [json!("SYSTEM_ERROR"), json!("TOS_REQUIRED")], "in the order they happened");
    let got = receiver.got();
    let ids: Vec<String> = got.iter().map(|d| d.header("x-smile-event-id")).collect();
    assert!(
        ids[..3].iter().all(|id| *id == ids[0])
            && ids[3..].iter().all(|id| *id == ids[3])
            && ids[0] != ids[3]
    );
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn a_webhook_with_its_own_secret_and_event_list_gets_only_those_signed_with_it() {
    let h = Harness::start().await;
    let receiver = Receiver::start(0).await;
    let webhook = register(
        &h,
        &receiver.url,
        json!({"secret": "whsec_demo", "events": ["ACCOUNT_CONNECTED", "TASK_FINISHED"]}),
    )
    .await;
    assert_eq!(webhook["signedWith"], "WEBHOOK_SECRET");
    assert_eq!(webhook["events"], json!(["ACCOUNT_CONNECTED", "TASK_FINISHED"]));
    let user = h.new_user().await;
    h.connect_fully(&user, "sss_ph", george()).await;
    let got = receiver.wait_for_event("TASK_FINISHED").await;
    assert_eq!(types(&got), ["ACCOUNT_CONNECTED", "TASK_FINISHED"]);
    for d in &got {
        assert_eq!(d.header("x-smile-signature"), expected_signature("whsec_demo", &d.body));
        assert_ne!(d.header("x-smile-signature"), expected_signature("sandbox_secret", &d.body));
    }
    assert_eq!(
        got[1].json()["data"]["endpoints"],
        json!(["identities", "employments", "eincomes", "contributions"])
    );

    // A test event reaches it whatever its list, and removing it stops the deliveries.
    let (status, test) =
        h.open(&format!("/webhooks/{}/test", webhook["id"].as_str().unwrap()), json!({})).await;
    assert_eq!(status, 201, "{test}");
    let got = receiver.wait_for_event("WEBHOOK_TEST").await;
    assert_eq!(got.last().unwrap().json()["id"], test["data"]["id"]);
    let removed = h
        .client
        .delete(format!("{}/open/v1/webhooks/{}", h.base, webhook["id"].as_str().unwrap()))
        .basic_auth("sandbox_key", Some("sandbox_secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let before = receiver.got().len();
    h.connect_fully(&user, "grab", george()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.got().len(), before, "a removed webhook gets nothing more");
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn registrations_are_checked_and_belong_to_their_partner() {
    let h = Harness::start_with(|c| {
        c.partners
            .push(smile_sandbox::config::Partner { key: "other_key".into(), secret: "other_secret".into() })
    })
    .await;
    for (body, mention) in [
        (json!({"url": "http://example.com/hook"}), "127.0.0.1"),
        (json!({"url": "file:///etc/passwd"}), "http"),
        (json!({"url": "not a url"}), "URL"),
        (json!({"url": "http://127.0.0.1:9/hook", "events": ["ACCOUNT_EXPLODED"]}), "ACCOUNT_EXPLODED"),
        (json!({"url": "http://127.0.0.1:9/hook", "secret": ""}), "secret"),
        (json!({"url": "http://127.0.0.1:9/hook", "colour": "red"}), "colour"),
        (json!({}), "url"),
    ] {
        let (status, answer) = h.open("/webhooks", body.clone()).await;
        assert_error(status, &answer, 400, "INVALID_PARAMETERS");
        assert!(answer["message"].as_str().unwrap().contains(mention), "{body}: {answer}");
    }

    let receiver = Receiver::start(0).await;
    let theirs = {
        let response = h
            .client
            .post(format!("{}/open/v1/webhooks", h.base))
            .basic_auth("other_key", Some("other_secret"))
            .json(&json!({"url": receiver.url}))
            .send()
            .await
            .unwrap();
        let (status, body) = common::read(response).await;
        assert_eq!(status, 201, "{body}");
        body["data"].clone()
    };
    let id = theirs["id"].as_str().unwrap();
    let (status, mine) = h.open_get("/webhooks").await;
    assert_eq!(status, 200);
    assert!(
        mine["data"]["items"].as_array().unwrap().iter().all(|w| w["id"] != id),
        "not listed to another partner"
    );
    let (status, body) = h.open_get(&format!("/webhooks/{id}/deliveries")).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    let deleted = h
        .client
        .delete(format!("{}/open/v1/webhooks/{id}", h.base))
        .basic_auth("sandbox_key", Some("sandbox_secret"))
        .send()
        .await
        .unwrap();
    let (status, body) = common::read(deleted).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");

    // The default partner's accounts are not the other partner's events.
    let user = h.new_user().await;
    h.connect_fully(&user, "grab", george()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.got().is_empty(), "{:?}", types(&receiver.got()));
    // Its own user's are, signed with its own secret.
    let their_user = h.new_user_as("other_key", "other_secret").await;
    h.connect_fully(&their_user, "grab", george()).await;
    let got = receiver.wait_for_event("TASK_FINISHED").await;
    assert!(got.iter().all(|d| d.header("x-smile-signature") == expected_signature("other_secret", &d.body)));
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn the_webhook_url_flag_subscribes_the_default_partner_at_start() {
    let receiver = Receiver::start(0).await;
    let url = receiver.url.clone();
    let h = Harness::start_with(|c| {
        c.webhook_url = Some(url);
        c.webhook_secret = Some("flag_secret".into());
    })
    .await;
    let webhook = h.sandbox.as_ref().unwrap().webhook.clone().expect("registered at start");
    let (status, listed) = h.open_get("/webhooks").await;
    assert_eq!(status, 200);
    assert!(listed["data"]["items"].as_array().unwrap().iter().any(|w| w["id"] == webhook.id.as_str()));
    let user = h.new_user().await;
    h.connect_fully(&user, "jollibee", george()).await;
    let got = receiver.wait_for_event("TASK_FINISHED").await;
    let d: &Delivery = &got[0];
    assert_eq!(d.header("x-smile-signature"), expected_signature("flag_secret", &d.body));
    assert_eq!(types(&got).last().unwrap(), "TASK_FINISHED");
    receiver.stop();
    h.stop().await;
}

#[tokio::test]
async fn the_demo_backend_verifies_signatures_drops_duplicates_and_lists_what_it_received() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let account = h.connect_fully(&user, "grab", george()).await;
    let listed = |user_id: String| {
        let h = &h;
        async move {
            let url = format!("{}/api/webhooks?userId={user_id}", h.demo);
            let body: Value = h.client.get(url).send().await.unwrap().json().await.unwrap();
            body["events"].as_array().cloned().unwrap()
        }
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let events = loop {
        let events = listed(user.id.clone()).await;
        if events.iter().any(|e| e["eventType"] == "TASK_FINISHED") {
            break events;
        }
        assert!(std::time::Instant::now() < deadline, "{events:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(events[0]["eventType"], "ACCOUNT_CONNECTED");
    assert_eq!(events[0]["data"]["accountId"], account["id"]);
    assert_eq!(events.len(), 7);

    // The same delivery again: accepted, not listed twice. A forged one: refused.
    let body = serde_json::to_vec(&events[0]).unwrap();
    let post = |signature: String| {
        let (h, body) = (&h, body.clone());
        let id = events[0]["id"].as_str().unwrap().to_string();
        async move {
            h.client
                .post(format!("{}/api/webhooks", h.demo))
                .header("content-type", "application/json")
                .header("x-smile-signature", signature)
                .header("x-smile-event-id", id)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(post(expected_signature("sandbox_secret", &body)).await, 200);
    assert_eq!(listed(user.id.clone()).await.len(), 7, "a duplicate id is dropped");
    assert_eq!(post(expected_signature("not_the_secret", &body)).await, 401);
    assert_eq!(post(String::new()).await, 401);
    assert!(listed("usr-someone-else".into()).await.is_empty());
    h.stop().await;
}

#[tokio::test]
async fn the_demo_backend_fetches_every_endpoint_for_a_connected_account() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let account = h.connect_fully(&user, "sss_ph", george()).await;
    let url = format!("{}/api/data?accountId={}&userId={}", h.demo, account["id"].as_str().unwrap(), user.id);
    let response = h.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let data: Value = response.json().await.unwrap();
    assert_eq!(data["identities"][0]["fullName"], "George Cimafranca Palomero, Jr");
    assert_eq!(data["employments"].as_array().unwrap().len(), 2);
    assert_eq!(data["contributions"][0]["amount"], json!(2250.0));
    assert_eq!(data["eincomes"][0]["baseAmount"], json!(8500.0));
    assert_eq!(data["transactions"], json!([]));

    let url = format!("{}/api/data?accountId=a-unknown&userId={}", h.demo, user.id);
    let response = h.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 502, "the Open API's refusal is passed on");
    h.stop().await;
}

#[test]
fn the_rust_verification_snippet_in_the_docs_is_the_demo_backends_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("src/demo.rs")).unwrap();
    let docs = std::fs::read_to_string(root.join("../docs/webhooks.md")).unwrap();
    let start = source.find("// [verify-start]\n").unwrap() + "// [verify-start]\n".len();
    let end = source.find("// [verify-end]").unwrap();
    let function = source[start..end].trim();
    assert!(function.starts_with("/// Whether") && function.contains("verify_slice"), "{function}");
    assert!(
        docs.contains(function),
        "docs/webhooks.md's Rust snippet differs from sandbox/src/demo.rs:\n{function}"
    );
}
