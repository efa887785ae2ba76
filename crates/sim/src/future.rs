//! Futures: pending → result / exception / cancelled, and their done-callbacks.
//!
//! As in `asyncio.Future`, done-callbacks are scheduled with `call_soon` in
//! registration order when the future completes, and a callback added to a
//! done future is scheduled at once.  A `concurrent.futures.Future` instead
//! runs its callbacks immediately in the thread that completes it.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, TaskId, Value};
use crate::sim::{Callbacks, Cb, DoneCb, FState, FutSlot, Sim, TState};
use crate::trace::{EventKind, HandleKind, Resolution, Sym};

/// A future's state as [`Sim::future_peek`] reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum FuturePeek<V> {
    /// Not done.
    Pending,
    /// Done with a result.
    Result(V),
    /// Done with an exception.
    Exception(V),
    /// Cancelled, with the message given to `cancel()`.
    Cancelled(Option<String>),
}

impl<V: Value> Sim<V> {
    /// A new pending future; `label` says what created it (`Queue.put()`), as code.
    pub(crate) fn new_future(
        &mut self,
        concurrent: bool,
        task: Option<TaskId>,
        label: &str,
    ) -> FutureId {
        let label = self.label_sym(label);
        self.new_future_sym(concurrent, task, label)
    }

    /// [`Sim::new_future`] with a fixed label, whose symbol is looked up by address.
    pub(crate) fn new_future_static(
        &mut self,
        concurrent: bool,
        task: Option<TaskId>,
        label: &'static str,
    ) -> FutureId {
        let label = self.static_label_sym(label);
        self.new_future_sym(concurrent, task, label)
    }

    /// A new pending future whose label is already interned.
    fn new_future_sym(&mut self, concurrent: bool, task: Option<TaskId>, label: Sym) -> FutureId {
        let id = FutureId(self.futures.len() as u32);
        self.futures.push(FutSlot {
            state: FState::Pending,
            callbacks: Callbacks::None,
            thread_waiters: Vec::new(),
            log_traceback: false,
            released: false,
            release_on_done: false,
            concurrent,
            running: false,
            task,
            gather: None,
            label,
        });
        self.emit(EventKind::FutureCreated { fut: id, label });
        id
    }

    fn fut(&self, f: FutureId) -> Option<&FutSlot<V>> {
        self.futures.get(f.0 as usize)
    }

    /// `loop.create_future()`, labelled `Future()` in the trace.
    pub fn create_future(&mut self) -> FutureId {
        self.new_future_static(false, None, "Future()")
    }

    /// An asyncio future labelled with what created it (`create_future()`,
    /// `ev.wait()`): the label is code, shown as it is on the diagram.
    pub fn create_labelled_future(&mut self, label: &'static str) -> FutureId {
        self.new_future_static(false, None, label)
    }

    /// What created a future (`Queue.put()`, `gather()`); empty for an unknown one.
    pub fn future_label(&self, f: FutureId) -> &str {
        match self.fut(f) {
            Some(s) => self.trace.str(s.label),
            None => "",
        }
    }

    /// The task a future belongs to, if it is a task.
    pub fn future_task(&self, f: FutureId) -> Option<TaskId> {
        self.fut(f).and_then(|s| s.task)
    }

    /// `fut.done()`.
    /// `concurrent.futures.Future.running()`: an executor's worker has it.
    pub fn running(&self, f: FutureId) -> bool {
        self.fut(f)
            .is_some_and(|s| s.running && matches!(s.state, FState::Pending))
    }

    /// Whether the future is finished (result, exception or cancelled).
    pub fn done(&self, f: FutureId) -> bool {
        self.fut(f)
            .is_some_and(|s| !matches!(s.state, FState::Pending))
    }

    /// `fut.cancelled()`.
    pub fn cancelled(&self, f: FutureId) -> bool {
        self.fut(f)
            .is_some_and(|s| matches!(s.state, FState::Cancelled { .. }))
    }

    /// `fut._make_cancelled_error()`.
    pub(crate) fn cancelled_error(&self, f: FutureId) -> V {
        match self.fut(f).map(|s| &s.state) {
            Some(FState::Cancelled { exc: Some(e), .. }) => e.clone(),
            Some(FState::Cancelled { msg, .. }) => V::exception(ExcKind::Cancelled, msg.clone()),
            _ => V::exception(ExcKind::Cancelled, None),
        }
    }

    /// The state of a future without side effects (for `repr`; nothing is marked retrieved).
    pub fn future_peek(&self, f: FutureId) -> FuturePeek<V> {
        match self.fut(f).map(|s| &s.state) {
            Some(FState::Result(v)) => FuturePeek::Result(v.clone()),
            Some(FState::Exception(e)) => FuturePeek::Exception(e.clone()),
            Some(FState::Cancelled { msg, .. }) => FuturePeek::Cancelled(msg.clone()),
            _ => FuturePeek::Pending,
        }
    }

    /// `fut.result()`: Err is the exception to raise.
    pub fn result(&mut self, f: FutureId) -> Result<V, V> {
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return Err(Self::exc(ExcKind::InvalidState, "unknown future"));
        };
        match &slot.state {
            FState::Pending => Err(Self::exc(ExcKind::InvalidState, "Result is not set.")),
            FState::Result(v) => Ok(v.clone()),
            FState::Exception(e) => {
                slot.log_traceback = false;
                Err(e.clone())
            }
            // Built only here: an exception value allocates.
            FState::Cancelled { .. } => Err(self.cancelled_error(f)),
        }
    }

    /// `fut.exception()`: Ok(None) when it has a result.
    pub fn exception(&mut self, f: FutureId) -> Result<Option<V>, V> {
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return Err(Self::exc(ExcKind::InvalidState, "unknown future"));
        };
        match &slot.state {
            FState::Pending => Err(Self::exc(ExcKind::InvalidState, "Exception is not set.")),
            FState::Result(_) => Ok(None),
            FState::Exception(e) => {
                slot.log_traceback = false;
                Ok(Some(e.clone()))
            }
            // Built only here: an exception value allocates.
            FState::Cancelled { .. } => Err(self.cancelled_error(f)),
        }
    }

    /// The outcome to resume an awaiting computation with (marks an exception retrieved).
    pub(crate) fn outcome(&mut self, f: FutureId) -> Sent<V> {
        match self.result(f) {
            Ok(v) => Sent::Value(v),
            Err(e) => Sent::Throw(e),
        }
    }

    /// `fut.set_result(v)`.
    pub fn set_result(&mut self, f: FutureId, v: V) -> Result<(), V> {
        self.complete(f, FState::Result(v))
    }

    /// `fut.set_exception(e)`.
    pub fn set_exception(&mut self, f: FutureId, e: V) -> Result<(), V> {
        self.complete(f, FState::Exception(e))
    }

    /// Completes a pending future and schedules its callbacks.
    pub(crate) fn complete(&mut self, f: FutureId, state: FState<V>) -> Result<(), V> {
        let records_all = self.records_all();
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return Err(Self::exc(ExcKind::InvalidState, "unknown future"));
        };
        if !matches!(slot.state, FState::Pending) {
            let what = if matches!(slot.state, FState::Cancelled { .. }) {
                "CANCELLED"
            } else {
                "FINISHED"
            };
            return Err(Self::exc(
                ExcKind::InvalidState,
                &format!("invalid state: {what}"),
            ));
        }
        if !records_all {
            // Only the output is kept: the event is counted, but the text of
            // the value (a `repr` per future) would never be read.
            let how = match &state {
                FState::Result(_) => Resolution::Result,
                FState::Exception(_) => {
                    slot.log_traceback = true;
                    Resolution::Exception
                }
                FState::Cancelled { .. } => Resolution::Cancelled,
                FState::Pending => return Ok(()),
            };
            slot.state = state;
            self.emit(EventKind::FutureDone {
                fut: f,
                how,
                value: Sym(0),
            });
            self.schedule_callbacks(f);
            return Ok(());
        }
        let (how, desc) = match &state {
            FState::Result(v) => match v.describe_static() {
                Some(s) => {
                    slot.state = state;
                    let value = self.static_sym(s);
                    self.emit(EventKind::FutureDone {
                        fut: f,
                        how: Resolution::Result,
                        value,
                    });
                    self.schedule_callbacks(f);
                    return Ok(());
                }
                None => (Resolution::Result, v.describe()),
            },
            FState::Exception(e) => {
                slot.log_traceback = true;
                (Resolution::Exception, e.describe())
            }
            FState::Cancelled { msg, .. } => (
                Resolution::Cancelled,
                format!(
                    "CancelledError({})",
                    msg.as_deref().map(|m| format!("{m:?}")).unwrap_or_default()
                ),
            ),
            FState::Pending => return Ok(()),
        };
        slot.state = state;
        let value = self.sym(&desc);
        self.emit(EventKind::FutureDone { fut: f, how, value });
        self.schedule_callbacks(f);
        Ok(())
    }

    /// `Future.cancel(msg)` on the future itself (no task or gather override).
    pub(crate) fn future_cancel(
        &mut self,
        f: FutureId,
        msg: Option<String>,
        exc: Option<V>,
    ) -> bool {
        if let Some(slot) = self.futures.get_mut(f.0 as usize) {
            slot.log_traceback = false;
            if !matches!(slot.state, FState::Pending) || (slot.concurrent && slot.running) {
                return false;
            }
        } else {
            return false;
        }
        self.complete(f, FState::Cancelled { msg, exc }).is_ok()
    }

    /// `fut.cancel(msg)` for any future: tasks, `gather` and plain futures each follow their class's rules.
    ///
    /// A cancellation that nests too deep (a task cancelling a `gather` that
    /// contains the task itself) counts here as not cancelled;
    /// [`Sim::try_cancel`] gives the `RecursionError` CPython raises instead.
    pub fn cancel(&mut self, f: FutureId, msg: Option<String>) -> bool {
        self.try_cancel(f, msg).unwrap_or(false)
    }

    /// `fut.cancel(msg)`, or the `RecursionError` to raise when cancelling
    /// passes the request on deeper than [`crate::sim::NESTING_LIMIT`] allows.
    ///
    /// A task passes a cancellation on to the future it awaits, and a
    /// `gather` to its children, so a task awaiting a `gather` of itself
    /// passes it round for ever; CPython stops that with a `RecursionError`
    /// out of `cancel()`, leaving everything where the error found it.
    pub fn try_cancel(&mut self, f: FutureId, msg: Option<String>) -> Result<bool, V> {
        self.enter_nested(1, "maximum recursion depth exceeded")?;
        let r = if let Some(t) = self.future_task(f) {
            self.task_cancel(t, msg)
        } else if let Some(g) = self.fut(f).and_then(|s| s.gather) {
            self.gather_cancel(f, g, msg)
        } else {
            Ok(self.future_cancel(f, msg, None))
        };
        self.leave_nested(1);
        r
    }

    fn schedule_callbacks(&mut self, f: FutureId) {
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return;
        };
        let cbs = std::mem::replace(&mut slot.callbacks, Callbacks::None);
        let waiters = std::mem::take(&mut slot.thread_waiters);
        let concurrent = slot.concurrent;
        let schedule = |sim: &mut Self, cb| {
            if concurrent {
                sim.run_concurrent_callback(f, cb);
            } else {
                sim.queue_done_callback(f, cb);
            }
        };
        // Most futures have exactly one callback (the waiting task's wakeup),
        // kept inline rather than in a list.
        match cbs {
            Callbacks::None => {}
            Callbacks::One(cb) => schedule(self, cb),
            Callbacks::Many(v) => v.into_iter().for_each(|cb| schedule(self, cb)),
        }
        for th in waiters {
            let sent = self.outcome(f);
            let seq = self.next_seq();
            let t = &mut self.threads[th.0 as usize];
            if t.state == TState::BlockedOn(f) {
                t.state = TState::Ready;
                t.resume = Some(sent);
                t.ready_seq = seq;
                self.note_runnable(th);
            }
        }
    }

    fn queue_done_callback(&mut self, f: FutureId, cb: DoneCb<V>) {
        let kind = match &cb {
            DoneCb::Wakeup(t) => HandleKind::Wakeup(*t),
            _ => HandleKind::DoneCallback(f),
        };
        self.soon(Cb::Done(f, cb), kind);
    }

    /// Registers an internal done-callback (scheduled at once if already done).
    pub(crate) fn add_done(&mut self, f: FutureId, cb: DoneCb<V>) {
        if self.done(f) {
            if self.fut(f).is_some_and(|s| s.concurrent) {
                self.run_concurrent_callback(f, cb);
            } else {
                self.queue_done_callback(f, cb);
            }
        } else if let Some(slot) = self.futures.get_mut(f.0 as usize) {
            slot.callbacks.push(cb);
        }
    }

    /// Removes internal callbacks matching `pred`; returns how many.
    pub(crate) fn remove_done(&mut self, f: FutureId, pred: impl Fn(&DoneCb<V>) -> bool) -> usize {
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return 0;
        };
        let before = slot.callbacks.len();
        slot.callbacks.retain(|c| !pred(c));
        before - slot.callbacks.len()
    }

    /// `fut.add_done_callback(cb)`; `key` identifies the callable for removal.
    pub fn add_done_callback(&mut self, f: FutureId, key: u64, cb: Box<dyn Coroutine<V>>) {
        self.add_done(f, DoneCb::Host { key, cb });
    }

    /// `fut.remove_done_callback(cb)`: the number of callbacks removed.
    pub fn remove_done_callback(&mut self, f: FutureId, key: u64) -> usize {
        self.remove_done(f, |c| matches!(c, DoneCb::Host { key: k, .. } if *k == key))
    }

    /// Registers the current thread to wake when `f` is done (`BlockOn`).
    pub(crate) fn add_thread_waiter(&mut self, f: FutureId, th: crate::coro::ThreadId) {
        if let Some(slot) = self.futures.get_mut(f.0 as usize) {
            slot.thread_waiters.push(th);
        }
    }

    /// Runs a callback of a concurrent future in the completing thread.
    ///
    /// A host callback may complete or cancel another concurrent future,
    /// whose callbacks then run inside this one: the nesting is bounded, and
    /// a callback that would pass the bound is reported as raising
    /// `RecursionError`, as `concurrent.futures` logs a callback that raised.
    fn run_concurrent_callback(&mut self, f: FutureId, cb: DoneCb<V>) {
        let cost = if matches!(cb, DoneCb::Host { .. }) {
            crate::sim::HOST_NESTING
        } else {
            1
        };
        if let Err(e) = self.enter_nested(cost, "maximum recursion depth exceeded") {
            self.report_callback_error(&e);
            return;
        }
        self.run_concurrent_callback_now(f, cb);
        self.leave_nested(cost);
    }

    /// `concurrent.futures`' log of a done-callback that raised.
    fn report_callback_error(&mut self, e: &V) {
        self.report_logged(
            "concurrent.futures",
            "exception calling callback for future",
            e,
        );
    }

    fn run_concurrent_callback_now(&mut self, f: FutureId, cb: DoneCb<V>) {
        match cb {
            DoneCb::ChainToLoop(dest) => {
                // `_chain_future`: the worker posts `_set_state` to the loop with `call_soon_threadsafe`.
                if self.lp.is_some() && !self.done(dest) {
                    self.soon(Cb::CopyState(dest, f), HandleKind::Threadsafe(dest));
                }
            }
            DoneCb::Host { mut cb, .. } => {
                let step = cb.resume(self, Sent::Value(V::future(f)));
                if let crate::coro::Step::Raise(e) = step {
                    self.report_callback_error(&e);
                }
            }
            other => {
                if let Err(e) = self.run_internal_done(f, other) {
                    self.report_callback_error(&e);
                }
            }
        }
    }

    /// `_set_state(dest, source)` of `_chain_future`, run on the loop.
    pub(crate) fn copy_state(&mut self, dest: FutureId, src: FutureId) {
        if self.cancelled(dest) {
            return;
        }
        let state = match self.fut(src).map(|s| &s.state) {
            Some(FState::Result(v)) => FState::Result(v.clone()),
            Some(FState::Exception(e)) => FState::Exception(e.clone()),
            Some(FState::Cancelled { msg, .. }) => FState::Cancelled {
                msg: msg.clone(),
                exc: None,
            },
            _ => return,
        };
        if let Some(s) = self.futures.get_mut(src.0 as usize) {
            s.log_traceback = false;
        }
        let _ = self.complete(dest, state);
    }

    /// Runs a model-internal done-callback; Err is an exception that
    /// escaped it (a `RecursionError` of a cancellation it passed on).
    pub(crate) fn run_internal_done(&mut self, f: FutureId, cb: DoneCb<V>) -> Result<(), V> {
        match cb {
            DoneCb::Wakeup(t) => {
                self.task_wakeup(t, f);
            }
            DoneCb::Host { cb, .. } => {
                self.drive_callback(cb, Sent::Value(V::future(f)), Some(f));
            }
            DoneCb::Gather(g) => self.gather_child_done(g, f),
            DoneCb::ShieldInner(outer) => self.shield_inner_done(f, outer),
            DoneCb::ShieldOuter(inner) => {
                self.remove_done(inner, |c| matches!(c, DoneCb::ShieldInner(o) if *o == f));
            }
            DoneCb::Wait(w) => self.wait_child_done(w, f),
            DoneCb::AsCompleted(a) => self.as_completed_child_done(a, f),
            DoneCb::TaskGroup(g) => return self.taskgroup_task_done(g, f),
            DoneCb::StopLoop => {
                if !self.cancelled(f) {
                    let _ = self.exception(f);
                }
                if let Some(lp) = self.lp.as_mut() {
                    lp.stopping = true;
                }
            }
            DoneCb::ChainToLoop(dest) => self.copy_state(dest, f),
            DoneCb::Release(w) => {
                if !self.done(w) {
                    let _ = self.set_result(w, V::none());
                }
            }
            DoneCb::ChainCancel(src) => {
                if self.cancelled(f) {
                    self.future_cancel(src, None, None);
                }
            }
        }
        Ok(())
    }

    /// The host dropped its last reference to `f`: report an unretrieved exception now.
    pub fn release_future(&mut self, f: FutureId) {
        self.report_if_unretrieved(f);
    }

    /// The host dropped its last reference to a task that may still be
    /// pending (`asyncio.create_task(coro)` as a statement): CPython frees
    /// it, and reports an exception nobody retrieved, right after the step
    /// in which it fails, unless a done-callback still holds it.
    pub fn release_when_done(&mut self, f: FutureId) {
        if self.done(f) {
            self.report_if_unretrieved(f);
        } else if let Some(slot) = self.futures.get_mut(f.0 as usize) {
            slot.release_on_done = true;
        }
    }

    /// After the last step of a task no done-callback holds: the report
    /// [`Sim::release_when_done`] asked for.
    pub(crate) fn release_if_dropped(&mut self, f: FutureId) {
        if self.fut(f).is_some_and(|s| s.release_on_done) {
            self.report_if_unretrieved(f);
        }
    }

    fn report_if_unretrieved(&mut self, f: FutureId) {
        let Some(slot) = self.futures.get_mut(f.0 as usize) else {
            return;
        };
        if slot.released {
            return;
        }
        slot.released = true;
        if !slot.log_traceback {
            return;
        }
        let FState::Exception(e) = slot.state.clone() else {
            return;
        };
        let msg = match slot.task {
            Some(t) => format!(
                "Task exception was never retrieved\nfuture: <Task finished name='{}' coro=<{}> exception={}>",
                self.tasks[t.0 as usize].name,
                self.task_coro_repr(t),
                e.describe()
            ),
            None => {
                let class = if slot.gather.is_some() {
                    "_GatheringFuture"
                } else {
                    "Future"
                };
                format!(
                    "{class} exception was never retrieved\nfuture: <{class} finished exception={}>",
                    e.describe()
                )
            }
        };
        self.report_to_loop(&msg, &e, crate::reports::ReportAbout::Future(f));
    }

    /// Reports every done future whose exception was never retrieved (end of `asyncio.run`).
    pub(crate) fn report_unretrieved(&mut self) {
        for i in 0..self.futures.len() {
            if !self.futures[i].concurrent {
                self.report_if_unretrieved(FutureId(i as u32));
            }
        }
    }
}
