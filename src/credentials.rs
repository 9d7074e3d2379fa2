//! The login form's values: normalised as people type them (the documents print mobile numbers
//! as `(+63) 9559991234`), checked before they are sent, and only the auth type's own fields sent.

use smile_link_api::{FieldType, LoginField};

/// Why a login field's value is refused before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Required,
    Invalid,
}

/// A value as the link API gets it: trimmed (passwords are sent exactly as typed), and phone
/// numbers without spaces, parentheses, dots or dashes.
pub fn normalise(kind: FieldType, value: &str) -> String {
    match kind {
        FieldType::Password => value.to_owned(),
        FieldType::Tel => value.chars().filter(|c| !matches!(c, ' ' | '(' | ')' | '-' | '.')).collect(),
        FieldType::Text | FieldType::Email | FieldType::Number => value.trim().to_owned(),
    }
}

/// Values by field name, kept in name order: what a login form holds, sends and finds wrong. A
/// sorted `Vec` rather than a `BTreeMap`: a form has a handful of fields, and the map's code weighs
/// kilobytes in the wasm.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap<V>(Vec<(String, V)>);

impl<V> FieldMap<V> {
    pub const fn new() -> Self {
        FieldMap(Vec::new())
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(key, _)| key.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&V> {
        self.position(name).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name`'s value, replacing any it had.
    pub fn insert(&mut self, name: String, value: V) {
        match self.position(&name) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name, value)),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<V> {
        self.position(name).ok().map(|i| self.0.remove(i).1)
    }

    /// Keeps the entries for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &V) -> bool) {
        self.0.retain(|(key, value)| keep(key, value));
    }

    /// Every `(name, value)`, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap::new()
    }
}

impl<V> FromIterator<(String, V)> for FieldMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut map = FieldMap::new();
        for (name, value) in pairs {
            map.insert(name, value);
        }
        map
    }
}

impl<V, const N: usize> From<[(String, V); N]> for FieldMap<V> {
    fn from(pairs: [(String, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// The credentials to send: each of `fields` under its `name`, normalised.
pub fn credentials(fields: &[LoginField], values: &FieldMap<String>) -> FieldMap<String> {
    let mut out = FieldMap::new();
    for f in fields {
        out.insert(f.name.clone(), normalise(f.kind, values.get(&f.name).map_or("", String::as_str)));
    }
    out
}

/// Whether `pattern` is safe to run in the browser's backtracking RegExp engine: no quantified
/// group that itself holds a quantifier (`(a+)+`, `(\d*)*`, `(x{2,}){3,}`), the shape that takes
/// exponential time on a near-miss. Character classes and escapes are read as such.
pub fn pattern_is_linear_enough(pattern: &str) -> bool {
    let is_quantifier = |c: Option<&char>| matches!(c, Some('+' | '*' | '{'));
    // One entry per open group: whether it holds a quantifier.
    let mut groups: Vec<bool> = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        ']' => break,
                        _ => {}
                    }
                }
            }
            '(' => groups.push(false),
            ')' => {
                let held = groups.pop().unwrap_or(false);
                let quantified = is_quantifier(chars.peek());
                if held && quantified {
                    return false;
                }
                if let Some(parent) = groups.last_mut() {
                    *parent |= held || quantified;
                }
            }
            '+' | '*' | '{' => {
                if let Some(group) = groups.last_mut() {
                    *group = true;
                }
            }
            _ => {}
        }
    }
    true
}

/// Checks the login form client-side: required fields, the field type's shape and the provider's
/// `pattern` (matched by `pattern_matches(pattern, value)`, the browser's RegExp in the widget),
/// all on the normalised value.
pub fn validate_fields(
    fields: &[LoginField],
    values: &FieldMap<String>,
    pattern_matches: impl Fn(&str, &str) -> bool,
) -> FieldMap<FieldError> {
    let mut errors = FieldMap::new();
    for field in fields {
        let value = normalise(field.kind, values.get(&field.name).map_or("", String::as_str));
        let value = value.as_str();
        let error = if value.trim().is_empty() {
            field.required.then_some(FieldError::Required)
        } else {
            let shape_ok = match field.kind {
                FieldType::Email => {
                    value.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                }
                FieldType::Tel => {
                    value.strip_prefix('+').unwrap_or(value).chars().all(|c| c.is_ascii_digit())
                        && value.chars().filter(char::is_ascii_digit).count() >= 4
                }
                FieldType::Number => value.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' '),
                FieldType::Text | FieldType::Password => true,
            };
            // A pattern that could backtrack for minutes is left to the server to check.
            let pattern_ok = field
                .pattern
                .as_deref()
                .is_none_or(|p| !pattern_is_linear_enough(p) || pattern_matches(p, value));
            (!shape_ok || !pattern_ok).then_some(FieldError::Invalid)
        };
        if let Some(error) = error {
            errors.insert(field.name.clone(), error);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FieldType, required: bool, pattern: Option<&str>) -> LoginField {
        LoginField { name: name.into(), label: name.into(), kind, required, pattern: pattern.map(Into::into) }
    }

    fn values(pairs: &[(&str, &str)]) -> FieldMap<String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    /// The sandbox's mobile pattern, as the browser's RegExp would match it.
    fn mobile_pattern(pattern: &str, value: &str) -> bool {
        assert_eq!(pattern, r"^\+?[0-9]{7,15}$");
        let digits = value.strip_prefix('+').unwrap_or(value);
        (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    }

    #[test]
    fn a_field_map_keeps_one_value_per_name_in_name_order() {
        let mut map = values(&[("password", "1"), ("email", "a@b.co"), ("mobile", "2")]);
        map.insert("email".into(), "c@d.co".into());
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            [("email", &"c@d.co".to_owned()), ("mobile", &"2".to_owned()), ("password", &"1".to_owned())]
        );
        assert_eq!(
            map,
            values(&[("mobile", "2"), ("password", "1"), ("email", "c@d.co")]),
            "order typed is not kept"
        );
        assert_eq!(map.remove("mobile").as_deref(), Some("2"));
        assert_eq!(map.remove("mobile"), None);
        map.retain(|name, _| name != "password");
        assert_eq!(map.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["email"]);
        assert!(map.contains_key("email") && !map.contains_key("password") && map.len() == 1);
    }

    #[test]
    fn patterns_that_backtrack_exponentially_are_recognised() {
        for bad in [r"^(a+)+$", r"(\d*)*", r"(x{2,}){3,}", r"^((ab)*c+)+$", r"(a|b+)*"] {
            assert!(!pattern_is_linear_enough(bad), "{bad}");
        }
        for good in [r"^\+?[0-9]{7,15}$", r"[0-9]{10}", r"^(ab)+$", r"^[(+*]+$", r"\(a+\)+", r"^(?:[a-z]+)$"]
        {
            assert!(pattern_is_linear_enough(good), "{good}");
        }
        // Such a pattern is not run: the value is left to the server.
        let fields = [field("u", FieldType::Text, true, Some(r"^(a+)+$"))];
        let typed = FieldMap::from([("u".to_owned(), format!("{}!", "a".repeat(40)))]);
        assert!(validate_fields(&fields, &typed, |_, _| panic!("not run")).is_empty());
    }

    #[test]
    fn login_validation_checks_required_shape_and_pattern() {
        let fields = [
            field("email", FieldType::Email, true, None),
            field("mobile", FieldType::Tel, false, None),
            field("ss", FieldType::Number, false, Some("[0-9]{10}")),
            field("password", FieldType::Password, true, None),
        ];
        let ten_digits = |pattern: &str, value: &str| {
            pattern == "[0-9]{10}" && value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit())
        };
        let errors = validate_fields(&fields, &values(&[("password", "  ")]), ten_digits);
        assert_eq!(errors.get("email"), Some(&FieldError::Required));
        assert_eq!(errors.get("password"), Some(&FieldError::Required));
        assert_eq!(errors.get("mobile"), None, "optional and empty is fine");

        let bad = values(&[("email", "nope"), ("mobile", "+63 abc"), ("ss", "123"), ("password", "x")]);
        let errors = validate_fields(&fields, &bad, ten_digits);
        assert_eq!(errors.len(), 3);
        assert!(errors.iter().all(|(_, e)| *e == FieldError::Invalid));

        let good = values(&[
            ("email", "gpalomero1234@smileapi.io"),
            ("mobile", "+63 955 999 1234"),
            ("ss", "3300000008"),
            ("password", "123456"),
        ]);
        assert!(validate_fields(&fields, &good, ten_digits).is_empty());
    }

    #[test]
    fn mobile_numbers_typed_as_the_documents_print_them_pass_and_are_sent_bare() {
        let fields = [field("mobile", FieldType::Tel, true, Some(r"^\+?[0-9]{7,15}$"))];
        for typed in ["(+63) 9559991234", "+63 955-999-1234", " +639559991234 ", "(+65) 99996789"] {
            let typed = values(&[("mobile", typed)]);
            assert!(validate_fields(&fields, &typed, mobile_pattern).is_empty(), "{typed:?}");
        }
        let sent = credentials(&fields, &values(&[("mobile", "(+63) 9559991234")]));
        assert_eq!(sent.get("mobile").map(String::as_str), Some("+639559991234"));
    }

    #[test]
    fn only_the_auth_types_fields_are_sent_and_passwords_go_as_typed() {
        let fields = [
            field("username", FieldType::Text, true, None),
            field("password", FieldType::Password, true, None),
        ];
        let typed = values(&[("username", " George "), ("password", " a b"), ("mobile", "+63")]);
        assert_eq!(credentials(&fields, &typed), values(&[("username", "George"), ("password", " a b")]));
    }
}
