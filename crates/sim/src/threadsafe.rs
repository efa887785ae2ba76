//! `asyncio.run_coroutine_threadsafe(coro, loop)` (3.12 `tasks.py`): another
//! thread hands a coroutine to the loop and gets a `concurrent.futures.Future`
//! back; the loop wraps the coroutine in a task when the posted callback
//! runs, and the task's outcome is copied into that future when it is done.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, Value};
use crate::sim::{DoneCb, Sim};

impl<V: Value> Sim<V> {
    /// `asyncio.run_coroutine_threadsafe(coro, loop)`: returns the
    /// concurrent future (block on it for `.result()`); `RuntimeError` if
    /// the loop is closed.
    pub fn run_coroutine_threadsafe(&mut self, coro: Box<dyn Coroutine<V>>) -> Result<FutureId, V> {
        if self.lp.is_none() && self.loop_closed(self.life.current) {
            return Err(Self::exc(ExcKind::Runtime, "Event loop is closed"));
        }
        let cf = self.new_future_static(true, None, "run_coroutine_threadsafe()");
        self.call_soon_threadsafe(Box::new(StartTask {
            coro: Some(coro),
            cf,
        }));
        Ok(cf)
    }
}

/// The callback posted to the loop: `_chain_future(ensure_future(coro), future)`.
struct StartTask<V: Value> {
    coro: Option<Box<dyn Coroutine<V>>>,
    cf: FutureId,
}

impl<V: Value> Coroutine<V> for StartTask<V> {
    fn resume(&mut self, sim: &mut Sim<V>, _sent: Sent<V>) -> Step<V> {
        let Some(coro) = self.coro.take() else {
            return Step::Return(V::none());
        };
        let t = sim.new_task(coro, None);
        let f = sim.task_future(t);
        // The task's outcome is copied into the concurrent future by a
        // done-callback of the task, one hop after it finishes.
        sim.add_done(f, DoneCb::ChainToLoop(self.cf));
        Step::Return(V::none())
    }

    fn name(&self) -> String {
        "run_coroutine_threadsafe.<locals>.callback".into()
    }
}
