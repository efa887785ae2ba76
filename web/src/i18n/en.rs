//! The English catalogue.

use super::{grouped, Phrase, Texts};
use crate::link::codec::{MAX_CODE, MAX_FRAGMENT, VERSION};
use crate::link::error::{Expected, LinkError};
use loopscope_py::{Construct, Limit};

/// Every fixed English label.
pub const TEXTS: Texts = Texts {
    page_title: "Loopscope — see Python's asyncio event loop",
    tagline: "See Python's asyncio event loop, step by step",
    example: "Example",
    example_aria: "Example program",
    your_code: "Your code",
    language: "Language",
    code: "Code",
    python_source: "Python source",
    sliders_aria: "Durations and counts",
    machine_aria: "Interpreter build and CPU cores",
    gil_label: "GIL:",
    gil_on: "on (CPython 3.12)",
    gil_off: "off (free-threaded, 3.13t+)",
    cores_label: "Cores:",
    cores_aria: "CPU cores (os.cpu_count())",
    gil_help: "The standard builds of CPython 3.12 and 3.13 have a GIL: one thread at a time runs Python code. Free-threaded builds (3.13t, 3.14t) have none, so threads run Python code in parallel on the cores.",
    gil_preset_free_threaded: "With the GIL off (a free-threaded build), the four threads run in parallel on the cores, just like the four processes, so both take the same time.",
    gil_free_code: "Here Python code takes no virtual time (only sleeps and waits do), so switching the GIL off changes nothing.",
    event_loop: "Event loop",
    console: "Console",
    timeline: "Timeline",
    play: "▶ Play",
    pause: "❚❚ Pause",
    replay: "↻ Replay",
    play_aria: "Play (Space)",
    pause_aria: "Pause (Space)",
    to_start: "Jump to start (Home)",
    step_back: "Step back (←)",
    step_forward: "Step forward (→)",
    to_end: "Jump to end (End)",
    playback: "Playback",
    speed: "Playback speed",
    event_per_second: "1 event/s",
    virtual_time: "Virtual time",
    seek_to_print: "Seek to this print",
    diagram_title: "Event loop diagram",
    loop_thread: "LOOP THREAD (MainThread)",
    ready_queue: "READY QUEUE",
    timers: "TIMERS",
    tasks: "TASKS",
    threads: "THREADS",
    futures: "FUTURES",
    empty: "empty",
    none: "none",
    no_tasks_yet: "no tasks yet",
    only_main_thread: "only the main thread (it runs the loop)",
    one_handle_hint: "one handle at a time, head of the ready queue first",
    next: "next",
    cancelled: "cancelled",
    running: "running",
    ready_to_run: "ready to run",
    done: "done",
    failed: "failed",
    waiting: "waiting",
    blocking_the_loop: "blocking the loop",
    idle_worker: "idle, waiting for work",
    running_python: "running Python code",
    computing: "computing",
    waiting_gil: "waiting for the GIL",
    finished: "finished",
    thread: "thread",
    process: "process",
    legend_running: "running",
    legend_ready: "ready, waiting for the loop",
    legend_waiting: "awaiting / sleeping",
    legend_blocking: "blocking the loop",
    legend_gil: "waiting for the GIL",
    legend_done: "done",
    legend_cancelled: "cancelled",
    legend_failed: "failed",
    legend_print: "print",
    legend_result: "result",
    legend: "Legend",
    zoom_in: "Zoom in (Ctrl+wheel)",
    zoom_out: "Zoom out",
    fit: "Fit",
    timeline_aria: "Timeline rows; click or drag to seek",
    axis_aria: "Timeline axis",
    axis_time: "By time",
    axis_steps: "By step",
    shutdown_row: "asyncio.run shuts down",
    shutdown_folded: "asyncio.run shuts down: it runs loop.shutdown_asyncgens() and loop.shutdown_default_executor(), each as a task of its own, and stops the loop after each.",
    unfold_machinery: "Show shutdown steps",
    unfold_machinery_title: "Unfold asyncio.run's own shutdown tasks and their steps",
    fold_machinery: "Fold shutdown steps",
    fold_machinery_title: "Fold asyncio.run's own shutdown tasks into one row and one step",
    search_items: "Search this row",
    close: "Close",
    scroll_rows: "Scroll timeline rows",
    timeline_empty: "Each task and thread gets a row here once the program runs.",
    main_thread_row: "MainThread (runs the loop)",
    deadlock_title: "Deadlock: nothing can ever run again.",
    stays_playable: "The run so far stays playable.",
    too_nested: "too many nested parentheses",
    too_indented: "too many levels of indentation",
    share: "Share",
    share_url: "Link to this scenario",
    copied: "Link copied to the clipboard.",
    copy_failed: "Copying was not allowed here: the link is selected, press Ctrl+C (⌘C) to copy it.",
    embed: "Embed",
    embed_help: "Paste this into a web page to show this scenario there:",
    export: "Download",
    export_json: "Trace (JSON)",
    export_chrome: "Chrome trace (Perfetto)",
    export_diagram: "Diagram (SVG)",
    export_timeline: "Timeline (SVG)",
    restore_draft: "Restore your previous draft",
    draft_kept: "This link replaced what you were working on; your draft is kept.",
    dismiss: "Dismiss",
    storage_failed: "Drafts cannot be saved in this browser (storage is full or disabled); your work lasts until you close the page.",
    open_in_loopscope: "Open in Loopscope",
    show_code: "Code",
    cancel_run: "Cancel",
    engine_crashed: "Loopscope failed on this program. This is a bug in Loopscope, not a problem with your code; your code is kept as it is.",
    report_bug: "Report this bug",
    crashed_ending: "Loopscope failed on this program, so there is nothing to show. The page keeps working: edit the code or choose an example.",
    unresponsive_ending: "The run did not stop when asked, so Loopscope stopped its engine and started a fresh one. Your code is kept as it is.",
    not_finished: "The run did not finish.",
    diagram_tab: "Diagram",
    await_tree: "Await tree",
    diagram_views: "Diagram views",
    tree_empty: "No task is waiting for anything now.",
    predict: "Predict",
    predict_title: "Stop before each moment worth predicting and guess what happens next",
    predict_continue: "Continue ▶",
    predict_region: "Predict what happens next",
    predict_waiting: "Press Play: the run stops before the next moment to predict.",
    sweep: "Sweep",
    sweep_heading: "Sweep",
    sweep_seconds: "virtual seconds",
    sweep_total: "Total virtual time",
    sweep_blocked: "Time the loop was blocked",
    sweep_running: "Running the sweep…",
    sweep_close: "Close the sweep",
    sweep_export: "Download SVG",
    sweep_hint: "Choose a point to open that run.",
    sweep_end_finished: "finished",
    sweep_end_raised: "raised an exception",
    sweep_end_rejected: "could not run",
    sweep_end_limit: "stopped at a limit",
    sweep_end_deadlock: "deadlocked",
    sweep_end_skipped: "not run",
    compare: "Compare",
    compare_title: "Run a second program beside this one, on the same time axis",
    compare_close: "Close the comparison",
    compare_select: "Program to compare with",
    compare_copy: "Edit a copy of the code",
    compare_heading: "Compared with",
    compare_code: "Python source of the compared program",
    compare_same: "Both runs do the same things at the same times.",
    compare_waiting: "Running the other program…",
    presets: [
        (
            "1 · Hello, coroutine",
            "await asyncio.sleep(1) hands the loop back for one second between the two prints.",
        ),
        (
            "2 · Two tasks with asyncio.sleep",
            "Both tasks sleep at the same time, so the whole program takes about 1 s, not 2 s.",
        ),
        (
            "3 · Two tasks with time.sleep",
            "time.sleep never gives the loop back: the loop is blocked and the run takes 2 s.",
        ),
        (
            "4 · run_in_executor with a thread pool",
            "The blocking calls move to worker threads; the loop stays free and the run takes 1 s again.",
        ),
        (
            "5 · A Future resolved with set_result",
            "main waits on the future until another task calls set_result two seconds later.",
        ),
        (
            "6 · gather over N tasks",
            "All N fetches run at once; gather hands back their results in argument order when the slowest is done.",
        ),
        (
            "7 · wait_for with a timeout",
            "At 1 s the timeout cancels the coroutine: its finally block runs, and wait_for raises TimeoutError.",
        ),
        (
            "8 · Producer and consumer with a Queue",
            "The consumer is slower: once two items wait in the queue, put() suspends the producer until get() makes room.",
        ),
        (
            "9 · A Semaphore limits concurrency",
            "Only two downloads hold the semaphore at once; the others wait their turn, so six take 3 s.",
        ),
        (
            "10 · CPU work: threads against processes",
            "Four threads share one GIL and take turns, so they need four times as long as four processes, which run in parallel.",
        ),
        (
            "11 · sleep(0) and fairness",
            "sleep(0) hands the loop to the next ready task, so A and B take turns; greedy never awaits and runs straight through.",
        ),
        (
            "12 · TaskGroup with a failing task",
            "When b fails at 2 s, the group cancels c and raises an ExceptionGroup holding b's error.",
        ),
    ],
};

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// An English sentence for `phrase`.
pub fn say(phrase: &Phrase) -> String {
    use Phrase::*;
    match phrase {
        Step(task) => format!("step of {task}"),
        Wake(task) => format!("wake-up of {task}"),
        CallbackOf(fut) => format!("callback of {fut}"),
        SleepEnds => "sleep ends".into(),
        TimeoutOf(task) => format!("timeout of {task}"),
        ChipStep => "step".into(),
        ChipWake => "wake-up".into(),
        ChipTimeout => "timeout".into(),
        List(items) => items.join(", "),
        Sentences(items) => items.join(" "),
        Labelled(label, value) => format!("{label}: {value}."),
        ThreadResult => "thread result".into(),
        FutureN(n) => format!("Future #{n}"),
        TaskWithCoro(task, coro) => format!("{task} ({coro})"),
        Awaits(what) => format!("awaits {what}"),
        SleepsUntil(t) => format!("sleeps until {t}"),
        TreeReady(task) => format!("{task} — ready"),
        TreeRunning(task) => format!("{task} — running"),
        TreeUntil(what, t) => format!("{what} until {t}"),
        TreeJobOn(job, thread) => format!("{job} on {thread}"),
        TreeJobQueued(job) => format!("{job} — queued"),
        AskPrint => "Which line will the console print next?".into(),
        AskTask => "Which task will the loop run next?".into(),
        AskClock => "Nothing can run now. To what time will the clock jump?".into(),
        WhyTask(task) => format!("{task} was at the head of the ready queue, and the loop runs the ready queue first in, first out."),
        Right => "Right!".into(),
        Wrong(answer) => format!("Not this time: the answer is {answer}."),
        Score(right, of) => format!("{right} of {of}"),
        LoopNotStarted => "not started: the module body runs first".into(),
        LoopNotRunning => "no event loop running".into(),
        LoopOffMainWaits(what) => format!("no event loop: MainThread waits for {what}"),
        LoopOffMainBlocked(label, until) => {
            format!("no event loop: MainThread is in {label} until {until}")
        }
        LoopRunning(what) => format!("running {what}"),
        LoopRunningNext => "running its next iteration".into(),
        LoopIdleTimer(t) => format!("idle: waiting for the next timer at {t}"),
        LoopIdleThread => "idle: waiting for a worker thread to finish".into(),
        LoopIdleForever => "idle: nothing is left that could wake it".into(),
        LoopBlocked(label, until) => format!("BLOCKED by {label} until {until}"),
        LoopBlockedWait => "BLOCKED: the loop thread waits".into(),
        Starving(names) => format!("ready but starving: {names}"),
        NWaiting(n) => format!("{n} waiting"),
        NSet(n) => format!("{n} set"),
        MatchesShown(shown, all) => format!("{} of {} shown", grouped(*shown as u64), grouped(*all as u64)),
        NMore(n) => format!("+{} more", grouped(*n as u64)),
        ExecutorQueue(names) => format!("executor queue: {names}"),
        AtIn(at, left) => format!("{at} · in {left}"),
        DueAt(t) => format!("due at {t}"),
        Nth(n) => format!("#{n}"),
        InCallUntil(label, until) => format!("in {label} until {until}"),
        WaitsFor(what) => format!("waits for {what}"),
        Gil(names) => format!("GIL: {names}"),
        MainThread => "The main thread".into(),
        ThreadN(n) => format!("Thread {n}"),
        WorkerRow(name) => format!("{name} (worker thread)"),
        ProcessRow(name) => format!("{name} (worker process)"),
        ThreadRow(name) => format!("{name} (thread)"),
        RowsOf(a, b, n) => format!("rows {a}–{b} of {n}"),
        PrintAt(t) => format!("print at {t}"),
        ResolvedAt(t) => format!("resolved at {t}"),
        EarlierLines(n) => format!("{n} earlier lines not shown"),
        EventOf(i, n) => format!("event {i} of {n}"),
        PressPlay => "Press play or step forward: the module body runs first, on the main thread.".into(),
        ProgramStart => "The module body starts on the main thread.".into(),
        ProgramEnd(t) => format!("The program ends at {t}."),
        LoopStart => "asyncio.run creates the event loop and wraps the coroutine in the main task.".into(),
        LoopStop => "The future given to run_until_complete is done, so the loop stops.".into(),
        LoopStopMain(task) => format!("The main task {task} is done, so the loop stops."),
        LoopStopTask(task) => format!("The task given to run_until_complete, {task}, is done, so the loop stops."),
        LoopStopAsyncgens => "asyncio.run has run loop.shutdown_asyncgens() to close leftover async generators; the loop stops again.".into(),
        LoopStopExecutor => "asyncio.run has run loop.shutdown_default_executor() to wait for the default thread pool; the loop stops again.".into(),
        LoopClose => "asyncio.run cancels what is left, shuts the loop down and closes it.".into(),
        Iteration(n) => format!(
            "A new loop iteration: it will run the {n} handle{} ready right now; anything queued meanwhile waits for the next one.",
            plural(*n)
        ),
        ClockJump(from, to) => format!("Nothing is ready, so the clock jumps from {from} to {to}, when the next timer is due."),
        ClockLoopBlocked(label, from, to) => format!(
            "Time passes while the loop is blocked in {label}: the clock moves from {from} to {to}, and ready tasks must wait."
        ),
        ClockThreadBlocked(thread, label, from, to) => {
            format!("{thread} is in {label}, so time passes: the clock moves from {from} to {to}.")
        }
        ClockThreadWaits(thread, what, from, to) => {
            format!("{thread} waits for {what}, so time passes: the clock moves from {from} to {to}.")
        }
        ClockComputes(thread, from, to) => {
            format!("{thread} runs Python code, which takes time: the clock moves from {from} to {to}.")
        }
        ClockThreadsWork(n, from, to) => {
            format!("Time passes while {n} threads work: the clock moves from {from} to {to}.")
        }
        ClockMoves(from, to) => format!("The clock moves from {from} to {to}."),
        Queued(what) => format!("Added to the end of the ready queue: {what}."),
        Takes(what) => format!("The loop takes {what} from the head of the ready queue."),
        RunsNext => "The loop runs the next handle.".into(),
        HandleDone => "That handle is finished; the loop moves on.".into(),
        Skipped => "A cancelled handle is skipped.".into(),
        HandleCancelled => "A handle is cancelled; it will be skipped.".into(),
        TimerSet(when, what) => format!("A timer is set for {when} ({what})."),
        TimerLate(when, at) => format!("The timer due at {when} fires late, at {at}: the loop was busy."),
        TimerFired(when) => format!("The timer due at {when} fires: its callback joins the ready queue."),
        TimerDropped => "A cancelled timer is dropped from the heap.".into(),
        IdleTimer(t) => format!("Nothing is ready: the loop waits in select() for the next timer at {t}."),
        IdleThread => "Nothing is ready: the loop waits for a worker thread to report back.".into(),
        TaskFutureCreated => "A task's future is created.".into(),
        FutureCreated(name) => format!("A future for {name} is created (pending)."),
        FutureResult(name, value) => format!("{name} is done with result {value}; its callbacks are queued."),
        FutureFailed(name, value) => format!("{name} failed with {value}."),
        FutureCancelled(name) => format!("{name} is cancelled."),
        TaskCreated(coro, name) => {
            format!("create_task wraps {coro}() in {name}; its first step is queued with call_soon.")
        }
        TaskRenamed(name) => format!("The task is renamed {name}."),
        StepBegin(who) => format!("The loop runs {who} until its next await."),
        StepAwait(who, what) => {
            format!("{who} {what}: it gives the loop back, and the loop runs the next ready handle.")
        }
        StepYield(who) => format!("With sleep(0), {who} yields: it goes straight to the back of the ready queue."),
        StepReturn(who) => format!("The coroutine of {who} returns: the task is done."),
        StepRaise(who) => format!("The coroutine of {who} raises an exception: the task fails."),
        StepCancelled(who) => format!("The coroutine of {who} ends with CancelledError: the task is cancelled."),
        CancelRequested(task) => format!("Cancellation is requested for {task}."),
        BlockLoop(who, label, until) => format!(
            "The coroutine of {who} calls {label}: it never gives the loop back, so the loop is blocked until {until} and ready tasks must wait."
        ),
        BlockThread(thread, label, until) => format!("{thread} sleeps in {label} until {until}."),
        BlockOn(thread, what) => format!("{thread} blocks until {what} is done."),
        BlockEnd(thread) => format!("{thread} resumes."),
        Compute(thread, ops) => format!("{thread} computes ({ops} operations)."),
        ComputeEnd(thread) => format!("{thread} finished computing."),
        GilWait(thread) => format!("{thread} waits for the GIL."),
        GilTake(thread) => format!("{thread} takes the GIL."),
        GilRelease(thread) => format!("{thread} releases the GIL."),
        ThreadStarted(name) => format!("A new thread starts: {name}."),
        ThreadEnded(thread) => format!("{thread} ends."),
        JobQueued(name) => format!("{name}() is handed to the executor's work queue."),
        JobStarted(thread) => format!("{thread} picks up the next job."),
        JobCancelled => "Shutting the executor down drops a queued job and cancels its future.".into(),
        JobFinished(thread) => format!("{thread} finished its job and reports back with call_soon_threadsafe."),
        Print(who, text) => format!("{who} prints “{text}”."),
        Stderr(who, text) => format!("{who} writes to stderr: “{text}”."),
        Unhandled(value) => format!("Unhandled exception: {value}."),
        LimitEvents => "The run stopped: it reached the event limit.".into(),
        LimitTime => "The run stopped: it reached the virtual-time limit.".into(),
        Deadlock => "Deadlock: nothing is ready, no timer is set and no thread can run.".into(),
        DidNotRun => "The program did not run.".into(),
        StoppedAt(t) => format!("Stopped by a limit at {t}"),
        DeadlockedAt(t) => format!("Deadlocked at {t}"),
        RaisedAt(t) => format!("Raised an exception at {t}"),
        FinishedIn(t) => format!("Finished in {t}"),
        BlockedFor(d, by) => format!(" — the loop was blocked for {d} by {by}"),
        ByCall(label) => label.clone(),
        ByRepeatedCall(n, label) => format!("{n} calls to {label}"),
        ByCalls(n) => format!("{n} blocking calls"),
        BlockingWait => "a blocking wait".into(),
        AndIdle(d) => format!(" and idle for {d}"),
        IdleFor(d) => format!(" — the loop was idle (waiting) for {d}"),
        AndIdleWaitingFor(d, what) => format!(" and idle for {d}, waiting for {what}"),
        IdleWaitingFor(d, what) => {
            format!(" — the loop was idle for {d}, waiting for {what}")
        }
        WaitSleeps(coros) => format!(
            "timers: sleep() in {}",
            say(&AndList(coros.clone()))
        ),
        OthersN(n) => format!("{n} others"),
        WaitTimers => "timeouts and delayed callbacks".into(),
        WaitThreads => "threads to finish their work".into(),
        AndList(items) => match items.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        },
        RunningFor(d) => format!(", running Python code for {d}"),
        TooComplex(n) => format!("this statement is too complex to run here (over {n} operators)"),
        LineCol(line, col) => format!("line {line}, column {col}: "),
        SyntaxError(message) => format!("syntax error: {message}"),
        NotSupported(construct) => not_supported(construct),
        LimitReached(limit) => limit_reached(limit),
        // English sentences are separated by a space; two text nodes side by
        // side once read "(the limit is 20,000,000).The run so far…".
        LimitEnding(limit) => format!("{} {}", limit_reached(limit), TEXTS.stays_playable),
        WaiterTask(task, what, Some(line)) => format!("{task} {what} (line {line})"),
        WaiterTask(task, what, None) => format!("{task} {what}"),
        WaiterThread(thread, what) => format!("{thread} waits for {what}"),
        WaiterReady(task) => format!("{task} is ready but can never run"),
        SliderLabel(place, line) => format!("{place} · line {line}"),
        BadLink(error) => format!("This link could not be opened, so the default example is shown. {}", link_error(error)),
        LinkError(error) => link_error(error),
        RunProgress(events) => format!("Running… {} events so far", grouped(*events as u64)),
        CancelledAt(t) => format!("You stopped the run at {t}"),
        SweepPoint(value, total, blocked, end) => match end {
            Some(end) => format!("{value}: {end} after {total} (loop blocked {blocked})"),
            None => format!("{value}: total {total}, loop blocked {blocked}"),
        },
        SweepOf(label) => format!("Sweep {label}"),
        SweepStopped(done, n) => format!("The sweep took too long and stopped after {done} of {n} runs."),
        SweepFailures(k, n) => format!("{k} of {n} runs did not finish normally (drawn hollow, in red)."),
        SweepFailed => "Loopscope could not finish the sweep (its engine was stopped). The page keeps working.".into(),
        CompareWith(id) => format!("Compare with the {} version", match *id {
            "two-tasks" => "asyncio.sleep",
            "blocking" => "time.sleep",
            "thread-pool" => "thread pool",
            other => other,
        }),
        Diverge(t, here, there) => format!(
            "The runs part at {t}. Here: {} In the other run: {}",
            here.clone().unwrap_or_else(|| "the run has ended.".into()),
            there.clone().unwrap_or_else(|| "the run has ended.".into()),
        ),
        CompareTotal(total) => format!("Other run: {total}"),
        TimedOut(seconds) => format!("Loopscope stopped this run because it did not finish within {seconds} seconds, and started a fresh engine. Your code is kept as it is."),
    }
}

/// "… is not supported yet", with a way out where there is one.
fn not_supported(construct: &Construct) -> String {
    format!("{} not supported yet", construct.english())
}

/// Which limit stopped the run, with its numbers.
fn limit_reached(limit: &Limit) -> String {
    match *limit {
        Limit::Operations { done, limit } => format!(
            "Stopped after {} Python operations: the program may be stuck in a loop (the limit is {}).",
            grouped(done),
            grouped(limit)
        ),
        Limit::Tasks { limit } => format!(
            "Stopped: the program created more tasks than the limit of {}.",
            grouped(limit as u64)
        ),
        Limit::Threads { limit } => format!(
            "Stopped: the program started more threads than the limit of {}.",
            grouped(limit as u64)
        ),
        Limit::Events { done, limit } => format!(
            "Stopped after {} events of the event loop (the limit is {}).",
            grouped(done as u64),
            grouped(limit as u64)
        ),
        Limit::VirtualTime { limit, reached } => format!(
            "Stopped: virtual time would pass the limit of {limit} s (it had reached {reached:.3} s)."
        ),
        Limit::Output { limit } => format!(
            "Stopped: the program printed more than the limit of {} MiB.",
            limit >> 20
        ),
        Limit::Memory { used, limit } => format!(
            "Stopped: the program used {} MiB of memory (the limit is {} MiB).",
            used >> 20,
            limit >> 20
        ),
        Limit::Stopped { events } => format!(
            "You stopped the run after {} events.",
            grouped(events as u64)
        ),
    }
}

/// Why a link could not be opened, in English (also its `Display`).
fn link_error(error: &LinkError) -> String {
    match error {
            LinkError::TooLong { len } => format!("This link is too long to open ({len} characters; Loopscope opens links up to {MAX_FRAGMENT})."
            ),
            LinkError::MissingVersion => "This link does not describe a Loopscope scenario: it has no version (v=1).".into(),
            LinkError::NewerVersion(v) => format!("This link was made by a newer version of Loopscope (v={v}); this page reads links up to v={VERSION}. Reload the page to get the newest version."
            ),
            LinkError::UnknownVersion(v) => format!("This link has a version Loopscope does not know (v={v})."
            ),
            LinkError::Malformed(piece) => format!("Part of this link is damaged: “{piece}” is not in the form key=value."
            ),
            LinkError::NotText { key } if key == "c" => {
                "The code in this link is not valid text.".into()
            }
            LinkError::NotText { key } => {
                format!("The value of “{key}” in this link is not valid text.")
            }
            LinkError::DuplicateKey(key) => {
                format!("This link gives “{key}” more than once.")
            }
            LinkError::BadNumber {
                key,
                value,
                expected,
            } => format!("In this link, “{key}={value}” is not a valid number: it should be {}.",
                expected_words(*expected)
            ),
            LinkError::BadValue {
                key,
                value,
                expected,
            } => format!("In this link, “{key}={value}” should be {}.", expected_words(*expected)),
            LinkError::UnknownPreset(id) => format!("This link names an example Loopscope does not have (“{id}”)."
            ),
            LinkError::NoSuchSlider {
                preset,
                index,
                count,
            } => format!("This link moves slider {index} of the example “{preset}”, which has only {count} slider{}.",
                if *count == 1 { "" } else { "s" }
            ),
            LinkError::SlidersWithoutPreset => "This link has slider values (s=…) but no example (p=…) to apply them to.".into(),
            LinkError::PresetAndCode => "This link has both an example (p=…) and code (c=…); it can only have one.".into(),
            LinkError::DamagedCode => "The code in this link is damaged or cut short, so it cannot be read. Was the whole link copied?".into(),
            LinkError::CodeTooLarge => format!("The code in this link is larger than Loopscope opens (over {} KiB).",
                MAX_CODE / 1024
            ),
            LinkError::NulInCode => "The code in this link contains a NUL character, which Python source cannot contain.".into(),
    }
}

/// What a link's value should have been, in English.
fn expected_words(expected: Expected) -> &'static str {
    match expected {
        Expected::Seconds => "a time in seconds, zero or more",
        Expected::OperationsPerSecond => "a positive number of operations per second",
        Expected::EventCount => "a whole number of events, zero or more",
        Expected::SliderPairs => "slider:value pairs such as 0:3,1:2.5",
        Expected::Speed => "a playback speed: 0.1, 0.25, 0.5, 1, 2, 5, 10 or step",
        Expected::Language => "a language code such as en or ja",
        Expected::OneOrZero => "1 or 0",
        Expected::OnOrOff => "on or off",
        Expected::CoreCount => "a whole number of cores from 1 to 64",
        Expected::ViewOptions => {
            "view options: up to 16 words of a-z, 0-9 and -, separated by commas"
        }
    }
}
