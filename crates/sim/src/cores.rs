//! The machine's CPU cores, time-shared by the threads that compute.
//!
//! Only modelled when `cpu_speed` is set.  A computing entity is a thread in
//! `TState::Computing`: the GIL holder of a process that does CPU work (so at
//! most one per process; its other threads wait for the GIL, not for a core)
//! or the loop thread computing inside a task.  Without a GIL (a free-threaded
//! build, `Config::gil` false) every thread that does CPU work computes, so
//! the threads of one process share the cores exactly as processes do.  Like an OS scheduler with
//! time slices much shorter than anything the model shows, the cores are
//! shared fairly (processor sharing): with `n` computing entities on `c`
//! cores each progresses at `min(1, c / n)` CPU seconds per virtual second.
//!
//! Since every computing entity progresses at the same rate, one *work clock*
//! suffices: the CPU seconds each of them has received since the run began.
//! A thread that starts computing records the work-clock reading at which its
//! work is done (`compute_target`); whenever the number of computing entities
//! changes, the clock is brought up to date and every predicted finish time
//! is derived again from `target - work`.  Equal jobs started together thus
//! share one target and finish at exactly the same instant, whatever rounding
//! the clock accumulated, and a finishing job snaps the clock to its own
//! target so that the others see exactly zero work left.

use crate::coro::{ThreadId, Value};
use crate::sim::{Sim, TState};

/// CPU seconds left to a thread whose work ends at work-clock reading `target`.
///
/// A thread preempted many times by GIL switches carries the clock's rounding
/// in its target; a remainder within a trillionth of the clock's reading is
/// that rounding, not work, so it counts as none and the thread ends together
/// with the equal jobs of other processes.
fn left_at(target: f64, work: f64) -> f64 {
    let left = target - work;
    if left <= work.abs() * 1e-12 {
        0.0
    } else {
        left
    }
}

/// The work clock shared by all computing threads.
#[derive(Default)]
pub(crate) struct Cores {
    /// CPU seconds each computing thread has received since the run began.
    work: f64,
    /// Virtual time at which `work` was last brought up to date.
    at: f64,
    /// How many threads computed since then.
    busy: u32,
}

impl<V: Value> Sim<V> {
    /// Brings the work clock up to the current virtual time.
    fn cores_advance(&mut self) {
        let dt = self.now - self.cpu.at;
        if dt > 0.0 && self.cpu.busy > 0 {
            let (c, n) = (self.cfg.cores.max(1), self.cpu.busy);
            // Multiplying before dividing keeps whole-number ratios exact
            // (8 jobs on 4 cores: 2 s of virtual time is exactly 1 s of work).
            self.cpu.work += if n <= c {
                dt
            } else {
                dt * f64::from(c) / f64::from(n)
            };
        }
        self.cpu.at = self.now;
    }

    /// Recounts the computing threads and predicts when each one's work ends.
    fn cores_replan(&mut self) {
        let (now, work) = (self.now, self.cpu.work);
        let c = self.cfg.cores.max(1);
        let n = self
            .threads
            .iter()
            .filter(|t| matches!(t.state, TState::Computing(_)))
            .count() as u32;
        self.cpu.busy = n;
        for t in &mut self.threads {
            if let TState::Computing(_) = t.state {
                let left = left_at(t.compute_target, work);
                let secs = if n <= c {
                    left
                } else {
                    left * f64::from(n) / f64::from(c)
                };
                t.state = TState::Computing(now + secs);
            }
        }
    }

    /// `th` (holding its GIL, if the build has one) starts or resumes the CPU work left in its `compute_left`.
    pub(crate) fn cpu_start(&mut self, th: ThreadId) {
        self.cores_advance();
        let target = self.cpu.work + self.threads[th.0 as usize].compute_left;
        let seq = self.next_seq();
        let t = &mut self.threads[th.0 as usize];
        t.compute_target = target;
        t.state = TState::Computing(target);
        // Threads whose work ends at the same instant wake in the order they started it.
        t.ready_seq = seq;
        self.cores_replan();
    }

    /// `th` stops computing (its work is done, or the GIL is taken from it) and enters `then`.
    ///
    /// What is left of its work stays in `compute_left`; the other computing
    /// threads speed up if cores became free.
    pub(crate) fn cpu_stop(&mut self, th: ThreadId, then: TState) {
        self.cores_advance();
        let t = &mut self.threads[th.0 as usize];
        if let TState::Computing(until) = t.state {
            if until <= self.now {
                // The work ended now by prediction; float rounding in the clock
                // must not leave a sliver of work to this or to equal jobs.
                self.cpu.work = self.cpu.work.max(t.compute_target);
                t.compute_left = 0.0;
            } else {
                t.compute_left = left_at(t.compute_target, self.cpu.work);
            }
        }
        t.state = then;
        if then == TState::Ready {
            self.note_runnable(th);
        }
        self.cores_replan();
    }
}
