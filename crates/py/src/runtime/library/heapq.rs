//! `heapq` and `bisect`: the sorted-list helpers that go with asyncio
//! schedulers and priority queues.
//!
//! The heap functions follow CPython's `_siftdown`/`_siftup` step for step,
//! so that items of equal priority come out in the same order as there.
//! Comparisons run no user code here (`<` on ints, floats, strings, tuples);
//! `bisect`'s `key` is called through the interpreter.

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_int, Args};
use crate::runtime::ops::{compare_order, err, PyResult};
use crate::runtime::value::{List, Value};
use crate::runtime::vm::Runner;

fn lt(a: &Value, b: &Value) -> PyResult<bool> {
    Ok(compare_order(a, b, "<")? == std::cmp::Ordering::Less)
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

/// `_siftdown(heap, startpos, pos)`.
fn sift_down(h: &mut [Value], start: usize, mut pos: usize) -> PyResult<()> {
    let item = h[pos].clone();
    while pos > start {
        let parent = (pos - 1) >> 1;
        if lt(&item, &h[parent])? {
            h[pos] = h[parent].clone();
            pos = parent;
            continue;
        }
        break;
    }
    h[pos] = item;
    Ok(())
}

/// `_siftup(heap, pos)`.
fn sift_up(h: &mut [Value], mut pos: usize) -> PyResult<()> {
    let end = h.len();
    let start = pos;
    let item = h[pos].clone();
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !lt(&h[child], &h[right])? {
            child = right;
        }
        h[pos] = h[child].clone();
        pos = child;
        child = 2 * pos + 1;
        crate::runtime::builtins::add_work(1);
    }
    h[pos] = item;
    sift_down(h, start, pos)
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
    /// Calls a `heapq` or `bisect` function.
    pub(crate) fn call_heapq(&mut self, sim: &mut Sim<Value>, name: &str, mut a: Args) -> PyResult {
        let max = self.interp.limits.max_collection;
        let short = name.rsplit('.').next().unwrap_or(name);
        match name {
            "heapq.heappush" => {
                let l = list_arg(&a, short)?;
                let item = a.pos.get(1).cloned().unwrap_or(Value::None);
                let mut h = l.borrow_mut();
                if h.len() >= max {
                    return err(
                        ExcClass::MemoryError,
                        format!("list larger than the limit of {max} items"),
                    );
                }
                h.push(item);
                let n = h.len() - 1;
                sift_down(&mut h, 0, n)?;
                Ok(Value::None)
            }
            "heapq.heappop" => {
                let l = list_arg(&a, short)?;
                let mut h = l.borrow_mut();
                let Some(last) = h.pop() else {
                    return err(ExcClass::IndexError, "index out of range");
                };
                if h.is_empty() {
                    return Ok(last);
                }
                let top = std::mem::replace(&mut h[0], last);
                sift_up(&mut h, 0)?;
                Ok(top)
            }
            "heapq.heapreplace" | "heapq.heappushpop" => {
                let l = list_arg(&a, short)?;
                let item = a.pos.get(1).cloned().unwrap_or(Value::None);
                let mut h = l.borrow_mut();
                if name == "heapq.heappushpop" && (h.is_empty() || !lt(&h[0], &item)?) {
                    return Ok(item);
                }
                if h.is_empty() {
                    return err(ExcClass::IndexError, "index out of range");
                }
                let top = std::mem::replace(&mut h[0], item);
                sift_up(&mut h, 0)?;
                Ok(top)
            }
            "heapq.heapify" => {
                let l = list_arg(&a, short)?;
                let mut h = l.borrow_mut();
                for i in (0..h.len() / 2).rev() {
                    sift_up(&mut h, i)?;
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
                lt(&probe, &item)?
            } else {
                !lt(&item, &probe)?
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
