//! The share panel: the link to this exact moment (copied to the
//! clipboard), the `<iframe>` snippet for articles, and downloads of the
//! trace and of the pictures.

use crate::i18n::texts;
use crate::link::address;
use crate::link::scenario::Scenario;
use crate::model::diagram_layout;
use crate::model::export;
use crate::model::run::Run;
use crate::model::state::State;
use crate::model::svg;
use crate::model::timeline_layout::{plot, window_rows, Axis, Playhead, Window, VISIBLE_ROWS};
use crate::platform::{address as page, clipboard, files};
use crate::view::timeline::Shown;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`SharePanel`].
#[derive(Properties)]
pub struct SharePanelProps {
    /// The playground's state (for the scenario and the language).
    pub state: UseReducerHandle<State>,
    /// The current run (for downloads).
    pub run: Rc<Run>,
    /// Whether the diagram is in its narrow layout (the download draws it so too).
    pub compact: bool,
    /// What the timeline shows (the download draws the same).
    pub shown: Shown,
}

impl PartialEq for SharePanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
            && Rc::ptr_eq(&self.run, &other.run)
            && self.compact == other.compact
            && self.shown == other.shown
    }
}

/// Which part of the panel is open.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    Closed,
    /// The share link, and whether copying it worked (`None` while copying).
    Link(String, Option<bool>),
    /// The embed snippet.
    Embed(String),
}

/// Style rules that the standalone SVG files need.
const SVG_SELECTORS: &[&str] = &[
    ".diagram", ".plot", ".c0", ".c1", ".c2", ".c3", ".c4", ".c5", ".c6", ".c7",
];

/// The share, embed and download controls.
#[component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let t = texts(props.state.lang);
    let open = use_state(|| Open::Closed);
    let field = use_node_ref();

    let on_share = {
        let open = open.clone();
        let state = props.state.clone();
        let field = field.clone();
        Callback::from(move |_: MouseEvent| {
            let url = address::share_url(&page::page_url(), &state.scenario(true));
            open.set(Open::Link(url.clone(), None));
            let open = open.clone();
            let field = field.clone();
            clipboard::copy(url.clone(), move |copied| {
                if !copied {
                    // Without the clipboard, the selected field is one Ctrl+C away.
                    if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                        input.select();
                    }
                }
                open.set(Open::Link(url, Some(copied)));
            });
        })
    };
    let on_embed = {
        let open = open.clone();
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| {
            let scenario = Scenario {
                embed: true,
                ..state.scenario(true)
            };
            open.set(Open::Embed(address::embed_snippet(
                &page::page_url(),
                &scenario,
            )));
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(Open::Closed))
    };
    let download = |what: &'static str| {
        let run = Rc::clone(&props.run);
        let state = props.state.clone();
        let (compact, shown) = (props.compact, props.shown.clone());
        Callback::from(move |_: MouseEvent| {
            let css = || files::styles_for(SVG_SELECTORS);
            let (name, mime, contents) = match what {
                "json" => (
                    "loopscope-trace.json",
                    "application/json",
                    export::trace_json(&run),
                ),
                "chrome" => (
                    "loopscope-chrome-trace.json",
                    "application/json",
                    export::chrome_trace(&run, "main.py"),
                ),
                "diagram" => {
                    // The moment on screen, laid out as the page lays it out.
                    let moment = run.trace.state_at(state.cursor);
                    let layout = diagram_layout::layout_with(
                        &run,
                        &moment,
                        state.clock,
                        state.lang,
                        compact,
                        state.fold(),
                    );
                    (
                        "loopscope-diagram.svg",
                        "image/svg+xml",
                        svg::diagram_svg(&layout, &css()),
                    )
                }
                _ => {
                    let (axis, window, first) =
                        shown
                            .0
                            .get()
                            .unwrap_or((Axis::Time, Window::fit(run.summary.total), 0));
                    let at = Playhead {
                        cursor: state.cursor,
                        clock: state.clock,
                    };
                    let shown_rows = window_rows(run.rows(state.fold()), first, VISIBLE_ROWS);
                    let rows = plot(&run, shown_rows, axis, window, at, state.lang);
                    (
                        "loopscope-timeline.svg",
                        "image/svg+xml",
                        svg::timeline_svg(&rows, &css()),
                    )
                }
            };
            files::download(name, mime, &contents);
        })
    };

    html! {
        <div class="share">
            <button type="button" data-testid="share" onclick={on_share}>{ t.share }</button>
            <button type="button" data-testid="embed" onclick={on_embed}>{ t.embed }</button>
            if *open != Open::Closed {
                <div class="share-panel" role="dialog" aria-label={t.share}>
                    if let Open::Link(url, copied) = &*open {
                        <label class="share-field">
                            <span class="label">{ t.share_url }</span>
                            <input ref={field} type="text" readonly=true data-testid="share-url" value={url.clone()} />
                        </label>
                        <p class="share-status" data-testid="share-status" role="status">
                            { match copied { Some(true) => t.copied, Some(false) => t.copy_failed, None => "" } }
                        </p>
                    }
                    if let Open::Embed(snippet) = &*open {
                        <label class="share-field">
                            <span class="label">{ t.embed_help }</span>
                            <textarea readonly=true rows="3" data-testid="embed-snippet" value={snippet.clone()} />
                        </label>
                    }
                    <div class="downloads" role="group" aria-label={t.export}>
                        <span class="label">{ t.export }</span>
                        <button type="button" data-testid="export-json" onclick={download("json")}>{ t.export_json }</button>
                        <button type="button" data-testid="export-chrome" onclick={download("chrome")}>{ t.export_chrome }</button>
                        <button type="button" data-testid="export-diagram" onclick={download("diagram")}>{ t.export_diagram }</button>
                        <button type="button" data-testid="export-timeline" onclick={download("timeline")}>{ t.export_timeline }</button>
                    </div>
                    <button type="button" class="dismiss" onclick={close}>{ t.dismiss }</button>
                </div>
            }
        </div>
    }
}
