//! Login: the provider's form for the chosen auth type, validated before it is sent.

use leptos::prelude::*;
use smile_link_api::{FieldType, LoginField};
use wasm_bindgen::JsCast;

use crate::components::handler;
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_header::ProviderHeader;
use crate::credentials::{FieldError, FieldMap, validate_fields};
use crate::dom::{focus_now, pattern_matches};
use crate::engine::Ctx;
use crate::flow::{Event, LoginDraft};
use crate::i18n::{Strings, fill};

/// The login form of `draft`'s provider and auth type, prefilled with what the user typed before.
#[component]
pub fn LoginScreen(
    /// Provider, auth type and earlier input.
    draft: LoginDraft,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let provider = draft.provider.clone();
    let fields: Vec<LoginField> =
        provider.login.auth_types.get(draft.auth).map(|a| a.fields.clone()).unwrap_or_default();
    let values = RwSignal::new(draft.values.clone());
    let errors = RwSignal::new(FieldMap::<FieldError>::new());
    let summary = RwSignal::new("");
    let title = fill(s.login_title, &[("provider", &provider.name)]);
    let note = ctx.with_company(s.login_note_company, s.login_note);

    let checked_fields = fields.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let current: FieldMap<String> = values.get_untracked();
        let found = validate_fields(&checked_fields, &current, pattern_matches);
        if let Some((index, _)) = checked_fields.iter().enumerate().find(|(_, f)| found.contains_key(&f.name))
        {
            errors.set(found);
            summary.set(s.form_has_errors);
            focus_now(&field_id(index));
            return;
        }
        ctx.dispatch(Event::SubmitLogin(current));
    };

    let rows = fields
        .into_iter()
        .enumerate()
        .map(|(index, field)| view! { <Field index field values errors strings=s /> })
        .collect_view();
    view! {
        <section class="wink-screen">
            <ProviderHeader name=provider.name.clone() logo_url=provider.logo_url.clone() title />
            <p class="wink-fineprint">{note}</p>
            <form class="wink-form" novalidate on:submit=handler(on_submit)>
                {rows}
                <p class="wink-form__summary" role="alert">
                    {move || summary.get()}
                </p>
                <div class="wink-actions">
                    <button type="submit" class="wink-button wink-button--primary">
                        {s.login_submit}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// One labelled input with its error text; password fields get a show/hide toggle.
#[component]
fn Field(
    index: usize,
    field: LoginField,
    values: RwSignal<FieldMap<String>>,
    errors: RwSignal<FieldMap<FieldError>>,
    strings: &'static Strings,
) -> impl IntoView {
    let id = field_id(index);
    let error_id = format!("{id}-error");
    let is_password = field.kind == FieldType::Password;
    let revealed = RwSignal::new(false);
    let kind = field.kind;
    let input_type = move || if is_password && revealed.get() { "text" } else { html_type(kind) };
    let (name_for_value, name_for_input, name_for_error) =
        (field.name.clone(), field.name.clone(), field.name.clone());
    let label = strings.login_label(&field.label);
    let error_label = label.clone();
    let error_text = move || {
        errors.with(|e| {
            e.get(&name_for_error).map(|error| match error {
                FieldError::Required => fill(strings.field_required, &[("field", &error_label)]),
                FieldError::Invalid => fill(strings.field_invalid, &[("field", &error_label)]),
            })
        })
    };
    let has_error = {
        let name = field.name.clone();
        move || errors.with(|e| e.contains_key(&name)).then_some("true")
    };
    view! {
        <div class="wink-field">
            <label class="wink-field__label" for=id.clone()>
                {label}
            </label>
            <div class="wink-field__control">
                <input
                    id=id
                    class="wink-input"
                    type=input_type
                    name=field.name.clone()
                    autocomplete=autocomplete(kind)
                    inputmode=(kind == FieldType::Number).then_some("numeric")
                    required=field.required
                    aria-invalid=has_error
                    aria-describedby=error_id.clone()
                    prop:value=move || values.with(|v| v.get(&name_for_value).cloned().unwrap_or_default())
                    on:input=handler(move |ev: web_sys::Event| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(input) = input {
                            let name = name_for_input.clone();
                            values.update(|v| {
                                v.insert(name.clone(), input.value());
                            });
                            errors.update(|e| {
                                e.remove(&name);
                            });
                        }
                    })
                />
                {is_password
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="wink-input__toggle"
                                aria-label=strings.show_password
                                aria-pressed=move || if revealed.get() { "true" } else { "false" }
                                on:click=handler(move |_| revealed.update(|r| *r = !*r))
                            >
                                <Icon kind=IconKind::Eye />
                            </button>
                        }
                    })}
            </div>
            <p id=error_id class="wink-field__error">
                {error_text}
            </p>
        </div>
    }
}

fn field_id(index: usize) -> String {
    format!("wink-field-{index}")
}

fn html_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "text",
        FieldType::Email => "email",
        FieldType::Tel => "tel",
        FieldType::Password => "password",
        // Digits with leading zeros (ID numbers) must not become a spin box.
        FieldType::Number => "text",
    }
}

fn autocomplete(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Email | FieldType::Text => "username",
        FieldType::Tel => "tel",
        FieldType::Password => "current-password",
        FieldType::Number => "off",
    }
}
