//! The dialog frame every screen shows in: dimmed backdrop, card, back and close buttons, footer.
//!
//! Accessibility is built in: `role="dialog"`, `aria-modal`, labelled by the screen's title, Tab and
//! Shift+Tab stay inside, Escape closes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::bridge::CloseReason;
use crate::components::icon::{Icon, IconKind};
use crate::engine::Ctx;
use crate::flow::Flow;

const FOCUSABLE: &str = "button:not([disabled]),input:not([disabled]),a[href],[tabindex=\"0\"]";

/// The dialog around the current screen.
#[component]
pub fn Modal(children: Children) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let strings = ctx.strings();
    let inline = move || ctx.settings.with(|s| s.inline);
    let can_go_back = move || ctx.flow.with(|f| f.back_target().is_some());
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ctx.engine().close(ctx, CloseReason::Close);
        }
        "Tab" => trap_focus(&ev),
        _ => {}
    };
    view! {
        <div class="wink-overlay" class:wink-overlay--inline=inline>
            <div
                class="wink-modal"
                role="dialog"
                aria-modal=move || (!inline()).then_some("true")
                aria-labelledby="wink-title"
                on:keydown=on_keydown
            >
                <div class="wink-modal__bar">
                    <Show when=can_go_back fallback=|| view! { <span class="wink-modal__spacer"></span> }>
                        <button
                            type="button"
                            class="wink-icon-button"
                            aria-label=strings.back
                            on:click=move |_| ctx.go(Flow::back)
                        >
                            <Icon kind=IconKind::Back />
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="wink-icon-button"
                        aria-label=strings.close
                        on:click=move |_| ctx.engine().close(ctx, CloseReason::Close)
                    >
                        <Icon kind=IconKind::Close />
                    </button>
                </div>
                <Show when=move || ctx.paused.get()>
                    <p class="wink-banner" role="status">
                        {strings.session_paused}
                    </p>
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
