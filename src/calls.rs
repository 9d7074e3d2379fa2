//! The link API calls the flow asks for ([`Call`]), made and turned into the event that answers them.
//!
//! Only the screens of a part fetched on demand make these calls (the login, the accounts, the documents), so
//! release builds (`split` feature) put each call's code in that part: the page's main part carries none of it.
//! A call whose part cannot be fetched is answered as a network failure, which the flow offers to retry.

use std::future::Future;
use std::pin::Pin;

use crate::api::{ApiClient, ApiError};
use crate::app::{Part, ScreenUnavailable};
use crate::flow::{Call, Event};

/// A call's answer, still to come (from code in a part, hence boxed).
pub type Answer = Pin<Box<dyn Future<Output = Event>>>;

/// A split function's result: awaited (its part fetched first) where the build has parts, else as it is.
macro_rules! loaded {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let made = $call.await;
        #[cfg(not(feature = "split"))]
        let made = $call;
        made
    }};
}

/// Makes `call` with `api` and gives the event that answers it.
pub async fn perform(api: ApiClient, epoch: u32, call: Call) -> Event {
    let fallback = call.clone();
    let made = match part_of(&call) {
        Part::Connect => loaded!(connect_call(api, epoch, call)),
        Part::Accounts => loaded!(accounts_call(api, epoch, call)),
        Part::Documents => loaded!(documents_call(api, epoch, call)),
    };
    match made {
        Ok(answer) => answer.await,
        Err(ScreenUnavailable) => {
            failed(epoch, fallback, ApiError::Network("the call's code did not load".into()))
        }
    }
}

/// The part whose screens make `call`.
fn part_of(call: &Call) -> Part {
    match call {
        Call::CreateAccount(_)
        | Call::Poll(_)
        | Call::SubmitMfa { .. }
        | Call::ResendMfa(_)
        | Call::CheckMfa(_) => Part::Connect,
        Call::Revoke(_) => Part::Accounts,
        Call::RevokeArchive(_) | Call::Survey(_) => Part::Documents,
    }
}

/// The event that answers `call` with `error`.
fn failed(epoch: u32, call: Call, error: ApiError) -> Event {
    match call {
        Call::RevokeArchive(_) => Event::ArchiveRevoked { epoch, result: Err(error) },
        Call::Survey(_) => Event::SurveyRecorded { epoch, result: Err(error) },
        call => Event::Answer { epoch, call, result: Err(error) },
    }
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(connect, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn connect_call(api: ApiClient, epoch: u32, call: Call) -> Result<Answer, ScreenUnavailable> {
    Ok(Box::pin(async move {
        let result = match &call {
            Call::CreateAccount(request) => api.create_account(request).await,
            Call::Poll(id) | Call::CheckMfa(id) => api.account(id).await,
            Call::SubmitMfa { account_id, code } => api.submit_mfa(account_id, code).await,
            Call::ResendMfa(id) => api.resend_mfa(id).await,
            _ => return failed(epoch, call, unexpected()),
        };
        Event::Answer { epoch, call, result }
    }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(accounts, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn accounts_call(api: ApiClient, epoch: u32, call: Call) -> Result<Answer, ScreenUnavailable> {
    Ok(Box::pin(async move {
        let result = match &call {
            Call::Revoke(id) => api.revoke_account(id).await,
            _ => return failed(epoch, call, unexpected()),
        };
        Event::Answer { epoch, call, result }
    }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(documents, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn documents_call(api: ApiClient, epoch: u32, call: Call) -> Result<Answer, ScreenUnavailable> {
    Ok(Box::pin(async move {
        match &call {
            Call::RevokeArchive(id) => Event::ArchiveRevoked { epoch, result: api.revoke_archive(id).await },
            Call::Survey(name) => Event::SurveyRecorded { epoch, result: api.record_survey(name).await },
            _ => failed(epoch, call, unexpected()),
        }
    }))
}

/// A call routed to the wrong part: cannot happen ([`part_of`] routes them).
fn unexpected() -> ApiError {
    ApiError::Malformed("a call made from the wrong part".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::NewAccount;

    fn every_call() -> Vec<Call> {
        vec![
            Call::CreateAccount(NewAccount { provider_id: "upwork".into(), credentials: Default::default() }),
            Call::Poll("a".into()),
            Call::SubmitMfa { account_id: "a".into(), code: "1234".into() },
            Call::ResendMfa("a".into()),
            Call::CheckMfa("a".into()),
            Call::Revoke("a".into()),
            Call::RevokeArchive("r".into()),
            Call::Survey("Acme".into()),
        ]
    }

    #[test]
    fn a_call_that_cannot_be_made_is_answered_by_the_event_the_flow_waits_for_with_the_error() {
        for call in every_call() {
            let event = failed(7, call.clone(), ApiError::Network("offline".into()));
            let answered = match (&call, event) {
                (Call::RevokeArchive(_), Event::ArchiveRevoked { epoch, result }) => {
                    epoch == 7 && result.is_err()
                }
                (Call::Survey(_), Event::SurveyRecorded { epoch, result }) => epoch == 7 && result.is_err(),
                (own, Event::Answer { epoch, call: answered, result })
                    if !matches!(own, Call::RevokeArchive(_) | Call::Survey(_)) =>
                {
                    epoch == 7 && answered == call && result.is_err()
                }
                _ => false,
            };
            assert!(answered, "{call:?}");
        }
    }
}
