//! The event-loop diagram's layout: where the loop thread, the ready queue,
//! the timer heap, the tasks and what they await, the futures, and the
//! worker threads with their executor queue and the GIL go, how large they
//! are and what they say, at one moment of a run.
//!
//! A plain data structure ([`Layout`]), computed apart from any markup: the
//! page draws it (`view::diagram`) and the SVG download writes it
//! (`model::export::diagram_svg`), so both show the same.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{task_colour, Ending, Run};
use crate::model::text_width;
use crate::model::words::{self, secs};
use loopscope_sim::{FutureId, TaskId, TaskView, ThreadId, ThreadView};
use loopscope_sim::{HandleKind, Resolution, ThreadKind};
use loopscope_sim::{LoopStatus, State, TaskStatus, ThreadStatus};

/// Width of the diagram's coordinate system on wide screens.
const WIDE: f64 = 760.0;
/// Width on phones: the same content in fewer columns, so the text stays readable.
const NARROW: f64 = 400.0;
const GAP: f64 = 8.0;
/// How many tasks the task area shows.
const TASKS_MAX: usize = 12;

/// How many Latin-letter widths a character takes: two for the wide
/// characters of Japanese (kana, kanji, full-width forms), one otherwise.
fn char_width(c: char) -> usize {
    if is_wide(c) {
        2
    } else {
        1
    }
}

/// Whether `c` is one of the wide characters of Japanese (kana, kanji,
/// full-width forms), drawn a full em wide.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
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
        | 0xFFE0..=0xFFE6)
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

/// A line of text at a place.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Left edge (or right edge when `end`).
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The style class (`section`, `row-hint`, `clock`, `gil`, …).
    pub class: &'static str,
    /// What it says, already fitted to its room.
    pub text: String,
    /// Anchored at its end (`text-anchor="end"`) rather than its start.
    pub end: bool,
}

impl Text {
    fn at(x: f64, y: f64, class: &'static str, text: impl Into<String>) -> Text {
        Text {
            x,
            y,
            class,
            text: text.into(),
            end: false,
        }
    }
}

/// The loop thread's box and the lines inside it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopBox {
    /// Its classes: `loop` and the loop's status (`running`, `idle`, `blocked`, `off`).
    pub class: &'static str,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The status line, then the starving tasks or a hint.
    pub lines: Vec<Text>,
}

/// A handle's or a future's chip.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    /// Stable across moments (`h3` for handle 3, `f7` for future 7), so the
    /// page can animate a chip from one place to the next.
    pub key: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// First line, fitted.
    pub label: String,
    /// Second line, fitted.
    pub sub: Option<String>,
    /// The `textLength` of each line estimated wider than the chip's room
    /// (see `model::text_width`), so that it is drawn squeezed, not over
    /// the next chip.
    pub squeeze: (Option<f64>, Option<f64>),
    /// The colour of the task it belongs to.
    pub colour: Option<usize>,
    /// Its state class (`running`, `ready`, `starving`, `timer`, `cancelled`, `future`, `future done`).
    pub class: &'static str,
}

/// A task's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// Stable across moments (`t2` for task 2).
    pub key: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The task's colour.
    pub colour: usize,
    /// Its status class (`ready`, `running`, `waiting`, `done`, `failed`, `cancelled`).
    pub status: &'static str,
    /// Whether it is one of a deadlock's tasks.
    pub stuck: bool,
    /// `name · coroutine`, fitted.
    pub name: String,
    /// What it does or awaits, fitted.
    pub detail: String,
    /// The `textLength` of the name and of the detail when estimated wider
    /// than the card's room (see [`Chip::squeeze`]).
    pub squeeze: (Option<f64>, Option<f64>),
}

/// A worker thread's row.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadRow {
    /// Stable across moments (`th1` for thread 1).
    pub key: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Its status class (`running`, `idle`, `blocked`, `gil-wait`, `done`).
    pub class: &'static str,
    /// The thread's name and kind, fitted.
    pub name: Text,
    /// Its job and what it does, fitted.
    pub job: Text,
}

/// An arrow from a waiting task to what it awaits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    /// Start x.
    pub x1: f64,
    /// Start y.
    pub y1: f64,
    /// End x (the head).
    pub x2: f64,
    /// End y.
    pub y2: f64,
}

/// The whole diagram at one moment: sizes, places and words, computed
/// apart from any markup, so the page and the SVG download draw the same.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Width of the coordinate system.
    pub width: f64,
    /// Height of the coordinate system.
    pub height: f64,
    /// The title for screen readers.
    pub title: String,
    /// The state as text (see [`describe`]).
    pub description: String,
    /// Section headings, hints and counts, outside the other parts.
    pub labels: Vec<Text>,
    /// The loop thread's box.
    pub loop_box: LoopBox,
    /// Await arrows, drawn under the cards.
    pub arrows: Vec<Arrow>,
    /// The task cards.
    pub tasks: Vec<Card>,
    /// The worker threads.
    pub threads: Vec<ThreadRow>,
    /// The chips, drawn on top.
    pub chips: Vec<Chip>,
    /// The "+N more" chips of the rows that hold more than fits.
    pub more: Vec<More>,
}

/// A row of the diagram that can hold more than it draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The ready queue.
    Ready,
    /// The timer heap.
    Timers,
    /// The tasks.
    Tasks,
    /// The futures awaited.
    Futures,
}

impl Section {
    /// Every section, top to bottom.
    pub const ALL: [Section; 4] = [
        Section::Ready,
        Section::Timers,
        Section::Tasks,
        Section::Futures,
    ];

    /// The section's heading in `lang`.
    pub fn title(self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Section::Ready => t.ready_queue,
            Section::Timers => t.timers,
            Section::Tasks => t.tasks,
            Section::Futures => t.futures,
        }
    }
}

/// A "+N more" chip: the row it belongs to, how much it hides, and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct More {
    /// The row.
    pub section: Section,
    /// How many items the row does not draw.
    pub hidden: usize,
    /// Where it is and what it says (`+3,990 more`).
    pub text: Text,
    /// The chip's width, from its text (kept inside the diagram).
    pub width: f64,
}

/// Chip width.
pub const CHIP_W: f64 = 132.0;
/// Chip height.
pub const CHIP_H: f64 = 30.0;
/// The width a chip's text may take: the chip less its text's left inset
/// (9) and as much again on the right, less the stroke.
const CHIP_ROOM: f64 = CHIP_W - 16.0;
/// Font sizes in px of the chips' and cards' lines (`.chip-label`,
/// `.chip-sub`, `.task-name`, `.task-detail` in style.css), for
/// `text_width`: the labels and names are bold.
const CHIP_LABEL_PX: f64 = 12.0;
const CHIP_SUB_PX: f64 = 10.5;
const CARD_NAME_PX: f64 = 12.5;
const CARD_DETAIL_PX: f64 = 11.5;

/// Lays out the diagram of `state` (after `state.index` events of `run`)
/// with the playhead at `clock`, in `lang`, for a narrow screen when `compact`.
pub fn layout(run: &Run, state: &State, clock: f64, lang: Lang, compact: bool) -> Layout {
    layout_with(run, state, clock, lang, compact, false)
}

/// [`layout`], leaving out asyncio.run's own shutdown tasks when `fold`
/// (the page folds them unless the reader unfolds them; see `run::Machinery`).
pub fn layout_with(
    run: &Run,
    state: &State,
    clock: f64,
    lang: Lang,
    compact: bool,
    fold: bool,
) -> Layout {
    let c = Ctx {
        run,
        state,
        lang,
        compact,
    };
    let all_tasks: Vec<(&TaskId, &TaskView)> = state
        .tasks
        .iter()
        .filter(|(id, _)| !(fold && run.is_machinery(**id)))
        .collect();
    let workers: Vec<(&ThreadId, &ThreadView)> = state
        .threads
        .iter()
        .filter(|(id, _)| **id != ThreadId(0))
        .collect();
    // The diagram keeps one height for the whole run, that of its fullest
    // moment (tasks and threads are never removed): seeking or playing then
    // never moves what is below it, the scrubber included, and a seek
    // changes no row's place.
    let g = Geometry::new(
        compact,
        all_tasks.len().max(run.most_tasks(fold)),
        workers.len().max(run.workers_made),
    );

    // Each part is its own function (`#[inline(never)]`): the browser
    // optimises a function once it has run enough, and with thousands of
    // tasks that happens during the reader's first seeks.  Inlined into one
    // 23 KB function it took V8 37 ms of the other core, long enough to slow
    // the frames drawn meanwhile; in parts each is optimised on its own.
    // How many chips the ready queue's and the timers' rows draw, which
    // places their "+N more" chips too.
    let ready_drawn = g.row_shows(state.ready.len(), lang);
    let timers_drawn = g.row_shows(state.timers.len(), lang);
    let mut chips = handle_chips(&c, &g, clock, (ready_drawn, timers_drawn));
    let futures = future_chips(&c, &g, &mut chips);
    let tasks = pick_tasks(&all_tasks);
    let arrows = await_arrows(state, &tasks, &chips, &g);
    let loop_box = loop_box(&c, &g);
    let shown = Shown {
        ready: ready_drawn,
        timers: timers_drawn,
        tasks: all_tasks.len(),
        hidden_tasks: all_tasks.len().saturating_sub(tasks.len()),
        futures,
        workers: workers.len(),
    };
    let (labels, more) = labels_and_more(&c, &g, clock, &shown);
    let cards = task_cards(&c, &g, &tasks);
    let threads = thread_rows(&c, &g, &workers);
    let chips = chips
        .into_iter()
        .map(|chip| {
            let label = fit(&chip.label, 18);
            let sub = chip.sub.map(|sub| fit(&sub, 22));
            let squeeze = (
                text_width::squeeze(&label, CHIP_LABEL_PX, true, CHIP_ROOM),
                sub.as_deref()
                    .and_then(|sub| text_width::squeeze(sub, CHIP_SUB_PX, false, CHIP_ROOM)),
            );
            Chip {
                label,
                sub,
                squeeze,
                ..chip
            }
        })
        .collect();

    Layout {
        width: g.w,
        height: g.height,
        title: texts(lang).diagram_title.to_string(),
        description: describe_with(lang, run, state, fold),
        labels,
        loop_box,
        arrows,
        tasks: cards,
        threads,
        chips,
        more,
    }
}

/// What every part of the layout reads: the run, the moment, the language
/// and the width.
struct Ctx<'a> {
    run: &'a Run,
    state: &'a State,
    lang: Lang,
    compact: bool,
}

/// Where the rows go and how large things are, for a width and the number
/// of tasks and worker threads drawn.
struct Geometry {
    /// Overall width.
    w: f64,
    /// Chips a row shows.
    row_max: usize,
    /// Task cards a row shows.
    cols: usize,
    /// A worker thread's row height.
    thread_h: f64,
    loop_y: f64,
    ready_y: f64,
    timers_y: f64,
    tasks_y: f64,
    futures_y: f64,
    threads_y: f64,
    /// Overall height.
    height: f64,
    /// A task card's size.
    card_w: f64,
    card_h: f64,
}

impl Geometry {
    fn new(compact: bool, tasks: usize, workers: usize) -> Geometry {
        let w = if compact { NARROW } else { WIDE };
        let cols: usize = if compact { 2 } else { 4 };
        let thread_h = if compact { 44.0 } else { 32.0 };
        // Layout, top to bottom.
        let loop_y = 34.0;
        let ready_y = loop_y + 96.0;
        let timers_y = ready_y + 70.0;
        let tasks_y = timers_y + 70.0;
        let task_rows = tasks.min(TASKS_MAX).div_ceil(cols).max(1) as f64;
        let futures_y = tasks_y + 26.0 + task_rows * (CHIP_H + 18.0 + GAP);
        let threads_y = futures_y + 70.0;
        let height = threads_y
            + if workers == 0 {
                60.0
            } else {
                40.0 + workers as f64 * (thread_h + 8.0)
            }
            + 10.0;
        Geometry {
            w,
            row_max: if compact { 2 } else { 4 },
            cols,
            thread_h,
            loop_y,
            ready_y,
            timers_y,
            tasks_y,
            futures_y,
            threads_y,
            height,
            card_w: (w - 16.0) / cols as f64 - GAP,
            card_h: CHIP_H + 18.0,
        }
    }

    /// How many of a row's `total` chips it draws: all of them when they
    /// fit, else as many as leave room after them for the "+N more" chip
    /// (on a phone's two chips that chip covered the second one).
    fn row_shows(&self, total: usize, lang: Lang) -> usize {
        if total <= self.row_max {
            return total;
        }
        let mut shown = self.row_max;
        while shown > 1
            && chip_x(shown) + more_width(&say(lang, &Phrase::NMore(total - shown))) > self.w - 4.0
        {
            shown -= 1;
        }
        shown
    }

    /// The top-left corner of the `i`th task card.
    fn card_at(&self, i: usize) -> (f64, f64) {
        (
            8.0 + (i % self.cols) as f64 * ((self.w - 16.0) / self.cols as f64),
            self.tasks_y + 18.0 + (i / self.cols) as f64 * (self.card_h + GAP),
        )
    }
}

/// How much of each row the layout draws, for the labels and "+N more" chips.
struct Shown {
    /// Chips the ready queue's row draws.
    ready: usize,
    /// Chips the timers' row draws.
    timers: usize,
    /// Tasks in the diagram (drawn or not).
    tasks: usize,
    /// Tasks not drawn.
    hidden_tasks: usize,
    /// The futures row's chips.
    futures: FutureRow,
    /// Worker threads drawn.
    workers: usize,
}

/// What the futures row drew.
struct FutureRow {
    /// Chips drawn.
    drawn: usize,
    /// Pending futures not drawn.
    more: usize,
}

/// A task's handle names the task on the chip's first line and what it
/// does on the second, before the chip's own note (`step · next`).
fn handle_words(c: &Ctx, kind: HandleKind, note: String) -> (String, String) {
    match words::handle_chip(c.lang, c.run, c.state, kind) {
        (who, Some(what)) => (who, format!("{what} · {note}")),
        (who, None) => (who, note),
    }
}

/// The left edge of a row's `i`th chip (or of the "+N more" chip after `i` chips).
fn chip_x(i: usize) -> f64 {
    112.0 + i as f64 * (CHIP_W + GAP)
}

/// The width of a "+N more" chip saying `words`: the words at the chip's
/// bold 12 px, and room for its ends.  (Counting 7.2 units a character left
/// "+3,381 more" touching the chip's right end.)
fn more_width(words: &str) -> f64 {
    16.0 + crate::model::text_width::width(words, 12.0, true)
}

/// The chips of the handle the loop runs, the ready queue (head first) and
/// the timer heap (earliest first, with countdowns); `drawn` is how many
/// chips the ready queue's and the timers' rows draw.
#[inline(never)]
fn handle_chips(c: &Ctx, g: &Geometry, clock: f64, drawn: (usize, usize)) -> Vec<Chip> {
    let (run, state, lang) = (c.run, c.state, c.lang);
    let t = texts(lang);
    let colour_of = |kind: HandleKind| words::handle_task(run, kind).map(task_colour);
    let mut chips = Vec::new();
    // The handle the loop is running sits inside the loop's box.
    if let Some(h) = state.running {
        if let Some(kind) = run.handle_kinds.get(&h) {
            let (label, sub) = handle_words(c, *kind, t.running.into());
            chips.push(Chip {
                key: format!("h{}", h.0),
                x: g.w - CHIP_W - if c.compact { 12.0 } else { 24.0 },
                y: g.loop_y + if c.compact { 40.0 } else { 22.0 },
                label,
                sub: Some(sub),
                squeeze: (None, None),
                colour: colour_of(*kind),
                class: "running",
            });
        }
    }
    let blocked = state.loop_status == LoopStatus::Blocked;
    for (i, (h, kind)) in state.ready.iter().take(drawn.0).enumerate() {
        let cancelled = state.cancelled.contains(h);
        let (label, sub) = handle_words(
            c,
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
            x: chip_x(i),
            y: g.ready_y + 16.0,
            label,
            sub: Some(sub),
            squeeze: (None, None),
            colour: colour_of(*kind),
            class: if blocked { "starving" } else { "ready" },
        });
    }
    for (i, ((when, h), kind)) in state.timers.iter().take(drawn.1).enumerate() {
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
            x: chip_x(i),
            y: g.timers_y + 16.0,
            label,
            sub: Some(sub),
            squeeze: (None, None),
            colour: colour_of(*kind),
            class: if state.cancelled.contains(h) {
                "cancelled"
            } else {
                "timer"
            },
        });
    }
    chips
}

/// The futures row's chips, added to `chips`: futures that are not tasks and
/// not the inner future of a sleep (its timer already stands for it),
/// pending first, then the latest results.
#[inline(never)]
fn future_chips(c: &Ctx, g: &Geometry, chips: &mut Vec<Chip>) -> FutureRow {
    let (run, state, lang) = (c.run, c.state, c.lang);
    let t = texts(lang);
    let sleeping = Run::sleeping(state);
    let plain_pending = run.plain_pending(state, &sleeping);
    // With pending futures left out, the row keeps room for its "+N more"
    // chip; otherwise the latest results fill it.
    let room = g.row_shows(plain_pending.len(), lang);
    let mut futures: Vec<(FutureId, Option<String>)> = plain_pending
        .iter()
        .take(room)
        .map(|f| (*f, None))
        .collect();
    let more = plain_pending.len().saturating_sub(futures.len());
    let room = if more > 0 { room } else { g.row_max };
    for done in state
        .recent
        .iter()
        .rev()
        .filter(|d| run.is_plain(d.fut, &sleeping))
    {
        if futures.len() >= room {
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
            x: chip_x(i),
            y: g.futures_y + 16.0,
            label,
            sub: Some(sub),
            squeeze: (None, None),
            colour: run.waiter_of(*fut).map(task_colour),
            class: if value.is_some() {
                "future done"
            } else {
                "future"
            },
        });
    }
    FutureRow {
        drawn: futures.len(),
        more,
    }
}

/// Whether a task has ended (done, failed or cancelled).
fn ended(view: &TaskView) -> bool {
    matches!(
        view.status,
        TaskStatus::Done | TaskStatus::Failed | TaskStatus::Cancelled
    )
}

/// The tasks the diagram draws: the unfinished ones first, then the most
/// recently finished, in task order.
#[inline(never)]
fn pick_tasks<'a>(all_tasks: &[(&'a TaskId, &'a TaskView)]) -> Vec<(&'a TaskId, &'a TaskView)> {
    let mut tasks: Vec<(&TaskId, &TaskView)> = all_tasks
        .iter()
        .copied()
        .filter(|(_, v)| !ended(v))
        .take(TASKS_MAX)
        .collect();
    if tasks.len() < TASKS_MAX {
        let room = TASKS_MAX - tasks.len();
        let finished: Vec<_> = all_tasks
            .iter()
            .copied()
            .rev()
            .filter(|(_, v)| ended(v))
            .take(room)
            .collect();
        tasks.extend(finished.into_iter().rev());
        tasks.sort_by_key(|(id, _)| **id);
    }
    tasks
}

/// An arrow from each waiting task to what it awaits, when that is drawn:
/// another task's card, a timer or a future.
#[inline(never)]
fn await_arrows(
    state: &State,
    tasks: &[(&TaskId, &TaskView)],
    chips: &[Chip],
    g: &Geometry,
) -> Vec<Arrow> {
    let (card_w, card_h) = (g.card_w, g.card_h);
    let mut arrows: Vec<Arrow> = Vec::new();
    for (i, (_, view)) in tasks.iter().enumerate() {
        let (TaskStatus::Waiting, Some(fut)) = (view.status, view.awaiting) else {
            continue;
        };
        let (x, y) = g.card_at(i);
        let from = (x + card_w / 2.0, y);
        let target = if let Some(j) = tasks.iter().position(|(_, v)| v.fut == fut) {
            let (tx, ty) = g.card_at(j);
            if ty == y {
                // Side by side: from the near edge of one card to the other's.
                let (fx, tx) = if tx > x {
                    (x + card_w, tx)
                } else {
                    (x, tx + card_w)
                };
                arrows.push(Arrow {
                    x1: fx,
                    y1: y + card_h / 2.0,
                    x2: tx,
                    y2: ty + card_h / 2.0,
                });
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
            arrows.push(Arrow {
                x1: from.0,
                y1: from.1,
                x2: tx,
                y2: ty,
            });
        }
    }
    arrows
}

/// The loop thread's box: its status line, then the starving tasks when the
/// loop is blocked, or a hint while it runs.
#[inline(never)]
fn loop_box(c: &Ctx, g: &Geometry) -> LoopBox {
    let (run, state, lang, compact) = (c.run, c.state, c.lang, c.compact);
    let blocked = state.loop_status == LoopStatus::Blocked;
    let class = match state.loop_status {
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
    let mut lines = vec![Text::at(
        if compact { 14.0 } else { 20.0 },
        g.loop_y + 28.0,
        "loop-status",
        fit(
            &words::loop_line(lang, run, state),
            if compact { 44 } else { 80 },
        ),
    )];
    if blocked && !starving.is_empty() {
        // In the narrow layout the running handle's chip sits to the right
        // of this line, so the line stops short of it.
        let names = say(lang, &Phrase::List(starving));
        lines.push(Text::at(
            20.0,
            g.loop_y + 56.0,
            "loop-starving",
            fit(
                &say(lang, &Phrase::Starving(names)),
                if compact { 34 } else { 100 },
            ),
        ));
    } else if state.loop_status == LoopStatus::Running && !compact {
        lines.push(Text::at(
            20.0,
            g.loop_y + 56.0,
            "loop-hint",
            texts(lang).one_handle_hint,
        ));
    }
    LoopBox {
        class,
        y: g.loop_y,
        width: g.w - 8.0,
        height: 76.0,
        lines,
    }
}

/// The section headings, hints and counts, and the "+N more" chips of the
/// rows that hold more than they draw.
#[inline(never)]
fn labels_and_more(c: &Ctx, g: &Geometry, clock: f64, shown: &Shown) -> (Vec<Text>, Vec<More>) {
    let (run, state, lang) = (c.run, c.state, c.lang);
    let t = texts(lang);
    let w = g.w;
    let mut labels = vec![
        Text::at(8.0, 20.0, "section", t.loop_thread),
        Text {
            end: true,
            ..Text::at(w - 8.0, 22.0, "clock", format!("t = {}", secs(clock)))
        },
        Text::at(8.0, g.ready_y + 8.0, "section", t.ready_queue),
        Text::at(
            8.0,
            g.ready_y + 36.0,
            "row-hint",
            if state.ready.is_empty() {
                t.empty.to_string()
            } else {
                say(lang, &Phrase::NWaiting(state.ready.len()))
            },
        ),
    ];
    let mut more: Vec<More> = Vec::new();
    let mut more_chip = |section: Section, hidden: usize, x: f64, y: f64| {
        if hidden > 0 {
            let words = say(lang, &Phrase::NMore(hidden));
            let width = more_width(&words);
            // A row leaves room for its chip (`Geometry::row_shows`); the
            // tasks' chip, beside the heading, moves left if it must.
            more.push(More {
                section,
                hidden,
                text: Text::at(x.min(w - width - 4.0), y, "more-chip", words),
                width,
            });
        }
    };
    let more_ready = state.ready.len() - shown.ready;
    let more_timers = state.timers.len() - shown.timers;
    more_chip(
        Section::Ready,
        more_ready,
        chip_x(shown.ready),
        g.ready_y + 36.0,
    );
    labels.push(Text::at(8.0, g.timers_y + 8.0, "section", t.timers));
    labels.push(Text::at(
        8.0,
        g.timers_y + 36.0,
        "row-hint",
        if state.timers.is_empty() {
            t.none.to_string()
        } else {
            say(lang, &Phrase::NSet(state.timers.len()))
        },
    ));
    more_chip(
        Section::Timers,
        more_timers,
        chip_x(shown.timers),
        g.timers_y + 36.0,
    );
    labels.push(Text::at(8.0, g.tasks_y + 8.0, "section", t.tasks));
    if shown.tasks == 0 {
        labels.push(Text::at(112.0, g.tasks_y + 8.0, "row-hint", t.no_tasks_yet));
    }
    more_chip(Section::Tasks, shown.hidden_tasks, 112.0, g.tasks_y + 8.0);
    more_chip(
        Section::Futures,
        shown.futures.more,
        chip_x(shown.futures.drawn),
        g.futures_y + 36.0,
    );
    labels.push(Text::at(8.0, g.futures_y + 8.0, "section", t.futures));
    if shown.futures.drawn == 0 {
        labels.push(Text::at(8.0, g.futures_y + 36.0, "row-hint", t.none));
    }
    labels.push(Text::at(8.0, g.threads_y + 8.0, "section", t.threads));
    let gil: Vec<String> = state
        .gil
        .iter()
        .map(|thread| words::thread_name(lang, run, state, *thread))
        .collect();
    if !gil.is_empty() {
        labels.push(Text {
            end: true,
            ..Text::at(
                w - 8.0,
                g.threads_y + 8.0,
                "gil",
                say(lang, &Phrase::Gil(gil.join(", "))),
            )
        });
    }
    if shown.workers == 0 {
        labels.push(Text::at(
            112.0,
            g.threads_y + 8.0,
            "row-hint",
            t.only_main_thread,
        ));
    }
    if !state.job_queues.values().all(|q| q.is_empty()) {
        let queued: Vec<String> = state
            .job_queues
            .values()
            .flatten()
            .filter_map(|j| run.job_names.get(&j.0))
            .cloned()
            .collect();
        labels.push(Text::at(
            112.0,
            g.threads_y + 8.0,
            "row-hint",
            say(lang, &Phrase::ExecutorQueue(queued.join(", "))),
        ));
    }
    (labels, more)
}

/// The cards of the tasks drawn.
#[inline(never)]
fn task_cards(c: &Ctx, g: &Geometry, tasks: &[(&TaskId, &TaskView)]) -> Vec<Card> {
    let (run, state, lang) = (c.run, c.state, c.lang);
    let t = texts(lang);
    let blocked = state.loop_status == LoopStatus::Blocked;
    let deadlocked: &[TaskId] = match &run.ending {
        Ending::Deadlock { tasks, .. } if state.index >= run.len() => tasks,
        _ => &[],
    };
    tasks
        .iter()
        .enumerate()
        .map(|(i, (id, view))| {
            let (x, y) = g.card_at(i);
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
            let name = format!(
                "{} · {}",
                run.trace.str(view.name),
                run.trace.str(view.coro)
            );
            let (name, detail) = (fit(&name, 22), fit(&detail, 28));
            // The name starts after the dot (x 26), the detail at x 12;
            // both keep 8 px clear of the right edge.
            let squeeze = (
                text_width::squeeze(&name, CARD_NAME_PX, true, g.card_w - 34.0),
                text_width::squeeze(&detail, CARD_DETAIL_PX, false, g.card_w - 20.0),
            );
            Card {
                key: format!("t{}", id.0),
                x,
                y,
                width: g.card_w,
                height: g.card_h,
                colour: task_colour(**id),
                status,
                stuck: deadlocked.contains(id),
                name,
                detail,
                squeeze,
            }
        })
        .collect()
}

/// The worker threads' rows.
#[inline(never)]
fn thread_rows(c: &Ctx, g: &Geometry, workers: &[(&ThreadId, &ThreadView)]) -> Vec<ThreadRow> {
    let (run, state, lang, compact) = (c.run, c.state, c.lang, c.compact);
    let t = texts(lang);
    workers
        .iter()
        .enumerate()
        .map(|(i, (id, view))| {
            let y = g.threads_y + 18.0 + i as f64 * (g.thread_h + 8.0);
            let kind = match view.kind {
                ThreadKind::Process => t.process,
                _ => t.thread,
            };
            let (status, class) = match view.status {
                ThreadStatus::Running => (t.running_python.to_string(), "running"),
                ThreadStatus::Idle => (t.idle_worker.to_string(), "idle"),
                ThreadStatus::Blocked(until) => (
                    say(
                        lang,
                        &Phrase::InCallUntil(
                            run.thread_block_label(**id, state.index),
                            secs(until),
                        ),
                    ),
                    "blocked",
                ),
                ThreadStatus::BlockedOn(f) => (
                    say(
                        lang,
                        &Phrase::WaitsFor(words::future_name(lang, run, state, f)),
                    ),
                    "blocked",
                ),
                ThreadStatus::Computing => (t.computing.to_string(), "running"),
                ThreadStatus::WaitingGil => (t.waiting_gil.to_string(), "gil-wait"),
                ThreadStatus::Done => (t.finished.to_string(), "done"),
            };
            let job = view.job.and_then(|j| run.job_names.get(&j.0)).cloned();
            let name = format!("{} ({kind})", words::thread_name(lang, run, state, **id));
            let job = match job {
                Some(j) => format!("{j}() · {status}"),
                None => status,
            };
            ThreadRow {
                key: format!("th{}", id.0),
                x: 8.0,
                y,
                width: g.w - 16.0,
                height: g.thread_h,
                class,
                name: Text::at(12.0, 21.0, "thread-name", fit(&name, 36)),
                job: Text::at(
                    if compact { 12.0 } else { 300.0 },
                    if compact { 37.0 } else { 21.0 },
                    "thread-job",
                    fit(&job, 56),
                ),
            }
        })
        .collect()
}

/// Every item of `section` at this moment, in words, for the searchable
/// list a "+N more" chip opens (the row itself draws only what fits).
pub fn section_items(
    run: &Run,
    state: &State,
    lang: Lang,
    section: Section,
    fold: bool,
) -> Vec<String> {
    match section {
        Section::Ready => state
            .ready
            .iter()
            .map(|(_, k)| words::handle_label(lang, run, state, *k))
            .collect(),
        Section::Timers => state
            .timers
            .iter()
            .map(|((_, _), k)| words::handle_label(lang, run, state, *k))
            .collect(),
        Section::Tasks => state
            .tasks
            .iter()
            .filter(|(id, _)| !(fold && run.is_machinery(**id)))
            .map(|(id, v)| {
                let status = status_word(lang, v.status);
                format!("{} · {status}", words::task_ref(lang, run, state, *id))
            })
            .collect(),
        Section::Futures => run
            .plain_pending(state, &Run::sleeping(state))
            .iter()
            .map(|f| match words::future_label(run, state, *f) {
                "" => say(lang, &Phrase::FutureN(f.0)),
                label => format!("{label} #{}", f.0),
            })
            .collect(),
    }
}

/// The items that contain `query` (ignoring case), at most `limit` of them,
/// and how many match in all: the list draws only what can be read.
pub fn search<'a>(items: &'a [String], query: &str, limit: usize) -> (Vec<&'a str>, usize) {
    let query = query.trim().to_lowercase();
    let mut shown = Vec::new();
    let mut matches = 0;
    for item in items {
        if query.is_empty() || item.to_lowercase().contains(&query) {
            matches += 1;
            if shown.len() < limit {
                shown.push(item.as_str());
            }
        }
    }
    (shown, matches)
}

/// The diagram as a short text, for screen readers (`<desc>`) and the tests,
/// with the sentence and list punctuation of the language (`。`, `、`).
pub fn describe(lang: Lang, run: &Run, state: &State) -> String {
    describe_with(lang, run, state, false)
}

/// A task's status in words (the overflow list and the description).
fn status_word(lang: Lang, status: TaskStatus) -> &'static str {
    let t = texts(lang);
    match status {
        TaskStatus::Ready => t.ready_to_run,
        TaskStatus::Running => t.running,
        TaskStatus::Waiting => t.waiting,
        TaskStatus::Done => t.done,
        TaskStatus::Failed => t.failed,
        TaskStatus::Cancelled => t.cancelled,
    }
}

/// How much of the await tree the description reads: its first chains, a
/// few nodes each, are what a listener can take in.
const DESCRIBED_TREE_NODES: usize = 48;

/// [`describe`], leaving out asyncio.run's own shutdown tasks when `fold`.
#[inline(never)]
pub fn describe_with(lang: Lang, run: &Run, state: &State, fold: bool) -> String {
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
        .filter(|(id, _)| !(fold && run.is_machinery(**id)))
        .take(8)
        .map(|(id, v)| {
            let status = status_word(lang, v.status);
            format!("{} {status}", words::task_ref(lang, run, state, *id))
        })
        .collect();
    if !tasks.is_empty() {
        parts.push(labelled(t.tasks, list(tasks)));
    }
    // Who awaits whom, each chain from a root to its leaf (`Task-1 (main) →
    // gather() → Task-2 (func1) → sleep()`), as a screen reader reads a path.
    let paths = crate::model::await_tree::paths(&crate::model::await_tree::await_tree_upto(
        lang,
        run,
        state,
        fold,
        DESCRIBED_TREE_NODES,
    ));
    if !paths.is_empty() {
        let shown: Vec<String> = paths.iter().take(8).cloned().collect();
        parts.push(labelled(t.await_tree, list(shown)));
    }
    say(lang, &Phrase::Sentences(parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets::PRESETS;

    /// The layout of every preset at a few moments, in both languages and
    /// both widths.
    fn every_layout(mut check: impl FnMut(&str, &Run, &State, Layout)) {
        for preset in PRESETS.iter() {
            let run = execute(preset.source, preset.cpu_speed);
            for cursor in [0, run.len() / 3, run.len() / 2, run.len()] {
                let state = run.trace.state_at(cursor);
                let clock = run.time_at(cursor);
                for lang in Lang::ALL {
                    for compact in [false, true] {
                        let l = layout(&run, &state, clock, lang, compact);
                        check(preset.id, &run, &state, l);
                    }
                }
            }
        }
    }

    #[test]
    fn everything_lies_inside_the_diagram() {
        every_layout(|id, _, _, l| {
            let inside = |what: &str, x: f64, y: f64, w: f64, h: f64| {
                assert!(
                    x >= 0.0 && y >= 0.0 && x + w <= l.width + 0.01 && y + h <= l.height + 0.01,
                    "{id}: {what} at ({x}, {y}) size {w}×{h} outside {}×{}",
                    l.width,
                    l.height
                );
            };
            for chip in &l.chips {
                inside(&chip.key, chip.x, chip.y, CHIP_W, CHIP_H);
            }
            for card in &l.tasks {
                inside(&card.key, card.x, card.y, card.width, card.height);
            }
            for row in &l.threads {
                inside(&row.key, row.x, row.y, row.width, row.height);
            }
            for a in &l.arrows {
                inside(
                    "arrow",
                    a.x1.min(a.x2),
                    a.y1.min(a.y2),
                    (a.x2 - a.x1).abs(),
                    (a.y2 - a.y1).abs(),
                );
            }
            for text in l.labels.iter().chain(&l.loop_box.lines) {
                inside(text.class, text.x, text.y, 0.0, 0.0);
            }
            // Keys name one thing each, so the page can animate moves.
            let mut keys: Vec<&str> = l.chips.iter().map(|c| c.key.as_str()).collect();
            keys.extend(l.tasks.iter().map(|c| c.key.as_str()));
            keys.extend(l.threads.iter().map(|c| c.key.as_str()));
            let count = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), count, "{id}: {keys:?}");
        });
    }

    #[test]
    fn the_layout_says_what_the_state_is() {
        every_layout(|id, run, state, l| {
            assert_eq!(l.tasks.len(), state.tasks.len().min(TASKS_MAX), "{id}");
            let workers = state.threads.keys().filter(|t| **t != ThreadId(0)).count();
            assert_eq!(l.threads.len(), workers, "{id}");
            let done = state.index >= run.len();
            if done && matches!(run.ending, Ending::Finished) {
                // Every task of a finished run has ended, one way or another.
                let ended = ["done", "failed", "cancelled"];
                assert!(
                    l.tasks.iter().all(|c| ended.contains(&c.status)),
                    "{id}: {:?}",
                    l.tasks
                );
            }
            assert!(l.loop_box.class.starts_with("loop "), "{id}");
            assert!(!l.loop_box.lines.is_empty());
            assert!(l.labels.iter().any(|t| t.class == "clock" && t.end));
        });
        // Two tasks, half-way: both sleep, each on its timer.
        let run = execute(
            crate::model::presets::find("two-tasks").unwrap().source,
            None,
        );
        let at = (0..run.len())
            .find(|i| run.trace.state_at(*i).timers.len() == 2)
            .expect("both tasks sleep at once");
        let state = run.trace.state_at(at);
        let l = layout(&run, &state, run.time_at(at), Lang::En, false);
        let timers: Vec<&Chip> = l.chips.iter().filter(|c| c.class == "timer").collect();
        assert_eq!(timers.len(), 2, "{:?}", l.chips);
        assert_eq!(l.width, WIDE);
        let names: Vec<&str> = l.tasks.iter().map(|c| c.name.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("func1")), "{names:?}");
        assert!(
            l.arrows.len() >= 2,
            "each sleeping task points at its timer"
        );
        let narrow = layout(&run, &state, run.time_at(at), Lang::Ja, true);
        assert_eq!(narrow.width, NARROW);
        assert_eq!(narrow.description, describe(Lang::Ja, &run, &state));
    }

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

    #[test]
    fn folded_shutdown_tasks_leave_the_diagram() {
        let run = crate::model::engine::execute(
            crate::model::presets::find("two-tasks").unwrap().source,
            None,
        );
        let end = run.trace.state_at(run.len());
        let tasks = |fold: bool| {
            layout_with(&run, &end, run.summary.total, Lang::En, false, fold)
                .tasks
                .len()
        };
        assert_eq!(tasks(false), end.tasks.len());
        assert_eq!(tasks(true), end.tasks.len() - 2);
        let desc = |fold: bool| describe_with(Lang::En, &run, &end, fold);
        assert!(
            desc(false).contains("shutdown_asyncgens"),
            "{}",
            desc(false)
        );
        assert!(!desc(true).contains("shutdown_asyncgens"), "{}", desc(true));
    }

    /// Checks that each row's "+N more" chip lies after the row's chips and
    /// inside the diagram.
    fn more_chips_clear_their_rows(what: &str, l: &Layout) {
        for more in l.more.iter().filter(|m| m.section != Section::Tasks) {
            let x = more.text.x;
            assert!(
                x + more.width <= l.width - 4.0 + 1e-9,
                "{what}: {:?} chip ends past the edge",
                more.section
            );
            // A row's chips are 20 units above its "+N more" chip's baseline.
            for chip in l
                .chips
                .iter()
                .filter(|c| (c.y + 20.0 - more.text.y).abs() < 1e-9)
            {
                assert!(
                    chip.x + CHIP_W <= x,
                    "{what}: {:?} chip at {x} covers {} at {}",
                    more.section,
                    chip.key,
                    chip.x
                );
            }
        }
    }

    #[test]
    fn a_rows_more_chip_never_covers_its_chips() {
        every_layout(|id, _, _, l| more_chips_clear_their_rows(id, &l));
        // A dozen ready callbacks and a dozen pending futures, at every
        // moment: the rows that overflow in both widths and languages.
        let run = execute(
            "import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    futs = [loop.create_future() for _ in range(1200)]\n    for i in range(1200):\n        loop.call_soon(print, i)\n    await asyncio.sleep(0)\n    for f in futs:\n        f.set_result(1)\n\nasyncio.run(main())\n",
            None,
        );
        let mut more = 0;
        for cursor in (0..=run.len()).step_by(97) {
            let state = run.trace.state_at(cursor);
            for lang in Lang::ALL {
                for compact in [false, true] {
                    let l = layout(&run, &state, run.time_at(cursor), lang, compact);
                    more += l.more.len();
                    more_chips_clear_their_rows(&format!("at {cursor}"), &l);
                }
            }
        }
        assert!(more > 20, "only {more} chips");
    }

    #[test]
    fn the_diagram_keeps_one_height_over_a_run() {
        // Presets, a program whose tasks come late and outnumber the cards,
        // and one that starts worker threads as it goes.
        let mut sources: Vec<(String, Option<f64>)> = PRESETS
            .iter()
            .map(|p| (p.source.to_string(), p.cpu_speed))
            .collect();
        sources.push((
            "import asyncio\n\nasync def w(i):\n    await asyncio.sleep(0.01 * i)\n\nasync def main():\n    await asyncio.sleep(1)\n    await asyncio.gather(*[w(i) for i in range(40)])\n\nasyncio.run(main())\n".to_string(),
            None,
        ));
        sources.push((
            "import asyncio, time\n\nasync def main():\n    for i in range(3):\n        await asyncio.sleep(0.1)\n        await asyncio.to_thread(time.sleep, 0.1)\n\nasyncio.run(main())\n".to_string(),
            None,
        ));
        let mut grew = 0;
        for (source, cpu) in &sources {
            let run = execute(source, *cpu);
            let step = (run.len() / 60).max(1);
            for fold in [true, false] {
                for compact in [false, true] {
                    let mut heights = Vec::new();
                    for cursor in (0..=run.len()).step_by(step).chain([run.len()]) {
                        let state = run.trace.state_at(cursor);
                        let l =
                            layout_with(&run, &state, run.time_at(cursor), Lang::En, compact, fold);
                        heights.push(l.height);
                    }
                    heights.dedup();
                    assert_eq!(
                        heights.len(),
                        1,
                        "{source}: heights {heights:?} (fold {fold}, compact {compact})"
                    );
                }
            }
            // The height is the fullest moment's, not the first moment's.
            let first = layout(&run, &run.trace.state_at(0), 0.0, Lang::En, false);
            let empty = Geometry::new(false, 0, 0).height;
            if first.height > empty {
                grew += 1;
            }
        }
        assert!(
            grew >= 2,
            "only {grew} programs are taller than an empty diagram"
        );
    }

    #[test]
    fn ten_thousand_tasks_draw_what_fits_and_list_the_rest() {
        let run = crate::model::engine::execute(
            "import asyncio\n\nasync def sleeper(i):\n    await asyncio.sleep(1 + i % 7)\n\nasync def main():\n    await asyncio.gather(*[sleeper(i) for i in range(10000)])\n\nasyncio.run(main())\n",
            None,
        );
        // All tasks asleep: every row is full.
        let at = run.cursor_at_time(0.0);
        let state = run.trace.state_at(at);
        assert!(state.tasks.len() > 10_000);
        for compact in [false, true] {
            let l = layout_with(&run, &state, 0.0, Lang::En, compact, true);
            more_chips_clear_their_rows("10 000 sleepers", &l);
            // At most the cards, chips and rows that fit, whatever the program.
            assert!(l.tasks.len() <= TASKS_MAX, "{}", l.tasks.len());
            assert!(l.chips.len() <= 1 + 4 * 3, "{}", l.chips.len());
            let hidden = |section: Section| {
                l.more
                    .iter()
                    .find(|m| m.section == section)
                    .map(|m| m.hidden)
            };
            assert_eq!(
                hidden(Section::Tasks),
                Some(state.tasks.len() - l.tasks.len())
            );
            let timers_shown = l.chips.iter().filter(|c| c.class == "timer").count();
            assert_eq!(
                hidden(Section::Timers),
                Some(state.timers.len() - timers_shown)
            );
            let chip = &l
                .more
                .iter()
                .find(|m| m.section == Section::Tasks)
                .unwrap()
                .text;
            assert_eq!(
                chip.text,
                format!(
                    "+{} more",
                    crate::i18n::grouped((state.tasks.len() - l.tasks.len()) as u64)
                )
            );
        }
        // The list behind a chip holds every item and finds one by name.
        let items = section_items(&run, &state, Lang::En, Section::Tasks, true);
        assert_eq!(items.len(), state.tasks.len());
        let (shown, matches) = search(&items, "TASK-9999 ", 50);
        assert_eq!((shown.len(), matches), (1, 1), "{shown:?}");
        assert!(shown[0].starts_with("Task-9999 "), "{shown:?}");
        let (shown, matches) = search(&items, "", 50);
        assert_eq!((shown.len(), matches), (50, items.len()));
        let timers = section_items(&run, &state, Lang::Ja, Section::Timers, true);
        assert_eq!(timers.len(), state.timers.len());
    }
}
