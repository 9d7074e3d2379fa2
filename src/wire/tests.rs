use proptest::prelude::*;
use serde_json::{Value as J, json};
use smile_link_api::{Account, Archive, FileType, Provider, Session};

use super::*;

fn sample_provider() -> J {
    json!({
        "id": "upwork", "name": "Upwork", "longName": "Upwork Global", "logoUrl": "/logos/upwork.svg",
        "type": "GIG", "typeLabel": "Gig Platform", "subType": "FREELANCE", "subTypeLabel": "Freelance",
        "active": true, "enabled": true, "mfa": true, "accountConnection": true,
        "supported": ["identity", "income"],
        "login": {
            "authTypes": [{"id": "email", "label": "Email", "fields": [
                {"name": "username", "label": "Email", "type": "email", "required": true},
                {"name": "password", "label": "Password", "type": "password", "required": true, "pattern": "^.{4,}$"}
            ]}],
            "mfaTypes": ["OTP_SMS", "OTP_EMAIL"]
        }
    })
}

fn sample_account() -> J {
    json!({
        "id": "a-1", "createdAt": "2026-01-02T03:04:05Z", "providerId": "upwork", "userId": "usr-1",
        "connectionStatus": "AWAITING_MFA",
        "connection": {"status": "AWAITING_MFA", "errorCode": null, "errorMessage": null,
                       "updatedAt": "2026-01-02T03:04:05Z"},
        "mfa": {"type": "OTP_SMS", "destination": "+63 •••• 1234", "length": 6, "attemptsLeft": 3,
                "expiresAt": "2026-01-02T03:09:05Z"}
    })
}

fn sample_archive() -> J {
    json!({
        "id": "u-1", "createdAt": "2026-01-02T03:04:05Z", "providerId": "user-provided", "userId": "usr-1",
        "type": "PAYSLIP",
        "state": {"status": "ANALYZED", "errorCode": null, "errorMessage": null, "updatedAt": "2026-01-02T03:04:05Z"},
        "rawFiles": [
            {"id": "f-1", "createdAt": "2026-01-02T03:04:05Z", "name": "a.pdf", "subType": null, "size": 3,
             "format": "PDF", "url": "http://127.0.0.1:8787/v1/archives/u-1/files/f-1"},
            {"id": "f-2", "createdAt": "2026-01-02T03:04:05Z", "name": "b.png", "subType": "FRONT", "size": 9,
             "format": "PNG"}
        ],
        "employerName": "Kopi Corner"
    })
}

fn sample_file_type() -> J {
    json!({"type": "COMPANY_ID", "typeLabel": "Company ID", "logoUrl": "/logos/id.svg",
           "subTypes": [{"type": "FRONT", "label": "Front"}, {"type": "BACK", "label": "Back"}],
           "formats": ["PDF", "PNG", "JPG", "JPEG"], "maxSizeBytes": 15728640})
}

fn sample_session() -> J {
    json!({"userId": "usr-1", "mode": "SANDBOX", "expiresAt": "2026-01-02T03:04:05Z",
           "template": {"id": "wtpl-1", "primaryColor": "#0055ff", "companyName": "Acme", "logoUrl": null,
                        "providers": ["grab"], "topProviders": [], "enableUpload": true}})
}

#[test]
fn reads_give_what_serde_reads_from_the_same_answer() {
    let p = sample_provider();
    assert_eq!(provider(&p), Ok(serde_json::from_value::<Provider>(p.clone()).unwrap()));
    let a = sample_account();
    assert_eq!(account(&a), Ok(serde_json::from_value::<Account>(a.clone()).unwrap()));
    let u = sample_archive();
    assert_eq!(archive(&u), Ok(serde_json::from_value::<Archive>(u.clone()).unwrap()));
    let f = sample_file_type();
    assert_eq!(file_type(&f), Ok(serde_json::from_value::<FileType>(f.clone()).unwrap()));
    let s = sample_session();
    assert_eq!(session(&s), Ok(serde_json::from_value::<Session>(s.clone()).unwrap()));
    let without_template = json!({"userId": "u", "mode": "PRODUCTION", "expiresAt": "t", "template": null});
    assert_eq!(session(&without_template).unwrap().template, None);
    let list = json!({"nextCursor": "c2", "items": [sample_provider()]});
    let read = page(&list, provider).unwrap();
    assert_eq!((read.next_cursor.as_deref(), read.items.len()), (Some("c2"), 1));
}

#[test]
fn writes_give_what_serde_writes() {
    let u = sample_archive();
    let archive: Archive = serde_json::from_value(u.clone()).unwrap();
    let written: J = serde_json::from_str(&write_archive(&archive).to_json()).unwrap();
    assert_eq!(written, u);
    let account: Account = serde_json::from_value(sample_account()).unwrap();
    let written: J = serde_json::from_str(&write_connection(&account.connection).to_json()).unwrap();
    assert_eq!(written, serde_json::to_value(&account.connection).unwrap());
}

#[test]
fn values_a_newer_server_may_send_degrade_instead_of_failing() {
    let mut p = sample_provider();
    p["type"] = json!("PAYROLL_APP");
    p["login"]["mfaTypes"] = json!(["OTP_SMS", "PUSH"]);
    p["login"]["authTypes"][0]["fields"][0]["type"] = json!("date");
    p["somethingNew"] = json!({"x": 1});
    let read = provider(&p).unwrap();
    assert_eq!(read.kind, ProviderType::Other);
    assert_eq!(read.login.mfa_types, [MfaType::OtpSms]);
    assert_eq!(read.login.auth_types[0].fields[0].kind, FieldType::Text);

    let mut a = sample_account();
    a["connectionStatus"] = json!("QUEUED");
    a["connection"]["status"] = json!("QUEUED");
    a["connection"]["errorCode"] = json!("BRAND_NEW_CODE");
    let read = account(&a).unwrap();
    assert_eq!(read.connection_status, ConnectionStatus::Pending);
    assert_eq!(read.connection.error_code, Some(AccountErrorCode::SystemError));

    let mut u = sample_archive();
    u["state"]["status"] = json!("QUARANTINED");
    u["rawFiles"][0]["format"] = json!("HEIC");
    let read = archive(&u).unwrap();
    assert_eq!((read.state.status, read.raw_files[0].format), (ArchiveStatus::Started, FileFormat::Pdf));
}

#[test]
fn a_missing_or_mistyped_field_is_named() {
    let mut p = sample_provider();
    p.as_object_mut().unwrap().remove("name");
    assert_eq!(provider(&p).unwrap_err().to_string(), "name: missing");
    let mut a = sample_account();
    a["connection"] = json!("CONNECTED");
    assert_eq!(account(&a).unwrap_err().to_string(), "connection: missing or not an object");
    let mut u = sample_archive();
    u["rawFiles"][1]["size"] = json!(-4);
    assert_eq!(archive(&u).unwrap_err().to_string(), "size: not a whole number");
}

/// Field names of the contract, so random objects reach the decoders' inner levels.
const KEYS: &[&str] = &[
    "id",
    "name",
    "longName",
    "logoUrl",
    "type",
    "typeLabel",
    "subType",
    "subTypeLabel",
    "active",
    "enabled",
    "mfa",
    "accountConnection",
    "supported",
    "login",
    "authTypes",
    "mfaTypes",
    "fields",
    "label",
    "required",
    "pattern",
    "createdAt",
    "providerId",
    "userId",
    "connectionStatus",
    "connection",
    "status",
    "errorCode",
    "errorMessage",
    "updatedAt",
    "destination",
    "length",
    "attemptsLeft",
    "expiresAt",
    "state",
    "rawFiles",
    "size",
    "format",
    "url",
    "employerName",
    "subTypes",
    "formats",
    "maxSizeBytes",
    "mode",
    "template",
    "nextCursor",
    "items",
    "code",
    "message",
    "requestId",
    "data",
];

fn any_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1e300f64..1e300).prop_map(|n| json!(n)),
        prop::sample::select(vec!["GIG", "PENDING", "OTP_SMS", "PDF", "ANALYZED", "text", "OK", ""])
            .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        let key = prop_oneof![prop::sample::select(KEYS).prop_map(str::to_owned), "[a-z]{1,6}"];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map(key, inner, 0..10).prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path (object keys and array indexes) inside `value`.
fn paths(value: &J, here: Vec<J>, out: &mut Vec<Vec<J>>) {
    out.push(here.clone());
    match value {
        J::Object(m) => m.iter().for_each(|(k, v)| paths(v, [here.clone(), vec![json!(k)]].concat(), out)),
        J::Array(a) => {
            a.iter().enumerate().for_each(|(i, v)| paths(v, [here.clone(), vec![json!(i)]].concat(), out))
        }
        _ => {}
    }
}

/// `value` with the thing at `path` replaced by `with`, or removed when `with` is `None`.
fn mutate(value: &mut J, path: &[J], with: Option<J>) {
    let Some((last, parents)) = path.split_last() else {
        *value = with.unwrap_or(J::Null);
        return;
    };
    let mut target = value;
    for step in parents {
        target = match step {
            J::String(k) => &mut target[k.as_str()],
            J::Number(i) => &mut target[i.as_u64().expect("an index") as usize],
            _ => unreachable!(),
        };
    }
    match (last, with, target) {
        (J::String(k), Some(v), t) => t[k.as_str()] = v,
        (J::String(k), None, J::Object(m)) => {
            m.remove(k);
        }
        (J::Number(i), Some(v), t) => t[i.as_u64().expect("an index") as usize] = v,
        (J::Number(i), None, J::Array(a)) => {
            a.remove(i.as_u64().expect("an index") as usize);
        }
        _ => {}
    }
}

fn read_all(value: &J) {
    let _ = provider(value);
    let _ = account(value);
    let _ = archive(value);
    let _ = file_type(value);
    let _ = session(value);
    let _ = page(value, provider);
    let _ = head(value);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    /// Whatever a server sends, reading it gives a value or a named error, never a panic.
    #[test]
    fn any_json_reads_without_panicking(value in any_json()) {
        read_all(&value);
    }

    /// A real answer with one part changed or removed still reads, or names what is wrong.
    #[test]
    fn a_damaged_answer_reads_or_names_the_damage(
        which in 0usize..5, pick in any::<prop::sample::Index>(), with in prop::option::of(any_json())
    ) {
        let mut value = vec![sample_provider(), sample_account(), sample_archive(), sample_file_type(), sample_session()]
            .swap_remove(which);
        let mut all = Vec::new();
        paths(&value, Vec::new(), &mut all);
        let path = pick.get(&all).clone();
        mutate(&mut value, &path, with);
        read_all(&value);
        let reads = [provider(&value).is_ok(), account(&value).is_ok(), archive(&value).is_ok(),
                     file_type(&value).is_ok(), session(&value).is_ok()];
        // A read that succeeds gives what serde gives, where serde can read it too.
        if reads[which] && which == 0
            && let Ok(p) = serde_json::from_value::<Provider>(value.clone())
        {
            prop_assert_eq!(provider(&value).unwrap(), p);
        }
    }
}

#[test]
fn the_provider_index_reads_its_columns_and_refuses_uneven_ones() {
    let index = json!({
        "ids": ["grab", "x"], "names": ["Grab", "X"], "longNames": ["Grab Holdings", "X Corp"],
        "logoUrls": ["/logos/grab.svg", ""], "types": ["GIG", "SPACE_AGENCY"], "accountConnection": [true, false]
    });
    let read = provider_index(&index).unwrap();
    assert_eq!(read.ids, ["grab", "x"]);
    assert_eq!(read.long_names, ["Grab Holdings", "X Corp"]);
    assert_eq!(read.types, [ProviderType::Gig, ProviderType::Other], "an unknown type is read as Other");
    assert_eq!(read.account_connection, [true, false]);
    let mut uneven = index.clone();
    uneven["names"] = json!(["Grab"]);
    assert_eq!(provider_index(&uneven).unwrap_err().field, "ids");
    let mut not_text = index;
    not_text["logoUrls"] = json!([1, 2]);
    assert_eq!(provider_index(&not_text).unwrap_err().field, "logoUrls");
}
