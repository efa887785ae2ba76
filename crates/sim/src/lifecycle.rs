//! The event loop's life outside `asyncio.run`: a loop made by
//! `new_event_loop()` or `asyncio.Runner`, run several times with
//! `run_until_complete` and `run_forever`, stopped with `stop()` and closed
//! with `close()` (CPython 3.12's `base_events.py` and `runners.py`).
//!
//! Loops are numbered by generation (each `new_event_loop()` and each
//! `asyncio.run` makes one) and each is open until closed.  The model has
//! one ready deque and one timer heap, which belong to the *current* loop:
//! the one made last while none was running, or the one the host last ran
//! ([`Sim::loop_use`]).  Work queued on a loop that is not current ends up
//! on the same deque, which is exact for the usual one loop at a time.

use crate::coro::{ExcKind, FutureId, Sent, TaskId, ThreadId, Value};
use crate::sim::{DoneCb, LoopRun, RunnerPhase, Sim, TState};
use crate::trace::EventKind;

/// How the main thread asks to run the open loop ([`crate::Step::Loop`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LoopCall {
    /// `loop.run_until_complete(fut)`: resumed with the future's outcome, or
    /// `RuntimeError: Event loop stopped before Future completed.` when
    /// `loop.stop()` ended the run first.
    UntilComplete(FutureId),
    /// `loop.run_forever()`: resumed with `None` once `loop.stop()` took effect.
    Forever,
    /// `Runner.close()`: `asyncio.run`'s shutdown (cancel the remaining tasks,
    /// `shutdown_asyncgens`, `shutdown_default_executor`), then `close()`;
    /// resumed with `None`.
    Shutdown,
}

/// The state of the loops between runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoopLife {
    /// The generation of the newest loop (0: none made yet).
    pub gen: u32,
    /// The loop the deque and the timers belong to (0: none).
    pub current: u32,
    /// The loops made and not closed yet.
    pub open: std::collections::HashSet<u32>,
    /// `loop.stop()` was called while the loop was not running: the next
    /// `run_forever` runs one iteration and stops, as in CPython.
    pub stop_pending: bool,
}

impl<V: Value> Sim<V> {
    /// `asyncio.new_event_loop()`: a new open loop; returns its generation.
    /// It becomes the current loop unless one is running.
    pub fn loop_new(&mut self) -> u32 {
        self.life.gen += 1;
        let gen = self.life.gen;
        self.life.open.insert(gen);
        if self.lp.is_none() {
            self.loop_use(gen);
        }
        gen
    }

    /// The host is about to run (or queue work on) the loop of generation
    /// `gen`: it becomes the current loop.  A different loop than before
    /// starts with the default exception handler and task factory.
    pub fn loop_use(&mut self, gen: u32) {
        if gen == self.life.current {
            return;
        }
        self.life.current = gen;
        self.life.stop_pending = false;
        self.handler = None;
        self.handler_replaced = true;
        self.task_hook = None;
    }

    /// The generation of the current loop (what `get_running_loop()` returns).
    pub fn loop_gen(&self) -> u32 {
        self.life.current
    }

    /// `loop.is_closed()` for the loop of generation `gen`.
    pub fn loop_closed(&self, gen: u32) -> bool {
        !self.life.open.contains(&gen)
    }

    /// `loop.stop()`: the running loop stops after the current iteration; a
    /// loop not running stops after one iteration of its next `run_forever`.
    pub fn loop_stop(&mut self) {
        match self.lp.as_mut() {
            Some(lp) => lp.stopping = true,
            None => self.life.stop_pending = true,
        }
    }

    /// `loop.close()` of a loop that is not running: drops what is queued
    /// and scheduled and reports exceptions nobody retrieved.  Closing twice
    /// does nothing; closing the running loop raises `RuntimeError`.
    pub fn loop_close(&mut self, gen: u32) -> Result<(), V> {
        if gen == self.life.current && self.lp.is_some() {
            return Err(Self::exc(
                ExcKind::Runtime,
                "Cannot close a running event loop",
            ));
        }
        if self.loop_closed(gen) {
            return Ok(());
        }
        self.life.open.remove(&gen);
        if gen != self.life.current {
            return Ok(());
        }
        self.ready.clear();
        self.timers.clear();
        self.span = Default::default();
        self.emit(EventKind::LoopClose);
        self.report_unretrieved();
        Ok(())
    }

    /// `loop.create_task(coro)` on the open loop, running or not.
    pub fn create_task_on_loop(
        &mut self,
        coro: Box<dyn crate::coro::Coroutine<V>>,
        name: Option<String>,
    ) -> Result<TaskId, V> {
        if self.lp.is_none() && self.loop_closed(self.life.current) {
            return Err(Self::exc(ExcKind::Runtime, "Event loop is closed"));
        }
        Ok(self.new_task(coro, name))
    }

    /// Starts a [`LoopCall`] on the main thread (the loop is open and not running).
    pub(crate) fn start_loop_call(&mut self, call: LoopCall) {
        self.emit(EventKind::LoopStart);
        let stopping = std::mem::take(&mut self.life.stop_pending);
        let runner = match call {
            LoopCall::UntilComplete(f) => RunnerPhase::Until(f),
            LoopCall::Forever => RunnerPhase::Forever,
            LoopCall::Shutdown => RunnerPhase::CancelAll,
        };
        self.lp = Some(LoopRun {
            ntodo: None,
            stopping: stopping && call == LoopCall::Forever,
            runner,
            main_task: None,
            cont: None,
            running: None,
            to_cancel: Vec::new(),
            idle_emitted: false,
        });
        match call {
            LoopCall::UntilComplete(f) => self.add_done(f, DoneCb::StopLoop),
            LoopCall::Forever => {}
            LoopCall::Shutdown => self.shutdown_begin(),
        }
    }

    /// A `run_until_complete` or `run_forever` stopped: the loop stays open
    /// and the main thread resumes with the outcome.
    pub(crate) fn loop_call_stopped(&mut self, phase: RunnerPhase) {
        self.lp = None;
        let sent = match phase {
            RunnerPhase::Until(f) => {
                self.remove_done(f, |c| matches!(c, DoneCb::StopLoop));
                if !self.done(f) {
                    Sent::Throw(Self::exc(
                        ExcKind::Runtime,
                        "Event loop stopped before Future completed.",
                    ))
                } else {
                    match self.result(f) {
                        Ok(v) => Sent::Value(v),
                        Err(e) => Sent::Throw(e),
                    }
                }
            }
            _ => Sent::Value(V::none()),
        };
        let th = &mut self.threads[0];
        th.resume = Some(sent);
        th.state = TState::Ready;
        self.note_runnable(ThreadId(0));
    }
}
