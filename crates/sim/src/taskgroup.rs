//! `asyncio.TaskGroup` (`taskgroups.py`, 3.12).
//!
//! A child failing cancels its siblings and the parent task (once); the
//! parent's `__aexit__` waits for every child, then raises the collected
//! errors as an `ExceptionGroup`, or re-raises a `CancelledError` when no
//! other error is pending.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, TaskId, Value};
use crate::library::{TaskGroupId, TaskGroupState};
use crate::sim::{DoneCb, Sim};

impl<V: Value> Sim<V> {
    /// `asyncio.TaskGroup()`.
    pub fn taskgroup_new(&mut self) -> TaskGroupId {
        self.lib.groups.push(TaskGroupState {
            entered: false,
            exiting: false,
            aborting: false,
            parent: None,
            parent_cancel_requested: false,
            tasks: Vec::new(),
            errors: Vec::new(),
            base_error: None,
            on_completed: None,
        });
        TaskGroupId(self.lib.groups.len() as u32 - 1)
    }

    /// `TaskGroup.__aenter__` (never suspends).
    pub fn taskgroup_enter(&mut self, id: TaskGroupId) -> Result<(), V> {
        let parent = self.cur_task;
        let Some(g) = self.lib.groups.get_mut(id.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown TaskGroup"));
        };
        if g.entered {
            return Err(Self::exc(
                ExcKind::Runtime,
                "TaskGroup has already been entered",
            ));
        }
        let Some(parent) = parent else {
            return Err(Self::exc(
                ExcKind::Runtime,
                "TaskGroup cannot determine the parent task",
            ));
        };
        g.parent = Some(parent);
        g.entered = true;
        Ok(())
    }

    /// `tg.create_task(coro, name=name)`.
    pub fn taskgroup_create_task(
        &mut self,
        id: TaskGroupId,
        coro: Box<dyn Coroutine<V>>,
        name: Option<String>,
    ) -> Result<TaskId, V> {
        self.taskgroup_create_task_with(id, coro, name, false)
    }

    /// `tg.create_task` with the loop's task factory being
    /// `eager_task_factory` when `eager`: the first step runs now, and a
    /// task done already is handed to the group at once, as in CPython.
    pub fn taskgroup_create_task_with(
        &mut self,
        id: TaskGroupId,
        coro: Box<dyn Coroutine<V>>,
        name: Option<String>,
        eager: bool,
    ) -> Result<TaskId, V> {
        self.taskgroup_check_open(id)?;
        let t = if eager {
            self.create_eager_task(coro, name)?
        } else {
            self.create_task(coro, name)?
        };
        self.taskgroup_adopt(id, t)?;
        Ok(t)
    }

    /// The checks of `tg.create_task` before any task is made: entered,
    /// not finished, not shutting down.
    pub fn taskgroup_check_open(&mut self, id: TaskGroupId) -> Result<(), V> {
        let Some(g) = self.lib.groups.get(id.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown TaskGroup"));
        };
        if !g.entered {
            return Err(Self::exc(
                ExcKind::Runtime,
                "TaskGroup has not been entered",
            ));
        }
        if g.exiting && g.tasks.is_empty() {
            return Err(Self::exc(ExcKind::Runtime, "TaskGroup is finished"));
        }
        if g.aborting {
            return Err(Self::exc(ExcKind::Runtime, "TaskGroup is shutting down"));
        }
        Ok(())
    }

    /// The group takes charge of task `t` (made by the loop's task factory
    /// for `tg.create_task`): a task done already is handed over at once.
    pub fn taskgroup_adopt(&mut self, id: TaskGroupId, t: TaskId) -> Result<(), V> {
        if id.0 as usize >= self.lib.groups.len() {
            return Err(Self::exc(ExcKind::Runtime, "unknown TaskGroup"));
        }
        let f = self.task_future(t);
        if self.done(f) {
            self.taskgroup_task_done(id.0, f)?;
        } else {
            self.lib.groups[id.0 as usize].tasks.push(t);
            self.add_done(f, DoneCb::TaskGroup(id.0));
            // A task made while `__aexit__` already waits joins its wait.
            if let Some(oc) = self.lib.groups[id.0 as usize].on_completed {
                self.link(oc, crate::trace::Below::Future(f));
            }
        }
        Ok(())
    }

    /// `TaskGroup.__aexit__(exc)`: returns `None` (re-raise `exc` if any) or raises.
    pub fn taskgroup_exit(&mut self, id: TaskGroupId, exc: Option<V>) -> Box<dyn Coroutine<V>> {
        Box::new(TgExit {
            g: id.0,
            exc,
            started: false,
            propagate: None,
        })
    }

    /// `TaskGroup._abort`: cancels every child (Err: a cancellation raised `RecursionError`).
    fn taskgroup_abort(&mut self, g: u32) -> Result<(), V> {
        self.lib.groups[g as usize].aborting = true;
        let tasks = self.lib.groups[g as usize].tasks.clone();
        for t in tasks {
            let f = self.task_future(t);
            if !self.done(f) {
                self.try_cancel(f, None)?;
            }
        }
        Ok(())
    }

    /// `TaskGroup._on_task_done` (Err: a cancellation it made raised `RecursionError`).
    pub(crate) fn taskgroup_task_done(&mut self, g: u32, f: FutureId) -> Result<(), V> {
        let Some(t) = self.future_task(f) else {
            return Ok(());
        };
        let st = &mut self.lib.groups[g as usize];
        st.tasks.retain(|x| *x != t);
        if let Some(oc) = st.on_completed {
            if st.tasks.is_empty() && !self.done(oc) {
                let _ = self.set_result(oc, V::none());
            }
        }
        if self.cancelled(f) {
            return Ok(());
        }
        let Ok(Some(exc)) = self.exception(f) else {
            return Ok(());
        };
        let base = is_base_error(&exc);
        let st = &mut self.lib.groups[g as usize];
        st.errors.push(exc.clone());
        if base && st.base_error.is_none() {
            st.base_error = Some(exc.clone());
        }
        let Some(parent) = st.parent else {
            return Ok(());
        };
        let pf = self.task_future(parent);
        if self.done(pf) {
            self.report_to_loop(
                "Task has errored out but its parent task is already completed",
                &exc,
                crate::reports::ReportAbout::Task(t),
            );
            return Ok(());
        }
        let st = &self.lib.groups[g as usize];
        if !st.aborting && !st.parent_cancel_requested {
            self.taskgroup_abort(g)?;
            self.lib.groups[g as usize].parent_cancel_requested = true;
            self.try_cancel(pf, None)?;
        }
        Ok(())
    }
}

/// `_is_base_error`: `SystemExit` or `KeyboardInterrupt` (a `BaseException` that is neither an `Exception` nor a cancellation).
fn is_base_error<V: Value>(e: &V) -> bool {
    !e.is_exception() && !e.is_instance_of(ExcKind::Cancelled)
}

struct TgExit<V: Value> {
    g: u32,
    exc: Option<V>,
    started: bool,
    propagate: Option<V>,
}

impl<V: Value> TgExit<V> {
    /// The `while self._tasks` loop and what follows it.
    fn wait_or_finish(&mut self, sim: &mut Sim<V>) -> Step<V> {
        let g = self.g as usize;
        if !sim.lib.groups[g].tasks.is_empty() {
            let f = match sim.lib.groups[g].on_completed {
                Some(f) => f,
                None => {
                    let f = sim.create_labelled_future("TaskGroup");
                    sim.lib.groups[g].on_completed = Some(f);
                    let mut i = 0;
                    while let Some(&t) = sim.lib.groups[g].tasks.get(i) {
                        i += 1;
                        let tf = sim.task_future(t);
                        sim.link(f, crate::trace::Below::Future(tf));
                    }
                    f
                }
            };
            return Step::Await(f);
        }
        let st = &mut sim.lib.groups[g];
        if let Some(b) = st.base_error.clone() {
            return Step::Raise(b);
        }
        if let Some(p) = self.propagate.take() {
            if st.errors.is_empty() {
                return Step::Raise(p);
            }
        }
        if let Some(e) = self.exc.take() {
            if !e.is_instance_of(ExcKind::Cancelled) {
                st.errors.push(e);
            }
        }
        if !st.errors.is_empty() {
            let errors = std::mem::take(&mut st.errors);
            return Step::Raise(V::exception_group(
                "unhandled errors in a TaskGroup",
                errors,
            ));
        }
        Step::Return(V::none())
    }
}

impl<V: Value> Coroutine<V> for TgExit<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        let g = self.g as usize;
        if g >= sim.lib.groups.len() {
            return Step::Return(V::none());
        }
        if !self.started {
            self.started = true;
            sim.lib.groups[g].exiting = true;
            if let Some(e) = &self.exc {
                if is_base_error(e) && sim.lib.groups[g].base_error.is_none() {
                    sim.lib.groups[g].base_error = Some(e.clone());
                }
                if e.is_instance_of(ExcKind::Cancelled) {
                    self.propagate = Some(e.clone());
                }
            }
            if sim.lib.groups[g].parent_cancel_requested {
                if let Some(p) = sim.lib.groups[g].parent {
                    if sim.uncancel(p) == 0 {
                        self.propagate = None;
                    }
                }
            }
            if self.exc.is_some() && !sim.lib.groups[g].aborting {
                if let Err(e) = sim.taskgroup_abort(self.g) {
                    return Step::Raise(e);
                }
            }
            return self.wait_or_finish(sim);
        }
        // Resumed after awaiting `_on_completed_fut`.
        if let Sent::Throw(e) = sent {
            if e.is_instance_of(ExcKind::Cancelled) {
                if !sim.lib.groups[g].aborting {
                    self.propagate = Some(e);
                    if let Err(e) = sim.taskgroup_abort(self.g) {
                        return Step::Raise(e);
                    }
                }
            } else {
                return Step::Raise(e);
            }
        }
        sim.lib.groups[g].on_completed = None;
        self.wait_or_finish(sim)
    }
    fn name(&self) -> String {
        "TaskGroup.__aexit__".to_string()
    }
}
