//! The provider list's rows: plain DOM kept in step with the list by position.
//!
//! Not Leptos views, for speed: with `--cfg erase_components` a rebuilt element removes and sets
//! again every attribute and listener it has, so each keystroke in the search rewrote about 120
//! rows whole. Here a row whose provider is unchanged is not touched, a changed one gets its new
//! texts and logo, and only the difference is added or removed. The list element's one click
//! listener serves every row (see [`Rows::provider_at`]).

use smile_link_api::Provider;
use web_sys::{Document, Element, Node};

use crate::components::provider_logo::{Logos, logo};
use crate::i18n::Strings;

/// The rows of one list element and the providers they show, in order.
pub struct Rows {
    list: Element,
    strings: &'static Strings,
    rows: Vec<Row>,
    shown: Vec<Provider>,
}

/// One row's nodes that change with its provider.
struct Row {
    item: Element,
    logo: Element,
    name: Node,
    detail: Node,
}

impl Rows {
    /// Rows for `list` (a `<ul>`), empty until [`Rows::show`]. Whatever `list` held goes (a view
    /// rebuilt in place hands over the same element).
    pub fn new(list: Element, strings: &'static Strings) -> Rows {
        list.set_inner_html("");
        Rows { list, strings, rows: Vec::new(), shown: Vec::new() }
    }

    /// Makes the rows show `providers`, touching only the rows whose provider changed.
    pub fn show(&mut self, providers: &[Provider]) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let mut logos = Logos::default();
        for (index, provider) in providers.iter().enumerate() {
            // `shown` and `rows` stay the same length: row `index` shows `shown[index]`.
            match self.shown.get(index) {
                Some(old) if old == provider => {}
                Some(old) => {
                    let row = &self.rows[index];
                    if old.name != provider.name || old.logo_url != provider.logo_url {
                        row.logo.set_inner_html("");
                        logo(&document, &row.logo, &provider.name, &provider.logo_url, &mut logos);
                    }
                    row.name.set_node_value(Some(&provider.name));
                    row.detail.set_node_value(Some(&detail(self.strings, provider)));
                }
                None => {
                    let Some(row) = build(&document, self.strings, provider, &mut logos) else { break };
                    let _ = self.list.insert_before(&row.item, None);
                    self.rows.push(row);
                }
            }
        }
        for row in self.rows.drain(providers.len().min(self.rows.len())..) {
            row.item.remove();
        }
        self.shown = providers[..self.rows.len()].to_vec();
        logos.load_after_paint();
    }

    /// The provider of the row that holds `target` (a node inside the list).
    pub fn provider_at(&self, target: Node) -> Option<Provider> {
        let mut node = Some(target);
        while let Some(at) = node {
            if let Some(index) = self.rows.iter().position(|row| *row.item == at) {
                return self.shown.get(index).cloned();
            }
            node = at.parent_node();
        }
        None
    }
}

/// What a row says under the name: the provider's type, and that it takes documents only.
fn detail(strings: &Strings, provider: &Provider) -> String {
    let kind = match strings.type_label(provider.kind) {
        "" => provider.type_label.as_str(),
        known => known,
    };
    if provider.account_connection {
        kind.to_owned()
    } else {
        format!("{kind} · {}", strings.documents_only)
    }
}

/// `<li><button><span logo/><span text><span name/> <span type/></span></button></li>`: a button
/// named by what it shows (the logo is decorative), so speech input can say what it sees.
fn build(document: &Document, strings: &Strings, provider: &Provider, logos: &mut Logos) -> Option<Row> {
    let item = element(document, "li", "wink-providers__item")?;
    let button = child(document, &item, "button", "wink-provider")?;
    let _ = button.set_attribute("type", "button");
    let logo_box = child(document, &button, "span", "wink-logo")?;
    let _ = logo_box.set_attribute("aria-hidden", "true");
    logo(document, &logo_box, &provider.name, &provider.logo_url, logos);
    let text = child(document, &button, "span", "wink-provider__text")?;
    let name = text_child(document, &child(document, &text, "span", "wink-provider__name")?, &provider.name)?;
    // The space keeps name and type two words in the accessible name.
    text_child(document, &text, " ")?;
    let kind = child(document, &text, "span", "wink-provider__type")?;
    let detail = text_child(document, &kind, &detail(strings, provider))?;
    Some(Row { item, logo: logo_box, name, detail })
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    let _ = element.set_attribute("class", class);
    Some(element)
}

/// A new element appended to `parent`.
pub(crate) fn child(document: &Document, parent: &Element, tag: &str, class: &str) -> Option<Element> {
    let element = element(document, tag, class)?;
    parent.insert_before(&element, None).ok()?;
    Some(element)
}

/// A new text node appended to `parent`.
fn text_child(document: &Document, parent: &Element, text: &str) -> Option<Node> {
    let node: Node = document.create_text_node(text).into();
    parent.insert_before(&node, None).ok()
}
