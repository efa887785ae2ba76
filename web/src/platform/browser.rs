//! The thin, impure shell around the browser: the address, history,
//! storage, clipboard and downloads.  Every function reports failure as a
//! value (`None`, `false`, `Err`) because any of these may be missing or
//! refused (private windows, disabled storage, embedded iframes).

use wasm_bindgen::JsCast;

/// Where the working draft is kept.
pub const DRAFT_KEY: &str = "loopscope.draft";
/// Where a draft set aside by an opened link is kept.
pub const PREVIOUS_KEY: &str = "loopscope.previous-draft";

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

/// Shows `fragment` in the address bar: a new history entry when `push`
/// (a scenario the user chose), else replacing the current one (edits).
pub fn set_fragment(fragment: &str, push: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = format!("#{fragment}");
    // Browsers refuse too many history updates in a row; that only delays
    // the address, so the refusal is ignored.
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
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

/// Copies `text` to the clipboard; resolves to whether the browser allowed it.
pub async fn copy(text: String) -> bool {
    let Some(clipboard) = window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .is_ok()
}

/// Offers `contents` as a file download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> bool {
    let run = || -> Option<()> {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = window()?.document()?;
        let anchor: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

/// The outer markup of the first element matching `selector`.
pub fn outer_html(selector: &str) -> Option<String> {
    let element = window()?.document()?.query_selector(selector).ok()??;
    Some(element.outer_html())
}

/// The page's style rules that apply to `selectors`, with the theme's custom
/// properties resolved, for standalone SVG files.
pub fn styles_for(selectors: &[&str]) -> String {
    let Some(document) = window().and_then(|w| w.document()) else {
        return String::new();
    };
    let mut css = String::new();
    let sheets = document.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            let Some(rule) = rules.item(j) else { continue };
            let text = rule.css_text();
            if text.starts_with(":root") || selectors.iter().any(|s| text.contains(s)) {
                css.push_str(&text);
                css.push('\n');
            }
        }
    }
    css
}
