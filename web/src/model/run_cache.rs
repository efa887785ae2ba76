//! Runs kept for reuse.
//!
//! A run is a pure function of its program and the machine it runs on (the
//! model is deterministic), so a run computed once can be shown again without asking
//! the engine: choosing a preset a second time, or undoing a slider move
//! (the presets' own runs are built into the page: see
//! [`crate::model::built_runs`]).  The cache is bounded by the events it
//! holds, not by its number of entries: one 250 000-event run weighs as
//! much as a hundred small ones.

use crate::model::engine::Machine;
use crate::model::run::Run;
use std::rc::Rc;

/// The most events the cache holds over all its runs.
pub const MAX_EVENTS: usize = 300_000;

/// Runs larger than this are never kept: recomputing them is rare, and
/// keeping them would push out every preset.
pub const MAX_RUN_EVENTS: usize = 60_000;

/// What a run is a function of.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The program.
    pub source: String,
    /// What Python code costs, the GIL and the cores.
    pub machine: Machine,
}

impl Key {
    /// The key of a run of `source` on `machine`.
    pub fn new(source: &str, machine: Machine) -> Key {
        Key {
            source: source.to_string(),
            machine,
        }
    }
}

/// Runs by key, least recently used first.
#[derive(Default)]
pub struct RunCache {
    entries: Vec<(Key, Rc<Run>)>,
}

impl RunCache {
    /// The run for `key`, if kept; it becomes the most recently used.
    pub fn get(&mut self, key: &Key) -> Option<Rc<Run>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at);
        let run = Rc::clone(&entry.1);
        self.entries.push(entry);
        Some(run)
    }

    /// Whether a run for `key` is kept (without touching its recency).
    pub fn contains(&self, key: &Key) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Keeps `run` for `key` unless it is too large, dropping the least
    /// recently used runs until the cache is within [`MAX_EVENTS`].
    pub fn insert(&mut self, key: Key, run: Rc<Run>) {
        self.entries.retain(|(k, _)| *k != key);
        if run.len() > MAX_RUN_EVENTS {
            return;
        }
        self.entries.push((key, run));
        while self.events() > MAX_EVENTS {
            self.entries.remove(0);
        }
    }

    /// The events held over all runs.
    pub fn events(&self) -> usize {
        self.entries.iter().map(|(_, run)| run.len()).sum()
    }

    /// The number of runs held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no run is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute_on;

    fn run_of(source: &str) -> Rc<Run> {
        Rc::new(execute_on(source, Machine::default()))
    }

    /// The key of `source` on the default machine.
    fn key(source: &str) -> Key {
        Key::new(source, Machine::default())
    }

    /// A program whose run has about `n` events (a print is one event or so).
    fn program_of_prints(n: usize) -> String {
        format!("for i in range({n}):\n    print(i)\n")
    }

    #[test]
    fn a_kept_run_is_the_same_run_and_keys_tell_machines_apart() {
        let mut cache = RunCache::default();
        let run = run_of("print('hi')\n");
        cache.insert(key("print('hi')\n"), Rc::clone(&run));
        let again = cache.get(&key("print('hi')\n")).expect("kept");
        assert!(Rc::ptr_eq(&run, &again));
        let machines = [
            Machine::with_cpu(Some(1e6)),
            Machine {
                gil: false,
                ..Machine::default()
            },
            Machine {
                cores: 2,
                ..Machine::default()
            },
        ];
        for machine in machines {
            assert!(cache.get(&Key::new("print('hi')\n", machine)).is_none());
        }
        assert!(cache.get(&key("print('ho')\n")).is_none());
    }

    #[test]
    fn the_cache_is_bounded_by_events_and_drops_the_least_recently_used() {
        let mut cache = RunCache::default();
        let big = program_of_prints(40_000);
        let big_run = run_of(&big);
        assert!(big_run.len() <= MAX_RUN_EVENTS && big_run.len() > MAX_EVENTS / 8);
        let mut keys = Vec::new();
        for i in 0..12 {
            let k = key(&format!("{big}# {i}\n"));
            cache.insert(k.clone(), Rc::clone(&big_run));
            keys.push(k);
            // Using the first one keeps it.
            assert!(cache.get(&keys[0]).is_some(), "after {i}");
            assert!(cache.events() <= MAX_EVENTS, "{}", cache.events());
        }
        assert!(cache.len() < 12);
        // The second was used least recently: it went first.
        assert!(!cache.contains(&keys[1]));
        assert!(cache.contains(keys.last().unwrap()));
    }

    #[test]
    fn a_run_too_large_to_keep_is_not_kept_and_replaces_nothing() {
        let mut cache = RunCache::default();
        cache.insert(key("print(1)\n"), run_of("print(1)\n"));
        let huge = program_of_prints(70_000);
        let huge_run = run_of(&huge);
        assert!(huge_run.len() > MAX_RUN_EVENTS);
        cache.insert(key(&huge), huge_run);
        assert_eq!(cache.len(), 1);
        assert!(cache.contains(&key("print(1)\n")));
    }
}
