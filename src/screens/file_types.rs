//! Which kind of document to upload, from `GET /fileTypes`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::FileType;

use crate::components::handler;
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::components::skeleton::Skeleton;
use crate::engine::Ctx;
use crate::flow::Event;
use crate::i18n::fill;

/// The document types, each a button; `employer` (from the survey or an upload-only employer) is
/// named above them.
#[component]
pub fn FileTypesScreen(
    /// The employer the documents are from, when known.
    employer: Option<String>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let types = RwSignal::new(None::<Vec<FileType>>);
    spawn_local(async move {
        match ctx.file_types().await {
            Ok(list) => types.set(Some(list)),
            Err(crate::api::ApiError::Aborted) => {}
            Err(error) => ctx.dispatch(Event::ListFailed(error)),
        }
    });
    let rows = move || {
        types.get().map(|list| {
            list.into_iter()
                .map(|file_type| {
                    let label = s.file_type_label(&file_type.kind, &file_type.type_label);
                    view! {
                        <li class="wink-providers__item">
                            <button
                                type="button"
                                class="wink-provider"
                                on:click=handler(move |_| ctx.dispatch(Event::ChooseFileType(file_type.clone())))
                            >
                                <span class="wink-logo" aria-hidden="true">
                                    <Icon kind=IconKind::Document />
                                </span>
                                <span class="wink-provider__text">
                                    <span class="wink-provider__name">{label}</span>
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="wink-screen">
            <ScreenTitle text=s.file_types_title.to_owned() />
            {employer.map(|name| view! { <p class="wink-fineprint">{fill(s.file_types_for, &[("employer", &name)])}</p> })}
            <Show when=move || types.with(Option::is_none)>
                <Skeleton label=s.file_types_loading rows=3 />
            </Show>
            <ul class="wink-providers" role="list" aria-label=s.file_types_list_label>
                {rows}
            </ul>
        </section>
    }
}
