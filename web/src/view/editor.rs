//! The code editor: a transparent `<textarea>` over a syntax-coloured copy of
//! the same text, with line numbers, each task's current line marked in the
//! task's colour, and an error underlined at its line and column with the
//! message beside it.
//!
//! Both layers use the same font, padding and line height, so the caret and
//! selection of the textarea line up with the coloured text beneath.

use crate::model::highlight;
use std::collections::BTreeMap;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// An error to show in the code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
    /// Characters to underline (0: a short mark).
    pub width: u32,
    /// The message shown under the editor; `None` when it is shown elsewhere
    /// (an exception's traceback has its own box).
    pub message: Option<String>,
}

/// Places the wavy underline under an error's columns.
fn underline_style(e: &CodeError) -> String {
    let left = format!("left: calc({}ch + 12px)", e.col.saturating_sub(1));
    match e.width {
        0 => left,
        w => format!("{left}; width: {w}ch"),
    }
}

/// Properties of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The source text.
    pub source: AttrValue,
    /// Lines to mark, each with the colours of the tasks currently there.
    pub marks: BTreeMap<u32, Vec<usize>>,
    /// An error to underline.
    pub error: Option<CodeError>,
    /// A line to flash (clicked in a traceback).
    pub focus_line: Option<u32>,
    /// Called with the new text on every edit.
    pub on_edit: Callback<String>,
    /// Accessible name of the text area.
    pub label: AttrValue,
    /// The interface language.
    pub lang: crate::i18n::Lang,
    /// The text area's test hook (a compared copy's editor is `compare-editor`).
    #[prop_or(AttrValue::Static("code-editor"))]
    pub testid: AttrValue,
}

/// The editor component.
#[component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let source = props.source.as_str();
    let lines = use_memo(props.source.clone(), |s| highlight::lines(s));
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    // Tab is left to the browser, so keyboard users can always move on
    // from the editor (no keyboard trap); indentation is typed with spaces.
    let count = lines.len();

    html! {
        <div class="editor">
            <ol class="gutter" aria-hidden="true">
                { for (1..=count).map(|n| {
                    let n = n as u32;
                    let marks = props.marks.get(&n);
                    html! {
                        <li class={classes!(
                            marks.is_some().then_some("marked"),
                            (props.error.as_ref().map(|e| e.line) == Some(n)).then_some("has-error"),
                        )}>
                            // A few dots say "tasks are here"; thousands would only cost time.
                            // They sit in space the gutter always keeps, so the code never
                            // shifts sideways (and is not repainted) as tasks come and go.
                            if let Some(marks) = marks {
                                <span class="dots">
                                    { for marks.iter().take(3).map(|c| html! { <span class={classes!("task-dot", format!("c{c}"))}></span> }) }
                                </span>
                            }
                            { n }
                        </li>
                    }
                }) }
            </ol>
            <div class="code-layers">
                <pre class="code-view" aria-hidden="true">
                    { for lines.iter().enumerate().map(|(i, pieces)| {
                        let n = (i + 1) as u32;
                        let marks = props.marks.get(&n);
                        let colour = marks.and_then(|m| m.first()).map(|c| format!("c{c}"));
                        let error = props.error.as_ref().filter(|e| e.line == n);
                        html! {
                            <div class={classes!(
                                "code-line",
                                colour.is_some().then_some("current"),
                                colour,
                                (props.focus_line == Some(n)).then_some("focused"),
                            )}>
                                { for pieces.iter().map(|p| {
                                    let text = &source[p.start..p.end];
                                    match p.class.css() {
                                        Some(class) => html! { <span class={class}>{ text }</span> },
                                        None => html! { { text } },
                                    }
                                }) }
                                { "\u{200b}" }
                                if let Some(e) = error {
                                    <span class="error-underline" style={underline_style(e)}></span>
                                }
                            </div>
                        }
                    }) }
                </pre>
                <textarea
                    data-testid={props.testid.clone()}
                    aria-label={props.label.clone()}
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    rows={count.to_string()}
                    value={props.source.clone()}
                    oninput={on_input}
                />
            </div>
            if let Some((e, message)) = props.error.as_ref().and_then(|e| Some((e, e.message.as_ref()?))) {
                <p class="code-error" data-testid="error" role="alert">
                    <strong>{ crate::i18n::say(props.lang, &crate::i18n::Phrase::LineCol(e.line, e.col)) }</strong>{ message }
                </p>
            }
        </div>
    }
}
