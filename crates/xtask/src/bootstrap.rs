//! Installs what a fresh machine lacks, checking each tool's version first so
//! that running it again installs nothing.
//!
//! Every tool comes from a package registry this project can reach (crates.io,
//! npm, Debian); nothing is downloaded from GitHub, which is why Trunk is
//! pointed at the binaries installed here rather than fetching its own.

use crate::cmd::{self, step};
use crate::{root, Failure, Result};
use std::path::{Path, PathBuf};

/// The Trunk release this project builds with (0.22 needs a newer rustc).
pub const TRUNK_VERSION: &str = "0.21.14";

/// What the current command needs installed.
#[derive(Clone, Copy, Debug)]
pub struct Needs {
    /// Node.js packages of the end-to-end tests (also provides `wasm-opt`).
    pub npm: bool,
    /// Chromium and ChromeDriver for the browser tests.
    pub browser: bool,
}

/// Paths of the tools found or installed, for the steps that use them.
#[derive(Debug)]
pub struct Tools {
    /// Directory holding the npm packages' executables (`wasm-opt`), when installed.
    pub node_bin: Option<PathBuf>,
    /// The Chromium executable, when needed.
    pub chromium: Option<PathBuf>,
    /// The ChromeDriver executable, when needed.
    pub chromedriver: Option<PathBuf>,
}

/// Brings the machine up to date for a command.
pub fn ensure(needs: Needs) -> Result<Tools> {
    step("Checking tools (installing only what is missing)");
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    let node_bin = if needs.npm {
        Some(npm_packages()?)
    } else {
        None
    };
    let (chromium, chromedriver) = if needs.browser {
        let (c, d) = browser()?;
        (Some(c), Some(d))
    } else {
        (None, None)
    };
    Ok(Tools {
        node_bin,
        chromium,
        chromedriver,
    })
}

fn ok(tool: &str, version: &str) {
    println!("  ok  {tool} {version}");
}

fn wasm_target() -> Result {
    let installed = cmd::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        ok("rust target", "wasm32-unknown-unknown");
        return Ok(());
    }
    cmd::run(
        &root(),
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
        &[],
        "adding the wasm32-unknown-unknown target (is rustup installed?)",
    )
}

fn trunk() -> Result {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if cmd::output("trunk", &["--version"]).as_deref() == Some(wanted.as_str()) {
        ok("trunk", TRUNK_VERSION);
        return Ok(());
    }
    println!("  installing trunk {TRUNK_VERSION} from crates.io (takes a few minutes)");
    let spec = format!("trunk@{TRUNK_VERSION}");
    cmd::run(
        &root(),
        "cargo",
        &["install", "--locked", &spec],
        &quick_install(),
        "installing trunk",
    )
}

/// The environment of `cargo install` for the tools: Trunk's own release
/// profile asks for fat LTO and one codegen unit, which makes its final link
/// take minutes on one core of a fresh machine for a tool whose speed does
/// not matter here; these settings (which override a package's own profile)
/// build it on every core without LTO.
fn quick_install() -> Vec<(&'static str, String)> {
    vec![
        ("CARGO_PROFILE_RELEASE_LTO", "false".to_string()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16".to_string()),
    ]
}

/// The `wasm-bindgen` version recorded in `Cargo.lock`; the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| Failure(format!("reading Cargo.lock: {e}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err(Failure("Cargo.lock has no wasm-bindgen package".into()))
}

fn wasm_bindgen() -> Result {
    let version = wasm_bindgen_version()?;
    let wanted = format!("wasm-bindgen {version}");
    let have = cmd::output("wasm-bindgen", &["--version"]);
    let runner = cmd::output("wasm-bindgen-test-runner", &["--version"]);
    if have.as_deref() == Some(wanted.as_str()) && runner.is_some() {
        ok("wasm-bindgen-cli", &version);
        return Ok(());
    }
    println!("  installing wasm-bindgen-cli {version} (must equal Cargo.lock's wasm-bindgen)");
    // `--locked` fails on a yanked dependency of wasm-bindgen-cli's own lock
    // file, so the install resolves fresh versions instead.
    let spec = format!("={version}");
    cmd::run(
        &root(),
        "cargo",
        &["install", "--force", "wasm-bindgen-cli", "--version", &spec],
        &quick_install(),
        "installing wasm-bindgen-cli",
    )
}

/// A small, stable content hash (FNV-1a) to tell whether a file changed.
pub fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn npm_packages() -> Result<PathBuf> {
    let dir = root().join("tests/e2e");
    if cmd::which(&["node"]).is_none() || cmd::which(&["npm"]).is_none() {
        return Err(Failure(
            "Node.js and npm are needed for the browser tests and wasm-opt; install Node.js 18 or newer \
             (Debian: `apt-get install nodejs npm`)"
                .into(),
        ));
    }
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| Failure(format!("reading tests/e2e/package-lock.json: {e}")))?;
    let stamp_path = dir.join("node_modules/.loopscope-lock");
    let wanted = fingerprint(&lock);
    let bin = dir.join("node_modules/.bin");
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(wanted.as_str())
        && bin.join("wasm-opt").is_file()
    {
        ok("npm packages", "(tests/e2e/package-lock.json)");
        return Ok(bin);
    }
    cmd::run(
        &dir,
        "npm",
        &["ci", "--no-audit", "--no-fund"],
        &[],
        "installing the end-to-end tests' npm packages",
    )?;
    std::fs::write(&stamp_path, wanted)?;
    Ok(bin)
}

fn is_root() -> bool {
    cmd::output("id", &["-u"]).as_deref() == Some("0")
}

/// Finds Chromium and ChromeDriver, installing Debian's packages when allowed.
fn browser() -> Result<(PathBuf, PathBuf)> {
    let find = || {
        let chromium = std::env::var_os("LOOPSCOPE_CHROMIUM")
            .map(PathBuf::from)
            .or_else(|| cmd::which(&["chromium", "chromium-browser", "google-chrome", "chrome"]));
        let driver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .or_else(|| cmd::which(&["chromedriver"]));
        chromium.zip(driver)
    };
    if let Some((chromium, driver)) = find() {
        let version = cmd::output(&driver.to_string_lossy(), &["--version"]).unwrap_or_default();
        ok(
            "chromium + chromedriver",
            version.split(' ').nth(1).unwrap_or("?"),
        );
        return Ok((chromium, driver));
    }
    let apt = cmd::which(&["apt-get"]);
    match apt {
        Some(_) if is_root() => {
            println!("  installing Debian's chromium and chromium-driver");
            let env = [("DEBIAN_FRONTEND", "noninteractive".to_string())];
            cmd::run(&root(), "apt-get", &["update"], &env, "apt-get update")?;
            cmd::run(
                &root(),
                "apt-get",
                &[
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver",
                ],
                &env,
                "installing chromium",
            )?;
            find().ok_or_else(|| Failure("chromium was installed but is not on PATH".into()))
        }
        _ => Err(Failure(
            "Chromium (or Chrome) and a matching ChromeDriver are needed for the browser tests. \
             Install them (Debian: `sudo apt-get install chromium chromium-driver`), or point \
             LOOPSCOPE_CHROMIUM and CHROMEDRIVER at them."
                .into(),
        )),
    }
}

/// The environment that makes Trunk use the tools found here and never download.
pub fn trunk_env(tools: &Tools) -> Vec<(&'static str, String)> {
    let mut extra: Vec<&Path> = Vec::new();
    if let Some(bin) = &tools.node_bin {
        extra.push(bin);
    }
    vec![("PATH", cmd::path_with(&extra))]
}
