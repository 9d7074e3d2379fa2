//! Property tests of the sandbox's request parsing: arbitrary bodies (bytes, and JSON shaped like the real ones)
//! and query strings sent to every link API and Open API endpoint that reads them. Whatever comes in, the answer
//! is the JSON envelope with a 2xx or 4xx status (never a 5xx, so never a caught panic), and a bystander user's
//! account is untouched. Case counts are bounded so the whole file runs in seconds.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::OnceLock;

use common::{GEORGE, Harness, User};
use proptest::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::runtime::Runtime;

const CASES: u32 = 64;

struct World {
    runtime: Runtime,
    h: Harness,
    user: User,
    account: Value,
}

/// One sandbox for the whole file, with a user whose connected account every case checks.
fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = Runtime::new().unwrap();
        let (h, user, account) = runtime.block_on(async {
            let h = Harness::start().await;
            let user = h.new_user().await;
            let created = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
            let account = h.settle(&user, created["id"].as_str().unwrap()).await;
            (h, user, account)
        });
        World { runtime, h, user, account }
    })
}

/// Cases run one at a time: a case may set fault rules, which must not reach another case's request.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Sends one request and checks the answer is an envelope with a 2xx or 4xx status, then that the bystander's
/// account is as it was.
fn check(
    method: Method,
    path: &str,
    body: Option<(Vec<u8>, &str)>,
    open_api: bool,
) -> Result<(), TestCaseError> {
    let w = world();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    w.runtime.block_on(async {
        let mut request = w.h.client.request(method.clone(), format!("{}{path}", w.h.base));
        request = if open_api {
            request.basic_auth("sandbox_key", Some("sandbox_secret"))
        } else {
            request.bearer_auth(&w.user.token)
        };
        if let Some((bytes, content_type)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        let response =
            request.send().await.map_err(|e| TestCaseError::fail(format!("{method} {path}: {e}")))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        // Whatever fault rules the case set, none stays for what follows.
        let _ = w.h.client.delete(format!("{}/_sandbox/faults", w.h.base)).send().await;
        prop_assert!(status.is_success() || status.is_client_error(), "{method} {path}: {status} {text}");
        let envelope: Value = serde_json::from_str(&text)
            .map_err(|_| TestCaseError::fail(format!("{method} {path}: not JSON ({status}): {text}")))?;
        prop_assert!(envelope["code"].is_string() && envelope["requestId"].is_string(), "{text}");
        let (status, list) = w.h.get(&w.user, "/accounts").await;
        prop_assert_eq!(status.as_u16(), 200);
        prop_assert_eq!(&list["data"]["items"], &json!([w.account]), "the bystander's account changed");
        Ok(())
    })
}

/// JSON values built from the field names and kinds of values the API reads, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("providerId"),
        Just("credentials"),
        Just("email"),
        Just("password"),
        Just("mobile"),
        Just("username"),
        Just("code"),
        Just("employerName"),
        Just("name"),
        Just("rules"),
        Just("kind"),
        Just("path"),
        Just("times"),
        Just("status"),
        Just("latencyMs"),
        Just("pointer"),
        Just("value"),
        Just("method"),
        Just("retryAfter"),
        Just("x"),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        prop_oneof![
            Just("grab".to_string()),
            Just("upwork".to_string()),
            Just(GEORGE.0.to_string()),
            Just("1234".to_string()),
            Just("drop".to_string()),
            Just("status".to_string()),
            Just("/v1/".to_string()),
            Just("".to_string()),
            "\\PC{0,40}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// Paths and methods that read a body.
fn body_endpoint() -> impl Strategy<Value = (Method, &'static str, bool)> {
    prop_oneof![
        Just((Method::POST, "/v1/accounts", false)),
        Just((Method::POST, "/v1/accounts/a-00000000000000000000000000000000/mfa", false)),
        Just((Method::POST, "/v1/accounts/a-00000000000000000000000000000000/mfa/resend", false)),
        Just((Method::POST, "/v1/surveys", false)),
        Just((Method::PUT, "/_sandbox/faults", false)),
        Just((Method::POST, "/open/v1/users", true)),
        Just((Method::POST, "/open/v1/tokens?userId=usr-nobody", true)),
    ]
}

/// Paths that read a query string.
fn query_endpoint() -> impl Strategy<Value = (&'static str, bool)> {
    prop_oneof![
        Just(("/v1/session", false)),
        Just(("/v1/providers", false)),
        Just(("/v1/fileTypes", false)),
        Just(("/v1/accounts", false)),
        Just(("/v1/archives", false)),
        Just(("/v1/surveys", false)),
        Just(("/open/v1/tokens", true)),
    ]
}

fn query_string() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("size"),
        Just("cursor"),
        Just("name"),
        Just("type"),
        Just("ids"),
        Just("templateId"),
        Just("userId"),
        Just("top"),
        Just("x"),
    ];
    let value = prop_oneof![
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("99999999999999999999".to_string()),
        Just("%ZZ".to_string()),
        Just("%00".to_string()),
        Just("b2Zmc2V0OjI".to_string()),
        "[a-zA-Z0-9%&=+,._~-]{0,30}",
    ];
    prop::collection::vec((name, value), 0..5)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_json_body_get_an_envelope((method, path, open) in body_endpoint(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check(method, path, Some((bytes, "application/json")), open)?;
    }

    #[test]
    fn json_shaped_like_the_real_bodies_gets_an_envelope((method, path, open) in body_endpoint(), value in json_value()) {
        check(method, path, Some((serde_json::to_vec(&value).unwrap(), "application/json")), open)?;
    }

    #[test]
    fn any_query_string_gets_an_envelope((path, open) in query_endpoint(), query in query_string()) {
        check(Method::GET, &format!("{path}?{query}"), None, open)?;
    }

    #[test]
    fn any_bytes_as_an_upload_get_an_envelope(bytes in prop::collection::vec(any::<u8>(), 0..512), boundary in "[a-z0-9]{1,20}") {
        let content_type = format!("multipart/form-data; boundary={boundary}");
        check(Method::POST, "/v1/archives", Some((bytes, &content_type)), false)?;
    }

    #[test]
    fn a_form_shaped_like_an_upload_gets_an_envelope(
        parts in prop::collection::vec((prop_oneof![Just("fileType"), Just("file"), Just("subType"), Just("employerName"), Just("x")],
            prop_oneof![Just(b"%PDF-1.4\n%%EOF\n".to_vec()), Just(b"PAYSLIP".to_vec()), Just(Vec::new()), prop::collection::vec(any::<u8>(), 0..64)]), 0..5),
    ) {
        let mut body = Vec::new();
        for (name, bytes) in parts {
            body.extend_from_slice(format!("--b0undary\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f.pdf\"\r\n\r\n").as_bytes());
            body.extend_from_slice(&bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--b0undary--\r\n");
        check(Method::POST, "/v1/archives", Some((body, "multipart/form-data; boundary=b0undary")), false)?;
    }
}
