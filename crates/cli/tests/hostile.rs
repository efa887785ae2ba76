//! Every program in `tests/hostile/` ends in bounded time and memory with
//! exit 0–3 and something said: the promise of "nothing a person types can
//! break Loopscope", checked on the `loopscope` binary itself, since a stack
//! overflow or an abort can only be seen from outside the process.
//!
//! A program with a sibling `NAME.out` must also print exactly that on
//! stdout (what CPython prints).  `LOOPSCOPE_BIN` runs another build of the
//! binary (a release build answers within the product's 10 s); the test's
//! own debug build gets six times as long.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resident memory a run may reach.
const MAX_RSS: u64 = 2 << 30;

fn binary() -> (PathBuf, Duration) {
    match std::env::var_os("LOOPSCOPE_BIN") {
        Some(p) => (PathBuf::from(p), Duration::from_secs(10)),
        None => (
            PathBuf::from(env!("CARGO_BIN_EXE_loopscope")),
            Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 }),
        ),
    }
}

/// Peak resident memory of a live process so far, from `/proc` (0 where there is none).
fn rss_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Processor time a live process has used so far (user + system), from
/// `/proc` (zero where there is none).  The budget is counted in processor
/// time, not wall time: on a loaded machine a program may wait for a core
/// for a long while, and only what it spends running is its own cost.
fn cpu_of(pid: u32) -> Duration {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Duration::ZERO;
    };
    // The command name may contain spaces; the fields after it do not.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return Duration::ZERO;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after `)`,
    // in clock ticks of 1/100 s on Linux.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Runs one program; `Err` says what went wrong.
fn check(bin: &Path, budget: Duration, path: &Path) -> Result<(), String> {
    let mut child = Command::new(bin)
        .arg("run")
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    // The pipes are drained on their own threads so that a program printing
    // megabytes cannot block on a full pipe while the watch below waits.
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let started = Instant::now();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(rss_of(child.id()));
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        // Wall time is bounded too, generously, so that a program that
        // waits instead of running cannot hang the test either.
        let cpu = cpu_of(child.id());
        if cpu > budget || started.elapsed() > budget * 5 || peak > MAX_RSS {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "still running after {:.1} s ({:.1} s of processor time) with {} MiB resident",
                started.elapsed().as_secs_f64(),
                cpu.as_secs_f64(),
                peak >> 20
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let code = status.code();
    if !matches!(code, Some(0..=3)) {
        return Err(format!(
            "exit {status}; stderr: {:.300}",
            String::from_utf8_lossy(&stderr)
        ));
    }
    if stdout.is_empty() && stderr.is_empty() && !path.with_extension("out").exists() {
        return Err("ended without a word".into());
    }
    if let Ok(expected) = std::fs::read(path.with_extension("out")) {
        if stdout != expected {
            return Err(format!(
                "stdout {:?}, expected {:?}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&expected)
            ));
        }
    }
    Ok(())
}

#[test]
fn hostile_programs_end_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} hostile programs", files.len());
    let (bin, budget) = binary();
    // Two at a time: the machines this runs on have two cores.
    let failures: Vec<String> = files
        .chunks(files.len().div_ceil(2))
        .map(|chunk| {
            let (bin, chunk) = (bin.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                chunk
                    .iter()
                    .filter_map(|p| {
                        check(&bin, budget, p).err().map(|e| {
                            format!(
                                "{}: {e}",
                                p.file_name().unwrap_or_default().to_string_lossy()
                            )
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|h| h.join().unwrap_or_default())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
