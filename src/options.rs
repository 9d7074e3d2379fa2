//! The options the shim sends in `init` (SPEC 1.2), and the settings the widget runs with once the
//! session's template is known.

use smile_link_api::{MAX_TOP_PROVIDERS, Mode, Template, token_mode};

use crate::i18n::Locale;
use crate::json::Json;

/// Link API of sandbox tokens when `apiHost` is not given.
pub const SANDBOX_API_HOST: &str = "https://link-sandbox.smileapi.io/v1";
/// Link API of production tokens (and of tokens whose mode cannot be read) when `apiHost` is not given.
pub const PRODUCTION_API_HOST: &str = "https://link.smileapi.io/v1";

/// `theme.colorScheme`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorScheme {
    #[default]
    Light,
    Dark,
    Auto,
}

/// `theme`: overrides the template's look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    pub primary_color: Option<String>,
    pub color_scheme: Option<ColorScheme>,
}

/// The options as received. `None` means "not given": the template or the documented default applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WidgetOptions {
    pub api_host: Option<String>,
    pub template_id: Option<String>,
    pub top_providers: Option<Vec<String>>,
    pub providers: Option<Vec<String>>,
    pub enable_search_bar: Option<bool>,
    pub enable_type_bar: Option<bool>,
    pub enable_upload: Option<bool>,
    pub company_name: Option<String>,
    pub enable_consent_page: Option<bool>,
    pub locale: Option<String>,
    pub theme: Option<Theme>,
    pub inline: Option<bool>,
}

impl WidgetOptions {
    /// Reads the `options` of an `init` message. Missing or `null` means every default; a value of
    /// the wrong type is an error naming the option.
    pub fn read<J: Json>(options: Option<&J>) -> Result<WidgetOptions, String> {
        let Some(o) = options else { return Ok(WidgetOptions::default()) };
        if !o.is_object() {
            return Err("invalid widget options: not an object".into());
        }
        let theme = match o.get("theme") {
            None => None,
            Some(t) if t.is_object() => Some(Theme {
                primary_color: option(&t, "primaryColor", "a string", J::as_text)?,
                color_scheme: option(&t, "colorScheme", "\"light\", \"dark\" or \"auto\"", |v| {
                    match v.as_text()?.as_str() {
                        "light" => Some(ColorScheme::Light),
                        "dark" => Some(ColorScheme::Dark),
                        "auto" => Some(ColorScheme::Auto),
                        _ => None,
                    }
                })?,
            }),
            Some(_) => return Err(invalid("theme", "an object")),
        };
        let text = |key| option(o, key, "a string", J::as_text);
        let flag = |key| option(o, key, "a boolean", J::as_flag);
        let list =
            |key| option(o, key, "a list of strings", |v| v.as_list()?.iter().map(J::as_text).collect());
        Ok(WidgetOptions {
            api_host: text("apiHost")?,
            template_id: text("templateId")?,
            top_providers: list("topProviders")?,
            providers: list("providers")?,
            enable_search_bar: flag("enableSearchBar")?,
            enable_type_bar: flag("enableTypeBar")?,
            enable_upload: flag("enableUpload")?,
            company_name: text("companyName")?,
            enable_consent_page: flag("enableConsentPage")?,
            locale: text("locale")?,
            theme,
            inline: flag("inline")?,
        })
    }

    /// Reads options from JSON text (in the browser).
    pub fn from_json(text: &str) -> Result<WidgetOptions, String> {
        let parsed = crate::json::parse(text).ok_or("invalid widget options: not JSON")?;
        WidgetOptions::read(Some(&parsed).filter(|v| !v.is_null()))
    }
}

/// Option `key` of `object`, read by `read`; absent or `null` is `None`.
fn option<J: Json, T>(
    object: &J,
    key: &'static str,
    what: &str,
    read: impl Fn(&J) -> Option<T>,
) -> Result<Option<T>, String> {
    object.get(key).map(|v| read(&v).ok_or_else(|| invalid(key, what))).transpose()
}

fn invalid(key: &str, what: &str) -> String {
    format!("option \"{key}\": invalid type or value, expected {what}")
}

/// What the widget runs with: options merged over the template, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub api_host: String,
    pub template_id: Option<String>,
    pub top_providers: Vec<String>,
    pub providers: Vec<String>,
    pub enable_search_bar: bool,
    pub enable_type_bar: bool,
    pub enable_upload: bool,
    pub company_name: String,
    pub enable_consent_page: bool,
    pub locale: Locale,
    pub primary_color: Option<String>,
    pub color_scheme: ColorScheme,
    pub inline: bool,
}

impl Settings {
    /// The API base before the session is known: `apiHost`, or the default for the token's mode.
    pub fn api_host(options: &WidgetOptions, token: &str) -> String {
        match options.api_host.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            Some(host) => host.trim_end_matches('/').to_owned(),
            None => match token_mode(token) {
                Mode::Sandbox => SANDBOX_API_HOST.to_owned(),
                Mode::Production => PRODUCTION_API_HOST.to_owned(),
            },
        }
    }

    /// Merges options over the template; the browser's languages, in order, follow `locale`.
    pub fn resolve(
        options: &WidgetOptions,
        token: &str,
        template: Option<&Template>,
        browser_languages: &[&str],
    ) -> Settings {
        let non_empty = |list: &Option<Vec<String>>| list.clone().filter(|l| !l.is_empty());
        let mut top_providers = non_empty(&options.top_providers)
            .or_else(|| template.map(|t| t.top_providers.clone()))
            .unwrap_or_default();
        // SPEC 1.2: at most 10 pinned providers; the shim warns, the widget keeps the first 10.
        top_providers.truncate(MAX_TOP_PROVIDERS);
        let providers = non_empty(&options.providers)
            .or_else(|| template.map(|t| t.providers.clone()))
            .unwrap_or_default();
        let company_name = options
            .company_name
            .clone()
            .filter(|c| !c.trim().is_empty())
            .or_else(|| template.map(|t| t.company_name.clone()))
            .unwrap_or_default();
        let theme = options.theme.clone().unwrap_or_default();
        Settings {
            api_host: Settings::api_host(options, token),
            template_id: options.template_id.clone().filter(|t| !t.is_empty()),
            top_providers,
            providers,
            enable_search_bar: options.enable_search_bar.unwrap_or(true),
            enable_type_bar: options.enable_type_bar.unwrap_or(true),
            enable_upload: options.enable_upload.or(template.map(|t| t.enable_upload)).unwrap_or(false),
            company_name,
            enable_consent_page: options.enable_consent_page.unwrap_or(true),
            locale: Locale::negotiate(
                options.locale.as_deref().into_iter().chain(browser_languages.iter().copied()),
            ),
            primary_color: theme
                .primary_color
                .filter(|c| is_hex_color(c))
                .or_else(|| template.map(|t| t.primary_color.clone()).filter(|c| is_hex_color(c))),
            color_scheme: theme.color_scheme.unwrap_or_default(),
            inline: options.inline.unwrap_or(false),
        }
    }

    /// Exactly one provider allowed: the list is skipped and that provider's login opens.
    pub fn single_provider(&self) -> Option<&str> {
        match self.providers.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        }
    }
}

/// `#rgb` or `#rrggbb`: the only colours the theme accepts (they end up in a stylesheet).
pub fn is_hex_color(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The primary colour, darkened until white text on it has WCAG AA contrast (4.5:1); `true` when it
/// had to change. Expects a colour that passed [`is_hex_color`].
pub fn readable_primary(hex: &str) -> (String, bool) {
    let digits = hex.trim_start_matches('#');
    let full: String =
        if digits.len() == 3 { digits.chars().flat_map(|c| [c, c]).collect() } else { digits.into() };
    let channel = |i: usize| u8::from_str_radix(full.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    let mut rgb = [channel(0), channel(2), channel(4)];
    let mut adjusted = false;
    while contrast_with_white(rgb) < 4.5 {
        rgb = rgb.map(|c| (f64::from(c) * 0.9) as u8);
        adjusted = true;
    }
    (format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]), adjusted)
}

fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { pow_2_4((c + 0.055) / 1.055) }
    };
    let luminance = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    1.05 / (luminance + 0.05)
}

/// `x` to the power 2.4: in the browser by `Math.pow`, since Rust's `powf` would link libm's `pow`
/// (1.4 KB of wasm) for this one use.
fn pow_2_4(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::pow(x, 2.4);
    #[cfg(not(target_arch = "wasm32"))]
    x.powf(2.4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Template {
        Template {
            id: "wtpl-1".into(),
            primary_color: "#0055ff".into(),
            company_name: "Acme Lending".into(),
            logo_url: None,
            providers: vec!["grab".into(), "upwork".into()],
            top_providers: vec!["grab".into()],
            enable_upload: true,
        }
    }

    fn parse(value: serde_json::Value) -> WidgetOptions {
        WidgetOptions::read(Some(&value).filter(|v| !v.is_null())).unwrap()
    }

    #[test]
    fn empty_options_get_the_documented_defaults() {
        let s = Settings::resolve(&parse(json!({})), "tk-sandbox-x", None, &["en-US"]);
        assert_eq!(s.api_host, SANDBOX_API_HOST);
        assert!(s.top_providers.is_empty() && s.providers.is_empty());
        assert!(s.enable_search_bar && s.enable_type_bar && s.enable_consent_page);
        assert!(!s.enable_upload && !s.inline);
        assert_eq!(s.company_name, "");
        assert_eq!(s.locale, Locale::En);
        let s = Settings::resolve(&parse(json!({})), "tk-sandbox-x", None, &["fr-FR", "vi-VN", "en"]);
        assert_eq!(s.locale, Locale::Vi, "the first browser language that is shipped");
        let s = Settings::resolve(&parse(json!({"locale": "tl"})), "tk-sandbox-x", None, &["vi-VN"]);
        assert_eq!(s.locale, Locale::Fil, "the option first");
        assert_eq!(s.color_scheme, ColorScheme::Light);
        assert_eq!(s.single_provider(), None);
    }

    #[test]
    fn api_host_defaults_by_token_mode_and_drops_a_trailing_slash() {
        let none = WidgetOptions::default();
        assert_eq!(Settings::api_host(&none, "tk-production-1"), PRODUCTION_API_HOST);
        assert_eq!(Settings::api_host(&none, "opaque"), PRODUCTION_API_HOST);
        let local = parse(json!({"apiHost": "http://127.0.0.1:8787/v1/"}));
        assert_eq!(Settings::api_host(&local, "tk-sandbox-1"), "http://127.0.0.1:8787/v1");
    }

    #[test]
    fn every_documented_option_is_read_in_camel_case() {
        let o = parse(json!({
            "apiHost": "http://127.0.0.1:8787/v1",
            "templateId": "wtpl-1",
            "topProviders": ["upwork"],
            "providers": ["upwork"],
            "enableSearchBar": false,
            "enableTypeBar": false,
            "enableUpload": true,
            "companyName": "Partner",
            "enableConsentPage": false,
            "locale": "zh-CN",
            "theme": {"primaryColor": "#112233", "colorScheme": "dark"},
            "inline": true,
            "somethingNew": 1
        }));
        let s = Settings::resolve(&o, "tk-sandbox-x", None, &["en"]);
        assert_eq!(s.template_id.as_deref(), Some("wtpl-1"));
        assert_eq!(s.top_providers, ["upwork"]);
        assert_eq!(s.single_provider(), Some("upwork"));
        assert!(!s.enable_search_bar && !s.enable_type_bar && !s.enable_consent_page);
        assert!(s.enable_upload && s.inline);
        assert_eq!(s.company_name, "Partner");
        assert_eq!(s.primary_color.as_deref(), Some("#112233"));
        assert_eq!(s.color_scheme, ColorScheme::Dark);
    }

    #[test]
    fn the_template_fills_what_the_options_leave_out() {
        let s =
            Settings::resolve(&parse(json!({"companyName": ""})), "tk-sandbox-x", Some(&template()), &["en"]);
        assert_eq!(s.company_name, "Acme Lending");
        assert_eq!(s.providers, ["grab", "upwork"]);
        assert_eq!(s.top_providers, ["grab"]);
        assert!(s.enable_upload);
        assert_eq!(s.primary_color.as_deref(), Some("#0055ff"));
    }

    #[test]
    fn options_win_over_the_template() {
        let o =
            parse(json!({"providers": ["sss_ph"], "enableUpload": false, "theme": {"primaryColor": "#abc"}}));
        let s = Settings::resolve(&o, "tk-sandbox-x", Some(&template()), &["en"]);
        assert_eq!(s.providers, ["sss_ph"]);
        assert!(!s.enable_upload);
        assert_eq!(s.primary_color.as_deref(), Some("#abc"));
    }

    #[test]
    fn more_than_ten_top_providers_keep_the_first_ten() {
        let many: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
        let s = Settings::resolve(&parse(json!({"topProviders": many})), "t", None, &["en"]);
        assert_eq!(s.top_providers.len(), 10);
        assert_eq!(s.top_providers[9], "p9");
    }

    #[test]
    fn a_wrong_type_is_an_error_naming_the_problem() {
        let read = |v: serde_json::Value| WidgetOptions::read(Some(&v).filter(|v| !v.is_null()));
        let err = read(json!({"companyName": "A", "enableSearchBar": "yes"})).unwrap_err();
        assert!(err.starts_with("option \"enableSearchBar\": invalid type"), "{err}");
        let err = read(json!({"theme": {"colorScheme": "purple"}})).unwrap_err();
        assert!(err.starts_with("option \"colorScheme\""), "{err}");
        let err = read(json!({"topProviders": ["a", 2]})).unwrap_err();
        assert!(err.starts_with("option \"topProviders\""), "{err}");
        assert!(read(json!([1])).is_err());
        assert_eq!(read(json!(null)), Ok(WidgetOptions::default()));
    }

    #[test]
    fn a_primary_colour_too_light_for_white_text_is_darkened() {
        assert_eq!(readable_primary("#0055ff"), ("#0055ff".to_owned(), false));
        let (color, adjusted) = readable_primary("#ffee00");
        assert!(adjusted);
        assert!(is_hex_color(&color) && color != "#ffee00");
        assert_eq!(readable_primary("#000"), ("#000000".to_owned(), false));
    }

    #[test]
    fn only_hex_colours_reach_the_theme() {
        assert!(is_hex_color("#fff") && is_hex_color("#A1b2C3"));
        assert!(!is_hex_color("red") && !is_hex_color("#ff") && !is_hex_color("#fff;}body{"));
        let o = parse(json!({"theme": {"primaryColor": "url(x)"}}));
        assert_eq!(Settings::resolve(&o, "t", None, &["en"]).primary_color, None);
    }
}
