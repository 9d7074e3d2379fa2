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

// Two habits keep the view code small: what a `<Show>` shows is erased (`view! { .. }.into_any()`;
// a component's view already is), so every `<Show>` renders one type; and `on:` handlers go
// through `handler`.

/// An event handler for `on:`, as the one type every handler of an event shares: each distinct
/// closure type would otherwise carry its own copy of the view layer's attribute code.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}
