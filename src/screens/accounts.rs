//! The user's accounts: connected ones, and those needing attention with Reconnect; Disconnect
//! on each, confirmed on its own screen (the documents' "revoke").

use leptos::prelude::*;
use smile_link_api::{Archive, ArchiveStatus, ConnectionStatus};

use crate::components::button::{Actions, Button, ButtonKind, ConfirmActions};
use crate::components::icon::{Icon, IconKind};
use crate::components::provider_logo::ProviderLogo;
use crate::components::screen_header::ProviderHeader;
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::flow::{AccountEntry, Event};
use crate::i18n::{Strings, fill, in_sentence};

fn archive_status(strings: &'static Strings, status: ArchiveStatus) -> &'static str {
    match status {
        ArchiveStatus::Started => strings.archive_started,
        ArchiveStatus::Analyzed => strings.archive_analyzed,
        ArchiveStatus::Unsupported => strings.archive_unsupported,
        ArchiveStatus::Error | ArchiveStatus::Revoked => strings.archive_error,
    }
}

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
    let entries = ctx.flow.with_untracked(|f| f.accounts());
    let has_accounts = !entries.is_empty();
    // Someone with documents only has no connected account to speak of.
    let title = if has_accounts { s.accounts_title } else { s.documents_title };
    let rows = entries
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
    let archives = ctx.flow.with_untracked(|f| f.archives());
    let locale = ctx.settings.with_untracked(|st| st.locale).tag();
    let documents = (!archives.is_empty()).then(|| {
        let rows = archives
            .into_iter()
            .map(|archive| {
                let id = archive.id.clone();
                let kind = s.file_type_label(&archive.kind, &archive.kind);
                let date = crate::dom::format_date(&archive.created_at, locale);
                view! {
                    <li class="wink-account">
                        <span class="wink-logo" aria-hidden="true">
                            <Icon kind=IconKind::Document />
                        </span>
                        <span class="wink-account__text">
                            <span class="wink-account__name">{kind.clone()}</span>
                            <span class="wink-account__status">{archive_status(s, archive.state.status)}</span>
                        </span>
                        <Button
                            kind=ButtonKind::Small
                            label=s.remove
                            aria_label=fill(s.remove_named, &[("type", &kind), ("date", &date)])
                            on_click=Callback::new(move |()| ctx.dispatch(Event::AskRevokeArchive(id.clone())))
                        />
                    </li>
                }
            })
            .collect_view();
        view! {
            <Show when=move || has_accounts>
                {view! { <h3 class="wink-subtitle">{s.documents_title}</h3> }.into_any()}
            </Show>
            <ul class="wink-accounts" role="list" aria-label=s.documents_list_label>
                {rows}
            </ul>
        }
    });
    view! {
        <section class="wink-screen">
            <ScreenTitle text=title.to_owned() />
            {has_accounts
                .then(|| {
                    view! {
                        <ul class="wink-accounts" role="list" aria-label=s.accounts_list_label>
                            {rows}
                        </ul>
                    }
                })}
            {documents}
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
            <ConfirmActions
                confirm=s.disconnect
                cancel=s.cancel
                busy
                on_confirm=Callback::new(move |()| ctx.dispatch(Event::ConfirmRevoke))
                on_cancel=Callback::new(move |()| ctx.dispatch(Event::Back))
            />
        </section>
    }
}

/// Confirm removing an uploaded document.
#[component]
pub fn RevokeArchiveScreen(
    /// The document to remove.
    archive: Archive,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let kind = in_sentence(&s.file_type_label(&archive.kind, &archive.kind));
    let busy = Signal::derive(move || ctx.flow.with(|f| f.busy));
    view! {
        <section class="wink-screen">
            <ScreenTitle text=fill(s.revoke_archive_title, &[("type", &kind)]) />
            <p class="wink-text">{ctx.with_company(s.revoke_archive_body_company, s.revoke_archive_body)}</p>
            <ConfirmActions
                confirm=s.remove
                cancel=s.cancel
                busy
                on_confirm=Callback::new(move |()| ctx.dispatch(Event::ConfirmRevokeArchive))
                on_cancel=Callback::new(move |()| ctx.dispatch(Event::Back))
            />
        </section>
    }
}
