//! One file per screen of the connect flow; each reads the flow context and renders one step.

pub mod accounts;
pub mod connecting;
pub mod consent;
pub mod error;
pub mod file_types;
pub mod loading;
pub mod login;
pub mod login_options;
pub mod mfa;
pub mod provider_index;
pub mod providers;
pub mod success;
pub mod survey;
pub mod upload;
