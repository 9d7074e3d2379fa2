//! The user's connected accounts, each with Disconnect, and the confirmation before disconnecting.

use leptos::prelude::*;

use crate::components::provider_row::ProviderLogo;
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::flow::{AccountEntry, Flow};
use crate::i18n::{Strings, fill};
use smile_link_api::ConnectionStatus;

fn status_label(strings: &'static Strings, status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Connected | ConnectionStatus::Disconnected => strings.status_connected,
        ConnectionStatus::Pending => strings.status_pending,
        ConnectionStatus::AwaitingMfa => strings.status_mfa,
        ConnectionStatus::Error => strings.status_error,
    }
}

/// The account status screen.
#[component]
pub fn AccountsScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let entries = ctx.flow.with_untracked(|f| f.accounts.clone());
    let rows = entries
        .into_iter()
        .map(|entry| {
            let id = entry.account.id.clone();
            let status = status_label(s, entry.account.connection_status);
            view! {
                <li class="wink-account">
                    <ProviderLogo name=entry.provider_name.clone() url=entry.logo_url.clone() />
                    <span class="wink-account__text">
                        <span class="wink-account__name">{entry.provider_name.clone()}</span>
                        <span class="wink-account__status">{status}</span>
                    </span>
                    <button
                        type="button"
                        class="wink-button wink-button--small"
                        aria-label=fill(s.disconnect_named, &[("provider", &entry.provider_name)])
                        on:click=move |_| ctx.go(|f| f.ask_disconnect(&id))
                    >
                        {s.disconnect}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="wink-screen">
            <ScreenTitle text=s.accounts_title.to_owned() />
            <ul class="wink-accounts" role="list" aria-label=s.accounts_list_label>
                {rows}
            </ul>
            <div class="wink-actions">
                <button
                    type="button"
                    class="wink-button wink-button--primary"
                    on:click=move |_| ctx.go(Flow::connect_another)
                >
                    {s.connect_another}
                </button>
            </div>
        </section>
    }
}

/// Confirm disconnecting `entry`.
#[component]
pub fn RevokeScreen(
    /// The account to disconnect.
    entry: AccountEntry,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let title = fill(s.revoke_title, &[("provider", &entry.provider_name)]);
    view! {
        <section class="wink-screen">
            <div class="wink-screen__logo">
                <ProviderLogo name=entry.provider_name.clone() url=entry.logo_url.clone() />
            </div>
            <ScreenTitle text=title />
            <p class="wink-text">{ctx.with_company(s.revoke_body_company, s.revoke_body)}</p>
            <div class="wink-actions">
                <button
                    type="button"
                    class="wink-button wink-button--danger"
                    disabled=move || ctx.busy.get()
                    on:click=move |_| ctx.engine().disconnect(ctx)
                >
                    {s.disconnect}
                </button>
                <button type="button" class="wink-button wink-button--secondary" on:click=move |_| ctx.go(Flow::back)>
                    {s.cancel}
                </button>
            </div>
        </section>
    }
}
