//! Webhooks: each partner's registrations, and deliveries of events to them as signed JSON POSTs.
//!
//! A delivery's body is the event as JSON; `X-Smile-Signature` is `sha256=` and the hex HMAC-SHA256
//! of those exact bytes under the webhook's secret (the partner's API secret unless the webhook
//! has its own). `X-Smile-Event-Id` repeats the event's id on every attempt, so a receiver drops
//! duplicates by it. Each webhook gets its events one at a time, in the order they happened; an
//! attempt that fails (no connection, no answer in time, or a status other than 2xx) is tried again
//! after the retry base, doubling each time, up to the configured number of attempts. Every
//! delivery and its attempts are kept in a bounded log the partner can read.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use tokio::sync::{mpsc, watch};

use crate::ids;

pub const SIGNATURE_HEADER: &str = "x-smile-signature";
pub const EVENT_ID_HEADER: &str = "x-smile-event-id";
pub const EVENT_TYPE_HEADER: &str = "x-smile-event-type";
pub const WEBHOOK_ID_HEADER: &str = "x-smile-webhook-id";
pub const ATTEMPT_HEADER: &str = "x-smile-attempt";

/// Every event a webhook may receive.
pub const EVENT_TYPES: [&str; 11] = [
    "ACCOUNT_CONNECTED",
    "ACCOUNT_DISCONNECTED",
    "ACCOUNT_FAILED",
    "TASK_STARTED",
    "TASK_FINISHED",
    "IDENTITIES_ADDED",
    "EMPLOYMENTS_ADDED",
    "EINCOMES_ADDED",
    "CONTRIBUTIONS_ADDED",
    "TRANSACTIONS_ADDED",
    "WEBHOOK_TEST",
];

/// Webhooks one partner may register.
pub const MAX_WEBHOOKS_PER_PARTNER: usize = 10;
/// Deliveries the log keeps, over every webhook; the oldest go first.
const LOG_LIMIT: usize = 5_000;
/// How long one attempt waits for the receiver's answer.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// An event as a receiver gets it: the delivery's whole body.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    pub event_type: &'static str,
    pub event_time: String,
    pub mode: &'static str,
    pub data: serde_json::Value,
}

impl Event {
    pub fn new(event_type: &'static str, at: SystemTime, data: serde_json::Value) -> Event {
        Event { id: ids::event_id(), event_type, event_time: ids::iso(at), mode: "sandbox", data }
    }
}

/// A registration, as the Open API shows it (never its secret).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub id: String,
    pub url: String,
    /// The events it receives; every event when registered without a list.
    pub events: Vec<String>,
    /// `API_SECRET` or `WEBHOOK_SECRET`: which secret signs its deliveries.
    pub signed_with: &'static str,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryStatus {
    Pending,
    Retrying,
    Delivered,
    Failed,
}

/// One attempt to deliver: the receiver's status, or why there was none.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub number: u32,
    pub at: String,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// One event on its way to one webhook.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub event_id: String,
    pub event_type: &'static str,
    pub webhook_id: String,
    pub url: String,
    pub status: DeliveryStatus,
    pub attempts: Vec<Attempt>,
    pub next_attempt_at: Option<String>,
    pub event: Event,
}

struct Hook {
    public: Webhook,
    partner: String,
    queue: mpsc::UnboundedSender<Job>,
}

/// A delivery for a webhook's worker: where it sits in the log, and the exact body.
struct Job {
    seq: u64,
    event_id: String,
    event_type: &'static str,
    body: Arc<[u8]>,
}

#[derive(Default)]
struct Inner {
    hooks: Vec<Hook>,
    log: VecDeque<Delivery>,
    /// Sequence number of `log[0]`.
    first_seq: u64,
}

impl Inner {
    fn entry(&mut self, seq: u64) -> Option<&mut Delivery> {
        let index = seq.checked_sub(self.first_seq)?;
        self.log.get_mut(usize::try_from(index).ok()?)
    }
}

/// Why a registration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Invalid(String),
    TooMany,
}

pub struct Webhooks {
    client: reqwest::Client,
    retry_base: Duration,
    attempts: u32,
    stop: watch::Sender<bool>,
    inner: Mutex<Inner>,
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`: the `X-Smile-Signature` value.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length, so this never fails.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Webhooks {
    pub fn new(retry_base: Duration, attempts: u32) -> Webhooks {
        let client = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Webhooks {
            client,
            retry_base,
            attempts: attempts.max(1),
            stop: watch::channel(false).0,
            inner: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a webhook for `partner` and starts its worker. `events` must name only
    /// [`EVENT_TYPES`]; none or an empty list means every event. `own_secret` signs instead of
    /// `partner_secret` when given.
    pub fn register(
        self: &Arc<Self>,
        partner: &str,
        partner_secret: &str,
        url: &str,
        own_secret: Option<&str>,
        events: Option<&[String]>,
    ) -> Result<Webhook, Refusal> {
        let url = crate::config::parse_webhook_url(url).map_err(|e| Refusal::Invalid(format!("url: {e}")))?;
        let events: Vec<String> = match events {
            None | Some([]) => EVENT_TYPES.iter().map(|e| e.to_string()).collect(),
            Some(list) => {
                if let Some(unknown) = list.iter().find(|e| !EVENT_TYPES.contains(&e.as_str())) {
                    return Err(Refusal::Invalid(format!(
                        "events: {unknown:?} is not one of {}",
                        EVENT_TYPES.join(", ")
                    )));
                }
                let mut list = list.to_vec();
                list.dedup();
                list
            }
        };
        if let Some(secret) = own_secret
            && (secret.is_empty() || secret.len() > 256)
        {
            return Err(Refusal::Invalid("secret must be 1 to 256 characters".into()));
        }
        let public = Webhook {
            id: ids::webhook_id(),
            url,
            events,
            signed_with: if own_secret.is_some() { "WEBHOOK_SECRET" } else { "API_SECRET" },
            created_at: ids::iso(SystemTime::now()),
        };
        let (queue, jobs) = mpsc::unbounded_channel();
        let secret = own_secret.unwrap_or(partner_secret).to_string();
        {
            let mut inner = self.lock();
            if inner.hooks.iter().filter(|h| h.partner == partner).count() >= MAX_WEBHOOKS_PER_PARTNER {
                return Err(Refusal::TooMany);
            }
            inner.hooks.push(Hook { public: public.clone(), partner: partner.into(), queue });
        }
        tokio::spawn(Arc::clone(self).work(public.id.clone(), public.url.clone(), secret, jobs));
        Ok(public)
    }

    /// `partner`'s webhooks, oldest first.
    pub fn list(&self, partner: &str) -> Vec<Webhook> {
        self.lock().hooks.iter().filter(|h| h.partner == partner).map(|h| h.public.clone()).collect()
    }

    /// Removes one of `partner`'s webhooks; what is queued for it is not delivered.
    pub fn remove(&self, partner: &str, id: &str) -> Option<Webhook> {
        let mut inner = self.lock();
        let at = inner.hooks.iter().position(|h| h.partner == partner && h.public.id == id)?;
        Some(inner.hooks.remove(at).public)
    }

    /// The deliveries to one of `partner`'s webhooks, oldest first; `None` for no such webhook.
    pub fn deliveries(&self, partner: &str, id: &str) -> Option<Vec<Delivery>> {
        let inner = self.lock();
        inner.hooks.iter().find(|h| h.partner == partner && h.public.id == id)?;
        Some(inner.log.iter().filter(|d| d.webhook_id == id).cloned().collect())
    }

    /// Queues `events` for every webhook of `partner` that takes them, in order.
    pub fn emit(&self, partner: &str, events: Vec<Event>) {
        self.enqueue(partner, None, events);
    }

    /// Queues `event` for one of `partner`'s webhooks, whatever events it takes.
    pub fn emit_to(&self, partner: &str, webhook_id: &str, event: Event) {
        self.enqueue(partner, Some(webhook_id), vec![event]);
    }

    fn enqueue(&self, partner: &str, only: Option<&str>, events: Vec<Event>) {
        let mut inner = self.lock();
        for event in events {
            let takes = |h: &Hook| match only {
                Some(id) => h.public.id == id,
                None => h.public.events.iter().any(|e| e == event.event_type),
            };
            let targets: Vec<(String, String, mpsc::UnboundedSender<Job>)> = inner
                .hooks
                .iter()
                .filter(|h| h.partner == partner && takes(h))
                .map(|h| (h.public.id.clone(), h.public.url.clone(), h.queue.clone()))
                .collect();
            if targets.is_empty() {
                continue;
            }
            let body: Arc<[u8]> = serde_json::to_vec(&event).unwrap_or_default().into();
            for (webhook_id, url, queue) in targets {
                if inner.log.len() == LOG_LIMIT {
                    inner.log.pop_front();
                    inner.first_seq += 1;
                }
                let seq = inner.first_seq + inner.log.len() as u64;
                inner.log.push_back(Delivery {
                    event_id: event.id.clone(),
                    event_type: event.event_type,
                    webhook_id,
                    url,
                    status: DeliveryStatus::Pending,
                    attempts: Vec::new(),
                    next_attempt_at: None,
                    event: event.clone(),
                });
                let job =
                    Job { seq, event_id: event.id.clone(), event_type: event.event_type, body: body.clone() };
                let _ = queue.send(job);
            }
        }
    }

    /// Stops every worker; deliveries in progress end where they are.
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }

    fn registered(&self, id: &str) -> bool {
        self.lock().hooks.iter().any(|h| h.public.id == id)
    }

    /// One webhook's worker: its jobs one at a time, each with its retries.
    async fn work(
        self: Arc<Self>,
        id: String,
        url: String,
        secret: String,
        mut jobs: mpsc::UnboundedReceiver<Job>,
    ) {
        let mut stop = self.stop.subscribe();
        loop {
            let job = tokio::select! {
                job = jobs.recv() => job,
                _ = stop.wait_for(|s| *s) => None,
            };
            let Some(job) = job else { return };
            if !self.registered(&id) {
                return;
            }
            let signature = sign(secret.as_bytes(), &job.body);
            for number in 1..=self.attempts {
                let started = (SystemTime::now(), Instant::now());
                let sent = self
                    .client
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .header(reqwest::header::USER_AGENT, concat!("smile-sandbox/", env!("CARGO_PKG_VERSION")))
                    .header(SIGNATURE_HEADER, &signature)
                    .header(EVENT_ID_HEADER, &job.event_id)
                    .header(EVENT_TYPE_HEADER, job.event_type)
                    .header(WEBHOOK_ID_HEADER, &id)
                    .header(ATTEMPT_HEADER, number.to_string())
                    .body(job.body.to_vec())
                    .send();
                let outcome = tokio::select! {
                    r = sent => r,
                    _ = stop.wait_for(|s| *s) => return,
                };
                let (status_code, error) = match outcome {
                    Ok(r) => (Some(r.status().as_u16()), None),
                    Err(e) if e.is_timeout() => {
                        (None, Some(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs())))
                    }
                    Err(e) if e.is_connect() => (None, Some("could not connect".to_string())),
                    Err(_) => (None, Some("the connection failed".to_string())),
                };
                let delivered = status_code.is_some_and(|s| (200..300).contains(&s));
                let last = number == self.attempts;
                let wait = self.retry_base.saturating_mul(2u32.saturating_pow(number - 1));
                {
                    let mut inner = self.lock();
                    if let Some(entry) = inner.entry(job.seq) {
                        entry.attempts.push(Attempt {
                            number,
                            at: ids::iso(started.0),
                            status_code,
                            error,
                            duration_ms: started.1.elapsed().as_millis() as u64,
                        });
                        entry.status = match (delivered, last) {
                            (true, _) => DeliveryStatus::Delivered,
                            (false, true) => DeliveryStatus::Failed,
                            (false, false) => DeliveryStatus::Retrying,
                        };
                        entry.next_attempt_at =
                            (!delivered && !last).then(|| ids::iso(SystemTime::now() + wait));
                    }
                }
                if delivered || last {
                    break;
                }
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.wait_for(|s| *s) => return,
                }
                if !self.registered(&id) {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hex_hmac_sha256_of_the_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn registrations_check_the_url_the_events_and_the_count() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
        let Ok(rt) = rt else { panic!("a runtime") };
        rt.block_on(async {
            let hooks = Arc::new(Webhooks::new(Duration::from_millis(10), 2));
            let refused = |r: Result<Webhook, Refusal>| matches!(r, Err(Refusal::Invalid(_)));
            assert!(refused(hooks.register("k", "s", "http://example.com/hook", None, None)));
            assert!(refused(hooks.register("k", "s", "ftp://127.0.0.1/hook", None, None)));
            let bad = ["ACCOUNT_CONNECTED".to_string(), "NOPE".to_string()];
            assert!(refused(hooks.register("k", "s", "http://127.0.0.1:9/hook", None, Some(&bad))));
            let all = hooks.register("k", "s", "http://127.0.0.1:9/hook", None, None);
            let Ok(all) = all else { panic!("registered") };
            assert_eq!(all.events.len(), EVENT_TYPES.len());
            assert_eq!(all.signed_with, "API_SECRET");
            for _ in 1..MAX_WEBHOOKS_PER_PARTNER {
                assert!(hooks.register("k", "s", "http://localhost:9/", Some("own"), None).is_ok());
            }
            assert_eq!(
                hooks.register("k", "s", "http://localhost:9/", None, None).err(),
                Some(Refusal::TooMany)
            );
            assert!(hooks.register("other", "s", "http://localhost:9/", None, None).is_ok(), "per partner");
            assert_eq!(hooks.list("k").len(), MAX_WEBHOOKS_PER_PARTNER);
            assert!(hooks.remove("other", &all.id).is_none(), "another partner's webhook is not theirs");
            assert!(hooks.remove("k", &all.id).is_some());
            hooks.shutdown();
        });
    }
}
