//! The documents' four sandbox users and how a login attempt is judged.

use smile_link_api::AccountErrorCode;

use crate::catalogue::fold;

pub struct SandboxUser {
    pub name: &'static str,
    pub email: &'static str,
    pub mobile: &'static str,
    pub ss_number: &'static str,
    pub password: &'static str,
}

pub const SANDBOX_USERS: [SandboxUser; 4] = [
    SandboxUser {
        name: "George Palomero Jr.",
        email: "gpalomero1234@smileapi.io",
        mobile: "+639559991234",
        ss_number: "3300000008",
        password: "123456",
    },
    SandboxUser {
        name: "Ryan Ng",
        email: "ryan1234@smileapi.io",
        mobile: "+628119994321",
        ss_number: "3300000016",
        password: "654321",
    },
    SandboxUser {
        name: "Christina Tan",
        email: "christina4321@smileapi.io",
        mobile: "+6599996789",
        ss_number: "3300000024",
        password: "YGUS1",
    },
    SandboxUser {
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

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Finds the user an identifier (email, mobile number, SS number or user name) names.
fn find_user(identifier: &str) -> Option<usize> {
    let id = identifier.trim();
    let id_digits = digits(id);
    SANDBOX_USERS.iter().position(|u| {
        fold(id) == u.email
            || (!id_digits.is_empty() && (id_digits == digits(u.mobile) || id_digits == u.ss_number))
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
