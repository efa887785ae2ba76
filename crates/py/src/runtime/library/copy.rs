//! `copy`: `copy.copy` and `copy.deepcopy` of the built-in containers,
//! `collections` objects, namedtuples and user class instances (dataclasses
//! included).
//!
//! As in CPython, a copied instance is made without calling `__init__`
//! (its attributes are copied over), a class's own `__copy__` or
//! `__deepcopy__(memo)` takes precedence, and immutable values (numbers,
//! strings, functions, classes, tasks, locks…) are their own copy.
//! `deepcopy` keeps a memo from each original container to its copy, so
//! that an object reached twice is copied once and a cycle is copied as a
//! cycle.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::class::Instance;
use crate::runtime::library::collections::Deque;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Tuple, Value};
use crate::runtime::vm::Runner;

/// The public names of `copy`.
pub const NAMES: &[&str] = &["copy.copy", "copy.deepcopy"];

/// How deep `deepcopy` follows nested containers before it raises
/// `RecursionError`, as CPython does a little deeper (each level is a few
/// Python frames there, against its limit of 1000).
const MAX_DEEPCOPY_DEPTH: usize = 300;

/// The memo: the address of each original object copied so far, and its copy.
type Memo = HashMap<usize, Value>;

/// The address that identifies a mutable or compound value in the memo.
fn address(v: &Value) -> Option<usize> {
    Some(match v {
        Value::List(l) => Rc::as_ptr(l) as *const () as usize,
        Value::Tuple(t) => Rc::as_ptr(t) as *const () as usize,
        Value::Dict(d) | Value::Set(d) => Rc::as_ptr(d) as *const () as usize,
        Value::Instance(i) => Rc::as_ptr(i) as *const () as usize,
        Value::Obj(o) => Rc::as_ptr(o) as *const () as usize,
        _ => return None,
    })
}

fn new_deque(d: &Deque) -> Value {
    Value::Obj(Rc::new(Obj::Deque(RefCell::new(Deque {
        items: d.items.clone(),
        maxlen: d.maxlen,
    }))))
}

impl Runner {
    /// Calls `copy.copy` or `copy.deepcopy`.
    pub(crate) fn call_copy(&mut self, sim: &mut Sim<Value>, name: &str, mut a: Args) -> PyResult {
        if a.pos.is_empty() && a.kw.is_empty() {
            // Both are Python functions in CPython, whose parameter is `x`.
            return err(
                ExcClass::TypeError,
                format!(
                    "{}() missing 1 required positional argument: 'x'",
                    &name[5..]
                ),
            );
        }
        if name == "copy.copy" {
            a.arity("copy", 1, 1)?;
            return self.shallow_copy(sim, &a.pos[0]);
        }
        // A memo given by the caller is accepted and not shared: what
        // matters to programs is that one call keeps its sharing.
        let _ = a.take_kw("memo");
        a.arity("deepcopy", 1, 2)?;
        let mut memo = Memo::new();
        self.deep_copy(sim, &a.pos[0], &mut memo, 0)
    }

    /// A new instance of `i`'s class with `attrs`, made without `__init__`.
    fn bare_instance(&self, i: &Instance, attrs: Vec<(Rc<str>, Value)>) -> Value {
        Value::Instance(Rc::new(Instance {
            class: i.class.clone(),
            attrs: RefCell::new(attrs),
            id: self.interp.fresh_id(),
            hash: std::cell::Cell::new(i.hash.get()),
        }))
    }

    /// `copy.copy(v)`.
    pub(crate) fn shallow_copy(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult {
        Ok(match v {
            Value::List(l) => Value::new_list(l.borrow().clone()),
            Value::Dict(d) => Value::Dict(Rc::new(RefCell::new(d.borrow().clone()))),
            Value::Set(d) => Value::Set(Rc::new(RefCell::new(d.borrow().clone()))),
            Value::Obj(o) => match &**o {
                Obj::Deque(d) => new_deque(&d.borrow()),
                _ => v.clone(),
            },
            Value::Instance(i) => {
                if let Some(r) = self.call_dunder(sim, v, "__copy__", Vec::new()) {
                    return r;
                }
                let attrs = i.attrs.borrow().clone();
                self.bare_instance(i, attrs)
            }
            _ => v.clone(),
        })
    }

    /// `copy.deepcopy(v)`, with the memo of this call.
    fn deep_copy(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        memo: &mut Memo,
        depth: usize,
    ) -> PyResult {
        if depth > MAX_DEEPCOPY_DEPTH {
            return err(
                ExcClass::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            );
        }
        let Some(addr) = address(v) else {
            return Ok(v.clone());
        };
        if let Some(done) = memo.get(&addr) {
            return Ok(done.clone());
        }
        crate::runtime::builtins::add_work(1);
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.deep_copy_new(sim, v, addr, memo, depth)
        })
    }

    /// Copies a container not yet in the memo.  Mutable containers enter
    /// the memo before their items are copied, so that a cycle back to them
    /// finds the copy.
    fn deep_copy_new(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        addr: usize,
        memo: &mut Memo,
        depth: usize,
    ) -> PyResult {
        match v {
            Value::List(l) => {
                let out = Value::new_list(Vec::new());
                memo.insert(addr, out.clone());
                let items = l.borrow().clone();
                let mut copied = Vec::with_capacity(items.len());
                for x in &items {
                    copied.push(self.deep_copy(sim, x, memo, depth + 1)?);
                }
                if let Value::List(new) = &out {
                    *new.borrow_mut() = copied;
                }
                Ok(out)
            }
            Value::Tuple(t) => {
                let mut copied = Vec::with_capacity(t.len());
                for x in t.iter() {
                    copied.push(self.deep_copy(sim, x, memo, depth + 1)?);
                }
                // A cycle through the tuple may have copied it already.
                if let Some(done) = memo.get(&addr) {
                    return Ok(done.clone());
                }
                // CPython hands back the tuple itself when no item changed.
                let out = if copied.iter().zip(t.iter()).all(|(a, b)| a.is(b)) {
                    v.clone()
                } else {
                    Value::new_tuple(copied)
                };
                memo.insert(addr, out.clone());
                Ok(out)
            }
            Value::Dict(d) | Value::Set(d) => {
                let is_set = matches!(v, Value::Set(_));
                let mut fresh = d.borrow().clone();
                fresh.clear();
                let cell = Rc::new(RefCell::new(fresh));
                let out = if is_set {
                    Value::Set(cell.clone())
                } else {
                    Value::Dict(cell.clone())
                };
                memo.insert(addr, out.clone());
                let entries: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, x)| (k.clone(), x.clone()))
                    .collect();
                for (k, x) in entries {
                    let k = self.deep_copy(sim, &k, memo, depth + 1)?;
                    let x = if is_set {
                        x
                    } else {
                        self.deep_copy(sim, &x, memo, depth + 1)?
                    };
                    let Some(h) = k.hash_key() else {
                        return err(
                            ExcClass::TypeError,
                            format!("unhashable type: '{}'", k.type_name()),
                        );
                    };
                    cell.borrow_mut().insert(h, k, x);
                }
                Ok(out)
            }
            Value::Obj(o) => match &**o {
                Obj::Deque(d) => {
                    let maxlen = d.borrow().maxlen;
                    let out = Value::Obj(Rc::new(Obj::Deque(RefCell::new(Deque {
                        items: Default::default(),
                        maxlen,
                    }))));
                    memo.insert(addr, out.clone());
                    let items: Vec<Value> = d.borrow().items.iter().cloned().collect();
                    let mut copied = std::collections::VecDeque::with_capacity(items.len());
                    for x in &items {
                        copied.push_back(self.deep_copy(sim, x, memo, depth + 1)?);
                    }
                    if let Value::Obj(n) = &out {
                        if let Obj::Deque(nd) = &**n {
                            nd.borrow_mut().items = copied;
                        }
                    }
                    Ok(out)
                }
                Obj::Named(cls, t) => {
                    let mut copied = Vec::with_capacity(t.len());
                    for x in t.iter() {
                        copied.push(self.deep_copy(sim, x, memo, depth + 1)?);
                    }
                    let out = Value::Obj(Rc::new(Obj::Named(cls.clone(), Rc::new(Tuple(copied)))));
                    memo.insert(addr, out.clone());
                    Ok(out)
                }
                _ => Ok(v.clone()),
            },
            Value::Instance(i) => {
                if crate::runtime::instances::dunder(v, "__deepcopy__").is_some() {
                    let memo_dict = Value::Dict(Default::default());
                    if let Some(r) = self.call_dunder(sim, v, "__deepcopy__", vec![memo_dict]) {
                        let out = r?;
                        memo.insert(addr, out.clone());
                        return Ok(out);
                    }
                }
                let out = self.bare_instance(i, Vec::new());
                memo.insert(addr, out.clone());
                let attrs = i.attrs.borrow().clone();
                let mut copied = Vec::with_capacity(attrs.len());
                for (k, x) in &attrs {
                    copied.push((k.clone(), self.deep_copy(sim, x, memo, depth + 1)?));
                }
                if let Value::Instance(n) = &out {
                    *n.attrs.borrow_mut() = copied;
                }
                Ok(out)
            }
            _ => Ok(v.clone()),
        }
    }
}
