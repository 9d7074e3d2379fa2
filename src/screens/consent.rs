//! Consent: who asks for the data and what the user agrees to.

use leptos::prelude::*;

use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::flow::Event;

/// The consent screen, naming `companyName` when there is one.
#[component]
pub fn ConsentScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let title = ctx.with_company(s.consent_title_company, s.consent_title);
    let agree = ctx.with_company(s.consent_agree_company, s.consent_agree);
    // What is shared, and with whom, before anything is asked of the user.
    let shared = ctx.with_company(s.consent_point_shared_company, s.consent_point_shared);
    view! {
        <section class="wink-screen">
            <ScreenTitle text=title />
            <p class="wink-text">{s.consent_body}</p>
            <ul class="wink-points">
                <li class="wink-points__item">
                    <Icon kind=IconKind::Document />
                    <span>{shared}</span>
                </li>
                <li class="wink-points__item">
                    <Icon kind=IconKind::Lock />
                    <span>{s.consent_point_private}</span>
                </li>
                <li class="wink-points__item">
                    <Icon kind=IconKind::Check />
                    <span>{s.consent_point_control}</span>
                </li>
            </ul>
            <Actions>
                <p class="wink-fineprint">{agree}</p>
                <Button
                    kind=ButtonKind::Primary
                    label=s.continue_
                    on_click=Callback::new(move |()| ctx.dispatch(Event::AcceptConsent))
                />
            </Actions>
        </section>
    }
}
