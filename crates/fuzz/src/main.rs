//! `loopscope-fuzz`: the fuzzer behind `cargo xtask fuzz`.
//!
//! One binary plays both parts: `run` is the parent that draws inputs
//! (generated programs, mutated corpus programs, damaged links), and it
//! starts the same binary as `exec`, the child that runs them; a child that
//! dies or hangs is replaced and the input that did it recorded.  Keeping
//! both in one crate keeps `crates/xtask` free of dependencies (it only
//! builds and starts this binary) and keeps the CLI free of a test-only
//! subcommand and of a dependency on the web crate, whose link codec is
//! fuzzed here natively.
//!
//! ```text
//! loopscope-fuzz run [SECONDS] [--seed N] [--root DIR] [--minimise-seconds S]
//! loopscope-fuzz replay [--link] FILE
//! ```
// A command-line tool whose job is to report.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod campaign;
mod driver;
mod exec;
mod gen;
mod link;
mod mutate;
mod rng;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The executor allocates as `loopscope run` does, so memory and speed
/// figures match the CLI's, and counts the bytes in use for the
/// interpreter's memory limit as the CLI does.
#[global_allocator]
static ALLOCATOR: cap::Cap<mimalloc::MiMalloc> = cap::Cap::new(mimalloc::MiMalloc, usize::MAX);

/// Bytes allocated now, for the interpreter's memory limit.
pub fn memory_in_use() -> usize {
    ALLOCATOR.allocated()
}

const USAGE: &str = "\
usage:
  loopscope-fuzz run [SECONDS] [--seed N] [--root DIR] [--minimise-seconds S]
      draw inputs for SECONDS (default 60) from seed N (default 1), read the
      corpora under DIR (default .), write findings to DIR/target/fuzz/findings;
      exits 1 when anything was found
  loopscope-fuzz replay [--link] FILE
      run one input (a finding file or any program) in this process and say
      what happens
  loopscope-fuzz sample [N] [--seed N]
      print the first N generated programs of a seed (to see what is fuzzed)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("exec") => exec::main(),
        Some("run") => run(&args[1..]),
        Some("replay") => replay(&args[1..]),
        Some("sample") => sample(&args[1..]),
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut settings = campaign::Settings {
        seconds: 60.0,
        seed: 1,
        root: PathBuf::from("."),
        out: PathBuf::new(),
        timeout: Duration::from_secs(10),
        minimise: Duration::from_secs(60),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = |it: &mut std::slice::Iter<String>| it.next().cloned().unwrap_or_default();
        let parsed = match arg.as_str() {
            "--seed" => value(&mut it).parse().map(|s| settings.seed = s).is_ok(),
            "--root" => {
                settings.root = PathBuf::from(value(&mut it));
                true
            }
            "--minimise-seconds" => value(&mut it)
                .parse::<f64>()
                .map(|s| settings.minimise = Duration::from_secs_f64(s.max(0.0)))
                .is_ok(),
            s => s
                .parse::<f64>()
                .map(|s| settings.seconds = s)
                .is_ok_and(|()| settings.seconds >= 0.0),
        };
        if !parsed {
            eprint!("loopscope-fuzz: bad argument `{arg}`\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    settings.out = settings.root.join("target/fuzz/findings");
    match campaign::run(&settings) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(n) => {
            println!("\n{n} distinct finding(s); see {}", settings.out.display());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("loopscope-fuzz: {e}");
            ExitCode::from(2)
        }
    }
}

fn replay(args: &[String]) -> ExitCode {
    let link = args.iter().any(|a| a == "--link");
    let Some(file) = args.iter().find(|a| *a != "--link") else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(2);
        }
    };
    let input = campaign::strip_header(&text);
    let target = if link {
        exec::TARGET_LINK
    } else {
        exec::TARGET_PYTHON
    };
    println!("{}", exec::replay(target, input));
    ExitCode::SUCCESS
}

fn sample(args: &[String]) -> ExitCode {
    let mut count = 5usize;
    let mut seed = 1u64;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let ok = if arg == "--seed" {
            it.next()
                .and_then(|v| v.parse().ok())
                .map(|s| seed = s)
                .is_some()
        } else {
            arg.parse().map(|n| count = n).is_ok()
        };
        if !ok {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let mut rng = rng::Rng::new(seed);
    for i in 0..count {
        println!("# ---- program {i}\n{}", gen::program(&mut rng));
    }
    ExitCode::SUCCESS
}
