//! The event loop as an object the program holds between runs
//! (`new_event_loop`, `get_event_loop`, `set_event_loop`), its life-cycle
//! methods (`run_until_complete`, `run_forever`, `stop`, `close`,
//! `is_closed`), and `asyncio.Runner`, as CPython 3.12's `base_events.py`,
//! `events.py` and `runners.py` behave.  The model runs the loop
//! ([`loopscope_sim::LoopCall`]); this side keeps what only Python sees.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::{LoopCall, Sim, Step};

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{CallOut, Runner};

/// The fewest loop objects held before those of closed loops are dropped.
const PRUNE_MIN: usize = 64;

/// What the host remembers about event loops (one per run of a program).
#[derive(Default)]
pub struct AioState {
    /// The object of each loop handed out, so that `get_running_loop() is
    /// loop` holds (those of closed loops are dropped now and then).
    loops: std::collections::HashMap<u32, Value>,
    /// How many loop objects may be held before those of closed loops are
    /// dropped again: twice what was left after the last drop, so that a
    /// program making loops it never closes costs each new loop O(1), not a
    /// pass over every loop it ever made.
    prune_at: usize,
    /// The policy's loop (`set_event_loop`), and whether it was ever set:
    /// once set, `get_event_loop()` no longer makes a loop of its own.
    policy_loop: Option<Value>,
    set_called: bool,
    /// The loop's exception handler (`set_exception_handler`), per generation.
    pub handler: Option<(u32, Value)>,
    /// The loop's task factory (`set_task_factory`), per generation.
    pub factory: Option<(u32, Value)>,
}

/// Where an `asyncio.Runner` is (`runners._State`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunnerState {
    /// Made, no loop yet; `true` when its loop becomes the policy's (no
    /// `loop_factory` given).
    Created(bool),
    /// Its loop is open (the loop's generation, and whether it is the policy's).
    Initialized(u32, bool),
    /// Closed: it cannot run again.
    Closed,
}

fn closed_err<T>() -> PyResult<T> {
    err(ExcClass::RuntimeError, "Event loop is closed")
}

impl Runner {
    /// The object of the loop of generation `gen` (the same object each time).
    pub(crate) fn loop_value(&self, sim: &Sim<Value>, gen: u32) -> Value {
        let mut st = self.interp.aio.borrow_mut();
        if let Some(v) = st.loops.get(&gen) {
            return v.clone();
        }
        // Bounded: a program making loops one after another keeps only
        // the objects of those still open (and of the current one).
        if st.loops.len() >= st.prune_at.max(PRUNE_MIN) {
            st.loops
                .retain(|g, _| !sim.loop_closed(*g) || *g == sim.loop_gen());
            st.prune_at = 2 * st.loops.len();
        }
        let v = Value::Obj(Rc::new(Obj::Loop(gen)));
        st.loops.insert(gen, v.clone());
        v
    }

    /// Whether the code running now runs in the running loop's thread
    /// (`events._get_running_loop()` is thread-local).
    pub(crate) fn in_running_loop(&self, sim: &Sim<Value>) -> bool {
        sim.loop_running() && sim.current_thread().0 == 0
    }

    /// `asyncio.new_event_loop()`.
    fn new_loop(&self, sim: &mut Sim<Value>) -> Value {
        let gen = sim.loop_new();
        self.loop_value(sim, gen)
    }

    /// The loop functions of the `asyncio` module; `None` for other names.
    pub(crate) fn loop_library(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        a: &mut Args,
    ) -> Option<PyResult<CallOut>> {
        let out = match name {
            "asyncio.get_running_loop" => {
                if !self.in_running_loop(sim) {
                    return Some(err(ExcClass::RuntimeError, "no running event loop"));
                }
                self.loop_value(sim, sim.loop_gen())
            }
            "asyncio.new_event_loop" => self.new_loop(sim),
            "asyncio.set_event_loop" => {
                let l = a.get(0, "loop").unwrap_or(Value::None);
                if !matches!(&l, Value::None)
                    && !matches!(&l, Value::Obj(o) if matches!(**o, Obj::Loop(_)))
                {
                    return Some(err(
                        ExcClass::TypeError,
                        format!(
                            "loop must be an instance of AbstractEventLoop or None, not '{}'",
                            l.type_name()
                        ),
                    ));
                }
                let mut st = self.interp.aio.borrow_mut();
                st.set_called = true;
                st.policy_loop = Some(l).filter(|l| !matches!(l, Value::None));
                Value::None
            }
            "asyncio.get_event_loop" => match self.current_event_loop(sim) {
                Ok(l) => l,
                Err(e) => return Some(Err(e)),
            },
            "asyncio.get_event_loop_policy" | "asyncio.DefaultEventLoopPolicy" => {
                Value::Obj(Rc::new(Obj::Policy))
            }
            "asyncio.set_event_loop_policy" => {
                let p = a.get(0, "policy").unwrap_or(Value::None);
                let ok = matches!(&p, Value::None)
                    || matches!(&p, Value::Obj(o) if matches!(**o, Obj::Policy));
                if !ok {
                    return Some(err(
                        ExcClass::TypeError,
                        format!(
                            "policy must be an instance of AbstractEventLoopPolicy or None, not '{}'",
                            p.type_name()
                        ),
                    ));
                }
                Value::None
            }
            "asyncio.Runner" => {
                a.take_kw("debug");
                let set_loop = match a.take_kw("loop_factory") {
                    None | Some(Value::None) => true,
                    // The model's loop is the only kind there is.
                    Some(Value::Builtin("asyncio.new_event_loop")) => false,
                    Some(_) => {
                        return Some(err(
                            ExcClass::TypeError,
                            "`Runner(loop_factory=...)` other than `asyncio.new_event_loop` is not supported yet",
                        ))
                    }
                };
                Value::Obj(Rc::new(Obj::AsyncRunner(RefCell::new(
                    RunnerState::Created(set_loop),
                ))))
            }
            _ => return None,
        };
        Some(Ok(CallOut::Value(out)))
    }

    /// `asyncio.get_event_loop()` (3.12): the running loop, else the
    /// policy's loop of this thread; on the main thread, when none was ever
    /// set, a new one with a `DeprecationWarning`.
    pub(crate) fn current_event_loop(&mut self, sim: &mut Sim<Value>) -> PyResult {
        if self.in_running_loop(sim) {
            return Ok(self.loop_value(sim, sim.loop_gen()));
        }
        let th = sim.current_thread();
        let (set, called) = {
            let st = self.interp.aio.borrow();
            (st.policy_loop.clone(), st.set_called)
        };
        // The policy's loop is per thread, and only the main thread sets one.
        match set.filter(|_| th.0 == 0) {
            Some(l) => Ok(l),
            None if called || th.0 != 0 => {
                let tname = sim.thread_name(th);
                err(
                    ExcClass::RuntimeError,
                    format!("There is no current event loop in thread '{tname}'."),
                )
            }
            None => {
                // 3.12 still makes one, with a warning on stderr.
                let line = sim.span().line;
                let text = self.source_line(line);
                sim.eprint(&format!(
                    "main.py:{line}: DeprecationWarning: There is no current event loop\n  {text}\n"
                ));
                let l = self.new_loop(sim);
                let mut st = self.interp.aio.borrow_mut();
                st.set_called = true;
                st.policy_loop = Some(l.clone());
                Ok(l)
            }
        }
    }

    /// `ensure_future(coro)` (and `gather`'s wrapping): a task on the
    /// running loop, or on `get_event_loop()`'s loop when none runs.
    pub(crate) fn spawn_any(
        &mut self,
        sim: &mut Sim<Value>,
        coro: &Value,
        name: Option<String>,
    ) -> PyResult<loopscope_sim::FutureId> {
        let gen = if self.in_running_loop(sim) {
            sim.loop_gen()
        } else {
            match self.current_event_loop(sim)? {
                Value::Obj(o) => match &*o {
                    Obj::Loop(g) => *g,
                    _ => sim.loop_gen(),
                },
                _ => sim.loop_gen(),
            }
        };
        match self.loop_create_task(sim, gen, coro, name)? {
            Value::Future(id) => Ok(id),
            other => err(
                ExcClass::TypeError,
                format!(
                    "the task factory returned {}, not a task",
                    other.type_name()
                ),
            ),
        }
    }

    /// The text of source line `line`, trimmed (for warnings).
    fn source_line(&self, line: u32) -> String {
        self.interp.program.lines.line_text(line).trim().to_string()
    }

    /// Notes that `asyncio.run` is starting: like `Runner`, it sets its loop
    /// as the policy's and unsets it at the end, so that `get_event_loop()`
    /// afterwards raises instead of making a loop.
    pub(crate) fn note_asyncio_run(&self) {
        let mut st = self.interp.aio.borrow_mut();
        st.set_called = true;
        st.policy_loop = None;
    }

    /// The life-cycle methods of the loop of generation `gen`; `None` for
    /// the others (scheduling, executors), which check [`Runner::loop_open`].
    pub(crate) fn loop_life_method(
        &mut self,
        sim: &mut Sim<Value>,
        gen: u32,
        name: &str,
        a: &mut Args,
    ) -> Option<PyResult<CallOut>> {
        let running = sim.loop_running() && gen == sim.loop_gen();
        let out = match name {
            "is_closed" => Value::Bool(sim.loop_closed(gen)),
            "is_running" => Value::Bool(running),
            "get_debug" => Value::Bool(false),
            "set_debug" => Value::None,
            "stop" => {
                if gen == sim.loop_gen() {
                    sim.loop_stop();
                }
                Value::None
            }
            "close" => {
                if let Err(e) = sim.loop_close(gen) {
                    return Some(Err(e));
                }
                let mut st = self.interp.aio.borrow_mut();
                st.handler = None;
                st.factory = None;
                Value::None
            }
            "run_until_complete" | "run_forever" => {
                if sim.loop_closed(gen) {
                    return Some(closed_err());
                }
                if sim.loop_running() {
                    return Some(err(
                        ExcClass::RuntimeError,
                        "This event loop is already running",
                    ));
                }
                sim.loop_use(gen);
                if name == "run_forever" {
                    return Some(Ok(CallOut::Suspend(Step::Loop(LoopCall::Forever))));
                }
                let f = a.get(0, "future").unwrap_or(Value::None);
                let fut = match &f {
                    Value::Future(id) => *id,
                    Value::Coro(_) => match self.loop_create_task(sim, gen, &f, None) {
                        Ok(Value::Future(id)) => id,
                        Ok(other) => {
                            return Some(err(
                                ExcClass::TypeError,
                                format!(
                                    "the task factory returned {}, not a task",
                                    other.type_name()
                                ),
                            ))
                        }
                        Err(e) => return Some(Err(e)),
                    },
                    _ => {
                        return Some(err(
                            ExcClass::TypeError,
                            "An asyncio.Future, a coroutine or an awaitable is required",
                        ))
                    }
                };
                return Some(Ok(CallOut::Suspend(Step::Loop(LoopCall::UntilComplete(
                    fut,
                )))));
            }
            "set_task_factory" => {
                let f = a.get(0, "factory").unwrap_or(Value::None);
                let callable = matches!(f, Value::Func(_) | Value::Builtin(_) | Value::Method(_))
                    || matches!(&f, Value::Obj(o) if matches!(**o, Obj::Partial(..)));
                if !matches!(f, Value::None) && !callable {
                    return Some(err(
                        ExcClass::TypeError,
                        "task factory must be a callable or None",
                    ));
                }
                self.interp.aio.borrow_mut().factory =
                    Some((gen, f.clone())).filter(|(_, f)| !matches!(f, Value::None));
                self.install_factory_hook(sim, gen, f);
                Value::None
            }
            "get_task_factory" => self.task_factory(gen).unwrap_or(Value::None),
            "shutdown_asyncgens" | "shutdown_default_executor" => {
                // Nothing to shut down outside `asyncio.run` that the program
                // could observe: both finish at once.
                return Some(Ok(CallOut::Value(self.ready(Ok(Value::None)))));
            }
            _ => return None,
        };
        Some(Ok(CallOut::Value(out)))
    }

    /// Raises `RuntimeError: Event loop is closed` for a closed loop
    /// (`BaseEventLoop._check_closed`, called by every scheduling method).
    pub(crate) fn loop_open(&self, sim: &Sim<Value>, gen: u32) -> PyResult<()> {
        if sim.loop_closed(gen) {
            return closed_err();
        }
        Ok(())
    }

    /// `loop.create_task(coro, name=...)`: through the task factory if one
    /// is set (called as `factory(loop, coro)`, then named), else a task.
    pub(crate) fn loop_create_task(
        &mut self,
        sim: &mut Sim<Value>,
        gen: u32,
        coro: &Value,
        name: Option<String>,
    ) -> PyResult {
        self.loop_open(sim, gen)?;
        if !sim.loop_running() {
            // Queued on the loop's deque, which becomes the model's.
            sim.loop_use(gen);
        }
        let factory = self.task_factory(gen);
        if let Some(Value::Builtin("asyncio.eager_task_factory")) = factory {
            let id = self.spawn_with(
                sim,
                coro,
                name,
                crate::runtime::library::asyncio::SpawnMode::Eager,
            )?;
            return Ok(Value::Future(id));
        }
        if let Some(f) = factory {
            let lp = self.loop_value(sim, gen);
            let t = self.call_sync_kw(sim, &f, vec![lp, coro.clone()], vec![])?;
            if let (Some(n), Value::Future(id)) = (name, &t) {
                if let Some(task) = sim.future_task(*id) {
                    sim.set_task_name(task, n);
                }
            }
            return Ok(t);
        }
        Ok(Value::Future(self.spawn_on_loop(sim, coro, name)?))
    }

    /// Lets the model make its own tasks (`asyncio.run`'s shutdown) through
    /// the program's factory `f`, as `loop.create_task` does in CPython;
    /// `eager_task_factory` and `None` leave them to the model.
    fn install_factory_hook(&mut self, sim: &mut Sim<Value>, gen: u32, f: Value) {
        if matches!(
            f,
            Value::None | Value::Builtin("asyncio.eager_task_factory")
        ) {
            sim.set_task_factory_hook(None);
            return;
        }
        let interp = self.interp.clone();
        let lp = self.loop_value(sim, gen);
        sim.set_task_factory_hook(Some(Box::new(move |_sim, coro| {
            let qualname = if coro.name().contains("asyncgens") {
                "BaseEventLoop.shutdown_asyncgens"
            } else {
                "BaseEventLoop.shutdown_default_executor"
            };
            let c = crate::runtime::objects::CoroObj::new_value(
                crate::runtime::objects::Qualname::Static(qualname),
                interp.fresh_id(),
                crate::runtime::objects::CoroBody::Native(coro),
            );
            Box::new(Runner::call(
                interp.clone(),
                f.clone(),
                vec![lp.clone(), c],
                Vec::new(),
            ))
        })));
    }

    /// The task factory the program set on the loop of generation `gen`.
    pub(crate) fn task_factory(&self, gen: u32) -> Option<Value> {
        self.interp
            .aio
            .borrow()
            .factory
            .as_ref()
            .filter(|(g, _)| *g == gen)
            .map(|(_, f)| f.clone())
    }

    /// The methods of the event loop policy: the module's functions.
    pub(crate) fn policy_method(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let func = match name {
            "get_event_loop" => "asyncio.get_event_loop",
            "set_event_loop" => "asyncio.set_event_loop",
            "new_event_loop" => "asyncio.new_event_loop",
            _ => {
                return err(
                    ExcClass::AttributeError,
                    format!("'_UnixDefaultEventLoopPolicy' object has no attribute '{name}'"),
                )
            }
        };
        match self.loop_library(sim, func, &mut a) {
            Some(out) => out,
            None => err(ExcClass::AttributeError, name.to_string()),
        }
    }

    /// The methods of an `asyncio.Runner`.
    pub(crate) fn runner_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: &Value,
        state: &RefCell<RunnerState>,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let lazy_init = |this: &mut Runner, sim: &mut Sim<Value>| -> PyResult<u32> {
            let set_loop = match *state.borrow() {
                RunnerState::Closed => return err(ExcClass::RuntimeError, "Runner is closed"),
                RunnerState::Initialized(g, _) => return Ok(g),
                RunnerState::Created(set_loop) => set_loop,
            };
            let l = this.new_loop(sim);
            if set_loop {
                let mut st = this.interp.aio.borrow_mut();
                st.set_called = true;
                st.policy_loop = Some(l);
            }
            let g = sim.loop_gen();
            *state.borrow_mut() = RunnerState::Initialized(g, set_loop);
            Ok(g)
        };
        match name {
            "__enter__" => {
                lazy_init(self, sim)?;
                Ok(CallOut::Value(recv.clone()))
            }
            "get_loop" => {
                let g = lazy_init(self, sim)?;
                Ok(CallOut::Value(self.loop_value(sim, g)))
            }
            "run" => {
                let coro = a.get(0, "coro").unwrap_or(Value::None);
                a.take_kw("context");
                if !matches!(coro, Value::Coro(_)) {
                    return err(
                        ExcClass::ValueError,
                        format!("a coroutine was expected, got {}", self.repr(sim, &coro)),
                    );
                }
                if sim.loop_running() {
                    return err(
                        ExcClass::RuntimeError,
                        "Runner.run() cannot be called from a running event loop",
                    );
                }
                let g = lazy_init(self, sim)?;
                sim.loop_use(g);
                let t = self.loop_create_task(sim, g, &coro, None)?;
                let Value::Future(f) = t else {
                    return err(
                        ExcClass::TypeError,
                        "the task factory did not return a task",
                    );
                };
                Ok(CallOut::Suspend(Step::Loop(LoopCall::UntilComplete(f))))
            }
            "close" | "__exit__" => {
                let (g, set_loop) = match *state.borrow() {
                    RunnerState::Initialized(g, set_loop) => (g, set_loop),
                    _ => return Ok(CallOut::Value(Value::None)),
                };
                if sim.loop_running() && !sim.loop_closed(g) {
                    // CPython's `close()` fails in its `finally` (`loop.close()`
                    // of the running loop) and the runner stays as it was.
                    return err(ExcClass::RuntimeError, "Cannot close a running event loop");
                }
                *state.borrow_mut() = RunnerState::Closed;
                if set_loop {
                    self.interp.aio.borrow_mut().policy_loop = None;
                }
                if sim.loop_closed(g) {
                    return Ok(CallOut::Value(Value::None));
                }
                sim.loop_use(g);
                Ok(CallOut::Suspend(Step::Loop(LoopCall::Shutdown)))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("'Runner' object has no attribute '{name}'"),
            ),
        }
    }
}
