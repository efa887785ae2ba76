//! Scenarios checked against CPython 3.12 under the oracle runner, rewritten as scripts
//! (delays are binary fractions so that the expected times print exactly).

use super::{check, ok, run, run_with};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{
    Config, Coroutine, ExecutorId, ExecutorKind, FutureId, LockId, QueueId, QueueKind, SemaphoreId,
    Sent, Sim, Step, TimeoutId,
};

fn timed_job(name: &'static str, start: &'static str, end: &'static str, secs: f64) -> Box<Script> {
    Box::new(Script::new(
        name,
        vec![
            Op::Print(start),
            Op::Block(secs),
            Op::Print(end),
            Op::Return(TestValue::Str(name.into())),
        ],
    ))
}

#[test]
fn executor_queue_reuses_idle_workers() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, r| {
            let ex = s
                .executor_new(ExecutorKind::Thread, Some(2))
                .unwrap_or(ExecutorId(0));
            r.borrow_mut().ids.push(ex.0);
            let jobs = [
                timed_job("j0", "j0 start", "j0 end", 0.75),
                timed_job("j1", "j1 start", "j1 end", 0.25),
                timed_job("j2", "j2 start", "j2 end", 1.25),
                timed_job("j3", "j3 start", "j3 end", 0.5),
            ];
            let mut fs = Vec::new();
            for j in jobs {
                fs.push(s.run_in_executor(Some(ex), j).unwrap_or(FutureId(0)));
            }
            let g = s.gather(fs, false);
            r.borrow_mut().futs.push(g);
        })),
        Op::AwaitFut(0),
        Op::PrintLast("gathered "),
        Op::Sleep(0.25),
        Op::Print("second batch"),
        Op::Do(Box::new(|s, r| {
            let ex = ExecutorId(r.borrow().ids[0]);
            let f = s
                .run_in_executor(
                    Some(ex),
                    timed_job("again", "again start", "again end", 0.5),
                )
                .unwrap_or(FutureId(0));
            r.borrow_mut().futs.push(f);
            let workers = s.threads.len() - 1;
            s.print(&format!("workers {workers}\n"));
        })),
        Op::AwaitFut(1),
        Op::PrintLast("result "),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 j0 start",
            "0 j1 start",
            "0.25 j1 end",
            "0.25 j2 start",
            "0.75 j0 end",
            "0.75 j3 start",
            "1.25 j3 end",
            "1.5 j2 end",
            "1.5 gathered ['j0', 'j1', 'j2', 'j3']",
            "1.75 second batch",
            "1.75 workers 2",
            "1.75 again start",
            "2.25 again end",
            "2.25 result 'again'",
        ],
    );
}

fn ticker(n: usize, d: f64) -> Script {
    const TICKS: [&str; 4] = ["tick 0", "tick 1", "tick 2", "tick 3"];
    Script::new(
        "ticker",
        TICKS[..n]
            .iter()
            .flat_map(|t| [Op::Print(t), Op::Sleep(d)])
            .collect(),
    )
}

#[test]
fn future_result_on_the_loop_thread_blocks_the_loop() {
    let (sim, r) = run(vec![
        Op::Spawn(ticker(4, 0.125)),
        Op::Sleep(0.0625),
        Op::Do(Box::new(|s, r| {
            let ex = s
                .executor_new(ExecutorKind::Thread, Some(1))
                .unwrap_or(ExecutorId(0));
            let job = Box::new(Script::new(
                "compute",
                vec![
                    Op::Block(0.25),
                    Op::Print("worker finished"),
                    Op::Return(TestValue::Int(7)),
                ],
            ));
            let f = s.executor_submit(ex, job).unwrap_or(FutureId(0));
            r.borrow_mut().futs.push(f);
            r.borrow_mut().ids.push(ex.0);
        })),
        Op::Print("blocking the loop on fut.result()"),
        Op::BlockOn(Box::new(|_, r| r.borrow().futs[0])),
        Op::PrintLast("result "),
        Op::BlockOn(Box::new(|s, r| {
            s.executor_shutdown(ExecutorId(r.borrow().ids[0]), true)
                .unwrap_or(FutureId(0))
        })),
        Op::AwaitTask(0),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 tick 0",
            "0.0625 blocking the loop on fut.result()",
            "0.3125 worker finished",
            "0.3125 result 7",
            "0.3125 tick 1",
            "0.4375 tick 2",
            "0.5625 tick 3",
        ],
    );
}

#[test]
fn worker_finishing_while_the_loop_is_blocked_is_seen_after_it() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, r| {
            let job = timed_job(
                "worker",
                "worker starts",
                "worker finishes while the loop is blocked",
                0.25,
            );
            let f = s.run_in_executor(None, job).unwrap_or(FutureId(0));
            r.borrow_mut().futs.push(f);
        })),
        Op::Sleep(0.125),
        Op::Print("loop blocks"),
        Op::Block(0.5),
        Op::Do(Box::new(|s, r| {
            let done = s.done(r.borrow().futs[0]);
            s.print(&format!("loop unblocked, done = {done}\n"));
        })),
        Op::AwaitFut(0),
        Op::PrintLast("result "),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 worker starts",
            "0.125 loop blocks",
            "0.25 worker finishes while the loop is blocked",
            "0.625 loop unblocked, done = false",
            "0.625 result 'worker'",
        ],
    );
}

#[test]
fn call_soon_threadsafe_from_a_thread_wakes_the_loop() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, r| {
            let fut = s.create_future();
            r.borrow_mut().futs.push(fut);
            let body = Script::new(
                "background",
                vec![
                    Op::Block(0.25),
                    Op::Do(Box::new(|s, _| {
                        s.call_soon_threadsafe(Box::new(Script::new(
                            "print",
                            vec![Op::Print("callback posted from a thread")],
                        )));
                    })),
                    Op::Block(0.25),
                    Op::Do(Box::new(move |s, _| {
                        let setter = Box::new(Script::new(
                            "set_result",
                            vec![Op::Do(Box::new(move |s, _| {
                                s.set_result(fut, TestValue::Str("value".into()))
                                    .unwrap_or(())
                            }))],
                        ));
                        s.call_soon_threadsafe(setter);
                    })),
                ],
            );
            let t = s.thread_start(Box::new(body), None);
            r.borrow_mut().ids.push(t.0);
        })),
        Op::Print("waiting"),
        Op::AwaitFut(0),
        Op::PrintLast("got "),
        Op::BlockOn(Box::new(|s, r| {
            s.thread_join(crate::ThreadId(r.borrow().ids[0]))
        })),
        Op::Print("joined"),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 waiting",
            "0.25 callback posted from a thread",
            "0.5 got 'value'",
            "0.5 joined",
        ],
    );
}

/// `async with asyncio.timeout(None) as cm: sleep(a); cm.reschedule(now + b); sleep(10)`.
struct Rescheduled {
    tm: Option<TimeoutId>,
    inner: Option<Box<dyn Coroutine<TestValue>>>,
    phase: u8,
}

impl Coroutine<TestValue> for Rescheduled {
    fn resume(&mut self, sim: &mut Sim<TestValue>, mut sent: Sent<TestValue>) -> Step<TestValue> {
        loop {
            if self.tm.is_none() {
                let tm = sim.timeout(None);
                if let Err(e) = sim.timeout_enter(tm) {
                    return Step::Raise(e);
                }
                self.tm = Some(tm);
                self.inner = Some(sim.sleep(0.125, TestValue::None));
                sent = Sent::Start;
            }
            let tm = self.tm.unwrap_or(TimeoutId(0));
            let Some(mut inner) = self.inner.take() else {
                return Step::Return(TestValue::None);
            };
            match inner.resume(sim, sent) {
                Step::Return(_) if self.phase == 0 => {
                    self.phase = 1;
                    let when = sim.now() + 0.25;
                    if let Err(e) = sim.timeout_reschedule(tm, Some(when)) {
                        return Step::Raise(e);
                    }
                    self.inner = Some(sim.sleep(10.0, TestValue::None));
                    sent = Sent::Start;
                }
                Step::Return(v) => {
                    return match sim.timeout_exit(tm, None) {
                        Ok(()) => Step::Return(v),
                        Err(e) => Step::Raise(e),
                    }
                }
                Step::Raise(e) => {
                    return match sim.timeout_exit(tm, Some(&e)) {
                        Ok(()) => Step::Raise(e),
                        Err(te) => Step::Raise(te),
                    }
                }
                other => {
                    self.inner = Some(inner);
                    return other;
                }
            }
        }
    }
    fn name(&self) -> String {
        "rescheduled".to_string()
    }
}

#[test]
fn timeout_reschedule_moves_the_deadline() {
    let (sim, r) = run(vec![
        Op::Catch,
        Op::Await(Box::new(|_, _| {
            Box::new(Rescheduled {
                tm: None,
                inner: None,
                phase: 0,
            })
        })),
        Op::PrintLast("got "),
        Op::Do(Box::new(|s, _| {
            let t = s.current_task().unwrap_or(crate::TaskId(0));
            let text = format!("cancelling {}\n", s.cancelling(t));
            s.print(&text);
        })),
    ]);
    ok(&r);
    check(&sim, &["0.375 got TimeoutError()", "0.375 cancelling 0"]);
}

#[test]
fn semaphore_waiter_cancelled_after_wake_passes_the_slot_on() {
    let regs = SharedRegs::default();
    let user = |name: &'static str, text_in: &'static str, text_out: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| {
                    s.semaphore_acquire(SemaphoreId(r.borrow().ids[0]))
                })),
                Op::PrintLast(text_in),
                Op::Sleep(0.25),
                Op::Print(text_out),
                Op::Do(Box::new(|s, r| {
                    s.semaphore_release(SemaphoreId(r.borrow().ids[0]))
                        .unwrap_or(())
                })),
            ],
            &regs,
        )
    };
    let b = Script::shared(
        "b",
        vec![
            Op::Catch,
            Op::Await(Box::new(|s, r| {
                s.semaphore_acquire(SemaphoreId(r.borrow().ids[0]))
            })),
            Op::PrintLast("b got "),
        ],
        &regs,
    );
    let (a, c) = (user("a", "a in ", "a out"), user("c", "c in ", "c out"));
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let sem = s.semaphore_new(1, false).unwrap_or(SemaphoreId(0));
                r.borrow_mut().ids.push(sem.0);
            })),
            Op::Spawn(a),
            Op::Spawn(b),
            Op::Spawn(c),
            Op::Sleep(0.25),
            Op::Sleep(0.0),
            // a has released by now and woken b, which has not run yet.
            Op::Do(Box::new(|s, r| {
                let b = r.borrow().tasks[1];
                s.cancel(s.task_future(b), None);
            })),
            Op::AwaitTask(0),
            Op::AwaitTask(2),
            Op::Do(Box::new(|s, r| {
                let locked = s.semaphore_locked(SemaphoreId(r.borrow().ids[0]));
                s.print(&format!("locked {locked}\n"));
            })),
        ],
    );
    ok(&r);
    check(
        &sim,
        &[
            "0 a in True",
            "0.25 a out",
            "0.25 b got CancelledError()",
            "0.25 c in True",
            "0.5 c out",
            "0.5 locked false",
        ],
    );
}

#[test]
fn lock_waiter_cancelled_while_waiting_is_skipped() {
    let regs = SharedRegs::default();
    let user = |name: &'static str, got: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Await(Box::new(|s, r| s.lock_acquire(LockId(r.borrow().ids[0])))),
                Op::Print(got),
                Op::Sleep(0.25),
                Op::Do(Box::new(|s, r| {
                    s.lock_release(LockId(r.borrow().ids[0])).unwrap_or(())
                })),
            ],
            &regs,
        )
    };
    let (a, b, c) = (
        user("a", "a got the lock"),
        user("b", "b got the lock"),
        user("c", "c got the lock"),
    );
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let l = s.lock_new();
                r.borrow_mut().ids.push(l.0);
            })),
            Op::Spawn(a),
            Op::Spawn(b),
            Op::Spawn(c),
            Op::Sleep(0.125),
            Op::Do(Box::new(|s, r| {
                let b = r.borrow().tasks[1];
                s.cancel(s.task_future(b), None);
            })),
            Op::Await(Box::new(|s, r| {
                let fs = r.borrow().tasks.iter().map(|&t| s.task_future(t)).collect();
                let g = s.gather(fs, true);
                Box::new(crate::library::AwaitFuture {
                    fut: g,
                    started: false,
                })
            })),
            Op::PrintLast("gathered "),
        ],
    );
    ok(&r);
    check(
        &sim,
        &[
            "0 a got the lock",
            "0.25 c got the lock",
            "0.5 gathered [None, CancelledError(''), None]",
        ],
    );
}

#[test]
fn queue_getter_cancelled_after_wake_hands_the_item_on() {
    let regs = SharedRegs::default();
    let getter = |name: &'static str| {
        Script::shared(
            name,
            vec![
                Op::Catch,
                Op::Await(Box::new(|s, r| s.queue_get(QueueId(r.borrow().ids[0])))),
                Op::PrintLast(name),
            ],
            &regs,
        )
    };
    let (g1, g2, g3) = (getter("g1 "), getter("g2 "), getter("g3 "));
    let (sim, r) = run_with(
        Config::default(),
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let q = s.queue_new(QueueKind::Fifo, 0);
                r.borrow_mut().ids.push(q.0);
            })),
            Op::Spawn(g1),
            Op::Spawn(g2),
            Op::Spawn(g3),
            Op::Sleep(0.125),
            Op::Do(Box::new(|s, r| {
                let q = QueueId(r.borrow().ids[0]);
                s.queue_put_nowait(q, TestValue::Int(1)).unwrap_or(());
                let g1 = r.borrow().tasks[0];
                s.cancel(s.task_future(g1), None);
                s.queue_put_nowait(q, TestValue::Int(2)).unwrap_or(());
            })),
            Op::AwaitTask(0),
            Op::AwaitTask(1),
            Op::AwaitTask(2),
        ],
    );
    ok(&r);
    check(
        &sim,
        &["0.125 g1 CancelledError()", "0.125 g2 1", "0.125 g3 2"],
    );
}

#[test]
fn gather_of_gather_cancel_reaches_every_child() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, r| {
            let mk = |name: &'static str, d: f64| {
                Script::new(
                    name,
                    vec![
                        Op::Catch,
                        Op::Sleep(d),
                        Op::PrintLast(name),
                        Op::Raise("CancelledError", ""),
                    ],
                )
            };
            let a = s
                .create_task(Box::new(mk("g1a ", 1.0)), None)
                .unwrap_or(crate::TaskId(0));
            let b = s
                .create_task(Box::new(mk("g1b ", 2.0)), None)
                .unwrap_or(crate::TaskId(0));
            let c = s
                .create_task(Box::new(mk("g2c ", 3.0)), None)
                .unwrap_or(crate::TaskId(0));
            let g1 = s.gather(vec![s.task_future(a), s.task_future(b)], false);
            let g2 = s.gather(vec![g1, s.task_future(c)], false);
            r.borrow_mut().futs.extend([g1, g2]);
        })),
        Op::Sleep(0.5),
        Op::Do(Box::new(|s, r| {
            let g2 = r.borrow().futs[1];
            let c = s.cancel(g2, None);
            s.print(&format!("cancel g2: {c}\n"));
        })),
        Op::Catch,
        Op::AwaitFut(1),
        Op::PrintLast("g2 raised "),
        Op::Do(Box::new(|s, r| {
            let (g1, g2) = (r.borrow().futs[0], r.borrow().futs[1]);
            let text = format!("{} {}\n", s.cancelled(g2), s.cancelled(g1));
            s.print(&text);
        })),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0.5 cancel g2: true",
            "0.5 g1a CancelledError()",
            "0.5 g1b CancelledError()",
            "0.5 g2c CancelledError()",
            "0.5 g2 raised CancelledError()",
            "0.5 false false",
        ],
    );
}
