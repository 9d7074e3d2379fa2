//! `smile-sandbox`: a local server that implements the Smile link API (SPEC section 2) with the
//! documents' sandbox users, a provider catalogue, MFA, uploads and fault injection, answers the
//! Open API's token and data calls, delivers webhooks, serves the built widget, and hosts a demo
//! partner page.

pub mod accounts;
pub mod api;
pub mod assets;
pub mod catalogue;
pub mod config;
pub mod demo;
pub mod envelope;
pub mod events;
pub mod faults;
pub mod ids;
pub mod listen;
pub mod open_api;
pub mod records;
pub mod server;
pub mod state;
pub mod store;
pub mod surveys;
pub mod templates;
pub mod uploads;
pub mod users;
pub mod webhooks;

pub use config::Config;
pub use server::{Sandbox, start};
