//! Uploads over real HTTP: multipart, format by content, size limit, analysis states, revoking.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Harness, User, assert_error};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 0xFF, 0xD9];

async fn upload(h: &Harness, user: &User, form: Form) -> (reqwest::StatusCode, Value) {
    let response = h
        .client
        .post(format!("{}/v1/archives", h.base))
        .bearer_auth(&user.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    common::read(response).await
}

fn file(bytes: &[u8], name: &str) -> Part {
    Part::bytes(bytes.to_vec()).file_name(name.to_string())
}

async fn settle(h: &Harness, user: &User, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, body) = h.get(user, "/archives").await;
        let archive =
            body["data"]["items"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
        if archive["state"]["status"] != "STARTED" {
            return archive;
        }
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_readable_payslip_is_analyzed() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let form = Form::new().text("fileType", "PAYSLIP").part("file", file(PDF, "march.pdf"));
    let (status, body) = upload(&h, &user, form).await;
    assert_eq!(status, 201, "{body}");
    let archive = &body["data"];
    assert!(archive["id"].as_str().unwrap().starts_with("u-"));
    assert_eq!(archive["providerId"], "user-provided");
    assert_eq!(archive["type"], "PAYSLIP");
    assert_eq!(archive["state"]["status"], "STARTED");
    let raw = &archive["rawFiles"][0];
    assert!(raw["id"].as_str().unwrap().starts_with("f-"));
    assert_eq!(
        (raw["name"].as_str(), raw["format"].as_str(), raw["size"].as_u64()),
        (Some("march.pdf"), Some("PDF"), Some(PDF.len() as u64))
    );
    let settled = settle(&h, &user, archive["id"].as_str().unwrap()).await;
    assert_eq!(settled["state"]["status"], "ANALYZED");

    let (status, body) =
        h.call(&user, Method::DELETE, &format!("/archives/{}", archive["id"].as_str().unwrap()), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["state"]["status"], "REVOKED");
    h.stop().await;
}

#[tokio::test]
async fn the_format_is_judged_by_bytes_and_recorded_per_side() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    // A JPEG named .pdf is a JPEG; the company ID's sides are recorded.
    let form = Form::new()
        .text("fileType", "COMPANY_ID")
        .text("subType", "FRONT")
        .part("file", file(JPEG, "front.pdf"))
        .text("subType", "BACK")
        .part("file", file(JPEG, "back.jpg"));
    let (status, body) = upload(&h, &user, form).await;
    assert_eq!(status, 201, "{body}");
    let files = body["data"]["rawFiles"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!((files[0]["format"].as_str(), files[0]["subType"].as_str()), (Some("JPEG"), Some("FRONT")));
    assert_eq!(files[1]["subType"], "BACK");

    // A GIF called .png is refused as an unsupported type.
    let form = Form::new().text("fileType", "PAYSLIP").part("file", file(b"GIF89a....", "slip.png"));
    let (status, body) = upload(&h, &user, form).await;
    assert_error(status, &body, 415, "UNSUPPORTED_TYPE");
    h.stop().await;
}

#[tokio::test]
async fn damaged_and_protected_files_end_in_error_and_unsupported() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (_, damaged) = upload(
        &h,
        &user,
        Form::new().text("fileType", "PAYSLIP").part("file", file(b"%PDF-1.7\n1 0 obj", "cut.pdf")),
    )
    .await;
    let (_, locked) = upload(
        &h,
        &user,
        Form::new()
            .text("fileType", "TAX_DOCUMENT")
            .part("file", file(b"%PDF-1.7 /Encrypt 4 0 R\n%%EOF", "locked.pdf")),
    )
    .await;
    let damaged = settle(&h, &user, damaged["data"]["id"].as_str().unwrap()).await;
    assert_eq!(damaged["state"]["status"], "ERROR");
    assert!(damaged["state"]["errorMessage"].as_str().is_some());
    let locked = settle(&h, &user, locked["data"]["id"].as_str().unwrap()).await;
    assert_eq!(locked["state"]["status"], "UNSUPPORTED");
    h.stop().await;
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let mut big = PDF.to_vec();
    big.resize(15 * 1024 * 1024 + 1, b' ');
    let cases = [
        (Form::new().text("fileType", "PAYSLIP").part("file", file(&big, "huge.pdf")), "15 MB"),
        (Form::new().text("fileType", "PAYSLIP"), "at least one file"),
        (Form::new().part("file", file(PDF, "a.pdf")), "fileType"),
        (Form::new().text("fileType", "SELFIE").part("file", file(PDF, "a.pdf")), "fileType"),
        (Form::new().text("fileType", "PAYSLIP").text("note", "hi"), "note"),
    ];
    for (form, mention) in cases {
        let (status, body) = upload(&h, &user, form).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        assert!(body["message"].as_str().unwrap().contains(mention), "{body}");
    }
    let (status, body) = h.post(&user, "/archives", serde_json::json!({"fileType": "PAYSLIP"})).await;
    assert_error(status, &body, 415, "UNSUPPORTED_TYPE");
    let (_, body) = h.get(&user, "/archives").await;
    assert_eq!(body["data"]["items"], serde_json::json!([]));
    h.stop().await;
}

#[tokio::test]
async fn file_types_and_archives_belong_to_their_user() {
    let h = Harness::start().await;
    let alice = h.new_user().await;
    let bob = h.new_user().await;
    let (_, body) = h.get(&alice, "/fileTypes").await;
    let kinds: Vec<_> =
        body["data"]["items"].as_array().unwrap().iter().map(|t| t["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["PAYSLIP", "TAX_DOCUMENT", "COMPANY_ID"]);
    assert_eq!(body["data"]["items"][0]["maxSizeBytes"], 15 * 1024 * 1024);

    let (_, body) =
        upload(&h, &alice, Form::new().text("fileType", "PAYSLIP").part("file", file(PDF, "a.pdf"))).await;
    let id = body["data"]["id"].as_str().unwrap();
    let (status, body) = h.call(&bob, Method::DELETE, &format!("/archives/{id}"), None).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    let (_, body) = h.get(&bob, "/archives").await;
    assert_eq!(body["data"]["items"], serde_json::json!([]));
    h.stop().await;
}
