//! The handlers of the interpreter loop: one method per operation whose
//! work needs no control flow of its own (no call into a Python frame, no
//! suspension, no return).  `exec_inner` in the parent module dispatches to
//! them and keeps, inline, the operations that switch frames or suspend and
//! the fast paths of the hottest ones.

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::{BinOp, CmpOp, Code, Const, Op};
use crate::front::names::ExcClass;
use crate::runtime::function::Function;
use crate::runtime::library::collections::DictKind;
use crate::runtime::objects::IterObj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::value::Value;

use std::cell::RefCell;

use crate::runtime::exc::Exc;
use crate::runtime::value::Dict;

use super::{exc_matches, make_exception, Block, BlockKind, CallOut, Frame, Runner};

/// A call's callee, positional arguments and keyword arguments.
pub(super) type CallArgs = (Value, Vec<Value>, Vec<(Rc<str>, Value)>);

/// An operator's type error as the augmented assignment says it
/// (`unsupported operand type(s) for +=: 'int' and 'str'`).
fn augmented(e: Value) -> Value {
    const HEAD: &str = "unsupported operand type(s) for ";
    let message = match &e {
        Value::Exc(x) if x.class == ExcClass::TypeError => match x.args.borrow().first() {
            Some(Value::Str(m)) if m.starts_with(HEAD) => m.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    if message.is_empty() {
        return e;
    }
    match message[HEAD.len()..].find(':') {
        Some(i) => {
            let at = HEAD.len() + i;
            // `**` is named `** or pow()`, and `**=` only `**=`.
            let op = message[..at].trim_end_matches(" or pow()");
            crate::runtime::exc::Exc::value(ExcClass::TypeError, format!("{op}={}", &message[at..]))
        }
        None => e,
    }
}

impl Runner {
    /// `Op::LoadFast`.
    #[inline(always)]
    pub(super) fn op_load_fast(&mut self, f: &mut Frame, code: &Code, i: u32) -> PyResult<()> {
        match &f.locals[i as usize] {
            Some(v) => {
                f.stack.push(v.clone());
                Ok(())
            }
            None => err(
                ExcClass::UnboundLocalError,
                format!(
                    "cannot access local variable '{}' where it is not associated with a value",
                    code.local_names[i as usize]
                ),
            ),
        }
    }

    /// `Op::LoadDeref`.
    #[inline(always)]
    pub(super) fn op_load_deref(&mut self, f: &mut Frame, code: &Code, i: u32) -> PyResult<()> {
        let v = f.cells[i as usize].borrow().clone();
        match v {
            Some(v) => {
                f.stack.push(v);
                Ok(())
            }
            None => {
                let name = self.cell_name(code, i as usize);
                err(ExcClass::NameError, format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"))
            }
        }
    }

    /// `Op::LoadGlobal`.
    #[inline(always)]
    pub(super) fn op_load_global(&mut self, f: &mut Frame, i: u32) -> PyResult<()> {
        let g = self.interp.globals.borrow();
        match g.get(i as usize).and_then(|v| v.as_ref()) {
            Some(v) => {
                f.stack.push(v.clone());
                Ok(())
            }
            None => {
                drop(g);
                let name = self.interp.program.global_names[i as usize].clone();
                match crate::runtime::builtins::builtin_value(&name) {
                    Some(v) => {
                        f.stack.push(v);
                        Ok(())
                    }
                    None => err(ExcClass::NameError, format!("name '{name}' is not defined")),
                }
            }
        }
    }

    /// `Op::StoreGlobal`.
    #[inline(always)]
    pub(super) fn op_store_global(&mut self, f: &mut Frame, i: u32) -> PyResult<()> {
        let v = f.pop();
        let mut g = self.interp.globals.borrow_mut();
        if g.len() <= i as usize {
            g.resize(
                self.interp.program.global_names.len().max(i as usize + 1),
                None,
            );
        }
        g[i as usize] = Some(v);
        Ok(())
    }

    /// `Op::DeleteGlobal`.
    #[inline(never)]
    pub(super) fn op_delete_global(&mut self, i: u32) -> PyResult<()> {
        let mut g = self.interp.globals.borrow_mut();
        match g.get_mut(i as usize) {
            Some(slot @ Some(_)) => {
                *slot = None;
                Ok(())
            }
            _ => err(
                ExcClass::NameError,
                format!(
                    "name '{}' is not defined",
                    self.interp.program.global_names[i as usize]
                ),
            ),
        }
    }

    /// `Op::StoreAttrFast`.
    #[inline(never)]
    pub(super) fn op_store_attr_fast(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        code: &Code,
        slot: u32,
        i: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        let name = &code.names[i as usize];
        match &f.locals[slot as usize] {
            Some(Value::Instance(inst)) if !inst.class.store_hooks() => {
                inst.set(name, v);
                Ok(())
            }
            Some(obj) => {
                let obj = obj.clone();
                match self.user_store_attr(sim, &obj, name, v) {
                    Some(r) => r,
                    None => err(
                        ExcClass::AttributeError,
                        format!(
                            "'{}' object attribute '{}' is read-only",
                            obj.type_name(),
                            name
                        ),
                    ),
                }
            }
            None => err(
                ExcClass::UnboundLocalError,
                format!(
                    "cannot access local variable '{}' where it is not associated with a value",
                    code.local_names[slot as usize]
                ),
            ),
        }
    }

    /// `Op::StoreAttr`.
    #[inline(never)]
    pub(super) fn op_store_attr(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        code: &Code,
        i: u32,
    ) -> PyResult<()> {
        let obj = f.pop();
        let v = f.pop();
        let name = &code.names[i as usize];
        match &obj {
            // A plain instance without a property or frozen fields stores in place.
            Value::Instance(inst) if !inst.class.store_hooks() => {
                inst.set(name, v);
                Ok(())
            }
            _ => match self.user_store_attr(sim, &obj, name, v) {
                Some(r) => r,
                None => err(
                    ExcClass::AttributeError,
                    format!(
                        "'{}' object attribute '{}' is read-only",
                        obj.type_name(),
                        name
                    ),
                ),
            },
        }
    }

    /// `Op::Not`.
    #[inline(always)]
    pub(super) fn op_not(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        let v = f.pop();
        match &v {
            Value::Instance(_) => self
                .user_truthy(sim, &v)
                .map(|b| f.stack.push(Value::Bool(!b))),
            _ => {
                f.stack.push(Value::Bool(!v.truthy()));
                Ok(())
            }
        }
    }

    /// `Op::StoreSubscr`.
    #[inline(never)]
    pub(super) fn op_store_subscr(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        let i = f.pop();
        let c = f.pop();
        let v = f.pop();
        match &c {
            Value::Instance(_) => self
                .call_dunder(sim, &c, "__setitem__", vec![i, v])
                .unwrap_or_else(|| {
                    err(
                        ExcClass::TypeError,
                        format!(
                            "'{}' object does not support item assignment",
                            c.type_name()
                        ),
                    )
                })
                .map(|_| ()),
            _ => self.check_size(&c).and_then(|_| ops::setitem(&c, &i, v)),
        }
    }

    /// `Op::DeleteSubscr`.
    #[inline(never)]
    pub(super) fn op_delete_subscr(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        let i = f.pop();
        let c = f.pop();
        match &c {
            Value::Instance(_) => self
                .call_dunder(sim, &c, "__delitem__", vec![i])
                .unwrap_or_else(|| {
                    err(
                        ExcClass::TypeError,
                        format!("'{}' object does not support item deletion", c.type_name()),
                    )
                })
                .map(|_| ()),
            _ => ops::delitem(&c, &i),
        }
    }

    /// `Op::BuildSlice`.
    #[inline(never)]
    pub(super) fn op_build_slice(&mut self, f: &mut Frame) -> PyResult<()> {
        let c = f.pop();
        let b = f.pop();
        let a = f.pop();
        f.stack.push(Value::Slice(Rc::new((a, b, c))));
        Ok(())
    }

    /// `Op::PopTask`.
    #[inline(never)]
    pub(super) fn op_pop_task(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        if let Some(Value::Future(id)) = f.stack.pop() {
            if sim.future_task(id).is_some() {
                sim.release_when_done(id);
            }
        }
        Ok(())
    }

    /// `Op::Dup2`.
    #[inline(never)]
    pub(super) fn op_dup2(&mut self, f: &mut Frame) -> PyResult<()> {
        let l = f.stack.len();
        let a = f.stack[l - 2].clone();
        let b = f.stack[l - 1].clone();
        f.stack.push(a);
        f.stack.push(b);
        Ok(())
    }

    /// `Op::Rot3`.
    #[inline(never)]
    pub(super) fn op_rot3(&mut self, f: &mut Frame) -> PyResult<()> {
        let v = f.pop();
        let l = f.stack.len();
        f.stack.insert(l - 2, v);
        Ok(())
    }

    /// `Op::ListAppend`.
    #[inline(always)]
    pub(super) fn op_list_append(
        &mut self,
        f: &mut Frame,
        max_len: usize,
        depth: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        let l = f.stack.len();
        if let Value::List(list) = &f.stack[l - depth as usize] {
            let mut list = list.borrow_mut();
            if list.len() >= max_len {
                err(
                    ExcClass::MemoryError,
                    format!("list larger than the limit of {max_len} items"),
                )
            } else {
                list.push(v);
                Ok(())
            }
        } else {
            Ok(())
        }
    }

    /// `Op::SetAdd`.
    #[inline(never)]
    pub(super) fn op_set_add(&mut self, f: &mut Frame, depth: u32) -> PyResult<()> {
        let v = f.pop();
        let l = f.stack.len();
        if let Value::Set(set) = &f.stack[l - depth as usize] {
            match v.hash_key() {
                Some(h) => {
                    set.borrow_mut().insert(h, v, Value::None);
                    Ok(())
                }
                None => err(
                    ExcClass::TypeError,
                    format!("unhashable type: '{}'", v.type_name()),
                ),
            }
        } else {
            Ok(())
        }
    }

    /// `Op::DictSet`.
    #[inline(never)]
    pub(super) fn op_dict_set(&mut self, f: &mut Frame, depth: u32) -> PyResult<()> {
        let v = f.pop();
        let k = f.pop();
        let l = f.stack.len();
        if let Value::Dict(d) = &f.stack[l - depth as usize] {
            match k.hash_key() {
                Some(h) => {
                    d.borrow_mut().insert(h, k, v);
                    Ok(())
                }
                None => err(
                    ExcClass::TypeError,
                    format!("unhashable type: '{}'", k.type_name()),
                ),
            }
        } else {
            Ok(())
        }
    }

    /// `Op::ListExtend`.
    #[inline(never)]
    pub(super) fn op_list_extend(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        let it = f.pop();
        match self.iterate(sim, &it) {
            Ok(items) => {
                if let Value::List(l) = f.top() {
                    l.borrow_mut().extend(items);
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `Op::DictMerge`.
    #[inline(never)]
    pub(super) fn op_dict_merge(&mut self, f: &mut Frame) -> PyResult<()> {
        let src = f.pop();
        match (&src, f.top()) {
            (Value::Dict(s), Value::Dict(d)) => {
                let s = s.borrow().clone();
                let mut d = d.borrow_mut();
                for (k, v) in s.iter() {
                    if let Some(h) = k.hash_key() {
                        d.insert(h, k.clone(), v.clone());
                    }
                }
                Ok(())
            }
            _ => err(
                ExcClass::TypeError,
                format!("'{}' object is not a mapping", src.type_name()),
            ),
        }
    }

    /// `Op::ListToTuple`.
    #[inline(never)]
    pub(super) fn op_list_to_tuple(&mut self, f: &mut Frame) -> PyResult<()> {
        let v = f.pop();
        let t = match v {
            Value::List(l) => Value::new_tuple(l.borrow().clone()),
            other => other,
        };
        f.stack.push(t);
        Ok(())
    }

    /// `Op::BuildString`.
    #[inline(never)]
    pub(super) fn op_build_string(
        &mut self,
        f: &mut Frame,
        max_len: usize,
        k: u32,
    ) -> PyResult<()> {
        let parts = f.stack.split_off(f.stack.len() - k as usize);
        let mut s = String::new();
        for p in &parts {
            if let Value::Str(x) = p {
                s.push_str(x);
            }
        }
        if s.len() > max_len {
            err(
                ExcClass::MemoryError,
                format!("string longer than the limit of {max_len} characters"),
            )
        } else {
            f.stack.push(Value::str(&s));
            Ok(())
        }
    }

    /// `Op::FormatValue`.
    #[inline(never)]
    pub(super) fn op_format_value(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        conv: u8,
        has_spec: bool,
    ) -> PyResult<()> {
        let spec = if has_spec { Some(f.pop()) } else { None };
        let v = f.pop();
        let spec_s = match &spec {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        if matches!(
            v,
            Value::Instance(_) | Value::Exc(_) | Value::List(_) | Value::Tuple(_) | Value::Dict(_)
        ) {
            // These may run a user `__str__`, `__repr__` or `__format__`.
            let s = match conv {
                1 => self.py_str(sim, &v).map(|s| Value::str(&s)),
                2 => self.py_repr(sim, &v).map(|s| Value::str(&s)),
                _ => Ok(v),
            };
            s.and_then(|v| match &v {
                Value::Str(_) => self.format(sim, &v, &spec_s),
                _ => match self.call_dunder(sim, &v, "__format__", vec![Value::str(&spec_s)]) {
                    Some(r) => r.map(|x| x.to_str()),
                    None => self.format_user(sim, &v, &spec_s),
                },
            })
            .map(|s| f.stack.push(Value::str(&s)))
        } else {
            let v = match conv {
                1 => Value::str(&self.to_str(sim, &v)),
                2 => Value::str(&self.repr(sim, &v)),
                _ => v,
            };
            self.format(sim, &v, &spec_s)
                .map(|s| f.stack.push(Value::str(&s)))
        }
    }

    /// `Op::UnpackSequence`.
    #[inline(never)]
    pub(super) fn op_unpack_sequence(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        k: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        match self.iterate(sim, &v) {
            Ok(items) => {
                if items.len() == k as usize {
                    f.stack.extend(items.into_iter().rev());
                    Ok(())
                } else if items.len() < k as usize {
                    err(
                        ExcClass::ValueError,
                        format!(
                            "not enough values to unpack (expected {k}, got {})",
                            items.len()
                        ),
                    )
                } else {
                    err(
                        ExcClass::ValueError,
                        format!("too many values to unpack (expected {k})"),
                    )
                }
            }
            Err(_) => err(
                ExcClass::TypeError,
                format!("cannot unpack non-iterable {} object", v.type_name()),
            ),
        }
    }

    /// `Op::UnpackEx`.
    #[inline(never)]
    pub(super) fn op_unpack_ex(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        before: u32,
        after: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        match self.iterate(sim, &v) {
            Ok(mut items) => {
                let need = (before + after) as usize;
                if items.len() < need {
                    err(
                        ExcClass::ValueError,
                        format!(
                            "not enough values to unpack (expected at least {need}, got {})",
                            items.len()
                        ),
                    )
                } else {
                    let tail = items.split_off(items.len() - after as usize);
                    let mid = items.split_off(before as usize);
                    for x in tail.into_iter().rev() {
                        f.stack.push(x);
                    }
                    f.stack.push(Value::new_list(mid));
                    for x in items.into_iter().rev() {
                        f.stack.push(x);
                    }
                    Ok(())
                }
            }
            Err(e) => Err(e),
        }
    }

    /// `Op::JumpIfFalse`.
    #[inline(always)]
    pub(super) fn op_jump_if_false(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        t: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        let b = match v {
            Value::Bool(b) => Ok(b),
            Value::Instance(_) => self.user_truthy(sim, &v),
            other => Ok(other.truthy()),
        };
        b.map(|b| {
            if !b {
                f.ip = t as usize;
            }
        })
    }

    /// `Op::JumpIfTrue`.
    #[inline(always)]
    pub(super) fn op_jump_if_true(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        t: u32,
    ) -> PyResult<()> {
        let v = f.pop();
        let b = match v {
            Value::Bool(b) => Ok(b),
            Value::Instance(_) => self.user_truthy(sim, &v),
            other => Ok(other.truthy()),
        };
        b.map(|b| {
            if b {
                f.ip = t as usize;
            }
        })
    }

    /// `Op::JumpIfFalseOrPop`.
    #[inline(always)]
    pub(super) fn op_jump_if_false_or_pop(&mut self, f: &mut Frame, t: u32) -> PyResult<()> {
        if !f.top().truthy() {
            f.ip = t as usize;
        } else {
            f.stack.pop();
        }
        Ok(())
    }

    /// `Op::JumpIfTrueOrPop`.
    #[inline(always)]
    pub(super) fn op_jump_if_true_or_pop(&mut self, f: &mut Frame, t: u32) -> PyResult<()> {
        if f.top().truthy() {
            f.ip = t as usize;
        } else {
            f.stack.pop();
        }
        Ok(())
    }

    /// `Op::GetAIter`.
    #[inline(never)]
    pub(super) fn op_get_a_iter(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        // A class's `__aiter__` runs once, before the loop; an
        // object without one is refused by `AsyncForNext`.
        if matches!(f.top(), Value::Instance(_)) {
            let it = f.pop();
            match self.call_dunder(sim, &it, "__aiter__", Vec::new()) {
                Some(Ok(x)) => {
                    f.stack.push(x);
                    Ok(())
                }
                Some(Err(e)) => Err(e),
                None => {
                    f.stack.push(it);
                    Ok(())
                }
            }
        } else {
            Ok(())
        }
    }

    /// `Op::GetIter`.
    #[inline(always)]
    pub(super) fn op_get_iter(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        let v = f.pop();
        match &v {
            Value::Instance(_) | Value::Class(_) | Value::Exc(_) => {
                self.user_iter(sim, &v).map(|it| f.stack.push(it))
            }
            _ => crate::runtime::builtins::get_iter(&v).map(|it| f.stack.push(it)),
        }
    }

    /// `Op::AsyncForNext`.
    #[inline(never)]
    pub(super) fn op_async_for_next(&mut self, f: &mut Frame) -> PyResult<()> {
        // Async generators and instances were handled before this (see
        // `agen_next` and `instance_anext`); nothing else has `__aiter__`,
        // and CPython 3.12's `as_completed` is a plain generator: this is
        // the error CPython 3.12 raises.
        let v = f.pop();
        let tn = match &v {
            Value::Iter(it) if matches!(&*it.borrow(), IterObj::Coros(_)) => "generator",
            Value::Iter(_) => "list_iterator",
            other => other.type_name(),
        };
        err(
            ExcClass::TypeError,
            format!("'async for' requires an object with __aiter__ method, got {tn}"),
        )
    }

    /// `Op::MakeFunction`.
    #[inline(never)]
    pub(super) fn op_make_function(
        &mut self,
        f: &mut Frame,
        code: &Code,
        ci: u32,
        ndefaults: u32,
        has_kw: bool,
    ) -> PyResult<()> {
        let kwdefaults = if has_kw {
            match f.pop() {
                Value::Dict(d) => d
                    .borrow()
                    .iter()
                    .map(|(k, v)| {
                        (
                            if let Value::Str(s) = k {
                                s.clone()
                            } else {
                                Rc::from("")
                            },
                            v.clone(),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let defaults = f.stack.split_off(f.stack.len() - ndefaults as usize);
        let child = code.codes[ci as usize].clone();
        let closure = child
            .closure_from_parent
            .iter()
            .map(|&i| f.cells[i as usize].clone())
            .collect();
        let id = self.interp.fresh_id();
        f.stack.push(Value::Func(Rc::new(Function {
            code: child,
            defaults,
            kwdefaults,
            closure,
            id,
            is_abstract: std::cell::Cell::new(false),
            iterable_coroutine: std::cell::Cell::new(false),
        })));
        Ok(())
    }

    /// `Op::EnterHandler`.
    #[inline(never)]
    pub(super) fn op_enter_handler(&mut self, f: &mut Frame) -> PyResult<()> {
        let e = f.top().clone();
        f.exc_stack.push(e);
        f.blocks.push(Block {
            kind: BlockKind::Handler,
            handler: 0,
            depth: f.stack.len() as u32,
        });
        Ok(())
    }

    /// `Op::PopExcept`.
    #[inline(never)]
    pub(super) fn op_pop_except(&mut self, f: &mut Frame) -> PyResult<()> {
        if let Some(pos) = f.blocks.iter().rposition(|b| b.kind == BlockKind::Handler) {
            f.blocks.truncate(pos);
        }
        f.exc_stack.pop();
        Ok(())
    }

    /// `Op::ExcMatch`.
    #[inline(never)]
    pub(super) fn op_exc_match(&mut self, f: &mut Frame) -> PyResult<()> {
        let cls = f.pop();
        let e = f.pop();
        match exc_matches(&e, &cls) {
            Ok(b) => {
                f.stack.push(Value::Bool(b));
                Ok(())
            }
            Err(x) => Err(x),
        }
    }

    /// `Op::ExcStarSplit`.
    #[inline(never)]
    pub(super) fn op_exc_star_split(&mut self, f: &mut Frame) -> PyResult<()> {
        let cls = f.pop();
        let group = f.pop();
        match crate::runtime::exc::split_group(&group, &cls) {
            Ok((matched, rest)) => {
                f.stack.push(rest.unwrap_or(Value::None));
                f.stack.push(matched.unwrap_or(Value::None));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `Op::Binary` and `Op::Inplace` past the fast path for two small ints.
    #[inline(never)]
    pub(super) fn op_binary(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        op: Op,
        bop: BinOp,
        max_len: usize,
    ) -> PyResult<()> {
        let b = f.pop();
        let a = f.pop();
        if matches!(op, Op::Inplace(_)) && self.update_in_place(sim, bop, &a, &b, max_len)? {
            f.stack.push(a);
            return Ok(());
        }
        if let (Op::Inplace(_), Value::Instance(_)) = (op, &a) {
            if let Some(r) = self.inplace_user(sim, bop, &a, &b) {
                return r.map(|v| f.stack.push(v));
            }
        }
        if let (Op::Inplace(crate::compile::code::BinOp::Add), Value::List(l)) = (op, &a) {
            match self.iterate(sim, &b) {
                Ok(items) => {
                    l.borrow_mut().extend(items);
                    f.stack.push(a);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        } else if let Some(u) = (bop == BinOp::BitOr)
            .then(|| crate::runtime::union::union(&a, &b))
            .flatten()
        {
            f.stack.push(u);
            Ok(())
        } else if let (BinOp::Mod, Value::Str(fmt)) = (bop, &a) {
            let text = self.percent_format(sim, fmt, &b, max_len)?;
            f.stack.push(Value::str(&text));
            Ok(())
        } else {
            match ops::binary(bop, &a, &b, max_len) {
                Ok(v) => {
                    f.stack.push(v);
                    Ok(())
                }
                Err(e) if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) => {
                    match self.binary_user(sim, bop, &a, &b, e) {
                        Ok(v) => {
                            f.stack.push(v);
                            Ok(())
                        }
                        Err(e) if matches!(op, Op::Inplace(_)) => Err(augmented(e)),
                        Err(e) => Err(e),
                    }
                }
                Err(e) if matches!(op, Op::Inplace(_)) => Err(augmented(e)),
                Err(e) => Err(e),
            }
        }
    }

    /// `a op= b` for the built-ins CPython changes in place (`list *= n`,
    /// `dict |= other`, and `|=`, `&=`, `-=`, `^=` on a set): the object
    /// itself changes, so every name bound to it sees the change.  Answers
    /// false when `a op= b` means `a = a op b` (every other case but
    /// `list += items`, which the caller extends in place).
    fn update_in_place(
        &mut self,
        sim: &mut Sim<Value>,
        bop: BinOp,
        a: &Value,
        b: &Value,
        max_len: usize,
    ) -> PyResult<bool> {
        match (bop, a, b) {
            // `dict |= pairs` takes what `dict.update` takes; `dict | pairs`
            // takes only a dict.
            (BinOp::BitOr, Value::Dict(d), other) if !matches!(other, Value::Dict(_)) => {
                let items = self.iterate(sim, other)?;
                for (k, v) in crate::runtime::methods::update_pairs(items)? {
                    let Some(h) = k.hash_key() else {
                        return ops::err(
                            ExcClass::TypeError,
                            format!("unhashable type: '{}'", k.type_name()),
                        );
                    };
                    d.borrow_mut().insert(h, k, v);
                }
                Ok(true)
            }
            // A Counter's `+=`, `-=` and `&=` change it in place (its `|=` is
            // the dict's, above), with the operator's result.
            (BinOp::Add | BinOp::Sub | BinOp::BitAnd, Value::Dict(d), Value::Dict(o))
                if matches!(d.borrow().kind, DictKind::Counter)
                    && matches!(o.borrow().kind, DictKind::Counter) =>
            {
                let new = match ops::binary(bop, a, b, max_len)? {
                    Value::Dict(n) => std::mem::take(&mut *n.borrow_mut()),
                    _ => return Ok(false),
                };
                *d.borrow_mut() = new;
                Ok(true)
            }
            (BinOp::BitOr, Value::Dict(d), Value::Dict(_))
            | (
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
                Value::Set(d),
                Value::Set(_),
            ) => {
                // The operator's result is new and held nowhere else: its
                // contents move into the object, not a copy of them.
                let new = match ops::binary(bop, a, b, max_len)? {
                    Value::Dict(n) | Value::Set(n) => std::mem::take(&mut *n.borrow_mut()),
                    _ => return Ok(false),
                };
                *d.borrow_mut() = new;
                Ok(true)
            }
            (BinOp::Mul, Value::List(l), _) => {
                let new = match ops::binary(bop, a, b, max_len)? {
                    Value::List(n) => std::mem::take(&mut *n.borrow_mut()),
                    _ => return Ok(false),
                };
                *l.borrow_mut() = new;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// `Op::Compare` past the fast path for two small ints: rich comparison
    /// of user objects, or the built-in comparison.
    #[inline(never)]
    pub(super) fn op_compare(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        c: CmpOp,
        a: Value,
        b: Value,
    ) -> PyResult<()> {
        let user = |v: &Value| match v {
            Value::Instance(_) => true,
            Value::Exc(e) => e.user.is_some(),
            Value::Class(c) => c.is_enum(),
            _ => false,
        };
        let r = if (user(&a) || user(&b))
            && !matches!(
                c,
                crate::compile::code::CmpOp::Is | crate::compile::code::CmpOp::IsNot
            ) {
            self.compare_user(sim, c, &a, &b)
        } else {
            ops::compare(c, &a, &b)
        };
        match r {
            Ok(v) => {
                f.stack.push(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `Op::Neg`, `Op::Pos` and `Op::Invert`: a class's own dunder first.
    #[inline(never)]
    pub(super) fn op_unary(&mut self, f: &mut Frame, sim: &mut Sim<Value>, op: Op) -> PyResult<()> {
        let v = f.pop();
        let dunder = match op {
            Op::Neg => "__neg__",
            Op::Pos => "__pos__",
            _ => "__invert__",
        };
        let user = match &v {
            Value::Instance(_) => self.call_dunder(sim, &v, dunder, Vec::new()),
            _ => None,
        };
        let r = match user {
            Some(r) => r,
            None => match op {
                Op::Neg => ops::neg(&v),
                Op::Pos => ops::pos(&v),
                _ => ops::invert(&v),
            },
        };
        r.map(|v| f.stack.push(v))
    }

    /// `Op::Subscr` on anything but an instance with `__getitem__`, which
    /// the loop calls itself (it may run a Python frame).
    #[inline(never)]
    pub(super) fn op_subscr(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        c: Value,
        i: Value,
    ) -> PyResult<()> {
        match &c {
            Value::Instance(_) => err(
                ExcClass::TypeError,
                format!("'{}' object is not subscriptable", c.type_name()),
            ),
            Value::Class(cls) if cls.is_enum() => match cls.own(&i.to_str()) {
                Some(m @ Value::Instance(_)) => {
                    f.stack.push(m);
                    Ok(())
                }
                _ => Err(Value::Exc(Rc::new(Exc::new(
                    ExcClass::KeyError,
                    vec![i.clone()],
                )))),
            },
            // `Box[int]` of a generic class is the class: the parameter
            // matters to type checkers only.
            Value::Class(cls) if cls.generic.get() => {
                f.stack.push(c.clone());
                Ok(())
            }
            Value::Class(cls) => err(
                ExcClass::TypeError,
                format!("type '{}' is not subscriptable", cls.name),
            ),
            _ => match ops::getitem(&c, &i) {
                Ok(v) => {
                    f.stack.push(v);
                    Ok(())
                }
                // `__missing__` of the dict subclasses, deques, namedtuples
                // and `list[int]`: off the hot path.
                Err(e) => self
                    .getitem_fallback(sim, &c, &i, e)
                    .map(|v| f.stack.push(v)),
            },
        }
    }

    /// `Op::BuildDict`: `k` keys and values from the stack.
    #[inline(never)]
    pub(super) fn op_build_dict(&mut self, f: &mut Frame, k: u32) -> PyResult<()> {
        let items = f.stack.split_off(f.stack.len() - 2 * k as usize);
        let mut d = Dict::new();
        let mut it = items.into_iter();
        let mut r = Ok(());
        while let (Some(key), Some(v)) = (it.next(), it.next()) {
            match key.hash_key() {
                Some(h) => d.insert(h, key, v),
                None => {
                    r = err(
                        ExcClass::TypeError,
                        format!("unhashable type: '{}'", key.type_name()),
                    );
                    break;
                }
            }
        }
        f.stack.push(Value::Dict(Rc::new(RefCell::new(d))));
        r
    }

    /// The callee and arguments of `Op::CallEx` (`f(*args, **kwargs)`).
    #[inline(never)]
    pub(super) fn call_ex_args(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
    ) -> PyResult<CallArgs> {
        let kw = f.pop();
        let args = f.pop();
        let func = f.pop();
        let args = match args {
            Value::Tuple(t) => (*t).clone(),
            other if Runner::needs_runner(&other) => self.drain(sim, &other)?,
            other => self.iterate(sim, &other).unwrap_or_default(),
        };
        let kwargs: Vec<(Rc<str>, Value)> = match kw {
            Value::Dict(d) => d
                .borrow()
                .iter()
                .map(|(k, v)| {
                    let name = if let Value::Str(s) = k {
                        s.clone()
                    } else {
                        Rc::from("")
                    };
                    (name, v.clone())
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok((func, args, kwargs))
    }

    /// `Op::Raise` with an exception (`k` is 1, or 2 with `from`): always an error.
    #[inline(never)]
    pub(super) fn op_raise(&mut self, f: &mut Frame, sim: &mut Sim<Value>, k: u8) -> PyResult<()> {
        let cause = if k == 2 { Some(f.pop()) } else { None };
        let mut v = f.pop();
        // `raise MyError`: the class is called with no arguments.
        if let Value::Class(_) = &v {
            match self.call_sync(sim, &v.clone(), Vec::new()) {
                Ok(e) => v = e,
                Err(e) => v = e,
            }
        }
        let cause = match cause {
            Some(c @ Value::Class(_)) => {
                Some(self.call_sync(sim, &c, Vec::new()).unwrap_or_else(|e| e))
            }
            other => other,
        };
        if matches!(&v, Value::Exc(x) if x.user.is_some()) {
            self.note_exception_text(sim, &v);
        }
        let e = make_exception(v)?;
        if let (Some(c), Value::Exc(x)) = (cause, &e) {
            let c = match c {
                Value::None => None,
                other => make_exception(other).ok(),
            };
            *x.cause.borrow_mut() = c;
            x.suppress_context.set(true);
        }
        Err(e)
    }

    /// `Op::WithEnter`: calls the manager's `__enter__` (or `__aenter__`),
    /// with CPython's message when it has none.
    #[inline(never)]
    pub(super) fn with_enter(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        is_async: bool,
    ) -> PyResult<CallOut> {
        let mgr = f.top().clone();
        let name = if is_async { "__aenter__" } else { "__enter__" };
        let tn = mgr.type_name();
        self.call_method(sim, mgr, name, Vec::new(), Vec::new())
            .map_err(|e| match &e {
                Value::Exc(x)
                    if x.class == ExcClass::AttributeError && x.message().contains(name) =>
                {
                    let kind = if is_async {
                        "asynchronous context manager"
                    } else {
                        "context manager"
                    };
                    Exc::value(
                        ExcClass::TypeError,
                        format!("'{tn}' object does not support the {kind} protocol"),
                    )
                }
                _ => e,
            })
    }

    /// `Op::AsyncForNext` over an async generator: the loop awaits its
    /// `__anext__()` next.
    #[inline(never)]
    pub(super) fn agen_next(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> PyResult<()> {
        if let Value::Gen(g) = f.top().clone() {
            self.agen_firstiter(sim, &g);
            let step = crate::runtime::generators::AgenStep {
                gen: g,
                action: crate::runtime::generators::GenAction::Send(Value::None),
                mode: crate::runtime::objects::Resume::Iter,
            };
            f.stack.push(crate::runtime::generators::agen_step_value(
                &self.interp,
                step,
            ));
        }
        Ok(())
    }

    /// `Op::AsyncForNext` over an instance with `__aiter__`/`__anext__`: the
    /// awaitable of the next item goes on top; its `StopAsyncIteration` ends
    /// the loop (see the compiler's `for_stmt`).  `Err` is an exception
    /// `__aiter__` raised, which the loop raises where the task awaits.
    #[inline(never)]
    pub(super) fn instance_anext(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
    ) -> Result<PyResult<()>, Value> {
        let mut it = f.top().clone();
        if crate::runtime::instances::dunder(&it, "__anext__").is_none() {
            match self.call_dunder(sim, &it, "__aiter__", Vec::new()) {
                Some(Ok(x)) => {
                    f.stack.pop();
                    f.stack.push(x.clone());
                    it = x;
                }
                Some(Err(e)) => return Err(e),
                None => {}
            }
        }
        Ok(match self.call_dunder(sim, &it, "__anext__", Vec::new()) {
            Some(Ok(aw)) => {
                f.stack.push(aw);
                Ok(())
            }
            Some(Err(e)) => Err(e),
            None => err(
                ExcClass::TypeError,
                format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    it.type_name()
                ),
            ),
        })
    }
}

/// The callee, positional and keyword arguments of `Op::CallKw`, or `None`
/// when the names constant is not one (a compiler bug, never user input).
pub(super) fn call_kw_args(f: &mut Frame, code: &Code, argc: u32, names: u32) -> Option<CallArgs> {
    let mut args = f.stack.split_off(f.stack.len() - argc as usize);
    let func = f.pop();
    let Const::Names(names) = &code.consts[names as usize] else {
        return None;
    };
    let kwvals = args.split_off(args.len() - names.len());
    let kwargs = names.iter().cloned().zip(kwvals).collect();
    Some((func, args, kwargs))
}

/// The manager and the arguments of `Op::WithExit`: the exception's type,
/// value and traceback when the block raised, else three `None`s.
pub(super) fn with_exit_args(f: &mut Frame, with_exc: bool) -> (Value, Vec<Value>) {
    if with_exc {
        let l = f.stack.len();
        let exc = f.stack[l - 1].clone();
        let ty = match &exc {
            Value::Exc(e) => match &e.user {
                Some(u) => Value::Class(u.class.clone()),
                None => Value::ExcType(e.class),
            },
            _ => Value::None,
        };
        (f.stack[l - 2].clone(), vec![ty, exc, Value::None])
    } else {
        (f.pop(), vec![Value::None, Value::None, Value::None])
    }
}

/// `Op::ClassBody`: the class body's namespace, with `__classcell__` when a
/// method uses `super()` or `__class__`.
#[inline(never)]
pub(super) fn op_class_body(f: &mut Frame, code: &Code) -> PyResult<()> {
    let mut d = Dict::new();
    for (i, name) in code.local_names.iter().enumerate() {
        if let Some(v) = &f.locals[i] {
            d.insert(
                crate::runtime::value::HashKey::Str(name.clone()),
                Value::Str(name.clone()),
                v.clone(),
            );
        }
    }
    if let Some(ci) = code.cell_names.iter().position(|n| &**n == "__class__") {
        let cell = Value::Obj(Rc::new(crate::runtime::objects::Obj::ClassCell(
            f.cells[ci].clone(),
        )));
        d.insert(
            crate::runtime::value::HashKey::Str(Rc::from("__classcell__")),
            Value::str("__classcell__"),
            cell,
        );
    }
    f.stack.push(Value::Dict(Rc::new(RefCell::new(d))));
    Ok(())
}
