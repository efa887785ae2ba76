//! The library surface backed by the model: `asyncio`, `time`,
//! `concurrent.futures` and `threading` functions, and the methods of
//! futures, tasks, the loop, locks, queues, executors and threads.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::{
    Awaitable, Coroutine, ExecutorKind, FutureId, FuturePeek, QueueKind, ReturnWhen, Sim, Step,
};

use crate::front::names::ExcClass;
use crate::runtime::builtins::{iterate_simple, want_f64, Args};
use crate::runtime::exc::Exc;
use crate::runtime::library::members;
use crate::runtime::objects::{CoroBody, CoroObj, IterObj, Obj, Qualname, ThreadObj};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{make_exception, CallOut, Interp, Runner};

fn value(v: Value) -> PyResult<CallOut> {
    Ok(CallOut::Value(v))
}

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

fn lift<T>(r: Result<T, Value>) -> PyResult<T> {
    r
}

/// Whether a `PriorityQueue` item orders by a class's own `__lt__`, which
/// the model's queue, comparing without running Python, cannot call
/// (dataclasses with `order=True` compare natively).
fn user_ordered(item: &Value) -> bool {
    match item {
        Value::Instance(i) => {
            !i.class.dataclass().is_some_and(|d| d.order)
                && ["__lt__", "__gt__"]
                    .iter()
                    .any(|m| crate::runtime::instances::dunder(item, m).is_some())
        }
        _ => false,
    }
}

/// `repr(future)` / `repr(task)` as CPython 3.12 prints them, without the
/// parts that depend on paths or memory addresses (a task's own
/// done-callbacks): `<Task pending name='Task-2' coro=<worker() running at
/// main.py:5> wait_for=<Future pending cb=[Task.task_wakeup()]>>`.
pub fn future_repr(interp: &Interp, sim: &Sim<Value>, id: FutureId) -> String {
    future_repr_within(interp, sim, id, &RefCell::new(Vec::new()))
}

/// [`future_repr`] inside the reprs of `outer`: a future already being
/// shown prints as `...`, as `reprlib.recursive_repr` has CPython print it
/// (two tasks awaiting each other), and a chain of `wait_for=` is cut after
/// 100 levels rather than exhausting the stack.
fn future_repr_within(
    interp: &Interp,
    sim: &Sim<Value>,
    id: FutureId,
    outer: &RefCell<Vec<FutureId>>,
) -> String {
    if outer.borrow().contains(&id) || outer.borrow().len() >= 100 {
        return "...".into();
    }
    outer.borrow_mut().push(id);
    let text = future_repr_of(interp, sim, id, outer);
    outer.borrow_mut().pop();
    text
}

fn future_repr_of(
    interp: &Interp,
    sim: &Sim<Value>,
    id: FutureId,
    outer: &RefCell<Vec<FutureId>>,
) -> String {
    let inner = |v: &Value| v.repr_with(&|f| future_repr_within(interp, sim, f, outer));
    let (state, detail) = match sim.future_peek(id) {
        FuturePeek::Pending => ("pending", wakeups(sim, id)),
        FuturePeek::Result(v) => ("finished", format!(" result={}", inner(&v))),
        FuturePeek::Exception(e) => ("finished", format!(" exception={}", inner(&e))),
        FuturePeek::Cancelled(_) => ("cancelled", String::new()),
    };
    let Some(t) = sim.future_task(id) else {
        return format!("<Future {state}{detail}>");
    };
    let name = sim.task_name(t);
    let coro = sim.task_coro_name(t);
    let lines = interp
        .task_coros
        .borrow()
        .get(t.0 as usize)
        .and_then(|c| c.as_ref())
        .and_then(|c| c.try_borrow().ok().map(|c| (c.def_line, c.line)));
    let at = |line: u32| {
        if line > 0 {
            format!("main.py:{line}")
        } else {
            "main.py".to_string()
        }
    };
    if state != "pending" {
        let def = at(lines.map(|l| l.0).unwrap_or(0));
        return format!(
            "<Task {state} name='{name}' coro=<{coro}() done, defined at {def}>{detail}>"
        );
    }
    // A task asked to cancel shows as `cancelling` until it is done.
    let state = if sim.cancelling(t) > 0 {
        "cancelling"
    } else {
        "pending"
    };
    let running = at(lines.map(|l| l.1).unwrap_or(0));
    // The future the task is suspended on (`Task._fut_waiter`).
    let wait_for = match sim.task_waiting_on(t) {
        Some(w) => format!(" wait_for={}", future_repr_within(interp, sim, w, outer)),
        None => String::new(),
    };
    format!("<Task {state} name='{name}' coro=<{coro}() running at {running}>{wait_for}{detail}>")
}

/// The done-callbacks part of a pending future's repr, as far as the model
/// knows them: ` cb=[Task.task_wakeup()]` for each task suspended on it.
/// (Callbacks added with `add_done_callback` are not shown.)
fn wakeups(sim: &Sim<Value>, id: FutureId) -> String {
    let n = sim
        .all_tasks()
        .into_iter()
        .filter(|&t| sim.task_waiting_on(t) == Some(id))
        .count();
    if n == 0 {
        return String::new();
    }
    format!(" cb=[{}]", vec!["Task.task_wakeup()"; n].join(", "))
}

impl Runner {
    /// The model coroutine of `asyncio.sleep(delay)`, `queue.put(item)` or
    /// `queue.get()` when `recv.name(*args)` is one of those calls, else `None`.
    ///
    /// The interpreter awaits these at once when the call is the operand of
    /// `await`, so it needs neither the argument lists nor the coroutine
    /// object the general call path builds.  The object's id is still drawn,
    /// so later objects keep the ids (and reprs) the general path gives them.
    #[inline(never)]
    pub(crate) fn fused_library_await(
        &self,
        sim: &mut Sim<Value>,
        recv: &Value,
        name: &str,
        args: &[Value],
    ) -> Option<Box<dyn Coroutine<Value>>> {
        let c = match (recv, name, args) {
            (Value::Module("asyncio"), "sleep", [d @ (Value::Int(_) | Value::Float(_))]) => {
                sim.sleep(d.as_f64()?, Value::None)
            }
            (Value::Obj(o), "put" | "get", _) => match (&**o, name, args) {
                (Obj::Queue(_, "PriorityQueue"), "put", [item]) if user_ordered(item) => {
                    return None
                }
                (Obj::Queue(q, _), "put", [item]) => sim.queue_put(*q, item.clone()),
                (Obj::Queue(q, _), "get", []) => sim.queue_get(*q),
                _ => return None,
            },
            _ => return None,
        };
        self.interp.fresh_id();
        Some(c)
    }

    fn native(&self, name: &'static str, c: Box<dyn Coroutine<Value>>) -> Value {
        CoroObj::new_value(
            Qualname::Static(name),
            self.interp.fresh_id(),
            CoroBody::Native(c),
        )
    }

    pub(crate) fn ready(&self, r: Result<Value, Value>) -> Value {
        CoroObj::new_value(
            Qualname::Static("ready"),
            self.interp.fresh_id(),
            CoroBody::Ready(r),
        )
    }

    /// An awaitable made something the loop's machinery takes: a class's
    /// `__await__()` called, and an awaitable generator wrapped in a
    /// coroutine; other values as they are.
    fn as_coroutine(&mut self, sim: &mut Sim<Value>, v: Value) -> PyResult<Value> {
        let (v, from_dunder) = match &v {
            Value::Instance(_) => match self.call_dunder(sim, &v, "__await__", Vec::new()) {
                Some(r) => (r?, true),
                None => return Ok(v),
            },
            _ => (v, false),
        };
        Ok(match &v {
            Value::Gen(g) if crate::runtime::gen_await::awaitable(g, from_dunder) => {
                crate::runtime::gen_await::wrap(&self.interp, g.clone())
            }
            _ => v,
        })
    }

    /// Wraps an awaitable as a future: tasks and futures as they are,
    /// coroutines as new tasks (`ensure_future`).
    fn ensure_future(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<FutureId> {
        match v {
            Value::Future(id) => Ok(*id),
            Value::Coro(_) => self.spawn_any(sim, v, None),
            Value::Gen(g) if crate::runtime::gen_await::awaitable(g, false) => {
                let coro = crate::runtime::gen_await::wrap(&self.interp, g.clone());
                self.spawn_any(sim, &coro, None)
            }
            // An object whose class defines `__await__`.
            Value::Instance(_) => match self.call_dunder(sim, v, "__await__", Vec::new()) {
                Some(r) => match r? {
                    Value::Instance(_) => {
                        err(ExcClass::TypeError, "__await__() returned a non-iterator")
                    }
                    Value::Gen(g) if crate::runtime::gen_await::awaitable(&g, true) => {
                        let coro = crate::runtime::gen_await::wrap(&self.interp, g);
                        self.spawn_any(sim, &coro, None)
                    }
                    aw => self.ensure_future(sim, &aw),
                },
                None => err(
                    ExcClass::TypeError,
                    format!(
                        "An asyncio.Future, a coroutine or an awaitable is required, not {}",
                        v.type_name()
                    ),
                ),
            },
            other => err(
                ExcClass::TypeError,
                format!(
                    "An asyncio.Future, a coroutine or an awaitable is required, not {}",
                    other.type_name()
                ),
            ),
        }
    }

    fn check_task_limit(&self) -> PyResult<()> {
        let n = self.interp.tasks.get() + 1;
        if n > self.interp.limits.max_tasks {
            *self.interp.stop.borrow_mut() = Some(crate::runtime::limits::Limit::Tasks {
                limit: self.interp.limits.max_tasks,
            });
            return err(ExcClass::RuntimeError, "task limit reached");
        }
        self.interp.tasks.set(n);
        Ok(())
    }

    /// Stops the run once the threads made (`threading.Thread`s and the
    /// executors' workers, which are threads too) pass the limit.
    fn check_thread_limit(&self, sim: &Sim<Value>) -> PyResult<()> {
        if self.interp.threads.get() + sim.executor_workers() > self.interp.limits.max_threads {
            *self.interp.stop.borrow_mut() = Some(crate::runtime::limits::Limit::Threads {
                limit: self.interp.limits.max_threads,
            });
            return err(ExcClass::RuntimeError, "thread limit reached");
        }
        Ok(())
    }

    /// `asyncio.create_task(coro, name=...)` (also what `ensure_future` and
    /// `gather` do with a coroutine): `loop.create_task`, so through the
    /// loop's task factory when the program set one.
    fn spawn(
        &mut self,
        sim: &mut Sim<Value>,
        coro: &Value,
        name: Option<String>,
    ) -> PyResult<FutureId> {
        if sim.loop_running() && self.task_factory(sim.loop_gen()).is_some() {
            return match self.loop_create_task(sim, sim.loop_gen(), coro, name)? {
                Value::Future(id) => Ok(id),
                other => err(
                    ExcClass::TypeError,
                    format!(
                        "the task factory returned {}, not a task",
                        other.type_name()
                    ),
                ),
            };
        }
        self.spawn_with(sim, coro, name, SpawnMode::Running)
    }

    /// `loop.create_task(coro, name=...)`: also on an open loop that is not running.
    pub(crate) fn spawn_on_loop(
        &mut self,
        sim: &mut Sim<Value>,
        coro: &Value,
        name: Option<String>,
    ) -> PyResult<FutureId> {
        self.spawn_with(sim, coro, name, SpawnMode::OnLoop)
    }

    /// Makes a task of a coroutine object in the given way.
    pub(crate) fn spawn_with(
        &mut self,
        sim: &mut Sim<Value>,
        coro: &Value,
        name: Option<String>,
        mode: SpawnMode,
    ) -> PyResult<FutureId> {
        if !matches!(coro, Value::Coro(_)) {
            return err(
                ExcClass::TypeError,
                format!("a coroutine was expected, got {}", self.repr(sim, coro)),
            );
        }
        self.check_task_limit()?;
        let body = crate::runtime::library::contextvars::InContext::task(
            &self.interp,
            Runner::for_coro(self.interp.clone(), coro)?,
        );
        // Filed first: an eager task's first step runs inside the call below
        // and its repr needs the coroutine's lines.
        if let Value::Coro(c) = coro {
            *crate::runtime::vm::task_coro_slot(
                &mut self.interp.task_coros.borrow_mut(),
                sim.next_task_id().0,
            ) = Some(c.clone());
        }
        let t = match mode {
            SpawnMode::Running => sim.create_task(body, name)?,
            SpawnMode::OnLoop => sim.create_task_on_loop(body, name)?,
            SpawnMode::Eager => sim.create_eager_task(body, name)?,
        };
        Ok(sim.task_future(t))
    }

    pub(crate) fn job(
        &self,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Box<dyn Coroutine<Value>> {
        Box::new(Runner::call(self.interp.clone(), func, args, kwargs))
    }

    fn opt_f64(v: Option<Value>, func: &str) -> PyResult<Option<f64>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(v) => Ok(Some(want_f64(&v, func)?)),
        }
    }

    /// Calls a library function (`asyncio.*`, `time.*`, `threading.*`, …).
    pub fn call_library(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        a: Args,
    ) -> PyResult<CallOut> {
        let out = self.call_library_now(sim, name, a);
        self.check_model_halted(sim)?;
        out
    }

    /// Stops the program once the model has stopped the run (its event or
    /// virtual-time limit): the code running now would otherwise go on
    /// creating futures, tasks and handles that no event records, as fast
    /// as it can, until the operation limit, gigabytes later.
    fn check_model_halted(&self, sim: &Sim<Value>) -> PyResult<()> {
        let Some(kind) = sim.halted() else {
            return Ok(());
        };
        let limit = match kind {
            loopscope_sim::LimitKind::Events => crate::runtime::limits::Limit::Events {
                done: sim.events_emitted(),
                limit: sim.config().max_events,
            },
            loopscope_sim::LimitKind::VirtualTime => crate::runtime::limits::Limit::VirtualTime {
                limit: sim.config().max_virtual_time,
                reached: sim.now(),
            },
        };
        let text = limit.to_string();
        self.interp.stop.borrow_mut().get_or_insert(limit);
        err(ExcClass::RuntimeError, text)
    }

    fn call_library_now(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        if let Some(out) = self.loop_library(sim, name, &mut a) {
            return out;
        }
        if crate::runtime::library::threads::NAMES.contains(&name) {
            return self.call_threads(sim, name, a);
        }
        match name {
            "asyncio.run" => {
                let coro = a.get(0, "main").unwrap_or(Value::None);
                a.take_kw("debug");
                match a.take_kw("loop_factory") {
                    None | Some(Value::None) | Some(Value::Builtin("asyncio.new_event_loop")) => {}
                    Some(_) => {
                        return err(
                            ExcClass::TypeError,
                            "`asyncio.run(loop_factory=...)` other than `asyncio.new_event_loop` is not supported yet",
                        )
                    }
                }
                // Checked before the coroutine is touched, as in CPython: it
                // stays unstarted and can still be awaited.
                if sim.loop_running() {
                    return err(
                        ExcClass::RuntimeError,
                        "asyncio.run() cannot be called from a running event loop",
                    );
                }
                if !matches!(coro, Value::Coro(_)) {
                    return err(
                        ExcClass::ValueError,
                        format!("a coroutine was expected, got {}", self.repr(sim, &coro)),
                    );
                }
                self.check_task_limit()?;
                let body = crate::runtime::library::contextvars::InContext::task(
            &self.interp,
            Runner::for_coro(self.interp.clone(), &coro)?,
        );
                self.note_asyncio_run();
                Ok(CallOut::Suspend(Step::RunLoop(body)))
            }
            "asyncio.sleep" => {
                let d = want_f64(&a.get(0, "delay").unwrap_or(Value::None), "sleep")?;
                let result = a.get(1, "result").unwrap_or(Value::None);
                let c = sim.sleep(d, result);
                value(self.native("sleep", c))
            }
            "asyncio.create_task" | "asyncio.ensure_future" => {
                let coro = a.get(0, "coro").unwrap_or(Value::None);
                if name == "asyncio.ensure_future" {
                    if let Value::Future(_) = coro {
                        return value(coro);
                    }
                }
                let tname = match a.take_kw("name") {
                    Some(Value::None) | None => None,
                    Some(v) => Some(self.to_str(sim, &v)),
                };
                let ctx = a.take_kw("context");
                let id = if name == "asyncio.ensure_future" {
                    if !matches!(coro, Value::Coro(_)) {
                        return value(Value::Future(self.ensure_future(sim, &coro)?));
                    }
                    self.spawn_any(sim, &coro, tname)?
                } else {
                    // `context=`: the task runs in that context itself.
                    crate::runtime::library::contextvars::give_task_context(&self.interp, ctx)?;
                    let id = self.spawn(sim, &coro, tname);
                    self.interp.task_context.borrow_mut().take();
                    id?
                };
                value(Value::Future(id))
            }
            "asyncio.gather" => {
                let re = a
                    .take_kw("return_exceptions")
                    .map(|v| v.truthy())
                    .unwrap_or(false);
                a.no_more_kw("gather")?;
                let mut ids: Vec<FutureId> = Vec::new();
                let mut seen: std::collections::HashMap<usize, FutureId> =
                    std::collections::HashMap::new();
                for v in &a.pos {
                    // The same coroutine object twice shares one task, as in CPython.
                    let ident = v.identity();
                    if let Some(id) = seen.get(&ident).filter(|_| ident != 0) {
                        ids.push(*id);
                        continue;
                    }
                    let id = self.ensure_future(sim, v)?;
                    seen.insert(ident, id);
                    ids.push(id);
                }
                value(Value::Future(sim.gather(ids, re)))
            }
            "asyncio.wait_for" => {
                let aw = a.get(0, "fut").unwrap_or(Value::None);
                let t = Self::opt_f64(a.get(1, "timeout"), "wait_for")?;
                // 3.12's `wait_for` awaits what it is given: any awaitable.
                let aw = self.as_coroutine(sim, aw)?;
                let aw = match &aw {
                    Value::Future(id) => Awaitable::Future(*id),
                    // 3.12's `wait_for` is `async with timeout(t): return await
                    // coro`, run by the awaiting task: the interpreter runs it
                    // on the awaiting stack (see `Runner::descend_wait_for`), so
                    // a coroutine that awaits `wait_for` of itself costs frames
                    // and ends in `RecursionError`, not in native recursion.
                    Value::Coro(_) => {
                        return value(CoroObj::new_value(
                            Qualname::Static("wait_for"),
                            self.interp.fresh_id(),
                            CoroBody::WaitFor(Box::new((aw, t))),
                        ))
                    }
                    other => {
                        return err(
                            ExcClass::TypeError,
                            format!(
                            "An asyncio.Future, a coroutine or an awaitable is required, not {}",
                            other.type_name()
                        ),
                        )
                    }
                };
                let c = sim.wait_for(aw, t);
                value(self.native("wait_for", c))
            }
            "asyncio.wait" => {
                // `wait` is a coroutine function: a bad argument raises where
                // the coroutine is awaited, in CPython's order of checks.
                let checked = (|| -> PyResult<(Vec<FutureId>, Option<f64>, ReturnWhen)> {
                    let fs = a.get(0, "fs").unwrap_or(Value::None);
                    if matches!(fs, Value::Future(_) | Value::Coro(_)) {
                        return err(
                            ExcClass::TypeError,
                            format!(
                                "expect a list of futures, not {}",
                                match fs {
                                    Value::Future(id) if sim.future_task(id).is_some() => "Task",
                                    _ => fs.type_name(),
                                }
                            ),
                        );
                    }
                    let fs = iterate_simple(&fs)?;
                    if fs.is_empty() {
                        return err(ExcClass::ValueError, "Set of Tasks/Futures is empty.");
                    }
                    let rw = match a.get(2, "return_when") {
                        None => ReturnWhen::AllCompleted,
                        Some(Value::Str(s)) if &*s == "ALL_COMPLETED" => ReturnWhen::AllCompleted,
                        Some(Value::Str(s)) if &*s == "FIRST_COMPLETED" => {
                            ReturnWhen::FirstCompleted
                        }
                        Some(Value::Str(s)) if &*s == "FIRST_EXCEPTION" => {
                            ReturnWhen::FirstException
                        }
                        Some(v) => {
                            return err(
                                ExcClass::ValueError,
                                format!("Invalid return_when value: {}", v.to_str()),
                            )
                        }
                    };
                    let t = Self::opt_f64(a.get(1, "timeout"), "wait")?;
                    let mut ids = Vec::new();
                    for f in &fs {
                        match f {
                            Value::Future(id) => ids.push(*id),
                            Value::Coro(_) => {
                                return err(
                                    ExcClass::TypeError,
                                    "Passing coroutines is forbidden, use tasks explicitly.",
                                )
                            }
                            other => {
                                return err(
                                    ExcClass::TypeError,
                                    format!("expect a list of futures, not {}", other.type_name()),
                                )
                            }
                        }
                    }
                    Ok((ids, t, rw))
                })();
                match checked {
                    Ok((ids, t, rw)) => {
                        let c = sim.wait(ids, t, rw);
                        value(self.native("wait", c))
                    }
                    Err(e) => value(CoroObj::new_value(
                        Qualname::Static("wait"),
                        self.interp.fresh_id(),
                        CoroBody::Ready(Err(e)),
                    )),
                }
            }
            "asyncio.as_completed" => {
                let fs = iterate_simple(&a.get(0, "fs").unwrap_or(Value::None))?;
                let t = Self::opt_f64(a.get(1, "timeout"), "as_completed")?;
                let mut ids = Vec::new();
                for f in &fs {
                    ids.push(self.ensure_future(sim, f)?);
                }
                let coros = sim.as_completed(ids, t);
                let items = coros
                    .into_iter()
                    .map(|c| self.native("_wait_for_one", c))
                    .collect();
                value(Value::Iter(Rc::new(std::cell::RefCell::new(
                    IterObj::Coros(items),
                ))))
            }
            "asyncio.timeout" | "asyncio.timeout_at" => {
                let d = Self::opt_f64(a.get(0, "delay"), "timeout")?;
                let id = if name == "asyncio.timeout" {
                    sim.timeout(d)
                } else {
                    sim.timeout_at(d)
                };
                value(obj(Obj::Timeout(id)))
            }
            "asyncio.shield" => {
                let v = a.get(0, "arg").unwrap_or(Value::None);
                let id = self.ensure_future(sim, &v)?;
                value(Value::Future(sim.shield(id)))
            }
            "asyncio.current_task" | "asyncio.all_tasks" if !self.in_running_loop(sim) => {
                err(ExcClass::RuntimeError, "no running event loop")
            }
            "asyncio.run_coroutine_threadsafe" => {
                let coro = a.get(0, "coro").unwrap_or(Value::None);
                a.get(1, "loop");
                if !matches!(coro, Value::Coro(_)) {
                    return err(ExcClass::TypeError, "A coroutine object is required");
                }
                self.check_task_limit()?;
                let body = crate::runtime::library::contextvars::InContext::task(
            &self.interp,
            Runner::for_coro(self.interp.clone(), &coro)?,
        );
                let cf = lift(sim.run_coroutine_threadsafe(body))?;
                value(obj(Obj::ConcurrentFuture(cf)))
            }
            "asyncio.isfuture" => {
                value(Value::Bool(matches!(a.pos.first(), Some(Value::Future(_)))))
            }
            "asyncio.current_task" => value(
                sim.current_task()
                    .map(|t| Value::Future(sim.task_future(t)))
                    .unwrap_or(Value::None),
            ),
            "asyncio.all_tasks" => {
                let ts: Vec<Value> = sim
                    .all_tasks()
                    .into_iter()
                    .map(|t| Value::Future(sim.task_future(t)))
                    .collect();
                value(<Value as loopscope_sim::Value>::set(ts))
            }
            "asyncio.to_thread" => {
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        "to_thread() missing 1 required positional argument: 'func'",
                    );
                }
                let func = a.pos.remove(0);
                // `to_thread` runs the function in a copy of the current context.
                let job = crate::runtime::library::contextvars::InContext::callback(
                    &self.interp,
                    None,
                    self.job(func, a.pos, a.kw),
                )?;
                let c = sim.to_thread(job);
                value(self.native("to_thread", c))
            }
            "asyncio.iscoroutine" => {
                value(Value::Bool(matches!(a.pos.first(), Some(Value::Coro(_)))))
            }
            "asyncio.iscoroutinefunction" => value(Value::Bool(
                matches!(a.pos.first(), Some(Value::Func(f)) if f.code.is_async),
            )),
            "asyncio.Future" => value(Value::Future(sim.create_future())),
            "asyncio.Task" => {
                let coro = a.get(0, "coro").unwrap_or(Value::None);
                a.take_kw("loop");
                a.take_kw("context");
                let tname = match a.take_kw("name") {
                    Some(Value::None) | None => None,
                    Some(v) => Some(self.to_str(sim, &v)),
                };
                let eager = a.take_kw("eager_start").is_some_and(|v| v.truthy());
                let mode = if eager {
                    SpawnMode::Eager
                } else {
                    SpawnMode::OnLoop
                };
                let id = self.spawn_with(sim, &coro, tname, mode)?;
                value(Value::Future(id))
            }
            "asyncio.eager_task_factory" => {
                let coro = a.get(1, "coro").unwrap_or(Value::None);
                a.take_kw("context");
                let tname = match a.take_kw("name") {
                    Some(Value::None) | None => None,
                    Some(v) => Some(self.to_str(sim, &v)),
                };
                let id = self.spawn_with(sim, &coro, tname, SpawnMode::Eager)?;
                value(Value::Future(id))
            }
            "asyncio.create_eager_task_factory" => match a.get(0, "custom_task_constructor") {
                Some(Value::Builtin("asyncio.Task")) => {
                    value(Value::Builtin("asyncio.eager_task_factory"))
                }
                _ => err(
                    ExcClass::TypeError,
                    "`create_eager_task_factory` of anything but `asyncio.Task` is not supported yet",
                ),
            },
            "asyncio.wrap_future" => match a.pos.first().cloned() {
                Some(Value::Obj(o)) => match &*o {
                    Obj::ConcurrentFuture(f) => value(Value::Future(sim.wrap_future(*f))),
                    _ => err(ExcClass::TypeError, "concurrent.futures.Future is expected"),
                },
                Some(Value::Future(f)) => value(Value::Future(f)),
                _ => err(ExcClass::TypeError, "concurrent.futures.Future is expected"),
            },
            "asyncio.Lock" => value(obj(Obj::Lock(sim.lock_new()))),
            "asyncio.Barrier" => {
                let n = crate::runtime::builtins::want_int(&a.get(0, "parties").unwrap_or(Value::None), "")?;
                value(obj(Obj::Barrier(lift(sim.barrier_new(n))?)))
            }
            "asyncio.Event" => value(obj(Obj::Event(sim.event_new()))),
            "asyncio.Semaphore" | "asyncio.BoundedSemaphore" => {
                let n = a
                    .get(0, "value")
                    .map(|v| crate::runtime::builtins::want_int(&v, ""))
                    .transpose()?
                    .unwrap_or(1);
                let bounded = name == "asyncio.BoundedSemaphore";
                let id = lift(sim.semaphore_new(n, bounded))?;
                value(obj(Obj::Semaphore(id, bounded)))
            }
            "asyncio.Condition" => {
                let lock = match a.get(0, "lock") {
                    Some(Value::Obj(o)) => match &*o {
                        Obj::Lock(l) => Some(*l),
                        _ => return err(ExcClass::TypeError, "Condition() needs an asyncio.Lock"),
                    },
                    _ => None,
                };
                value(obj(Obj::Condition(sim.condition_new(lock))))
            }
            "asyncio.Queue" | "asyncio.LifoQueue" | "asyncio.PriorityQueue" => {
                let maxsize = a
                    .get(0, "maxsize")
                    .map(|v| crate::runtime::builtins::want_int(&v, ""))
                    .transpose()?
                    .unwrap_or(0);
                let (kind, tn) = match name {
                    "asyncio.Queue" => (QueueKind::Fifo, "Queue"),
                    "asyncio.LifoQueue" => (QueueKind::Lifo, "LifoQueue"),
                    _ => (QueueKind::Priority, "PriorityQueue"),
                };
                value(obj(Obj::Queue(sim.queue_new(kind, maxsize), tn)))
            }
            "asyncio.TaskGroup" => value(obj(Obj::TaskGroup(sim.taskgroup_new()))),
            "time.sleep" => {
                let arg = a.get(0, "secs").unwrap_or(Value::None);
                let d = want_f64(&arg, "sleep")?;
                if d.is_nan() {
                    return err(ExcClass::ValueError, "Invalid value NaN (not a number)");
                }
                if d < 0.0 {
                    return err(ExcClass::ValueError, "sleep length must be non-negative");
                }
                // CPython counts time in 64-bit nanoseconds: a longer sleep
                // is refused, not waited for ever.
                if d > i64::MAX as f64 / 1e9 {
                    return err(
                        ExcClass::OverflowError,
                        if matches!(arg, Value::Float(_)) {
                            "timestamp out of range for platform time_t"
                        } else {
                            "timestamp too large to convert to C _PyTime_t"
                        },
                    );
                }
                Ok(CallOut::Suspend(Step::Block {
                    seconds: d,
                    label: format!("time.sleep({})", arg.repr()),
                }))
            }
            "time.time" | "time.monotonic" | "time.perf_counter" => value(Value::Float(sim.now())),
            "time.time_ns" | "time.monotonic_ns" | "time.perf_counter_ns" => {
                value(Value::Int((sim.now() * 1e9) as i64))
            }
            "concurrent.futures.ThreadPoolExecutor" | "concurrent.futures.ProcessPoolExecutor" => {
                let n = match a.get(0, "max_workers") {
                    None | Some(Value::None) => None,
                    Some(v) => {
                        let n = crate::runtime::builtins::want_int(&v, "")?;
                        if n <= 0 {
                            return err(ExcClass::ValueError, "max_workers must be greater than 0");
                        }
                        Some(n as u32)
                    }
                };
                // CPython formats the prefix with `%s`, and a false one
                // (`''`, `None`) means the default.
                let prefix = a
                    .get(1, "thread_name_prefix")
                    .filter(|p| p.truthy())
                    .map(|p| p.to_str());
                let process = name.ends_with("ProcessPoolExecutor");
                let kind = if process {
                    ExecutorKind::Process
                } else {
                    ExecutorKind::Thread
                };
                let id = lift(sim.executor_named(kind, n, prefix))?;
                value(obj(Obj::Executor(id, process)))
            }
            "threading.Thread" => {
                let target = a.take_kw("target").unwrap_or(Value::None);
                let args = match a.take_kw("args") {
                    Some(v) => iterate_simple(&v)?,
                    None => vec![],
                };
                let kwargs: Vec<(Rc<str>, Value)> = match a.take_kw("kwargs") {
                    Some(Value::Dict(d)) => d
                        .borrow()
                        .iter()
                        .map(|(k, v)| (Rc::from(k.to_str().as_str()), v.clone()))
                        .collect(),
                    _ => vec![],
                };
                a.take_kw("daemon");
                let n = self.interp.threads.get() + 1;
                self.interp.threads.set(n);
                let tname = match a.take_kw("name") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => match &target {
                        Value::Func(f) => format!("Thread-{n} ({})", f.code.name),
                        _ => format!("Thread-{n}"),
                    },
                };
                value(obj(Obj::Thread(std::cell::RefCell::new(ThreadObj {
                    target,
                    args,
                    kwargs,
                    name: tname,
                    id: None,
                    timer: None,
                }))))
            }
            "threading.Lock" => value(obj(Obj::ThreadLock(sim.thread_lock_new()))),
            "threading.current_thread" => {
                let th = sim.current_thread();
                let tname = sim.thread_name(th);
                value(obj(Obj::Thread(std::cell::RefCell::new(ThreadObj {
                    target: Value::None,
                    args: vec![],
                    kwargs: vec![],
                    name: tname,
                    id: Some(th),
                    timer: None,
                }))))
            }
            "os.cpu_count" => value(Value::Int(sim.config().cores as i64)),
            "threading.get_ident" => value(Value::Int(sim.current_thread().0 as i64 + 1)),
            "sys.exc_info" => value(match self.handling.clone() {
                Some(e @ Value::Exc(_)) => {
                    let ty = crate::runtime::builtins::type_of(&e);
                    Value::new_tuple(vec![ty, e, Value::None])
                }
                _ => Value::new_tuple(vec![Value::None, Value::None, Value::None]),
            }),
            "sys.exit" => {
                let code = a.pos.first().cloned().unwrap_or(Value::None);
                Err(Value::Exc(Rc::new(Exc::new(
                    ExcClass::SystemExit,
                    if matches!(code, Value::None) {
                        vec![]
                    } else {
                        vec![code]
                    },
                ))))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("'{name}' is not supported yet"),
            ),
        }
    }

    /// Attributes of futures and library objects (bound methods and properties).
    pub fn library_attr(&mut self, sim: &mut Sim<Value>, v: &Value, name: &str) -> PyResult {
        if let Value::Obj(o) = v {
            match (&**o, name) {
                (Obj::Thread(t), "name") => return Ok(Value::str(&t.borrow().name)),
                (Obj::Thread(t), "ident") => {
                    return Ok(t
                        .borrow()
                        .id
                        .map(|i| Value::Int(i.0 as i64 + 1))
                        .unwrap_or(Value::None))
                }
                (Obj::Thread(_), "daemon") => return Ok(Value::Bool(false)),
                (Obj::Logger(l), "name") => return Ok(Value::Str(l.clone())),
                (Obj::Queue(q, _), "maxsize") => return Ok(Value::Int(sim.queue_maxsize(*q))),
                (Obj::Barrier(b), "parties") => return Ok(Value::Int(sim.barrier_parties(*b))),
                (Obj::Barrier(b), "n_waiting") => return Ok(Value::Int(sim.barrier_n_waiting(*b))),
                (Obj::Barrier(b), "broken") => return Ok(Value::Bool(sim.barrier_broken(*b))),
                (Obj::Partial(f, args, kw), "func" | "args" | "keywords")
                    if o.tp_name() == "functools.partial" =>
                {
                    return Ok(match name {
                        "func" => f.clone(),
                        "args" => Value::new_tuple(args.clone()),
                        _ => {
                            let mut d = crate::runtime::value::Dict::new();
                            for (k, x) in kw {
                                d.insert(
                                    crate::runtime::value::HashKey::Str(k.clone()),
                                    Value::Str(k.clone()),
                                    x.clone(),
                                );
                            }
                            Value::Dict(Rc::new(RefCell::new(d)))
                        }
                    });
                }
                _ => {}
            }
        }
        let known = match v {
            Value::Future(id) => Some(
                members::FUTURE.contains(&name)
                    || (sim.future_task(*id).is_some() && members::TASK.contains(&name)),
            ),
            Value::Obj(o) if self.plain_handle(sim, o) => {
                Some(members::PLAIN_HANDLE.contains(&name))
            }
            Value::Obj(o) => members::methods(o).map(|m| m.contains(&name)),
            _ => None,
        };
        if known == Some(false) {
            return err(
                ExcClass::AttributeError,
                format!(
                    "'{}' object has no attribute '{name}'",
                    self.tp_name_of(sim, v)
                ),
            );
        }
        Ok(Value::Method(Rc::new((v.clone(), Rc::from(name)))))
    }

    /// The type's name as CPython's messages print it, a task told apart
    /// from a plain future (which only the model knows).
    pub(crate) fn tp_name_of(&self, sim: &Sim<Value>, v: &Value) -> &'static str {
        match v {
            Value::Future(id) if sim.future_task(*id).is_some() => "_asyncio.Task",
            Value::Future(_) => "_asyncio.Future",
            Value::Obj(o) if self.plain_handle(sim, o) => "Handle",
            _ => v.tp_name(),
        }
    }

    /// Whether `o` is the handle of a callback with no time (`call_soon`'s
    /// `Handle`, which has no `when`, not a `TimerHandle`).
    fn plain_handle(&self, sim: &Sim<Value>, o: &Obj) -> bool {
        matches!(o, Obj::Handle(h) if sim.handle_when(*h).is_none())
    }

    /// Calls a method of a future or library object.
    pub fn library_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: Value,
        name: &str,
        a: Args,
    ) -> PyResult<CallOut> {
        let out = self.library_method_now(sim, recv, name, a);
        self.check_model_halted(sim)?;
        out
    }

    fn library_method_now(
        &mut self,
        sim: &mut Sim<Value>,
        recv: Value,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let bad = |recv: &Value| {
            err(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute '{name}'", recv.tp_name()),
            )
        };
        match &recv {
            Value::Future(id) => self.future_method(sim, *id, name, a),
            Value::Obj(o) => match &**o {
                Obj::Sync(_) => self.sync_method(sim, o, name, a),
                Obj::TQueue(_) => self.tqueue_method(sim, o, name, a),
                Obj::AsCompleted(_) => match name {
                    "__iter__" => value(recv.clone()),
                    "__next__" => match self.as_completed_next(o) {
                        Some(c) => Ok(CallOut::Native(c)),
                        None => err(ExcClass::StopIteration, ""),
                    },
                    _ => bad(&recv),
                },
                Obj::Loop(g) => self.loop_method(sim, *g, name, a),
                Obj::AsyncRunner(s) => self.runner_method(sim, &recv, s, name, a),
                Obj::Policy => self.policy_method(sim, name, a),
                Obj::Barrier(b) => match name {
                    "wait" | "__aenter__" => {
                        let c = sim.barrier_wait(*b);
                        value(self.native("wait", c))
                    }
                    "__aexit__" => value(self.ready(Ok(Value::None))),
                    "reset" => {
                        let c = sim.barrier_reset(*b);
                        value(self.native("reset", c))
                    }
                    "abort" => {
                        let c = sim.barrier_abort(*b);
                        value(self.native("abort", c))
                    }
                    _ => bad(&recv),
                },
                Obj::Handle(h) => match name {
                    "cancel" => {
                        sim.handle_cancel(*h);
                        value(Value::None)
                    }
                    "cancelled" => value(Value::Bool(sim.handle_cancelled(*h))),
                    // Only a timer's handle has a time (`TimerHandle`).
                    "when" => match sim.handle_when(*h) {
                        Some(t) => value(Value::Float(t)),
                        None => err(
                            ExcClass::AttributeError,
                            "'Handle' object has no attribute 'when'",
                        ),
                    },
                    _ => bad(&recv),
                },
                Obj::Lock(l) => match name {
                    "acquire" | "__aenter__" => {
                        let c = sim.lock_acquire(*l);
                        value(self.native("acquire", c))
                    }
                    "release" => {
                        lift(sim.lock_release(*l))?;
                        value(Value::None)
                    }
                    "__aexit__" => {
                        let r = sim.lock_release(*l).map(|_| Value::None);
                        value(self.ready(r))
                    }
                    "locked" => value(Value::Bool(sim.lock_locked(*l))),
                    _ => bad(&recv),
                },
                Obj::Event(e) => match name {
                    "set" => {
                        sim.event_set(*e);
                        value(Value::None)
                    }
                    "clear" => {
                        sim.event_clear(*e);
                        value(Value::None)
                    }
                    "is_set" => value(Value::Bool(sim.event_is_set(*e))),
                    "wait" => {
                        let c = sim.event_wait(*e);
                        value(self.native("wait", c))
                    }
                    _ => bad(&recv),
                },
                Obj::Semaphore(s, _) => match name {
                    "acquire" | "__aenter__" => {
                        let c = sim.semaphore_acquire(*s);
                        value(self.native("acquire", c))
                    }
                    "release" => {
                        lift(sim.semaphore_release(*s))?;
                        value(Value::None)
                    }
                    "__aexit__" => {
                        let r = sim.semaphore_release(*s).map(|_| Value::None);
                        value(self.ready(r))
                    }
                    "locked" => value(Value::Bool(sim.semaphore_locked(*s))),
                    _ => bad(&recv),
                },
                Obj::Condition(c) => {
                    let l = sim.condition_lock(*c);
                    match name {
                        "acquire" | "__aenter__" => {
                            let co = sim.lock_acquire(l);
                            value(self.native("acquire", co))
                        }
                        "release" => {
                            lift(sim.lock_release(l))?;
                            value(Value::None)
                        }
                        "__aexit__" => {
                            let r = sim.lock_release(l).map(|_| Value::None);
                            value(self.ready(r))
                        }
                        "locked" => value(Value::Bool(sim.lock_locked(l))),
                        "wait" => {
                            let co = sim.condition_wait(*c);
                            value(self.native("wait", co))
                        }
                        "notify" => {
                            let n = a.get(0, "n").and_then(|v| v.as_i64()).unwrap_or(1);
                            lift(sim.condition_notify(*c, n.max(0) as usize))?;
                            value(Value::None)
                        }
                        "wait_for" => {
                            let pred = a.get(0, "predicate").unwrap_or(Value::None);
                            let co = CondWaitFor {
                                runner: Runner::call(
                                    self.interp.clone(),
                                    Value::None,
                                    vec![],
                                    vec![],
                                ),
                                cond: *c,
                                pred,
                                inner: None,
                            };
                            value(self.native("wait_for", Box::new(co)))
                        }
                        "notify_all" => {
                            lift(sim.condition_notify_all(*c))?;
                            value(Value::None)
                        }
                        _ => bad(&recv),
                    }
                }
                Obj::Queue(q, kind) => match name {
                    "put" | "put_nowait" if *kind == "PriorityQueue" && a.pos.first().is_some_and(user_ordered) => {
                        err(
                            ExcClass::TypeError,
                            "PriorityQueue items ordered by their class's own __lt__ are not supported yet: put (priority, count, item) tuples",
                        )
                    }
                    "put" => {
                        let item = a.get(0, "item").unwrap_or(Value::None);
                        let c = sim.queue_put(*q, item);
                        value(self.native("put", c))
                    }
                    "get" => {
                        let c = sim.queue_get(*q);
                        value(self.native("get", c))
                    }
                    "join" => {
                        let c = sim.queue_join(*q);
                        value(self.native("join", c))
                    }
                    "put_nowait" => {
                        lift(sim.queue_put_nowait(*q, a.get(0, "item").unwrap_or(Value::None)))?;
                        value(Value::None)
                    }
                    "get_nowait" => value(lift(sim.queue_get_nowait(*q))?),
                    "task_done" => {
                        lift(sim.queue_task_done(*q))?;
                        value(Value::None)
                    }
                    "qsize" => value(Value::Int(sim.queue_qsize(*q) as i64)),
                    "empty" => value(Value::Bool(sim.queue_empty(*q))),
                    "full" => value(Value::Bool(sim.queue_full(*q))),
                    _ => bad(&recv),
                },
                Obj::Timeout(t) => match name {
                    "__aenter__" => {
                        let r = sim.timeout_enter(*t).map(|_| recv.clone());
                        value(self.ready(r))
                    }
                    "__aexit__" => {
                        let exc = a.pos.get(1).cloned().filter(|e| !matches!(e, Value::None));
                        let r = sim
                            .timeout_exit(*t, exc.as_ref())
                            .map(|_| Value::Bool(false));
                        value(self.ready(r))
                    }
                    "reschedule" => {
                        let w = Self::opt_f64(a.get(0, "when"), "reschedule")?;
                        lift(sim.timeout_reschedule(*t, w))?;
                        value(Value::None)
                    }
                    "when" => value(
                        sim.timeout_when(*t)
                            .map(Value::Float)
                            .unwrap_or(Value::None),
                    ),
                    "expired" => value(Value::Bool(sim.timeout_expired(*t))),
                    _ => bad(&recv),
                },
                Obj::TaskGroup(g) => match name {
                    "__aenter__" => {
                        let r = sim.taskgroup_enter(*g).map(|_| recv.clone());
                        value(self.ready(r))
                    }
                    "__aexit__" => {
                        let exc = a.pos.get(1).cloned().filter(|e| !matches!(e, Value::None));
                        let c = sim.taskgroup_exit(*g, exc);
                        value(self.native("__aexit__", c))
                    }
                    "create_task" => {
                        let coro = a.get(0, "coro").unwrap_or(Value::None);
                        let tname = match a.take_kw("name") {
                            Some(Value::None) | None => None,
                            Some(v) => Some(self.to_str(sim, &v)),
                        };
                        if !matches!(coro, Value::Coro(_)) {
                            return err(
                                ExcClass::TypeError,
                                format!("a coroutine was expected, got {}", self.repr(sim, &coro)),
                            );
                        }
                        let factory = self.task_factory(sim.loop_gen());
                        if let Some(f) = factory.as_ref() {
                            if !matches!(f, Value::Builtin("asyncio.eager_task_factory")) {
                                // `self._loop.create_task(coro)`: the program's
                                // factory makes the task, the group adopts it.
                                lift(sim.taskgroup_check_open(*g))?;
                                let t = self.loop_create_task(sim, sim.loop_gen(), &coro, tname)?;
                                let task = match &t {
                                    Value::Future(id) => sim.future_task(*id),
                                    _ => None,
                                };
                                let Some(task) = task else {
                                    return err(
                                        ExcClass::TypeError,
                                        format!(
                                            "the task factory returned {}, not a task",
                                            t.type_name()
                                        ),
                                    );
                                };
                                lift(sim.taskgroup_adopt(*g, task))?;
                                return value(t);
                            }
                        }
                        self.check_task_limit()?;
                        let body = crate::runtime::library::contextvars::InContext::task(
                            &self.interp,
                            Runner::for_coro(self.interp.clone(), &coro)?,
                        );
                        let eager =
                            matches!(factory, Some(Value::Builtin("asyncio.eager_task_factory")));
                        let t = lift(sim.taskgroup_create_task_with(*g, body, tname, eager))?;
                        value(Value::Future(sim.task_future(t)))
                    }
                    _ => bad(&recv),
                },
                Obj::Executor(e, _) => match name {
                    "submit" => {
                        if a.pos.is_empty() {
                            return err(
                                ExcClass::TypeError,
                                "submit expected at least 1 argument, got 0",
                            );
                        }
                        let func = a.pos.remove(0);
                        let job = self.job(func, a.pos, a.kw);
                        let f = lift(sim.executor_submit(*e, job))?;
                        self.check_thread_limit(sim)?;
                        value(obj(Obj::ConcurrentFuture(f)))
                    }
                    "map" => {
                        if a.pos.len() < 2 {
                            return err(
                                ExcClass::TypeError,
                                "map() needs a function and an iterable",
                            );
                        }
                        let func = a.pos[0].clone();
                        let lists: Vec<Vec<Value>> = a.pos[1..]
                            .iter()
                            .map(iterate_simple)
                            .collect::<PyResult<_>>()?;
                        let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
                        let mut futs = Vec::new();
                        for k in 0..n {
                            let args = lists.iter().map(|l| l[k].clone()).collect();
                            let job = self.job(func.clone(), args, vec![]);
                            futs.push(lift(sim.executor_submit(*e, job))?);
                            self.check_thread_limit(sim)?;
                            // Each job costs the model a future and a work
                            // item: millions of them inside this one call
                            // must meet the memory limit before it returns.
                            if k % 4096 == 4095 {
                                self.interp.check_memory()?;
                            }
                        }
                        Ok(CallOut::Native(Box::new(CollectResults {
                            futs,
                            results: Vec::new(),
                        })))
                    }
                    "shutdown" | "__exit__" => {
                        let wait = if name == "shutdown" {
                            a.get(0, "wait").map(|v| v.truthy()).unwrap_or(true)
                        } else {
                            true
                        };
                        if name == "shutdown"
                            && a.get(1, "cancel_futures").is_some_and(|v| v.truthy())
                        {
                            sim.executor_cancel_pending(*e);
                        }
                        match sim.executor_shutdown(*e, wait) {
                            Some(f) if wait => Ok(CallOut::Suspend(Step::BlockOn(f))),
                            _ => value(Value::None),
                        }
                    }
                    "__enter__" => value(recv.clone()),
                    _ => bad(&recv),
                },
                Obj::ConcurrentFuture(f) => match name {
                    "add_done_callback" | "remove_done_callback" => {
                        self.future_method(sim, *f, name, a)
                    }
                    "running" => value(Value::Bool(sim.running(*f))),
                    "result" => {
                        if sim.done(*f) {
                            value(lift(sim.result(*f))?)
                        } else {
                            Ok(CallOut::Suspend(Step::BlockOn(*f)))
                        }
                    }
                    "done" => value(Value::Bool(sim.done(*f))),
                    "cancelled" => value(Value::Bool(sim.cancelled(*f))),
                    "cancel" => value(Value::Bool(lift(sim.try_cancel(*f, None))?)),
                    "exception" => {
                        if sim.done(*f) {
                            value(lift(sim.exception(*f))?.unwrap_or(Value::None))
                        } else {
                            Ok(CallOut::Suspend(Step::BlockOn(*f)))
                        }
                    }
                    _ => bad(&recv),
                },
                Obj::Thread(t) => match name {
                    "start" => {
                        let mut tb = t.borrow_mut();
                        if tb.id.is_some() {
                            return err(ExcClass::RuntimeError, "threads can only be started once");
                        }
                        self.check_thread_limit(sim)?;
                        let mut job = self.job(tb.target.clone(), tb.args.clone(), tb.kwargs.clone());
                        // A `Timer` waits out its interval first, or its `cancel()`.
                        if let Some((interval, _)) = tb.timer {
                            let cancel = sim.thread_waiter("threading.Timer");
                            tb.timer = Some((interval, Some(cancel)));
                            job = Box::new(crate::runtime::library::threads::TimerJob {
                                cancel,
                                interval,
                                call: job,
                                stage: 0,
                            });
                        }
                        tb.id = Some(sim.thread_start(job, Some(tb.name.clone())));
                        value(Value::None)
                    }
                    "cancel" if t.borrow().timer.is_some() => {
                        if let Some((_, Some(c))) = t.borrow().timer {
                            if !sim.done(c) {
                                let _ = sim.set_result(c, Value::None);
                            }
                        }
                        value(Value::None)
                    }
                    "join" => match t.borrow().id {
                        Some(id) => Ok(CallOut::Suspend(Step::BlockOn(sim.thread_join(id)))),
                        None => err(
                            ExcClass::RuntimeError,
                            "cannot join thread before it is started",
                        ),
                    },
                    "is_alive" => value(Value::Bool(
                        t.borrow().id.map(|i| sim.thread_alive(i)).unwrap_or(false),
                    )),
                    "getName" => value(Value::str(&t.borrow().name)),
                    _ => bad(&recv),
                },
                Obj::ThreadLock(l) => match name {
                    "acquire" | "__enter__" => {
                        let block = name == "__enter__"
                            || a.get(0, "blocking").is_none_or(|b| b.truthy());
                        let timeout = match a.get(1, "timeout") {
                            Some(t) if name == "acquire" => t.as_f64().filter(|t| *t >= 0.0),
                            _ => None,
                        };
                        if !sim.thread_lock_locked(*l) {
                            let _ = sim.thread_lock_acquire(*l);
                            return value(Value::Bool(true));
                        }
                        if !block {
                            return value(Value::Bool(false));
                        }
                        Ok(CallOut::Native(crate::runtime::library::threads::lock_acquire(
                            *l,
                            timeout.map(|t| sim.now() + t),
                        )))
                    }
                    "release" | "__exit__" => {
                        lift(sim.thread_lock_release(*l))?;
                        value(if name == "release" {
                            Value::None
                        } else {
                            Value::Bool(false)
                        })
                    }
                    "locked" => value(Value::Bool(sim.thread_lock_locked(*l))),
                    _ => bad(&recv),
                },
                Obj::Logger(l) => {
                    let l = l.clone();
                    self.logger_method(sim, &l, name, a)
                }
                Obj::Partial(..)
                | Obj::DictView(..)
                | Obj::Deque(_)
                | Obj::Wrapped(_)
                | Obj::NtClass(_)
                | Obj::Union(_)
                | Obj::Named(..)
                | Obj::Dt(_) => bad(&recv),
                Obj::StaticMethod(_)
                | Obj::ClassMethod(_)
                | Obj::Property(..)
                | Obj::Super(..)
                | Obj::ClassCell(_)
                | Obj::Field(_)
                | Obj::Auto => bad(&recv),
                Obj::CtxFactory(..)
                | Obj::GenCtx(..)
                | Obj::Suppress(_)
                | Obj::Closing(..)
                | Obj::NullContext(_)
                | Obj::ExitStack(..)
                | Obj::ContextVar(_)
                | Obj::Context(_)
                | Obj::Token(_) => bad(&recv),
            },
            _ => bad(&recv),
        }
    }

    fn future_method(
        &mut self,
        sim: &mut Sim<Value>,
        id: FutureId,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let task = sim.future_task(id);
        match name {
            "result" => value(lift(sim.result(id))?),
            "exception" => value(lift(sim.exception(id))?.unwrap_or(Value::None)),
            "done" => value(Value::Bool(sim.done(id))),
            "cancelled" => value(Value::Bool(sim.cancelled(id))),
            "cancel" => {
                let msg = match a.get(0, "msg") {
                    None | Some(Value::None) => None,
                    Some(v) => Some(self.to_str(sim, &v)),
                };
                value(Value::Bool(lift(sim.try_cancel(id, msg))?))
            }
            "set_result" => {
                if task.is_some() {
                    return err(
                        ExcClass::RuntimeError,
                        "Task does not support set_result operation",
                    );
                }
                if sim.done(id) {
                    // CPython's C Future says exactly this.
                    return err(ExcClass::InvalidStateError, "invalid state");
                }
                lift(sim.set_result(id, a.get(0, "result").unwrap_or(Value::None)))?;
                value(Value::None)
            }
            "set_exception" => {
                if task.is_some() {
                    return err(
                        ExcClass::RuntimeError,
                        "Task does not support set_exception operation",
                    );
                }
                if sim.done(id) {
                    // CPython's C Future says exactly this.
                    return err(ExcClass::InvalidStateError, "invalid state");
                }
                let e = make_exception(a.get(0, "exception").unwrap_or(Value::None))?;
                if matches!(&e, Value::Exc(x) if x.class == ExcClass::StopIteration) {
                    return err(
                        ExcClass::TypeError,
                        "StopIteration interacts badly with generators and cannot be raised into a Future",
                    );
                }
                lift(sim.set_exception(id, e))?;
                value(Value::None)
            }
            "add_done_callback" => {
                let f = a.get(0, "fn").unwrap_or(Value::None);
                let key = f.identity() as u64 ^ (f.hash_key().map(|_| 0).unwrap_or(0));
                let cb = Box::new(Runner::callback_with_future(self.interp.clone(), f));
                sim.add_done_callback(id, key, cb);
                value(Value::None)
            }
            "remove_done_callback" => {
                let f = a.get(0, "fn").unwrap_or(Value::None);
                value(Value::Int(
                    sim.remove_done_callback(id, f.identity() as u64) as i64,
                ))
            }
            "get_name" => match task {
                Some(t) => value(Value::str(&sim.task_name(t))),
                None => err(
                    ExcClass::AttributeError,
                    "'_asyncio.Future' object has no attribute 'get_name'",
                ),
            },
            "set_name" => match task {
                Some(t) => {
                    let n = a.get(0, "value").unwrap_or(Value::None);
                    let n = self.to_str(sim, &n);
                    sim.set_task_name(t, n);
                    value(Value::None)
                }
                None => err(
                    ExcClass::AttributeError,
                    "'_asyncio.Future' object has no attribute 'set_name'",
                ),
            },
            "cancelling" => value(Value::Int(
                task.map(|t| sim.cancelling(t)).unwrap_or(0) as i64
            )),
            "uncancel" => value(Value::Int(task.map(|t| sim.uncancel(t)).unwrap_or(0) as i64)),
            "get_loop" => value(self.loop_value(sim, sim.loop_gen())),
            // The future stands for its own iterator, as a coroutine does
            // for `coro.__await__()`: awaiting either waits for the future.
            "__await__" | "__iter__" => value(Value::Future(id)),
            "get_coro" => match task {
                Some(t) => value(
                    self.interp
                        .task_coros
                        .borrow()
                        .get(t.0 as usize)
                        .cloned()
                        .flatten()
                        .map(Value::Coro)
                        .unwrap_or(Value::None),
                ),
                None => err(
                    ExcClass::AttributeError,
                    "'_asyncio.Future' object has no attribute 'get_coro'",
                ),
            },
            _ => err(
                ExcClass::AttributeError,
                format!(
                    "'{}' object has no attribute '{name}'",
                    if task.is_some() {
                        "_asyncio.Task"
                    } else {
                        "_asyncio.Future"
                    }
                ),
            ),
        }
    }

    fn loop_method(
        &mut self,
        sim: &mut Sim<Value>,
        gen: u32,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        if let Some(out) = self.loop_life_method(sim, gen, name, &mut a) {
            return out;
        }
        if let Some(out) = self.loop_report_method(sim, gen, name, &mut a) {
            return out;
        }
        if matches!(
            name,
            "run_in_executor"
                | "create_task"
                | "call_soon"
                | "call_soon_threadsafe"
                | "call_later"
                | "call_at"
        ) {
            self.loop_open(sim, gen)?;
        }
        match name {
            "run_in_executor" => {
                a.no_more_kw("BaseEventLoop.run_in_executor")?;
                if a.pos.len() < 2 {
                    return err(
                        ExcClass::TypeError,
                        "run_in_executor() needs an executor (or None) and a function",
                    );
                }
                let ex = match &a.pos[0] {
                    Value::None => None,
                    Value::Obj(o) => match &**o {
                        Obj::Executor(e, _) => Some(*e),
                        _ => {
                            return err(ExcClass::TypeError, "executor must be an Executor or None")
                        }
                    },
                    _ => return err(ExcClass::TypeError, "executor must be an Executor or None"),
                };
                let func = a.pos[1].clone();
                let args = a.pos[2..].to_vec();
                let job = self.job(func, args, vec![]);
                let f = lift(sim.run_in_executor(ex, job))?;
                self.check_thread_limit(sim)?;
                value(Value::Future(f))
            }
            "create_future" => value(Value::Future(sim.create_labelled_future("create_future()"))),
            "create_task" => {
                let coro = a.get(0, "coro").unwrap_or(Value::None);
                let tname = match a.take_kw("name") {
                    Some(Value::None) | None => None,
                    Some(v) => Some(self.to_str(sim, &v)),
                };
                a.take_kw("context");
                value(self.loop_create_task(sim, gen, &coro, tname)?)
            }
            "time" => value(Value::Float(sim.now())),
            "call_soon" | "call_soon_threadsafe" => {
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{name}() missing 1 required positional argument: 'callback'"),
                    );
                }
                // Only `context` is a keyword; the callback's own keyword
                // arguments need `functools.partial`, as in CPython.
                let ctx = a.take_kw("context");
                a.no_more_kw(&format!("BaseEventLoop.{name}"))?;
                let cb = a.pos.remove(0);
                let job = crate::runtime::library::contextvars::InContext::callback(
                    &self.interp,
                    ctx,
                    self.job(cb, a.pos, vec![]),
                )?;
                let h = if name == "call_soon" {
                    sim.call_soon(job)
                } else {
                    sim.call_soon_threadsafe(job)
                };
                value(obj(Obj::Handle(h)))
            }
            "call_later" | "call_at" => {
                if a.pos.len() < 2 {
                    return err(
                        ExcClass::TypeError,
                        format!("{name}() needs a time and a callback"),
                    );
                }
                let ctx = a.take_kw("context");
                a.no_more_kw(&format!("BaseEventLoop.{name}"))?;
                let t = want_f64(&a.pos[0], name)?;
                let cb = a.pos[1].clone();
                let job = crate::runtime::library::contextvars::InContext::callback(
                    &self.interp,
                    ctx,
                    self.job(cb, a.pos[2..].to_vec(), vec![]),
                )?;
                let h = if name == "call_later" {
                    sim.call_later(t, job)
                } else {
                    sim.call_at(t, job)
                };
                value(obj(Obj::Handle(h)))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("'_UnixSelectorEventLoop' object has no attribute '{name}'"),
            ),
        }
    }
}

/// How [`Runner::spawn_with`] makes a task.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum SpawnMode {
    /// `asyncio.create_task`: the loop must be running.
    Running,
    /// `loop.create_task`: the loop may be open and not running.
    OnLoop,
    /// `Task(coro, eager_start=True)`: the first step runs now if the loop runs.
    Eager,
}

/// What an awaited `wait_for(aw, t)` puts on the awaiting stack first.
pub(crate) enum WaitForEntry {
    /// `t <= 0`: the model's `wait_for` over the task made of `aw`, which it cancels and waits for.
    Native(Box<dyn Coroutine<Value>>),
    /// The timeout entered; its exit goes under `aw`.
    Timeout(loopscope_sim::TimeoutId),
}

impl Runner {
    /// The first part of an awaited `wait_for(aw, t)` (3.12): with `t <= 0`,
    /// `ensure_future(aw)` and the model's cancel-and-wait; otherwise
    /// `async with timeout(t)` entered in the current task.
    pub(crate) fn enter_wait_for(
        &mut self,
        sim: &mut Sim<Value>,
        aw: &Value,
        t: Option<f64>,
    ) -> PyResult<WaitForEntry> {
        if let Some(t) = t.filter(|t| *t <= 0.0) {
            let id = self.ensure_future(sim, aw)?;
            return Ok(WaitForEntry::Native(
                sim.wait_for(Awaitable::Future(id), Some(t)),
            ));
        }
        let tm = sim.timeout(t);
        sim.timeout_enter(tm)?;
        Ok(WaitForEntry::Timeout(tm))
    }
}

/// Gives one step (the await of a future) and then returns what it is resumed with.
pub(crate) struct StepOnce(pub Option<Step<Value>>);

impl Coroutine<Value> for StepOnce {
    fn resume(&mut self, _sim: &mut Sim<Value>, sent: loopscope_sim::Sent<Value>) -> Step<Value> {
        if let Some(step) = self.0.take() {
            return step;
        }
        match sent {
            loopscope_sim::Sent::Throw(e) => Step::Raise(e),
            loopscope_sim::Sent::Value(v) => Step::Return(v),
            loopscope_sim::Sent::Start => Step::Return(Value::None),
        }
    }

    fn name(&self) -> String {
        "wait_for".into()
    }
}

/// The `async with timeout(t)` around the coroutine of an awaited
/// `wait_for(coro, t)`: entered before the coroutine's frame goes on the
/// stack above it, and left with the frame's outcome.
pub(crate) struct TimeoutExit(pub loopscope_sim::TimeoutId);

impl Coroutine<Value> for TimeoutExit {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: loopscope_sim::Sent<Value>) -> Step<Value> {
        match sent {
            loopscope_sim::Sent::Throw(e) => match sim.timeout_exit(self.0, Some(&e)) {
                Ok(()) => Step::Raise(e),
                Err(timeout) => Step::Raise(timeout),
            },
            loopscope_sim::Sent::Value(v) => match sim.timeout_exit(self.0, None) {
                Ok(()) => Step::Return(v),
                Err(timeout) => Step::Raise(timeout),
            },
            loopscope_sim::Sent::Start => match sim.timeout_exit(self.0, None) {
                Ok(()) => Step::Return(Value::None),
                Err(timeout) => Step::Raise(timeout),
            },
        }
    }

    fn name(&self) -> String {
        "wait_for".into()
    }
}

/// `Condition.wait_for(predicate)`: `while not predicate(): await self.wait()`.
struct CondWaitFor {
    runner: Runner,
    cond: loopscope_sim::ConditionId,
    pred: Value,
    inner: Option<Box<dyn Coroutine<Value>>>,
}

impl Coroutine<Value> for CondWaitFor {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: loopscope_sim::Sent<Value>) -> Step<Value> {
        let mut sent = sent;
        loop {
            if let Some(inner) = self.inner.as_mut() {
                match inner.resume(sim, sent) {
                    Step::Return(_) => self.inner = None,
                    Step::Raise(e) => return Step::Raise(e),
                    other => return other,
                }
            }
            match self.runner.call_sync(sim, &self.pred, vec![]) {
                Ok(v) if v.truthy() => return Step::Return(v),
                Ok(_) => {
                    self.inner = Some(sim.condition_wait(self.cond));
                    sent = loopscope_sim::Sent::Start;
                }
                Err(e) => return Step::Raise(e),
            }
        }
    }

    fn name(&self) -> String {
        "wait_for".into()
    }
}

/// `Executor.map`: blocks on each submitted job in order and returns their
/// results (as a list, which iterates like CPython's result iterator).
struct CollectResults {
    futs: Vec<FutureId>,
    results: Vec<Value>,
}

impl Coroutine<Value> for CollectResults {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: loopscope_sim::Sent<Value>) -> Step<Value> {
        match sent {
            loopscope_sim::Sent::Value(v) => self.results.push(v),
            loopscope_sim::Sent::Throw(e) => return Step::Raise(e),
            loopscope_sim::Sent::Start => {}
        }
        while self.results.len() < self.futs.len() {
            let f = self.futs[self.results.len()];
            if !sim.done(f) {
                return Step::BlockOn(f);
            }
            match sim.result(f) {
                Ok(v) => self.results.push(v),
                Err(e) => return Step::Raise(e),
            }
        }
        Step::Return(Value::new_list(std::mem::take(&mut self.results)))
    }

    fn name(&self) -> String {
        "map".into()
    }
}
