//! Future labels: every future says what created it, so the diagram can show
//! `awaits Queue.put()` rather than a bare number.

use super::{run_with, task};
use crate::library::AwaitFuture;
use crate::state::State;
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Awaitable, Config, EventKind, ExecutorKind, QueueKind, ReturnWhen, Sim, StepEnd};

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

/// The first spawned task's future.
fn first_task(s: &Sim<TestValue>, r: &SharedRegs) -> crate::FutureId {
    s.task_future(r.borrow().tasks[0])
}

/// The label of every future a task awaited (`StepEnd::Await`) or a thread
/// blocked on (`BlockOnBegin`), in order, read from the state rebuilt from the
/// trace (so the label is there at any index, not only in the model).
fn waited_labels(sim: &Sim<TestValue>) -> Vec<String> {
    let trace = sim.trace();
    let mut state = State::default();
    let mut out = Vec::new();
    for ev in &trace.events {
        state.apply(ev);
        let fut = match ev.kind {
            EventKind::StepEnd {
                end: StepEnd::Await(f),
            }
            | EventKind::BlockOnBegin { fut: f } => f,
            _ => continue,
        };
        let label = state.future_label(fut).map(|l| trace.str(l));
        out.push(label.unwrap_or("?").to_string());
    }
    out
}

/// A task body that sleeps for a second.
fn sleeper() -> Script {
    task("child", vec![Op::Sleep(1.0)])
}

/// The one check: running `main` with these ops, the futures waited for carry these labels.
fn check_labels(name: &str, ops: Vec<Op>, expected: &[&str]) {
    let (sim, _) = run_with(Config::default(), &SharedRegs::default(), ops);
    assert_eq!(waited_labels(&sim), expected, "{name}");
}

#[test]
fn every_awaited_future_says_what_created_it() {
    let cases: Vec<(&str, Vec<Op>, Vec<&str>)> = vec![
        ("sleep", vec![Op::Sleep(1.0)], vec!["sleep()"]),
        (
            "loop.create_future",
            vec![
                Op::Do(Box::new(|s, r| {
                    let f = s.create_future();
                    r.borrow_mut().futs.push(f);
                })),
                Op::AwaitFut(0),
            ],
            vec!["Future()"],
        ),
        (
            "labelled by the host",
            vec![
                Op::Do(Box::new(|s, r| {
                    let f = s.create_labelled_future("create_future()");
                    r.borrow_mut().futs.push(f);
                })),
                Op::AwaitFut(0),
            ],
            vec!["create_future()"],
        ),
        (
            "Queue.get on an empty queue",
            vec![Op::Await(Box::new(|s, _| {
                let q = s.queue_new(QueueKind::Fifo, 0);
                s.queue_get(q)
            }))],
            vec!["Queue.get()"],
        ),
        (
            "Queue.put on a full queue",
            vec![Op::Await(Box::new(|s, _| {
                let q = s.queue_new(QueueKind::Fifo, 1);
                let _ = s.queue_put_nowait(q, TestValue::Int(1));
                s.queue_put(q, TestValue::Int(2))
            }))],
            vec!["Queue.put()"],
        ),
        (
            "LifoQueue.get",
            vec![Op::Await(Box::new(|s, _| {
                let q = s.queue_new(QueueKind::Lifo, 0);
                s.queue_get(q)
            }))],
            vec!["LifoQueue.get()"],
        ),
        (
            "PriorityQueue.put",
            vec![Op::Await(Box::new(|s, _| {
                let q = s.queue_new(QueueKind::Priority, 1);
                let _ = s.queue_put_nowait(q, TestValue::Int(1));
                s.queue_put(q, TestValue::Int(2))
            }))],
            vec!["PriorityQueue.put()"],
        ),
        (
            "Queue.join with an unfinished item",
            vec![Op::Await(Box::new(|s, _| {
                let q = s.queue_new(QueueKind::Fifo, 0);
                let _ = s.queue_put_nowait(q, TestValue::Int(1));
                s.queue_join(q)
            }))],
            vec!["Queue.join()"],
        ),
        (
            "Event.wait",
            vec![Op::Await(Box::new(|s, _| {
                let e = s.event_new();
                s.event_wait(e)
            }))],
            vec!["Event.wait()"],
        ),
        (
            "Lock.acquire on a held lock",
            vec![
                Op::Await(Box::new(|s, r| {
                    let l = s.lock_new();
                    r.borrow_mut().ids.push(l.0);
                    s.lock_acquire(l)
                })),
                Op::Await(Box::new(|s, r| {
                    s.lock_acquire(crate::LockId(r.borrow().ids[0]))
                })),
            ],
            vec!["Lock.acquire()"],
        ),
        (
            "Semaphore.acquire at zero",
            vec![Op::Await(Box::new(|s, _| {
                match s.semaphore_new(0, false) {
                    Ok(sem) => s.semaphore_acquire(sem),
                    Err(_) => s.sleep(0.0, TestValue::None),
                }
            }))],
            vec!["Semaphore.acquire()"],
        ),
        (
            "BoundedSemaphore.acquire at zero",
            vec![Op::Await(Box::new(|s, _| match s.semaphore_new(0, true) {
                Ok(sem) => s.semaphore_acquire(sem),
                Err(_) => s.sleep(0.0, TestValue::None),
            }))],
            vec!["BoundedSemaphore.acquire()"],
        ),
        (
            "Condition.wait",
            vec![
                Op::Await(Box::new(|s, r| {
                    let c = s.condition_new(None);
                    r.borrow_mut().ids.push(c.0);
                    let l = s.condition_lock(c);
                    s.lock_acquire(l)
                })),
                Op::Await(Box::new(|s, r| {
                    s.condition_wait(crate::ConditionId(r.borrow().ids[0]))
                })),
            ],
            vec!["Condition.wait()"],
        ),
        (
            "gather",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = first_task(s, r);
                    await_fut(s.gather(vec![f], false))
                })),
            ],
            vec!["gather()", "sleep()"],
        ),
        (
            "shield",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = first_task(s, r);
                    await_fut(s.shield(f))
                })),
            ],
            vec!["shield()", "sleep()"],
        ),
        (
            "wait",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = first_task(s, r);
                    s.wait(vec![f], None, ReturnWhen::FirstCompleted)
                })),
            ],
            vec!["wait()", "sleep()"],
        ),
        (
            "wait_for with no time left waits for the cancellation",
            vec![
                Op::Spawn(sleeper()),
                Op::Catch,
                Op::Await(Box::new(|s, r| {
                    let f = first_task(s, r);
                    s.wait_for(Awaitable::Future(f), Some(0.0))
                })),
            ],
            vec!["wait_for()"],
        ),
        (
            "as_completed",
            vec![
                Op::Spawn(sleeper()),
                Op::Await(Box::new(|s, r| {
                    let f = first_task(s, r);
                    match s.as_completed(vec![f], None).pop() {
                        Some(c) => c,
                        None => s.sleep(0.0, TestValue::None),
                    }
                })),
            ],
            vec!["as_completed()", "sleep()"],
        ),
        (
            "TaskGroup exit waits for its children",
            vec![Op::Await(Box::new(|s, _| {
                let tg = s.taskgroup_new();
                let _ = s.taskgroup_enter(tg);
                let _ = s.taskgroup_create_task(tg, Box::new(sleeper()), None);
                s.taskgroup_exit(tg, None)
            }))],
            vec!["TaskGroup", "sleep()"],
        ),
        (
            "run_in_executor names the function",
            vec![Op::Await(Box::new(|s, _| {
                match s.run_in_executor(None, job("blocking_io", 1.0)) {
                    Ok(f) => await_fut(f),
                    Err(_) => await_fut(crate::FutureId(0)),
                }
            }))],
            // `asyncio.run` waits for the default executor on its way out.
            vec![
                "run_in_executor(blocking_io)",
                "shutdown_default_executor()",
            ],
        ),
        (
            "to_thread names the function",
            vec![Op::Await(Box::new(|s, _| s.to_thread(job("crunch", 1.0))))],
            vec!["to_thread(crunch)", "shutdown_default_executor()"],
        ),
        (
            "a thread blocks on submit and shutdown",
            vec![
                Op::Do(Box::new(|s, r| {
                    if let Ok(ex) = s.executor_new(ExecutorKind::Thread, Some(1)) {
                        r.borrow_mut().ids.push(ex.0);
                    }
                })),
                Op::BlockOn(Box::new(|s, r| {
                    let ex = crate::ExecutorId(r.borrow().ids[0]);
                    s.executor_submit(ex, job("fetch", 1.0))
                        .unwrap_or(crate::FutureId(0))
                })),
                Op::BlockOn(Box::new(|s, r| {
                    let ex = crate::ExecutorId(r.borrow().ids[0]);
                    s.executor_shutdown(ex, true).unwrap_or(crate::FutureId(0))
                })),
            ],
            vec!["submit(fetch)", "Executor.shutdown()"],
        ),
        (
            "Thread.join",
            vec![
                Op::Do(Box::new(|s, r| {
                    let th = s.thread_start(job("worker", 1.0), None);
                    r.borrow_mut().ids.push(th.0);
                })),
                Op::BlockOn(Box::new(|s, r| {
                    s.thread_join(crate::ThreadId(r.borrow().ids[0]))
                })),
            ],
            vec!["Thread.join()"],
        ),
        (
            "threading.Lock held by the same thread",
            vec![
                Op::Do(Box::new(|s, r| {
                    let l = s.thread_lock_new();
                    let _ = s.thread_lock_acquire(l);
                    r.borrow_mut().ids.push(l.0);
                })),
                Op::BlockOn(Box::new(|s, r| {
                    let l = crate::ThreadLockId(r.borrow().ids[0]);
                    s.thread_lock_acquire(l).unwrap_or(crate::FutureId(0))
                })),
            ],
            vec!["threading.Lock.acquire()"],
        ),
        (
            "a party waiting at a Barrier",
            // The first barrier of a run is number 0.
            vec![
                Op::Do(Box::new(|s, _| {
                    let _ = s.barrier_new(2);
                })),
                Op::Spawn(task(
                    "party",
                    vec![Op::Await(Box::new(|s, _| {
                        s.barrier_wait(crate::BarrierId(0))
                    }))],
                )),
                Op::Sleep(1.0),
                Op::Await(Box::new(|s, _| s.barrier_wait(crate::BarrierId(0)))),
                Op::AwaitTask(0),
            ],
            vec!["sleep()", "Barrier.wait()", "Task"],
        ),
    ];
    for (name, ops, expected) in cases {
        check_labels(name, ops, &expected);
    }
}

/// The loop's own machinery makes no future the program did not ask for:
/// the first future of `asyncio.run(main())` is the main task's, and one
/// string is interned per distinct label, not per future.
#[test]
fn only_the_program_creates_futures_and_labels_are_interned_once() {
    let ops = (0..50).map(|_| Op::Sleep(0.1)).collect();
    let (sim, _) = run_with(Config::default(), &SharedRegs::default(), ops);
    let trace = sim.trace();
    let labels: Vec<(u32, &str)> = trace
        .events
        .iter()
        .filter_map(|ev| match ev.kind {
            EventKind::FutureCreated { fut, label } => Some((fut.0, trace.str(label))),
            _ => None,
        })
        .collect();
    // Main's task, its 50 sleeps, and the two tasks `asyncio.run` runs on
    // its way out (`shutdown_asyncgens`, `shutdown_default_executor`), as CPython does.
    assert_eq!(labels.len(), 53, "{labels:?}");
    assert_eq!(labels[0], (0, "Task"));
    assert_eq!(labels[1], (1, "sleep()"));
    assert_eq!(labels[51..], [(51, "Task"), (52, "Task")]);
    let distinct = trace
        .strings
        .iter()
        .filter(|s| *s == "sleep()" || *s == "Task")
        .count();
    assert_eq!(distinct, 2);
}
