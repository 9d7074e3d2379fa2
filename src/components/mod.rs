//! Reusable pieces of the widget's screens; they take props and callbacks, never the flow.

pub mod button;
pub mod icon;
pub mod modal;
pub mod provider_logo;
pub mod provider_rows;
pub mod screen_header;
pub mod screen_title;
pub mod search_field;
pub mod skeleton;
pub mod spinner;
pub mod type_bar;
