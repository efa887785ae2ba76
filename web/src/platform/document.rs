//! The document around the app and the browser's own settings: the page's
//! language and title, and the languages the person prefers.

/// Sets `<html lang>` and the tab's title, the one text outside the app's root.
pub fn set_language(code: &str, title: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", code);
    }
    document.set_title(title);
}

/// The browser's preferred languages, most preferred first (`navigator.languages`).
pub fn preferred_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

/// Moves keyboard focus to `element` (a node the page rendered), if it is
/// an HTML element; a missing node does nothing.
pub fn focus(element: Option<web_sys::Element>) {
    use wasm_bindgen::JsCast;
    if let Some(el) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The event the page sends its window once it has painted what it opened
/// with; `index.html` waits for it before it registers the service worker,
/// whose download of the whole build would otherwise compete with the
/// page's start.
pub const SHOWN_EVENT: &str = "loopscope-shown";

/// Tells the window that the page has painted what it opened with
/// ([`SHOWN_EVENT`]).
pub fn announce_shown() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(event) = web_sys::Event::new(SHOWN_EVENT) {
        // Nothing listens when the page has no service worker to register.
        let _ = window.dispatch_event(&event);
    }
}
