//! The timeline on the page: it draws the layout of `model::timeline_layout`
//! and lets the person move through it.  Clicking or dragging on the rows
//! seeks; the zoom buttons and the wheel (with Ctrl) zoom around the
//! playhead and Shift+wheel pans.  The axis menu draws it over virtual time
//! or over the order of events (the reducer keeps the choice).

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{Activity, Run};
use crate::model::timeline_layout::{
    plot, window_rows, Axis, Playhead, Plot, Window, VISIBLE_ROWS,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::Element;
use yew::functional::UseForceUpdateHandle;
use yew::prelude::*;

/// Which axis, window and first row the timeline shows, shared with the
/// share panel so that the SVG download is what the page shows.
#[derive(Clone, Debug, Default)]
pub struct Shown(pub Rc<Cell<Option<(Axis, Window, usize)>>>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run.
    pub run: Rc<Run>,
    /// The playhead, in virtual seconds.
    pub clock: f64,
    /// The playhead, in events applied.
    pub cursor: usize,
    /// The axis to draw over.
    pub axis: Axis,
    /// The reader chose another axis.
    pub on_axis: Callback<Axis>,
    /// Whether asyncio.run's shutdown tasks are folded into one row.
    pub fold: bool,
    /// The reader folds (`true`) or unfolds asyncio.run's shutdown.
    pub on_fold: Callback<bool>,
    /// Seek to a virtual time.
    pub on_seek: Callback<f64>,
    /// Seek to after the first `n` events (the axis by steps).
    pub on_seek_cursor: Callback<usize>,
    /// Seek to just after an event (clicking a marker).
    pub on_seek_event: Callback<usize>,
    /// The interface language.
    pub lang: Lang,
    /// Where the shown window is reported.
    pub shown: Shown,
    /// The length of a time axis shared with another timeline (two runs
    /// compared): then this one draws over virtual time up to it.
    #[prop_or_default]
    pub span: Option<f64>,
    /// The window shared with another timeline, so that zooming one zooms both.
    #[prop_or_default]
    pub window: Option<UseStateHandle<Window>>,
    /// Whether the legend and the zoom tools show (the second of two timelines leaves them out).
    #[prop_or(true)]
    pub tools: bool,
    /// Its test hook (the compared run's timeline is `compare-timeline`).
    #[prop_or(AttrValue::Static("timeline"))]
    pub testid: AttrValue,
}

/// The playhead shared by a timeline's frame and its line.  A seek moves
/// the playhead dozens of times a second; the frame (the tools, the row
/// labels, the plot) does not depend on it, so it is drawn again only when
/// what it shows changes, and a seek redraws only the line.  Zooming reads
/// the playhead from here when it happens.
#[derive(Default)]
struct Head {
    /// Where the playhead is.
    at: Cell<Playhead>,
    /// Redraws the line (set by the line each time it is drawn).
    redraw: RefCell<Option<UseForceUpdateHandle>>,
}

impl Head {
    /// Moves the playhead and redraws the line.
    fn move_to(&self, at: Playhead) {
        if self.at.replace(at) != at {
            if let Some(redraw) = &*self.redraw.borrow() {
                redraw.force_update();
            }
        }
    }
}

/// The timeline component: the frame, drawn again only when what it shows
/// changes, and the playhead, moved on every seek (see [`Head`]).
#[component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let head = use_memo((), |_| Head::default());
    head.move_to(Playhead {
        cursor: props.cursor,
        clock: props.clock,
    });
    html! {
        <Frame run={Rc::clone(&props.run)} axis={props.axis} on_axis={props.on_axis.clone()} fold={props.fold}
               on_fold={props.on_fold.clone()} on_seek={props.on_seek.clone()} on_seek_cursor={props.on_seek_cursor.clone()}
               on_seek_event={props.on_seek_event.clone()} lang={props.lang} shown={props.shown.clone()} span={props.span}
               window={props.window.clone()} tools={props.tools} testid={props.testid.clone()} head={head} />
    }
}

/// Properties of [`Frame`]: those of [`Timeline`] but the playhead, which
/// comes through `head`.
#[derive(Properties)]
struct FrameProps {
    run: Rc<Run>,
    axis: Axis,
    on_axis: Callback<Axis>,
    fold: bool,
    on_fold: Callback<bool>,
    on_seek: Callback<f64>,
    on_seek_cursor: Callback<usize>,
    on_seek_event: Callback<usize>,
    lang: Lang,
    shown: Shown,
    span: Option<f64>,
    window: Option<UseStateHandle<Window>>,
    tools: bool,
    testid: AttrValue,
    head: Rc<Head>,
}

impl PartialEq for FrameProps {
    /// The callbacks only forward to the reducer, so a fresh one from the
    /// parent's render changes nothing and is not a reason to draw the
    /// frame again (as for [`PlotBody`]).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.axis == other.axis
            && self.fold == other.fold
            && self.lang == other.lang
            && self.shown == other.shown
            && self.span.map(f64::to_bits) == other.span.map(f64::to_bits)
            && self.window == other.window
            && self.tools == other.tools
            && self.testid == other.testid
            && Rc::ptr_eq(&self.head, &other.head)
    }
}

/// The timeline's frame: everything but the playhead's line.
#[component(Frame)]
fn frame(props: &FrameProps) -> Html {
    let run = &props.run;
    let lang = props.lang;
    let t = texts(lang);
    // Two runs compared share one time axis.
    let axis = if props.span.is_some() {
        Axis::Time
    } else {
        props.axis
    };
    let total = props.span.unwrap_or_else(|| axis.extent(run));
    let own = use_state(|| Window::fit(total));
    let window = props.window.clone().unwrap_or(own);
    let scroll = use_state(|| 0usize);
    let dragging = use_state(|| false);
    let plot_ref = use_node_ref();

    // A new run, another axis or another shared length resets the view to fit it.
    {
        let window = window.clone();
        use_effect_with(
            (Rc::clone(run), axis, total.to_bits()),
            move |(_, _, total)| {
                window.set(Window::fit(f64::from_bits(*total)));
            },
        );
    }

    let time_at = {
        let plot_ref = plot_ref.clone();
        let window = *window;
        move |client_x: i32| -> Option<f64> {
            let el: Element = plot_ref.cast::<Element>()?;
            let rect = el.get_bounding_client_rect();
            let fraction = ((f64::from(client_x) - rect.left()) / rect.width()).clamp(0.0, 1.0);
            Some(window.start + fraction * (window.end - window.start))
        }
    };
    // A place on the axis seeks to that time, or (by steps) to the event
    // boundary nearest to it.
    let seek = {
        let (on_seek, on_seek_cursor) = (props.on_seek.clone(), props.on_seek_cursor.clone());
        let len = run.len();
        move |at: f64| match axis {
            Axis::Time => on_seek.emit(at),
            Axis::Steps => on_seek_cursor.emit((at.round().max(0.0) as usize).min(len)),
        }
    };
    let on_down = {
        let seek = seek.clone();
        let dragging = dragging.clone();
        let time_at = time_at.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(t) = time_at(e.client_x()) {
                seek(t);
            }
            if let Some(target) = e.target_dyn_into::<Element>() {
                // Capturing keeps the drag alive when the pointer leaves the plot.
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            dragging.set(true);
        })
    };
    let on_move = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging {
                if let Some(t) = time_at(e.client_x()) {
                    seek(t);
                }
            }
        })
    };
    let on_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let all_rows = run.rows(props.fold);
    let rows = all_rows.len();
    let on_wheel = {
        let window = window.clone();
        let scroll = scroll.clone();
        let head = Rc::clone(&props.head);
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() {
                e.prevent_default();
                let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
                let clock = axis.playhead(head.at.get());
                window.set(window.zoom(factor, clock, total));
            } else if e.shift_key() {
                e.prevent_default();
                let span = window.end - window.start;
                window.set(window.pan(span * e.delta_y().signum() * 0.1, total));
            } else if rows > VISIBLE_ROWS {
                e.prevent_default();
                let step = if e.delta_y() > 0.0 { 3 } else { -3 };
                let max = rows - VISIBLE_ROWS;
                scroll.set(((*scroll as i64) + step).clamp(0, max as i64) as usize);
            }
        })
    };
    let zoom = |factor: f64| {
        let window = window.clone();
        let head = Rc::clone(&props.head);
        Callback::from(move |_: MouseEvent| {
            let clock = axis.playhead(head.at.get());
            window.set(window.zoom(factor, clock, total))
        })
    };
    let fit = {
        let window = window.clone();
        Callback::from(move |_: MouseEvent| window.set(Window::fit(total)))
    };
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            scroll.set(input.value().parse().unwrap_or(0));
        })
    };

    let w = *window;
    let first = (*scroll).min(rows.saturating_sub(VISIBLE_ROWS));
    props.shown.0.set(Some((axis, w, first)));
    // The plot does not depend on the playhead: it is laid out again only
    // when what it shows changes, and moving the playhead (playing,
    // seeking) re-renders one line, not every bar and marker.
    let p = {
        let (run, fold) = (Rc::clone(run), props.fold);
        use_memo(
            (Rc::as_ptr(&run) as usize, fold, first, axis, w, lang),
            move |_| {
                let shown = window_rows(run.rows(fold), first, VISIBLE_ROWS);
                plot(&run, shown, axis, w, Playhead::default(), lang)
            },
        )
    };
    // The fold button shows only when there is something to fold.
    let fold_button = (!run.machinery.is_empty()).then(|| {
        let (fold, on_fold) = (props.fold, props.on_fold.clone());
        let (label, title) = if fold {
            (t.unfold_machinery, t.unfold_machinery_title)
        } else {
            (t.fold_machinery, t.fold_machinery_title)
        };
        html! {
            <button type="button" class="fold" data-testid="unfold-machinery" aria-pressed={(!fold).to_string()}
                    title={title} onclick={Callback::from(move |_: MouseEvent| on_fold.emit(!fold))}>{ label }</button>
        }
    });
    // The menu follows the axis when the run chooses it (another program).
    let axis_ref = super::hooks::use_select_value(axis.key().to_string());
    let on_axis = {
        let on_axis = props.on_axis.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(axis) = Axis::from_key(&select.value()) {
                on_axis.emit(axis);
            }
        })
    };
    let height = p.height;

    html! {
        <div class="timeline" data-testid={props.testid.clone()}>
            if props.tools {
            <div class="timeline-tools">
                <div class="legend" role="group" aria-label={t.legend}>
                    { for Activity::ALL.iter().filter(|a| **a != Activity::Gil || props.run.gil_waits).map(|a| html! {
                        <span class="legend-item"><span class={classes!("swatch", a.class())}></span>{ a.label(lang) }</span>
                    }) }
                    <span class="legend-item"><span class="swatch marker-print"></span>{ t.legend_print }</span>
                    <span class="legend-item"><span class="swatch marker-resolved"></span>{ t.legend_result }</span>
                </div>
                <div class="zoom">
                    { for fold_button }
                    <select class="axis" ref={axis_ref} data-testid="timeline-axis" aria-label={t.axis_aria} title={t.axis_aria} onchange={on_axis}>
                        { for Axis::ALL.iter().map(|a| html! {
                            <option value={a.key()} selected={*a == axis}>
                                { match a { Axis::Time => t.axis_time, Axis::Steps => t.axis_steps } }
                            </option>
                        }) }
                    </select>
                    <button type="button" onclick={zoom(0.5)} aria-label={t.zoom_in} title={t.zoom_in}>{ "+" }</button>
                    <button type="button" onclick={zoom(2.0)} aria-label={t.zoom_out} title={t.zoom_out}>{ "−" }</button>
                    <button type="button" onclick={fit} aria-label={t.fit} title={t.fit}>{ t.fit }</button>
                </div>
            </div>
            }
            if rows == 0 {
                <p class="empty">{ t.timeline_empty }</p>
            } else {
                <div class="timeline-body" onwheel={on_wheel}>
                    <ul class="row-labels" style={format!("height: {height}px")}>
                        { for p.rows.iter().map(|row| html! {
                            <li class={classes!("row-label", format!("c{}", row.colour))} title={row.label.clone()}>
                                <span class="dot"></span><span class="row-text">{ &row.label }</span>
                            </li>
                        }) }
                    </ul>
                    <div class="plot-wrap">
                    <svg class="plot" ref={plot_ref} viewBox={format!("0 0 {} {height}", p.width)} preserveAspectRatio="none"
                         style={format!("height: {height}px")}
                         role="group" aria-label={t.timeline_aria}
                         onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}>
                        <PlotBody plot={Rc::clone(&p)} on_seek_event={props.on_seek_event.clone()} />
                    </svg>
                    <PlayheadLine head={Rc::clone(&props.head)} axis={axis} window={w} width={p.width} end={p.line_end} />
                    // Tick labels are HTML so that they keep their shape
                    // whatever the plot's stretch.
                    <div class="tick-labels" aria-hidden="true">
                        { for p.ticks.iter().map(|(x, label)| html! {
                            <span style={format!("left: {}%", x / p.width * 100.0)}>{ label }</span>
                        }) }
                    </div>
                    </div>
                </div>
                if rows > VISIBLE_ROWS {
                    <label class="row-scroll">
                        <span>{ say(lang, &Phrase::RowsOf(first + 1, first + p.rows.len(), rows)) }</span>
                        <input type="range" min="0" max={(rows - VISIBLE_ROWS).to_string()} value={first.to_string()}
                               aria-label={t.scroll_rows} oninput={on_scroll} />
                    </label>
                }
            }
        </div>
    }
}

/// Properties of [`PlotBody`].
#[derive(Properties)]
struct PlotBodyProps {
    /// The laid-out plot.
    plot: Rc<Plot>,
    /// Seek to just after an event (clicking a marker).
    on_seek_event: Callback<usize>,
}

impl PartialEq for PlotBodyProps {
    /// The same layout draws the same marks: the callback only forwards to
    /// the reducer, so a fresh one from the parent's render changes nothing
    /// and must not make yew compare thousands of bars again.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plot, &other.plot)
    }
}

/// The plot's ticks, bars and markers: everything but the playhead.
#[component(PlotBody)]
fn plot_body(props: &PlotBodyProps) -> Html {
    let p = &props.plot;
    html! {
        <>
            { for p.ticks.iter().map(|(x, _)| {
                html! {
                    <line class="tick" x1={x.to_string()} x2={x.to_string()} y1="0" y2={p.line_end.to_string()} />
                }
            }) }
            { for p.rows.iter().map(|row| html! {
                <g class={classes!("row", format!("c{}", row.colour))}>
                    { for row.bars.iter().map(|bar| html! {
                        <rect class={classes!("seg", bar.activity.class())} x={bar.x.to_string()} y={bar.y.to_string()}
                              width={bar.width.to_string()} height={bar.height.to_string()} />
                    }) }
                    { for row.marks.iter().map(|m| {
                        let on_seek_event = props.on_seek_event.clone();
                        let event = m.event;
                        html! {
                            <rect class={m.class} x={m.x.to_string()} y={m.y.to_string()} width="3" height={m.height.to_string()}
                                  onpointerdown={Callback::from(move |e: PointerEvent| { e.stop_propagation(); on_seek_event.emit(event); })}>
                                <title>{ &m.title }</title>
                            </rect>
                        }
                    }) }
                </g>
            }) }
        </>
    }
}

/// Properties of [`PlayheadLine`].
#[derive(Properties)]
struct PlayheadLineProps {
    /// Where the playhead is (the line redraws itself when it moves).
    head: Rc<Head>,
    /// The axis drawn.
    axis: Axis,
    /// The window shown.
    window: Window,
    /// The plot's width in its drawing units.
    width: f64,
    /// Where the line ends (the plot's height).
    end: f64,
}

impl PartialEq for PlayheadLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.head, &other.head)
            && self.axis == other.axis
            && self.window == other.window
            && self.width.to_bits() == other.width.to_bits()
            && self.end.to_bits() == other.end.to_bits()
    }
}

/// The playhead's line: the only part of the timeline a seek redraws.
///
/// It is an element over the plot, not a line in it: a change inside the
/// plot's SVG makes the browser walk and repaint every bar of the plot, and
/// a seek or a frame of playback would pay for that each time.  On its own
/// layer, moving the line repaints nothing else.
#[component(PlayheadLine)]
fn playhead_line(props: &PlayheadLineProps) -> Html {
    let redraw = use_force_update();
    // The newest line drawn is the one to redraw (a line drawn again after
    // the plot was empty is a new component).
    *props.head.redraw.borrow_mut() = Some(redraw);
    let x = props.window.x(props.axis.playhead(props.head.at.get()));
    let left = if props.width > 0.0 {
        x / props.width * 100.0
    } else {
        0.0
    };
    html! {
        <div class="playhead" aria-hidden="true" style={format!("left: {left}%; height: {}px", props.end)}></div>
    }
}
