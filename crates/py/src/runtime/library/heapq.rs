//! `heapq` and `bisect`: the sorted-list helpers that go with asyncio
//! schedulers and priority queues.
//!
//! The heap functions follow CPython's `_siftdown`/`_siftup` step for step,
//! so that items of equal priority come out in the same order as there.
//! Items of user classes compare with their `__lt__`, called through the
//! interpreter, as does `bisect`'s `key`.

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::CmpOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_int, Args};
use crate::runtime::ops::{compare_order, err, PyResult};
use crate::runtime::value::{List, Value};
use crate::runtime::vm::Runner;

/// The item at `i` of a heap list (which a user `__lt__` may have emptied).
fn item_at(l: &List, i: usize) -> PyResult<Value> {
    match l.borrow().get(i) {
        Some(v) => Ok(v.clone()),
        None => err(ExcClass::IndexError, "list index out of range"),
    }
}

/// CPython's check after each comparison: the heap kept its size.
fn unchanged(l: &List, size: usize) -> PyResult<()> {
    if l.borrow().len() != size {
        return err(ExcClass::RuntimeError, "list changed size during iteration");
    }
    Ok(())
}

/// Whether comparing `v` may run user code.
fn holds_instance(v: &Value) -> bool {
    matches!(v, Value::Instance(_) | Value::Tuple(_))
}

fn list_arg(a: &Args, func: &str) -> PyResult<Rc<List>> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        Some(other) => err(
            ExcClass::TypeError,
            format!(
                "{func}() argument 1 must be list, not {}",
                other.type_name()
            ),
        ),
        None => err(
            ExcClass::TypeError,
            format!("{func} expected at least 1 argument, got 0"),
        ),
    }
}

/// The public names of `heapq` and `bisect`.
pub const NAMES: &[&str] = &[
    "heapq.heappush",
    "heapq.heappop",
    "heapq.heapify",
    "heapq.heappushpop",
    "heapq.heapreplace",
    "heapq.nlargest",
    "heapq.nsmallest",
    "bisect.bisect_left",
    "bisect.bisect_right",
    "bisect.bisect",
    "bisect.insort_left",
    "bisect.insort_right",
    "bisect.insort",
];

impl Runner {
    /// `a < b` as the heap compares items: user classes with their `__lt__`
    /// (also inside tuples, `(priority, job)` with equal priorities), the
    /// built-in types natively.
    fn heap_lt(
        &mut self,
        sim: &mut Sim<Value>,
        a: &Value,
        b: &Value,
        depth: usize,
    ) -> PyResult<bool> {
        match (a, b) {
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                Ok(self.compare_user(sim, CmpOp::Lt, a, b)?.truthy())
            }
            (Value::Tuple(x), Value::Tuple(y))
                if depth < 100 && x.iter().chain(y.iter()).any(holds_instance) =>
            {
                // CPython's tuple order: the first items that differ decide.
                for (p, q) in x.iter().zip(y.iter()) {
                    let same = p.is(q)
                        || match (p, q) {
                            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                                self.compare_user(sim, CmpOp::Eq, p, q)?.truthy()
                            }
                            _ => crate::runtime::ops::eq(p, q)?,
                        };
                    if !same {
                        return self.heap_lt(sim, p, q, depth + 1);
                    }
                }
                Ok(x.len() < y.len())
            }
            _ => Ok(compare_order(a, b, "<")? == std::cmp::Ordering::Less),
        }
    }

    /// `_siftdown(heap, startpos, pos)` on the list itself, as CPython
    /// works on it: a user `__lt__` sees the list as it is meanwhile, and
    /// one that changes its size is CPython's `RuntimeError`.
    fn sift_down(
        &mut self,
        sim: &mut Sim<Value>,
        l: &Rc<List>,
        start: usize,
        mut pos: usize,
    ) -> PyResult<()> {
        let size = l.borrow().len();
        let item = item_at(l, pos)?;
        while pos > start {
            let parent = (pos - 1) >> 1;
            let p = item_at(l, parent)?;
            let less = self.heap_lt(sim, &item, &p, 0)?;
            unchanged(l, size)?;
            if less {
                l.borrow_mut()[pos] = p;
                pos = parent;
                continue;
            }
            break;
        }
        l.borrow_mut()[pos] = item;
        Ok(())
    }

    /// `_siftup(heap, pos)`, as [`Runner::sift_down`] works.
    fn sift_up(&mut self, sim: &mut Sim<Value>, l: &Rc<List>, mut pos: usize) -> PyResult<()> {
        let end = l.borrow().len();
        let start = pos;
        let item = item_at(l, pos)?;
        let mut child = 2 * pos + 1;
        while child < end {
            let right = child + 1;
            if right < end {
                let (c, r) = (item_at(l, child)?, item_at(l, right)?);
                let less = self.heap_lt(sim, &c, &r, 0)?;
                unchanged(l, end)?;
                if !less {
                    child = right;
                }
            }
            let c = item_at(l, child)?;
            l.borrow_mut()[pos] = c;
            pos = child;
            child = 2 * pos + 1;
            crate::runtime::builtins::add_work(1);
        }
        l.borrow_mut()[pos] = item;
        self.sift_down(sim, l, start, pos)
    }

    /// Calls a `heapq` or `bisect` function.
    pub(crate) fn call_heapq(&mut self, sim: &mut Sim<Value>, name: &str, mut a: Args) -> PyResult {
        let max = self.interp.limits.max_collection;
        let short = name.rsplit('.').next().unwrap_or(name);
        match name {
            "heapq.heappush" => {
                let l = list_arg(&a, short)?;
                let item = a.pos.get(1).cloned().unwrap_or(Value::None);
                if l.borrow().len() >= max {
                    return err(
                        ExcClass::MemoryError,
                        format!("list larger than the limit of {max} items"),
                    );
                }
                let n = {
                    let mut h = l.borrow_mut();
                    h.push(item);
                    h.len() - 1
                };
                self.sift_down(sim, &l, 0, n)?;
                Ok(Value::None)
            }
            "heapq.heappop" => {
                let l = list_arg(&a, short)?;
                let top = {
                    let mut h = l.borrow_mut();
                    let Some(last) = h.pop() else {
                        return err(ExcClass::IndexError, "index out of range");
                    };
                    if h.is_empty() {
                        return Ok(last);
                    }
                    std::mem::replace(&mut h[0], last)
                };
                self.sift_up(sim, &l, 0)?;
                Ok(top)
            }
            "heapq.heapreplace" | "heapq.heappushpop" => {
                let l = list_arg(&a, short)?;
                let item = a.pos.get(1).cloned().unwrap_or(Value::None);
                let pushpop = name == "heapq.heappushpop";
                let first = l.borrow().first().cloned();
                let Some(first) = first else {
                    return if pushpop {
                        Ok(item)
                    } else {
                        err(ExcClass::IndexError, "index out of range")
                    };
                };
                if pushpop && !self.heap_lt(sim, &first, &item, 0)? {
                    return Ok(item);
                }
                let top = match l.borrow_mut().first_mut() {
                    Some(slot) => std::mem::replace(slot, item),
                    None => return err(ExcClass::IndexError, "index out of range"),
                };
                self.sift_up(sim, &l, 0)?;
                Ok(top)
            }
            "heapq.heapify" => {
                let l = list_arg(&a, short)?;
                let n = l.borrow().len();
                for i in (0..n / 2).rev() {
                    self.sift_up(sim, &l, i)?;
                }
                Ok(Value::None)
            }
            "heapq.nlargest" | "heapq.nsmallest" => {
                let n = want_int(a.pos.first().unwrap_or(&Value::None), "")?;
                let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
                let items = self.iterate(sim, a.pos.get(1).unwrap_or(&Value::None))?;
                let mut sorted = self.sort_values(sim, items, key, name == "heapq.nlargest")?;
                sorted.truncate(n.max(0) as usize);
                Ok(Value::new_list(sorted))
            }
            _ => self.bisect(sim, name, a),
        }
    }

    fn bisect(&mut self, sim: &mut Sim<Value>, name: &str, mut a: Args) -> PyResult {
        let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
        let l = list_arg(&a, name.rsplit('.').next().unwrap_or(name))?;
        let x = a.get(1, "x").unwrap_or(Value::None);
        let lo = match a.get(2, "lo") {
            Some(v) => want_int(&v, "")?,
            None => 0,
        };
        if lo < 0 {
            return err(ExcClass::ValueError, "lo must be non-negative");
        }
        let len = l.borrow().len() as i64;
        let hi = match a.get(3, "hi") {
            Some(Value::None) | None => len,
            Some(v) => want_int(&v, "")?,
        };
        let right = !name.ends_with("_left");
        // `insort` compares the key of the new item; `bisect` takes `x` as a key already.
        let probe = match (&key, name.starts_with("bisect.insort")) {
            (Some(k), true) => self.call_sync(sim, k, vec![x.clone()])?,
            _ => x.clone(),
        };
        let (mut lo, mut hi) = (lo as usize, hi.max(0) as usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let item = match l.borrow().get(mid) {
                Some(v) => v.clone(),
                None => return err(ExcClass::IndexError, "list index out of range"),
            };
            let item = match &key {
                Some(k) => self.call_sync(sim, k, vec![item])?,
                None => item,
            };
            let go_left = if right {
                self.heap_lt(sim, &probe, &item, 0)?
            } else {
                !self.heap_lt(sim, &item, &probe, 0)?
            };
            if go_left {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if name.starts_with("bisect.insort") {
            let mut v = l.borrow_mut();
            if v.len() >= self.interp.limits.max_collection {
                return err(ExcClass::MemoryError, "list too large");
            }
            let at = lo.min(v.len());
            v.insert(at, x);
            crate::runtime::builtins::add_work(v.len() - at);
            return Ok(Value::None);
        }
        Ok(Value::Int(lo as i64))
    }
}
