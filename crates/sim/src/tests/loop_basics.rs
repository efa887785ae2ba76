//! The loop, futures and tasks.

use super::{cb, check, ok, run, run_with, task};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Config, Outcome, Sim};

#[test]
fn hello_world_seed_example_1() {
    let (sim, r) = run(vec![Op::Print("Hello"), Op::Sleep(1.0), Op::Print("World")]);
    ok(&r);
    check(&sim, &["0 Hello", "1 World"]);
}

#[test]
fn call_soon_runs_before_call_later_zero() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, _| {
            s.call_later(0.0, cb("later0"));
            s.call_soon(cb("soon"));
        })),
        Op::Sleep(0.5),
    ]);
    ok(&r);
    check(&sim, &["0 soon", "0 later0"]);
}

#[test]
fn timer_ties_fire_in_creation_order() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, _| {
            s.call_later(1.0, cb("a"));
            s.call_at(0.5, cb("early"));
            s.call_later(1.0, cb("b"));
            s.call_at(1.0, cb("c"));
        })),
        Op::Sleep(2.0),
    ]);
    ok(&r);
    check(&sim, &["0.5 early", "1 a", "1 b", "1 c"]);
}

#[test]
fn cancelled_handle_is_skipped() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, _| {
            let h = s.call_later(1.0, cb("never"));
            s.call_later(2.0, cb("later"));
            s.handle_cancel(h);
            assert!(s.handle_cancelled(h));
        })),
        Op::Sleep(3.0),
    ]);
    ok(&r);
    check(&sim, &["2 later"]);
}

#[test]
fn float_time_is_cpython_arithmetic() {
    let (sim, r) = run(vec![Op::Sleep(0.1), Op::Sleep(0.2), Op::Print("t")]);
    ok(&r);
    // 0.1 + 0.2 in float is 0.30000000000000004, as loop.time() would show.
    check(&sim, &["0.30000000000000004 t"]);
}

#[test]
fn sleep_zero_interleaves_one_hop() {
    let a = task(
        "a",
        vec![
            Op::Print("a0"),
            Op::Sleep(0.0),
            Op::Print("a1"),
            Op::Sleep(0.0),
            Op::Print("a2"),
        ],
    );
    let b = task(
        "b",
        vec![
            Op::Print("b0"),
            Op::Sleep(0.0),
            Op::Print("b1"),
            Op::Sleep(0.0),
            Op::Print("b2"),
        ],
    );
    let (sim, r) = run(vec![
        Op::Spawn(a),
        Op::Spawn(b),
        Op::AwaitTask(0),
        Op::AwaitTask(1),
    ]);
    ok(&r);
    check(&sim, &["0 a0", "0 b0", "0 a1", "0 b1", "0 a2", "0 b2"]);
}

#[test]
fn sleep_positive_takes_two_hops_after_the_timer() {
    // The ticker prints once per iteration; a task woken by sleep(0.0 < d) resumes
    // one iteration after its timer callback ran.
    let ticker = task(
        "ticker",
        vec![
            Op::Print("tick0"),
            Op::Sleep(0.0),
            Op::Print("tick1"),
            Op::Sleep(0.0),
            Op::Print("tick2"),
            Op::Sleep(0.0),
            Op::Print("tick3"),
        ],
    );
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, _| {
            s.call_soon(cb("soon"));
        })),
        Op::Spawn(ticker),
        Op::Sleep(1e-10),
        Op::Print("main woke"),
        Op::AwaitTask(0),
    ]);
    ok(&r);
    // Iteration 2 runs `soon`, tick0 and the due timer callback (1e-10 is within the
    // clock resolution); iteration 3 runs tick1 and main's wake-up.
    // The clock never jumps: the timer is due within the clock resolution while handles are ready.
    check(
        &sim,
        &[
            "0 soon",
            "0 tick0",
            "0 tick1",
            "0 main woke",
            "0 tick2",
            "0 tick3",
        ],
    );
}

#[test]
fn create_task_first_runs_next_iteration() {
    let child = task("child", vec![Op::Print("child")]);
    let (sim, r) = run(vec![
        Op::Print("main1"),
        Op::Spawn(child),
        Op::Print("main2"),
        Op::Sleep(0.0),
        Op::Print("main3"),
    ]);
    ok(&r);
    check(&sim, &["0 main1", "0 main2", "0 child", "0 main3"]);
}

#[test]
fn await_task_resumes_one_hop_after_child() {
    let ticker = task(
        "ticker",
        vec![
            Op::Print("tick0"),
            Op::Sleep(0.0),
            Op::Print("tick1"),
            Op::Sleep(0.0),
            Op::Print("tick2"),
        ],
    );
    let child = task(
        "child",
        vec![Op::Print("child"), Op::Return(TestValue::Int(7))],
    );
    let (sim, r) = run(vec![
        Op::Spawn(ticker),
        Op::Spawn(child),
        Op::AwaitTask(1),
        Op::PrintLast("main got "),
        Op::AwaitTask(0),
    ]);
    ok(&r);
    check(
        &sim,
        &["0 tick0", "0 child", "0 tick1", "0 main got 7", "0 tick2"],
    );
}

#[test]
fn awaiting_a_done_future_does_not_yield() {
    let ticker = task(
        "ticker",
        vec![Op::Print("tick0"), Op::Sleep(0.0), Op::Print("tick1")],
    );
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(ticker),
            Op::Do(Box::new(|s, r| {
                let f = s.create_future();
                s.set_result(f, TestValue::Int(1)).unwrap();
                r.borrow_mut().futs.push(f);
            })),
            Op::AwaitFut(0),
            Op::PrintLast("got "),
            Op::AwaitTask(0),
        ],
    );
    ok(&r);
    check(&sim, &["0 got 1", "0 tick0", "0 tick1"]);
}

#[test]
fn future_set_result_seed_example_5_and_callbacks_in_order() {
    let regs = SharedRegs::default();
    let setter = Script::shared(
        "setter",
        vec![
            Op::Sleep(1.0),
            Op::Do(Box::new(|s, r| {
                let f = r.borrow().futs[0];
                s.set_result(f, TestValue::Str("done".into())).unwrap();
            })),
            Op::Print("set"),
        ],
        &regs,
    );
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let f = s.create_future();
                s.add_done_callback(f, 1, cb("cb1"));
                s.add_done_callback(f, 2, cb("cb2"));
                s.add_done_callback(f, 3, cb("cb3"));
                assert_eq!(s.remove_done_callback(f, 2), 1);
                r.borrow_mut().futs.push(f);
            })),
            Op::Spawn(setter),
            Op::AwaitFut(0),
            Op::PrintLast("result "),
        ],
    );
    ok(&r);
    // The callbacks were registered before the task's wake-up, so they run first.
    check(&sim, &["1 set", "1 cb1", "1 cb3", "1 result 'done'"]);
}

#[test]
fn task_names_follow_cpython_numbering() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(task("a", vec![])),
            Op::Spawn(task("b", vec![])),
            Op::Do(Box::new(|s, r| {
                let t = r.borrow().tasks[1];
                let cur = s.current_task().unwrap();
                let text = format!(
                    "{} {} {}",
                    s.task_name(cur),
                    s.task_name(r.borrow().tasks[0]),
                    s.task_name(t)
                );
                s.print(&text);
                s.set_task_name(t, "worker".into());
                let text = s.task_name(t);
                s.print(&text);
            })),
        ],
    );
    ok(&r);
    check(&sim, &["0 Task-1 Task-2 Task-3", "0 worker"]);
}

#[test]
fn cancel_sleeping_task_raises_cancelled_error_inside() {
    let child = task(
        "child",
        vec![
            Op::Catch,
            Op::Sleep(10.0),
            Op::PrintLast("child caught "),
            Op::Return(TestValue::Int(1)),
        ],
    );
    let (sim, r) = run(vec![
        Op::Spawn(child),
        Op::Sleep(1.0),
        Op::Do(Box::new(|s, r| {
            let t = r.borrow().tasks[0];
            let f = s.task_future(t);
            assert!(s.cancel(f, Some("stop".into())));
            assert_eq!(s.cancelling(t), 1);
        })),
        Op::AwaitTask(0),
        Op::PrintLast("main got "),
    ]);
    ok(&r);
    check(
        &sim,
        &["1 child caught CancelledError('stop')", "1 main got 1"],
    );
}

#[test]
fn cancel_before_first_step_never_runs_the_body() {
    let child = task("child", vec![Op::Print("never")]);
    let (sim, r) = run(vec![
        Op::Spawn(child),
        Op::Do(Box::new(|s, r| {
            let f = s.task_future(r.borrow().tasks[0]);
            s.cancel(f, None);
        })),
        Op::Catch,
        Op::AwaitTask(0),
        Op::PrintLast("main got "),
        Op::Do(Box::new(|s, r| {
            let f = s.task_future(r.borrow().tasks[0]);
            let c = s.cancelled(f);
            s.print(&format!("cancelled={c}\n"));
        })),
    ]);
    ok(&r);
    check(&sim, &["0 main got CancelledError()", "0 cancelled=true"]);
}

#[test]
fn must_cancel_is_thrown_at_next_step_and_uncancel_counts() {
    // The child is ready (not awaiting) when cancelled, so `_must_cancel` throws at its next step.
    let child = task(
        "child",
        vec![
            Op::Print("c1"),
            Op::Catch,
            Op::Yield,
            Op::PrintLast("c2 "),
            Op::Print("c3"),
        ],
    );
    let (sim, r) = run(vec![
        Op::Spawn(child),
        Op::Sleep(0.0),
        Op::Do(Box::new(|s, r| {
            let t = r.borrow().tasks[0];
            s.cancel(s.task_future(t), Some("m".into()));
            s.cancel(s.task_future(t), None);
            let n1 = s.cancelling(t);
            let n2 = s.uncancel(t);
            s.print(&format!("{n1} {n2}\n"));
        })),
        Op::AwaitTask(0),
        Op::Print("end"),
    ]);
    ok(&r);
    // The second `cancel()` replaced the message, as `Task.cancel` does.
    check(
        &sim,
        &["0 c1", "0 2 1", "0 c2 CancelledError()", "0 c3", "0 end"],
    );
}

#[test]
fn task_exception_propagates_to_awaiter_and_program() {
    let child = task("child", vec![Op::Raise("ValueError", "boom")]);
    let (sim, r) = run(vec![Op::Spawn(child), Op::AwaitTask(0), Op::Print("never")]);
    match r.outcome {
        Outcome::Raised(TestValue::Exc(c, m)) => {
            assert_eq!(c, "ValueError");
            assert_eq!(m.as_deref(), Some("boom"));
        }
        other => panic!("unexpected {other:?}"),
    }
    check(&sim, &[]);
}

#[test]
fn unretrieved_task_exception_is_reported_at_loop_close() {
    let child = task("child", vec![Op::Raise("ValueError", "lost")]);
    let (sim, r) = run(vec![
        Op::Spawn(child),
        Op::Sleep(1.0),
        Op::Print("main done"),
    ]);
    ok(&r);
    check(&sim, &["1 main done"]);
    let stderr: Vec<String> = sim
        .trace()
        .events
        .iter()
        .filter_map(|e| match e.kind {
            crate::EventKind::Print { text, stderr: true } => {
                Some(sim.trace().str(text).to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(stderr.len(), 1);
    assert!(
        stderr[0].starts_with("Task exception was never retrieved"),
        "{stderr:?}"
    );
}

#[test]
fn asyncio_run_cancels_remaining_tasks_in_creation_order() {
    let a = task(
        "a",
        vec![
            Op::Catch,
            Op::Sleep(10.0),
            Op::PrintLast("a cleanup "),
            Op::Sleep(0.5),
            Op::Print("a done"),
        ],
    );
    let b = task(
        "b",
        vec![Op::Catch, Op::Sleep(10.0), Op::PrintLast("b cleanup ")],
    );
    let (sim, r) = run(vec![
        Op::Spawn(a),
        Op::Spawn(b),
        Op::Sleep(1.0),
        Op::Print("main returns"),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "1 main returns",
            "1 a cleanup CancelledError()",
            "1 b cleanup CancelledError()",
            "1.5 a done",
        ],
    );
}

#[test]
fn module_level_prints_and_two_asyncio_runs() {
    let m1 = Script::new("m1", vec![Op::Sleep(1.0), Op::Print("run1")]);
    let m2 = Script::new("m2", vec![Op::Sleep(1.0), Op::Print("run2")]);
    let body = Script::new(
        "<module>",
        vec![
            Op::Print("start"),
            Op::RunLoop(m1),
            Op::Print("between"),
            Op::RunLoop(m2),
            Op::Print("end"),
        ],
    );
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    ok(&r);
    check(&sim, &["0 start", "1 run1", "1 between", "2 run2", "2 end"]);
}

#[test]
fn deadlock_names_the_waiting_tasks() {
    let regs = SharedRegs::default();
    let child = Script::shared("child", vec![Op::AwaitFut(0)], &regs);
    let (_sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let f = s.create_future();
                r.borrow_mut().futs.push(f);
            })),
            Op::Spawn(child),
            Op::AwaitTask(0),
        ],
    );
    let Outcome::Deadlock(w) = r.outcome else {
        panic!("expected deadlock, got {:?}", r.outcome)
    };
    let names: Vec<(String, String)> = w
        .iter()
        .map(|w| (w.name.clone(), w.waiting_for.clone()))
        .collect();
    assert_eq!(names[0], ("Task-1".to_string(), "task Task-2".to_string()));
    assert_eq!(
        names[1],
        ("Task-2".to_string(), "Future() (future #1)".to_string())
    );
}

#[test]
fn event_limit_stops_with_partial_trace() {
    let spinner = task("spin", (0..10_000).map(|_| Op::Yield).collect());
    let cfg = Config {
        max_events: 500,
        ..Config::default()
    };
    let (sim, r) = run_with(
        cfg,
        &SharedRegs::default(),
        vec![Op::Print("start"), Op::Spawn(spinner), Op::AwaitTask(0)],
    );
    assert!(
        matches!(r.outcome, Outcome::Limit(crate::LimitKind::Events)),
        "{:?}",
        r.outcome
    );
    assert_eq!(sim.trace().events.len(), 501);
    check(&sim, &["0 start"]);
}

#[test]
fn time_limit_stops_before_passing_the_horizon() {
    let cfg = Config {
        max_virtual_time: 5.0,
        ..Config::default()
    };
    let (sim, r) = run_with(
        cfg,
        &SharedRegs::default(),
        vec![
            Op::Sleep(3.0),
            Op::Print("3"),
            Op::Sleep(3.0),
            Op::Print("6"),
        ],
    );
    assert!(
        matches!(r.outcome, Outcome::Limit(crate::LimitKind::VirtualTime)),
        "{:?}",
        r.outcome
    );
    check(&sim, &["3 3"]);
}
