//! The few things the widget does to the page directly: focus, theme, the clock and the browser's
//! RegExp. Everything else goes through Leptos views.

use wasm_bindgen::JsCast;

use crate::options::{ColorScheme, Settings};

/// Focuses the element with `id` once the current render has reached the DOM.
pub fn focus_later(id: &'static str) {
    let Some(window) = web_sys::window() else { return };
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || focus_now(id));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
}

/// Like [`focus_later`], but only when focus was lost meanwhile (its element replaced by the
/// render): a screen that took the place of the loading screen whose title had focus.
pub fn refocus_later(id: &'static str) {
    let Some(window) = web_sys::window() else { return };
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let lost = match document.active_element() {
            None => true,
            Some(active) => document.body().is_some_and(|body| *body == active),
        };
        if lost {
            focus_now(id);
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
}

/// Focuses the element with `id` now, if it exists.
pub fn focus_now(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The current time as ISO-8601 UTC (`eventTime`).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()
}

/// The browser's preferred languages, in order (`navigator.languages`, else `navigator.language`).
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let languages: Vec<String> = navigator.languages().iter().filter_map(|l| l.as_string()).collect();
    if languages.is_empty() { navigator.language().into_iter().collect() } else { languages }
}

/// The provider's `pattern` as the browser's RegExp, anchored like the HTML `pattern` attribute.
/// A pattern the browser cannot compile does not block the user.
pub fn pattern_matches(pattern: &str, value: &str) -> bool {
    let Ok(constructor) = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into()) else { return true };
    let Some(constructor) = constructor.dyn_ref::<js_sys::Function>() else { return true };
    let args = js_sys::Array::of2(&format!("^(?:{pattern})$").into(), &"u".into());
    match js_sys::Reflect::construct(constructor, &args) {
        Ok(regex) => regex.unchecked_into::<js_sys::RegExp>().test(value),
        Err(_) => true,
    }
}

/// The page's language (`<html lang>`), so assistive technology reads it in the right voice.
pub fn set_lang(tag: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Theme: the colour scheme as a class on the page, the primary colour as a custom property in a
/// constructed stylesheet (no `style` attribute, so a strict CSP allows it), and the page language.
pub fn apply_theme(settings: &Settings) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.document_element() else { return };
    set_lang(settings.locale.tag());
    let classes = root.class_list();
    let _ = classes.remove_2("wink-scheme--dark", "wink-scheme--auto");
    match settings.color_scheme {
        ColorScheme::Light => {}
        ColorScheme::Dark => {
            let _ = classes.add_1("wink-scheme--dark");
        }
        ColorScheme::Auto => {
            let _ = classes.add_1("wink-scheme--auto");
        }
    }
    if let Some(color) = &settings.primary_color {
        let (color, adjusted) = crate::options::readable_primary(color);
        if adjusted {
            web_sys::console::warn_1(
                &"smile-wink: the primary colour was darkened for readable contrast".into(),
            );
        }
        let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
        let _ = sheet.replace_sync(&format!(":root{{--wink-primary:{color};}}"));
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(&document, &"adoptedStyleSheets".into(), &sheets);
    }
}

/// The decimal separator of `locale` (`.` or `,`), from the browser's `Intl`.
pub fn decimal_separator(locale: &str) -> char {
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&locale.into()), &js_sys::Object::new());
    let parts = format.format_to_parts(1.5);
    parts
        .iter()
        .find(|part| {
            js_sys::Reflect::get(part, &"type".into()).ok().and_then(|t| t.as_string()).as_deref()
                == Some("decimal")
        })
        .and_then(|part| js_sys::Reflect::get(&part, &"value".into()).ok()?.as_string()?.chars().next())
        .unwrap_or('.')
}

/// `value` as `locale` writes numbers (`10,000`, `10.000`, ...).
pub fn format_number(value: u32, locale: &str) -> String {
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&locale.into()), &js_sys::Object::new());
    format
        .format()
        .call1(&format, &value.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_string())
}

/// An ISO-8601 time as `locale` writes a date (`2 Jan 2026`, `2026年1月2日`, ...).
pub fn format_date(iso: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&iso.into());
    if date.get_time().is_nan() {
        return iso.get(..10).unwrap_or(iso).to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&locale.into()), &options);
    format.format().call1(&format, &date).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// Seconds from now until the ISO-8601 time `iso` (negative once it passed); `None` if unreadable.
pub fn seconds_until(iso: &str) -> Option<i64> {
    let at = js_sys::Date::new(&iso.into()).get_time();
    (!at.is_nan()).then(|| ((at - js_sys::Date::now()) / 1000.0) as i64)
}

/// "in 5 minutes", "in 30 seconds", as `locale` says it (the browser's `Intl.RelativeTimeFormat`).
pub fn relative_time(seconds: i64, locale: &str) -> String {
    let (value, unit) =
        if seconds >= 90 { ((seconds + 30) / 60, "minute") } else { (seconds.max(0), "second") };
    let format =
        js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::of1(&locale.into()), &js_sys::Object::new());
    format.format(value as f64, unit).as_string().unwrap_or_default()
}
