//! The provider's logo above the screen's title, as the login, MFA and account screens start.

use leptos::prelude::*;

use crate::components::provider_logo::ProviderLogo;
use crate::components::screen_title::ScreenTitle;

/// A provider's logo (or initials) and the screen title.
#[component]
pub fn ProviderHeader(
    /// The provider's name (for the initials fallback).
    #[prop(into)]
    name: String,
    /// The provider's logo URL; empty for none.
    #[prop(into)]
    logo_url: String,
    /// The screen's title.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    view! {
        <div class="wink-screen__logo">
            <ProviderLogo name url=logo_url />
        </div>
        <ScreenTitle text=title />
    }
}
