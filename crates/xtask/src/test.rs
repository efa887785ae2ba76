//! `cargo xtask test`: every check the project has, in the order that fails
//! fastest: formatting, lints, native tests (the CPython oracle among them),
//! wasm tests in headless Chromium, then the release bundle and the browser
//! end-to-end tests against it.

use crate::bootstrap::{self, Needs};
use crate::cmd::{self, step};
use crate::{bundle, root, serve, Failure, Result};

/// Options of `cargo xtask test`.
#[derive(Debug)]
pub struct Options {
    e2e: bool,
}

impl Options {
    /// Parses `[--no-e2e]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options { e2e: true };
        for arg in args {
            match arg.as_str() {
                "--no-e2e" => options.e2e = false,
                other => return Err(Failure(format!("test: unknown option `{other}`"))),
            }
        }
        Ok(options)
    }
}

/// Runs every test; the first failure stops the run.
pub fn run(options: &Options) -> Result {
    let started = std::time::Instant::now();
    let tools = bootstrap::ensure(Needs {
        npm: true,
        browser: true,
    })?;
    let root = root();
    let none: &[(&str, String)] = &[];

    step("Formatting (cargo fmt --check)");
    cmd::run(
        &root,
        "cargo",
        &["fmt", "--all", "--", "--check"],
        none,
        "cargo fmt --check",
    )?;

    step("Lints (cargo clippy, native and wasm)");
    cmd::run(
        &root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        none,
        "cargo clippy",
    )?;
    cmd::run(
        &root,
        "cargo",
        &[
            "clippy",
            "-p",
            "loopscope-web",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        none,
        "cargo clippy (wasm32)",
    )?;

    step("Native tests (cargo test), including the CPython oracle");
    cmd::run(&root, "cargo", &["test", "--workspace"], none, "cargo test")?;

    step("Wasm tests in headless Chromium (wasm-bindgen-test-runner + chromedriver)");
    let driver = tools
        .chromedriver
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    cmd::run(
        &root,
        "cargo",
        &[
            "test",
            "-p",
            "loopscope-web",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[
            (
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner".to_string(),
            ),
            ("CHROMEDRIVER", driver),
            ("WASM_BINDGEN_TEST_TIMEOUT", "120".to_string()),
        ],
        "wasm tests",
    )?;

    if options.e2e {
        let dist = serve::build_release(&tools)?;
        bundle::report(&dist)?;
        step("Browser end-to-end tests (tests/e2e, release build on 127.0.0.1)");
        let url = serve::static_server(dist)?;
        println!("  serving dist/ at {url}");
        let chromium = tools
            .chromium
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out_dir = root.join("target/e2e");
        std::fs::create_dir_all(&out_dir)?;
        cmd::run(
            &root.join("tests/e2e"),
            "node",
            &["--test", "--test-concurrency=1", "."],
            &[
                ("LOOPSCOPE_URL", url),
                ("LOOPSCOPE_CHROMIUM", chromium),
                ("LOOPSCOPE_E2E_OUT", out_dir.to_string_lossy().into_owned()),
            ],
            "browser end-to-end tests",
        )?;
        println!("  screenshots in {}", out_dir.display());
    }

    println!(
        "\nAll tests passed in {:.0} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
