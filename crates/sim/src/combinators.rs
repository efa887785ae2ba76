//! `sleep`, `gather`, `shield`, `wait` and `as_completed` (`tasks.py`).

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, Value};
use crate::library::{AsCompletedState, GatherState, QueueId, QueueKind, ReturnWhen, WaitState};
use crate::sim::{Cb, DoneCb, Sim};
use crate::trace::{HandleId, HandleKind};

impl<V: Value> Sim<V> {
    /// `asyncio.sleep(delay, result)`: a bare yield for `delay <= 0`, else a future set by a timer.
    pub fn sleep(&mut self, delay: f64, result: V) -> Box<dyn Coroutine<V>> {
        Box::new(Sleep {
            delay,
            result: Some(result),
            handle: None,
            started: false,
        })
    }

    /// `asyncio.gather(*futs, return_exceptions=...)`: the outer future.
    pub fn gather(&mut self, futs: Vec<FutureId>, return_exceptions: bool) -> FutureId {
        if futs.is_empty() {
            let outer = self.create_labelled_future("gather()");
            let _ = self.set_result(outer, V::list(Vec::new()));
            return outer;
        }
        let g = self.lib.gathers.len() as u32;
        self.lib.gathers.push(GatherState {
            outer: FutureId(u32::MAX),
            children: futs.clone(),
            nfuts: 0,
            nfinished: 0,
            return_exceptions,
            cancel_requested: false,
        });
        // Duplicate arguments share one child; a set keeps the check linear
        // for a gather over ten thousand tasks (membership only, so the
        // order of everything else stays the argument order).
        let mut seen: std::collections::HashSet<FutureId> =
            std::collections::HashSet::with_capacity(futs.len());
        let mut done_futs = Vec::new();
        for f in futs {
            if !seen.insert(f) {
                continue;
            }
            self.lib.gathers[g as usize].nfuts += 1;
            if self.done(f) {
                done_futs.push(f);
            } else {
                self.add_done(f, DoneCb::Gather(g));
            }
        }
        let outer = self.create_labelled_future("gather()");
        if let Some(s) = self.futures.get_mut(outer.0 as usize) {
            s.gather = Some(g);
        }
        self.lib.gathers[g as usize].outer = outer;
        // Each distinct child still pending is an edge of the await tree
        // (`seen` holds exactly those after the loop above).
        let mut i = 0;
        while let Some(&c) = self.lib.gathers[g as usize].children.get(i) {
            i += 1;
            if !self.done(c) && seen.remove(&c) {
                self.link(outer, crate::trace::Below::Future(c));
            }
        }
        for f in done_futs {
            self.gather_child_done(g, f);
        }
        outer
    }

    /// `gather`'s `_done_callback`.
    pub(crate) fn gather_child_done(&mut self, g: u32, f: FutureId) {
        let st = &mut self.lib.gathers[g as usize];
        st.nfinished += 1;
        let (outer, return_exceptions) = (st.outer, st.return_exceptions);
        if self.done(outer) {
            if !self.cancelled(f) {
                let _ = self.exception(f);
            }
            return;
        }
        if !return_exceptions {
            if self.cancelled(f) {
                let e = self.cancelled_error(f);
                let _ = self.set_exception(outer, e);
                return;
            }
            if let Ok(Some(e)) = self.exception(f) {
                let _ = self.set_exception(outer, e);
                return;
            }
        }
        let st = &self.lib.gathers[g as usize];
        if st.nfinished == st.nfuts {
            let children = st.children.clone();
            let cancel_requested = st.cancel_requested;
            let mut results = Vec::with_capacity(children.len());
            for c in children {
                if self.cancelled(c) {
                    let msg = match self.futures.get(c.0 as usize).map(|s| &s.state) {
                        Some(crate::sim::FState::Cancelled { msg, .. }) => msg.clone(),
                        _ => None,
                    };
                    results.push(V::exception(
                        ExcKind::Cancelled,
                        Some(msg.unwrap_or_default()),
                    ));
                } else {
                    match self.exception(c) {
                        Ok(Some(e)) => results.push(e),
                        _ => results.push(self.result(c).unwrap_or_else(|e| e)),
                    }
                }
            }
            if cancel_requested {
                let e = self.cancelled_error(f);
                let _ = self.set_exception(outer, e);
            } else {
                let _ = self.set_result(outer, V::list(results));
            }
        }
    }

    /// `_GatheringFuture.cancel`: cancels the children (Err: a `RecursionError` stopped it midway).
    pub(crate) fn gather_cancel(
        &mut self,
        outer: FutureId,
        g: u32,
        msg: Option<String>,
    ) -> Result<bool, V> {
        if self.done(outer) {
            return Ok(false);
        }
        let mut ret = false;
        // By index rather than over a copy: a gather over 10^5 children
        // cancelled from inside a chain of gathers would copy the list at every level.
        let mut i = 0;
        while let Some(&c) = self.lib.gathers[g as usize].children.get(i) {
            i += 1;
            if self.try_cancel(c, msg.clone())? {
                ret = true;
            }
        }
        if ret {
            self.lib.gathers[g as usize].cancel_requested = true;
        }
        Ok(ret)
    }

    /// `asyncio.shield(fut)`: an outer future whose cancellation does not reach `fut`.
    pub fn shield(&mut self, inner: FutureId) -> FutureId {
        if self.done(inner) {
            return inner;
        }
        let outer = self.create_labelled_future("shield()");
        self.link(outer, crate::trace::Below::Future(inner));
        self.add_done(inner, DoneCb::ShieldInner(outer));
        self.add_done(outer, DoneCb::ShieldOuter(inner));
        outer
    }

    /// `shield`'s `_inner_done_callback`.
    pub(crate) fn shield_inner_done(&mut self, inner: FutureId, outer: FutureId) {
        if self.cancelled(outer) {
            if !self.cancelled(inner) {
                let _ = self.exception(inner);
            }
            return;
        }
        if self.cancelled(inner) {
            self.future_cancel(outer, None, None);
        } else {
            match self.exception(inner) {
                Ok(Some(e)) => {
                    let _ = self.set_exception(outer, e);
                }
                _ => {
                    let v = self.result(inner).unwrap_or_else(|e| e);
                    let _ = self.set_result(outer, v);
                }
            }
        }
    }

    /// `asyncio.wait(fs, timeout=, return_when=)`: returns `(done, pending)` as two sets.
    pub fn wait(
        &mut self,
        futs: Vec<FutureId>,
        timeout: Option<f64>,
        return_when: ReturnWhen,
    ) -> Box<dyn Coroutine<V>> {
        // CPython iterates `set(fs)`, whose order follows object addresses,
        // which in practice is creation order: model it as future id order.
        let mut fs = futs;
        fs.sort();
        fs.dedup();
        Box::new(Wait {
            fs,
            timeout,
            return_when,
            state: None,
        })
    }

    /// `wait`'s `_on_completion`.
    pub(crate) fn wait_child_done(&mut self, w: u32, f: FutureId) {
        let st = &mut self.lib.waits[w as usize];
        st.counter = st.counter.saturating_sub(1);
        let (counter, rw, waiter, th) = (st.counter, st.return_when, st.waiter, st.timeout_handle);
        let fire = counter == 0
            || rw == ReturnWhen::FirstCompleted
            || (rw == ReturnWhen::FirstException
                && !self.cancelled(f)
                && matches!(self.exception(f), Ok(Some(_))));
        if fire {
            if let Some(h) = th {
                self.handle_cancel(h);
            }
            if !self.done(waiter) {
                let _ = self.set_result(waiter, V::none());
            }
        }
    }

    /// `wait`'s `_release_waiter` timer.
    pub(crate) fn wait_timeout(&mut self, w: u32) {
        let waiter = self.lib.waits[w as usize].waiter;
        if !self.done(waiter) {
            let _ = self.set_result(waiter, V::none());
        }
    }

    /// `asyncio.as_completed(fs, timeout=)`: one coroutine per distinct future, each returning the next result.
    pub fn as_completed(
        &mut self,
        futs: Vec<FutureId>,
        timeout: Option<f64>,
    ) -> Vec<Box<dyn Coroutine<V>>> {
        // `todo` is a set in CPython: iterate it in creation order, as `wait` does.
        let mut todo = futs;
        todo.sort();
        todo.dedup();
        let queue = self.queue_new(QueueKind::Fifo, 0);
        let a = self.lib.as_completed.len() as u32;
        let n = todo.len();
        self.lib.as_completed.push(AsCompletedState {
            queue,
            todo: todo.clone(),
            done: Default::default(),
            timeout_handle: None,
        });
        for &f in &todo {
            self.add_done(f, DoneCb::AsCompleted(a));
        }
        if n > 0 {
            if let Some(t) = timeout {
                let label = self.sym("as_completed timeout");
                let h = self.at(
                    self.now + t,
                    Cb::AsCompletedTimeout(a),
                    HandleKind::Internal(label),
                );
                self.lib.as_completed[a as usize].timeout_handle = Some(h);
            }
        }
        (0..n)
            .map(|_| {
                Box::new(WaitForOne {
                    ac: a,
                    queue,
                    get: None,
                }) as Box<dyn Coroutine<V>>
            })
            .collect()
    }

    /// `as_completed`'s `_on_completion`.
    pub(crate) fn as_completed_child_done(&mut self, a: u32, f: FutureId) {
        let st = &mut self.lib.as_completed[a as usize];
        let Some(pos) = st.todo.iter().position(|x| *x == f) else {
            return;
        };
        st.todo.remove(pos);
        st.done.push_back(Some(f));
        let (q, empty, th) = (st.queue, st.todo.is_empty(), st.timeout_handle);
        let _ = self.queue_put_nowait(q, V::none());
        if empty {
            if let Some(h) = th {
                self.handle_cancel(h);
            }
        }
    }

    /// `as_completed`'s `_on_timeout`.
    pub(crate) fn as_completed_timeout(&mut self, a: u32) {
        let todo = std::mem::take(&mut self.lib.as_completed[a as usize].todo);
        let q = self.lib.as_completed[a as usize].queue;
        for f in todo {
            self.remove_done(f, |c| matches!(c, DoneCb::AsCompleted(x) if *x == a));
            self.lib.as_completed[a as usize].done.push_back(None);
            let _ = self.queue_put_nowait(q, V::none());
        }
    }
}

/// `asyncio.sleep`.
struct Sleep<V> {
    delay: f64,
    result: Option<V>,
    handle: Option<HandleId>,
    started: bool,
}

impl<V: Value> Coroutine<V> for Sleep<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        if !self.started {
            self.started = true;
            if let Sent::Throw(e) = sent {
                return Step::Raise(e);
            }
            if self.delay <= 0.0 {
                return Step::Yield;
            }
            // Only a coroutine driven by hand (`send`) runs with no loop;
            // CPython's sleep asks for the running loop first.
            if !sim.loop_running() {
                return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "no running event loop"));
            }
            let fut = sim.create_labelled_future("sleep()");
            let when = sim.now() + self.delay;
            let h = sim.at(
                when,
                Cb::SetResultUnlessCancelled(fut, V::none()),
                HandleKind::SleepTimer(fut),
            );
            self.handle = Some(h);
            return Step::Await(fut);
        }
        if let Some(h) = self.handle.take() {
            sim.handle_cancel(h);
        }
        match sent {
            Sent::Throw(e) => Step::Raise(e),
            _ => Step::Return(self.result.take().unwrap_or_else(V::none)),
        }
    }
    fn name(&self) -> String {
        "sleep".to_string()
    }
}

/// `asyncio.wait` (`_wait`).
struct Wait {
    fs: Vec<FutureId>,
    timeout: Option<f64>,
    return_when: ReturnWhen,
    state: Option<u32>,
}

impl<V: Value> Coroutine<V> for Wait {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let Some(w) = self.state else {
            if let Sent::Throw(e) = sent {
                return Step::Raise(e);
            }
            if self.fs.is_empty() {
                return Step::Raise(Sim::<V>::exc(
                    ExcKind::Value,
                    "Set of Tasks/Futures is empty.",
                ));
            }
            let waiter = sim.create_labelled_future("wait()");
            let w = sim.lib.waits.len() as u32;
            sim.lib.waits.push(WaitState {
                waiter,
                counter: self.fs.len(),
                return_when: self.return_when,
                timeout_handle: None,
            });
            if let Some(t) = self.timeout {
                let label = sim.sym("_release_waiter");
                let h = sim.at(
                    sim.now() + t,
                    Cb::WaitTimeout(w),
                    HandleKind::Internal(label),
                );
                sim.lib.waits[w as usize].timeout_handle = Some(h);
            }
            for &f in &self.fs {
                sim.add_done(f, DoneCb::Wait(w));
                if !sim.done(f) {
                    sim.link(waiter, crate::trace::Below::Future(f));
                }
            }
            self.state = Some(w);
            return Step::Await(waiter);
        };
        if let Some(h) = sim.lib.waits[w as usize].timeout_handle {
            sim.handle_cancel(h);
        }
        for &f in &self.fs {
            sim.remove_done(f, |c| matches!(c, DoneCb::Wait(x) if *x == w));
        }
        if let Sent::Throw(e) = sent {
            return Step::Raise(e);
        }
        let (done, pending): (Vec<FutureId>, Vec<FutureId>) =
            self.fs.iter().partition(|&&f| sim.done(f));
        let done = V::set(done.into_iter().map(V::future).collect());
        let pending = V::set(pending.into_iter().map(V::future).collect());
        Step::Return(V::tuple(vec![done, pending]))
    }
    fn name(&self) -> String {
        "wait".to_string()
    }
}

/// `as_completed`'s `_wait_for_one`.
struct WaitForOne<V: Value> {
    ac: u32,
    queue: QueueId,
    get: Option<Box<dyn Coroutine<V>>>,
}

impl<V: Value> Coroutine<V> for WaitForOne<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let mut get = match self.get.take() {
            Some(g) => g,
            None => sim.queue_get_labelled(self.queue, "as_completed()"),
        };
        match get.resume(sim, sent) {
            Step::Return(_) => {
                let item = sim.lib.as_completed[self.ac as usize]
                    .done
                    .pop_front()
                    .flatten();
                match item {
                    None => Step::Raise(Sim::<V>::exc(ExcKind::Timeout, "")),
                    Some(f) => match sim.result(f) {
                        Ok(v) => Step::Return(v),
                        Err(e) => Step::Raise(e),
                    },
                }
            }
            Step::Raise(e) => Step::Raise(e),
            other => {
                self.get = Some(get);
                other
            }
        }
    }
    fn name(&self) -> String {
        "_wait_for_one".to_string()
    }
}
