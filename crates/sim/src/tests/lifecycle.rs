//! The loop outside `asyncio.run` (`run_until_complete`, `run_forever`,
//! `stop`, `close`, `Runner.close()`) and `asyncio.Barrier`.

use super::{ok, run_with};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{BarrierId, Config, LoopCall, Outcome, Sim};

/// Runs a module body (with registers shared by its scripts) and returns the model.
fn module(regs: &SharedRegs, ops: Vec<Op>) -> (Sim<TestValue>, Outcome<TestValue>) {
    let body = Script::shared("<module>", ops, regs);
    let mut sim = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    (sim, r.outcome)
}

fn new_loop() -> Op {
    Op::Do(Box::new(|s, _| {
        s.loop_new();
    }))
}

/// `loop.create_task(script)` on the open loop, stored in the registers.
fn loop_task(script: Script) -> Op {
    let mut script = Some(script);
    Op::Do(Box::new(move |s, r| {
        if let Some(sc) = script.take() {
            if let Ok(t) = s.create_task_on_loop(Box::new(sc), None) {
                r.borrow_mut().tasks.push(t);
            }
        }
    }))
}

fn until_task(i: usize) -> Op {
    Op::Loop(Box::new(move |s, r| {
        LoopCall::UntilComplete(s.task_future(r.borrow().tasks[i]))
    }))
}

/// One case: the module body's ops, and the console lines it must print.
struct Case {
    name: &'static str,
    ops: fn(&SharedRegs) -> Vec<Op>,
    expected: &'static [&'static str],
}

fn check_cases(cases: Vec<Case>) {
    for c in cases {
        let regs = SharedRegs::default();
        let (sim, outcome) = module(&regs, (c.ops)(&regs));
        assert!(matches!(outcome, Outcome::Ok), "{}: {outcome:?}", c.name);
        let got: Vec<String> = sim
            .console()
            .into_iter()
            .map(|(t, s)| format!("{t} {s}"))
            .collect();
        assert_eq!(got, c.expected, "{}", c.name);
    }
}

#[test]
fn loop_lifecycle_cases() {
    check_cases(vec![
        Case {
            name: "run_until_complete twice keeps the loop and its clock",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "a",
                        vec![Op::Sleep(1.0), Op::Print("a")],
                        regs,
                    )),
                    until_task(0),
                    loop_task(Script::shared(
                        "b",
                        vec![Op::Sleep(0.5), Op::Print("b")],
                        regs,
                    )),
                    until_task(1),
                    Op::Print("end"),
                ]
            },
            expected: &["1 a", "1.5 b", "1.5 end"],
        },
        Case {
            name: "a task left pending runs on in the next run",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "slow",
                        vec![Op::Sleep(2.0), Op::Print("slow")],
                        regs,
                    )),
                    loop_task(Script::shared(
                        "fast",
                        vec![Op::Sleep(1.0), Op::Print("fast")],
                        regs,
                    )),
                    until_task(1),
                    Op::Print("between"),
                    until_task(0),
                ]
            },
            expected: &["1 fast", "1 between", "2 slow"],
        },
        Case {
            name: "run_forever stops after the iteration that called stop",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "stopper",
                        vec![
                            Op::Sleep(1.0),
                            Op::Do(Box::new(|s, _| s.loop_stop())),
                            Op::Print("stop called"),
                        ],
                        regs,
                    )),
                    Op::Loop(Box::new(|_, _| LoopCall::Forever)),
                    Op::Print("returned"),
                ]
            },
            expected: &["1 stop called", "1 returned"],
        },
        Case {
            name: "stop before run_forever runs exactly one iteration",
            ops: |_| {
                vec![
                    new_loop(),
                    Op::Do(Box::new(|s, _| {
                        s.call_soon(Box::new(Script::new("one", vec![Op::Print("one")])));
                        s.call_later(
                            1.0,
                            Box::new(Script::new("later", vec![Op::Print("later")])),
                        );
                        s.loop_stop();
                    })),
                    Op::Loop(Box::new(|_, _| LoopCall::Forever)),
                    Op::Print("after one iteration"),
                ]
            },
            expected: &["0 one", "0 after one iteration"],
        },
        Case {
            name: "a stop before the future is done raises and leaves the task pending",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "slow",
                        vec![Op::Sleep(2.0), Op::Print("slow")],
                        regs,
                    )),
                    Op::Do(Box::new(|s, _| {
                        s.call_later(1.0, Box::new(StopLoop));
                    })),
                    Op::Catch,
                    until_task(0),
                    Op::PrintLast("first run: "),
                    until_task(0),
                    Op::PrintLast("second run: "),
                ]
            },
            expected: &[
                "1 first run: RuntimeError('Event loop stopped before Future completed.')",
                "2 slow",
                "2 second run: None",
            ],
        },
        Case {
            name: "Runner.close cancels what is left and closes the loop",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "bg",
                        vec![Op::Catch, Op::Sleep(5.0), Op::PrintLast("bg ended with ")],
                        regs,
                    )),
                    loop_task(Script::shared("main", vec![Op::Sleep(1.0)], regs)),
                    until_task(1),
                    Op::Loop(Box::new(|_, _| LoopCall::Shutdown)),
                    Op::Do(Box::new(|s, _| {
                        let closed = s.loop_closed(s.loop_gen());
                        s.print(&format!("closed {closed}\n"));
                    })),
                    Op::Catch,
                    Op::Loop(Box::new(|_, _| LoopCall::Forever)),
                    Op::PrintLast("run after close: "),
                ]
            },
            expected: &[
                "1 bg ended with CancelledError()",
                "1 closed true",
                "1 run after close: RuntimeError('Event loop is closed')",
            ],
        },
        Case {
            name: "a loop made while another runs leaves the running one current and open",
            ops: |regs| {
                vec![
                    new_loop(),
                    loop_task(Script::shared(
                        "maker",
                        vec![Op::Do(Box::new(|s, _| {
                            let running = s.loop_gen();
                            let other = s.loop_new();
                            let text = format!(
                                "current kept {} running open {} other open {}\n",
                                s.loop_gen() == running,
                                !s.loop_closed(running),
                                !s.loop_closed(other)
                            );
                            s.print(&text);
                            let _ = s.loop_close(other);
                        }))],
                        regs,
                    )),
                    until_task(0),
                    Op::Do(Box::new(|s, _| {
                        let text = format!("after: open {}\n", !s.loop_closed(s.loop_gen()));
                        s.print(&text);
                    })),
                ]
            },
            expected: &[
                "0 current kept true running open true other open true",
                "0 after: open true",
            ],
        },
        Case {
            name: "close drops what is queued; closing twice is fine",
            ops: |_| {
                vec![
                    new_loop(),
                    Op::Do(Box::new(|s, _| {
                        s.call_soon(Box::new(Script::new("never", vec![Op::Print("never")])));
                        let g = s.loop_gen();
                        let first = s.loop_close(g).is_ok();
                        let second = s.loop_close(g).is_ok();
                        s.print(&format!("{first} {second} {}\n", s.loop_closed(g)));
                    })),
                ]
            },
            expected: &["0 true true true"],
        },
    ]);
}

/// A callback that calls `loop.stop()`.
struct StopLoop;

impl crate::Coroutine<TestValue> for StopLoop {
    fn resume(
        &mut self,
        sim: &mut Sim<TestValue>,
        _: crate::Sent<TestValue>,
    ) -> crate::Step<TestValue> {
        sim.loop_stop();
        crate::Step::Return(TestValue::None)
    }
    fn name(&self) -> String {
        "stop".into()
    }
}

fn party(name: &'static str, delay: f64, regs: &SharedRegs) -> Script {
    Script::shared(
        name,
        vec![
            Op::Sleep(delay),
            Op::Catch,
            Op::Await(Box::new(|s, r| {
                s.barrier_wait(BarrierId(r.borrow().ids[0]))
            })),
            Op::PrintLast(name),
        ],
        regs,
    )
}

fn barrier_run(parties: i64, mut ops: Vec<Op>, regs: &SharedRegs) -> Sim<TestValue> {
    let mut all = vec![Op::Do(
        Box::new(move |s: &mut Sim<TestValue>, r: &SharedRegs| {
            let b = s.barrier_new(parties).unwrap_or(BarrierId(u32::MAX));
            r.borrow_mut().ids.push(b.0);
        }) as crate::testkit::ActFn,
    )];
    all.append(&mut ops);
    let (sim, r) = run_with(Config::default(), regs, all);
    ok(&r);
    sim
}

#[test]
fn barrier_cases() {
    type Ops = fn(&SharedRegs) -> Vec<Op>;
    let cases: Vec<(&str, i64, Ops, &[&str])> = vec![
        (
            "the last party releases the others, who leave one hop apart in arrival order",
            3,
            |r| {
                vec![
                    Op::Spawn(party("a ", 1.0, r)),
                    Op::Spawn(party("b ", 3.0, r)),
                    Op::Spawn(party("c ", 2.0, r)),
                    Op::AwaitTask(0),
                    Op::AwaitTask(1),
                    Op::AwaitTask(2),
                ]
            },
            &["3 b 2", "3 a 0", "3 c 1"],
        ),
        (
            "abort breaks the waiting parties and every later wait",
            3,
            |r| {
                vec![
                    Op::Spawn(party("a ", 1.0, r)),
                    Op::Spawn(party("b ", 1.0, r)),
                    Op::Sleep(2.0),
                    Op::Await(Box::new(|s, r| {
                        s.barrier_abort(BarrierId(r.borrow().ids[0]))
                    })),
                    Op::AwaitTask(0),
                    Op::AwaitTask(1),
                    Op::Spawn(party("late ", 0.0, r)),
                    Op::AwaitTask(2),
                ]
            },
            &[
                "2 a BrokenBarrierError('Abort or reset of barrier')",
                "2 b BrokenBarrierError('Abort or reset of barrier')",
                "2 late BrokenBarrierError('Barrier aborted')",
            ],
        ),
        (
            "reset breaks the waiters, then the barrier fills again",
            2,
            |r| {
                vec![
                    Op::Spawn(party("a ", 1.0, r)),
                    Op::Sleep(2.0),
                    Op::Await(Box::new(|s, r| {
                        s.barrier_reset(BarrierId(r.borrow().ids[0]))
                    })),
                    Op::AwaitTask(0),
                    Op::Spawn(party("b ", 1.0, r)),
                    Op::Spawn(party("c ", 1.0, r)),
                    Op::AwaitTask(1),
                    Op::AwaitTask(2),
                ]
            },
            &[
                "2 a BrokenBarrierError('Abort or reset of barrier')",
                "3 c 1",
                "3 b 0",
            ],
        ),
    ];
    for (name, parties, ops, expected) in cases {
        let regs = SharedRegs::default();
        let sim = barrier_run(parties, ops(&regs), &regs);
        let got: Vec<String> = sim
            .console()
            .into_iter()
            .map(|(t, s)| format!("{t} {s}"))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    assert!(sim.barrier_new(0).is_err(), "parties must be > 0");
}

/// `create_eager_task(script)` from the running task, stored in the registers.
fn eager(script: Script) -> Op {
    let mut script = Some(script);
    Op::Do(Box::new(move |s, r| {
        if let Some(sc) = script.take() {
            if let Ok(t) = s.create_eager_task(Box::new(sc), None) {
                r.borrow_mut().tasks.push(t);
            }
        }
    }))
}

#[test]
fn eager_task_cases() {
    type Ops = fn(&SharedRegs) -> Vec<Op>;
    let cases: Vec<(&str, Ops, &[&str])> = vec![
        (
            "the first step runs inside the creator, before the creator's next line",
            |r| {
                vec![
                    eager(Script::shared("e", vec![Op::Print("e starts"), Op::Sleep(1.0), Op::Print("e ends")], r)),
                    Op::Print("created"),
                    Op::AwaitTask(0),
                ]
            },
            &["0 e starts", "0 created", "1 e ends"],
        ),
        (
            "a task that finishes without suspending is done at once and never queued",
            |r| {
                vec![
                    eager(Script::shared("quick", vec![Op::Return(TestValue::Int(7))], r)),
                    Op::Do(Box::new(|s, r| {
                        let f = s.task_future(r.borrow().tasks[0]);
                        let text = format!("done {} queued {}\n", s.done(f), s.ready.len());
                        s.print(&text);
                    })),
                    Op::AwaitTask(0),
                    Op::PrintLast("result "),
                ]
            },
            &["0 done true queued 0", "0 result 7"],
        ),
        (
            "an eager task that raises at once holds the exception",
            |r| {
                vec![
                    eager(Script::shared("bad", vec![Op::Raise("ValueError", "early")], r)),
                    Op::Print("after create"),
                    Op::Catch,
                    Op::AwaitTask(0),
                    Op::PrintLast("awaited: "),
                ]
            },
            &["0 after create", "0 awaited: ValueError('early')"],
        ),
        (
            "a blocking call in the first step raises in the eager task",
            |r| {
                vec![
                    eager(Script::shared("blocker", vec![Op::Catch, Op::Block(1.0), Op::PrintLast("blocker: ")], r)),
                    Op::AwaitTask(0),
                ]
            },
            &["0 blocker: RuntimeError('Loopscope cannot block the loop in the first step of an eager task')"],
        ),
    ];
    for (name, ops, expected) in cases {
        let regs = SharedRegs::default();
        let (sim, r) = run_with(Config::default(), &regs, ops(&regs));
        ok(&r);
        let got: Vec<String> = sim
            .console()
            .into_iter()
            .map(|(t, s)| format!("{t} {s}"))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn run_coroutine_threadsafe_hands_a_coroutine_to_the_loop() {
    // A thread sleeps 1.5 s, hands `remote` to the loop and blocks on the
    // concurrent future; the loop's task finishes at 2.5 s and the thread
    // sees the result right after, while main keeps ticking.
    let regs = SharedRegs::default();
    let worker = Script::shared(
        "worker",
        vec![
            Op::Block(1.5),
            Op::BlockOn(Box::new(|s, _| {
                let remote = Script::new(
                    "remote",
                    vec![
                        Op::Sleep(1.0),
                        Op::Print("remote ran"),
                        Op::Return(TestValue::Int(5)),
                    ],
                );
                s.run_coroutine_threadsafe(Box::new(remote))
                    .unwrap_or(crate::FutureId(u32::MAX))
            })),
            Op::PrintLast("worker got "),
        ],
        &regs,
    );
    let mut worker = Some(worker);
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(move |s, _| {
                if let Some(w) = worker.take() {
                    s.thread_start(Box::new(w), None);
                }
            })),
            Op::Sleep(1.0),
            Op::Print("tick"),
            Op::Sleep(1.0),
            Op::Print("tick"),
            Op::Sleep(1.0),
            Op::Print("tick"),
        ],
    );
    ok(&r);
    let got: Vec<String> = sim
        .console()
        .into_iter()
        .map(|(t, s)| format!("{t} {s}"))
        .collect();
    assert_eq!(
        got,
        [
            "1 tick",
            "2 tick",
            "2.5 remote ran",
            "2.5 worker got 5",
            "3 tick"
        ]
    );
    // A closed loop refuses.
    let mut closed: Sim<TestValue> = Sim::new(Config::default());
    assert!(closed
        .run_coroutine_threadsafe(Box::new(Script::new("x", vec![])))
        .is_err());
}

/// Runs a module body with an at-exit hook (`None`: one that has nothing to do).
fn with_at_exit(ops: Vec<Op>, at_exit: Option<Vec<Op>>) -> (Sim<TestValue>, Outcome<TestValue>) {
    let regs = SharedRegs::default();
    let body = Script::shared("<module>", ops, &regs);
    let mut sim = Sim::new(Config::default());
    sim.set_at_exit(Box::new(move || {
        at_exit.map(|ops| {
            Box::new(Script::new("<finalisation>", ops)) as Box<dyn crate::Coroutine<TestValue>>
        })
    }));
    let r = sim.run_program(Box::new(body));
    (sim, r.outcome)
}

#[test]
fn the_finalisation_runs_after_the_threads_and_keeps_the_programs_outcome() {
    let thread = Op::Do(Box::new(|s, _| {
        let job = Script::new("worker", vec![Op::Block(1.0), Op::Print("thread done")]);
        s.thread_start(Box::new(job), None);
    }));
    let at_exit = vec![Op::Print("finalised"), Op::Raise("ValueError", "ignored")];
    let (sim, outcome) = with_at_exit(vec![thread, Op::Print("module done")], Some(at_exit));
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    let got: Vec<String> = sim
        .console()
        .into_iter()
        .map(|(t, s)| format!("{t} {s}"))
        .collect();
    assert_eq!(got, ["0 module done", "1 thread done", "1 finalised"]);
    // A program that raised still raised; the finalisation ran all the same.
    let (sim, outcome) = with_at_exit(
        vec![Op::Raise("KeyError", "k")],
        Some(vec![Op::Print("finalised")]),
    );
    assert!(matches!(outcome, Outcome::Raised(_)), "{outcome:?}");
    assert_eq!(sim.console(), [(0.0, "finalised".to_string())]);
}

#[test]
fn a_finalisation_with_nothing_to_do_leaves_no_trace() {
    let ops = || vec![Op::Print("a"), Op::Block(0.5), Op::Print("b")];
    let (with_hook, _) = with_at_exit(ops(), None);
    let regs = SharedRegs::default();
    let (without, _) = module(&regs, ops());
    assert_eq!(with_hook.events_emitted(), without.events_emitted());
}
