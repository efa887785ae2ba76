//! The event-loop diagram on the page: it draws the layout of
//! `model::diagram_layout` as SVG.
//!
//! Every moving thing (a handle's chip, a task's card) is one keyed SVG group
//! whose position is a CSS transform, so when a handle moves from the timer
//! heap to the ready queue to the loop, the browser animates the move; with
//! `prefers-reduced-motion` the stylesheet turns the move into a fade.  A
//! thing that arrives where another left takes that node
//! (`model::node_keys`), so seeking a run with thousands of tasks patches
//! words in place rather than rebuilding the picture.

use crate::i18n::Lang;
use crate::i18n::{say, texts, Phrase};
use crate::model::diagram_layout::{
    layout_with, search, section_items, Arrow, Card, Chip, Layout, LoopBox, More, Section, Text,
    ThreadRow, CHIP_H, CHIP_W,
};
use crate::model::node_keys::{NodeKeys, STEP_EVENTS};
use crate::model::run::Run;
use crate::platform::timers;
use loopscope_sim::State;
use std::rc::Rc;
use yew::prelude::*;

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
    /// Leave out asyncio.run's own shutdown tasks.
    pub fold: bool,
    /// Its test hook, also the stem of its title's and description's ids
    /// (a compared run's diagram is `compare-diagram`).
    #[prop_or(AttrValue::Static("diagram"))]
    pub id: AttrValue,
}

impl PartialEq for DiagramProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && Rc::ptr_eq(&self.state, &other.state)
            && self.clock == other.clock
            && self.lang == other.lang
            && self.compact == other.compact
            && self.fold == other.fold
            && self.id == other.id
    }
}

/// The lines of text: the section headings, the clock and the hints of
/// empty rows.  Each is keyed by its class and its place among those of the
/// same class, so a hint that comes or goes leaves the headings' nodes be.
#[inline(never)]
fn texts_html(texts: &[Text]) -> Html {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    html! {
        { for texts.iter().map(|text| {
            let n = match seen.iter_mut().find(|(class, _)| *class == text.class) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((text.class, 0));
                    0
                }
            };
            let mut node = text_html(text);
            if let Html::VTag(tag) = &mut node {
                std::rc::Rc::make_mut(tag).key = Some(format!("{}-{n}", text.class).into());
            }
            node
        }) }
    }
}

/// A line of text.
#[inline(never)]
fn text_html(text: &Text) -> Html {
    html! {
        <text x={text.x.to_string()} y={text.y.to_string()} class={text.class}
              text-anchor={text.end.then_some("end")}>{ &text.text }</text>
    }
}

/// A task's card, drawn by the node keyed `node`.
#[inline(never)]
fn card_html(card: &Card, node: u32) -> Html {
    html! {
        <g key={node} class={classes!("task", card.status, card.stuck.then_some("stuck"))}
           style={format!("transform: translate({}px, {}px); --c: var(--task-{})", card.x, card.y, card.colour)}>
            <rect width={card.width.to_string()} height={card.height.to_string()} rx="8" />
            <circle cx="14" cy="15" r="5" class="dot" />
            <text x="26" y="19" class="task-name" textLength={card.squeeze.0.map(|l| l.to_string())}
                  lengthAdjust={card.squeeze.0.map(|_| "spacingAndGlyphs")}>{ &card.name }</text>
            <text x="12" y="38" class="task-detail" textLength={card.squeeze.1.map(|l| l.to_string())}
                  lengthAdjust={card.squeeze.1.map(|_| "spacingAndGlyphs")}>{ &card.detail }</text>
        </g>
    }
}

/// A worker thread's row, drawn by the node keyed `node`.
#[inline(never)]
fn thread_html(row: &ThreadRow, node: u32) -> Html {
    html! {
        <g key={node} class={classes!("thread", row.class)} style={format!("transform: translate({}px, {}px)", row.x, row.y)}>
            <rect width={row.width.to_string()} height={row.height.to_string()} rx="8" />
            { text_html(&row.name) }
            { text_html(&row.job) }
        </g>
    }
}

/// A chip, drawn by the node keyed `node`: its box and one or two lines.
#[inline(never)]
fn chip_html(chip: &Chip, node: u32) -> Html {
    let colour = chip
        .colour
        .map(|c| format!("--c: var(--task-{c})"))
        .unwrap_or_else(|| "--c: var(--neutral)".into());
    let style = format!("transform: translate({}px, {}px); {colour}", chip.x, chip.y);
    html! {
        <g key={node} class={classes!("chip", chip.class)} style={style}>
            <rect width={CHIP_W.to_string()} height={CHIP_H.to_string()} rx="7" />
            <text x="9" y={if chip.sub.is_some() { "13" } else { "19.5" }} class="chip-label"
                  textLength={chip.squeeze.0.map(|l| l.to_string())}
                  lengthAdjust={chip.squeeze.0.map(|_| "spacingAndGlyphs")}>{ &chip.label }</text>
            if let Some(sub) = &chip.sub {
                <text x="9" y="25" class="chip-sub"
                      textLength={chip.squeeze.1.map(|l| l.to_string())}
                      lengthAdjust={chip.squeeze.1.map(|_| "spacingAndGlyphs")}>{ sub }</text>
            }
        </g>
    }
}

/// How many items the list behind a "+N more" chip draws at most.
const LIST_MAX: usize = 200;

/// A "+N more" chip: a button that opens the row's searchable list.
#[inline(never)]
fn more_html(more: &More, open: &UseStateHandle<Option<Section>>) -> Html {
    let width = more.width;
    let section = more.section;
    let toggle = {
        let open = open.clone();
        move || open.set((*open != Some(section)).then_some(section))
    };
    let onclick = {
        let toggle = toggle.clone();
        Callback::from(move |_: MouseEvent| toggle())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            toggle();
        }
    });
    html! {
        <g class={classes!("more-chip", (**open == Some(section)).then_some("open"))} data-testid="more-chip" data-section={format!("{section:?}").to_lowercase()}
           role="button" tabindex="0" aria-expanded={(**open == Some(section)).to_string()}
           style={format!("transform: translate({}px, {}px)", more.text.x, more.text.y - 15.0)}
           {onclick} {onkeydown}>
            <rect width={width.to_string()} height="22" rx="11" />
            <text x="8" y="15">{ &more.text.text }</text>
        </g>
    }
}

/// The nodes (see `model::node_keys`) that draw the chips, cards and thread
/// rows of `l`, the moment after `index` events.  `keys` holds the last
/// moment drawn and its nodes; a move of more than a few events from it is a
/// jump, after which nodes stay in place.
#[inline(never)]
fn node_keys(
    (last, keys): &mut (Option<usize>, [NodeKeys; 3]),
    l: &Layout,
    index: usize,
) -> [Vec<u32>; 3] {
    let jump = last.is_some_and(|last| last.abs_diff(index) > STEP_EVENTS);
    *last = Some(index);
    let places: [Vec<(&str, f64, f64)>; 3] = [
        l.chips.iter().map(|c| (c.key.as_str(), c.x, c.y)).collect(),
        l.tasks.iter().map(|c| (c.key.as_str(), c.x, c.y)).collect(),
        l.threads
            .iter()
            .map(|r| (r.key.as_str(), r.x, r.y))
            .collect(),
    ];
    std::array::from_fn(|i| keys[i].assign(&places[i], jump))
}

/// The loop's box and its lines.
#[inline(never)]
fn loop_html(b: &LoopBox) -> Html {
    html! {
        <g class={b.class}>
            <rect x="4" y={b.y.to_string()} width={b.width.to_string()} height={b.height.to_string()} rx="12" class="loop-box" />
            { for b.lines.iter().map(text_html) }
        </g>
    }
}

/// The dashed arrows from awaiting tasks to what they await.
#[inline(never)]
fn arrows_html(arrows: &[Arrow]) -> Html {
    html! {
        <g class="arrows" aria-hidden="true">
            { for arrows.iter().map(|a| html! {
                <line class="await-arrow" x1={a.x1.to_string()} y1={a.y1.to_string()} x2={a.x2.to_string()} y2={a.y2.to_string()} marker-end="url(#arrow)" />
            }) }
        </g>
    }
}

/// The diagram component.  Its parts are functions of their own
/// (`#[inline(never)]`) so that the browser optimises small functions as
/// each gets hot, not one large one in the middle of the reader's seeking
/// (see `model::diagram_layout::layout_with`).
#[component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let open = use_state(|| None::<Section>);
    let query = use_state(String::new);
    // The last moment drawn and its nodes (see [`node_keys`]): kept across
    // renders, never a reason for one.
    let keys = use_mut_ref(|| (None::<usize>, <[NodeKeys; 3]>::default()));
    // The fonts' sampler (see [`font_sampler`]) joins once the first
    // diagram has been painted, so it never delays that one.
    let sample_fonts = use_state(|| false);
    {
        let sample_fonts = sample_fonts.clone();
        use_effect_with((), move |_| {
            let timer = timers::after_paint(move || sample_fonts.set(true));
            move || drop(timer)
        });
    }
    let l = layout_with(
        &props.run,
        &props.state,
        props.clock,
        props.lang,
        props.compact,
        props.fold,
    );
    let [chip_nodes, card_nodes, row_nodes] =
        node_keys(&mut keys.borrow_mut(), &l, props.state.index);
    html! {
        <>
        <div class="diagram-box">
        <svg class="diagram" data-testid={props.id.clone()} viewBox={format!("0 0 {} {}", l.width, l.height)}
             role="img" aria-labelledby={format!("{0}-title {0}-desc", props.id)}>
            <title id={format!("{}-title", props.id)}>{ &l.title }</title>
            <desc id={format!("{}-desc", props.id)}>{ &l.description }</desc>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                </marker>
            </defs>
            // Each list that grows and shrinks has a group of its own, so the
            // svg's own children never change in number: yew matches a
            // list's children by key only when all of them have one, and
            // otherwise by position from the end, so a list spliced in among
            // the fixed parts made a seek that changed its length rebuild the
            // title, the labels and the loop box, and ignore the cards' keys.
            <g class="labels">{ texts_html(&l.labels) }</g>
            { loop_html(&l.loop_box) }
            { arrows_html(&l.arrows) }
            <g class="tasks">
                { for l.tasks.iter().zip(card_nodes).map(|(card, node)| card_html(card, node)) }
            </g>
            <g class="threads">
                { for l.threads.iter().zip(row_nodes).map(|(row, node)| thread_html(row, node)) }
            </g>
            <g class="chips">
                { for l.chips.iter().zip(chip_nodes).map(|(chip, node)| chip_html(chip, node)) }
            </g>
            <g class="more-chips">{ for l.more.iter().map(|m| more_html(m, &open)) }</g>
        </svg>
        if *sample_fonts {
            { font_sampler(l.width, l.height, props.lang) }
        }
        </div>
        { more_list(props, &open, &query) }
        </>
    }
}

/// Every class of line the diagram draws, once, hidden, at the diagram's
/// scale.
///
/// The diagram is an SVG scaled to its pane (by 1.029 at 1440 px), so its
/// words are drawn at sizes no other text on the page uses, and the first
/// line of each size and weight makes the page ask the browser for the font
/// and wait (`FontCache::GetFontPlatformData`, 3–15 ms each on a two-core
/// machine).  Cards and chips first appear when the reader first seeks into
/// a run, and that seek took 25–65 ms instead of 15.  This SVG has the
/// diagram's box and view box, hence exactly its scale (a box of another
/// height is rounded to another scale, and a font size that differs in its
/// hundredths is another font): laid out after the first paint (and again
/// when the pane's width changes), it asks for those fonts while no one is
/// waiting.  It has no test hook and is hidden from assistive technology.
#[inline(never)]
fn font_sampler(width: f64, height: f64, lang: Lang) -> Html {
    /// The classes of `style.css` that set a font in the diagram.
    const CLASSES: &[&str] = &[
        "section",
        "clock",
        "row-hint",
        "loop-status",
        "loop-starving",
        "loop-hint",
        "chip-label",
        "chip-sub",
        "task-name",
        "task-detail",
        "thread-name",
        "thread-job",
        "gil",
    ];
    // A Japanese page also draws in the fallback font that has the kana.
    let sample = match lang {
        Lang::En => "Task 0.5 s",
        Lang::Ja => "Task 0.5 s 待機",
    };
    html! {
        <svg class="diagram font-sampler" aria-hidden="true" focusable="false" viewBox={format!("0 0 {width} {height}")}>
            { for CLASSES.iter().map(|class| html! { <text x="0" y="20" class={*class}>{ sample }</text> }) }
            <g class="more-chip"><text x="0" y="20">{ sample }</text></g>
        </svg>
    }
}

/// The searchable list of the open row's items, drawn at most [`LIST_MAX`]
/// at a time (a row may hold ten thousand).
#[inline(never)]
fn more_list(
    props: &DiagramProps,
    open: &UseStateHandle<Option<Section>>,
    query: &UseStateHandle<String>,
) -> Html {
    let Some(section) = **open else {
        return html! {};
    };
    let lang = props.lang;
    let t = texts(lang);
    let items = section_items(&props.run, &props.state, lang, section, props.fold);
    let (shown, matches) = search(&items, query, LIST_MAX);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(None))
    };
    let title = section.title(lang);
    html! {
        <div class="more-list" data-testid="more-list" role="region" aria-label={title}>
            <div class="more-head">
                <strong>{ title }</strong>
                <input type="search" data-testid="more-search" placeholder={t.search_items} aria-label={t.search_items}
                       value={(**query).clone()} {oninput} />
                <span class="more-count">{ say(lang, &Phrase::MatchesShown(shown.len(), matches)) }</span>
                <button type="button" onclick={close}>{ t.close }</button>
            </div>
            <ul>{ for shown.iter().map(|item| html! { <li>{ *item }</li> }) }</ul>
        </div>
    }
}
