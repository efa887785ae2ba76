//! English and Japanese: one typed catalogue per language.
//!
//! A catalogue is two things: a [`Texts`] value holding every fixed label,
//! and a `say` function turning a [`Phrase`] (a sentence with its
//! arguments) into words.  Both are checked by the compiler: a `Texts` value
//! that lacks a field does not build, and `say` matches every `Phrase`
//! variant exhaustively, so a string missing in either language is a build
//! error rather than an English word left on a Japanese page.  A small
//! hand-written module was chosen over a message-format crate (Fluent and
//! the like) because the sentences are few, their arguments are typed, and
//! the catalogue costs nothing in bundle size or start-up parsing.

mod en;
mod ja;

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Both languages, in the order the switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code (`en`, `ja`), used in links, storage and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language for a code such as `ja` or `ja-JP`, if supported.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The first supported language among the browser's preferences, else English.
    pub fn detect<S: AsRef<str>>(preferences: &[S]) -> Lang {
        preferences
            .iter()
            .find_map(|p| Lang::from_code(p.as_ref()))
            .unwrap_or_default()
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }
}

/// Declares [`Texts`] and the list of its keys used by the tests.
macro_rules! texts {
    ($($(#[doc = $doc:literal])* $key:ident),* $(,)?) => {
        /// Every fixed label of the interface in one language.
        #[derive(Debug)]
        pub struct Texts {
            $($(#[doc = $doc])* pub $key: &'static str,)*
            /// Preset titles and "what to notice" lines, in `PRESETS` order.
            pub presets: [(&'static str, &'static str); crate::model::presets::COUNT],
        }

        impl Texts {
            /// Every (key, text) pair, for checks over the whole catalogue.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

texts! {
    /// The browser tab's title.
    page_title,
    /// The header's tagline.
    tagline,
    /// Label of the preset picker.
    example,
    /// Accessible name of the preset picker.
    example_aria,
    /// The picker's entry for edited code.
    your_code,
    /// Label of the language switcher.
    language,
    /// Heading of the code region.
    code,
    /// Accessible name of the editor.
    python_source,
    /// Accessible name of the slider group.
    sliders_aria,
    /// Accessible name of the group of the GIL switch and the core count.
    machine_aria,
    /// Label of the GIL switch.
    gil_label,
    /// The GIL switch's option for CPython 3.12 with its GIL.
    gil_on,
    /// The GIL switch's option for a free-threaded build.
    gil_off,
    /// Label of the core count.
    cores_label,
    /// Accessible name of the core count.
    cores_aria,
    /// Which CPython builds have a GIL and which let threads run in parallel.
    gil_help,
    /// Said when Python code takes no virtual time, so the GIL changes nothing.
    gil_free_code,
    /// The GIL preset's "what to notice" when the GIL is switched off.
    gil_preset_free_threaded,
    /// Heading of the diagram region.
    event_loop,
    /// Heading of the console.
    console,
    /// Heading of the timeline.
    timeline,
    /// The play button.
    play,
    /// The pause button.
    pause,
    /// The play button at the end of a run.
    replay,
    /// Accessible name of play.
    play_aria,
    /// Accessible name of pause.
    pause_aria,
    /// Jump to start.
    to_start,
    /// Step back.
    step_back,
    /// Step forward.
    step_forward,
    /// Jump to end.
    to_end,
    /// Accessible name of the playback toolbar.
    playback,
    /// Accessible name of the speed menu.
    speed,
    /// The speed menu's one-event-per-second entry.
    event_per_second,
    /// Accessible name of the scrubber.
    virtual_time,
    /// Tooltip of a console line.
    seek_to_print,
    /// Title of the diagram for screen readers.
    diagram_title,
    /// Diagram section: the loop thread.
    loop_thread,
    /// Diagram section: the ready queue.
    ready_queue,
    /// Diagram section: timers.
    timers,
    /// Diagram section: tasks.
    tasks,
    /// Diagram section: threads.
    threads,
    /// Diagram section: futures.
    futures,
    /// An empty ready queue.
    empty,
    /// No timers.
    none,
    /// No tasks yet.
    no_tasks_yet,
    /// Only the main thread exists.
    only_main_thread,
    /// Hint while the loop runs.
    one_handle_hint,
    /// The head of the ready queue.
    next,
    /// A task or handle that was cancelled.
    cancelled,
    /// The running chip's subtitle.
    running,
    /// A task ready to run.
    ready_to_run,
    /// A finished task.
    done,
    /// A failed task.
    failed,
    /// A waiting task.
    waiting,
    /// A task blocking the loop.
    blocking_the_loop,
    /// An idle worker.
    idle_worker,
    /// A thread running Python code.
    running_python,
    /// A thread computing.
    computing,
    /// A thread waiting for the GIL.
    waiting_gil,
    /// A finished thread.
    finished,
    /// Word for a thread in the diagram.
    thread,
    /// Word for a process in the diagram.
    process,
    /// Legend: running.
    legend_running,
    /// Legend: ready.
    legend_ready,
    /// Legend: waiting.
    legend_waiting,
    /// Legend: blocking.
    legend_blocking,
    /// Legend: GIL.
    legend_gil,
    /// Legend: done.
    legend_done,
    /// Legend: cancelled.
    legend_cancelled,
    /// Legend: failed.
    legend_failed,
    /// Legend: print marker.
    legend_print,
    /// Legend: result marker.
    legend_result,
    /// Accessible name of the legend.
    legend,
    /// Zoom in.
    zoom_in,
    /// Zoom out.
    zoom_out,
    /// Fit the whole run.
    fit,
    /// Accessible name of the plot.
    timeline_aria,
    /// Accessible name of the timeline's axis menu.
    axis_aria,
    /// The axis menu's entry for virtual time.
    axis_time,
    /// The axis menu's entry for event order (one column per event).
    axis_steps,
    /// The timeline's row for asyncio.run's folded shutdown tasks.
    shutdown_row,
    /// The narration of asyncio.run's folded shutdown, as one step.
    shutdown_folded,
    /// The button that unfolds asyncio.run's shutdown.
    unfold_machinery,
    /// Its tooltip.
    unfold_machinery_title,
    /// The button that folds asyncio.run's shutdown again.
    fold_machinery,
    /// Its tooltip.
    fold_machinery_title,
    /// Placeholder and name of the search field of a diagram row's list.
    search_items,
    /// Closes a diagram row's list.
    close,
    /// Accessible name of the row scroller.
    scroll_rows,
    /// Empty timeline.
    timeline_empty,
    /// The main thread's row label.
    main_thread_row,
    /// Deadlock heading.
    deadlock_title,
    /// A stopped run stays playable.
    stays_playable,
    /// The guard's nesting message.
    too_nested,
    /// The guard's indentation message.
    too_indented,
    /// The share button.
    share,
    /// Accessible name of the link field.
    share_url,
    /// Confirmation that the link was copied.
    copied,
    /// The clipboard refused; the user copies by hand.
    copy_failed,
    /// The embed button.
    embed,
    /// Above the iframe snippet.
    embed_help,
    /// Label of the export buttons.
    export,
    /// Trace as JSON.
    export_json,
    /// Chrome trace.
    export_chrome,
    /// Diagram SVG.
    export_diagram,
    /// Timeline SVG.
    export_timeline,
    /// Restores the draft set aside by a link.
    restore_draft,
    /// Banner: a link opened over a draft.
    draft_kept,
    /// Closes a banner.
    dismiss,
    /// Banner: drafts cannot be saved.
    storage_failed,
    /// Link from the embed to the full page.
    open_in_loopscope,
    /// Summary of the collapsible code in embeds.
    show_code,
    /// Stops the run in progress.
    cancel_run,
    /// Banner: the engine crashed on this program (a bug of Loopscope).
    engine_crashed,
    /// The banner's link to report the crash.
    report_bug,
    /// Under the console after a crash.
    crashed_ending,
    /// Under the console: the run did not stop when asked, the engine was restarted.
    unresponsive_ending,
    /// Summary of a run the engine could not finish.
    not_finished,
    /// The diagram panel's tab for the diagram itself.
    diagram_tab,
    /// The diagram panel's tab for the await tree, and its label in the description.
    await_tree,
    /// Accessible name of the diagram panel's tabs.
    diagram_views,
    /// The await tree when no task is alive.
    tree_empty,
    /// The predict mode's toggle.
    predict,
    /// The predict toggle's tooltip.
    predict_title,
    /// Goes on playing after an answer was revealed.
    predict_continue,
    /// Accessible name of the predict panel.
    predict_region,
    /// The predict panel before the first question.
    predict_waiting,
    /// A slider's Sweep button.
    sweep,
    /// The sweep chart's heading.
    sweep_heading,
    /// The sweep chart's vertical axis title.
    sweep_seconds,
    /// Legend: total virtual time.
    sweep_total,
    /// Legend: time the loop was blocked.
    sweep_blocked,
    /// While a sweep runs.
    sweep_running,
    /// Closes the sweep chart.
    sweep_close,
    /// Downloads the sweep chart as SVG.
    sweep_export,
    /// How to choose a point.
    sweep_hint,
    /// A run of a sweep that finished.
    sweep_end_finished,
    /// A run of a sweep that raised.
    sweep_end_raised,
    /// A run of a sweep that was refused.
    sweep_end_rejected,
    /// A run of a sweep that reached a limit.
    sweep_end_limit,
    /// A run of a sweep that deadlocked.
    sweep_end_deadlock,
    /// A run of a sweep that was not made.
    sweep_end_skipped,
    /// The Compare button.
    compare,
    /// Its tooltip.
    compare_title,
    /// Closes the comparison.
    compare_close,
    /// Accessible name of the compared program's picker.
    compare_select,
    /// The picker's entry for a copy of the code to edit.
    compare_copy,
    /// Heading of the compared scenario.
    compare_heading,
    /// Accessible name of the compared program's editor.
    compare_code,
    /// The two runs do the same at the same times.
    compare_same,
    /// Before the compared run arrives.
    compare_waiting,
}

/// A sentence with its arguments; each language's `say` words every variant.
#[derive(Clone, Debug, PartialEq)]
pub enum Phrase {
    /// Chip: a task's step.
    Step(String),
    /// Chip: a task's wake-up.
    Wake(String),
    /// Chip: a done-callback of a future.
    CallbackOf(String),
    /// Chip: the end of a sleep.
    SleepEnds,
    /// Chip: a timeout.
    TimeoutOf(String),
    /// A chip's second line: the handle runs a task's step.
    ChipStep,
    /// A chip's second line: the handle wakes a task up.
    ChipWake,
    /// A chip's second line: the handle is a task's timeout.
    ChipTimeout,
    /// Items of a list, joined the language's way (`a, b` / `a、b`).
    List(Vec<String>),
    /// Sentences, joined the language's way.
    Sentences(Vec<String>),
    /// One labelled sentence of the diagram's description (`Timers: 2.`).
    Labelled(String, String),
    /// Chip: a worker thread's result.
    ThreadResult,
    /// A future by number.
    FutureN(u32),
    /// A task with its coroutine: `Task-2 (func1)`.
    TaskWithCoro(String, String),
    /// What a task waits for: another task or future.
    Awaits(String),
    /// A task sleeping until a time.
    SleepsUntil(String),
    /// Loop box: before anything ran.
    LoopNotStarted,
    /// Loop box: no loop.
    LoopNotRunning,
    /// Loop box: no loop, the main thread waiting for a future (a lock, an
    /// event, a queue, a thread's end).
    LoopOffMainWaits(String),
    /// Loop box: no loop, the main thread in a blocking call until a time.
    LoopOffMainBlocked(String, String),
    /// Loop box: running a handle.
    LoopRunning(String),
    /// Loop box: between handles.
    LoopRunningNext,
    /// Loop box: idle until a timer.
    LoopIdleTimer(String),
    /// Loop box: idle until a thread reports.
    LoopIdleThread,
    /// Loop box: idle with nothing that could wake it.
    LoopIdleForever,
    /// Loop box: blocked by a call until a time.
    LoopBlocked(String, String),
    /// Loop box: blocked waiting.
    LoopBlockedWait,
    /// Ready tasks starving while the loop is blocked.
    Starving(String),
    /// Ready queue length.
    NWaiting(usize),
    /// Timer count.
    NSet(usize),
    /// A "+N more" chip: how many items a diagram row does not draw.
    NMore(usize),
    /// A row's list: how many items it shows of how many that match.
    MatchesShown(usize, usize),
    /// The executor's queue.
    ExecutorQueue(String),
    /// A timer: when and how long from now.
    AtIn(String, String),
    /// A timer already due.
    DueAt(String),
    /// Position in the ready queue.
    Nth(usize),
    /// A thread in a blocking call.
    InCallUntil(String, String),
    /// A thread waiting for a future.
    WaitsFor(String),
    /// Who holds the GIL.
    Gil(String),
    /// The main thread.
    MainThread,
    /// A thread by number.
    ThreadN(u32),
    /// A worker thread's row label.
    WorkerRow(String),
    /// A worker process's row label.
    ProcessRow(String),
    /// A plain thread's row label.
    ThreadRow(String),
    /// Rows shown out of all.
    RowsOf(usize, usize, usize),
    /// Tooltip of a print marker.
    PrintAt(String),
    /// Tooltip of a resolution marker.
    ResolvedAt(String),
    /// Console lines scrolled away.
    EarlierLines(usize),
    /// Event counter.
    EventOf(usize, usize),
    /// Narration before the first event.
    PressPlay,
    /// The module body starts.
    ProgramStart,
    /// The program ends at a time.
    ProgramEnd(String),
    /// `asyncio.run` starts the loop.
    LoopStart,
    /// The loop stops (when it is unknown which future ended it).
    LoopStop,
    /// The main task of `asyncio.run` is done and the loop stops.
    LoopStopMain(String),
    /// Another task given to `run_until_complete` is done and the loop stops.
    LoopStopTask(String),
    /// `asyncio.run` finished shutting down async generators.
    LoopStopAsyncgens,
    /// `asyncio.run` finished shutting down the default executor.
    LoopStopExecutor,
    /// The loop closes.
    LoopClose,
    /// A loop iteration with this many ready handles.
    Iteration(u32),
    /// The loop is idle and the clock jumps to the next timer.
    ClockJump(String, String),
    /// Time passes while a call blocks the loop: the call, from, to.
    ClockLoopBlocked(String, String, String),
    /// Time passes while a thread is in a blocking call: thread, call, from, to.
    ClockThreadBlocked(String, String, String, String),
    /// Time passes while a thread waits for a future: thread, future, from, to.
    ClockThreadWaits(String, String, String, String),
    /// Time passes while a thread runs Python code: thread, from, to.
    ClockComputes(String, String, String),
    /// Time passes while several threads work: how many, from, to.
    ClockThreadsWork(usize, String, String),
    /// The clock moves for no cause the page can name.
    ClockMoves(String, String),
    /// A handle joins the ready queue.
    Queued(String),
    /// The loop takes a handle.
    Takes(String),
    /// The loop runs an unknown handle.
    RunsNext,
    /// A handle finished.
    HandleDone,
    /// A cancelled handle is skipped.
    Skipped,
    /// A handle is cancelled.
    HandleCancelled,
    /// A timer is set.
    TimerSet(String, String),
    /// A timer fires late.
    TimerLate(String, String),
    /// A timer fires.
    TimerFired(String),
    /// A cancelled timer is dropped.
    TimerDropped,
    /// The loop waits in select for a timer.
    IdleTimer(String),
    /// The loop waits for a thread.
    IdleThread,
    /// A task's future is created.
    TaskFutureCreated,
    /// A future is created: what created it (`Queue.put()`).
    FutureCreated(String),
    /// A future got a result.
    FutureResult(String, String),
    /// A future failed.
    FutureFailed(String, String),
    /// A future was cancelled.
    FutureCancelled(String),
    /// A task was created.
    TaskCreated(String, String),
    /// A task was renamed.
    TaskRenamed(String),
    /// A step begins.
    StepBegin(String),
    /// A step ends at an await.
    StepAwait(String, String),
    /// A step ends with a bare yield.
    StepYield(String),
    /// A coroutine returns.
    StepReturn(String),
    /// A coroutine raises.
    StepRaise(String),
    /// A coroutine is cancelled.
    StepCancelled(String),
    /// A task is asked to cancel.
    CancelRequested(String),
    /// A task blocks the loop.
    BlockLoop(String, String, String),
    /// A thread sleeps in a call.
    BlockThread(String, String, String),
    /// A thread blocks on a future.
    BlockOn(String, String),
    /// A thread resumes.
    BlockEnd(String),
    /// A thread computes.
    Compute(String, u64),
    /// A thread finished computing.
    ComputeEnd(String),
    /// A thread waits for the GIL.
    GilWait(String),
    /// A thread takes the GIL.
    GilTake(String),
    /// A thread releases the GIL.
    GilRelease(String),
    /// A thread starts.
    ThreadStarted(String),
    /// A thread ends.
    ThreadEnded(String),
    /// A job is queued.
    JobQueued(String),
    /// A worker picks up a job.
    JobStarted(String),
    /// A worker finished its job.
    JobFinished(String),
    /// A queued job was dropped by the executor's shutdown.
    JobCancelled,
    /// Someone prints.
    Print(String, String),
    /// Someone writes to stderr.
    Stderr(String, String),
    /// An unhandled exception.
    Unhandled(String),
    /// The event limit stopped the run.
    LimitEvents,
    /// The time limit stopped the run.
    LimitTime,
    /// Deadlock.
    Deadlock,
    /// Summary: the program did not run.
    DidNotRun,
    /// Summary: stopped by a limit.
    StoppedAt(String),
    /// Summary: deadlocked.
    DeadlockedAt(String),
    /// Summary: raised.
    RaisedAt(String),
    /// Summary: finished.
    FinishedIn(String),
    /// Summary: blocked for a time by a call (worded by `ByCall` and friends).
    BlockedFor(String, String),
    /// Summary: blocked by one call.
    ByCall(String),
    /// Summary: blocked by the same call made several times.
    ByRepeatedCall(usize, String),
    /// Summary: blocked by several different calls.
    ByCalls(usize),
    /// A blocking wait for a future (a blocking call without a label).
    BlockingWait,
    /// Summary: and idle.
    AndIdle(String),
    /// Summary: idle.
    IdleFor(String),
    /// Summary: and idle this long, waiting for this (a [`Phrase::WaitSleeps`]…).
    AndIdleWaitingFor(String, String),
    /// Summary: idle this long, waiting for this.
    IdleWaitingFor(String, String),
    /// What the loop waited for: the timers of `sleep()` in these coroutines.
    WaitSleeps(Vec<String>),
    /// What the loop waited for: other timers (timeouts, `call_later`).
    WaitTimers,
    /// What the loop waited for: threads or processes finishing their work.
    WaitThreads,
    /// The rest of a list cut short: `n others`.
    OthersN(usize),
    /// Items joined as a list ending with "and" (`a, b and c`).
    AndList(Vec<String>),
    /// Summary: running Python code.
    RunningFor(String),
    /// The guard's complexity message.
    TooComplex(usize),
    /// A syntax error, with the parser's (English, Python's own) message.
    SyntaxError(String),
    /// A construct outside the supported subset.
    NotSupported(loopscope_py::Construct),
    /// A limit stopped the run.
    LimitReached(loopscope_py::Limit),
    /// Under the console: the limit reached, then that the run so far stays
    /// playable, as one paragraph whose sentences are joined as the language
    /// joins them.
    LimitEnding(loopscope_py::Limit),
    /// A deadlocked task: the task, what it waits for, and the line it waits on.
    WaiterTask(String, String, Option<u32>),
    /// A deadlocked thread and the future it waits for.
    WaiterThread(String, String),
    /// A task that is ready but can never run again.
    WaiterReady(String),
    /// Where an error is: line and column.
    LineCol(u32, u32),
    /// The banner of a link that could not be opened, and why.
    BadLink(crate::link::error::LinkError),
    /// Why a link could not be opened, alone.
    LinkError(crate::link::error::LinkError),
    /// A slider's label: where the literal is and its line.
    SliderLabel(String, usize),
    /// A run in progress: events so far.
    RunProgress(usize),
    /// Summary: the person stopped the run at this virtual time.
    CancelledAt(String),
    /// Under the console: the run took longer than this many seconds and was stopped.
    TimedOut(u32),
    /// Await tree: a task whose step is in the ready deque.
    TreeReady(String),
    /// Await tree: the task the loop is running.
    TreeRunning(String),
    /// Await tree: a future a timer resolves at this time (`sleep()`).
    TreeUntil(String, String),
    /// Await tree: a job (its function) running on this thread.
    TreeJobOn(String, String),
    /// Await tree: a job waiting in its executor's queue.
    TreeJobQueued(String),
    /// Predict: which line the console prints next.
    AskPrint,
    /// Predict: which task the loop runs next.
    AskTask,
    /// Predict: to what time the clock jumps.
    AskClock,
    /// Predict: why the loop runs this task next.
    WhyTask(String),
    /// Predict: the answer chosen was right.
    Right,
    /// Predict: the answer chosen was wrong; the true one.
    Wrong(String),
    /// Predict: right answers of answers given.
    Score(usize, usize),
    /// A sweep's point: the value, the total, the blocked time and, for a failed run, how it ended.
    SweepPoint(String, String, String, Option<String>),
    /// Accessible name of a slider's Sweep button: the slider's label.
    SweepOf(String),
    /// The sweep ran out of time: runs made, runs asked for.
    SweepStopped(usize, usize),
    /// Runs of the sweep that did not finish normally: how many, of how many.
    SweepFailures(usize, usize),
    /// The engine could not make the sweep (crashed or stopped at the deadline).
    SweepFailed,
    /// The link from a preset to the comparison with its partner (the partner's id).
    CompareWith(&'static str),
    /// Where two compared runs part: the time, what this run does, what the other does (`None`: it has ended).
    Diverge(String, Option<String>, Option<String>),
    /// The compared run's total: `Other run: 2.000 s`.
    CompareTotal(String),
}

/// A count with thousands separators (`20,000,000`), as both languages write it.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The fixed labels in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &en::TEXTS,
        Lang::Ja => &ja::TEXTS,
    }
}

/// `phrase` in words of `lang`.
pub fn say(lang: Lang, phrase: &Phrase) -> String {
    match lang {
        Lang::En => en::say(phrase),
        Lang::Ja => ja::say(phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_first_supported_language() {
        assert_eq!(Lang::detect(&["fr-FR", "ja-JP", "en"]), Lang::Ja);
        assert_eq!(Lang::detect(&["en-GB", "ja"]), Lang::En);
        assert_eq!(Lang::detect::<&str>(&[]), Lang::En);
        assert_eq!(Lang::detect(&["de"]), Lang::En);
        assert_eq!(Lang::from_code("JA_jp"), Some(Lang::Ja));
    }

    #[test]
    fn every_label_exists_in_both_languages_and_is_translated() {
        let (en, ja) = (texts(Lang::En).entries(), texts(Lang::Ja).entries());
        assert_eq!(en.len(), ja.len());
        for ((key, e), (_, j)) in en.iter().zip(&ja) {
            assert!(!e.trim().is_empty(), "English `{key}` is empty");
            assert!(!j.trim().is_empty(), "Japanese `{key}` is empty");
            assert_ne!(e, j, "`{key}` is not translated");
        }
        for (i, ((et, en_notice), (jt, ja_notice))) in texts(Lang::En)
            .presets
            .iter()
            .zip(texts(Lang::Ja).presets.iter())
            .enumerate()
        {
            assert!(
                !et.is_empty() && !jt.is_empty() && !en_notice.is_empty() && !ja_notice.is_empty(),
                "preset {i}"
            );
            assert_ne!(
                en_notice, ja_notice,
                "preset {i}'s notice is not translated"
            );
        }
    }

    #[test]
    fn japanese_uses_the_tutorials_vocabulary() {
        let ja = texts(Lang::Ja);
        assert!(ja.event_loop.contains("イベントループ"));
        assert!(ja.tasks.contains("タスク"));
        assert!(say(
            Lang::Ja,
            &Phrase::BlockLoop("func1".into(), "time.sleep(1)".into(), "1.000 秒".into())
        )
        .contains("ブロック"));
        assert!(say(Lang::Ja, &Phrase::FutureN(3)).contains("フューチャー"));
    }

    /// One limit of every kind, with numbers large enough to be grouped.
    fn every_limit() -> Vec<loopscope_py::Limit> {
        use loopscope_py::Limit;
        vec![
            Limit::Operations {
                done: 20_000_000,
                limit: 20_000_000,
            },
            Limit::Tasks { limit: 10_000 },
            Limit::Threads { limit: 64 },
            Limit::Events {
                done: 2_000_001,
                limit: 2_000_000,
            },
            Limit::VirtualTime {
                limit: 86_400.0,
                reached: 12.5,
            },
            Limit::Output { limit: 4 << 20 },
            Limit::Memory {
                used: 600 << 20,
                limit: 512 << 20,
            },
            Limit::Stopped { events: 12_345 },
        ]
    }

    #[test]
    fn limit_messages_read_as_sentences_in_both_languages() {
        for limit in every_limit() {
            let en = say(Lang::En, &Phrase::LimitEnding(limit.clone()));
            assert!(en.ends_with(" The run so far stays playable."), "{en}");
            // Every sentence ends with a full stop followed by a space
            // (or the end of the paragraph), never by the next sentence.
            for (i, _) in en.match_indices('.') {
                let next = en[i + 1..].chars().next();
                assert!(
                    matches!(next, None | Some(' ') | Some('0'..='9')),
                    "en sentences run together: {en}"
                );
            }
            assert!(!en.contains("  "), "{en}");

            let ja = say(Lang::Ja, &Phrase::LimitEnding(limit.clone()));
            assert!(ja.ends_with("。ここまでの実行は再生できます。"), "{ja}");
            // Japanese sentences end with 「。」 and follow without a space;
            // asides use full-width parentheses, with no space before them.
            assert!(!ja.contains(' '), "ja has an ASCII space: {ja}");
            assert!(!ja.contains('(') && !ja.contains(')'), "{ja}");
            assert!(!ja.contains('.') || ja.contains("秒"), "{ja}");
            for sentence in ja.split_inclusive('。') {
                assert!(sentence.ends_with('。'), "{ja}");
                assert!(sentence.chars().count() > 1, "{ja}");
            }
        }
    }
}
