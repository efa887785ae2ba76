//! The loop's timer heap, ordered by (deadline, creation order).
//!
//! CPython's `TimerHandle` compares by deadline only; with a real clock two
//! timers essentially never share a deadline, so earlier-created timers fire
//! first.  A virtual clock makes ties common, so the creation order (the
//! handle id, which grows monotonically) breaks them explicitly.

use crate::trace::HandleId;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One scheduled timer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TimerEntry {
    pub when: f64,
    pub handle: HandleId,
}

impl PartialEq for TimerEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for TimerEntry {}
impl PartialOrd for TimerEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TimerEntry {
    /// Reversed so that `BinaryHeap` (a max-heap) pops the earliest timer first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .when
            .total_cmp(&self.when)
            .then(other.handle.cmp(&self.handle))
    }
}

/// A min-heap of timers.
#[derive(Default)]
pub(crate) struct TimerHeap {
    heap: BinaryHeap<TimerEntry>,
}

impl TimerHeap {
    pub fn push(&mut self, when: f64, handle: HandleId) {
        self.heap.push(TimerEntry { when, handle });
    }
    pub fn peek(&self) -> Option<TimerEntry> {
        self.heap.peek().copied()
    }
    pub fn pop(&mut self) -> Option<TimerEntry> {
        self.heap.pop()
    }
    pub fn clear(&mut self) {
        self.heap.clear();
    }
}
