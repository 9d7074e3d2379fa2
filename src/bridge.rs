//! The postMessage protocol with the shim (docs/protocol.md), widget side.
//!
//! Parsing and validation are plain functions, tested natively; [`Bridge`] is the thin browser part
//! that listens on `window` and posts to `window.parent` with the exact target origin.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::events::{Callback, CloseDetails};

/// `source` of every message in both directions.
pub const SOURCE: &str = "smile-wink";
/// Protocol version this page speaks.
pub const VERSION: u64 = 1;

/// What the iframe's URL fragment carries: `#channel=<hex id>&origin=<parent origin>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub channel: String,
    pub parent_origin: String,
}

impl Fragment {
    /// Parses `location.hash` (with or without the leading `#`). `None` when it is not a valid
    /// channel id (at least 128 bits of hex) and a bare `scheme://host[:port]` origin.
    pub fn parse(hash: &str) -> Option<Fragment> {
        let mut channel = None;
        let mut origin = None;
        for pair in hash.trim_start_matches('#').split('&') {
            let (key, value) = pair.split_once('=')?;
            match key {
                "channel" => channel = Some(percent_decode(value)?),
                "origin" => origin = Some(percent_decode(value)?),
                _ => {}
            }
        }
        let channel = channel.filter(|c| c.len() >= 32 && c.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let parent_origin = origin.filter(|o| is_origin(o))?;
        Some(Fragment { channel, parent_origin })
    }
}

/// `scheme://host[:port]` with nothing after it (what `location.origin` gives).
fn is_origin(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else { return false };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && rest.bytes().all(|b| b.is_ascii_graphic())
}

/// Decodes `%XX` escapes (what `encodeURIComponent` makes); `None` on a broken escape or bad UTF-8.
fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A message from the shim, once accepted. `options` is the JSON text of `init.options`.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    Init {
        token: String,
        options: String,
    },
    Open,
    UpdateToken {
        token: String,
    },
    /// The partner has no `onTokenExpired`: no new token will come.
    TokenUnavailable,
    Close,
}

/// Every message's envelope, read without building a generic JSON tree.
#[derive(Deserialize)]
struct RawMessage {
    source: String,
    version: u64,
    channel: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    payload: Option<RawPayload>,
}

#[derive(Deserialize)]
struct RawPayload {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    options: Option<Box<RawValue>>,
}

/// Accepts a message (`data`, as JSON text) only from the parent window, from the parent origin of
/// the fragment, with our `source`, `version` and `channel`, and a known `type` with a well-formed
/// payload.
pub fn accept(fragment: &Fragment, from_parent: bool, origin: &str, data: &str) -> Option<Inbound> {
    if !from_parent || origin != fragment.parent_origin {
        return None;
    }
    let message: RawMessage = serde_json::from_str(data).ok()?;
    if message.source != SOURCE || message.version != VERSION || message.channel != fragment.channel {
        return None;
    }
    let payload = message.payload;
    let token = payload.as_ref().and_then(|p| p.token.as_deref()).map(str::trim).filter(|t| !t.is_empty());
    match message.kind.as_str() {
        "init" => Some(Inbound::Init {
            token: token?.to_owned(),
            options: payload
                .and_then(|p| p.options)
                .map(|o| o.get().to_owned())
                .unwrap_or_else(|| "null".into()),
        }),
        "open" => Some(Inbound::Open),
        "updateToken" => Some(Inbound::UpdateToken { token: token?.to_owned() }),
        "close" => Some(Inbound::Close),
        "tokenUnavailable" => Some(Inbound::TokenUnavailable),
        _ => None,
    }
}

/// A message to the shim.
#[derive(Debug, Clone, PartialEq)]
pub enum Outbound {
    Ready,
    Loaded,
    Callback(Callback),
    TokenExpired,
    Close(CloseDetails),
}

impl Outbound {
    /// The whole message object for `channel`.
    pub fn to_message(&self, channel: &str) -> Value {
        let (kind, payload) = match self {
            Outbound::Ready => ("ready", json!({})),
            Outbound::Loaded => ("loaded", json!({})),
            Outbound::Callback(c) => ("callback", json!({"name": c.name, "payload": c.payload})),
            Outbound::TokenExpired => ("tokenExpired", json!({})),
            Outbound::Close(details) => {
                let mut payload = json!({"reason": details.reason.as_str()});
                if let Some(error) = &details.error {
                    error.add_to(&mut payload);
                }
                if let Some(employer) = &details.employer {
                    payload["employerName"] = Value::from(employer.as_str());
                }
                ("close", payload)
            }
        };
        json!({"source": SOURCE, "version": VERSION, "channel": channel, "type": kind, "payload": payload})
    }
}

/// The browser side: posts to the parent, or, opened directly (standalone), logs to the console.
#[derive(Debug, Clone)]
pub struct Bridge {
    fragment: Option<Fragment>,
}

impl Bridge {
    /// Embedded when this page has a parent window and a valid fragment; standalone otherwise.
    pub fn detect() -> Bridge {
        let window = web_sys::window();
        let embedded = window.as_ref().is_some_and(|w| {
            let parent = w.parent().ok().flatten();
            parent.is_some_and(|p| !js_sys::Object::is(&p, w))
        });
        let hash = window.and_then(|w| w.location().hash().ok()).unwrap_or_default();
        Bridge { fragment: if embedded { Fragment::parse(&hash) } else { None } }
    }

    pub fn is_embedded(&self) -> bool {
        self.fragment.is_some()
    }

    /// Calls `on_message` with every accepted message, for the life of the page.
    pub fn listen(&self, on_message: impl Fn(Inbound) + 'static) {
        let (Some(fragment), Some(window)) = (self.fragment.clone(), web_sys::window()) else { return };
        let parent = window.parent().ok().flatten();
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let from_parent = match (event.source(), &parent) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, parent),
                _ => false,
            };
            if !from_parent {
                return;
            }
            let Some(data) = js_to_json(&event.data()) else { return };
            if let Some(message) = accept(&fragment, from_parent, &event.origin(), &data) {
                on_message(message);
            }
        });
        let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
        // The listener lives as long as the page (the iframe), so the closure is never freed.
        handler.forget();
    }

    pub fn post(&self, message: &Outbound) {
        let Some(fragment) = &self.fragment else {
            // Opened directly: nobody to tell; UI work reads the messages in the console.
            #[cfg(feature = "standalone")]
            {
                let text = message.to_message("standalone").to_string();
                web_sys::console::debug_1(&format!("smile-wink (standalone): {text}").into());
            }
            return;
        };
        let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
        let Ok(object) = js_sys::JSON::parse(&message.to_message(&fragment.channel).to_string()) else {
            return;
        };
        let _ = parent.post_message(&object, &fragment.parent_origin);
    }
}

/// A structured-clone value as JSON text; `None` for anything that is not a plain JSON-able object.
fn js_to_json(value: &wasm_bindgen::JsValue) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    js_sys::JSON::stringify(value).ok()?.as_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{CloseReason, ErrorInfo};

    const CHANNEL: &str = "0123456789abcdef0123456789abcdef";

    fn fragment() -> Fragment {
        Fragment { channel: CHANNEL.into(), parent_origin: "http://localhost:8788".into() }
    }

    fn message(kind: &str, payload: Value) -> Value {
        json!({"source": "smile-wink", "version": 1, "channel": CHANNEL, "type": kind, "payload": payload})
    }

    fn accept(f: &Fragment, from_parent: bool, origin: &str, data: &Value) -> Option<Inbound> {
        super::accept(f, from_parent, origin, &data.to_string())
    }

    #[test]
    fn the_fragment_gives_channel_and_decoded_parent_origin() {
        let f = Fragment::parse(&format!("#channel={CHANNEL}&origin=http%3A%2F%2Flocalhost%3A8788")).unwrap();
        assert_eq!(f, fragment());
    }

    #[test]
    fn a_fragment_without_a_proper_channel_or_origin_is_refused() {
        assert_eq!(Fragment::parse(""), None);
        assert_eq!(Fragment::parse("#channel=abc&origin=http%3A%2F%2Fa.com"), None);
        assert_eq!(Fragment::parse(&format!("#channel={CHANNEL}")), None);
        assert_eq!(Fragment::parse(&format!("#channel={CHANNEL}&origin=http%3A%2F%2Fa.com%2Fpath")), None);
        assert_eq!(Fragment::parse(&format!("#channel={CHANNEL}&origin=javascript%3Aalert(1)")), None);
        assert_eq!(Fragment::parse(&format!("#channel={CHANNEL}&origin=%ZZ")), None);
    }

    #[test]
    fn init_open_update_token_and_close_are_accepted_from_the_parent() {
        let f = fragment();
        let o = "http://localhost:8788";
        let init = message("init", json!({"token": "tk-sandbox-1", "options": {"companyName": "A"}}));
        assert_eq!(
            accept(&f, true, o, &init),
            Some(Inbound::Init { token: "tk-sandbox-1".into(), options: r#"{"companyName":"A"}"#.into() })
        );
        assert_eq!(accept(&f, true, o, &message("open", json!({}))), Some(Inbound::Open));
        assert_eq!(
            accept(&f, true, o, &message("updateToken", json!({"token": "tk-2"}))),
            Some(Inbound::UpdateToken { token: "tk-2".into() })
        );
        assert_eq!(accept(&f, true, o, &message("close", json!({}))), Some(Inbound::Close));
        assert_eq!(
            accept(&f, true, o, &message("tokenUnavailable", json!({}))),
            Some(Inbound::TokenUnavailable)
        );
    }

    #[test]
    fn init_without_options_means_every_default() {
        let init = message("init", json!({"token": "tk-sandbox-1"}));
        let accepted = accept(&fragment(), true, "http://localhost:8788", &init);
        assert_eq!(accepted, Some(Inbound::Init { token: "tk-sandbox-1".into(), options: "null".into() }));
        assert_eq!(crate::options::WidgetOptions::from_json("null"), Ok(Default::default()));
    }

    #[test]
    fn messages_from_another_window_origin_channel_or_source_are_ignored() {
        let f = fragment();
        let open = message("open", json!({}));
        assert_eq!(accept(&f, false, "http://localhost:8788", &open), None);
        assert_eq!(accept(&f, true, "http://evil.example", &open), None);
        let mut other = open.clone();
        other["channel"] = json!("ffffffffffffffffffffffffffffffff");
        assert_eq!(accept(&f, true, "http://localhost:8788", &other), None);
        let mut other = open.clone();
        other["source"] = json!("someone-else");
        assert_eq!(accept(&f, true, "http://localhost:8788", &other), None);
        let mut other = open;
        other["version"] = json!(2);
        assert_eq!(accept(&f, true, "http://localhost:8788", &other), None);
    }

    #[test]
    fn unknown_types_and_token_messages_without_a_token_are_ignored() {
        let f = fragment();
        let o = "http://localhost:8788";
        assert_eq!(accept(&f, true, o, &message("explode", json!({}))), None);
        assert_eq!(accept(&f, true, o, &message("init", json!({"options": {}}))), None);
        assert_eq!(accept(&f, true, o, &message("updateToken", json!({"token": ""}))), None);
        assert_eq!(accept(&f, true, o, &json!("open")), None);
    }

    #[test]
    fn outbound_messages_have_the_documented_shape() {
        assert_eq!(
            Outbound::Close(CloseDetails { reason: CloseReason::Exit, error: None, employer: None })
                .to_message(CHANNEL),
            json!({"source": "smile-wink", "version": 1, "channel": CHANNEL, "type": "close", "payload": {"reason": "exit"}})
        );
        let failed = CloseDetails {
            reason: CloseReason::Error,
            employer: None,
            error: Some(ErrorInfo {
                code: "SERVER_ERROR".into(),
                message: None,
                request_id: Some("r-1".into()),
            }),
        };
        assert_eq!(
            Outbound::Close(failed).to_message(CHANNEL)["payload"],
            json!({"reason": "error", "errorCode": "SERVER_ERROR", "errorMessage": null, "requestId": "r-1"})
        );
        assert_eq!(Outbound::Ready.to_message(CHANNEL)["type"], "ready");
        assert_eq!(Outbound::Loaded.to_message(CHANNEL)["payload"], json!({}));
        assert_eq!(Outbound::TokenExpired.to_message(CHANNEL)["type"], "tokenExpired");
        let callback = Callback { name: "onAccountCreated", payload: json!({"accountId": "a-1"}) };
        assert_eq!(
            Outbound::Callback(callback).to_message(CHANNEL)["payload"],
            json!({"name": "onAccountCreated", "payload": {"accountId": "a-1"}})
        );
    }
}
