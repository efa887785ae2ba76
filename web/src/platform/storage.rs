//! The browser's `localStorage`: the draft, the draft set aside by a link,
//! and the chosen language.  Storage may be full, disabled or missing, so
//! every function reports failure as a value.

/// Where the working draft is kept.
pub const DRAFT_KEY: &str = "loopscope.draft";
/// Where a draft set aside by an opened link is kept.
pub const PREVIOUS_KEY: &str = "loopscope.previous-draft";
/// Where the chosen language is remembered.
pub const LANG_KEY: &str = "loopscope.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads a stored value (`None` when absent or storage is unavailable).
pub fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Stores a value; `false` when storage is full, disabled or missing.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a stored value.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}
