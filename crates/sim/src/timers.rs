//! The loop's timer heap, ordered by (deadline, creation order).
//!
//! CPython's `TimerHandle` compares by deadline only; with a real clock two
//! timers essentially never share a deadline, so earlier-created timers fire
//! first.  A virtual clock makes ties common, so the creation order (the
//! handle id, which grows monotonically) breaks them explicitly.
//!
//! Most programs schedule timers in the order they fall due: virtual time
//! only moves forward, and one delay (`sleep(0.1)` in a loop, a timeout
//! used everywhere) gives deadlines that never decrease.  Such timers go to
//! a plain FIFO, which pushes and pops in constant time; only a timer due
//! before the FIFO's last one goes to the binary heap.  Popping takes the
//! earlier of the two heads, so the order is exactly the heap's alone.

use crate::trace::HandleId;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// One scheduled timer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TimerEntry {
    pub when: f64,
    pub handle: HandleId,
    /// `when` as an integer that orders like `f64::total_cmp`, computed once
    /// at push so that the heap's many comparisons are plain integer ones.
    key: i64,
}

/// The integer `f64::total_cmp` compares: the bits, with the magnitude bits
/// flipped for negative numbers.
fn total_order_key(x: f64) -> i64 {
    // A NaN deadline is due at once in CPython (`when >= end` is false for
    // it), so it orders first, like minus infinity, rather than last.
    let x = if x.is_nan() { f64::NEG_INFINITY } else { x };
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
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
            .key
            .cmp(&self.key)
            .then(other.handle.cmp(&self.handle))
    }
}

impl TimerEntry {
    /// Whether this timer fires before `other`.
    fn before(&self, other: &TimerEntry) -> bool {
        self.cmp(other) == Ordering::Greater
    }
}

/// A priority queue of timers, earliest first.
#[derive(Default)]
pub(crate) struct TimerHeap {
    /// Timers pushed in firing order, each after the one before it.
    run: VecDeque<TimerEntry>,
    /// Timers that fire before the last one in `run` when pushed.
    heap: BinaryHeap<TimerEntry>,
    /// Whether the next timer is the head of `run` rather than of `heap`:
    /// the loop peeks several times per iteration, so the comparison is
    /// made once per change instead.
    run_first: bool,
}

impl TimerHeap {
    pub fn push(&mut self, when: f64, handle: HandleId) {
        let entry = TimerEntry {
            when,
            handle,
            key: total_order_key(when),
        };
        match self.run.back() {
            Some(last) if entry.before(last) => self.heap.push(entry),
            _ => self.run.push_back(entry),
        }
        self.settle();
    }
    /// Recomputes [`TimerHeap::run_first`] after a change.
    fn settle(&mut self) {
        self.run_first = match (self.run.front(), self.heap.peek()) {
            (Some(r), Some(h)) => r.before(h),
            (r, _) => r.is_some(),
        };
    }
    pub fn peek(&self) -> Option<TimerEntry> {
        if self.run_first {
            self.run.front().copied()
        } else {
            self.heap.peek().copied()
        }
    }
    pub fn pop(&mut self) -> Option<TimerEntry> {
        let next = if self.run_first {
            self.run.pop_front()
        } else {
            self.heap.pop()
        };
        self.settle();
        next
    }
    pub fn clear(&mut self) {
        self.run.clear();
        self.heap.clear();
        self.run_first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::{total_order_key, TimerHeap};
    use crate::trace::HandleId;

    /// Interleaved pushes and pops come out in (deadline, handle) order,
    /// whether the deadlines arrive sorted, reversed, tied or scattered.
    #[test]
    fn pops_in_deadline_then_creation_order() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        for pattern in 0..4 {
            let mut timers = TimerHeap::default();
            let mut reference: Vec<(f64, u32)> = Vec::new();
            let mut handle = 0u32;
            let mut now = 0.0f64;
            for step in 0..2_000u32 {
                if next() % 3 == 0 {
                    let popped = timers.pop().map(|t| (t.when, t.handle.0));
                    let expected = (!reference.is_empty()).then(|| reference.remove(0));
                    assert_eq!(popped, expected, "pattern {pattern}, step {step}");
                    if let Some((when, _)) = popped {
                        now = when;
                    }
                    continue;
                }
                let when = match pattern {
                    0 => now + 0.001,
                    1 => now + 1.0 - f64::from(step) * 0.0004,
                    2 => now + (next() % 3) as f64,
                    _ => now + (next() % 1000) as f64 / 1000.0,
                };
                timers.push(when, HandleId(handle));
                reference.push((when, handle));
                reference.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                handle += 1;
                let peeked = timers.peek().map(|t| (t.when, t.handle.0));
                assert_eq!(
                    peeked,
                    reference.first().copied(),
                    "pattern {pattern}, step {step}"
                );
            }
            while let Some(t) = timers.pop() {
                assert_eq!((t.when, t.handle.0), reference.remove(0));
            }
            assert!(reference.is_empty());
        }
    }

    /// The integer key orders every pair of these as `f64::total_cmp` does.
    #[test]
    fn key_orders_like_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            0.001,
            0.0010000000000000002,
            2.5,
            1e300,
            f64::INFINITY,
            f64::NAN,
        ];
        // NaN is due at once: it orders as minus infinity does.
        let due = |x: f64| if x.is_nan() { f64::NEG_INFINITY } else { x };
        for a in xs {
            for b in xs {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    due(a).total_cmp(&due(b)),
                    "{a} vs {b}"
                );
            }
        }
    }
}
