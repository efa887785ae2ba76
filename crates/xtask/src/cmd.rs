//! Running external programs with a printed, checked command line.

use crate::{Failure, Result};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

/// The steps of this run so far: each title with the time it started.
static STEPS: Mutex<Vec<(String, Instant)>> = Mutex::new(Vec::new());

/// Prints a step heading so a long run shows where it is, and how long the
/// step before it took (a slow step is then plain to see in any log).
pub fn step(title: &str) {
    let now = Instant::now();
    if let Ok(mut steps) = STEPS.lock() {
        if let Some((_, started)) = steps.last() {
            println!(
                "  (took {:.0} s)",
                now.duration_since(*started).as_secs_f64()
            );
        }
        steps.push((title.to_string(), now));
    }
    println!("\n==> {title}");
}

/// Prints every step of this run with its duration, the last one ending now.
pub fn summary() {
    let Ok(steps) = STEPS.lock() else {
        return;
    };
    let end = Instant::now();
    println!("\nTime per step:");
    for (i, (title, started)) in steps.iter().enumerate() {
        let until = steps.get(i + 1).map_or(end, |(_, next)| *next);
        let seconds = until.duration_since(*started).as_secs_f64();
        println!("  {seconds:>6.0} s  {title}");
    }
}

/// Runs `program args…` in `dir` with the given extra environment, failing
/// with `what` in the message when it exits unsuccessfully.
pub fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, String)], what: &str) -> Result {
    println!("$ {program} {}", args.join(" "));
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command
        .status()
        .map_err(|e| Failure(format!("{what}: could not start `{program}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{what} failed ({status})")))
    }
}

/// Runs a program quietly and returns its trimmed standard output, or `None`
/// when it is missing or fails (used to probe installed versions).
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Finds the first of `names` on `PATH`, returning its full path.
pub fn which(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// `PATH` with extra directories in front, for child processes.
pub fn path_with(extra: &[&Path]) -> String {
    let mut dirs: Vec<std::path::PathBuf> = extra.iter().map(|p| p.to_path_buf()).collect();
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}
