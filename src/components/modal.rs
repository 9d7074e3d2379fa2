//! The dialog frame every screen shows in: dimmed backdrop, card, back and close buttons, footer.
//!
//! Accessibility is built in: `role="dialog"`, `aria-modal`, labelled by the screen's title, Tab and
//! Shift+Tab stay inside, Escape closes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::handler;
use crate::components::icon::{Icon, IconKind};
use crate::i18n::Strings;

const FOCUSABLE: &str = "button:not([disabled]),input:not([disabled]),a[href],[tabindex=\"0\"]";

/// The dialog around the current screen.
#[component]
pub fn Modal(
    /// The locale's strings.
    strings: &'static Strings,
    /// Rendered in the partner's element instead of as a modal.
    #[prop(into)]
    inline: Signal<bool>,
    /// Whether the screen has a back button.
    #[prop(into)]
    can_go_back: Signal<bool>,
    /// Calls are paused while the partner supplies a new token.
    #[prop(into)]
    paused: Signal<bool>,
    /// The back button.
    on_back: Callback<()>,
    /// The close button and Escape.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Tab" {
            trap_focus(&ev);
        }
    };
    // Escape closes from anywhere in the page, even when focus fell out of the dialog (a button
    // that became disabled leaves it on the body).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            on_close.run(());
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="wink-overlay" class:wink-overlay--inline=move || inline.get()>
            <div
                class="wink-modal"
                role="dialog"
                aria-modal=move || (!inline.get()).then_some("true")
                aria-labelledby="wink-title"
                on:keydown=handler(on_keydown)
            >
                <div class="wink-modal__bar">
                    <Show when=move || can_go_back.get() fallback=|| view! { <span class="wink-modal__spacer"></span> }>
                        {view! {
                            <button
                                type="button"
                                class="wink-icon-button"
                                aria-label=strings.back
                                on:click=handler(move |_| on_back.run(()))
                            >
                                <Icon kind=IconKind::Back />
                            </button>
                        }
                        .into_any()}
                    </Show>
                    <button
                        type="button"
                        class="wink-icon-button"
                        aria-label=strings.close
                        on:click=handler(move |_| on_close.run(()))
                    >
                        <Icon kind=IconKind::Close />
                    </button>
                </div>
                <Show when=move || paused.get()>
                    {view! {
                        <p class="wink-banner" role="status">
                            {strings.session_paused}
                        </p>
                    }
                    .into_any()}
                </Show>
                <div class="wink-modal__body">{children()}</div>
                <p class="wink-modal__footer">
                    <Icon kind=IconKind::Lock />
                    {strings.secured_by}
                </p>
            </div>
        </div>
    }
}

/// Keeps Tab and Shift+Tab cycling inside the dialog.
fn trap_focus(ev: &web_sys::KeyboardEvent) {
    let Some(dialog) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else { return };
    let count = list.length();
    let item = |i: u32| list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(first), Some(last)) = (item(0), item(count.saturating_sub(1))) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let is = |el: &web_sys::HtmlElement| {
        active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let outside = active.as_ref().is_none_or(|a| !dialog.contains(Some(a)) || a.id() == "wink-title");
    if ev.shift_key() && (is(&first) || outside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key()
        && (is(&last) || (outside && active.as_ref().is_none_or(|a| a.id() != "wink-title")))
    {
        ev.prevent_default();
        let _ = first.focus();
    }
}
