//! The state every handler shares: configuration, catalogue, file types, the store, the fault
//! rules and the webhooks. Handlers and the router both depend on it, and it depends on neither.

use std::sync::Arc;

use smile_link_api::FileType;

use crate::accounts::Timings;
use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::faults::Faults;
use crate::store::Store;
use crate::uploads;
use crate::webhooks::Webhooks;

#[derive(Clone)]
pub struct AppState {
    /// Where the API is reached, e.g. `http://127.0.0.1:8787`: absolute URLs in answers start here.
    pub public_base: Arc<str>,
    pub config: Arc<Config>,
    pub catalogue: Arc<Catalogue>,
    pub file_types: Arc<Vec<FileType>>,
    pub store: Arc<Store>,
    pub faults: Arc<Faults>,
    pub webhooks: Arc<Webhooks>,
}

impl AppState {
    /// `public_base` is where the API is reached, e.g. `http://127.0.0.1:8787`.
    pub fn new(config: Config, public_base: &str) -> AppState {
        AppState {
            public_base: public_base.into(),
            catalogue: Arc::new(Catalogue::new(public_base, config.extra_providers)),
            file_types: Arc::new(uploads::file_types(public_base)),
            webhooks: Arc::new(Webhooks::new(config.webhook_retry_base(), config.webhook_attempts)),
            config: Arc::new(config),
            store: Arc::default(),
            faults: Arc::default(),
        }
    }

    /// The API secret of the partner with `key`.
    pub fn partner_secret(&self, key: &str) -> Option<String> {
        self.config.all_partners().into_iter().find(|p| p.key == key).map(|p| p.secret)
    }

    pub fn timings(&self) -> Timings {
        Timings { connect_delay: self.config.connect_delay(), mfa_timeout: self.config.mfa_timeout() }
    }
}
