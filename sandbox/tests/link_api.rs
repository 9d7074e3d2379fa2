//! The link API over real HTTP: tokens, session, providers, paging and bad input.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, assert_error};
use reqwest::Method;
use serde_json::{Value, json};

fn ids(body: &Value) -> Vec<String> {
    body["data"]["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_open_api_mints_tokens_only_for_the_right_key_and_secret() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    assert!(user.token.starts_with("tk-sandbox-"));
    assert!(user.id.starts_with("usr-"));

    let response = h.client.post(format!("{}/open/v1/users", h.base)).json(&json!({})).send().await.unwrap();
    let (status, body) = common::read(response).await;
    assert_error(status, &body, 403, "UNAUTHORIZED_ACCESS");
    let response = h
        .client
        .post(format!("{}/open/v1/users", h.base))
        .basic_auth("sandbox_key", Some("wrong"))
        .send()
        .await
        .unwrap();
    let (status, body) = common::read(response).await;
    assert_error(status, &body, 403, "UNAUTHORIZED_ACCESS");

    // A fresh token for the same user reads the same user's data.
    let (status, body) = h.open(&format!("/tokens?userId={}", user.id), json!(null)).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["data"]["userId"], user.id.as_str());
    let (status, body) = h.open("/tokens?userId=usr-nobody", json!(null)).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    let (status, body) = h.open("/tokens", json!(null)).await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    let (status, body) = h.open("/users", json!({"nickname": "x"})).await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    h.stop().await;
}

#[tokio::test]
async fn a_missing_unknown_or_expired_token_is_invalid_token() {
    let h = Harness::start_with(|c| c.token_ttl = 1).await;
    let user = h.new_user().await;
    let (status, _) = h.get(&user, "/session").await;
    assert_eq!(status, 200);

    let response = h.client.get(format!("{}/v1/providers", h.base)).send().await.unwrap();
    let (status, body) = common::read(response).await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    let stranger = common::User { id: String::new(), token: "tk-sandbox-unknown".into() };
    let (status, body) = h.get(&stranger, "/accounts").await;
    assert_error(status, &body, 401, "INVALID_TOKEN");

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, body) = h.get(&user, "/session").await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    h.stop().await;
}

#[tokio::test]
async fn the_session_tells_user_mode_expiry_and_template() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (status, body) = h.get(&user, "/session").await;
    assert_eq!(status, 200);
    assert_eq!(body["code"], "OK");
    assert_eq!(body["data"]["userId"], user.id.as_str());
    assert_eq!(body["data"]["mode"], "SANDBOX");
    assert!(body["data"]["expiresAt"].as_str().unwrap().ends_with('Z'));
    assert!(body["data"]["template"].is_null());

    let (_, body) = h.get(&user, "/session?templateId=wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d").await;
    let template = &body["data"]["template"];
    assert_eq!(template["companyName"], "Acme Lending");
    assert_eq!(template["primaryColor"], "#0b6e4f");
    assert_eq!(template["topProviders"], json!(["upwork", "grab"]));

    let (status, body) = h.get(&user, "/session?templateId=wtpl-00000000000000000000000000000000").await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    h.stop().await;
}

#[tokio::test]
async fn providers_page_through_the_whole_catalogue_with_top_ids_first() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..20 {
        let path = match &cursor {
            None => "/providers?size=7&topIds=sss_ph,grab".to_string(),
            Some(c) => format!("/providers?size=7&topIds=sss_ph,grab&cursor={c}"),
        };
        let (status, body) = h.get(&user, &path).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["data"]["items"].as_array().unwrap().len() <= 7);
        seen.extend(ids(&body));
        match body["data"]["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(&seen[..2], ["sss_ph", "grab"]);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no provider twice");
    assert!(seen.len() >= 40);

    // The default page is 20; the largest 150.
    let (_, body) = h.get(&user, "/providers").await;
    assert_eq!(ids(&body).len(), 20);
    let (_, body) = h.get(&user, "/providers?size=150").await;
    assert_eq!(ids(&body).len(), seen.len());
    h.stop().await;
}

#[tokio::test]
async fn provider_filters_search_by_name_type_ids_and_connection() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (_, body) = h.get(&user, "/providers?name=NESTLE").await;
    assert_eq!(ids(&body), ["nestle_ph"]);
    let (_, body) = h.get(&user, "/providers?name=caf%C3%A9%20lumi").await;
    assert_eq!(ids(&body), ["cafe_lumiere"]);
    let (_, body) = h.get(&user, "/providers?name=cafe%20lumiere").await;
    assert_eq!(ids(&body), ["cafe_lumiere"]);

    let (_, body) = h.get(&user, "/providers?type=GOVERNMENT&size=150").await;
    let items = body["data"]["items"].as_array().unwrap();
    assert!(items.len() >= 3);
    assert!(items.iter().all(|p| p["type"] == "GOVERNMENT" && p["typeLabel"] == "Govt Service"));

    let (_, body) = h.get(&user, "/providers?accountConnection=false&size=150").await;
    let items = body["data"]["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|p| p["accountConnection"] == false && p["type"] == "EMPLOYER"));

    let (_, body) = h.get(&user, "/providers?ids=grab,upwork,nope").await;
    assert_eq!(ids(&body), ["grab", "upwork"]);

    let (status, body) = h.get(&user, "/providers/sss_ph").await;
    assert_eq!(status, 200);
    let auth: Vec<_> =
        body["data"]["login"]["authTypes"].as_array().unwrap().iter().map(|a| a["id"].clone()).collect();
    assert_eq!(auth, [json!("EMAIL"), json!("MOBILE"), json!("SS_NUMBER")]);
    assert_eq!(body["data"]["mfa"], true);
    let (_, body) = h.get(&user, "/providers/grab").await;
    assert_eq!((body["data"]["type"].clone(), body["data"]["mfa"].clone()), (json!("GIG"), json!(false)));
    let (status, body) = h.get(&user, "/providers/nope").await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    h.stop().await;
}

#[tokio::test]
async fn bad_provider_queries_get_invalid_parameters_naming_the_problem() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let eleven = (0..11).map(|i| format!("p{i}")).collect::<Vec<_>>().join(",");
    for (path, mention) in [
        (format!("/providers?topIds={eleven}"), "topIds"),
        ("/providers?type=PLANET".into(), "type"),
        ("/providers?size=0".into(), "size"),
        ("/providers?size=151".into(), "size"),
        ("/providers?cursor=!!".into(), "cursor"),
        ("/providers?accountConnection=maybe".into(), "accountConnection"),
        ("/providers?colour=red".into(), "colour"),
    ] {
        let (status, body) = h.get(&user, &path).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        assert!(body["message"].as_str().unwrap().contains(mention), "{path}: {body}");
    }
    let ten = (0..10).map(|i| format!("p{i}")).collect::<Vec<_>>().join(",");
    let (status, _) = h.get(&user, &format!("/providers?topIds={ten}")).await;
    assert_eq!(status, 200);
    h.stop().await;
}

#[tokio::test]
async fn extra_providers_scale_the_catalogue() {
    let h = Harness::start_with(|c| c.extra_providers = 10_000).await;
    let user = h.new_user().await;
    let (_, body) = h.get(&user, "/providers?name=gen&size=150").await;
    assert_eq!(ids(&body).len(), 0, "generated names do not contain 'gen'");
    let (_, body) = h.get(&user, "/providers?name=pacific%20foods%2020&size=150").await;
    assert!(ids(&body).contains(&"emp_gen_000020".to_string()), "{body}");
    let mut count = 0;
    let mut cursor = String::new();
    for _ in 0..100 {
        let (_, body) = h.get(&user, &format!("/providers?size=150&cursor={cursor}")).await;
        count += ids(&body).len();
        match body["data"]["nextCursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert!(count > 10_000, "{count}");
    h.stop().await;
}

#[tokio::test]
async fn the_provider_index_is_the_whole_list_in_its_order_column_by_column() {
    let h = Harness::start_with(|c| c.extra_providers = 200).await;
    let user = h.new_user().await;
    let filters = "topIds=sss_ph,grab&accountConnection=true";
    // The same list, paged by /providers.
    let mut listed = Vec::new();
    let mut cursor = String::new();
    for _ in 0..20 {
        let (_, body) = h.get(&user, &format!("/providers?{filters}&size=150&cursor={cursor}")).await;
        listed.extend(body["data"]["items"].as_array().unwrap().iter().cloned());
        match body["data"]["nextCursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let (status, body) = h.get(&user, &format!("/providerIndex?{filters}")).await;
    assert_eq!(status, 200, "{body}");
    let index = &body["data"];
    let column = |name: &str| index[name].as_array().unwrap().clone();
    assert_eq!(column("ids").len(), listed.len());
    for (field, column_name) in [
        ("id", "ids"),
        ("name", "names"),
        ("longName", "longNames"),
        ("logoUrl", "logoUrls"),
        ("type", "types"),
        ("accountConnection", "accountConnection"),
    ] {
        let expected: Vec<Value> = listed.iter().map(|p| p[field].clone()).collect();
        assert_eq!(column(column_name), expected, "{column_name}");
    }
    assert_eq!(column("ids")[..2], [json!("sss_ph"), json!("grab")]);

    // Only the list's own filters; a page's parameters are refused by name.
    let (status, body) = h.get(&user, "/providerIndex?name=grab").await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    assert!(body["message"].as_str().unwrap().contains("name"), "{body}");
    let (status, body) = h.get(&user, "/providerIndex?accountConnection=maybe").await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");
    let (status, body) = h.get(&user, "/providerIndex?ids=grab,upwork").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(column_len(&body), 2);

    // Compressed for a client that accepts it.
    let response = h
        .client
        .get(format!("{}/v1/providerIndex", h.base))
        .bearer_auth(&user.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    h.stop().await;
}

fn column_len(body: &Value) -> usize {
    body["data"]["ids"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn malformed_bodies_and_unknown_paths_get_the_error_envelope() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let url = format!("{}/v1/accounts", h.base);
    let send = |body: &'static str, content_type: &'static str| {
        h.client.post(&url).bearer_auth(&user.token).header("content-type", content_type).body(body).send()
    };
    let cases = [
        ("{\"providerId\": ", "application/json", 400, "INVALID_PARAMETERS"),
        ("{\"providerId\": 7, \"credentials\": {}}", "application/json", 400, "INVALID_PARAMETERS"),
        (
            "{\"providerId\": \"grab\", \"credentials\": {}, \"extra\": true}",
            "application/json",
            400,
            "INVALID_PARAMETERS",
        ),
        ("[]", "application/json", 400, "INVALID_PARAMETERS"),
        ("providerId=grab", "text/plain", 415, "UNSUPPORTED_TYPE"),
    ];
    for (body, content_type, status, code) in cases {
        let (s, b) = common::read(send(body, content_type).await.unwrap()).await;
        assert_error(s, &b, status, code);
    }
    let huge = format!("{{\"providerId\": \"{}\", \"credentials\": {{}}}}", "x".repeat(200_000));
    let response = h
        .client
        .post(&url)
        .bearer_auth(&user.token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let (s, b) = common::read(response).await;
    assert_error(s, &b, 400, "INVALID_PARAMETERS");

    let (s, b) = h.get(&user, "/nothing/here").await;
    assert_error(s, &b, 404, "MISSING_RESOURCE");
    let (s, b) = h.call(&user, Method::PATCH, "/accounts", Some(json!({}))).await;
    assert_error(s, &b, 400, "INVALID_PARAMETERS");
    h.stop().await;
}
