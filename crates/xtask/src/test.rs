//! `cargo xtask test`: every check the project has, in the order that fails
//! fastest: formatting, lints, native tests (the CPython oracle among them),
//! a short fixed-seed fuzzing pass, wasm tests in headless Chromium, then the
//! release bundle and the browser end-to-end tests against it.

use crate::bootstrap::{self, Needs};
use crate::cmd::{self, step};
use crate::{bundle, fuzz, root, serve, Failure, Result};

/// Options of `cargo xtask test`.
#[derive(Debug)]
pub struct Options {
    /// Run the browser end-to-end tests.
    e2e: bool,
    /// Run only them (a quick loop while working on the page).
    only_e2e: bool,
    /// Run only the end-to-end tests whose name matches this pattern.
    filter: Option<String>,
}

impl Options {
    /// Parses `[--no-e2e | --only-e2e [PATTERN]]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options {
            e2e: true,
            only_e2e: false,
            filter: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--no-e2e" => options.e2e = false,
                "--only-e2e" => {
                    options.only_e2e = true;
                    options.filter = args.next().cloned();
                }
                other => return Err(Failure(format!("test: unknown option `{other}`"))),
            }
        }
        if options.only_e2e && !options.e2e {
            return Err(Failure(
                "test: --no-e2e and --only-e2e exclude each other".into(),
            ));
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
    if !options.only_e2e {
        if let Err(failure) = native_and_wasm(&tools) {
            cmd::summary();
            return Err(failure);
        }
    }
    let result = if options.e2e {
        e2e(&tools, options.filter.as_deref())
    } else {
        Ok(())
    };
    // Printed also when a step failed: how long the steps took is most
    // wanted when a run was slow and then failed.
    cmd::summary();
    result?;
    println!(
        "\nAll tests passed in {:.0} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Formatting, lints, native tests and the wasm tests in Chromium.
fn native_and_wasm(tools: &bootstrap::Tools) -> Result {
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

    step("Lints (cargo clippy, native)");
    cmd::run(
        &root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        none,
        "cargo clippy",
    )?;
    step("Lints (cargo clippy, wasm32)");
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
    // `--all-features` turns on the model's scripted test host (`testkit`),
    // which its tests, doctest and benchmarks use.
    cmd::run(
        &root,
        "cargo",
        &["test", "--workspace", "--all-features"],
        none,
        "cargo test",
    )?;

    // A short fixed-seed fuzzing pass: every panic, stack overflow, hang
    // and blow-up it meets fails the tests, like any other regression.
    let fuzzing = std::time::Instant::now();
    let fuzzed = fuzz::run(&fuzz::Options {
        seconds: fuzz::TEST_SECONDS,
        seed: fuzz::TEST_SEED,
        minimise_seconds: 10,
    });
    println!("  fuzzing took {:.0} s", fuzzing.elapsed().as_secs_f64());
    fuzzed?;

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

    Ok(())
}

/// How many browser test files run at once (each in its own Chromium), by
/// default; `LOOPSCOPE_E2E_JOBS` overrides it.  The files share no state
/// (each test opens its own browser context, the server is read-only), and
/// two at a time took the browser tests from 474 s to 226 s on a 2-core
/// machine; but two Chromiums on two cores also starve each other's engine
/// workers and first paints, and timing asserts (the skeleton within
/// 100 ms, a hostile program's recovery within 30 s) then failed that pass
/// alone.  One at a time is the default that CI can trust.
const E2E_JOBS: u32 = 1;

/// The files that measure time: they run one at a time after the others, so
/// that no other browser competes with them for the machine's cores.
const TIMED_E2E: &[&str] = &["perf.test.mjs"];

/// The browser test files of `dir`: those that measure time, and the rest.
fn e2e_files(dir: &std::path::Path) -> Result<(Vec<String>, Vec<String>)> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".test.mjs") {
            names.push(name);
        }
    }
    names.sort();
    let (timed, shared): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|name| TIMED_E2E.contains(&name.as_str()));
    if timed.len() != TIMED_E2E.len() || shared.is_empty() {
        return Err(Failure(format!(
            "tests/e2e: expected {TIMED_E2E:?} and other *.test.mjs files, found {timed:?} and {shared:?}"
        )));
    }
    Ok((timed, shared))
}

/// The release bundle, its size report, and the browser end-to-end tests
/// (those whose name matches `filter`, when given).
fn e2e(tools: &bootstrap::Tools, filter: Option<&str>) -> Result {
    let root = root();
    {
        // The tests run against the site exactly as `cargo xtask dist`
        // packages it, served from a sub-path, so a URL that only works at
        // the root of a host fails them.
        let site = crate::dist::build(tools, &root.join("target/e2e-site"))?;
        bundle::report(&site)?;
        // A second deploy for the offline test that checks a new build
        // replaces the cached one: the same build with every content hash
        // changed, packaged the same way (no second compile).
        step("Packaging a second deploy for the offline update test");
        let next_trunk = root.join("target/e2e-next-build");
        crate::dist::as_next_build(&root.join(serve::TRUNK_DIST), &next_trunk)?;
        let next_site = root.join("target/e2e-site-next");
        crate::dist::package(&next_trunk, &next_site)?;
        step("Browser end-to-end tests (tests/e2e, the release site on 127.0.0.1)");
        let url = serve::static_server(site.clone(), "/some/sub/path/")?;
        println!("  serving the site at {url}");
        let chromium = tools
            .chromium
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out_dir = root.join("target/e2e");
        std::fs::create_dir_all(&out_dir)?;
        let env = [
            ("LOOPSCOPE_URL", url),
            ("LOOPSCOPE_SITE", site.to_string_lossy().into_owned()),
            (
                "LOOPSCOPE_SITE_NEXT",
                next_site.to_string_lossy().into_owned(),
            ),
            ("LOOPSCOPE_CHROMIUM", chromium),
            ("LOOPSCOPE_E2E_OUT", out_dir.to_string_lossy().into_owned()),
        ];
        let (timed, shared) = e2e_files(&root.join("tests/e2e"))?;
        let jobs = match std::env::var("LOOPSCOPE_E2E_JOBS") {
            Ok(n) if n.parse::<u32>().is_ok_and(|n| n > 0) => n,
            Ok(n) => {
                return Err(Failure(format!(
                    "LOOPSCOPE_E2E_JOBS must be a positive number, not `{n}`"
                )))
            }
            Err(_) => E2E_JOBS.to_string(),
        };
        let pattern = filter.map(|f| format!("--test-name-pattern={f}"));
        for (files, jobs) in [(shared, jobs.as_str()), (timed, "1")] {
            let concurrency = format!("--test-concurrency={jobs}");
            let mut node_args = vec!["--test", concurrency.as_str()];
            node_args.extend(pattern.as_deref());
            node_args.extend(files.iter().map(String::as_str));
            cmd::run(
                &root.join("tests/e2e"),
                "node",
                &node_args,
                &env,
                "browser end-to-end tests",
            )?;
        }
        println!("  screenshots in {}", out_dir.display());
    }
    Ok(())
}
