//! The module graph stays acyclic around the shared state: handlers and the router both depend on
//! `state`, `state` on neither, and handlers never reach back into the router.

use std::path::Path;

fn source(module: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(format!("{module}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ident(s: &str) -> String {
    s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// The crate modules a source file names through `crate::…` paths, `use crate::{a, b::c}` included.
fn modules_used(module: &str) -> Vec<String> {
    let text = source(module);
    let mut used = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                used.extend(group.split(',').map(ident));
            }
            None => used.push(ident(rest)),
        }
    }
    used.retain(|m| !m.is_empty());
    used
}

#[test]
fn handlers_and_router_share_the_state_module_without_importing_each_other() {
    for handlers in ["api", "open_api"] {
        let used = modules_used(handlers);
        assert!(used.iter().any(|m| m == "state"), "{handlers}.rs takes AppState from state.rs: {used:?}");
        assert!(!used.iter().any(|m| m == "server"), "{handlers}.rs must not import server.rs: {used:?}");
    }
    assert!(modules_used("server").iter().any(|m| m == "state"), "server.rs takes AppState from state.rs");
    let used = modules_used("state");
    for other in ["api", "open_api", "server"] {
        assert!(!used.iter().any(|m| m == other), "state.rs must not import {other}.rs: {used:?}");
    }
}
