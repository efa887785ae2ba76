//! What a link says about a scenario, and the program it runs: a preset
//! with moved sliders, or the edited code.

use crate::model::presets::{self, Preset};
use crate::model::sliders;

/// Everything a link says about a scenario.
///
/// `preset` and `code` exclude each other (when both are set, [`encode`](super::codec::encode)
/// writes the code); `sliders` only mean something with `preset`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// Id of the preset the program is (with `sliders` moved); `None` with no `code`: the default preset.
    pub preset: Option<String>,
    /// Slider overrides on the preset: (index into the preset's sliders, value).
    pub sliders: Vec<(usize, f64)>,
    /// The edited program, when it is not a preset with moved sliders.
    pub code: Option<String>,
    /// Operations per second of Python code; `None`: the preset's own setting (free code for edited code).
    pub cpu_speed: Option<f64>,
    /// Run as a free-threaded build (no GIL; PEP 703, 3.13t and later)
    /// instead of CPython 3.12 with its GIL.
    pub free_threaded: bool,
    /// CPU cores of the virtual machine; `None`: the default, four.
    pub cores: Option<u32>,
    /// The playhead in virtual seconds.
    pub t: Option<f64>,
    /// The playhead as a number of applied events.
    pub event: Option<usize>,
    /// Playback speed: an option value of the speed menu (`"1"`, `"10"`, `"step"`).
    pub speed: Option<String>,
    /// Interface language (`"en"`, `"ja"`).
    pub lang: Option<String>,
    /// Whether the compact embedded layout is asked for.
    pub embed: bool,
    /// Whether the page opens in predict mode (a teacher's link).
    pub quiz: bool,
    /// View options, in the order given.
    pub view: Vec<String>,
    /// The second program of a comparison, if one is open.
    pub compare: Option<Compared>,
    /// Keys [`decode`](super::codec::decode) did not know and skipped (at most 8, clipped); never encoded.
    pub ignored: Vec<String>,
}

/// The second program of a comparison, as a link carries it.
#[derive(Clone, Debug, PartialEq)]
pub enum Compared {
    /// A preset as it ships, by id (`cmp=blocking`): a preset pair stays a short link.
    Preset(String),
    /// Any other program (`cc=`, compressed like `c`).
    Code(String),
}

impl Compared {
    /// The compared program for `source`: the preset it is, if it is one as shipped, else the code.
    pub fn from_source(source: &str) -> Compared {
        match presets::PRESETS.iter().find(|p| p.source == source) {
            Some(preset) => Compared::Preset(preset.id.to_string()),
            None => Compared::Code(source.to_string()),
        }
    }
}

impl Scenario {
    /// The scenario for `source` (playhead, speed and the rest left unset):
    /// a preset with moved sliders when `source` is exactly that (tried
    /// first for `preset_hint`, then for every preset), otherwise the code.
    pub fn from_source(source: &str, preset_hint: Option<&str>) -> Scenario {
        let hinted = preset_hint.and_then(presets::find);
        let candidates = hinted.into_iter().chain(
            presets::PRESETS
                .iter()
                .filter(|p| Some(p.id) != preset_hint),
        );
        for preset in candidates {
            if let Some(sliders) = slider_changes(preset, source) {
                return Scenario {
                    preset: Some(preset.id.to_string()),
                    sliders,
                    ..Scenario::default()
                };
            }
        }
        Scenario {
            code: Some(source.to_string()),
            ..Scenario::default()
        }
    }

    /// The program this scenario runs: its preset, if any, and the source
    /// (the code; or the preset's source with the sliders moved; or the
    /// default preset when there is neither or the preset is unknown).
    pub fn program(&self) -> (Option<&'static Preset>, String) {
        if let Some(code) = &self.code {
            return (None, code.clone());
        }
        let preset = self
            .preset
            .as_deref()
            .and_then(presets::find)
            .or_else(|| presets::find(presets::DEFAULT_PRESET))
            .unwrap_or(&presets::PRESETS[0]);
        (Some(preset), apply_sliders(preset, &self.sliders))
    }
}

/// The preset's source with the given sliders moved.
fn apply_sliders(preset: &Preset, overrides: &[(usize, f64)]) -> String {
    if overrides.is_empty() {
        return preset.source.to_string();
    }
    let all = sliders::extract(preset.source);
    // Rewriting from the end keeps the byte ranges of earlier literals valid.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(all[i].start));
    let mut source = preset.source.to_string();
    for i in order {
        if let Some((_, value)) = overrides.iter().find(|(j, _)| *j == i) {
            source = all[i].rewrite(&source, *value);
        }
    }
    source
}

/// The slider moves that turn `preset` into exactly `source`, if there are such.
fn slider_changes(preset: &Preset, source: &str) -> Option<Vec<(usize, f64)>> {
    if source == preset.source {
        return Some(Vec::new());
    }
    // Cheap test first: apart from digits and dots, a preset with moved
    // sliders is the preset, character for character.
    let skeleton = |s: &'_ str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit() && *c != '.' && *c != '_')
            .collect::<String>()
    };
    if skeleton(source) != skeleton(preset.source) {
        return None;
    }
    let ours = sliders::extract(preset.source);
    let theirs = sliders::extract(source);
    if ours.len() != theirs.len() || ours.is_empty() {
        return None;
    }
    let changes: Vec<(usize, f64)> = ours
        .iter()
        .zip(&theirs)
        .enumerate()
        .filter(|(_, (a, b))| preset.source.get(a.start..a.end) != source.get(b.start..b.end))
        .map(|(i, (_, b))| (i, b.value))
        .collect();
    // Only a link that rebuilds the very same text will do.
    (apply_sliders(preset, &changes) == source).then_some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::codec::{decode, encode};

    #[test]
    fn from_source_finds_presets_and_falls_back_to_code() {
        for preset in presets::PRESETS {
            let sc = Scenario::from_source(preset.source, None);
            assert_eq!(sc.preset.as_deref(), Some(preset.id));
            assert!(sc.sliders.is_empty() && sc.code.is_none());
            assert_eq!(sc.program(), (Some(preset), preset.source.to_string()));
            // Every slider moved, then back through a link.
            let mut source = preset.source.to_string();
            for i in 0..sliders::extract(preset.source).len() {
                let s = &sliders::extract(&source)[i];
                source = s.rewrite(&source, (s.value + 1.0).min(s.max));
            }
            let sc = Scenario::from_source(&source, None);
            assert_eq!(sc.preset.as_deref(), Some(preset.id), "{source}");
            let back = decode(&encode(&sc)).unwrap().unwrap();
            assert_eq!(back.program(), (Some(preset), source));
        }
        // An edit that is not a slider move is code, even when it looks close.
        let two = presets::find("two-tasks").unwrap().source;
        for edited in [
            two.replace("func1() started", "func1() begun"),
            two.replace("sleep(1)", "sleep(1.50)"),
            format!("{two}\n"),
            String::new(),
        ] {
            let sc = Scenario::from_source(&edited, Some("two-tasks"));
            assert_eq!(sc.code.as_deref(), Some(edited.as_str()));
            assert_eq!(sc.program(), (None, edited.clone()));
            assert_eq!(decode(&encode(&sc)).unwrap().unwrap().program().1, edited);
        }
        assert_eq!(
            Scenario::default().program().0.map(|p| p.id),
            Some(presets::DEFAULT_PRESET)
        );
    }
}
