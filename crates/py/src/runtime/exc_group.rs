//! Exception groups as CPython 3.12's `Objects/exceptions.c` builds and
//! splits them: `BaseExceptionGroup(msg, excs)` with its checks (and its
//! turning into `ExceptionGroup` when every member is an `Exception`),
//! `derive`, `split` and `subgroup` with a type, a tuple of types or a
//! predicate.  `except*` splits through the same code (`exc::split_group`).

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::exc::Exc;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::Runner;

/// How deep `split` follows groups inside groups before raising
/// `RecursionError`, as CPython's C recursion limit makes it do.
const MAX_SPLIT_DEPTH: usize = 1000;

/// What a split matches: exception classes (`except*`, `split(ValueError)`,
/// `split((A, B))`) or a predicate called with every exception and group.
pub enum Matcher {
    /// A class or a tuple of classes.
    Types(Value),
    /// A callable that is not a class.
    Predicate(Value),
}

impl Matcher {
    /// `get_matcher_type`: classifies `split`'s argument.
    pub fn of(v: &Value) -> PyResult<Matcher> {
        // User exception classes are classes too; other user classes
        // are callables, as in CPython.
        let exc_class = |c: &Value| match c {
            Value::ExcType(_) => true,
            Value::Class(c) => c.exc_base.is_some(),
            _ => false,
        };
        match v {
            _ if exc_class(v) => Ok(Matcher::Types(v.clone())),
            Value::Tuple(t) if t.iter().all(exc_class) => Ok(Matcher::Types(v.clone())),
            Value::Func(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => {
                Ok(Matcher::Predicate(v.clone()))
            }
            Value::Obj(o) if matches!(**o, crate::runtime::objects::Obj::Partial(..)) => {
                Ok(Matcher::Predicate(v.clone()))
            }
            _ => err(
                ExcClass::TypeError,
                "expected a function, exception type or tuple of exception types",
            ),
        }
    }
}

/// The members of a group (`None` for a plain exception).
pub fn members(v: &Value) -> Option<Vec<Value>> {
    let Value::Exc(e) = v else { return None };
    if !e.class.is_subclass(ExcClass::BaseExceptionGroup) {
        return None;
    }
    match e.args.borrow().get(1) {
        Some(Value::List(l)) => Some(l.borrow().clone()),
        Some(Value::Tuple(t)) => Some((**t).clone()),
        _ => Some(Vec::new()),
    }
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`, with CPython's checks.
pub fn construct(class: ExcClass, args: Vec<Value>) -> PyResult {
    if args.len() != 2 {
        return err(
            ExcClass::TypeError,
            format!(
                "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
                args.len()
            ),
        );
    }
    if !matches!(args[0], Value::Str(_)) {
        return err(
            ExcClass::TypeError,
            format!(
                "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
                args[0].type_name()
            ),
        );
    }
    let items = match &args[1] {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => (**t).clone(),
        _ => {
            return err(
                ExcClass::TypeError,
                "second argument (exceptions) must be a sequence",
            )
        }
    };
    if items.is_empty() {
        return err(
            ExcClass::ValueError,
            "second argument (exceptions) must be a non-empty sequence",
        );
    }
    let mut all_exceptions = true;
    for (i, it) in items.iter().enumerate() {
        match it {
            Value::Exc(e) => all_exceptions &= e.class.is_exception(),
            _ => {
                return err(
                    ExcClass::ValueError,
                    format!("Item {i} of second argument (exceptions) is not an exception"),
                )
            }
        }
    }
    let class = match class {
        // A base group of plain exceptions is an `ExceptionGroup`.
        ExcClass::BaseExceptionGroup if all_exceptions => ExcClass::ExceptionGroup,
        ExcClass::ExceptionGroup if !all_exceptions => {
            return err(
                ExcClass::TypeError,
                "Cannot nest BaseExceptions in an ExceptionGroup",
            )
        }
        c => c,
    };
    Ok(Value::Exc(Rc::new(Exc::new(class, args))))
}

/// `group.derive(excs)`: a group with the same message, made by
/// `BaseExceptionGroup` (so an `ExceptionGroup` when all are `Exception`s).
pub fn derive(group: &Value, excs: Value) -> PyResult {
    let msg = match group {
        Value::Exc(e) => e
            .args
            .borrow()
            .first()
            .cloned()
            .unwrap_or_else(|| Value::str("")),
        _ => Value::str(""),
    };
    construct(ExcClass::BaseExceptionGroup, vec![msg, excs])
}

/// `exceptiongroup_subset`: the derived group of `items` with the
/// original's cause, context and traceback, or `None` when there are none.
fn subset(group: &Value, items: Vec<Value>) -> PyResult<Option<Value>> {
    if items.is_empty() {
        return Ok(None);
    }
    let new = derive(group, Value::new_list(items))?;
    if let (Value::Exc(old), Value::Exc(n)) = (group, &new) {
        *n.cause.borrow_mut() = old.cause.borrow().clone();
        *n.context.borrow_mut() = old.context.borrow().clone();
        n.suppress_context.set(old.suppress_context.get());
        *n.traceback.borrow_mut() = old.traceback.borrow().clone();
    }
    Ok(Some(new))
}

/// `exceptiongroup_split_recursive`: (match, rest) of `v` under `matches`;
/// the rest is built only when `with_rest` (`subgroup` needs none).
pub fn split_with(
    v: &Value,
    matches: &mut dyn FnMut(&Value) -> PyResult<bool>,
    with_rest: bool,
    depth: usize,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if depth > MAX_SPLIT_DEPTH {
        return err(
            ExcClass::RecursionError,
            "maximum recursion depth exceeded in exceptiongroup_split_recursive",
        );
    }
    // The exception or group itself matches: all of it goes to the match.
    if matches(v)? {
        return Ok((Some(v.clone()), None));
    }
    let Some(items) = members(v) else {
        return Ok((None, with_rest.then(|| v.clone())));
    };
    let (mut matched, mut rest) = (Vec::new(), Vec::new());
    for it in &items {
        let (m, r) = split_with(it, matches, with_rest, depth + 1)?;
        matched.extend(m);
        rest.extend(r);
    }
    let m = subset(v, matched)?;
    let r = if with_rest { subset(v, rest)? } else { None };
    Ok((m, r))
}

impl Runner {
    /// `group.split(cond)`, `group.subgroup(cond)` and `group.derive(excs)`.
    pub(crate) fn exc_group_method(
        &mut self,
        sim: &mut Sim<Value>,
        group: &Value,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        let arg = a.get(0, "").unwrap_or(Value::None);
        if name == "derive" {
            return derive(group, arg);
        }
        let matcher = Matcher::of(&arg)?;
        let mut test = |e: &Value| -> PyResult<bool> {
            match &matcher {
                Matcher::Types(t) => crate::runtime::vm::exc_matches(e, t),
                Matcher::Predicate(p) => Ok(self.call_sync(sim, p, vec![e.clone()])?.truthy()),
            }
        };
        let with_rest = name == "split";
        let (m, r) = split_with(group, &mut test, with_rest, 0)?;
        let m = m.unwrap_or(Value::None);
        if with_rest {
            Ok(Value::new_tuple(vec![m, r.unwrap_or(Value::None)]))
        } else {
            Ok(m)
        }
    }
}
