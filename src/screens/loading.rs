//! Shown while the session loads (before `loaded`).

use leptos::prelude::*;

use crate::components::screen_title::ScreenTitle;
use crate::components::spinner::Spinner;
use crate::engine::Ctx;

/// The loading screen.
#[component]
pub fn LoadingScreen() -> impl IntoView {
    let strings = expect_context::<Ctx>().strings();
    view! {
        <section class="wink-screen wink-screen--center">
            <Spinner label=strings.loading />
            <ScreenTitle text=strings.loading.to_owned() />
        </section>
    }
}
