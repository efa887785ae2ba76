//! Component tests that render into a real DOM in headless Chromium
//! (run by `cargo xtask test` through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use loopscope_web::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits until yew has flushed its render queue (it renders on a microtask).
async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(0)).await;
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

#[wasm_bindgen_test]
async fn app_renders_the_shell_with_the_default_preset() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    yew::Renderer::<App>::with_root(host.clone()).render();
    settle().await;

    let heading = host.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(heading.text_content().as_deref(), Some("Loopscope"));
    for testid in ["preset-select", "code-editor", "diagram", "timeline"] {
        let selector = format!("[data-testid={testid}]");
        assert!(
            host.query_selector(&selector).unwrap().is_some(),
            "missing {testid}"
        );
    }
    let select = host
        .query_selector("[data-testid=preset-select]")
        .unwrap()
        .unwrap();
    let select: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::unchecked_into(select);
    assert_eq!(select.value(), "two-tasks");
    let editor = host
        .query_selector("[data-testid=code-editor]")
        .unwrap()
        .unwrap();
    let editor: web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::unchecked_into(editor);
    assert!(editor
        .value()
        .contains("task1 = asyncio.create_task(func1())"));
}

/// The presets' runs are built into the page from a native run; the engine
/// compiled to wasm must make the very same bytes, or the page would show a
/// run its own engine does not make.
#[wasm_bindgen_test]
fn the_wasm_engine_makes_every_presets_built_run() {
    use loopscope_web::model::{built_runs, presets::PRESETS};
    for preset in PRESETS {
        assert!(
            built_runs::made_now(preset) == preset.run,
            "{}: the wasm engine's run differs from the one built into the page",
            preset.id
        );
    }
}
