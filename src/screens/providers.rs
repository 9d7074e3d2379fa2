//! The provider list: search bar, type bar, pinned providers first, paged from the link API so it
//! stays fast with thousands of providers (only loaded pages are in the DOM).

use leptos::prelude::*;
use leptos::task::spawn_local;
use smile_link_api::{Provider, ProviderType};
use wasm_bindgen::JsCast;

use crate::api::ProviderQuery;
use crate::components::icon::{Icon, IconKind};
use crate::components::provider_row::ProviderRow;
use crate::components::screen_title::ScreenTitle;
use crate::components::search_field::SearchField;
use crate::components::skeleton::Skeleton;
use crate::components::spinner::Spinner;
use crate::components::type_bar::TypeBar;
use crate::engine::Ctx;
use crate::flow::Event;
use crate::i18n::{Strings, fill};
use crate::options::Settings;

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

/// The first pages of the last few queries, newest last.
#[derive(Default)]
struct FirstPages(Vec<(String, Vec<Provider>, Option<String>)>);

impl FirstPages {
    const KEEP: usize = 12;

    fn get(&self, query: &str) -> Option<(Vec<Provider>, Option<String>)> {
        self.0.iter().find(|(q, ..)| q == query).map(|(_, items, next)| (items.clone(), next.clone()))
    }

    fn put(&mut self, query: String, items: Vec<Provider>, next: Option<String>) {
        self.0.retain(|(q, ..)| *q != query);
        if self.0.len() == Self::KEEP {
            self.0.remove(0);
        }
        self.0.push((query, items, next));
    }
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
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(ListState::Loading);
    // A newer query aborts the request of the one before (and any late answer is dropped), so
    // fast typing sends no more than it needs and never shows stale results. The old list stays
    // until the new one is ready. First pages already seen answer at once (backspacing).
    let sequence = StoredValue::new(0u32);
    let in_flight = StoredValue::new_local(None::<web_sys::AbortController>);
    let seen = StoredValue::new(FirstPages::default());

    let settings_for_fetch = settings.clone();
    let fetch = move |cursor: Option<String>| {
        sequence.update_value(|n| *n += 1);
        let mine = sequence.get_value();
        let append = cursor.is_some();
        let q = list_query(&settings_for_fetch, &query.get_untracked(), kind.get_untracked(), cursor);
        let settings = settings_for_fetch.clone();
        if let Some(previous) = in_flight.try_update_value(Option::take).flatten() {
            previous.abort();
        }
        let key = q.to_query_string();
        if !append && let Some((cached, cursor)) = seen.with_value(|s| s.get(&key)) {
            items.set(cached);
            next.set(cursor);
            state.set(ListState::Ready);
            return;
        }
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        in_flight.set_value(controller);
        state.set(ListState::Loading);
        spawn_local(async move {
            let result = ctx.providers(q, signal).await;
            if sequence.get_value() != mine {
                return;
            }
            in_flight.set_value(None);
            match result {
                Ok(page) => {
                    let page_items = visible(&settings, page.items);
                    if append {
                        items.update(|all| all.extend(page_items));
                    } else {
                        seen.update_value(|s| s.put(key, page_items.clone(), page.next_cursor.clone()));
                        items.set(page_items);
                    }
                    next.set(page.next_cursor);
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
            && let Some(cursor) = next.get_untracked()
        {
            fetch_more(Some(cursor));
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
    let on_choose = Callback::new(move |provider: Provider| ctx.dispatch(Event::ChooseProvider(provider)));
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
                            on:click=move |_| ctx.dispatch(Event::UploadDocuments)
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
            <div class="wink-providers__scroller" on:scroll=on_scroll>
                <ProviderList items=items.into() strings=s on_choose />
                // The first page shows the list's shape; more pages show a small spinner below it.
                <Show when=move || state.get() == ListState::Loading && items.with(Vec::is_empty)>
                    <Skeleton label=s.providers_loading rows=4 />
                </Show>
                <Show when=move || state.get() == ListState::Loading && !items.with(Vec::is_empty)>
                    <Spinner label=s.providers_loading />
                </Show>
                <Show when=move || state.get() == ListState::Ready && items.with(Vec::is_empty)>
                    <p class="wink-empty">{s.providers_empty}</p>
                </Show>
                <Show when=move || state.get() == ListState::Ready && next.with(Option::is_none)>
                    <button
                        type="button"
                        class="wink-button wink-button--link wink-not-listed"
                        on:click=move |_| ctx.dispatch(Event::NotListed(query.get_untracked()))
                    >
                        {s.not_listed}
                    </button>
                </Show>
                <Show when=move || state.get() == ListState::Ready && next.with(Option::is_some)>
                    <button
                        type="button"
                        class="wink-button wink-button--link"
                        on:click={
                            let load_more = load_more.clone();
                            move |_| load_more()
                        }
                    >
                        {s.load_more}
                    </button>
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
    view! {
        <ul class="wink-providers" role="list" aria-label=strings.providers_list_label on:keydown=move_focus>
            <For each=move || items.get() key=|p| p.id.clone() let:provider>
                <ProviderRow provider strings on_choose />
            </For>
        </ul>
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

    #[test]
    fn with_uploads_every_provider_is_listed() {
        let s = settings(json!({"enableUpload": true}));
        assert_eq!(list_query(&s, "", None, None).account_connection, None);
    }
}
