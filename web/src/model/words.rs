//! Names and sentences for what the trace records: chips' labels, the
//! narration of each event, the run's summary.  Pure functions of the run,
//! a state and a language, shared by the diagram, the narration and the tests.
//! The words themselves live in the catalogues ([`crate::i18n`]).

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{Ending, Rejection, Run, Wait};
use loopscope_py::SourceLimit;
use loopscope_sim::{EventKind, HandleKind, LimitKind, Resolution, StepEnd};
use loopscope_sim::{FutureId, TaskId, ThreadId};
use loopscope_sim::{LoopStatus, State, ThreadStatus};

/// Seconds as the page shows them everywhere, in both languages: `1.000 s`.
pub fn secs(t: f64) -> String {
    format!("{t:.3} s")
}

/// Two times as the page shows them, with as many decimals as it takes to
/// tell them apart (up to nanoseconds): a jump of 22 µs must not read as
/// "from 0.000 s to 0.000 s".  Equal times stay at three decimals.
pub fn secs_pair(from: f64, to: f64) -> (String, String) {
    let (a, b) = (secs(from), secs(to));
    if a != b || from == to {
        return (a, b);
    }
    // Enough decimals for two significant digits of the jump itself.
    let d = (4..=9)
        .find(|&d| (to - from).abs() * 10f64.powi(d as i32) >= 10.0)
        .unwrap_or(9);
    (format!("{from:.d$} s"), format!("{to:.d$} s"))
}

/// `Task-2` style name of a task.
pub fn task_name(run: &Run, state: &State, task: TaskId) -> String {
    match state.tasks.get(&task) {
        Some(view) => run.trace.str(view.name).to_string(),
        None => format!("Task-{}", task.0 + 1),
    }
}

/// The coroutine a task runs (`func1`).
pub fn task_coro(run: &Run, state: &State, task: TaskId) -> String {
    state
        .tasks
        .get(&task)
        .map(|v| run.trace.str(v.coro).to_string())
        .unwrap_or_default()
}

/// A task as the page names it wherever a task is meant: its name with its
/// coroutine (`Task-3 (worker)`), so that tasks running the same coroutine
/// can be told apart.
pub fn task_ref(lang: Lang, run: &Run, state: &State, task: TaskId) -> String {
    say(
        lang,
        &Phrase::TaskWithCoro(task_name(run, state, task), task_coro(run, state, task)),
    )
}

/// What created a future, as the trace labels it (`Queue.put()`); empty when
/// the state no longer remembers it.  Labels are code, shown as they are.
pub fn future_label<'a>(run: &'a Run, state: &State, fut: FutureId) -> &'a str {
    state
        .future_label(fut)
        .map(|sym| run.trace.str(sym))
        .unwrap_or("")
}

/// Whether another pending future (not a task) has the same label, so that
/// only its number tells the two apart (two producers both in `Queue.put()`).
pub fn future_needs_number(run: &Run, state: &State, fut: FutureId) -> bool {
    let Some(label) = state.future_label(fut) else {
        return true;
    };
    state
        .pending
        .iter()
        .any(|(f, l)| *f != fut && *l == label && !run.fut_task.contains_key(f))
}

/// How a future is called on the page: a task's name, or what created it
/// (`Event.wait()`), with its number only when another pending future has the
/// same label (`Queue.put() #5`), or `Future #n` when the label is unknown.
pub fn future_name(lang: Lang, run: &Run, state: &State, fut: FutureId) -> String {
    if let Some(task) = run.fut_task.get(&fut) {
        return task_ref(lang, run, state, *task);
    }
    match future_label(run, state, fut) {
        "" => say(lang, &Phrase::FutureN(fut.0)),
        label if future_needs_number(run, state, fut) => format!("{label} #{}", fut.0),
        label => label.to_string(),
    }
}

/// A handle's short label for a chip: what running it will do.
pub fn handle_label(lang: Lang, run: &Run, state: &State, kind: HandleKind) -> String {
    let phrase = match kind {
        HandleKind::Step(task) => Phrase::Step(task_ref(lang, run, state, task)),
        HandleKind::Wakeup(task) => Phrase::Wake(task_ref(lang, run, state, task)),
        HandleKind::DoneCallback(fut) => Phrase::CallbackOf(future_name(lang, run, state, fut)),
        HandleKind::SleepTimer(_) => Phrase::SleepEnds,
        HandleKind::Timeout(task) => Phrase::TimeoutOf(task_ref(lang, run, state, task)),
        HandleKind::Threadsafe(_) => Phrase::ThreadResult,
        // The model names its one timer-driven internal handle in English
        // words; every other name is a Python identifier, shown as it is.
        HandleKind::Internal(sym) if run.trace.str(sym) == "as_completed timeout" => {
            Phrase::TimeoutOf("as_completed".into())
        }
        HandleKind::Callback(sym) | HandleKind::Internal(sym) => {
            return run.trace.str(sym).to_string()
        }
    };
    say(lang, &phrase)
}

/// A handle's chip in two parts: the first line names whom it is about
/// (`Task-3 (worker)`) and the optional second part says what it does
/// (`step`), so that the task's name survives the chip's narrow width.
pub fn handle_chip(
    lang: Lang,
    run: &Run,
    state: &State,
    kind: HandleKind,
) -> (String, Option<String>) {
    let what = match kind {
        HandleKind::Step(task) => Some((task, Phrase::ChipStep)),
        HandleKind::Wakeup(task) => Some((task, Phrase::ChipWake)),
        HandleKind::Timeout(task) => Some((task, Phrase::ChipTimeout)),
        _ => None,
    };
    match what {
        Some((task, phrase)) => (task_ref(lang, run, state, task), Some(say(lang, &phrase))),
        None => (handle_label(lang, run, state, kind), None),
    }
}

/// The task a handle is about, for its colour.
pub fn handle_task(run: &Run, kind: HandleKind) -> Option<TaskId> {
    match kind {
        HandleKind::Step(task) | HandleKind::Wakeup(task) | HandleKind::Timeout(task) => Some(task),
        HandleKind::DoneCallback(fut)
        | HandleKind::SleepTimer(fut)
        | HandleKind::Threadsafe(fut) => run
            .fut_task
            .get(&fut)
            .copied()
            .or_else(|| run.waiter_of(fut)),
        HandleKind::Callback(_) | HandleKind::Internal(_) => None,
    }
}

/// What a waiting task waits for, in words (`sleeps until 1.000 s`).
pub fn awaiting(lang: Lang, run: &Run, state: &State, fut: FutureId) -> String {
    if run.fut_task.contains_key(&fut) {
        return say(lang, &Phrase::Awaits(future_name(lang, run, state, fut)));
    }
    let timer = state
        .timers
        .iter()
        .find(|(_, kind)| matches!(kind, HandleKind::SleepTimer(f) if *f == fut));
    if let Some(((when, _), _)) = timer {
        return say(lang, &Phrase::SleepsUntil(secs(f64::from_bits(*when))));
    }
    say(lang, &Phrase::Awaits(future_name(lang, run, state, fut)))
}

/// The state of the loop thread in one line (shown in the loop's box).
pub fn loop_line(lang: Lang, run: &Run, state: &State) -> String {
    let phrase = match state.loop_status {
        LoopStatus::NotRunning if run.is_empty() => Phrase::DidNotRun,
        LoopStatus::NotRunning if state.index == 0 => Phrase::LoopNotStarted,
        // Outside a loop the main thread can still wait, for a lock, an
        // event, a queue or another thread: the box says for what.
        LoopStatus::NotRunning => match state.threads.get(&ThreadId(0)).map(|t| t.status) {
            Some(ThreadStatus::BlockedOn(fut)) => {
                Phrase::LoopOffMainWaits(future_name(lang, run, state, fut))
            }
            Some(ThreadStatus::Blocked(until)) => {
                Phrase::LoopOffMainBlocked(run.block_label_at(state.index), secs(until))
            }
            _ => Phrase::LoopNotRunning,
        },
        LoopStatus::Running => match state
            .running
            .and_then(|h| run.handle_kinds.get(&h).copied())
        {
            Some(kind) => Phrase::LoopRunning(handle_label(lang, run, state, kind)),
            None => Phrase::LoopRunningNext,
        },
        LoopStatus::Idle => match state.timers.keys().next() {
            Some((when, _)) => Phrase::LoopIdleTimer(secs(f64::from_bits(*when))),
            // With no timer and no other thread alive, nothing can wake the
            // loop: say so rather than promise a thread that does not exist.
            None if !state
                .threads
                .iter()
                .any(|(id, t)| *id != ThreadId(0) && t.status != ThreadStatus::Done) =>
            {
                Phrase::LoopIdleForever
            }
            None => Phrase::LoopIdleThread,
        },
        LoopStatus::Blocked => match state.threads.get(&ThreadId(0)).map(|t| t.status) {
            Some(ThreadStatus::Blocked(until)) => {
                Phrase::LoopBlocked(run.block_label_at(state.index), secs(until))
            }
            _ => Phrase::LoopBlockedWait,
        },
    };
    say(lang, &phrase)
}

/// A thread's display name.
pub fn thread_name(lang: Lang, run: &Run, state: &State, thread: ThreadId) -> String {
    if thread == ThreadId(0) {
        return say(lang, &Phrase::MainThread);
    }
    match state.threads.get(&thread) {
        Some(view) if !run.trace.str(view.name).is_empty() => run.trace.str(view.name).to_string(),
        _ => say(lang, &Phrase::ThreadN(thread.0)),
    }
}

/// [`narrate`], with asyncio.run's shutdown told as one step when `fold`.
pub fn narration(lang: Lang, run: &Run, state: &State, fold: bool) -> String {
    let in_machinery = state
        .index
        .checked_sub(1)
        .and_then(|i| run.machinery_at(i))
        .is_some();
    if fold && in_machinery {
        texts(lang).shutdown_folded.to_string()
    } else {
        narrate(lang, run, state)
    }
}

/// One plain sentence about the event just applied (`state` is the state after it).
pub fn narrate(lang: Lang, run: &Run, state: &State) -> String {
    let Some(ev) = state
        .index
        .checked_sub(1)
        .and_then(|i| run.trace.events.get(i))
    else {
        // A program that was refused has nothing to play.
        let phrase = if run.is_empty() {
            Phrase::DidNotRun
        } else {
            Phrase::PressPlay
        };
        return say(lang, &phrase);
    };
    let who = ev
        .task
        .map(|t| task_ref(lang, run, state, t))
        .unwrap_or_default();
    let s = |sym| run.trace.str(sym).to_string();
    let thread = || thread_name(lang, run, state, ev.thread);
    let phrase = match ev.kind {
        EventKind::ProgramStart => Phrase::ProgramStart,
        EventKind::ProgramEnd => Phrase::ProgramEnd(secs(ev.t)),
        EventKind::LoopStart => Phrase::LoopStart,
        EventKind::LoopStop => loop_stop(lang, run, state),
        EventKind::LoopClose => Phrase::LoopClose,
        EventKind::Iteration { ntodo } => Phrase::Iteration(ntodo),
        EventKind::ClockJump { from } => clock_jump(lang, run, state, from, ev.t),
        EventKind::HandleQueued { kind, .. } => {
            Phrase::Queued(handle_label(lang, run, state, kind))
        }
        EventKind::HandleRun { handle } => match run.handle_kinds.get(&handle) {
            Some(kind) => Phrase::Takes(handle_label(lang, run, state, *kind)),
            None => Phrase::RunsNext,
        },
        EventKind::HandleDone { .. } => Phrase::HandleDone,
        EventKind::HandleSkipped { .. } => Phrase::Skipped,
        EventKind::HandleCancelled { .. } => Phrase::HandleCancelled,
        EventKind::TimerSet { when, kind, .. } => {
            Phrase::TimerSet(secs(when), handle_label(lang, run, state, kind))
        }
        EventKind::TimerFired { when, .. } if ev.t > when + 1e-9 => {
            Phrase::TimerLate(secs(when), secs(ev.t))
        }
        EventKind::TimerFired { when, .. } => Phrase::TimerFired(secs(when)),
        EventKind::TimerDropped { .. } => Phrase::TimerDropped,
        EventKind::LoopIdle => match state.timers.keys().next() {
            Some((when, _)) => Phrase::IdleTimer(secs(f64::from_bits(*when))),
            None => Phrase::IdleThread,
        },
        EventKind::FutureCreated { fut, .. } if run.fut_task.contains_key(&fut) => {
            Phrase::TaskFutureCreated
        }
        EventKind::FutureCreated { fut, .. } => {
            Phrase::FutureCreated(future_name(lang, run, state, fut))
        }
        EventKind::FutureDone { fut, how, value } => {
            let name = future_name(lang, run, state, fut);
            match how {
                Resolution::Result => Phrase::FutureResult(name, s(value)),
                Resolution::Exception => Phrase::FutureFailed(name, s(value)),
                Resolution::Cancelled => Phrase::FutureCancelled(name),
            }
        }
        EventKind::TaskCreated { name, coro, .. } => Phrase::TaskCreated(s(coro), s(name)),
        EventKind::TaskRenamed { name, .. } => Phrase::TaskRenamed(s(name)),
        EventKind::StepBegin => Phrase::StepBegin(who),
        EventKind::StepEnd { end } => match end {
            StepEnd::Await(fut) => Phrase::StepAwait(who, awaiting(lang, run, state, fut)),
            StepEnd::Yield => Phrase::StepYield(who),
            StepEnd::Returned => Phrase::StepReturn(who),
            StepEnd::Raised => Phrase::StepRaise(who),
            StepEnd::Cancelled => Phrase::StepCancelled(who),
        },
        EventKind::CancelRequested { task } => {
            Phrase::CancelRequested(task_ref(lang, run, state, task))
        }
        EventKind::BlockBegin { until, label } if ev.thread == ThreadId(0) && ev.task.is_some() => {
            Phrase::BlockLoop(who, s(label), secs(until))
        }
        EventKind::BlockBegin { until, label } => {
            Phrase::BlockThread(thread(), s(label), secs(until))
        }
        EventKind::BlockOnBegin { fut } => {
            Phrase::BlockOn(thread(), future_name(lang, run, state, fut))
        }
        EventKind::BlockEnd => Phrase::BlockEnd(thread()),
        EventKind::ComputeBegin { ops } => Phrase::Compute(thread(), ops),
        EventKind::ComputeEnd => Phrase::ComputeEnd(thread()),
        EventKind::GilWait => Phrase::GilWait(thread()),
        EventKind::GilAcquired => Phrase::GilTake(thread()),
        EventKind::GilReleased => Phrase::GilRelease(thread()),
        EventKind::ThreadStarted { name, .. } => Phrase::ThreadStarted(s(name)),
        EventKind::ThreadEnded { thread } => {
            Phrase::ThreadEnded(thread_name(lang, run, state, thread))
        }
        EventKind::JobQueued { name, .. } => Phrase::JobQueued(s(name)),
        EventKind::JobStarted { .. } => Phrase::JobStarted(thread()),
        EventKind::JobFinished { .. } => Phrase::JobFinished(thread()),
        EventKind::JobCancelled { .. } => Phrase::JobCancelled,
        EventKind::Print { text, stderr } => {
            let text = s(text).trim_end_matches('\n').to_string();
            let whom = if who.is_empty() { thread() } else { who };
            if stderr {
                Phrase::Stderr(whom, text)
            } else {
                Phrase::Print(whom, text)
            }
        }
        EventKind::Exception { value } => Phrase::Unhandled(s(value)),
        EventKind::Limit {
            kind: LimitKind::Events,
        } => Phrase::LimitEvents,
        EventKind::Limit {
            kind: LimitKind::VirtualTime,
        } => Phrase::LimitTime,
        EventKind::Deadlock => Phrase::Deadlock,
    };
    say(lang, &phrase)
}

/// Why the clock moved, judged from the state at the jump: a call blocking
/// the loop thread, Python code costing time, worker threads at work, or
/// the loop idle until its next timer.  Saying "nothing is ready" while a
/// blocked loop starves a ready task would contradict the diagram.
fn clock_jump(lang: Lang, run: &Run, state: &State, from: f64, to: f64) -> Phrase {
    let (a, b) = secs_pair(from, to);
    let main = state.threads.get(&ThreadId(0)).map(|t| t.status);
    match main {
        Some(ThreadStatus::Blocked(_)) if state.loop_status == LoopStatus::Blocked => {
            return Phrase::ClockLoopBlocked(run.block_label_at(state.index), a, b)
        }
        Some(ThreadStatus::Blocked(_)) => {
            let name = thread_name(lang, run, state, ThreadId(0));
            return Phrase::ClockThreadBlocked(name, run.block_label_at(state.index), a, b);
        }
        Some(ThreadStatus::BlockedOn(fut)) => {
            let name = thread_name(lang, run, state, ThreadId(0));
            return Phrase::ClockThreadWaits(name, future_name(lang, run, state, fut), a, b);
        }
        Some(ThreadStatus::Computing) => {
            return Phrase::ClockComputes(thread_name(lang, run, state, ThreadId(0)), a, b)
        }
        _ => {}
    }
    let busy: Vec<(ThreadId, ThreadStatus)> = state
        .threads
        .iter()
        .filter(|(id, t)| {
            **id != ThreadId(0)
                && matches!(
                    t.status,
                    ThreadStatus::Blocked(_)
                        | ThreadStatus::BlockedOn(_)
                        | ThreadStatus::Computing
                        | ThreadStatus::Running
                )
        })
        .map(|(id, t)| (*id, t.status))
        .collect();
    match busy.as_slice() {
        [(id, ThreadStatus::Blocked(_))] => Phrase::ClockThreadBlocked(
            thread_name(lang, run, state, *id),
            run.thread_block_label(*id, state.index),
            a,
            b,
        ),
        [(id, ThreadStatus::Computing | ThreadStatus::Running)] => {
            Phrase::ClockComputes(thread_name(lang, run, state, *id), a, b)
        }
        [] => {
            let timer_due = state
                .timers
                .keys()
                .next()
                .is_some_and(|(when, _)| (f64::from_bits(*when) - to).abs() < 1e-9);
            if timer_due {
                Phrase::ClockJump(a, b)
            } else {
                Phrase::ClockMoves(a, b)
            }
        }
        _ => Phrase::ClockThreadsWork(busy.len(), a, b),
    }
}

/// What a `LoopStop` ends: the main task of `asyncio.run`, one of the
/// shutdown steps `asyncio.run` runs through `run_until_complete` after it,
/// or some other `run_until_complete`.  The future is the one whose
/// done-callback (which stops the loop) ran last before the stop.
fn loop_stop(lang: Lang, run: &Run, state: &State) -> Phrase {
    let before = state.index.saturating_sub(1).min(run.trace.events.len());
    let mut finished = None;
    let mut first = true;
    for ev in run.trace.events[..before].iter().rev() {
        match ev.kind {
            EventKind::LoopStart => break,
            EventKind::LoopStop => {
                first = false;
                break;
            }
            EventKind::HandleRun { handle } if finished.is_none() => {
                if let Some(HandleKind::DoneCallback(fut)) = run.handle_kinds.get(&handle) {
                    finished = run.fut_task.get(fut).copied();
                }
            }
            _ => {}
        }
    }
    let Some(task) = finished else {
        return Phrase::LoopStop;
    };
    // The shutdown steps are the loop's own coroutines, named by their
    // qualified names (`BaseEventLoop.shutdown_asyncgens`).
    let coro = task_coro(run, state, task);
    let method = coro.rsplit('.').next().unwrap_or_default();
    match method {
        "shutdown_asyncgens" if !first => Phrase::LoopStopAsyncgens,
        "shutdown_default_executor" if !first => Phrase::LoopStopExecutor,
        _ if first => Phrase::LoopStopMain(task_ref(lang, run, state, task)),
        _ => Phrase::LoopStopTask(task_ref(lang, run, state, task)),
    }
}

/// The summary line: total time and how the loop spent it.
pub fn summary(lang: Lang, run: &Run) -> String {
    let s = &run.summary;
    let total = secs(s.total);
    let mut text = say(
        lang,
        &match &run.ending {
            Ending::Rejected { .. } => return say(lang, &Phrase::DidNotRun),
            Ending::Failed(_) => return texts(lang).not_finished.to_string(),
            Ending::Limit(loopscope_py::Limit::Stopped { .. }) => Phrase::CancelledAt(total),
            Ending::Limit(_) => Phrase::StoppedAt(total),
            Ending::Deadlock { .. } => Phrase::DeadlockedAt(total),
            Ending::Raised { .. } => Phrase::RaisedAt(total),
            Ending::Finished => Phrase::FinishedIn(total),
        },
    );
    if s.blocked > 0.0 {
        // One label for every call says which call it was; different calls
        // are counted rather than credited to the longest one.
        let label = |l: &String| {
            if l.is_empty() {
                say(lang, &Phrase::BlockingWait)
            } else {
                l.clone()
            }
        };
        let by = match (s.blocked_by.as_slice(), s.blocked_calls) {
            ([one], 0 | 1) => Phrase::ByCall(label(one)),
            ([one], n) => Phrase::ByRepeatedCall(n, label(one)),
            (_, n) => Phrase::ByCalls(n.max(s.blocked_by.len())),
        };
        text.push_str(&say(
            lang,
            &Phrase::BlockedFor(secs(s.blocked), say(lang, &by)),
        ));
        if s.idle > 0.0 {
            text.push_str(&say(
                lang,
                &match waited_for(lang, &s.waited_for) {
                    Some(what) => Phrase::AndIdleWaitingFor(secs(s.idle), what),
                    None => Phrase::AndIdle(secs(s.idle)),
                },
            ));
        }
    } else if s.idle > 0.0 {
        text.push_str(&say(
            lang,
            &match waited_for(lang, &s.waited_for) {
                Some(what) => Phrase::IdleWaitingFor(secs(s.idle), what),
                None => Phrase::IdleFor(secs(s.idle)),
            },
        ));
    }
    if s.running >= 0.0005 {
        text.push_str(&say(lang, &Phrase::RunningFor(secs(s.running))));
    }
    text
}

/// What the loop waited for while idle, in words: the sleeping coroutines
/// together (at most three by name), then other timers, then threads.
fn waited_for(lang: Lang, waits: &[Wait]) -> Option<String> {
    const NAMED: usize = 3;
    let mut sleepers: Vec<String> = Vec::new();
    for w in waits {
        if let Wait::Sleep(coro) = w {
            if !sleepers.contains(coro) {
                sleepers.push(coro.clone());
            }
        }
    }
    if sleepers.len() > NAMED {
        let more = sleepers.len() - NAMED + 1;
        sleepers.truncate(NAMED - 1);
        sleepers.push(say(lang, &Phrase::OthersN(more)));
    }
    let mut parts = Vec::new();
    if !sleepers.is_empty() {
        parts.push(say(lang, &Phrase::WaitSleeps(sleepers)));
    }
    if waits.contains(&Wait::Timer) {
        parts.push(say(lang, &Phrase::WaitTimers));
    }
    if waits.contains(&Wait::Thread) {
        parts.push(say(lang, &Phrase::WaitThreads));
    }
    (!parts.is_empty()).then(|| say(lang, &Phrase::AndList(parts)))
}

/// Why a source was refused, in words (the position is shown separately).
pub fn rejection(lang: Lang, why: &Rejection) -> String {
    match why {
        Rejection::Syntax(message) => say(lang, &Phrase::SyntaxError(message.clone())),
        Rejection::Unsupported(construct) => say(lang, &Phrase::NotSupported(construct.clone())),
        Rejection::Guard(limit) => match limit {
            SourceLimit::Brackets => texts(lang).too_nested.to_string(),
            SourceLimit::Indentation => texts(lang).too_indented.to_string(),
            SourceLimit::Operators => say(
                lang,
                &Phrase::TooComplex(loopscope_py::front::guard::MAX_OPERATORS),
            ),
        },
    }
}

/// One line per task or thread left waiting by a deadlock, with the source
/// line a task waits on (for the buttons that mark it in the editor).
pub fn deadlock_lines(
    lang: Lang,
    run: &Run,
    state: &State,
    waiters: &[loopscope_sim::Waiter],
) -> Vec<(String, Option<u32>)> {
    let task_label = |task: TaskId| task_ref(lang, run, state, task);
    waiters
        .iter()
        .map(|w| match (w.task, w.future) {
            (Some(task), Some(fut)) => {
                let line = run
                    .task_lines
                    .get(&task)
                    .and_then(|lines| lines.last())
                    .map(|&(_, line)| line);
                let what = awaiting(lang, run, state, fut);
                let text = say(lang, &Phrase::WaiterTask(task_label(task), what, line));
                (text, line)
            }
            (Some(task), None) => (say(lang, &Phrase::WaiterReady(task_label(task))), None),
            (None, fut) => {
                let who = thread_name(lang, run, state, w.thread);
                let what = match fut {
                    Some(fut) => future_name(lang, run, state, fut),
                    None => w.waiting_for.clone(),
                };
                (say(lang, &Phrase::WaiterThread(who, what)), None)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How a program's failure reads: the refusal, the limit or the
    /// deadlock's waiters, in the given language.
    fn ending_words(lang: Lang, source: &str) -> String {
        let run = crate::model::engine::execute(source, None);
        match &run.ending {
            Ending::Rejected { line, col, why } => {
                format!("{line}:{col}: {}", rejection(lang, why))
            }
            Ending::Limit(limit) => say(lang, &Phrase::LimitReached(limit.clone())),
            Ending::Deadlock { waiters, .. } => {
                let last = run.trace.state_at(run.len());
                deadlock_lines(lang, &run, &last, waiters)
                    .into_iter()
                    .map(|(text, _)| text)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            other => format!("{other:?}"),
        }
    }

    /// With no loop running, the loop box says what the main thread waits
    /// for (an event, a queue, a thread) or which blocking call it is in,
    /// in both languages.
    #[test]
    fn the_loop_box_says_what_the_main_thread_waits_for_outside_a_loop() {
        let event = "import threading, time\n\nev = threading.Event()\nthreading.Timer(1.0, ev.set).start()\nev.wait()\ntime.sleep(0.5)\n";
        let run = crate::model::engine::execute(event, None);
        let lines: Vec<(String, String)> = (1..=run.len())
            .map(|i| {
                let state = run.trace.state_at(i);
                (
                    loop_line(Lang::En, &run, &state),
                    loop_line(Lang::Ja, &run, &state),
                )
            })
            .collect();
        for (en, ja) in [
            (
                "no event loop: MainThread waits for threading.Event.wait()",
                "イベントループなし: メインスレッドがthreading.Event.wait()を待っています",
            ),
            (
                "no event loop: MainThread is in time.sleep(0.5) until 1.500 s",
                "イベントループなし: メインスレッドは1.500秒までtime.sleep(0.5)の中です",
            ),
        ] {
            assert!(
                lines.iter().any(|(e, _)| e == en),
                "{en:?} not in {lines:?}"
            );
            assert!(
                lines.iter().any(|(_, j)| j == ja),
                "{ja:?} not in {lines:?}"
            );
        }
    }

    /// A task waiting on a library object is said to await what it called
    /// (`Queue.put()`), in both languages; the number appears only when two
    /// pending futures have the same label.
    #[test]
    fn awaited_futures_are_named_by_what_created_them() {
        let queue = "import asyncio\n\nasync def producer(q):\n    await q.put(1)\n    await q.put(2)\n\nasync def main():\n    q = asyncio.Queue(maxsize=1)\n    await asyncio.create_task(producer(q))\n\nasyncio.run(main())\n";
        let semaphore = "import asyncio\n\nasync def worker(sem, ev):\n    async with sem:\n        await ev.wait()\n\nasync def main():\n    sem = asyncio.Semaphore(2)\n    ev = asyncio.Event()\n    await asyncio.gather(*(worker(sem, ev) for _ in range(3)))\n\nasyncio.run(main())\n";
        let twins = "import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    a = loop.create_future()\n    b = loop.create_future()\n    t = asyncio.create_task(asyncio.wait_for(a, None))\n    await b\n\nasyncio.run(main())\n";
        let cases: &[(&str, &str, &str)] = &[
            (
                queue,
                "Task-1 (main) awaits Task-2 (producer) (line 9)\nTask-2 (producer) awaits Queue.put() (line 5)",
                "Task-1 (main)はTask-2 (producer)をawait中 (9行目)\nTask-2 (producer)はQueue.put()をawait中 (5行目)",
            ),
            (
                semaphore,
                "Task-1 (main) awaits gather() (line 10)\nTask-2 (worker) awaits Event.wait() #5 (line 5)\nTask-3 (worker) awaits Event.wait() #6 (line 5)\nTask-4 (worker) awaits Semaphore.acquire() (line 4)",
                "Task-1 (main)はgather()をawait中 (10行目)\nTask-2 (worker)はEvent.wait() #5をawait中 (5行目)\nTask-3 (worker)はEvent.wait() #6をawait中 (5行目)\nTask-4 (worker)はSemaphore.acquire()をawait中 (4行目)",
            ),
            (
                twins,
                "Task-1 (main) awaits create_future() #2 (line 8)\nTask-2 (wait_for) awaits create_future() #1 (line 7)",
                "Task-1 (main)はcreate_future() #2をawait中 (8行目)\nTask-2 (wait_for)はcreate_future() #1をawait中 (7行目)",
            ),
        ];
        for (source, en, ja) in cases {
            assert_eq!(ending_words(Lang::En, source), *en, "{source}");
            assert_eq!(ending_words(Lang::Ja, source), *ja, "{source}");
        }
    }

    /// Every message the Python layer stops a program with is worded by the
    /// page in both languages, with the numbers and names it carries.
    #[test]
    fn refusals_limits_and_deadlocks_are_worded_in_both_languages() {
        let deadlock = "import asyncio\n\nasync def waiter(ev):\n    await ev.wait()\n\nasync def main():\n    ev = asyncio.Event()\n    await asyncio.create_task(waiter(ev))\n\nasyncio.run(main())\n";
        let cases: &[(&str, &str, &str)] = &[
            (
                "import threading\nclass T(threading.Thread):\n    pass\n",
                "2:9: subclassing `threading.Thread` is not supported yet",
                "2:9: `threading.Thread` のサブクラス化はまだサポートされていません",
            ),
            (
                "x = 1j\n",
                "1:5: complex numbers are not supported yet",
                "1:5: 複素数はまだサポートされていません",
            ),
            (
                "import socket\n",
                "1:8: module `socket` is not supported yet",
                "1:8: モジュール `socket`はまだサポートされていません",
            ),
            (
                "x = b\"hi\"\n",
                "1:5: bytes literals are not supported yet",
                "1:5: bytes リテラルはまだサポートされていません",
            ),
            (
                "def f(:\n",
                "1:7: syntax error: Expected a parameter or the end of the parameter list",
                "1:7: 構文エラー: Expected a parameter or the end of the parameter list",
            ),
            (
                "while True:\n    pass\n",
                "Stopped after 20,000,000 Python operations: the program may be stuck in a loop (the limit is 20,000,000).",
                "Pythonの演算を20,000,000回実行したところで止めました。プログラムが無限ループしている可能性があります（上限は20,000,000回）。",
            ),
            (
                deadlock,
                "Task-1 (main) awaits Task-2 (waiter) (line 8)\nTask-2 (waiter) awaits Event.wait() (line 4)",
                "Task-1 (main)はTask-2 (waiter)をawait中 (8行目)\nTask-2 (waiter)はEvent.wait()をawait中 (4行目)",
            ),
        ];
        for (source, en, ja) in cases {
            assert_eq!(ending_words(Lang::En, source), *en, "{source}");
            assert_eq!(ending_words(Lang::Ja, source), *ja, "{source}");
        }
    }

    /// A small program with three tasks running the same coroutine; the
    /// second one raises.
    const WORKERS: &str = "import asyncio\n\nasync def worker(n):\n    await asyncio.sleep(n)\n    if n == 2:\n        raise ValueError(n)\n\nasync def main():\n    tasks = [asyncio.create_task(worker(n)) for n in (1, 2, 3)]\n    await asyncio.gather(*tasks, return_exceptions=True)\n\nasyncio.run(main())\n";

    /// The run of a preset (by id) or of a source.
    fn program(which: &str) -> Run {
        match crate::model::presets::PRESETS
            .iter()
            .find(|p| p.id == which)
        {
            Some(p) => crate::model::engine::execute(p.source, p.cpu_speed),
            None => crate::model::engine::execute(which, None),
        }
    }

    /// The narration of the `nth` event whose kind's name is `kind`, in
    /// English and Japanese.
    fn narration(run: &Run, kind: &str, nth: usize) -> (String, String) {
        let index = (0..run.trace.events.len())
            .filter(|&i| {
                format!("{:?}", run.trace.events[i].kind)
                    .split([' ', '{', '('])
                    .next()
                    == Some(kind)
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("no {kind} #{nth}"));
        let state = run.trace.state_at(index + 1);
        (
            narrate(Lang::En, run, &state),
            narrate(Lang::Ja, run, &state),
        )
    }

    /// Each sentence says what actually happened: the clock moves for its
    /// real cause, the loop stops for what completed, and a task is named
    /// with its coroutine.
    #[test]
    fn narration_says_why_in_both_languages() {
        let cases: &[(&str, &str, usize, &str, &str)] = &[
            (
                "blocking",
                "ClockJump",
                0,
                "Time passes while the loop is blocked in time.sleep(1): the clock moves from 0.000 s to 1.000 s, and ready tasks must wait.",
                "ループがtime.sleep(1)でブロックされている間に時間が過ぎ、時計が0.000秒から1.000秒へ進みました。実行待ちのタスクは待たされています。",
            ),
            (
                "thread-pool",
                "ClockJump",
                0,
                "Time passes while 2 threads work: the clock moves from 0.000 s to 1.000 s.",
                "2個のスレッドが処理を続けている間に時間が過ぎ、時計が0.000秒から1.000秒へ進みました。",
            ),
            (
                "gil",
                "ClockJump",
                0,
                "The main thread runs Python code, which takes time: the clock moves from 0.00000 s to 0.00022 s.",
                "メインスレッドがPythonコードを実行するのに時間がかかり、時計が0.00000秒から0.00022秒へ進みました。",
            ),
            (
                "hello",
                "ClockJump",
                0,
                "Nothing is ready, so the clock jumps from 0.000 s to 1.000 s, when the next timer is due.",
                "実行できるものがないので、時計が0.000秒から次のタイマーの時刻1.000秒へ進みました。",
            ),
            (
                "hello",
                "LoopStop",
                0,
                "The main task Task-1 (say_hello) is done, so the loop stops.",
                "メインタスクTask-1 (say_hello)が完了したので、ループが止まりました。",
            ),
            (
                "hello",
                "LoopStop",
                1,
                "asyncio.run has run loop.shutdown_asyncgens() to close leftover async generators; the loop stops again.",
                "asyncio.runがloop.shutdown_asyncgens()で残った非同期ジェネレーターを閉じ終えたので、ループがもう一度止まりました。",
            ),
            (
                "hello",
                "LoopStop",
                2,
                "asyncio.run has run loop.shutdown_default_executor() to wait for the default thread pool; the loop stops again.",
                "asyncio.runがloop.shutdown_default_executor()で既定のスレッドプールの終了を待ち終えたので、ループがもう一度止まりました。",
            ),
            (
                "hello",
                "ProgramEnd",
                0,
                "The program ends at 1.000 s.",
                "1.000秒にプログラムが終了しました。",
            ),
            (
                "hello",
                "StepBegin",
                0,
                "The loop runs Task-1 (say_hello) until its next await.",
                "ループがTask-1 (say_hello)の実行を始めました。次のawaitまで実行します。",
            ),
            (
                WORKERS,
                "StepEnd",
                5,
                "The coroutine of Task-3 (worker) raises an exception: the task fails.",
                "Task-3 (worker)のコルーチンが例外を送出し、タスクが失敗しました。",
            ),
            (
                WORKERS,
                "HandleQueued",
                1,
                "Added to the end of the ready queue: step of Task-2 (worker).",
                "Task-2 (worker)のステップが実行待ちキューの末尾に入りました。",
            ),
            (
                "gil",
                "ComputeBegin",
                0,
                "The main thread computes (22 operations).",
                "メインスレッドが22回の演算を実行します。",
            ),
        ];
        for (which, kind, nth, en, ja) in cases {
            let run = program(which);
            let (got_en, got_ja) = narration(&run, kind, *nth);
            let name = which.lines().next().unwrap_or_default();
            assert_eq!(got_en, *en, "{name} {kind} #{nth}");
            assert_eq!(got_ja, *ja, "{name} {kind} #{nth}");
        }
    }

    /// Over every preset, no English sentence recases a coroutine's name,
    /// no Japanese sentence puts a space before a particle, and no clock
    /// jump reads as a jump from a time to the same time.
    #[test]
    fn every_preset_narrates_without_recased_names_or_stray_spaces() {
        for preset in crate::model::presets::PRESETS.iter() {
            let run = program(preset.id);
            let coros: Vec<String> = run
                .trace
                .events
                .iter()
                .filter_map(|ev| match ev.kind {
                    EventKind::TaskCreated { coro, .. } => Some(run.trace.str(coro).to_string()),
                    _ => None,
                })
                .filter(|c| c.starts_with(|ch: char| ch.is_lowercase()))
                .collect();
            // The GIL preset has thousands of events; every 7th is enough
            // there, but every clock jump is checked.
            for i in 0..run.trace.events.len() {
                let jump = matches!(run.trace.events[i].kind, EventKind::ClockJump { .. });
                if run.trace.events.len() > 2000 && i % 7 != 0 && !jump {
                    continue;
                }
                let state = run.trace.state_at(i + 1);
                let (en, ja) = (
                    narrate(Lang::En, &run, &state),
                    narrate(Lang::Ja, &run, &state),
                );
                for coro in &coros {
                    let mut upper = coro.clone();
                    upper[..1].make_ascii_uppercase();
                    assert!(!en.starts_with(&upper), "{}: {en}", preset.id);
                }
                for particle in [
                    "が", "を", "は", "に", "で", "の", "と", "へ", "から", "まで",
                ] {
                    assert!(!ja.contains(&format!(" {particle}")), "{}: {ja}", preset.id);
                }
                if jump {
                    let times: Vec<&str> = en
                        .split(' ')
                        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                        .collect();
                    assert!(
                        times.windows(2).all(|w| w[0] != w[1]),
                        "{}: {en}",
                        preset.id
                    );
                }
            }
        }
    }

    /// Chips of tasks running the same coroutine tell them apart within
    /// the chip's width, and the diagram's description punctuates Japanese
    /// as Japanese.
    #[test]
    fn chips_and_the_description_name_tasks() {
        let run = program(WORKERS);
        let index = (0..run.trace.events.len())
            .find(|&i| run.trace.state_at(i).ready.len() >= 3)
            .unwrap_or_default();
        let state = run.trace.state_at(index);
        let chips: Vec<(String, Option<String>)> = state
            .ready
            .iter()
            .map(|(_, k)| handle_chip(Lang::En, &run, &state, *k))
            .collect();
        assert_eq!(
            chips,
            [
                ("Task-2 (worker)".to_string(), Some("step".to_string())),
                ("Task-3 (worker)".to_string(), Some("step".to_string())),
                ("Task-4 (worker)".to_string(), Some("step".to_string())),
            ]
        );
        // The chip's first line holds 18 characters before `fit` cuts it.
        assert!(chips.iter().all(|(label, _)| label.chars().count() <= 18));
        let ja = crate::model::diagram_layout::describe(Lang::Ja, &run, &state);
        assert!(!ja.contains(". ") && ja.ends_with('。'), "{ja}");
        assert!(
            ja.contains("Task-2 (worker)のステップ、Task-3 (worker)のステップ"),
            "{ja}"
        );
        let en = crate::model::diagram_layout::describe(Lang::En, &run, &state);
        assert!(
            en.contains("step of Task-2 (worker), step of Task-3 (worker)"),
            "{en}"
        );
    }

    /// The summary credits blocking to the calls that really blocked.
    #[test]
    fn summary_counts_different_blocking_calls() {
        let head = "import asyncio\nimport time\n\nasync def main():\n";
        let cases: &[(&str, &str, &str)] = &[
            (
                "    time.sleep(1.1)\n    time.sleep(1)\n",
                "Finished in 2.100 s — the loop was blocked for 2.100 s by 2 blocking calls",
                "2.100秒で終了しました。ループは2回のブロッキングな呼び出しにより2.100秒間ブロックされました。",
            ),
            (
                "    time.sleep(1)\n    await asyncio.sleep(1)\n",
                "Finished in 2.000 s — the loop was blocked for 1.000 s by time.sleep(1) and idle for 1.000 s, waiting for timers: sleep() in main",
                "2.000秒で終了しました。ループはtime.sleep(1)により1.000秒間ブロックされました。アイドル状態は1.000秒間で、タイマー（mainのsleep()）を待っていました。",
            ),
            (
                "    await asyncio.sleep(1)\n",
                "Finished in 1.000 s — the loop was idle for 1.000 s, waiting for timers: sleep() in main",
                "1.000秒で終了しました。ループは1.000秒間アイドル状態で、タイマー（mainのsleep()）を待っていました。",
            ),
        ];
        for (body, en, ja) in cases {
            let run = program(&format!("{head}{body}\nasyncio.run(main())\n"));
            assert_eq!(summary(Lang::En, &run), *en, "{body}");
            assert_eq!(summary(Lang::Ja, &run), *ja, "{body}");
        }
    }

    /// A jump smaller than the display precision gets the decimals it needs.
    #[test]
    fn tiny_jumps_show_enough_decimals() {
        for (from, to, a, b) in [
            (0.0, 1.0, "0.000 s", "1.000 s"),
            (0.001102, 0.00211, "0.001 s", "0.002 s"),
            (0.0, 0.000022, "0.000000 s", "0.000022 s"),
            (1.0, 1.0004, "1.00000 s", "1.00040 s"),
            (2.0, 2.0, "2.000 s", "2.000 s"),
        ] {
            assert_eq!(secs_pair(from, to), (a.to_string(), b.to_string()));
        }
    }

    #[test]
    fn asyncio_runs_shutdown_is_told_in_one_sentence_when_folded() {
        let run = crate::model::engine::execute(
            crate::model::presets::find("hello").unwrap().source,
            None,
        );
        let m = &run.machinery[0];
        let inside = run.trace.state_at(m.last + 1);
        for lang in Lang::ALL {
            let folded = super::narration(lang, &run, &inside, true);
            assert_eq!(folded, texts(lang).shutdown_folded);
            assert!(
                folded.contains("shutdown_asyncgens")
                    && folded.contains("shutdown_default_executor")
            );
            assert_eq!(
                super::narration(lang, &run, &inside, false),
                narrate(lang, &run, &inside)
            );
            assert_ne!(super::narration(lang, &run, &inside, false), folded);
            // Outside the stretch, folding changes nothing.
            let after = run.trace.state_at(m.last + 2);
            assert_eq!(
                super::narration(lang, &run, &after, true),
                narrate(lang, &run, &after)
            );
        }
    }

    /// The summary says what the loop was waiting for, not only how long.
    #[test]
    fn summary_says_what_the_loop_waited_for() {
        let preset = |id: &str| {
            let p = crate::model::presets::find(id).unwrap();
            crate::model::engine::execute(p.source, p.cpu_speed)
        };
        for (id, en, ja) in [
            (
                "queue",
                "Finished in 3.200 s — the loop was idle for 3.200 s, waiting for timers: sleep() in producer and consumer",
                "3.200秒で終了しました。ループは3.200秒間アイドル状態で、タイマー（producerとconsumerのsleep()）を待っていました。",
            ),
            (
                "thread-pool",
                "Finished in 1.000 s — the loop was idle for 1.000 s, waiting for threads to finish their work",
                "1.000秒で終了しました。ループは1.000秒間アイドル状態で、スレッドの処理の完了を待っていました。",
            ),
            (
                "wait-for",
                "Finished in 1.000 s — the loop was idle for 1.000 s, waiting for timeouts and delayed callbacks",
                "1.000秒で終了しました。ループは1.000秒間アイドル状態で、タイムアウトや遅延コールバックを待っていました。",
            ),
        ] {
            let run = preset(id);
            assert_eq!(summary(Lang::En, &run), en, "{id}");
            assert_eq!(summary(Lang::Ja, &run), ja, "{id}");
        }
        // Many sleepers: three named at most.
        let run = program(
            "import asyncio\n\nasync def a():\n    await asyncio.sleep(1)\n\nasync def b():\n    await asyncio.sleep(2)\n\nasync def c():\n    await asyncio.sleep(3)\n\nasync def d():\n    await asyncio.sleep(4)\n\nasync def main():\n    await asyncio.gather(a(), b(), c(), d())\n\nasyncio.run(main())\n",
        );
        let text = summary(Lang::En, &run);
        assert!(
            text.ends_with("waiting for timers: sleep() in a, b and 2 others"),
            "{text}"
        );
    }
}
