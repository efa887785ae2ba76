//! Project automation for Loopscope: `cargo xtask serve`, `cargo xtask test`,
//! `cargo xtask bench` and `cargo xtask fuzz`.
//!
//! Each command first brings the machine up to what it needs (see
//! [`bootstrap`]) and then does its job, so a newcomer needs nothing but
//! these commands.  The xtask depends only on `flate2` and `brotli` (for the
//! precompressed files of `dist`), so that it builds in seconds on a fresh
//! machine.

// The xtask is a command-line tool whose job is to report progress.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bench;
mod bootstrap;
mod bundle;
mod cmd;
mod dist;
mod fuzz;
#[cfg(test)]
mod layers;
mod serve;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  serve [--release] [--port N]   install what is missing, build the app and serve it
                                 on http://127.0.0.1:8080 (or the given port)
  dist  [--out DIR]              build the release site into DIR (default dist/): relative
                                 URLs, hashed names, .gz and .br beside each file, _headers
  test  [--no-e2e]               install what is missing and run every test: fmt, clippy,
                                 native tests, wasm tests in headless Chromium, the CPython
                                 oracle, and the browser end-to-end tests on a release build
        [--only-e2e [PATTERN]]   only the browser tests (those whose name matches PATTERN)
  bench                          run the benchmarks side by side with CPython 3.12
  fuzz  [SECONDS] [--seed N]     fuzz the parser, compiler, interpreter, model and link codec
                                 for SECONDS (default 300) with generated and mutated programs;
                                 minimised findings go to target/fuzz/findings
  help                           print this message
";

/// A failure that ends the command with a message for the user.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure(err.to_string())
    }
}

/// The result type of every xtask step.
pub type Result<T = ()> = std::result::Result<T, Failure>;

/// The workspace root (the parent of `crates/xtask`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or(manifest)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "serve" => serve::Options::parse(rest).and_then(|o| serve::run(&o)),
        "test" => test::Options::parse(rest).and_then(|o| test::run(&o)),
        "dist" => dist::Options::parse(rest).and_then(|o| dist::run(&o)),
        "bench" => bench::run(),
        "fuzz" => fuzz::Options::parse(rest).and_then(|o| fuzz::run(&o)),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(Failure(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}
