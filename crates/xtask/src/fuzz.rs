//! `cargo xtask fuzz [SECONDS] [--seed N]`: builds the fuzzer
//! (`crates/fuzz`, the `release-fuzz` profile) and runs it.  The fuzzer
//! itself is a separate binary so that this crate stays dependency-free: it
//! needs the engine and the web crate's link codec, and a child process to
//! survive stack overflows and hangs.

use crate::cmd::{self, step};
use crate::{root, Failure, Result};

/// The seed `cargo xtask test` fuzzes with: a fixed sequence of inputs, so
/// a failure in CI is the same failure on a laptop.
pub const TEST_SEED: u64 = 1;

/// How long `cargo xtask test` fuzzes: long enough to reach every kind of
/// input many times, short enough to keep CI fast.
pub const TEST_SECONDS: u64 = 30;

/// Options of `cargo xtask fuzz`.
#[derive(Debug)]
pub struct Options {
    /// Seconds of fuzzing (minimising findings comes on top).
    pub seconds: u64,
    /// The seed of the input sequence.
    pub seed: u64,
    /// Seconds spent minimising each new finding, at most.
    pub minimise_seconds: u64,
}

impl Options {
    /// Parses `[SECONDS] [--seed N]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options {
            seconds: 300,
            seed: 1,
            minimise_seconds: 60,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--seed" => {
                    let value = args.next().map(String::as_str).unwrap_or("");
                    options.seed = value.parse().map_err(|_| {
                        Failure(format!("fuzz: --seed needs a number, not `{value}`"))
                    })?;
                }
                other => {
                    options.seconds = other.parse().map_err(|_| {
                        Failure(format!("fuzz: `{other}` is neither SECONDS nor --seed N"))
                    })?;
                }
            }
        }
        Ok(options)
    }
}

/// Builds the fuzzer and runs it; fails when it found anything.
pub fn run(options: &Options) -> Result {
    let root = root();
    let none: &[(&str, String)] = &[];
    step("Building the fuzzer (crates/fuzz, release-fuzz profile)");
    cmd::run(
        &root,
        "cargo",
        &["build", "--profile", "release-fuzz", "-p", "loopscope-fuzz"],
        none,
        "building the fuzzer",
    )?;
    step(&format!(
        "Fuzzing for {} s with seed {} (findings in target/fuzz/findings)",
        options.seconds, options.seed
    ));
    let fuzzer = root.join("target/release-fuzz/loopscope-fuzz");
    let root_arg = root.to_string_lossy().into_owned();
    cmd::run(
        &root,
        &fuzzer.to_string_lossy(),
        &[
            "run",
            &options.seconds.to_string(),
            "--seed",
            &options.seed.to_string(),
            "--minimise-seconds",
            &options.minimise_seconds.to_string(),
            "--root",
            &root_arg,
        ],
        none,
        "fuzzing (see target/fuzz/findings)",
    )
}
