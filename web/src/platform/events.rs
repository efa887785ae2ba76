//! Listening to the window and the document: keys pressed anywhere, and
//! whether the screen is narrow.

use wasm_bindgen::JsCast;

/// A listener; dropping it stops the listening.
pub struct Listener {
    /// Held only so that the listening goes on while the handle lives.
    _listener: gloo_events::EventListener,
}

impl Listener {
    fn new(listener: gloo_events::EventListener) -> Listener {
        Listener {
            _listener: listener,
        }
    }
}

/// Listens to `event` on the window.
pub(crate) fn on_window(
    event: &'static str,
    f: impl FnMut(&web_sys::Event) + 'static,
) -> Option<Listener> {
    let window = web_sys::window()?;
    Some(Listener::new(gloo_events::EventListener::new(
        &window, event, f,
    )))
}

/// A key pressed on the page, as the shortcuts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key's value (`" "`, `"ArrowRight"`, `"a"`).
    pub key: String,
    /// Whether Ctrl, Meta or Alt is held.
    pub modified: bool,
    /// Whether focus is in a text field, a menu or on a button, which keep their own keys.
    pub in_field: bool,
}

/// Calls `handle` for every key pressed on the page; when it answers
/// `true`, the key's default action (scrolling, for Space) is prevented.
pub fn on_key(handle: impl Fn(&Key) -> bool + 'static) -> Option<Listener> {
    let window = web_sys::window()?;
    Some(Listener::new(gloo_events::EventListener::new_with_options(
        &window,
        "keydown",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(e) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let in_field = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| {
                    matches!(
                        el.tag_name().as_str(),
                        "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
                    )
                })
                .unwrap_or(false);
            let key = Key {
                key: e.key(),
                modified: e.ctrl_key() || e.meta_key() || e.alt_key(),
                in_field,
            };
            if handle(&key) {
                e.prevent_default();
            }
        },
    )))
}

/// Whether the media query `query` matches now.
pub fn matches(query: &str) -> bool {
    media(query).is_some_and(|q| q.matches())
}

/// Calls `changed` with whether `query` matches each time that changes.
pub fn on_media_change(query: &str, changed: impl Fn(bool) + 'static) -> Option<Listener> {
    let list = media(query)?;
    let target = list.clone();
    Some(Listener::new(gloo_events::EventListener::new(
        &target,
        "change",
        move |_| changed(list.matches()),
    )))
}

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten())
}
