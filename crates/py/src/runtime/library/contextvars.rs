//! `contextvars`: `ContextVar` (`get`, `set`, `reset` with its `Token`),
//! `copy_context()` and `Context.run`, with asyncio's rule that every task
//! runs in a copy of the context current when it was created.
//!
//! The interpreter keeps the current context ([`Interp::context`]).  A task's
//! body is wrapped in [`InContext`], which makes the task's own context
//! current for each of its steps and puts the previous one back after, so a
//! value a task sets is seen by what it awaits but not by its creator, and a
//! value set before `create_task` is seen by the task.  Code run for a
//! callback or on a thread runs in the context current when it is resumed.
//!
//! [`Interp::context`]: crate::runtime::vm::Interp

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use loopscope_sim::{Coroutine, Sent, Sim, Step};

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{release, Garbage, Value};
use crate::runtime::vm::{CallOut, Interp, Runner};

/// The public names of `contextvars`.
pub const NAMES: &[&str] = &[
    "contextvars.ContextVar",
    "contextvars.copy_context",
    "contextvars.Context",
];

/// A context: the value of each variable set in it, in the order first set.
#[derive(Default)]
pub struct Context {
    vars: RefCell<Vec<(Rc<Var>, Value)>>,
}

impl Context {
    /// The value of the variable `key` here (`ctx[key]`, `key in ctx`);
    /// a key that is not a `ContextVar` is CPython's `TypeError`.
    pub fn lookup(&self, key: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(x) = key {
            if let Obj::ContextVar(var) = &**x {
                return Ok(self.get(var));
            }
        }
        err(
            ExcClass::TypeError,
            format!("a ContextVar key was expected, got {}", key.repr()),
        )
    }

    /// How many variables have a value here (`len(ctx)`).
    pub fn len(&self) -> usize {
        self.vars.borrow().len()
    }

    /// A copy holding the same values (`copy_context()`, a new task).
    pub fn copy(&self) -> Rc<Context> {
        Rc::new(Context {
            vars: RefCell::new(self.vars.borrow().clone()),
        })
    }

    pub(crate) fn get(&self, var: &Rc<Var>) -> Option<Value> {
        self.vars
            .borrow()
            .iter()
            .find(|(v, _)| Rc::ptr_eq(v, var))
            .map(|(_, x)| x.clone())
    }

    fn set(&self, var: &Rc<Var>, x: Value) {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(v, _)| Rc::ptr_eq(v, var)) {
            Some(slot) => slot.1 = x,
            None => vars.push((var.clone(), x)),
        }
    }

    fn remove(&self, var: &Rc<Var>) {
        self.vars.borrow_mut().retain(|(v, _)| !Rc::ptr_eq(v, var));
    }
}

/// A `ContextVar`: its name and default.
pub struct Var {
    /// `name`.
    pub name: Rc<str>,
    /// The `default=` it was made with.
    pub default: Option<Value>,
}

impl Drop for Var {
    /// Hands the default to the iterative release: a variable whose default
    /// is the last variable, made a million times, is freed in a loop.
    fn drop(&mut self) {
        if let Some(v) = self.default.take() {
            release(Garbage::Value(v));
        }
    }
}

impl Drop for Context {
    /// Hands the values to the iterative release (a context holding a
    /// context holding a context…).
    fn drop(&mut self) {
        let vars = std::mem::take(self.vars.get_mut());
        if !vars.is_empty() {
            release(Garbage::Values(vars.into_iter().map(|(_, v)| v).collect()));
        }
    }
}

impl Drop for Token {
    /// Hands what it holds to the iterative release (a token set as the
    /// value that the next token keeps as its old value…).
    fn drop(&mut self) {
        let held: Vec<Value> = std::iter::once(std::mem::replace(&mut self.holder, Value::None))
            .chain(self.old.take())
            .collect();
        release(Garbage::Values(held));
    }
}

/// What `ContextVar.set` returns, for `reset`.
pub struct Token {
    /// The variable set.
    pub var: Rc<Var>,
    /// The variable's object as the program holds it (`token.var is var`).
    pub holder: Value,
    /// The context it was set in.
    pub ctx: Rc<Context>,
    /// The value before, if there was one.
    pub old: Option<Value>,
    /// Whether `reset` has used it.
    pub used: Cell<bool>,
}

/// A coroutine run in its own context: the body of a task.
pub struct InContext {
    interp: Rc<Interp>,
    ctx: Rc<Context>,
    inner: Box<dyn Coroutine<Value>>,
}

impl InContext {
    /// Wraps a task's body in a copy of the current context (or in the
    /// `context=` given to `create_task`).
    pub fn task(
        interp: &Rc<Interp>,
        inner: Box<dyn Coroutine<Value>>,
    ) -> Box<dyn Coroutine<Value>> {
        let given = interp.task_context.borrow_mut().take();
        let ctx = given.unwrap_or_else(|| interp.context.borrow().copy());
        Box::new(InContext {
            interp: interp.clone(),
            ctx,
            inner,
        })
    }
}

impl InContext {
    /// Wraps a loop callback: it runs in the `context=` it was given (that
    /// context itself), or else in a copy of the current one, as
    /// `loop.call_soon` does.
    pub fn callback(
        interp: &Rc<Interp>,
        given: Option<Value>,
        inner: Box<dyn Coroutine<Value>>,
    ) -> PyResult<Box<dyn Coroutine<Value>>> {
        let ctx = match given {
            None | Some(Value::None) => interp.context.borrow().copy(),
            Some(Value::Obj(o)) if matches!(&*o, Obj::Context(_)) => match &*o {
                Obj::Context(c) => c.clone(),
                _ => interp.context.borrow().copy(),
            },
            Some(other) => {
                return err(
                    ExcClass::TypeError,
                    format!("an instance of Context was expected, got {}", other.repr()),
                )
            }
        };
        Ok(Box::new(InContext {
            interp: interp.clone(),
            ctx,
            inner,
        }))
    }
}

impl Coroutine<Value> for InContext {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        let prev = std::mem::replace(&mut *self.interp.context.borrow_mut(), self.ctx.clone());
        let step = self.inner.resume(sim, sent);
        *self.interp.context.borrow_mut() = prev;
        step
    }

    fn name(&self) -> String {
        self.inner.name()
    }

    fn defined_at(&self) -> Option<String> {
        self.inner.defined_at()
    }

    fn call_repr(&self, sim: &Sim<Value>, extra: Option<&Value>) -> Option<String> {
        self.inner.call_repr(sim, extra)
    }
}

/// Records the `context=` a task about to be created runs in (checked here,
/// taken by [`InContext::task`]).
pub fn give_task_context(interp: &Rc<Interp>, given: Option<Value>) -> PyResult<()> {
    let ctx = match given {
        None | Some(Value::None) => return Ok(()),
        Some(Value::Obj(o)) if matches!(&*o, Obj::Context(_)) => match &*o {
            Obj::Context(c) => c.clone(),
            _ => return Ok(()),
        },
        Some(other) => {
            return err(
                ExcClass::TypeError,
                format!("an instance of Context was expected, got {}", other.repr()),
            )
        }
    };
    *interp.task_context.borrow_mut() = Some(ctx);
    Ok(())
}

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

/// `repr` of a variable, a context or a token.
pub fn repr(o: &Obj, id: u64) -> Option<String> {
    Some(match o {
        Obj::ContextVar(v) => match &v.default {
            Some(d) => format!(
                "<ContextVar name={} default={} at {id:#x}>",
                Value::Str(v.name.clone()).repr(),
                d.repr()
            ),
            None => format!(
                "<ContextVar name={} at {id:#x}>",
                Value::Str(v.name.clone()).repr()
            ),
        },
        Obj::Context(_) => format!("<_contextvars.Context object at {id:#x}>"),
        Obj::Token(t) => format!(
            "<Token{} var={} at {id:#x}>",
            if t.used.get() { " used" } else { "" },
            t.holder.repr()
        ),
        _ => return None,
    })
}

/// Attributes that are values (`var.name`, `token.var`), or `None` for methods.
pub fn attr(v: &Value, o: &Obj, name: &str) -> Option<PyResult> {
    match (o, name) {
        (Obj::ContextVar(x), "name") => Some(Ok(Value::Str(x.name.clone()))),
        (Obj::Token(t), "var") => Some(Ok(t.holder.clone())),
        (Obj::Token(t), "old_value") => {
            Some(Ok(t.old.clone().unwrap_or(Value::str("<Token.MISSING>"))))
        }
        (Obj::ContextVar(_), "get" | "set" | "reset")
        | (Obj::Context(_), "run" | "get" | "copy" | "keys" | "values" | "items") => None,
        _ => Some(err(
            ExcClass::AttributeError,
            format!("'{}' object has no attribute '{name}'", v.tp_name()),
        )),
    }
}

impl Runner {
    /// Calls `contextvars.ContextVar`, `copy_context` or `Context`.
    pub(crate) fn call_contextvars(&mut self, name: &str, mut a: Args) -> PyResult {
        match name {
            "contextvars.ContextVar" => {
                let default = a.take_kw("default");
                a.no_more_kw("ContextVar")?;
                a.arity("ContextVar", 1, 1)?;
                let Value::Str(n) = &a.pos[0] else {
                    return err(ExcClass::TypeError, "context variable name must be a str");
                };
                Ok(obj(Obj::ContextVar(Rc::new(Var {
                    name: n.clone(),
                    default,
                }))))
            }
            "contextvars.copy_context" => {
                a.arity("copy_context", 0, 0)?;
                Ok(obj(Obj::Context(self.interp.context.borrow().copy())))
            }
            _ => {
                a.arity("Context", 0, 0)?;
                Ok(obj(Obj::Context(Rc::default())))
            }
        }
    }

    /// A method of a `ContextVar` or a `Context`.
    pub(crate) fn contextvars_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: &Value,
        o: &Obj,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let current = self.interp.context.borrow().clone();
        let v = match (o, name) {
            (Obj::ContextVar(var), "get") => {
                a.arity("get", 0, 1)?;
                match current.get(var) {
                    Some(x) => x,
                    None => match a.pos.pop().or_else(|| var.default.clone()) {
                        Some(d) => d,
                        None => return Err(lookup_error(recv)),
                    },
                }
            }
            (Obj::ContextVar(var), "set") => {
                a.arity("set", 1, 1)?;
                let old = current.get(var);
                current.set(var, a.pos.remove(0));
                obj(Obj::Token(Token {
                    var: var.clone(),
                    holder: recv.clone(),
                    ctx: current,
                    old,
                    used: Cell::new(false),
                }))
            }
            (Obj::ContextVar(var), "reset") => {
                a.arity("reset", 1, 1)?;
                let Value::Obj(t) = &a.pos[0] else {
                    return err(
                        ExcClass::TypeError,
                        format!("expected an instance of Token, got {}", a.pos[0].repr()),
                    );
                };
                let Obj::Token(t) = &**t else {
                    return err(
                        ExcClass::TypeError,
                        format!("expected an instance of Token, got {}", a.pos[0].repr()),
                    );
                };
                let shown = self.repr(sim, &a.pos[0]);
                if t.used.get() {
                    return err(
                        ExcClass::RuntimeError,
                        format!("{shown} has already been used once"),
                    );
                }
                if !Rc::ptr_eq(&t.var, var) {
                    return err(
                        ExcClass::ValueError,
                        format!("{shown} was created by a different ContextVar"),
                    );
                }
                if !Rc::ptr_eq(&t.ctx, &current) {
                    return err(
                        ExcClass::ValueError,
                        format!("{shown} was created in a different Context"),
                    );
                }
                t.used.set(true);
                match &t.old {
                    Some(x) => current.set(var, x.clone()),
                    None => current.remove(var),
                }
                Value::None
            }
            (Obj::Context(ctx), "run") => {
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        "run() missing 1 required positional argument",
                    );
                }
                let f = a.pos.remove(0);
                let prev = std::mem::replace(&mut *self.interp.context.borrow_mut(), ctx.clone());
                let r = self.call_sync_kw(sim, &f, a.pos, a.kw);
                *self.interp.context.borrow_mut() = prev;
                r?
            }
            (Obj::Context(ctx), "copy") => obj(Obj::Context(ctx.copy())),
            (Obj::Context(ctx), "get") => {
                a.arity("get", 1, 2)?;
                let found = match &a.pos[0] {
                    Value::Obj(x) => match &**x {
                        Obj::ContextVar(var) => ctx.get(var),
                        _ => None,
                    },
                    _ => None,
                };
                found.unwrap_or_else(|| a.pos.get(1).cloned().unwrap_or(Value::None))
            }
            (Obj::Context(ctx), "keys" | "values" | "items") => {
                let items = ctx
                    .vars
                    .borrow()
                    .iter()
                    .map(|(var, x)| {
                        let k = obj(Obj::ContextVar(var.clone()));
                        match name {
                            "keys" => k,
                            "values" => x.clone(),
                            _ => Value::new_tuple(vec![k, x.clone()]),
                        }
                    })
                    .collect();
                Value::new_list(items)
            }
            _ => {
                return err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute '{name}'", recv.type_name()),
                )
            }
        };
        Ok(CallOut::Value(v))
    }
}

/// `LookupError(var)`, which CPython raises from `get` with no value and no default.
fn lookup_error(var: &Value) -> Value {
    crate::runtime::exc::Exc::value(ExcClass::LookupError, repr_of(var))
}

fn repr_of(v: &Value) -> String {
    v.repr()
}
