//! Smile Wink: the connect-your-employment-account widget.
//!
//! `flow` (the state machine), `options`, `bridge` (the shim protocol), `events` (callback payloads)
//! and `api` hold the logic, tested natively; `engine` drives them in the browser; `app`, `screens`
//! and `components` are the views.

pub mod api;
pub mod app;
pub mod bridge;
pub mod components;
pub mod engine;
pub mod events;
pub mod flow;
pub mod i18n;
pub mod options;
pub mod screens;
