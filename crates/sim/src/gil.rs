//! The GIL: one lock per process, only modelled when `cpu_speed` is set and
//! the build has one (`Config::gil`).
//!
//! A thread holds its process's GIL while it runs Python code and keeps it
//! across consecutive CPU work; it releases it when it waits (blocking call,
//! `BlockOn`, idle worker, the loop in `select`) or ends.  A thread that wants
//! the GIL while another computes waits; once it has waited the switch
//! interval (5 ms, and at least 5 ms since the last hand-over) the holder is
//! forced to drop it at its next check and joins the back of the queue.
//! Which waiter wins is up to the OS in CPython; the model hands over FIFO.
//! The holders that compute share the machine's cores (see `cores.rs`).
//!
//! A free-threaded build (PEP 703, `python3.13t` and later; `Config::gil`
//! false) has no GIL: every thread that computes does so at once, and they
//! all share the cores as processes do.  No GIL event is then recorded, so
//! the trace never shows a thread waiting for a lock that does not exist.

use crate::coro::{ThreadId, Value};
use crate::sim::{Sim, TState};
use crate::trace::EventKind;
use std::collections::{BTreeMap, VecDeque};

/// `sys.getswitchinterval()`.
pub const SWITCH_INTERVAL: f64 = 0.005;

/// The GILs of all processes.
#[derive(Default)]
pub(crate) struct Gils {
    holder: BTreeMap<u32, ThreadId>,
    waiters: BTreeMap<u32, VecDeque<ThreadId>>,
    last_switch: BTreeMap<u32, f64>,
}

impl<V: Value> Sim<V> {
    /// Whether threads take turns on a GIL: code costs time and the build has one.
    fn gil_on(&self) -> bool {
        self.cfg.cpu_speed.is_some() && self.cfg.gil
    }

    fn emit_as(&mut self, th: ThreadId, kind: EventKind) {
        let saved = self.cur_thread;
        self.cur_thread = th;
        self.emit(kind);
        self.cur_thread = saved;
    }

    /// Lets `th` run Python code: true if it holds (or needs no) GIL, otherwise it now waits for it.
    pub(crate) fn gil_take(&mut self, th: ThreadId) -> bool {
        if !self.gil_on() {
            return true;
        }
        let p = self.threads[th.0 as usize].process;
        match self.gil.holder.get(&p) {
            Some(&h) if h == th => true,
            None => {
                self.gil.holder.insert(p, th);
                self.emit_as(th, EventKind::GilAcquired);
                true
            }
            Some(_) => {
                let now = self.now;
                let t = &mut self.threads[th.0 as usize];
                t.state = TState::WantGil;
                t.gil_since = now;
                self.gil.waiters.entry(p).or_default().push_back(th);
                self.emit_as(th, EventKind::GilWait);
                false
            }
        }
    }

    /// Starts (or continues) the CPU work recorded in the thread's `compute_left`.
    pub(crate) fn gil_compute(&mut self, th: ThreadId) {
        if !self.gil_on() {
            // Without a GIL nothing stands between a thread and a core.
            self.cpu_start(th);
            return;
        }
        let p = self.threads[th.0 as usize].process;
        match self.gil.holder.get(&p) {
            Some(&h) if h != th => {
                let now = self.now;
                let t = &mut self.threads[th.0 as usize];
                t.state = TState::WantGil;
                t.gil_since = now;
                self.gil.waiters.entry(p).or_default().push_back(th);
                self.emit_as(th, EventKind::GilWait);
            }
            _ => {
                if let std::collections::btree_map::Entry::Vacant(e) = self.gil.holder.entry(p) {
                    e.insert(th);
                    self.emit_as(th, EventKind::GilAcquired);
                }
                self.cpu_start(th);
            }
        }
    }

    /// `th` stopped running Python code: hand the GIL to the first waiter.
    pub(crate) fn gil_release(&mut self, th: ThreadId) {
        if !self.gil_on() {
            return;
        }
        let p = self.threads[th.0 as usize].process;
        if self.gil.holder.get(&p) != Some(&th) {
            return;
        }
        self.gil.holder.remove(&p);
        self.emit_as(th, EventKind::GilReleased);
        self.gil_grant_next(p);
    }

    fn gil_grant_next(&mut self, p: u32) {
        let Some(w) = self.gil.waiters.get_mut(&p).and_then(|q| q.pop_front()) else {
            return;
        };
        self.gil.holder.insert(p, w);
        self.gil.last_switch.insert(p, self.now);
        self.emit_as(w, EventKind::GilAcquired);
        let left = self.threads[w.0 as usize].compute_left;
        if left > 0.0 {
            self.cpu_start(w);
        } else {
            self.make_ready(w, None);
        }
    }

    /// When the holder of each contended GIL is forced to drop it.
    fn gil_switch_times(&self) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        for (&p, &h) in &self.gil.holder {
            let TState::Computing(until) = self.threads[h.0 as usize].state else {
                continue;
            };
            let Some(&w) = self.gil.waiters.get(&p).and_then(|q| q.front()) else {
                continue;
            };
            let since = self.threads[w.0 as usize]
                .gil_since
                .max(self.gil.last_switch.get(&p).copied().unwrap_or(0.0));
            let at = since + SWITCH_INTERVAL;
            // Work that would end within a nanosecond of the switch finishes
            // instead, so float rounding does not leave slivers of CPU time.
            if at < until - 1e-9 {
                out.push((p, at));
            }
        }
        out
    }

    /// The next forced GIL switch, if any.
    pub(crate) fn gil_next_switch(&self) -> Option<f64> {
        if !self.gil_on() {
            return None;
        }
        self.gil_switch_times()
            .into_iter()
            .map(|(_, t)| t)
            .reduce(f64::min)
    }

    /// Performs the forced switches due now.
    pub(crate) fn gil_switches_due(&mut self) {
        if !self.gil_on() {
            return;
        }
        for (p, at) in self.gil_switch_times() {
            if at > self.now {
                continue;
            }
            let Some(&h) = self.gil.holder.get(&p) else {
                continue;
            };
            if !matches!(self.threads[h.0 as usize].state, TState::Computing(_)) {
                continue;
            }
            self.cpu_stop(h, TState::WantGil);
            self.threads[h.0 as usize].gil_since = self.now;
            self.gil.holder.remove(&p);
            self.emit_as(h, EventKind::GilReleased);
            self.emit_as(h, EventKind::GilWait);
            self.gil.waiters.entry(p).or_default().push_back(h);
            self.gil_grant_next(p);
        }
    }
}
