//! Shown while the session loads (before `loaded`): the shape of a screen, not a bare spinner.

use leptos::prelude::*;

use crate::components::skeleton::Skeleton;
use crate::engine::Ctx;

/// The loading screen. Its heading is for assistive technology; the placeholders show the rest.
#[component]
pub fn LoadingScreen() -> impl IntoView {
    let strings = expect_context::<Ctx>().strings();
    view! {
        <section class="wink-screen">
            <h2 id="wink-title" class="wink-sr-only" tabindex="-1">
                {strings.loading}
            </h2>
            <span class="wink-skeleton__block wink-skeleton__title" aria-hidden="true"></span>
            <Skeleton label=strings.loading rows=5 />
        </section>
    }
}
