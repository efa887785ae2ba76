//! Executors and threads: `ThreadPoolExecutor`, `ProcessPoolExecutor`,
//! `run_in_executor`, `to_thread`, `threading.Thread` and `threading.Lock`.
//!
//! The pool follows `concurrent/futures/thread.py`: `submit` puts the work item
//! on a FIFO queue (waking one worker blocked on it), then reuses an idle
//! worker if the idle semaphore allows, else starts a new thread up to
//! `max_workers`; a worker releases the idle semaphore after each job.  The
//! result reaches the loop through `call_soon_threadsafe` (`_chain_future`).

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, ThreadId, Value};
use crate::sim::{DoneCb, Sim, TState};
use crate::trace::{EventKind, JobId, ThreadKind};
use std::collections::VecDeque;

/// Index of an executor.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ExecutorId(pub u32);

/// Index of a `threading.Lock`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ThreadLockId(pub u32);

/// Which pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ExecutorKind {
    /// `concurrent.futures.ThreadPoolExecutor`.
    Thread,
    /// `concurrent.futures.ProcessPoolExecutor` (each worker its own process and GIL).
    Process,
}

pub(crate) struct Executor {
    kind: ExecutorKind,
    max_workers: u32,
    prefix: String,
    queue: VecDeque<JobId>,
    workers: Vec<ThreadId>,
    /// Workers blocked in `work_queue.get()`, woken FIFO.
    blocked_getters: VecDeque<ThreadId>,
    idle_semaphore: u32,
    shutdown: bool,
    /// Completed when every worker has exited after `shutdown`.
    joined: Option<FutureId>,
}

pub(crate) struct Job<V: Value> {
    coro: Option<Box<dyn Coroutine<V>>>,
    fut: FutureId,
}

pub(crate) struct Executors<V: Value> {
    list: Vec<Executor>,
    jobs: Vec<Job<V>>,
    default: Option<ExecutorId>,
    /// `ThreadPoolExecutor._counter`, for `ThreadPoolExecutor-N_M` thread names.
    tpe_counter: u32,
    processes: u32,
    thread_locks: Vec<(bool, VecDeque<FutureId>)>,
    /// Worker threads and processes started by all executors.
    workers_started: usize,
    /// `threading.Thread`s started, for their default names (`Thread-N`).
    plain_threads: usize,
}

impl<V: Value> Default for Executors<V> {
    fn default() -> Self {
        Executors {
            list: Vec::new(),
            jobs: Vec::new(),
            default: None,
            tpe_counter: 0,
            processes: 0,
            thread_locks: Vec::new(),
            workers_started: 0,
            plain_threads: 0,
        }
    }
}

impl<V: Value> Sim<V> {
    /// `ThreadPoolExecutor(max_workers)` / `ProcessPoolExecutor(max_workers)`.
    pub fn executor_new(
        &mut self,
        kind: ExecutorKind,
        max_workers: Option<u32>,
    ) -> Result<ExecutorId, V> {
        self.executor_named(kind, max_workers, None)
    }

    /// [`Sim::executor_new`] with `thread_name_prefix`: its workers are
    /// `{prefix}_0`, `{prefix}_1`…  Without one (or with an empty one), a
    /// thread pool takes the next `ThreadPoolExecutor-N`, as CPython's does.
    pub fn executor_named(
        &mut self,
        kind: ExecutorKind,
        max_workers: Option<u32>,
        thread_name_prefix: Option<String>,
    ) -> Result<ExecutorId, V> {
        let prefix = match kind {
            ExecutorKind::Thread
                if thread_name_prefix.as_deref().is_some_and(|p| !p.is_empty()) =>
            {
                thread_name_prefix.unwrap_or_default()
            }
            ExecutorKind::Thread => {
                let n = self.exec.tpe_counter;
                self.exec.tpe_counter += 1;
                format!("ThreadPoolExecutor-{n}")
            }
            ExecutorKind::Process => "SpawnProcess".to_string(),
        };
        self.executor_with_prefix(kind, max_workers, prefix)
    }

    fn executor_with_prefix(
        &mut self,
        kind: ExecutorKind,
        max_workers: Option<u32>,
        prefix: String,
    ) -> Result<ExecutorId, V> {
        let cores = self.cfg.cores.max(1);
        let max_workers = match (max_workers, kind) {
            (Some(0), _) => {
                return Err(Self::exc(
                    ExcKind::Value,
                    "max_workers must be greater than 0",
                ))
            }
            (Some(n), _) => n,
            (None, ExecutorKind::Thread) => 32.min(cores + 4),
            (None, ExecutorKind::Process) => cores,
        };
        self.exec.list.push(Executor {
            kind,
            max_workers,
            prefix,
            queue: VecDeque::new(),
            workers: Vec::new(),
            blocked_getters: VecDeque::new(),
            idle_semaphore: 0,
            shutdown: false,
            joined: None,
        });
        Ok(ExecutorId(self.exec.list.len() as u32 - 1))
    }

    /// The loop's default executor, created on first use (`thread_name_prefix='asyncio'`).
    fn default_executor(&mut self) -> ExecutorId {
        if let Some(e) = self.exec.default {
            return e;
        }
        let e = self
            .executor_with_prefix(ExecutorKind::Thread, None, "asyncio".to_string())
            .unwrap_or(ExecutorId(0));
        self.exec.default = Some(e);
        e
    }

    /// `executor.submit(fn)`: a concurrent future for the job's outcome.
    pub fn executor_submit(
        &mut self,
        ex: ExecutorId,
        job: Box<dyn Coroutine<V>>,
    ) -> Result<FutureId, V> {
        self.submit_job(ex, job)
    }

    /// Queues a job; its concurrent future is labelled `submit(fn)`.
    fn submit_job(&mut self, ex: ExecutorId, job: Box<dyn Coroutine<V>>) -> Result<FutureId, V> {
        let Some(e) = self.exec.list.get(ex.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "unknown executor"));
        };
        if e.shutdown {
            return Err(Self::exc(
                ExcKind::Runtime,
                "cannot schedule new futures after shutdown",
            ));
        }
        let job_name = job.name();
        let fut = self.new_future(true, None, &format!("submit({job_name})"));
        let name = self.sym(&job_name);
        let id = JobId(self.exec.jobs.len() as u32);
        self.exec.jobs.push(Job {
            coro: Some(job),
            fut,
        });
        self.emit(EventKind::JobQueued {
            job: id,
            executor: ex.0,
            name,
        });
        self.link(fut, crate::trace::Below::Job(id));
        let e = &mut self.exec.list[ex.0 as usize];
        e.queue.push_back(id);
        if let Some(w) = e.blocked_getters.pop_front() {
            self.make_ready(w, None);
        }
        // `_adjust_thread_count`.
        let e = &mut self.exec.list[ex.0 as usize];
        if e.idle_semaphore > 0 {
            e.idle_semaphore -= 1;
        } else if (e.workers.len() as u32) < e.max_workers {
            let (kind, name) = match e.kind {
                ExecutorKind::Thread => (
                    ThreadKind::Worker,
                    format!("{}_{}", e.prefix, e.workers.len()),
                ),
                ExecutorKind::Process => (
                    ThreadKind::Process,
                    format!("{}-{}", e.prefix, e.workers.len() + 1),
                ),
            };
            let process = if kind == ThreadKind::Process {
                self.exec.processes += 1;
                self.exec.processes
            } else {
                0
            };
            let th = self.add_thread(kind, name, process, None);
            self.exec.workers_started += 1;
            self.threads[th.0 as usize].executor = Some(ex.0);
            self.exec.list[ex.0 as usize].workers.push(th);
        }
        Ok(fut)
    }

    /// `loop.run_in_executor(executor, fn)`: an asyncio future chained to the job.
    pub fn run_in_executor(
        &mut self,
        ex: Option<ExecutorId>,
        job: Box<dyn Coroutine<V>>,
    ) -> Result<FutureId, V> {
        self.run_in_executor_as(ex, job, "run_in_executor")
    }

    /// `run_in_executor` whose asyncio future is labelled `call(fn)`
    /// (`to_thread(fn)` calls it too, and its reader wrote `to_thread`).
    fn run_in_executor_as(
        &mut self,
        ex: Option<ExecutorId>,
        job: Box<dyn Coroutine<V>>,
        call: &str,
    ) -> Result<FutureId, V> {
        let ex = match ex {
            Some(e) => e,
            None => self.default_executor(),
        };
        let label = format!("{call}({})", job.name());
        let cf = self.submit_job(ex, job)?;
        Ok(self.wrap_future_as(cf, &label))
    }

    /// `asyncio.wrap_future(cf)`: an asyncio future that follows a concurrent one.
    pub fn wrap_future(&mut self, cf: FutureId) -> FutureId {
        self.wrap_future_as(cf, "wrap_future()")
    }

    /// `wrap_future` with the asyncio future labelled `label`.
    fn wrap_future_as(&mut self, cf: FutureId, label: &str) -> FutureId {
        let af = self.new_future(false, None, label);
        self.link(af, crate::trace::Below::Future(cf));
        self.add_done(af, DoneCb::ChainCancel(cf));
        self.add_done(cf, DoneCb::ChainToLoop(af));
        af
    }

    /// `asyncio.to_thread(fn)`: runs the job on the default executor.
    pub fn to_thread(&mut self, job: Box<dyn Coroutine<V>>) -> Box<dyn Coroutine<V>> {
        Box::new(ToThread { job: Some(job) })
    }

    /// `executor.shutdown(cancel_futures=True)`: the jobs still queued are
    /// dropped and their futures cancelled (which cancels the asyncio
    /// futures chained to them); call it just before [`Sim::executor_shutdown`].
    pub fn executor_cancel_pending(&mut self, ex: ExecutorId) {
        let Some(e) = self.exec.list.get_mut(ex.0 as usize) else {
            return;
        };
        let pending: Vec<JobId> = e.queue.drain(..).collect();
        for job in pending {
            let Some(j) = self.exec.jobs.get_mut(job.0 as usize) else {
                continue;
            };
            j.coro = None;
            let fut = j.fut;
            self.emit(EventKind::JobCancelled { job });
            self.cancel(fut, None);
        }
    }

    /// `executor.shutdown(wait)`: with `wait`, a future to `BlockOn` until every worker exited.
    pub fn executor_shutdown(&mut self, ex: ExecutorId, wait: bool) -> Option<FutureId> {
        let e = self.exec.list.get_mut(ex.0 as usize)?;
        e.shutdown = true;
        let getters: Vec<ThreadId> = e.blocked_getters.drain(..).collect();
        for w in getters {
            self.make_ready(w, None);
        }
        let joined = match self.exec.list[ex.0 as usize].joined {
            Some(f) => f,
            None => {
                let f = self.new_future(true, None, "Executor.shutdown()");
                self.exec.list[ex.0 as usize].joined = Some(f);
                f
            }
        };
        self.check_joined(ex.0);
        wait.then_some(joined)
    }

    fn check_joined(&mut self, ex: u32) {
        let e = &self.exec.list[ex as usize];
        let Some(f) = e.joined else { return };
        if e.workers
            .iter()
            .all(|w| self.threads[w.0 as usize].state == TState::Done)
            && !self.done(f)
        {
            let _ = self.set_result(f, V::none());
        }
    }

    /// A worker without a job takes the next one, exits after shutdown, or waits.
    pub(crate) fn worker_take_job(&mut self, th: ThreadId) {
        let Some(ex) = self.threads[th.0 as usize].executor else {
            self.end_thread(th);
            return;
        };
        let e = &mut self.exec.list[ex as usize];
        let Some(job) = e.queue.pop_front() else {
            if e.shutdown {
                self.end_thread(th);
                self.check_joined(ex);
            } else {
                e.blocked_getters.push_back(th);
                self.threads[th.0 as usize].state = TState::Idle;
            }
            return;
        };
        let fut = self.exec.jobs[job.0 as usize].fut;
        // `set_running_or_notify_cancel`: a cancelled job is skipped.
        if self.done(fut) {
            self.exec.jobs[job.0 as usize].coro = None;
            return;
        }
        if let Some(s) = self.futures.get_mut(fut.0 as usize) {
            s.running = true;
        }
        self.emit(EventKind::JobStarted { job });
        let t = &mut self.threads[th.0 as usize];
        t.job = self.exec.jobs[job.0 as usize].coro.take();
        t.job_id = Some(job);
        t.job_fut = Some(fut);
        t.resume = Some(Sent::Start);
    }

    /// A worker finished its job: complete the concurrent future, then look for more work.
    pub(crate) fn worker_job_done(&mut self, th: ThreadId, r: Result<V, V>) {
        let t = &mut self.threads[th.0 as usize];
        let job = t.job_id.take();
        let fut = t.job_fut.take();
        let ex = t.executor;
        if let Some(job) = job {
            self.emit(EventKind::JobFinished { job });
        }
        if let Some(f) = fut {
            let _ = match r {
                Ok(v) => self.set_result(f, v),
                Err(e) => self.set_exception(f, e),
            };
        }
        if let Some(ex) = ex {
            self.exec.list[ex as usize].idle_semaphore += 1;
        }
        // The worker goes straight back to the queue, still running.
        let t = &mut self.threads[th.0 as usize];
        if t.state == TState::Ready || matches!(t.state, TState::Done) {
            return;
        }
        t.state = TState::Ready;
        self.note_runnable(th);
    }

    /// The coroutine of `loop.shutdown_default_executor()`.
    pub(crate) fn shutdown_default_executor_coro(&mut self) -> Box<dyn Coroutine<V>> {
        Box::new(ShutdownDefault { fut: None })
    }

    /// Worker threads and processes the executors have started so far
    /// (what a host counts against its limit of threads).
    pub fn executor_workers(&self) -> usize {
        self.exec.workers_started
    }

    /// `threading.Thread(target=job, name=name).start()`.
    pub fn thread_start(&mut self, job: Box<dyn Coroutine<V>>, name: Option<String>) -> ThreadId {
        // Counted rather than looked for: a program may start 10^5 threads.
        self.exec.plain_threads += 1;
        let n = self.exec.plain_threads;
        let name = name.unwrap_or_else(|| format!("Thread-{n} ({})", job.name()));
        let th = self.add_thread(ThreadKind::Plain, name, 0, Some(job));
        self.threads[th.0 as usize].resume = Some(Sent::Start);
        th
    }

    /// `thread.join()`: a future to `BlockOn`, done when the thread has ended.
    pub fn thread_join(&mut self, th: ThreadId) -> FutureId {
        let Some(t) = self.threads.get(th.0 as usize) else {
            return FutureId(u32::MAX);
        };
        if let Some(f) = t.done_fut {
            return f;
        }
        let ended = t.state == TState::Done;
        let f = self.new_future(true, None, "Thread.join()");
        self.threads[th.0 as usize].done_fut = Some(f);
        if ended {
            let _ = self.set_result(f, V::none());
        }
        f
    }

    /// `thread.is_alive()`.
    pub fn thread_alive(&self, th: ThreadId) -> bool {
        self.threads
            .get(th.0 as usize)
            .is_some_and(|t| t.state != TState::Done)
    }

    /// The name of a thread (`threading.current_thread().name`).
    pub fn thread_name(&self, th: ThreadId) -> String {
        self.threads
            .get(th.0 as usize)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    }

    /// `threading.Lock()`.
    pub fn thread_lock_new(&mut self) -> ThreadLockId {
        self.exec.thread_locks.push((false, VecDeque::new()));
        ThreadLockId(self.exec.thread_locks.len() as u32 - 1)
    }

    /// `lock.acquire()`: `None` if acquired now, else a future to `BlockOn` (the lock is then owned).
    pub fn thread_lock_acquire(&mut self, l: ThreadLockId) -> Option<FutureId> {
        let locked = self.exec.thread_locks.get(l.0 as usize).map(|x| x.0)?;
        if !locked {
            self.exec.thread_locks[l.0 as usize].0 = true;
            return None;
        }
        let f = self.new_future(true, None, "threading.Lock.acquire()");
        self.exec.thread_locks[l.0 as usize].1.push_back(f);
        Some(f)
    }

    /// `lock.locked()`.
    pub fn thread_lock_locked(&self, l: ThreadLockId) -> bool {
        self.exec
            .thread_locks
            .get(l.0 as usize)
            .is_some_and(|x| x.0)
    }

    /// `lock.release()`: hands the lock to the first waiting thread.
    pub fn thread_lock_release(&mut self, l: ThreadLockId) -> Result<(), V> {
        let Some(lock) = self.exec.thread_locks.get_mut(l.0 as usize) else {
            return Err(Self::exc(ExcKind::Runtime, "release unlocked lock"));
        };
        if !lock.0 {
            return Err(Self::exc(ExcKind::Runtime, "release unlocked lock"));
        }
        // The lock goes to the first thread still waiting: one whose wait
        // timed out has cancelled its future.
        loop {
            let next = self.exec.thread_locks[l.0 as usize].1.pop_front();
            match next {
                Some(f) if self.done(f) => continue,
                Some(f) => {
                    let _ = self.set_result(f, V::none());
                    break;
                }
                None => {
                    self.exec.thread_locks[l.0 as usize].0 = false;
                    break;
                }
            }
        }
        Ok(())
    }

    /// A future that a thread blocks on until another thread completes it
    /// (the waits of `threading.Event`, `Condition`, `Semaphore`, and of
    /// `queue.Queue`), labelled with the call that waits.
    pub fn thread_waiter(&mut self, label: &'static str) -> FutureId {
        self.new_future_static(true, None, label)
    }

    /// Puts a deadline on the current thread's next `Step::BlockOn`: after
    /// `seconds` of virtual time it resumes with `None` though the future is
    /// not done (which the caller checks with [`Sim::done`]); zero or less,
    /// it does not block.
    pub fn block_deadline(&mut self, seconds: f64) {
        self.block_deadline = Some(seconds);
    }
}

/// `asyncio.to_thread`: submit on the first resumption, then await the result.
struct ToThread<V: Value> {
    job: Option<Box<dyn Coroutine<V>>>,
}

impl<V: Value> Coroutine<V> for ToThread<V> {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        match (sent, self.job.take()) {
            (Sent::Start, Some(job)) => match sim.run_in_executor_as(None, job, "to_thread") {
                Ok(f) => Step::Await(f),
                Err(e) => Step::Raise(e),
            },
            (Sent::Throw(e), _) => Step::Raise(e),
            (Sent::Value(v), _) => Step::Return(v),
            (Sent::Start, None) => Step::Return(V::none()),
        }
    }
    fn name(&self) -> String {
        "to_thread".to_string()
    }
}

/// `loop.shutdown_default_executor()`: waits for the default executor's workers.
struct ShutdownDefault {
    fut: Option<FutureId>,
}

impl<V: Value> Coroutine<V> for ShutdownDefault {
    fn resume(&mut self, sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        if self.fut.is_some() {
            return match sent {
                Sent::Throw(e) => Step::Raise(e),
                _ => Step::Return(V::none()),
            };
        }
        let Some(ex) = sim.exec.default else {
            return Step::Return(V::none());
        };
        let Some(joined) = sim.executor_shutdown(ex, true) else {
            return Step::Return(V::none());
        };
        let f = sim.wrap_future_as(joined, "shutdown_default_executor()");
        self.fut = Some(f);
        Step::Await(f)
    }
    fn name(&self) -> String {
        "BaseEventLoop.shutdown_default_executor".to_string()
    }
}
