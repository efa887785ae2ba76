//! The asyncio library on top of the loop: combinators, timeouts, TaskGroup, primitives, queues.

use super::{check, ok, run, run_with, task};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Awaitable, Coroutine, LockId, QueueId, QueueKind, ReturnWhen, Sent, Sim, Step};
use crate::{Config, EventId, SemaphoreId, TaskGroupId};

fn futs_of(sim: &Sim<TestValue>, regs: &SharedRegs) -> Vec<crate::FutureId> {
    regs.borrow()
        .tasks
        .iter()
        .map(|&t| sim.task_future(t))
        .collect()
}

fn sleeper(name: &str, d: f64, v: TestValue) -> Script {
    task(name, vec![Op::Sleep(d), Op::Return(v)])
}

#[test]
fn gather_returns_results_in_argument_order() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(sleeper("a", 2.0, TestValue::Str("a".into()))),
            Op::Spawn(sleeper("b", 1.0, TestValue::Str("b".into()))),
            Op::Spawn(sleeper("c", 0.0, TestValue::Str("c".into()))),
            Op::Await(Box::new(|s, r| {
                let fs = futs_of(s, r);
                let g = s.gather(fs, false);
                Box::new(crate::library::AwaitFuture {
                    fut: g,
                    started: false,
                })
            })),
            Op::PrintLast("gathered "),
        ],
    );
    ok(&r);
    check(&sim, &["2 gathered ['a', 'b', 'c']"]);
}

#[test]
fn gather_first_exception_completes_outer_while_others_run() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(task("a", vec![Op::Sleep(2.0), Op::Print("a finished")])),
            Op::Spawn(task(
                "b",
                vec![Op::Sleep(1.0), Op::Raise("ValueError", "b failed")],
            )),
            Op::Catch,
            Op::Await(Box::new(|s, r| {
                let fs = futs_of(s, r);
                let g = s.gather(fs, false);
                Box::new(crate::library::AwaitFuture {
                    fut: g,
                    started: false,
                })
            })),
            Op::PrintLast("main caught "),
            Op::Sleep(5.0),
        ],
    );
    ok(&r);
    check(
        &sim,
        &["1 main caught ValueError('b failed')", "2 a finished"],
    );
}

#[test]
fn gather_return_exceptions_collects_them() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(sleeper("a", 1.0, TestValue::Int(1))),
            Op::Spawn(task("b", vec![Op::Raise("ValueError", "x")])),
            Op::Await(Box::new(|s, r| {
                let fs = futs_of(s, r);
                let g = s.gather(fs, true);
                Box::new(crate::library::AwaitFuture {
                    fut: g,
                    started: false,
                })
            })),
            Op::PrintLast("got "),
        ],
    );
    ok(&r);
    check(&sim, &["1 got [1, ValueError('x')]"]);
}

#[test]
fn wait_for_times_out_inside_the_callers_task() {
    let (sim, r) = run(vec![
        Op::Catch,
        Op::Await(Box::new(|s, _| {
            let inner = Script::new(
                "inner",
                vec![
                    Op::Do(Box::new(|s, _| {
                        let t = s.current_task().map(|t| s.task_name(t)).unwrap_or_default();
                        s.print(&format!("inner runs in {t}\n"));
                    })),
                    Op::Sleep(5.0),
                    Op::Print("never"),
                ],
            );
            s.wait_for(Awaitable::Coro(Box::new(inner)), Some(1.0))
        })),
        Op::PrintLast("main got "),
        Op::Do(Box::new(|s, _| {
            let t = s.current_task().unwrap_or(crate::TaskId(0));
            let n = s.cancelling(t);
            s.print(&format!("cancelling {n}\n"));
        })),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 inner runs in Task-1",
            "1 main got TimeoutError()",
            "1 cancelling 0",
        ],
    );
}

#[test]
fn wait_for_a_task_cancels_it_on_timeout_and_returns_in_time_otherwise() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            // A task that swallows its cancellation makes 3.12's `wait_for` return its result.
            Op::Spawn(task(
                "swallows",
                vec![Op::Catch, Op::Sleep(5.0), Op::PrintLast("swallows got ")],
            )),
            Op::Spawn(task("plain", vec![Op::Sleep(5.0), Op::Print("never")])),
            Op::Catch,
            Op::Await(Box::new(|s, r| {
                let f = s.task_future(r.borrow().tasks[0]);
                s.wait_for(Awaitable::Future(f), Some(2.0))
            })),
            Op::PrintLast("main got "),
            Op::Await(Box::new(|s, r| {
                let f = s.task_future(r.borrow().tasks[1]);
                s.wait_for(Awaitable::Future(f), Some(1.0))
            })),
            Op::PrintLast("main got "),
            Op::Await(Box::new(|s, _| {
                let inner = s.sleep(0.5, TestValue::Int(9));
                s.wait_for(Awaitable::Coro(inner), Some(2.0))
            })),
            Op::PrintLast("then "),
        ],
    );
    ok(&r);
    check(
        &sim,
        &[
            "2 swallows got CancelledError()",
            "2 main got None",
            "3 main got TimeoutError()",
            "3.5 then 9",
        ],
    );
}

#[test]
fn wait_first_completed_returns_done_and_pending_sets() {
    let regs = SharedRegs::default();
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Spawn(sleeper("a", 1.0, TestValue::Int(1))),
            Op::Spawn(sleeper("b", 2.0, TestValue::Int(2))),
            Op::Await(Box::new(|s, r| {
                let fs = futs_of(s, r);
                s.wait(fs, None, ReturnWhen::FirstCompleted)
            })),
            Op::PrintLast("first "),
            Op::Await(Box::new(|s, r| {
                let fs = futs_of(s, r);
                s.wait(fs, Some(0.25), ReturnWhen::AllCompleted)
            })),
            Op::PrintLast("timed out "),
        ],
    );
    ok(&r);
    // Futures: #0 main thread, #1 Task-1, #2 Task-2, #3 Task-3.
    check(
        &sim,
        &[
            "1 first ({<Future #1>}, {<Future #2>})",
            "1.25 timed out ({<Future #1>}, {<Future #2>})",
        ],
    );
}

#[test]
fn as_completed_yields_in_completion_order() {
    let regs = SharedRegs::default();
    let mut ops = vec![
        Op::Spawn(sleeper("a", 3.0, TestValue::Str("a".into()))),
        Op::Spawn(sleeper("b", 1.0, TestValue::Str("b".into()))),
        Op::Spawn(sleeper("c", 2.0, TestValue::Str("c".into()))),
        Op::Do(Box::new(|s, r| {
            let fs = futs_of(s, r);
            let coros = s.as_completed(fs, None);
            r.borrow_mut().ids.push(coros.len() as u32);
            AS_COMPLETED.with(|c| *c.borrow_mut() = coros);
        })),
    ];
    for _ in 0..3 {
        ops.push(Op::Await(Box::new(|_, _| {
            AS_COMPLETED.with(|c| c.borrow_mut().remove(0))
        })));
        ops.push(Op::PrintLast("next "));
    }
    let (sim, r) = run_with(Config::default(), &regs, ops);
    ok(&r);
    check(&sim, &["1 next 'b'", "2 next 'c'", "3 next 'a'"]);
}

thread_local! {
    /// Hands the coroutines of one `as_completed` call from one op to the next within a test.
    static AS_COMPLETED: std::cell::RefCell<Vec<Box<dyn Coroutine<TestValue>>>> = std::cell::RefCell::new(Vec::new());
}

#[test]
fn shield_protects_the_inner_task_from_cancellation() {
    let regs = SharedRegs::default();
    let canceller = Script::shared(
        "canceller",
        vec![
            Op::Sleep(1.0),
            Op::Do(Box::new(|s, r| {
                let main = r.borrow().ids[0];
                s.cancel(s.task_future(crate::TaskId(main)), None);
            })),
        ],
        &regs,
    );
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let t = s.current_task().unwrap_or(crate::TaskId(0));
                r.borrow_mut().ids.push(t.0);
            })),
            Op::Spawn(task("inner", vec![Op::Sleep(2.0), Op::Print("inner done")])),
            Op::Spawn(canceller),
            Op::Catch,
            Op::Await(Box::new(|s, r| {
                let f = s.task_future(r.borrow().tasks[0]);
                let outer = s.shield(f);
                Box::new(crate::library::AwaitFuture {
                    fut: outer,
                    started: false,
                })
            })),
            Op::PrintLast("main got "),
            Op::AwaitTask(0),
        ],
    );
    ok(&r);
    check(&sim, &["1 main got CancelledError()", "2 inner done"]);
}

/// `async with TaskGroup() as tg: <children>; await asyncio.sleep(body_sleep)`.
struct TgBody {
    children: Vec<Script>,
    body_sleep: f64,
    tg: Option<TaskGroupId>,
    inner: Option<Box<dyn Coroutine<TestValue>>>,
    exiting: bool,
    body_exc: Option<TestValue>,
}

impl Coroutine<TestValue> for TgBody {
    fn resume(&mut self, sim: &mut Sim<TestValue>, mut sent: Sent<TestValue>) -> Step<TestValue> {
        if self.tg.is_none() {
            let tg = sim.taskgroup_new();
            if let Err(e) = sim.taskgroup_enter(tg) {
                return Step::Raise(e);
            }
            for c in self.children.drain(..) {
                if let Err(e) = sim.taskgroup_create_task(tg, Box::new(c), None) {
                    return Step::Raise(e);
                }
            }
            self.tg = Some(tg);
            self.inner = Some(sim.sleep(self.body_sleep, TestValue::None));
            sent = Sent::Start;
        }
        let tg = self.tg.unwrap_or(TaskGroupId(0));
        loop {
            let Some(mut inner) = self.inner.take() else {
                return Step::Return(TestValue::None);
            };
            let step = inner.resume(sim, sent);
            if self.exiting {
                // `__aexit__` returning None re-raises the body's exception, if any.
                return match step {
                    Step::Return(_) => match self.body_exc.take() {
                        Some(e) => Step::Raise(e),
                        None => Step::Return(TestValue::None),
                    },
                    Step::Raise(e) => Step::Raise(e),
                    other => {
                        self.inner = Some(inner);
                        other
                    }
                };
            }
            match step {
                Step::Return(_) => {
                    self.exiting = true;
                    self.inner = Some(sim.taskgroup_exit(tg, None));
                    sent = Sent::Start;
                }
                Step::Raise(e) => {
                    self.exiting = true;
                    self.body_exc = Some(e.clone());
                    self.inner = Some(sim.taskgroup_exit(tg, Some(e)));
                    sent = Sent::Start;
                }
                other => {
                    self.inner = Some(inner);
                    return other;
                }
            }
        }
    }
    fn name(&self) -> String {
        "tg_body".to_string()
    }
}

#[test]
fn taskgroup_failure_cancels_siblings_and_raises_exception_group() {
    let (sim, r) = run(vec![
        Op::Catch,
        Op::Await(Box::new(|_, _| {
            Box::new(TgBody {
                children: vec![
                    task("a", vec![Op::Sleep(1.0), Op::Raise("ValueError", "x")]),
                    task(
                        "b",
                        vec![Op::Catch, Op::Sleep(5.0), Op::PrintLast("b got ")],
                    ),
                ],
                body_sleep: 10.0,
                tg: None,
                inner: None,
                exiting: false,
                body_exc: None,
            })
        })),
        Op::PrintLast("main got "),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "1 b got CancelledError()",
            "1 main got ExceptionGroup('unhandled errors in a TaskGroup', [ValueError('x')])",
        ],
    );
}

#[test]
fn taskgroup_waits_for_all_children() {
    let (sim, r) = run(vec![
        Op::Await(Box::new(|_, _| {
            Box::new(TgBody {
                children: vec![
                    task("a", vec![Op::Sleep(1.0), Op::Print("a")]),
                    task("b", vec![Op::Sleep(2.0), Op::Print("b")]),
                ],
                body_sleep: 0.5,
                tg: None,
                inner: None,
                exiting: false,
                body_exc: None,
            })
        })),
        Op::Print("after"),
    ]);
    ok(&r);
    check(&sim, &["1 a", "2 b", "2 after"]);
}

#[test]
fn event_set_wakes_all_waiters_fifo() {
    let regs = SharedRegs::default();
    let waiter = |name: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| s.event_wait(EventId(r.borrow().ids[0])))),
                Op::Print(name),
            ],
            &regs,
        )
    };
    let (w1, w2) = (waiter("w1"), waiter("w2"));
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let e = s.event_new();
                r.borrow_mut().ids.push(e.0);
            })),
            Op::Spawn(w1),
            Op::Spawn(w2),
            Op::Sleep(1.0),
            Op::Print("set"),
            Op::Do(Box::new(|s, r| s.event_set(EventId(r.borrow().ids[0])))),
            Op::AwaitTask(0),
            Op::AwaitTask(1),
        ],
    );
    ok(&r);
    check(&sim, &["1 set", "1 w1", "1 w2"]);
}

#[test]
fn lock_wakes_waiters_fifo_without_barging() {
    let regs = SharedRegs::default();
    let user = |name: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| s.lock_acquire(LockId(r.borrow().ids[0])))),
                Op::Print(name),
                Op::Sleep(1.0),
                Op::Do(Box::new(|s, r| {
                    s.lock_release(LockId(r.borrow().ids[0])).unwrap_or(())
                })),
            ],
            &regs,
        )
    };
    let (a, b, c) = (user("a"), user("b"), user("c"));
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let l = s.lock_new();
                r.borrow_mut().ids.push(l.0);
            })),
            Op::Await(Box::new(|s, r| s.lock_acquire(LockId(r.borrow().ids[0])))),
            Op::Spawn(a),
            Op::Spawn(b),
            Op::Spawn(c),
            Op::Sleep(1.0),
            Op::Do(Box::new(|s, r| {
                s.lock_release(LockId(r.borrow().ids[0])).unwrap_or(())
            })),
            Op::AwaitTask(0),
            Op::AwaitTask(1),
            Op::AwaitTask(2),
        ],
    );
    ok(&r);
    check(&sim, &["1 a", "2 b", "3 c"]);
}

#[test]
fn semaphore_limits_concurrency() {
    let regs = SharedRegs::default();
    let worker = |name: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| {
                    s.semaphore_acquire(SemaphoreId(r.borrow().ids[0]))
                })),
                Op::Print(name),
                Op::Sleep(1.0),
                Op::Do(Box::new(|s, r| {
                    s.semaphore_release(SemaphoreId(r.borrow().ids[0]))
                        .unwrap_or(())
                })),
            ],
            &regs,
        )
    };
    let ws = [worker("w0"), worker("w1"), worker("w2"), worker("w3")];
    let mut ops = vec![Op::Do(Box::new(|s: &mut Sim<TestValue>, r: &SharedRegs| {
        let sem = s.semaphore_new(2, true).unwrap_or(SemaphoreId(0));
        r.borrow_mut().ids.push(sem.0);
    }) as crate::testkit::ActFn)];
    for w in ws {
        ops.push(Op::Spawn(w));
    }
    for i in 0..4 {
        ops.push(Op::AwaitTask(i));
    }
    ops.push(Op::Do(Box::new(|s, r| {
        let e = s.semaphore_release(SemaphoreId(r.borrow().ids[0]));
        let text = format!(
            "extra release: {}\n",
            e.err()
                .map(|e| crate::Value::describe(&e))
                .unwrap_or_default()
        );
        s.print(&text);
    })));
    let (sim, r) = run_with(Config::default(), &regs, ops);
    ok(&r);
    check(
        &sim,
        &[
            "0 w0",
            "0 w1",
            "1 w2",
            "1 w3",
            "2 extra release: ValueError('BoundedSemaphore released too many times')",
        ],
    );
}

#[test]
fn condition_notify_wakes_one_waiter_which_reacquires() {
    let regs = SharedRegs::default();
    let waiter = |name: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| {
                    let l = s.condition_lock(crate::ConditionId(r.borrow().ids[0]));
                    s.lock_acquire(l)
                })),
                Op::Await(Box::new(|s, r| {
                    s.condition_wait(crate::ConditionId(r.borrow().ids[0]))
                })),
                Op::PrintLast(name),
                Op::Do(Box::new(|s, r| {
                    let l = s.condition_lock(crate::ConditionId(r.borrow().ids[0]));
                    s.lock_release(l).unwrap_or(());
                })),
            ],
            &regs,
        )
    };
    let (a, b) = (waiter("a "), waiter("b "));
    let notify = |n: usize| -> Op {
        Op::Await(Box::new(move |s: &mut Sim<TestValue>, r: &SharedRegs| {
            let c = crate::ConditionId(r.borrow().ids[0]);
            let l = s.condition_lock(c);
            Box::new(Script::new(
                "notifier",
                vec![
                    Op::Await(Box::new(move |s, _| s.lock_acquire(l))),
                    Op::Do(Box::new(move |s, _| {
                        s.condition_notify(c, n).unwrap_or(());
                        s.lock_release(l).unwrap_or(());
                    })),
                ],
            ))
        }))
    };
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let c = s.condition_new(None);
                r.borrow_mut().ids.push(c.0);
            })),
            Op::Spawn(a),
            Op::Spawn(b),
            Op::Sleep(1.0),
            notify(1),
            Op::Sleep(1.0),
            notify(1),
            Op::AwaitTask(0),
            Op::AwaitTask(1),
        ],
    );
    ok(&r);
    check(&sim, &["1 a True", "2 b True"]);
}

#[test]
fn queue_producer_consumer_and_join() {
    let regs = SharedRegs::default();
    let q = |r: &SharedRegs| QueueId(r.borrow().ids[0]);
    let mut consumer_ops = Vec::new();
    for _ in 0..3 {
        consumer_ops.push(Op::Await(
            Box::new(move |s: &mut Sim<TestValue>, r: &SharedRegs| s.queue_get(q(r)))
                as crate::testkit::CoroFn,
        ));
        consumer_ops.push(Op::PrintLast("got "));
        consumer_ops.push(Op::Do(Box::new(move |s, r| {
            s.queue_task_done(q(r)).unwrap_or(())
        })));
    }
    let mut producer_ops = Vec::new();
    for i in 0..3 {
        producer_ops.push(Op::Do(
            Box::new(move |s: &mut Sim<TestValue>, r: &SharedRegs| {
                s.queue_put_nowait(q(r), TestValue::Int(i)).unwrap_or(());
                s.print(&format!("put {i}\n"));
            }) as crate::testkit::ActFn,
        ));
        producer_ops.push(Op::Sleep(1.0));
    }
    let consumer = Script::shared("consumer", consumer_ops, &regs);
    let producer = Script::shared("producer", producer_ops, &regs);
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let q = s.queue_new(QueueKind::Fifo, 0);
                r.borrow_mut().ids.push(q.0);
            })),
            Op::Spawn(consumer),
            Op::Spawn(producer),
            Op::AwaitTask(1),
            Op::Await(Box::new(move |s, r| s.queue_join(q(r)))),
            Op::Print("joined"),
        ],
    );
    ok(&r);
    check(
        &sim,
        &[
            "0 put 0", "0 got 0", "1 put 1", "1 got 1", "2 put 2", "2 got 2", "3 joined",
        ],
    );
}

#[test]
fn bounded_queue_blocks_putter_until_get() {
    let regs = SharedRegs::default();
    let q = |r: &SharedRegs| QueueId(r.borrow().ids[0]);
    let producer = Script::shared(
        "producer",
        vec![
            Op::Await(Box::new(move |s, r| s.queue_put(q(r), TestValue::Int(1)))),
            Op::Print("put 1"),
            Op::Await(Box::new(move |s, r| s.queue_put(q(r), TestValue::Int(2)))),
            Op::Print("put 2"),
        ],
        &regs,
    );
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let q = s.queue_new(QueueKind::Fifo, 1);
                r.borrow_mut().ids.push(q.0);
            })),
            Op::Spawn(producer),
            Op::Sleep(1.0),
            Op::Await(Box::new(move |s, r| s.queue_get(q(r)))),
            Op::PrintLast("got "),
            Op::AwaitTask(0),
            Op::Do(Box::new(move |s, r| {
                let text = format!(
                    "qsize {} full {}\n",
                    s.queue_qsize(q(r)),
                    s.queue_full(q(r))
                );
                s.print(&text);
            })),
        ],
    );
    ok(&r);
    check(
        &sim,
        &["0 put 1", "1 got 1", "1 put 2", "1 qsize 1 full true"],
    );
}

#[test]
fn priority_and_lifo_queues_order_items() {
    let (sim, r) = run(vec![Op::Do(Box::new(|s, _| {
        for kind in [QueueKind::Priority, QueueKind::Lifo] {
            let q = s.queue_new(kind, 0);
            for v in [5, 1, 3, 1, 4] {
                s.queue_put_nowait(q, TestValue::Int(v)).unwrap_or(());
            }
            let mut out = Vec::new();
            while let Ok(v) = s.queue_get_nowait(q) {
                out.push(crate::Value::describe(&v));
            }
            let empty = s
                .queue_get_nowait(q)
                .err()
                .map(|e| crate::Value::describe(&e))
                .unwrap_or_default();
            s.print(&format!("{} {empty}\n", out.join(",")));
        }
    }))]);
    ok(&r);
    check(
        &sim,
        &["0 1,1,3,4,5 QueueEmpty()", "0 4,1,3,1,5 QueueEmpty()"],
    );
}
