//! An indeterminate progress indicator.

use leptos::prelude::*;

/// A spinning ring with an accessible name; motion stops under `prefers-reduced-motion`.
#[component]
pub fn Spinner(
    /// What is in progress, for assistive technology.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! { <div class="wink-spinner" role="progressbar" aria-label=label></div> }
}
