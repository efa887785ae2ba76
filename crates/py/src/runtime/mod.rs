//! The runtime stage: values, objects and frames, the interpreter loop that
//! runs compiled code as resumable frame stacks on the event-loop model, the
//! built-ins, and the standard library ([`library`]).
//!
//! It reads the compiled form (`crate::compile::code`) and the front
//! stage's names and positions; neither of those stages reads it.

mod api_sweep;
pub(crate) mod at_exit;
pub(crate) mod builtins;
pub(crate) mod by_hand;
pub(crate) mod class;
pub(crate) mod exc;
pub(crate) mod exc_group;
pub(crate) mod function;
pub(crate) mod gen_await;
pub(crate) mod generators;
pub(crate) mod identity;
pub(crate) mod instances;
pub(crate) mod library;
pub(crate) mod limits;
pub(crate) mod matching;
pub(crate) mod methods;
pub(crate) mod num;
pub(crate) mod objects;
pub(crate) mod ops;
pub(crate) mod printf;
pub(crate) mod pyfmt;
pub(crate) mod reprlib;
pub(crate) mod traceback;
pub(crate) mod union;
pub(crate) mod value;
pub(crate) mod vm;
