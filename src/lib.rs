//! Smile Wink: the connect-your-employment-account widget.
//!
//! `flow` (the state machine: events in, effects out), `credentials`, `options`, `bridge` (the
//! shim protocol), `events` (callback payloads), `wire` and `json` (the link API's JSON, read
//! from what the browser parsed) and `api` hold the logic, tested natively;
//! `engine` runs the flow's effects in the browser (`calls` makes its API calls) and `dom` holds its few direct page calls;
//! `app`, `screens` and `components` are the views.

pub mod api;
pub mod app;
pub mod bridge;
pub mod calls;
pub mod components;
pub mod credentials;
pub mod documents;
pub mod dom;
pub mod engine;
pub mod events;
pub mod flow;
pub mod i18n;
pub mod json;
pub mod options;
pub mod screens;
pub mod wire;
