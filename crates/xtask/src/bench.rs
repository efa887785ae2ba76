//! `cargo xtask bench`: the model's Criterion benchmarks, then each workload
//! of `tests/bench/` run through `loopscope run` and through CPython 3.12
//! under the oracle's virtual clock, side by side, with the ratio.

use crate::cmd::{self, step};
use crate::{root, Failure, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// How many times each workload runs on each side; the best time is
/// reported, which is the figure least disturbed by whatever else the machine
/// is doing.  The two sides take turns, run by run, so that a disturbance
/// lasting a few seconds falls on both rather than on one.
const RUNS: usize = 11;

/// Finds CPython 3.12 the way the oracle does: `LOOPSCOPE_PYTHON`, then
/// `python3.12` on `PATH`, then pyenv's installed 3.12 versions.
pub fn find_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LOOPSCOPE_PYTHON") {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = cmd::which(&["python3.12"]) {
        // pyenv's shim exists even when 3.12 is not selected; ask it.
        if cmd::output(&p.to_string_lossy(), &["--version"])
            .is_some_and(|v| v.starts_with("Python 3.12"))
        {
            return Some(p);
        }
    }
    let pyenv_root = cmd::output("pyenv", &["root"])?;
    let mut versions: Vec<PathBuf> = std::fs::read_dir(Path::new(&pyenv_root).join("versions"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("3.12"))
        })
        .collect();
    versions.sort();
    versions
        .into_iter()
        .rev()
        .map(|v| v.join("bin/python3"))
        .find(|p| p.is_file())
}

/// The wall-clock time of one run of `program args`, which must succeed.
fn time_once(program: &Path, args: &[&Path]) -> Result<f64> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| Failure(format!("running {}: {e}", program.display())))?;
    let elapsed = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(Failure(format!(
            "{} {} failed ({status})",
            program.display(),
            args.iter()
                .map(|a| a.display().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        )));
    }
    Ok(elapsed)
}

/// The best of [`RUNS`] times of each command, the two taking turns.
fn best_times(ours: (&Path, &[&Path]), theirs: (&Path, &[&Path])) -> Result<(f64, f64)> {
    let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..RUNS {
        a = a.min(time_once(ours.0, ours.1)?);
        b = b.min(time_once(theirs.0, theirs.1)?);
    }
    Ok((a, b))
}

/// Runs the benchmarks and prints the comparison table.
pub fn run() -> Result {
    let root = root();
    let none: &[(&str, String)] = &[];
    step("Model benchmarks (criterion, crates/sim)");
    cmd::run(
        &root,
        "cargo",
        &[
            "bench",
            "-p",
            "loopscope-sim",
            "--features",
            "testkit",
            "--bench",
            "sim",
        ],
        none,
        "cargo bench",
    )?;

    step("Building loopscope (release-native profile)");
    cmd::run(
        &root,
        "cargo",
        &[
            "build",
            "--profile",
            "release-native",
            "-p",
            "loopscope-cli",
        ],
        none,
        "building loopscope",
    )?;
    let loopscope = root.join("target/release-native/loopscope");
    let python = find_python().ok_or_else(|| {
        Failure("CPython 3.12 not found (set LOOPSCOPE_PYTHON, or install python3.12)".into())
    })?;
    let runner = root.join("tests/oracle/run.py");

    step("Workloads: loopscope run vs CPython 3.12 under the oracle's virtual clock");
    let mut workloads: Vec<PathBuf> = std::fs::read_dir(root.join("tests/bench"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    workloads.sort();
    println!(
        "  {:<28} {:>12} {:>12} {:>9}",
        "workload", "loopscope s", "cpython s", "speed-up"
    );
    for workload in &workloads {
        let name = workload
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let (ours, theirs) = best_times(
            (&loopscope, &[Path::new("run"), workload]),
            (&python, &[&runner, workload]),
        )?;
        println!(
            "  {name:<28} {ours:>12.3} {theirs:>12.3} {:>8.1}x",
            theirs / ours
        );
    }
    Ok(())
}
