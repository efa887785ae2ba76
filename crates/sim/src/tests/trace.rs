//! The trace: determinism, serialisation, compactness and state rebuild.

use super::{ok, run, run_with, task};
use crate::testkit::{Op, SharedRegs, TestValue};
use crate::{Config, Event, EventKind, State, TaskStatus, Trace};

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
    assert!(trace.checkpoints.len() > 2);
    for i in (0..=trace.events.len())
        .step_by(37)
        .chain([trace.events.len()])
    {
        assert_eq!(trace.state_at(i), fold(trace, i), "index {i}");
    }
}

#[test]
fn json_round_trip_keeps_events_and_states() {
    let (sim, r) = run(mixed());
    ok(&r);
    let json = sim.trace().to_json();
    assert!(json.starts_with("{\"schema\":1,"));
    let back = Trace::from_json(&json).unwrap_or_default();
    assert_eq!(back.events, sim.trace().events);
    let mid = back.events.len() / 2;
    assert_eq!(back.state_at(mid), sim.trace().state_at(mid));
    assert!(Trace::from_json("{\"schema\":2,\"strings\":[],\"events\":[]}").is_err());
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
    let t1 = st.tasks[&crate::TaskId(0)];
    let t2 = st.tasks[&crate::TaskId(1)];
    assert_eq!(t1.status, TaskStatus::Waiting);
    assert_eq!(t1.awaiting, Some(t2.fut));
    assert_eq!(t2.status, TaskStatus::Waiting);
    let end = trace.state_at(trace.events.len());
    assert_eq!(end.tasks[&crate::TaskId(1)].status, TaskStatus::Done);
    assert!(end.timers.is_empty() && end.ready.is_empty());
}
