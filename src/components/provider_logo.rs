//! A provider's logo, or its initials when there is none or it fails to load: plain DOM, shared
//! by the provider list's rows (`provider_rows`) and the screens that show one provider.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element};

use crate::components::provider_rows::child;

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
    // Run again on the same element when the view is rebuilt in place, so it starts empty.
    let fill = move |logo_box: Element| {
        logo_box.set_inner_html("");
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let mut logos = Logos::default();
            logo(&document, &logo_box, &name, &url, &mut logos);
            logos.load_after_paint();
        }
    };
    view! { <span class="wink-logo" aria-hidden="true" use:fill></span> }
}

/// Fills `logo_box` with a provider's logo image, if it has one, and its initials, which the
/// stylesheet shows only when there is no image or it failed to load (and was hidden).
pub fn logo(document: &Document, logo_box: &Element, name: &str, url: &str, logos: &mut Logos) {
    if !url.is_empty()
        && let Some(img) = child(document, logo_box, "img", "wink-logo__img")
    {
        let _ = img.set_attribute("alt", "");
        let _ = img.set_attribute("loading", "lazy");
        LOGO_FAILED.with(|hide| {
            let _ = img.add_event_listener_with_callback("error", hide.as_ref().unchecked_ref());
        });
        logos.0.push((img, url.to_owned()));
    }
    // Drawn by the stylesheet from the attribute, so the text around the logo (a list row's:
    // the provider's name and type) is the same with or without one.
    if let Some(letters) = child(document, logo_box, "span", "wink-logo__initials") {
        let _ = letters.set_attribute("data-initials", &initials(name));
    }
}

thread_local! {
    /// Every logo image's error listener: a failed image hides, and the initials after it show.
    static LOGO_FAILED: Closure<dyn FnMut(web_sys::Event)> = Closure::wrap(Box::new(|ev: web_sys::Event| {
        if let Some(img) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            let _ = img.set_attribute("hidden", "");
        }
    }) as Box<dyn FnMut(web_sys::Event)>);
}

/// New logo images, given their addresses at the next animation frame: their loads and decodes
/// (an SVG logo is a document of its own) then come after the frame that shows the names, not
/// before it.
#[derive(Default)]
pub struct Logos(Vec<(Element, String)>);

impl Logos {
    pub fn load_after_paint(self) {
        if !self.0.is_empty() {
            leptos::prelude::request_animation_frame(move || {
                for (img, url) in self.0 {
                    let _ = img.set_attribute("src", &url);
                }
            });
        }
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
