//! When the page saves a draft, adds a history entry, and what it opens on
//! load or on back and forward: the decisions, as pure functions.  The
//! browser calls that carry them out are in `platform`.
//!
//! The policy: the scenario (without the playhead) is the draft, saved
//! whenever it changes after the first render.  Choosing another preset
//! adds a history entry; every other change replaces the current one.  A
//! link opens its scenario, and never loses a draft holding another
//! program: that draft is set aside and offered back.  With no scenario in
//! the link, the page opens the draft.

use super::codec::{decode, encode};
use super::error::LinkError;
use super::scenario::Scenario;
use crate::model::presets;

/// How a new address goes into the session history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A new entry, which back returns from.
    Push,
    /// In place of the current entry.
    Replace,
}

/// What the address bar and the saved draft become after a render.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    /// The fragment to show.
    pub fragment: String,
    /// Whether it adds a history entry.
    pub entry: Entry,
    /// The draft to save, if any.
    pub draft: Option<String>,
}

/// The fragment the address bar shows for `scenario`.
pub fn fragment(scenario: &Scenario) -> String {
    encode(scenario)
}

/// The draft saved for `scenario`: the scenario without the playhead, so
/// that playing does not rewrite it every frame.
pub fn draft(scenario: &Scenario) -> String {
    encode(&Scenario {
        t: None,
        event: None,
        ..scenario.clone()
    })
}

/// What to do after a render showed `fragment` and `draft`: `preset_changed`
/// when another preset was chosen since the last render, `first` on the
/// first render (which only shows what was opened, so saving it could
/// overwrite a draft the person has not chosen to leave, and adding an entry
/// would make back return to the same page).
pub fn update(fragment: String, draft: String, preset_changed: bool, first: bool) -> Update {
    Update {
        fragment,
        entry: if preset_changed && !first {
            Entry::Push
        } else {
            Entry::Replace
        },
        draft: (!first).then_some(draft),
    }
}

/// When a scenario is being opened from the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The page loads.
    Load,
    /// Back or forward moved to another entry (or a link was pasted into the tab).
    HistoryMove,
}

/// What the drafts need when a link opens.
#[derive(Clone, Debug, PartialEq)]
pub enum Drafts {
    /// Nothing.
    Keep,
    /// Move this draft to the set-aside slot and, once it is there, offer it back.
    SetAside(String),
    /// Offer again this draft, set aside earlier and not restored yet.
    Offer(String),
}

/// What opening the address gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// The scenario to open; `None` leaves the page as it is (the default on load).
    pub scenario: Option<Scenario>,
    /// What the drafts need.
    pub drafts: Drafts,
    /// Why the link could not be opened.
    pub error: Option<LinkError>,
}

/// What to open from `link` (the fragment, decoded) with the saved `draft`
/// and the draft set aside earlier (`previous`).
///
/// On load, a link's scenario opens; a draft with another program is set
/// aside, else a draft set aside before with another program is offered
/// again; with no link, the draft opens.  On a history move the draft is
/// set aside the same way (a link pasted into this tab must not lose edited
/// code), but what was set aside earlier is not offered again, and an
/// entry without a scenario changes nothing.
pub fn opening(
    when: When,
    link: Result<Option<Scenario>, LinkError>,
    draft: Option<&str>,
    previous: Option<&str>,
) -> Opening {
    let nothing = Opening {
        scenario: None,
        drafts: Drafts::Keep,
        error: None,
    };
    match link {
        Ok(Some(scenario)) => {
            let program = scenario.program().1;
            let drafts = match draft.filter(|d| other_program(d, &program)) {
                Some(draft) => Drafts::SetAside(draft.to_string()),
                None => match previous.filter(|d| when == When::Load && other_program(d, &program))
                {
                    Some(previous) => Drafts::Offer(previous.to_string()),
                    None => Drafts::Keep,
                },
            };
            Opening {
                scenario: Some(scenario),
                drafts,
                error: None,
            }
        }
        Ok(None) if when == When::Load => Opening {
            scenario: draft.and_then(|d| decode(d).ok().flatten()),
            ..nothing
        },
        Ok(None) => nothing,
        Err(error) => Opening {
            error: Some(error),
            ..nothing
        },
    }
}

/// The preset a history entry's scenario shows, which counts as already
/// chosen when back or forward opens it, so that moving through history
/// does not add history.
pub fn shown_preset(scenario: &Scenario) -> Option<&'static str> {
    scenario
        .preset
        .as_deref()
        .and_then(presets::find)
        .map(|p| p.id)
}

/// Whether a saved draft holds a program other than `program` (and so
/// must not be lost when a link opens over it).
fn other_program(draft: &str, program: &str) -> bool {
    match decode(draft) {
        Ok(Some(saved)) => saved.program().1 != program,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(id: &str) -> Scenario {
        Scenario {
            preset: Some(id.into()),
            ..Scenario::default()
        }
    }

    fn code(text: &str) -> Scenario {
        Scenario {
            code: Some(text.into()),
            ..Scenario::default()
        }
    }

    #[test]
    fn the_draft_leaves_out_the_playhead() {
        let playing = Scenario {
            t: Some(1.5),
            event: Some(7),
            ..preset("future")
        };
        assert_eq!(fragment(&playing), "v=1&p=future&t=1.5&e=7");
        assert_eq!(draft(&playing), "v=1&p=future");
    }

    #[test]
    fn history_and_drafts_after_a_render() {
        let check = |changed: bool, first: bool, entry: Entry, saves: bool| {
            let got = update("f".into(), "d".into(), changed, first);
            assert_eq!(got.fragment, "f");
            assert_eq!(got.entry, entry, "changed {changed}, first {first}");
            assert_eq!(
                got.draft.is_some(),
                saves,
                "changed {changed}, first {first}"
            );
        };
        check(true, false, Entry::Push, true);
        check(false, false, Entry::Replace, true);
        check(true, true, Entry::Replace, false);
        check(false, true, Entry::Replace, false);
    }

    #[test]
    fn what_opens_and_what_happens_to_the_drafts() {
        let edited = fragment(&code("print(1)\n"));
        let other = fragment(&code("print(2)\n"));
        let link = |s: Scenario| Ok(Some(s));
        let check = |when: When,
                     link: Result<Option<Scenario>, LinkError>,
                     draft: Option<&str>,
                     previous: Option<&str>,
                     scenario: Option<Scenario>,
                     drafts: Drafts,
                     error: Option<LinkError>| {
            let got = opening(when, link.clone(), draft, previous);
            let want = Opening {
                scenario,
                drafts,
                error,
            };
            assert_eq!(got, want, "{when:?} {link:?} {draft:?} {previous:?}");
        };
        use Drafts::*;
        use When::*;
        // A link over a draft with another program sets the draft aside.
        for when in [Load, HistoryMove] {
            check(
                when,
                link(preset("hello")),
                Some(&edited),
                None,
                Some(preset("hello")),
                SetAside(edited.clone()),
                None,
            );
        }
        // A draft of the same program is not in the way.
        check(
            Load,
            link(code("print(1)\n")),
            Some(&edited),
            None,
            Some(code("print(1)\n")),
            Keep,
            None,
        );
        // A draft of the link's preset with the same sliders is the same program.
        check(
            Load,
            link(preset("hello")),
            Some(&fragment(&preset("hello"))),
            Some(&other),
            Some(preset("hello")),
            Offer(other.clone()),
            None,
        );
        // Something set aside before is offered again on load only.
        check(
            Load,
            link(preset("hello")),
            None,
            Some(&other),
            Some(preset("hello")),
            Offer(other.clone()),
            None,
        );
        check(
            HistoryMove,
            link(preset("hello")),
            None,
            Some(&other),
            Some(preset("hello")),
            Keep,
            None,
        );
        // ...and not when it is the link's own program.
        check(
            Load,
            link(code("print(2)\n")),
            None,
            Some(&other),
            Some(code("print(2)\n")),
            Keep,
            None,
        );
        // A damaged draft is never set aside.
        check(
            Load,
            link(preset("hello")),
            Some("v=9"),
            None,
            Some(preset("hello")),
            Keep,
            None,
        );
        // No scenario in the link: the draft opens on load, nothing on a history move.
        check(
            Load,
            Ok(None),
            Some(&edited),
            None,
            Some(code("print(1)\n")),
            Keep,
            None,
        );
        check(Load, Ok(None), None, Some(&other), None, Keep, None);
        check(Load, Ok(None), Some("garbage"), None, None, Keep, None);
        check(HistoryMove, Ok(None), Some(&edited), None, None, Keep, None);
        // A bad link says why and opens nothing.
        for when in [Load, HistoryMove] {
            check(
                when,
                Err(LinkError::MissingVersion),
                Some(&edited),
                Some(&other),
                None,
                Keep,
                Some(LinkError::MissingVersion),
            );
        }
    }

    #[test]
    fn a_history_entry_counts_its_preset_as_shown() {
        assert_eq!(shown_preset(&preset("future")), Some("future"));
        assert_eq!(shown_preset(&preset("nope")), None);
        assert_eq!(shown_preset(&code("x")), None);
    }
}
