//! The loop's own reports on stderr: callbacks, tasks and threads that raised.

use super::{cb, ok, run_with, task};
use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Coroutine, Sent, Sim, Step};

/// A script that tells where it is defined and shows its call with an argument, as the Python layer does.
struct Located {
    script: Script,
    at: &'static str,
}

impl Coroutine<TestValue> for Located {
    fn resume(&mut self, sim: &mut Sim<TestValue>, sent: Sent<TestValue>) -> Step<TestValue> {
        self.script.resume(sim, sent)
    }
    fn name(&self) -> String {
        self.script.name()
    }
    fn defined_at(&self) -> Option<String> {
        Some(self.at.to_string())
    }
    fn call_repr(&self, _: &Sim<TestValue>, extra: Option<&TestValue>) -> Option<String> {
        let mut args = vec!["1".to_string()];
        args.extend(extra.map(crate::Value::describe));
        Some(format!("{}({})", self.script.name(), args.join(", ")))
    }
}

fn located(name: &str, ops: Vec<Op>, at: &'static str) -> Box<Located> {
    Box::new(Located {
        script: Script::new(name, ops),
        at,
    })
}

fn raising() -> Vec<Op> {
    vec![Op::Raise("ValueError", "boom")]
}

/// Everything printed to stderr, concatenated.
fn stderr(sim: &Sim<TestValue>) -> String {
    sim.trace()
        .events
        .iter()
        .filter_map(|e| match e.kind {
            crate::EventKind::Print { text, stderr: true } => Some(sim.trace().str(text)),
            _ => None,
        })
        .collect()
}

#[test]
fn reports_name_the_callback_handle_and_task_as_cpython_does() {
    // (what the case shows, the ops of `main`, the expected stderr); the
    // main thread's join future is #0 and the main task's future #1, so a new future is #2.
    let cases: Vec<(&str, Vec<Op>, &str)> = vec![
        (
            "call_soon callback without host hooks: name() and a plain Handle",
            vec![
                Op::Do(Box::new(|s, _| {
                    s.call_soon(Box::new(Script::new("bad", raising())));
                })),
                Op::Sleep(0.0),
            ],
            "Exception in callback bad()\nhandle: <Handle bad()>\nValueError('boom')\n",
        ),
        (
            "call_soon callback whose host gives its arguments and definition line",
            vec![
                Op::Do(Box::new(|s, _| {
                    s.call_soon(located("bad", raising(), "main.py:4"));
                })),
                Op::Sleep(0.0),
            ],
            "Exception in callback bad(1) at main.py:4\nhandle: <Handle bad(1) at main.py:4>\nValueError('boom')\n",
        ),
        (
            "call_later callback: a TimerHandle with its deadline as Python prints floats",
            vec![
                Op::Do(Box::new(|s, _| {
                    s.call_later(0.25, located("later", raising(), "main.py:9"));
                    s.call_later(1.0, cb("whole second"));
                })),
                Op::Sleep(2.0),
            ],
            "Exception in callback later(1) at main.py:9\nhandle: <TimerHandle when=0.25 later(1) at main.py:9>\nValueError('boom')\n",
        ),
        (
            "done-callback: the future is the last argument",
            vec![
                Op::Do(Box::new(|s, r| {
                    let f = s.create_future();
                    s.add_done_callback(f, 7, located("on_done", raising(), "main.py:2"));
                    let _ = s.set_result(f, TestValue::Int(5));
                    r.borrow_mut().futs.push(f);
                })),
                Op::Sleep(0.0),
            ],
            "Exception in callback on_done(1, <Future #1>) at main.py:2\nhandle: <Handle on_done(1, <Future #1>) at main.py:2>\nValueError('boom')\n",
        ),
        (
            "task never retrieved: the finished coroutine with its definition line",
            vec![
                Op::Do(Box::new(|s, _| {
                    let _ = s.create_task(located("fails", raising(), "main.py:4"), None);
                })),
                Op::Sleep(0.5),
            ],
            "Task exception was never retrieved\nfuture: <Task finished name='Task-2' coro=<fails() done, defined at main.py:4> exception=ValueError('boom')>\nValueError('boom')\n",
        ),
        (
            "task never retrieved without host hooks",
            vec![Op::Spawn(task("fails", raising())), Op::Sleep(0.5)],
            "Task exception was never retrieved\nfuture: <Task finished name='Task-2' coro=<fails()> exception=ValueError('boom')>\nValueError('boom')\n",
        ),
        (
            "thread whose target raised",
            vec![
                Op::Do(Box::new(|s, r| {
                    let th = s.thread_start(Box::new(Script::new("worker", raising())), None);
                    r.borrow_mut().ids.push(th.0);
                })),
                Op::BlockOn(Box::new(|s, r| s.thread_join(crate::ThreadId(r.borrow().ids[0])))),
            ],
            "Exception in thread Thread-1 (worker):\nValueError('boom')\n",
        ),
    ];
    for (why, ops, want) in cases {
        let (sim, r) = run_with(crate::Config::default(), &SharedRegs::default(), ops);
        ok(&r);
        assert_eq!(stderr(&sim), want, "{why}");
    }
}

#[test]
fn floats_in_reports_print_as_python_repr_does() {
    for (x, want) in [
        (0.25, "0.25"),
        (1.0, "1.0"),
        (0.0, "0.0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "1e-05"),
        (0.0001, "0.0001"),
        (1e16, "1e+16"),
        (123456.789, "123456.789"),
        (2.5e-7, "2.5e-07"),
    ] {
        assert_eq!(crate::event_loop::py_float_repr(x), want, "{x}");
    }
}

/// A handler factory whose handler prints what it received, or raises when `fails`.
fn handler(fails: bool) -> crate::HandlerFactory<TestValue> {
    Box::new(move |_sim, report| {
        let about = match report.about {
            crate::ReportAbout::Handle(_) => "handle",
            crate::ReportAbout::Future(_) => "future",
            crate::ReportAbout::Task(_) => "task",
            crate::ReportAbout::Nothing => "-",
        };
        let line = format!(
            "handler: {} | {} | {about}\n",
            report.message,
            crate::Value::describe(&report.exception)
        );
        let mut ops = vec![Op::Do(Box::new(move |s, _| s.print(&line)))];
        if fails {
            ops.push(Op::Raise("RuntimeError", "handler failed"));
        }
        Box::new(Script::new("handler", ops))
    })
}

#[test]
fn a_custom_exception_handler_receives_the_reports() {
    // (what the case shows, main's ops, stdout, what stderr must contain)
    type Case = (
        &'static str,
        fn() -> Vec<Op>,
        &'static [&'static str],
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "a callback that raises goes to the handler with its handle, not to stderr",
            || {
                vec![
                    Op::Do(Box::new(|s, _| {
                        s.set_exception_handler(Some(handler(false)));
                        s.call_soon(located("cb", raising(), "main.py:3"));
                    })),
                    Op::Sleep(1.0),
                ]
            },
            &["0 handler: Exception in callback cb(1) at main.py:3 | ValueError('boom') | handle"],
            "",
        ),
        (
            "a task failing during shutdown is reported with the task",
            || {
                vec![
                    Op::Do(Box::new(|s, _| s.set_exception_handler(Some(handler(false))))),
                    Op::Spawn(task(
                        "stubborn",
                        vec![
                            Op::Catch,
                            Op::Sleep(5.0),
                            Op::Raise("RuntimeError", "refused"),
                        ],
                    )),
                    Op::Sleep(1.0),
                ]
            },
            &["1 handler: unhandled exception during asyncio.run() shutdown | RuntimeError('refused') | task"],
            "",
        ),
        (
            "a handler that raises falls back to the default handler",
            || {
                vec![
                    Op::Do(Box::new(|s, _| {
                        s.set_exception_handler(Some(handler(true)));
                        s.call_soon(cb("plain"));
                        s.call_soon(located("cb", raising(), "main.py:3"));
                    })),
                    Op::Sleep(1.0),
                ]
            },
            &[
                "0 plain",
                "0 handler: Exception in callback cb(1) at main.py:3 | ValueError('boom') | handle",
            ],
            "Unhandled error in exception handler\ncontext: {'message': 'Exception in callback cb(1) at main.py:3'}\nRuntimeError('handler failed')",
        ),
        (
            "setting None restores the default handler",
            || {
                vec![
                    Op::Do(Box::new(|s, _| {
                        s.set_exception_handler(Some(handler(false)));
                        s.set_exception_handler(None);
                        s.call_soon(located("cb", raising(), "main.py:3"));
                    })),
                    Op::Sleep(1.0),
                ]
            },
            &[],
            "Exception in callback cb(1) at main.py:3\nhandle: <Handle cb(1) at main.py:3>",
        ),
    ];
    for (name, ops, stdout, err) in cases {
        let (sim, r) = run_with(Default::default(), &SharedRegs::default(), ops());
        ok(&r);
        let got: Vec<String> = sim
            .console()
            .into_iter()
            .map(|(t, s)| format!("{t} {s}"))
            .collect();
        assert_eq!(got, stdout, "{name}");
        assert!(
            stderr(&sim).contains(err),
            "{name}: stderr {:?}",
            stderr(&sim)
        );
    }
}

#[test]
fn a_dropped_task_is_reported_right_after_the_step_that_fails() {
    // (what the case shows, whether main awaits the task, the time of the report)
    let cases: Vec<(&str, bool, Option<f64>)> = vec![
        (
            "nobody holds the task: reported when it fails",
            false,
            Some(1.0),
        ),
        (
            "an awaiting task holds it and retrieves the exception",
            true,
            None,
        ),
    ];
    for (name, awaited, report_at) in cases {
        let mut ops = vec![
            Op::Spawn(task(
                "fails",
                vec![Op::Sleep(1.0), Op::Raise("KeyError", "lost")],
            )),
            Op::Do(Box::new(|s, r| {
                let f = s.task_future(r.borrow().tasks[0]);
                s.release_when_done(f);
            })),
        ];
        if awaited {
            ops.extend([Op::Catch, Op::AwaitTask(0)]);
        }
        ops.push(Op::Sleep(2.0));
        let (sim, r) = run_with(Default::default(), &SharedRegs::default(), ops);
        ok(&r);
        let reports: Vec<f64> = sim
            .trace()
            .events
            .iter()
            .filter(|e| matches!(e.kind, crate::EventKind::Print { stderr: true, .. }))
            .map(|e| e.t)
            .collect();
        assert_eq!(reports, report_at.into_iter().collect::<Vec<_>>(), "{name}");
    }
}

/// A task factory hook that prints the coroutine's name and makes the task.
struct FactoryCall {
    coro: Option<Box<dyn Coroutine<TestValue>>>,
}

impl Coroutine<TestValue> for FactoryCall {
    fn resume(&mut self, sim: &mut Sim<TestValue>, _: Sent<TestValue>) -> Step<TestValue> {
        let Some(c) = self.coro.take() else {
            return Step::Raise(TestValue::exc("RuntimeError", "called twice"));
        };
        sim.print(&format!("factory for {}\n", c.name()));
        match sim.create_task(c, None) {
            Ok(t) => Step::Return(TestValue::Future(sim.task_future(t))),
            Err(e) => Step::Raise(e),
        }
    }
    fn name(&self) -> String {
        "factory".into()
    }
}

#[test]
fn the_shutdown_makes_its_tasks_through_the_program_factory() {
    let (sim, r) = run_with(
        Default::default(),
        &SharedRegs::default(),
        vec![Op::Do(Box::new(|s, _| {
            s.set_task_factory_hook(Some(Box::new(|_, coro| {
                Box::new(FactoryCall { coro: Some(coro) })
            })));
        }))],
    );
    ok(&r);
    let got: Vec<String> = sim.console().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        got,
        [
            "factory for shutdown_asyncgens",
            "factory for BaseEventLoop.shutdown_default_executor"
        ]
    );
}
