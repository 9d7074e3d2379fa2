//! "Can't find your employer?": the employer a user names when it is not in the catalogue, given
//! with an upload (the archive's `employerName`).

use smile_link_api::MAX_EMPLOYER_NAME_CHARS;

/// The employer name as stored: trimmed, `None` when nothing is left; refused (with the reason)
/// when longer than [`MAX_EMPLOYER_NAME_CHARS`] or carrying control characters, which no name has
/// and which would garble lists and logs that show it.
pub fn clean_employer_name(raw: &str) -> Result<Option<String>, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let chars = name.chars().count();
    if chars > MAX_EMPLOYER_NAME_CHARS {
        return Err(format!("employerName has {chars} characters; at most {MAX_EMPLOYER_NAME_CHARS}"));
    }
    if name.chars().any(char::is_control) {
        return Err("employerName must not contain control characters".into());
    }
    Ok(Some(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employer_names_are_trimmed_and_bounded() {
        assert_eq!(clean_employer_name("  Kopi Corner \n"), Ok(Some("Kopi Corner".into())));
        assert_eq!(clean_employer_name(" \t "), Ok(None));
        let longest = "é".repeat(MAX_EMPLOYER_NAME_CHARS);
        assert_eq!(clean_employer_name(&longest), Ok(Some(longest.clone())), "characters, not bytes");
        assert!(clean_employer_name(&format!("{longest}x")).unwrap_err().contains("at most 200"));
        assert!(clean_employer_name("Kopi\u{0}Corner").is_err());
    }
}
