//! "Can't find your employer?": the employer a user names when it is not in the catalogue, given
//! alone (`POST /v1/surveys`) or with an upload (the archive's `employerName`).

use std::time::SystemTime;

use smile_link_api::{EmployerSurvey, MAX_EMPLOYER_NAME_CHARS};

use crate::ids;

/// Most surveys one user may record; each is small, but without a bound a script could grow the
/// sandbox's memory without end.
pub const MAX_SURVEYS_PER_USER: usize = 100;

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

pub fn new_survey(user_id: &str, employer_name: String, now: SystemTime) -> EmployerSurvey {
    EmployerSurvey { id: ids::survey_id(), user_id: user_id.into(), employer_name, created_at: ids::iso(now) }
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

    #[test]
    fn surveys_have_the_documented_id_shape() {
        let s = new_survey("usr-1", "Kopi Corner".into(), SystemTime::UNIX_EPOCH);
        assert!(s.id.starts_with("s-") && s.id.len() == 34, "{}", s.id);
        assert_eq!(s.created_at, "1970-01-01T00:00:00Z");
    }
}
