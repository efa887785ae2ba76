//! The address bar and the session history: the fragment that holds the
//! scenario, the page's own address, and back and forward.  Every function
//! reports failure as a value because any of these may be missing or
//! refused (private windows, embedded iframes).

use super::events::Listener;
use crate::link::draft::Entry;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current address's fragment, without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment.
pub fn page_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// Shows `fragment` in the address bar, in a new history entry or in place
/// of the current one, as `entry` says.
pub fn set_fragment(fragment: &str, entry: Entry) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = format!("#{fragment}");
    // Browsers refuse too many history updates in a row; that only delays
    // the address, so the refusal is ignored.
    let _ = match entry {
        Entry::Push => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
        Entry::Replace => {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        }
    };
}

/// Calls `moved` whenever back or forward changes the current entry; the
/// listening stops when the returned listener is dropped.
pub fn on_history_move(moved: impl Fn() + 'static) -> Option<Listener> {
    super::events::on_window("popstate", move |_| moved())
}
