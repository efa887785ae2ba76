//! The command line itself: what each way of running a file writes, and its exit status.

use std::path::PathBuf;
use std::process::Command;

const PROGRAM: &str = "\
import asyncio

async def work(n):
    await asyncio.sleep(0.5)
    print('done', n)

async def main():
    await asyncio.gather(work(1), work(2))

asyncio.run(main())
";

/// Writes `PROGRAM` to a file of its own and returns its path.
fn program_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loopscope-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, PROGRAM).expect("write program");
    path
}

/// Runs `loopscope` with `args`: (exit code, stdout, stderr).
fn loopscope(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loopscope"))
        .args(args)
        .output()
        .expect("run loopscope");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_way_of_running_writes_what_it_promises() {
    let file = program_file("gather.py");
    let file = file.to_str().expect("utf-8 path");
    let check = |args: &[&str], code: i32, stdout: &str| {
        let (c, out, err) = loopscope(args);
        assert_eq!((c, out.as_str()), (code, stdout), "{args:?}: stderr {err}");
    };
    check(&["run", file], 0, "done 1\ndone 2\n");
    check(
        &["run", "--timestamps", file],
        0,
        "[0.500000] done 1\n[0.500000] done 2\n",
    );
    let (code, _, err) = loopscope(&["run", "--bogus", file]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown option --bogus"), "{err}");
    let (code, help, _) = loopscope(&["--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("--json"), "{help}");
}

/// `--json` writes the whole trace, not only the output that `run` keeps.
#[test]
fn json_writes_every_event() {
    let file = program_file("gather-json.py");
    let (code, out, err) = loopscope(&["run", "--json", file.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{err}");
    let trace: serde_json::Value = serde_json::from_str(&out).expect("the trace is JSON");
    let events = trace["events"].as_array().expect("events");
    let kind = |e: &serde_json::Value| -> String {
        match &e["kind"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Object(m) => m.keys().next().cloned().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let count = |k: &str| events.iter().filter(|e| kind(e) == k).count();
    assert_eq!(count("Print"), 2);
    assert!(count("TaskCreated") >= 3, "{} tasks", count("TaskCreated"));
    assert!(count("TimerSet") >= 2 && count("StepBegin") >= 5);
    assert!(events.len() > 30, "{} events", events.len());
}

/// `--free-threaded` and `--cores` reach the model: the GIL preset's four
/// threads take turns on the GIL, run in parallel without it, and share
/// fewer cores at a lower speed.
#[test]
fn free_threaded_and_cores_change_the_gil_preset() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/oracle/cases/182_preset_gil.py"
    );
    let check = |extra: &[&str], stdout: &str| {
        let mut args = vec!["run", "--cpu-speed", "100000"];
        args.extend_from_slice(extra);
        args.push(file);
        let (code, out, err) = loopscope(&args);
        assert_eq!((code, out.as_str()), (0, stdout), "{extra:?}: stderr {err}");
    };
    check(&[], "4 threads: 3.60 s\n4 processes: 0.90 s\n");
    check(
        &["--free-threaded"],
        "4 threads: 0.90 s\n4 processes: 0.90 s\n",
    );
    check(
        &["--free-threaded", "--cores", "2"],
        "4 threads: 1.80 s\n4 processes: 1.80 s\n",
    );
    check(
        &["--cores", "1"],
        "4 threads: 3.60 s\n4 processes: 3.60 s\n",
    );
    let (code, _, err) = loopscope(&["run", "--cores", "0", file]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--cores"), "{err}");
    let (_, help, _) = loopscope(&["--help"]);
    assert!(help.contains("--free-threaded"), "{help}");
}
