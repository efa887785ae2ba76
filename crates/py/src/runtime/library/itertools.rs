//! Lazy iterators: `itertools`, and the built-in `zip`, `map`, `filter` and
//! `enumerate`, which take items from their sources one at a time as
//! CPython's do (so `zip(itertools.count(), names)` ends with `names`).
//!
//! A lazy iterator is `IterObj::Lazy`, stepped by [`Runner::lazy_next`]
//! when the interpreter is at hand (a `for` loop, `next()`, `list()`), which
//! may call Python functions (`map`'s, `takewhile`'s predicate).  Where only
//! the item values are at hand (`builtins::iterate_simple`), [`free_next`]
//! steps the iterators that call nothing and refuses the others with a
//! `TypeError`.  Every item taken counts as work (`builtins::add_work`), and
//! a single step that skips items (`dropwhile` over `count()`) checks the
//! operations limit as it goes, so nothing loops for ever inside one call.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::BinOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_int, Args};
use crate::runtime::objects::IterObj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::Runner;

/// The most items an iterator's own state may hold (`tee`'s iterators,
/// the indices of `combinations`): the default collection limit, beyond
/// which CPython too fails with `MemoryError`.
const MAX_STATE: usize = 10_000_000;

/// How many lazy iterators may wrap one another (`zip(zip(zip(...)))`):
/// stepping and freeing the outermost walks them all, so the chain is
/// bounded like any other recursion over values.
pub const MAX_NESTING: u32 = 200;

/// Items a step may skip before it checks the operations limit.
const CHECK_EVERY: u64 = 4096;

/// A lazy iterator and how deep it nests.
pub struct Lazy {
    /// Lazy iterators inside this one, plus one.
    pub depth: u32,
    /// What it does.
    pub kind: Kind,
}

/// The state of each kind of lazy iterator.
pub enum Kind {
    /// `count(start, step)`.
    Count(Value, Value),
    /// `cycle(it)`: the source until it ends, then the saved items.
    Cycle(Option<Value>, Vec<Value>, usize),
    /// `repeat(v, times)`.
    Repeat(Value, Option<i64>),
    /// `chain(*its)`: the iterables left, and the current iterator.
    Chain(VecDeque<Value>, Option<Value>),
    /// `chain.from_iterable(it)`: the outer iterator, and the current one.
    ChainFrom(Value, Option<Value>),
    /// `islice(it, start, stop, step)`: the source, the next index to
    /// yield, the stop, the step, and the index of the source's next item.
    ISlice(Value, i64, Option<i64>, i64, i64),
    /// `zip(*its, strict=)`.
    Zip(Vec<Value>, bool),
    /// `zip_longest(*its, fillvalue=)`: sources still going, the fill.
    ZipLongest(Vec<Option<Value>>, Value),
    /// `enumerate(it, start)`: the next count (an int of any size).
    Enumerate(Value, Value),
    /// `map(f, *its)`, or `starmap(f, it)` (the flag).
    Map(Value, Vec<Value>, bool),
    /// `filter(f, it)` (flag true) or `filterfalse(f, it)`.
    Filter(Value, Value, bool),
    /// `takewhile(f, it)` (flag true) or `dropwhile(f, it)`, and whether
    /// the turn has come.
    While(Value, Value, bool, bool),
    /// `compress(data, selectors)`.
    Compress(Value, Value),
    /// `accumulate(it, func, initial=)`: the running total once started.
    Accumulate(Value, Option<Value>, Option<Value>, Option<Value>),
    /// `groupby(it, key)`: the next item already taken, with its key.
    GroupBy(Value, Option<Value>, Option<(Value, Value)>),
    /// `pairwise(it)`: the previous item.
    Pairwise(Value, Option<Value>),
    /// `batched(it, n)`.
    Batched(Value, usize),
    /// One of `tee(it, n)`'s iterators: the shared buffer and its position.
    Tee(Rc<RefCell<TeeBuffer>>, usize),
    /// `product`, `permutations`, `combinations` and
    /// `combinations_with_replacement`: the pools and the index state.
    Combinatoric(Combinatoric),
}

/// What `tee` iterators share: the source and every item taken from it
/// that some iterator has not yet passed.
pub struct TeeBuffer {
    source: Value,
    items: VecDeque<Value>,
    /// The position of `items[0]` in the source.
    base: usize,
    /// Each iterator's position, to drop items all have passed.
    positions: Vec<usize>,
}

/// The index state of the combinatoric iterators (CPython's algorithms
/// from the `itertools` documentation).
pub struct Combinatoric {
    which: Which,
    pool: Vec<Value>,
    /// For `product`, the size of each pool in `pool` (laid end to end).
    sizes: Vec<usize>,
    indices: Vec<usize>,
    cycles: Vec<usize>,
    r: usize,
    first: bool,
    done: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Product,
    Permutations,
    Combinations,
    WithReplacement,
}

/// Who steps a lazy iterator: the interpreter, or nobody who can call.
trait Stepper {
    /// Calls a Python function.
    fn call(&mut self, f: &Value, args: Vec<Value>) -> PyResult;
    /// The next item of any iterator.
    fn next(&mut self, it: &Value) -> PyResult<Option<Value>>;
    /// Counts one item of work; an error when a limit is reached.
    fn tick(&mut self) -> PyResult<()>;
}

struct Interpreted<'a> {
    runner: &'a mut Runner,
    sim: &'a mut Sim<Value>,
    steps: u64,
}

impl Stepper for Interpreted<'_> {
    fn call(&mut self, f: &Value, args: Vec<Value>) -> PyResult {
        self.runner.call_sync(self.sim, f, args)
    }
    fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        // Generators and user iterators too: the runner can run them.
        self.runner.next_item(self.sim, it)
    }
    fn tick(&mut self) -> PyResult<()> {
        crate::runtime::builtins::add_work(1);
        self.steps += 1;
        if self.steps.is_multiple_of(CHECK_EVERY) && self.runner.interp.fold_work() {
            return Err(self
                .runner
                .interp
                .stop_at(crate::runtime::limits::Limit::Operations {
                    done: self.runner.interp.ops.get(),
                    limit: self.runner.interp.limits.max_ops,
                }));
        }
        Ok(())
    }
}

struct Free {
    steps: u64,
}

impl Stepper for Free {
    fn call(&mut self, _f: &Value, _args: Vec<Value>) -> PyResult {
        err(
            ExcClass::TypeError,
            "an iterator that calls a function cannot be consumed here: loop over it or call list() on it first",
        )
    }
    fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        free_next(it)
    }
    fn tick(&mut self) -> PyResult<()> {
        crate::runtime::builtins::add_work(1);
        self.steps += 1;
        if self.steps > crate::runtime::builtins::MAX_MATERIALISED as u64 {
            return err(ExcClass::MemoryError, "iterator too long to materialise");
        }
        Ok(())
    }
}

/// The next item of an iterator without the interpreter (see the module doc).
pub fn free_next(it: &Value) -> PyResult<Option<Value>> {
    let Value::Iter(cell) = it else {
        return err(
            ExcClass::TypeError,
            format!("'{}' object is not an iterator", it.type_name()),
        );
    };
    let lazy = {
        let mut b = cell.borrow_mut();
        match &mut *b {
            IterObj::Lazy(l) => l.clone(),
            other => return Ok(crate::runtime::builtins::iter_next(other)),
        }
    };
    step_lazy(&lazy, &mut Free { steps: 0 })
}

fn step_lazy(lazy: &Rc<RefCell<Lazy>>, s: &mut dyn Stepper) -> PyResult<Option<Value>> {
    let Ok(mut l) = lazy.try_borrow_mut() else {
        return err(ExcClass::ValueError, "generator already executing");
    };
    step(&mut l.kind, s)
}

fn truthy_of(s: &mut dyn Stepper, f: &Value, v: &Value) -> PyResult<bool> {
    Ok(match f {
        Value::None => v.truthy(),
        f => s.call(f, vec![v.clone()])?.truthy(),
    })
}

fn step(kind: &mut Kind, s: &mut dyn Stepper) -> PyResult<Option<Value>> {
    s.tick()?;
    match kind {
        Kind::Count(n, stepv) => {
            let v = n.clone();
            *n = ops::binary(BinOp::Add, n, stepv, 0)?;
            Ok(Some(v))
        }
        Kind::Cycle(src, saved, pos) => {
            if let Some(it) = src {
                match s.next(it)? {
                    Some(v) => {
                        saved.push(v.clone());
                        return Ok(Some(v));
                    }
                    None => *src = None,
                }
            }
            if saved.is_empty() {
                return Ok(None);
            }
            let v = saved[*pos % saved.len()].clone();
            *pos = (*pos + 1) % saved.len();
            Ok(Some(v))
        }
        Kind::Repeat(v, left) => match left {
            Some(0) => Ok(None),
            Some(n) => {
                *n -= 1;
                Ok(Some(v.clone()))
            }
            None => Ok(Some(v.clone())),
        },
        Kind::Chain(rest, cur) => loop {
            if let Some(it) = cur {
                if let Some(v) = s.next(it)? {
                    return Ok(Some(v));
                }
            }
            match rest.pop_front() {
                Some(next) => *cur = Some(crate::runtime::builtins::get_iter(&next)?),
                None => {
                    *cur = None;
                    return Ok(None);
                }
            }
            s.tick()?;
        },
        Kind::ChainFrom(outer, cur) => loop {
            if let Some(it) = cur {
                if let Some(v) = s.next(it)? {
                    return Ok(Some(v));
                }
            }
            match s.next(outer)? {
                Some(next) => *cur = Some(crate::runtime::builtins::get_iter(&next)?),
                None => {
                    *cur = None;
                    return Ok(None);
                }
            }
            s.tick()?;
        },
        Kind::ISlice(src, want, stop, stepn, at) => {
            if stop.is_some_and(|st| *want >= st) {
                return Ok(None);
            }
            loop {
                let Some(v) = s.next(src)? else {
                    // An exhausted source stays exhausted.
                    *stop = Some(0);
                    return Ok(None);
                };
                let i = *at;
                *at += 1;
                if i == *want {
                    *want = want.saturating_add(*stepn);
                    return Ok(Some(v));
                }
                s.tick()?;
            }
        }
        Kind::Zip(srcs, strict) => {
            let mut out = Vec::with_capacity(srcs.len());
            for (i, it) in srcs.iter().enumerate() {
                match s.next(it)? {
                    Some(v) => out.push(v),
                    None => {
                        if *strict {
                            if i > 0 {
                                return err(
                                    ExcClass::ValueError,
                                    format!(
                                        "zip() argument {} is shorter than argument{}",
                                        i + 1,
                                        plural_range(i + 1)
                                    ),
                                );
                            }
                            for (j, other) in srcs.iter().enumerate().skip(1) {
                                if s.next(other)?.is_some() {
                                    return err(
                                        ExcClass::ValueError,
                                        format!(
                                            "zip() argument {} is longer than argument{}",
                                            j + 1,
                                            plural_range(j + 1)
                                        ),
                                    );
                                }
                            }
                        }
                        srcs.clear();
                        return Ok(None);
                    }
                }
            }
            if srcs.is_empty() {
                return Ok(None);
            }
            Ok(Some(Value::new_tuple(out)))
        }
        Kind::ZipLongest(srcs, fill) => {
            let mut out = Vec::with_capacity(srcs.len());
            let mut live = 0;
            for slot in srcs.iter_mut() {
                let v = match slot {
                    Some(it) => match s.next(it)? {
                        Some(v) => {
                            live += 1;
                            v
                        }
                        None => {
                            *slot = None;
                            fill.clone()
                        }
                    },
                    None => fill.clone(),
                };
                out.push(v);
            }
            if live == 0 {
                srcs.iter_mut().for_each(|x| *x = None);
                return Ok(None);
            }
            Ok(Some(Value::new_tuple(out)))
        }
        Kind::Enumerate(src, n) => match s.next(src)? {
            Some(v) => {
                let i = n.clone();
                *n = ops::binary(BinOp::Add, n, &Value::Int(1), 0)?;
                Ok(Some(Value::new_tuple(vec![i, v])))
            }
            None => Ok(None),
        },
        Kind::Map(f, srcs, star) => {
            let mut args = Vec::with_capacity(srcs.len());
            for it in srcs.iter() {
                match s.next(it)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            if *star {
                let Some(item) = args.pop() else {
                    return Ok(None);
                };
                args = crate::runtime::builtins::iterate_simple(&item)?;
            }
            let f = f.clone();
            s.call(&f, args).map(Some)
        }
        Kind::Filter(f, src, keep) => loop {
            let Some(v) = s.next(src)? else {
                return Ok(None);
            };
            let f = f.clone();
            if truthy_of(s, &f, &v)? == *keep {
                return Ok(Some(v));
            }
            s.tick()?;
        },
        Kind::While(f, src, take, turned) => {
            if *take && *turned {
                return Ok(None);
            }
            loop {
                let Some(v) = s.next(src)? else {
                    return Ok(None);
                };
                if *turned {
                    return Ok(Some(v));
                }
                let f = f.clone();
                let holds = truthy_of(s, &f, &v)?;
                if *take {
                    if holds {
                        return Ok(Some(v));
                    }
                    *turned = true;
                    return Ok(None);
                }
                if !holds {
                    *turned = true;
                    return Ok(Some(v));
                }
                s.tick()?;
            }
        }
        Kind::Compress(data, sel) => loop {
            let Some(v) = s.next(data)? else {
                return Ok(None);
            };
            let Some(keep) = s.next(sel)? else {
                return Ok(None);
            };
            if keep.truthy() {
                return Ok(Some(v));
            }
            s.tick()?;
        },
        Kind::Accumulate(src, f, total, initial) => {
            if let Some(init) = initial.take() {
                *total = Some(init.clone());
                return Ok(Some(init));
            }
            let Some(v) = s.next(src)? else {
                return Ok(None);
            };
            let next = match (total.take(), f.clone()) {
                (None, _) => v,
                (Some(t), None) => ops::binary(BinOp::Add, &t, &v, 0)?,
                (Some(t), Some(f)) => s.call(&f, vec![t, v])?,
            };
            *total = Some(next.clone());
            Ok(Some(next))
        }
        Kind::GroupBy(src, key, pending) => {
            let (k, first) = match pending.take() {
                Some(p) => p,
                None => {
                    let Some(v) = s.next(src)? else {
                        return Ok(None);
                    };
                    let k = match key.clone() {
                        Some(f) => s.call(&f, vec![v.clone()])?,
                        None => v.clone(),
                    };
                    (k, v)
                }
            };
            // The group is read to its end now: its items are what
            // CPython's group iterator would yield if read before the
            // next group.
            let mut group = vec![first];
            loop {
                let Some(v) = s.next(src)? else { break };
                let k2 = match key.clone() {
                    Some(f) => s.call(&f, vec![v.clone()])?,
                    None => v.clone(),
                };
                if ops::eq(&k2, &k)? {
                    if group.len() >= crate::runtime::builtins::MAX_MATERIALISED {
                        return err(ExcClass::MemoryError, "groupby() group too large");
                    }
                    group.push(v);
                    s.tick()?;
                } else {
                    *pending = Some((k2, v));
                    break;
                }
            }
            let g = Value::Iter(Rc::new(RefCell::new(IterObj::Items(
                Rc::new(crate::runtime::value::Tuple(group)),
                0,
            ))));
            Ok(Some(Value::new_tuple(vec![k, g])))
        }
        Kind::Pairwise(src, prev) => {
            if prev.is_none() {
                match s.next(src)? {
                    Some(v) => *prev = Some(v),
                    None => return Ok(None),
                }
            }
            let Some(v) = s.next(src)? else {
                *prev = None;
                return Ok(None);
            };
            let a = prev.replace(v.clone()).unwrap_or(Value::None);
            Ok(Some(Value::new_tuple(vec![a, v])))
        }
        Kind::Batched(src, n) => {
            let mut out = Vec::with_capacity((*n).min(1024));
            while out.len() < *n {
                if out.len() >= crate::runtime::builtins::MAX_MATERIALISED {
                    return err(ExcClass::MemoryError, "batched() batch too large");
                }
                match s.next(src)? {
                    Some(v) => out.push(v),
                    None => break,
                }
                s.tick()?;
            }
            if out.is_empty() {
                return Ok(None);
            }
            Ok(Some(Value::new_tuple(out)))
        }
        Kind::Tee(buf, idx) => {
            let Ok(mut b) = buf.try_borrow_mut() else {
                return err(ExcClass::RuntimeError, "cannot re-enter the tee iterator");
            };
            let pos = b.positions[*idx];
            let v = if pos < b.base + b.items.len() {
                b.items[pos - b.base].clone()
            } else {
                let src = b.source.clone();
                match s.next(&src)? {
                    Some(v) => {
                        b.items.push_back(v.clone());
                        v
                    }
                    None => return Ok(None),
                }
            };
            b.positions[*idx] = pos + 1;
            let lowest = b.positions.iter().copied().min().unwrap_or(0);
            while b.base < lowest && !b.items.is_empty() {
                b.items.pop_front();
                b.base += 1;
            }
            Ok(Some(v))
        }
        Kind::Combinatoric(c) => Ok(c.next()),
    }
}

fn plural_range(j: usize) -> String {
    if j == 2 {
        " 1".into()
    } else {
        format!("s 1-{}", j - 1)
    }
}

impl Combinatoric {
    fn next(&mut self) -> Option<Value> {
        if self.done {
            return None;
        }
        let n = self.pool.len();
        let r = self.r;
        if self.first {
            self.first = false;
            let empty = match self.which {
                Which::Product => self.sizes.contains(&0),
                Which::Permutations | Which::Combinations => r > n,
                Which::WithReplacement => n == 0 && r > 0,
            };
            if empty {
                self.done = true;
                return None;
            }
            return Some(self.current());
        }
        match self.which {
            Which::Product => {
                let mut i = self.indices.len();
                loop {
                    if i == 0 {
                        self.done = true;
                        return None;
                    }
                    i -= 1;
                    self.indices[i] += 1;
                    if self.indices[i] < self.sizes[i] {
                        break;
                    }
                    self.indices[i] = 0;
                }
            }
            Which::Permutations => {
                let mut i = r;
                loop {
                    if i == 0 {
                        self.done = true;
                        return None;
                    }
                    i -= 1;
                    self.cycles[i] -= 1;
                    if self.cycles[i] == 0 {
                        let moved = self.indices.remove(i);
                        self.indices.push(moved);
                        self.cycles[i] = n - i;
                    } else {
                        let j = self.cycles[i];
                        let len = self.indices.len();
                        self.indices.swap(i, len - j);
                        break;
                    }
                }
            }
            Which::Combinations => {
                let mut i = r;
                loop {
                    if i == 0 {
                        self.done = true;
                        return None;
                    }
                    i -= 1;
                    if self.indices[i] != i + n - r {
                        break;
                    }
                }
                self.indices[i] += 1;
                for j in i + 1..r {
                    self.indices[j] = self.indices[j - 1] + 1;
                }
            }
            Which::WithReplacement => {
                let mut i = r;
                loop {
                    if i == 0 {
                        self.done = true;
                        return None;
                    }
                    i -= 1;
                    if self.indices[i] != n - 1 {
                        break;
                    }
                }
                let v = self.indices[i] + 1;
                for j in i..r {
                    self.indices[j] = v;
                }
            }
        }
        Some(self.current())
    }

    fn current(&self) -> Value {
        let items = match self.which {
            Which::Product => {
                let mut offset = 0;
                let mut out = Vec::with_capacity(self.sizes.len());
                for (k, size) in self.sizes.iter().enumerate() {
                    out.push(self.pool[offset + self.indices[k]].clone());
                    offset += size;
                }
                out
            }
            _ => self.indices[..self.r]
                .iter()
                .map(|&i| self.pool[i].clone())
                .collect(),
        };
        crate::runtime::builtins::add_work(items.len());
        Value::new_tuple(items)
    }
}

/// How deep a value nests lazy iterators.
fn depth_of(v: &Value) -> u32 {
    match v {
        Value::Iter(it) => match &*it.borrow() {
            IterObj::Lazy(l) => l.try_borrow().map(|l| l.depth).unwrap_or(MAX_NESTING),
            _ => 0,
        },
        _ => 0,
    }
}

/// Wraps a kind over `sources` as an iterator value.
pub fn make(kind: Kind, sources: &[&Value]) -> PyResult {
    let depth = 1 + sources.iter().map(|v| depth_of(v)).max().unwrap_or(0);
    if depth > MAX_NESTING {
        return err(
            ExcClass::RecursionError,
            "maximum recursion depth exceeded (iterators nested too deep)",
        );
    }
    Ok(Value::Iter(Rc::new(RefCell::new(IterObj::Lazy(Rc::new(
        RefCell::new(Lazy { depth, kind }),
    ))))))
}

fn iter_of(v: &Value) -> PyResult {
    crate::runtime::builtins::get_iter(v)
}

fn int_or_none(v: Option<Value>, what: &str) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => want_int(&v, what).map(Some),
    }
}

/// `zip(*its, strict=False)`.
pub fn zip(mut a: Args) -> PyResult {
    let strict = a.take_kw("strict").map(|v| v.truthy()).unwrap_or(false);
    a.no_more_kw("zip")?;
    let srcs: Vec<Value> = a.pos.iter().map(iter_of).collect::<PyResult<_>>()?;
    let refs: Vec<&Value> = srcs.iter().collect();
    make(Kind::Zip(srcs.clone(), strict), &refs)
}

/// `map(f, *its)`.
pub fn map(a: Args) -> PyResult {
    if a.pos.len() < 2 {
        return err(
            ExcClass::TypeError,
            "map() must have at least two arguments.",
        );
    }
    let srcs: Vec<Value> = a.pos[1..].iter().map(iter_of).collect::<PyResult<_>>()?;
    let refs: Vec<&Value> = srcs.iter().collect();
    make(Kind::Map(a.pos[0].clone(), srcs.clone(), false), &refs)
}

/// `filter(f, it)`.
pub fn filter(a: Args) -> PyResult {
    a.arity("filter", 2, 2)?;
    let src = iter_of(&a.pos[1])?;
    make(Kind::Filter(a.pos[0].clone(), src.clone(), true), &[&src])
}

/// `enumerate(it, start=0)`.
pub fn enumerate(mut a: Args) -> PyResult {
    let start = match a.get(1, "start") {
        None => Value::Int(0),
        Some(v @ (Value::Int(_) | Value::Big(_))) => v,
        Some(Value::Bool(b)) => Value::Int(b as i64),
        Some(v) => {
            return err(
                ExcClass::TypeError,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                ),
            )
        }
    };
    let Some(it) = a.get(0, "iterable") else {
        return err(
            ExcClass::TypeError,
            "enumerate() missing required argument 'iterable' (pos 1)",
        );
    };
    let src = iter_of(&it)?;
    make(Kind::Enumerate(src.clone(), start), &[&src])
}

/// Calls `itertools.name`.
pub fn call(name: &str, mut a: Args) -> PyResult {
    let short = &name["itertools.".len()..];
    let pos = |a: &Args, i: usize| a.pos.get(i).cloned();
    let need = |a: &Args, n: usize| -> PyResult<()> {
        if a.pos.len() < n {
            return err(
                ExcClass::TypeError,
                format!(
                    "{short} expected {n} argument{}, got {}",
                    if n == 1 { "" } else { "s" },
                    a.pos.len()
                ),
            );
        }
        Ok(())
    };
    match short {
        "count" => {
            let start = a.get(0, "start").unwrap_or(Value::Int(0));
            let step = a.get(1, "step").unwrap_or(Value::Int(1));
            for v in [&start, &step] {
                if v.as_f64().is_none() {
                    return err(ExcClass::TypeError, "a number is required");
                }
            }
            make(Kind::Count(start, step), &[])
        }
        "cycle" => {
            need(&a, 1)?;
            let src = iter_of(&a.pos[0])?;
            make(Kind::Cycle(Some(src.clone()), Vec::new(), 0), &[&src])
        }
        "repeat" => {
            let v = a.get(0, "object").unwrap_or(Value::None);
            let times = int_or_none(a.get(1, "times"), "")?.map(|n| n.max(0));
            make(Kind::Repeat(v, times), &[])
        }
        "chain" => {
            let refs: Vec<&Value> = a.pos.iter().collect();
            make(Kind::Chain(a.pos.clone().into(), None), &refs)
        }
        "chain.from_iterable" => {
            need(&a, 1)?;
            let outer = iter_of(&a.pos[0])?;
            make(Kind::ChainFrom(outer.clone(), None), &[&outer])
        }
        "islice" => {
            need(&a, 2)?;
            let src = iter_of(&a.pos[0])?;
            let idx = |v: Option<Value>, which: &str| -> PyResult<Option<i64>> {
                match v {
                    None | Some(Value::None) => Ok(None),
                    Some(Value::Int(i)) if i >= 0 => Ok(Some(i)),
                    Some(_) => err(
                        ExcClass::ValueError,
                        format!("{which} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."),
                    ),
                }
            };
            let (start, stop, step) = if a.pos.len() == 2 {
                (0, idx(pos(&a, 1), "Stop")?, 1)
            } else {
                let start = idx(pos(&a, 1), "Indices")?.unwrap_or(0);
                let stop = idx(pos(&a, 2), "Stop")?;
                let step = match pos(&a, 3) {
                    None | Some(Value::None) => 1,
                    Some(Value::Int(i)) if i >= 1 => i,
                    Some(_) => {
                        return err(
                            ExcClass::ValueError,
                            "Step for islice() must be a positive integer or None.",
                        )
                    }
                };
                (start, stop, step)
            };
            make(Kind::ISlice(src.clone(), start, stop, step, 0), &[&src])
        }
        "zip_longest" => {
            let fill = a.take_kw("fillvalue").unwrap_or(Value::None);
            a.no_more_kw("zip_longest")?;
            let srcs: Vec<Value> = a.pos.iter().map(iter_of).collect::<PyResult<_>>()?;
            let refs: Vec<&Value> = srcs.iter().collect();
            make(
                Kind::ZipLongest(srcs.iter().cloned().map(Some).collect(), fill),
                &refs,
            )
        }
        "starmap" => {
            need(&a, 2)?;
            let src = iter_of(&a.pos[1])?;
            make(
                Kind::Map(a.pos[0].clone(), vec![src.clone()], true),
                &[&src],
            )
        }
        "filterfalse" => {
            need(&a, 2)?;
            let src = iter_of(&a.pos[1])?;
            make(Kind::Filter(a.pos[0].clone(), src.clone(), false), &[&src])
        }
        "takewhile" | "dropwhile" => {
            need(&a, 2)?;
            let src = iter_of(&a.pos[1])?;
            make(
                Kind::While(a.pos[0].clone(), src.clone(), short == "takewhile", false),
                &[&src],
            )
        }
        "compress" => {
            let data = iter_of(&a.get(0, "data").unwrap_or(Value::None))?;
            let sel = iter_of(&a.get(1, "selectors").unwrap_or(Value::None))?;
            make(Kind::Compress(data.clone(), sel.clone()), &[&data, &sel])
        }
        "accumulate" => {
            let initial = a.take_kw("initial").filter(|v| !matches!(v, Value::None));
            let func = a.get(1, "func").filter(|v| !matches!(v, Value::None));
            need(&a, 1)?;
            let src = iter_of(&a.pos[0])?;
            make(Kind::Accumulate(src.clone(), func, None, initial), &[&src])
        }
        "groupby" => {
            let key = a.get(1, "key").filter(|v| !matches!(v, Value::None));
            let Some(it) = a.get(0, "iterable") else {
                return err(
                    ExcClass::TypeError,
                    "groupby() missing required argument 'iterable' (pos 1)",
                );
            };
            let src = iter_of(&it)?;
            make(Kind::GroupBy(src.clone(), key, None), &[&src])
        }
        "pairwise" => {
            need(&a, 1)?;
            let src = iter_of(&a.pos[0])?;
            make(Kind::Pairwise(src.clone(), None), &[&src])
        }
        "batched" => {
            need(&a, 2)?;
            let n = want_int(&a.pos[1], "")?;
            if n < 1 {
                return err(ExcClass::ValueError, "n must be at least one");
            }
            let src = iter_of(&a.pos[0])?;
            make(Kind::Batched(src.clone(), n as usize), &[&src])
        }
        "tee" => {
            need(&a, 1)?;
            let n = match pos(&a, 1) {
                Some(v) => want_int(&v, "")?,
                None => 2,
            };
            if n < 0 {
                return err(ExcClass::ValueError, "n must be >= 0");
            }
            // One iterator each, in one tuple.
            if n as u64 > MAX_STATE as u64 {
                return err(ExcClass::MemoryError, "");
            }
            let src = iter_of(&a.pos[0])?;
            let buf = Rc::new(RefCell::new(TeeBuffer {
                source: src.clone(),
                items: VecDeque::new(),
                base: 0,
                positions: vec![0; n as usize],
            }));
            let its = (0..n as usize)
                .map(|i| make(Kind::Tee(buf.clone(), i), &[&src]))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(Value::new_tuple(its))
        }
        "product" => {
            let repeat = match a.take_kw("repeat") {
                Some(v) => want_int(&v, "")?,
                None => 1,
            };
            a.no_more_kw("product")?;
            if repeat < 0 {
                return err(ExcClass::ValueError, "repeat argument cannot be negative");
            }
            let pools: Vec<Vec<Value>> = a
                .pos
                .iter()
                .map(crate::runtime::builtins::iterate_simple)
                .collect::<PyResult<_>>()?;
            let mut pool = Vec::new();
            let mut sizes = Vec::new();
            for _ in 0..repeat {
                for p in &pools {
                    sizes.push(p.len());
                    pool.extend(p.iter().cloned());
                    if pool.len() > crate::runtime::builtins::MAX_MATERIALISED {
                        return err(ExcClass::MemoryError, "product() pools too large");
                    }
                }
            }
            let k = sizes.len();
            make(
                Kind::Combinatoric(Combinatoric {
                    which: Which::Product,
                    pool,
                    sizes,
                    indices: vec![0; k],
                    cycles: Vec::new(),
                    r: k,
                    first: true,
                    done: false,
                }),
                &[],
            )
        }
        "permutations" | "combinations" | "combinations_with_replacement" => {
            let Some(src) = a.get(0, "iterable") else {
                return err(
                    ExcClass::TypeError,
                    format!("{short}() missing required argument 'iterable' (pos 1)"),
                );
            };
            let pool = crate::runtime::builtins::iterate_simple(&src)?;
            let n = pool.len();
            let r = match a.get(1, "r") {
                None | Some(Value::None) if short == "permutations" => n as i64,
                None | Some(Value::None) => {
                    return err(
                        ExcClass::TypeError,
                        format!("{short}() missing required argument 'r' (pos 2)"),
                    )
                }
                Some(v) => want_int(&v, "")?,
            };
            if r < 0 {
                return err(ExcClass::ValueError, "r must be non-negative");
            }
            // The iterator keeps `r` indices (CPython allocates them too,
            // and a huge `r` is a MemoryError there).
            if r as u64 > MAX_STATE as u64 {
                return err(ExcClass::MemoryError, "");
            }
            let r = r as usize;
            let which = match short {
                "permutations" => Which::Permutations,
                "combinations" => Which::Combinations,
                _ => Which::WithReplacement,
            };
            let (indices, cycles) = match which {
                Which::Permutations => ((0..n).collect(), (0..r.min(n)).map(|i| n - i).collect()),
                Which::Combinations => ((0..r.min(n)).collect(), Vec::new()),
                _ => (vec![0; r], Vec::new()),
            };
            make(
                Kind::Combinatoric(Combinatoric {
                    which,
                    pool,
                    sizes: Vec::new(),
                    indices,
                    cycles,
                    r,
                    first: true,
                    done: false,
                }),
                &[],
            )
        }
        _ => err(
            ExcClass::AttributeError,
            format!("module 'itertools' has no attribute '{short}'"),
        ),
    }
}

/// The public names of `itertools` that Loopscope has.
pub const NAMES: &[&str] = &[
    "itertools.count",
    "itertools.cycle",
    "itertools.repeat",
    "itertools.chain",
    "itertools.islice",
    "itertools.zip_longest",
    "itertools.product",
    "itertools.permutations",
    "itertools.combinations",
    "itertools.combinations_with_replacement",
    "itertools.accumulate",
    "itertools.groupby",
    "itertools.starmap",
    "itertools.takewhile",
    "itertools.dropwhile",
    "itertools.filterfalse",
    "itertools.compress",
    "itertools.pairwise",
    "itertools.batched",
    "itertools.tee",
];

impl Runner {
    /// The next item of any iterator, stepping lazy ones with the
    /// interpreter at hand (they may call Python functions).
    pub fn next_of(&mut self, sim: &mut Sim<Value>, it: &Value) -> PyResult<Option<Value>> {
        let Value::Iter(cell) = it else {
            return err(
                ExcClass::TypeError,
                format!("'{}' object is not an iterator", it.type_name()),
            );
        };
        let lazy = {
            let mut b = cell.borrow_mut();
            match &mut *b {
                IterObj::Lazy(l) => l.clone(),
                other => return Ok(crate::runtime::builtins::iter_next(other)),
            }
        };
        self.lazy_next(sim, &lazy)
    }

    /// Steps a lazy iterator (see the module doc).
    #[inline(never)]
    pub fn lazy_next(
        &mut self,
        sim: &mut Sim<Value>,
        lazy: &Rc<RefCell<Lazy>>,
    ) -> PyResult<Option<Value>> {
        let mut s = Interpreted {
            runner: self,
            sim,
            steps: 0,
        };
        step_lazy(lazy, &mut s)
    }

    /// Every item of a built-in iterable, lazy iterators stepped by the
    /// interpreter, at most the collection limit of them (`Runner::iterate`
    /// is the entry point; it sends user classes elsewhere).
    pub fn iterate_builtin(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<Vec<Value>> {
        let lazy = match v {
            Value::Iter(cell) => match &*cell.borrow() {
                IterObj::Lazy(l) => Some(l.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(lazy) = lazy else {
            return crate::runtime::builtins::iterate_simple(v);
        };
        let max = self.interp.limits.max_collection;
        let mut out = Vec::new();
        while let Some(x) = self.lazy_next(sim, &lazy)? {
            if out.len() >= max {
                return err(
                    ExcClass::MemoryError,
                    format!("list larger than the limit of {max} items"),
                );
            }
            out.push(x);
            // One call may build millions of items (`list(permutations(s))`),
            // or items of millions (`combinations_with_replacement('ab',
            // 10**7)`): the operations and memory limits are read as the
            // list grows, not only between the program's own steps.
            if self.interp.fold_work() {
                return Err(self.interp.stopped());
            }
            crate::runtime::builtins::check_growth(out.len())?;
        }
        Ok(out)
    }
}
