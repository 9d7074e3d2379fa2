//! Connecting accounts over real HTTP: every sandbox user, MFA, every error code, isolation.

#![allow(clippy::unwrap_used)]

mod common;

use common::{GEORGE, Harness, assert_error};
use reqwest::Method;
use serde_json::json;

const USERS: [(&str, &str, &str); 4] = [
    ("gpalomero1234@smileapi.io", "+639559991234", "123456"),
    ("ryan1234@smileapi.io", "+628119994321", "654321"),
    ("christina4321@smileapi.io", "+6599996789", "YGUS1"),
    ("anisha98765@smileapi.io", "+919511198765", "123456"),
];

#[tokio::test]
async fn every_sandbox_user_connects_without_mfa_by_email_or_mobile() {
    let h = Harness::start().await;
    for (email, mobile, password) in USERS {
        let user = h.new_user().await;
        let a = h.connect(&user, "grab", json!({"email": email, "password": password})).await;
        assert_eq!(a["providerId"], "grab");
        assert_eq!(a["userId"], user.id.as_str());
        assert!(a["id"].as_str().unwrap().starts_with("a-"));
        assert!(a.get("mfa").is_none());
        let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
        assert_eq!(settled["connectionStatus"], "CONNECTED", "{email}");
        assert_eq!(settled["connection"]["status"], "CONNECTED");

        let b = h.connect(&user, "grab", json!({"mobile": mobile, "password": password})).await;
        assert_eq!(
            h.settle(&user, b["id"].as_str().unwrap()).await["connectionStatus"],
            "CONNECTED",
            "{mobile}"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn an_mfa_provider_asks_for_the_code_and_counts_wrong_ones() {
    let h = Harness::start().await;
    for (email, mobile, password) in USERS {
        let user = h.new_user().await;
        let a = h.connect(&user, "upwork", json!({"email": email, "password": password})).await;
        let id = a["id"].as_str().unwrap();
        let waiting = h.settle(&user, id).await;
        assert_eq!(waiting["connectionStatus"], "AWAITING_MFA");
        let mfa = &waiting["mfa"];
        assert_eq!(mfa["type"], "OTP_EMAIL");
        assert_eq!(mfa["destination"], format!("{}•••••@smileapi.io", &email[..2]));
        assert_eq!(mfa["length"], 4);
        assert_eq!(mfa["attemptsLeft"], 3);

        let (status, body) = h.post(&user, &format!("/accounts/{id}/mfa"), json!({"code": "9999"})).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["connectionStatus"], "AWAITING_MFA");
        assert_eq!(body["data"]["mfa"]["attemptsLeft"], 2);
        let (_, body) = h.post(&user, &format!("/accounts/{id}/mfa"), json!({"code": "1234"})).await;
        assert_eq!(body["data"]["connectionStatus"], "PENDING");
        assert!(body["data"].get("mfa").is_none());
        assert_eq!(h.settle(&user, id).await["connectionStatus"], "CONNECTED");

        // An SMS provider masks the mobile number.
        let b = h.connect(&user, "gojek", json!({"mobile": mobile, "password": password})).await;
        let waiting = h.settle(&user, b["id"].as_str().unwrap()).await;
        assert_eq!(waiting["mfa"]["type"], "OTP_SMS");
        let destination = waiting["mfa"]["destination"].as_str().unwrap();
        assert!(destination.starts_with(&mobile[..3]) && destination.ends_with(&mobile[mobile.len() - 4..]));
        assert!(!destination.contains(&mobile[3..mobile.len() - 4]));
    }
    h.stop().await;
}

#[tokio::test]
async fn three_wrong_codes_end_in_invalid_mfa() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let a = h.connect(&user, "upwork", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = a["id"].as_str().unwrap();
    h.settle(&user, id).await;
    let mut last = json!(null);
    for code in ["1111", "2222", "3333"] {
        last = h.post(&user, &format!("/accounts/{id}/mfa"), json!({"code": code})).await.1;
    }
    assert_eq!(last["data"]["connectionStatus"], "ERROR");
    assert_eq!(last["data"]["connection"]["errorCode"], "INVALID_MFA");
    assert!(last["data"]["connection"]["errorMessage"].as_str().is_some());
    let (status, body) = h.post(&user, &format!("/accounts/{id}/mfa"), json!({"code": "1234"})).await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    h.stop().await;
}

#[tokio::test]
async fn an_unanswered_challenge_times_out_and_resend_restarts_it() {
    let h = Harness::start_with(|c| c.mfa_timeout = 1).await;
    let user = h.new_user().await;
    let a = h.connect(&user, "upwork", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = a["id"].as_str().unwrap();
    let before = h.settle(&user, id).await["mfa"]["expiresAt"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let (status, body) = h.post(&user, &format!("/accounts/{id}/mfa/resend"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["connectionStatus"], "AWAITING_MFA");
    assert!(body["data"]["mfa"]["expiresAt"].as_str() >= before.as_str());
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let (_, body) = h.get(&user, &format!("/accounts/{id}")).await;
    assert_eq!(body["data"]["connectionStatus"], "ERROR");
    assert_eq!(body["data"]["connection"]["errorCode"], "MFA_TIMEOUT");
    h.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let a = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": "wrong"})).await;
    let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
    assert_eq!(settled["connectionStatus"], "ERROR");
    assert_eq!(settled["connection"]["errorCode"], "INVALID_CREDENTIALS");
    h.stop().await;
}

#[tokio::test]
async fn every_error_code_is_reachable_by_its_test_user() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let codes = [
        "ACCOUNT_DISABLED",
        "ACCOUNT_INACCESSIBLE",
        "ACCOUNT_INCOMPLETE",
        "ACCOUNT_LOCKED",
        "AUTH_REQUIRED",
        "EXPIRED_CREDENTIALS",
        "INVALID_ACCOUNT_TYPE",
        "INVALID_AUTH",
        "INVALID_CREDENTIALS",
        "INVALID_MFA",
        "MFA_TIMEOUT",
        "SERVICE_UNAVAILABLE",
        "SYSTEM_ERROR",
        "TOS_REQUIRED",
        "UNSUPPORTED_AUTH_TYPE",
        "UNSUPPORTED_MFA_METHOD",
    ];
    for code in codes {
        let a = h
            .connect(&user, "upwork", json!({"email": format!("error_{code}@smileapi.io"), "password": "x"}))
            .await;
        let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
        assert_eq!(settled["connectionStatus"], "ERROR", "{code}");
        assert_eq!(settled["connection"]["errorCode"], code);
    }
    h.stop().await;
}

#[tokio::test]
async fn sss_takes_email_mobile_or_ss_number() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    for credentials in [
        json!({"ssNumber": "3300000008", "password": "123456"}),
        json!({"email": GEORGE.0, "password": GEORGE.1}),
        json!({"mobile": "+639559991234", "password": "123456"}),
    ] {
        let a = h.connect(&user, "sss_ph", credentials.clone()).await;
        assert_eq!(
            h.settle(&user, a["id"].as_str().unwrap()).await["connectionStatus"],
            "AWAITING_MFA",
            "{credentials}"
        );
    }
    h.stop().await;
}

/// The documents print the users as a table: user name, full name, mobile number as `(+63) …`.
const PRINTED: [(&str, &str, &str, &str); 4] = [
    ("George", "George Palomero Jr.", "(+63) 9559991234", "123456"),
    ("Ryan", "Ryan Ng", "(+62) 8119994321", "654321"),
    ("Christina", "Christina Tan", "(+65) 99996789", "YGUS1"),
    ("Anisha", "Anisha Bhatia", "(+91) 9511198765", "123456"),
];

#[tokio::test]
async fn the_printed_user_names_log_in_where_the_provider_asks_for_a_username() {
    let h = Harness::start().await;
    for (username, full_name, _, password) in PRINTED {
        for typed in [username.to_string(), format!("  {} ", username.to_uppercase()), full_name.to_string()]
        {
            let user = h.new_user().await;
            // upwork offers EMAIL and USERNAME, and asks for a code; greythr connects straight away.
            let a = h.connect(&user, "upwork", json!({"username": typed, "password": password})).await;
            let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
            assert_eq!(settled["connectionStatus"], "AWAITING_MFA", "{typed:?}");
            let b = h.connect(&user, "greythr", json!({"username": typed, "password": password})).await;
            let settled = h.settle(&user, b["id"].as_str().unwrap()).await;
            assert_eq!(settled["connectionStatus"], "CONNECTED", "{typed:?}");
        }
    }
    let user = h.new_user().await;
    let a = h.connect(&user, "greythr", json!({"username": "George", "password": "654321"})).await;
    let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
    assert_eq!(settled["connection"]["errorCode"], "INVALID_CREDENTIALS", "Ryan's password is not George's");
    h.stop().await;
}

#[tokio::test]
async fn the_printed_mobile_numbers_log_in_with_spaces_parentheses_and_dashes() {
    let h = Harness::start().await;
    for typed in ["(+63) 9559991234", "+63 955-999-1234"] {
        let user = h.new_user().await;
        let a = h.connect(&user, "sss_ph", json!({"mobile": typed, "password": "123456"})).await;
        let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
        assert_eq!(settled["connectionStatus"], "AWAITING_MFA", "{typed:?}");
        assert_eq!(settled["mfa"]["destination"], "+63•••••1234");
    }
    for (_, _, mobile, password) in PRINTED {
        let user = h.new_user().await;
        let a = h.connect(&user, "grab", json!({"mobile": mobile, "password": password})).await;
        assert_eq!(
            h.settle(&user, a["id"].as_str().unwrap()).await["connectionStatus"],
            "CONNECTED",
            "{mobile}"
        );
    }
    let user = h.new_user().await;
    let a = h.connect(&user, "sss_ph", json!({"mobile": "(+63) 9559991234", "password": "654321"})).await;
    let settled = h.settle(&user, a["id"].as_str().unwrap()).await;
    assert_eq!(settled["connection"]["errorCode"], "INVALID_CREDENTIALS");
    h.stop().await;
}

#[tokio::test]
async fn credentials_that_fit_no_login_form_are_refused() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    for (provider, credentials, mention) in [
        ("grab", json!({"email": GEORGE.0}), "credentials"),
        ("grab", json!({"email": GEORGE.0, "password": "1", "pin": "2"}), "credentials"),
        ("grab", json!({"email": "", "password": "1"}), "credentials.email"),
        ("nope", json!({"email": GEORGE.0, "password": "1"}), "providerId"),
        ("cafe_lumiere", json!({"email": GEORGE.0, "password": "1"}), "uploaded documents"),
    ] {
        let (status, body) =
            h.post(&user, "/accounts", json!({"providerId": provider, "credentials": credentials})).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        assert!(body["message"].as_str().unwrap().contains(mention), "{body}");
    }
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(body["data"]["items"], json!([]), "a refused request creates nothing");
    h.stop().await;
}

#[tokio::test]
async fn a_revoked_account_stays_listed_as_disconnected() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let a = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = a["id"].as_str().unwrap();
    h.settle(&user, id).await;
    let (status, body) = h.call(&user, Method::DELETE, &format!("/accounts/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["connectionStatus"], "DISCONNECTED");
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(body["data"]["items"][0]["connectionStatus"], "DISCONNECTED");
    h.stop().await;
}

fn listed(body: &serde_json::Value) -> Vec<(String, String)> {
    body["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["connectionStatus"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn failed_attempts_do_not_pile_up_the_next_login_continues_the_same_account() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let first = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": "wrong"})).await;
    let id = first["id"].as_str().unwrap();
    let failed = h.settle(&user, id).await;
    assert_eq!(failed["connection"]["errorCode"], "INVALID_CREDENTIALS");

    let second = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": "wrong again"})).await;
    assert_eq!(second["id"], id);
    assert!(second["connection"]["errorCode"].is_null(), "the old error is cleared: {second}");
    assert_eq!(second["createdAt"], first["createdAt"]);
    assert!(second["connection"]["updatedAt"].as_str() >= failed["connection"]["updatedAt"].as_str());
    assert_eq!(h.settle(&user, id).await["connection"]["errorCode"], "INVALID_CREDENTIALS");

    let third = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    assert_eq!(third["id"], id);
    assert_eq!(h.settle(&user, id).await["connectionStatus"], "CONNECTED");
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(listed(&body), [(id.to_string(), "CONNECTED".to_string())]);
    h.stop().await;
}

/// Logs in to upwork with `credentials`, answers the MFA code, and returns the connected account's id.
async fn connect_upwork(h: &Harness, user: &common::User, credentials: serde_json::Value) -> String {
    let a = h.connect(user, "upwork", credentials).await;
    let id = a["id"].as_str().unwrap().to_string();
    assert_eq!(h.settle(user, &id).await["connectionStatus"], "AWAITING_MFA");
    let (status, body) = h.post(user, &format!("/accounts/{id}/mfa"), json!({"code": "1234"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(h.settle(user, &id).await["connectionStatus"], "CONNECTED");
    id
}

#[tokio::test]
async fn logging_in_again_as_the_connected_person_keeps_one_account() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let id = connect_upwork(&h, &user, json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    // The same person by another identifier is still the same person.
    let again = connect_upwork(&h, &user, json!({"username": "George", "password": GEORGE.1})).await;
    assert_eq!(again, id);
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(listed(&body), [(id, "CONNECTED".to_string())]);
    h.stop().await;
}

#[tokio::test]
async fn another_person_on_a_connected_provider_gets_an_account_of_their_own() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let george = connect_upwork(&h, &user, json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let ryan = connect_upwork(&h, &user, json!({"username": "Ryan", "password": "654321"})).await;
    assert_ne!(ryan, george);
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(listed(&body), [(george.clone(), "CONNECTED".into()), (ryan.clone(), "CONNECTED".into())]);
    // George's account stays his: logging in as George again continues it, not Ryan's.
    assert_eq!(connect_upwork(&h, &user, json!({"email": GEORGE.0, "password": GEORGE.1})).await, george);
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(listed(&body).len(), 2);
    h.stop().await;
}

#[tokio::test]
async fn a_revoked_account_is_not_reused_and_other_users_accounts_are_never_touched() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let other = h.new_user().await;
    let a = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = a["id"].as_str().unwrap().to_string();
    h.settle(&user, &id).await;
    let (status, _) = h.call(&user, Method::DELETE, &format!("/accounts/{id}"), None).await;
    assert_eq!(status, 200);
    let b = h.connect(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let fresh = b["id"].as_str().unwrap().to_string();
    assert_ne!(fresh, id);
    let (_, body) = h.get(&user, "/accounts").await;
    let listed = listed(&body);
    assert_eq!(listed.iter().map(|(id, _)| id).collect::<Vec<_>>(), [&id, &fresh]);
    assert_eq!(listed[0].1, "DISCONNECTED");

    let c = h.connect(&other, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    assert_ne!(c["id"], fresh.as_str(), "each link user has accounts of its own");
    h.stop().await;
}

#[tokio::test]
async fn logins_at_the_same_moment_continue_one_account() {
    let h = std::sync::Arc::new(Harness::start().await);
    let user = std::sync::Arc::new(h.new_user().await);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (h, user) = (h.clone(), user.clone());
        tasks.push(tokio::spawn(async move {
            h.connect(&user, "grab", json!({"email": GEORGE.0, "password": "wrong"})).await["id"].clone()
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let (_, body) = h.get(&user, "/accounts").await;
    assert_eq!(listed(&body).len(), 1);
}

#[tokio::test]
async fn one_users_token_never_reaches_another_users_accounts() {
    let h = Harness::start().await;
    let alice = h.new_user().await;
    let bob = h.new_user().await;
    let a = h.connect(&alice, "upwork", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = a["id"].as_str().unwrap();
    h.settle(&alice, id).await;
    for (method, path, body) in [
        (Method::GET, format!("/accounts/{id}"), None),
        (Method::POST, format!("/accounts/{id}/mfa"), Some(json!({"code": "1234"}))),
        (Method::POST, format!("/accounts/{id}/mfa/resend"), Some(json!({}))),
        (Method::DELETE, format!("/accounts/{id}"), None),
    ] {
        let (status, body) = h.call(&bob, method, &path, body).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
    }
    let (_, body) = h.get(&bob, "/accounts").await;
    assert_eq!(body["data"]["items"], json!([]));
    let (_, body) = h.get(&alice, &format!("/accounts/{id}")).await;
    assert_eq!(body["data"]["connectionStatus"], "AWAITING_MFA", "untouched by the other user");
    h.stop().await;
}

#[tokio::test]
async fn concurrent_users_each_see_exactly_their_own_accounts() {
    let h = std::sync::Arc::new(Harness::start().await);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let user = h.new_user().await;
            let (email, _, password) = USERS[i % 4];
            let mut ids = Vec::new();
            for provider in ["grab", "freelancer", "toptal"] {
                let a = h.connect(&user, provider, json!({"email": email, "password": password})).await;
                ids.push(a["id"].as_str().unwrap().to_string());
            }
            let (_, body) = h.get(&user, "/accounts").await;
            let listed: Vec<String> = body["data"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(listed, ids);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}
