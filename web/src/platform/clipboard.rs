//! The clipboard.

/// Copies `text` to the clipboard, then calls `done` with whether the
/// browser allowed it (it may ask the person, so the answer comes later).
pub fn copy(text: String, done: impl FnOnce(bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            done(false);
            return;
        };
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
            .await
            .is_ok();
        done(copied);
    });
}
