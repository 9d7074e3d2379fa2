//! Small inline SVG icons; decorative, so hidden from assistive technology (the control names them).

use leptos::prelude::*;

/// Which icon to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconKind {
    Close,
    Back,
    Check,
    Alert,
    Lock,
    Eye,
    Upload,
    Document,
}

/// An icon of `kind`, sized by CSS (`.wink-icon`).
#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    let path = match kind {
        IconKind::Close => "M6 6l12 12M18 6L6 18",
        IconKind::Back => "M15 5l-7 7 7 7",
        IconKind::Check => "M5 12.5l4.5 4.5L19 7.5",
        IconKind::Alert => "M12 7v6M12 16.5v.5M12 3l10 18H2z",
        IconKind::Lock => "M7 11V8a5 5 0 0110 0v3M5 11h14v10H5z",
        IconKind::Eye => "M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 100 6 3 3 0 000-6z",
        IconKind::Upload => "M12 16V4M7 9l5-5 5 5M4 20h16",
        IconKind::Document => "M6 2h8l4 4v16H6zM14 2v4h4M9 12h6M9 16h6",
    };
    view! {
        <svg class="wink-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path></path>
        </svg>
    }
}
