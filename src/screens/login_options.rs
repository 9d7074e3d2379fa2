//! Login options: a provider with several ways to log in (email, mobile number, SS number, ...).

use leptos::prelude::*;
use smile_link_api::Provider;

use crate::components::handler;
use crate::components::screen_header::ProviderHeader;
use crate::engine::Ctx;
use crate::flow::Event;
use crate::i18n::fill;

/// One button per auth type of `provider`.
#[component]
pub fn LoginOptionsScreen(
    /// The provider being connected.
    provider: Provider,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let title = fill(s.login_options_title, &[("provider", &provider.name)]);
    let options = provider
        .login
        .auth_types
        .iter()
        .enumerate()
        .map(|(index, auth)| {
            view! {
                <li>
                    <button
                        type="button"
                        class="wink-option"
                        on:click=handler(move |_| ctx.dispatch(Event::ChooseAuthType(index)))
                    >
                        {s.login_label(&auth.label)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="wink-screen">
            <ProviderHeader name=provider.name.clone() logo_url=provider.logo_url.clone() title />
            <ul class="wink-options">{options}</ul>
        </section>
    }
}
