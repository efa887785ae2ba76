//! The chunked map behaves as a `BTreeMap`, and its clones never see each other's writes.

use crate::chunked::ChunkMap;
use std::collections::BTreeMap;

/// One step of a scripted workload: insert, remove or change a key, or keep a clone.
#[derive(Clone, Copy)]
enum Op {
    Insert(u32, u32),
    Remove(u32),
    Bump(u32),
    Snapshot,
}

/// A deterministic pseudo-random sequence (xorshift), so the workloads are data, not chance.
fn xorshift(mut x: u64) -> impl Iterator<Item = u64> {
    std::iter::from_fn(move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        Some(x)
    })
}

/// A workload of `n` steps over keys below `keys`, inserting `ins` times in 8 and removing `rem` times in 8.
fn workload(seed: u64, n: usize, keys: u32, ins: u64, rem: u64) -> Vec<Op> {
    xorshift(seed)
        .take(n)
        .map(|r| {
            let k = ((r >> 8) % u64::from(keys)) as u32;
            match r % 8 {
                x if x < ins => Op::Insert(k, (r >> 40) as u32),
                x if x < ins + rem => Op::Remove(k),
                x if x < 7 => Op::Bump(k),
                _ => Op::Snapshot,
            }
        })
        .collect()
}

/// Runs ops on a `ChunkMap` and a `BTreeMap` side by side, checking every
/// answer, and checks that every kept clone still equals the model at that time.
fn check(name: &str, ops: &[Op]) {
    let mut m: ChunkMap<u32, u32> = ChunkMap::new();
    let mut model: BTreeMap<u32, u32> = BTreeMap::new();
    let mut snaps: Vec<(ChunkMap<u32, u32>, BTreeMap<u32, u32>)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match *op {
            Op::Insert(k, v) => assert_eq!(m.insert(k, v), model.insert(k, v), "{name} {i}"),
            Op::Remove(k) => assert_eq!(m.remove(&k), model.remove(&k), "{name} {i}"),
            Op::Bump(k) => {
                if let Some(v) = m.get_mut(&k) {
                    *v += 1;
                }
                if let Some(v) = model.get_mut(&k) {
                    *v += 1;
                }
            }
            Op::Snapshot => {
                m.shared();
                snaps.push((m.clone(), model.clone()));
            }
        }
        assert_eq!(m.len(), model.len(), "{name} {i}");
        assert_eq!(m.get(&7), model.get(&7), "{name} {i}");
    }
    assert!(m.iter().eq(model.iter()), "{name}");
    assert!(m.iter().rev().eq(model.iter().rev()), "{name}");
    assert_eq!(m.first(), model.iter().next(), "{name}");
    for (j, (snap, at)) in snaps.iter().enumerate() {
        assert!(snap.iter().eq(at.iter()), "{name}: clone {j} changed");
        assert!(at.keys().all(|k| snap.contains_key(k)), "{name}: clone {j}");
    }
    m.clear();
    assert!(m.is_empty() && m.iter().next().is_none(), "{name}");
}

#[test]
fn chunk_map_matches_a_btree_map() {
    let ascending: Vec<Op> = (0..2000)
        .map(|k| Op::Insert(k, k))
        .chain((0..2000).map(Op::Remove))
        .collect();
    let descending: Vec<Op> = (0..2000).rev().map(|k| Op::Insert(k, k)).collect();
    let cases: Vec<(&str, Vec<Op>)> = vec![
        ("empty", vec![Op::Remove(1), Op::Bump(1), Op::Snapshot]),
        ("ascending then drained", ascending),
        ("descending", descending),
        ("mostly inserts", workload(1, 5000, 3000, 5, 1)),
        ("balanced", workload(2, 5000, 300, 3, 3)),
        ("mostly removes", workload(3, 5000, 3000, 2, 4)),
        ("few keys", workload(4, 3000, 10, 3, 3)),
    ];
    for (name, ops) in &cases {
        check(name, ops);
    }
}

#[test]
fn chunk_map_counts_only_unshared_bytes() {
    let mut m: ChunkMap<u32, u32> = (0..10_000).map(|k| (k, k)).collect();
    m.shared();
    let spine = m.unshared_bytes();
    let snap = m.clone();
    // One write copies one chunk: far less than the whole map.
    m.insert(5_000, 0);
    let one = m.unshared_bytes() - spine;
    assert!(one > 0 && one < 1_000, "{one}");
    // The clone kept its value.
    assert_eq!(snap.get(&5_000), Some(&5_000));
    assert!(spine < 10_000 * 8 / 4, "{spine}");
}
