//! The heading every screen starts with; it labels the dialog and takes focus when a screen shows.

use leptos::prelude::*;

/// The screen's title: `id="wink-title"` (the dialog's `aria-labelledby`), focusable by script only.
#[component]
pub fn ScreenTitle(
    /// The title text.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! {
        <h2 id="wink-title" class="wink-title" tabindex="-1">
            {move || text.get()}
        </h2>
    }
}
