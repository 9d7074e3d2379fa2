//! MFA: the code sent to a masked destination, attempts left, and resend where the API offers it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::{MfaChallenge, MfaType, Provider};
use wasm_bindgen::JsCast;

use crate::components::provider_row::ProviderLogo;
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::i18n::fill;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resend {
    Idle,
    Sent,
    /// The server has no resend: the button goes away.
    Unavailable,
}

/// The verification-code screen.
#[component]
pub fn MfaScreen(
    /// The provider being connected.
    provider: Provider,
    /// The challenge from the account.
    challenge: MfaChallenge,
    /// The previous code was wrong (attempts went down).
    wrong_code: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let code = RwSignal::new(String::new());
    let attempts = challenge.attempts_left.to_string();
    let length = usize::from(challenge.length);
    let error = RwSignal::new(wrong_code.then(|| fill(s.mfa_wrong, &[("count", &attempts)])));
    if wrong_code {
        // The screen was rebuilt with the new attempt count: put the user back in the code field.
        crate::engine::focus_later("wink-mfa-code");
    }
    let resend = RwSignal::new(Resend::Idle);
    let sent_to = match challenge.kind {
        MfaType::OtpSms => s.mfa_sent_sms,
        MfaType::OtpEmail => s.mfa_sent_email,
    };
    let sent_to = fill(sent_to, &[("destination", &challenge.destination)]);
    let hint = format!(
        "{} {}",
        fill(s.mfa_code_hint, &[("count", &length.to_string())]),
        fill(s.mfa_attempts, &[("count", &attempts)])
    );

    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let value: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if value.chars().count() != length || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
            error.set(Some(fill(s.mfa_code_hint, &[("count", &length.to_string())])));
            crate::screens::login::focus_element("wink-mfa-code");
            return;
        }
        ctx.engine().submit_mfa(ctx, value);
    };
    let on_resend = move |_| {
        spawn_local(async move {
            match ctx.engine().resend_mfa(ctx).await {
                Ok(true) => resend.set(Resend::Sent),
                Ok(false) => resend.set(Resend::Unavailable),
                Err(e) => ctx.go(|f| f.request_failed(e)),
            }
        });
    };

    view! {
        <section class="wink-screen">
            <div class="wink-screen__logo">
                <ProviderLogo name=provider.name.clone() url=provider.logo_url.clone() />
            </div>
            <ScreenTitle text=s.mfa_title.to_owned() />
            <p class="wink-text">{sent_to}</p>
            <form class="wink-form" novalidate on:submit=on_submit>
                <div class="wink-field">
                    <label class="wink-field__label" for="wink-mfa-code">
                        {s.mfa_code_label}
                    </label>
                    <input
                        id="wink-mfa-code"
                        class="wink-input wink-input--code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength=length.to_string()
                        required
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="wink-mfa-hint wink-mfa-error"
                        prop:value=move || code.get()
                        on:input=move |ev| {
                            let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            if let Some(input) = input {
                                code.set(input.value());
                            }
                        }
                    />
                    <p id="wink-mfa-hint" class="wink-field__hint">
                        {hint}
                    </p>
                    <p id="wink-mfa-error" class="wink-field__error" role="alert">
                        {move || error.get()}
                    </p>
                </div>
                <div class="wink-actions">
                    <button
                        type="submit"
                        class="wink-button wink-button--primary"
                        disabled=move || ctx.busy.get()
                    >
                        {s.mfa_submit}
                    </button>
                    <Show when=move || resend.get() != Resend::Unavailable>
                        <button type="button" class="wink-button wink-button--link" on:click=on_resend>
                            {s.mfa_resend}
                        </button>
                    </Show>
                    <p class="wink-fineprint" role="status">
                        {move || (resend.get() == Resend::Sent).then_some(s.mfa_resent)}
                    </p>
                </div>
            </form>
        </section>
    }
}
