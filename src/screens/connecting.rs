//! Connecting: progress while the link API checks the credentials.

use leptos::prelude::*;
use smile_link_api::Provider;

use crate::components::provider_logo::ProviderLogo;
use crate::components::screen_title::ScreenTitle;
use crate::components::spinner::Spinner;
use crate::engine::Ctx;
use crate::i18n::fill;

/// The progress screen for `provider`.
#[component]
pub fn ConnectingScreen(
    /// The provider being connected.
    provider: Provider,
) -> impl IntoView {
    let s = expect_context::<Ctx>().strings();
    let title = fill(s.connecting_title, &[("provider", &provider.name)]);
    view! {
        <section class="wink-screen wink-screen--center">
            <div class="wink-screen__logo">
                <ProviderLogo name=provider.name.clone() url=provider.logo_url.clone() />
            </div>
            <Spinner label=title.clone() />
            <ScreenTitle text=title />
            <p class="wink-text" role="status">
                {s.connecting_body}
            </p>
        </section>
    }
}
