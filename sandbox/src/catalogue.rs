//! The provider catalogue: a realistic set across the five types, logos served by the sandbox
//! itself, generated employers for scale, and the list query of `GET /providers`.

use smile_link_api::{
    AuthType, FieldType, LoginField, LoginSpec, MAX_TOP_PROVIDERS, MfaType, Provider, ProviderType,
};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One provider with its precomputed search key.
struct Entry {
    provider: Provider,
    search_key: String,
    sort_key: String,
}

pub struct Catalogue {
    /// Sorted by name.
    entries: Vec<Entry>,
}

/// The filters of `GET /providers`, already validated.
#[derive(Debug, Default, Clone)]
pub struct ProviderQuery {
    pub ids: Option<Vec<String>>,
    pub top_ids: Vec<String>,
    pub kind: Option<ProviderType>,
    pub name: Option<String>,
    pub account_connection: Option<bool>,
}

/// Lowercase, accents stripped: "Nestlé" and "NESTLE" both become "nestle".
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

impl Catalogue {
    /// The built-in catalogue plus `extra` generated employers; logos live under `logo_base`.
    pub fn new(logo_base: &str, extra: u64) -> Catalogue {
        let mut providers = builtin(logo_base);
        providers.extend((1..=extra).map(|n| generated_employer(logo_base, n)));
        let mut entries: Vec<Entry> = providers
            .into_iter()
            .map(|p| Entry {
                search_key: format!("{} {}", fold(&p.name), fold(&p.long_name)),
                sort_key: fold(&p.name),
                provider: p,
            })
            .collect();
        entries.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.provider.id.cmp(&b.provider.id)));
        Catalogue { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.entries.iter().map(|e| &e.provider).find(|p| p.id == id)
    }

    pub fn all(&self) -> impl Iterator<Item = &Provider> {
        self.entries.iter().map(|e| &e.provider)
    }

    /// Every provider that passes the filters: `top_ids` first in their given order, then by name.
    pub fn query(&self, q: &ProviderQuery) -> Vec<&Provider> {
        debug_assert!(q.top_ids.len() <= MAX_TOP_PROVIDERS);
        let needle = q.name.as_deref().map(fold).filter(|n| !n.trim().is_empty());
        let passes = |e: &Entry| {
            let p = &e.provider;
            q.ids.as_ref().is_none_or(|ids| ids.contains(&p.id))
                && q.kind.is_none_or(|k| k == p.kind)
                && q.account_connection.is_none_or(|ac| ac == p.account_connection)
                && needle.as_deref().is_none_or(|n| e.search_key.contains(n.trim()))
        };
        let mut pinned: Vec<&Provider> = Vec::new();
        for id in &q.top_ids {
            if let Some(e) = self.entries.iter().find(|e| e.provider.id == *id)
                && passes(e)
                && !pinned.iter().any(|p| p.id == *id)
            {
                pinned.push(&e.provider);
            }
        }
        let rest = self
            .entries
            .iter()
            .filter(|e| passes(e) && !q.top_ids.contains(&e.provider.id))
            .map(|e| &e.provider);
        pinned.into_iter().chain(rest).collect()
    }
}

fn field(name: &str, label: &str, kind: FieldType, pattern: Option<&str>) -> LoginField {
    LoginField {
        name: name.into(),
        label: label.into(),
        kind,
        required: true,
        pattern: pattern.map(Into::into),
    }
}

fn password() -> LoginField {
    field("password", "Password", FieldType::Password, None)
}

/// The ways to log in that the catalogue uses.
#[derive(Clone, Copy)]
enum Auth {
    Email,
    Mobile,
    Username,
    SsNumber,
}

fn auth_type(auth: Auth) -> AuthType {
    let (id, label, first) = match auth {
        Auth::Email => ("EMAIL", "Email", field("email", "Email", FieldType::Email, None)),
        // No pattern: people type numbers as the documents print them, `(+63) 9559991234` or
        // `+63 955-999-1234`, and the login is judged on the number's digits, not its spelling.
        Auth::Mobile => ("MOBILE", "Mobile number", field("mobile", "Mobile number", FieldType::Tel, None)),
        Auth::Username => ("USERNAME", "Username", field("username", "Username", FieldType::Text, None)),
        Auth::SsNumber => (
            "SS_NUMBER",
            "SS number",
            field("ssNumber", "SS number", FieldType::Number, Some(r"^[0-9]{10}$")),
        ),
    };
    AuthType { id: id.into(), label: label.into(), fields: vec![first, password()] }
}

struct Spec {
    id: &'static str,
    name: &'static str,
    long_name: &'static str,
    kind: ProviderType,
    sub_type: (&'static str, &'static str),
    mfa: Option<MfaType>,
    connects: bool,
    auth: &'static [Auth],
}

const fn spec(
    id: &'static str,
    name: &'static str,
    long_name: &'static str,
    kind: ProviderType,
    sub_type: (&'static str, &'static str),
    mfa: Option<MfaType>,
    auth: &'static [Auth],
) -> Spec {
    Spec { id, name, long_name, kind, sub_type, mfa, connects: true, auth }
}

/// An employer whose records come only from uploaded documents.
const fn upload_only(
    id: &'static str,
    name: &'static str,
    long_name: &'static str,
    sub: (&'static str, &'static str),
) -> Spec {
    Spec {
        id,
        name,
        long_name,
        kind: ProviderType::Employer,
        sub_type: sub,
        mfa: None,
        connects: false,
        auth: &[],
    }
}

use Auth::{Email, Mobile, SsNumber, Username};
use MfaType::{OtpEmail, OtpSms};
use ProviderType::{Credential, Employer, Gig, Government, System};

const FREELANCE: (&str, &str) = ("FREELANCE", "Freelance Marketplace");
const RIDES: (&str, &str) = ("RIDE_HAILING", "Ride Hailing");
const DELIVERY: (&str, &str) = ("DELIVERY", "Delivery");
const SOCIAL: (&str, &str) = ("SOCIAL_SECURITY", "Social Security");
const HEALTH: (&str, &str) = ("HEALTH_INSURANCE", "Health Insurance");
const TAX: (&str, &str) = ("TAX", "Tax Authority");
const HRIS: (&str, &str) = ("HRIS", "HR System");
const PAYROLL: (&str, &str) = ("PAYROLL", "Payroll");
const RETAIL: (&str, &str) = ("RETAIL", "Retail");
const BANKING: (&str, &str) = ("BANKING", "Banking");
const FOOD: (&str, &str) = ("FOOD", "Food & Beverage");
const TECH: (&str, &str) = ("TECHNOLOGY", "Technology");
const BPO: (&str, &str) = ("BPO", "Business Process Outsourcing");
const LICENSE: (&str, &str) = ("LICENSE", "Professional License");
const CERTIFICATE: (&str, &str) = ("CERTIFICATE", "Certificate");

const BUILTIN: &[Spec] = &[
    // Gig platforms.
    spec("upwork", "Upwork", "Upwork Global Inc.", Gig, FREELANCE, Some(OtpEmail), &[Email, Username]),
    spec("freelancer", "Freelancer", "Freelancer Technology Pty Ltd", Gig, FREELANCE, None, &[Email]),
    spec("fiverr", "Fiverr", "Fiverr International Ltd.", Gig, FREELANCE, Some(OtpEmail), &[Email]),
    spec("toptal", "Toptal", "Toptal, LLC", Gig, FREELANCE, None, &[Email]),
    spec("onlinejobs_ph", "OnlineJobs.ph", "OnlineJobs.ph", Gig, FREELANCE, None, &[Email]),
    spec("grab", "Grab", "Grab Holdings Inc.", Gig, RIDES, None, &[Mobile, Email]),
    spec("gojek", "Gojek", "PT GoTo Gojek Tokopedia Tbk", Gig, RIDES, Some(OtpSms), &[Mobile]),
    spec("angkas", "Angkas", "DBDOYC Inc.", Gig, RIDES, Some(OtpSms), &[Mobile]),
    spec("uber", "Uber", "Uber Technologies, Inc.", Gig, RIDES, Some(OtpSms), &[Mobile, Email]),
    spec("lalamove", "Lalamove", "Lalamove Philippines Inc.", Gig, DELIVERY, None, &[Mobile]),
    spec("foodpanda", "foodpanda", "Delivery Hero SE", Gig, DELIVERY, Some(OtpSms), &[Mobile, Email]),
    spec("shopeefood", "ShopeeFood", "Shopee Pte. Ltd.", Gig, DELIVERY, None, &[Mobile]),
    // Government services.
    spec(
        "sss_ph",
        "SSS",
        "Social Security System (Philippines)",
        Government,
        SOCIAL,
        Some(OtpSms),
        &[Email, Mobile, SsNumber],
    ),
    spec("pagibig_ph", "Pag-IBIG Fund", "Home Development Mutual Fund", Government, SOCIAL, None, &[Email]),
    spec(
        "philhealth_ph",
        "PhilHealth",
        "Philippine Health Insurance Corporation",
        Government,
        HEALTH,
        None,
        &[Email, Mobile],
    ),
    spec(
        "bir_ph",
        "BIR",
        "Bureau of Internal Revenue (Philippines)",
        Government,
        TAX,
        Some(OtpEmail),
        &[Email],
    ),
    spec(
        "bpjs_tk",
        "BPJS Ketenagakerjaan",
        "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan",
        Government,
        SOCIAL,
        Some(OtpSms),
        &[Email, Mobile],
    ),
    spec(
        "cpf_sg",
        "CPF",
        "Central Provident Fund Board (Singapore)",
        Government,
        SOCIAL,
        Some(OtpSms),
        &[Username],
    ),
    spec(
        "epfo_in",
        "EPFO",
        "Employees' Provident Fund Organisation (India)",
        Government,
        SOCIAL,
        Some(OtpSms),
        &[Mobile, Username],
    ),
    // HR and payroll systems.
    spec("workday", "Workday", "Workday, Inc.", System, HRIS, Some(OtpEmail), &[Email, Username]),
    spec("bamboohr", "BambooHR", "Bamboo HR LLC", System, HRIS, None, &[Email]),
    spec("sprout_hr", "Sprout HR", "Sprout Solutions Philippines", System, PAYROLL, None, &[Email]),
    spec("payrollhero", "PayrollHero", "PayrollHero Inc.", System, PAYROLL, None, &[Email]),
    spec("talenta", "Talenta", "PT Mekari Talenta", System, PAYROLL, Some(OtpEmail), &[Email]),
    spec("greythr", "greytHR", "Greytip Software Pvt. Ltd.", System, PAYROLL, None, &[Username, Email]),
    spec("adp", "ADP", "Automatic Data Processing, Inc.", System, PAYROLL, Some(OtpSms), &[Username]),
    spec("zoho_people", "Zoho People", "Zoho Corporation", System, HRIS, None, &[Email]),
    // Employers.
    spec("jollibee", "Jollibee", "Jollibee Foods Corporation", Employer, FOOD, None, &[Email]),
    spec("nestle_ph", "Nestlé Philippines", "Nestlé Philippines, Inc.", Employer, FOOD, None, &[Email]),
    spec("sm_retail", "SM Retail", "SM Retail Inc.", Employer, RETAIL, None, &[Email, Mobile]),
    spec("bdo", "BDO Unibank", "BDO Unibank, Inc.", Employer, BANKING, Some(OtpSms), &[Username]),
    spec("dbs", "DBS", "DBS Bank Ltd.", Employer, BANKING, Some(OtpSms), &[Username]),
    spec("tokopedia", "Tokopedia", "PT Tokopedia", Employer, TECH, None, &[Email]),
    spec("infosys", "Infosys", "Infosys Limited", Employer, TECH, None, &[Email]),
    spec("concentrix", "Concentrix", "Concentrix Corporation", Employer, BPO, None, &[Email]),
    spec("teleperformance", "Teleperformance", "Teleperformance SE", Employer, BPO, Some(OtpEmail), &[Email]),
    upload_only("cafe_lumiere", "Café Lumière", "Café Lumière Bakehouse", FOOD),
    upload_only(
        "sari_sari_cooperative",
        "Sari-Sari Cooperative",
        "Sari-Sari Store Owners' Cooperative",
        RETAIL,
    ),
    upload_only("bengkel_jaya", "Bengkel Jaya Motor", "CV Bengkel Jaya Motor", RETAIL),
    // Credentials.
    spec(
        "prc_ph",
        "PRC",
        "Professional Regulation Commission (Philippines)",
        Credential,
        LICENSE,
        None,
        &[Email],
    ),
    spec(
        "tesda_ph",
        "TESDA",
        "Technical Education and Skills Development Authority",
        Credential,
        CERTIFICATE,
        None,
        &[Email],
    ),
    spec("coursera", "Coursera", "Coursera, Inc.", Credential, CERTIFICATE, None, &[Email]),
];

/// What the Open API gives for an account of this type (the data endpoints that answer records).
fn supported(kind: ProviderType) -> Vec<String> {
    crate::records::kinds_for(kind).iter().map(|k| k.supported_name().to_string()).collect()
}

fn build(logo_base: &str, s: &Spec) -> Provider {
    Provider {
        id: s.id.into(),
        name: s.name.into(),
        long_name: s.long_name.into(),
        logo_url: format!("{logo_base}/logos/{}.svg", s.id),
        kind: s.kind,
        type_label: s.kind.label().into(),
        sub_type: s.sub_type.0.into(),
        sub_type_label: s.sub_type.1.into(),
        active: true,
        enabled: true,
        mfa: s.mfa.is_some(),
        account_connection: s.connects,
        supported: supported(s.kind),
        login: LoginSpec {
            auth_types: s.auth.iter().map(|a| auth_type(*a)).collect(),
            mfa_types: s.mfa.into_iter().collect(),
        },
    }
}

fn builtin(logo_base: &str) -> Vec<Provider> {
    BUILTIN.iter().map(|s| build(logo_base, s)).collect()
}

const FIRST: &[&str] = &[
    "Pacific",
    "Golden",
    "Metro",
    "Northern",
    "Island",
    "Summit",
    "Harbor",
    "Sunrise",
    "Evergreen",
    "Mabuhay",
    "Nusantara",
    "Lotus",
    "Coral",
    "Emerald",
    "Crescent",
    "Bayan",
    "Sinar",
    "Orchid",
    "Zenith",
    "Señorita",
];
const SECOND: &[&str] = &[
    "Logistics",
    "Foods",
    "Textiles",
    "Builders",
    "Motors",
    "Pharmacy",
    "Trading",
    "Electronics",
    "Bakery",
    "Shipping",
    "Hotels",
    "Clinic",
    "Printing",
    "Farms",
    "Security",
    "Telecom",
    "Café",
    "Outsourcing",
];

/// A deterministic generated employer, `emp_gen_000001` onwards.
fn generated_employer(logo_base: &str, n: u64) -> Provider {
    let first = FIRST[(n as usize) % FIRST.len()];
    let second = SECOND[(n as usize / FIRST.len()) % SECOND.len()];
    let id = format!("emp_gen_{n:06}");
    let name = format!("{first} {second} {n}");
    let mut p = build(
        logo_base,
        &spec("", "", "", Employer, RETAIL, if n.is_multiple_of(5) { Some(OtpSms) } else { None }, &[Email]),
    );
    p.logo_url = format!("{logo_base}/logos/{id}.svg");
    p.long_name = format!("{name} Corporation");
    p.id = id;
    p.name = name;
    p.account_connection = !n.is_multiple_of(10);
    if !p.account_connection {
        p.login.auth_types.clear();
    }
    p
}

/// A self-served logo: the provider's initials on a colour derived from its id.
pub fn logo_svg(id: &str, name: &str) -> String {
    let hue = id.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32)) % 360;
    let initials: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let initials = escape_xml(&initials);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img"><rect width="64" height="64" rx="14" fill="hsl({hue},55%,38%)"/><text x="32" y="41" font-family="system-ui,sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">{initials}</text></svg>"##
    )
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::new("http://x", 0)
    }

    #[test]
    fn the_documented_providers_are_there_with_their_facts() {
        let c = catalogue();
        let upwork = c.get("upwork").unwrap();
        assert!(upwork.mfa && upwork.kind == Gig);
        let grab = c.get("grab").unwrap();
        assert!(!grab.mfa && grab.kind == Gig);
        let sss = c.get("sss_ph").unwrap();
        assert_eq!(sss.kind, Government);
        let ids: Vec<_> = sss.login.auth_types.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["EMAIL", "MOBILE", "SS_NUMBER"]);
        assert!(c.all().any(|p| p.kind == Employer && !p.account_connection));
        for kind in ProviderType::ALL {
            assert!(c.all().filter(|p| p.kind == kind).count() >= 3, "{kind:?}");
        }
    }

    #[test]
    fn mobile_fields_take_numbers_as_people_type_them() {
        let c = catalogue();
        let mobile_fields: Vec<_> = c
            .all()
            .flat_map(|p| &p.login.auth_types)
            .filter(|a| a.id == "MOBILE")
            .flat_map(|a| a.fields.iter().filter(|f| f.name == "mobile"))
            .collect();
        assert!(!mobile_fields.is_empty());
        for f in mobile_fields {
            assert_eq!(f.kind, FieldType::Tel);
            assert_eq!(f.pattern, None, "a pattern would refuse `(+63) 9559991234`");
        }
    }

    #[test]
    fn upwork_logs_in_by_email_or_user_name() {
        let upwork = catalogue().get("upwork").cloned().unwrap();
        let ids: Vec<_> = upwork.login.auth_types.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["EMAIL", "USERNAME"]);
        let username = &upwork.login.auth_types[1].fields[0];
        assert_eq!((username.name.as_str(), username.kind), ("username", FieldType::Text));
    }

    #[test]
    fn name_search_ignores_case_and_accents() {
        let c = catalogue();
        let q = ProviderQuery { name: Some("NESTLE".into()), ..Default::default() };
        let found: Vec<_> = c.query(&q).iter().map(|p| p.id.clone()).collect();
        assert_eq!(found, ["nestle_ph"]);
        let q = ProviderQuery { name: Some("lumiere".into()), ..Default::default() };
        assert_eq!(c.query(&q)[0].id, "cafe_lumiere");
    }

    #[test]
    fn top_ids_come_first_in_their_order_then_the_rest_by_name() {
        let c = catalogue();
        let q = ProviderQuery { top_ids: vec!["upwork".into(), "grab".into()], ..Default::default() };
        let list = c.query(&q);
        assert_eq!(list[0].id, "upwork");
        assert_eq!(list[1].id, "grab");
        assert_eq!(list.len(), c.len());
        let rest: Vec<_> = list[2..].iter().map(|p| fold(&p.name)).collect();
        let mut sorted = rest.clone();
        sorted.sort();
        assert_eq!(rest, sorted);
    }

    #[test]
    fn filters_combine() {
        let c = catalogue();
        let q = ProviderQuery {
            kind: Some(Employer),
            account_connection: Some(false),
            top_ids: vec!["upwork".into()],
            ..Default::default()
        };
        let list = c.query(&q);
        assert!(!list.is_empty());
        assert!(list.iter().all(|p| p.kind == Employer && !p.account_connection));
        let q = ProviderQuery { ids: Some(vec!["grab".into(), "nope".into()]), ..Default::default() };
        assert_eq!(c.query(&q).len(), 1);
    }

    #[test]
    fn generated_employers_are_unique_and_sorted_in() {
        let c = Catalogue::new("http://x", 2000);
        assert_eq!(c.len(), BUILTIN.len() + 2000);
        let mut ids: Vec<_> = c.all().map(|p| p.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), c.len());
    }

    #[test]
    fn logos_escape_their_text() {
        let svg = logo_svg("x", "<b> & co");
        assert!(!svg.contains("<b>"));
    }
}
