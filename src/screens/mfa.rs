//! MFA: the code sent to a masked destination, attempts left, and resend where the API offers it.

use leptos::prelude::*;
use smile_link_api::{MfaChallenge, MfaType, Provider};
use wasm_bindgen::JsCast;

use crate::components::handler;
use crate::components::screen_header::ProviderHeader;
use crate::dom::focus_now;
use crate::engine::Ctx;
use crate::flow::{Event, Resend, Step};
use crate::i18n::fill;

/// What the MFA screen shows of the flow; it changes without rebuilding the screen.
#[derive(Debug, Clone, PartialEq)]
struct MfaState {
    challenge: MfaChallenge,
    wrong_code: bool,
    resend: Resend,
}

/// The verification-code screen.
#[component]
pub fn MfaScreen(
    /// The provider being connected.
    provider: Provider,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let state = Memo::new(move |previous: Option<&Option<MfaState>>| {
        ctx.flow.with(|f| match &f.step {
            Step::Mfa { challenge, wrong_code, resend, .. } => {
                Some(MfaState { challenge: challenge.clone(), wrong_code: *wrong_code, resend: *resend })
            }
            // Leaving the screen: keep the last state until the view goes.
            _ => previous.cloned().flatten(),
        })
    });
    let challenge = move || state.with(|s| s.as_ref().map(|s| s.challenge.clone()));
    let Some(first) = challenge() else { return ().into_any() };
    let length = usize::from(first.length);
    let busy = Signal::derive(move || ctx.flow.with(|f| f.busy));
    // What was typed before a failed call's Try again rebuilt the screen.
    let code = RwSignal::new(ctx.flow.with_untracked(|f| match &f.step {
        Step::Mfa { code, .. } => code.clone(),
        _ => String::new(),
    }));
    // A typed code that is not the right shape; the flow's "wrong code" shows otherwise.
    let invalid = RwSignal::new(false);
    let attempts = move || challenge().map(|c| c.attempts_left.to_string()).unwrap_or_default();
    let error = move || {
        if invalid.get() {
            Some(fill(s.mfa_code_hint, &[("count", &length.to_string())]))
        } else {
            state
                .with(|st| st.as_ref().is_some_and(|st| st.wrong_code))
                .then(|| fill(s.mfa_wrong, &[("count", &attempts())]))
        }
    };
    let sent_to = match first.kind {
        MfaType::OtpSms => s.mfa_sent_sms,
        MfaType::OtpEmail => s.mfa_sent_email,
    };
    let sent_to = fill(sent_to, &[("destination", &first.destination)]);
    let hint = move || {
        format!(
            "{} {}",
            fill(s.mfa_code_hint, &[("count", &length.to_string())]),
            fill(s.mfa_attempts, &[("count", &attempts())])
        )
    };
    let resend = move || state.with(|st| st.as_ref().map_or(Resend::Idle, |st| st.resend));
    // The time left, in the user's language, ticking each second (not announced: it would drown
    // everything else out; the expiry itself is).
    let locale = ctx.settings.with_untracked(|st| st.locale).tag();
    let tick = RwSignal::new(0u32);
    if let Ok(timer) =
        set_interval_with_handle(move || tick.update(|t| *t += 1), std::time::Duration::from_secs(1))
    {
        on_cleanup(move || timer.clear());
    }
    let left = move || {
        tick.track();
        challenge().and_then(|c| crate::dom::seconds_until(&c.expires_at))
    };
    let countdown = move || match left() {
        Some(seconds) if seconds > 0 => {
            Some(fill(s.mfa_expires, &[("time", &crate::dom::relative_time(seconds, locale))]))
        }
        _ => None,
    };
    let expired = move || left().is_some_and(|seconds| seconds <= 0);

    // A wrong code (fewer attempts left) empties the field for the next try.
    Effect::new(move |before: Option<Option<u8>>| {
        let now = state.with(|st| st.as_ref().map(|st| st.challenge.attempts_left));
        if let (Some(Some(before)), Some(now)) = (before, now)
            && now < before
        {
            code.set(String::new());
        }
        now
    });
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let value: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if value.chars().count() != length || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
            invalid.set(true);
            focus_now("wink-mfa-code");
            return;
        }
        invalid.set(false);
        ctx.dispatch(Event::SubmitMfa(value));
    };

    view! {
        <section class="wink-screen">
            <ProviderHeader name=provider.name.clone() logo_url=provider.logo_url.clone() title=s.mfa_title />
            <p class="wink-text">{sent_to}</p>
            <form class="wink-form" novalidate on:submit=handler(on_submit)>
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
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby="wink-mfa-hint wink-mfa-error"
                        prop:value=move || code.get()
                        on:input=handler(move |ev: web_sys::Event| {
                            let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            if let Some(input) = input {
                                code.set(input.value());
                                ctx.dispatch(Event::MfaTyped(input.value()));
                            }
                        })
                    />
                    <p id="wink-mfa-hint" class="wink-field__hint">
                        {hint}
                    </p>
                    <p class="wink-field__hint">{countdown}</p>
                    <p id="wink-mfa-error" class="wink-field__error" role="alert">
                        {move || if expired() { Some(s.mfa_expired.to_owned()) } else { error() }}
                    </p>
                </div>
                <div class="wink-actions">
                    <button type="submit" class="wink-button wink-button--primary" disabled=move || busy.get()>
                        {s.mfa_submit}
                    </button>
                    <Show when=move || resend() != Resend::Unavailable>
                        {view! {
                            <button
                                type="button"
                                class="wink-button wink-button--link"
                                disabled=move || resend() == Resend::Sending
                                on:click=handler(move |_| ctx.dispatch(Event::ResendMfa))
                            >
                                {s.mfa_resend}
                            </button>
                        }
                        .into_any()}
                    </Show>
                    <p class="wink-fineprint" role="status">
                        {move || (resend() == Resend::Sent).then_some(s.mfa_resent)}
                    </p>
                </div>
            </form>
        </section>
    }
    .into_any()
}
