//! The widget's buttons: one component, so every action looks and behaves the same.

use leptos::prelude::*;

use crate::components::handler;

/// How a button looks, as a `wink-button--*` modifier class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    Primary,
    Secondary,
    Danger,
    Link,
    Small,
}

impl ButtonKind {
    fn class(self) -> &'static str {
        match self {
            ButtonKind::Primary => "wink-button wink-button--primary",
            ButtonKind::Secondary => "wink-button wink-button--secondary",
            ButtonKind::Danger => "wink-button wink-button--danger",
            ButtonKind::Link => "wink-button wink-button--link",
            ButtonKind::Small => "wink-button wink-button--small",
        }
    }
}

/// A `type="button"` button that runs `on_click`.
#[component]
pub fn Button(
    /// Its look.
    kind: ButtonKind,
    /// The visible text.
    #[prop(into)]
    label: String,
    /// Called on click.
    on_click: Callback<()>,
    /// While true the button is disabled (a request is in flight).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// An accessible name that says more than the text (it must start with the visible text).
    #[prop(optional, into)]
    aria_label: Option<String>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=kind.class()
            aria-label=aria_label
            disabled=move || disabled.get()
            on:click=handler(move |_| on_click.run(()))
        >
            {label}
        </button>
    }
}

/// The row of actions at the foot of a screen.
#[component]
pub fn Actions(children: Children) -> impl IntoView {
    view! { <div class="wink-actions">{children()}</div> }
}

/// A confirmation's two buttons: the dangerous action (disabled while `busy`) and Cancel.
#[component]
pub fn ConfirmActions(
    /// The action's text ("Disconnect", "Remove").
    #[prop(into)]
    confirm: String,
    /// "Cancel".
    #[prop(into)]
    cancel: String,
    /// While true the action is disabled (its request is in flight).
    #[prop(into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Actions>
            <Button kind=ButtonKind::Danger label=confirm disabled=busy on_click=on_confirm />
            <Button kind=ButtonKind::Secondary label=cancel on_click=on_cancel />
        </Actions>
    }
}
