//! The thread scheduler: which thread runs next, blocking calls, and the clock.
//!
//! Python code takes no virtual time unless `cpu_speed` is set, so threads
//! are interleaved by a fixed rule (see API.md, "Rules where CPython is
//! racy"): the running thread keeps going until it waits; then the threads
//! that became runnable run one at a time in the order they became runnable;
//! the loop thread waiting in `select` resumes last.  When nothing can run,
//! the clock jumps to the next deadline (a timer, the end of a blocking call,
//! the end of CPU work, a forced GIL switch).

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, ThreadId, Value};
use crate::sim::{Outcome, RunResult, Sim, TState, ThreadSlot, Waiter};
use crate::trace::{EventKind, LimitKind, ThreadKind};

/// A thread in a blocking call, ordered as [`Sim::advance_time`] releases
/// them: by the end of the call (`f64::total_cmp`), the main thread after
/// the others, then by the order they started waiting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SleepKey {
    until: f64,
    main: bool,
    seq: u64,
    thread: u32,
}

impl Eq for SleepKey {}

impl PartialOrd for SleepKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SleepKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.until
            .total_cmp(&other.until)
            .then(self.main.cmp(&other.main))
            .then(self.seq.cmp(&other.seq))
            .then(self.thread.cmp(&other.thread))
    }
}

/// Which timed wait ends next.
#[derive(Clone, Copy)]
enum Wake {
    /// A thread's blocking call or CPU work.
    Thread(usize),
    /// A forced GIL switch.
    Gil,
    /// The loop's `select` timeout (its next timer).
    Loop,
}

impl<V: Value> Sim<V> {
    /// Runs the module body on the main thread until the program ends, a limit is hit, or it deadlocks.
    pub fn run_program(&mut self, body: Box<dyn Coroutine<V>>) -> RunResult<V> {
        if let Err(refused) = self.start_program(body) {
            return refused;
        }
        loop {
            if let Some(result) = self.resume_program(|_| false) {
                return result;
            }
        }
    }

    /// Starts the module body on the main thread without running it: then
    /// [`Sim::resume_program`] runs it, in one go or in slices.  A model
    /// runs one program only; `Err` says so for a second one.
    pub fn start_program(&mut self, body: Box<dyn Coroutine<V>>) -> Result<(), RunResult<V>> {
        if !self.threads.is_empty() {
            return Err(RunResult {
                outcome: Outcome::Raised(Self::exc(
                    ExcKind::Runtime,
                    "run_program may only be called once",
                )),
                end_time: self.now,
                events: self.emitted,
            });
        }
        self.span = Default::default();
        self.emit(EventKind::ProgramStart);
        let main = self.add_thread(ThreadKind::Main, "MainThread".to_string(), 0, Some(body));
        self.threads[main.0 as usize].resume = Some(Sent::Start);
        Ok(())
    }

    /// The work the host does as the interpreter finalises (CPython
    /// clears `__main__`'s variables, which closes the generators left
    /// suspended in them): once the module body has returned or raised and
    /// every other thread has ended, unless a limit stopped the run, `make`
    /// is called, and the coroutine it makes runs on the main thread (none:
    /// nothing to do, and the trace has no trace of it).  What that
    /// coroutine returns or raises is not the program's.
    pub fn set_at_exit(&mut self, make: crate::sim::AtExit<V>) {
        self.at_exit = Some(make);
    }

    /// Whether every thread has ended (idle executor workers count as ended:
    /// they are joined at interpreter exit).
    fn threads_ended(&self) -> bool {
        self.threads
            .iter()
            .all(|t| matches!(t.state, TState::Done | TState::Idle))
    }

    /// Starts the host's finalisation if its time has come (see [`Sim::set_at_exit`]).
    fn start_at_exit(&mut self) -> bool {
        if self.halt.is_some() || self.lp.is_some() || self.main_result.is_none() {
            return false;
        }
        if !self.threads_ended() {
            return false;
        }
        let Some(body) = self.at_exit.take().and_then(|make| make()) else {
            return false;
        };
        self.exiting = true;
        self.threads[0].job = Some(body);
        self.make_ready(ThreadId(0), Some(Sent::Start));
        true
    }

    /// Runs the started program until it ends (`Some`, as
    /// [`Sim::run_program`] would have) or until `pause`, asked between two
    /// scheduling units with the number of events so far, says to pause
    /// (`None`).  Calling it again goes on where it paused, so a host can
    /// run a long program in slices and attend to other work in between
    /// without changing what the program does.
    pub fn resume_program(&mut self, mut pause: impl FnMut(usize) -> bool) -> Option<RunResult<V>> {
        loop {
            if self.halt.is_some() {
                break;
            }
            if let Some(th) = self.pick() {
                if let Some(r) = self.run_unit(th) {
                    if !self.exiting {
                        self.main_result = Some(r);
                    }
                }
                if pause(self.emitted) {
                    return None;
                }
                continue;
            }
            if !self.advance_time() {
                if self.start_at_exit() {
                    continue;
                }
                break;
            }
        }
        let main_result = self.main_result.take();
        self.cur_thread = ThreadId(0);
        self.cur_task = None;
        self.span = Default::default();
        let outcome = if let Some(kind) = self.halt {
            Outcome::Limit(kind)
        } else if let Some(r) = main_result.filter(|_| self.threads_ended()) {
            // Idle executor workers are joined at interpreter exit (`_python_exit`).
            for i in 0..self.threads.len() {
                if self.threads[i].state == TState::Idle {
                    self.threads[i].state = TState::Done;
                    self.emit(EventKind::ThreadEnded {
                        thread: ThreadId(i as u32),
                    });
                }
            }
            self.emit(EventKind::ProgramEnd);
            match r {
                Ok(()) => Outcome::Ok,
                Err(e) => Outcome::Raised(e),
            }
        } else {
            let waiters = self.waiters();
            self.emit(EventKind::Deadlock);
            Outcome::Deadlock(waiters)
        };
        Some(RunResult {
            outcome,
            end_time: self.now,
            events: self.emitted,
        })
    }

    pub(crate) fn add_thread(
        &mut self,
        kind: ThreadKind,
        name: String,
        process: u32,
        job: Option<Box<dyn Coroutine<V>>>,
    ) -> ThreadId {
        let id = ThreadId(self.threads.len() as u32);
        let seq = self.next_seq();
        self.threads.push(ThreadSlot {
            kind,
            name: name.clone(),
            process,
            state: TState::Ready,
            job,
            job_id: None,
            job_fut: None,
            resume: None,
            ready_seq: seq,
            executor: None,
            done_fut: None,
            compute_left: 0.0,
            compute_target: 0.0,
            gil_since: 0.0,
            blocked: false,
            span: self.span,
        });
        self.note_runnable(id);
        let name = self.sym(&name);
        self.emit(EventKind::ThreadStarted {
            thread: id,
            kind,
            name,
        });
        id
    }

    /// Makes a waiting thread runnable, behind those already runnable.
    pub(crate) fn make_ready(&mut self, th: ThreadId, resume: Option<Sent<V>>) {
        let seq = self.next_seq();
        let t = &mut self.threads[th.0 as usize];
        t.state = TState::Ready;
        t.ready_seq = seq;
        if resume.is_some() {
            t.resume = resume;
        }
        self.note_runnable(th);
    }

    /// Records that `th` is runnable now, with its current `ready_seq`
    /// (every change of a thread to `TState::Ready` must call it).
    pub(crate) fn note_runnable(&mut self, th: ThreadId) {
        let seq = self.threads[th.0 as usize].ready_seq;
        self.runnable.push(std::cmp::Reverse((seq, th.0)));
    }

    /// The runnable thread that became runnable first, dropping stale entries.
    fn first_runnable(&mut self) -> Option<usize> {
        while let Some(&std::cmp::Reverse((seq, i))) = self.runnable.peek() {
            let t = &self.threads[i as usize];
            if t.state == TState::Ready && t.ready_seq == seq {
                return Some(i as usize);
            }
            self.runnable.pop();
        }
        None
    }

    /// Chooses the thread to run next, if any can run now.
    fn pick(&mut self) -> Option<ThreadId> {
        loop {
            if let Some(c) = self.current {
                if self.threads[c.0 as usize].state == TState::Ready {
                    return Some(c);
                }
            }
            self.current = None;
            let th = match self.first_runnable() {
                Some(i) => ThreadId(i as u32),
                None => {
                    // Posted callbacks wake the loop at once (`soon`) and due timers
                    // through `advance_time`; this catches any other way the ready
                    // deque filled while the loop waited.
                    if self
                        .threads
                        .first()
                        .is_some_and(|t| t.state == TState::LoopWait)
                        && !self.ready.is_empty()
                    {
                        self.make_ready(ThreadId(0), None);
                        ThreadId(0)
                    } else {
                        return None;
                    }
                }
            };
            if self.gil_take(th) {
                self.current = Some(th);
                return Some(th);
            }
        }
    }

    /// Runs one unit of work of a thread; returns the module body's outcome when it ends.
    fn run_unit(&mut self, th: ThreadId) -> Option<Result<(), V>> {
        self.cur_thread = th;
        if std::mem::take(&mut self.threads[th.0 as usize].blocked) {
            self.cur_task = if th.0 == 0 {
                self.lp.as_ref().and_then(|lp| {
                    if let Some(crate::sim::Cont::Task(t)) = lp.cont {
                        Some(t)
                    } else {
                        None
                    }
                })
            } else {
                None
            };
            self.span = self.threads[th.0 as usize].span;
            self.emit(EventKind::BlockEnd);
        }
        if th.0 == 0 && self.lp.is_some() {
            self.loop_unit();
            self.after_unit(th);
            return None;
        }
        self.cur_task = None;
        let r = self.thread_unit(th);
        self.after_unit(th);
        r
    }

    /// Releases the GIL when a thread stopped running Python code.
    fn after_unit(&mut self, th: ThreadId) {
        let state = self.threads[th.0 as usize].state;
        if !matches!(state, TState::Ready | TState::Computing(_)) {
            self.gil_release(th);
        }
    }

    fn thread_unit(&mut self, th: ThreadId) -> Option<Result<(), V>> {
        let idx = th.0 as usize;
        if self.threads[idx].job.is_none() {
            if matches!(
                self.threads[idx].kind,
                ThreadKind::Worker | ThreadKind::Process
            ) {
                self.worker_take_job(th);
            } else {
                self.end_thread(th);
            }
            return None;
        }
        let mut coro = self.threads[idx].job.take()?;
        self.span = self.threads[idx].span;
        let mut sent = self.threads[idx].resume.take().unwrap_or(Sent::Start);
        loop {
            let step = coro.resume(self, sent);
            self.cur_thread = th;
            self.threads[idx].span = self.span;
            match step {
                Step::Return(v) => return self.job_done(th, Ok(v)),
                Step::Raise(e) => return self.job_done(th, Err(e)),
                Step::Await(_) | Step::Yield => {
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "'await' outside of a running event loop",
                    ));
                }
                Step::RunLoop(c) => {
                    if idx == 0 && self.lp.is_none() {
                        self.threads[idx].job = Some(coro);
                        self.start_loop(c);
                        return None;
                    }
                    let msg = if self.lp.is_some() {
                        "asyncio.run() cannot be called from a running event loop"
                    } else {
                        "asyncio.run() can only be called from the main thread"
                    };
                    sent = Sent::Throw(Self::exc(ExcKind::Runtime, msg));
                }
                Step::Loop(call) => {
                    let msg = if self.lp.is_some() {
                        "This event loop is already running"
                    } else if idx != 0 {
                        "the event loop runs on the main thread only"
                    } else if self.loop_closed(self.life.current) {
                        "Event loop is closed"
                    } else {
                        self.threads[idx].job = Some(coro);
                        self.start_loop_call(call);
                        return None;
                    };
                    sent = Sent::Throw(Self::exc(ExcKind::Runtime, msg));
                }
                blocking => match self.suspend(th, blocking) {
                    Some(s) => sent = s,
                    None => {
                        self.threads[idx].job = Some(coro);
                        return None;
                    }
                },
            }
        }
    }

    /// The computation a thread runs ended.
    fn job_done(&mut self, th: ThreadId, r: Result<V, V>) -> Option<Result<(), V>> {
        let idx = th.0 as usize;
        match self.threads[idx].kind {
            ThreadKind::Main => {
                self.end_thread(th);
                Some(r.map(|_| ()))
            }
            ThreadKind::Plain => {
                if let Err(e) = &r {
                    let name = self.threads[idx].name.clone();
                    self.report_exception(&format!("Exception in thread {name}:"), e);
                }
                self.end_thread(th);
                None
            }
            ThreadKind::Worker | ThreadKind::Process => {
                self.worker_job_done(th, r);
                None
            }
        }
    }

    /// A thread finished.
    pub(crate) fn end_thread(&mut self, th: ThreadId) {
        let idx = th.0 as usize;
        self.threads[idx].state = TState::Done;
        self.gil_release(th);
        if th.0 != 0 {
            self.emit(EventKind::ThreadEnded { thread: th });
        }
        if let Some(f) = self.threads[idx].done_fut {
            let _ = self.set_result(f, V::none());
        }
    }

    /// Handles a blocking step of a thread: `Some(sent)` continues at once, `None` suspends it.
    pub(crate) fn suspend(&mut self, th: ThreadId, step: Step<V>) -> Option<Sent<V>> {
        let idx = th.0 as usize;
        match step {
            Step::Block { seconds, label } => {
                if seconds.is_nan() || seconds < 0.0 {
                    return Some(Sent::Throw(Self::exc(
                        ExcKind::Value,
                        "sleep length must be non-negative",
                    )));
                }
                if seconds == 0.0 {
                    return Some(Sent::Value(V::none()));
                }
                let until = self.now + seconds;
                let label = if self.records_all() {
                    self.sym(&label)
                } else {
                    crate::trace::Sym(0)
                };
                self.emit(EventKind::BlockBegin { until, label });
                // Threads waking at the same instant go in the order they started waiting.
                let seq = self.next_seq();
                let t = &mut self.threads[idx];
                t.ready_seq = seq;
                t.state = TState::Sleeping(until);
                t.resume = Some(Sent::Value(V::none()));
                t.blocked = true;
                self.sleepers.push(std::cmp::Reverse(SleepKey {
                    until,
                    main: idx == 0,
                    seq,
                    thread: idx as u32,
                }));
                None
            }
            Step::BlockOn(f) => {
                let deadline = self.block_deadline.take();
                if self.done(f) {
                    return Some(self.outcome(f));
                }
                // A timeout already over: the caller sees the future not done.
                if deadline.is_some_and(|s| s <= 0.0) {
                    return Some(Sent::Value(V::none()));
                }
                self.emit(EventKind::BlockOnBegin { fut: f });
                self.add_thread_waiter(f, th);
                let seq = deadline.map(|_| self.next_seq());
                let t = &mut self.threads[idx];
                t.state = TState::BlockedOn(f);
                t.blocked = true;
                if let (Some(seconds), Some(seq)) = (deadline, seq) {
                    // Woken at the deadline like a sleeper, unless the future
                    // wakes it first (which changes `ready_seq`).
                    t.ready_seq = seq;
                    t.resume = Some(Sent::Value(V::none()));
                    self.sleepers.push(std::cmp::Reverse(SleepKey {
                        until: self.now + seconds,
                        main: idx == 0,
                        seq,
                        thread: idx as u32,
                    }));
                }
                None
            }
            Step::Compute(ops) => {
                let Some(speed) = self.cfg.cpu_speed else {
                    return Some(Sent::Value(V::none()));
                };
                if ops == 0 {
                    return Some(Sent::Value(V::none()));
                }
                let secs = if speed > 0.0 {
                    ops as f64 / speed
                } else {
                    f64::INFINITY
                };
                self.emit(EventKind::ComputeBegin { ops });
                self.threads[idx].resume = Some(Sent::Value(V::none()));
                self.threads[idx].compute_left = secs;
                self.gil_compute(th);
                None
            }
            _ => Some(Sent::Throw(Self::exc(ExcKind::Runtime, "unexpected step"))),
        }
        .or_else(|| {
            // A thread that stops running Python code hands its GIL on.
            if !matches!(
                self.threads[idx].state,
                TState::Computing(_) | TState::WantGil
            ) {
                self.gil_release(th);
            }
            None
        })
    }

    /// Ends the earliest timed wait (advancing the clock to it if needed); false if nothing ever can happen.
    ///
    /// Timed waits are released one at a time, like the oracle's scheduler:
    /// another wait due at the same instant is released only once nothing
    /// can run again, so a worker's completion posted at `T` lets the loop
    /// run before a second worker waking at `T` (API.md rules 2 and 3).
    fn advance_time(&mut self) -> bool {
        // (time, is the loop thread, order of starting to wait, what)
        let mut best: Option<(f64, bool, u64, Wake)> = None;
        let mut consider = |c: (f64, bool, u64, Wake)| {
            let better = match &best {
                None => true,
                Some(b) => {
                    c.0.total_cmp(&b.0)
                        .then(c.1.cmp(&b.1))
                        .then(c.2.cmp(&b.2))
                        .is_lt()
                }
            };
            if better {
                best = Some(c);
            }
        };
        // The earliest blocking call still going on (stale entries dropped).
        while let Some(&std::cmp::Reverse(k)) = self.sleepers.peek() {
            let t = &self.threads[k.thread as usize];
            let timed =
                t.state == TState::Sleeping(k.until) || matches!(t.state, TState::BlockedOn(_));
            if timed && t.ready_seq == k.seq {
                consider((k.until, k.main, k.seq, Wake::Thread(k.thread as usize)));
                break;
            }
            self.sleepers.pop();
        }
        // Only threads doing CPU work with a finite `cpu_speed` compute; their
        // predicted ends move whenever the cores are re-planned, so they are
        // looked for among all threads, and only in that mode.
        if self.cfg.cpu_speed.is_some() {
            for (i, t) in self.threads.iter().enumerate() {
                if let TState::Computing(u) = t.state {
                    consider((u, i == 0, t.ready_seq, Wake::Thread(i)));
                }
            }
        }
        if let Some(s) = self.gil_next_switch() {
            consider((s, false, 0, Wake::Gil));
        }
        if self
            .threads
            .first()
            .is_some_and(|t| t.state == TState::LoopWait)
        {
            if let Some(d) = self.loop_deadline() {
                consider((d, true, u64::MAX, Wake::Loop));
            }
        }
        let Some((next, _, _, what)) = best else {
            return false;
        };
        if next.is_nan() || next == f64::INFINITY {
            return false;
        }
        self.cur_thread = ThreadId(0);
        self.cur_task = None;
        self.span = Default::default();
        if next > self.cfg.max_virtual_time {
            self.emit(EventKind::Limit {
                kind: LimitKind::VirtualTime,
            });
            self.halt = Some(LimitKind::VirtualTime);
            return true;
        }
        if next > self.now {
            let from = self.now;
            self.now = next;
            self.emit(EventKind::ClockJump { from });
        }
        match what {
            Wake::Thread(i) => {
                if matches!(self.threads[i].state, TState::Computing(_)) {
                    self.cur_thread = ThreadId(i as u32);
                    self.emit(EventKind::ComputeEnd);
                    self.cpu_stop(ThreadId(i as u32), TState::Ready);
                }
                self.make_ready(ThreadId(i as u32), None);
            }
            Wake::Gil => self.gil_switches_due(),
            Wake::Loop => self.make_ready(ThreadId(0), None),
        }
        true
    }

    /// Describes every task and thread still waiting (for a deadlock report).
    fn waiters(&self) -> Vec<Waiter> {
        let mut out = Vec::new();
        if self.lp.is_some() {
            for t in self.all_tasks() {
                let s = &self.tasks[t.0 as usize];
                let waiting_for = match s.fut_waiter {
                    Some(f) => self.describe_future(f),
                    None => "nothing (ready)".to_string(),
                };
                out.push(Waiter {
                    task: Some(t),
                    thread: ThreadId(0),
                    name: s.name.clone(),
                    waiting_for,
                    future: s.fut_waiter,
                });
            }
        }
        for (i, t) in self.threads.iter().enumerate() {
            if let TState::BlockedOn(f) = t.state {
                out.push(Waiter {
                    task: None,
                    thread: ThreadId(i as u32),
                    name: t.name.clone(),
                    waiting_for: self.describe_future(f),
                    future: Some(f),
                });
            }
        }
        out
    }

    /// A short description of a future for messages.
    pub(crate) fn describe_future(&self, f: FutureId) -> String {
        if let Some(t) = self.future_task(f) {
            return format!("task {}", self.tasks[t.0 as usize].name);
        }
        if let Some(th) = self.threads.iter().find(|t| t.done_fut == Some(f)) {
            return format!("thread {}", th.name);
        }
        // The label says what the reader's code called (`Event.wait()`); the
        // number tells apart two waits on the same kind of object.
        format!("{} (future #{})", self.future_label(f), f.0)
    }
}
