//! The provider list: search bar, type bar, pinned providers first, paged from the link API so it
//! stays fast with thousands of providers (only loaded pages are in the DOM).

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::{Provider, ProviderType};
use wasm_bindgen::JsCast;

use crate::api::ProviderQuery;
use crate::components::handler;
use crate::components::icon::{Icon, IconKind};
use crate::components::provider_rows::Rows;
use crate::components::screen_title::ScreenTitle;
use crate::components::search_field::SearchField;
use crate::components::skeleton::Skeleton;
use crate::components::spinner::Spinner;
use crate::components::type_bar::TypeBar;
use crate::engine::Ctx;
use crate::flow::Event;
use crate::i18n::{Strings, fill};
use crate::options::Settings;
use crate::screens::provider_index;

/// Providers fetched per page.
pub const PAGE_SIZE: usize = 30;

/// The `GET /providers` query for the list as the settings and the user's filters define it.
pub fn list_query(
    settings: &Settings,
    name: &str,
    kind: Option<ProviderType>,
    cursor: Option<String>,
) -> ProviderQuery {
    ProviderQuery {
        ids: settings.providers.clone(),
        top_ids: settings.top_providers.clone(),
        kind,
        name: name.to_owned(),
        // Without uploads, providers that only take documents cannot be used: hide them.
        account_connection: (!settings.enable_upload).then_some(true),
        size: PAGE_SIZE,
        cursor,
    }
}

/// What a page of results adds to the list: upload-only providers are dropped without uploads, in
/// case a server ignores `accountConnection`.
pub fn visible(settings: &Settings, page: Vec<Provider>) -> Vec<Provider> {
    page.into_iter().filter(|p| settings.enable_upload || p.account_connection).collect()
}

/// About what the list shows without scrolling: a remembered start of an answer this long is
/// shown at once, before the API's page.
pub const SCREENFUL: usize = 10;

/// A name as the API matches it: accents stripped (NFD without marks), then lowercased, as
/// the link API does. The browser's Unicode tables, so the wasm carries none. `Σ` becomes `σ`
/// first because `toLowerCase` alone would make a final sigma `ς`, where the API lowercases each
/// letter alone.
#[cfg(target_arch = "wasm32")]
pub fn fold(text: &str) -> String {
    thread_local! {
        static MARKS: js_sys::RegExp = js_sys::RegExp::new("\\p{M}", "gu");
        static SIGMA: js_sys::RegExp = js_sys::RegExp::new("\u{3a3}", "g");
    }
    let text = js_sys::JsString::from(text).normalize("NFD");
    let text = MARKS.with(|marks| text.replace_by_pattern(marks, ""));
    let text = SIGMA.with(|sigma| text.replace_by_pattern(sigma, "\u{3c3}"));
    text.to_lower_case().into()
}

/// Native tests have no browser: case only (their names carry no accents).
#[cfg(not(target_arch = "wasm32"))]
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// What the API matches a query's `name` against: the whole query string folded and trimmed.
pub fn needle(name: &str) -> String {
    fold(name.trim()).trim().to_owned()
}

/// One query's answer as far as it was loaded: its first page and any pages loaded after it.
struct Answer {
    /// The whole query string, for exact lookups.
    key: String,
    /// The query string without its name: a refinement must agree on every other filter.
    filters: String,
    needle: String,
    items: Vec<Provider>,
    next: Option<String>,
    /// Each item's name and long name as the API matches them, made on first use.
    folded: Vec<String>,
}

impl Answer {
    /// The loaded items that match `needle`, in order.
    fn matching(&mut self, needle: &str) -> Vec<Provider> {
        for p in &self.items[self.folded.len()..] {
            self.folded.push(format!("{} {}", fold(&p.name), fold(&p.long_name)));
        }
        self.items
            .iter()
            .zip(&self.folded)
            .filter(|(_, key)| key.contains(needle))
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// What the answers already seen tell about a new query, without asking the API.
#[derive(Debug, PartialEq)]
enum Known {
    /// The API's own answer: its first page and the cursor after it.
    Answer(Vec<Provider>, Option<String>),
    /// The first providers of the API's answer (at least a screenful); the rest must be asked.
    Start(Vec<Provider>),
}

/// The answers of the last few queries, newest last.
///
/// The API lists every provider whose folded "name longName" contains the folded query, pinned
/// ones first, then by name. So when a query's needle contains an earlier one's, the earlier
/// answer's matching items are the start of the new answer, in the same order: all of it when
/// the earlier answer was loaded to its end, else as far as it was loaded.
#[derive(Default)]
struct Seen(Vec<Answer>);

impl Seen {
    const KEEP: usize = 12;

    fn known(&mut self, key: &str, filters: &str, needle: &str) -> Option<Known> {
        // The same needle is the same answer ("Nestle" and "nestlé"); kept as the newest.
        if let Some(at) =
            self.0.iter().position(|a| a.key == key || (a.filters == filters && a.needle == needle))
        {
            let a = self.0.remove(at);
            let known = Known::Answer(a.items.clone(), a.next.clone());
            self.0.push(a);
            return Some(known);
        }
        let mut start = Vec::new();
        for a in
            self.0.iter_mut().rev().filter(|a| a.filters == filters && needle.contains(a.needle.as_str()))
        {
            let found = a.matching(needle);
            if a.next.is_none() {
                return Some(Known::Answer(found, None));
            }
            if found.len() > start.len() {
                start = found;
            }
        }
        (start.len() >= SCREENFUL).then_some(Known::Start(start))
    }

    fn put(
        &mut self,
        key: String,
        filters: String,
        needle: String,
        items: Vec<Provider>,
        next: Option<String>,
    ) {
        self.0.retain(|a| a.key != key);
        if self.0.len() == Self::KEEP {
            self.0.remove(0);
        }
        self.0.push(Answer { key, filters, needle, items, next, folded: Vec::new() });
    }

    /// A further page of `key`'s answer, loaded from `cursor`.
    fn extend(&mut self, key: &str, cursor: &str, items: &[Provider], next: Option<String>) {
        if let Some(a) = self.0.iter_mut().find(|a| a.key == key && a.next.as_deref() == Some(cursor)) {
            a.items.extend_from_slice(items);
            a.next = next;
        }
    }
}

/// Where the list goes on past what it shows: the API's next page, or further matches in the index.
#[derive(Debug, Clone, PartialEq)]
enum More {
    Cursor(String),
    Index,
}

/// Fetches and keeps the index of `list` (`ProviderQuery::index_query_string`).
async fn fetch_index(ctx: Ctx, list: String) {
    let index = ctx
        .provider_index(&list)
        .await
        .ok()
        .and_then(|columns| provider_index::Index::new(list.clone(), columns));
    provider_index::arrived(&list, index);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListState {
    Loading,
    Ready,
}

/// The provider list screen.
#[component]
pub fn ProvidersScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = ctx.strings();
    let settings = ctx.settings.get_untracked();
    let (show_search, show_types) = (settings.enable_search_bar, settings.enable_type_bar);
    let query = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<ProviderType>);
    let items = RwSignal::new(Vec::<Provider>::new());
    let next = RwSignal::new(None::<More>);
    let state = RwSignal::new(ListState::Loading);
    // A newer query aborts the request of the one before (and any late answer is dropped), so
    // fast typing sends no more than it needs and never shows stale results. The old list stays
    // until the new one is ready. Answers already seen answer at once (backspacing), and so do
    // refinements of an answer loaded to its end (see `Seen`). A list longer than a page fetches
    // its index once, and from then on searches in memory (see `provider_index`).
    let sequence = StoredValue::new(0u32);
    let in_flight = StoredValue::new_local(None::<web_sys::AbortController>);
    // The rows shown come from the index (their providers are fetched in full when picked).
    let from_index = StoredValue::new(false);

    let seen = StoredValue::new(Seen::default());
    let settings_for_fetch = settings.clone();
    let fetch = move |more: Option<More>| {
        sequence.update_value(|n| *n += 1);
        let mine = sequence.get_value();
        let name = query.get_untracked();
        let cursor = match &more {
            Some(More::Cursor(cursor)) => Some(cursor.clone()),
            _ => None,
        };
        let q = list_query(&settings_for_fetch, &name, kind.get_untracked(), cursor);
        let settings = settings_for_fetch.clone();
        if let Some(previous) = in_flight.try_update_value(Option::take).flatten() {
            previous.abort();
        }
        let key = list_query(&settings, &name, q.kind, None).to_query_string();
        let filters = list_query(&settings, "", q.kind, None).to_query_string();
        let list = q.index_query_string();
        let needle = needle(&name);
        if q.cursor.is_none()
            && let Some(index) = provider_index::ready(&list)
        {
            let shown = match more {
                Some(More::Index) => items.with_untracked(Vec::len),
                _ => 0,
            };
            let found = index.find(q.kind, &needle, settings.enable_upload, shown + PAGE_SIZE);
            from_index.set_value(true);
            items.set(found.rows);
            next.set(found.more.then_some(More::Index));
            state.set(ListState::Ready);
            return;
        }
        if q.cursor.is_none() {
            match seen.try_update_value(|s| s.known(&key, &filters, &needle)).flatten() {
                Some(Known::Answer(cached, cursor)) => {
                    from_index.set_value(false);
                    items.set(cached);
                    next.set(cursor.map(More::Cursor));
                    state.set(ListState::Ready);
                    return;
                }
                // The start of the answer at once; the API's page replaces it (its rows reused).
                Some(Known::Start(start)) => {
                    from_index.set_value(false);
                    items.set(start);
                }
                None => {}
            }
        }
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        in_flight.set_value(controller);
        state.set(ListState::Loading);
        let searchable = show_search;
        spawn_local(async move {
            let cursor = q.cursor.clone();
            let result = ctx.providers(q, signal).await;
            if sequence.try_get_value() != Some(mine) {
                return;
            }
            in_flight.set_value(None);
            match result {
                Ok(page) => {
                    let page_items = visible(&settings, page.items);
                    // A search whose answer is longer than a page: refinements will ask the API
                    // too, so the index is fetched, once, after this page shows.
                    let long_search = cursor.is_none() && !needle.is_empty() && page.next_cursor.is_some();
                    if searchable && long_search && provider_index::start_fetching(&list) {
                        spawn_local(fetch_index(ctx, list));
                    }
                    from_index.set_value(false);
                    if let Some(cursor) = cursor {
                        seen.update_value(|s| s.extend(&key, &cursor, &page_items, page.next_cursor.clone()));
                        items.update(|all| all.extend(page_items));
                    } else {
                        seen.update_value(|s| {
                            s.put(key, filters, needle, page_items.clone(), page.next_cursor.clone())
                        });
                        items.set(page_items);
                    }
                    next.set(page.next_cursor.map(More::Cursor));
                    state.set(ListState::Ready);
                }
                Err(crate::api::ApiError::Aborted) => {}
                Err(error) => ctx.dispatch(Event::ListFailed(error)),
            }
        });
    };
    on_cleanup(move || {
        if let Some(request) = in_flight.try_update_value(Option::take).flatten() {
            request.abort();
        }
    });
    let fetch_first = fetch.clone();
    Effect::new(move |_| {
        query.track();
        kind.track();
        fetch_first(None);
    });
    let fetch_more = fetch.clone();
    let load_more = move || {
        if state.get_untracked() == ListState::Ready
            && let Some(more) = next.get_untracked()
        {
            fetch_more(Some(more));
        }
    };
    let load_more_on_scroll = load_more.clone();
    let on_scroll = move |ev: web_sys::Event| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        if el.scroll_top() + el.client_height() >= el.scroll_height() - 200 {
            load_more_on_scroll();
        }
    };
    // A row of the index carries no login form: the provider is fetched in full first (once,
    // however often it is clicked meanwhile).
    let picking = StoredValue::new(false);
    let on_choose = Callback::new(move |provider: Provider| {
        if !from_index.get_value() {
            return ctx.dispatch(Event::ChooseProvider(provider));
        }
        if picking.get_value() {
            return;
        }
        picking.set_value(true);
        spawn_local(async move {
            let result = ctx.provider(provider.id).await;
            if picking.try_get_value().is_none() {
                return;
            }
            picking.set_value(false);
            match result {
                Ok(provider) => ctx.dispatch(Event::ChooseProvider(provider)),
                Err(error) => ctx.dispatch(Event::ListFailed(error)),
            }
        });
    });
    let uploads = ctx.flow.with_untracked(|f| f.uploads());
    let locale = ctx.settings.with_untracked(|st| st.locale).tag();

    view! {
        <section class="wink-screen wink-screen--list">
            <ScreenTitle text=s.providers_title.to_owned() />
            {show_search
                .then(|| {
                    view! {
                        <SearchField
                            label=s.search_label
                            placeholder=s.search_placeholder
                            value=query
                            on_arrow_down=focus_first_provider
                        />
                    }
                })}
            {show_types.then(|| view! { <TypeBar strings=s selected=kind /> })}
            {uploads
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="wink-provider wink-provider--upload"
                            on:click=handler(move |_| ctx.dispatch(Event::UploadDocuments))
                        >
                            <span class="wink-logo" aria-hidden="true">
                                <Icon kind=IconKind::Upload />
                            </span>
                            <span class="wink-provider__text">
                                <span class="wink-provider__name">{s.upload_entry}</span>
                                <span class="wink-provider__type">{s.upload_entry_detail}</span>
                            </span>
                        </button>
                    }
                })}
            <div class="wink-providers__scroller" on:scroll=handler(on_scroll)>
                <ProviderList items=items.into() strings=s on_choose />
                // The first page shows the list's shape; more pages show a small spinner below it.
                <Show when=move || state.get() == ListState::Loading && items.with(Vec::is_empty)>
                    <Skeleton label=s.providers_loading rows=4 />
                </Show>
                <Show when=move || state.get() == ListState::Loading && !items.with(Vec::is_empty)>
                    <Spinner label=s.providers_loading />
                </Show>
                <Show when=move || state.get() == ListState::Ready && items.with(Vec::is_empty)>
                    {view! {
                        <p class="wink-empty">{s.providers_empty}</p>
                    }
                    .into_any()}
                </Show>
                <Show when=move || state.get() == ListState::Ready && next.with(Option::is_none)>
                    {view! {
                        <button
                            type="button"
                            class="wink-button wink-button--link wink-not-listed"
                            on:click=handler(move |_| ctx.dispatch(Event::NotListed(query.get_untracked())))
                        >
                            {s.not_listed}
                        </button>
                    }
                    .into_any()}
                </Show>
                <Show when=move || state.get() == ListState::Ready && next.with(Option::is_some)>
                    {view! {
                        <button
                            type="button"
                            class="wink-button wink-button--link"
                            on:click=handler({
                                let load_more = load_more.clone();
                                move |_| load_more()
                            })
                        >
                            {s.load_more}
                        </button>
                    }
                    .into_any()}
                </Show>
            </div>
            <p class="wink-sr-only" role="status">
                {move || {
                    (state.get() == ListState::Ready)
                        .then(|| {
                            let count = crate::dom::format_number(items.with(Vec::len) as u32, locale);
                            fill(s.providers_count, &[("count", &count)])
                        })
                }}
            </p>
        </section>
    }
}

/// The list of provider buttons; arrow keys, Home and End move between them.
#[component]
pub fn ProviderList(
    /// The providers shown, in order.
    items: Signal<Vec<Provider>>,
    /// The locale's strings.
    strings: &'static Strings,
    /// Called with the chosen provider.
    on_choose: Callback<Provider>,
) -> impl IntoView {
    // Rows are plain DOM reused by position (`provider_rows`): a new list touches only the rows
    // whose provider changed and adds or removes the difference.
    let rows = StoredValue::new_local(None::<Rows>);
    let fill = move |list: web_sys::Element| {
        rows.set_value(Some(Rows::new(list, strings)));
        let effect = RenderEffect::new(move |_| {
            items.with(|items| {
                rows.update_value(|rows| {
                    if let Some(rows) = rows {
                        rows.show(items);
                    }
                })
            })
        });
        on_cleanup(move || drop(effect));
    };
    let choose = move |ev: web_sys::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let chosen = target.and_then(|t| rows.with_value(|rows| rows.as_ref()?.provider_at(t.into())));
        if let Some(provider) = chosen {
            on_choose.run(provider);
        }
    };
    view! {
        <ul
            class="wink-providers"
            role="list"
            aria-label=strings.providers_list_label
            on:keydown=handler(move_focus)
            on:click=handler(choose)
            use:fill
        ></ul>
    }
}

fn move_focus(ev: web_sys::KeyboardEvent) {
    let key = ev.key();
    if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
        return;
    }
    let Some(list) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Ok(buttons) = list.query_selector_all(".wink-provider") else { return };
    let count = buttons.length();
    if count == 0 {
        return;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let current = (0..count).find(|&i| {
        buttons.item(i).zip(active.as_ref()).is_some_and(|(b, a)| b.unchecked_ref::<web_sys::Element>() == a)
    });
    let target = match (key.as_str(), current) {
        ("Home", _) | ("ArrowDown", None) => 0,
        ("End", _) | (_, None) => count - 1,
        ("ArrowDown", Some(i)) => (i + 1).min(count - 1),
        (_, Some(i)) => i.saturating_sub(1),
    };
    ev.prevent_default();
    if let Some(button) = buttons.item(target).and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = button.focus();
    }
}

fn focus_first_provider() {
    let first = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".wink-provider").ok().flatten());
    if let Some(button) = first.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = button.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::WidgetOptions;
    use serde_json::json;

    fn settings(options: serde_json::Value) -> Settings {
        Settings::resolve(&WidgetOptions::read(Some(&options)).unwrap(), "tk-sandbox-x", None, &["en"])
    }

    #[test]
    fn the_list_query_carries_the_filter_pins_and_hides_upload_only_providers() {
        let s = settings(json!({"providers": ["grab", "upwork"], "topProviders": ["upwork"]}));
        let q = list_query(&s, "gr", Some(ProviderType::Gig), None);
        assert_eq!(q.ids, ["grab", "upwork"]);
        assert_eq!(q.top_ids, ["upwork"]);
        assert_eq!(q.account_connection, Some(true));
        assert_eq!(
            q.to_query_string(),
            "ids=grab%2Cupwork&topIds=upwork&type=GIG&name=gr&accountConnection=true&size=30"
        );
    }

    fn provider(name: &str, long_name: &str) -> Provider {
        serde_json::from_value(json!({
            "id": name.to_lowercase().replace(' ', "_"), "name": name, "longName": long_name, "logoUrl": "",
            "type": "EMPLOYER", "typeLabel": "Employer", "subType": "", "subTypeLabel": "", "active": true,
            "enabled": true, "mfa": false, "accountConnection": true, "supported": [],
            "login": {"authTypes": [], "mfaTypes": []}
        }))
        .unwrap()
    }

    fn names(list: &[Provider]) -> Vec<&str> {
        list.iter().map(|p| p.name.as_str()).collect()
    }

    fn answer(seen: &mut Seen, filters: &str, name: &str, items: Vec<Provider>, next: Option<&str>) {
        seen.put(format!("{filters}&name={name}"), filters.into(), needle(name), items, next.map(Into::into));
    }

    fn known(seen: &mut Seen, filters: &str, name: &str) -> Option<Known> {
        seen.known(&format!("{filters}&name={name}"), filters, &needle(name))
    }

    #[test]
    fn a_refinement_of_an_answer_loaded_to_its_end_is_that_answer_filtered_in_order() {
        let mut seen = Seen::default();
        let pinned = provider("Upwork", "Upwork Global Inc.");
        let rest =
            [provider("Golden Foods 1", "Golden Foods 1 Corporation"), provider("Grab", "Grab Holdings")];
        answer(&mut seen, "f", "g", [vec![pinned], rest.to_vec()].concat(), None);
        // "Upwork" matches by its long name; pinned first stays first.
        let Some(Known::Answer(list, None)) = known(&mut seen, "f", "GL") else { panic!() };
        assert_eq!(names(&list), ["Upwork"]);
        let Some(Known::Answer(list, None)) = known(&mut seen, "f", "  gr ") else { panic!() };
        assert_eq!(names(&list), ["Grab"]);
        // Across the gap between name and long name, as the API matches "name longName".
        let Some(Known::Answer(list, None)) = known(&mut seen, "f", "1 golden") else { panic!() };
        assert_eq!(names(&list), ["Golden Foods 1"]);
        let Some(Known::Answer(list, None)) = known(&mut seen, "f", "gxyz") else { panic!() };
        assert!(list.is_empty());
        // Other filters (a type, pins) are another query.
        assert_eq!(known(&mut seen, "other", "gr"), None);
        // Not a refinement: "a" does not contain "g".
        assert_eq!(known(&mut seen, "f", "a"), None);
    }

    #[test]
    fn an_answer_not_loaded_to_its_end_gives_the_start_of_a_refinement_only_a_screenful_at_a_time() {
        let mut seen = Seen::default();
        let many: Vec<Provider> = (0..30)
            .map(|n| provider(&format!("Bayan {} {n}", if n % 2 == 0 { "Motors" } else { "Foods" }), ""))
            .collect();
        answer(&mut seen, "f", "bayan", many.clone(), Some("next"));
        // 15 of the 30 loaded match: the first 15 of the new answer; the API still has to be asked.
        let Some(Known::Start(start)) = known(&mut seen, "f", "bayan motors") else { panic!() };
        assert_eq!(start.len(), 15);
        assert!(start.iter().all(|p| p.name.contains("Motors")));
        // Fewer than a screenful: nothing to show yet.
        assert_eq!(known(&mut seen, "f", "bayan motors 1"), None);
        // The same needle is the same answer, cursor and all.
        assert_eq!(known(&mut seen, "f", "BAYAN "), Some(Known::Answer(many, Some("next".into()))));
    }

    #[test]
    fn pages_loaded_after_the_first_complete_an_answer() {
        let mut seen = Seen::default();
        let first: Vec<Provider> = (0..10).map(|n| provider(&format!("Zenith Bakery {n}"), "")).collect();
        answer(&mut seen, "f", "zen", first, Some("c1"));
        assert_eq!(known(&mut seen, "f", "zenith bakery 1"), None);
        // A page from another cursor is not this answer's next one.
        seen.extend("f&name=zen", "c9", &[provider("Zenith Bakery 99", "")], None);
        assert_eq!(known(&mut seen, "f", "zenith bakery 1"), None);
        seen.extend(
            "f&name=zen",
            "c1",
            &[provider("Zenith Bakery 10", ""), provider("Zenith Bakery 11", "")],
            None,
        );
        let Some(Known::Answer(list, None)) = known(&mut seen, "f", "zenith bakery 1") else { panic!() };
        assert_eq!(names(&list), ["Zenith Bakery 1", "Zenith Bakery 10", "Zenith Bakery 11"]);
    }

    #[test]
    fn the_last_twelve_answers_are_kept_and_a_lookup_keeps_one() {
        let mut seen = Seen::default();
        answer(&mut seen, "f", "", vec![provider("Grab", "")], Some("c"));
        for n in 0..11 {
            answer(&mut seen, "f", &format!("q{n}"), vec![], None);
        }
        // Looked up, the first answer becomes the newest: the next one pushes out "q0" instead.
        assert!(matches!(known(&mut seen, "f", ""), Some(Known::Answer(..))));
        answer(&mut seen, "f", "q11", vec![], None);
        assert!(matches!(known(&mut seen, "f", ""), Some(Known::Answer(..))));
        assert_eq!(known(&mut seen, "f", "q0"), None);
        assert!(matches!(known(&mut seen, "f", "q1"), Some(Known::Answer(..))));
    }

    #[test]
    fn with_uploads_every_provider_is_listed() {
        let s = settings(json!({"enableUpload": true}));
        assert_eq!(list_query(&s, "", None, None).account_connection, None);
    }
}
