//! In-memory state, safe under concurrent use: tokens, users, accounts and archives.
//! One lock guards it all; every critical section is short and never awaits.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use crate::accounts::AccountRecord;
use crate::uploads::ArchiveRecord;

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub user_id: String,
    pub expires_at: SystemTime,
}

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: String,
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

    pub fn add_archive(&mut self, archive: ArchiveRecord) {
        self.archives_by_user.entry(archive.user_id.clone()).or_default().push(archive.id.clone());
        self.archives.insert(archive.id.clone(), archive);
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
    use super::*;

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
