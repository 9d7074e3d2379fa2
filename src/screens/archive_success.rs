//! The document is uploaded; DONE closes with reason `exit`.

use leptos::prelude::*;
use smile_link_api::Archive;

use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::events::CloseReason;
use crate::flow::Event;
use crate::i18n::fill;

/// The upload success screen.
#[component]
pub fn ArchiveSuccessScreen(
    /// The archive the API returned.
    archive: Archive,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let kind = s.file_type_label(&archive.kind, &archive.kind).to_ascii_lowercase();
    let body =
        fill(&ctx.with_company(s.archive_success_body_company, s.archive_success_body), &[("type", &kind)]);
    view! {
        <section class="wink-screen wink-screen--center">
            <div class="wink-badge wink-badge--success">
                <Icon kind=IconKind::Check />
            </div>
            <ScreenTitle text=s.archive_success_title.to_owned() />
            <p class="wink-text">{body}</p>
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
