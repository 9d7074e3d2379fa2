//! Browser tests: each mounts the dialog at one step in headless Chromium and checks what a user
//! (and assistive technology) gets, finding elements by role, accessible name and label.

mod common;

use common::*;
use serde_json::json;
use smile_link_api::AccountErrorCode;
use smile_wink::flow::{
    AccountEntry, Event, Failure, Flow, LoginDraft, Resend, SessionInfo, Step, TokenState,
};
use smile_wink::screens::providers::ProviderList;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn login_step(provider: smile_link_api::Provider) -> Step {
    Step::Login { draft: LoginDraft { provider, auth: 0, values: Default::default(), reconnect: false } }
}

fn step_of(m: &Mounted) -> Step {
    m.ctx.flow.with_untracked(|f: &Flow| f.step.clone())
}

fn is_open(m: &Mounted) -> bool {
    m.ctx.flow.with_untracked(|f: &Flow| f.open)
}

use leptos::prelude::*;

/// The dialog is a labelled modal: role, aria-modal, and its name is the screen's title.
#[wasm_bindgen_test]
async fn the_dialog_is_a_modal_named_by_the_screen_title() {
    let m = mount_step(Step::Consent, settings(json!({"companyName": "Acme Lending"})), None);
    let dialog = all_by_role(&m.root, "dialog").pop().expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(accessible_name(&dialog), "Acme Lending uses Smile to connect your employment account");
    by_role(&m.root, "button", "Close");
}

/// An open whose session is still loading shows nothing at first, then the loading screen; a
/// session that answers within that moment goes straight to its screen (every test here that
/// mounts a loaded step sees its dialog after one tick).
#[wasm_bindgen_test]
async fn the_loading_screen_waits_a_moment_before_it_shows() {
    let m = mount_step(Step::Loading, settings(json!({})), None);
    tick().await;
    assert!(all_by_role(&m.root, "dialog").is_empty(), "a dialog was shown before the loading delay");
    smile_wink::api::sleep(300).await;
    let dialog = all_by_role(&m.root, "dialog").pop().expect("the loading screen after the delay");
    assert_eq!(accessible_name(&dialog), "Loading…");
    let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    assert_eq!(
        focused.map(|e| e.id()).as_deref(),
        Some("wink-title"),
        "focus is on the loading screen's title"
    );
}

/// Inline rendering (a partner `container`) is not modal.
#[wasm_bindgen_test]
async fn inline_rendering_is_not_modal() {
    let m = mount_step(Step::Consent, settings(json!({"inline": true})), None);
    let dialog = all_by_role(&m.root, "dialog").pop().expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal"), None);
}

/// Escape anywhere in the dialog closes it.
#[wasm_bindgen_test]
async fn escape_closes_the_dialog() {
    let m = mount_step(Step::Consent, settings(json!({})), None);
    let dialog = all_by_role(&m.root, "dialog").pop().expect("a dialog");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    dialog.dispatch_event(&event).expect("dispatch");
    tick().await;
    assert!(!is_open(&m));
    assert!(all_by_role(&m.root, "dialog").is_empty(), "the dialog is gone");
}

/// Without a company name the consent screen uses the generic title; Continue leaves consent.
#[wasm_bindgen_test]
async fn consent_continue_moves_to_the_provider_list() {
    let m = mount_step(Step::Consent, settings(json!({})), None);
    by_role(&m.root, "heading", "Connect your employment account");
    by_role(&m.root, "button", "Continue").click();
    assert_eq!(step_of(&m), Step::Providers);
}

/// The provider list screen shows the search and type bars, and hides each when switched off.
#[wasm_bindgen_test]
async fn search_and_type_bars_follow_their_switches() {
    let m = mount_step(Step::Providers, settings(json!({})), None);
    let search = all_by_role(&m.root, "searchbox");
    assert_eq!(search.iter().map(accessible_name).collect::<Vec<_>>(), ["Search providers"]);
    let group = by_role(&m.root, "group", "Provider type");
    let all = by_role(&group, "button", "All");
    assert_eq!(all.get_attribute("aria-pressed").as_deref(), Some("true"));
    by_role(&group, "button", "Govt Service");

    let m = mount_step(
        Step::Providers,
        settings(json!({"enableSearchBar": false, "enableTypeBar": false})),
        None,
    );
    assert!(all_by_role(&m.root, "searchbox").is_empty());
    assert!(find_by_role(&m.root, "group", "Provider type").is_none());
}

/// Providers are buttons named by name and type, logos fall back to initials, arrows move focus.
#[wasm_bindgen_test]
async fn the_provider_list_is_keyboard_navigable() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let items = RwSignal::new(vec![email_provider("upwork", "Upwork"), email_provider("grab", "Grab Food")]);
    let chosen = RwSignal::new(None::<String>);
    let on_choose = Callback::new(move |p: smile_link_api::Provider| chosen.set(Some(p.id)));
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <ProviderList items=items.into() strings=&smile_wink::i18n::EN on_choose /> }
    });
    let list = by_role(&root, "list", "Providers");
    let upwork = by_role(&list, "button", "Upwork Gig Platform");
    let grab = by_role(&list, "button", "Grab Food Gig Platform");
    upwork.focus().expect("focus");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowDown");
    init.set_bubbles(true);
    let down = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    upwork.dispatch_event(&down).expect("dispatch");
    let active = document.active_element().expect("focus");
    assert_eq!(&active, grab.unchecked_ref::<web_sys::Element>());
    let initials = grab.query_selector(".wink-logo__initials").ok().flatten().expect("initials");
    assert_eq!(initials.get_attribute("data-initials").as_deref(), Some("GF"), "no logo: the initials show");
    grab.click();
    assert_eq!(chosen.get_untracked().as_deref(), Some("grab"));
}

/// A new list keeps the rows whose provider is unchanged, rewrites the others in place, and a
/// logo that fails to load gives way to the initials.
#[wasm_bindgen_test]
async fn the_provider_list_reuses_its_rows_and_falls_back_to_initials() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let mut broken = email_provider("acme", "Acme Foods");
    broken.logo_url = "/no-such-logo.svg".into();
    let items = RwSignal::new(vec![email_provider("upwork", "Upwork"), broken]);
    let chosen = RwSignal::new(None::<String>);
    let on_choose = Callback::new(move |p: smile_link_api::Provider| chosen.set(Some(p.id)));
    let _handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <ProviderList items=items.into() strings=&smile_wink::i18n::EN on_choose /> }
    });
    let list = by_role(&root, "list", "Providers");
    let rows = || all_by_role(&list, "listitem");
    let (first, second) = (rows()[0].clone(), rows()[1].clone());

    let img = second.query_selector("img").ok().flatten().expect("a logo image");
    let mut failed = false;
    for _ in 0..100 {
        smile_wink::api::sleep(20).await;
        if img.has_attribute("hidden") {
            failed = true;
            break;
        }
    }
    assert!(failed, "the logo that failed is hidden");
    let initials = img.next_element_sibling().expect("initials after the logo");
    assert_eq!(initials.get_attribute("data-initials").as_deref(), Some("AF"));
    assert_eq!(
        accessible_name(&by_role(&list, "button", "Acme Foods Gig Platform")),
        "Acme Foods Gig Platform"
    );

    items.set(vec![email_provider("upwork", "Upwork"), email_provider("grab", "Grab Food")]);
    tick().await;
    assert_eq!(rows().len(), 2);
    assert!(rows()[0] == first, "the unchanged row is the same element");
    assert!(rows()[1] == second, "the changed row is rewritten in place");
    by_role(&list, "button", "Grab Food Gig Platform").click();
    assert_eq!(chosen.get_untracked().as_deref(), Some("grab"), "a rewritten row chooses its new provider");

    items.set(vec![email_provider("grab", "Grab Food")]);
    tick().await;
    assert_eq!(rows().len(), 1);
    assert_eq!(text(&list), "Grab Food Gig Platform");
}

/// Several auth types: one button each; choosing one opens its login form.
#[wasm_bindgen_test]
async fn login_options_lead_to_the_chosen_form() {
    let sss = provider(
        "sss_ph",
        "SSS",
        json!([
            {"id": "email", "label": "Email", "fields": [{"name": "username", "label": "Email", "type": "email", "required": true}]},
            {"id": "ss", "label": "SS number", "fields": [{"name": "ssNumber", "label": "SS number", "type": "number", "required": true, "pattern": "[0-9]{10}"}]}
        ]),
    );
    let m = mount_step(Step::LoginOptions { provider: sss, reconnect: false }, settings(json!({})), None);
    by_role(&m.root, "heading", "How do you log in to SSS?");
    by_role(&m.root, "button", "SS number").click();
    tick().await;
    let field = by_label(&m.root, "SS number");
    type_into(&field, "123");
    by_role(&m.root, "button", "Connect").click();
    tick().await;
    assert!(text(&m.root).contains("Enter a valid SS number."), "the provider's pattern is checked");
}

/// Empty required fields are refused with errors tied to the fields and announced.
#[wasm_bindgen_test]
async fn login_validates_required_fields_and_announces_errors() {
    let m = mount_step(login_step(email_provider("upwork", "Upwork")), settings(json!({})), None);
    by_role(&m.root, "heading", "Log in to Upwork");
    by_role(&m.root, "button", "Connect").click();
    tick().await;
    let email = by_label(&m.root, "Email");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = email.get_attribute("aria-describedby").expect("describedby");
    let error = m.root.owner_document().and_then(|d| d.get_element_by_id(&described)).expect("error text");
    assert_eq!(error.text_content().as_deref(), Some("Email is required."));
    let alert = all_by_role(&m.root, "alert").pop().expect("an alert");
    assert_eq!(alert.text_content().as_deref(), Some("Please correct the highlighted fields."));
    assert!(matches!(step_of(&m), Step::Login { .. }), "nothing was sent");
}

/// The password toggle shows and hides the password.
#[wasm_bindgen_test]
async fn the_password_can_be_shown_and_hidden() {
    let m = mount_step(login_step(email_provider("upwork", "Upwork")), settings(json!({})), None);
    let password = by_label(&m.root, "Password");
    assert_eq!(password.type_(), "password");
    let toggle = by_role(&m.root, "button", "Show password");
    toggle.click();
    tick().await;
    assert_eq!(password.type_(), "text");
    assert_eq!(toggle.get_attribute("aria-pressed").as_deref(), Some("true"));
    toggle.click();
    tick().await;
    assert_eq!(password.type_(), "password");
}

/// Valid credentials move to the connecting screen, which shows named progress.
#[wasm_bindgen_test]
async fn a_valid_login_shows_connecting_progress() {
    let m = mount_step(login_step(email_provider("upwork", "Upwork")), settings(json!({})), None);
    type_into(&by_label(&m.root, "Email"), "gpalomero1234@smileapi.io");
    type_into(&by_label(&m.root, "Password"), "123456");
    by_role(&m.root, "button", "Connect").click();
    tick().await;
    match step_of(&m) {
        Step::Connecting { draft, account: None } => {
            assert_eq!(draft.values.get("username").map(String::as_str), Some("gpalomero1234@smileapi.io"));
        }
        other => panic!("expected connecting, got {other:?}"),
    }
    by_role(&m.root, "progressbar", "Connecting to Upwork");
}

/// Upwork's MFA screen with `attempts` left, after a wrong code or not.
fn mfa_step(attempts: u8, wrong_code: bool) -> Step {
    // Five minutes from now, so the screen counts down rather than saying the code expired.
    let expires = js_sys::Date::new(&(js_sys::Date::now() + 300_000.0).into()).to_iso_string();
    let challenge = json!({"type": "OTP_SMS", "destination": "+63•••••1234", "length": 4, "attemptsLeft": attempts, "expiresAt": String::from(expires)});
    let account = account("AWAITING_MFA", Some(challenge));
    let draft = LoginDraft {
        provider: email_provider("upwork", "Upwork"),
        auth: 0,
        values: Default::default(),
        reconnect: false,
    };
    let challenge = account.mfa.clone().expect("challenge");
    Step::Mfa { draft, account, challenge, wrong_code, resend: Resend::Idle, code: String::new() }
}

/// MFA names the masked destination and attempts; a wrong code is announced.
#[wasm_bindgen_test]
async fn mfa_shows_destination_attempts_and_a_wrong_code() {
    let step = mfa_step(2, true);
    let m = mount_step(step, settings(json!({})), None);
    let page = text(&m.root);
    assert!(page.contains("We sent a code by text message to +63•••••1234."), "{page}");
    assert!(page.contains("2 attempts left."));
    assert!(page.contains("The code expires in 5 minutes."), "{page}");
    let alert = all_by_role(&m.root, "alert").pop().expect("an alert");
    assert_eq!(alert.text_content().as_deref(), Some("That code is incorrect. 2 attempts left."));
    let code = by_role(&m.root, "textbox", "Verification code");
    assert_eq!(code.get_attribute("autocomplete").as_deref(), Some("one-time-code"));
    type_into(code.unchecked_ref(), "12");
    by_role(&m.root, "button", "Verify").click();
    tick().await;
    assert_eq!(alert.text_content().as_deref(), Some("Enter the 4-digit code."));
}

/// DONE on the success screen closes the widget.
#[wasm_bindgen_test]
async fn done_closes_the_widget() {
    let step =
        Step::Success { provider: email_provider("grab", "Grab"), account: account("CONNECTED", None) };
    let m = mount_step(step, settings(json!({})), None);
    by_role(&m.root, "heading", "Account connected");
    assert!(text(&m.root).contains("Your Grab account is now connected."));
    by_role(&m.root, "button", "Done").click();
    tick().await;
    assert!(!is_open(&m));
}

/// An account error shows its message and code; Try again returns to the filled-in form.
#[wasm_bindgen_test]
async fn an_account_error_offers_retry_with_the_typed_values_kept() {
    let mut values = smile_wink::credentials::FieldMap::new();
    values.insert("username".to_owned(), "error_ACCOUNT_LOCKED@smileapi.io".to_owned());
    let draft =
        LoginDraft { provider: email_provider("upwork", "Upwork"), auth: 0, values, reconnect: false };
    let step = Step::Failed {
        failure: Failure::Account { code: AccountErrorCode::AccountLocked, message: None, account: None },
        retry: Some(Box::new(Step::Login { draft })),
    };
    let m = mount_step(step, settings(json!({})), None);
    let alert = all_by_role(&m.root, "alert").pop().expect("an alert");
    assert_eq!(
        alert.text_content().as_deref(),
        Some("This account is locked. Unlock it with the provider, then try again.")
    );
    assert!(text(&m.root).contains("Error code: ACCOUNT_LOCKED"));
    by_role(&m.root, "button", "Exit");
    by_role(&m.root, "button", "Try again").click();
    tick().await;
    assert_eq!(by_label(&m.root, "Email").value(), "error_ACCOUNT_LOCKED@smileapi.io");
}

/// Exit on the error screen closes the widget.
#[wasm_bindgen_test]
async fn exit_on_the_error_screen_closes_the_widget() {
    let step = Step::Failed { failure: Failure::Unsupported, retry: None };
    let m = mount_step(step, settings(json!({})), None);
    assert!(find_by_role(&m.root, "button", "Try again").is_none());
    by_role(&m.root, "button", "Exit").click();
    tick().await;
    assert!(!is_open(&m));
}

fn entry(id: &str, status: &str, name: &str) -> AccountEntry {
    let mut account = account(status, None);
    account.id = id.into();
    AccountEntry {
        account,
        provider_name: name.into(),
        logo_url: String::new(),
        provider: Some(email_provider(&name.to_lowercase(), name)),
    }
}

/// Existing accounts are listed with a named Disconnect; disconnecting asks first; Cancel goes back.
#[wasm_bindgen_test]
async fn existing_accounts_can_be_disconnected_after_confirming() {
    let session = SessionInfo::new(
        "usr-test".into(),
        smile_link_api::Mode::Sandbox,
        None,
        true,
        vec![entry("a-1", "CONNECTED", "Upwork")],
    );
    let m = mount_step(Step::Accounts, settings(json!({"companyName": "Acme"})), Some(session));
    by_role(&m.root, "heading", "Your connected accounts");
    let list = by_role(&m.root, "list", "Connected accounts");
    assert!(text(&list).contains("Connected"));
    assert!(
        find_by_role(&m.root, "button", "Reconnect Upwork").is_none(),
        "a connected account needs no reconnect"
    );
    by_role(&m.root, "button", "Disconnect Upwork").click();
    tick().await;
    by_role(&m.root, "heading", "Disconnect Upwork?");
    assert!(text(&m.root).contains("Acme will no longer receive new data from this account."));
    by_role(&m.root, "button", "Cancel").click();
    tick().await;
    assert_eq!(step_of(&m), Step::Accounts);
    by_role(&m.root, "button", "Connect another account");
}

/// An account needing attention offers Reconnect, which opens that provider's login.
#[wasm_bindgen_test]
async fn an_account_needing_attention_can_be_reconnected() {
    let session = SessionInfo::new(
        "usr-test".into(),
        smile_link_api::Mode::Sandbox,
        None,
        true,
        vec![entry("a-2", "ERROR", "Grab"), entry("a-1", "CONNECTED", "Upwork")],
    );
    let m = mount_step(Step::Accounts, settings(json!({})), Some(session));
    let list = by_role(&m.root, "list", "Connected accounts");
    let rows: Vec<String> = all_by_role(&list, "listitem").iter().map(text).collect();
    assert!(rows[0].contains("Upwork") && rows[1].contains("Grab"), "connected first: {rows:?}");
    assert!(rows[1].contains("Needs attention"));
    by_role(&m.root, "button", "Reconnect Grab").click();
    tick().await;
    by_role(&m.root, "heading", "Log in to Grab");
    by_role(&m.root, "button", "Back").click();
    tick().await;
    by_role(&m.root, "heading", "Your connected accounts");
}

/// Typing survives a change of data inside the screen: the screen is not rebuilt.
#[wasm_bindgen_test]
async fn a_status_update_keeps_focus_and_typed_text() {
    let step = mfa_step(3, false);
    let m = mount_step(step, settings(json!({})), None);
    let code = by_role(&m.root, "textbox", "Verification code");
    type_into(code.unchecked_ref(), "12");
    code.focus().expect("focus");
    // The resend answer arrives while the user types: attempts and resend state change.
    m.ctx.flow.update(|f| {
        if let Step::Mfa { challenge, resend, .. } = &mut f.step {
            challenge.attempts_left = 2;
            *resend = Resend::Sent;
        }
    });
    tick().await;
    let after = by_role(&m.root, "textbox", "Verification code");
    assert_eq!(&after, &code, "the same input element");
    assert_eq!(after.unchecked_ref::<web_sys::HtmlInputElement>().value(), "12");
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    assert_eq!(document.active_element().as_ref(), Some(code.unchecked_ref::<web_sys::Element>()));
    assert!(text(&m.root).contains("2 attempts left."));
    assert!(text(&m.root).contains("A new code is on its way."));
}

/// Text from the API is rendered as text, never as markup.
#[wasm_bindgen_test]
async fn api_text_is_rendered_as_text() {
    let m = mount_step(
        login_step(email_provider("evil", "<img src=x onerror=alert(1)>")),
        settings(json!({})),
        None,
    );
    assert!(m.root.query_selector("img[onerror]").expect("selector").is_none());
    by_role(&m.root, "heading", "Log in to <img src=x onerror=alert(1)>");
}

/// No element carries an inline `style` attribute (the page runs under a strict CSP).
#[wasm_bindgen_test]
async fn no_inline_styles_are_rendered() {
    let m = mount_step(login_step(email_provider("upwork", "Upwork")), settings(json!({})), None);
    assert!(m.root.query_selector("[style]").expect("selector").is_none());
}

/// Back from a login with one auth type returns to the provider list.
#[wasm_bindgen_test]
async fn back_from_login_returns_to_the_provider_list() {
    let m = mount_step(login_step(email_provider("grab", "Grab")), settings(json!({})), None);
    by_role(&m.root, "button", "Back").click();
    // The list then asks the API for providers; with none in this test it fails over to the error
    // screen, whose Try again returns to the list.
    let back_at_list = match step_of(&m) {
        Step::Providers => true,
        Step::Failed { retry: Some(step), .. } => *step == Step::Providers,
        _ => false,
    };
    assert!(back_at_list);
}

/// While the partner is asked for a new token, the user is told, and the screen stays.
#[wasm_bindgen_test]
async fn an_expired_token_is_announced_without_leaving_the_screen() {
    let m = mount_step(login_step(email_provider("grab", "Grab")), settings(json!({})), None);
    // As the engine leaves it once the partner was asked for a new token.
    m.ctx.flow.update(|f| f.token = TokenState::Awaiting);
    tick().await;
    let status = all_by_role(&m.root, "status")
        .into_iter()
        .find(|s| text(s).contains("Your session expired. Reconnecting…"))
        .expect("a status message");
    assert!(status.is_connected());
    by_role(&m.root, "heading", "Log in to Grab");
    m.ctx.dispatch(Event::UpdateToken("tk-sandbox-new".into()));
    tick().await;
    assert!(!text(&m.root).contains("Your session expired"));
}

/// The type bar is a set of toggles: pressing one releases the others.
#[wasm_bindgen_test]
async fn the_type_bar_presses_one_type_at_a_time() {
    let m = mount_step(Step::Providers, settings(json!({})), None);
    let group = by_role(&m.root, "group", "Provider type");
    let gig = by_role(&group, "button", "Gig Platform");
    gig.click();
    tick().await;
    assert_eq!(gig.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(by_role(&group, "button", "All").get_attribute("aria-pressed").as_deref(), Some("false"));
}

fn press(target: &web_sys::Element, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Tab and Shift+Tab wrap around inside the dialog (the focus trap).
#[wasm_bindgen_test]
async fn tab_wraps_around_inside_the_dialog() {
    let m = mount_step(Step::Consent, settings(json!({})), None);
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let close = by_role(&m.root, "button", "Close");
    let continue_ = by_role(&m.root, "button", "Continue");
    continue_.focus().expect("focus");
    press(&continue_, "Tab", false);
    assert_eq!(document.active_element().as_ref(), Some(close.unchecked_ref::<web_sys::Element>()));
    press(&close, "Tab", true);
    assert_eq!(document.active_element().as_ref(), Some(continue_.unchecked_ref::<web_sys::Element>()));
}

/// The provider index's columns, read from what the browser parsed: joined there and split here,
/// and an entry holding the separator refused.
#[wasm_bindgen_test]
fn provider_index_columns_are_read_from_the_browsers_json() {
    use smile_wink::json::{Json, parse};
    let data = parse(
        r#"{"ids":["a","b"],"names":["Nestlé","Ω"],"longNames":["",""],"logoUrls":["",""],
        "types":["GIG","EMPLOYER"],"accountConnection":[true,true]}"#,
    )
    .expect("JSON");
    let index = smile_wink::wire::provider_index(&data).expect("an index");
    assert_eq!(index.names, ["Nestlé", "Ω"]);
    let bad = parse(r#"["x\u001fy", "z"]"#).expect("JSON");
    assert_eq!(bad.as_texts(), None);
    assert_eq!(parse("[]").expect("JSON").as_texts(), Some(Vec::new()));
}
