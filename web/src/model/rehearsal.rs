//! Rehearsing a run: what a frame derives at a moment of it (the state, the
//! diagram's layout, the narration, the editor's markers), computed and
//! thrown away while the page has nothing else to do.
//!
//! Why: the browser compiles the app's WebAssembly lazily, function by
//! function on its first call, and runs it in a baseline tier until the
//! function has run long enough to be optimised.  A run only shown at its
//! end has not called the code that draws its middle (tasks waiting, timers
//! set, futures pending), so the first seeks into it paid for compiling and
//! for baseline code: on the 4 000-task trace they took two to three frames
//! where later ones took one.  Rehearsing a few moments ahead moves that
//! cost out of the person's way.  It changes nothing the page shows.

use crate::i18n::Lang;
use crate::model::await_tree::await_tree;
use crate::model::diagram_layout::layout_with;
use crate::model::run::Run;
use crate::model::words;
use std::hint::black_box;

/// How many moments of a run are rehearsed.
pub const MOMENTS: usize = 6;

/// Runs shorter than this are not rehearsed: every moment of them is a small
/// state, cheap to draw even in the baseline tier.
pub const MIN_EVENTS: usize = 2_000;

/// The cursors rehearsed for `run`: evenly spread inside it, none at its
/// ends (the page has already drawn the end), and none for a short run.
pub fn moments(run: &Run) -> Vec<usize> {
    let len = run.len();
    if len < MIN_EVENTS {
        return Vec::new();
    }
    (1..=MOMENTS).map(|k| len * k / (MOMENTS + 1)).collect()
}

/// Derives everything a frame at `cursor` shows, and drops it.
pub fn rehearse(run: &Run, cursor: usize, lang: Lang, compact: bool, fold: bool) {
    let state = run.trace.state_at(cursor);
    let clock = run.time_at(cursor);
    // `black_box` keeps the optimiser from proving the results unused and
    // removing the very calls this is for.
    black_box(layout_with(run, &state, clock, lang, compact, fold));
    black_box(words::narration(lang, run, &state, fold));
    black_box(await_tree(lang, run, &state, fold));
    black_box(run.lines_at(cursor));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets::PRESETS;

    #[test]
    fn a_long_run_is_rehearsed_inside_it_and_a_short_one_not_at_all() {
        let long = execute(
            "import asyncio\n\nasync def w(i):\n    await asyncio.sleep(0.001 * (i % 7))\n\nasync def main():\n    await asyncio.gather(*[w(i) for i in range(400)])\n\nasyncio.run(main())\n",
            None,
        );
        assert!(long.len() >= MIN_EVENTS, "{} events", long.len());
        let at = moments(&long);
        assert_eq!(at.len(), MOMENTS);
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        assert!(at[0] > 0 && at[MOMENTS - 1] < long.len(), "{at:?}");
        for cursor in at {
            for lang in Lang::ALL {
                rehearse(&long, cursor, lang, false, true);
            }
        }
        let short = execute(PRESETS[0].source, PRESETS[0].cpu_speed);
        assert!(moments(&short).is_empty());
    }
}
