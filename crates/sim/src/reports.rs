//! The loop's exception handler (`loop.set_exception_handler`): the reports
//! the loop makes (`Exception in callback ...`, `Task exception was never
//! retrieved`, a failure during `asyncio.run`'s shutdown) go to the host's
//! handler with what CPython puts in its context dict, instead of stderr.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, TaskId, Value};
use crate::sim::Sim;
use crate::trace::{EventKind, HandleId};

/// What a report is about: the third key of CPython's context dict.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReportAbout {
    /// `'handle'`: the handle whose callback raised.
    Handle(HandleId),
    /// `'future'`: a future (or task) whose exception nobody retrieved.
    Future(FutureId),
    /// `'task'`: a task that failed during shutdown or after its group's parent.
    Task(TaskId),
    /// Only `'message'` and `'exception'`.
    Nothing,
}

/// One report of the loop, as a custom exception handler receives it.
#[derive(Clone, Debug)]
pub struct LoopReport<V> {
    /// `context['message']` (`Exception in callback cb() at main.py:4`).
    pub message: String,
    /// `context['exception']`.
    pub exception: V,
    /// The third key, if any.
    pub about: ReportAbout,
}

/// Makes the call of the program's handler for a report: a host callback
/// run synchronously on the loop thread, as `call_exception_handler` runs it.
pub type HandlerFactory<V> = Box<dyn Fn(&mut Sim<V>, &LoopReport<V>) -> Box<dyn Coroutine<V>>>;

/// How many times a handler that keeps suspending is told it cannot, before
/// the model gives up on it (a handler runs synchronously and cannot wait).
const MAX_HANDLER_SUSPENSIONS: u32 = 100;

impl<V: Value> Sim<V> {
    /// `loop.set_exception_handler(h)`: `Some` sends the loop's reports to
    /// the host's handler, `None` back to the default one (stderr).
    pub fn set_exception_handler(&mut self, h: Option<HandlerFactory<V>>) {
        self.handler = h;
        self.handler_replaced = true;
    }

    /// A report of the loop: to the program's handler if it set one,
    /// otherwise printed as the default handler prints it (`text` is the
    /// whole default text; its first line is the context's message).
    pub(crate) fn report_to_loop(&mut self, text: &str, e: &V, about: ReportAbout) {
        let Some(factory) = self.handler.take() else {
            self.report_exception(text, e);
            return;
        };
        let value = self.sym(&e.describe());
        self.emit(EventKind::Exception { value });
        let report = LoopReport {
            message: text.split('\n').next().unwrap_or("").to_string(),
            exception: e.clone(),
            about,
        };
        self.handler_replaced = false;
        let mut call = factory(self, &report);
        // The handler may replace itself while it runs; keep its choice.
        let mut sent = Sent::Start;
        let mut suspensions = 0;
        let outcome = loop {
            match call.resume(self, sent) {
                Step::Return(_) => break Ok(()),
                Step::Raise(x) => break Err(x),
                _ if suspensions >= MAX_HANDLER_SUSPENSIONS => {
                    break Err(Self::exc(
                        ExcKind::Runtime,
                        "an exception handler cannot wait",
                    ))
                }
                _ => {
                    suspensions += 1;
                    sent = Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "an exception handler cannot wait",
                    ));
                }
            }
        };
        if self.handler_replaced {
            self.handler_replaced = false;
        } else {
            self.handler = Some(factory);
        }
        if let Err(x) = outcome {
            // CPython falls back to the default handler for the handler's own error.
            // The message as Python's repr quotes it (no quote inside: single quotes).
            let quoted = if report.message.contains('\'') {
                format!("{:?}", report.message)
            } else {
                format!("'{}'", report.message)
            };
            self.report_exception(
                &format!("Unhandled error in exception handler\ncontext: {{'message': {quoted}}}"),
                &x,
            );
        }
    }
}
