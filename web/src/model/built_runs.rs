//! The presets' own runs, made when the page is built and shipped inside it.
//!
//! A preset on its own machine always makes the same run (the model is
//! deterministic), so the page need not make it again on every visit: each
//! [`Preset`] carries its run as the bytes the engine's worker would send
//! ([`crate::model::wire`]), and choosing a preset, or opening the page on
//! the default one, only decodes them.  The page's thread then never runs
//! the interpreter, whose first call there cost more in compiling its code
//! than the run itself (about 80 ms of a first visit's 200 ms of script).
//!
//! The bytes live in `web/src/model/runs/` and a test keeps them true: it
//! makes every preset's run natively and compares
//! (`LOOPSCOPE_BLESS=1 cargo test -p loopscope-web built_runs` rewrites
//! them after a change to the interpreter, the model or the wire format),
//! and a browser test checks that the engine compiled to wasm makes the
//! same bytes.

use crate::model::engine::Machine;
use crate::model::presets::{Preset, PRESETS};
use crate::model::run::Run;
use std::rc::Rc;

/// The run of `source` on `machine` when they are a preset's program on its
/// own machine, from the bytes built into the page; `None` otherwise (and
/// for bytes that do not decode, which the tests rule out: the page then
/// makes the run as for any program).
pub fn built_run(source: &str, machine: Machine) -> Option<Run> {
    let preset = PRESETS
        .iter()
        .find(|p| p.source == source && p.machine() == machine)?;
    decoded(preset)
}

/// A preset's built-in run, decoded.
fn decoded(preset: &Preset) -> Option<Run> {
    let (trace, ending, sliders) = crate::model::wire::decode(preset.run).ok()?;
    let mut run = Run::new(trace, ending);
    run.sliders = Rc::new(sliders);
    Some(run)
}

/// The bytes of `preset`'s run as the engine makes it now: what
/// [`Preset::run`] must hold.
pub fn made_now(preset: &Preset) -> Vec<u8> {
    let (trace, ending, sliders) =
        crate::model::engine::execute_parts(preset.source, preset.machine());
    crate::model::wire::encode(&trace, &ending, &sliders)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute_on;

    /// Where the bytes of `preset`'s run are kept, for blessing.
    fn path_of(preset: &Preset) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/model/runs")
            .join(format!("{}.run", preset.id))
    }

    #[test]
    fn every_presets_built_run_is_the_run_the_engine_makes_now() {
        let bless = std::env::var_os("LOOPSCOPE_BLESS").is_some();
        let mut stale = Vec::new();
        for preset in PRESETS {
            let now = made_now(preset);
            if now == preset.run {
                continue;
            }
            if bless {
                std::fs::write(path_of(preset), &now).expect("write the preset's run");
            } else {
                stale.push(preset.id);
            }
        }
        assert!(
            stale.is_empty(),
            "the runs built into the page for {stale:?} are not what the engine makes now; \
             rewrite them with `LOOPSCOPE_BLESS=1 cargo test -p loopscope-web built_runs` \
             (then rebuild: they are included at compile time)"
        );
    }

    #[test]
    fn a_built_run_is_the_run_the_engine_makes() {
        // The views derive everything else from these, deterministically.
        for preset in PRESETS {
            let built = built_run(preset.source, preset.machine()).expect("a built run");
            let made = execute_on(preset.source, preset.machine());
            assert_eq!(built.trace.events, made.trace.events, "{}", preset.id);
            assert_eq!(built.trace.strings, made.trace.strings, "{}", preset.id);
            assert_eq!(built.ending, made.ending, "{}", preset.id);
            assert_eq!(built.sliders, made.sliders, "{}", preset.id);
            assert_eq!(built.trace.links, made.trace.links, "{}", preset.id);
        }
    }

    #[test]
    fn only_a_presets_program_on_its_own_machine_has_a_built_run() {
        let two = crate::model::presets::find("two-tasks").unwrap();
        assert!(built_run(two.source, Machine::default()).is_some());
        let gil = crate::model::presets::find("gil").unwrap();
        assert!(built_run(gil.source, gil.machine()).is_some());
        // The GIL preset on the default machine (Python code free), without
        // the GIL, or on another core count is another run.
        assert!(built_run(gil.source, Machine::default()).is_none());
        for machine in [
            Machine {
                gil: false,
                ..Machine::default()
            },
            Machine {
                cores: 1,
                ..Machine::default()
            },
        ] {
            assert!(built_run(two.source, machine).is_none());
        }
        let edited = format!("{}\n", two.source);
        assert!(built_run(&edited, Machine::default()).is_none());
    }
}
