//! Uploads over real HTTP: multipart, format by content, size limit, analysis states, revoking,
//! fetching raw files again, the employer's name and the per-user quota.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Harness, User, assert_error};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 0xFF, 0xD9];
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\0\0\0\0\0\0\0\0IEND\xaeB`\x82";
const LOCKED_PDF: &[u8] = b"%PDF-1.7 /Encrypt 4 0 R\n%%EOF";

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

fn payslip(bytes: &[u8], name: &str) -> Form {
    Form::new().text("fileType", "PAYSLIP").part("file", file(bytes, name))
}

/// Uploads and returns the new archive, asserting it was accepted.
async fn upload_ok(h: &Harness, user: &User, form: Form) -> Value {
    let (status, body) = upload(h, user, form).await;
    assert_eq!(status, 201, "{body}");
    body["data"].clone()
}

/// A GET of an absolute URL, with `token` as the Bearer token when there is one.
async fn fetch(h: &Harness, url: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = h.client.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
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
        Form::new().text("fileType", "TAX_DOCUMENT").part("file", file(LOCKED_PDF, "locked.pdf")),
    )
    .await;
    let cut_png = upload_ok(&h, &user, payslip(&PNG[..PNG.len() - 12], "cut.png")).await;
    assert_eq!(cut_png["rawFiles"][0]["format"], "PNG");
    let damaged = settle(&h, &user, damaged["data"]["id"].as_str().unwrap()).await;
    assert_eq!(damaged["state"]["status"], "ERROR");
    assert!(damaged["state"]["errorMessage"].as_str().is_some());
    let locked = settle(&h, &user, locked["data"]["id"].as_str().unwrap()).await;
    assert_eq!(locked["state"]["status"], "UNSUPPORTED");
    assert_eq!(locked["state"]["errorCode"], "FILE_PROTECTED");
    let cut_png = settle(&h, &user, cut_png["id"].as_str().unwrap()).await;
    assert_eq!(
        (cut_png["state"]["status"].as_str(), cut_png["state"]["errorCode"].as_str()),
        (Some("ERROR"), Some("FILE_DAMAGED"))
    );
    // A whole PNG is fine.
    let whole_png = upload_ok(&h, &user, payslip(PNG, "whole.png")).await;
    assert_eq!(settle(&h, &user, whole_png["id"].as_str().unwrap()).await["state"]["status"], "ANALYZED");
    h.stop().await;
}

#[tokio::test]
async fn a_text_file_named_like_a_pdf_is_an_unsupported_type_named_in_the_message() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let (status, body) = upload(&h, &user, payslip(b"Net pay: 25,000 PHP\n", "payslip.pdf")).await;
    assert_error(status, &body, 415, "UNSUPPORTED_TYPE");
    assert!(body["message"].as_str().unwrap().contains("payslip.pdf"), "{body}");
    // One bad file among good ones refuses the whole upload.
    let form = payslip(PDF, "good.pdf").part("file", file(b"hello", "notes.pdf"));
    let (status, body) = upload(&h, &user, form).await;
    assert_error(status, &body, 415, "UNSUPPORTED_TYPE");
    assert!(body["message"].as_str().unwrap().contains("notes.pdf"), "{body}");
    let (_, body) = h.get(&user, "/archives").await;
    assert_eq!(body["data"]["items"], serde_json::json!([]));
    h.stop().await;
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let mut big = PDF.to_vec();
    big.resize(15 * 1024 * 1024 + 1, b' ');
    let mut eleven = Form::new().text("fileType", "PAYSLIP");
    for n in 0..11 {
        eleven = eleven.part("file", file(PDF, &format!("page{n}.pdf")));
    }
    let cases = [
        (payslip(&big, "huge.pdf"), "15 MB"),
        (payslip(b"", "blank.pdf"), "\"blank.pdf\" is empty"),
        (eleven, "at most 10 files"),
        (Form::new().text("fileType", "PAYSLIP"), "at least one file"),
        (Form::new().part("file", file(PDF, "a.pdf")), "fileType is required"),
        (Form::new().text("employerName", "Kopi Corner"), "fileType is required"),
        (Form::new().text("fileType", "SELFIE").part("file", file(PDF, "a.pdf")), "fileType"),
        (Form::new().text("fileType", "PAYSLIP").text("note", "hi"), "note"),
        (Form::new().text("fileType", "x".repeat(100)).part("file", file(PDF, "a.pdf")), "too long"),
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

#[tokio::test]
async fn a_raw_file_comes_back_byte_for_byte_to_its_owner_only() {
    let h = Harness::start().await;
    let alice = h.new_user().await;
    let bob = h.new_user().await;
    let form = Form::new()
        .text("fileType", "COMPANY_ID")
        .text("subType", "FRONT")
        .part("file", file(PNG, "front.png"))
        .text("subType", "BACK")
        .part("file", file(JPEG, "back.jpg"));
    let archive = upload_ok(&h, &alice, form).await;
    let pdf = upload_ok(&h, &alice, payslip(PDF, "march.pdf")).await;
    let id = archive["id"].as_str().unwrap();
    let expected = [
        (&archive["rawFiles"][0], PNG, "image/png", "front.png"),
        (&archive["rawFiles"][1], JPEG, "image/jpeg", "back.jpg"),
        (&pdf["rawFiles"][0], PDF, "application/pdf", "march.pdf"),
    ];
    for (raw, bytes, content_type, name) in expected {
        let url = raw["url"].as_str().unwrap();
        let archive_id = if name == "march.pdf" { pdf["id"].as_str().unwrap() } else { id };
        assert_eq!(url, format!("{}/v1/archives/{archive_id}/files/{}", h.base, raw["id"].as_str().unwrap()));
        let response = fetch(&h, url, Some(&alice.token)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-type"), content_type);
        assert_eq!(header(&response, "content-disposition"), format!("inline; filename=\"{name}\""));
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "cache-control"), "private, no-store");
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes);
    }

    let url = archive["rawFiles"][0]["url"].as_str().unwrap();
    let (status, body) = common::read(fetch(&h, url, Some(&bob.token)).await).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    let (status, body) = common::read(fetch(&h, url, None).await).await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    let (status, body) = common::read(fetch(&h, url, Some("tk-sandbox-unknown")).await).await;
    assert_error(status, &body, 401, "INVALID_TOKEN");
    // Another archive's file, an unknown file and an unknown archive are all missing.
    let other_file = pdf["rawFiles"][0]["id"].as_str().unwrap();
    for path in [
        format!("/archives/{id}/files/{other_file}"),
        format!("/archives/{id}/files/f-00000000000000000000000000000000"),
        format!("/archives/u-00000000000000000000000000000000/files/{other_file}"),
    ] {
        let (status, body) = h.get(&alice, &path).await;
        assert_error(status, &body, 404, "MISSING_RESOURCE");
    }
    h.stop().await;
}

#[tokio::test]
async fn a_raw_file_stays_after_a_failed_analysis_and_goes_with_revoking() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let damaged = upload_ok(&h, &user, payslip(b"%PDF-1.7\n1 0 obj", "cut.pdf")).await;
    let locked = upload_ok(&h, &user, payslip(LOCKED_PDF, "locked.pdf")).await;
    for (archive, status, bytes) in
        [(&damaged, "ERROR", &b"%PDF-1.7\n1 0 obj"[..]), (&locked, "UNSUPPORTED", LOCKED_PDF)]
    {
        let settled = settle(&h, &user, archive["id"].as_str().unwrap()).await;
        assert_eq!(settled["state"]["status"], status);
        let url = settled["rawFiles"][0]["url"].as_str().unwrap();
        assert_eq!(url, archive["rawFiles"][0]["url"].as_str().unwrap(), "the URL does not change");
        let response = fetch(&h, url, Some(&user.token)).await;
        assert_eq!(response.status(), 200, "still there after {status}");
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes);
    }

    let id = locked["id"].as_str().unwrap();
    let url = locked["rawFiles"][0]["url"].as_str().unwrap();
    let (status, body) = h.call(&user, Method::DELETE, &format!("/archives/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["state"]["status"], "REVOKED");
    assert!(body["data"]["rawFiles"][0].get("url").is_none(), "{body}");
    assert_eq!(body["data"]["rawFiles"][0]["name"], "locked.pdf", "the record stays, the data goes");
    let (status, body) = common::read(fetch(&h, url, Some(&user.token)).await).await;
    assert_error(status, &body, 404, "MISSING_RESOURCE");
    let (_, body) = h.get(&user, "/archives").await;
    let listed = body["data"]["items"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
    assert_eq!(listed["state"]["status"], "REVOKED");
    assert!(listed["rawFiles"][0].get("url").is_none(), "{listed}");
    // The other archive is untouched.
    let response = fetch(&h, damaged["rawFiles"][0]["url"].as_str().unwrap(), Some(&user.token)).await;
    assert_eq!(response.status(), 200);
    h.stop().await;
}

#[tokio::test]
async fn a_raw_file_is_readable_across_origins_under_a_safely_quoted_name() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    let archive = upload_ok(&h, &user, payslip(PDF, "reçu \"mars\".pdf")).await;
    assert_eq!(archive["rawFiles"][0]["name"], "reçu \"mars\".pdf");
    let url = archive["rawFiles"][0]["url"].as_str().unwrap();
    let response = h
        .client
        .get(url)
        .bearer_auth(&user.token)
        .header("origin", "https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    assert!(header(&response, "access-control-expose-headers").contains("content-disposition"));
    assert_eq!(
        header(&response, "content-disposition"),
        "inline; filename=\"re_u _mars_.pdf\"; filename*=UTF-8''re%C3%A7u%20%22mars%22.pdf"
    );
    let preflight = h
        .client
        .request(Method::OPTIONS, url)
        .header("origin", "https://partner.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(header(&preflight, "access-control-allow-origin"), "*");
    h.stop().await;
}

#[tokio::test]
async fn the_employer_name_travels_with_an_upload() {
    let h = Harness::start().await;
    let user = h.new_user().await;
    // Before fileType, trimmed.
    let form = Form::new()
        .text("employerName", "  Kopi Corner Cebu ")
        .text("fileType", "PAYSLIP")
        .part("file", file(PDF, "a.pdf"));
    let before = upload_ok(&h, &user, form).await;
    assert_eq!(before["employerName"], "Kopi Corner Cebu");
    // After fileType and even after the files.
    let form = payslip(PDF, "b.pdf").text("employerName", "Tindahan ni Aling Nena");
    let after = upload_ok(&h, &user, form).await;
    assert_eq!(after["employerName"], "Tindahan ni Aling Nena");
    // Blank is none; so is leaving it out.
    let blank = upload_ok(&h, &user, payslip(PDF, "c.pdf").text("employerName", "   ")).await;
    assert!(blank.get("employerName").is_none(), "{blank}");
    let without = upload_ok(&h, &user, payslip(PDF, "d.pdf")).await;
    assert!(without.get("employerName").is_none(), "{without}");
    // 200 characters of any script are fine; 201 are not.
    let longest = "Ñ".repeat(200);
    let form = payslip(PDF, "e.pdf").text("employerName", longest.clone());
    assert_eq!(upload_ok(&h, &user, form).await["employerName"], longest.as_str());

    let (_, body) = h.get(&user, "/archives").await;
    let names: Vec<_> =
        body["data"]["items"].as_array().unwrap().iter().map(|a| a["employerName"].clone()).collect();
    assert_eq!(
        names,
        [
            serde_json::json!("Kopi Corner Cebu"),
            "Tindahan ni Aling Nena".into(),
            Value::Null,
            Value::Null,
            longest.as_str().into()
        ]
    );

    for (form, mention) in [
        (payslip(PDF, "f.pdf").text("employerName", format!("{longest}x")), "at most 200"),
        (payslip(PDF, "g.pdf").text("employerName", "x".repeat(5000)), "at most 200"),
        (payslip(PDF, "h.pdf").text("employerName", "A").text("employerName", "B"), "only once"),
        (payslip(PDF, "i.pdf").text("employerName", "Kopi\u{7}Corner"), "control characters"),
        (
            payslip(PDF, "j.pdf").part("employerName", Part::bytes(vec![0xC3, 0x28])),
            "employerName part is not UTF-8",
        ),
    ] {
        let (status, body) = upload(&h, &user, form).await;
        assert_error(status, &body, 400, "INVALID_PARAMETERS");
        assert!(body["message"].as_str().unwrap().contains(mention), "{body}");
    }
    h.stop().await;
}

#[tokio::test]
async fn each_user_may_keep_only_so_many_megabytes_until_they_revoke() {
    let h = Harness::start_with(|c| c.upload_quota_mb = 1).await;
    let alice = h.new_user().await;
    let bob = h.new_user().await;
    let mut slice = PDF.to_vec();
    slice.resize(600 * 1024, b' ');
    slice.extend_from_slice(b"\n%%EOF\n");
    let first = upload_ok(&h, &alice, payslip(&slice, "first.pdf")).await;

    // Over the quota: refused, whether the file alone or the upload as a whole crosses it.
    let two = payslip(&slice[..300 * 1024], "a.pdf").part("file", file(&slice[..300 * 1024], "b.pdf"));
    for form in [payslip(&slice, "second.pdf"), two] {
        let (status, body) = upload(&h, &alice, form).await;
        assert_error(status, &body, 429, "REQUEST_LIMIT_EXCEEDED");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("1 MB") && message.contains("revoke"), "{message}");
    }
    let (_, body) = h.get(&alice, "/archives").await;
    assert_eq!(body["data"]["items"].as_array().unwrap().len(), 1, "nothing was stored");
    // Under it still fits, and another user has their own quota.
    upload_ok(&h, &alice, payslip(PDF, "small.pdf")).await;
    upload_ok(&h, &bob, payslip(&slice, "bobs.pdf")).await;

    // Revoking frees the room.
    let id = first["id"].as_str().unwrap();
    let (status, _) = h.call(&alice, Method::DELETE, &format!("/archives/{id}"), None).await;
    assert_eq!(status, 200);
    upload_ok(&h, &alice, payslip(&slice, "second.pdf")).await;
    h.stop().await;
}

#[test]
fn the_default_quota_is_100_megabytes_a_user() {
    assert_eq!(smile_sandbox::Config::for_tests().upload_quota_bytes(), 100 * 1024 * 1024);
}
