//! The documents' four sandbox users and how a login attempt is judged.

use smile_link_api::AccountErrorCode;

use crate::catalogue::fold;

pub struct SandboxUser {
    /// The user name the documents print, for providers that log in by `username`.
    pub username: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub mobile: &'static str,
    pub ss_number: &'static str,
    pub password: &'static str,
}

pub const SANDBOX_USERS: [SandboxUser; 4] = [
    SandboxUser {
        username: "George",
        name: "George Palomero Jr.",
        email: "gpalomero1234@smileapi.io",
        mobile: "+639559991234",
        ss_number: "3300000008",
        password: "123456",
    },
    SandboxUser {
        username: "Ryan",
        name: "Ryan Ng",
        email: "ryan1234@smileapi.io",
        mobile: "+628119994321",
        ss_number: "3300000016",
        password: "654321",
    },
    SandboxUser {
        username: "Christina",
        name: "Christina Tan",
        email: "christina4321@smileapi.io",
        mobile: "+6599996789",
        ss_number: "3300000024",
        password: "YGUS1",
    },
    SandboxUser {
        username: "Anisha",
        name: "Anisha Bhatia",
        email: "anisha98765@smileapi.io",
        mobile: "+919511198765",
        ss_number: "3300000032",
        password: "123456",
    },
];

/// The code every sandbox MFA challenge accepts.
pub const MFA_CODE: &str = "1234";

/// What the provider will answer to a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Credentials accepted; `index` into [`SANDBOX_USERS`].
    Accepted {
        user: usize,
    },
    Rejected(AccountErrorCode),
}

/// The digits of a number as people type it: `(+63) 9559991234`, `+63 955-999-1234` and
/// `639559991234` are one number. `None` when anything but digits, one leading `+`, spaces,
/// parentheses, dashes and dots is in it, so that a name or an email is never read as a number.
pub fn number_digits(typed: &str) -> Option<String> {
    let compact: String =
        typed.chars().filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '-' | '.')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.to_string())
}

/// A name compared loosely: case, accents, dots and runs of spaces do not matter.
fn name_key(name: &str) -> String {
    fold(name).replace('.', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds the user an identifier (email, mobile number, SS number, user name or full name) names,
/// whichever login field it was typed in.
pub fn find_user(identifier: &str) -> Option<usize> {
    let id = identifier.trim();
    let number = number_digits(id);
    let name = name_key(id);
    SANDBOX_USERS.iter().position(|u| {
        fold(id) == u.email
            || number
                .as_deref()
                .is_some_and(|n| number_digits(u.mobile).as_deref() == Some(n) || n == u.ss_number)
            || (!name.is_empty() && (name == name_key(u.username) || name == name_key(u.name)))
    })
}

/// `error_<CODE>@smileapi.io` names the error the login must end in.
fn error_user(identifier: &str) -> Option<AccountErrorCode> {
    let lower = identifier.trim().to_ascii_lowercase();
    let code = lower.strip_prefix("error_")?.strip_suffix("@smileapi.io")?;
    AccountErrorCode::parse(&code.to_ascii_uppercase())
}

/// Judges a login: the identifier is the non-password credential, `password` the password.
pub fn judge(identifier: &str, password: &str) -> LoginOutcome {
    if let Some(code) = error_user(identifier) {
        return LoginOutcome::Rejected(code);
    }
    match find_user(identifier) {
        Some(user) if SANDBOX_USERS[user].password == password => LoginOutcome::Accepted { user },
        _ => LoginOutcome::Rejected(AccountErrorCode::InvalidCredentials),
    }
}

/// Masks a destination for display, e.g. `+63•••••1234` or `gp•••••@smileapi.io`.
pub fn mask(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let keep: String = local.chars().take(2).collect();
        return format!("{keep}•••••@{domain}");
    }
    let chars: Vec<char> = destination.chars().collect();
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len().saturating_sub(4)).collect();
    format!("{head}•••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_logs_in_by_email_mobile_or_ss_number() {
        for (i, u) in SANDBOX_USERS.iter().enumerate() {
            assert_eq!(judge(u.email, u.password), LoginOutcome::Accepted { user: i });
            assert_eq!(judge(&u.email.to_uppercase(), u.password), LoginOutcome::Accepted { user: i });
            assert_eq!(judge(u.mobile, u.password), LoginOutcome::Accepted { user: i });
            assert_eq!(judge(&u.mobile[1..], u.password), LoginOutcome::Accepted { user: i });
            assert_eq!(judge(u.ss_number, u.password), LoginOutcome::Accepted { user: i });
        }
        assert_eq!(judge("3300000008", "123456"), LoginOutcome::Accepted { user: 0 });
    }

    #[test]
    fn each_user_logs_in_by_user_name_or_full_name_as_the_documents_print_them() {
        for (typed, user) in [
            ("George", 0),
            ("george", 0),
            ("  GEORGE ", 0),
            ("George Palomero Jr.", 0),
            ("george palomero jr", 0),
            ("Ryan", 1),
            ("Ryan Ng", 1),
            ("Christina", 2),
            ("Christina Tan", 2),
            ("Anisha", 3),
            ("Anisha  Bhatia", 3),
        ] {
            let password = SANDBOX_USERS[user].password;
            assert_eq!(judge(typed, password), LoginOutcome::Accepted { user }, "{typed:?}");
        }
        assert_eq!(
            judge("George", "654321"),
            LoginOutcome::Rejected(AccountErrorCode::InvalidCredentials),
            "a user name takes that user's password only"
        );
        assert_eq!(find_user("Georgina"), None);
        assert_eq!(find_user("George Ng"), None);
    }

    #[test]
    fn mobile_numbers_are_judged_as_the_documents_print_them() {
        for (typed, user) in [
            ("(+63) 9559991234", 0),
            ("+63 955-999-1234", 0),
            ("+63 (955) 999 1234", 0),
            ("(+62) 8119994321", 1),
            ("(+65) 99996789", 2),
            ("+65 9999-6789", 2),
            ("(+91) 9511198765", 3),
            ("  +91 95111 98765 ", 3),
        ] {
            let password = SANDBOX_USERS[user].password;
            assert_eq!(judge(typed, password), LoginOutcome::Accepted { user }, "{typed:?}");
        }
        assert_eq!(judge("33-0000000-8", "123456"), LoginOutcome::Accepted { user: 0 });
        // Only separators are dropped: letters or a second `+` make it no number at all.
        for not_a_number in
            ["tel:+639559991234", "+63 955 999 1234 x", "++639559991234", "George 639559991234"]
        {
            assert_eq!(find_user(not_a_number), None, "{not_a_number:?}");
        }
    }

    #[test]
    fn a_wrong_password_or_unknown_user_is_invalid_credentials() {
        let rejected = LoginOutcome::Rejected(AccountErrorCode::InvalidCredentials);
        assert_eq!(judge("gpalomero1234@smileapi.io", "nope"), rejected);
        assert_eq!(judge("someone@example.com", "123456"), rejected);
        assert_eq!(judge("", ""), rejected);
    }

    #[test]
    fn every_error_code_has_a_test_user() {
        for code in AccountErrorCode::ALL {
            let user = format!("error_{}@smileapi.io", code.as_str());
            assert_eq!(judge(&user, "anything"), LoginOutcome::Rejected(code));
        }
        assert_eq!(
            judge("error_nonsense@smileapi.io", "x"),
            LoginOutcome::Rejected(AccountErrorCode::InvalidCredentials)
        );
    }

    #[test]
    fn destinations_are_masked() {
        assert_eq!(mask("+639559991234"), "+63•••••1234");
        assert_eq!(mask("gpalomero1234@smileapi.io"), "gp•••••@smileapi.io");
    }
}
