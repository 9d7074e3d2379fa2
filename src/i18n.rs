//! Every user-visible string, per locale.
//!
//! English is compiled in ([`EN`]); every other locale is a JSON file of the same shape in
//! `locales/`, fetched once when the widget starts in that language, so the wasm does not carry
//! five translations. The struct names every string, and a locale file must have exactly
//! English's keys, which a native test checks for each file. The build ships each file as an
//! array of its strings in English's order ([`parse`]), so the wasm holds no key names.
//! Placeholders are `{name}`, filled by [`fill`].

use std::cell::RefCell;

use smile_link_api::{AccountErrorCode, ProviderType};

/// A language the widget ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    ZhCn,
    Id,
    Fil,
    Vi,
    Th,
}

impl Locale {
    pub const ALL: [Locale; 6] = [Locale::En, Locale::ZhCn, Locale::Id, Locale::Fil, Locale::Vi, Locale::Th];

    /// The shipped locale for one BCP-47 tag, if any: `zh` and `zh-Hans` are `zh-CN`, `tl` is `fil`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or("");
        Some(match primary {
            "en" => Locale::En,
            // Traditional Chinese is not simplified Chinese: the next preferred language decides.
            "zh" if parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo")) => return None,
            "zh" => Locale::ZhCn,
            "id" | "in" => Locale::Id,
            "fil" | "tl" => Locale::Fil,
            "vi" => Locale::Vi,
            "th" => Locale::Th,
            _ => return None,
        })
    }

    /// The first shipped locale among `tags` (the `locale` option, then the browser's languages in
    /// order); English when none fits.
    pub fn negotiate<'a>(tags: impl IntoIterator<Item = &'a str>) -> Locale {
        tags.into_iter().find_map(Locale::from_tag).unwrap_or(Locale::En)
    }

    /// The BCP-47 tag for the page's `lang` attribute and the locale file's name.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::Id => "id",
            Locale::Fil => "fil",
            Locale::Vi => "vi",
            Locale::Th => "th",
        }
    }

    /// This locale's strings: English until its file has loaded ([`Locale::install`]).
    pub fn strings(self) -> &'static Strings {
        if self == Locale::En {
            return &EN;
        }
        LOADED.with_borrow(|loaded| loaded.iter().find(|(l, _)| *l == self).map(|(_, s)| *s)).unwrap_or(&EN)
    }

    /// Reads this locale's file (`locales/<tag>.json`) and keeps it for the life of the page.
    pub fn install(self, json: String) -> Result<(), String> {
        // Leaked on purpose: one table per language, for as long as the page lives, so screens can
        // hold `&'static str` as they do for English.
        let text: &'static str = Box::leak(json.into_boxed_str());
        let strings: &'static Strings = Box::leak(Box::new(parse(text)?));
        LOADED.with_borrow_mut(|loaded| loaded.push((self, strings)));
        Ok(())
    }

    /// Whether [`Locale::strings`] is this locale's own table yet.
    pub fn is_ready(self) -> bool {
        self == Locale::En || LOADED.with_borrow(|loaded| loaded.iter().any(|(l, _)| *l == self))
    }
}

thread_local! {
    static LOADED: RefCell<Vec<(Locale, &'static Strings)>> = const { RefCell::new(Vec::new()) };
}

/// A locale file as the page fetches it: a JSON array of the build's fingerprint of the key list
/// (8 hex digits, [`Strings::KEYS`]) and then every string in declaration order
/// (`scripts/locales.mjs` writes it from the keyed file in `locales/`). The strings are borrowed
/// from `text`, so they may not contain JSON escapes (write typographic quotes). A file made for
/// another list of keys (a page of another build) is refused whole, so no string lands in the
/// wrong place.
pub fn parse(text: &'static str) -> Result<Strings, String> {
    let mut reader = Reader { text, at: 0 };
    let values = reader.array()?;
    reader.skip_space();
    let fingerprint = values.first().and_then(|f| u32::from_str_radix(f, 16).ok());
    if reader.at != text.len() || fingerprint != Some(Strings::KEYS) {
        return Err("locale file: not made for this build's strings".into());
    }
    // Of a known length, so the strings are taken without a bounds check each.
    let values: &[&'static str; Strings::COUNT] =
        values[1..].try_into().map_err(|_| String::from("locale file: a string too few or too many"))?;
    Ok(<Strings as Entry>::take(values, &mut 0))
}

/// Reads a locale file's JSON: arrays of strings, and (for the native tests, which check the files
/// translators edit) objects. A small reader instead of serde: a derived deserialiser for this
/// many fields would weigh more in the wasm than the translations it saves.
struct Reader {
    text: &'static str,
    at: usize,
}

impl Reader {
    fn error(&self, what: &str) -> String {
        format!("locale file: {what} at byte {}", self.at)
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error("unexpected character"))
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.as_bytes().get(self.at).copied()
    }

    /// A string without escapes, borrowed from the text.
    fn string(&mut self) -> Result<&'static str, String> {
        self.eat(b'"')?;
        let rest = &self.text[self.at..];
        let end = rest.find('"').ok_or_else(|| self.error("unterminated string"))?;
        let value = &rest[..end];
        if value.contains('\\') {
            return Err(self.error("a JSON escape (use typographic quotes)"));
        }
        self.at += end + 1;
        Ok(value)
    }

    /// `{` or `[`, then items read by `item` and separated by commas, up to `close`.
    fn list(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.eat(open)?;
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected a comma or the end")),
            }
        }
    }

    fn array(&mut self) -> Result<Vec<&'static str>, String> {
        let mut out = Vec::new();
        self.list(b'[', b']', |r| r.string().map(|s| out.push(s)))?;
        Ok(out)
    }

    /// A keyed file's `"key": "value"` pairs, nested objects flattened to `outer.inner` keys.
    #[cfg(test)]
    fn object(&mut self, prefix: &str, out: &mut Vec<(String, &'static str)>) -> Result<(), String> {
        self.list(b'{', b'}', |r| {
            let key = format!("{prefix}{}", r.string()?);
            r.eat(b':')?;
            if r.peek() == Some(b'{') {
                r.object(&format!("{key}."), out)
            } else {
                r.string().map(|v| out.push((key, v)))
            }
        })
    }
}

/// The `"key": "value"` pairs of a keyed locale file (`locales/<tag>.json`), in the file's order.
#[cfg(test)]
fn pairs(text: &'static str) -> Result<Vec<(String, &'static str)>, String> {
    let mut reader = Reader { text, at: 0 };
    let mut out = Vec::new();
    reader.object("", &mut out)?;
    reader.skip_space();
    if reader.at != text.len() {
        return Err(reader.error("nothing after the object"));
    }
    Ok(out)
}

/// One step of 32-bit FNV-1a, the fingerprint of a table's key list (`scripts/locales.mjs` has
/// the same).
const fn fnv(hash: u32, bytes: &[u8]) -> u32 {
    let mut hash = hash;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash
}

/// Declares a table of strings made from a list in declaration order, with the
/// count and fingerprint of its keys (and, for the tests, its keys and values), so a locale file
/// is read without a generated deserialiser and without the key names in the wasm.
macro_rules! table {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$field_meta:meta])* pub $field:ident: $kind:ty,)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$field_meta])* pub $field: $kind,)*
        }

        impl Entry for $name {
            const COUNT: usize = 0 $(+ <$kind as Entry>::COUNT)*;
            // Each key's name, then a newline (a string) or `{`, the table's fingerprint as
            // four little-endian bytes and `}`.
            const KEYS: u32 = {
                let mut hash = 0x811c_9dc5;
                $(
                    hash = fnv(hash, stringify!($field).as_bytes());
                    hash = match <$kind as Entry>::NESTED {
                        None => fnv(hash, b"\n"),
                        Some(inner) => {
                            let b = inner.to_le_bytes();
                            fnv(hash, &[b'{', b[0], b[1], b[2], b[3], b'}'])
                        }
                    };
                )*
                hash
            };
            const NESTED: Option<u32> = Some(Self::KEYS);

            #[inline(always)]
            fn take(values: &[&'static str], at: &mut usize) -> Self {
                $name { $($field: <$kind as Entry>::take(values, at),)* }
            }

            #[cfg(test)]
            fn entries(&self, prefix: &str, out: &mut Vec<(String, &'static str)>) {
                let dot = if prefix.is_empty() { String::new() } else { format!("{prefix}.") };
                $(Entry::entries(&self.$field, &format!("{dot}{}", stringify!($field)), out);)*
            }
        }
    };
}

/// A table or one string in it.
trait Entry {
    /// How many strings it holds.
    const COUNT: usize;
    /// The fingerprint of its key list (a string has none of its own).
    const KEYS: u32;
    /// A table's fingerprint, `None` for a string.
    const NESTED: Option<u32>;
    /// Made of `values` from `at` on, in declaration order (`at` moves past them).
    fn take(values: &[&'static str], at: &mut usize) -> Self;
    /// Every `(key path, string)` below this entry, in declaration order.
    #[cfg(test)]
    fn entries(&self, prefix: &str, out: &mut Vec<(String, &'static str)>);
}

impl Entry for &'static str {
    const COUNT: usize = 1;
    const KEYS: u32 = 0;
    const NESTED: Option<u32> = None;

    #[inline(always)]
    fn take(values: &[&'static str], at: &mut usize) -> Self {
        *at += 1;
        values[*at - 1]
    }

    #[cfg(test)]
    fn entries(&self, prefix: &str, out: &mut Vec<(String, &'static str)>) {
        out.push((prefix.to_owned(), self));
    }
}

impl Strings {
    /// How many strings a locale has.
    pub const COUNT: usize = <Self as Entry>::COUNT;
    /// The fingerprint of the key list a locale file must be made for.
    pub const KEYS: u32 = <Self as Entry>::KEYS;
}

/// A label as it reads inside a sentence: `Payslip` becomes `payslip`, but `Company ID` keeps its
/// acronym (only a capital not followed by another is lowered). Scripts without case are unchanged.
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        // ASCII only: the Unicode case tables would weigh kilobytes in the wasm for no shipped label.
        (Some(first), Some(second)) if first.is_ascii_uppercase() && !second.is_ascii_uppercase() => {
            format!("{}{}", first.to_ascii_lowercase(), &label[1..])
        }
        _ => label.to_owned(),
    }
}

/// Replaces each `{key}` in `template` with its value, in one pass (a value is not searched again);
/// a placeholder without a value stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key = after.find('}').map(|close| &after[..close]);
        match key.and_then(|key| values.iter().find(|(k, _)| *k == key).map(|(_, v)| (key, v))) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &after[key.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

table! {
    /// The strings of one locale.
    #[derive(Debug, Clone, Copy)]
    pub struct Strings {
        pub close: &'static str,
        pub back: &'static str,
        pub secured_by: &'static str,
        pub loading: &'static str,
        pub session_paused: &'static str,

        pub consent_title_company: &'static str,
        pub consent_title: &'static str,
        pub consent_body: &'static str,
        pub consent_point_private: &'static str,
        pub consent_point_control: &'static str,
        pub consent_point_shared_company: &'static str,
        pub consent_point_shared: &'static str,
        pub consent_agree_company: &'static str,
        pub consent_agree: &'static str,
        pub continue_: &'static str,

        pub providers_title: &'static str,
        pub search_label: &'static str,
        pub search_placeholder: &'static str,
        pub clear_search: &'static str,
        pub type_bar_label: &'static str,
        pub type_all: &'static str,
        pub type_labels: TypeLabels,
        pub providers_list_label: &'static str,
        pub providers_empty: &'static str,
        pub providers_count: &'static str,
        pub providers_loading: &'static str,
        pub load_more: &'static str,
        pub documents_only: &'static str,

        pub login_options_title: &'static str,
        pub login_title: &'static str,
        pub login_note_company: &'static str,
        pub login_note: &'static str,
        pub login_submit: &'static str,
        pub field_labels: FieldLabels,
        pub show_password: &'static str,
        pub field_required: &'static str,
        pub field_invalid: &'static str,
        pub form_has_errors: &'static str,

        pub connecting_title: &'static str,
        pub connecting_body: &'static str,

        pub mfa_title: &'static str,
        pub mfa_sent_sms: &'static str,
        pub mfa_sent_email: &'static str,
        pub mfa_code_label: &'static str,
        pub mfa_code_hint: &'static str,
        pub mfa_attempts: &'static str,
        pub mfa_wrong: &'static str,
        pub mfa_submit: &'static str,
        pub mfa_resend: &'static str,
        pub mfa_resent: &'static str,
        /// `{time}` is the browser's relative time, e.g. "in 5 minutes".
        pub mfa_expires: &'static str,
        pub mfa_expired: &'static str,

        pub success_title: &'static str,
        pub success_body: &'static str,
        pub done: &'static str,

        pub error_title: &'static str,
        pub error_network: &'static str,
        pub error_server: &'static str,
        pub error_malformed: &'static str,
        pub error_token: &'static str,
        pub error_unsupported: &'static str,
        pub error_code: &'static str,
        pub error_options: &'static str,
        pub error_session_expired: &'static str,
        pub error_not_embedded: &'static str,
        pub account_errors: AccountErrors,
        pub retry: &'static str,
        pub exit: &'static str,

        pub accounts_title: &'static str,
        pub accounts_list_label: &'static str,
        pub status_connected: &'static str,
        pub status_pending: &'static str,
        pub status_mfa: &'static str,
        pub status_error: &'static str,
        pub disconnect: &'static str,
        pub disconnect_named: &'static str,
        pub reconnect: &'static str,
        pub reconnect_named: &'static str,
        pub connect_another: &'static str,
        pub revoke_title: &'static str,
        pub revoke_body_company: &'static str,
        pub revoke_body: &'static str,
        pub cancel: &'static str,

        pub upload_entry: &'static str,
        pub upload_entry_detail: &'static str,
        pub not_listed: &'static str,
        pub survey_title: &'static str,
        pub survey_body_upload: &'static str,
        pub survey_body_company: &'static str,
        pub survey_body: &'static str,
        pub survey_label: &'static str,
        pub survey_required: &'static str,
        pub survey_submit: &'static str,
        pub file_types_title: &'static str,
        pub file_types_for: &'static str,
        pub file_types_loading: &'static str,
        pub file_types_list_label: &'static str,
        pub file_type_labels: FileTypeLabels,
        pub upload_title: &'static str,
        pub upload_choose: &'static str,
        pub upload_choose_named: &'static str,
        pub upload_camera: &'static str,
        pub upload_drop: &'static str,
        pub upload_rules: &'static str,
        pub upload_files_label: &'static str,
        pub upload_remove_named: &'static str,
        pub upload_submit: &'static str,
        pub upload_progress: &'static str,
        pub upload_cancel: &'static str,
        pub upload_failed: &'static str,
        pub upload_rejected_by_server: &'static str,
        pub upload_none: &'static str,
        pub upload_part_missing: &'static str,
        pub file_wrong_format: &'static str,
        pub file_empty: &'static str,
        pub file_too_big: &'static str,
        pub file_too_many: &'static str,
        pub archive_success_title: &'static str,
        pub archive_success_body_company: &'static str,
        pub archive_success_body: &'static str,
        pub documents_title: &'static str,
        pub documents_list_label: &'static str,
        pub archive_started: &'static str,
        pub archive_analyzed: &'static str,
        pub archive_unsupported: &'static str,
        pub archive_error: &'static str,
        pub remove: &'static str,
        pub remove_named: &'static str,
        pub revoke_archive_title: &'static str,
        pub revoke_archive_body_company: &'static str,
        pub revoke_archive_body: &'static str,
    }
}

table! {
    /// The usual login fields and ways to log in, matched by the link API's English `label` (other
    /// labels show as the API gives them).
    #[derive(Debug, Clone, Copy)]
    pub struct FieldLabels {
        pub email: &'static str,
        pub mobile: &'static str,
        pub username: &'static str,
        pub password: &'static str,
        pub ss_number: &'static str,
    }
}

table! {
    /// The kinds of document, by the link API's `type` (other kinds show the API's `typeLabel`).
    #[derive(Debug, Clone, Copy)]
    pub struct FileTypeLabels {
        pub payslip: &'static str,
        pub tax_document: &'static str,
        pub company_id: &'static str,
        pub front: &'static str,
        pub back: &'static str,
    }
}

table! {
    /// The provider types' names, as the type bar and the rows show them.
    #[derive(Debug, Clone, Copy)]
    pub struct TypeLabels {
        pub gig: &'static str,
        pub government: &'static str,
        pub system: &'static str,
        pub employer: &'static str,
        pub credential: &'static str,
    }
}

table! {
    /// What each of the 16 account error codes means to the user.
    #[derive(Debug, Clone, Copy)]
    pub struct AccountErrors {
        pub account_disabled: &'static str,
        pub account_inaccessible: &'static str,
        pub account_incomplete: &'static str,
        pub account_locked: &'static str,
        pub auth_required: &'static str,
        pub expired_credentials: &'static str,
        pub invalid_account_type: &'static str,
        pub invalid_auth: &'static str,
        pub invalid_credentials: &'static str,
        pub invalid_mfa: &'static str,
        pub mfa_timeout: &'static str,
        pub service_unavailable: &'static str,
        pub system_error: &'static str,
        pub tos_required: &'static str,
        pub unsupported_auth_type: &'static str,
        pub unsupported_mfa_method: &'static str,
    }
}

impl Strings {
    /// The name of a kind of document (`PAYSLIP`, ...), else `fallback` (the API's label).
    pub fn file_type_label(&self, kind: &str, fallback: &str) -> String {
        let labels = &self.file_type_labels;
        match kind {
            "PAYSLIP" => labels.payslip.to_owned(),
            "TAX_DOCUMENT" => labels.tax_document.to_owned(),
            "COMPANY_ID" => labels.company_id.to_owned(),
            "FRONT" => labels.front.to_owned(),
            "BACK" => labels.back.to_owned(),
            _ if fallback.trim().is_empty() => kind.to_owned(),
            _ => fallback.to_owned(),
        }
    }

    /// A login field's or login option's label from the link API, in this locale when it is one
    /// of the usual English ones ("Email", "Mobile number", ...); any other label as the API gave it.
    pub fn login_label(&self, api_label: &str) -> String {
        let (en, here) = (&EN.field_labels, &self.field_labels);
        let pairs = [
            (en.email, here.email),
            (en.mobile, here.mobile),
            (en.username, here.username),
            (en.password, here.password),
            (en.ss_number, here.ss_number),
        ];
        let label = api_label.trim();
        pairs.iter().find(|(en, _)| en.eq_ignore_ascii_case(label)).map_or(label, |(_, here)| here).to_owned()
    }

    pub fn type_label(&self, kind: ProviderType) -> &'static str {
        let t = &self.type_labels;
        match kind {
            ProviderType::Gig => t.gig,
            ProviderType::Government => t.government,
            ProviderType::System => t.system,
            ProviderType::Employer => t.employer,
            ProviderType::Credential => t.credential,
            // A type newer than this widget: rows show the server's own label instead.
            ProviderType::Other => "",
        }
    }

    pub fn account_error(&self, code: AccountErrorCode) -> &'static str {
        let e = &self.account_errors;
        match code {
            AccountErrorCode::AccountDisabled => e.account_disabled,
            AccountErrorCode::AccountInaccessible => e.account_inaccessible,
            AccountErrorCode::AccountIncomplete => e.account_incomplete,
            AccountErrorCode::AccountLocked => e.account_locked,
            AccountErrorCode::AuthRequired => e.auth_required,
            AccountErrorCode::ExpiredCredentials => e.expired_credentials,
            AccountErrorCode::InvalidAccountType => e.invalid_account_type,
            AccountErrorCode::InvalidAuth => e.invalid_auth,
            AccountErrorCode::InvalidCredentials => e.invalid_credentials,
            AccountErrorCode::InvalidMfa => e.invalid_mfa,
            AccountErrorCode::MfaTimeout => e.mfa_timeout,
            AccountErrorCode::ServiceUnavailable => e.service_unavailable,
            AccountErrorCode::SystemError => e.system_error,
            AccountErrorCode::TosRequired => e.tos_required,
            AccountErrorCode::UnsupportedAuthType => e.unsupported_auth_type,
            AccountErrorCode::UnsupportedMfaMethod => e.unsupported_mfa_method,
        }
    }
}

pub static EN: Strings = Strings {
    close: "Close",
    back: "Back",
    secured_by: "Secured by Smile",
    loading: "Loading…",
    session_paused: "Your session expired. Reconnecting…",

    consent_title_company: "{company} uses Smile to connect your employment account",
    consent_title: "Connect your employment account",
    consent_body: "Smile lets you share your work and income data securely, in a few steps.",
    consent_point_private: "Your login details are encrypted and never shared.",
    consent_point_control: "You can disconnect your account at any time.",
    consent_point_shared_company: "{company} receives your name, employer, job title, pay and work history from the accounts you connect or the documents you upload.",
    consent_point_shared: "The site that sent you here receives your name, employer, job title, pay and work history from the accounts you connect or the documents you upload.",
    consent_agree_company: "By selecting Continue, you agree to share your employment data with {company}.",
    consent_agree: "By selecting Continue, you agree to share your employment data.",
    continue_: "Continue",

    providers_title: "Find your employer or platform",
    search_label: "Search providers",
    search_placeholder: "Search by name",
    clear_search: "Clear search",
    type_bar_label: "Provider type",
    type_all: "All",
    type_labels: TypeLabels {
        gig: "Gig Platform",
        government: "Govt Service",
        system: "System",
        employer: "Employer",
        credential: "Credential",
    },
    providers_list_label: "Providers",
    providers_empty: "No providers match your search.",
    providers_count: "{count} providers shown",
    providers_loading: "Loading providers…",
    load_more: "Show more",
    documents_only: "Documents only",

    login_options_title: "How do you log in to {provider}?",
    login_title: "Log in to {provider}",
    login_note_company: "{company} never sees your login details.",
    login_note: "Your login details are never shared.",
    login_submit: "Connect",
    field_labels: FieldLabels {
        email: "Email",
        mobile: "Mobile number",
        username: "Username",
        password: "Password",
        ss_number: "SS number",
    },
    show_password: "Show password",
    field_required: "{field} is required.",
    field_invalid: "Enter a valid {field}.",
    form_has_errors: "Please correct the highlighted fields.",

    connecting_title: "Connecting to {provider}",
    connecting_body: "This can take a moment. Please keep this window open.",

    mfa_title: "Enter the code we sent you",
    mfa_sent_sms: "We sent a code by text message to {destination}.",
    mfa_sent_email: "We sent a code by email to {destination}.",
    mfa_code_label: "Verification code",
    mfa_code_hint: "Enter the {count}-digit code.",
    mfa_attempts: "{count} attempts left.",
    mfa_wrong: "That code is incorrect. {count} attempts left.",
    mfa_submit: "Verify",
    mfa_resend: "Resend code",
    mfa_resent: "A new code is on its way.",
    mfa_expires: "The code expires {time}.",
    mfa_expired: "The code has expired. Send a new one.",

    success_title: "Account connected",
    success_body: "Your {provider} account is now connected.",
    done: "Done",

    error_title: "Something went wrong",
    error_network: "We couldn't reach the server. Check your connection and try again.",
    error_server: "The service is temporarily unavailable. Please try again.",
    error_malformed: "We received an unexpected response. Please try again.",
    error_token: "Your session has expired. Please start again.",
    error_unsupported: "This provider can't be connected here.",
    error_code: "Error code: {code}",
    error_options: "This page is set up incorrectly, so it can't connect your account. Please tell the site you came from.",
    error_session_expired: "Your session has expired. Close this window and start again.",
    error_not_embedded: "Open this page from the site that asked you to connect your account.",
    account_errors: AccountErrors {
        account_disabled: "This account is disabled.",
        account_inaccessible: "We couldn't access this account.",
        account_incomplete: "This account's set-up isn't complete. Finish it with the provider, then try again.",
        account_locked: "This account is locked. Unlock it with the provider, then try again.",
        auth_required: "The provider needs you to log in again.",
        expired_credentials: "Your password has expired. Update it with the provider, then try again.",
        invalid_account_type: "This type of account isn't supported.",
        invalid_auth: "The provider couldn't verify your login.",
        invalid_credentials: "The login details are incorrect.",
        invalid_mfa: "The verification code was incorrect too many times.",
        mfa_timeout: "The verification code expired before it was entered.",
        service_unavailable: "The provider is unavailable right now. Please try again later.",
        system_error: "Something went wrong on our side. Please try again.",
        tos_required: "Accept the provider's terms of service, then try again.",
        unsupported_auth_type: "This way of logging in isn't supported.",
        unsupported_mfa_method: "This verification method isn't supported.",
    },
    retry: "Try again",
    exit: "Exit",

    accounts_title: "Your connected accounts",
    accounts_list_label: "Connected accounts",
    status_connected: "Connected",
    status_pending: "Connecting",
    status_mfa: "Waiting for verification",
    status_error: "Needs attention",
    disconnect: "Disconnect",
    disconnect_named: "Disconnect {provider}",
    reconnect: "Reconnect",
    reconnect_named: "Reconnect {provider}",
    connect_another: "Connect another account",
    revoke_title: "Disconnect {provider}?",
    revoke_body_company: "{company} will no longer receive new data from this account.",
    revoke_body: "No new data will be shared from this account.",
    cancel: "Cancel",

    upload_entry: "Upload documents",
    upload_entry_detail: "Payslips, tax documents or a company ID",
    not_listed: "Can't find your employer?",
    survey_title: "What's the name of your employer?",
    survey_body_upload: "You can share your income by uploading documents instead. We'll keep the name with them.",
    survey_body_company: "We'll let {company} know that your employer isn't listed yet.",
    survey_body: "We'll note that your employer isn't listed yet.",
    survey_label: "Employer name",
    survey_required: "Enter your employer's name.",
    survey_submit: "Continue",
    file_types_title: "What would you like to upload?",
    file_types_for: "Documents from {employer}",
    file_types_loading: "Loading document types…",
    file_types_list_label: "Document types",
    file_type_labels: FileTypeLabels {
        payslip: "Payslip",
        tax_document: "Tax document",
        company_id: "Company ID",
        front: "Front",
        back: "Back",
    },
    upload_title: "Upload your {type}",
    upload_choose: "Choose files",
    upload_choose_named: "Choose the {part}",
    upload_camera: "Take a photo",
    upload_drop: "Or drop files here",
    upload_rules: "PDF, PNG or JPEG, up to {size} each, {count} files at most.",
    upload_files_label: "Files to upload",
    upload_remove_named: "Remove {name}",
    upload_submit: "Upload",
    upload_progress: "Uploading… {percent}%",
    upload_cancel: "Cancel upload",
    upload_failed: "The upload didn't go through. Your files are still here, so you can try again.",
    upload_rejected_by_server: "The upload was refused: {message}",
    upload_none: "Choose at least one file.",
    upload_part_missing: "Add the {part} too.",
    file_wrong_format: "{name} isn't a PDF, PNG or JPEG file, so it wasn't added.",
    file_empty: "{name} is empty, so it wasn't added.",
    file_too_big: "{name} is larger than {size}, so it wasn't added.",
    file_too_many: "{name} wasn't added: an upload takes {count} files at most.",
    archive_success_title: "Documents uploaded",
    archive_success_body_company: "We're checking your {type}. {company} will be told when it's done.",
    archive_success_body: "We're checking your {type}. It only takes a moment.",
    documents_title: "Uploaded documents",
    documents_list_label: "Uploaded documents",
    archive_started: "Being checked",
    archive_analyzed: "Checked",
    archive_unsupported: "Couldn't be read",
    archive_error: "Needs a new upload",
    remove: "Remove",
    remove_named: "Remove {type} ({date})",
    revoke_archive_title: "Remove this {type}?",
    revoke_archive_body_company: "{company} will no longer have access to it.",
    revoke_archive_body: "It will no longer be shared.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_then_the_browsers_languages_in_order_choose_the_locale() {
        assert_eq!(Locale::negotiate(["en-GB"]), Locale::En);
        assert_eq!(Locale::negotiate(["xx", "", "de-DE"]), Locale::En, "none fits: English");
        assert_eq!(Locale::negotiate(["de-DE", "th-TH", "en"]), Locale::Th, "the first that fits");
        assert_eq!(Locale::negotiate(["zh"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["zh-Hans-CN"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["zh_CN"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["zh-TW", "en-US"]), Locale::En, "traditional Chinese is not zh-CN");
        assert_eq!(Locale::negotiate(["tl"]), Locale::Fil);
        assert_eq!(Locale::negotiate(["fil-PH"]), Locale::Fil);
        assert_eq!(Locale::negotiate(["in-ID"]), Locale::Id);
        assert_eq!(Locale::negotiate(["vi-VN"]), Locale::Vi);
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    /// The shipped locale files, read at compile time (tests only: the wasm fetches them).
    fn files() -> Vec<(Locale, &'static str)> {
        vec![
            (Locale::ZhCn, include_str!("../locales/zh-CN.json")),
            (Locale::Id, include_str!("../locales/id.json")),
            (Locale::Fil, include_str!("../locales/fil.json")),
            (Locale::Vi, include_str!("../locales/vi.json")),
            (Locale::Th, include_str!("../locales/th.json")),
        ]
    }

    fn flat(strings: &Strings) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        Entry::entries(strings, "", &mut out);
        out
    }

    /// `entries` as locales/en.json writes them: nested objects, declaration order, two-space indent.
    fn to_json(entries: &[(String, &'static str)]) -> String {
        let quote = |s: &str| serde_json::to_string(s).unwrap();
        let mut out = String::from("{\n");
        let mut group: Option<&str> = None;
        for (i, (key, value)) in entries.iter().enumerate() {
            let (outer, inner) = key.split_once('.').map_or((None, key.as_str()), |(o, i)| (Some(o), i));
            if group != outer {
                if group.is_some() {
                    out.push_str("\n  },\n");
                } else if i > 0 {
                    out.push_str(",\n");
                }
                if let Some(outer) = outer {
                    out.push_str(&format!("  {}: {{\n", quote(outer)));
                }
                group = outer;
            } else if i > 0 {
                out.push_str(",\n");
            }
            let indent = if outer.is_some() { "    " } else { "  " };
            out.push_str(&format!("{indent}{}: {}", quote(inner), quote(value)));
        }
        out.push_str(if group.is_some() { "\n  }\n}\n" } else { "\n}\n" });
        out
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> =
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_locale_file_has_exactly_englishs_strings_with_the_same_placeholders() {
        let english = flat(&EN);
        for (locale, text) in files() {
            // A JSON escape or a broken file fails here; then every key, in English's order.
            let translated = pairs(text).unwrap_or_else(|e| panic!("{}: {e}", locale.tag()));
            let keys = |list: &[(String, &str)]| list.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            assert_eq!(keys(&translated), keys(&english), "{}: keys differ from English", locale.tag());
            for ((key, en), (_, value)) in english.iter().zip(&translated) {
                assert!(!value.trim().is_empty(), "{}: {key} is empty", locale.tag());
                assert_eq!(placeholders(en), placeholders(value), "{}: {key}", locale.tag());
            }
            let parsed = parse(positional(text)).unwrap();
            assert_eq!(flat(&parsed), translated, "{}: every string is used", locale.tag());
        }
    }

    /// A keyed locale file as the build ships it (`scripts/locales.mjs`): the fingerprint, then
    /// the strings in English's order.
    fn positional(keyed: &'static str) -> &'static str {
        let values: Vec<&str> = pairs(keyed).unwrap().into_iter().map(|(_, v)| v).collect();
        array(&format!("{:08x}", Strings::KEYS), &values)
    }

    fn array(fingerprint: &str, values: &[&str]) -> &'static str {
        let items: Vec<String> =
            std::iter::once(fingerprint).chain(values.iter().copied()).map(|v| format!("\"{v}\"")).collect();
        Box::leak(format!("[{}]", items.join(",")).into_boxed_str())
    }

    #[test]
    fn english_is_the_reference_file_translators_start_from() {
        // `UPDATE_LOCALES=1 cargo test -p smile-wink --lib i18n` rewrites it after an English change.
        let current = to_json(&flat(&EN));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en.json");
        if std::env::var_os("UPDATE_LOCALES").is_some() {
            std::fs::write(path, &current).unwrap();
        }
        let file = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            file == current,
            "locales/en.json is out of date: run UPDATE_LOCALES=1 cargo test -p smile-wink --lib i18n"
        );
        assert_eq!(
            pairs(Box::leak(file.into_boxed_str())).unwrap(),
            flat(&EN),
            "the file reads back as English"
        );
    }

    #[test]
    fn a_locale_file_made_for_other_keys_or_with_an_escape_is_refused() {
        let english: Vec<&str> = flat(&EN).into_iter().map(|(_, v)| v).collect();
        let mut values = english.clone();
        values[0] = "Đóng";
        let key = format!("{:08x}", Strings::KEYS);
        let read = parse(array(&key, &values)).unwrap();
        assert_eq!((read.close, read.back), ("Đóng", "Back"), "each string in its place");
        let last = flat(&read).pop().unwrap();
        assert_eq!(last.1, *english.last().unwrap(), "{}: the last one too", last.0);
        assert!(parse(array("00000000", &values)).is_err(), "another build's key list");
        assert!(parse(array(&key, &values[1..])).is_err(), "a string missing");
        assert!(parse(array(&key, &[&values[..], &["more"]].concat())).is_err(), "a string too many");
        values[1] = "say \\\"hi\\\"";
        assert!(parse(array(&key, &values)).unwrap_err().contains("escape"));
        assert!(parse(r#"["abc", "Đóng""#).is_err(), "unterminated");
        assert!(parse(r#"{"close": "Đóng"}"#).is_err(), "a keyed file");
    }

    #[test]
    fn an_installed_locale_replaces_english_and_a_broken_file_is_refused() {
        assert!(Locale::Vi.install("[\"".into()).is_err(), "a broken file");
        assert!(!Locale::Vi.is_ready());
        assert_eq!(Locale::Vi.strings().close, "Close", "English until the file loads");
        let (_, text) = files().into_iter().find(|(l, _)| *l == Locale::Vi).unwrap();
        Locale::Vi.install(positional(text).to_owned()).unwrap();
        assert!(Locale::Vi.is_ready());
        assert_ne!(Locale::Vi.strings().close, "Close");
    }

    #[test]
    fn labels_in_a_sentence_keep_their_acronyms() {
        assert_eq!(in_sentence("Payslip"), "payslip");
        assert_eq!(in_sentence("Tax document"), "tax document");
        assert_eq!(in_sentence("Company ID"), "company ID");
        assert_eq!(in_sentence("ID card"), "ID card");
        assert_eq!(in_sentence("工资单"), "工资单");
        assert_eq!(in_sentence(""), "");
    }

    #[test]
    fn the_usual_login_labels_are_translated_and_others_kept() {
        let mut th = EN;
        th.field_labels.email = "อีเมล";
        th.field_labels.ss_number = "หมายเลขประกันสังคม";
        assert_eq!(th.login_label("Email"), "อีเมล");
        assert_eq!(th.login_label(" SS number "), "หมายเลขประกันสังคม");
        assert_eq!(th.login_label("Employee ID"), "Employee ID");
        assert_eq!(EN.login_label("email"), "Email");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]), "x and y, x");
        assert_eq!(fill("{a} {unknown} {b", &[("a", "{b}"), ("b", "y")]), "{b} {unknown} {b");
    }

    #[test]
    fn every_type_and_error_code_has_a_label() {
        for kind in ProviderType::ALL {
            assert!(!EN.type_label(kind).is_empty());
        }
        assert_eq!(EN.type_label(ProviderType::Government), "Govt Service");
        for code in AccountErrorCode::ALL {
            assert!(!EN.account_error(code).is_empty());
        }
        assert_eq!(
            EN.account_error(AccountErrorCode::InvalidCredentials),
            "The login details are incorrect."
        );
    }
}
