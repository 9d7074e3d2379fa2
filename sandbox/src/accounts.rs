//! An account's life in the sandbox: `PENDING` → (`AWAITING_MFA` → `PENDING`) → `CONNECTED`, or `ERROR`;
//! revoking it (`DELETE`) leaves it `DISCONNECTED` for good.
//!
//! State advances lazily from the clock whenever the account is read, so the server needs no
//! background tasks and every transition is a plain function of time, tested without a server.

use std::time::{Duration, SystemTime};

use smile_link_api::{Account, AccountErrorCode, Connection, ConnectionStatus, MfaChallenge, MfaType};

use crate::ids;
use crate::users::MFA_CODE;

/// Attempts an MFA challenge allows.
pub const MFA_ATTEMPTS: u8 = 3;

/// How long the provider takes, and how long it waits for a code.
#[derive(Debug, Clone, Copy)]
pub struct Timings {
    pub connect_delay: Duration,
    pub mfa_timeout: Duration,
}

/// What the provider will answer once the PENDING delay is over.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Connected,
    Mfa { kind: MfaType, destination: String },
    Error(AccountErrorCode),
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Pending { until: SystemTime, then: Answer },
    AwaitingMfa { kind: MfaType, destination: String, attempts_left: u8, expires_at: SystemTime },
    Connected,
    Error(AccountErrorCode),
    Revoked,
}

/// A move of an account into a status a partner hears about by webhook: `CONNECTED`, `ERROR` or
/// `DISCONNECTED`, with when it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub status: ConnectionStatus,
    pub error_code: Option<AccountErrorCode>,
    pub at: SystemTime,
}

#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub id: String,
    pub user_id: String,
    pub provider_id: String,
    /// The sandbox user (index into `SANDBOX_USERS`) the latest login named, if it named one.
    person: Option<usize>,
    created_at: SystemTime,
    updated_at: SystemTime,
    /// When the account last became `CONNECTED`: its data was synced then.
    connected_at: Option<SystemTime>,
    phase: Phase,
    /// Transitions not yet taken by [`AccountRecord::take_transitions`], oldest first.
    transitions: Vec<Transition>,
}

/// Why an MFA code was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaRefusal {
    NotAwaitingMfa,
}

impl AccountRecord {
    pub fn new(
        user_id: &str,
        provider_id: &str,
        person: Option<usize>,
        answer: Answer,
        now: SystemTime,
        t: Timings,
    ) -> AccountRecord {
        AccountRecord {
            id: ids::account_id(),
            user_id: user_id.into(),
            provider_id: provider_id.into(),
            person,
            created_at: now,
            updated_at: now,
            connected_at: None,
            phase: Phase::Pending { until: now + t.connect_delay, then: answer },
            transitions: Vec::new(),
        }
    }

    /// The sandbox user the latest login named.
    pub fn person(&self) -> Option<usize> {
        self.person
    }

    /// When the account last became `CONNECTED`, while it is.
    pub fn connected_at(&self) -> Option<SystemTime> {
        self.connected_at.filter(|_| self.phase == Phase::Connected)
    }

    /// When the account will next move by itself (the provider answers, or a code times out).
    pub fn next_deadline(&self) -> Option<SystemTime> {
        match &self.phase {
            Phase::Pending { until, .. } => Some(*until),
            Phase::AwaitingMfa { expires_at, .. } => Some(*expires_at),
            _ => None,
        }
    }

    /// The transitions made since the last call, oldest first.
    pub fn take_transitions(&mut self) -> Vec<Transition> {
        std::mem::take(&mut self.transitions)
    }

    fn enter(&mut self, phase: Phase, at: SystemTime) {
        let (status, error_code) = match &phase {
            Phase::Connected => (ConnectionStatus::Connected, None),
            Phase::Error(code) => (ConnectionStatus::Error, Some(*code)),
            Phase::Revoked => (ConnectionStatus::Disconnected, None),
            _ => {
                self.phase = phase;
                return;
            }
        };
        if phase == Phase::Connected {
            self.connected_at = Some(at);
        }
        self.phase = phase;
        self.transitions.push(Transition { status, error_code, at });
    }

    /// Whether a new login to this account's provider, naming `person`, continues this account
    /// instead of opening another: a revoked account never does, a connected one only for the
    /// person it is connected as, any other (pending, waiting for a code, failed) always does.
    /// So failed attempts do not pile up, and logging in again keeps the account's id.
    pub fn takes_login_of(&self, person: Option<usize>) -> bool {
        match self.phase {
            Phase::Revoked => false,
            Phase::Connected => person.is_some() && person == self.person,
            _ => true,
        }
    }

    /// Whether the latest login named `person`.
    pub fn named(&self, person: usize) -> bool {
        self.person == Some(person)
    }

    /// Starts a new login on this account: back to PENDING with the provider's new answer, the
    /// previous error gone; the id and `createdAt` stay.
    pub fn log_in_again(&mut self, person: Option<usize>, answer: Answer, now: SystemTime, t: Timings) {
        self.person = person;
        self.phase = Phase::Pending { until: now + t.connect_delay, then: answer };
        self.updated_at = now;
    }

    /// Applies every transition the clock has made due by `now`.
    pub fn advance(&mut self, now: SystemTime, t: Timings) {
        loop {
            match &self.phase {
                Phase::Pending { until, then } if *until <= now => {
                    let at = *until;
                    let next = match then.clone() {
                        Answer::Connected => Phase::Connected,
                        Answer::Error(code) => Phase::Error(code),
                        Answer::Mfa { kind, destination } => Phase::AwaitingMfa {
                            kind,
                            destination,
                            attempts_left: MFA_ATTEMPTS,
                            expires_at: at + t.mfa_timeout,
                        },
                    };
                    self.enter(next, at);
                    self.updated_at = at;
                }
                Phase::AwaitingMfa { expires_at, .. } if *expires_at <= now => {
                    let at = *expires_at;
                    self.updated_at = at;
                    self.enter(Phase::Error(AccountErrorCode::MfaTimeout), at);
                }
                _ => return,
            }
        }
    }

    /// Takes an MFA code: the right one sends the account back to PENDING on its way to
    /// CONNECTED; a wrong one costs an attempt, and the last attempt ends in `INVALID_MFA`.
    pub fn submit_mfa(&mut self, code: &str, now: SystemTime, t: Timings) -> Result<(), MfaRefusal> {
        self.advance(now, t);
        let Phase::AwaitingMfa { attempts_left, .. } = &mut self.phase else {
            return Err(MfaRefusal::NotAwaitingMfa);
        };
        self.updated_at = now;
        if code == MFA_CODE {
            self.phase = Phase::Pending { until: now + t.connect_delay, then: Answer::Connected };
        } else {
            *attempts_left = attempts_left.saturating_sub(1);
            if *attempts_left == 0 {
                self.enter(Phase::Error(AccountErrorCode::InvalidMfa), now);
            }
        }
        Ok(())
    }

    /// Sends a new code: the challenge's clock starts again; attempts are not restored.
    pub fn resend_mfa(&mut self, now: SystemTime, t: Timings) -> Result<(), MfaRefusal> {
        self.advance(now, t);
        let Phase::AwaitingMfa { expires_at, .. } = &mut self.phase else {
            return Err(MfaRefusal::NotAwaitingMfa);
        };
        *expires_at = now + t.mfa_timeout;
        self.updated_at = now;
        Ok(())
    }

    /// Revokes the account: it stays listed, as `DISCONNECTED`, and nothing moves it again.
    pub fn revoke(&mut self, now: SystemTime) {
        if self.phase != Phase::Revoked {
            self.enter(Phase::Revoked, now);
            self.updated_at = now;
        }
    }

    pub fn status(&self) -> ConnectionStatus {
        match self.phase {
            Phase::Pending { .. } => ConnectionStatus::Pending,
            Phase::AwaitingMfa { .. } => ConnectionStatus::AwaitingMfa,
            Phase::Connected => ConnectionStatus::Connected,
            Phase::Error(_) => ConnectionStatus::Error,
            Phase::Revoked => ConnectionStatus::Disconnected,
        }
    }

    /// The account as the link API shows it.
    pub fn to_api(&self) -> Account {
        let status = self.status();
        let error_code = match self.phase {
            Phase::Error(code) => Some(code),
            _ => None,
        };
        let mfa = match &self.phase {
            Phase::AwaitingMfa { kind, destination, attempts_left, expires_at } => Some(MfaChallenge {
                kind: *kind,
                destination: destination.clone(),
                length: MFA_CODE.len() as u8,
                attempts_left: *attempts_left,
                expires_at: ids::iso(*expires_at),
            }),
            _ => None,
        };
        Account {
            id: self.id.clone(),
            created_at: ids::iso(self.created_at),
            provider_id: self.provider_id.clone(),
            user_id: self.user_id.clone(),
            connection_status: status,
            connection: Connection {
                status,
                error_code,
                error_message: error_code.map(|c| error_message(c).to_string()),
                updated_at: ids::iso(self.updated_at),
            },
            mfa,
        }
    }
}

/// A developer-facing explanation of each account error code.
pub fn error_message(code: AccountErrorCode) -> &'static str {
    use AccountErrorCode::*;
    match code {
        AccountDisabled => "The account has been disabled by the provider.",
        AccountInaccessible => "The provider's site could not be reached for this account.",
        AccountIncomplete => "The account's sign-up is not finished at the provider.",
        AccountLocked => "The provider locked the account after too many failed logins.",
        AuthRequired => "The provider requires the user to sign in on its own site first.",
        ExpiredCredentials => "The password has expired and must be changed at the provider.",
        InvalidAccountType => "This kind of account cannot be connected.",
        InvalidAuth => "The provider rejected the authentication method.",
        InvalidCredentials => "The user name or password is not correct.",
        InvalidMfa => "Too many wrong verification codes.",
        MfaTimeout => "The verification code was not entered in time.",
        ServiceUnavailable => "The provider is temporarily unavailable.",
        SystemError => "An unexpected error occurred while connecting.",
        TosRequired => "The user must accept the provider's new terms of service.",
        UnsupportedAuthType => "This login method is not supported for the account.",
        UnsupportedMfaMethod => "The account's verification method is not supported.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timings =
        Timings { connect_delay: Duration::from_secs(1), mfa_timeout: Duration::from_secs(60) };

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
    }

    fn mfa_account() -> AccountRecord {
        let answer = Answer::Mfa { kind: MfaType::OtpSms, destination: "+63•••••1234".into() };
        AccountRecord::new("usr-1", "upwork", Some(0), answer, at(0), T)
    }

    #[test]
    fn an_account_stays_pending_until_the_provider_answers() {
        let mut a = AccountRecord::new("usr-1", "grab", Some(0), Answer::Connected, at(0), T);
        a.advance(at(0), T);
        assert_eq!(a.status(), ConnectionStatus::Pending);
        a.advance(at(1), T);
        assert_eq!(a.status(), ConnectionStatus::Connected);
        assert_eq!(a.to_api().connection.updated_at, ids::iso(at(1)));
    }

    #[test]
    fn the_right_code_connects_after_another_pending_spell() {
        let mut a = mfa_account();
        a.advance(at(2), T);
        let api = a.to_api();
        assert_eq!(api.connection_status, ConnectionStatus::AwaitingMfa);
        let mfa = api.mfa.unwrap();
        assert_eq!((mfa.attempts_left, mfa.length), (3, 4));
        assert_eq!(mfa.expires_at, ids::iso(at(61)));
        a.submit_mfa("1234", at(3), T).unwrap();
        assert_eq!(a.status(), ConnectionStatus::Pending);
        assert!(a.to_api().mfa.is_none());
        a.advance(at(4), T);
        assert_eq!(a.status(), ConnectionStatus::Connected);
    }

    #[test]
    fn wrong_codes_cost_attempts_and_the_last_one_fails_with_invalid_mfa() {
        let mut a = mfa_account();
        a.submit_mfa("0000", at(2), T).unwrap();
        assert_eq!(a.to_api().mfa.unwrap().attempts_left, 2);
        a.submit_mfa("1111", at(3), T).unwrap();
        a.submit_mfa("2222", at(4), T).unwrap();
        let api = a.to_api();
        assert_eq!(api.connection_status, ConnectionStatus::Error);
        assert_eq!(api.connection.error_code, Some(AccountErrorCode::InvalidMfa));
        assert_eq!(a.submit_mfa("1234", at(5), T), Err(MfaRefusal::NotAwaitingMfa));
    }

    #[test]
    fn an_unanswered_challenge_times_out() {
        let mut a = mfa_account();
        a.advance(at(61), T);
        assert_eq!(a.to_api().connection.error_code, Some(AccountErrorCode::MfaTimeout));
    }

    #[test]
    fn resending_restarts_the_challenge_clock() {
        let mut a = mfa_account();
        a.resend_mfa(at(50), T).unwrap();
        a.advance(at(100), T);
        assert_eq!(a.status(), ConnectionStatus::AwaitingMfa);
        a.advance(at(110), T);
        assert_eq!(a.status(), ConnectionStatus::Error);
    }

    #[test]
    fn a_code_before_the_challenge_is_refused() {
        let mut a = mfa_account();
        assert_eq!(a.submit_mfa("1234", at(0), T), Err(MfaRefusal::NotAwaitingMfa));
    }

    #[test]
    fn logging_in_again_keeps_the_id_and_creation_time_and_clears_the_error() {
        let wrong = Answer::Error(AccountErrorCode::InvalidCredentials);
        let mut a = AccountRecord::new("usr-1", "grab", Some(0), wrong, at(0), T);
        a.advance(at(1), T);
        let failed = a.to_api();
        assert_eq!(failed.connection.error_code, Some(AccountErrorCode::InvalidCredentials));
        assert!(a.takes_login_of(Some(0)) && a.takes_login_of(Some(1)) && a.takes_login_of(None));

        a.log_in_again(Some(0), Answer::Connected, at(5), T);
        let again = a.to_api();
        assert_eq!(again.id, failed.id);
        assert_eq!(again.created_at, failed.created_at);
        assert_eq!(again.connection_status, ConnectionStatus::Pending);
        assert_eq!((again.connection.error_code, again.connection.error_message), (None, None));
        assert_eq!(again.connection.updated_at, ids::iso(at(5)));
        a.advance(at(6), T);
        assert_eq!(a.status(), ConnectionStatus::Connected);
    }

    #[test]
    fn a_connected_account_takes_a_new_login_only_from_the_person_it_is_connected_as() {
        let mut a = AccountRecord::new("usr-1", "grab", Some(0), Answer::Connected, at(0), T);
        assert!(a.takes_login_of(Some(1)), "still pending: anyone's login replaces the attempt");
        a.advance(at(1), T);
        assert!(a.takes_login_of(Some(0)));
        assert!(!a.takes_login_of(Some(1)));
        assert!(!a.takes_login_of(None), "an error test user names no one");
        a.revoke(at(2));
        assert!(!a.takes_login_of(Some(0)), "a revoked account is never reused");
    }

    #[test]
    fn transitions_are_taken_once_each_with_the_time_they_happened() {
        let mut a = mfa_account();
        a.advance(at(2), T);
        assert_eq!(a.take_transitions(), [], "waiting for a code is no transition a partner hears of");
        assert_eq!(a.next_deadline(), Some(at(61)));
        a.submit_mfa("1234", at(3), T).unwrap();
        assert_eq!(a.next_deadline(), Some(at(4)));
        assert_eq!(a.connected_at(), None);
        a.advance(at(9), T);
        let connected = Transition { status: ConnectionStatus::Connected, error_code: None, at: at(4) };
        assert_eq!(a.take_transitions(), [connected]);
        assert_eq!(a.take_transitions(), []);
        assert_eq!((a.connected_at(), a.next_deadline()), (Some(at(4)), None));
        a.revoke(at(10));
        a.revoke(at(11));
        let revoked = Transition { status: ConnectionStatus::Disconnected, error_code: None, at: at(10) };
        assert_eq!(a.take_transitions(), [revoked]);
        assert_eq!(a.connected_at(), None, "a revoked account has no data");

        let mut timed_out = mfa_account();
        timed_out.advance(at(100), T);
        let failed = Transition {
            status: ConnectionStatus::Error,
            error_code: Some(AccountErrorCode::MfaTimeout),
            at: at(61),
        };
        assert_eq!(timed_out.take_transitions(), [failed]);
    }

    #[test]
    fn revoking_is_final() {
        let mut a = AccountRecord::new("usr-1", "grab", Some(0), Answer::Connected, at(0), T);
        a.revoke(at(5));
        a.advance(at(10), T);
        assert_eq!(a.status(), ConnectionStatus::Disconnected);
    }
}
