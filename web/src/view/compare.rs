//! The compared scenario, beside the first: its program picker (a preset,
//! or a copy of the code to edit), its total, its diagram at the shared
//! playhead, and its editor when it is a copy.

use super::diagram::Diagram;
use super::editor::Editor;
use super::hooks::{use_select_value, use_state_at};
use crate::i18n::{say, texts, Phrase};
use crate::model::presets::PRESETS;
use crate::model::state::{Action, State, COMPARE_COPY};
use crate::model::words::{self, secs};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Properties of [`ComparePane`].
#[derive(Properties, PartialEq)]
pub struct ComparePaneProps {
    /// The playground's state (the comparison, the playhead) and its dispatcher.
    pub state: UseReducerHandle<State>,
    /// Whether the diagram is in its narrow layout.
    pub compact: bool,
}

/// The compared scenario's pane (nothing when no comparison is open).
#[component(ComparePane)]
pub fn compare_pane(props: &ComparePaneProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let t = texts(lang);
    let empty = use_memo((), |_| {
        crate::model::run::Run::new(
            loopscope_sim::Trace::new(),
            crate::model::run::Ending::Finished,
        )
    });
    let run = state
        .compare
        .as_ref()
        .map_or_else(|| Rc::clone(&empty), |c| Rc::clone(&c.run));
    let view = use_state_at(&run, state.compare_cursor());
    let selected = match &state.compare {
        Some(c) => c.preset.map_or(COMPARE_COPY, |p| p.id),
        None => "",
    };
    let select_ref = use_select_value(selected.to_string());
    let Some(compare) = &state.compare else {
        return html! {};
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::OpenCompare(select.value()));
        })
    };
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CloseCompare))
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |source: String| state.dispatch(Action::EditCompare(source)))
    };
    html! {
        <section class={classes!("pane", "compare-pane", compare.pending.then_some("stale"))}
                 aria-labelledby="compare-heading" data-testid="compare-pane">
            <div class="pane-head">
                <h2 id="compare-heading">{ t.compare_heading }</h2>
                <select ref={select_ref} data-testid="compare-select" aria-label={t.compare_select} onchange={on_select}>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={p.id == selected}>{ p.title(lang) }</option>
                    }) }
                    <option value={COMPARE_COPY} selected={selected == COMPARE_COPY}>{ t.compare_copy }</option>
                </select>
                <button type="button" class="close" data-testid="compare-close" onclick={close}
                        aria-label={t.compare_close} title={t.compare_close}>{ "×" }</button>
            </div>
            <p class="compare-summary">
                <span class="compare-total" data-testid="compare-total">{ say(lang, &Phrase::CompareTotal(secs(run.summary.total))) }</span>
                { " · " }
                <span>{ if compare.pending && run.is_empty() { t.compare_waiting.to_string() } else { words::summary(lang, &run) } }</span>
            </p>
            <Diagram run={Rc::clone(&run)} state={view} clock={state.clock} lang={lang} compact={props.compact}
                     fold={state.fold()} id="compare-diagram" />
            if compare.preset.is_none() && !state.embed {
                <Editor source={AttrValue::from(compare.source.clone())} marks={BTreeMap::new()} error={None}
                        focus_line={None} on_edit={on_edit} label={t.compare_code} lang={lang} testid="compare-editor" />
            }
        </section>
    }
}
