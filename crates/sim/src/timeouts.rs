//! `asyncio.timeout` / `timeout_at` (`timeouts.py`) and `wait_for`, which in 3.12 is `async with timeout(t): return await fut`.

use crate::coro::{Awaitable, Coroutine, ExcKind, FutureId, Sent, Step, Value};
use crate::library::{AwaitFuture, TimeoutId, TimeoutPhase, TimeoutState};
use crate::sim::{Cb, Sim};
use crate::trace::HandleKind;

impl<V: Value> Sim<V> {
    /// `asyncio.timeout(delay)`: the deadline is `loop.time() + delay`, computed now.
    pub fn timeout(&mut self, delay: Option<f64>) -> TimeoutId {
        let when = delay.map(|d| self.now + d);
        self.timeout_at(when)
    }

    /// `asyncio.timeout_at(when)`.
    pub fn timeout_at(&mut self, when: Option<f64>) -> TimeoutId {
        self.lib.timeouts.push(TimeoutState {
            when,
            phase: TimeoutPhase::Created,
            task: None,
            cancelling: 0,
            handle: None,
        });
        TimeoutId(self.lib.timeouts.len() as u32 - 1)
    }

    /// `Timeout.__aenter__` (it never suspends).
    pub fn timeout_enter(&mut self, id: TimeoutId) -> Result<(), V> {
        let Some(task) = self.cur_task else {
            return Err(Self::exc(
                ExcKind::Runtime,
                "Timeout should be used inside a task",
            ));
        };
        let cancelling = self.cancelling(task);
        let Some(st) = self.lib.timeouts.get_mut(id.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown timeout"));
        };
        if st.phase != TimeoutPhase::Created {
            return Err(Self::exc(
                ExcKind::Runtime,
                "Timeout has already been entered",
            ));
        }
        st.phase = TimeoutPhase::Entered;
        st.task = Some(task);
        st.cancelling = cancelling;
        let when = self.lib.timeouts[id.0 as usize].when;
        self.timeout_reschedule(id, when)
    }

    /// `Timeout.reschedule(when)`.
    pub fn timeout_reschedule(&mut self, id: TimeoutId, when: Option<f64>) -> Result<(), V> {
        let Some(st) = self.lib.timeouts.get_mut(id.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown timeout"));
        };
        if st.phase != TimeoutPhase::Entered {
            return Err(Self::exc(ExcKind::Runtime, "Timeout has not been entered"));
        }
        st.when = when;
        let (old, task) = (st.handle.take(), st.task);
        if let Some(h) = old {
            self.handle_cancel(h);
        }
        let Some(when) = when else { return Ok(()) };
        let kind = HandleKind::Timeout(task.unwrap_or(crate::coro::TaskId(u32::MAX)));
        let h = if when <= self.now {
            self.soon(Cb::TimeoutFire(id.0), kind)
        } else {
            self.at(when, Cb::TimeoutFire(id.0), kind)
        };
        self.lib.timeouts[id.0 as usize].handle = Some(h);
        Ok(())
    }

    /// `Timeout.when()`.
    pub fn timeout_when(&self, id: TimeoutId) -> Option<f64> {
        self.lib.timeouts.get(id.0 as usize).and_then(|s| s.when)
    }

    /// `Timeout.expired()`.
    pub fn timeout_expired(&self, id: TimeoutId) -> bool {
        self.lib
            .timeouts
            .get(id.0 as usize)
            .is_some_and(|s| matches!(s.phase, TimeoutPhase::Expiring | TimeoutPhase::Expired))
    }

    /// `Timeout._on_timeout`: cancel the task (Err: the cancellation raised `RecursionError`).
    pub(crate) fn timeout_fire(&mut self, n: u32) -> Result<(), V> {
        let Some(st) = self.lib.timeouts.get_mut(n as usize) else {
            return Ok(());
        };
        if st.phase != TimeoutPhase::Entered {
            return Ok(());
        }
        st.phase = TimeoutPhase::Expiring;
        st.handle = None;
        if let Some(t) = st.task {
            let f = self.task_future(t);
            self.try_cancel(f, None)?;
        }
        Ok(())
    }

    /// `Timeout.__aexit__`: `Err(TimeoutError)` replaces the `CancelledError` the expiry caused.
    pub fn timeout_exit(&mut self, id: TimeoutId, exc: Option<&V>) -> Result<(), V> {
        let Some(st) = self.lib.timeouts.get_mut(id.0 as usize) else {
            return Ok(());
        };
        let h = st.handle.take();
        if let Some(h) = h {
            self.handle_cancel(h);
        }
        let st = &mut self.lib.timeouts[id.0 as usize];
        match st.phase {
            TimeoutPhase::Expiring => {
                st.phase = TimeoutPhase::Expired;
                let (task, cancelling) = (st.task, st.cancelling);
                let remaining = task.map(|t| self.uncancel(t)).unwrap_or(0);
                if remaining <= cancelling
                    && exc.is_some_and(|e| e.is_instance_of(ExcKind::Cancelled))
                {
                    return Err(Self::exc(ExcKind::Timeout, ""));
                }
            }
            TimeoutPhase::Entered => st.phase = TimeoutPhase::Exited,
            _ => {}
        }
        Ok(())
    }

    /// `asyncio.wait_for(aw, timeout)` (3.12).
    pub fn wait_for(&mut self, aw: Awaitable<V>, timeout: Option<f64>) -> Box<dyn Coroutine<V>> {
        Box::new(WaitFor {
            aw: Some(aw),
            timeout,
            phase: WfPhase::Start,
        })
    }
}

enum WfPhase<V: Value> {
    Start,
    /// `timeout <= 0`: cancelling `fut` and waiting for it (`_cancel_and_wait`).
    CancelWait(FutureId),
    /// Inside `async with timeout(t)`, running the awaitable.
    Inner(TimeoutId, Box<dyn Coroutine<V>>),
    Done,
}

struct WaitFor<V: Value> {
    aw: Option<Awaitable<V>>,
    timeout: Option<f64>,
    phase: WfPhase<V>,
}

impl<V: Value> WaitFor<V> {
    /// Runs the inner awaitable one step and leaves the timeout when it finishes.
    fn inner_step(
        &mut self,
        sim: &mut Sim<V>,
        tm: TimeoutId,
        mut inner: Box<dyn Coroutine<V>>,
        sent: Sent<V>,
    ) -> Step<V> {
        // The inner coroutine runs on this one's native stack, so a chain of
        // `wait_for`s each wrapping the next is bounded like recursion; past
        // the bound the innermost raises `RecursionError` into its timeout.
        let step =
            match sim.enter_nested(crate::sim::HOST_NESTING, "maximum recursion depth exceeded") {
                Ok(()) => {
                    let step = inner.resume(sim, sent);
                    sim.leave_nested(crate::sim::HOST_NESTING);
                    step
                }
                Err(e) => Step::Raise(e),
            };
        match step {
            Step::Return(v) => {
                self.phase = WfPhase::Done;
                match sim.timeout_exit(tm, None) {
                    Ok(()) => Step::Return(v),
                    Err(e) => Step::Raise(e),
                }
            }
            Step::Raise(e) => {
                self.phase = WfPhase::Done;
                match sim.timeout_exit(tm, Some(&e)) {
                    Ok(()) => Step::Raise(e),
                    Err(te) => Step::Raise(te),
                }
            }
            other => {
                self.phase = WfPhase::Inner(tm, inner);
                other
            }
        }
    }
}

impl<V: Value> Coroutine<V> for WaitFor<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        match std::mem::replace(&mut self.phase, WfPhase::Done) {
            WfPhase::Start => {
                if let Sent::Throw(e) = sent {
                    return Step::Raise(e);
                }
                let Some(aw) = self.aw.take() else {
                    return Step::Return(V::none());
                };
                if let Some(t) = self.timeout.filter(|t| *t <= 0.0) {
                    let _ = t;
                    // `ensure_future`: a coroutine becomes a task.
                    let fut = match aw {
                        Awaitable::Future(f) => f,
                        Awaitable::Coro(c) => match sim.create_task(c, None) {
                            Ok(t) => sim.task_future(t),
                            Err(e) => return Step::Raise(e),
                        },
                    };
                    if sim.done(fut) {
                        return match sim.result(fut) {
                            Ok(v) => Step::Return(v),
                            Err(e) => Step::Raise(e),
                        };
                    }
                    let waiter = sim.create_labelled_future("wait_for()");
                    sim.link(waiter, crate::trace::Below::Future(fut));
                    sim.add_done(fut, crate::sim::DoneCb::Release(waiter));
                    if let Err(e) = sim.try_cancel(fut, None) {
                        return Step::Raise(e);
                    }
                    self.phase = WfPhase::CancelWait(fut);
                    self.aw = Some(Awaitable::Future(waiter));
                    return Step::Await(waiter);
                }
                let tm = sim.timeout(self.timeout);
                if let Err(e) = sim.timeout_enter(tm) {
                    return Step::Raise(e);
                }
                let inner: Box<dyn Coroutine<V>> = match aw {
                    Awaitable::Future(f) => Box::new(AwaitFuture {
                        fut: f,
                        started: false,
                    }),
                    Awaitable::Coro(c) => c,
                };
                self.inner_step(sim, tm, inner, Sent::Start)
            }
            WfPhase::CancelWait(fut) => {
                if let Some(Awaitable::Future(waiter)) = self.aw.take() {
                    sim.remove_done(
                        fut,
                        |c| matches!(c, crate::sim::DoneCb::Release(w) if *w == waiter),
                    );
                }
                if let Sent::Throw(e) = sent {
                    return Step::Raise(e);
                }
                match sim.result(fut) {
                    Ok(v) => Step::Return(v),
                    Err(e) if e.is_instance_of(ExcKind::Cancelled) => {
                        Step::Raise(Sim::<V>::exc(ExcKind::Timeout, ""))
                    }
                    Err(e) => Step::Raise(e),
                }
            }
            WfPhase::Inner(tm, inner) => self.inner_step(sim, tm, inner, sent),
            WfPhase::Done => match sent {
                Sent::Throw(e) => Step::Raise(e),
                _ => Step::Return(V::none()),
            },
        }
    }
    fn name(&self) -> String {
        "wait_for".to_string()
    }
}
