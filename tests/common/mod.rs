//! Helpers for the browser tests: mount a screen with a given flow, find elements the way a user
//! (or assistive technology) does, by role and accessible name or by label, and wait a tick.

#![allow(dead_code)]

use leptos::prelude::*;
use smile_link_api::{Account, Mode, Provider};
use smile_wink::app::Shell;
use smile_wink::bridge::Bridge;
use smile_wink::engine::Ctx;
use smile_wink::flow::{Flow, SessionInfo, Step};
use smile_wink::options::{Settings, WidgetOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// A mounted widget: its root element, its context, and the handle that keeps it mounted.
pub struct Mounted {
    pub root: Element,
    pub ctx: Ctx,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

pub fn settings(options: serde_json::Value) -> Settings {
    let options = WidgetOptions::from_json(&options.to_string()).expect("options");
    Settings::resolve(&options, "tk-sandbox-test", None, &["en"])
}

/// A loaded session of a user with no accounts.
pub fn new_user() -> SessionInfo {
    SessionInfo::new("usr-test".into(), Mode::Sandbox, None, true, vec![])
}

/// Mounts the open dialog showing `step`, for `session` (default: a new user).
pub fn mount_step(step: Step, settings: Settings, session: Option<SessionInfo>) -> Mounted {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let flow = Flow::showing(step, session.unwrap_or_else(new_user));
    let ctx = Ctx::new(Bridge::detect(), flow, settings);
    let element: HtmlElement = root.clone().unchecked_into();
    let handle = leptos::mount::mount_to(element, move || {
        provide_context(ctx);
        view! { <Shell /> }.into_any()
    });
    Mounted { root, ctx, _handle: handle }
}

/// Lets Leptos apply pending updates (effects run in microtasks; a timer runs after them).
pub async fn tick() {
    smile_wink::api::sleep(0).await;
    smile_wink::api::sleep(0).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// The accessible name: `aria-label`, else `aria-labelledby`'s text, else a `<label for>`, else the text.
pub fn accessible_name(element: &Element) -> String {
    if let Some(label) = element.get_attribute("aria-label") {
        return label.trim().to_owned();
    }
    let document = element.owner_document().expect("document");
    if let Some(ids) = element.get_attribute("aria-labelledby") {
        return ids
            .split_whitespace()
            .filter_map(|id| document.get_element_by_id(id))
            .filter_map(|e| e.text_content())
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned();
    }
    if !element.id().is_empty()
        && let Ok(Some(label)) = document.query_selector(&format!("label[for=\"{}\"]", element.id()))
    {
        return label.text_content().unwrap_or_default().trim().to_owned();
    }
    visible_text(element).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of `node` that assistive technology reads: `aria-hidden` subtrees left out.
fn visible_text(node: &web_sys::Node) -> String {
    if let Some(element) = node.dyn_ref::<Element>()
        && element.get_attribute("aria-hidden").as_deref() == Some("true")
    {
        return String::new();
    }
    if node.node_type() == web_sys::Node::TEXT_NODE {
        return node.text_content().unwrap_or_default();
    }
    let children = node.child_nodes();
    (0..children.length()).filter_map(|i| children.item(i)).map(|child| visible_text(&child)).collect()
}

fn selector_for(role: &str) -> String {
    let implicit = match role {
        "button" => "button",
        "textbox" => {
            "input:not([type]),input[type=text],input[type=email],input[type=tel],input[type=password]"
        }
        "searchbox" => "input[type=search]",
        "heading" => "h1,h2,h3",
        "list" => "ul,ol",
        "listitem" => "li",
        _ => "",
    };
    if implicit.is_empty() { format!("[role={role}]") } else { format!("{implicit},[role={role}]") }
}

/// Every element with `role` (explicit or implicit).
pub fn all_by_role(root: &Element, role: &str) -> Vec<Element> {
    all(root, &selector_for(role))
}

/// The element with `role` and accessible name `name`, if any.
pub fn find_by_role(root: &Element, role: &str, name: &str) -> Option<Element> {
    all_by_role(root, role).into_iter().find(|e| accessible_name(e) == name)
}

/// Like [`find_by_role`], failing the test when it is missing.
pub fn by_role(root: &Element, role: &str, name: &str) -> HtmlElement {
    let found = find_by_role(root, role, name);
    let names: Vec<String> = all_by_role(root, role).iter().map(accessible_name).collect();
    found.unwrap_or_else(|| panic!("no {role} named {name:?}; found {names:?}")).unchecked_into()
}

/// The form control labelled `label`.
pub fn by_label(root: &Element, label: &str) -> HtmlInputElement {
    let inputs = all(root, "input");
    let names: Vec<String> = inputs.iter().map(accessible_name).collect();
    inputs
        .into_iter()
        .find(|e| accessible_name(e) == label)
        .unwrap_or_else(|| panic!("no input labelled {label:?}; found {names:?}"))
        .unchecked_into()
}

/// Types `value` into `input` the way the browser reports typing (an `input` event).
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::Event::new("input").expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

pub fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

pub fn provider(id: &str, name: &str, auth_types: serde_json::Value) -> Provider {
    serde_json::from_value(serde_json::json!({
        "id": id, "name": name, "longName": name, "logoUrl": "", "type": "GIG", "typeLabel": "Gig Platform",
        "subType": "", "subTypeLabel": "", "active": true, "enabled": true, "mfa": true,
        "accountConnection": true, "supported": ["INCOMES"],
        "login": {"authTypes": auth_types, "mfaTypes": ["OTP_SMS"]}
    }))
    .expect("provider")
}

/// A provider logging in by email and password.
pub fn email_provider(id: &str, name: &str) -> Provider {
    provider(
        id,
        name,
        serde_json::json!([{"id": "email", "label": "Email", "fields": [
            {"name": "username", "label": "Email", "type": "email", "required": true},
            {"name": "password", "label": "Password", "type": "password", "required": true}
        ]}]),
    )
}

pub fn account(status: &str, mfa: Option<serde_json::Value>) -> Account {
    let mut value = serde_json::json!({
        "id": "a-1", "createdAt": "2026-01-02T03:04:05Z", "providerId": "upwork", "userId": "usr-test",
        "connectionStatus": status,
        "connection": {"status": status, "errorCode": null, "errorMessage": null, "updatedAt": "2026-01-02T03:04:05Z"}
    });
    if let Some(mfa) = mfa {
        value["mfa"] = mfa;
    }
    serde_json::from_value(value).expect("account")
}
