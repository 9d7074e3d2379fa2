//! The widget's root view.

use leptos::prelude::*;

/// The widget root (a placeholder screen until the connect flow lands).
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="wink-root">
            <h1 class="wink-title">"Smile Wink"</h1>
        </main>
    }
}
