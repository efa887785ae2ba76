//! The page's top bar: the brand, the example and language menus, the
//! Compare button and the share panel.
//!
//! Built by a function of its own rather than inside the page's, for the
//! reason `view::controls` gives: the page's view as one function was too
//! large to optimise without getting in the way of the first seeks.

use crate::i18n::{texts, Lang};
use crate::model::presets::PRESETS;
use crate::model::run::Run;
use crate::model::state::{Action, State, COMPARE_DEFAULT};
use crate::view::hooks::on_click;
use crate::view::share_panel::SharePanel;
use crate::view::timeline::Shown;
use std::rc::Rc;
use yew::prelude::*;

/// The top bar for `state` showing `run`; the menus' nodes and change
/// handlers come from the page, which keeps their selections in step.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn topbar(
    state: &UseReducerHandle<State>,
    run: &Rc<Run>,
    compact: bool,
    shown: &UseStateHandle<Shown>,
    preset_ref: &NodeRef,
    lang_ref: &NodeRef,
    on_preset: Callback<Event>,
    on_lang: Callback<Event>,
) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    let selected = state.preset.map(|p| p.id).unwrap_or("");
    let dispatch = |action: Action| on_click(state, action);
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "⟳" }</span>
                <h1>{ "Loopscope" }</h1>
                <span class="tagline">{ t.tagline }</span>
            </div>
            <div class="header-controls">
                <label class="preset-picker">
                    <span class="label">{ t.example }</span>
                    <select ref={preset_ref.clone()} data-testid="preset-select" onchange={on_preset} aria-label={t.example_aria}>
                        if state.preset.is_none() {
                            <option value="" selected=true>{ t.your_code }</option>
                        }
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={p.id == selected}>{ p.title(lang) }</option>
                        }) }
                    </select>
                </label>
                <label class="lang-picker">
                    <span class="label">{ t.language }</span>
                    <select ref={lang_ref.clone()} data-testid="lang-select" onchange={on_lang} aria-label={t.language}>
                        { for Lang::ALL.iter().map(|l| html! {
                            <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.name() }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="compare-button" data-testid="compare" aria-pressed={state.compare.is_some().to_string()}
                        title={t.compare_title}
                        onclick={if state.compare.is_some() { dispatch(Action::CloseCompare) } else { dispatch(Action::OpenCompare(COMPARE_DEFAULT.into())) }}>
                    { t.compare }
                </button>
                <SharePanel state={state.clone()} run={Rc::clone(run)} compact={compact} shown={(**shown).clone()} />
            </div>
        </header>
    }
}
