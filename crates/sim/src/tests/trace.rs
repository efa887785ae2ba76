//! The trace: determinism, serialisation, compactness and state rebuild.

use super::{ok, run, run_with, task};
use crate::testkit::{Op, SharedRegs, TestValue};
use crate::{Config, Event, EventKind, Record, State, TaskStatus, Trace};

/// A scenario touching tasks, timers, cancellation, blocking and an executor.
fn mixed() -> Vec<Op> {
    let mut ops = Vec::new();
    for i in 0..20 {
        let d = 0.1 * f64::from(i % 7);
        ops.push(Op::Spawn(task(
            "worker",
            vec![Op::Sleep(d), Op::Print("w"), Op::Yield, Op::Sleep(d / 3.0)],
        )));
    }
    ops.push(Op::Spawn(task(
        "blocker",
        vec![Op::Block(0.35), Op::Print("b")],
    )));
    ops.push(Op::Do(Box::new(|s, r| {
        let j = Box::new(crate::testkit::Script::new(
            "job",
            vec![Op::Block(0.5), Op::Return(TestValue::Int(1))],
        ));
        let f = s.run_in_executor(None, j).unwrap_or(crate::FutureId(0));
        r.borrow_mut().futs.push(f);
    })));
    ops.push(Op::AwaitFut(0));
    for i in 0..21 {
        ops.push(Op::AwaitTask(i));
    }
    ops
}

#[test]
fn same_input_gives_a_byte_identical_trace() {
    let (a, ra) = run(mixed());
    let (b, rb) = run(mixed());
    ok(&ra);
    ok(&rb);
    let (ja, jb) = (a.trace().to_json(), b.trace().to_json());
    assert!(ja.len() > 1000);
    assert_eq!(ja, jb);
}

#[test]
fn events_are_compact() {
    assert!(
        std::mem::size_of::<Event>() <= 64,
        "Event is {} bytes",
        std::mem::size_of::<Event>()
    );
}

fn fold(trace: &Trace, upto: usize) -> State {
    let mut st = State::default();
    for ev in &trace.events[..upto] {
        st.apply(ev);
    }
    st
}

#[test]
fn state_at_any_index_matches_a_full_replay() {
    let (sim, r) = run(mixed());
    ok(&r);
    let trace = sim.trace();
    assert!(trace.events.len() > 600, "{}", trace.events.len());
    assert!(trace.checkpoint_count() > 2);
    for i in (0..=trace.events.len())
        .step_by(37)
        .chain([trace.events.len()])
    {
        assert_eq!(trace.state_at(i), fold(trace, i), "index {i}");
    }
}

/// Checkpoints are built on first use; once built, recording more events
/// keeps them current, whenever that first use happens.
#[test]
fn checkpoints_built_while_recording_stay_current() {
    let (sim, r) = run(mixed());
    ok(&r);
    let full = sim.trace();
    let n = full.events.len();
    for built_at in [0, 1, n / 3, n] {
        let mut t = Trace::new();
        for (i, ev) in full.events.iter().enumerate() {
            if i == built_at {
                t.index();
            }
            t.push(*ev);
        }
        assert_eq!(
            t.checkpoint_count(),
            full.checkpoint_count(),
            "built at {built_at}"
        );
        for i in (0..=n).step_by(37).chain([n]) {
            assert_eq!(
                t.state_at(i),
                fold(full, i),
                "built at {built_at}, index {i}"
            );
        }
    }
}

#[test]
fn json_round_trip_keeps_events_and_states() {
    let (sim, r) = run(mixed());
    ok(&r);
    let json = sim.trace().to_json();
    assert!(json.starts_with("{\"schema\":2,"));
    let back = Trace::from_json(&json).unwrap_or_default();
    assert_eq!(back.events, sim.trace().events);
    let mid = back.events.len() / 2;
    assert_eq!(back.state_at(mid), sim.trace().state_at(mid));
    assert!(Trace::from_json("{\"schema\":1,\"strings\":[],\"events\":[]}").is_err());
}

#[test]
fn state_shows_waiting_tasks_timers_and_the_ready_queue() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(task("child", vec![Op::Sleep(1.0)])),
            Op::AwaitTask(0),
        ],
    );
    ok(&r);
    let trace = sim.trace();
    // Find the moment the child awaits its sleep future.
    let idx = trace
        .events
        .iter()
        .position(|e| {
            e.task == Some(crate::TaskId(1))
                && matches!(
                    e.kind,
                    EventKind::StepEnd {
                        end: crate::StepEnd::Await(_)
                    }
                )
        })
        .unwrap_or(0);
    let st = trace.state_at(idx + 1);
    assert_eq!(st.timers.len(), 1);
    let t1 = st.tasks.get(&crate::TaskId(0)).copied().expect("task");
    let t2 = st.tasks.get(&crate::TaskId(1)).copied().expect("task");
    assert_eq!(t1.status, TaskStatus::Waiting);
    assert_eq!(t1.awaiting, Some(t2.fut));
    assert_eq!(t2.status, TaskStatus::Waiting);
    let end = trace.state_at(trace.events.len());
    assert_eq!(
        end.tasks.get(&crate::TaskId(1)).expect("task").status,
        TaskStatus::Done
    );
    assert!(end.timers.is_empty() && end.ready.is_empty());
}

/// A small deterministic generator (an LCG), so generated scenarios need no randomness source.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Builds a random scenario of tasks, timers, blocking calls and executor jobs from a seed.
fn generated(seed: u64) -> Vec<Op> {
    let mut g = Lcg(seed);
    let mut ops = Vec::new();
    let ntasks = 1 + g.next(6) as usize;
    for _ in 0..ntasks {
        let mut body = Vec::new();
        for _ in 0..g.next(6) {
            body.push(match g.next(6) {
                0 => Op::Sleep(g.next(5) as f64 * 0.1),
                1 => Op::Yield,
                2 => Op::Block(g.next(3) as f64 * 0.05),
                3 => Op::Print("p"),
                4 => Op::Await(Box::new(|s, _| {
                    let j = Box::new(crate::testkit::Script::new(
                        "job",
                        vec![Op::Block(0.2), Op::Print("job")],
                    ));
                    match s.run_in_executor(None, j) {
                        Ok(f) => Box::new(crate::library::AwaitFuture {
                            fut: f,
                            started: false,
                        }),
                        Err(_) => s.sleep(0.0, TestValue::None),
                    }
                })),
                _ => Op::Compute(1000),
            });
        }
        ops.push(Op::Spawn(task("gen", body)));
    }
    if g.next(2) == 0 {
        ops.push(Op::Do(Box::new(|s, _| {
            s.call_later(0.15, super::cb("timer"));
        })));
    }
    for i in 0..ntasks {
        ops.push(Op::AwaitTask(i));
    }
    ops
}

/// Strings that repeat through a run (`None` results, a coroutine's name,
/// the same printed text) are interned once, not once per event.
#[test]
fn repeated_strings_are_stored_once() {
    let (sim, r) = run(mixed());
    ok(&r);
    let t = sim.trace();
    let refs = t
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Print { .. }
                    | EventKind::FutureDone { .. }
                    | EventKind::TaskCreated { .. }
            )
        })
        .count();
    assert!(refs > 60, "{refs}");
    assert!(
        t.strings.len() * 2 < refs,
        "{} strings for {refs} references",
        t.strings.len()
    );
    let mut distinct = t.strings.clone();
    distinct.sort();
    distinct.dedup();
    assert!(
        distinct.len() * 10 >= t.strings.len() * 9,
        "{} of {}",
        distinct.len(),
        t.strings.len()
    );
}

#[test]
fn generated_scenarios_are_deterministic() {
    for seed in 0..40u64 {
        let cfg = Config {
            cpu_speed: if seed % 3 == 0 { Some(100_000.0) } else { None },
            ..Config::default()
        };
        let (a, ra) = run_with(cfg.clone(), &SharedRegs::default(), generated(seed));
        let (b, _) = run_with(cfg, &SharedRegs::default(), generated(seed));
        ok(&ra);
        assert_eq!(a.trace().to_json(), b.trace().to_json(), "seed {seed}");
        // The state rebuilt from checkpoints equals the fold at every index.
        let mut st = State::default();
        for (i, ev) in a.trace().events.iter().enumerate() {
            assert_eq!(a.trace().state_at(i), st, "seed {seed}, index {i}");
            st.apply(ev);
        }
        assert_eq!(
            a.trace().state_at(a.trace().events.len()),
            st,
            "seed {seed}"
        );
    }
}

/// What `Record::Output` must keep of a full trace: its output and limit events.
fn output_events(t: &Trace) -> Vec<Event> {
    t.events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Print { .. } | EventKind::Limit { .. }))
        .cloned()
        .collect()
}

#[test]
fn recording_only_the_output_keeps_the_same_output_and_counts() {
    let (mut limited, mut printed) = (0, 0);
    for seed in 0..40u64 {
        // Every third run is cut short by the event limit, somewhere inside it.
        let max_events = if seed % 3 == 1 {
            40 + seed as usize * 7
        } else {
            2_000_000
        };
        let cfg = Config {
            cpu_speed: if seed % 2 == 0 { Some(100_000.0) } else { None },
            max_events,
            ..Config::default()
        };
        let (all, ra) = run_with(cfg.clone(), &SharedRegs::default(), generated(seed));
        let (out, ro) = run_with(
            Config {
                record: Record::Output,
                ..cfg
            },
            &SharedRegs::default(),
            generated(seed),
        );
        let kept = output_events(all.trace());
        assert!(
            out.trace().events.len() < all.trace().events.len(),
            "seed {seed}"
        );
        assert_eq!(out.trace().events.len(), kept.len(), "seed {seed}");
        limited += usize::from(matches!(ra.outcome, crate::Outcome::Limit(_)));
        printed += usize::from(
            kept.iter()
                .any(|e| matches!(e.kind, EventKind::Print { .. })),
        );
        for (a, b) in kept.iter().zip(&out.trace().events) {
            assert_eq!(
                (a.t, a.thread, a.task, a.span),
                (b.t, b.thread, b.task, b.span),
                "seed {seed}"
            );
            match (&a.kind, &b.kind) {
                (
                    EventKind::Print {
                        text: x,
                        stderr: e1,
                    },
                    EventKind::Print {
                        text: y,
                        stderr: e2,
                    },
                ) => {
                    assert_eq!(
                        (all.trace().str(*x), e1),
                        (out.trace().str(*y), e2),
                        "seed {seed}"
                    );
                }
                (x, y) => assert_eq!(x, y, "seed {seed}"),
            }
        }
        assert_eq!(ra.events, all.trace().events.len(), "seed {seed}");
        assert_eq!(ro.events, ra.events, "seed {seed}");
        assert_eq!(ro.end_time, ra.end_time, "seed {seed}");
        assert_eq!(
            format!("{:?}", ro.outcome),
            format!("{:?}", ra.outcome),
            "seed {seed}"
        );
    }
    // The comparison covered runs that printed and runs that a limit stopped.
    assert!(
        limited >= 5 && printed >= 20,
        "{limited} limited, {printed} printed"
    );
}

#[test]
fn index_at_time_finds_the_scrubber_position() {
    let (sim, r) = run(vec![
        Op::Print("a"),
        Op::Sleep(1.0),
        Op::Print("b"),
        Op::Sleep(1.0),
        Op::Print("c"),
    ]);
    ok(&r);
    let t = sim.trace();
    let i = t.index_at_time(1.5);
    assert!(t.events[..i].iter().all(|e| e.t <= 1.5));
    assert!(t.events[i..].iter().all(|e| e.t > 1.5));
    assert_eq!(t.state_at(i).console_len, 2);
    assert_eq!(t.index_at_time(-1.0), 0);
}

#[test]
fn invalid_ids_never_panic() {
    use crate::{
        ConditionId, EventId, ExecutorId, FutureId, HandleId, LockId, QueueId, SemaphoreId,
        TaskGroupId, TaskId, ThreadId, ThreadLockId, TimeoutId,
    };
    let (sim, r) = run(vec![Op::Do(Box::new(|s, _| {
        let (f, t) = (FutureId(9999), TaskId(9999));
        assert!(!s.done(f) && !s.cancelled(f) && s.result(f).is_err() && s.exception(f).is_err());
        assert!(s.set_result(f, TestValue::None).is_err() && !s.cancel(f, None));
        s.add_done_callback(f, 1, super::cb("x"));
        assert_eq!(s.remove_done_callback(f, 1), 0);
        s.release_future(f);
        s.handle_cancel(HandleId(9999));
        assert!(
            s.task_name(t).is_empty()
                && s.cancelling(t) == 0
                && s.uncancel(t) == 0
                && s.task_waiting_on(t).is_none()
        );
        s.set_task_name(t, "x".into());
        assert!(
            s.timeout_enter(TimeoutId(99)).is_err() && s.timeout_exit(TimeoutId(99), None).is_ok()
        );
        assert!(s.taskgroup_enter(TaskGroupId(99)).is_err());
        assert!(s
            .taskgroup_create_task(TaskGroupId(99), super::cb("y"), None)
            .is_err());
        s.event_set(EventId(99));
        assert!(
            s.lock_release(LockId(99)).is_err() && s.semaphore_release(SemaphoreId(99)).is_ok()
        );
        assert!(s.condition_notify(ConditionId(99), 1).is_err());
        assert!(
            s.queue_put_nowait(QueueId(99), TestValue::None).is_err()
                && s.queue_get_nowait(QueueId(99)).is_err()
        );
        assert!(s.executor_submit(ExecutorId(99), super::cb("z")).is_err());
        assert!(s.executor_shutdown(ExecutorId(99), true).is_none());
        assert!(!s.thread_alive(ThreadId(99)) && s.thread_lock_release(ThreadLockId(99)).is_err());
        assert!(s.thread_lock_acquire(ThreadLockId(99)).is_none());
        assert!(
            s.semaphore_new(-1, false).is_err()
                && s.executor_new(crate::ExecutorKind::Thread, Some(0))
                    .is_err()
        );
        s.call_later(f64::NAN, super::cb("nan"));
        s.print("survived\n");
    }))]);
    assert!(
        matches!(r.outcome, crate::Outcome::Ok | crate::Outcome::Deadlock(_)),
        "{:?}",
        r.outcome
    );
    assert!(sim.console().iter().any(|(_, s)| s == "survived"));
}
