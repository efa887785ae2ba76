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
    /// `when` as an integer that orders like `f64::total_cmp`, computed once
    /// at push so that the heap's many comparisons are plain integer ones.
    key: i64,
}

/// The integer `f64::total_cmp` compares: the bits, with the magnitude bits
/// flipped for negative numbers.
fn total_order_key(x: f64) -> i64 {
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

/// A min-heap of timers.
#[derive(Default)]
pub(crate) struct TimerHeap {
    heap: BinaryHeap<TimerEntry>,
}

impl TimerHeap {
    pub fn push(&mut self, when: f64, handle: HandleId) {
        self.heap.push(TimerEntry {
            when,
            handle,
            key: total_order_key(when),
        });
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

#[cfg(test)]
mod tests {
    use super::total_order_key;

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
        for a in xs {
            for b in xs {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
