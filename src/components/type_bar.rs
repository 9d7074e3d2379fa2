//! The provider type filter: "All" plus one toggle per provider type.

use leptos::prelude::*;
use smile_link_api::ProviderType;

use crate::components::handler;
use crate::i18n::Strings;

/// Toggle buttons in a labelled group; the pressed one is the active filter (`None` = all).
#[component]
pub fn TypeBar(
    /// The locale's strings.
    strings: &'static Strings,
    /// The selected type.
    selected: RwSignal<Option<ProviderType>>,
) -> impl IntoView {
    let options: Vec<(Option<ProviderType>, &'static str)> = std::iter::once((None, strings.type_all))
        .chain(ProviderType::ALL.into_iter().map(|t| (Some(t), strings.type_label(t))))
        .collect();
    view! {
        <div class="wink-typebar" role="group" aria-label=strings.type_bar_label>
            {options
                .into_iter()
                .map(|(kind, label)| {
                    let pressed = move || if selected.get() == kind { "true" } else { "false" };
                    view! {
                        <button
                            type="button"
                            class="wink-chip"
                            aria-pressed=pressed
                            on:click=handler(move |_| selected.set(kind))
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
