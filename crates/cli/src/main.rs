//! The `loopscope` command: runs asyncio programs on the model from a terminal.

use std::io::Write as _;
use std::process::ExitCode;

/// The interpreter and the model allocate many small, short-lived objects
/// (frames, coroutines, futures, interned strings); mimalloc serves them
/// several times faster than glibc's allocator, which took about a third of
/// the event-heavy benchmarks' instructions.  Only this binary chooses it:
/// the libraries leave the allocator to their host (the web app keeps the
/// wasm default).  The crate's `v2` feature: mimalloc 3 sends Rust's aligned
/// requests for odd sizes down a slower over-allocating path.
///
/// `cap` counts the bytes in use (one atomic add per allocation), which is
/// the gauge the interpreter reads to stop a program before it exhausts
/// the machine's memory (`Limits::max_memory`).
#[global_allocator]
static ALLOCATOR: cap::Cap<mimalloc::MiMalloc> = cap::Cap::new(mimalloc::MiMalloc, usize::MAX);

/// Bytes allocated now, for the interpreter's memory limit.
fn memory_in_use() -> usize {
    ALLOCATOR.allocated()
}

const HELP: &str = "\
loopscope — run Python asyncio programs on a virtual-time model of CPython 3.12's event loop

USAGE:
    loopscope run [--timestamps] [--cpu-speed N] [--free-threaded] [--cores N] [--json] FILE.py
    loopscope --help

OPTIONS:
    --timestamps     prefix every printed line with `[T] `, T the virtual time of the print (f\"{t:.6f}\")
    --cpu-speed N    Python code costs virtual CPU time: N operations per second (default: free)
    --free-threaded  run as a free-threaded build (PEP 703, python3.13t and later): no GIL, threads
                     run Python code in parallel on the cores (default: CPython 3.12 with the GIL;
                     only matters with --cpu-speed, since otherwise code takes no time)
    --cores N        CPU cores of the virtual machine, os.cpu_count() (default: 4)
    --json           write the model's trace as JSON to stdout after the run (program output is not printed)
    -h, --help       show this help

EXIT STATUS:
    0  the program finished
    1  the program raised an exception (traceback on stderr)
    2  syntax error, unsupported construct or usage error (FILE:LINE:COL: message)
    3  a limit stopped the run, or it deadlocked
";

/// Events the model reserves storage for.  Natively an untouched
/// reservation is only address space, so the CLI reserves for large runs:
/// growing the trace by doubling instead copies it and faults in fresh pages
/// at every step (about 15% of the time of a 300 000-event run).
const EXPECTED_EVENTS: usize = 1 << 20;

struct Args {
    timestamps: bool,
    json: bool,
    cpu_speed: Option<f64>,
    /// False with `--free-threaded`.
    gil: bool,
    cores: u32,
    file: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut cmd = None;
    let mut out = Args {
        timestamps: false,
        json: false,
        cpu_speed: None,
        gil: true,
        cores: loopscope_py::Options::default().cores,
        file: String::new(),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--timestamps" => out.timestamps = true,
            "--json" => out.json = true,
            "--cpu-speed" => {
                let v = args.next().ok_or("--cpu-speed needs a number")?;
                let n: f64 = v
                    .parse()
                    .map_err(|_| format!("--cpu-speed: not a number: {v}"))?;
                if !(n > 0.0 && n.is_finite()) {
                    return Err("--cpu-speed must be a positive number".into());
                }
                out.cpu_speed = Some(n);
            }
            "--free-threaded" => out.gil = false,
            "--cores" => {
                let v = args.next().ok_or("--cores needs a number")?;
                out.cores = match v.parse::<u32>() {
                    Ok(n) if (1..=1024).contains(&n) => n,
                    _ => return Err(format!("--cores: not a whole number from 1 to 1024: {v}")),
                };
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if cmd.is_none() => {
                if s != "run" {
                    return Err(format!("unknown command {s} (try `loopscope --help`)"));
                }
                cmd = Some(s.to_string());
            }
            s => {
                if !out.file.is_empty() {
                    return Err("only one FILE.py can be run".into());
                }
                out.file = s.to_string();
            }
        }
    }
    if cmd.is_none() {
        return Ok(None);
    }
    if out.file.is_empty() {
        return Err("missing FILE.py".into());
    }
    Ok(Some(out))
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("loopscope: {e}");
            eprintln!(
                "usage: loopscope run [--timestamps] [--cpu-speed N] [--free-threaded] [--cores N] [--json] FILE.py"
            );
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(&args.file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", args.file);
            return ExitCode::from(2);
        }
    };
    let options = loopscope_py::Options {
        cpu_speed: args.cpu_speed,
        gil: args.gil,
        cores: args.cores,
        expected_events: EXPECTED_EVENTS,
        // Printing the output needs only the output events; the whole trace
        // is kept when it is asked for.
        record: if args.json {
            loopscope_py::Record::All
        } else {
            loopscope_py::Record::Output
        },
        memory_in_use: Some(loopscope_py::MemoryGauge(memory_in_use)),
        ..Default::default()
    };
    let outcome = loopscope_py::run(&source, &options);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if args.json {
        let _ = writeln!(lock, "{}", outcome.trace.to_json());
    } else if args.timestamps {
        let _ = lock.write_all(outcome.stamped_stdout().as_bytes());
    } else {
        let _ = lock.write_all(outcome.plain_stdout().as_bytes());
    }
    let _ = lock.flush();
    eprint!("{}", outcome.stderr);
    match outcome.exit {
        loopscope_py::ExitKind::Ok | loopscope_py::ExitKind::Raised => {
            ExitCode::from(outcome.exit_code.clamp(0, 255) as u8)
        }
        loopscope_py::ExitKind::SyntaxError(d) | loopscope_py::ExitKind::Unsupported(d) => {
            eprintln!("{}:{}:{}: {}", args.file, d.line, d.col, d.message);
            ExitCode::from(2)
        }
        loopscope_py::ExitKind::Limit(_) | loopscope_py::ExitKind::Deadlock(_) => ExitCode::from(3),
    }
}
