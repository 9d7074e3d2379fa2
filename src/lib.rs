//! Smile Wink: the connect-your-employment-account widget.

pub mod app;
