//! One provider in a list: logo (or initials when there is none or it fails) and name.

use leptos::prelude::*;
use smile_link_api::Provider;

use crate::i18n::Strings;

/// Up to two initials of a provider's name, for the logo fallback. The stylesheet shows them in
/// capitals (the browser knows every script's case rules; the wasm need not carry them).
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter_map(|word| word.chars().find(|c| !c.is_ascii_punctuation()))
        .take(2)
        .collect()
}

/// A provider's logo, replaced by its initials when the image is missing or fails to load.
#[component]
pub fn ProviderLogo(
    /// The provider's name (for initials).
    #[prop(into)]
    name: String,
    /// The logo's URL; empty for none.
    #[prop(into)]
    url: String,
) -> impl IntoView {
    let failed = RwSignal::new(url.is_empty());
    let letters = initials(&name);
    view! {
        <span class="wink-logo" aria-hidden="true">
            {move || {
                if failed.get() {
                    view! { <span class="wink-logo__initials">{letters.clone()}</span> }.into_any()
                } else {
                    view! {
                        <img
                            class="wink-logo__img"
                            src=url.clone()
                            alt=""
                            loading="lazy"
                            on:error=move |_| failed.set(true)
                        />
                    }
                        .into_any()
                }
            }}
        </span>
    }
}

/// A provider as a button, named by what it shows: the provider's name and type (the logo is
/// decorative), so speech input can say what it sees.
#[component]
pub fn ProviderRow(
    /// The provider shown.
    provider: Provider,
    /// The locale's strings.
    strings: &'static Strings,
    /// Called when the row is chosen.
    on_choose: Callback<Provider>,
) -> impl IntoView {
    let kind = match strings.type_label(provider.kind) {
        "" => provider.type_label.clone(),
        known => known.to_owned(),
    };
    let detail =
        if provider.account_connection { kind } else { format!("{kind} · {}", strings.documents_only) };
    let name = provider.name.clone();
    let logo = provider.logo_url.clone();
    view! {
        <li class="wink-providers__item">
            <button type="button" class="wink-provider" on:click=move |_| on_choose.run(provider.clone())>
                <ProviderLogo name=name.clone() url=logo />
                <span class="wink-provider__text">
                    <span class="wink-provider__name">{name}</span>
                    // The space keeps name and type two words in the accessible name.
                    {" "}
                    <span class="wink-provider__type">{detail}</span>
                </span>
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("Social Security System"), "SS");
        assert_eq!(initials("ธนาคาร กรุงเทพ"), "ธก");
        assert_eq!(initials("upwork"), "u");
        assert_eq!(initials("  (acme) foods-ph"), "af");
        assert_eq!(initials(""), "");
    }
}
