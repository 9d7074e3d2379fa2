//! Upload: the files of one document, checked before anything is sent (format by the first bytes,
//! size, count), sent with progress, cancellable, and kept for another try when sending fails.

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::FileType;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, Upload};
use crate::components::button::Actions;
use crate::components::handler;
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::documents::{FileProblem, MAX_FILES, SNIFF_BYTES, check, format_size};
use crate::engine::Ctx;
use crate::flow::Event;
use crate::i18n::{Strings, fill, in_sentence};

/// A file the user chose, accepted by the checks.
#[derive(Clone)]
struct Chosen {
    id: u32,
    file: web_sys::File,
    name: String,
    size: u64,
    /// The document's part it fills (`FRONT`, `BACK`), where the document has parts.
    part: Option<String>,
    /// An object URL of the image, for its thumbnail.
    thumbnail: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum SendState {
    Idle,
    Sending(u32),
    Failed(String),
}

/// The upload screen for one kind of document.
#[component]
pub fn UploadScreen(
    /// The kind of document, with its parts, formats and size limit.
    file_type: FileType,
    /// The employer's name, kept with the document.
    employer: Option<String>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let type_label = s.file_type_label(&file_type.kind, &file_type.type_label);
    let decimal = crate::dom::decimal_separator(ctx.settings.with_untracked(|st| st.locale).tag());
    let max_size = format_size(file_type.max_size_bytes, decimal);
    let parts: Vec<(String, String)> =
        file_type.sub_types.iter().map(|p| (p.kind.clone(), s.file_type_label(&p.kind, &p.label))).collect();
    let files = RwSignal::new_local(Vec::<Chosen>::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(SendState::Idle);
    let next_id = StoredValue::new(0u32);
    let cancel = StoredValue::new_local(None::<web_sys::AbortController>);

    let checked_type = file_type.clone();
    let add = move |list: Option<web_sys::FileList>, part: Option<String>| {
        let Some(list) = list else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        let file_type = checked_type.clone();
        spawn_local(async move {
            let mut messages = Vec::new();
            for file in chosen {
                let name = file.name();
                let head = first_bytes(&file).await;
                let count = if part.is_some() { 0 } else { files.with_untracked(Vec::len) };
                match check(&file_type, file.size() as u64, &head, count) {
                    Ok(_) => {
                        next_id.update_value(|n| *n += 1);
                        let thumbnail = file
                            .type_()
                            .starts_with("image/")
                            .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                            .flatten();
                        let entry = Chosen {
                            id: next_id.get_value(),
                            size: file.size() as u64,
                            name,
                            file,
                            part: part.clone(),
                            thumbnail,
                        };
                        let again = files.with_untracked(|all| {
                            all.iter().any(|c| {
                                c.part == entry.part
                                    && c.name == entry.name
                                    && c.size == entry.size
                                    && c.file.last_modified() == entry.file.last_modified()
                            })
                        });
                        if again {
                            // The same file chosen twice is sent once.
                            release(&entry);
                            continue;
                        }
                        files.update(|all| {
                            // A part holds one file: a new one replaces the old.
                            if let Some(old) =
                                all.iter().position(|c| c.part.is_some() && c.part == entry.part)
                            {
                                release(&all.remove(old));
                            }
                            all.push(entry);
                        });
                    }
                    Err(problem) => messages.push(describe(
                        s,
                        problem,
                        &name,
                        &format_size(file_type.max_size_bytes, decimal),
                    )),
                }
            }
            problems.set(messages);
            if sending.get_untracked() != SendState::Idle {
                sending.set(SendState::Idle);
            }
        });
    };

    let submit_parts = parts.clone();
    let submit_type = file_type.kind.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if matches!(sending.get_untracked(), SendState::Sending(_)) {
            return;
        }
        let chosen = files.get_untracked();
        if chosen.is_empty() {
            problems.set(vec![s.upload_none.to_owned()]);
            return;
        }
        if let Some((_, label)) =
            submit_parts.iter().find(|(kind, _)| !chosen.iter().any(|c| c.part.as_ref() == Some(kind)))
        {
            problems.set(vec![fill(s.upload_part_missing, &[("part", &in_sentence(label))])]);
            return;
        }
        let Ok(controller) = web_sys::AbortController::new() else { return };
        let upload = Upload {
            file_type: submit_type.clone(),
            employer: employer.clone(),
            files: chosen.iter().map(|c| (c.file.clone(), c.part.clone())).collect(),
            signal: controller.signal(),
        };
        cancel.set_value(Some(controller));
        problems.set(Vec::new());
        sending.set(SendState::Sending(0));
        // Upload is disabled while sending: focus waits on Cancel, inside the dialog.
        crate::dom::focus_later("wink-upload-cancel");
        spawn_local(async move {
            let progress = move |sent: f64, total: f64| {
                if total > 0.0 {
                    sending.set(SendState::Sending(((sent / total) * 100.0).clamp(0.0, 100.0) as u32));
                }
            };
            let result = ctx.upload(&upload, progress).await;
            cancel.set_value(None);
            if result.is_err() {
                crate::dom::focus_later("wink-upload-submit");
            }
            match result {
                Ok(archive) => ctx.dispatch(Event::Uploaded(archive)),
                Err(ApiError::Aborted) => sending.set(SendState::Idle),
                Err(ApiError::Server { message: Some(message), status, .. }) if status < 500 => {
                    sending
                        .set(SendState::Failed(fill(s.upload_rejected_by_server, &[("message", &message)])));
                }
                Err(_) => sending.set(SendState::Failed(s.upload_failed.to_owned())),
            }
        });
    };
    let on_cancel = move |_| {
        if let Some(controller) = cancel.get_value() {
            controller.abort();
        }
    };
    on_cleanup(move || {
        if let Some(controller) = cancel.get_value() {
            controller.abort();
        }
        files.with_untracked(|all| all.iter().for_each(release));
    });

    let pickers = if parts.is_empty() {
        let add = add.clone();
        view! { <FilePicker id="wink-upload" label=s.upload_choose.to_owned() multiple=true on_files=Callback::new(move |l| add(l, None)) /> }
            .into_any()
    } else {
        parts
            .iter()
            .map(|(kind, label)| {
                let add = add.clone();
                let part = kind.clone();
                let label = fill(s.upload_choose_named, &[("part", &in_sentence(label))]);
                view! {
                    <FilePicker
                        id=format!("wink-upload-{}", kind.to_ascii_lowercase())
                        label
                        multiple=false
                        on_files=Callback::new(move |l| add(l, Some(part.clone())))
                    />
                }
            })
            .collect_view()
            .into_any()
    };
    let camera_add = add.clone();
    let first_part = parts.first().map(|(kind, _)| kind.clone());
    let drop_add = add.clone();
    let drop_part = first_part.clone();
    let part_labels = parts.clone();
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        // Dropped files fill the list, or the first part still empty.
        let part = part_labels
            .iter()
            .map(|(kind, _)| kind.clone())
            .find(|kind| !files.with_untracked(|all| all.iter().any(|c| c.part.as_ref() == Some(kind))))
            .or(drop_part.clone());
        drop_add(
            ev.data_transfer().and_then(|d| d.files()),
            if part_labels.is_empty() { None } else { part },
        );
    };
    let rows = move || {
        files
            .get()
            .into_iter()
            .map(|chosen| {
                let id = chosen.id;
                let part = chosen.part.as_ref().map(|p| s.file_type_label(p, p));
                let detail = match &part {
                    Some(part) => format!("{part} · {}", format_size(chosen.size, decimal)),
                    None => format_size(chosen.size, decimal),
                };
                view! {
                    <li class="wink-file">
                        {match chosen.thumbnail.clone() {
                            Some(url) => view! { <img class="wink-file__thumb" src=url alt="" /> }.into_any(),
                            None => view! { <span class="wink-file__thumb" aria-hidden="true"><Icon kind=IconKind::Document /></span> }.into_any(),
                        }}
                        <span class="wink-file__text">
                            <span class="wink-file__name">{chosen.name.clone()}</span>
                            <span class="wink-file__size">{detail}</span>
                        </span>
                        <button
                            type="button"
                            class="wink-icon-button"
                            aria-label=fill(s.upload_remove_named, &[("name", &chosen.name)])
                            disabled=move || matches!(sending.get(), SendState::Sending(_))
                            on:click=handler(move |_| {
                                files.update(|all| {
                                    if let Some(i) = all.iter().position(|c| c.id == id) {
                                        release(&all.remove(i));
                                    }
                                })
                            })
                        >
                            <Icon kind=IconKind::Close />
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let percent = move || match sending.get() {
        SendState::Sending(p) => Some(p),
        _ => None,
    };

    view! {
        <section class="wink-screen">
            <ScreenTitle text=fill(s.upload_title, &[("type", &in_sentence(&type_label))]) />
            <p class="wink-fineprint">
                {fill(s.upload_rules, &[("size", &max_size), ("count", &MAX_FILES.to_string())])}
            </p>
            <form class="wink-form" novalidate on:submit=handler(on_submit)>
                <div class="wink-dropzone" on:dragover=handler(|ev: web_sys::DragEvent| ev.prevent_default()) on:drop=handler(on_drop)>
                    {pickers}
                    <FilePicker
                        id="wink-upload-camera"
                        label=s.upload_camera.to_owned()
                        multiple=false
                        camera=true
                        on_files=Callback::new(move |l| camera_add(l, first_part.clone()))
                    />
                    <p class="wink-dropzone__hint">{s.upload_drop}</p>
                </div>
                <ul class="wink-files" role="list" aria-label=s.upload_files_label>
                    {rows}
                </ul>
                // The alert region wraps the list, so the list keeps its list semantics.
                <div role="alert">
                    <ul class="wink-form__problems">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        {move || match sending.get() {
                            SendState::Failed(message) => Some(view! { <li>{message}</li> }),
                            _ => None,
                        }}
                    </ul>
                </div>
                <Show when=move || percent().is_some()>
                    {view! {
                        <progress
                            class="wink-progress"
                            max="100"
                            value=move || percent().unwrap_or(0).to_string()
                            aria-label=fill(s.upload_progress, &[("percent", "")]).trim_end_matches(['%', ' ']).to_owned()
                        ></progress>
                        <p class="wink-fineprint" role="status">
                            {move || fill(s.upload_progress, &[("percent", &percent().unwrap_or(0).to_string())])}
                        </p>
                    }
                    .into_any()}
                </Show>
                <Actions>
                    <button
                        id="wink-upload-submit"
                        type="submit"
                        class="wink-button wink-button--primary"
                        disabled=move || percent().is_some()
                    >
                        {s.upload_submit}
                    </button>
                    <Show when=move || percent().is_some()>
                        {view! {
                            <button
                                id="wink-upload-cancel"
                                type="button"
                                class="wink-button wink-button--secondary"
                                on:click=handler(on_cancel)
                            >
                                {s.upload_cancel}
                            </button>
                        }
                        .into_any()}
                    </Show>
                </Actions>
            </form>
        </section>
    }
}

/// A labelled file input; `camera` asks phones for the camera instead of the file picker.
#[component]
fn FilePicker(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    multiple: bool,
    #[prop(optional)] camera: bool,
    on_files: Callback<Option<web_sys::FileList>>,
) -> impl IntoView {
    let accept = if camera { "image/*" } else { "application/pdf,image/png,image/jpeg" };
    view! {
        <span class="wink-picker" class:wink-picker--camera=camera>
            <input
                id=id.clone()
                class="wink-sr-only wink-picker__input"
                type="file"
                accept=accept
                multiple=multiple
                capture=camera.then_some("environment")
                on:change=handler(move |ev: web_sys::Event| {
                    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                    if let Some(input) = input {
                        on_files.run(input.files());
                        // The same file chosen again must fire `change` again.
                        input.set_value("");
                    }
                })
            />
            <label class="wink-button wink-button--secondary wink-picker__label" for=id>
                {label}
            </label>
        </span>
    }
}

fn describe(s: &'static Strings, problem: FileProblem, name: &str, max_size: &str) -> String {
    match problem {
        FileProblem::WrongFormat => fill(s.file_wrong_format, &[("name", name)]),
        FileProblem::Empty => fill(s.file_empty, &[("name", name)]),
        FileProblem::TooBig => fill(s.file_too_big, &[("name", name), ("size", max_size)]),
        FileProblem::TooMany => fill(s.file_too_many, &[("name", name), ("count", &MAX_FILES.to_string())]),
    }
}

/// The first bytes of `file` (empty when the browser cannot read it).
async fn first_bytes(file: &web_sys::File) -> Vec<u8> {
    let Ok(head) = file.slice_with_i32_and_i32(0, SNIFF_BYTES as i32) else { return Vec::new() };
    match JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Frees a thumbnail's object URL.
fn release(chosen: &Chosen) {
    if let Some(url) = &chosen.thumbnail {
        let _ = web_sys::Url::revoke_object_url(url);
    }
}
