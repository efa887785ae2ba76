//! Tasks: a future that steps a coroutine, following `asyncio.Task`.
//!
//! The first `__step` is queued with `call_soon`; a yielded future gets the
//! task's `__wakeup` as a done-callback; a bare yield re-queues `__step`;
//! `cancel()` cancels the awaited future or sets `_must_cancel`, which throws
//! `CancelledError` in at the next step.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, TaskId, ThreadId, Value};
use crate::sim::{Cb, Cont, DoneCb, FState, Sim, TaskSlot};
use crate::trace::{EventKind, HandleKind, StepEnd, Sym};

impl<V: Value> Sim<V> {
    /// Creates a task and queues its first step (`Task.__init__`).
    pub(crate) fn new_task(&mut self, coro: Box<dyn Coroutine<V>>, name: Option<String>) -> TaskId {
        let id = self.new_task_unscheduled(coro, name);
        self.soon(Cb::Step(id, None), HandleKind::Step(id));
        id
    }

    /// The number the next task will get (the host files its coroutine
    /// under it before an eager task's first step runs).
    pub fn next_task_id(&self) -> TaskId {
        TaskId(self.tasks.len() as u32)
    }

    /// `Task(coro, eager_start=True)` (`asyncio.eager_task_factory`): on
    /// the running loop, the task's first step runs now, inside the caller,
    /// and a task that finishes without suspending never enters the ready
    /// deque; on a loop that is not running it is scheduled as usual.
    ///
    /// A blocking call in that first step raises `RuntimeError` in the task:
    /// the caller's step is still on the stack, so the loop thread cannot
    /// be handed to the scheduler there.
    pub fn create_eager_task(
        &mut self,
        coro: Box<dyn Coroutine<V>>,
        name: Option<String>,
    ) -> Result<TaskId, V> {
        if self.lp.is_none() {
            return self.create_task_on_loop(coro, name);
        }
        self.enter_nested(crate::sim::HOST_NESTING, "maximum recursion depth exceeded")?;
        let t = self.new_task_unscheduled(coro, name);
        let (task, span) = (self.cur_task, self.span);
        self.eager_depth += 1;
        self.drive_task(t, Sent::Start);
        self.eager_depth -= 1;
        self.cur_task = task;
        self.span = span;
        self.leave_nested(crate::sim::HOST_NESTING);
        Ok(t)
    }

    fn new_task_unscheduled(
        &mut self,
        coro: Box<dyn Coroutine<V>>,
        name: Option<String>,
    ) -> TaskId {
        let id = TaskId(self.tasks.len() as u32);
        // CPython numbers every task, named or not, from one process-wide counter.
        self.task_counter += 1;
        let name = name.unwrap_or_else(|| format!("Task-{}", self.task_counter));
        let fut = self.new_future_static(false, Some(id), "Task");
        let coro_name = coro.name();
        let defined_at = coro.defined_at();
        // Interned only for a trace that keeps the event: 10^5 distinct task
        // names would otherwise fill the string table of an output-only run.
        let (name_sym, coro_sym) = if self.records_all() {
            (self.sym(&name), self.sym(&coro_name))
        } else {
            (Sym(0), Sym(0))
        };
        self.tasks.push(TaskSlot {
            fut,
            coro: Some(coro),
            name,
            coro_name,
            defined_at,
            must_cancel: false,
            cancel_msg: None,
            num_cancels_requested: 0,
            fut_waiter: None,
            started: false,
            span: self.span,
        });
        self.emit(EventKind::TaskCreated {
            task: id,
            fut,
            name: name_sym,
            coro: coro_sym,
        });
        id
    }

    /// `asyncio.create_task(coro, name=name)`; fails without a running loop.
    pub fn create_task(
        &mut self,
        coro: Box<dyn Coroutine<V>>,
        name: Option<String>,
    ) -> Result<TaskId, V> {
        if self.lp.is_none() {
            return Err(Self::exc(ExcKind::Runtime, "no running event loop"));
        }
        Ok(self.new_task(coro, name))
    }

    /// The future of a task (what `await task` waits on).
    pub fn task_future(&self, t: TaskId) -> FutureId {
        self.tasks
            .get(t.0 as usize)
            .map(|s| s.fut)
            .unwrap_or(FutureId(u32::MAX))
    }

    /// `task.get_name()`.
    pub fn task_name(&self, t: TaskId) -> String {
        self.tasks
            .get(t.0 as usize)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    /// `task.set_name(name)`.
    pub fn set_task_name(&mut self, t: TaskId, name: String) {
        let sym = self.sym(&name);
        if let Some(s) = self.tasks.get_mut(t.0 as usize) {
            s.name = name;
            self.emit(EventKind::TaskRenamed { task: t, name: sym });
        }
    }

    /// The name of the task's coroutine (`get_coro().__qualname__`).
    pub fn task_coro_name(&self, t: TaskId) -> String {
        self.tasks
            .get(t.0 as usize)
            .map(|s| s.coro_name.clone())
            .unwrap_or_default()
    }

    /// Where the task's coroutine is defined (`main.py:4`), if the host said ([`Coroutine::defined_at`]).
    pub fn task_defined_at(&self, t: TaskId) -> Option<String> {
        self.tasks
            .get(t.0 as usize)
            .and_then(|s| s.defined_at.clone())
    }

    /// The `coro=<...>` part of a finished task's repr: `fails() done, defined at main.py:4`
    /// (`fails()` when the host gave no location).
    pub(crate) fn task_coro_repr(&self, t: TaskId) -> String {
        let Some(s) = self.tasks.get(t.0 as usize) else {
            return String::new();
        };
        match &s.defined_at {
            Some(at) => format!("{}() done, defined at {at}", s.coro_name),
            None => format!("{}()", s.coro_name),
        }
    }

    /// The future a task is suspended on (`Task._fut_waiter`), for its `repr` and the diagram.
    pub fn task_waiting_on(&self, t: TaskId) -> Option<FutureId> {
        self.tasks.get(t.0 as usize).and_then(|s| s.fut_waiter)
    }

    /// `task.cancelling()`: cancellation requests not yet undone by `uncancel`.
    pub fn cancelling(&self, t: TaskId) -> u32 {
        self.tasks
            .get(t.0 as usize)
            .map(|s| s.num_cancels_requested)
            .unwrap_or(0)
    }

    /// `task.uncancel()`: returns the remaining count.
    pub fn uncancel(&mut self, t: TaskId) -> u32 {
        let Some(s) = self.tasks.get_mut(t.0 as usize) else {
            return 0;
        };
        if s.num_cancels_requested > 0 {
            s.num_cancels_requested -= 1;
        }
        s.num_cancels_requested
    }

    /// `asyncio.all_tasks()`: tasks not done, in creation order.
    pub fn all_tasks(&self) -> Vec<TaskId> {
        (0..self.tasks.len() as u32)
            .map(TaskId)
            .filter(|&t| !self.done(self.task_future(t)))
            .collect()
    }

    /// `task.cancel(msg)`; Err is the `RecursionError` of a cancellation passed round in circles.
    pub(crate) fn task_cancel(&mut self, t: TaskId, msg: Option<String>) -> Result<bool, V> {
        let f = self.task_future(t);
        if self.done(f) {
            return Ok(false);
        }
        self.emit(EventKind::CancelRequested { task: t });
        let waiter = {
            let s = &mut self.tasks[t.0 as usize];
            s.num_cancels_requested += 1;
            s.fut_waiter
        };
        if let Some(w) = waiter {
            if self.try_cancel(w, msg.clone())? {
                return Ok(true);
            }
        }
        let s = &mut self.tasks[t.0 as usize];
        s.must_cancel = true;
        s.cancel_msg = msg;
        Ok(true)
    }

    /// `Task.__step(exc)`: returns false if the loop thread blocked mid-step.
    pub(crate) fn task_step(&mut self, t: TaskId, exc: Option<V>) -> bool {
        let f = self.task_future(t);
        if self.done(f) {
            return true;
        }
        let s = &mut self.tasks[t.0 as usize];
        let mut exc = exc;
        if s.must_cancel {
            if !exc
                .as_ref()
                .is_some_and(|e| e.is_instance_of(ExcKind::Cancelled))
            {
                exc = Some(V::exception(ExcKind::Cancelled, s.cancel_msg.clone()));
            }
            s.must_cancel = false;
        }
        s.fut_waiter = None;
        let sent = match exc {
            Some(e) => Sent::Throw(e),
            None if !s.started => Sent::Start,
            None => Sent::Value(V::none()),
        };
        self.drive_task(t, sent)
    }

    /// `Task.__wakeup(fut)`: resumes the task with the awaited future's outcome.
    pub(crate) fn task_wakeup(&mut self, t: TaskId, f: FutureId) -> bool {
        match self.outcome(f) {
            Sent::Throw(e) => self.task_step(t, Some(e)),
            other => {
                let tf = self.task_future(t);
                if self.done(tf) {
                    return true;
                }
                let s = &mut self.tasks[t.0 as usize];
                if s.must_cancel {
                    return self.task_step(t, None);
                }
                s.fut_waiter = None;
                self.drive_task(t, other)
            }
        }
    }

    /// Reports an exception that escaped `Task.__step` itself (not the
    /// task's coroutine), as the loop's default handler words it for the C
    /// task's step wrapper; the address is made up from the task's number so
    /// that runs stay identical.
    fn report_step_error(&mut self, t: TaskId, e: &V) {
        let wrapper = format!(
            "<_asyncio.TaskStepMethWrapper object at 0x7f3a2c3{:05x}>()",
            t.0 & 0xf_ffff
        );
        self.report_logged(
            "asyncio",
            &format!("Exception in callback {wrapper}\nhandle: <Handle {wrapper}>"),
            e,
        );
    }

    /// Resumes the task's coroutine until its step ends; false if the loop thread blocked.
    pub(crate) fn drive_task(&mut self, t: TaskId, mut sent: Sent<V>) -> bool {
        let f = self.task_future(t);
        self.cur_task = Some(t);
        self.span = self.tasks[t.0 as usize].span;
        if !matches!(sent, Sent::Value(_)) || !self.tasks[t.0 as usize].started {
            self.tasks[t.0 as usize].started = true;
        }
        self.emit(EventKind::StepBegin);
        loop {
            let Some(mut coro) = self.tasks[t.0 as usize].coro.take() else {
                self.cur_task = None;
                return true;
            };
            let step = coro.resume(self, sent);
            self.tasks[t.0 as usize].coro = Some(coro);
            self.tasks[t.0 as usize].span = self.span;
            self.cur_task = Some(t);
            match step {
                Step::Await(w) => {
                    if w == f {
                        let e = Self::exc(
                            ExcKind::Runtime,
                            &format!(
                                "Task cannot await on itself: <Task pending name='{}'>",
                                self.task_name(t)
                            ),
                        );
                        self.soon(Cb::Step(t, Some(e)), HandleKind::Step(t));
                        self.emit(EventKind::StepEnd {
                            end: StepEnd::Yield,
                        });
                        break;
                    }
                    if self.done(w) {
                        sent = self.outcome(w);
                        continue;
                    }
                    self.add_done(w, DoneCb::Wakeup(t));
                    self.tasks[t.0 as usize].fut_waiter = Some(w);
                    self.emit(EventKind::StepEnd {
                        end: StepEnd::Await(w),
                    });
                    if self.tasks[t.0 as usize].must_cancel {
                        let msg = self.tasks[t.0 as usize].cancel_msg.clone();
                        match self.try_cancel(w, msg) {
                            Ok(true) => self.tasks[t.0 as usize].must_cancel = false,
                            Ok(false) => {}
                            // The error escapes `Task.__step` itself: the loop
                            // reports it, and the task stays suspended on `w`
                            // with its cancellation still pending, as in CPython.
                            Err(e) => {
                                // The limit is met where the C step calls
                                // Python, which CPython words this way.
                                let e = if e.is_instance_of(ExcKind::Recursion) {
                                    Self::exc(
                                        ExcKind::Recursion,
                                        "maximum recursion depth exceeded while calling a Python object",
                                    )
                                } else {
                                    e
                                };
                                self.report_step_error(t, &e)
                            }
                        }
                    }
                    break;
                }
                Step::Yield => {
                    self.emit(EventKind::StepEnd {
                        end: StepEnd::Yield,
                    });
                    self.soon(Cb::Step(t, None), HandleKind::Step(t));
                    break;
                }
                Step::Return(v) => {
                    self.emit(EventKind::StepEnd {
                        end: StepEnd::Returned,
                    });
                    self.tasks[t.0 as usize].coro = None;
                    if self.tasks[t.0 as usize].must_cancel {
                        // The task was cancelled right before its coroutine returned.
                        self.tasks[t.0 as usize].must_cancel = false;
                        let msg = self.tasks[t.0 as usize].cancel_msg.clone();
                        self.future_cancel(f, msg, None);
                    } else {
                        let _ = self.set_result(f, v);
                    }
                    break;
                }
                Step::Raise(e) => {
                    self.tasks[t.0 as usize].coro = None;
                    if e.is_instance_of(ExcKind::Cancelled) {
                        self.emit(EventKind::StepEnd {
                            end: StepEnd::Cancelled,
                        });
                        self.future_cancel(f, None, Some(e));
                    } else {
                        self.emit(EventKind::StepEnd {
                            end: StepEnd::Raised,
                        });
                        // Done-callbacks (a gather, a TaskGroup, an awaiting
                        // task) still hold the task once it is done.
                        let held = self
                            .futures
                            .get(f.0 as usize)
                            .is_some_and(|s| s.callbacks.len() > 0);
                        let _ = self.complete(f, FState::Exception(e));
                        if !held {
                            self.release_if_dropped(f);
                        }
                    }
                    break;
                }
                Step::RunLoop(_) => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "asyncio.run() cannot be called from a running event loop",
                    ));
                }
                Step::Loop(_) => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "This event loop is already running",
                    ));
                }
                // CPU work in the first step is not charged: the creator's
                // step holds the thread and will be charged for its own.
                Step::Compute(_) if self.eager_depth > 0 => sent = Sent::Value(V::none()),
                Step::Block { .. } | Step::BlockOn(_) if self.eager_depth > 0 => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "Loopscope cannot block the loop in the first step of an eager task",
                    ));
                }
                blocking => match self.suspend(ThreadId(0), blocking) {
                    Some(s) => sent = s,
                    None => {
                        if let Some(lp) = self.lp.as_mut() {
                            lp.cont = Some(Cont::Task(t));
                        }
                        return false;
                    }
                },
            }
        }
        self.cur_task = None;
        true
    }
}
