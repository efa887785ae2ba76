//! A sorted map whose clones share their storage, for the big parts of [`crate::State`].
//!
//! The state at an index is a checkpoint plus a short replay, so rebuilding it
//! starts by cloning a checkpoint.  A state may hold 100 000 live timers, and
//! cloning a `BTreeMap` of that size costs about a millisecond.  [`ChunkMap`]
//! keeps its entries in sorted chunks of at most [`CHUNK`] entries behind
//! shared pointers: a clone copies only the list of pointers (one per chunk),
//! and a write copies the one chunk it changes if another clone still shares
//! it.  Checkpoints taken close together therefore share almost everything,
//! and the map counts the entries it had to copy so that the trace can space
//! checkpoints by the memory they really cost.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// Most entries in one chunk: a write copies at most this many entries.
const CHUNK: usize = 64;

/// Bytes of one chunk of `n` entries: the entries, and the `Arc` with its `Vec` header.
fn chunk_bytes<K, V>(n: usize) -> usize {
    n * std::mem::size_of::<(K, V)>() + std::mem::size_of::<Vec<(K, V)>>() + 16
}

/// A sorted map of `Copy` keys and values with cheap, storage-sharing clones.
#[derive(Clone)]
pub struct ChunkMap<K, V> {
    /// Non-empty chunks, each sorted by key; every key of a chunk is below every key of the next.
    ///
    /// `Arc` rather than `Rc` keeps `State` and `Trace` `Send` as they were.
    chunks: Vec<Arc<Vec<(K, V)>>>,
    /// Number of entries.
    len: usize,
    /// Bytes of chunks copied or created since the last
    /// [`ChunkMap::shared`]: what a checkpoint taken now would not share.
    written: usize,
}

impl<K, V> Default for ChunkMap<K, V> {
    fn default() -> Self {
        ChunkMap {
            chunks: Vec::new(),
            len: 0,
            written: 0,
        }
    }
}

impl<K: Ord + Copy, V: Copy> ChunkMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The chunk that holds `key` or would receive it, if the map is not empty.
    fn chunk_for(&self, key: &K) -> Option<usize> {
        if self.chunks.is_empty() {
            return None;
        }
        let i = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|(k, _)| k < key));
        Some(i.min(self.chunks.len() - 1))
    }

    /// The chunk at `i`, made unique to this map (copied if shared, which is counted).
    fn chunk_mut(&mut self, i: usize) -> Option<&mut Vec<(K, V)>> {
        let c = self.chunks.get_mut(i)?;
        if Arc::strong_count(c) > 1 {
            self.written += chunk_bytes::<K, V>(c.len());
        }
        Some(Arc::make_mut(c))
    }

    /// The value of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        let (i, p) = self.locate(key)?;
        self.chunks.get(i)?.get(p).map(|(_, v)| v)
    }

    /// The chunk holding `key` and its position there, when it is present.
    fn locate(&self, key: &K) -> Option<(usize, usize)> {
        let i = self.chunk_for(key)?;
        let p = self
            .chunks
            .get(i)?
            .binary_search_by(|(k, _)| k.cmp(key))
            .ok()?;
        Some((i, p))
    }

    /// Whether the map holds `key`.
    pub fn contains_key(&self, key: &K) -> bool {
        self.get(key).is_some()
    }

    /// The value of `key`, to change (copies its chunk if it is shared).
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let (i, p) = self.locate(key)?;
        self.chunk_mut(i)?.get_mut(p).map(|(_, v)| v)
    }

    /// Inserts or replaces an entry, returning the old value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let Some(i) = self.chunk_for(&key) else {
            self.chunks.push(Arc::new(vec![(key, value)]));
            self.len = 1;
            self.written += chunk_bytes::<K, V>(1);
            return None;
        };
        let c = self.chunk_mut(i)?;
        match c.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(p) => return c.get_mut(p).map(|e| std::mem::replace(&mut e.1, value)),
            Err(p) => c.insert(p, (key, value)),
        }
        // Split in halves so that both have room: appending keys in order
        // (timers with later deadlines, new tasks) fills the last chunk,
        // which then splits into a full-enough chunk and a half-empty one.
        let tail = (c.len() > CHUNK).then(|| c.split_off(c.len() / 2));
        self.len += 1;
        if let Some(tail) = tail {
            self.written += chunk_bytes::<K, V>(tail.len());
            self.chunks.insert(i + 1, Arc::new(tail));
        }
        None
    }

    /// Removes an entry, returning its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (i, p) = self.locate(key)?;
        let c = self.chunk_mut(i)?;
        let (_, v) = c.remove(p);
        let n = c.len();
        self.len -= 1;
        if n == 0 {
            self.chunks.remove(i);
        } else if n < CHUNK / 4 {
            self.merge_small(i);
        }
        Some(v)
    }

    /// Merges the small chunk at `i` into a neighbour when both fit in half a
    /// chunk, so that removals scattered over the map do not leave it made of
    /// tiny chunks (which would make clones and look-ups slow).
    fn merge_small(&mut self, i: usize) {
        let n = self.chunks.get(i).map_or(0, |c| c.len());
        for j in [i + 1, i.wrapping_sub(1)] {
            let Some(m) = self.chunks.get(j).map(|c| c.len()) else {
                continue;
            };
            if n + m > CHUNK / 2 {
                continue;
            }
            let (lo, hi) = (i.min(j), i.max(j));
            let moved: Vec<(K, V)> = self.chunks.remove(hi).iter().copied().collect();
            self.written += chunk_bytes::<K, V>(moved.len());
            if let Some(c) = self.chunk_mut(lo) {
                c.extend(moved);
            }
            return;
        }
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| c.iter().map(|(k, v)| (k, v)))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// The first entry.
    pub fn first(&self) -> Option<(&K, &V)> {
        self.chunks
            .first()
            .and_then(|c| c.first())
            .map(|(k, v)| (k, v))
    }

    /// Bytes a clone taken now would not share with the clone taken at the
    /// last [`ChunkMap::shared`]: its list of chunk pointers and the chunks
    /// written since.
    pub(crate) fn unshared_bytes(&self) -> usize {
        self.chunks.len() * std::mem::size_of::<Arc<Vec<(K, V)>>>() + self.written
    }

    /// Notes that a clone was just taken: from now on every chunk is shared.
    pub(crate) fn shared(&mut self) {
        self.written = 0;
    }
}

impl<K: Ord + Copy, V: Copy + PartialEq> PartialEq for ChunkMap<K, V> {
    /// Equal when the entries are, however they are chunked or shared.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<K: Ord + Copy + fmt::Debug, V: Copy + fmt::Debug> fmt::Debug for ChunkMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord + Copy + Serialize, V: Copy + Serialize> Serialize for ChunkMap<K, V> {
    /// Serialises as a map, as the `BTreeMap` it replaces did.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<K: Ord + Copy, V: Copy> FromIterator<(K, V)> for ChunkMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = ChunkMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}
