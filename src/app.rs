//! The widget's root view: the dialog and the screen for the current step.

use leptos::prelude::*;

use crate::bridge::Bridge;
use crate::components::modal::Modal;
use crate::engine::{Ctx, Engine, default_settings, empty_flow};
use crate::flow::Step;
use crate::screens::accounts::{AccountsScreen, RevokeScreen};
use crate::screens::connecting::ConnectingScreen;
use crate::screens::consent::ConsentScreen;
use crate::screens::error::ErrorScreen;
use crate::screens::loading::LoadingScreen;
use crate::screens::login::LoginScreen;
use crate::screens::login_options::LoginOptionsScreen;
use crate::screens::mfa::MfaScreen;
use crate::screens::providers::ProvidersScreen;
use crate::screens::success::SuccessScreen;

/// The widget page: connects to the shim (or, opened directly, to the local sandbox) and shows the flow.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new(Bridge::detect(), empty_flow(), default_settings());
    provide_context(ctx);
    Engine::boot(ctx);
    view! { <Shell /> }
}

/// The dialog with the current step's screen; nothing while closed. Needs a [`Ctx`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let step = Memo::new(move |_| ctx.flow.with(|f| f.step.clone()));
    view! {
        <Show when=move || step.with(|s| *s != Step::Closed)>
            <Modal>{move || screen(step.get())}</Modal>
        </Show>
    }
}

fn screen(step: Step) -> AnyView {
    match step {
        Step::Loading | Step::Closed => view! { <LoadingScreen /> }.into_any(),
        Step::Consent => view! { <ConsentScreen /> }.into_any(),
        Step::Accounts => view! { <AccountsScreen /> }.into_any(),
        Step::Revoke { entry } => view! { <RevokeScreen entry /> }.into_any(),
        Step::Providers => view! { <ProvidersScreen /> }.into_any(),
        Step::LoginOptions { provider } => view! { <LoginOptionsScreen provider /> }.into_any(),
        Step::Login { draft } => view! { <LoginScreen draft /> }.into_any(),
        Step::Connecting { draft, .. } => view! { <ConnectingScreen provider=draft.provider /> }.into_any(),
        Step::Mfa { draft, challenge, wrong_code, .. } => {
            view! { <MfaScreen provider=draft.provider challenge wrong_code /> }.into_any()
        }
        Step::Success { provider, .. } => view! { <SuccessScreen provider /> }.into_any(),
        Step::Failed { failure, .. } => view! { <ErrorScreen failure /> }.into_any(),
    }
}
