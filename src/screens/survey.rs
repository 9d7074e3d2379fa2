//! "Can't find your employer?": the employer's name, kept with the upload that follows, or, with
//! uploads off, recorded so the partner learns the employer is not listed.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::button::Actions;
use crate::components::handler;
use crate::components::screen_title::ScreenTitle;
use crate::dom::focus_now;
use crate::engine::Ctx;
use crate::flow::Event;

/// The employer survey, prefilled with `name` (what the user searched for).
#[component]
pub fn SurveyScreen(
    /// The name so far.
    name: String,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let uploads = ctx.flow.with_untracked(|f| f.uploads());
    let body = if uploads {
        s.survey_body_upload.to_owned()
    } else {
        ctx.with_company(s.survey_body_company, s.survey_body)
    };
    let value = RwSignal::new(name);
    let missing = RwSignal::new(false);
    let busy = Signal::derive(move || ctx.flow.with(|f| f.busy));
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let name = value.get_untracked();
        if name.trim().is_empty() {
            missing.set(true);
            focus_now("wink-survey-name");
            return;
        }
        ctx.dispatch(Event::SubmitSurvey(name));
    };
    view! {
        <section class="wink-screen">
            <ScreenTitle text=s.survey_title.to_owned() />
            <p class="wink-text">{body}</p>
            <form class="wink-form" novalidate on:submit=handler(on_submit)>
                <div class="wink-field">
                    <label class="wink-field__label" for="wink-survey-name">
                        {s.survey_label}
                    </label>
                    <input
                        id="wink-survey-name"
                        class="wink-input"
                        type="text"
                        autocomplete="organization"
                        maxlength="200"
                        required
                        aria-invalid=move || missing.get().then_some("true")
                        aria-describedby="wink-survey-error"
                        prop:value=move || value.get()
                        on:input=handler(move |ev: web_sys::Event| {
                            let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            if let Some(input) = input {
                                value.set(input.value());
                                missing.set(false);
                            }
                        })
                    />
                    <p id="wink-survey-error" class="wink-field__error" role="alert">
                        {move || missing.get().then_some(s.survey_required)}
                    </p>
                </div>
                <Actions>
                    <button type="submit" class="wink-button wink-button--primary" disabled=move || busy.get()>
                        {s.survey_submit}
                    </button>
                </Actions>
            </form>
        </section>
    }
}
