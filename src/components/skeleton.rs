//! The shape of a screen while its content loads, instead of a bare spinner.

use leptos::prelude::*;

/// `rows` grey placeholder rows (a logo and two lines each), announced once as `label`.
#[component]
pub fn Skeleton(
    /// What is loading, for assistive technology.
    label: &'static str,
    /// How many placeholder rows.
    rows: usize,
) -> impl IntoView {
    view! {
        <div class="wink-skeleton" role="status" aria-busy="true">
            <span class="wink-sr-only">{label}</span>
            <ul class="wink-skeleton__rows" aria-hidden="true">
                {(0..rows)
                    .map(|_| {
                        view! {
                            <li class="wink-skeleton__row">
                                <span class="wink-skeleton__block wink-skeleton__logo"></span>
                                <span class="wink-skeleton__lines">
                                    <span class="wink-skeleton__block wink-skeleton__line"></span>
                                    <span class="wink-skeleton__block wink-skeleton__line wink-skeleton__line--short"></span>
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
