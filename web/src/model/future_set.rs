//! A set of futures as a bit per future number.
//!
//! A moment of a run with thousands of tasks has thousands of futures
//! pending, and the diagram asks of each a question or two at every seek.
//! Future numbers are dense (the model counts them from zero), so a bit each
//! answers without hashing or sorting.

use loopscope_sim::FutureId;

/// A set of futures, one bit per future number up to the highest inserted.
#[derive(Clone, Debug, Default)]
pub struct FutureSet {
    words: Vec<u64>,
}

impl FutureSet {
    /// Adds `fut`.
    pub fn insert(&mut self, fut: FutureId) {
        let (word, bit) = (fut.0 as usize / 64, fut.0 % 64);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << bit;
    }

    /// Whether `fut` is in the set.
    pub fn contains(&self, fut: FutureId) -> bool {
        self.words
            .get(fut.0 as usize / 64)
            .is_some_and(|w| w & (1 << (fut.0 % 64)) != 0)
    }
}

impl FromIterator<FutureId> for FutureSet {
    fn from_iter<I: IntoIterator<Item = FutureId>>(iter: I) -> Self {
        let mut set = FutureSet::default();
        for fut in iter {
            set.insert(fut);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_inserted_and_nothing_else() {
        let ids = [0, 1, 63, 64, 65, 1000, 4_000_000];
        let set: FutureSet = ids.iter().map(|i| FutureId(*i)).collect();
        for i in 0..70 {
            assert_eq!(set.contains(FutureId(i)), ids.contains(&i), "{i}");
        }
        for i in [999, 1000, 1001, 3_999_999, 4_000_000, 4_000_001, u32::MAX] {
            assert_eq!(set.contains(FutureId(i)), ids.contains(&i), "{i}");
        }
        assert!(!FutureSet::default().contains(FutureId(0)));
    }
}
