//! `asyncio.Event`, `Lock`, `Semaphore`/`BoundedSemaphore` and `Condition` (`locks.py`, 3.12).
//!
//! Every primitive parks a waiter on a fresh future and wakes waiters in
//! FIFO order by setting those futures; the woken task runs one hop later.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, Value};
use crate::library::{ConditionId, EventId, LockId, SemState, SemaphoreId};
use crate::sim::Sim;
use std::collections::VecDeque;

fn remove_waiter(q: &mut VecDeque<FutureId>, f: FutureId) {
    if let Some(p) = q.iter().position(|x| *x == f) {
        q.remove(p);
    }
}

impl<V: Value> Sim<V> {
    /// How many of `waiters` still wait (their future is not done).
    pub(crate) fn live(&self, waiters: &VecDeque<FutureId>) -> usize {
        waiters.iter().filter(|&&f| !self.done(f)).count()
    }

    /// How many wait for the lock (the `waiters:N` of its repr).
    pub fn lock_waiters(&self, l: LockId) -> usize {
        self.lib
            .locks
            .get(l.0 as usize)
            .map_or(0, |x| self.live(&x.1))
    }

    /// How many wait for the event to be set.
    pub fn event_waiters(&self, e: EventId) -> usize {
        self.lib
            .events
            .get(e.0 as usize)
            .map_or(0, |x| self.live(&x.1))
    }

    /// The semaphore's counter, and how many wait for it.
    pub fn semaphore_state(&self, s: SemaphoreId) -> (i64, usize) {
        self.lib
            .sems
            .get(s.0 as usize)
            .map_or((0, 0), |st| (st.value, self.live(&st.waiters)))
    }

    /// How many wait for the condition to be notified.
    pub fn condition_waiters(&self, c: ConditionId) -> usize {
        self.lib
            .conds
            .get(c.0 as usize)
            .map_or(0, |x| self.live(&x.1))
    }

    /// `asyncio.Event()`.
    pub fn event_new(&mut self) -> EventId {
        self.lib.events.push((false, VecDeque::new()));
        EventId(self.lib.events.len() as u32 - 1)
    }

    /// `event.is_set()`.
    pub fn event_is_set(&self, e: EventId) -> bool {
        self.lib.events.get(e.0 as usize).is_some_and(|x| x.0)
    }

    /// `event.set()`: wakes every waiter, FIFO.
    pub fn event_set(&mut self, e: EventId) {
        let Some(ev) = self.lib.events.get_mut(e.0 as usize) else {
            return;
        };
        if ev.0 {
            return;
        }
        ev.0 = true;
        let waiters: Vec<FutureId> = ev.1.iter().copied().collect();
        for f in waiters {
            if !self.done(f) {
                let _ = self.set_result(f, V::bool(true));
            }
        }
    }

    /// `event.clear()`.
    pub fn event_clear(&mut self, e: EventId) {
        if let Some(ev) = self.lib.events.get_mut(e.0 as usize) {
            ev.0 = false;
        }
    }

    /// `await event.wait()`.
    pub fn event_wait(&mut self, e: EventId) -> Box<dyn Coroutine<V>> {
        self.event_wait_labelled(e, "Event.wait()")
    }

    /// `event.wait()` whose waiter is labelled `label` (`Queue.join()` waits on a private event).
    pub(crate) fn event_wait_labelled(
        &mut self,
        e: EventId,
        label: &'static str,
    ) -> Box<dyn Coroutine<V>> {
        Box::new(EventWait {
            e,
            fut: None,
            label,
        })
    }

    /// `asyncio.Lock()`.
    pub fn lock_new(&mut self) -> LockId {
        self.lib.locks.push((false, VecDeque::new()));
        LockId(self.lib.locks.len() as u32 - 1)
    }

    /// `lock.locked()`.
    pub fn lock_locked(&self, l: LockId) -> bool {
        self.lib.locks.get(l.0 as usize).is_some_and(|x| x.0)
    }

    /// `await lock.acquire()`.
    pub fn lock_acquire(&mut self, l: LockId) -> Box<dyn Coroutine<V>> {
        self.lock_acquire_labelled(l, "Lock.acquire()")
    }

    /// `lock.acquire()` whose waiter future is labelled `label` (a
    /// `Barrier`'s private lock shows as `Barrier.wait()`).
    pub(crate) fn lock_acquire_labelled(
        &mut self,
        l: LockId,
        label: &'static str,
    ) -> Box<dyn Coroutine<V>> {
        Box::new(LockAcquire {
            l,
            fut: None,
            label,
        })
    }

    /// `lock.release()`: wakes the first waiter.
    pub fn lock_release(&mut self, l: LockId) -> Result<(), V> {
        match self.lib.locks.get_mut(l.0 as usize) {
            Some(lock) if lock.0 => {
                lock.0 = false;
                self.lock_wake_first(l);
                Ok(())
            }
            _ => Err(Self::exc(ExcKind::Runtime, "Lock is not acquired.")),
        }
    }

    fn lock_wake_first(&mut self, l: LockId) {
        let Some(&f) = self.lib.locks[l.0 as usize].1.front() else {
            return;
        };
        if !self.done(f) {
            let _ = self.set_result(f, V::bool(true));
        }
    }

    /// `asyncio.Semaphore(value)` or `BoundedSemaphore(value)`.
    pub fn semaphore_new(&mut self, value: i64, bounded: bool) -> Result<SemaphoreId, V> {
        if value < 0 {
            return Err(Self::exc(
                ExcKind::Value,
                "Semaphore initial value must be >= 0",
            ));
        }
        self.lib.sems.push(SemState {
            value,
            bound: bounded.then_some(value),
            waiters: VecDeque::new(),
        });
        Ok(SemaphoreId(self.lib.sems.len() as u32 - 1))
    }

    /// `sem.locked()`.
    pub fn semaphore_locked(&self, s: SemaphoreId) -> bool {
        let Some(st) = self.lib.sems.get(s.0 as usize) else {
            return false;
        };
        st.value == 0 || st.waiters.iter().any(|&w| !self.cancelled(w))
    }

    /// `await sem.acquire()`.
    pub fn semaphore_acquire(&mut self, s: SemaphoreId) -> Box<dyn Coroutine<V>> {
        Box::new(SemAcquire { s, fut: None })
    }

    /// `sem.release()`.
    pub fn semaphore_release(&mut self, s: SemaphoreId) -> Result<(), V> {
        let Some(st) = self.lib.sems.get_mut(s.0 as usize) else {
            return Ok(());
        };
        if st.bound.is_some_and(|b| st.value >= b) {
            return Err(Self::exc(
                ExcKind::Value,
                "BoundedSemaphore released too many times",
            ));
        }
        st.value += 1;
        self.sem_wake_next(s);
        Ok(())
    }

    fn sem_wake_next(&mut self, s: SemaphoreId) -> bool {
        let waiters: Vec<FutureId> = self.lib.sems[s.0 as usize]
            .waiters
            .iter()
            .copied()
            .collect();
        for f in waiters {
            if !self.done(f) {
                self.lib.sems[s.0 as usize].value -= 1;
                let _ = self.set_result(f, V::bool(true));
                return true;
            }
        }
        false
    }

    /// `asyncio.Condition(lock)`: a new lock unless one is given.
    pub fn condition_new(&mut self, lock: Option<LockId>) -> ConditionId {
        let lock = lock.unwrap_or_else(|| self.lock_new());
        self.lib.conds.push((lock, VecDeque::new()));
        ConditionId(self.lib.conds.len() as u32 - 1)
    }

    /// The condition's lock (for `acquire`/`release`/`locked`/`async with`).
    pub fn condition_lock(&self, c: ConditionId) -> LockId {
        self.lib
            .conds
            .get(c.0 as usize)
            .map(|x| x.0)
            .unwrap_or(LockId(u32::MAX))
    }

    /// `await cond.wait()`.
    pub fn condition_wait(&mut self, c: ConditionId) -> Box<dyn Coroutine<V>> {
        self.condition_wait_labelled(c, "Condition.wait()")
    }

    /// `cond.wait()` whose waiter future is labelled `label` (`Barrier.wait()`
    /// waits on a private condition, and the diagram should say so).
    pub(crate) fn condition_wait_labelled(
        &mut self,
        c: ConditionId,
        label: &'static str,
    ) -> Box<dyn Coroutine<V>> {
        let lock_label = if label == "Condition.wait()" {
            "Lock.acquire()"
        } else {
            label
        };
        Box::new(CondWait {
            label,
            lock_label,
            c,
            phase: CondPhase::Start,
            outcome: None,
            err: None,
        })
    }

    /// `cond.notify(n)`.
    pub fn condition_notify(&mut self, c: ConditionId, n: usize) -> Result<(), V> {
        let lock = self.condition_lock(c);
        if !self.lock_locked(lock) {
            return Err(Self::exc(
                ExcKind::Runtime,
                "cannot notify on un-acquired lock",
            ));
        }
        let waiters: Vec<FutureId> = self.lib.conds[c.0 as usize].1.iter().copied().collect();
        let mut idx = 0;
        for f in waiters {
            if idx >= n {
                break;
            }
            if !self.done(f) {
                idx += 1;
                let _ = self.set_result(f, V::bool(false));
            }
        }
        Ok(())
    }

    /// `cond.notify_all()`.
    pub fn condition_notify_all(&mut self, c: ConditionId) -> Result<(), V> {
        let n = self
            .lib
            .conds
            .get(c.0 as usize)
            .map(|x| x.1.len())
            .unwrap_or(0);
        self.condition_notify(c, n)
    }
}

struct EventWait {
    e: EventId,
    fut: Option<FutureId>,
    /// The waiter's label (`Event.wait()`, `Queue.join()`).
    label: &'static str,
}

impl<V: Value> Coroutine<V> for EventWait {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let e = self.e.0 as usize;
        if let Some(f) = self.fut.take() {
            if let Some(ev) = sim.lib.events.get_mut(e) {
                remove_waiter(&mut ev.1, f);
            }
            return match sent {
                Sent::Throw(x) => Step::Raise(x),
                _ => Step::Return(V::bool(true)),
            };
        }
        if let Sent::Throw(x) = sent {
            return Step::Raise(x);
        }
        if sim.event_is_set(self.e) {
            return Step::Return(V::bool(true));
        }
        let f = sim.create_labelled_future(self.label);
        if let Some(ev) = sim.lib.events.get_mut(e) {
            ev.1.push_back(f);
        }
        self.fut = Some(f);
        Step::Await(f)
    }
    fn name(&self) -> String {
        "Event.wait".to_string()
    }
}

struct LockAcquire {
    l: LockId,
    fut: Option<FutureId>,
    label: &'static str,
}

impl<V: Value> Coroutine<V> for LockAcquire {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let l = self.l.0 as usize;
        if l >= sim.lib.locks.len() {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown lock"));
        }
        if let Some(f) = self.fut.take() {
            remove_waiter(&mut sim.lib.locks[l].1, f);
            return match sent {
                Sent::Throw(x) => {
                    if x.is_instance_of(ExcKind::Cancelled) && !sim.lib.locks[l].0 {
                        sim.lock_wake_first(self.l);
                    }
                    Step::Raise(x)
                }
                _ => {
                    sim.lib.locks[l].0 = true;
                    Step::Return(V::bool(true))
                }
            };
        }
        if let Sent::Throw(x) = sent {
            return Step::Raise(x);
        }
        // No barging: the fast path only when free and nobody live is waiting.
        let free = !sim.lib.locks[l].0 && sim.lib.locks[l].1.iter().all(|&w| sim.cancelled(w));
        if free {
            sim.lib.locks[l].0 = true;
            return Step::Return(V::bool(true));
        }
        let f = sim.create_labelled_future(self.label);
        sim.lib.locks[l].1.push_back(f);
        self.fut = Some(f);
        Step::Await(f)
    }
    fn name(&self) -> String {
        "Lock.acquire".to_string()
    }
}

struct SemAcquire {
    s: SemaphoreId,
    fut: Option<FutureId>,
}

impl<V: Value> Coroutine<V> for SemAcquire {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let s = self.s.0 as usize;
        if s >= sim.lib.sems.len() {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown semaphore"));
        }
        if let Some(f) = self.fut.take() {
            remove_waiter(&mut sim.lib.sems[s].waiters, f);
            let result = match sent {
                Sent::Throw(x) => {
                    if sim.done(f) && !sim.cancelled(f) {
                        // Woken by `_wake_up_next` but not acquiring: undo and wake someone else.
                        sim.lib.sems[s].value += 1;
                    }
                    Step::Raise(x)
                }
                _ => Step::Return(V::bool(true)),
            };
            // New waiters may have arrived but had to wait due to FIFO.
            while sim.lib.sems[s].value > 0 {
                if !sim.sem_wake_next(self.s) {
                    break;
                }
            }
            return result;
        }
        if let Sent::Throw(x) = sent {
            return Step::Raise(x);
        }
        if !sim.semaphore_locked(self.s) {
            sim.lib.sems[s].value -= 1;
            return Step::Return(V::bool(true));
        }
        let label = if sim.lib.sems[s].bound.is_some() {
            "BoundedSemaphore.acquire()"
        } else {
            "Semaphore.acquire()"
        };
        let f = sim.create_labelled_future(label);
        sim.lib.sems[s].waiters.push_back(f);
        self.fut = Some(f);
        Step::Await(f)
    }
    fn name(&self) -> String {
        "Semaphore.acquire".to_string()
    }
}

enum CondPhase<V: Value> {
    Start,
    Waiting(FutureId),
    Reacquire(Box<dyn Coroutine<V>>),
    Done,
}

struct CondWait<V: Value> {
    label: &'static str,
    /// The label of its re-acquiring of the lock.
    lock_label: &'static str,
    c: ConditionId,
    phase: CondPhase<V>,
    /// The outcome of waiting for the notification, delivered after re-acquiring.
    outcome: Option<Step<V>>,
    /// A cancellation that arrived while re-acquiring.
    err: Option<V>,
}

impl<V: Value> CondWait<V> {
    fn reacquire(
        &mut self,
        sim: &mut Sim<V>,
        mut acq: Box<dyn Coroutine<V>>,
        mut sent: Sent<V>,
    ) -> Step<V> {
        loop {
            match acq.resume(sim, sent) {
                Step::Return(_) => {
                    self.phase = CondPhase::Done;
                    if let Some(e) = self.err.take() {
                        return Step::Raise(e);
                    }
                    return self.outcome.take().unwrap_or(Step::Return(V::bool(true)));
                }
                Step::Raise(e) if e.is_instance_of(ExcKind::Cancelled) => {
                    self.err = Some(e);
                    acq = sim.lock_acquire_labelled(sim.condition_lock(self.c), self.lock_label);
                    sent = Sent::Start;
                }
                Step::Raise(e) => {
                    self.phase = CondPhase::Done;
                    return Step::Raise(e);
                }
                other => {
                    self.phase = CondPhase::Reacquire(acq);
                    return other;
                }
            }
        }
    }
}

impl<V: Value> Coroutine<V> for CondWait<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let c = self.c.0 as usize;
        if c >= sim.lib.conds.len() {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown condition"));
        }
        match std::mem::replace(&mut self.phase, CondPhase::Done) {
            CondPhase::Start => {
                if let Sent::Throw(x) = sent {
                    return Step::Raise(x);
                }
                let lock = sim.condition_lock(self.c);
                if !sim.lock_locked(lock) {
                    return Step::Raise(Sim::<V>::exc(
                        ExcKind::Runtime,
                        "cannot wait on un-acquired lock",
                    ));
                }
                let _ = sim.lock_release(lock);
                let f = sim.create_labelled_future(self.label);
                sim.lib.conds[c].1.push_back(f);
                self.phase = CondPhase::Waiting(f);
                Step::Await(f)
            }
            CondPhase::Waiting(f) => {
                remove_waiter(&mut sim.lib.conds[c].1, f);
                self.outcome = Some(match sent {
                    Sent::Throw(x) => Step::Raise(x),
                    _ => Step::Return(V::bool(true)),
                });
                let acq = sim.lock_acquire_labelled(sim.condition_lock(self.c), self.lock_label);
                self.reacquire(sim, acq, Sent::Start)
            }
            CondPhase::Reacquire(acq) => self.reacquire(sim, acq, sent),
            CondPhase::Done => match sent {
                Sent::Throw(x) => Step::Raise(x),
                _ => Step::Return(V::none()),
            },
        }
    }
    fn name(&self) -> String {
        "Condition.wait".to_string()
    }
}
