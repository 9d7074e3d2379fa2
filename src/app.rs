//! The widget's root view: the dialog and the screen for the current step.

use std::time::Duration;

use leptos::prelude::*;

use crate::bridge::Bridge;
use crate::components::modal::Modal;
use crate::engine::{Ctx, default_settings};
use crate::events::CloseReason;
use crate::flow::{Event, Flow, ScreenKey, Step, TokenState};
use crate::screens::accounts::{AccountsScreen, RevokeArchiveScreen, RevokeScreen};
use crate::screens::connecting::ConnectingScreen;
use crate::screens::consent::ConsentScreen;
use crate::screens::error::ErrorScreen;
use crate::screens::file_types::FileTypesScreen;
use crate::screens::loading::LoadingScreen;
use crate::screens::login::LoginScreen;
use crate::screens::login_options::LoginOptionsScreen;
use crate::screens::mfa::MfaScreen;
use crate::screens::providers::ProvidersScreen;
use crate::screens::success::{Done, SuccessScreen};
use crate::screens::survey::SurveyScreen;
use crate::screens::upload::UploadScreen;

/// The widget page: connects to the shim (or, opened directly, to the local sandbox) and shows the flow.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new(Bridge::detect(), Flow::new(), default_settings());
    provide_context(ctx);
    ctx.boot();
    view! { <Shell /> }
}

/// The dialog with the current step's screen; nothing while closed. Needs a [`Ctx`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = Memo::new(move |_| ctx.flow.with(|f| f.open));
    let staged = Memo::new(move |_| ctx.flow.with(|f| f.staged));
    // The screen is rebuilt only when it changes, not when data inside it does.
    let key = Memo::new(move |_| ctx.flow.with(|f| f.step.key()));
    let locale = Memo::new(move |_| ctx.settings.with(|s| s.locale));
    let inline = Signal::derive(move || ctx.settings.with(|s| s.inline));
    let can_go_back = Signal::derive(move || ctx.flow.with(|f| f.back_target().is_some()));
    let paused = Signal::derive(move || ctx.flow.with(|f| f.token == TokenState::Awaiting));
    let on_back = Callback::new(move |()| ctx.dispatch(Event::Back));
    let on_close = Callback::new(move |()| ctx.dispatch(Event::Close(CloseReason::Close)));
    // A load that answers quickly shows its first screen straight away: the loading screen waits
    // LOADING_DELAY first, so a fast open builds one screen, not a skeleton that flashes by.
    let waited = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() && !waited.get_untracked() {
            // The focus the flow gave the loading screen on open found nothing yet, so it goes now.
            set_timeout(
                move || {
                    let still_loading = key.try_with_untracked(|k| *k == ScreenKey::Loading);
                    if waited.try_set(true).is_none() && still_loading == Some(true) {
                        crate::dom::focus_later("wink-title");
                    }
                },
                LOADING_DELAY,
            );
        }
    });
    let shown = Memo::new(move |_| {
        staged.get() || open.get() && (waited.get() || key.with(|k| *k != ScreenKey::Loading))
    });
    view! {
        <Show when=move || shown.get()>
            {move || {
                let strings = locale.get().strings();
                view! {
                    <Modal strings inline can_go_back paused on_back on_close>
                        {move || {
                            // Read (not just tracked), so the lazy memo is computed and can notify.
                            key.with(|_| ());
                            screen(ctx.flow.with_untracked(|f| f.step.clone()))
                        }}
                    </Modal>
                }
            }}
        </Show>
    }
}

/// How long an opened widget whose session is still loading shows nothing before its loading screen.
const LOADING_DELAY: Duration = Duration::from_millis(150);

fn screen(step: Step) -> AnyView {
    match step {
        Step::Loading => view! { <LoadingScreen /> }.into_any(),
        Step::Consent => {
            // Every user who goes on needs the next screens: their code comes while they read.
            prefetch_after_paint(Part::Connect);
            view! { <ConsentScreen /> }.into_any()
        }
        step @ (Step::Providers
        | Step::LoginOptions { .. }
        | Step::Login { .. }
        | Step::Connecting { .. }
        | Step::Mfa { .. }
        | Step::Success { .. }) => on_demand(Part::Connect, step),
        Step::Failed { failure, .. } => view! { <ErrorScreen failure /> }.into_any(),
        step @ (Step::Accounts | Step::Revoke { .. }) => on_demand(Part::Accounts, step),
        step @ (Step::Survey { .. }
        | Step::FileTypes { .. }
        | Step::Upload { .. }
        | Step::ArchiveSuccess { .. }
        | Step::RevokeArchive { .. }) => on_demand(Part::Documents, step),
    }
}

/// Screens that are never the first an open shows, except [`Part::Connect`]'s login for a single provider
/// without consent (fetched as the session loads, then). Release builds (`split` feature) cut each group's
/// code into a wasm part of its own (scripts/finish-wasm.mjs), fetched when one of its screens is first
/// shown or foreseen ([`prefetch`]); other builds have them inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The provider list, the login form, its verification code, its progress and its success:
    /// everyone who connects an account.
    Connect,
    /// The connected accounts and their removal: returning users.
    Accounts,
    /// The document upload screens.
    Documents,
}

/// A screen of `part`: the loading screen until its code is fetched, then the screen; if the
/// fetch fails, the error screen, whose Try again fetches it again.
#[cfg(feature = "split")]
fn on_demand(part: Part, step: Step) -> AnyView {
    use leptos::reactive::computed::ScopedFuture;
    let ctx = expect_context::<Ctx>();
    let ready = RwSignal::new(false);
    let view = StoredValue::new_local(None::<AnyView>);
    // The screen is built when its code has arrived, under this view's owner (for its context and cleanup).
    let built = ScopedFuture::new_untracked(part_view(part, step));
    leptos::task::spawn_local(async move {
        match built.await {
            Ok(screen) => {
                // Nothing to show if the user has moved on meanwhile.
                if view.try_set_value(Some(screen)).is_none() {
                    ready.try_set(true);
                    crate::dom::refocus_later("wink-title");
                }
            }
            Err(ScreenUnavailable) if view.try_with_value(|_| ()).is_some() => {
                ctx.dispatch(Event::ScreenUnavailable);
            }
            Err(ScreenUnavailable) => {}
        }
    });
    (move || match ready.get() {
        true => view.try_update_value(Option::take).flatten(),
        false => Some(view! { <LoadingScreen /> }.into_any()),
    })
    .into_any()
}

/// The code of a screen fetched on demand did not arrive.
#[derive(Debug)]
pub struct ScreenUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ScreenUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ScreenUnavailable
    }
}

/// Like [`prefetch`], for a screen after the one being built: a moment later, so that fetching and
/// compiling it does not hold up this screen's first paint.
fn prefetch_after_paint(part: Part) {
    leptos::task::spawn_local(async move {
        crate::api::sleep(AFTER_PAINT_MS).await;
        prefetch(part);
    });
}

/// How long [`prefetch_after_paint`] waits: more than a first screen takes to build and paint.
const AFTER_PAINT_MS: u32 = 100;

/// Starts fetching `part` (when the build has parts), so that its screen shows at once when it
/// comes. A failure is left for that screen to meet: it fetches again.
pub fn prefetch(part: Part) {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async move {
        let _ = match part {
            Part::Connect => preload_connect().await,
            Part::Accounts => preload_accounts().await,
            Part::Documents => preload_documents().await,
        };
    });
    #[cfg(not(feature = "split"))]
    let _ = part;
}

#[cfg(feature = "split")]
async fn part_view(part: Part, step: Step) -> Result<AnyView, ScreenUnavailable> {
    match part {
        Part::Connect => connect_view(step).await,
        Part::Accounts => accounts_view(step).await,
        Part::Documents => documents_view(step).await,
    }
}

/// One module (tests, `make ui`): every screen's code is there, so it is built at once.
#[cfg(not(feature = "split"))]
fn on_demand(part: Part, step: Step) -> AnyView {
    let view = match part {
        Part::Connect => connect_view(step),
        Part::Accounts => accounts_view(step),
        Part::Documents => documents_view(step),
    };
    view.unwrap_or_else(|ScreenUnavailable| ().into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(connect, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_connect))
)]
fn connect_view(step: Step) -> Result<AnyView, ScreenUnavailable> {
    Ok(match step {
        Step::Providers => view! { <ProvidersScreen /> }.into_any(),
        Step::LoginOptions { provider, .. } => view! { <LoginOptionsScreen provider /> }.into_any(),
        Step::Login { draft } => view! { <LoginScreen draft /> }.into_any(),
        Step::Connecting { draft, .. } => view! { <ConnectingScreen provider=draft.provider /> }.into_any(),
        Step::Mfa { draft, .. } => view! { <MfaScreen provider=draft.provider /> }.into_any(),
        Step::Success { provider, .. } => {
            view! { <SuccessScreen done=Done::Connected(provider) /> }.into_any()
        }
        _ => ().into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        accounts,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_accounts)
    )
)]
fn accounts_view(step: Step) -> Result<AnyView, ScreenUnavailable> {
    Ok(match step {
        Step::Accounts => {
            // Reconnecting and connecting another account need the connect part: it comes while the user reads.
            prefetch_after_paint(Part::Connect);
            view! { <AccountsScreen /> }.into_any()
        }
        Step::Revoke { entry } => view! { <RevokeScreen entry /> }.into_any(),
        _ => ().into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        documents,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_documents)
    )
)]
fn documents_view(step: Step) -> Result<AnyView, ScreenUnavailable> {
    Ok(match step {
        Step::Survey { name } => view! { <SurveyScreen name /> }.into_any(),
        Step::FileTypes { employer } => view! { <FileTypesScreen employer /> }.into_any(),
        Step::Upload { file_type, employer } => view! { <UploadScreen file_type employer /> }.into_any(),
        Step::ArchiveSuccess { archive } => {
            view! { <SuccessScreen done=Done::Uploaded(archive) /> }.into_any()
        }
        Step::RevokeArchive { archive } => view! { <RevokeArchiveScreen archive /> }.into_any(),
        _ => ().into_any(),
    })
}
