//! Predict mode's panel and the await tree's view: both render what
//! `model::predict` and `model::await_tree` compute, and dispatch actions.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::await_tree::{await_tree, NodeKind};
use crate::model::predict::{choice_text, prompt, why};
use crate::model::run::{task_colour, Run};
use crate::model::state::{Action, State};
use loopscope_sim::State as Moment;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`AwaitTree`].
#[derive(Properties)]
pub struct AwaitTreeProps {
    /// The run.
    pub run: Rc<Run>,
    /// The state at the cursor.
    pub state: Rc<Moment>,
    /// The interface language.
    pub lang: Lang,
    /// Leave out asyncio.run's own shutdown tasks.
    pub fold: bool,
}

impl PartialEq for AwaitTreeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && Rc::ptr_eq(&self.state, &other.state)
            && self.lang == other.lang
            && self.fold == other.fold
    }
}

/// The await tree: one node a line, indented two spaces a level, so its text
/// reads as the tree (and copies as one).
#[component(AwaitTree)]
pub fn await_tree_view(props: &AwaitTreeProps) -> Html {
    let nodes = await_tree(props.lang, &props.run, &props.state, props.fold);
    let t = texts(props.lang);
    html! {
        <div class="await-tree-pane" role="tabpanel" id="await-tree-panel" aria-labelledby="await-tree-tab">
            if nodes.is_empty() {
                <p class="tree-empty">{ t.tree_empty }</p>
            }
            <pre class="await-tree" data-testid="await-tree" aria-label={t.await_tree}>
                { for nodes.iter().map(|n| {
                    let class = match n.kind {
                        NodeKind::Task(_) => "tree-task",
                        NodeKind::Future => "tree-future",
                        NodeKind::Thread => "tree-thread",
                    };
                    let style = match n.kind {
                        NodeKind::Task(task) => format!("--c: var(--task-{})", task_colour(task)),
                        _ => String::new(),
                    };
                    let indent = "  ".repeat(n.depth);
                    html! {
                        <>{ indent }<span class={class} style={style}>{ &n.text }</span>{ "\n" }</>
                    }
                }) }
            </pre>
        </div>
    }
}

/// Properties of [`PredictPanel`].
#[derive(Properties, PartialEq)]
pub struct PredictProps {
    /// The page's state.
    pub state: UseReducerHandle<State>,
}

/// The question open at the cursor with its choices, or the last answer
/// revealed with why, and the score so far.
#[component(PredictPanel)]
pub fn predict_panel(props: &PredictProps) -> Html {
    let state = &props.state;
    let question_ref = use_node_ref();
    let continue_ref = use_node_ref();
    let open_at = state.question().map(|q| q.at);
    let revealed = state.quiz.as_ref().and_then(|q| q.revealed);
    // Focus follows the session: to the question when one opens, to
    // "Continue" once an answer is revealed, so the keyboard alone plays it.
    {
        let question_ref = question_ref.clone();
        let continue_ref = continue_ref.clone();
        use_effect_with((open_at, revealed), move |(open_at, revealed)| {
            let target = if open_at.is_some() {
                Some(question_ref)
            } else if revealed.is_some() {
                Some(continue_ref)
            } else {
                None
            };
            crate::platform::document::focus(target.and_then(|r| r.cast::<web_sys::Element>()));
        });
    }
    let Some(quiz) = state.quiz.as_ref() else {
        return html! {};
    };
    let lang = state.lang;
    let t = texts(lang);
    let run = &state.run;
    let (right, of) = quiz.score();
    let body = if let Some(q) = state.question() {
        html! {
            <>
                <p class="predict-question" data-testid="predict-question" id="predict-question"
                   tabindex="-1" ref={question_ref}>{ prompt(lang, q) }</p>
                <div class="predict-choices" role="group" aria-labelledby="predict-question">
                    { for (0..q.choices.len()).map(|i| {
                        let st = state.clone();
                        let onclick = Callback::from(move |_: MouseEvent| st.dispatch(Action::Answer(i)));
                        html! {
                            <button type="button" data-testid="predict-choice" class="predict-choice" {onclick}>
                                { choice_text(lang, run, q, i) }
                            </button>
                        }
                    }) }
                </div>
            </>
        }
    } else if let Some(q) = revealed.and_then(|at| quiz.question(at)) {
        let chosen = quiz.answers.get(&q.at).copied();
        let result = if chosen == Some(q.answer) {
            say(lang, &Phrase::Right)
        } else {
            say(lang, &Phrase::Wrong(choice_text(lang, run, q, q.answer)))
        };
        let st = state.clone();
        let go_on = Callback::from(move |_: MouseEvent| st.dispatch(Action::TogglePlay));
        html! {
            <>
                <p class={classes!("predict-result", if chosen == Some(q.answer) { "right" } else { "wrong" })}
                   data-testid="predict-result">{ result }</p>
                <p class="predict-why" data-testid="predict-why">{ why(lang, run, q) }</p>
                if state.cursor < run.len() {
                    <button type="button" class="predict-continue" data-testid="predict-continue"
                            ref={continue_ref} onclick={go_on}>{ t.predict_continue }</button>
                }
            </>
        }
    } else {
        html! { <p class="predict-waiting">{ t.predict_waiting }</p> }
    };
    html! {
        <section class="predict" role="region" aria-label={t.predict_region} data-testid="predict-panel">
            <div class="predict-head">
                <strong>{ t.predict }</strong>
                <span class="predict-score" data-testid="predict-score">{ say(lang, &Phrase::Score(right, of)) }</span>
            </div>
            <div class="predict-body" aria-live="polite">{ body }</div>
        </section>
    }
}
