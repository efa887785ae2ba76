//! The scenarios the playground ships with, in the order the picker lists them.
//!
//! The first five are the seed tutorial's examples, verbatim (Japanese
//! comments included).  Every preset is stored once, as a case of the CPython
//! oracle's corpus (`tests/oracle/cases/`), so the programs the page opens
//! with are the ones checked against CPython 3.12.

/// One ready-made scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Stable identifier used in links and as the picker's option value.
    pub id: &'static str,
    /// The Python source.
    pub source: &'static str,
    /// Operations per second of Python code, when the preset needs CPU time to show (the GIL).
    pub cpu_speed: Option<f64>,
    /// Its run on its own machine, made when the page is built (see
    /// [`crate::model::built_runs`]).
    pub run: &'static [u8],
}

/// Every preset, in picker order.
pub const PRESETS: &[Preset; COUNT] = &[
    Preset {
        id: "hello",
        source: include_str!("../../../tests/oracle/cases/01_seed_hello_world.py"),
        cpu_speed: None,
        run: include_bytes!("runs/hello.run"),
    },
    Preset {
        id: "two-tasks",
        source: include_str!("../../../tests/oracle/cases/02_seed_two_tasks_sleep.py"),
        cpu_speed: None,
        run: include_bytes!("runs/two-tasks.run"),
    },
    Preset {
        id: "blocking",
        source: include_str!("../../../tests/oracle/cases/03_seed_time_sleep_blocks.py"),
        cpu_speed: None,
        run: include_bytes!("runs/blocking.run"),
    },
    Preset {
        id: "thread-pool",
        source: include_str!("../../../tests/oracle/cases/04_seed_run_in_executor.py"),
        cpu_speed: None,
        run: include_bytes!("runs/thread-pool.run"),
    },
    Preset {
        id: "future",
        source: include_str!("../../../tests/oracle/cases/05_seed_future_set_result.py"),
        cpu_speed: None,
        run: include_bytes!("runs/future.run"),
    },
    Preset {
        id: "gather",
        source: include_str!("../../../tests/oracle/cases/181_preset_gather.py"),
        cpu_speed: None,
        run: include_bytes!("runs/gather.run"),
    },
    Preset {
        id: "wait-for",
        source: include_str!("../../../tests/oracle/cases/186_preset_wait_for.py"),
        cpu_speed: None,
        run: include_bytes!("runs/wait-for.run"),
    },
    Preset {
        id: "queue",
        source: include_str!("../../../tests/oracle/cases/183_preset_queue.py"),
        cpu_speed: None,
        run: include_bytes!("runs/queue.run"),
    },
    Preset {
        id: "semaphore",
        source: include_str!("../../../tests/oracle/cases/184_preset_semaphore.py"),
        cpu_speed: None,
        run: include_bytes!("runs/semaphore.run"),
    },
    Preset {
        id: "gil",
        source: include_str!("../../../tests/oracle/cases/182_preset_gil.py"),
        cpu_speed: Some(100_000.0),
        run: include_bytes!("runs/gil.run"),
    },
    Preset {
        id: "fairness",
        source: include_str!("../../../tests/oracle/cases/180_preset_fairness.py"),
        cpu_speed: None,
        run: include_bytes!("runs/fairness.run"),
    },
    Preset {
        id: "taskgroup",
        source: include_str!("../../../tests/oracle/cases/185_preset_taskgroup.py"),
        cpu_speed: None,
        run: include_bytes!("runs/taskgroup.run"),
    },
];

/// Number of presets (the catalogues hold a title and a notice for each).
pub const COUNT: usize = 12;

impl Preset {
    /// Its position in [`PRESETS`].
    pub fn index(&self) -> usize {
        PRESETS.iter().position(|p| p.id == self.id).unwrap_or(0)
    }

    /// Its title in `lang`.
    pub fn title(&self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::texts(lang).presets[self.index()].0
    }

    /// The machine its own run is made on: the default one, at its CPU speed.
    pub fn machine(&self) -> crate::model::engine::Machine {
        crate::model::engine::Machine::with_cpu(self.cpu_speed)
    }

    /// Its "what to notice" line in `lang`.
    pub fn notice(&self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::texts(lang).presets[self.index()].1
    }
}

/// The preset a first visit opens: two tasks sharing one second.
pub const DEFAULT_PRESET: &str = "two-tasks";

/// The seed tutorial's contrasts, each one click from its presets:
/// `asyncio.sleep` against `time.sleep`, and blocking calls on the loop
/// against the same calls in a thread pool.
pub const PAIRS: &[(&str, &str)] = &[("two-tasks", "blocking"), ("blocking", "thread-pool")];

/// The presets the seed pairs with `id`, the first being what Compare opens by default.
pub fn partners(id: &str) -> Vec<&'static Preset> {
    PAIRS
        .iter()
        .filter_map(|(a, b)| match () {
            _ if *a == id => find(b),
            _ if *b == id => find(a),
            _ => None,
        })
        .collect()
}

/// Looks a preset up by its id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `index.html` lays out, while the wasm downloads, every character
    /// beyond ASCII that a preset's program shows in the monospace font, so
    /// that choosing a preset never waits for a CJK font's new glyphs.
    #[test]
    fn the_font_warm_up_holds_every_preset_character() {
        let page = include_str!("../../../index.html");
        let warm = page
            .lines()
            .find(|l| l.contains("var glyphs = "))
            .expect("the font warm-up's glyphs in index.html");
        for preset in PRESETS {
            let missing: String = preset
                .source
                .chars()
                .filter(|c| !c.is_ascii() && !warm.contains(*c))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: add {missing} to index.html",
                preset.id
            );
        }
    }

    #[test]
    fn ids_are_unique_and_the_default_exists() {
        for (i, a) in PRESETS.iter().enumerate() {
            assert!(
                PRESETS[i + 1..].iter().all(|b| b.id != a.id),
                "duplicate id {}",
                a.id
            );
        }
        assert!(find(DEFAULT_PRESET).is_some());
    }

    #[test]
    fn seed_pairs_are_partners_both_ways() {
        let ids = |id: &str| partners(id).iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids("blocking"), ["two-tasks", "thread-pool"]);
        assert_eq!(ids("two-tasks"), ["blocking"]);
        assert_eq!(ids("thread-pool"), ["blocking"]);
        assert!(ids("gil").is_empty());
    }

    #[test]
    fn seed_examples_keep_their_japanese_comments() {
        assert!(find("thread-pool").is_some());
        assert!(find("future")
            .unwrap()
            .source
            .contains("# Futureオブジェクトを作成"));
        assert!(find("hello")
            .unwrap()
            .source
            .contains("# コルーチンをイベントループで実行"));
    }
}
