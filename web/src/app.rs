//! The root component: header, code, event-loop diagram and timeline.

use crate::presets::PRESETS;
use crate::state::{Action, State};
use std::rc::Rc;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The whole playground page.
#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::SelectPreset(select.value()));
        })
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::Edit(area.value()));
        })
    };
    let selected = state.preset.map(|p| p.id).unwrap_or("");

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "⟳" }</span>
                    <h1>{ "Loopscope" }</h1>
                    <span class="tagline">{ "See Python's asyncio event loop, step by step" }</span>
                </div>
                <label class="preset-picker">
                    <span class="label">{ "Example" }</span>
                    <select data-testid="preset-select" onchange={on_preset} aria-label="Example program">
                        if state.preset.is_none() {
                            <option value="" selected=true>{ "Your code" }</option>
                        }
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={p.id == selected}>{ p.title }</option>
                        }) }
                    </select>
                </label>
            </header>
            if let Some(preset) = state.preset {
                <p class="notice" data-testid="notice">{ preset.notice }</p>
            }
            <main class="workspace">
                <section class="pane code-pane" aria-labelledby="code-heading">
                    <h2 id="code-heading">{ "Code" }</h2>
                    <CodeEditor source={state.source.clone()} lines={state.line_count()} on_input={on_edit} />
                </section>
                <section class="pane diagram-pane" aria-labelledby="diagram-heading">
                    <h2 id="diagram-heading">{ "Event loop" }</h2>
                    <Diagram />
                </section>
                <section class="pane timeline-pane" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">{ "Timeline" }</h2>
                    <div class="timeline" data-testid="timeline" role="group" aria-label="Timeline of tasks and threads">
                        <p class="empty">{ "Each task and thread gets a row here once the program runs." }</p>
                    </div>
                </section>
            </main>
        </div>
    }
}

/// Properties of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The source text.
    pub source: String,
    /// How many lines it has (for the gutter).
    pub lines: usize,
    /// Called with every edit.
    pub on_input: Callback<InputEvent>,
}

/// An editable code area with a line-number gutter.
#[component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    html! {
        <div class="editor">
            <ol class="gutter" aria-hidden="true">
                { for (1..=props.lines).map(|n| html! { <li>{ n }</li> }) }
            </ol>
            <textarea
                data-testid="code-editor"
                aria-label="Python source"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                rows={props.lines.to_string()}
                value={props.source.clone()}
                oninput={props.on_input.clone()}
            />
        </div>
    }
}

/// The event-loop diagram: the loop thread, its ready queue and its timers.
#[component(Diagram)]
pub fn diagram() -> Html {
    html! {
        <svg class="diagram" data-testid="diagram" viewBox="0 0 640 300" role="img" aria-label="Event loop diagram">
            <g class="lane">
                <rect x="8" y="12" width="624" height="72" rx="10" />
                <text x="24" y="36" class="lane-title">{ "Loop thread" }</text>
                <text x="24" y="62" class="lane-detail">{ "not started" }</text>
            </g>
            <g class="lane">
                <rect x="8" y="100" width="624" height="80" rx="10" />
                <text x="24" y="124" class="lane-title">{ "Ready queue" }</text>
                <text x="24" y="150" class="lane-detail">{ "empty" }</text>
            </g>
            <g class="lane">
                <rect x="8" y="196" width="624" height="92" rx="10" />
                <text x="24" y="220" class="lane-title">{ "Timers" }</text>
                <text x="24" y="246" class="lane-detail">{ "none scheduled" }</text>
            </g>
        </svg>
    }
}
