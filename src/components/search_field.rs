//! The provider search box.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::handler;

/// A labelled search input; `on_input` gets every change, `on_arrow_down` lets the list take focus.
#[component]
pub fn SearchField(
    /// The accessible label.
    label: &'static str,
    /// Placeholder text.
    placeholder: &'static str,
    /// The current query.
    value: RwSignal<String>,
    /// Called when the user presses the down arrow (move into the results).
    on_arrow_down: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="wink-search">
            <label class="wink-sr-only" for="wink-search">
                {label}
            </label>
            <input
                id="wink-search"
                class="wink-search__input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=handler(move |ev: web_sys::Event| {
                    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                    if let Some(input) = input {
                        value.set(input.value());
                    }
                })
                on:keydown=handler(move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "ArrowDown" {
                        ev.prevent_default();
                        on_arrow_down();
                    }
                })
            />
        </div>
    }
}
