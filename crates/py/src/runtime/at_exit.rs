//! The end of the interpreter, as CPython's finalisation does it for the
//! program: once the module body has returned and every thread has ended,
//! the generators left suspended in `__main__`'s variables are closed, so
//! their `finally` blocks run after the program's last line; so are the
//! coroutines left suspended by hand (`coro.send`).
//!
//! CPython finalises them through its garbage collector, with every
//! variable still in place.  Here they are closed in the order of the
//! variables' slots (the order the compiler met the names), and those held
//! one level down in a variable's list, tuple, set or dict after it; the
//! collector's own order, which follows its generations, is not modelled.

use std::rc::{Rc, Weak};

use loopscope_sim::{Coroutine, Sent, Sim, Step};

use crate::runtime::objects::{CoroBody, CoroObj, GenObj, GenState};
use crate::runtime::value::Value;
use crate::runtime::vm::{Interp, Runner};

/// Something the finalisation closes.
enum Open {
    /// A plain generator suspended at a `yield`.
    Gen(Rc<GenObj>),
    /// A coroutine suspended by hand.
    Coro(Rc<std::cell::RefCell<CoroObj>>),
}

impl Open {
    /// Whether it is still suspended (an earlier one's `finally` may have closed it).
    fn still_open(&self) -> bool {
        match self {
            Open::Gen(g) => suspended(g),
            Open::Coro(c) => matches!(c.borrow().body, CoroBody::ByHand(_)),
        }
    }
}

/// The main thread's last work (see the module's documentation): what to
/// close, in order.
pub struct AtExit {
    interp: Weak<Interp>,
    open: Vec<Open>,
}

/// What the model calls at the end of the run of `interp`: the
/// finalisation, or `None` when no variable holds a suspended generator.
pub fn maker(interp: &Rc<Interp>) -> loopscope_sim::AtExit<Value> {
    let interp = Rc::downgrade(interp);
    Box::new(move || {
        let strong = interp.upgrade()?;
        let mut open = Vec::new();
        for v in strong.globals.borrow().iter().flatten() {
            held(v, &mut open);
        }
        (!open.is_empty()).then(|| Box::new(AtExit { interp, open }) as Box<dyn Coroutine<Value>>)
    })
}

/// Whether plain generator `g` has started and not finished.
fn suspended(g: &GenObj) -> bool {
    !g.is_async && g.started.get() && matches!(*g.state.borrow(), GenState::Suspended(_))
}

/// `v` if it is a suspended generator or a coroutine suspended by hand.
fn open(v: &Value) -> Option<Open> {
    match v {
        Value::Coro(c) if matches!(c.borrow().body, CoroBody::ByHand(_)) => {
            Some(Open::Coro(c.clone()))
        }
        Value::Gen(g) if suspended(g) => Some(Open::Gen(g.clone())),
        _ => None,
    }
}

/// What `v` holds open, itself or one level down (read in place: a
/// variable may hold ten million items).
fn held(v: &Value, out: &mut Vec<Open>) {
    if let Some(o) = open(v) {
        out.push(o);
        return;
    }
    match v {
        Value::List(l) => out.extend(l.borrow().iter().filter_map(open)),
        Value::Tuple(t) => out.extend(t.iter().filter_map(open)),
        Value::Set(s) => out.extend(s.borrow().iter().filter_map(|(k, _)| open(k))),
        Value::Dict(d) => out.extend(d.borrow().iter().filter_map(|(_, v)| open(v))),
        _ => {}
    }
}

impl Coroutine<Value> for AtExit {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        let Some(interp) = self.interp.upgrade() else {
            return Step::Return(Value::None);
        };
        if let Sent::Throw(e) = sent {
            return Step::Raise(e);
        }
        let mut runner = Runner::new(interp.clone(), Vec::new(), Rc::from("<module>"), 0);
        for o in std::mem::take(&mut self.open) {
            // One closed by an earlier one's `finally` is skipped.
            if !o.still_open() {
                continue;
            }
            match o {
                Open::Gen(g) => runner.finalise(sim, g),
                Open::Coro(c) => runner.finalise_by_hand(sim, &c),
            }
            if interp.stop.borrow().is_some() {
                break;
            }
        }
        Step::Return(Value::None)
    }

    fn name(&self) -> String {
        "<finalisation>".into()
    }
}
