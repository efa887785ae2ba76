//! Names and sentences for what the trace records: chips' labels, the
//! narration of each event, the run's summary.  Pure functions of the run,
//! a state and a language, shared by the diagram, the narration and the tests.
//! The words themselves live in the catalogues ([`crate::i18n`]).

use crate::i18n::{say, Lang, Phrase};
use crate::run::{Ending, Rejection, Run};
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
        return say(
            lang,
            &Phrase::TaskWithCoro(task_name(run, state, *task), task_coro(run, state, *task)),
        );
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
        HandleKind::Step(task) => Phrase::Step(task_coro(run, state, task)),
        HandleKind::Wakeup(task) => Phrase::Wake(task_coro(run, state, task)),
        HandleKind::DoneCallback(fut) => Phrase::CallbackOf(future_name(lang, run, state, fut)),
        HandleKind::SleepTimer(_) => Phrase::SleepEnds,
        HandleKind::Timeout(task) => Phrase::TimeoutOf(task_coro(run, state, task)),
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
            Ending::Limit(_) => Phrase::StoppedAt(total),
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

/// Why a source was refused, in words (the position is shown separately).
pub fn rejection(lang: Lang, why: &Rejection) -> String {
    match why {
        Rejection::Syntax(message) => say(lang, &Phrase::SyntaxError(message.clone())),
        Rejection::Unsupported(construct) => say(lang, &Phrase::NotSupported(construct.clone())),
        Rejection::Guard(reason) => reason.message(lang),
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
    let task_label = |task: TaskId| {
        say(
            lang,
            &Phrase::TaskWithCoro(task_name(run, state, task), task_coro(run, state, task)),
        )
    };
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
        let run = crate::engine::execute(source, None);
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
                "Task-1 (main) は Task-2 (producer) を await 中 (9 行目)\nTask-2 (producer) は Queue.put() を await 中 (5 行目)",
            ),
            (
                semaphore,
                "Task-1 (main) awaits gather() (line 10)\nTask-2 (worker) awaits Event.wait() #5 (line 5)\nTask-3 (worker) awaits Event.wait() #6 (line 5)\nTask-4 (worker) awaits Semaphore.acquire() (line 4)",
                "Task-1 (main) は gather() を await 中 (10 行目)\nTask-2 (worker) は Event.wait() #5 を await 中 (5 行目)\nTask-3 (worker) は Event.wait() #6 を await 中 (5 行目)\nTask-4 (worker) は Semaphore.acquire() を await 中 (4 行目)",
            ),
            (
                twins,
                "Task-1 (main) awaits create_future() #2 (line 8)\nTask-2 (wait_for) awaits create_future() #1 (line 7)",
                "Task-1 (main) は create_future() #2 を await 中 (8 行目)\nTask-2 (wait_for) は create_future() #1 を await 中 (7 行目)",
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
                "x = 1\nclass A:\n    pass\n",
                "2:1: `class` statements are not supported yet: use functions and dicts instead",
                "2:1: `class` 文はまだサポートされていません。関数と辞書で書き換えてください",
            ),
            (
                "print('%d' % 3)\n",
                "1:7: `%` string formatting is not supported yet: use an f-string such as f\"{x:.2f}\"",
                "1:7: `%` による文字列フォーマットはまだサポートされていません。f\"{x:.2f}\" のような f-string を使ってください",
            ),
            (
                "import socket\n",
                "1:8: module `socket` is not supported yet",
                "1:8: モジュール `socket`はまだサポートされていません",
            ),
            (
                "def f():\n    yield 1\n",
                "2:5: `yield` (generators) is not supported yet",
                "2:5: `yield` (ジェネレーター)はまだサポートされていません",
            ),
            (
                "def f(:\n",
                "1:7: syntax error: Expected a parameter or the end of the parameter list",
                "1:7: 構文エラー: Expected a parameter or the end of the parameter list",
            ),
            (
                "while True:\n    pass\n",
                "Stopped after 20,000,000 Python operations: the program may be stuck in a loop (the limit is 20,000,000).",
                "Python の演算を 20,000,000 回実行したところで止めました。プログラムが無限ループしている可能性があります (上限は 20,000,000 回)。",
            ),
            (
                deadlock,
                "Task-1 (main) awaits Task-2 (waiter) (line 8)\nTask-2 (waiter) awaits Event.wait() (line 4)",
                "Task-1 (main) は Task-2 (waiter) を await 中 (8 行目)\nTask-2 (waiter) は Event.wait() を await 中 (4 行目)",
            ),
        ];
        for (source, en, ja) in cases {
            assert_eq!(ending_words(Lang::En, source), *en, "{source}");
            assert_eq!(ending_words(Lang::Ja, source), *ja, "{source}");
        }
    }
}
