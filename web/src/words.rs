//! Names and sentences for what the trace records: chips' labels, the
//! narration of each event, the run's summary.  Pure functions of the run
//! and a cursor, shared by the diagram, the narration and the tests.

use crate::run::{Ending, Run};
use loopscope_sim::state::{LoopStatus, State, ThreadStatus};
use loopscope_sim::trace::{EventKind, HandleKind, LimitKind, Resolution, StepEnd};
use loopscope_sim::{FutureId, TaskId, ThreadId};

/// Seconds as the page shows them everywhere: `1.000 s`.
pub fn secs(t: f64) -> String {
    format!("{t:.3} s")
}

/// `Task-2 (func1)` style name of a task.
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
pub fn future_name(run: &Run, state: &State, fut: FutureId) -> String {
    match run.fut_task.get(&fut) {
        Some(task) => format!(
            "{} ({})",
            task_name(run, state, *task),
            task_coro(run, state, *task)
        ),
        None => format!("Future #{}", fut.0),
    }
}

/// A handle's short label for a chip: what running it will do.
pub fn handle_label(run: &Run, state: &State, kind: HandleKind) -> String {
    match kind {
        HandleKind::Step(task) => format!("{} step", task_coro(run, state, task)),
        HandleKind::Wakeup(task) => format!("wake {}", task_coro(run, state, task)),
        HandleKind::DoneCallback(fut) => format!("callback of {}", future_name(run, state, fut)),
        HandleKind::SleepTimer(_) => "sleep ends".to_string(),
        HandleKind::Timeout(task) => format!("timeout of {}", task_coro(run, state, task)),
        HandleKind::Threadsafe(_) => "thread result".to_string(),
        HandleKind::Callback(sym) | HandleKind::Internal(sym) => run.trace.str(sym).to_string(),
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

/// What a waiting task waits for, in words (`asyncio.sleep until 1.000 s`).
pub fn awaiting(run: &Run, state: &State, fut: FutureId) -> String {
    if run.fut_task.contains_key(&fut) {
        return format!("awaits {}", future_name(run, state, fut));
    }
    let timer = state
        .timers
        .iter()
        .find(|(_, kind)| matches!(kind, HandleKind::SleepTimer(f) if *f == fut));
    if let Some(((when, _), _)) = timer {
        return format!("sleeps until {}", secs(f64::from_bits(*when)));
    }
    format!("awaits Future #{}", fut.0)
}

/// The state of the loop thread in one line (shown in the loop's box).
pub fn loop_line(run: &Run, state: &State) -> String {
    match state.loop_status {
        LoopStatus::NotRunning if state.index == 0 => {
            "not started: the module body runs first".into()
        }
        LoopStatus::NotRunning => "no event loop running".into(),
        LoopStatus::Running => match state
            .running
            .and_then(|h| run.handle_kinds.get(&h).copied())
        {
            Some(kind) => format!("running {}", handle_label(run, state, kind)),
            None => "running its next iteration".into(),
        },
        LoopStatus::Idle => match state.timers.keys().next() {
            Some((when, _)) => format!(
                "idle: waiting for the next timer at {}",
                secs(f64::from_bits(*when))
            ),
            None => "idle: waiting for a worker thread to finish".into(),
        },
        LoopStatus::Blocked => match state.threads.get(&ThreadId(0)).map(|t| t.status) {
            Some(ThreadStatus::Blocked(until)) => {
                format!(
                    "BLOCKED by {} until {}",
                    run.block_label_at(state.index),
                    secs(until)
                )
            }
            _ => "BLOCKED: the loop thread waits".into(),
        },
    }
}

/// One plain sentence about the event just applied (`cursor` events in).
pub fn narrate(run: &Run, cursor: usize) -> String {
    let Some(ev) = cursor.checked_sub(1).and_then(|i| run.trace.events.get(i)) else {
        return "Press play or step forward: the module body runs first, on the main thread."
            .into();
    };
    let state = run.trace.state_at(cursor);
    let who = ev
        .task
        .map(|t| task_coro(run, &state, t))
        .unwrap_or_default();
    let s = |sym| run.trace.str(sym).to_string();
    match ev.kind {
        EventKind::ProgramStart => "The module body starts on the main thread.".into(),
        EventKind::ProgramEnd => format!("The program ends at {}.", secs(ev.t)),
        EventKind::LoopStart => "asyncio.run creates the event loop and wraps the coroutine in the main task.".into(),
        EventKind::LoopStop => "The main task is done, so the loop stops.".into(),
        EventKind::LoopClose => "asyncio.run cancels what is left, shuts the loop down and closes it.".into(),
        EventKind::Iteration { ntodo } => format!(
            "A new loop iteration: it will run the {ntodo} handle{} ready right now; anything queued meanwhile waits for the next one.",
            if ntodo == 1 { "" } else { "s" }
        ),
        EventKind::ClockJump { from } => format!(
            "Nothing is ready, so the clock jumps from {} to {}, the next thing due.",
            secs(from),
            secs(ev.t)
        ),
        EventKind::HandleQueued { kind, .. } => {
            format!("{} joins the end of the ready queue.", capitalise(&handle_label(run, &state, kind)))
        }
        EventKind::HandleRun { handle } => match run.handle_kinds.get(&handle) {
            Some(kind) => format!("The loop takes {} from the head of the ready queue.", handle_label(run, &state, *kind)),
            None => "The loop runs the next handle.".into(),
        },
        EventKind::HandleDone { .. } => "That handle is finished; the loop moves on.".into(),
        EventKind::HandleSkipped { .. } => "A cancelled handle is skipped.".into(),
        EventKind::HandleCancelled { .. } => "A handle is cancelled; it will be skipped.".into(),
        EventKind::TimerSet { when, kind, .. } => format!(
            "A timer is set for {} ({}).",
            secs(when),
            handle_label(run, &state, kind)
        ),
        EventKind::TimerFired { when, .. } => {
            if ev.t > when + 1e-9 {
                format!(
                    "The timer due at {} fires late, at {}: the loop was busy.",
                    secs(when),
                    secs(ev.t)
                )
            } else {
                format!("The timer due at {} fires: its callback joins the ready queue.", secs(when))
            }
        }
        EventKind::TimerDropped { .. } => "A cancelled timer is dropped from the heap.".into(),
        EventKind::LoopIdle => match state.timers.keys().next() {
            Some((when, _)) => format!(
                "Nothing is ready: the loop waits in select() for the next timer at {}.",
                secs(f64::from_bits(*when))
            ),
            None => "Nothing is ready: the loop waits for a worker thread to report back.".into(),
        },
        EventKind::FutureCreated { fut } => {
            if run.fut_task.contains_key(&fut) {
                "A task's future is created.".into()
            } else {
                format!("Future #{} is created (pending).", fut.0)
            }
        }
        EventKind::FutureDone { fut, how, value } => {
            let name = future_name(run, &state, fut);
            match how {
                Resolution::Result => {
                    format!("{name} is done with result {}; its callbacks are queued.", s(value))
                }
                Resolution::Exception => format!("{name} failed with {}.", s(value)),
                Resolution::Cancelled => format!("{name} is cancelled."),
            }
        }
        EventKind::TaskCreated { name, coro, .. } => format!(
            "create_task wraps {}() in {}; its first step is queued with call_soon.",
            s(coro),
            s(name)
        ),
        EventKind::TaskRenamed { name, .. } => format!("The task is renamed {}.", s(name)),
        EventKind::StepBegin => format!("{who} runs on the loop until its next await."),
        EventKind::StepEnd { end } => match end {
            StepEnd::Await(fut) => format!(
                "{who} {}: it gives the loop back, and the loop runs the next ready handle.",
                awaiting(run, &state, fut)
            ),
            StepEnd::Yield => format!("{who} yields (sleep(0)): it goes straight to the back of the ready queue."),
            StepEnd::Returned => format!("{who} returns: its task is done."),
            StepEnd::Raised => format!("{who} raises an exception: its task fails."),
            StepEnd::Cancelled => format!("{who} is cancelled."),
        },
        EventKind::CancelRequested { task } => format!("{} is asked to cancel.", task_name(run, &state, task)),
        EventKind::BlockBegin { until, label } => {
            if ev.thread == ThreadId(0) && ev.task.is_some() {
                format!(
                    "{who} calls {}: it never gives the loop back, so the loop is blocked until {} and ready tasks must wait.",
                    s(label),
                    secs(until)
                )
            } else {
                format!("{} sleeps in {} until {}.", thread_name(run, &state, ev.thread), s(label), secs(until))
            }
        }
        EventKind::BlockOnBegin { fut } => format!(
            "{} blocks until {} is done.",
            thread_name(run, &state, ev.thread),
            future_name(run, &state, fut)
        ),
        EventKind::BlockEnd => format!("{} resumes.", thread_name(run, &state, ev.thread)),
        EventKind::ComputeBegin { ops } => format!("{} computes ({ops} operations).", thread_name(run, &state, ev.thread)),
        EventKind::ComputeEnd => format!("{} finished computing.", thread_name(run, &state, ev.thread)),
        EventKind::GilWait => format!("{} waits for the GIL.", thread_name(run, &state, ev.thread)),
        EventKind::GilAcquired => format!("{} takes the GIL.", thread_name(run, &state, ev.thread)),
        EventKind::GilReleased => format!("{} releases the GIL.", thread_name(run, &state, ev.thread)),
        EventKind::ThreadStarted { name, .. } => format!("A new thread starts: {}.", s(name)),
        EventKind::ThreadEnded { thread } => format!("{} ends.", thread_name(run, &state, thread)),
        EventKind::JobQueued { name, .. } => format!("{}() is handed to the executor's work queue.", s(name)),
        EventKind::JobStarted { .. } => format!("{} picks up the next job.", thread_name(run, &state, ev.thread)),
        EventKind::JobFinished { .. } => format!(
            "{} finished its job and reports back with call_soon_threadsafe.",
            thread_name(run, &state, ev.thread)
        ),
        EventKind::Print { text, stderr } => {
            let text = s(text);
            let text = text.trim_end_matches('\n');
            let whom = if who.is_empty() { thread_name(run, &state, ev.thread) } else { who };
            if stderr {
                format!("{whom} writes to stderr: “{text}”.")
            } else {
                format!("{whom} prints “{text}”.")
            }
        }
        EventKind::Exception { value } => format!("Unhandled exception: {}.", s(value)),
        EventKind::Limit { kind } => match kind {
            LimitKind::Events => "The run stopped: it reached the event limit.".into(),
            LimitKind::VirtualTime => "The run stopped: it reached the virtual-time limit.".into(),
        },
        EventKind::Deadlock => "Deadlock: nothing is ready, no timer is set and no thread can run.".into(),
    }
}

/// A thread's display name.
pub fn thread_name(run: &Run, state: &State, thread: ThreadId) -> String {
    if thread == ThreadId(0) {
        return "The main thread".into();
    }
    match state.threads.get(&thread) {
        Some(view) if !run.trace.str(view.name).is_empty() => run.trace.str(view.name).to_string(),
        _ => format!("Thread {}", thread.0),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The summary line: total time and how the loop spent it.
pub fn summary(run: &Run) -> String {
    let s = &run.summary;
    let mut text = match &run.ending {
        Ending::Rejected { .. } => return "The program did not run.".into(),
        Ending::Limit { message } => format!("Stopped at {}: {message}", secs(s.total)),
        Ending::Deadlock { .. } => format!("Deadlocked at {}", secs(s.total)),
        Ending::Raised { .. } => format!("Raised an exception at {}", secs(s.total)),
        Ending::Finished => format!("Finished in {}", secs(s.total)),
    };
    if s.blocked > 0.0 {
        let by = s
            .blocked_by
            .first()
            .map(String::as_str)
            .unwrap_or("blocking calls");
        text.push_str(&format!(
            " — the loop was blocked for {} by {by}",
            secs(s.blocked)
        ));
        if s.idle > 0.0 {
            text.push_str(&format!(" and idle for {}", secs(s.idle)));
        }
    } else if s.idle > 0.0 {
        text.push_str(&format!(
            " — the loop was idle (waiting) for {}",
            secs(s.idle)
        ));
    }
    if s.running >= 0.0005 {
        text.push_str(&format!(", running Python code for {}", secs(s.running)));
    }
    text
}
