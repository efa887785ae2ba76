//! Blocking calls, executors, threads and the GIL.

use super::{cb, check, ok, run, run_with, task};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Config, ExecutorId, ExecutorKind, Outcome, Sim};

fn job(name: &'static str, secs: f64) -> Box<Script> {
    let (start, end) = match name {
        "func1" => ("func1() started", "func1() finished"),
        "func2" => ("func2() started", "func2() finished"),
        _ => ("job started", "job finished"),
    };
    Box::new(Script::new(
        name,
        vec![Op::Print(start), Op::Block(secs), Op::Print(end)],
    ))
}

#[test]
fn blocking_sleep_holds_the_loop_seed_example_3() {
    let f1 = task(
        "func1",
        vec![
            Op::Print("func1() started"),
            Op::Block(1.0),
            Op::Print("func1() finished"),
        ],
    );
    let f2 = task(
        "func2",
        vec![
            Op::Print("func2() started"),
            Op::Block(1.0),
            Op::Print("func2() finished"),
        ],
    );
    let (sim, r) = run(vec![
        Op::Spawn(f1),
        Op::Spawn(f2),
        Op::AwaitTask(0),
        Op::AwaitTask(1),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 func1() started",
            "1 func1() finished",
            "1 func2() started",
            "2 func2() finished",
        ],
    );
}

#[test]
fn timers_due_while_blocked_fire_late_together_in_deadline_order() {
    let blocker = task("blocker", vec![Op::Block(2.0), Op::Print("unblocked")]);
    let sleeper = task("sleeper", vec![Op::Sleep(1.0), Op::Print("sleeper woke")]);
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, _| {
            s.call_later(1.5, cb("timer 1.5"));
            s.call_later(0.5, cb("timer 0.5"));
        })),
        Op::Spawn(sleeper),
        Op::Spawn(blocker),
        Op::AwaitTask(0),
        Op::AwaitTask(1),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "2 unblocked",
            "2 timer 0.5",
            "2 timer 1.5",
            "2 sleeper woke",
        ],
    );
}

fn executor_main(max_workers: Option<u32>) -> Vec<Op> {
    vec![
        Op::Do(Box::new(move |s, r| {
            let ex = s
                .executor_new(ExecutorKind::Thread, max_workers)
                .unwrap_or(ExecutorId(0));
            let f1 = s
                .run_in_executor(Some(ex), job("func1", 1.0))
                .unwrap_or(crate::FutureId(0));
            let f2 = s
                .run_in_executor(Some(ex), job("func2", 1.0))
                .unwrap_or(crate::FutureId(0));
            let mut r = r.borrow_mut();
            r.ids.push(ex.0);
            r.futs.push(f1);
            r.futs.push(f2);
        })),
        Op::AwaitFut(0),
        Op::AwaitFut(1),
        Op::BlockOn(Box::new(|s, r| {
            let ex = ExecutorId(r.borrow().ids[0]);
            s.executor_shutdown(ex, true).unwrap_or(crate::FutureId(0))
        })),
        Op::Print("main done"),
    ]
}

#[test]
fn run_in_executor_runs_jobs_in_parallel_seed_example_4() {
    let (sim, r) = run_with(
        Config::default(),
        &SharedRegs::default(),
        executor_main(None),
    );
    ok(&r);
    check(
        &sim,
        &[
            "0 func1() started",
            "0 func2() started",
            "1 func1() finished",
            "1 func2() finished",
            "1 main done",
        ],
    );
}

#[test]
fn one_worker_runs_jobs_one_after_another() {
    let (sim, r) = run_with(
        Config::default(),
        &SharedRegs::default(),
        executor_main(Some(1)),
    );
    ok(&r);
    check(
        &sim,
        &[
            "0 func1() started",
            "1 func1() finished",
            "1 func2() started",
            "2 func2() finished",
            "2 main done",
        ],
    );
}

#[test]
fn worker_waking_with_a_timer_runs_before_the_loop() {
    let (sim, r) = run(vec![
        Op::Do(Box::new(|s, r| {
            s.call_later(1.0, cb("timer"));
            let f = s
                .run_in_executor(None, job("job", 1.0))
                .unwrap_or(crate::FutureId(0));
            r.borrow_mut().futs.push(f);
        })),
        Op::AwaitFut(0),
        Op::Print("main woke"),
    ]);
    ok(&r);
    check(
        &sim,
        &["0 job started", "1 job finished", "1 timer", "1 main woke"],
    );
}

#[test]
fn workers_run_only_while_the_loop_waits() {
    // The ticker keeps the loop busy, so (API.md rule 1) the worker starts only
    // when the loop first waits; its completion then takes two iterations to
    // wake main (`_set_state` via `call_soon_threadsafe`, then `__wakeup`).
    let ticker = task(
        "ticker",
        (0..3)
            .flat_map(|_| [Op::Print("tick"), Op::Yield])
            .collect(),
    );
    let (sim, r) = run(vec![
        Op::Spawn(ticker),
        Op::Do(Box::new(|s, r| {
            let quick = Box::new(Script::new("quick", vec![Op::Print("job")]));
            let f = s.run_in_executor(None, quick).unwrap_or(crate::FutureId(0));
            s.add_done_callback(f, 1, cb("future done"));
            r.borrow_mut().futs.push(f);
        })),
        Op::AwaitFut(0),
        Op::Print("main woke"),
    ]);
    ok(&r);
    check(
        &sim,
        &[
            "0 tick",
            "0 tick",
            "0 tick",
            "0 job",
            "0 future done",
            "0 main woke",
        ],
    );
}

#[test]
fn to_thread_runs_on_the_default_executor() {
    let (sim, r) = run(vec![
        Op::Await(Box::new(|s, _| {
            let j = Box::new(Script::new(
                "work",
                vec![Op::Block(0.25), Op::Return(TestValue::Int(42))],
            ));
            s.to_thread(j)
        })),
        Op::PrintLast("to_thread -> "),
        Op::Do(Box::new(|s, _| {
            let names: Vec<String> = (1..s.threads.len())
                .map(|i| s.thread_name(crate::ThreadId(i as u32)))
                .collect();
            s.print(&format!("{}\n", names.join(",")));
        })),
    ]);
    ok(&r);
    check(&sim, &["0.25 to_thread -> 42", "0.25 asyncio_0"]);
}

#[test]
fn threads_start_and_join_from_module_level() {
    let body = Script::new(
        "<module>",
        vec![
            Op::Do(Box::new(|s, r| {
                let t = s.thread_start(
                    Box::new(Script::new(
                        "target",
                        vec![Op::Print("t start"), Op::Block(1.0), Op::Print("t end")],
                    )),
                    None,
                );
                r.borrow_mut().ids.push(t.0);
            })),
            Op::Print("main"),
            Op::BlockOn(Box::new(|s, r| {
                s.thread_join(crate::ThreadId(r.borrow().ids[0]))
            })),
            Op::Print("joined"),
        ],
    );
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    ok(&r);
    check(&sim, &["0 main", "0 t start", "1 t end", "1 joined"]);
}

fn lock_worker(name: &'static str, regs: &SharedRegs) -> Box<Script> {
    Box::new(Script::shared(
        name,
        vec![
            Op::BlockOn(Box::new(|s, r| {
                let l = crate::ThreadLockId(r.borrow().ids[0]);
                match s.thread_lock_acquire(l) {
                    Some(f) => f,
                    None => {
                        // Acquired at once: block on an already-done future, which does not wait.
                        let f = s.create_future();
                        s.set_result(f, TestValue::None).unwrap_or(());
                        f
                    }
                }
            })),
            Op::Print(name),
            Op::Block(1.0),
            Op::Do(Box::new(|s, r| {
                s.thread_lock_release(crate::ThreadLockId(r.borrow().ids[0]))
                    .unwrap_or(())
            })),
        ],
        regs,
    ))
}

#[test]
fn threading_lock_serialises_threads_fifo() {
    let regs = SharedRegs::default();
    let inner = regs.clone();
    let body = Script::shared(
        "<module>",
        vec![
            Op::Do(Box::new(move |s, r| {
                let l = s.thread_lock_new();
                r.borrow_mut().ids.push(l.0);
                s.thread_start(lock_worker("a", &inner), None);
                s.thread_start(lock_worker("b", &inner), None);
            })),
            Op::Print("started"),
        ],
        &regs,
    );
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    ok(&r);
    check(&sim, &["0 started", "0 a", "1 b"]);
}

fn cpu_program(kind: ExecutorKind) -> (Sim<TestValue>, crate::RunResult<TestValue>) {
    let body = Script::new(
        "<module>",
        vec![
            Op::Do(Box::new(move |s, r| {
                let ex = s.executor_new(kind, Some(2)).unwrap_or(ExecutorId(0));
                for name in ["w0 done", "w1 done"] {
                    let job = Box::new(Script::new(
                        "spin",
                        vec![Op::Compute(1_000_000), Op::Print(name)],
                    ));
                    let f = s.executor_submit(ex, job).unwrap_or(crate::FutureId(0));
                    r.borrow_mut().futs.push(f);
                }
            })),
            Op::BlockOn(Box::new(|_, r| r.borrow().futs[0])),
            Op::BlockOn(Box::new(|_, r| r.borrow().futs[1])),
            Op::Print("all done"),
        ],
    );
    let mut sim: Sim<TestValue> = Sim::new(Config {
        cpu_speed: Some(1_000_000.0),
        ..Config::default()
    });
    let r = sim.run_program(Box::new(body));
    (sim, r)
}

#[test]
fn cpu_bound_threads_share_one_gil() {
    let (sim, r) = cpu_program(ExecutorKind::Thread);
    ok(&r);
    let c = sim.console();
    assert_eq!(c.len(), 3, "{c:?}");
    // Two seconds of CPU work on one GIL: both finish near 2 s, alternating every 5 ms.
    assert!(
        (c[0].0 - 1.995).abs() < 1e-6 && c[0].1 == "w0 done",
        "{c:?}"
    );
    assert!((c[1].0 - 2.0).abs() < 1e-6 && c[1].1 == "w1 done", "{c:?}");
    let switches = sim
        .trace()
        .events
        .iter()
        .filter(|e| matches!(e.kind, crate::EventKind::GilWait))
        .count();
    assert!(
        switches > 300,
        "expected many forced switches, got {switches}"
    );
}

#[test]
fn process_pool_runs_in_parallel() {
    let (sim, r) = cpu_program(ExecutorKind::Process);
    ok(&r);
    check(&sim, &["1 w0 done", "1 w1 done", "1 all done"]);
}

#[test]
fn loop_thread_waits_for_the_gil_held_by_a_cpu_bound_worker() {
    let regs = SharedRegs::default();
    let cfg = Config {
        cpu_speed: Some(1_000_000.0),
        ..Config::default()
    };
    let (sim, r) = run_with(
        cfg,
        &regs,
        vec![
            Op::Do(Box::new(|s, r| {
                let job = Box::new(Script::new("spin", vec![Op::Compute(100_000)]));
                let f = s.run_in_executor(None, job).unwrap_or(crate::FutureId(0));
                r.borrow_mut().futs.push(f);
            })),
            Op::Sleep(0.01),
            Op::Do(Box::new(|s, _| {
                let t = s.now();
                s.print(&format!("timer late: {}\n", t > 0.01));
            })),
            Op::AwaitFut(0),
        ],
    );
    ok(&r);
    let c = sim.console();
    assert_eq!(c[0].1, "timer late: true", "{c:?}");
    assert!(c[0].0 <= 0.0151, "{c:?}");
}

#[test]
fn deadlocked_thread_is_named() {
    let body = Script::new(
        "<module>",
        vec![Op::BlockOn(Box::new(|s, _| {
            let f = s.create_future();
            let _ = s.all_tasks();
            f
        }))],
    );
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    let Outcome::Deadlock(w) = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(w[0].name, "MainThread");
}

/// One CPU-bound job of a core-sharing case.
struct CpuJob {
    /// Index into the case's pools.
    pool: usize,
    /// Virtual time at which the module body submits it.
    at: f64,
    /// CPU seconds it computes (at `cpu_speed` = 1e6 operations per second).
    secs: f64,
    /// Printed when it is done.
    done: &'static str,
}

/// A scenario of CPU-bound work on a machine with few cores, with the console it must print.
struct CpuCase {
    /// Why the expected times are what they are.
    why: &'static str,
    cores: u32,
    /// Executors as (kind, max_workers).
    pools: &'static [(ExecutorKind, u32)],
    jobs: &'static [CpuJob],
    /// CPU seconds the main (loop) thread computes after submitting everything.
    main_secs: f64,
    /// Print times rounded to the nanosecond: hundreds of 5 ms GIL switches
    /// (0.005 has no exact binary form) leave float rounding in the last digits.
    rounded: bool,
    expected: &'static [&'static str],
}

const P: ExecutorKind = ExecutorKind::Process;
const T: ExecutorKind = ExecutorKind::Thread;

const fn job_at(pool: usize, at: f64, secs: f64, done: &'static str) -> CpuJob {
    CpuJob {
        pool,
        at,
        secs,
        done,
    }
}

/// Runs a core-sharing case on a build with a GIL (`gil`) or a free-threaded
/// one: submissions in time order, then the main thread's own work, then it
/// joins every job.
fn run_cpu_case_with(c: &'static CpuCase, gil: bool) -> Sim<TestValue> {
    let regs = SharedRegs::default();
    let pools = c.pools;
    let mut ops = vec![Op::Do(Box::new(move |s, r| {
        for &(kind, n) in pools {
            let ex = s.executor_new(kind, Some(n)).unwrap_or(ExecutorId(0));
            r.borrow_mut().ids.push(ex.0);
        }
    }))];
    let mut now = 0.0;
    for j in c.jobs {
        if j.at > now {
            ops.push(Op::Block(j.at - now));
            now = j.at;
        }
        let (pool, ops_count, done) = (j.pool, (j.secs * 1e6) as u64, j.done);
        ops.push(Op::Do(Box::new(move |s, r| {
            let ex = ExecutorId(r.borrow().ids[pool]);
            let work = Box::new(Script::new(
                "spin",
                vec![Op::Compute(ops_count), Op::Print(done)],
            ));
            let f = s.executor_submit(ex, work).unwrap_or(crate::FutureId(0));
            r.borrow_mut().futs.push(f);
        })));
    }
    if c.main_secs > 0.0 {
        ops.push(Op::Compute((c.main_secs * 1e6) as u64));
        ops.push(Op::Print("main computed"));
    }
    for i in 0..c.jobs.len() {
        ops.push(Op::BlockOn(Box::new(move |_, r| r.borrow().futs[i])));
    }
    ops.push(Op::Print("all done"));
    let mut sim: Sim<TestValue> = Sim::new(Config {
        cores: c.cores,
        cpu_speed: Some(1_000_000.0),
        gil,
        ..Config::default()
    });
    let r = sim.run_program(Box::new(Script::shared("<module>", ops, &regs)));
    ok(&r);
    sim
}

#[test]
fn computing_processes_time_share_the_cores() {
    const CASES: &[CpuCase] = &[
        CpuCase {
            why: "8 jobs of 1 s on 4 cores each get half a core: all end together at 2 s, not in two waves",
            cores: 4,
            pools: &[(P, 8)],
            jobs: &[
                job_at(0, 0.0, 1.0, "p0"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
                job_at(0, 0.0, 1.0, "p3"),
                job_at(0, 0.0, 1.0, "p4"),
                job_at(0, 0.0, 1.0, "p5"),
                job_at(0, 0.0, 1.0, "p6"),
                job_at(0, 0.0, 1.0, "p7"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &[
                "2 p0", "2 p1", "2 p2", "2 p3", "2 p4", "2 p5", "2 p6", "2 p7", "2 all done",
            ],
        },
        CpuCase {
            why: "5 jobs of 1 s on 4 cores each get 4/5 of a core: 1 / 0.8 = 1.25 s",
            cores: 4,
            pools: &[(P, 5)],
            jobs: &[
                job_at(0, 0.0, 1.0, "p0"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
                job_at(0, 0.0, 1.0, "p3"),
                job_at(0, 0.0, 1.0, "p4"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["1.25 p0", "1.25 p1", "1.25 p2", "1.25 p3", "1.25 p4", "1.25 all done"],
        },
        CpuCase {
            why: "four 1 s jobs and one 2 s job on 4 cores: at 0.8 core each the short ones end at 1.25 s; \
                  the long one then has 1 s left on a core of its own: 2.25 s",
            cores: 4,
            pools: &[(P, 5)],
            jobs: &[
                job_at(0, 0.0, 2.0, "long"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
                job_at(0, 0.0, 1.0, "p3"),
                job_at(0, 0.0, 1.0, "p4"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["1.25 p1", "1.25 p2", "1.25 p3", "1.25 p4", "2.25 long", "2.25 all done"],
        },
        CpuCase {
            why: "four 1 s jobs run alone for 0.5 s; a fifth arrives and all share: the four have 0.5 s \
                  left at 0.8 core (0.625 s, ending at 1.125 s) while the fifth gets 0.5 s done; \
                  its last 0.5 s runs on a core of its own: 1.625 s",
            cores: 4,
            pools: &[(P, 5)],
            jobs: &[
                job_at(0, 0.0, 1.0, "p0"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
                job_at(0, 0.0, 1.0, "p3"),
                job_at(0, 0.5, 1.0, "late"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["1.125 p0", "1.125 p1", "1.125 p2", "1.125 p3", "1.625 late", "1.625 all done"],
        },
        CpuCase {
            why: "two process pools (2 + 3 workers) share 4 cores like one pool of 5: 1.25 s",
            cores: 4,
            pools: &[(P, 2), (P, 3)],
            jobs: &[
                job_at(0, 0.0, 1.0, "a0"),
                job_at(0, 0.0, 1.0, "a1"),
                job_at(1, 0.0, 1.0, "b0"),
                job_at(1, 0.0, 1.0, "b1"),
                job_at(1, 0.0, 1.0, "b2"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["1.25 a0", "1.25 a1", "1.25 b0", "1.25 b1", "1.25 b2", "1.25 all done"],
        },
        CpuCase {
            why: "the main thread computing counts as one more: 4 processes plus main on 4 cores, 1.25 s",
            cores: 4,
            pools: &[(P, 4)],
            jobs: &[
                job_at(0, 0.0, 1.0, "p0"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
                job_at(0, 0.0, 1.0, "p3"),
            ],
            main_secs: 1.0,
            rounded: false,
            // Equal deadlines release the main thread after the others (API.md rule 2).
            expected: &["1.25 p0", "1.25 p1", "1.25 p2", "1.25 p3", "1.25 main computed", "1.25 all done"],
        },
        CpuCase {
            why: "3 processes of 1 s on 2 cores: 1.5 s (they used to run 2 then 1: 1 s and 2 s)",
            cores: 2,
            pools: &[(P, 3)],
            jobs: &[
                job_at(0, 0.0, 1.0, "p0"),
                job_at(0, 0.0, 1.0, "p1"),
                job_at(0, 0.0, 1.0, "p2"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["1.5 p0", "1.5 p1", "1.5 p2", "1.5 all done"],
        },
        CpuCase {
            why: "threads of one process take turns on its GIL and so count once: with 2 processes that \
                  is 3 computing on 2 cores, 2/3 core each; the threads' 1 s in all and each process's \
                  1 s end at 1.5 s, the first thread one 5 ms turn earlier",
            cores: 2,
            pools: &[(T, 2), (P, 2)],
            jobs: &[
                job_at(0, 0.0, 0.5, "t0"),
                job_at(0, 0.0, 0.5, "t1"),
                job_at(1, 0.0, 1.0, "p0"),
                job_at(1, 0.0, 1.0, "p1"),
            ],
            main_secs: 0.0,
            rounded: true,
            expected: &["1.495 t0", "1.5 p0", "1.5 p1", "1.5 t1", "1.5 all done"],
        },
    ];
    for c in CASES {
        check_cpu_case(c, true);
    }
}

/// Runs a core-sharing case with or without a GIL and compares its console.
fn check_cpu_case(c: &'static CpuCase, gil: bool) {
    let sim = run_cpu_case_with(c, gil);
    let got: Vec<String> = sim
        .console()
        .into_iter()
        .map(|(t, s)| {
            let t = if c.rounded {
                (t * 1e9).round() / 1e9
            } else {
                t
            };
            format!("{t} {s}")
        })
        .collect();
    assert_eq!(got, c.expected, "{} (gil: {gil})", c.why);
}

/// The GIL preset's shape: four threads of a pool, each computing 1 s.
const FOUR_THREADS: &[CpuJob] = &[
    job_at(0, 0.0, 1.0, "t0"),
    job_at(0, 0.0, 1.0, "t1"),
    job_at(0, 0.0, 1.0, "t2"),
    job_at(0, 0.0, 1.0, "t3"),
];

#[test]
fn with_the_gil_four_threads_take_turns() {
    const CASE: CpuCase = CpuCase {
        why: "one GIL: the four threads' 4 s of work run one at a time in 5 ms turns, so they \
              end a turn apart just before 4 s, whatever the cores",
        cores: 4,
        pools: &[(T, 4)],
        jobs: FOUR_THREADS,
        main_secs: 0.0,
        rounded: true,
        expected: &["3.985 t0", "3.99 t1", "3.995 t2", "4 t3", "4 all done"],
    };
    check_cpu_case(&CASE, true);
}

#[test]
fn free_threaded_threads_share_the_cores() {
    const CASES: &[CpuCase] = &[
        CpuCase {
            why: "no GIL, 4 cores: the four threads run in parallel and end together at 1 s",
            cores: 4,
            pools: &[(T, 4)],
            jobs: FOUR_THREADS,
            main_secs: 0.0,
            rounded: false,
            expected: &["1 t0", "1 t1", "1 t2", "1 t3", "1 all done"],
        },
        CpuCase {
            why: "no GIL, 2 cores: the cores are time-shared, so each thread gets half a core and \
                  all four end together at 2 s (half speed, not two waves)",
            cores: 2,
            pools: &[(T, 4)],
            jobs: FOUR_THREADS,
            main_secs: 0.0,
            rounded: false,
            expected: &["2 t0", "2 t1", "2 t2", "2 t3", "2 all done"],
        },
        CpuCase {
            why: "no GIL, 1 core: four threads of 1 s share it, 4 s, with no 5 ms switches",
            cores: 1,
            pools: &[(T, 4)],
            jobs: FOUR_THREADS,
            main_secs: 0.0,
            rounded: false,
            expected: &["4 t0", "4 t1", "4 t2", "4 t3", "4 all done"],
        },
        CpuCase {
            why: "no GIL, 8 cores: more cores than threads changes nothing, 1 s",
            cores: 8,
            pools: &[(T, 4)],
            jobs: FOUR_THREADS,
            main_secs: 0.0,
            rounded: false,
            expected: &["1 t0", "1 t1", "1 t2", "1 t3", "1 all done"],
        },
        CpuCase {
            why: "no GIL: threads and processes count alike, 2 threads + 2 processes of 1 s on \
                  2 cores end together at 2 s (with the GIL the threads counted once: 1.5 s)",
            cores: 2,
            pools: &[(T, 2), (P, 2)],
            jobs: &[
                job_at(0, 0.0, 1.0, "t0"),
                job_at(0, 0.0, 1.0, "t1"),
                job_at(1, 0.0, 1.0, "p0"),
                job_at(1, 0.0, 1.0, "p1"),
            ],
            main_secs: 0.0,
            rounded: false,
            expected: &["2 t0", "2 t1", "2 p0", "2 p1", "2 all done"],
        },
        CpuCase {
            why: "no GIL: the loop thread computing runs beside four threads on 4 cores, \
                  five on four cores: 1.25 s",
            cores: 4,
            pools: &[(T, 4)],
            jobs: FOUR_THREADS,
            main_secs: 1.0,
            rounded: false,
            expected: &[
                "1.25 t0",
                "1.25 t1",
                "1.25 t2",
                "1.25 t3",
                "1.25 main computed",
                "1.25 all done",
            ],
        },
    ];
    for c in CASES {
        check_cpu_case(c, false);
    }
}

#[test]
fn free_threaded_runs_record_no_gil_events_and_repeat_exactly() {
    const CASE: CpuCase = CpuCase {
        why: "four threads on 2 cores",
        cores: 2,
        pools: &[(T, 4)],
        jobs: FOUR_THREADS,
        main_secs: 0.0,
        rounded: false,
        expected: &[],
    };
    let a = run_cpu_case_with(&CASE, false).trace().to_json();
    let b = run_cpu_case_with(&CASE, false).trace().to_json();
    assert_eq!(a, b, "the same input must give the same trace");
    assert!(!a.contains("Gil"), "a free-threaded run has no GIL events");
    let with_gil = run_cpu_case_with(&CASE, true).trace().to_json();
    assert!(with_gil.contains("GilWait"), "the GIL run takes turns");
}

#[test]
fn the_gil_setting_changes_nothing_when_code_is_free() {
    // Without `cpu_speed` (what the oracle checks) there is no GIL to switch off.
    let run = |gil: bool| {
        let mut sim: Sim<TestValue> = Sim::new(Config {
            gil,
            ..Config::default()
        });
        let body = Script::new(
            "<module>",
            vec![Op::Compute(1_000_000), Op::Block(0.5), Op::Print("done")],
        );
        let r = sim.run_program(Box::new(body));
        ok(&r);
        sim.trace().to_json()
    };
    assert_eq!(run(true), run(false));
}

#[test]
fn cpu_work_in_a_task_holds_the_loop() {
    let cfg = Config {
        cpu_speed: Some(1_000_000.0),
        ..Config::default()
    };
    let sleeper = task("sleeper", vec![Op::Sleep(0.5), Op::Print("sleeper woke")]);
    let cruncher = task(
        "cruncher",
        vec![Op::Compute(1_000_000), Op::Print("crunched")],
    );
    let (sim, r) = run_with(
        cfg,
        &SharedRegs::default(),
        vec![
            Op::Spawn(sleeper),
            Op::Spawn(cruncher),
            Op::AwaitTask(0),
            Op::AwaitTask(1),
        ],
    );
    ok(&r);
    check(&sim, &["1 crunched", "1 sleeper woke"]);
}

/// A thread blocked on a waiter with `block_deadline` resumes at the
/// deadline with the future not done, or earlier with its outcome when
/// another thread completes it first.
#[test]
fn a_block_with_a_deadline_ends_at_the_deadline_or_when_woken() {
    for (deadline, expected) in [
        (0.5, ["0.5 main resumed", "0.5 not done", "1 set"]),
        (2.0, ["1 set", "1 main resumed", "1 done"]),
    ] {
        let body = Script::new(
            "<module>",
            vec![
                Op::Do(Box::new(|s, r| {
                    let f = s.thread_waiter("threading.Event.wait()");
                    r.borrow_mut().futs.push(f);
                    let setter = Box::new(Script::new(
                        "setter",
                        vec![
                            Op::Block(1.0),
                            Op::Do(Box::new(move |s, _| {
                                s.set_result(f, TestValue::None).unwrap_or(());
                            })),
                            Op::Print("set"),
                        ],
                    ));
                    s.thread_start(setter, None);
                })),
                Op::BlockOn(Box::new(move |s, r| {
                    s.block_deadline(deadline);
                    r.borrow().futs[0]
                })),
                Op::Print("main resumed"),
                Op::Do(Box::new(|s, r| {
                    let f = r.borrow().futs[0];
                    s.print(if s.done(f) { "done\n" } else { "not done\n" });
                })),
            ],
        );
        let mut sim: Sim<TestValue> = Sim::new(Config::default());
        let r = sim.run_program(Box::new(body));
        ok(&r);
        check(&sim, &expected);
    }
}

/// A `threading.Lock` released goes to the first thread still waiting: one
/// whose wait timed out (and cancelled its future) is passed by.
#[test]
fn a_released_lock_passes_by_a_waiter_that_timed_out() {
    let regs = SharedRegs::default();
    let inner = regs.clone();
    let body = Script::shared(
        "<module>",
        vec![
            Op::Do(Box::new(move |s, r| {
                let l = s.thread_lock_new();
                let _ = s.thread_lock_acquire(l);
                r.borrow_mut().ids.push(l.0);
                let impatient = Script::shared(
                    "impatient",
                    vec![
                        Op::BlockOn(Box::new(|s, r| {
                            let l = crate::ThreadLockId(r.borrow().ids[0]);
                            let f = s.thread_lock_acquire(l).unwrap_or(crate::FutureId(0));
                            r.borrow_mut().futs.push(f);
                            s.block_deadline(0.5);
                            f
                        })),
                        Op::Do(Box::new(|s, r| {
                            let f = r.borrow().futs[0];
                            if !s.done(f) {
                                let _ = s.try_cancel(f, None);
                            }
                        })),
                        Op::Print("impatient gave up"),
                    ],
                    &inner,
                );
                s.thread_start(Box::new(impatient), None);
                s.thread_start(lock_worker("patient", &inner), None);
            })),
            Op::Block(1.0),
            Op::Do(Box::new(|s, r| {
                s.thread_lock_release(crate::ThreadLockId(r.borrow().ids[0]))
                    .unwrap_or(())
            })),
            Op::Print("released"),
        ],
        &regs,
    );
    let mut sim: Sim<TestValue> = Sim::new(Config::default());
    let r = sim.run_program(Box::new(body));
    ok(&r);
    check(&sim, &["0.5 impatient gave up", "1 released", "1 patient"]);
}
