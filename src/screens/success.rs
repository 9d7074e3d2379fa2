//! Success: the account is connected; DONE closes with reason `exit`.

use leptos::prelude::*;
use smile_link_api::Provider;

use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::events::CloseReason;
use crate::flow::Event;
use crate::i18n::fill;

/// The success screen.
#[component]
pub fn SuccessScreen(
    /// The provider just connected.
    provider: Provider,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    view! {
        <section class="wink-screen wink-screen--center">
            <div class="wink-badge wink-badge--success">
                <Icon kind=IconKind::Check />
            </div>
            <ScreenTitle text=s.success_title.to_owned() />
            <p class="wink-text">{fill(s.success_body, &[("provider", &provider.name)])}</p>
            <Actions>
                <Button
                    kind=ButtonKind::Primary
                    label=s.done
                    on_click=Callback::new(move |()| ctx.dispatch(Event::Close(CloseReason::Exit)))
                />
            </Actions>
        </section>
    }
}
