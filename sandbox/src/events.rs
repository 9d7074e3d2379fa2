//! From account transitions to webhook events.
//!
//! Accounts move lazily, when they are read, so a timer per account ([`watch`]) also moves each
//! one at its next deadline (the provider's answer, an MFA code's expiry): a partner hears of an
//! account that connects or times out even while no one is looking at it. Whoever moves an
//! account settles it ([`settle`]): its transitions become events for the partner's webhooks.
//!
//! | transition | events, in order |
//! |---|---|
//! | to `CONNECTED` | `ACCOUNT_CONNECTED`, `TASK_STARTED`, one `<KIND>_ADDED` per data endpoint the provider gives, `TASK_FINISHED` (naming those endpoints) |
//! | to `ERROR` | `ACCOUNT_FAILED` with `errorCode` and `errorMessage` |
//! | revoked | `ACCOUNT_DISCONNECTED` |

use std::time::{Duration, SystemTime};

use serde_json::json;
use smile_link_api::ConnectionStatus;

use crate::accounts::{Transition, error_message};
use crate::records::{self, DataKind, Source};
use crate::state::AppState;
use crate::store::Data;
use crate::webhooks::Event;

/// Moves the account to `now` and sends its partner's webhooks the events of what changed.
pub fn settle(state: &AppState, data: &mut Data, account_id: &str, now: SystemTime) {
    let Some(account) = data.accounts.get_mut(account_id) else { return };
    account.advance(now, state.timings());
    let transitions = account.take_transitions();
    if transitions.is_empty() {
        return;
    }
    let (user_id, provider_id, person) =
        (account.user_id.clone(), account.provider_id.clone(), account.person());
    let Some(partner) = data.users.get(&user_id).map(|u| u.partner.clone()) else { return };
    let mut events = Vec::new();
    for t in &transitions {
        events.extend(events_for(state, t, account_id, &user_id, &provider_id, person));
    }
    state.webhooks.emit(&partner, events);
}

fn events_for(
    state: &AppState,
    t: &Transition,
    account_id: &str,
    user_id: &str,
    provider_id: &str,
    person: Option<usize>,
) -> Vec<Event> {
    let about = json!({"accountId": account_id, "userId": user_id, "providerId": provider_id});
    let with = |extra: serde_json::Value| {
        let mut data = about.clone();
        if let (Some(d), Some(e)) = (data.as_object_mut(), extra.as_object()) {
            d.extend(e.clone());
        }
        data
    };
    match t.status {
        ConnectionStatus::Connected => {
            let mut events = vec![
                Event::new("ACCOUNT_CONNECTED", t.at, with(json!({"connectionStatus": "CONNECTED"}))),
                Event::new("TASK_STARTED", t.at, about.clone()),
            ];
            let (Some(provider), Some(person)) = (state.catalogue.get(provider_id), person) else {
                return events;
            };
            let synced_at = crate::ids::iso(t.at);
            let source = Source { account_id, user_id, provider, person, synced_at: &synced_at };
            let kinds: &[DataKind] = records::kinds_for(provider.kind);
            for kind in kinds {
                let count = records::records(&source, *kind).len();
                let added = with(json!({"endpoint": kind.endpoint(), "count": count}));
                events.push(Event::new(kind.added_event(), t.at, added));
            }
            let endpoints: Vec<&str> = kinds.iter().map(|k| k.endpoint()).collect();
            events.push(Event::new("TASK_FINISHED", t.at, with(json!({"endpoints": endpoints}))));
            events
        }
        ConnectionStatus::Error => {
            let code = t.error_code;
            let failed = with(json!({
                "connectionStatus": "ERROR",
                "errorCode": code.map(|c| c.as_str()),
                "errorMessage": code.map(error_message),
            }));
            vec![Event::new("ACCOUNT_FAILED", t.at, failed)]
        }
        ConnectionStatus::Disconnected => {
            vec![Event::new("ACCOUNT_DISCONNECTED", t.at, with(json!({"connectionStatus": "DISCONNECTED"})))]
        }
        ConnectionStatus::Pending | ConnectionStatus::AwaitingMfa => Vec::new(),
    }
}

/// Keeps a timer on the account until it has no deadline left, settling it at each one. Call it
/// after anything that gives the account a new deadline: the newest timer replaces any before it.
pub fn watch(state: &AppState, account_id: &str) {
    let generation = {
        let mut data = state.store.lock();
        let counter = data.watched.entry(account_id.to_string()).or_insert(0);
        *counter += 1;
        *counter
    };
    let (state, id) = (state.clone(), account_id.to_string());
    tokio::spawn(async move {
        loop {
            let wait = {
                let now = SystemTime::now();
                let mut data = state.store.lock();
                if data.watched.get(&id) != Some(&generation) {
                    return;
                }
                settle(&state, &mut data, &id, now);
                match data.accounts.get(&id).and_then(|a| a.next_deadline()) {
                    Some(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
                    None => {
                        data.watched.remove(&id);
                        return;
                    }
                }
            };
            tokio::time::sleep(wait + Duration::from_millis(1)).await;
        }
    });
}
