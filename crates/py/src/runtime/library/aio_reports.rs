//! The loop's exception handler as the program sees it:
//! `loop.set_exception_handler`, `get_exception_handler`,
//! `call_exception_handler` and `default_exception_handler` (CPython 3.12's
//! `base_events.py`).  The model sends its own reports to the handler
//! ([`loopscope_sim::LoopReport`]); this side builds the context dict.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::{LoopReport, ReportAbout, Sim};

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::library::logging::{log_line, ERROR};
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};
use crate::runtime::vm::{CallOut, Runner};

/// A dict of string keys, in the order given (CPython's context dicts).
fn context_dict(items: Vec<(&str, Value)>) -> Value {
    let mut d = Dict::new();
    for (k, v) in items {
        let key = Value::str(k);
        if let Some(hk) = key.hash_key() {
            d.insert(hk, key, v);
        }
    }
    Value::Dict(Rc::new(RefCell::new(d)))
}

/// The context dict of one of the model's reports.
fn report_context(sim: &Sim<Value>, r: &LoopReport<Value>) -> Value {
    let mut items = vec![
        ("message", Value::str(&r.message)),
        ("exception", r.exception.clone()),
    ];
    match r.about {
        ReportAbout::Handle(h) => items.push(("handle", Value::Obj(Rc::new(Obj::Handle(h))))),
        ReportAbout::Future(f) => items.push(("future", Value::Future(f))),
        ReportAbout::Task(t) => items.push(("task", Value::Future(sim.task_future(t)))),
        ReportAbout::Nothing => {}
    }
    context_dict(items)
}

fn is_callable(v: &Value) -> bool {
    matches!(
        v,
        Value::Func(_) | Value::Builtin(_) | Value::Method(_) | Value::ExcType(_)
    ) || matches!(v, Value::Obj(o) if matches!(**o, Obj::Partial(..)))
}

impl Runner {
    /// The handler the program set on the loop of generation `gen`, if any.
    fn handler_of(&self, gen: u32) -> Option<Value> {
        self.interp
            .aio
            .borrow()
            .handler
            .as_ref()
            .filter(|(g, _)| *g == gen)
            .map(|(_, h)| h.clone())
    }

    /// The exception-handler methods of the loop; `None` for other names.
    pub(crate) fn loop_report_method(
        &mut self,
        sim: &mut Sim<Value>,
        gen: u32,
        name: &str,
        a: &mut Args,
    ) -> Option<PyResult<CallOut>> {
        let out = match name {
            "set_exception_handler" => {
                let h = a.get(0, "handler").unwrap_or(Value::None);
                if !matches!(h, Value::None) && !is_callable(&h) {
                    return Some(err(
                        ExcClass::TypeError,
                        format!(
                            "A callable object or None is expected, got {}",
                            self.repr(sim, &h)
                        ),
                    ));
                }
                self.set_handler(sim, gen, h);
                Value::None
            }
            "get_exception_handler" => self.handler_of(gen).unwrap_or(Value::None),
            "default_exception_handler" => {
                let ctx = a.get(0, "context").unwrap_or(Value::None);
                if let Err(e) = self.default_report(sim, &ctx) {
                    return Some(Err(e));
                }
                Value::None
            }
            "call_exception_handler" => {
                let ctx = a.get(0, "context").unwrap_or(Value::None);
                let r = match self.handler_of(gen) {
                    None => self.default_report(sim, &ctx),
                    Some(h) => {
                        let lp = self.loop_value(sim, gen);
                        match self.call_sync(sim, &h, vec![lp, ctx.clone()]) {
                            Ok(_) => Ok(()),
                            Err(e) => {
                                // The handler's own error goes to the default handler.
                                let inner = context_dict(vec![
                                    (
                                        "message",
                                        Value::str("Unhandled error in exception handler"),
                                    ),
                                    ("exception", e),
                                    ("context", ctx),
                                ]);
                                self.default_report(sim, &inner)
                            }
                        }
                    }
                };
                if let Err(e) = r {
                    return Some(Err(e));
                }
                Value::None
            }
            _ => return None,
        };
        Some(Ok(CallOut::Value(out)))
    }

    /// Installs `h` (or the default handler for `None`) in the model.
    fn set_handler(&mut self, sim: &mut Sim<Value>, gen: u32, h: Value) {
        if matches!(h, Value::None) {
            self.interp.aio.borrow_mut().handler = None;
            sim.set_exception_handler(None);
            return;
        }
        self.interp.aio.borrow_mut().handler = Some((gen, h.clone()));
        let interp = self.interp.clone();
        let lp = self.loop_value(sim, gen);
        sim.set_exception_handler(Some(Box::new(move |sim, report| {
            let ctx = report_context(sim, report);
            Box::new(Runner::call(
                interp.clone(),
                h.clone(),
                vec![lp.clone(), ctx],
                Vec::new(),
            ))
        })));
    }

    /// `loop.default_exception_handler(context)`: the message, every other
    /// key but the exception as `key: repr(value)` in sorted order, then the
    /// exception's traceback, on stderr.
    fn default_report(&mut self, sim: &mut Sim<Value>, ctx: &Value) -> PyResult<()> {
        let Value::Dict(d) = ctx else {
            return err(
                ExcClass::TypeError,
                format!("'{}' object is not subscriptable", ctx.type_name()),
            );
        };
        let entries: Vec<(Value, Value)> = d
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let key_is = |k: &Value, name: &str| matches!(k, Value::Str(s) if &**s == name);
        let message = entries
            .iter()
            .find(|(k, _)| key_is(k, "message"))
            .map(|(_, v)| self.to_str(sim, v))
            .unwrap_or_else(|| "Unhandled exception in event loop".to_string());
        let mut rest: Vec<(String, String)> = entries
            .iter()
            .filter(|(k, _)| !key_is(k, "message") && !key_is(k, "exception"))
            .map(|(k, v)| (self.to_str(sim, k), self.repr(sim, v)))
            .collect();
        rest.sort();
        let mut text = message;
        for (k, v) in rest {
            text.push_str(&format!("\n{k}: {v}"));
        }
        // CPython logs it as an error of the `asyncio` logger, so the
        // program's logging configuration shapes (or silences) it.
        let line = log_line(
            &self.interp.logging.borrow(),
            sim,
            "asyncio",
            ERROR,
            &text,
            self.output_room(),
        );
        let Some(line) = line else {
            return Ok(());
        };
        let mut text = self.within_output(line)?;
        text.push('\n');
        if let Some((_, e @ Value::Exc(_))) = entries.iter().find(|(k, _)| key_is(k, "exception")) {
            text.push_str(&e.format_exception());
        }
        self.write_stream(sim, true, text)
    }
}
