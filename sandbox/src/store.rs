//! In-memory state, safe under concurrent use: tokens, users, accounts, archives and surveys.
//! One lock guards it all; every critical section is short and never awaits.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use smile_link_api::EmployerSurvey;

use crate::accounts::{AccountRecord, Timings};
use crate::uploads::ArchiveRecord;

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub user_id: String,
    pub expires_at: SystemTime,
}

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: String,
    /// The API key of the partner that created the user: only it reaches the user's data.
    pub partner: String,
    pub name: Option<String>,
    pub created_at: SystemTime,
}

#[derive(Default)]
pub struct Data {
    pub tokens: HashMap<String, TokenRecord>,
    pub users: HashMap<String, UserRecord>,
    pub accounts: HashMap<String, AccountRecord>,
    /// Account ids of each user, oldest first.
    pub accounts_by_user: HashMap<String, Vec<String>>,
    pub archives: HashMap<String, ArchiveRecord>,
    pub archives_by_user: HashMap<String, Vec<String>>,
    /// Each user's "employer not listed" surveys, oldest first.
    pub surveys_by_user: HashMap<String, Vec<EmployerSurvey>>,
    /// Accounts with a timer running to their next transition, and that timer's generation
    /// (`events::watch`).
    pub watched: HashMap<String, u64>,
    /// Requests per token in the current second, for `REQUEST_LIMIT_EXCEEDED`.
    rate: HashMap<String, (u64, u32)>,
}

#[derive(Default)]
pub struct Store {
    data: Mutex<Data>,
}

impl Store {
    pub fn lock(&self) -> MutexGuard<'_, Data> {
        // A panic while holding the lock leaves plain data behind, still consistent enough to serve.
        self.data.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Data {
    pub fn add_account(&mut self, account: AccountRecord) {
        self.accounts_by_user.entry(account.user_id.clone()).or_default().push(account.id.clone());
        self.accounts.insert(account.id.clone(), account);
    }

    /// The account of `user_id` that a new login to `provider_id` naming `person` continues (see
    /// [`AccountRecord::takes_login_of`]); `None` means the login opens a new account. Should
    /// several qualify, the newest that the same person last logged in to wins, else the newest.
    pub fn account_for_login(
        &mut self,
        user_id: &str,
        provider_id: &str,
        person: Option<usize>,
        now: SystemTime,
        t: Timings,
    ) -> Option<&mut AccountRecord> {
        let Data { accounts, accounts_by_user, .. } = self;
        let mut chosen: Option<(bool, &str)> = None;
        for id in accounts_by_user.get(user_id)? {
            let Some(account) = accounts.get_mut(id).filter(|a| a.provider_id == provider_id) else {
                continue;
            };
            account.advance(now, t);
            if account.takes_login_of(person) {
                let same_person = person.is_some_and(|p| account.named(p));
                if chosen.is_none_or(|(chosen_same, _)| same_person || !chosen_same) {
                    chosen = Some((same_person, id));
                }
            }
        }
        let (_, id) = chosen?;
        accounts.get_mut(id)
    }

    pub fn add_archive(&mut self, archive: ArchiveRecord) {
        self.archives_by_user.entry(archive.user_id.clone()).or_default().push(archive.id.clone());
        self.archives.insert(archive.id.clone(), archive);
    }

    /// Bytes of uploaded files `user_id`'s archives keep in memory, for the per-user upload quota.
    pub fn bytes_held_by(&self, user_id: &str) -> u64 {
        let ids = self.archives_by_user.get(user_id).map(Vec::as_slice).unwrap_or_default();
        ids.iter().filter_map(|id| self.archives.get(id)).map(ArchiveRecord::held_bytes).sum()
    }

    /// Counts one request for `token`; false once it is over `limit` in this second.
    pub fn allow_request(&mut self, token: &str, limit: u32, now: SystemTime) -> bool {
        if limit == 0 {
            return true;
        }
        let second = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs();
        let slot = self.rate.entry(token.to_string()).or_insert((second, 0));
        if slot.0 != second {
            *slot = (second, 0);
        }
        slot.1 += 1;
        slot.1 <= limit
    }
}

#[cfg(test)]
mod tests {
    use smile_link_api::AccountErrorCode;

    use super::*;
    use crate::accounts::Answer;

    const T: Timings =
        Timings { connect_delay: Duration::from_secs(1), mfa_timeout: Duration::from_secs(60) };

    #[test]
    fn a_login_continues_the_same_persons_account_first_then_the_newest() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let wrong = Answer::Error(AccountErrorCode::InvalidCredentials);
        let mut d = Data::default();
        let george = AccountRecord::new("usr-1", "grab", Some(0), wrong.clone(), t0, T);
        let ryan = AccountRecord::new("usr-1", "grab", Some(1), wrong.clone(), t0, T);
        let elsewhere = AccountRecord::new("usr-1", "upwork", Some(0), wrong, t0, T);
        let ids = [george.id.clone(), ryan.id.clone(), elsewhere.id.clone()];
        for a in [george, ryan, elsewhere] {
            d.add_account(a);
        }
        let later = t0 + Duration::from_secs(5);
        let mut continued =
            |person| d.account_for_login("usr-1", "grab", person, later, T).map(|a| a.id.clone());
        assert_eq!(continued(Some(0)), Some(ids[0].clone()));
        assert_eq!(continued(Some(1)), Some(ids[1].clone()));
        assert_eq!(continued(Some(2)), Some(ids[1].clone()), "no account of Christina's: the newest");
        assert_eq!(continued(None), Some(ids[1].clone()));
        assert_eq!(d.account_for_login("usr-2", "grab", Some(0), later, T).map(|a| a.id.clone()), None);
        assert_eq!(d.account_for_login("usr-1", "gojek", Some(0), later, T).map(|a| a.id.clone()), None);
    }

    #[test]
    fn the_rate_limit_counts_per_token_per_second() {
        let mut d = Data::default();
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(100);
        assert!(d.allow_request("a", 2, t));
        assert!(d.allow_request("a", 2, t));
        assert!(!d.allow_request("a", 2, t));
        assert!(d.allow_request("b", 2, t));
        assert!(d.allow_request("a", 2, t + Duration::from_secs(1)));
        assert!(d.allow_request("a", 0, t));
    }
}
