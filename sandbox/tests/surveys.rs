//! "Can't find your employer?" without an upload: `POST /v1/surveys` and `GET /v1/surveys`.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, assert_error};
use serde_json::{Value, json};

fn names(body: &Value) -> Vec<String> {
    body["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["employerName"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_survey_records_the_unlisted_employer_for_this_user_only() {
    let h = Harness::start().await;
    let alice = h.new_user().await;
    let bob = h.new_user().await;
    let (status, body) = h.post(&alice, "/surveys", json!({"employerName": "  Kopi Corner Cebu  "})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["code"], "CREATED");
    let survey = &body["data"];
    let id = survey["id"].as_str().unwrap();
    assert!(id.len() == 34 && id.starts_with("s-"), "{id}");
    assert!(id[2..].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{id}");
    assert_eq!(survey["userId"], alice.id.as_str());
    assert_eq!(survey["employerName"], "Kopi Corner Cebu");
    assert!(survey["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(survey.as_object().unwrap().len(), 4, "{survey}");

    h.post(&alice, "/surveys", json!({"employerName": "Bengkel Pak Budi"})).await;
    h.post(&alice, "/surveys", json!({"employerName": "Sari-Sari ni Nena"})).await;
    let (status, body) = h.get(&alice, "/surveys").await;
    assert_eq!(status, 200);
    assert_eq!(names(&body), ["Kopi Corner Cebu", "Bengkel Pak Budi", "Sari-Sari ni Nena"]);
    assert_eq!(body["data"]["items"][0], *survey);
    assert!(body["data"]["nextCursor"].is_null());

    // Paged like every list.
    let (_, first) = h.get(&alice, "/surveys?size=2").await;
    assert_eq!(names(&first), ["Kopi Corner Cebu", "Bengkel Pak Budi"]);
    let cursor = first["data"]["nextCursor"].as_str().unwrap();
    let (_, second) = h.get(&alice, &format!("/surveys?size=2&cursor={cursor}")).await;
    assert_eq!(names(&second), ["Sari-Sari ni Nena"]);
    assert!(second["data"]["nextCursor"].is_null());
    let (status, body) = h.get(&alice, "/surveys?size=0").await;
    assert_error(status, &body, 400, "INVALID_PARAMETERS");

    // Another user sees none of them.
    let (_, body) = h.get(&bob, "/surveys").await;
    assert_eq!(body["data"]["items"], json!([]));
    h.stop().await;
}

#[tokio::test]
async fn a_bad_survey_is_refused_naming_the_problem() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    for (body, mention) in [
        (json!({}), "employerName"),
        (json!({"employerName": "   "}), "employerName must not be empty"),
        (json!({"employerName": "x".repeat(201)}), "at most 200"),
        (json!({"employerName": 42}), "employerName"),
        (json!({"employerName": "Kopi Corner", "city": "Cebu"}), "city"),
        (json!({"employerName": "Kopi\nCorner"}), "control characters"),
    ] {
        let (status, answer) = h.post(&user, "/surveys", body.clone()).await;
        assert_error(status, &answer, 400, "INVALID_PARAMETERS");
        assert!(answer["message"].as_str().unwrap().contains(mention), "{body}: {answer}");
    }
    let (status, body) = h.post(&user, "/surveys", json!({"employerName": "é".repeat(200)})).await;
    assert_eq!(status, 201, "200 characters, whatever their bytes: {body}");

    let response = h
        .client
        .post(format!("{}/v1/surveys", h.base))
        .json(&json!({"employerName": "Kopi Corner"}))
        .send()
        .await
        .unwrap();
    let (status, body) = common::read(response).await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    let (_, body) = h.get(&user, "/surveys").await;
    assert_eq!(body["data"]["items"].as_array().unwrap().len(), 1, "nothing refused was recorded");
    h.stop().await;
}

#[tokio::test]
async fn a_user_may_keep_at_most_a_hundred_surveys() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    for n in 0..100 {
        let (status, body) =
            h.post(&user, "/surveys", json!({"employerName": format!("Employer {n}")})).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = h.post(&user, "/surveys", json!({"employerName": "One too many"})).await;
    assert_error(status, &body, 429, "REQUEST_LIMIT_EXCEEDED");
    let other = h.new_user().await;
    let (status, _) = h.post(&other, "/surveys", json!({"employerName": "Kopi Corner"})).await;
    assert_eq!(status, 201);
    h.stop().await;
}
