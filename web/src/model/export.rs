//! Downloads of the trace: as JSON, and as a Chrome trace for Perfetto and
//! `chrome://tracing` (the SVG files of the diagram and the timeline are
//! written by `model::svg`).
//!
//! Pure functions over a [`Run`] and strings; the page only turns their
//! output into a file.  Every JSON document is built as a `serde_json`
//! value, never by pasting strings, so whatever a program printed or named
//! its tasks comes out as data.
//!
//! # Formats
//!
//! - [`trace_json`]: exactly the sim's documented trace schema
//!   (`{"schema": 2, "strings": […], "events": […]}`, see
//!   `crates/sim/API.md`), which `Trace::from_json` reads back.  The source is
//!   not wrapped in, so that the file *is* the schema; the share link carries
//!   the program.
//! - [`chrome_trace`]: the Trace Event Format's JSON object form,
//!   `{"traceEvents": […], "displayTimeUnit": "ms", "otherData": {…}}`.
//!   One process (pid 1) named after the source; each timeline row (threads
//!   first, then tasks) is a track (tid = row index + 1) with `thread_name`
//!   and `thread_sort_index` metadata (`"ph": "M"`).  Each timeline segment is
//!   a complete event (`"ph": "X"`) named by its state (`running`, `ready`,
//!   `waiting`, `blocking`, `gil`), category `task` or `thread`, lasting
//!   until the row's next segment (or the end of the run); a task's end
//!   (`done`, `cancelled`, `failed`) is an instant on its track.  Each
//!   `print` is a thread-scoped instant (`"ph": "i", "s": "t"`) named
//!   `print` with `args.text`; how the run ended is a global instant.
//!   Times are microseconds of *virtual* time, rounded to whole nanoseconds
//!   so that a segment ends exactly where the next begins.

use crate::model::run::{Activity, Ending, Row, RowKey, Run};
use loopscope_sim::EventKind;
use loopscope_sim::ThreadId;
use serde_json::{json, Value};

/// The trace in the sim's documented JSON schema (`"schema": 2`).
pub fn trace_json(run: &Run) -> String {
    run.trace.to_json()
}

/// Whole nanoseconds of virtual time (exact in an `f64` up to about 104 days).
fn nanos(t: f64) -> i64 {
    if t.is_finite() {
        (t * 1e9).round() as i64
    } else {
        0
    }
}

/// Nanoseconds as the format's microseconds.
fn micros(ns: i64) -> f64 {
    ns as f64 / 1000.0
}

/// The run as Chrome Trace Event Format JSON; `source_name` names the process
/// (the preset's title, or "edited code").
pub fn chrome_trace(run: &Run, source_name: &str) -> String {
    let end = nanos(run.summary.total.max(run.time_at(run.len())));
    let mut events: Vec<Value> = vec![json!({
        "ph": "M", "pid": 1, "tid": 0, "name": "process_name",
        "args": {"name": source_name},
    })];
    for (k, row) in run.rows.iter().enumerate() {
        row_events(row, k + 1, end, &mut events);
    }
    for (i, ev) in run.trace.events.iter().enumerate() {
        if let EventKind::Print { text, stderr } = ev.kind {
            let text = run.trace.str(text);
            events.push(json!({
                "ph": "i", "s": "t", "pid": 1, "tid": print_track(run, ev.thread, ev.task),
                "name": if stderr { "print (stderr)" } else { "print" },
                "cat": "print",
                "ts": micros(nanos(ev.t)),
                "args": {
                    "text": text.strip_suffix('\n').unwrap_or(text),
                    "stream": if stderr { "stderr" } else { "stdout" },
                    "event": i,
                },
            }));
        }
    }
    let (name, detail) = match &run.ending {
        Ending::Finished => ("finished", String::new()),
        Ending::Raised { traceback, .. } => ("raised", traceback.clone()),
        // The exported files are for tools, so they keep the English of the CLI.
        Ending::Rejected { line, col, why } => (
            "rejected",
            format!(
                "line {line}, column {col}: {}",
                crate::model::words::rejection(crate::i18n::Lang::En, why)
            ),
        ),
        Ending::Limit(limit) => ("limit reached", limit.to_string()),
        Ending::Failed(failure) => ("not finished", format!("{failure:?}")),
        Ending::Deadlock { waiters, .. } => (
            "deadlock",
            loopscope_py::Deadlock {
                waiters: waiters.clone(),
            }
            .to_string(),
        ),
    };
    events.push(json!({
        "ph": "i", "s": "g", "pid": 1, "tid": 0, "name": name, "cat": "run",
        "ts": micros(end), "args": {"detail": detail},
    }));
    let doc = json!({
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "generator": "Loopscope",
            "source": source_name,
            "virtual_seconds": run.summary.total,
            "time": "virtual",
        },
    });
    doc.to_string()
}

/// A row's track: its name, its place, and its segments.
fn row_events(row: &Row, tid: usize, end: i64, events: &mut Vec<Value>) {
    let cat = match row.key {
        RowKey::Thread(_) => "thread",
        RowKey::Task(_) => "task",
    };
    events.push(json!({
        "ph": "M", "pid": 1, "tid": tid, "name": "thread_name",
        "args": {"name": row.label.text(crate::i18n::Lang::En)},
    }));
    events.push(json!({
        "ph": "M", "pid": 1, "tid": tid, "name": "thread_sort_index",
        "args": {"sort_index": tid},
    }));
    for (j, seg) in row.segments.iter().enumerate() {
        let start = nanos(seg.t);
        let args = json!({"event": seg.event});
        if matches!(
            seg.activity,
            Activity::Done | Activity::Cancelled | Activity::Failed
        ) {
            // An ended task does nothing more: a mark, not a slice to the end.
            events.push(json!({
                "ph": "i", "s": "t", "pid": 1, "tid": tid, "cat": cat,
                "name": seg.activity.class(), "ts": micros(start), "args": args,
            }));
            continue;
        }
        let stop = row
            .segments
            .get(j + 1)
            .map_or(end, |next| nanos(next.t))
            .max(start);
        events.push(json!({
            "ph": "X", "pid": 1, "tid": tid, "cat": cat,
            "name": seg.activity.class(),
            "ts": micros(start), "dur": micros(stop - start), "args": args,
        }));
    }
}

/// The track a print goes on: a worker thread's own, else the task that
/// printed, else the loop thread's.
fn print_track(run: &Run, thread: ThreadId, task: Option<loopscope_sim::TaskId>) -> usize {
    let find = |key: RowKey| run.rows.iter().position(|r| r.key == key).map(|k| k + 1);
    let by_task = task
        .filter(|_| thread == ThreadId(0))
        .and_then(|t| find(RowKey::Task(t)));
    by_task
        .or_else(|| find(RowKey::Thread(thread)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    fn events_of(doc: &Value) -> &Vec<Value> {
        doc["traceEvents"].as_array().unwrap()
    }

    fn track_names(doc: &Value) -> Vec<(u64, String)> {
        events_of(doc)
            .iter()
            .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
            .map(|e| {
                (
                    e["tid"].as_u64().unwrap(),
                    e["args"]["name"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_trace_json_is_the_documented_schema() {
        let run = execute(presets::find("two-tasks").unwrap().source, None);
        let text = trace_json(&run);
        let doc = parse(&text);
        assert_eq!(doc["schema"], loopscope_sim::SCHEMA);
        assert!(doc["strings"].is_array());
        assert_eq!(doc["events"].as_array().unwrap().len(), run.len());
        let back = loopscope_sim::Trace::from_json(&text).unwrap();
        assert_eq!(back.events, run.trace.events);
    }

    #[test]
    fn chrome_trace_of_two_tasks() {
        let run = execute(presets::find("two-tasks").unwrap().source, None);
        let doc = parse(&chrome_trace(&run, "2 · Two tasks with asyncio.sleep"));
        assert_eq!(doc["displayTimeUnit"], "ms");
        let events = events_of(&doc);
        assert_eq!(
            events[0],
            json!({"ph": "M", "pid": 1, "tid": 0, "name": "process_name",
                   "args": {"name": "2 · Two tasks with asyncio.sleep"}})
        );
        let tracks = track_names(&doc);
        assert_eq!(tracks.len(), run.rows.len());
        assert_eq!(tracks[0], (1, "MainThread (runs the loop)".to_string()));
        for name in ["func1", "func2", "main"] {
            assert!(
                tracks
                    .iter()
                    .any(|(_, n)| n.ends_with(&format!("· {name}"))),
                "{tracks:?}"
            );
        }
        // Every event has the fields the format needs.
        for e in events {
            assert_eq!(e["pid"], 1);
            assert!(e["tid"].is_u64() && e["name"].is_string(), "{e}");
            match e["ph"].as_str().unwrap() {
                "M" => {}
                "X" => {
                    assert!(e["ts"].as_f64().unwrap() >= 0.0);
                    assert!(e["dur"].as_f64().unwrap() >= 0.0);
                    assert!(["task", "thread"].contains(&e["cat"].as_str().unwrap()));
                }
                "i" => assert!(["t", "g"].contains(&e["s"].as_str().unwrap())),
                other => panic!("unexpected phase {other}"),
            }
        }
        // Each task's slices tile its life: each ends where the next begins.
        for (tid, _) in &tracks {
            let slices: Vec<(f64, f64)> = events
                .iter()
                .filter(|e| e["ph"] == "X" && e["tid"] == *tid)
                .map(|e| (e["ts"].as_f64().unwrap(), e["dur"].as_f64().unwrap()))
                .collect();
            for pair in slices.windows(2) {
                assert_eq!(pair[0].0 + pair[0].1, pair[1].0);
            }
        }
        // func1 sleeps from 0 to 1 s.
        let func1 = tracks.iter().find(|(_, n)| n.ends_with("func1")).unwrap().0;
        assert!(events.iter().any(|e| e["tid"] == func1
            && e["name"] == "waiting"
            && e["ts"] == 0.0
            && e["dur"] == 1_000_000.0));
        assert!(events
            .iter()
            .any(|e| e["tid"] == func1 && e["name"] == "done" && e["ph"] == "i"));
        // The four prints, on their tasks' tracks, in order.
        let prints: Vec<(&str, u64, f64)> = events
            .iter()
            .filter(|e| e["name"] == "print")
            .map(|e| {
                (
                    e["args"]["text"].as_str().unwrap(),
                    e["tid"].as_u64().unwrap(),
                    e["ts"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(prints.len(), 4);
        assert_eq!(prints[0], ("func1() started", func1, 0.0));
        assert_eq!(prints[2].0, "func1() finished");
        assert_eq!(prints[2].2, 1_000_000.0);
        let end = events.last().unwrap();
        assert_eq!(
            (end["name"].as_str(), end["s"].as_str()),
            (Some("finished"), Some("g"))
        );
        assert_eq!(doc["otherData"]["virtual_seconds"], 1.0);
    }

    #[test]
    fn threads_get_their_own_tracks() {
        let run = execute(presets::find("thread-pool").unwrap().source, None);
        let doc = parse(&chrome_trace(&run, "thread pool"));
        let tracks = track_names(&doc);
        let threads = run
            .rows
            .iter()
            .filter(|r| matches!(r.key, RowKey::Thread(_)))
            .count();
        assert!(threads >= 2, "{tracks:?}");
        assert!(
            events_of(&doc)
                .iter()
                .any(|e| e["cat"] == "thread" && e["tid"] == 2 && e["ph"] == "X"),
            "{tracks:?}"
        );
    }

    #[test]
    fn hostile_text_stays_data() {
        let source = r#"import asyncio

async def evil():
    print("</script><script>alert(1)</script>")
    print('<img src=x onerror="alert(2)">', "a\nb", 'q"\'')
    print("javascript:alert(3)\u2028\x00end")

asyncio.run(evil())
"#;
        let run = execute(source, None);
        assert_eq!(run.ending, Ending::Finished, "{:?}", run.ending);
        let name = "</script>\"<b>\n";
        let text = chrome_trace(&run, name);
        let doc = parse(&text);
        assert_eq!(doc["otherData"]["source"], name);
        let printed: Vec<&str> = events_of(&doc)
            .iter()
            .filter(|e| e["name"] == "print")
            .map(|e| e["args"]["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            printed,
            [
                "</script><script>alert(1)</script>",
                "<img src=x onerror=\"alert(2)\"> a\nb q\"'",
                "javascript:alert(3)\u{2028}\0end",
            ]
        );
        // Raw control characters never reach the file; quotes are escaped.
        assert!(!text.contains('\n') && !text.contains('\0'));
        let raised = execute(
            "import asyncio\nasync def m():\n    raise ValueError('<svg onload=x>')\nasyncio.run(m())\n",
            None,
        );
        let doc = parse(&chrome_trace(&raised, "x"));
        let end = events_of(&doc).last().unwrap();
        assert_eq!(end["name"], "raised");
        assert!(end["args"]["detail"]
            .as_str()
            .unwrap()
            .contains("ValueError: <svg onload=x>"));
    }

    #[test]
    fn a_rejected_program_still_exports() {
        let run = execute("def (:\n", None);
        let doc = parse(&chrome_trace(&run, "broken"));
        assert_eq!(events_of(&doc).last().unwrap()["name"], "rejected");
        assert!(parse(&trace_json(&run))["events"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}
