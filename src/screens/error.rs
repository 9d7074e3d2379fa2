//! The error screen: what went wrong, "Try again" where it makes sense, and Exit (reason `error`).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::button::{Actions, Button, ButtonKind};
use crate::components::icon::{Icon, IconKind};
use crate::components::screen_title::ScreenTitle;
use crate::engine::Ctx;
use crate::events::CloseReason;
use crate::flow::{Event, Failure};
use crate::i18n::{Strings, fill};

/// The user-facing message for a failure, and the code to show beside it, if any.
pub fn describe(strings: &'static Strings, failure: &Failure) -> (&'static str, Option<&'static str>) {
    match failure {
        Failure::Account { code, .. } => (strings.account_error(*code), Some(code.as_str())),
        Failure::Unsupported => (strings.error_unsupported, None),
        Failure::InvalidOptions(_) => (strings.error_options, None),
        Failure::SessionExpired => (strings.error_session_expired, None),
        Failure::NotEmbedded => (strings.error_not_embedded, None),
        Failure::Api(ApiError::Network(_)) => (strings.error_network, None),
        Failure::Api(ApiError::Malformed(_)) => (strings.error_malformed, None),
        Failure::Api(ApiError::InvalidToken) => (strings.error_token, None),
        Failure::Api(ApiError::Server { .. } | ApiError::Aborted) => (strings.error_server, None),
    }
}

/// The error screen for `failure`.
#[component]
pub fn ErrorScreen(
    /// What went wrong.
    failure: Failure,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let (message, code) = describe(s, &failure);
    let can_retry = ctx.flow.with_untracked(|f| f.can_retry());
    view! {
        <section class="wink-screen wink-screen--center">
            <div class="wink-badge wink-badge--error">
                <Icon kind=IconKind::Alert />
            </div>
            <ScreenTitle text=s.error_title.to_owned() />
            <p class="wink-text" role="alert">
                {message}
            </p>
            {code.map(|c| view! { <p class="wink-fineprint">{fill(s.error_code, &[("code", c)])}</p> })}
            <Actions>
                {can_retry
                    .then(|| {
                        view! {
                            <Button
                                kind=ButtonKind::Primary
                                label=s.retry
                                on_click=Callback::new(move |()| ctx.dispatch(Event::Retry))
                            />
                        }
                    })}
                <Button
                    kind=ButtonKind::Secondary
                    label=s.exit
                    on_click=Callback::new(move |()| ctx.dispatch(Event::Close(CloseReason::Error)))
                />
            </Actions>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;
    use smile_link_api::AccountErrorCode;

    #[test]
    fn account_errors_show_their_message_and_code() {
        let (message, code) = describe(
            &EN,
            &Failure::Account { code: AccountErrorCode::MfaTimeout, message: None, account: None },
        );
        assert_eq!(message, EN.account_error(AccountErrorCode::MfaTimeout));
        assert_eq!(code, Some("MFA_TIMEOUT"));
        assert_eq!(describe(&EN, &Failure::Api(ApiError::Network("x".into()))).0, EN.error_network);
    }
}
