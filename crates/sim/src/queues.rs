//! `asyncio.Queue`, `LifoQueue` and `PriorityQueue` (`queues.py`).
//!
//! `put_nowait` wakes the first live getter (which re-checks emptiness when it
//! runs and may queue again at the tail); `get_nowait` wakes the first live
//! putter.  The priority queue is a binary heap with the same sift steps as
//! Python's `heapq`, so equal-priority items come out in the same order.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, Value};
use crate::library::{QueueId, QueueKind, QueueState};
use crate::sim::Sim;
use std::collections::VecDeque;

/// `heapq._siftdown`: moves the item at `pos` up towards `start`.
fn sift_down<V: Value>(heap: &mut VecDeque<V>, start: usize, mut pos: usize) {
    while pos > start {
        let parent = (pos - 1) >> 1;
        if heap[pos].lt(&heap[parent]) {
            heap.swap(pos, parent);
            pos = parent;
        } else {
            break;
        }
    }
}

/// `heapq._siftup`: moves the item at `pos` down to a leaf along smaller children, then back up.
fn sift_up<V: Value>(heap: &mut VecDeque<V>, mut pos: usize) {
    let end = heap.len();
    let start = pos;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !heap[child].lt(&heap[right]) {
            child = right;
        }
        heap.swap(pos, child);
        pos = child;
        child = 2 * pos + 1;
    }
    sift_down(heap, start, pos);
}

impl<V: Value> Sim<V> {
    /// A new queue; `maxsize <= 0` means unbounded.
    pub fn queue_new(&mut self, kind: QueueKind, maxsize: i64) -> QueueId {
        let finished = self.event_new();
        self.event_set(finished);
        self.lib.queues.push(QueueState {
            kind,
            maxsize,
            items: VecDeque::new(),
            getters: VecDeque::new(),
            putters: VecDeque::new(),
            unfinished: 0,
            finished,
        });
        QueueId(self.lib.queues.len() as u32 - 1)
    }

    /// What the queue's repr shows: its items in storage order (a priority
    /// queue's heap as `heapq` lays it out), how many getters and putters
    /// wait, and how many items are not yet marked done.
    pub fn queue_state(&self, q: QueueId) -> (Vec<V>, usize, usize, u64) {
        let Some(st) = self.lib.queues.get(q.0 as usize) else {
            return (Vec::new(), 0, 0, 0);
        };
        (
            st.items.iter().cloned().collect(),
            self.live(&st.getters),
            self.live(&st.putters),
            st.unfinished,
        )
    }

    /// `q.qsize()`.
    pub fn queue_qsize(&self, q: QueueId) -> usize {
        self.lib
            .queues
            .get(q.0 as usize)
            .map(|s| s.items.len())
            .unwrap_or(0)
    }

    /// `q.maxsize`.
    pub fn queue_maxsize(&self, q: QueueId) -> i64 {
        self.lib
            .queues
            .get(q.0 as usize)
            .map(|s| s.maxsize)
            .unwrap_or(0)
    }

    /// `q.empty()`.
    pub fn queue_empty(&self, q: QueueId) -> bool {
        self.queue_qsize(q) == 0
    }

    /// `q.full()`.
    pub fn queue_full(&self, q: QueueId) -> bool {
        let Some(s) = self.lib.queues.get(q.0 as usize) else {
            return false;
        };
        s.maxsize > 0 && s.items.len() as i64 >= s.maxsize
    }

    fn queue_wakeup_next(&mut self, q: QueueId, getters: bool) {
        loop {
            let s = &mut self.lib.queues[q.0 as usize];
            let w = if getters {
                s.getters.pop_front()
            } else {
                s.putters.pop_front()
            };
            let Some(w) = w else { return };
            if !self.done(w) {
                let _ = self.set_result(w, V::none());
                return;
            }
        }
    }

    /// `q.put_nowait(item)`.
    pub fn queue_put_nowait(&mut self, q: QueueId, item: V) -> Result<(), V> {
        if q.0 as usize >= self.lib.queues.len() {
            return Err(Self::exc(ExcKind::Runtime, "unknown queue"));
        }
        if self.queue_full(q) {
            return Err(Self::exc(ExcKind::QueueFull, ""));
        }
        let s = &mut self.lib.queues[q.0 as usize];
        s.items.push_back(item);
        if s.kind == QueueKind::Priority {
            let n = s.items.len() - 1;
            sift_down(&mut s.items, 0, n);
        }
        s.unfinished += 1;
        let finished = s.finished;
        self.event_clear(finished);
        self.queue_wakeup_next(q, true);
        Ok(())
    }

    /// `q.get_nowait()`.
    pub fn queue_get_nowait(&mut self, q: QueueId) -> Result<V, V> {
        let Some(s) = self.lib.queues.get_mut(q.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown queue"));
        };
        let item = match s.kind {
            QueueKind::Fifo => s.items.pop_front(),
            QueueKind::Lifo => s.items.pop_back(),
            QueueKind::Priority => {
                let last = s.items.pop_back();
                match last {
                    Some(last) if !s.items.is_empty() => {
                        let top = std::mem::replace(&mut s.items[0], last);
                        sift_up(&mut s.items, 0);
                        Some(top)
                    }
                    other => other,
                }
            }
        };
        let Some(item) = item else {
            return Err(Self::exc(ExcKind::QueueEmpty, ""));
        };
        self.queue_wakeup_next(q, false);
        Ok(item)
    }

    /// `q.task_done()`.
    pub fn queue_task_done(&mut self, q: QueueId) -> Result<(), V> {
        let Some(s) = self.lib.queues.get_mut(q.0 as usize) else {
            return Ok(());
        };
        if s.unfinished == 0 {
            return Err(Self::exc(
                ExcKind::Value,
                "task_done() called too many times",
            ));
        }
        s.unfinished -= 1;
        if s.unfinished == 0 {
            let f = s.finished;
            self.event_set(f);
        }
        Ok(())
    }

    /// `await q.put(item)`.
    pub fn queue_put(&mut self, q: QueueId, item: V) -> Box<dyn Coroutine<V>> {
        let label = match self.lib.queues.get(q.0 as usize).map(|s| s.kind) {
            Some(QueueKind::Lifo) => "LifoQueue.put()",
            Some(QueueKind::Priority) => "PriorityQueue.put()",
            _ => "Queue.put()",
        };
        Box::new(QueueOp {
            q,
            put: Some(item),
            waiter: None,
            label,
        })
    }

    /// `await q.get()`.
    pub fn queue_get(&mut self, q: QueueId) -> Box<dyn Coroutine<V>> {
        let label = match self.lib.queues.get(q.0 as usize).map(|s| s.kind) {
            Some(QueueKind::Lifo) => "LifoQueue.get()",
            Some(QueueKind::Priority) => "PriorityQueue.get()",
            _ => "Queue.get()",
        };
        self.queue_get_labelled(q, label)
    }

    /// `q.get()` whose waiter is labelled `label`: `as_completed` waits on a
    /// private queue, and its reader should see `as_completed()`, not a queue
    /// it never made.
    pub(crate) fn queue_get_labelled(
        &mut self,
        q: QueueId,
        label: &'static str,
    ) -> Box<dyn Coroutine<V>> {
        Box::new(QueueOp {
            q,
            put: None,
            waiter: None,
            label,
        })
    }

    /// `await q.join()`.
    pub fn queue_join(&mut self, q: QueueId) -> Box<dyn Coroutine<V>> {
        let Some(s) = self.lib.queues.get(q.0 as usize) else {
            return Box::new(crate::library::Immediate::new("Queue.join"));
        };
        if s.unfinished > 0 {
            let f = s.finished;
            self.event_wait_labelled(f, "Queue.join()")
        } else {
            Box::new(crate::library::Immediate::new("Queue.join"))
        }
    }
}

/// `Queue.put` (with an item) or `Queue.get`.
struct QueueOp<V> {
    q: QueueId,
    put: Option<V>,
    waiter: Option<FutureId>,
    /// The waiter's label (`Queue.put()`, `LifoQueue.get()`).
    label: &'static str,
}

impl<V: Value> Coroutine<V> for QueueOp<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let qi = self.q.0 as usize;
        if qi >= sim.lib.queues.len() {
            return Step::Raise(Sim::<V>::exc(ExcKind::Runtime, "unknown queue"));
        }
        let is_put = self.put.is_some();
        if let Some(w) = self.waiter.take() {
            if let Sent::Throw(e) = sent {
                sim.future_cancel(w, None, None);
                let s = &mut sim.lib.queues[qi];
                let list = if is_put {
                    &mut s.putters
                } else {
                    &mut s.getters
                };
                if let Some(p) = list.iter().position(|x| *x == w) {
                    list.remove(p);
                }
                let can = if is_put {
                    !sim.queue_full(self.q)
                } else {
                    !sim.queue_empty(self.q)
                };
                if can && !sim.cancelled(w) {
                    sim.queue_wakeup_next(self.q, !is_put);
                }
                return Step::Raise(e);
            }
        } else if let Sent::Throw(e) = sent {
            return Step::Raise(e);
        }
        let blocked = if is_put {
            sim.queue_full(self.q)
        } else {
            sim.queue_empty(self.q)
        };
        if blocked {
            let w = sim.create_labelled_future(self.label);
            let s = &mut sim.lib.queues[qi];
            if is_put {
                s.putters.push_back(w);
            } else {
                s.getters.push_back(w);
            }
            self.waiter = Some(w);
            return Step::Await(w);
        }
        if let Some(item) = self.put.take() {
            return match sim.queue_put_nowait(self.q, item) {
                Ok(()) => Step::Return(V::none()),
                Err(e) => Step::Raise(e),
            };
        }
        match sim.queue_get_nowait(self.q) {
            Ok(v) => Step::Return(v),
            Err(e) => Step::Raise(e),
        }
    }
    fn name(&self) -> String {
        if self.put.is_some() {
            "Queue.put"
        } else {
            "Queue.get"
        }
        .to_string()
    }
}
