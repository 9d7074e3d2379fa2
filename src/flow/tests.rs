//! Every transition and decision of the flow, driven by events as the engine would feed them.

use super::*;
use serde_json::json;
use smile_link_api::{AuthType, Connection, FieldType, LoginField, LoginSpec, MfaType, ProviderType};

fn provider(id: &str, auth_types: usize) -> Provider {
    Provider {
        id: id.into(),
        name: id.to_uppercase(),
        long_name: id.into(),
        logo_url: format!("/logos/{id}.svg"),
        kind: ProviderType::Gig,
        type_label: "Gig Platform".into(),
        sub_type: String::new(),
        sub_type_label: String::new(),
        active: true,
        enabled: true,
        mfa: true,
        account_connection: true,
        supported: vec![],
        login: LoginSpec {
            auth_types: (0..auth_types)
                .map(|i| AuthType {
                    id: format!("auth{i}"),
                    label: format!("Auth {i}"),
                    fields: vec![
                        LoginField {
                            name: "mobile".into(),
                            label: "Mobile number".into(),
                            kind: FieldType::Tel,
                            required: true,
                            pattern: None,
                        },
                        LoginField {
                            name: "password".into(),
                            label: "Password".into(),
                            kind: FieldType::Password,
                            required: true,
                            pattern: None,
                        },
                    ],
                })
                .collect(),
            mfa_types: vec![MfaType::OtpSms],
        },
    }
}

fn account(id: &str, status: ConnectionStatus, attempts: u8) -> Account {
    Account {
        id: id.into(),
        created_at: "2026-01-02T03:04:05Z".into(),
        provider_id: "upwork".into(),
        user_id: "usr-1".into(),
        connection_status: status,
        connection: Connection {
            status,
            error_code: (status == ConnectionStatus::Error).then_some(AccountErrorCode::InvalidCredentials),
            error_message: (status == ConnectionStatus::Error).then(|| "wrong password".into()),
            updated_at: "2026-01-02T03:04:05Z".into(),
        },
        mfa: (status == ConnectionStatus::AwaitingMfa).then(|| MfaChallenge {
            kind: MfaType::OtpSms,
            destination: "+63•••••1234".into(),
            length: 4,
            attempts_left: attempts,
            expires_at: "2026-01-02T03:09:05Z".into(),
        }),
    }
}

fn entry(id: &str, status: ConnectionStatus) -> AccountEntry {
    AccountEntry {
        account: account(id, status, 0),
        provider_name: "UPWORK".into(),
        logo_url: String::new(),
        provider: Some(provider("upwork", 1)),
    }
}

fn session(single: Option<Provider>, consent: bool, accounts: Vec<AccountEntry>) -> SessionInfo {
    SessionInfo::new("usr-1".into(), Mode::Sandbox, single, consent, accounts)
}

/// A flow that got `init`, loaded `session` and was opened, with the effects of each step dropped.
fn opened(session: SessionInfo) -> Flow {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    f.handle(Event::Open);
    f.handle(Event::Loaded(Ok(session)));
    f
}

fn typed() -> FieldMap<String> {
    FieldMap::from([
        ("mobile".to_owned(), "(+63) 9559991234".to_owned()),
        ("password".to_owned(), "123456".to_owned()),
    ])
}

/// Consent → list → login → connecting, as a user with no accounts.
fn at_connecting() -> Flow {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    f.handle(Event::ChooseProvider(provider("upwork", 1)));
    f.handle(Event::SubmitLogin(typed()));
    f
}

fn epoch(f: &Flow) -> u32 {
    f.epoch
}

fn answer(f: &mut Flow, call: Call, result: Result<Account, ApiError>) -> Vec<Effect> {
    let epoch = epoch(f);
    f.handle(Event::Answer { epoch, call, result })
}

fn timer(f: &mut Flow, timer: Timer) -> Vec<Effect> {
    let epoch = epoch(f);
    f.handle(Event::Timer { epoch, timer })
}

fn callbacks(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Callback(c) => Some(c.name),
            _ => None,
        })
        .collect()
}

fn ui_events(effects: &[Effect]) -> Vec<UiEventName> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::UiEvent { event, .. } => Some(event.name),
            _ => None,
        })
        .collect()
}

fn calls(effects: &[Effect]) -> Vec<Call> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call { call, .. } => Some(call.clone()),
            _ => None,
        })
        .collect()
}

fn waits(effects: &[Effect]) -> Vec<(u32, Timer)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Wait { ms, timer, .. } => Some((*ms, timer.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn init_loads_and_open_shows_the_first_screen_with_its_event_and_focus() {
    let mut f = Flow::new();
    assert_eq!(f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) }), [Effect::Load]);
    assert!(f.handle(Event::Open).contains(&Effect::Focus(Focus::Title)), "the loading screen takes focus");
    assert_eq!(f.step, Step::Loading);
    let effects = f.handle(Event::Loaded(Ok(session(None, true, vec![]))));
    assert_eq!(f.step, Step::Consent);
    assert!(effects.contains(&Effect::Loaded));
    assert_eq!(ui_events(&effects), [UiEventName::ConsentPageOpened]);
    assert!(effects.contains(&Effect::Focus(Focus::Title)));
}

#[test]
fn loaded_before_open_stages_its_first_screen_with_no_event_until_open() {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    assert!(!f.staged, "nothing to build while the session loads");
    let effects = f.handle(Event::Loaded(Ok(session(None, true, vec![]))));
    assert_eq!(effects, [Effect::Loaded], "onLoad, but no screen event while closed");
    assert_eq!((&f.step, f.staged, f.open), (&Step::Consent, true, false), "built, not shown");
    let effects = f.handle(Event::Open);
    assert_eq!((&f.step, f.staged, f.open), (&Step::Consent, false, true));
    assert_eq!(ui_events(&effects), [UiEventName::ConsentPageOpened]);
    assert!(effects.contains(&Effect::Focus(Focus::Title)));
    assert!(f.handle(Event::Open).is_empty(), "a second open changes nothing");
    f.handle(Event::PartnerClose);
    assert!(!f.staged, "a closed widget shows nothing");
}

#[test]
fn only_screens_that_load_nothing_are_staged_before_open() {
    let mut login = Flow::new();
    login.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    login.handle(Event::Loaded(Ok(session(Some(provider("grab", 1)), false, vec![]))));
    assert!(login.staged && matches!(login.step, Step::Login { .. }), "{:?}", login.step);
    let mut returning = Flow::new();
    returning.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    let accounts = vec![entry("a-1", ConnectionStatus::Connected)];
    returning.handle(Event::Loaded(Ok(session(None, true, accounts))));
    assert_eq!(
        (&returning.step, returning.staged),
        (&Step::Loading, false),
        "a list loads on open, in its epoch"
    );
    returning.handle(Event::Open);
    assert_eq!(returning.step, Step::Accounts);
    let mut failed = Flow::new();
    failed.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    failed.handle(Event::Loaded(Err(ApiError::Network("offline".into()))));
    assert!(failed.staged && matches!(failed.step, Step::Failed { .. }), "{:?}", failed.step);
    assert_eq!(ui_events(&failed.handle(Event::Open)), [UiEventName::ErrorPageOpened]);
}

#[test]
fn invalid_options_show_an_error_that_names_them_with_no_endless_retry() {
    let mut f = Flow::new();
    let effects = f.handle(Event::Init {
        mode: Mode::Sandbox,
        options: Err("option \"enableSearchBar\": invalid type".into()),
    });
    assert_eq!(effects, [Effect::Loaded]);
    let effects = f.handle(Event::Open);
    assert_eq!(ui_events(&effects), [UiEventName::ErrorPageOpened]);
    assert!(!f.can_retry(), "nothing to retry: the partner must fix the options");
    assert!(f.handle(Event::Retry).is_empty());
    let effects = f.handle(Event::Close(CloseReason::Error));
    let Some(Effect::Close(details)) = effects.last() else { panic!("{effects:?}") };
    let error = details.error.clone().expect("error details");
    assert_eq!(error.code, "INVALID_OPTIONS");
    assert!(error.message.unwrap_or_default().contains("enableSearchBar"));
}

#[test]
fn a_failed_start_reports_the_tokens_mode_and_no_user() {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    f.handle(Event::Open);
    let effects = f.handle(Event::Loaded(Err(ApiError::server(503, Some(ApiCode::ServerUnavailable)))));
    let Some(Effect::UiEvent { user_id, mode, .. }) =
        effects.iter().find(|e| matches!(e, Effect::UiEvent { .. }))
    else {
        panic!("{effects:?}")
    };
    assert_eq!((user_id, *mode), (&None, Mode::Sandbox));
}

#[test]
fn try_again_after_a_failed_start_loads_again() {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    f.handle(Event::Open);
    f.handle(Event::Loaded(Err(ApiError::Network("offline".into()))));
    assert!(f.can_retry());
    assert_eq!(f.handle(Event::Retry), [Effect::Load, Effect::Focus(Focus::Title)]);
    assert_eq!(f.step, Step::Loading);
    f.handle(Event::Loaded(Ok(session(None, true, vec![]))));
    assert_eq!(f.step, Step::Consent);
}

#[test]
fn a_load_aborted_by_a_close_loads_again_on_the_next_open() {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    f.handle(Event::Open);
    assert_eq!(f.handle(Event::PartnerClose), [Effect::AbortAll]);
    f.handle(Event::Loaded(Err(ApiError::Aborted)));
    assert_eq!(f.load, Load::Interrupted);
    assert!(f.handle(Event::Open).contains(&Effect::Load));
}

#[test]
fn a_new_user_goes_from_consent_to_the_list_and_back() {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    assert_eq!(f.step, Step::Providers);
    assert_eq!(f.back_target(), Some(Step::Consent));
    f.handle(Event::Back);
    assert_eq!(f.step, Step::Consent);
    assert_eq!(f.back_target(), None);
}

#[test]
fn consent_cannot_be_skipped_without_a_single_provider() {
    assert_eq!(opened(session(None, false, vec![])).step, Step::Consent);
}

#[test]
fn a_single_provider_skips_the_list_and_without_consent_opens_its_login() {
    let mut f = opened(session(Some(provider("grab", 1)), true, vec![]));
    assert_eq!(f.step, Step::Consent);
    f.handle(Event::AcceptConsent);
    assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "grab"));

    let f = opened(session(Some(provider("grab", 1)), false, vec![]));
    assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "grab"));
    assert_eq!(f.back_target(), None, "nothing before the only provider without consent");
}

#[test]
fn a_single_provider_leads_to_that_provider_whatever_accounts_exist() {
    let accounts = vec![entry("a-1", ConnectionStatus::Connected), entry("a-2", ConnectionStatus::Error)];
    let mut f = opened(session(Some(provider("grab", 1)), true, accounts.clone()));
    assert_eq!(f.step, Step::Consent, "not the account screen");
    f.handle(Event::AcceptConsent);
    assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "grab"));
    let f = opened(session(Some(provider("sss_ph", 3)), false, accounts));
    assert!(matches!(&f.step, Step::LoginOptions { provider, .. } if provider.id == "sss_ph"));
}

#[test]
fn a_single_provider_with_several_auth_types_opens_login_options() {
    let mut f = opened(session(Some(provider("sss_ph", 3)), false, vec![]));
    assert!(matches!(&f.step, Step::LoginOptions { provider, .. } if provider.id == "sss_ph"));
    f.handle(Event::ChooseAuthType(7));
    assert!(matches!(f.step, Step::LoginOptions { .. }), "an out-of-range choice is ignored");
    f.handle(Event::ChooseAuthType(2));
    assert!(matches!(&f.step, Step::Login { draft } if draft.auth == 2));
    f.handle(Event::Back);
    assert!(matches!(f.step, Step::LoginOptions { .. }));
}

#[test]
fn a_returning_user_with_a_connected_account_starts_at_their_accounts() {
    let mut f = opened(session(None, true, vec![entry("a-1", ConnectionStatus::Connected)]));
    assert_eq!(f.step, Step::Accounts);
    f.handle(Event::ConnectAnother);
    assert_eq!(f.step, Step::Consent);
    assert_eq!(f.back_target(), Some(Step::Accounts));
}

#[test]
fn only_failed_attempts_do_not_make_a_returning_user() {
    let f = opened(session(None, true, vec![entry("a-1", ConnectionStatus::Error)]));
    assert_eq!(f.step, Step::Consent, "an abandoned failed login is not an account to manage");
}

#[test]
fn the_account_screen_lists_connected_accounts_before_those_needing_attention() {
    let f = opened(session(
        None,
        true,
        vec![entry("a-err", ConnectionStatus::Error), entry("a-ok", ConnectionStatus::Connected)],
    ));
    let ids: Vec<_> = f.accounts().into_iter().map(|e| e.account.id).collect();
    assert_eq!(ids, ["a-ok", "a-err"]);
}

#[test]
fn reconnect_logs_in_again_to_the_same_provider_and_back_returns_to_the_accounts() {
    let mut f = opened(session(
        None,
        true,
        vec![entry("a-ok", ConnectionStatus::Connected), entry("a-err", ConnectionStatus::Error)],
    ));
    let effects = f.handle(Event::Reconnect("a-err".into()));
    assert!(matches!(&f.step, Step::Login { draft } if draft.provider.id == "upwork" && draft.reconnect));
    assert_eq!(ui_events(&effects), [UiEventName::LoginPageOpened]);
    assert_eq!(f.back_target(), Some(Step::Accounts));
    f.handle(Event::Reconnect("a-ok".into()));
    assert!(matches!(f.step, Step::Login { .. }), "ignored off the account screen");
    f.handle(Event::Back);
    assert_eq!(f.step, Step::Accounts);
    f.handle(Event::Reconnect("unknown".into()));
    assert_eq!(f.step, Step::Accounts);
}

#[test]
fn an_upload_only_provider_cannot_be_logged_into() {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    let mut employer = provider("acme", 1);
    employer.account_connection = false;
    f.handle(Event::ChooseProvider(employer));
    assert!(matches!(&f.step, Step::Failed { failure: Failure::Unsupported, .. }));
    f.handle(Event::Retry);
    assert_eq!(f.step, Step::Providers);
}

#[test]
fn submitting_sends_the_normalised_credentials_of_the_auth_type_only() {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    f.handle(Event::ChooseProvider(provider("upwork", 1)));
    let mut values = typed();
    values.insert("stale".into(), "from another auth type".into());
    let effects = f.handle(Event::SubmitLogin(values));
    let expected = NewAccount {
        provider_id: "upwork".into(),
        credentials: FieldMap::from([
            ("mobile".to_owned(), "+639559991234".to_owned()),
            ("password".to_owned(), "123456".to_owned()),
        ]),
    };
    assert_eq!(calls(&effects), [Call::CreateAccount(expected)]);
    assert!(matches!(&f.step, Step::Connecting { draft, account: None } if draft.values == typed()));
    assert_eq!(ui_events(&effects), [UiEventName::ConnectingPageOpened]);
}

#[test]
fn created_then_connected_fires_created_before_connected_and_polls_in_between() {
    let mut f = at_connecting();
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    let effects =
        answer(&mut f, Call::CreateAccount(request), Ok(account("a-1", ConnectionStatus::Pending, 0)));
    assert_eq!(callbacks(&effects), ["onAccountCreated"]);
    assert_eq!(waits(&effects), [(POLL_MS, Timer::Poll)]);
    assert!(ui_events(&effects).is_empty(), "still the same connecting screen");
    assert_eq!(calls(&timer(&mut f, Timer::Poll)), [Call::Poll("a-1".into())]);
    let effects =
        answer(&mut f, Call::Poll("a-1".into()), Ok(account("a-1", ConnectionStatus::Connected, 0)));
    assert_eq!(callbacks(&effects), ["onAccountConnected"]);
    let Some(Effect::Callback(connected)) = effects.iter().find(|e| matches!(e, Effect::Callback(_))) else {
        panic!()
    };
    assert_eq!(
        connected.payload.to_serde(),
        json!({"accountId": "a-1", "userId": "usr-1", "providerId": "upwork"})
    );
    assert_eq!(ui_events(&effects), [UiEventName::ConnectSuccessPageOpened]);
    assert!(matches!(f.step, Step::Success { .. }));
    assert_eq!(f.session().map(|s| s.accounts.len()), Some(1), "the new account joins the user's accounts");
}

fn create(f: &mut Flow, status: ConnectionStatus, attempts: u8) -> Vec<Effect> {
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    answer(f, Call::CreateAccount(request), Ok(account("a-1", status, attempts)))
}

#[test]
fn polling_gives_up_with_a_message_after_the_limit() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::Pending, 0);
    for _ in 0..MAX_POLLS {
        assert_eq!(calls(&timer(&mut f, Timer::Poll)).len(), 1);
        answer(&mut f, Call::Poll("a-1".into()), Ok(account("a-1", ConnectionStatus::Pending, 0)));
    }
    let effects = timer(&mut f, Timer::Poll);
    assert!(calls(&effects).is_empty());
    assert!(matches!(f.step, Step::Failed { failure: Failure::Api(ApiError::Network(_)), .. }));
    assert_eq!(ui_events(&effects), [UiEventName::ErrorPageOpened]);
}

#[test]
fn mfa_shows_the_challenge_watches_it_and_a_wrong_code_refocuses_without_a_new_screen() {
    let mut f = at_connecting();
    let effects = create(&mut f, ConnectionStatus::AwaitingMfa, 3);
    assert_eq!(ui_events(&effects), [UiEventName::MfaPageOpened]);
    assert_eq!(waits(&effects), [(MFA_WATCH_MS, Timer::MfaWatch(1))]);
    let effects = f.handle(Event::SubmitMfa("9999".into()));
    assert!(f.busy);
    assert_eq!(calls(&effects), [Call::SubmitMfa { account_id: "a-1".into(), code: "9999".into() }]);
    assert!(f.handle(Event::SubmitMfa("9999".into())).is_empty(), "no second submit while one is in flight");
    let call = Call::SubmitMfa { account_id: "a-1".into(), code: "9999".into() };
    let effects = answer(&mut f, call, Ok(account("a-1", ConnectionStatus::AwaitingMfa, 2)));
    assert!(!f.busy);
    assert!(matches!(&f.step, Step::Mfa { challenge, wrong_code: true, .. } if challenge.attempts_left == 2));
    assert!(ui_events(&effects).is_empty(), "the same screen: focus and text survive");
    assert!(effects.contains(&Effect::Focus(Focus::MfaCode)));
    assert!(waits(&effects).is_empty(), "the first watch loop goes on; no second one");
}

#[test]
fn a_failed_mfa_call_returns_to_the_code_the_user_typed() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::AwaitingMfa, 3);
    f.handle(Event::MfaTyped("12".into()));
    f.handle(Event::ResendMfa);
    answer(&mut f, Call::ResendMfa("a-1".into()), Err(ApiError::server(500, Some(ApiCode::ServerError))));
    assert!(matches!(f.step, Step::Failed { .. }));
    f.handle(Event::Retry);
    assert!(matches!(&f.step, Step::Mfa { code, .. } if code == "12"));
    f.handle(Event::MfaTyped("123456".into()));
    f.handle(Event::SubmitMfa("123456".into()));
    let call = Call::SubmitMfa { account_id: "a-1".into(), code: "123456".into() };
    answer(&mut f, call, Err(ApiError::Network("offline".into())));
    f.handle(Event::Retry);
    assert!(matches!(&f.step, Step::Mfa { code, .. } if code == "123456"));

    // An unreadable answer to the code: the server may have taken it, so Try again asks at once.
    f.handle(Event::SubmitMfa("123456".into()));
    let call = Call::SubmitMfa { account_id: "a-1".into(), code: "123456".into() };
    answer(&mut f, call, Err(ApiError::Malformed("connectionStatus: missing".into())));
    let effects = f.handle(Event::Retry);
    assert_eq!(calls(&effects), [Call::CheckMfa("a-1".into())]);
    answer(&mut f, Call::CheckMfa("a-1".into()), Ok(account("a-1", ConnectionStatus::Pending, 0)));
    assert!(matches!(f.step, Step::Connecting { account: Some(_), .. }));
}

#[test]
fn the_mfa_watch_notices_a_timeout_and_waits_while_a_submit_is_in_flight() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::AwaitingMfa, 3);
    assert_eq!(calls(&timer(&mut f, Timer::MfaWatch(1))), [Call::CheckMfa("a-1".into())]);
    let effects =
        answer(&mut f, Call::CheckMfa("a-1".into()), Ok(account("a-1", ConnectionStatus::AwaitingMfa, 3)));
    assert_eq!(waits(&effects), [(MFA_WATCH_MS, Timer::MfaWatch(1))], "still open: check again later");
    let effects = answer(&mut f, Call::CheckMfa("a-1".into()), Err(ApiError::Network("x".into())));
    assert_eq!(waits(&effects).len(), 1, "a failed check is not an error screen");
    assert!(matches!(f.step, Step::Mfa { .. }));
    f.handle(Event::SubmitMfa("1111".into()));
    assert_eq!(waits(&timer(&mut f, Timer::MfaWatch(1))), [(MFA_WATCH_MS, Timer::MfaWatch(1))]);
    assert!(timer(&mut f, Timer::MfaWatch(0)).is_empty(), "an older loop stops");
    let mut timed_out = account("a-1", ConnectionStatus::Error, 0);
    timed_out.connection.error_code = Some(AccountErrorCode::MfaTimeout);
    f.busy = false;
    let effects = answer(&mut f, Call::CheckMfa("a-1".into()), Ok(timed_out));
    assert_eq!(callbacks(&effects), ["onAccountError"]);
    assert!(matches!(
        &f.step,
        Step::Failed { failure: Failure::Account { code: AccountErrorCode::MfaTimeout, .. }, .. }
    ));
}

#[test]
fn resend_marks_the_code_sent_or_hides_itself_where_the_server_has_none() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::AwaitingMfa, 3);
    assert_eq!(calls(&f.handle(Event::ResendMfa)), [Call::ResendMfa("a-1".into())]);
    assert!(f.handle(Event::ResendMfa).is_empty(), "one resend at a time");
    answer(&mut f, Call::ResendMfa("a-1".into()), Ok(account("a-1", ConnectionStatus::AwaitingMfa, 3)));
    assert!(matches!(&f.step, Step::Mfa { resend: Resend::Sent, wrong_code: false, .. }));
    f.handle(Event::ResendMfa);
    answer(&mut f, Call::ResendMfa("a-1".into()), Err(ApiError::server(404, Some(ApiCode::MissingResource))));
    assert!(matches!(&f.step, Step::Mfa { resend: Resend::Unavailable, .. }));
}

#[test]
fn an_account_error_reports_the_code_and_retry_keeps_what_was_typed_but_the_password() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::Pending, 0);
    timer(&mut f, Timer::Poll);
    let effects = answer(&mut f, Call::Poll("a-1".into()), Ok(account("a-1", ConnectionStatus::Error, 0)));
    assert_eq!(callbacks(&effects), ["onAccountError"]);
    let Some(Effect::Callback(error)) = effects.iter().find(|e| matches!(e, Effect::Callback(_))) else {
        panic!()
    };
    assert_eq!(error.payload.to_serde()["errorCode"], "INVALID_CREDENTIALS");
    let Some(Effect::UiEvent { event, .. }) = effects.iter().find(|e| matches!(e, Effect::UiEvent { .. }))
    else {
        panic!()
    };
    assert_eq!(event.error.as_ref().map(|e| e.code.as_str()), Some("INVALID_CREDENTIALS"));
    let named = event.account.as_ref().and_then(|a| a.account.as_ref()).map(|a| a.id.as_str());
    assert_eq!(named, Some("a-1"), "the error screen names the account that failed");
    f.handle(Event::Retry);
    let Step::Login { draft } = &f.step else { panic!("back to the form") };
    assert_eq!(draft.values.get("mobile").map(String::as_str), Some("(+63) 9559991234"));
    assert_eq!(draft.values.get("password"), None, "the refused password is not kept");
}

#[test]
fn a_failed_submit_returns_to_the_filled_form_but_the_password_and_a_failed_poll_resumes_polling() {
    let mut f = at_connecting();
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    answer(&mut f, Call::CreateAccount(request), Err(ApiError::Network("offline".into())));
    assert!(matches!(f.step, Step::Failed { failure: Failure::Api(ApiError::Network(_)), .. }));
    assert!(f.can_retry());
    f.handle(Event::Retry);
    let mut without_password = typed();
    without_password.remove("password");
    assert!(matches!(&f.step, Step::Login { draft } if draft.values == without_password));

    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::Pending, 0);
    timer(&mut f, Timer::Poll);
    answer(&mut f, Call::Poll("a-1".into()), Err(ApiError::server(503, None)));
    let effects = f.handle(Event::Retry);
    assert!(matches!(f.step, Step::Connecting { account: Some(_), .. }));
    assert_eq!(waits(&effects), [(POLL_MS, Timer::Poll)]);
}

#[test]
fn answers_and_timers_of_an_abandoned_open_change_nothing() {
    let mut f = at_connecting();
    let old = epoch(&f);
    f.handle(Event::Close(CloseReason::Close));
    f.handle(Event::Open);
    let before = f.clone();
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    let stale = Event::Answer {
        epoch: old,
        call: Call::CreateAccount(request),
        result: Ok(account("a-1", ConnectionStatus::Connected, 0)),
    };
    assert!(f.handle(stale).is_empty());
    assert!(f.handle(Event::Timer { epoch: old, timer: Timer::Poll }).is_empty());
    assert_eq!(f, before);
}

#[test]
fn answers_about_another_account_or_an_aborted_call_change_nothing() {
    let mut f = at_connecting();
    create(&mut f, ConnectionStatus::Pending, 0);
    let before = f.clone();
    assert!(
        answer(&mut f, Call::Poll("a-2".into()), Ok(account("a-2", ConnectionStatus::Connected, 0)))
            .is_empty()
    );
    answer(&mut f, Call::Poll("a-1".into()), Err(ApiError::Aborted));
    assert_eq!(f, before);
}

#[test]
fn awaiting_mfa_without_a_challenge_is_an_error_not_a_panic() {
    let mut f = at_connecting();
    let mut broken = account("a-1", ConnectionStatus::AwaitingMfa, 3);
    broken.mfa = None;
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    answer(&mut f, Call::CreateAccount(request), Ok(broken));
    assert!(matches!(f.step, Step::Failed { failure: Failure::Api(ApiError::Malformed(_)), .. }));
}

#[test]
fn revoking_confirms_then_reports_removal_and_starts_over_without_accounts() {
    let mut f = opened(session(None, true, vec![entry("a-1", ConnectionStatus::Connected)]));
    f.handle(Event::AskRevoke("a-1".into()));
    assert!(matches!(&f.step, Step::Revoke { entry } if entry.account.id == "a-1"));
    assert_eq!(f.back_target(), Some(Step::Accounts));
    assert_eq!(calls(&f.handle(Event::ConfirmRevoke)), [Call::Revoke("a-1".into())]);
    assert!(f.busy);
    assert!(f.handle(Event::ConfirmRevoke).is_empty(), "no second revoke while one is in flight");
    let effects =
        answer(&mut f, Call::Revoke("a-1".into()), Ok(account("a-1", ConnectionStatus::Disconnected, 0)));
    assert_eq!(callbacks(&effects), ["onAccountRemoved"]);
    assert!(f.session().is_some_and(|s| s.accounts.is_empty()));
    assert_eq!(f.step, Step::Consent, "with no accounts left the user can connect one");
}

#[test]
fn each_screen_names_its_ui_event_with_provider_and_account() {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    f.handle(Event::ChooseProvider(provider("sss_ph", 2)));
    assert_eq!(f.step.ui_event().map(|e| e.name), Some(UiEventName::LoginOptionsPageOpened));
    f.handle(Event::ChooseAuthType(0));
    let login = f.step.ui_event().unwrap();
    assert_eq!(login.name, UiEventName::LoginPageOpened);
    assert_eq!(login.account, Some(EventAccount { provider_id: "sss_ph".into(), account: None }));
    f.handle(Event::SubmitLogin(typed()));
    let request = NewAccount { provider_id: "sss_ph".into(), credentials: FieldMap::new() };
    answer(&mut f, Call::CreateAccount(request), Ok(account("a-1", ConnectionStatus::AwaitingMfa, 3)));
    let mfa = f.step.ui_event().unwrap();
    assert_eq!(mfa.name, UiEventName::MfaPageOpened);
    assert_eq!(mfa.account.and_then(|a| a.account).map(|a| a.id).as_deref(), Some("a-1"));
    assert_eq!(Step::Loading.ui_event(), None);
}

#[test]
fn closing_reports_the_reason_and_for_errors_what_went_wrong() {
    let mut f = opened(session(None, true, vec![]));
    let effects = f.handle(Event::Close(CloseReason::Close));
    assert_eq!(
        effects,
        [
            Effect::AbortAll,
            Effect::Close(CloseDetails { reason: CloseReason::Close, error: None, employer: None })
        ]
    );
    assert!(!f.open);
    assert!(f.handle(Event::Close(CloseReason::Close)).is_empty(), "once per open");

    let mut f = at_connecting();
    let request = NewAccount { provider_id: "upwork".into(), credentials: FieldMap::new() };
    let error = ApiError::Server {
        status: 500,
        code: Some(ApiCode::ServerError),
        message: Some("boom".into()),
        request_id: Some("req-9".into()),
    };
    answer(&mut f, Call::CreateAccount(request), Err(error));
    let effects = f.handle(Event::Close(CloseReason::Error));
    let Some(Effect::Close(details)) = effects.last() else { panic!() };
    assert_eq!(
        details.error,
        Some(ErrorInfo {
            code: "SERVER_ERROR".into(),
            message: Some("boom".into()),
            request_id: Some("req-9".into())
        })
    );
}

#[test]
fn a_partner_close_stops_everything_without_telling_the_partner_back() {
    let mut f = at_connecting();
    assert_eq!(f.handle(Event::PartnerClose), [Effect::AbortAll]);
    let effects = f.handle(Event::Open);
    assert_eq!(f.step, Step::Consent, "a new open starts from the first screen");
    assert_eq!(ui_events(&effects), [UiEventName::ConsentPageOpened], "and fires its event again");
}

#[test]
fn an_expired_token_asks_the_partner_once_and_resumes_the_same_screen() {
    let mut f = at_connecting();
    let effects = f.handle(Event::TokenExpired);
    assert_eq!(
        effects,
        [Effect::TokenExpired, Effect::Wait { epoch: epoch(&f), ms: TOKEN_WAIT_MS, timer: Timer::TokenWait }]
    );
    assert_eq!(f.token, TokenState::Awaiting);
    assert!(f.handle(Event::TokenExpired).is_empty(), "one request per expiry");
    let effects = f.handle(Event::UpdateToken("tk-2".into()));
    assert_eq!(effects, [Effect::SetToken("tk-2".into())]);
    assert_eq!(f.token, TokenState::Valid);
    assert!(matches!(f.step, Step::Connecting { .. }), "the same screen, nothing lost");
    assert!(timer(&mut f, Timer::TokenWait).is_empty(), "the wait ends quietly once a token came");
}

#[test]
fn no_new_token_in_time_shows_session_expired_and_exit_reports_it() {
    let mut f = at_connecting();
    f.handle(Event::TokenExpired);
    let effects = timer(&mut f, Timer::TokenWait);
    assert!(matches!(f.step, Step::Failed { failure: Failure::SessionExpired, retry: None }));
    assert_eq!(ui_events(&effects), [UiEventName::ErrorPageOpened]);
    let effects = f.handle(Event::Close(CloseReason::Error));
    let Some(Effect::Close(details)) = effects.last() else { panic!() };
    assert_eq!(details.error.as_ref().map(|e| e.code.as_str()), Some("TOKEN_EXPIRED"));
}

#[test]
fn a_partner_without_a_token_handler_gets_session_expired_at_once() {
    let mut f = at_connecting();
    f.handle(Event::TokenExpired);
    f.handle(Event::TokenUnavailable);
    assert!(matches!(f.step, Step::Failed { failure: Failure::SessionExpired, .. }));
    assert!(timer(&mut f, Timer::TokenWait).is_empty());
}

#[test]
fn a_token_expired_before_the_session_loaded_still_tells_the_partner_the_widget_is_ready() {
    let mut f = Flow::new();
    f.handle(Event::Init { mode: Mode::Sandbox, options: Ok(()) });
    f.handle(Event::Open);
    f.handle(Event::TokenExpired);
    let effects = f.handle(Event::TokenUnavailable);
    assert!(effects.contains(&Effect::Loaded), "{effects:?}");
    assert!(matches!(f.step, Step::Failed { failure: Failure::SessionExpired, .. }));
}

#[test]
fn an_account_left_waiting_for_a_code_can_be_reconnected() {
    let mut f = opened(session(
        None,
        true,
        vec![entry("a-ok", ConnectionStatus::Connected), entry("a-mfa", ConnectionStatus::AwaitingMfa)],
    ));
    f.handle(Event::Reconnect("a-mfa".into()));
    assert!(matches!(&f.step, Step::Login { draft } if draft.reconnect));
}

#[test]
fn a_late_token_after_session_expired_still_resumes_the_screen() {
    let mut f = at_connecting();
    f.handle(Event::TokenExpired);
    f.handle(Event::TokenUnavailable);
    let effects = f.handle(Event::UpdateToken("tk-3".into()));
    assert!(effects.contains(&Effect::SetToken("tk-3".into())));
    assert!(matches!(f.step, Step::Connecting { .. }));
    assert_eq!(ui_events(&effects), [UiEventName::ConnectingPageOpened]);
}

#[test]
fn a_provider_list_failure_offers_try_again_on_the_list() {
    let mut f = opened(session(None, true, vec![]));
    f.handle(Event::AcceptConsent);
    f.handle(Event::ListFailed(ApiError::server(500, Some(ApiCode::ServerError))));
    assert!(f.can_retry());
    f.handle(Event::Retry);
    assert_eq!(f.step, Step::Providers);
    f.handle(Event::ListFailed(ApiError::Aborted));
    assert_eq!(f.step, Step::Providers, "an aborted read is not a failure");
}

#[test]
fn a_page_outside_the_shim_says_so() {
    let mut f = Flow::new();
    f.handle(Event::Unembedded);
    f.handle(Event::Open);
    assert!(matches!(f.step, Step::Failed { failure: Failure::NotEmbedded, retry: None }));
}

#[test]
fn failures_have_stable_codes_for_the_partner() {
    assert_eq!(Failure::Api(ApiError::Network("x".into())).info().code, "NETWORK_ERROR");
    assert_eq!(Failure::Api(ApiError::server(502, None)).info().code, "HTTP_502");
    assert_eq!(Failure::Api(ApiError::InvalidToken).info().code, "INVALID_TOKEN");
    assert_eq!(Failure::Unsupported.info().code, "UNSUPPORTED_PROVIDER");
    let account = Failure::Account {
        code: AccountErrorCode::AccountLocked,
        message: Some("locked".into()),
        account: None,
    };
    assert_eq!(
        account.info(),
        ErrorInfo { code: "ACCOUNT_LOCKED".into(), message: Some("locked".into()), request_id: None }
    );
}

fn archive(id: &str, status: &str) -> Archive {
    serde_json::from_value(json!({
        "id": id, "createdAt": "2026-01-02T03:04:05Z", "providerId": "user-provided", "userId": "usr-1",
        "type": "PAYSLIP",
        "state": {"status": status, "errorCode": null, "errorMessage": null, "updatedAt": "2026-01-02T03:04:05Z"},
        "rawFiles": [{"id": "f-1", "createdAt": "2026-01-02T03:04:05Z", "name": "march.pdf", "subType": null,
            "size": 1234, "format": "PDF"}]
    }))
    .unwrap()
}

fn payslip() -> FileType {
    serde_json::from_value(json!({
        "type": "PAYSLIP", "typeLabel": "Payslip", "logoUrl": "", "subTypes": [],
        "formats": ["PDF", "PNG", "JPG", "JPEG"], "maxSizeBytes": 15_728_640
    }))
    .unwrap()
}

fn with_uploads(accounts: Vec<AccountEntry>, archives: Vec<Archive>) -> Flow {
    opened(session(None, true, accounts).with_uploads(true, archives))
}

fn at_list(uploads: bool) -> Flow {
    let mut f = opened(session(None, true, vec![]).with_uploads(uploads, vec![]));
    f.handle(Event::AcceptConsent);
    f
}

#[test]
fn with_uploads_the_list_leads_to_the_document_types_and_on_to_upload() {
    let mut f = at_list(true);
    let effects = f.handle(Event::UploadDocuments);
    assert_eq!(f.step, Step::FileTypes { employer: None });
    assert_eq!(ui_events(&effects), [UiEventName::FileTypeListPageOpened]);
    let effects = f.handle(Event::ChooseFileType(payslip()));
    assert!(matches!(&f.step, Step::Upload { file_type, employer: None } if file_type.kind == "PAYSLIP"));
    let Some(Effect::UiEvent { event, .. }) = effects.first() else { panic!("{effects:?}") };
    assert_eq!(event.name, UiEventName::FileTypePageOpened);
    assert_eq!(event.archive, Some(EventArchive::Chosen { file_type: "PAYSLIP".into() }));
    assert_eq!(f.back_target(), Some(Step::FileTypes { employer: None }));
    f.handle(Event::Back);
    f.handle(Event::Back);
    assert_eq!(f.step, Step::Providers);
}

#[test]
fn without_uploads_there_is_no_upload_entry() {
    let mut f = at_list(false);
    f.handle(Event::UploadDocuments);
    assert_eq!(f.step, Step::Providers);
}

#[test]
fn an_upload_only_employer_leads_to_upload_with_its_name_kept() {
    let mut f = at_list(true);
    let mut employer = provider("cafe_lumiere", 0);
    employer.account_connection = false;
    employer.name = "Café Lumière".into();
    f.handle(Event::ChooseProvider(employer));
    assert_eq!(f.step, Step::FileTypes { employer: Some("Café Lumière".into()) });
    f.handle(Event::ChooseFileType(payslip()));
    assert!(matches!(&f.step, Step::Upload { employer: Some(name), .. } if name == "Café Lumière"));
}

#[test]
fn the_survey_keeps_the_searched_name_for_the_upload() {
    let mut f = at_list(true);
    let effects = f.handle(Event::NotListed(" Tindahan ni Aling Nena ".into()));
    assert_eq!(f.step, Step::Survey { name: "Tindahan ni Aling Nena".into() });
    assert_eq!(ui_events(&effects), [UiEventName::EmployerSurveyPageOpened]);
    assert!(f.handle(Event::SubmitSurvey("   ".into())).is_empty(), "an empty name goes nowhere");
    f.handle(Event::SubmitSurvey("Aling Nena Store".into()));
    assert_eq!(f.step, Step::FileTypes { employer: Some("Aling Nena Store".into()) });
}

#[test]
fn without_uploads_the_survey_records_the_name_and_closes_as_employer_not_listed() {
    let mut f = at_list(false);
    f.handle(Event::NotListed("Acme Bakery".into()));
    let effects = f.handle(Event::SubmitSurvey("Acme Bakery".into()));
    assert_eq!(calls(&effects), [Call::Survey("Acme Bakery".into())]);
    assert!(f.busy);
    let now = epoch(&f);
    let effects = f.handle(Event::SurveyRecorded { epoch: now, result: Ok(()) });
    assert!(!f.open);
    assert_eq!(
        effects.last(),
        Some(&Effect::Close(CloseDetails {
            reason: CloseReason::EmployerNotListed,
            error: None,
            employer: Some("Acme Bakery".into()),
        }))
    );

    let mut f = at_list(false);
    f.handle(Event::NotListed("Acme Bakery".into()));
    f.handle(Event::SubmitSurvey("Acme Bakery".into()));
    let now = epoch(&f);
    f.handle(Event::SurveyRecorded { epoch: now, result: Err(ApiError::Network("offline".into())) });
    f.handle(Event::Retry);
    assert_eq!(f.step, Step::Survey { name: "Acme Bakery".into() }, "try again keeps the name");
}

#[test]
fn an_upload_reports_the_archives_and_joins_the_users_documents() {
    let mut f = at_list(true);
    f.handle(Event::UploadDocuments);
    f.handle(Event::ChooseFileType(payslip()));
    let effects = f.handle(Event::Uploaded(archive("u-1", "STARTED")));
    assert_eq!(callbacks(&effects), ["onUploadsCreated"]);
    let Some(Effect::Callback(created)) = effects.iter().find(|e| matches!(e, Effect::Callback(_))) else {
        panic!()
    };
    assert_eq!(created.payload.to_serde()["userId"], "usr-1");
    assert_eq!(created.payload.to_serde()["uploads"][0]["id"], "u-1");
    assert_eq!(created.payload.to_serde()["uploads"][0]["rawFiles"][0]["name"], "march.pdf");
    assert!(matches!(&f.step, Step::ArchiveSuccess { archive } if archive.id == "u-1"));
    let Some(Effect::UiEvent { event, .. }) = effects.iter().find(|e| matches!(e, Effect::UiEvent { .. }))
    else {
        panic!()
    };
    assert_eq!(event.name, UiEventName::ArchiveSuccessPageOpened);
    f.handle(Event::Close(CloseReason::Exit));
    f.handle(Event::Open);
    assert_eq!(f.step, Step::Accounts, "a user with documents sees them on the account screen");
    assert_eq!(f.archives().len(), 1);
}

#[test]
fn removing_a_document_confirms_then_reports_it() {
    let mut f = with_uploads(vec![], vec![archive("u-1", "ANALYZED"), archive("u-2", "REVOKED")]);
    assert_eq!(f.step, Step::Accounts);
    assert_eq!(f.archives().len(), 1, "revoked documents are not listed");
    let effects = f.handle(Event::AskRevokeArchive("u-1".into()));
    assert_eq!(ui_events(&effects), [UiEventName::RevokeArchivePageOpened]);
    assert_eq!(f.back_target(), Some(Step::Accounts));
    assert_eq!(calls(&f.handle(Event::ConfirmRevokeArchive)), [Call::RevokeArchive("u-1".into())]);
    assert!(f.handle(Event::ConfirmRevokeArchive).is_empty(), "one removal at a time");
    let now = epoch(&f);
    let effects = f.handle(Event::ArchiveRevoked { epoch: now, result: Ok(archive("u-1", "REVOKED")) });
    assert_eq!(callbacks(&effects), ["onUploadsRemoved"]);
    assert!(f.archives().is_empty());
    assert_eq!(f.step, Step::Consent, "nothing left: the user starts like a new one");
}

#[test]
fn a_failed_document_type_list_offers_try_again() {
    let mut f = at_list(true);
    f.handle(Event::UploadDocuments);
    f.handle(Event::ListFailed(ApiError::server(503, None)));
    assert!(f.can_retry());
    f.handle(Event::Retry);
    assert_eq!(f.step, Step::FileTypes { employer: None });
}

#[test]
fn a_screen_whose_code_did_not_arrive_offers_try_again_on_the_same_screen() {
    let mut f = at_list(true);
    f.handle(Event::UploadDocuments);
    let effects = f.handle(Event::ScreenUnavailable);
    let Step::Failed { failure, .. } = &f.step else { panic!("{:?}", f.step) };
    assert_eq!(failure.info().code, "NETWORK_ERROR");
    assert!(f.can_retry());
    assert!(!ui_events(&effects).is_empty(), "the partner hears of the error screen");
    f.handle(Event::Retry);
    assert_eq!(f.step, Step::FileTypes { employer: None });
}
