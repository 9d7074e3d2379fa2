//! The built widget on the wire: precompressed brotli and gzip by `Accept-Encoding`, the asset's own
//! `content-type`, `vary: accept-encoding`, a year of immutable caching for content-hashed files and
//! revalidation for the rest, and the widget page's `Content-Security-Policy` and `nosniff` headers.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::Harness;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

const WASM: &str = "wink-widget-0123456789abcdef_bg.wasm";
const GLUE: &str = "wink-widget-0123456789abcdef.js";
const CSS: &str = "widget-fedcba9876543210.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A built widget folder whose precompressed files say which one was sent. The page is the real
/// `index.html`, so the header policy is compared with the policy the page itself carries.
struct Dist(PathBuf);

impl Dist {
    fn new(name: &str) -> Dist {
        let dir = std::env::temp_dir().join(format!("smile-assets-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("locales")).unwrap();
        let page =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../index.html")).unwrap();
        let files: [(&str, &[u8]); 8] = [
            ("index.html", page.as_bytes()),
            ("boot.js", b"// boot"),
            ("smile.v2.js", b"window.SmileLinkModal = function () {};"),
            ("locales/th.json", b"{\"continue_\": \"x\"}"),
            (WASM, b"\0asm\x01\0\0\0 the raw module"),
            (GLUE, b"export default function init() {}"),
            (CSS, b".wink-page { margin: 0 }"),
            ("smile.d.ts", b"export {};"),
        ];
        for (path, bytes) in files {
            std::fs::write(dir.join(path), bytes).unwrap();
        }
        for path in ["index.html", "boot.js", "smile.v2.js", "locales/th.json", WASM, GLUE, CSS] {
            std::fs::write(dir.join(format!("{path}.br")), format!("brotli of {path}")).unwrap();
            std::fs::write(dir.join(format!("{path}.gz")), format!("gzip of {path}")).unwrap();
        }
        Dist(dir)
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn get(h: &Harness, path: &str, accept_encoding: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = h.client.get(format!("{}{path}", h.base));
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

fn varies_by_encoding(headers: &HeaderMap) -> bool {
    headers
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"))
}

#[tokio::test]
async fn each_asset_goes_out_as_brotli_or_gzip_by_what_the_browser_accepts() {
    let dist = Dist::new("encodings");
    let h = Harness::start_with(|c| c.dist = dist.0.clone()).await;
    for (path, content_type) in [
        (format!("/{WASM}"), "application/wasm"),
        (format!("/{GLUE}"), "javascript"),
        (format!("/{CSS}"), "text/css"),
        ("/".to_owned(), "text/html"),
        ("/index.html".to_owned(), "text/html"),
        ("/boot.js".to_owned(), "javascript"),
        ("/smile.v2.js".to_owned(), "javascript"),
        ("/locales/th.json".to_owned(), "application/json"),
    ] {
        let file = if path == "/" { "index.html" } else { &path[1..] };
        for (accept, encoding, body) in [
            (Some("gzip, deflate, br, zstd"), "br", format!("brotli of {file}")),
            (Some("br"), "br", format!("brotli of {file}")),
            (Some("gzip, deflate"), "gzip", format!("gzip of {file}")),
            (Some("br;q=0, gzip;q=0.8"), "gzip", format!("gzip of {file}")),
            (Some("gzip;q=0.5, br;q=1"), "br", format!("brotli of {file}")),
        ] {
            let (status, headers, bytes) = get(&h, &path, accept).await;
            assert_eq!(status, 200, "{path} {accept:?}");
            assert_eq!(header(&headers, "content-encoding"), encoding, "{path} {accept:?}");
            assert_eq!(String::from_utf8(bytes).unwrap(), body, "{path} {accept:?}");
            assert!(header(&headers, "content-type").contains(content_type), "{path}: {headers:?}");
            assert!(varies_by_encoding(&headers), "{path}: {headers:?}");
        }
        for accept in [None, Some("identity"), Some("deflate"), Some("br;q=0, gzip;q=0")] {
            let (status, headers, bytes) = get(&h, &path, accept).await;
            assert_eq!(status, 200);
            assert!(headers.get("content-encoding").is_none(), "{path} {accept:?}: {headers:?}");
            assert_eq!(bytes, std::fs::read(dist.0.join(file)).unwrap(), "{path} {accept:?}");
            assert!(header(&headers, "content-type").contains(content_type), "{path}");
            assert!(varies_by_encoding(&headers), "{path}: {headers:?}");
        }
    }
    // A file the build did not compress goes out as it is.
    let (_, headers, bytes) = get(&h, "/smile.d.ts", Some("gzip, br")).await;
    assert!(headers.get("content-encoding").is_none());
    assert_eq!(bytes, b"export {};");
    h.stop().await;
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_is_revalidated() {
    let dist = Dist::new("caching");
    let h = Harness::start_with(|c| c.dist = dist.0.clone()).await;
    for path in [format!("/{WASM}"), format!("/{GLUE}"), format!("/{CSS}")] {
        for accept in [None, Some("br"), Some("gzip")] {
            let (status, headers, _) = get(&h, &path, accept).await;
            assert_eq!(status, 200);
            assert_eq!(header(&headers, "cache-control"), IMMUTABLE, "{path} {accept:?}");
        }
    }
    for path in ["/", "/index.html", "/boot.js", "/smile.v2.js", "/locales/th.json", "/smile.d.ts"] {
        let (status, headers, _) = get(&h, path, Some("gzip, br")).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "cache-control"), "no-cache", "{path}");
        // no-cache means "ask again": the answer to a revalidation is a 304 without the body.
        let modified = headers.get("last-modified").expect("a validator").clone();
        let again = h
            .client
            .get(format!("{}{path}", h.base))
            .header("accept-encoding", "gzip, br")
            .header("if-modified-since", modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(again.headers(), "cache-control"), "no-cache", "{path}");
        assert!(again.bytes().await.unwrap().is_empty());
    }
    // A hashed name that is not there is not cached at all, let alone for a year.
    let (status, headers, _) = get(&h, "/wink-widget-ffffffffffffffff_bg.wasm", None).await;
    assert_eq!(status, 404);
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    h.stop().await;
}

#[tokio::test]
async fn the_widget_page_carries_its_own_policy_as_a_header_with_frame_ancestors() {
    let dist = Dist::new("policy");
    let h = Harness::start_with(|c| c.dist = dist.0.clone()).await;
    let page = std::fs::read_to_string(dist.0.join("index.html")).unwrap();
    let meta = smile_sandbox::assets::meta_policy(&page).expect("index.html has a CSP meta");
    assert!(
        meta.starts_with("default-src 'none';") && meta.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{meta}"
    );
    let expected = format!("{meta}; frame-ancestors *");
    for path in ["/", "/index.html"] {
        for accept in [None, Some("gzip"), Some("br")] {
            let (status, headers, _) = get(&h, path, accept).await;
            assert_eq!(status, 200);
            assert_eq!(header(&headers, "content-security-policy"), expected, "{path} {accept:?}");
            assert_eq!(header(&headers, "x-content-type-options"), "nosniff", "{path}");
        }
    }
    // The policy is the page's: a page with another policy is served with that one.
    std::fs::write(
        dist.0.join("index.html"),
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"#,
    )
    .unwrap();
    std::fs::remove_file(dist.0.join("index.html.br")).unwrap();
    std::fs::remove_file(dist.0.join("index.html.gz")).unwrap();
    let (_, headers, _) = get(&h, "/", None).await;
    assert_eq!(
        headers.get("content-security-policy"),
        Some(&HeaderValue::from_static("default-src 'self'; frame-ancestors *"))
    );
    for path in [format!("/{WASM}"), "/boot.js".to_owned(), "/locales/th.json".to_owned()] {
        let (_, headers, _) = get(&h, &path, Some("br")).await;
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff", "{path}");
        assert!(headers.get("content-security-policy").is_none(), "{path}");
    }
    h.stop().await;
}
