//! Names and sentences for what the trace records: chips' labels, the
//! narration of each event, the run's summary.  Pure functions of the run,
//! a state and a language, shared by the diagram, the narration and the tests.
//! The words themselves live in the catalogues ([`crate::i18n`]).

use crate::i18n::{say, Lang, Phrase};
use crate::run::{Ending, Run};
use loopscope_sim::state::{LoopStatus, State, ThreadStatus};
use loopscope_sim::trace::{EventKind, HandleKind, LimitKind, Resolution, StepEnd};
use loopscope_sim::{FutureId, TaskId, ThreadId};

/// Seconds as the page shows them everywhere, in both languages: `1.000 s`.
pub fn secs(t: f64) -> String {
    format!("{t:.3} s")
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

/// How a future is called on the page: a task's name, or `Future #n`.
pub fn future_name(lang: Lang, run: &Run, state: &State, fut: FutureId) -> String {
    match run.fut_task.get(&fut) {
        Some(task) => say(
            lang,
            &Phrase::TaskWithCoro(task_name(run, state, *task), task_coro(run, state, *task)),
        ),
        None => say(lang, &Phrase::FutureN(fut.0)),
    }
}

/// A handle's short label for a chip: what running it will do.
pub fn handle_label(lang: Lang, run: &Run, state: &State, kind: HandleKind) -> String {
    let phrase = match kind {
        HandleKind::Step(task) => Phrase::Step(task_coro(run, state, task)),
        HandleKind::Wakeup(task) => Phrase::Wake(task_coro(run, state, task)),
        HandleKind::DoneCallback(fut) => Phrase::CallbackOf(future_name(lang, run, state, fut)),
        HandleKind::SleepTimer(_) => Phrase::SleepEnds,
        HandleKind::Timeout(task) => Phrase::TimeoutOf(task_coro(run, state, task)),
        HandleKind::Threadsafe(_) => Phrase::ThreadResult,
        HandleKind::Callback(sym) | HandleKind::Internal(sym) => {
            return run.trace.str(sym).to_string()
        }
    };
    say(lang, &phrase)
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
    say(lang, &Phrase::Awaits(say(lang, &Phrase::FutureN(fut.0))))
}

/// The state of the loop thread in one line (shown in the loop's box).
pub fn loop_line(lang: Lang, run: &Run, state: &State) -> String {
    let phrase = match state.loop_status {
        LoopStatus::NotRunning if state.index == 0 => Phrase::LoopNotStarted,
        LoopStatus::NotRunning => Phrase::LoopNotRunning,
        LoopStatus::Running => match state
            .running
            .and_then(|h| run.handle_kinds.get(&h).copied())
        {
            Some(kind) => Phrase::LoopRunning(handle_label(lang, run, state, kind)),
            None => Phrase::LoopRunningNext,
        },
        LoopStatus::Idle => match state.timers.keys().next() {
            Some((when, _)) => Phrase::LoopIdleTimer(secs(f64::from_bits(*when))),
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

/// One plain sentence about the event just applied (`state` is the state after it).
pub fn narrate(lang: Lang, run: &Run, state: &State) -> String {
    let Some(ev) = state
        .index
        .checked_sub(1)
        .and_then(|i| run.trace.events.get(i))
    else {
        return say(lang, &Phrase::PressPlay);
    };
    let who = ev
        .task
        .map(|t| task_coro(run, state, t))
        .unwrap_or_default();
    let s = |sym| run.trace.str(sym).to_string();
    let thread = || thread_name(lang, run, state, ev.thread);
    let phrase = match ev.kind {
        EventKind::ProgramStart => Phrase::ProgramStart,
        EventKind::ProgramEnd => Phrase::ProgramEnd(secs(ev.t)),
        EventKind::LoopStart => Phrase::LoopStart,
        EventKind::LoopStop => Phrase::LoopStop,
        EventKind::LoopClose => Phrase::LoopClose,
        EventKind::Iteration { ntodo } => Phrase::Iteration(ntodo),
        EventKind::ClockJump { from } => Phrase::ClockJump(secs(from), secs(ev.t)),
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
        EventKind::FutureCreated { fut } if run.fut_task.contains_key(&fut) => {
            Phrase::TaskFutureCreated
        }
        EventKind::FutureCreated { fut } => Phrase::FutureCreated(fut.0),
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
        EventKind::CancelRequested { task } => Phrase::CancelRequested(task_name(run, state, task)),
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

/// The summary line: total time and how the loop spent it.
pub fn summary(lang: Lang, run: &Run) -> String {
    let s = &run.summary;
    let total = secs(s.total);
    let mut text = say(
        lang,
        &match &run.ending {
            Ending::Rejected { .. } => return say(lang, &Phrase::DidNotRun),
            Ending::Limit { message } => Phrase::StoppedAt(total, message.clone()),
            Ending::Deadlock { .. } => Phrase::DeadlockedAt(total),
            Ending::Raised { .. } => Phrase::RaisedAt(total),
            Ending::Finished => Phrase::FinishedIn(total),
        },
    );
    if s.blocked > 0.0 {
        let by = s
            .blocked_by
            .first()
            .cloned()
            .unwrap_or_else(|| "time.sleep".into());
        text.push_str(&say(lang, &Phrase::BlockedFor(secs(s.blocked), by)));
        if s.idle > 0.0 {
            text.push_str(&say(lang, &Phrase::AndIdle(secs(s.idle))));
        }
    } else if s.idle > 0.0 {
        text.push_str(&say(lang, &Phrase::IdleFor(secs(s.idle))));
    }
    if s.running >= 0.0005 {
        text.push_str(&say(lang, &Phrase::RunningFor(secs(s.running))));
    }
    text
}
