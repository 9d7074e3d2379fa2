//! The built widget as static files, the way a production host or CDN should send them
//! (docs/performance.md, "On the wire"):
//!
//! - the `.br` or `.gz` file the build wrote beside each asset, chosen by `Accept-Encoding`, with the
//!   asset's own `content-type` and `vary: accept-encoding`;
//! - content-hashed files (`name-<16 hex>.js`, `name-<16 hex>_bg.wasm`, `name-<16 hex>.css`) cached for a
//!   year as immutable: a new build gives them new names;
//! - everything else (`index.html`, `boot.js`, `locales/*.json`, the shim) `no-cache`: their URLs never
//!   change, so the browser keeps them but asks again each time (`If-Modified-Since`, usually a 304);
//! - the widget page with a `Content-Security-Policy` header equal to its `<meta>` policy plus
//!   `frame-ancestors *` (a meta policy cannot say who may frame the page; partners on any origin embed
//!   the sandbox's widget), and `x-content-type-options: nosniff` on every file.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

/// `cache-control` of content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `cache-control` of files whose URL stays the same from build to build.
pub const REVALIDATE: &str = "no-cache";
/// Who may frame the widget page in the sandbox: any origin, since partners embed it. A production
/// host lists its partners' origins instead (docs/performance.md).
pub const FRAME_ANCESTORS: &str = "frame-ancestors *";

/// Serves `dist` with the encodings and headers above.
pub fn router(dist: &Path) -> Router {
    let files =
        ServeDir::new(dist).append_index_html_on_directories(true).precompressed_br().precompressed_gzip();
    Router::new().fallback_service(files).layer(middleware::from_fn_with_state(dist.to_path_buf(), headers))
}

async fn headers(State(dist): State<PathBuf>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let cache = if found && is_hashed(&path) { IMMUTABLE } else { REVALIDATE };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if found {
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if found && is_page(&path) {
        let html = tokio::fs::read_to_string(dist.join("index.html")).await.unwrap_or_default();
        set_policy(h, &page_policy(&html));
    }
    response
}

fn set_policy(h: &mut HeaderMap, policy: &str) {
    if let Ok(value) = HeaderValue::from_str(policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The widget page: `index.html`, also as its directory (`/`).
fn is_page(path: &str) -> bool {
    path.ends_with('/') || path.ends_with("/index.html")
}

/// Whether the file's name carries the build's content hash, as trunk names the page's assets:
/// `wink-widget-0123456789abcdef.js`, `wink-widget-0123456789abcdef_bg.wasm`, `widget-0123456789abcdef.css`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    let stem = if ext == "wasm" { stem.strip_suffix("_bg").unwrap_or(stem) } else { stem };
    let Some((base, hash)) = stem.rsplit_once('-') else { return false };
    !base.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The page's `<meta http-equiv="Content-Security-Policy">` policy with [`FRAME_ANCESTORS`] added
/// (only [`FRAME_ANCESTORS`] when the page has none).
pub fn page_policy(html: &str) -> String {
    match meta_policy(html) {
        Some(policy) if !policy.is_empty() => format!("{policy}; {FRAME_ANCESTORS}"),
        _ => FRAME_ANCESTORS.to_owned(),
    }
}

/// The `content` of the page's CSP `<meta>`, whitespace collapsed and without a trailing `;`.
pub fn meta_policy(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<meta") {
        let start = from + at;
        let end = start + lower[start..].find('>')?;
        let tag = &html[start..end];
        from = end;
        let is_csp =
            attribute(tag, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"));
        if let Some(content) = attribute(tag, "content").filter(|_| is_csp) {
            let policy = unescape(&content).split_whitespace().collect::<Vec<_>>().join(" ");
            return Some(policy.trim_end_matches([';', ' ']).to_owned());
        }
    }
    None
}

/// An attribute's value in a tag's text: `name="value"`, `name='value'` or, as a minifier writes it, `name=value`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before = lower[..start].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        return match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let value = &rest[1..];
                value.find(quote).map(|end| value[..end].to_owned())
            }
            _ => Some(rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_owned()),
        };
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_the_build_outputs() {
        for yes in [
            "/wink-widget-c269ee006d904a5a.js",
            "/wink-widget-c269ee006d904a5a_bg.wasm",
            "/widget-eeaba0eed97c46d4.css",
            "/sub/dir/a-0123456789abcdef.css",
        ] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "/",
            "/index.html",
            "/boot.js",
            "/smile.v2.js",
            "/locales/th.json",
            "/wink-widget-c269ee006d904a5.js",
            "/wink-widget-c269ee006d904a5aa.js",
            "/wink-widget-C269EE006D904A5A.js",
            "/wink-widget-c269ee006d904a5a.json",
            "/-c269ee006d904a5a.js",
            "/wink-widget-c269ee006d904a5a.js.br",
        ] {
            assert!(!is_hashed(no), "{no}");
        }
    }

    #[test]
    fn the_header_policy_is_the_meta_policy_plus_frame_ancestors() {
        let html = r#"<head><meta charset="utf-8" /><meta
              http-equiv="Content-Security-Policy"
              content="default-src 'none'; script-src 'self'
                 'wasm-unsafe-eval';"
            /></head>"#;
        assert_eq!(
            meta_policy(html).as_deref(),
            Some("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'")
        );
        assert_eq!(
            page_policy(html),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors *"
        );
        let reordered = "<META CONTENT='img-src data:' HTTP-EQUIV='content-security-policy'>";
        assert_eq!(meta_policy(reordered).as_deref(), Some("img-src data:"));
        let minified = "<meta charset=utf-8><meta content=no-referrer name=referrer><meta content=\"default-src 'none'; \
                        style-src 'self'\" http-equiv=Content-Security-Policy><title>x</title>";
        assert_eq!(meta_policy(minified).as_deref(), Some("default-src 'none'; style-src 'self'"));
        assert_eq!(page_policy("<meta name=\"referrer\" content=\"no-referrer\">"), "frame-ancestors *");
        assert_eq!(page_policy(""), "frame-ancestors *");
    }
}
