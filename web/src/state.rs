//! The playground's state and the pure reducer that changes it.
//!
//! Components never mutate state themselves: they dispatch an [`Action`],
//! and [`State::apply`] computes the next state.  Keeping this free of the
//! DOM lets every interaction be tested natively.

use crate::presets::{self, Preset};

/// Everything the playground shows, derived from what the user chose.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The preset the code came from, if it is still unedited.
    pub preset: Option<&'static Preset>,
    /// The Python source in the editor.
    pub source: String,
}

/// A change the user (or a timer) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Pick a preset by id; unknown ids are ignored.
    SelectPreset(String),
    /// Replace the source with what the user typed.
    Edit(String),
}

impl Default for State {
    fn default() -> Self {
        let preset = presets::find(presets::DEFAULT_PRESET).unwrap_or(&presets::PRESETS[0]);
        State {
            preset: Some(preset),
            source: preset.source.to_string(),
        }
    }
}

impl State {
    /// The state after `action`.
    pub fn apply(&self, action: Action) -> State {
        match action {
            Action::SelectPreset(id) => match presets::find(&id) {
                Some(preset) => State {
                    preset: Some(preset),
                    source: preset.source.to_string(),
                },
                None => self.clone(),
            },
            Action::Edit(source) => State {
                preset: self.preset.filter(|p| p.source == source),
                source,
            },
        }
    }

    /// Number of lines in the source, for the editor's gutter.
    pub fn line_count(&self) -> usize {
        self.source.split('\n').count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(actions: &[Action], preset: Option<&str>, source_starts: &str) {
        let state = actions
            .iter()
            .cloned()
            .fold(State::default(), |s, a| s.apply(a));
        assert_eq!(state.preset.map(|p| p.id), preset, "after {actions:?}");
        assert!(
            state.source.starts_with(source_starts),
            "after {actions:?}: {:?}",
            state.source
        );
    }

    #[test]
    fn reducer() {
        use Action::*;
        check(&[], Some("two-tasks"), "import asyncio\n\nasync def func1");
        check(
            &[SelectPreset("hello".into())],
            Some("hello"),
            "import asyncio\n\nasync def say_hello",
        );
        check(
            &[SelectPreset("nope".into())],
            Some("two-tasks"),
            "import asyncio",
        );
        check(&[Edit("print(1)".into())], None, "print(1)");
        let hello = presets::find("hello").unwrap().source.to_string();
        check(
            &[SelectPreset("hello".into()), Edit(hello)],
            Some("hello"),
            "import asyncio",
        );
    }

    #[test]
    fn line_count_counts_the_last_line() {
        let state = State::default().apply(Action::Edit("a\nb\n".into()));
        assert_eq!(state.line_count(), 3);
    }
}
