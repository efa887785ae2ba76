//! `asyncio.Barrier` (3.12 `locks.py`): parties meet at `wait()`, which
//! returns each one's index; `reset()` and `abort()` break the waiting ones
//! out with `BrokenBarrierError`.
//!
//! CPython builds the barrier on a `Condition`: every `wait()` takes the
//! condition's lock, waits on the condition while the barrier fills, and
//! re-takes the lock when woken, so the parties leave one hop apart.  The
//! model follows the same steps on its own `Condition`, so the hops are
//! CPython's; every wait on that condition and its lock is labelled
//! `Barrier.wait()` (`Barrier.reset()`, `Barrier.abort()`), so the diagram
//! names what the reader's code called, not the private lock.

use crate::coro::{Coroutine, ExcKind, Sent, Step, Value};
use crate::library::{BarrierId, ConditionId};
use crate::sim::Sim;

/// `_BarrierState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Filling,
    Draining,
    Resetting,
    Broken,
}

/// One barrier.
pub(crate) struct BarrierState {
    parties: i64,
    state: Phase,
    /// Tasks inside `wait()` past the blocking check.
    count: i64,
    cond: ConditionId,
}

impl<V: Value> Sim<V> {
    /// `asyncio.Barrier(parties)`.
    pub fn barrier_new(&mut self, parties: i64) -> Result<BarrierId, V> {
        if parties < 1 {
            return Err(Self::exc(ExcKind::Value, "parties must be > 0"));
        }
        let cond = self.condition_new(None);
        self.lib.barriers.push(BarrierState {
            parties,
            state: Phase::Filling,
            count: 0,
            cond,
        });
        Ok(BarrierId(self.lib.barriers.len() as u32 - 1))
    }

    fn barrier(&mut self, b: BarrierId) -> Option<&mut BarrierState> {
        self.lib.barriers.get_mut(b.0 as usize)
    }

    /// `barrier.parties`.
    pub fn barrier_parties(&self, b: BarrierId) -> i64 {
        self.lib.barriers.get(b.0 as usize).map_or(0, |s| s.parties)
    }

    /// `barrier.n_waiting`: the tasks waiting while it fills (0 otherwise).
    pub fn barrier_n_waiting(&self, b: BarrierId) -> i64 {
        match self.lib.barriers.get(b.0 as usize) {
            Some(s) if s.state == Phase::Filling => s.count,
            _ => 0,
        }
    }

    /// `barrier.broken`.
    pub fn barrier_broken(&self, b: BarrierId) -> bool {
        self.lib
            .barriers
            .get(b.0 as usize)
            .is_some_and(|s| s.state == Phase::Broken)
    }

    /// The state as `repr(barrier)` names it (`filling`, `draining`, `resetting`, `broken`).
    pub fn barrier_state_name(&self, b: BarrierId) -> &'static str {
        match self.lib.barriers.get(b.0 as usize).map(|s| s.state) {
            Some(Phase::Draining) => "draining",
            Some(Phase::Resetting) => "resetting",
            Some(Phase::Broken) => "broken",
            _ => "filling",
        }
    }

    /// `await barrier.wait()` (and `async with barrier`): returns the index.
    pub fn barrier_wait(&mut self, b: BarrierId) -> Box<dyn Coroutine<V>> {
        Box::new(BarrierWait {
            b,
            step: WaitStep::Start,
            inner: None,
            index: 0,
        })
    }

    /// `await barrier.reset()`.
    pub fn barrier_reset(&mut self, b: BarrierId) -> Box<dyn Coroutine<V>> {
        Box::new(BarrierOp {
            b,
            abort: false,
            inner: None,
        })
    }

    /// `await barrier.abort()`.
    pub fn barrier_abort(&mut self, b: BarrierId) -> Box<dyn Coroutine<V>> {
        Box::new(BarrierOp {
            b,
            abort: true,
            inner: None,
        })
    }

    fn barrier_cond(&self, b: BarrierId) -> Option<ConditionId> {
        self.lib.barriers.get(b.0 as usize).map(|s| s.cond)
    }

    /// Releases the barrier's lock (the end of `async with self._cond`).
    fn barrier_unlock(&mut self, cond: ConditionId) {
        let lock = self.condition_lock(cond);
        let _ = self.lock_release(lock);
    }

    /// The `finally` of `wait()`: one task fewer inside; the last one out
    /// of a draining or resetting barrier refills it and wakes the others.
    fn barrier_exit(&mut self, b: BarrierId, cond: ConditionId) {
        let Some(s) = self.barrier(b) else { return };
        s.count -= 1;
        if s.count == 0 {
            if matches!(s.state, Phase::Resetting | Phase::Draining) {
                s.state = Phase::Filling;
            }
            let _ = self.condition_notify_all(cond);
        }
    }
}

/// Where a `wait()` is.
#[derive(Clone, Copy, PartialEq)]
enum WaitStep {
    Start,
    /// Taking the condition's lock.
    Acquire,
    /// `_block()`: waiting while the barrier drains or resets.
    Block,
    /// `_wait()`: counted in, waiting while the barrier fills.
    Wait,
}

struct BarrierWait<V: Value> {
    b: BarrierId,
    step: WaitStep,
    inner: Option<Box<dyn Coroutine<V>>>,
    index: i64,
}

/// Runs the awaited inner coroutine, if any: `Ok(Ok(v))`/`Ok(Err(e))` is
/// its outcome, `Err(step)` a suspension to pass on.
fn drive<V: Value>(
    inner: &mut Option<Box<dyn Coroutine<V>>>,
    sim: &mut Sim<V>,
    sent: Sent<V>,
) -> Result<Result<V, V>, Step<V>> {
    let Some(mut c) = inner.take() else {
        return Ok(match sent {
            Sent::Throw(e) => Err(e),
            Sent::Value(v) => Ok(v),
            Sent::Start => Ok(V::none()),
        });
    };
    match c.resume(sim, sent) {
        Step::Return(v) => Ok(Ok(v)),
        Step::Raise(e) => Ok(Err(e)),
        other => {
            *inner = Some(c);
            Err(other)
        }
    }
}

impl<V: Value> Coroutine<V> for BarrierWait<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let Some(cond) = sim.barrier_cond(self.b) else {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown barrier"));
        };
        let mut sent = sent;
        loop {
            let outcome = match drive(&mut self.inner, sim, sent) {
                Ok(o) => o,
                Err(step) => return step,
            };
            sent = Sent::Start;
            match (self.step, outcome) {
                (WaitStep::Start | WaitStep::Acquire, Err(e)) => return Step::Raise(e),
                (WaitStep::Start, Ok(_)) => {
                    self.step = WaitStep::Acquire;
                    self.inner =
                        Some(sim.lock_acquire_labelled(sim.condition_lock(cond), "Barrier.wait()"));
                    continue;
                }
                // Cancelled while blocked: the condition re-took the lock.
                (WaitStep::Block, Err(e)) => {
                    sim.barrier_unlock(cond);
                    return Step::Raise(e);
                }
                (WaitStep::Wait, Err(e)) => {
                    sim.barrier_exit(self.b, cond);
                    sim.barrier_unlock(cond);
                    return Step::Raise(e);
                }
                (WaitStep::Acquire | WaitStep::Block, Ok(_)) => {
                    self.step = WaitStep::Block;
                    let Some(s) = sim.barrier(self.b) else {
                        return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown barrier"));
                    };
                    match s.state {
                        Phase::Draining | Phase::Resetting => {
                            self.inner = Some(sim.condition_wait_labelled(cond, "Barrier.wait()"));
                            continue;
                        }
                        Phase::Broken => {
                            sim.barrier_unlock(cond);
                            return Step::Raise(Sim::<V>::exc(
                                ExcKind::BrokenBarrier,
                                "Barrier aborted",
                            ));
                        }
                        Phase::Filling => {}
                    }
                    self.index = s.count;
                    s.count += 1;
                    if self.index + 1 == s.parties {
                        // The last party releases the others.
                        s.state = Phase::Draining;
                        let _ = sim.condition_notify_all(cond);
                        sim.barrier_exit(self.b, cond);
                        sim.barrier_unlock(cond);
                        return Step::Return(V::int(self.index));
                    }
                    self.step = WaitStep::Wait;
                    self.inner = Some(sim.condition_wait_labelled(cond, "Barrier.wait()"));
                    continue;
                }
                (WaitStep::Wait, Ok(_)) => {
                    let state = sim.barrier(self.b).map_or(Phase::Broken, |s| s.state);
                    if state == Phase::Filling {
                        self.inner = Some(sim.condition_wait_labelled(cond, "Barrier.wait()"));
                        continue;
                    }
                    sim.barrier_exit(self.b, cond);
                    sim.barrier_unlock(cond);
                    if matches!(state, Phase::Broken | Phase::Resetting) {
                        return Step::Raise(Sim::<V>::exc(
                            ExcKind::BrokenBarrier,
                            "Abort or reset of barrier",
                        ));
                    }
                    return Step::Return(V::int(self.index));
                }
            }
        }
    }

    fn name(&self) -> String {
        "Barrier.wait".into()
    }
}

/// `reset()` or `abort()`: under the lock, change the state and wake everyone.
struct BarrierOp<V: Value> {
    b: BarrierId,
    abort: bool,
    inner: Option<Box<dyn Coroutine<V>>>,
}

impl<V: Value> Coroutine<V> for BarrierOp<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let Some(cond) = sim.barrier_cond(self.b) else {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown barrier"));
        };
        if self.inner.is_none() {
            if let Sent::Throw(e) = sent {
                return Step::Raise(e);
            }
            let label = if self.abort {
                "Barrier.abort()"
            } else {
                "Barrier.reset()"
            };
            self.inner = Some(sim.lock_acquire_labelled(sim.condition_lock(cond), label));
        }
        match drive(&mut self.inner, sim, sent) {
            Err(step) => step,
            Ok(Err(e)) => Step::Raise(e),
            Ok(Ok(_)) => {
                if let Some(s) = sim.barrier(self.b) {
                    s.state = if self.abort {
                        Phase::Broken
                    } else if s.count > 0 {
                        Phase::Resetting
                    } else {
                        Phase::Filling
                    };
                }
                let _ = sim.condition_notify_all(cond);
                sim.barrier_unlock(cond);
                Step::Return(V::none())
            }
        }
    }

    fn name(&self) -> String {
        if self.abort {
            "Barrier.abort".into()
        } else {
            "Barrier.reset".into()
        }
    }
}
