//! Await-tree links: what each combinator's future waits on, recorded once
//! when it is made, so the front end can draw who waits for whom at any index.

use super::{run_with, task};
use crate::library::AwaitFuture;
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Awaitable, Below, Config, EventKind, ReturnWhen, Sim};
use std::collections::HashMap;

/// A job that blocks its worker for `secs`.
fn job(name: &str, secs: f64) -> Box<Script> {
    Box::new(Script::new(name, vec![Op::Block(secs)]))
}

/// `await fut` as a native coroutine.
fn await_fut(fut: crate::FutureId) -> Box<AwaitFuture> {
    Box::new(AwaitFuture {
        fut,
        started: false,
    })
}

/// The `n`th spawned task's future.
fn nth_task(s: &Sim<TestValue>, r: &SharedRegs, n: usize) -> crate::FutureId {
    s.task_future(r.borrow().tasks[n])
}

/// A task body that sleeps for a second.
fn sleeper() -> Script {
    task("child", vec![Op::Sleep(1.0)])
}

/// Every link as `label → label` (or `label → job N`), read from the trace alone.
fn links(sim: &Sim<TestValue>) -> Vec<String> {
    let trace = sim.trace();
    let labels: HashMap<crate::FutureId, &str> = trace
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::FutureCreated { fut, label } => Some((fut, trace.str(label))),
            _ => None,
        })
        .collect();
    let name = |f: crate::FutureId| labels.get(&f).copied().unwrap_or("?").to_string();
    trace
        .links
        .iter()
        .map(|l| match l.on {
            Below::Future(f) => format!("{} → {}", name(l.fut), name(f)),
            Below::Job(j) => format!("{} → job {}", name(l.fut), j.0),
        })
        .collect()
}

/// The one check: running `main` with these ops records exactly these links.
fn check(name: &str, ops: Vec<Op>, expected: &[&str]) {
    let (sim, _) = run_with(Config::default(), &SharedRegs::default(), ops);
    assert_eq!(links(&sim), expected, "{name}");
}

#[test]
fn every_combinator_links_its_future_to_what_it_waits_on() {
    let cases: Vec<(&str, Vec<Op>, Vec<&str>)> = vec![
        ("a plain sleep links nothing", vec![Op::Sleep(1.0)], vec![]),
        (
            "gather over two tasks",
            vec![
                Op::Spawn(sleeper()),
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let (a, b) = (nth_task(s, r, 0), nth_task(s, r, 1));
                    await_fut(s.gather(vec![a, b, a], false))
                })),
            ],
            vec!["gather() → Task", "gather() → Task"],
        ),
        (
            "shield",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = nth_task(s, r, 0);
                    await_fut(s.shield(f))
                })),
            ],
            vec!["shield() → Task"],
        ),
        (
            "wait",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = nth_task(s, r, 0);
                    s.wait(vec![f], None, ReturnWhen::FirstCompleted)
                })),
            ],
            vec!["wait() → Task"],
        ),
        (
            "wait_for with no time left waits for the cancellation",
            vec![
                Op::Spawn(sleeper()),
                Op::Catch,
                Op::Await(Box::new(|s, r| {
                    let f = nth_task(s, r, 0);
                    s.wait_for(Awaitable::Future(f), Some(0.0))
                })),
            ],
            vec!["wait_for() → Task"],
        ),
        (
            "TaskGroup exit waits for its children",
            vec![Op::Await(Box::new(|s, _| {
                let tg = s.taskgroup_new();
                let _ = s.taskgroup_enter(tg);
                let _ = s.taskgroup_create_task(tg, Box::new(sleeper()), None);
                let _ = s.taskgroup_create_task(tg, Box::new(sleeper()), None);
                s.taskgroup_exit(tg, None)
            }))],
            vec!["TaskGroup → Task", "TaskGroup → Task"],
        ),
        (
            "run_in_executor: the asyncio future follows the job's concurrent future",
            vec![Op::Await(Box::new(|s, _| {
                match s.run_in_executor(None, job("blocking_io", 1.0)) {
                    Ok(f) => await_fut(f),
                    Err(_) => await_fut(crate::FutureId(0)),
                }
            }))],
            vec![
                "submit(blocking_io) → job 0",
                "run_in_executor(blocking_io) → submit(blocking_io)",
                // `asyncio.run` waits for the default executor on its way out.
                "shutdown_default_executor() → Executor.shutdown()",
            ],
        ),
        (
            "to_thread",
            vec![Op::Await(Box::new(|s, _| s.to_thread(job("crunch", 1.0))))],
            vec![
                "submit(crunch) → job 0",
                "to_thread(crunch) → submit(crunch)",
                "shutdown_default_executor() → Executor.shutdown()",
            ],
        ),
    ];
    for (name, ops, expected) in cases {
        check(name, ops, &expected);
    }
}

#[test]
fn links_are_the_same_run_to_run_and_absent_when_only_output_is_kept() {
    let ops = || {
        vec![
            Op::Spawn(sleeper()),
            Op::Await(Box::new(|s: &mut Sim<TestValue>, r: &SharedRegs| {
                let f = nth_task(s, r, 0);
                await_fut(s.gather(vec![f], false))
            })) as Op,
        ]
    };
    let (a, _) = run_with(Config::default(), &SharedRegs::default(), ops());
    let (b, _) = run_with(Config::default(), &SharedRegs::default(), ops());
    assert_eq!(a.trace().links, b.trace().links);
    let output = Config {
        record: crate::Record::Output,
        ..Config::default()
    };
    let (c, _) = run_with(output, &SharedRegs::default(), ops());
    assert!(c.trace().links.is_empty());
}
