//! Success: the account is connected or the document uploaded; DONE closes with reason `exit`.

use leptos::prelude::*;
use smile_link_api::{Archive, Provider};

use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::events::CloseReason;
use crate::flow::Event;
use crate::i18n::{fill, in_sentence};

/// What succeeded.
pub enum Done {
    /// This provider's account is connected.
    Connected(Provider),
    /// This archive was uploaded.
    Uploaded(Archive),
}

/// The success screen.
#[component]
pub fn SuccessScreen(
    /// What succeeded.
    done: Done,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let (title, body) = match done {
        Done::Connected(provider) => (s.success_title, fill(s.success_body, &[("provider", &provider.name)])),
        Done::Uploaded(archive) => {
            let kind = in_sentence(&s.file_type_label(&archive.kind, &archive.kind));
            let body = ctx.with_company(s.archive_success_body_company, s.archive_success_body);
            (s.archive_success_title, fill(&body, &[("type", &kind)]))
        }
    };
    view! {
        <section class="wink-screen wink-screen--center">
            <div class="wink-badge wink-badge--success">
                <Icon kind=IconKind::Check />
            </div>
            <ScreenTitle text=title.to_owned() />
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
