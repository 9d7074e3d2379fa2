//! Reusable pieces of the widget's screens.

pub mod icon;
pub mod modal;
pub mod provider_row;
pub mod screen_title;
pub mod search_field;
pub mod spinner;
pub mod type_bar;
