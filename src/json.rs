//! JSON without a JSON library in the wasm: the browser parses (`JSON.parse`), [`Json`] reads the
//! fields the widget needs from what it made, and [`Value`] writes the few bodies and messages the
//! widget sends.
//!
//! Native tests read `serde_json::Value` through the same trait, so every decoder is tested and
//! fuzzed without a browser.

use wasm_bindgen::{JsCast, JsValue};

/// A parsed JSON value that typed reads can walk.
pub trait Json: Sized {
    /// `self[key]`: `None` when the key is missing or `null`, or `self` is not an object.
    fn get(&self, key: &str) -> Option<Self>;
    fn as_text(&self) -> Option<String>;
    fn as_number(&self) -> Option<f64>;
    fn as_flag(&self) -> Option<bool>;
    /// The elements, when `self` is an array.
    fn as_list(&self) -> Option<Vec<Self>>;
    /// `true` for an object that is not an array.
    fn is_object(&self) -> bool;
    /// An array of strings, read as a whole; `None` when it is not an array or an entry is not text.
    fn as_texts(&self) -> Option<Vec<String>> {
        self.as_list()?.iter().map(Json::as_text).collect()
    }
}

/// Between the entries of a column read at once: a control character no name or address holds.
const SEPARATOR: char = '\u{1f}';

/// Parses JSON text with the browser's `JSON.parse`; `None` when it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

impl Json for JsValue {
    fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.dyn_ref::<js_sys::Object>().filter(|_| Json::is_object(self))?;
        let key = JsValue::from_str(key);
        // Own keys only: `constructor` or `toString` of a plain object is not data.
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        js_sys::Reflect::get(object, &key).ok().filter(|v| !v.is_null() && !v.is_undefined())
    }

    fn as_text(&self) -> Option<String> {
        JsValue::as_string(self)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn as_flag(&self) -> Option<bool> {
        self.as_bool()
    }

    fn as_list(&self) -> Option<Vec<JsValue>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).to_vec())
    }

    fn is_object(&self) -> bool {
        JsValue::is_object(self) && !js_sys::Array::is_array(self)
    }

    /// Joined in the browser and split here: one step for the whole array, where a read per entry
    /// would cross into the browser once each (the provider index has thousands). Entries are
    /// taken as the browser writes them as text; one that holds the separator fails the read.
    fn as_texts(&self) -> Option<Vec<String>> {
        let array = self.dyn_ref::<js_sys::Array>()?;
        let count = array.length() as usize;
        if count == 0 {
            return Some(Vec::new());
        }
        let joined = String::from(array.join(&SEPARATOR.to_string()));
        let texts: Vec<String> = joined.split(SEPARATOR).map(str::to_owned).collect();
        (texts.len() == count).then_some(texts)
    }
}

#[cfg(test)]
impl Json for serde_json::Value {
    fn get(&self, key: &str) -> Option<serde_json::Value> {
        self.as_object()?.get(key).filter(|v| !v.is_null()).cloned()
    }

    fn as_text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn as_flag(&self) -> Option<bool> {
        self.as_bool()
    }

    fn as_list(&self) -> Option<Vec<serde_json::Value>> {
        self.as_array().cloned()
    }

    fn is_object(&self) -> bool {
        self.as_object().is_some()
    }
}

/// Why a value could not be read: the field, and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub field: &'static str,
    pub problem: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

pub type Read<T> = Result<T, Malformed>;

pub fn malformed(field: &'static str, problem: &'static str) -> Malformed {
    Malformed { field, problem }
}

/// The object at `key`.
pub fn child<J: Json>(json: &J, key: &'static str) -> Read<J> {
    json.get(key).filter(Json::is_object).ok_or(malformed(key, "missing or not an object"))
}

/// A required string.
pub fn text<J: Json>(json: &J, key: &'static str) -> Read<String> {
    opt_text(json, key)?.ok_or(malformed(key, "missing"))
}

/// A string, or `None` when missing or `null`; any other type is an error.
pub fn opt_text<J: Json>(json: &J, key: &'static str) -> Read<Option<String>> {
    json.get(key).map(|v| v.as_text().ok_or(malformed(key, "not a string"))).transpose()
}

/// A required boolean.
pub fn flag<J: Json>(json: &J, key: &'static str) -> Read<bool> {
    json.get(key).and_then(|v| v.as_flag()).ok_or(malformed(key, "missing or not a boolean"))
}

/// A required whole number from 0 to `u64::MAX`'s safe JSON range.
pub fn count<J: Json>(json: &J, key: &'static str) -> Read<u64> {
    let n = json.get(key).and_then(|v| v.as_number()).ok_or(malformed(key, "missing or not a number"))?;
    if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 {
        Ok(n as u64)
    } else {
        Err(malformed(key, "not a whole number"))
    }
}

/// A required array, each element read by `item`.
pub fn list<J: Json, T>(json: &J, key: &'static str, item: impl Fn(&J) -> Read<T>) -> Read<Vec<T>> {
    let elements =
        json.get(key).and_then(|v| v.as_list()).ok_or(malformed(key, "missing or not an array"))?;
    elements.iter().map(item).collect()
}

/// A required array of strings.
pub fn texts<J: Json>(json: &J, key: &'static str) -> Read<Vec<String>> {
    list(json, key, |v| v.as_text().ok_or(malformed(key, "not a list of strings")))
}

/// A required array of strings, read as a whole (see [`Json::as_texts`]).
pub fn column<J: Json>(json: &J, key: &'static str) -> Read<Vec<String>> {
    json.get(key).and_then(|v| v.as_texts()).ok_or(malformed(key, "missing or not a list of strings"))
}

/// A required array of wire names; names this version does not know are left out.
pub fn known<J: Json, T>(json: &J, key: &'static str, parse: fn(&str) -> Option<T>) -> Read<Vec<T>> {
    Ok(texts(json, key)?.iter().filter_map(|name| parse(name)).collect())
}

/// A JSON value to send: request bodies, and messages and callback payloads for the shim.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Flag(bool),
    Int(i64),
    Text(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Sets `key` of an object (replacing an earlier value); does nothing on other values.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        if let Value::Object(entries) = self {
            let value = value.into();
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    /// `self[key]` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Flag(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::Text(s) => write_text(s, out),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_text(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
fn write_text(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Flag(b)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Int(n.min(i64::MAX as u64) as i64)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Int(n.into())
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::List(items)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
impl Value {
    /// The same value as `serde_json` sees it, to compare with `json!` in tests.
    pub fn to_serde(&self) -> serde_json::Value {
        serde_json::from_str(&self.to_json()).expect("written JSON reads back")
    }

    /// A value built with `json!`, in tests.
    pub fn from_serde(value: serde_json::Value) -> Value {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Flag(b),
            serde_json::Value::Number(n) => Value::Int(n.as_i64().expect("whole numbers only")),
            serde_json::Value::String(s) => Value::Text(s),
            serde_json::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from_serde).collect())
            }
            serde_json::Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, v)| (k, Value::from_serde(v))).collect())
            }
        }
    }
}

/// An object [`Value`]: `object! { "key": value, ... }`, each value anything `Into<Value>`.
macro_rules! object {
    ($($key:literal : $value:expr),* $(,)?) => {
        $crate::json::Value::Object(vec![$(($key.to_owned(), $crate::json::Value::from($value))),*])
    };
}
pub(crate) use object;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn written_json_is_what_serde_reads_back() {
        let mut v = object! {
            "text": "quote \" backslash \\ newline \n bell \u{7} café 😀",
            "flag": true,
            "none": None::<String>,
            "n": 42u64,
            "list": vec![Value::Int(-1), Value::Null],
            "nested": object! {},
        };
        v.set("flag", false);
        v.set("added", "yes");
        let back: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
        assert_eq!(
            back,
            json!({"text": "quote \" backslash \\ newline \n bell \u{7} café 😀", "flag": false, "none": null,
                   "n": 42, "list": [-1, null], "nested": {}, "added": "yes"})
        );
        assert_eq!(v.get("added"), Some(&Value::from("yes")));
    }

    #[test]
    fn typed_reads_name_the_field_that_is_wrong() {
        let v = json!({"s": "x", "n": 3, "f": 1.5, "neg": -1, "b": true, "l": ["a", 1], "o": {}, "z": null});
        assert_eq!(text(&v, "s"), Ok("x".into()));
        assert_eq!(opt_text(&v, "z"), Ok(None));
        assert_eq!(opt_text(&v, "absent"), Ok(None));
        assert_eq!(text(&v, "n"), Err(malformed("n", "not a string")));
        assert_eq!(text(&v, "z"), Err(malformed("z", "missing")));
        assert_eq!(count(&v, "n"), Ok(3));
        assert!(count(&v, "f").is_err() && count(&v, "neg").is_err() && count(&v, "s").is_err());
        assert_eq!(flag(&v, "b"), Ok(true));
        assert!(flag(&v, "s").is_err());
        assert_eq!(texts(&v, "l"), Err(malformed("l", "not a list of strings")));
        assert!(child(&v, "o").is_ok() && child(&v, "l").is_err() && child(&v, "s").is_err());
        assert_eq!(format!("{}", text(&v, "absent").unwrap_err()), "absent: missing");
    }

    #[test]
    fn unknown_wire_names_are_left_out_of_lists() {
        let v = json!({"kinds": ["GIG", "SOMETHING_NEW"]});
        let kinds = known(&v, "kinds", smile_link_api::ProviderType::parse).unwrap();
        assert_eq!(kinds, [smile_link_api::ProviderType::Gig]);
    }
}
