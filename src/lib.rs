//! Smile Wink: the connect-your-employment-account widget.

pub mod api;
pub mod bridge;
pub mod events;
pub mod flow;
pub mod i18n;
pub mod options;

pub mod app;
