//! Exception classes (the built-in hierarchy as a fixed enum; a class from
//! a `class` statement deriving from one is carried by the instance, see
//! `Exc::user`) and exception instances with their tracebacks.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::ExcKind;

use crate::front::names::ExcClass;
use crate::runtime::value::{release, Garbage, Value};

impl ExcClass {
    /// The class the model means by `kind`.
    pub fn from_kind(kind: ExcKind) -> ExcClass {
        match kind {
            ExcKind::Cancelled => ExcClass::CancelledError,
            ExcKind::Timeout => ExcClass::TimeoutError,
            ExcKind::InvalidState => ExcClass::InvalidStateError,
            ExcKind::Runtime => ExcClass::RuntimeError,
            ExcKind::Value => ExcClass::ValueError,
            ExcKind::QueueEmpty => ExcClass::QueueEmpty,
            ExcKind::QueueFull => ExcClass::QueueFull,
            ExcKind::Group => ExcClass::ExceptionGroup,
            ExcKind::Recursion => ExcClass::RecursionError,
            ExcKind::BrokenBarrier => ExcClass::BrokenBarrierError,
        }
    }
}

/// One line of a traceback: where a frame was when the exception passed through it.
#[derive(Clone, Debug)]
pub struct TbEntry {
    /// 1-based line.
    pub line: u32,
    /// The function's name (`<module>` for the module body).
    pub func: Rc<str>,
    /// The source line.
    pub text: Rc<str>,
    /// The span of the instruction that was running, for the `^^^` line.
    pub span: crate::compile::code::SrcSpan,
}

/// An exception instance.
#[derive(Debug)]
pub struct Exc {
    /// Its class.
    pub class: ExcClass,
    /// `args` (`BaseException.__init__` may set them again).
    pub args: RefCell<Vec<Value>>,
    /// The class from a `class` statement and the instance's attributes,
    /// when the exception's class is user-defined (`class` is then its
    /// nearest built-in base).
    pub user: Option<crate::runtime::class::UserExc>,
    /// Frames it passed through, innermost first.
    pub traceback: RefCell<Vec<TbEntry>>,
    /// `__context__`: the exception being handled when this one was raised.
    pub context: RefCell<Option<Value>>,
    /// `__cause__` from `raise ... from ...`.
    pub cause: RefCell<Option<Value>>,
    /// Set by `raise ... from ...` to hide the context.
    pub suppress_context: std::cell::Cell<bool>,
    /// Attributes its built-in class sets besides `args`
    /// (`JSONDecodeError`'s `msg`, `doc`, `pos`, `lineno` and `colno`).
    pub fields: Vec<(&'static str, Value)>,
    /// `__notes__`: the list `add_note` appends to, made by the first note.
    pub notes: RefCell<Option<Value>>,
}

impl Exc {
    /// A new instance with the given args.
    pub fn new(class: ExcClass, args: Vec<Value>) -> Exc {
        Exc {
            class,
            args: RefCell::new(args),
            user: None,
            traceback: RefCell::new(Vec::new()),
            context: RefCell::new(None),
            cause: RefCell::new(None),
            suppress_context: std::cell::Cell::new(false),
            fields: Vec::new(),
            notes: RefCell::new(None),
        }
    }

    /// A new exception value with a message.
    pub fn value(class: ExcClass, msg: impl Into<String>) -> Value {
        Value::Exc(Rc::new(Exc::new(class, vec![Value::str(&msg.into())])))
    }

    /// `__name__` of its class.
    pub fn name(&self) -> &str {
        match &self.user {
            Some(u) => &u.class.name,
            None => self.class.name(),
        }
    }

    /// `__qualname__` of its class as tracebacks print it.
    pub fn qualified_name(&self) -> &str {
        match &self.user {
            Some(u) => &u.class.qualname,
            None => self.class.qualified_name(),
        }
    }

    /// `str(exc)`.
    pub fn message(&self) -> String {
        if let Some(t) = self.user.as_ref().and_then(|u| u.text.borrow().clone()) {
            return t;
        }
        let args = self.args.borrow();
        if self.class.is_subclass(ExcClass::BaseExceptionGroup) && args.len() == 2 {
            let n = match &args[1] {
                Value::List(l) => l.borrow().len(),
                Value::Tuple(t) => t.len(),
                _ => 0,
            };
            let s = if n == 1 { "" } else { "s" };
            return format!("{} ({n} sub-exception{s})", args[0].to_str());
        }
        match args.len() {
            0 => String::new(),
            1 if self.class == ExcClass::KeyError => args[0].repr(),
            1 => args[0].to_str(),
            _ => Value::new_tuple(args.clone()).repr(),
        }
    }

    /// `repr(exc)`.
    pub fn repr(&self) -> String {
        let args: Vec<String> = self.args.borrow().iter().map(|a| a.repr()).collect();
        let text = if args.len() == 1 {
            format!("{}({})", self.name(), args[0])
        } else {
            format!("{}({})", self.name(), args.join(", "))
        };
        // Each level copies the text of the levels inside it: the bytes
        // written are the work, counted toward the operations limit.
        crate::runtime::builtins::add_work(text.len() / 16);
        text
    }

    /// The last line of a traceback: `ValueError: boom`.
    pub fn summary(&self) -> String {
        let m = self.message();
        if m.is_empty() {
            self.qualified_name().to_string()
        } else {
            format!("{}: {m}", self.qualified_name())
        }
    }
}

impl Drop for Exc {
    /// Hands the args, cause and context to the iterative release, so that
    /// `e = ValueError(e)` repeated a million times, or a long chain of
    /// `__context__`, is freed in a loop (see `value::release`).
    fn drop(&mut self) {
        let cause = self.cause.get_mut().take();
        let context = self.context.get_mut().take();
        if let Some(c) = cause {
            release(Garbage::Value(c));
        }
        if let Some(c) = context {
            release(Garbage::Value(c));
        }
        if let Some(n) = self.notes.get_mut().take() {
            release(Garbage::Value(n));
        }
        if !self.args.get_mut().is_empty() {
            release(Garbage::Values(std::mem::take(self.args.get_mut())));
        }
    }
}

use crate::runtime::exc_group::members;

/// `except*` sees every exception as a group: a plain one is wrapped in `ExceptionGroup('', [e])`.
pub fn as_group(e: Value) -> Value {
    if members(&e).is_some() {
        e
    } else {
        let class = if matches!(&e, Value::Exc(x) if x.class.is_exception()) {
            ExcClass::ExceptionGroup
        } else {
            ExcClass::BaseExceptionGroup
        };
        Value::Exc(Rc::new(Exc::new(
            class,
            vec![Value::str(""), Value::new_tuple(vec![e])],
        )))
    }
}

/// Number of plain exceptions in a (nested) group, counted with an
/// explicit stack so that groups nested any depth are counted without
/// recursion.
pub fn leaf_count(v: &Value) -> usize {
    let mut count = 0;
    let mut pending = vec![v.clone()];
    while let Some(v) = pending.pop() {
        match members(&v) {
            Some(items) => pending.extend(items),
            None => count += usize::from(matches!(v, Value::Exc(_))),
        }
    }
    count
}

/// Splits a group into the part matching `cls` and the rest, keeping the
/// nesting: `group.split(cls)`, through the same code as the method.
///
/// A plain exception is matched whole (`_PyEval_ExceptionGroupMatch`): if it
/// matches, the clause sees it wrapped in `ExceptionGroup('', (e,))`.
pub fn split_group(v: &Value, cls: &Value) -> Result<(Option<Value>, Option<Value>), Value> {
    if members(v).is_none() {
        return if crate::runtime::vm::exc_matches(v, cls)? {
            Ok((Some(as_group(v.clone())), None))
        } else {
            Ok((None, Some(v.clone())))
        };
    }
    let mut test = |e: &Value| crate::runtime::vm::exc_matches(e, cls);
    crate::runtime::exc_group::split_with(v, &mut test, true, 0)
}
