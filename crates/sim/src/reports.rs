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

/// Makes the call of the program's task factory for one of `asyncio.run`'s
/// own coroutines (`shutdown_asyncgens()`, `shutdown_default_executor()`):
/// CPython's shutdown wraps them with `loop.create_task`, so a factory that
/// prints is seen to run then.  The call must return the task.
pub type TaskFactoryHook<V> =
    Box<dyn Fn(&mut Sim<V>, Box<dyn Coroutine<V>>) -> Box<dyn Coroutine<V>>>;

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

    /// `loop.set_task_factory(f)` for the model's own tasks: `Some` makes
    /// them through the program's factory, `None` directly.
    pub fn set_task_factory_hook(&mut self, h: Option<TaskFactoryHook<V>>) {
        self.task_hook = h;
    }

    /// The task of one of `asyncio.run`'s own coroutines, through the
    /// program's task factory if it set one (a factory that fails or
    /// returns no task is reported, and the task is made directly).
    pub(crate) fn internal_task(&mut self, coro: Box<dyn Coroutine<V>>) -> crate::coro::FutureId {
        let Some(hook) = self.task_hook.take() else {
            let t = self.new_task(coro, None);
            return self.task_future(t);
        };
        let name = coro.name();
        let call = hook(self, coro);
        if self.task_hook.is_none() {
            self.task_hook = Some(hook);
        }
        match self.run_sync(call) {
            Ok(v) => match v.as_future().filter(|f| self.future_task(*f).is_some()) {
                Some(f) => f,
                None => {
                    let e = Self::exc(ExcKind::Runtime, "the task factory did not return a task");
                    self.report_logged("asyncio", "Exception in the task factory", &e);
                    let c = Box::new(crate::library::Immediate::new(
                        if name.contains("asyncgens") {
                            "shutdown_asyncgens"
                        } else {
                            "shutdown_default_executor"
                        },
                    ));
                    let t = self.new_task(c, None);
                    self.task_future(t)
                }
            },
            Err(e) => {
                self.report_logged("asyncio", "Exception in the task factory", &e);
                let c = Box::new(crate::library::Immediate::new("shutdown"));
                let t = self.new_task(c, None);
                self.task_future(t)
            }
        }
    }

    /// Runs host code synchronously on the loop thread (an exception
    /// handler, a task factory): a suspension is answered with a
    /// `RuntimeError`, as such code cannot wait.
    fn run_sync(&mut self, mut call: Box<dyn Coroutine<V>>) -> Result<V, V> {
        let mut sent = Sent::Start;
        let mut suspensions = 0;
        loop {
            match call.resume(self, sent) {
                Step::Return(v) => return Ok(v),
                Step::Raise(x) => return Err(x),
                _ if suspensions >= MAX_HANDLER_SUSPENSIONS => {
                    return Err(Self::exc(ExcKind::Runtime, "this call cannot wait"))
                }
                _ => {
                    suspensions += 1;
                    sent = Sent::Throw(Self::exc(ExcKind::Runtime, "this call cannot wait"));
                }
            }
        }
    }

    /// A report of the loop: to the program's handler if it set one,
    /// otherwise printed as the default handler prints it (`text` is the
    /// whole default text; its first line is the context's message).
    pub(crate) fn report_to_loop(&mut self, text: &str, e: &V, about: ReportAbout) {
        let Some(factory) = self.handler.take() else {
            self.report_logged("asyncio", text, e);
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
        let call = factory(self, &report);
        let outcome = self.run_sync(call).map(|_| ());
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
            self.report_logged(
                "asyncio",
                &format!("Unhandled error in exception handler\ncontext: {{'message': {quoted}}}"),
                &x,
            );
        }
    }
}
