//! The parent side: feeds inputs to an executor child, watches its time
//! and memory, notices its death, and restarts it.

use crate::exec::phase_name;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The memory one input may use: the bound for `loopscope run`.
pub const MEMORY_LIMIT: u64 = 2 << 30;

/// An executor whose resident memory passes this between inputs is
/// restarted, so that memory kept by an earlier input (the allocator does
/// not always give it back) is not charged to a later one.
pub const RESTART_ABOVE: u64 = 768 << 20;

/// How often a running input's time and memory are looked at.
const POLL: Duration = Duration::from_millis(10);

/// One failure: its class, the key findings are deduplicated by, and what
/// was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `panic`, `stack-overflow`, `crash`, `hang`, `memory`, `exit-code`,
    /// `check-mismatch`, `nondeterministic`, `link-panic`, `link-roundtrip`.
    pub kind: String,
    /// The panic location, the phase, or the first line of the message.
    pub key: String,
    /// Everything known about it, for the finding's header.
    pub detail: String,
}

enum Msg {
    Phase(u8),
    Reply(u8, Vec<u8>),
    Closed,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Msg>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

/// A restartable executor process.
pub struct Executor {
    exe: PathBuf,
    running: Option<Running>,
    /// How many times a child was started.
    pub starts: u64,
    /// How many children were ended because they kept too much memory.
    pub recycled: u64,
}

impl Executor {
    /// An executor that runs `exe exec` when it needs a child.
    pub fn new(exe: PathBuf) -> Executor {
        Executor {
            exe,
            running: None,
            starts: 0,
            recycled: 0,
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        let mut child = Command::new(&self.exe)
            .arg("exec")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let stdout = child.stdout.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let mut err_pipe = child.stderr.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_replies(stdout, &tx));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut all) = sink.lock() {
                    all.extend_from_slice(&buf[..n]);
                    // Only the end matters: it holds the runtime's last words.
                    if all.len() > 64 * 1024 {
                        let cut = all.len() - 16 * 1024;
                        all.drain(..cut);
                    }
                }
            }
        });
        self.starts += 1;
        self.running = Some(Running {
            child,
            stdin,
            rx,
            stderr,
        });
        Ok(())
    }

    /// Ends the child (if any); the next input starts a fresh one.
    pub fn stop(&mut self) {
        if let Some(mut r) = self.running.take() {
            let _ = r.child.kill();
            let _ = r.child.wait();
        }
    }

    /// Runs one input; `None` when it passed.
    pub fn run(
        &mut self,
        target: u8,
        flags: u8,
        input: &str,
        timeout: Duration,
    ) -> Option<Failure> {
        if self.running.is_none() {
            if let Err(e) = self.start() {
                return Some(Failure {
                    kind: "executor".into(),
                    key: "cannot start".into(),
                    detail: format!("cannot start {}: {e}", self.exe.display()),
                });
            }
        }
        let r = self.running.as_mut()?;
        if let Ok(mut e) = r.stderr.lock() {
            e.clear();
        }
        let mut frame = vec![target, flags];
        frame.extend_from_slice(&(input.len() as u32).to_le_bytes());
        frame.extend_from_slice(input.as_bytes());
        // A failed write means the child is gone; the loop below hears of it.
        let _ = r.stdin.write_all(&frame).and_then(|()| r.stdin.flush());
        let mut started = Instant::now();
        let mut phase = 0u8;
        loop {
            let r = self.running.as_mut()?;
            match r.rx.recv_timeout(POLL) {
                Ok(Msg::Phase(p)) => {
                    phase = p;
                    // The determinism check's second run is a second
                    // program run and gets its own ten seconds.
                    if p == b'2' {
                        started = Instant::now();
                    }
                }
                Ok(Msg::Reply(0, _)) => {
                    if started.elapsed() > Duration::from_millis(50)
                        && resident(r.child.id()).is_some_and(|m| m > RESTART_ABOVE)
                    {
                        self.recycled += 1;
                        self.stop();
                    }
                    return None;
                }
                Ok(Msg::Reply(_, bytes)) => {
                    let text = String::from_utf8_lossy(&bytes);
                    let mut parts = text.splitn(3, '\0');
                    return Some(Failure {
                        kind: parts.next().unwrap_or("unknown").to_string(),
                        key: parts.next().unwrap_or("").to_string(),
                        detail: parts.next().unwrap_or("").to_string(),
                    });
                }
                Ok(Msg::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let mut r = self.running.take()?;
                    let status = r.child.wait();
                    // The stderr reader may still be copying the last words.
                    std::thread::sleep(Duration::from_millis(20));
                    let stderr = r
                        .stderr
                        .lock()
                        .map(|e| String::from_utf8_lossy(&e).into_owned())
                        .unwrap_or_default();
                    return Some(death(status.ok(), &stderr, phase));
                }
                Err(RecvTimeoutError::Timeout) => {
                    let waited = started.elapsed();
                    if waited > timeout {
                        self.stop();
                        return Some(Failure {
                            kind: "hang".into(),
                            key: phase_name(phase).into(),
                            detail: format!(
                                "still running after {:.1} s, in {}",
                                waited.as_secs_f64(),
                                phase_name(phase)
                            ),
                        });
                    }
                    if let Some(rss) = resident(r.child.id()) {
                        if rss > MEMORY_LIMIT {
                            self.stop();
                            return Some(Failure {
                                kind: "memory".into(),
                                key: phase_name(phase).into(),
                                detail: format!(
                                    "over 2 GiB ({} MiB resident after {:.1} s), in {}",
                                    rss >> 20,
                                    waited.as_secs_f64(),
                                    phase_name(phase)
                                ),
                            });
                        }
                    }
                }
            }
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Reads the child's messages until its stdout closes.
fn read_replies(mut out: impl Read, tx: &mpsc::Sender<Msg>) {
    let mut tag = [0u8; 2];
    loop {
        if out.read_exact(&mut tag).is_err() {
            break;
        }
        let msg = match tag[0] {
            b'P' => Msg::Phase(tag[1]),
            b'R' => {
                let mut len = [0u8; 4];
                if out.read_exact(&mut len).is_err() {
                    break;
                }
                let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
                if out.read_exact(&mut bytes).is_err() {
                    break;
                }
                Msg::Reply(tag[1], bytes)
            }
            _ => break,
        };
        if tx.send(msg).is_err() {
            return;
        }
    }
    let _ = tx.send(Msg::Closed);
}

/// What a dead child tells: a stack overflow (the runtime says so on
/// stderr), a failed allocation, or another signal or exit status.
fn death(status: Option<ExitStatus>, stderr: &str, phase: u8) -> Failure {
    use std::os::unix::process::ExitStatusExt as _;
    let last = stderr
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string();
    let how = match status {
        Some(s) if s.signal().is_some() => format!("killed by signal {}", s.signal().unwrap_or(0)),
        Some(s) => format!("exited with {}", s.code().unwrap_or(-1)),
        None => "vanished".to_string(),
    };
    let (kind, key) = if stderr.contains("has overflowed its stack") {
        ("stack-overflow", phase_name(phase).to_string())
    } else if stderr.contains("memory allocation of") {
        (
            "memory",
            format!("allocation failure in {}", phase_name(phase)),
        )
    } else {
        ("crash", format!("{how} in {}", phase_name(phase)))
    };
    Failure {
        kind: kind.into(),
        key,
        detail: format!(
            "the executor {how} in {}; its last words: {last}",
            phase_name(phase)
        ),
    }
}

/// Resident memory of a process in bytes (`VmRSS` of `/proc/PID/status`).
fn resident(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The innermost frames of the executor's main stack under gdb, for a
/// finding that kills or hangs the process (no panic hook sees those).
/// `None` when gdb is not installed or says nothing useful.
pub fn gdb_stack(
    exe: &std::path::Path,
    file: &std::path::Path,
    link: bool,
    hang: bool,
) -> Option<String> {
    let gdb = which("gdb")?;
    let mut args: Vec<String> = vec![
        "-q".into(),
        "-batch".into(),
        "-ex".into(),
        "set pagination off".into(),
        "-ex".into(),
        "run".into(),
        "-ex".into(),
        "thread apply all bt 40".into(),
        "--args".into(),
        exe.display().to_string(),
        "replay".into(),
        file.display().to_string(),
    ];
    if link {
        args.push("--link".into());
    }
    let mut child = Command::new(gdb)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let mut interrupted = false;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        let waited = started.elapsed();
        // gdb takes seconds to load the symbols before the program starts.
        if hang && !interrupted && waited > Duration::from_secs(8) {
            // SIGINT makes gdb stop the program where it is; then `bt` runs.
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            interrupted = true;
        }
        if waited > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = reader.join().ok()?;
    // `#3  0x… in func<T> (args…) at crates/py/src/vm.rs:930`, or without
    // the address for an inlined frame.
    let parsed: Vec<(String, String)> = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| {
            let (head, at) = l.rsplit_once(" at ")?;
            let func = head.split_once(" in ").map_or(head, |(_, f)| f);
            let func =
                func.trim_start_matches(|c: char| c == '#' || c.is_ascii_digit() || c == ' ');
            let func = func.split(" (").next().unwrap_or(func);
            Some((func.to_string(), at.to_string()))
        })
        .collect();
    let mut frames: Vec<String> = parsed
        .iter()
        .filter(|(_, at)| crate::exec::is_ours(at))
        .take(25)
        .map(|(func, at)| format!("{func} at {at}"))
        .collect();
    // A stack overflow while freeing a long chain is all drop glue, which
    // lives in the standard library: its innermost frames still say what.
    if frames.is_empty() {
        frames = parsed
            .iter()
            .take(8)
            .map(|(func, at)| format!("{func} at {at}"))
            .collect();
    }
    (!frames.is_empty()).then(|| frames.join("\n"))
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
