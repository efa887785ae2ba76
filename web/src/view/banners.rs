//! The banners across the top of the page: a link that could not be
//! opened, a draft set aside, storage that fails, and an engine crash.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::link::codec;
use crate::link::error::LinkError;
use crate::model::state::{Action, State};
use crate::platform::storage::{self, PREVIOUS_KEY};
use yew::prelude::*;

/// A crash of the engine, for its banner.
#[derive(Clone, Debug, PartialEq)]
pub struct Crash {
    /// The program it crashed on.
    pub source: String,
    /// What the engine said.
    pub message: String,
}

/// A message across the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Banner {
    /// The link could not be opened, and why.
    BadLink(LinkError),
    /// A link replaced a draft, which can be restored (its fragment).
    DraftKept(String),
    /// Drafts cannot be saved.
    StorageFailed,
}

/// The banner of an engine crash: what happened, that it is Loopscope's
/// bug, and a link to report it with the program.
pub fn crash_view(lang: Lang, crash: &UseStateHandle<Option<Crash>>) -> Html {
    let Some(details) = crash.as_ref() else {
        return html! {};
    };
    let t = texts(lang);
    let dismiss = {
        let crash = crash.clone();
        Callback::from(move |_: MouseEvent| crash.set(None))
    };
    let report = crate::platform::engine_client::report_url(&details.source, &details.message);
    html! {
        <div class={classes!("banner", "error")} data-testid="banner" role="alert">
            <span class="banner-text">{ t.engine_crashed }</span>
            <a data-testid="report-bug" href={report} target="_blank" rel="noopener noreferrer">{ t.report_bug }</a>
            <button type="button" class="dismiss" onclick={dismiss}>{ t.dismiss }</button>
        </div>
    }
}

/// The banners: a bad link, a draft set aside, storage that does not work.
pub fn banners_view(
    lang: Lang,
    banners: &UseStateHandle<Vec<Banner>>,
    state: &UseReducerHandle<State>,
) -> Html {
    let t = texts(lang);
    html! {
        { for banners.iter().enumerate().map(|(i, banner)| {
            let dismiss = {
                let banners = banners.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut next = (*banners).clone();
                    if i < next.len() {
                        next.remove(i);
                    }
                    banners.set(next);
                })
            };
            let (class, text, restore) = match banner {
                Banner::BadLink(error) => ("error", say(lang, &Phrase::BadLink(error.clone())), None),
                Banner::DraftKept(draft) => ("info", t.draft_kept.to_string(), Some(draft.clone())),
                Banner::StorageFailed => ("warning", t.storage_failed.to_string(), None),
            };
            let restore = restore.map(|draft| {
                let state = state.clone();
                let dismiss = dismiss.clone();
                Callback::from(move |e: MouseEvent| {
                    if let Ok(Some(scenario)) = codec::decode(&draft) {
                        state.dispatch(Action::Open(Box::new(scenario)));
                        storage::forget(PREVIOUS_KEY);
                    }
                    dismiss.emit(e);
                })
            });
            html! {
                <div class={classes!("banner", class)} data-testid="banner" role={if class == "error" { "alert" } else { "status" }}>
                    <span class="banner-text">{ text }</span>
                    if let Some(restore) = restore {
                        <button type="button" data-testid="restore-draft" onclick={restore}>{ t.restore_draft }</button>
                    }
                    <button type="button" class="dismiss" onclick={dismiss}>{ t.dismiss }</button>
                </div>
            }
        }) }
    }
}
