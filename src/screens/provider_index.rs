//! A long provider list searched in memory: the link API's provider index (`GET /providerIndex`),
//! fetched once per list, answers every keystroke without a request.
//!
//! The index holds every provider the list can show, in the list's order for an empty search. The
//! API lists the providers whose folded "name longName" contains the folded query in that same
//! order (pinned ones first, then by name), so any search's answer is the index filtered by name
//! and type, in order. Rows show what the index carries; a picked provider is fetched in full.

use std::cell::RefCell;
use std::rc::Rc;

use smile_link_api::{LoginSpec, Provider, ProviderIndex, ProviderType};

use crate::screens::providers::fold;

/// Between the texts folded at once: a control character no name holds.
const SEPARATOR: &str = "\u{1f}";

/// An index and the folded text each of its providers is matched by.
pub struct Index {
    /// The list it holds, as `ProviderQuery::index_query_string` writes it.
    pub list: String,
    columns: ProviderIndex,
    keys: Vec<String>,
}

/// What a search of the index found.
#[derive(Debug, PartialEq)]
pub struct Found {
    /// The first matches, in the list's order.
    pub rows: Vec<Provider>,
    /// More providers match than were asked for.
    pub more: bool,
}

impl Index {
    /// The index of `list`; `None` when a name or long name holds the character the texts are
    /// joined by (a column read from the API cannot: see `json::Json::as_texts`).
    pub fn new(list: String, columns: ProviderIndex) -> Option<Index> {
        // Folded as one text, since each fold asks the browser's Unicode tables.
        let joined: String = columns
            .names
            .iter()
            .zip(&columns.long_names)
            .flat_map(|(name, long_name)| [name.as_str(), " ", long_name.as_str(), SEPARATOR])
            .collect();
        let mut keys: Vec<String> = fold(&joined).split(SEPARATOR).map(str::to_owned).collect();
        keys.pop();
        (keys.len() == columns.ids.len()).then_some(Index { list, columns, keys })
    }

    /// The first `count` providers of `kind` (any, when `None`) whose folded text contains
    /// `needle` (see `providers::needle`); without `uploads`, only those that connect an account.
    pub fn find(&self, kind: Option<ProviderType>, needle: &str, uploads: bool, count: usize) -> Found {
        let c = &self.columns;
        let mut rows = Vec::new();
        for (i, key) in self.keys.iter().enumerate() {
            let fits = kind.is_none_or(|k| c.types[i] == k) && (uploads || c.account_connection[i]);
            if !fits || !key.contains(needle) {
                continue;
            }
            if rows.len() == count {
                return Found { rows, more: true };
            }
            rows.push(self.row(i));
        }
        Found { rows, more: false }
    }

    /// Provider `i` as a row shows it: its name, logo, type and whether it connects an account.
    /// The rest (the login form among it) comes with `GET /providers/{id}` when it is picked.
    fn row(&self, i: usize) -> Provider {
        let c = &self.columns;
        Provider {
            id: c.ids[i].clone(),
            name: c.names[i].clone(),
            long_name: c.long_names[i].clone(),
            logo_url: c.logo_urls[i].clone(),
            kind: c.types[i],
            type_label: String::new(),
            sub_type: String::new(),
            sub_type_label: String::new(),
            active: true,
            enabled: true,
            mfa: false,
            account_connection: c.account_connection[i],
            supported: Vec::new(),
            login: LoginSpec { auth_types: Vec::new(), mfa_types: Vec::new() },
        }
    }
}

/// The index of the list last searched, or the list whose index is on its way or could not be
/// had; kept while the widget page lives, so coming back to the list does not fetch it again.
pub enum Held {
    Nothing,
    Fetching(String),
    Ready(Rc<Index>),
    Failed(String),
}

thread_local! {
    static HELD: RefCell<Held> = const { RefCell::new(Held::Nothing) };
}

/// The index of `list`, when it is here.
pub fn ready(list: &str) -> Option<Rc<Index>> {
    HELD.with_borrow(|held| match held {
        Held::Ready(index) if index.list == list => Some(index.clone()),
        _ => None,
    })
}

/// Whether `list`'s index should be fetched now: not here and not on its way. Marks it on its way.
pub fn start_fetching(list: &str) -> bool {
    HELD.with_borrow_mut(|held| {
        let here = match held {
            Held::Ready(index) => index.list == list,
            Held::Fetching(other) | Held::Failed(other) => other == list,
            Held::Nothing => false,
        };
        if !here {
            *held = Held::Fetching(list.to_owned());
        }
        !here
    })
}

/// Keeps `index`; `None` (the fetch failed, after its retries) leaves the list asking the API,
/// and the index is not asked for again, so an API in trouble gets no more requests from it.
pub fn arrived(list: &str, index: Option<Index>) {
    HELD.with_borrow_mut(|held| {
        if matches!(held, Held::Fetching(fetching) if fetching == list) {
            *held = match index {
                Some(index) => Held::Ready(Rc::new(index)),
                None => Held::Failed(list.to_owned()),
            };
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: &[(&str, &str, ProviderType, bool)]) -> Index {
        index_of("accountConnection=true", rows)
    }

    fn index_of(list: &str, rows: &[(&str, &str, ProviderType, bool)]) -> Index {
        let columns = ProviderIndex {
            ids: rows.iter().map(|r| r.0.to_lowercase().replace(' ', "_")).collect(),
            names: rows.iter().map(|r| r.0.to_owned()).collect(),
            long_names: rows.iter().map(|r| r.1.to_owned()).collect(),
            logo_urls: rows.iter().map(|r| format!("/logos/{}.svg", r.0)).collect(),
            types: rows.iter().map(|r| r.2).collect(),
            account_connection: rows.iter().map(|r| r.3).collect(),
        };
        Index::new(list.into(), columns).unwrap()
    }

    fn names(found: &Found) -> Vec<&str> {
        found.rows.iter().map(|p| p.name.as_str()).collect()
    }

    const E: ProviderType = ProviderType::Employer;
    const G: ProviderType = ProviderType::Gig;

    #[test]
    fn a_search_is_the_index_filtered_by_name_and_long_name_in_its_order() {
        let i = index(&[
            ("Grab", "Grab Holdings", G, true),
            ("Acme", "Acme Grabbers Inc", E, true),
            ("Beta", "Beta Corp", E, true),
        ]);
        assert_eq!(names(&i.find(None, "grab", false, 30)), ["Grab", "Acme"]);
        assert_eq!(names(&i.find(None, "", false, 30)), ["Grab", "Acme", "Beta"]);
        assert_eq!(names(&i.find(None, "zzq", false, 30)), Vec::<&str>::new());
        // Across the space between the name and the long name, as the API matches.
        assert_eq!(names(&i.find(None, "beta beta", false, 30)), ["Beta"]);
    }

    #[test]
    fn the_type_and_upload_only_providers_filter_it_too() {
        let i = index(&[("Grab", "Grab", G, true), ("Acme", "Acme", E, true), ("Docs", "Docs", E, false)]);
        assert_eq!(names(&i.find(Some(E), "", false, 30)), ["Acme"]);
        assert_eq!(names(&i.find(Some(E), "", true, 30)), ["Acme", "Docs"]);
    }

    #[test]
    fn it_gives_as_many_as_asked_and_says_when_more_match() {
        let i = index(&[("A1", "A1", E, true), ("A2", "A2", E, true), ("A3", "A3", E, true)]);
        let two = i.find(None, "a", false, 2);
        assert_eq!((names(&two), two.more), (vec!["A1", "A2"], true));
        let three = i.find(None, "a", false, 3);
        assert_eq!((names(&three), three.more), (vec!["A1", "A2", "A3"], false));
    }

    #[test]
    fn a_row_carries_what_the_list_shows_and_no_login_form() {
        let i = index(&[("Grab", "Grab Holdings", G, true)]);
        let row = &i.find(None, "", false, 1).rows[0];
        assert_eq!((row.id.as_str(), row.logo_url.as_str(), row.kind), ("grab", "/logos/Grab.svg", G));
        assert!(row.login.auth_types.is_empty());
    }

    #[test]
    fn a_name_with_a_line_break_is_matched_on_its_own_and_one_with_the_separator_makes_no_index() {
        let i = index(&[("Odd\nName", "Odd", E, true), ("Next", "Next", E, true)]);
        assert_eq!(names(&i.find(None, "next", false, 30)), ["Next"]);
        let columns =
            ProviderIndex { ids: vec!["x".into()], names: vec!["a\u{1f}b".into()], ..Default::default() };
        let columns = ProviderIndex { long_names: vec![String::new()], ..columns };
        assert!(Index::new("l".into(), columns).is_none());
    }

    #[test]
    fn the_index_of_one_list_is_kept_and_another_list_fetches_its_own() {
        assert!(start_fetching("a"));
        assert!(!start_fetching("a"), "already on its way");
        arrived("a", Some(index_of("a", &[])));
        assert!(ready("a").is_some());
        assert!(ready("b").is_none());
        assert!(start_fetching("b"));
        arrived("b", None);
        assert!(ready("b").is_none());
        assert!(!start_fetching("b"), "a failed index is not asked for again");
        assert!(start_fetching("a"), "another list's is");
    }
}
