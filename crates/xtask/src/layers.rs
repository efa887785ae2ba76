//! The layers of `crates/py` and of the web crate, checked on their source
//! text (see ARCHITECTURE.md).
//!
//! `crates/py` is three stages whose imports point one way:
//!
//! - `front/` (the source text) names neither `crate::compile` nor
//!   `crate::runtime`, nor the event-loop model;
//! - `compile/` names `crate::front` but not `crate::runtime`, nor the model;
//! - `runtime/` names both earlier stages but not the pipeline above them;
//! - outside the three folders live only `lib.rs`, `pipeline.rs` (the run)
//!   and `outcome.rs` (what it produced).
//!
//! Tests at the end of a file (`#[cfg(test)]`) may use the whole crate.
//!
//! The web crate has one Python parser, `crates/py`: no file of `web/src`
//! names a `ruff_*` crate, and `web/Cargo.toml` does not depend on one.
//! Its folders:
//!
//! - `model/`, `link/` and `i18n/` are pure: they never name `yew`,
//!   `web_sys`, `js_sys`, `wasm_bindgen` (or `wasm_bindgen_futures`),
//!   `gloo` or a `gloo_*` crate, so they build and are tested natively.
//! - `view/` names `yew`, and `web_sys` only for the DOM types its event
//!   handlers read (an input's value, an element's box); never `js_sys`,
//!   `wasm_bindgen`, `gloo` or `yew::platform`: storage, history, the
//!   clipboard, timers and the worker are reached through `platform/`.
//! - `platform/`, and `lib.rs`/`main.rs` (the entry glue), may name anything.
//! - Nothing else lives in `web/src`.
//!
//! The scan strips comments and string literals, then reads identifiers,
//! which is simple and does not depend on a Rust parser.

use std::path::{Path, PathBuf};

/// Crates that only `platform/` and the entry glue may name.
const BROWSER: &[&str] = &[
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "wasm_bindgen_futures",
    "gloo",
];

/// The `web_sys` types a view may name: elements and events it reads.
const VIEW_DOM: &[&str] = &[
    "Element",
    "HtmlInputElement",
    "HtmlSelectElement",
    "HtmlTextAreaElement",
    "DomRect",
    "Event",
    "InputEvent",
    "KeyboardEvent",
    "MouseEvent",
    "PointerEvent",
    "WheelEvent",
];

/// Which layer a file belongs to, from its path under `web/src`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layer {
    /// `model/`, `link/`, `i18n/`.
    Pure,
    /// `view/`.
    View,
    /// `platform/`, `lib.rs`, `main.rs`.
    Browser,
    /// Anywhere else: not allowed.
    Stray,
}

fn layer(relative: &str) -> Layer {
    match relative.split('/').next() {
        Some("model" | "link" | "i18n") if relative.contains('/') => Layer::Pure,
        Some("view") if relative.contains('/') => Layer::View,
        Some("platform") if relative.contains('/') => Layer::Browser,
        Some("lib.rs" | "main.rs") => Layer::Browser,
        _ => Layer::Stray,
    }
}

/// A token of code: an identifier or one punctuation character, with its line.
#[derive(Debug, PartialEq)]
enum Token {
    Ident(String, usize),
    Punct(char, usize),
}

/// The identifiers and punctuation of `source`, without comments, string
/// literals and character literals.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advances past `chars[i]`, counting lines.
    let step = |i: &mut usize, line: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    step(&mut i, &mut line);
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && raw_string_end(&chars, i).is_some()
        {
            let end = raw_string_end(&chars, i).unwrap_or(chars.len());
            while i < end {
                step(&mut i, &mut line);
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if i < chars.len() {
                    step(&mut i, &mut line);
                }
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect(), line));
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c, line));
            }
            step(&mut i, &mut line);
        }
    }
    out
}

/// Where the raw string starting at `chars[i]` (`r"…"`, `r#"…"#`) ends,
/// or `None` when this `r` starts no raw string.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"')
        || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
    {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// Whether `name` is one of the browser crates.
fn is_browser_crate(name: &str) -> bool {
    BROWSER.contains(&name) || name.starts_with("gloo_")
}

/// What `source`, the file at `relative` under `web/src`, names that its
/// layer must not: one message per offence, with its line.
fn offences(relative: &str, source: &str) -> Vec<String> {
    let layer = layer(relative);
    if layer == Layer::Stray {
        return vec![format!(
            "{relative}: web/src holds only model/, link/, view/, platform/, i18n/, lib.rs and main.rs"
        )];
    }
    let tokens = tokens(source);
    let mut found = Vec::new();
    let path = |at: usize| -> Vec<&str> {
        // The names after `ident ::`: one, or those in a `{…}` group.
        let mut names = Vec::new();
        if !matches!(
            (tokens.get(at + 1), tokens.get(at + 2)),
            (Some(Token::Punct(':', _)), Some(Token::Punct(':', _)))
        ) {
            return names;
        }
        match tokens.get(at + 3) {
            Some(Token::Ident(name, _)) => names.push(name.as_str()),
            Some(Token::Punct('{', _)) => {
                let mut depth = 0;
                for token in &tokens[at + 3..] {
                    match token {
                        Token::Punct('{', _) => depth += 1,
                        Token::Punct('}', _) => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Token::Ident(name, _) if depth == 1 => names.push(name.as_str()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        names
    };
    for (at, token) in tokens.iter().enumerate() {
        let Token::Ident(name, line) = token else {
            continue;
        };
        match layer {
            Layer::Pure if name == "yew" || is_browser_crate(name) => {
                found.push(format!(
                    "{relative}:{line}: names `{name}`; model/, link/ and i18n/ stay pure"
                ));
            }
            Layer::View if name == "web_sys" => {
                for item in path(at) {
                    if !VIEW_DOM.contains(&item) {
                        found.push(format!(
                            "{relative}:{line}: names `web_sys::{item}`; views reach browser APIs through platform/"
                        ));
                    }
                }
            }
            Layer::View if is_browser_crate(name) => {
                found.push(format!(
                    "{relative}:{line}: names `{name}`; views reach browser APIs through platform/"
                ));
            }
            Layer::View if name == "yew" && path(at).contains(&"platform") => {
                found.push(format!("{relative}:{line}: names `yew::platform`; views reach browser APIs through platform/"));
            }
            _ => {}
        }
    }
    found
}

/// A stage of `crates/py`, from a file's path under `crates/py/src`, with
/// the top-level modules of the crate it must not name; `None` for a file
/// that belongs to no stage and is not one of the crate's three roots.
fn stage_forbids(relative: &str) -> Option<&'static [&'static str]> {
    const LATER_THAN_FRONT: &[&str] = &["compile", "runtime", "pipeline", "outcome"];
    const LATER_THAN_COMPILE: &[&str] = &["runtime", "pipeline", "outcome"];
    const ABOVE_RUNTIME: &[&str] = &["pipeline", "outcome"];
    match relative.split('/').next() {
        Some("front") if relative.contains('/') => Some(LATER_THAN_FRONT),
        Some("compile") if relative.contains('/') => Some(LATER_THAN_COMPILE),
        Some("runtime") if relative.contains('/') => Some(ABOVE_RUNTIME),
        Some("lib.rs" | "pipeline.rs" | "outcome.rs") => Some(&[]),
        _ => None,
    }
}

/// What `source`, the file at `relative` under `crates/py/src`, names that
/// its stage must not: one message per offence, with its line.
fn stage_offences(relative: &str, source: &str) -> Vec<String> {
    let Some(forbidden) = stage_forbids(relative) else {
        return vec![format!(
            "{relative}: crates/py/src holds only front/, compile/, runtime/, lib.rs, pipeline.rs and outcome.rs"
        )];
    };
    let early = relative.starts_with("front/") || relative.starts_with("compile/");
    let tokens = tokens(source);
    let mut found = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let Token::Ident(name, line) = token else {
            continue;
        };
        if name == "cfg" && matches!(tokens.get(at + 2), Some(Token::Ident(t, _)) if t == "test") {
            break;
        }
        if early && name == "loopscope_sim" {
            found.push(format!(
                "{relative}:{line}: names `loopscope_sim`; the front and compile stages know nothing of the model"
            ));
        }
        if name != "crate" {
            continue;
        }
        if let (
            Some(Token::Punct(':', _)),
            Some(Token::Punct(':', _)),
            Some(Token::Ident(module, _)),
        ) = (tokens.get(at + 1), tokens.get(at + 2), tokens.get(at + 3))
        {
            let is_root_item = module.starts_with(|c: char| c.is_uppercase())
                || matches!(module.as_str(), "run" | "run_in_slices" | "check");
            if forbidden.contains(&module.as_str()) || (is_root_item && !forbidden.is_empty()) {
                found.push(format!(
                    "{relative}:{line}: names `crate::{module}`; a stage imports only the stages before it"
                ));
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, as (path relative to `root` with `/`, path).
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((relative.join("/"), path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(relative: &str, source: &str, expected: usize) {
        let found = offences(relative, source);
        assert_eq!(
            found.len(),
            expected,
            "{relative}: {source:?} gives {found:#?}"
        );
    }

    #[test]
    fn each_layer_names_only_what_it_may() {
        // Pure layers.
        check("model/state.rs", "use yew::prelude::*;", 1);
        check("link/draft.rs", "fn f() { web_sys::window(); }", 1);
        check("i18n/en.rs", "let a = js_sys::Date::now();", 1);
        check("model/run.rs", "use gloo_timers::callback::Timeout;", 1);
        check("model/run.rs", "use wasm_bindgen::JsCast;", 1);
        check("link/codec.rs", "wasm_bindgen_futures::spawn_local(x);", 1);
        check("model/run.rs", "use gloo::timers;", 1);
        check("model/deep/inner.rs", "use yew::Html;", 1);
        check(
            "model/state.rs",
            "use crate::i18n::Lang; use loopscope_sim::State;",
            0,
        );
        // Comments and strings do not count; identifiers that only contain the names do.
        check(
            "model/state.rs",
            "// uses yew\n/* web_sys /* nested */ js_sys */ fn f() {}",
            0,
        );
        check(
            "model/state.rs",
            "/// The yew app.\n//! web_sys\nconst A: &str = \"yew::prelude\";",
            0,
        );
        check(
            "model/state.rs",
            "const A: &str = r#\"gloo \"quoted\" web_sys\"#; let c = '\"'; yew",
            1,
        );
        check(
            "model/state.rs",
            "fn f<'a>(x: &'a str) -> char { '\\'' } fn g() { yewtree(); my_web_sys(); }",
            0,
        );
        check("model/state.rs", "let s = \"a \\\" yew\"; web_sys", 1);
        // Views: DOM element and event types only.
        check(
            "view/app.rs",
            "use yew::prelude::*; use web_sys::{HtmlInputElement, HtmlSelectElement};",
            0,
        );
        check(
            "view/timeline.rs",
            "use web_sys::Element; let i: web_sys::HtmlInputElement = x;",
            0,
        );
        check(
            "view/app.rs",
            "web_sys::window().unwrap().local_storage()",
            1,
        );
        check(
            "view/app.rs",
            "use web_sys::{HtmlInputElement, Storage, History};",
            2,
        );
        check("view/app.rs", "use gloo_timers::callback::Timeout;", 1);
        check("view/app.rs", "use wasm_bindgen::JsCast;", 1);
        check(
            "view/share_panel.rs",
            "yew::platform::spawn_local(async {});",
            1,
        );
        check("view/share_panel.rs", "use yew::{platform, Html};", 1);
        // The browser's own layer and the entry glue.
        check(
            "platform/storage.rs",
            "web_sys::window().and_then(|w| w.local_storage().ok())",
            0,
        );
        check(
            "platform/timers.rs",
            "use gloo_timers::callback::Timeout; use yew::Html;",
            0,
        );
        check("lib.rs", "yew::Renderer::<App>::new().render();", 0);
        check("main.rs", "loopscope_web::platform::worker::serve();", 0);
        // Nothing lives outside the folders.
        check("state.rs", "", 1);
        check("browser.rs", "fn f() {}", 1);
    }

    #[test]
    fn tokens_keep_their_lines() {
        let got = tokens("a\n// b\n/* c\n */ d \"e\nf\" g");
        let idents: Vec<(String, usize)> = got
            .into_iter()
            .filter_map(|t| match t {
                Token::Ident(name, line) => Some((name, line)),
                Token::Punct(..) => None,
            })
            .collect();
        assert_eq!(idents, [("a".into(), 1), ("d".into(), 4), ("g".into(), 5)]);
    }

    /// Reads every `.rs` file under `dir` (relative to this crate), fails
    /// with every offence `check` finds, and returns the files it read.
    fn check_tree(dir: &str, check: fn(&str, &str) -> Vec<String>) -> Vec<(String, PathBuf)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files = Vec::new();
        rust_files(&root, &root, &mut files);
        files.sort();
        let mut found = Vec::new();
        for (relative, path) in &files {
            let source =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{relative}: {e}"));
            found.extend(check(relative, &source));
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
        files
    }

    #[test]
    fn each_python_stage_imports_only_earlier_stages() {
        let check = |relative: &str, source: &str, expected: usize| {
            let found = stage_offences(relative, source);
            assert_eq!(
                found.len(),
                expected,
                "{relative}: {source:?} gives {found:#?}"
            );
        };
        check(
            "front/tokens.rs",
            "use crate::front::names::is_builtin_name;",
            0,
        );
        check(
            "front/tokens.rs",
            "use crate::runtime::builtins::builtin_value;",
            1,
        );
        check("front/scope.rs", "fn f() -> crate::compile::code::Op {}", 1);
        check("front/scope.rs", "use loopscope_sim::Sim;", 1);
        check("compile/mod.rs", "use crate::front::{Parsed, names};", 0);
        check("compile/code.rs", "use crate::runtime::value::Value;", 1);
        check("compile/code.rs", "fn f(o: &crate::Options) {}", 1);
        check(
            "runtime/vm.rs",
            "use crate::compile::code::Op; use loopscope_sim::Sim;",
            0,
        );
        check("runtime/vm.rs", "use crate::pipeline::Options;", 1);
        check("runtime/vm.rs", "fn f(o: crate::Outcome) {}", 1);
        // A comment does not count; tests may use the whole crate.
        check("front/guard.rs", "// see crate::runtime::vm\nfn f() {}", 0);
        check(
            "runtime/traceback.rs",
            "fn f() {}\n#[cfg(test)]\nmod tests { fn t() { crate::run(\"\", &crate::Options::default()); } }",
            0,
        );
        check("lib.rs", "pub use runtime::value::Value; mod pipeline;", 0);
        check("vm.rs", "", 1);
        check("stray/vm.rs", "", 1);
    }

    /// The real `crates/py/src`: every file is in a stage, and each stage
    /// imports only the stages before it.
    #[test]
    fn the_python_crate_keeps_its_stages() {
        let files = check_tree("../py/src", stage_offences);
        for (folder, at_least) in [("front/", 6), ("compile/", 2), ("runtime/", 15)] {
            let count = files.iter().filter(|(r, _)| r.starts_with(folder)).count();
            assert!(count >= at_least, "{count} files in crates/py/src/{folder}");
        }
    }

    /// The web crate has one Python parser: `crates/py`.
    #[test]
    fn the_web_crate_parses_python_only_through_crates_py() {
        let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
        let manifest = std::fs::read_to_string(web.join("Cargo.toml")).expect("web/Cargo.toml");
        assert!(!manifest.contains("ruff"), "web/Cargo.toml depends on ruff");
        let mut files = Vec::new();
        rust_files(&web.join("src"), &web.join("src"), &mut files);
        assert!(files.len() > 20, "{} files in web/src", files.len());
        for (relative, path) in &files {
            let source = std::fs::read_to_string(path).unwrap_or_default();
            for token in tokens(&source) {
                if let Token::Ident(name, line) = token {
                    assert!(
                        !name.starts_with("ruff"),
                        "web/src/{relative}:{line} names `{name}`"
                    );
                }
            }
        }
    }

    /// The real `web/src`: every file is in its layer and names only what
    /// that layer may.
    #[test]
    fn the_web_crate_keeps_its_layers() {
        let files = check_tree("../../web/src", offences);
        // The scan saw every layer, so it cannot pass by reading nothing.
        for (folder, at_least) in [
            ("model/", 10),
            ("link/", 5),
            ("view/", 5),
            ("platform/", 5),
            ("i18n/", 3),
        ] {
            let count = files.iter().filter(|(r, _)| r.starts_with(folder)).count();
            assert!(count >= at_least, "{count} files in web/src/{folder}");
        }
    }
}
