//! The event loop: handles, `call_soon`/`call_later`, and `_run_once`.
//!
//! One iteration follows `BaseEventLoop._run_once`: drop cancelled timers at
//! the head of the heap, wait (jump the clock) only when nothing is ready,
//! move every timer due before `now + 1e-9` to the ready deque, then run
//! exactly the `ntodo` handles that were ready at that moment.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, ThreadId, Value};
use crate::sim::{Cb, Cont, DoneCb, HandleSlot, LoopRun, RunnerPhase, Sim, TState};
use crate::trace::{EventKind, HandleId, HandleKind, Sym};

/// `time.get_clock_info('monotonic').resolution` on Linux, added to `now` to find due timers.
const CLOCK_RESOLUTION: f64 = 1e-9;

impl<V: Value> Sim<V> {
    fn new_handle(&mut self, cb: Cb<V>, when: Option<f64>) -> HandleId {
        let id = HandleId(self.handles.len() as u32);
        self.handles.push(HandleSlot {
            cb: Some(cb),
            cancelled: false,
            when,
            span: self.span,
        });
        id
    }

    /// Queues an internal callback at the end of the ready deque.
    pub(crate) fn soon(&mut self, cb: Cb<V>, kind: HandleKind) -> HandleId {
        let h = self.new_handle(cb, None);
        self.ready.push_back(h);
        self.emit(EventKind::HandleQueued { handle: h, kind });
        // A callback posted from another thread wakes the loop out of `select`:
        // it becomes runnable behind the threads already runnable (API.md rule 3).
        if self.cur_thread.0 != 0
            && self
                .threads
                .first()
                .is_some_and(|t| t.state == TState::LoopWait)
        {
            self.make_ready(ThreadId(0), None);
        }
        h
    }

    /// Schedules an internal callback at an absolute loop time.
    pub(crate) fn at(&mut self, when: f64, cb: Cb<V>, kind: HandleKind) -> HandleId {
        let h = self.new_handle(cb, Some(when));
        self.timers.push(when, h);
        self.emit(EventKind::TimerSet {
            handle: h,
            when,
            kind,
        });
        h
    }

    /// The callback's name for its `HandleQueued`/`TimerSet` event, made
    /// only when the trace keeps that event.
    fn callback_sym(&mut self, cb: &dyn Coroutine<V>) -> Sym {
        if self.records_all() {
            self.sym(&cb.name())
        } else {
            Sym(0)
        }
    }

    /// `loop.call_soon(cb)`: runs the host callback in the next iteration.
    pub fn call_soon(&mut self, cb: Box<dyn Coroutine<V>>) -> HandleId {
        let kind = HandleKind::Callback(self.callback_sym(cb.as_ref()));
        self.soon(Cb::Host(cb), kind)
    }

    /// Lets the host supply `loop.shutdown_asyncgens()`, which `asyncio.run`
    /// runs as a task of its own after cancelling the remaining tasks (the
    /// host knows its async generators; without this the task finishes in
    /// its first step, as it does when there are none).
    pub fn set_shutdown_asyncgens(&mut self, make: crate::sim::AsyncgenShutdown<V>) {
        self.shutdown_asyncgens = Some(make);
    }

    /// `loop.call_soon_threadsafe(cb)`: the same, from any thread.
    pub fn call_soon_threadsafe(&mut self, cb: Box<dyn Coroutine<V>>) -> HandleId {
        self.call_soon(cb)
    }

    /// `loop.call_later(delay, cb)`: `call_at(time() + delay)`.
    pub fn call_later(&mut self, delay: f64, cb: Box<dyn Coroutine<V>>) -> HandleId {
        let when = self.now + delay;
        self.call_at(when, cb)
    }

    /// `loop.call_at(when, cb)`.
    pub fn call_at(&mut self, when: f64, cb: Box<dyn Coroutine<V>>) -> HandleId {
        let kind = HandleKind::Callback(self.callback_sym(cb.as_ref()));
        self.at(when, Cb::Host(cb), kind)
    }

    /// `handle.cancel()`: the handle stays queued and is skipped when reached.
    pub fn handle_cancel(&mut self, h: HandleId) {
        let Some(slot) = self.handles.get_mut(h.0 as usize) else {
            return;
        };
        if slot.cancelled || slot.cb.is_none() {
            return;
        }
        slot.cancelled = true;
        // Dropping the callback releases what it holds, as CPython's `Handle.cancel` does.
        slot.cb = None;
        self.emit(EventKind::HandleCancelled { handle: h });
    }

    /// `handle.cancelled()`.
    pub fn handle_cancelled(&self, h: HandleId) -> bool {
        self.handles.get(h.0 as usize).is_some_and(|s| s.cancelled)
    }

    /// `timer_handle.when()` (`None` for plain handles).
    pub fn handle_when(&self, h: HandleId) -> Option<f64> {
        self.handles.get(h.0 as usize).and_then(|s| s.when)
    }

    /// Whether an event loop is running (inside `asyncio.run`).
    pub fn loop_running(&self) -> bool {
        self.lp.is_some()
    }

    /// Starts `asyncio.run(coro)` on the main thread.
    pub(crate) fn start_loop(&mut self, coro: Box<dyn Coroutine<V>>) {
        self.emit(EventKind::LoopStart);
        // `asyncio.run` makes a loop of its own.
        self.loop_new();
        let task = self.new_task(coro, None);
        self.lp = Some(LoopRun {
            ntodo: None,
            stopping: false,
            runner: RunnerPhase::Main,
            main_task: Some(task),
            cont: None,
            running: None,
            to_cancel: Vec::new(),
            idle_emitted: false,
        });
        let fut = self.task_future(task);
        self.run_until_complete(fut);
    }

    /// `loop.run_until_complete(fut)`: stop the loop once `fut` is done.
    fn run_until_complete(&mut self, fut: FutureId) {
        self.add_done(fut, DoneCb::StopLoop);
        if let Some(lp) = self.lp.as_mut() {
            lp.stopping = false;
            lp.ntodo = None;
        }
    }

    /// The deadline the loop thread waits for in `select`, if any.
    pub(crate) fn loop_deadline(&self) -> Option<f64> {
        self.timers.peek().map(|t| t.when)
    }

    /// Runs one unit of work of the loop thread: continue a paused handle,
    /// run the next handle of this iteration, or begin the next iteration.
    pub(crate) fn loop_unit(&mut self) {
        let cont = self.lp.as_mut().and_then(|lp| lp.cont.take());
        if let Some(cont) = cont {
            let sent = self.threads[0]
                .resume
                .take()
                .unwrap_or(Sent::Value(V::none()));
            let finished = match cont {
                Cont::Task(t) => self.drive_task(t, sent),
                Cont::Callback(cb, arg) => self.drive_callback(cb, sent, arg),
            };
            if finished {
                self.finish_handle();
            }
            return;
        }
        let Some(lp) = self.lp.as_mut() else { return };
        match lp.ntodo {
            Some(n) if n > 0 => {
                lp.ntodo = Some(n - 1);
                let Some(h) = self.ready.pop_front() else {
                    if let Some(lp) = self.lp.as_mut() {
                        lp.ntodo = Some(0);
                    }
                    return;
                };
                self.run_handle(h);
            }
            Some(_) if lp.stopping => self.loop_stopped(),
            _ => self.begin_iteration(),
        }
    }

    fn finish_handle(&mut self) {
        let h = self.lp.as_mut().and_then(|lp| lp.running.take());
        self.cur_task = None;
        if let Some(h) = h {
            self.span = self.handles[h.0 as usize].span;
            self.emit(EventKind::HandleDone { handle: h });
        }
    }

    fn begin_iteration(&mut self) {
        // Cancelled timers at the head of the heap are dropped first so that
        // they do not shorten the wait.
        while let Some(t) = self.timers.peek() {
            if !self.handles[t.handle.0 as usize].cancelled {
                break;
            }
            self.timers.pop();
            self.span = self.handles[t.handle.0 as usize].span;
            self.emit(EventKind::TimerDropped {
                handle: t.handle,
                when: t.when,
            });
        }
        let stopping = self.lp.as_ref().is_some_and(|lp| lp.stopping);
        // A timer at NaN is due at once, as in CPython, where `when >= end`
        // is false for it (and the `select` timeout computed from it is 0).
        if self.ready.is_empty()
            && !stopping
            && !self
                .timers
                .peek()
                .is_some_and(|t| t.when <= self.now || t.when.is_nan())
        {
            // Nothing to do now: wait in `select` until a timer falls due or
            // another thread posts a callback.
            self.threads[0].state = TState::LoopWait;
            let first = self
                .lp
                .as_mut()
                .map(|lp| !std::mem::replace(&mut lp.idle_emitted, true))
                .unwrap_or(false);
            if first {
                self.span = Default::default();
                self.emit(EventKind::LoopIdle);
            }
            return;
        }
        if let Some(lp) = self.lp.as_mut() {
            lp.idle_emitted = false;
        }
        let end = self.now + CLOCK_RESOLUTION;
        while let Some(t) = self.timers.peek() {
            if t.when >= end {
                break;
            }
            self.timers.pop();
            // CPython appends due timers even if cancelled meanwhile; they are skipped when reached.
            self.ready.push_back(t.handle);
            self.span = self.handles[t.handle.0 as usize].span;
            self.emit(EventKind::TimerFired {
                handle: t.handle,
                when: t.when,
            });
        }
        let ntodo = self.ready.len() as u32;
        self.span = Default::default();
        self.emit(EventKind::Iteration { ntodo });
        if let Some(lp) = self.lp.as_mut() {
            lp.ntodo = Some(ntodo);
        }
    }

    fn run_handle(&mut self, h: HandleId) {
        let slot = &mut self.handles[h.0 as usize];
        self.span = slot.span;
        let cb = slot.cb.take();
        let Some(cb) = cb.filter(|_| !slot.cancelled) else {
            self.emit(EventKind::HandleSkipped { handle: h });
            return;
        };
        self.emit(EventKind::HandleRun { handle: h });
        if let Some(lp) = self.lp.as_mut() {
            lp.running = Some(h);
        }
        let finished = match cb {
            Cb::Step(t, exc) => self.task_step(t, exc),
            Cb::Done(f, DoneCb::Wakeup(t)) => self.task_wakeup(t, f),
            Cb::Done(f, DoneCb::Host { cb, .. }) => {
                self.drive_callback(cb, Sent::Value(V::future(f)), Some(f))
            }
            Cb::Done(f, other) => {
                let name = internal_callback_name(&other);
                if let Err(e) = self.run_internal_done(f, other) {
                    let msg = self.handle_report(name);
                    let about = self.running_about();
                    self.report_to_loop(&msg, &e, about);
                }
                true
            }
            Cb::Host(cb) => self.drive_callback(cb, Sent::Start, None),
            Cb::SetResultUnlessCancelled(f, v) => {
                if !self.done(f) {
                    let _ = self.set_result(f, v);
                }
                true
            }
            Cb::CopyState(dest, src) => {
                self.copy_state(dest, src);
                true
            }
            Cb::TimeoutFire(n) => {
                if let Err(e) = self.timeout_fire(n) {
                    let msg = self.handle_report("Timeout._on_timeout()");
                    let about = self.running_about();
                    self.report_to_loop(&msg, &e, about);
                }
                true
            }
            Cb::WaitTimeout(n) => {
                self.wait_timeout(n);
                true
            }
            Cb::AsCompletedTimeout(n) => {
                self.as_completed_timeout(n);
                true
            }
        };
        if finished {
            self.finish_handle();
        }
    }

    /// Runs a host callback on the loop thread; false if it blocked the thread.
    ///
    /// `arg` is the future a done-callback is called with (for reports).
    pub(crate) fn drive_callback(
        &mut self,
        mut cb: Box<dyn Coroutine<V>>,
        mut sent: Sent<V>,
        arg: Option<FutureId>,
    ) -> bool {
        self.cur_task = None;
        loop {
            let step = cb.resume(self, sent);
            match step {
                Step::Return(_) => return true,
                Step::Raise(e) => {
                    let msg = self.callback_report(cb.as_ref(), arg);
                    let about = self.running_about();
                    self.report_to_loop(&msg, &e, about);
                    return true;
                }
                Step::Await(_) | Step::Yield => {
                    let e = Self::exc(ExcKind::Runtime, "a callback cannot await");
                    let msg = self.callback_report(cb.as_ref(), arg);
                    let about = self.running_about();
                    self.report_to_loop(&msg, &e, about);
                    return true;
                }
                Step::RunLoop(_) => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "asyncio.run() cannot be called from a running event loop",
                    ))
                }
                Step::Loop(_) => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "This event loop is already running",
                    ))
                }
                blocking => match self.suspend(ThreadId(0), blocking) {
                    Some(s) => sent = s,
                    None => {
                        if let Some(lp) = self.lp.as_mut() {
                            lp.cont = Some(Cont::Callback(cb, arg));
                        }
                        return false;
                    }
                },
            }
        }
    }

    /// The first lines of the loop's report of a callback that raised:
    /// `Exception in callback cb(1) at main.py:5` and `handle: <Handle ...>`,
    /// as `Handle._run` passes them to the default exception handler.
    fn callback_report(&self, cb: &dyn Coroutine<V>, arg: Option<FutureId>) -> String {
        self.handle_report(&self.callback_source(cb, arg))
    }

    /// `cb(1) at main.py:5`: the callback as asyncio's reprs show it.
    fn callback_source(&self, cb: &dyn Coroutine<V>, arg: Option<FutureId>) -> String {
        let extra = arg.map(V::future);
        let call = cb
            .call_repr(self, extra.as_ref())
            .unwrap_or_else(|| format!("{}()", cb.name()));
        match cb.defined_at() {
            Some(at) => format!("{call} at {at}"),
            None => call,
        }
    }

    /// The repr of a handle the program holds (`<Handle cb(1) at
    /// main.py:5>`, `<TimerHandle when=0.5 cb() at main.py:5>`, `<Handle
    /// cancelled>`), or `None` once its callback has run and is gone.
    pub fn handle_repr(&self, h: HandleId) -> Option<String> {
        let slot = self.handles.get(h.0 as usize)?;
        let class = if slot.when.is_some() {
            "TimerHandle"
        } else {
            "Handle"
        };
        let mut info = vec![class.to_string()];
        if slot.cancelled {
            info.push("cancelled".into());
        }
        if let Some(w) = slot.when {
            info.push(format!("when={}", py_float_repr(w)));
        }
        match &slot.cb {
            Some(Cb::Host(cb)) => info.push(self.callback_source(cb.as_ref(), None)),
            Some(_) => return None,
            None if !slot.cancelled => return None,
            None => {}
        }
        Some(format!("<{}>", info.join(" ")))
    }

    /// `Exception in callback SOURCE` and `handle: <Handle SOURCE>` (a
    /// `TimerHandle` with its deadline for a timer) for the running handle.
    fn handle_report(&self, source: &str) -> String {
        let when = self
            .lp
            .as_ref()
            .and_then(|lp| lp.running)
            .and_then(|h| self.handles.get(h.0 as usize))
            .and_then(|h| h.when);
        let handle = match when {
            Some(w) => format!("<TimerHandle when={} {source}>", py_float_repr(w)),
            None => format!("<Handle {source}>"),
        };
        format!("Exception in callback {source}\nhandle: {handle}")
    }

    /// The handle running now, for a report's context (`'handle'`).
    fn running_about(&self) -> crate::reports::ReportAbout {
        match self.lp.as_ref().and_then(|lp| lp.running) {
            Some(h) => crate::reports::ReportAbout::Handle(h),
            None => crate::reports::ReportAbout::Nothing,
        }
    }

    /// Reports an exception nobody handles, as the loop's default exception handler does.
    pub(crate) fn report_exception(&mut self, message: &str, e: &V) {
        let value = self.sym(&e.describe());
        self.emit(EventKind::Exception { value });
        // Past the output limit a report is not even made: many reports
        // of one long message would otherwise build gigabytes.
        if !self.output_room(0) {
            return;
        }
        let text = format!("{message}\n{}", e.format_exception());
        if self.output_room(text.len()) {
            self.eprint(&text);
        }
    }

    /// Whether `bytes` more may be written, by the host's count (see
    /// [`Sim::set_output_gate`]); always without one.
    fn output_room(&self, bytes: usize) -> bool {
        self.output_gate.as_ref().is_none_or(|gate| gate(bytes))
    }

    /// Reports `e` as CPython's `logger.error(message, exc_info=e)` on
    /// `logger` does: the first lines as the host's logging words them (see
    /// [`Sim::set_log_hook`]; the bare message without one), then the
    /// traceback, unless the logging configuration drops the record.
    pub(crate) fn report_logged(&mut self, logger: &str, message: &str, e: &V) {
        let value = self.sym(&e.describe());
        self.emit(EventKind::Exception { value });
        if !self.output_room(0) {
            return;
        }
        let line = match &self.log_hook {
            Some(hook) => hook(self, logger, message),
            None => Some(message.to_string()),
        };
        if let Some(line) = line {
            let text = format!("{line}\n{}", e.format_exception());
            if self.output_room(text.len()) {
                self.eprint(&text);
            }
        }
    }

    /// Lets the host count the reports the model writes itself against its
    /// output limit: `gate` is asked with 0 before a report is made (is
    /// there room at all?), then with the report's size in bytes, and
    /// says whether it may be written.
    pub fn set_output_gate(&mut self, gate: crate::sim::OutputGate) {
        self.output_gate = Some(gate);
    }

    /// Lets the host's logging word the reports CPython logs (the loop's
    /// default exception handler on the `asyncio` logger, a failed
    /// callback of a `concurrent.futures` future on that one): `hook`
    /// turns a logger's name and message into the line written, or `None`
    /// to drop it.
    pub fn set_log_hook(&mut self, hook: crate::sim::LogHook<V>) {
        self.log_hook = Some(hook);
    }

    /// The current `run_until_complete` finished its last iteration.
    fn loop_stopped(&mut self) {
        self.span = Default::default();
        self.emit(EventKind::LoopStop);
        let Some(lp) = self.lp.as_mut() else { return };
        lp.stopping = false;
        lp.ntodo = None;
        match lp.runner {
            RunnerPhase::Main => self.shutdown_begin(),
            RunnerPhase::Until(_) | RunnerPhase::Forever => {
                let phase = lp.runner;
                self.loop_call_stopped(phase);
            }
            RunnerPhase::CancelAll => {
                let to_cancel = std::mem::take(&mut lp.to_cancel);
                for t in to_cancel {
                    let f = self.task_future(t);
                    if self.cancelled(f) {
                        continue;
                    }
                    if let Ok(Some(e)) = self.exception(f) {
                        self.report_to_loop(
                            "unhandled exception during asyncio.run() shutdown",
                            &e,
                            crate::reports::ReportAbout::Task(t),
                        );
                    }
                }
                self.loop_stopped_after_cancel();
            }
            RunnerPhase::AsyncGens => {
                if let Some(lp) = self.lp.as_mut() {
                    lp.runner = RunnerPhase::DefaultExecutor;
                }
                let coro = self.shutdown_default_executor_coro();
                let f = self.internal_task(coro);
                self.run_until_complete(f);
            }
            RunnerPhase::DefaultExecutor => self.close_loop(),
        }
    }

    /// `_cancel_all_tasks`: cancels every task left and runs the loop until
    /// they are all done (or goes on at once when there are none).
    pub(crate) fn shutdown_begin(&mut self) {
        if let Some(lp) = self.lp.as_mut() {
            lp.runner = RunnerPhase::CancelAll;
        }
        let to_cancel = self.all_tasks();
        if to_cancel.is_empty() {
            self.loop_stopped_after_cancel();
            return;
        }
        for &t in &to_cancel {
            let f = self.task_future(t);
            // A `RecursionError` here would escape `asyncio.run` in
            // CPython; the model cancels the other tasks and goes on
            // shutting down, which ends the same way for the reader
            // only when nothing else is pending.
            self.cancel(f, None);
        }
        let futs: Vec<FutureId> = to_cancel.iter().map(|&t| self.task_future(t)).collect();
        if let Some(lp) = self.lp.as_mut() {
            lp.to_cancel = to_cancel;
        }
        let g = self.gather(futs, true);
        self.run_until_complete(g);
    }

    fn loop_stopped_after_cancel(&mut self) {
        if let Some(lp) = self.lp.as_mut() {
            lp.runner = RunnerPhase::AsyncGens;
        }
        // `loop.shutdown_asyncgens()` runs as a task of its own; with no
        // async generators it finishes in its first step.
        let coro: Box<dyn Coroutine<V>> = match self.shutdown_asyncgens.as_mut() {
            Some(make) => make(),
            None => Box::new(crate::library::Immediate::new("shutdown_asyncgens")),
        };
        let f = self.internal_task(coro);
        self.run_until_complete(f);
    }

    fn close_loop(&mut self) {
        let Some(lp) = self.lp.take() else { return };
        self.ready.clear();
        self.timers.clear();
        let current = self.life.current;
        self.life.open.remove(&current);
        self.emit(EventKind::LoopClose);
        self.report_unretrieved();
        let sent = match lp.main_task.map(|t| self.task_future(t)) {
            Some(f) => match self.result(f) {
                Ok(v) => Sent::Value(v),
                Err(e) => Sent::Throw(e),
            },
            None => Sent::Value(V::none()),
        };
        let th = &mut self.threads[0];
        th.resume = Some(sent);
        th.state = TState::Ready;
        self.note_runnable(ThreadId(0));
    }
}

/// How CPython's reports name a model-internal done-callback.
fn internal_callback_name<V: Value>(cb: &DoneCb<V>) -> &'static str {
    match cb {
        DoneCb::TaskGroup(_) => "TaskGroup._on_task_done()",
        DoneCb::Gather(_) => "gather.<locals>._done_callback()",
        DoneCb::ShieldInner(_) => "shield.<locals>._inner_done_callback()",
        DoneCb::ShieldOuter(_) => "shield.<locals>._outer_done_callback()",
        DoneCb::Wait(_) => "_wait.<locals>._on_completion()",
        DoneCb::AsCompleted(_) => "as_completed.<locals>._on_completion()",
        DoneCb::ChainToLoop(_) | DoneCb::ChainCancel(_) => {
            "_chain_future.<locals>._call_check_cancel()"
        }
        DoneCb::Release(_) => "_release_waiter()",
        DoneCb::StopLoop => "_run_until_complete_cb()",
        DoneCb::Wakeup(_) | DoneCb::Host { .. } => "Task.task_wakeup()",
    }
}

/// Python's `repr(float)`: the shortest text that reads back the same, with
/// Python's exponent form (`1e-05`, `1e+16`) where Rust writes `1e-5`, `1e16`.
pub(crate) fn py_float_repr(x: f64) -> String {
    let abs = x.abs();
    if x.is_finite() && x != 0.0 && !(1e-4..1e16).contains(&abs) {
        let s = format!("{x:e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match exp.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exp),
        };
        return format!("{mant}e{sign}{digits:0>2}");
    }
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    format!("{x:?}")
}
