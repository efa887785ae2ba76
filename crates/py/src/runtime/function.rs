//! Function objects: compiled code with its defaults and the closure
//! cells it captured when its `def` ran.

use std::cell::RefCell;
use std::rc::Rc;

use crate::compile::code::Code;
use crate::runtime::value::{release, Garbage, Value};

/// A closure cell: a variable shared between a function and the functions defined inside it.
pub type Cell = Rc<RefCell<Option<Value>>>;

/// A function object: code plus defaults and closure.
#[derive(Debug)]
pub struct Function {
    /// The body.
    pub code: Rc<Code>,
    /// Default values of the last positional parameters.
    pub defaults: Vec<Value>,
    /// Default values of keyword-only parameters.
    pub kwdefaults: Vec<(Rc<str>, Value)>,
    /// The cells captured from the definer.
    pub closure: Vec<Cell>,
    /// A small unique number for reprs and identity.
    pub id: usize,
    /// CPython's `__isabstractmethod__`, set by `abc.abstractmethod`.
    pub is_abstract: std::cell::Cell<bool>,
    /// Marked by `types.coroutine`: the generators it makes may be awaited.
    pub iterable_coroutine: std::cell::Cell<bool>,
}

impl Drop for Function {
    /// Hands defaults and closure cells to the iterative release, so that a
    /// closure capturing a closure, a million deep, is freed in a loop (see
    /// `value::release`).
    fn drop(&mut self) {
        if !self.defaults.is_empty() {
            release(Garbage::Values(std::mem::take(&mut self.defaults)));
        }
        if !self.kwdefaults.is_empty() {
            release(Garbage::Pairs(std::mem::take(&mut self.kwdefaults)));
        }
        if !self.closure.is_empty() {
            release(Garbage::Cells(std::mem::take(&mut self.closure)));
        }
    }
}
