//! The user's accounts: connected ones, and those needing attention with Reconnect; Disconnect
//! on each, confirmed on its own screen (the documents' "revoke").

use leptos::prelude::*;
use smile_link_api::ConnectionStatus;

use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::provider_row::ProviderLogo;
use crate::components::screen_header::ProviderHeader;
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::flow::{AccountEntry, Event};
use crate::i18n::{Strings, fill};

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
    let rows = ctx
        .flow
        .with_untracked(|f| f.accounts())
        .into_iter()
        .map(|entry| {
            let id = entry.account.id.clone();
            let name = entry.provider_name.clone();
            let reconnect = (entry.needs_attention() && entry.provider.is_some()).then(|| {
                let id = id.clone();
                view! {
                    <Button
                        kind=ButtonKind::Small
                        label=s.reconnect
                        aria_label=fill(s.reconnect_named, &[("provider", &name)])
                        on_click=Callback::new(move |()| ctx.dispatch(Event::Reconnect(id.clone())))
                    />
                }
            });
            view! {
                <li class="wink-account">
                    <ProviderLogo name=entry.provider_name.clone() url=entry.logo_url.clone() />
                    <span class="wink-account__text">
                        <span class="wink-account__name">{entry.provider_name.clone()}</span>
                        <span class="wink-account__status">
                            {status_label(s, entry.account.connection_status)}
                        </span>
                    </span>
                    {reconnect}
                    <Button
                        kind=ButtonKind::Small
                        label=s.disconnect
                        aria_label=fill(s.disconnect_named, &[("provider", &entry.provider_name)])
                        on_click=Callback::new(move |()| ctx.dispatch(Event::AskRevoke(id.clone())))
                    />
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
            <Actions>
                <Button
                    kind=ButtonKind::Primary
                    label=s.connect_another
                    on_click=Callback::new(move |()| ctx.dispatch(Event::ConnectAnother))
                />
            </Actions>
        </section>
    }
}

/// Confirm revoking `entry`.
#[component]
pub fn RevokeScreen(
    /// The account to revoke.
    entry: AccountEntry,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let title = fill(s.revoke_title, &[("provider", &entry.provider_name)]);
    let busy = Signal::derive(move || ctx.flow.with(|f| f.busy));
    view! {
        <section class="wink-screen">
            <ProviderHeader name=entry.provider_name.clone() logo_url=entry.logo_url.clone() title />
            <p class="wink-text">{ctx.with_company(s.revoke_body_company, s.revoke_body)}</p>
            <Actions>
                <Button
                    kind=ButtonKind::Danger
                    label=s.disconnect
                    disabled=busy
                    on_click=Callback::new(move |()| ctx.dispatch(Event::ConfirmRevoke))
                />
                <Button
                    kind=ButtonKind::Secondary
                    label=s.cancel
                    on_click=Callback::new(move |()| ctx.dispatch(Event::Back))
                />
            </Actions>
        </section>
    }
}
