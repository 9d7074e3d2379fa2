//! The postMessage protocol with the shim (docs/protocol.md), widget side.
//!
//! Parsing and validation are plain functions, tested natively; [`Bridge`] is the thin browser part
//! that listens on `window` and posts to `window.parent` with the exact target origin.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::events::{Callback, CloseDetails};
use crate::json::{Json, Value, object};
use crate::options::WidgetOptions;

/// `source` of every message in both directions.
pub const SOURCE: &str = "smile-wink";
/// Protocol version this page speaks.
pub const VERSION: u32 = 1;

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

/// A message from the shim, once accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// `options` as read, or the problem with them (naming the option).
    Init {
        token: String,
        options: Result<WidgetOptions, String>,
    },
    Open,
    UpdateToken {
        token: String,
    },
    /// The partner has no `onTokenExpired`: no new token will come.
    TokenUnavailable,
    Close,
}

/// Accepts a message only from the parent window, from the parent origin of the fragment, with our
/// `source`, `version` and `channel`, and a known `type` with a well-formed payload.
pub fn accept<J: Json>(fragment: &Fragment, from_parent: bool, origin: &str, data: &J) -> Option<Inbound> {
    if !from_parent || origin != fragment.parent_origin || !data.is_object() {
        return None;
    }
    let text = |key| data.get(key).and_then(|v| v.as_text());
    if text("source")? != SOURCE
        || data.get("version")?.as_number()? != VERSION as f64
        || text("channel")? != fragment.channel
    {
        return None;
    }
    let payload = data.get("payload").filter(Json::is_object);
    let token = || {
        let token = payload.as_ref()?.get("token")?.as_text()?;
        Some(token.trim().to_owned()).filter(|t| !t.is_empty())
    };
    match text("type")?.as_str() {
        "init" => Some(Inbound::Init {
            token: token()?,
            options: WidgetOptions::read(payload.as_ref().and_then(|p| p.get("options")).as_ref()),
        }),
        "open" => Some(Inbound::Open),
        "updateToken" => Some(Inbound::UpdateToken { token: token()? }),
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
            Outbound::Ready => ("ready", object! {}),
            Outbound::Loaded => ("loaded", object! {}),
            Outbound::Callback(c) => ("callback", object! {"name": c.name, "payload": c.payload.clone()}),
            Outbound::TokenExpired => ("tokenExpired", object! {}),
            Outbound::Close(details) => {
                let mut payload = object! {"reason": details.reason.as_str()};
                if let Some(error) = &details.error {
                    error.add_to(&mut payload);
                }
                if let Some(employer) = &details.employer {
                    payload.set("employerName", employer);
                }
                ("close", payload)
            }
        };
        object! {"source": SOURCE, "version": VERSION, "channel": channel, "type": kind, "payload": payload}
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

    /// Calls `on_message` with every accepted message, for the life of the page: first those boot.js
    /// kept before the wasm started, then each new one.
    pub fn listen(&self, on_message: impl Fn(Inbound) + 'static) {
        let (Some(fragment), Some(window)) = (self.fragment.clone(), web_sys::window()) else { return };
        let parent = window.parent().ok().flatten();
        let receive = move |event: &web_sys::MessageEvent| {
            let from_parent = match (event.source(), &parent) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, parent),
                _ => false,
            };
            if !from_parent {
                return;
            }
            if let Some(message) = accept(&fragment, from_parent, &event.origin(), &event.data()) {
                on_message(message);
            }
        };
        // Taken and listened to in one task, so no message is missed or seen twice.
        let kept = boot_call("messages", &[]).and_then(|kept| kept.dyn_into::<js_sys::Array>().ok());
        let receive = std::rc::Rc::new(receive);
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new({
            let receive = receive.clone();
            move |event: web_sys::MessageEvent| receive(&event)
        });
        let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
        // The listener lives as long as the page (the iframe), so the closure is never freed.
        handler.forget();
        for event in kept.iter().flat_map(|kept| kept.iter()) {
            if let Ok(event) = event.dyn_into::<web_sys::MessageEvent>() {
                receive(&event);
            }
        }
    }

    /// Whether boot.js already posted `ready` (it does before the wasm loads).
    pub fn ready_posted(&self) -> bool {
        boot_handoff()
            .and_then(|boot| js_sys::Reflect::get(&boot, &"ready".into()).ok())
            .is_some_and(|ready| ready.is_truthy())
    }

    pub fn post(&self, message: &Outbound) {
        let Some(fragment) = &self.fragment else {
            // Opened directly: nobody to tell; UI work reads the messages in the console.
            #[cfg(feature = "standalone")]
            {
                let text = message.to_message("standalone").to_json();
                web_sys::console::debug_1(&format!("smile-wink (standalone): {text}").into());
            }
            return;
        };
        let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
        let Some(object) = crate::json::parse(&message.to_message(&fragment.channel).to_json()) else {
            return;
        };
        let _ = parent.post_message(&object, &fragment.parent_origin);
    }
}

/// What boot.js leaves for the wasm (`window.smileWinkBoot`): the messages it kept and the link API
/// answers it started early. `None` when the page did not start through boot.js.
fn boot_handoff() -> Option<js_sys::Object> {
    let boot = js_sys::Reflect::get(&js_sys::global(), &"smileWinkBoot".into()).ok()?;
    boot.dyn_into::<js_sys::Object>().ok()
}

/// Calls boot.js's `name` with `args`; `None` without boot.js or when the call fails.
pub(crate) fn boot_call(name: &str, args: &[&wasm_bindgen::JsValue]) -> Option<wasm_bindgen::JsValue> {
    let boot = boot_handoff()?;
    let function = js_sys::Reflect::get(&boot, &name.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let args: js_sys::Array = args.iter().copied().collect();
    function.apply(&boot, &args).ok().filter(|value| !value.is_undefined())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{CloseReason, ErrorInfo};
    use serde_json::{Value, json};

    const CHANNEL: &str = "0123456789abcdef0123456789abcdef";

    fn fragment() -> Fragment {
        Fragment { channel: CHANNEL.into(), parent_origin: "http://localhost:8788".into() }
    }

    fn message(kind: &str, payload: Value) -> Value {
        json!({"source": "smile-wink", "version": 1, "channel": CHANNEL, "type": kind, "payload": payload})
    }

    fn accept(f: &Fragment, from_parent: bool, origin: &str, data: &Value) -> Option<Inbound> {
        super::accept(f, from_parent, origin, data)
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
            Some(Inbound::Init {
                token: "tk-sandbox-1".into(),
                options: Ok(WidgetOptions { company_name: Some("A".into()), ..Default::default() })
            })
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
        assert_eq!(
            accepted,
            Some(Inbound::Init { token: "tk-sandbox-1".into(), options: Ok(Default::default()) })
        );
        let wrong = message("init", json!({"token": "tk-sandbox-1", "options": {"enableUpload": "yes"}}));
        let Some(Inbound::Init { options: Err(problem), .. }) =
            accept(&fragment(), true, "http://localhost:8788", &wrong)
        else {
            panic!("a wrong option is reported");
        };
        assert!(problem.starts_with("option \"enableUpload\""), "{problem}");
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
                .to_message(CHANNEL)
                .to_serde(),
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
            Outbound::Close(failed).to_message(CHANNEL).to_serde()["payload"],
            json!({"reason": "error", "errorCode": "SERVER_ERROR", "errorMessage": null, "requestId": "r-1"})
        );
        assert_eq!(Outbound::Ready.to_message(CHANNEL).to_serde()["type"], "ready");
        assert_eq!(Outbound::Loaded.to_message(CHANNEL).to_serde()["payload"], json!({}));
        assert_eq!(Outbound::TokenExpired.to_message(CHANNEL).to_serde()["type"], "tokenExpired");
        let callback = Callback {
            name: "onAccountCreated",
            payload: crate::json::Value::from_serde(json!({"accountId": "a-1"})),
        };
        assert_eq!(
            Outbound::Callback(callback).to_message(CHANNEL).to_serde()["payload"],
            json!({"name": "onAccountCreated", "payload": {"accountId": "a-1"}})
        );
    }
}

// Native only: proptest does not build for the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value as J, json};

    const CHANNEL: &str = "0123456789abcdef0123456789abcdef";
    const ORIGIN: &str = "http://localhost:8788";

    fn fragment() -> Fragment {
        Fragment { channel: CHANNEL.into(), parent_origin: ORIGIN.into() }
    }

    fn any_value() -> impl Strategy<Value = J> {
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i16>().prop_map(|n| json!(n)),
            prop::sample::select(vec![
                "smile-wink",
                CHANNEL,
                "init",
                "open",
                "updateToken",
                "close",
                "tk-1",
                ""
            ])
            .prop_map(|s| json!(s)),
            ".{0,10}".prop_map(J::String),
        ];
        leaf.prop_recursive(3, 32, 6, |inner| {
            let key = prop::sample::select(vec![
                "source", "version", "channel", "type", "payload", "token", "options", "theme", "locale",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
                prop::collection::btree_map(key.prop_map(str::to_owned), inner, 0..7)
                    .prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Whatever arrives, reading it never panics, and only a message with our source,
        /// version and channel, from the parent's origin, is ever accepted.
        #[test]
        fn only_our_own_messages_are_accepted(data in any_value(), from_parent in any::<bool>(),
                                              other_origin in any::<bool>()) {
            let origin = if other_origin { "http://evil.example" } else { ORIGIN };
            if let Some(accepted) = accept(&fragment(), from_parent, origin, &data) {
                prop_assert!(from_parent && !other_origin);
                prop_assert_eq!(&data["source"], "smile-wink");
                prop_assert_eq!(&data["version"], 1);
                prop_assert_eq!(&data["channel"], CHANNEL);
                if let Inbound::Init { token, .. } | Inbound::UpdateToken { token } = accepted {
                    prop_assert!(!token.is_empty());
                }
            }
        }
    }
}
