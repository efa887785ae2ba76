//! The event-loop diagram: an SVG of the loop thread, the ready queue, the
//! timer heap, the tasks and what they await, the futures, and the worker
//! threads with their executor queue and the GIL.
//!
//! Every moving thing (a handle's chip, a task's card) is one keyed SVG group
//! whose position is a CSS transform, so when a handle moves from the timer
//! heap to the ready queue to the loop, the browser animates the move; with
//! `prefers-reduced-motion` the stylesheet turns the move into a fade.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{task_colour, Ending, Run};
use crate::model::words::{self, secs};
use loopscope_sim::state::{LoopStatus, State, TaskStatus, ThreadStatus};
use loopscope_sim::trace::{HandleKind, Resolution, ThreadKind};
use loopscope_sim::{FutureId, TaskId, ThreadId};
use std::rc::Rc;
use yew::prelude::*;

/// Width of the diagram's coordinate system on wide screens.
const WIDE: f64 = 760.0;
/// Width on phones: the same content in fewer columns, so the text stays readable.
const NARROW: f64 = 400.0;
const CHIP_W: f64 = 132.0;
const CHIP_H: f64 = 30.0;
const GAP: f64 = 8.0;
/// How many tasks the task area shows.
const TASKS_MAX: usize = 12;

/// Properties of [`Diagram`].
#[derive(Properties)]
pub struct DiagramProps {
    /// The run.
    pub run: Rc<Run>,
    /// The state to draw.
    pub state: Rc<State>,
    /// The playhead (may lie between events while playing).
    pub clock: f64,
    /// The interface language.
    pub lang: Lang,
    /// Lay out for a narrow screen.
    pub compact: bool,
}

impl PartialEq for DiagramProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && Rc::ptr_eq(&self.state, &other.state)
            && self.clock == other.clock
    }
}

/// How many Latin-letter widths a character takes: two for the wide
/// characters of Japanese (kana, kanji, full-width forms), one otherwise.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 => 2,
        _ => 1,
    }
}

/// Truncates a label to at most `width` Latin-letter widths, so Japanese
/// text is cut as early as its wider glyphs need and never overflows.
fn fit(text: &str, width: usize) -> String {
    if text.chars().map(char_width).sum::<usize>() <= width {
        return text.to_string();
    }
    let mut used = 1; // the ellipsis
    let mut s = String::new();
    for c in text.chars() {
        used += char_width(c);
        if used > width {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

/// A future's label shortened for a chip: the call's empty parentheses go
/// first (`Semaphore.acquire`), then its argument (`to_thread(…)`), so the
/// name of what was called stays readable; `fit` truncates what is left.
fn chip_code(label: &str) -> String {
    const CHIP_CHARS: usize = 18;
    if label.chars().count() <= CHIP_CHARS {
        return label.to_string();
    }
    let bare = label.strip_suffix("()").unwrap_or(label);
    if bare.chars().count() <= CHIP_CHARS || bare.len() < label.len() {
        return bare.to_string();
    }
    match label.split_once('(') {
        Some((call, _)) => format!("{call}(…)"),
        None => label.to_string(),
    }
}

struct Chip {
    key: String,
    x: f64,
    y: f64,
    label: String,
    sub: Option<String>,
    colour: Option<usize>,
    class: &'static str,
}

fn chip_html(chip: &Chip) -> Html {
    let colour = chip
        .colour
        .map(|c| format!("--c: var(--task-{c})"))
        .unwrap_or_else(|| "--c: var(--neutral)".into());
    let style = format!("transform: translate({}px, {}px); {colour}", chip.x, chip.y);
    html! {
        <g key={chip.key.clone()} class={classes!("chip", chip.class)} style={style}>
            <rect width={CHIP_W.to_string()} height={CHIP_H.to_string()} rx="7" />
            <text x="9" y={if chip.sub.is_some() { "13" } else { "19.5" }} class="chip-label">{ fit(&chip.label, 18) }</text>
            if let Some(sub) = &chip.sub {
                <text x="9" y="25" class="chip-sub">{ fit(sub, 22) }</text>
            }
        </g>
    }
}

/// The diagram component.
#[component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let run = &props.run;
    let state = &props.state;
    let clock = props.clock;
    let lang = props.lang;
    let t = texts(lang);
    let compact = props.compact;
    // Geometry: overall width, chips per row, task columns, thread row height.
    let w = if compact { NARROW } else { WIDE };
    let row_max: usize = if compact { 2 } else { 4 };
    let cols: usize = if compact { 2 } else { 4 };
    let thread_h = if compact { 44.0 } else { 32.0 };

    // Layout, top to bottom.
    let loop_y = 34.0;
    let ready_y = loop_y + 96.0;
    let timers_y = ready_y + 70.0;
    let tasks_y = timers_y + 70.0;
    let task_rows = state.tasks.len().min(TASKS_MAX).div_ceil(cols).max(1) as f64;
    let futures_y = tasks_y + 26.0 + task_rows * (CHIP_H + 18.0 + GAP);
    let threads_y = futures_y + 70.0;
    let workers: Vec<(&ThreadId, &loopscope_sim::state::ThreadView)> = state
        .threads
        .iter()
        .filter(|(id, _)| **id != ThreadId(0))
        .collect();
    let height = threads_y
        + if workers.is_empty() {
            60.0
        } else {
            40.0 + workers.len() as f64 * (thread_h + 8.0)
        }
        + 10.0;

    let mut chips: Vec<Chip> = Vec::new();
    // A task's handle names the task on the chip's first line and what it
    // does on the second, before the chip's own note (`step · next`).
    let chip_of = |kind: HandleKind, note: String| match words::handle_chip(lang, run, state, kind)
    {
        (who, Some(what)) => (who, format!("{what} · {note}")),
        (who, None) => (who, note),
    };
    let colour_of = |kind: HandleKind| words::handle_task(run, kind).map(task_colour);

    // The handle the loop is running sits inside the loop's box.
    if let Some(h) = state.running {
        if let Some(kind) = run.handle_kinds.get(&h) {
            let (label, sub) = chip_of(*kind, t.running.into());
            chips.push(Chip {
                key: format!("h{}", h.0),
                x: w - CHIP_W - if compact { 12.0 } else { 24.0 },
                y: loop_y + if compact { 40.0 } else { 22.0 },
                label,
                sub: Some(sub),
                colour: colour_of(*kind),
                class: "running",
            });
        }
    }
    // The ready queue, head first.
    let blocked = state.loop_status == LoopStatus::Blocked;
    for (i, (h, kind)) in state.ready.iter().take(row_max).enumerate() {
        let cancelled = state.cancelled.contains(h);
        let (label, sub) = chip_of(
            *kind,
            if cancelled {
                t.cancelled.into()
            } else if i == 0 {
                t.next.into()
            } else {
                say(lang, &Phrase::Nth(i + 1))
            },
        );
        chips.push(Chip {
            key: format!("h{}", h.0),
            x: 112.0 + i as f64 * (CHIP_W + GAP),
            y: ready_y + 16.0,
            label,
            sub: Some(sub),
            colour: colour_of(*kind),
            class: if blocked { "starving" } else { "ready" },
        });
    }
    // The timer heap, earliest first, with countdowns.
    for (i, ((when, h), kind)) in state.timers.iter().take(row_max).enumerate() {
        let when = f64::from_bits(*when);
        let left = when - clock;
        // A task's timeout names the task; its second line keeps the due
        // time, which is what a timer chip is for, and drops the countdown.
        let (label, sub) = match words::handle_chip(lang, run, state, *kind) {
            (who, Some(what)) => (who, format!("{what} · {}", secs(when))),
            (who, None) => (
                who,
                if left > 0.0 {
                    say(lang, &Phrase::AtIn(secs(when), secs(left)))
                } else {
                    say(lang, &Phrase::DueAt(secs(when)))
                },
            ),
        };
        chips.push(Chip {
            key: format!("h{}", h.0),
            x: 112.0 + i as f64 * (CHIP_W + GAP),
            y: timers_y + 16.0,
            label,
            sub: Some(sub),
            colour: colour_of(*kind),
            class: if state.cancelled.contains(h) {
                "cancelled"
            } else {
                "timer"
            },
        });
    }
    // Futures that are not tasks and not the inner future of a sleep (its
    // timer already stands for it): pending first, then the latest results.
    let sleeping: std::collections::BTreeSet<FutureId> = state
        .timers
        .values()
        .filter_map(|k| match k {
            HandleKind::SleepTimer(f) => Some(*f),
            _ => None,
        })
        .collect();
    let plain = |f: &FutureId| !run.fut_task.contains_key(f) && !sleeping.contains(f);
    let mut futures: Vec<(FutureId, Option<String>)> = state
        .pending
        .keys()
        .filter(|f| plain(f) && run.awaited_by.contains_key(f))
        .take(row_max)
        .map(|f| (*f, None))
        .collect();
    for done in state
        .recent
        .iter()
        .rev()
        .filter(|d| plain(&d.fut) && run.awaited_by.contains_key(&d.fut))
    {
        if futures.len() >= row_max {
            break;
        }
        let value = match done.how {
            Some(Resolution::Result) => {
                format!("= {}", done.value.map(|v| run.trace.str(v)).unwrap_or(""))
            }
            Some(Resolution::Exception) => {
                format!("✗ {}", done.value.map(|v| run.trace.str(v)).unwrap_or(""))
            }
            _ => t.cancelled.to_string(),
        };
        futures.push((done.fut, Some(value)));
    }
    for (i, (fut, value)) in futures.iter().enumerate() {
        // The chip says what created the future (`Queue.put()`); its number
        // goes to the second line, and only when two chips would read the same.
        let label = words::future_label(run, state, *fut);
        let sub = value.clone().unwrap_or_else(|| t.waiting.to_string());
        let (label, sub) = if label.is_empty() {
            (say(lang, &Phrase::FutureN(fut.0)), sub)
        } else if words::future_needs_number(run, state, *fut) {
            (chip_code(label), format!("#{} · {sub}", fut.0))
        } else {
            (chip_code(label), sub)
        };
        chips.push(Chip {
            key: format!("f{}", fut.0),
            x: 112.0 + i as f64 * (CHIP_W + GAP),
            y: futures_y + 16.0,
            label,
            sub: Some(sub),
            colour: run.waiter_of(*fut).map(task_colour),
            class: if value.is_some() {
                "future done"
            } else {
                "future"
            },
        });
    }

    let more_ready = state.ready.len().saturating_sub(row_max);
    let more_timers = state.timers.len().saturating_sub(row_max);

    // Tasks: the unfinished ones first, then the most recently finished.
    let mut tasks: Vec<(&TaskId, &loopscope_sim::state::TaskView)> = state
        .tasks
        .iter()
        .filter(|(_, v)| {
            !matches!(
                v.status,
                TaskStatus::Done | TaskStatus::Failed | TaskStatus::Cancelled
            )
        })
        .take(TASKS_MAX)
        .collect();
    if tasks.len() < TASKS_MAX {
        let room = TASKS_MAX - tasks.len();
        let finished: Vec<_> = state
            .tasks
            .iter()
            .rev()
            .filter(|(_, v)| {
                matches!(
                    v.status,
                    TaskStatus::Done | TaskStatus::Failed | TaskStatus::Cancelled
                )
            })
            .take(room)
            .collect();
        tasks.extend(finished.into_iter().rev());
        tasks.sort_by_key(|(id, _)| **id);
    }
    let hidden_tasks = state.tasks.len().saturating_sub(tasks.len());
    let card_w = (w - 16.0) / cols as f64 - GAP;
    let card_h = CHIP_H + 18.0;
    let card_at = |i: usize| {
        (
            8.0 + (i % cols) as f64 * ((w - 16.0) / cols as f64),
            tasks_y + 18.0 + (i / cols) as f64 * (card_h + GAP),
        )
    };
    // An arrow from each waiting task to what it awaits, when that is drawn:
    // another task's card, a timer or a future.
    let mut arrows: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (i, (_, view)) in tasks.iter().enumerate() {
        let (TaskStatus::Waiting, Some(fut)) = (view.status, view.awaiting) else {
            continue;
        };
        let (x, y) = card_at(i);
        let from = (x + card_w / 2.0, y);
        let target = if let Some(j) = tasks.iter().position(|(_, v)| v.fut == fut) {
            let (tx, ty) = card_at(j);
            if ty == y {
                // Side by side: from the near edge of one card to the other's.
                let (fx, tx) = if tx > x {
                    (x + card_w, tx)
                } else {
                    (x, tx + card_w)
                };
                arrows.push((fx, y + card_h / 2.0, tx, ty + card_h / 2.0));
                continue;
            }
            Some((tx + card_w / 2.0, if ty > y { ty } else { ty + card_h }))
        } else {
            let timer_key = state.timers.iter().find_map(|((_, h), k)| match k {
                HandleKind::SleepTimer(f) if *f == fut => Some(format!("h{}", h.0)),
                _ => None,
            });
            let future_key = format!("f{}", fut.0);
            chips
                .iter()
                .find(|c| c.key == future_key || Some(&c.key) == timer_key.as_ref())
                .map(|c| (c.x + CHIP_W / 2.0, if c.y > y { c.y } else { c.y + CHIP_H }))
        };
        if let Some((tx, ty)) = target {
            let from = if ty > y { (from.0, y + card_h) } else { from };
            arrows.push((from.0, from.1, tx, ty));
        }
    }
    let deadlocked: Vec<TaskId> = match &run.ending {
        Ending::Deadlock { tasks, .. } if state.index >= run.len() => tasks.clone(),
        _ => Vec::new(),
    };

    let loop_class = match state.loop_status {
        LoopStatus::Blocked => "loop blocked",
        LoopStatus::Idle => "loop idle",
        LoopStatus::Running => "loop running",
        LoopStatus::NotRunning => "loop off",
    };
    let starving: Vec<String> = if blocked {
        state
            .ready
            .iter()
            .filter_map(|(_, k)| match k {
                HandleKind::Step(t) | HandleKind::Wakeup(t) => {
                    Some(words::task_ref(lang, run, state, *t))
                }
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };

    let gil: Vec<String> = state
        .gil
        .iter()
        .map(|thread| words::thread_name(lang, run, state, *thread))
        .collect();

    html! {
        <svg class="diagram" data-testid="diagram" viewBox={format!("0 0 {w} {height}")}
             role="img" aria-labelledby="diagram-title diagram-desc">
            <title id="diagram-title">{ t.diagram_title }</title>
            <desc id="diagram-desc">{ describe(lang, run, state) }</desc>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                </marker>
            </defs>

            <text x="8" y="20" class="section">{ t.loop_thread }</text>
            <text x={(w - 8.0).to_string()} y="22" class="clock" text-anchor="end">{ format!("t = {}", secs(clock)) }</text>
            <g class={loop_class}>
                <rect x="4" y={loop_y.to_string()} width={(w - 8.0).to_string()} height="76" rx="12" class="loop-box" />
                <text x={if compact { "14" } else { "20" }} y={(loop_y + 28.0).to_string()} class="loop-status">{ fit(&words::loop_line(lang, run, state), if compact { 44 } else { 80 }) }</text>
                if blocked && !starving.is_empty() {
                    <text x="20" y={(loop_y + 56.0).to_string()} class="loop-starving">
                        // In the narrow layout the running handle's chip sits to
                        // the right of this line, so the line stops short of it.
                        { fit(&say(lang, &Phrase::Starving(say(lang, &Phrase::List(starving.clone())))), if compact { 34 } else { 100 }) }
                    </text>
                } else if state.loop_status == LoopStatus::Running && !compact {
                    <text x="20" y={(loop_y + 56.0).to_string()} class="loop-hint">{ t.one_handle_hint }</text>
                }
            </g>

            <text x="8" y={(ready_y + 8.0).to_string()} class="section">{ t.ready_queue }</text>
            <text x="8" y={(ready_y + 36.0).to_string()} class="row-hint">
                { if state.ready.is_empty() { t.empty.to_string() } else { say(lang, &Phrase::NWaiting(state.ready.len())) } }
            </text>
            if more_ready > 0 {
                <text x={(112.0 + row_max as f64 * (CHIP_W + GAP)).to_string()} y={(ready_y + 36.0).to_string()} class="row-hint">{ format!("+{more_ready}") }</text>
            }
            <text x="8" y={(timers_y + 8.0).to_string()} class="section">{ t.timers }</text>
            <text x="8" y={(timers_y + 36.0).to_string()} class="row-hint">
                { if state.timers.is_empty() { t.none.to_string() } else { say(lang, &Phrase::NSet(state.timers.len())) } }
            </text>
            if more_timers > 0 {
                <text x={(112.0 + row_max as f64 * (CHIP_W + GAP)).to_string()} y={(timers_y + 36.0).to_string()} class="row-hint">{ format!("+{more_timers}") }</text>
            }

            <text x="8" y={(tasks_y + 8.0).to_string()} class="section">{ t.tasks }</text>
            if state.tasks.is_empty() {
                <text x="112" y={(tasks_y + 8.0).to_string()} class="row-hint">{ t.no_tasks_yet }</text>
            }
            if hidden_tasks > 0 {
                <text x="112" y={(tasks_y + 8.0).to_string()} class="row-hint">{ say(lang, &Phrase::MoreNotShown(hidden_tasks)) }</text>
            }
            <g class="arrows" aria-hidden="true">
                { for arrows.iter().map(|(x1, y1, x2, y2)| html! {
                    <line class="await-arrow" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#arrow)" />
                }) }
            </g>
            { for tasks.iter().enumerate().map(|(i, (id, view))| {
                let (x, y) = card_at(i);
                let status = match view.status {
                    TaskStatus::Ready => "ready",
                    TaskStatus::Running => "running",
                    TaskStatus::Waiting => "waiting",
                    TaskStatus::Done => "done",
                    TaskStatus::Failed => "failed",
                    TaskStatus::Cancelled => "cancelled",
                };
                let detail = match (view.status, view.awaiting) {
                    (TaskStatus::Waiting, Some(f)) => words::awaiting(lang, run, state, f),
                    (TaskStatus::Running, _) if blocked => t.blocking_the_loop.to_string(),
                    (s, _) => match s {
                        TaskStatus::Ready => t.ready_to_run.into(),
                        TaskStatus::Running => t.running.into(),
                        TaskStatus::Done => t.done.into(),
                        TaskStatus::Failed => t.failed.into(),
                        TaskStatus::Cancelled => t.cancelled.into(),
                        TaskStatus::Waiting => t.waiting.into(),
                    },
                };
                let style = format!("transform: translate({x}px, {y}px); --c: var(--task-{})", task_colour(**id));
                let stuck = deadlocked.contains(id);
                html! {
                    <g key={format!("t{}", id.0)} class={classes!("task", status, stuck.then_some("stuck"))} style={style}>
                        <rect width={card_w.to_string()} height={card_h.to_string()} rx="8" />
                        <circle cx="14" cy="15" r="5" class="dot" />
                        <text x="26" y="19" class="task-name">{ fit(&format!("{} · {}", run.trace.str(view.name), run.trace.str(view.coro)), 22) }</text>
                        <text x="12" y="38" class="task-detail">{ fit(&detail, 28) }</text>
                    </g>
                }
            }) }

            <text x="8" y={(futures_y + 8.0).to_string()} class="section">{ t.futures }</text>
            if futures.is_empty() {
                <text x="8" y={(futures_y + 36.0).to_string()} class="row-hint">{ t.none }</text>
            }
            <text x="8" y={(threads_y + 8.0).to_string()} class="section">{ t.threads }</text>
            if !gil.is_empty() {
                <text x={(w - 8.0).to_string()} y={(threads_y + 8.0).to_string()} text-anchor="end" class="gil">{ say(lang, &Phrase::Gil(gil.join(", "))) }</text>
            }
            if workers.is_empty() {
                <text x="112" y={(threads_y + 8.0).to_string()} class="row-hint">{ t.only_main_thread }</text>
            }
            { for workers.iter().enumerate().map(|(i, (id, view))| {
                let y = threads_y + 18.0 + i as f64 * (thread_h + 8.0);
                let kind = match view.kind { ThreadKind::Process => t.process, _ => t.thread };
                let (status, class) = match view.status {
                    ThreadStatus::Running => (t.running_python.to_string(), "running"),
                    ThreadStatus::Idle => (t.idle_worker.to_string(), "idle"),
                    ThreadStatus::Blocked(until) => (say(lang, &Phrase::InCallUntil(run.thread_block_label(**id, state.index), secs(until))), "blocked"),
                    ThreadStatus::BlockedOn(f) => (say(lang, &Phrase::WaitsFor(words::future_name(lang, run, state, f))), "blocked"),
                    ThreadStatus::Computing => (t.computing.to_string(), "running"),
                    ThreadStatus::WaitingGil => (t.waiting_gil.to_string(), "gil-wait"),
                    ThreadStatus::Done => (t.finished.to_string(), "done"),
                };
                let job = view.job.and_then(|j| run.job_names.get(&j.0)).cloned();
                html! {
                    <g key={format!("th{}", id.0)} class={classes!("thread", class)} style={format!("transform: translate(8px, {y}px)")}>
                        <rect width={(w - 16.0).to_string()} height={thread_h.to_string()} rx="8" />
                        <text x="12" y="21" class="thread-name">{ fit(&format!("{} ({kind})", words::thread_name(lang, run, state, **id)), 36) }</text>
                        <text x={if compact { "12" } else { "300" }} y={if compact { "37" } else { "21" }} class="thread-job">{ fit(&match job { Some(j) => format!("{j}() · {status}"), None => status }, 56) }</text>
                    </g>
                }
            }) }
            if !state.job_queues.values().all(|q| q.is_empty()) {
                <text x="112" y={(threads_y + 8.0).to_string()} class="row-hint">
                    { say(lang, &Phrase::ExecutorQueue(state.job_queues.values().flatten().filter_map(|j| run.job_names.get(&j.0)).cloned().collect::<Vec<_>>().join(", "))) }
                </text>
            }

            <g class="chips">
                { for chips.iter().map(chip_html) }
            </g>
        </svg>
    }
}

/// The diagram as a short text, for screen readers (`<desc>`) and the tests,
/// with the sentence and list punctuation of the language (`。`, `、`).
pub fn describe(lang: Lang, run: &Run, state: &State) -> String {
    let t = texts(lang);
    let list = |items: Vec<String>| say(lang, &Phrase::List(items));
    let labelled = |label: &str, value: String| say(lang, &Phrase::Labelled(label.into(), value));
    let mut parts = vec![labelled(t.event_loop, words::loop_line(lang, run, state))];
    let ready: Vec<String> = state
        .ready
        .iter()
        .take(8)
        .map(|(_, k)| words::handle_label(lang, run, state, *k))
        .collect();
    let ready = if ready.is_empty() {
        t.empty.to_string()
    } else {
        list(ready)
    };
    parts.push(labelled(t.ready_queue, ready));
    parts.push(labelled(t.timers, state.timers.len().to_string()));
    let tasks: Vec<String> = state
        .tasks
        .iter()
        .take(8)
        .map(|(id, v)| {
            let status = match v.status {
                TaskStatus::Ready => t.ready_to_run,
                TaskStatus::Running => t.running,
                TaskStatus::Waiting => t.waiting,
                TaskStatus::Done => t.done,
                TaskStatus::Failed => t.failed,
                TaskStatus::Cancelled => t.cancelled,
            };
            format!("{} {status}", words::task_ref(lang, run, state, *id))
        })
        .collect();
    if !tasks.is_empty() {
        parts.push(labelled(t.tasks, list(tasks)));
    }
    say(lang, &Phrase::Sentences(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_by_their_width_not_their_length() {
        let check = |text: &str, width: usize, expected: &str| {
            assert_eq!(fit(text, width), expected, "{text} in {width}");
        };
        check("sleep ends", 18, "sleep ends");
        check("1.000 s · in 0.500 s", 22, "1.000 s · in 0.500 s");
        check("at 1.000 s · in 0.500 s", 22, "at 1.000 s · in 0.500…");
        check("func1 のステップ", 18, "func1 のステップ");
        check("Task-4 (greedy) のステップ", 18, "Task-4 (greedy) …");
        check("実行できるのに待たされているタスク", 10, "実行でき…");
    }

    /// Future labels are shortened for a chip so that what was called stays readable.
    #[test]
    fn future_labels_fit_their_chips() {
        let cases = [
            ("Queue.put()", "Queue.put()"),
            ("Semaphore.acquire()", "Semaphore.acquire"),
            ("PriorityQueue.put()", "PriorityQueue.put"),
            ("BoundedSemaphore.acquire()", "BoundedSemaphore.…"),
            ("to_thread(crunch)", "to_thread(crunch)"),
            ("run_in_executor(blocking_io)", "run_in_executor(…)"),
            ("shutdown_default_executor()", "shutdown_default_…"),
            ("TaskGroup", "TaskGroup"),
        ];
        for (label, shown) in cases {
            assert_eq!(fit(&chip_code(label), 18), shown, "{label}");
        }
    }
}
