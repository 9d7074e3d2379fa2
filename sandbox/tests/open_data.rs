//! The Open API's data endpoints over HTTP: a connected account's identities, employments,
//! estimated incomes, contributions and transactions, per provider type and sandbox user, paged,
//! and only to the partner whose user connected it.

#![allow(clippy::unwrap_used)]

mod common;

use common::{GEORGE, Harness, assert_error};
use serde_json::{Value, json};

const ENDPOINTS: [&str; 5] = ["identities", "employments", "eincomes", "contributions", "transactions"];

fn items(body: &Value) -> Vec<Value> {
    body["data"]["items"].as_array().cloned().unwrap_or_else(|| panic!("a list: {body}"))
}

async fn fetch(h: &Harness, endpoint: &str, account_id: &str) -> Vec<Value> {
    let (status, body) = h.open_get(&format!("/{endpoint}?sourceId={account_id}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], "OK");
    items(&body)
}

#[tokio::test]
async fn georges_identity_after_connecting_upwork_is_the_documents_example() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let account = h.connect(&user, "upwork", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = account["id"].as_str().unwrap();
    assert_eq!(fetch(&h, "identities", id).await, Vec::<Value>::new(), "nothing before CONNECTED");

    let connected = h.connect_fully(&user, "upwork", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    assert_eq!(connected["id"], id, "logging in again continued the account");
    let identities = fetch(&h, "identities", id).await;
    assert_eq!(identities.len(), 1);
    let mut george = identities[0].clone();
    let record_id = george["id"].as_str().unwrap().to_string();
    assert!(record_id.starts_with("i-") && record_id.len() == 34, "{record_id}");
    let metadata = george["metadata"].take();
    george["id"] = json!("i-123abc456def789abc123def456abc78");
    // Seed 002, step 3, exactly as printed.
    assert_eq!(
        george,
        json!({
          "id": "i-123abc456def789abc123def456abc78",
          "fullName": "George Cimafranca Palomero, Jr",
          "firstName": "George",
          "middleName": "Cimafranca",
          "lastName": "Palomero",
          "suffix": "Jr",
          "gender": "Male",
          "dob": "1970-08-24",
          "maritalStatus": "Married",
          "countryResidence": "PH",
          "citizenship": "Citizen",
          "photoUrl": "https://cdn.smileapi.io/image/avatar/v20211115191600/george.jpg",
          "referenceId": null,
          "profileUrl": null,
          "emails": [{"address": "gpalomero1234@smileapi.io", "type": "Primary"}],
          "phones": [{"number": "+639559991234", "type": "Mobile"}],
          "socialProfiles": [{"socialUrl": "https://www.facebook.com/gpalomero1234", "type": "Facebook"}],
          "addresses": [{
            "fullAddress": "12 Maybunga St, Barangay Paraiso, Pasig City, NCR, 1600, PH",
            "line1": "12 Maybunga St",
            "line2": "Barangay Paraiso",
            "city": "Pasig City",
            "region": "NCR",
            "zip": "1600",
            "country": "PH",
            "latitude": "14.573454",
            "longitude": "121.085042",
            "type": "Primary"
          }],
          "metadata": null
        })
    );
    assert_eq!(metadata["sourceId"], id);
    assert_eq!(metadata["sourceType"], "ACCOUNT");
    assert_eq!(metadata["userId"], user.id.as_str());
    assert_eq!(metadata["providerId"], "upwork");
    assert_eq!(metadata["createdAt"], connected["connection"]["updatedAt"], "synced when it connected");
    assert_eq!(fetch(&h, "identities", id).await[0]["id"], record_id.as_str(), "the same record next time");
    h.stop().await;
}

#[tokio::test]
async fn each_provider_type_answers_its_endpoints_with_the_documents_values() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let george = json!({"email": GEORGE.0, "password": GEORGE.1});
    let grab = h.connect_fully(&user, "grab", george.clone()).await;
    let sss = h.connect_fully(&user, "sss_ph", george.clone()).await;
    let jollibee = h.connect_fully(&user, "jollibee", george.clone()).await;
    let workday = h.connect_fully(&user, "workday", george.clone()).await;
    let prc = h.connect_fully(&user, "prc_ph", george).await;

    let counts = |id: Value| {
        let h = &h;
        async move {
            let mut counts = Vec::new();
            for endpoint in ENDPOINTS {
                counts.push(fetch(h, endpoint, id.as_str().unwrap()).await.len());
            }
            counts
        }
    };
    // identities, employments, eincomes, contributions, transactions
    assert_eq!(counts(grab["id"].clone()).await, [1, 1, 1, 0, 3], "a gig platform");
    assert_eq!(counts(sss["id"].clone()).await, [1, 2, 2, 3, 0], "a government service");
    assert_eq!(counts(jollibee["id"].clone()).await, [1, 1, 2, 0, 0], "an employer");
    assert_eq!(counts(workday["id"].clone()).await, [1, 1, 2, 0, 0], "an HR system");
    assert_eq!(counts(prc["id"].clone()).await, [1, 0, 0, 0, 0], "a credential");

    // Seed 004's transactions, on the gig platform.
    let tx = fetch(&h, "transactions", grab["id"].as_str().unwrap()).await;
    let seen: Vec<_> =
        tx.iter().map(|t| (t["date"].clone(), t["amount"].clone(), t["description"].clone())).collect();
    assert_eq!(
        seen,
        [
            (json!("2022-08-31"), json!(-16.9), json!("Platform fee")),
            (json!("2022-08-29"), json!(550.0), json!("Order revenue")),
            (json!("2022-08-28"), json!(250.0), json!("Rider incentive")),
        ]
    );
    assert_eq!(tx[1]["currency"], "PHP");
    assert_eq!(tx[1]["referenceId"], "Order ID-994728692055");
    assert_eq!(tx[1]["metadata"]["accountId"], grab["id"]);
    let job = &fetch(&h, "employments", grab["id"].as_str().unwrap()).await[0];
    assert_eq!((job["employer"].clone(), job["jobTitle"].clone()), (json!("Grab"), json!("Driver-Partner")));

    // Seed 002's employments and contributions and seed 004's eincomes, on the social security fund.
    let sss_id = sss["id"].as_str().unwrap();
    let jobs = fetch(&h, "employments", sss_id).await;
    assert_eq!(jobs[0]["employer"], "ABC Corporation");
    assert_eq!(jobs[0]["jobTitle"], "Security Guard");
    assert_eq!(jobs[0]["employeeNumber"], "EMP-123456");
    assert_eq!(
        (jobs[0]["startDate"].clone(), jobs[0]["endDate"].clone()),
        (json!("2022-07-01"), json!("2022-07-31"))
    );
    assert_eq!(jobs[1]["employer"], "CDE Corporation");
    assert_eq!(jobs[1]["status"], "Permanent");
    let contributions = fetch(&h, "contributions", sss_id).await;
    let seen: Vec<_> = contributions.iter().map(|c| (c["date"].clone(), c["amount"].clone())).collect();
    assert_eq!(
        seen,
        [
            (json!("2022-06-30"), json!(2250.0)),
            (json!("2022-05-31"), json!(2250.0)),
            (json!("2022-04-30"), json!(2250.0))
        ]
    );
    let incomes = fetch(&h, "eincomes", sss_id).await;
    assert_eq!(incomes[0]["month"], "2022-11");
    assert_eq!(incomes[0]["baseAmount"], json!(8500.0));
    assert_eq!(incomes[0]["currency"], "PHP");
    assert!(incomes[0]["id"].as_str().unwrap().starts_with("einc-"));
    let (status, alias) = h.open_get(&format!("/incomes?sourceId={sss_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(items(&alias), incomes, "/incomes is /eincomes");

    // An employer's record names the employer; an HR system's the company that uses it.
    let employer = |records: Vec<Value>| records[0]["employer"].clone();
    assert_eq!(employer(fetch(&h, "employments", jollibee["id"].as_str().unwrap()).await), "Jollibee");
    assert_eq!(employer(fetch(&h, "employments", workday["id"].as_str().unwrap()).await), "ABC Corporation");
    h.stop().await;
}

#[tokio::test]
async fn the_other_sandbox_users_have_their_own_consistent_records() {
    let h = Harness::start().await;
    for (email, password, full_name, phone, country, currency) in [
        ("ryan1234@smileapi.io", "654321", "Ryan Ng", "+628119994321", "ID", "IDR"),
        ("christina4321@smileapi.io", "YGUS1", "Christina Tan", "+6599996789", "SG", "SGD"),
        ("anisha98765@smileapi.io", "123456", "Anisha Bhatia", "+919511198765", "IN", "INR"),
    ] {
        let user = h.new_user().await;
        let account = h.connect_fully(&user, "sss_ph", json!({"email": email, "password": password})).await;
        let id = account["id"].as_str().unwrap();
        let identity = &fetch(&h, "identities", id).await[0];
        assert_eq!(identity["fullName"], full_name);
        assert_eq!(identity["emails"][0]["address"], email);
        assert_eq!(identity["phones"][0]["number"], phone);
        assert_eq!(identity["countryResidence"], country);
        assert_eq!(identity["addresses"][0]["country"], country);
        for endpoint in ["eincomes", "contributions"] {
            let records = fetch(&h, endpoint, id).await;
            assert!(!records.is_empty(), "{full_name} {endpoint}");
            assert!(records.iter().all(|r| r["currency"] == currency), "{full_name} {endpoint}: {records:?}");
        }
        let jobs = fetch(&h, "employments", id).await;
        assert_eq!(jobs.len(), 2);
        assert!(jobs.iter().all(|j| j["employer"].as_str().is_some_and(|e| !e.contains("ABC"))), "{jobs:?}");
    }
    h.stop().await;
}

#[tokio::test]
async fn a_user_id_lists_every_connected_account_in_pages() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let george = json!({"email": GEORGE.0, "password": GEORGE.1});
    let grab = h.connect_fully(&user, "grab", george.clone()).await;
    let sss = h.connect_fully(&user, "sss_ph", george.clone()).await;
    let failed = h.connect(&user, "freelancer", json!({"email": GEORGE.0, "password": "wrong"})).await;
    h.settle(&user, failed["id"].as_str().unwrap()).await;

    let (status, body) = h.open_get(&format!("/identities?userId={}", user.id)).await;
    assert_eq!(status, 200);
    let sources: Vec<_> = items(&body).iter().map(|i| i["metadata"]["sourceId"].clone()).collect();
    assert_eq!(sources, [grab["id"].clone(), sss["id"].clone()], "connected accounts only, oldest first");

    let mut cursor: Option<String> = None;
    let mut pages = Vec::new();
    for _ in 0..5 {
        let after = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let (status, body) = h.open_get(&format!("/employments?userId={}&size=2{after}", user.id)).await;
        assert_eq!(status, 200, "{body}");
        pages.push(items(&body).len());
        cursor = body["data"]["nextCursor"].as_str().map(String::from);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(pages, [2, 1], "grab's one and the fund's two employments");

    let (status, body) = h
        .open_get(&format!("/transactions?sourceId={}&userId={}", grab["id"].as_str().unwrap(), user.id))
        .await;
    assert_eq!((status.as_u16(), items(&body).len()), (200, 3), "both may be given when they agree");

    // A disconnected account's data is gone.
    let (status, _) = h
        .call(&user, reqwest::Method::DELETE, &format!("/accounts/{}", grab["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(fetch(&h, "transactions", grab["id"].as_str().unwrap()).await, Vec::<Value>::new());
    h.stop().await;
}

#[tokio::test]
async fn a_partner_reaches_only_its_own_users_accounts() {
    let h = Harness::start_with(|c| {
        c.partners
            .push(smile_sandbox::config::Partner { key: "other_key".into(), secret: "other_secret".into() })
    })
    .await;
    let user = h.new_user().await;
    let account = h.connect_fully(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = account["id"].as_str().unwrap();

    for endpoint in ENDPOINTS {
        let (status, body) =
            h.open_get_as("other_key", "other_secret", &format!("/{endpoint}?sourceId={id}")).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
        let (status, body) =
            h.open_get_as("other_key", "other_secret", &format!("/{endpoint}?userId={}", user.id)).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
    }
    let refreshed = h
        .client
        .post(format!("{}/open/v1/tokens?userId={}", h.base, user.id))
        .basic_auth("other_key", Some("other_secret"))
        .send()
        .await
        .unwrap();
    let (status, body) = common::read(refreshed).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");

    // The other partner's own user works for it, and is as unknown to the first partner.
    let theirs = h.new_user_as("other_key", "other_secret").await;
    let their_account =
        h.connect_fully(&theirs, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let their_id = their_account["id"].as_str().unwrap();
    let (status, body) =
        h.open_get_as("other_key", "other_secret", &format!("/identities?sourceId={their_id}")).await;
    assert_eq!((status.as_u16(), items(&body).len()), (200, 1));
    let (status, body) = h.open_get(&format!("/identities?sourceId={their_id}")).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");

    let (status, body) =
        h.open_get_as("other_key", "wrong", &format!("/identities?sourceId={their_id}")).await;
    assert_error(status, &body, 403, "UNAUTHORIZED_ACCESS");
    let anonymous =
        h.client.get(format!("{}/open/v1/identities?sourceId={id}", h.base)).send().await.unwrap();
    let (status, body) = common::read(anonymous).await;
    assert_error(status, &body, 403, "UNAUTHORIZED_ACCESS");
    h.stop().await;
}

#[tokio::test]
async fn bad_data_queries_are_refused_naming_the_problem() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let account = h.connect_fully(&user, "grab", json!({"email": GEORGE.0, "password": GEORGE.1})).await;
    let id = account["id"].as_str().unwrap();
    let other = h.new_user().await;
    for (query, status, code) in [
        ("/identities".to_string(), 400, "INVALID_PARAMETERS"),
        ("/identities?sourceId=".to_string(), 400, "INVALID_PARAMETERS"),
        (format!("/identities?sourceId={id}&size=0"), 400, "INVALID_PARAMETERS"),
        (format!("/identities?sourceId={id}&cursor=nope!"), 400, "INVALID_PARAMETERS"),
        (format!("/identities?sourceId={id}&colour=blue"), 400, "INVALID_PARAMETERS"),
        ("/identities?sourceId=a-00000000000000000000000000000000".to_string(), 404, "MISSING_RESOURCE"),
        ("/identities?userId=usr-nobody".to_string(), 404, "MISSING_RESOURCE"),
        (format!("/identities?sourceId={id}&userId={}", other.id), 404, "MISSING_RESOURCE"),
        (format!("/credentials?sourceId={id}"), 404, "MISSING_RESOURCE"),
    ] {
        let (got, body) = h.open_get(&query).await;
        assert_error(got, &body, status, code);
        if status == 400 && query == "/identities" {
            assert!(body["message"].as_str().unwrap().contains("sourceId"), "{body}");
        }
    }
    h.stop().await;
}
