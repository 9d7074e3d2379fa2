//! Widget templates the sandbox knows (a partner's portal would make these).

use smile_link_api::Template;

/// A template with a partner's colour and name, pinning two gig platforms, with uploads on.
pub const DEMO_TEMPLATE_ID: &str = "wtpl-5a4d1e0c2b3f4a5b8c9d0e1f2a3b4c5d";
/// A template that offers government services only.
pub const GOVERNMENT_TEMPLATE_ID: &str = "wtpl-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

pub fn find(id: &str) -> Option<Template> {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match id {
        DEMO_TEMPLATE_ID => Some(Template {
            id: id.into(),
            primary_color: "#0b6e4f".into(),
            company_name: "Acme Lending".into(),
            logo_url: None,
            providers: vec![],
            top_providers: strings(&["upwork", "grab"]),
            enable_upload: true,
        }),
        GOVERNMENT_TEMPLATE_ID => Some(Template {
            id: id.into(),
            primary_color: "#1d4ed8".into(),
            company_name: "Bayan Credit".into(),
            logo_url: None,
            providers: strings(&["sss_ph", "pagibig_ph", "philhealth_ph", "bir_ph"]),
            top_providers: strings(&["sss_ph"]),
            enable_upload: false,
        }),
        _ => None,
    }
}
