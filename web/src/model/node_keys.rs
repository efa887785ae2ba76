//! Which drawn node shows which thing of the diagram, from one moment to
//! the next.
//!
//! The diagram keys each moving thing (a handle's chip, a task's card) so
//! that a thing that stays keeps its node, and the browser animates its move
//! from one place to the next.  Keyed by the thing alone, a jump across a
//! run with thousands of tasks replaces almost every node: the chips and
//! cards that leave are removed and the ones that arrive are created, about
//! a hundred nodes a seek.  A thing that arrives where one left shows the
//! same picture in the same place, so it takes the node that left there,
//! and only its words and colour change.
//!
//! [`NodeKeys::assign`] keeps a thing's node while the thing stays, hands a
//! node whose thing left to a newcomer at the same place, and makes a new
//! node otherwise.  A node never moves to a thing that was not there before
//! unless it stays in place, so no animation ever shows a move that did not
//! happen.
//!
//! After a jump (a seek, or playback faster than the eye follows), a move is
//! not worth showing: every node then stays at its place and shows whatever
//! is there now, and only things at new places get nodes of their own.

/// A place in the diagram, in whole units (a thing's top-left corner).
type Place = (i64, i64);

/// How many events the drawn moment may move at once and still count as a
/// step whose moves are shown; a larger move is a jump.
pub const STEP_EVENTS: usize = 8;

/// The node keys of one list of things (chips, cards or thread rows), as
/// the last moment drawn assigned them.
#[derive(Clone, Debug, Default)]
pub struct NodeKeys {
    /// The node of each thing drawn, by the thing's key.  A list, not a
    /// map: a list holds a few dozen things at most (what fits the diagram).
    by_thing: Vec<(String, u32)>,
    /// The node drawn at each place.
    by_place: Vec<(Place, u32)>,
    /// The next node number never used.
    next: u32,
}

impl NodeKeys {
    /// The node key of each thing in `things` (each its own key and its
    /// place), in order, and remembers them for the next moment.  Things'
    /// keys must be distinct; so are the node keys returned.  After a `jump`
    /// places come first: a node stays where it is rather than follow its
    /// thing.
    pub fn assign(&mut self, things: &[(&str, f64, f64)], jump: bool) -> Vec<u32> {
        // One copy of this code serves every list: a slice, not a generic
        // iterator, because each instance of a generic costs bundle bytes.
        let things: Vec<(&str, Place)> = things
            .iter()
            .map(|(key, x, y)| (*key, (x.round() as i64, y.round() as i64)))
            .collect();
        // A pass asks one rule: the node of the place, or of the thing.
        let ask = |by_place: bool, (key, place): &(&str, Place)| {
            if by_place {
                self.by_place
                    .iter()
                    .find(|(p, _)| p == place)
                    .map(|(_, n)| *n)
            } else {
                self.by_thing
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, n)| *n)
            }
        };
        // The first rule is settled for every thing before the second is
        // asked, so that a node handed on is never one the first rule gave.
        let mut nodes: Vec<Option<u32>> = Vec::with_capacity(things.len());
        let mut taken: Vec<u32> = Vec::with_capacity(things.len());
        let mut take = |n: u32| {
            let free = !taken.contains(&n);
            if free {
                taken.push(n);
            }
            free
        };
        for thing in &things {
            let node = ask(jump, thing).filter(|n| take(*n));
            nodes.push(node);
        }
        for (node, thing) in nodes.iter_mut().zip(&things) {
            if node.is_none() {
                *node = ask(!jump, thing).filter(|n| take(*n));
            }
        }
        for node in nodes.iter_mut().filter(|n| n.is_none()) {
            self.next += 1;
            *node = Some(self.next);
        }
        let nodes: Vec<u32> = nodes.into_iter().flatten().collect();
        self.by_thing = things
            .iter()
            .zip(&nodes)
            .map(|((key, _), n)| (key.to_string(), *n))
            .collect();
        self.by_place = things
            .iter()
            .zip(&nodes)
            .map(|((_, place), n)| (*place, *n))
            .collect();
        nodes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Assigns `moments` in turn, each a list of (thing, x, y), and returns
    /// the node keys of each as `thing=node` words; `jump` as given.
    fn nodes(moments: &[&[(&str, f64, f64)]], jump: bool) -> Vec<String> {
        let mut keys = NodeKeys::default();
        moments
            .iter()
            .map(|things| {
                let nodes = keys.assign(things, jump);
                things
                    .iter()
                    .zip(nodes)
                    .map(|((thing, _, _), n)| format!("{thing}={n}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn check(moments: &[&[(&str, f64, f64)]], expected: &[&str]) {
        assert_eq!(nodes(moments, false), expected);
    }

    fn check_jump(moments: &[&[(&str, f64, f64)]], expected: &[&str]) {
        assert_eq!(nodes(moments, true), expected);
    }

    #[test]
    fn things_keep_their_nodes_and_newcomers_take_the_place_of_leavers() {
        // A thing that stays keeps its node wherever it goes.
        check(
            &[
                &[("a", 0.0, 0.0), ("b", 10.0, 0.0)],
                &[("b", 0.0, 0.0), ("a", 10.0, 0.0)],
            ],
            &["a=1 b=2", "b=2 a=1"],
        );
        // A newcomer where a thing left takes that node; elsewhere, a new one.
        check(
            &[
                &[("a", 0.0, 0.0), ("b", 10.0, 0.0)],
                &[("c", 0.0, 0.0), ("b", 10.0, 0.0), ("d", 20.0, 0.0)],
            ],
            &["a=1 b=2", "c=1 b=2 d=3"],
        );
        // A jump that replaces every thing reuses every node in place.
        check(
            &[
                &[("a", 0.0, 0.0), ("b", 10.0, 0.0)],
                &[("x", 0.0, 0.0), ("y", 10.0, 0.0)],
            ],
            &["a=1 b=2", "x=1 y=2"],
        );
        // A node whose thing moved on is not handed to a newcomer at its old
        // place: the thing that stays keeps it.
        check(
            &[&[("a", 0.0, 0.0)], &[("n", 0.0, 0.0), ("a", 10.0, 0.0)]],
            &["a=1", "n=2 a=1"],
        );
        // Places within half a unit are the same place.
        check(&[&[("a", 0.2, 0.0)], &[("b", -0.2, 0.4)]], &["a=1", "b=1"]);
        // A thing that left and comes back is a newcomer: it gets a node
        // by its place, not its old one.
        check(
            &[&[("a", 0.0, 0.0)], &[("b", 0.0, 0.0)], &[("a", 10.0, 0.0)]],
            &["a=1", "b=1", "a=2"],
        );
        // Drawing the same moment again changes nothing.
        check(
            &[
                &[("a", 0.0, 0.0), ("b", 5.0, 5.0)],
                &[("a", 0.0, 0.0), ("b", 5.0, 5.0)],
            ],
            &["a=1 b=2", "a=1 b=2"],
        );
    }

    #[test]
    fn after_a_jump_nodes_stay_in_place() {
        // Two things swap places: each place keeps its node.
        check_jump(
            &[
                &[("a", 0.0, 0.0), ("b", 10.0, 0.0)],
                &[("b", 0.0, 0.0), ("a", 10.0, 0.0)],
            ],
            &["a=1 b=2", "b=1 a=2"],
        );
        // A thing that stays but moves to a new place keeps its node only
        // when no thing now stands at its old place.
        check_jump(
            &[
                &[("a", 0.0, 0.0), ("b", 10.0, 0.0)],
                &[("n", 0.0, 0.0), ("a", 20.0, 0.0)],
            ],
            &["a=1 b=2", "n=1 a=3"],
        );
        check_jump(&[&[("a", 0.0, 0.0)], &[("a", 20.0, 0.0)]], &["a=1", "a=1"]);
    }

    #[test]
    fn node_keys_are_distinct_at_every_moment() {
        // Things piled on one place, and things swapping places with
        // newcomers, never share a node.
        let moments: Vec<Vec<(String, f64, f64)>> = (0..200)
            .map(|m: u32| {
                (0..(m % 7 + 1))
                    .map(|i| {
                        (
                            format!("t{}", (m * 3 + i * 5) % 11),
                            f64::from((m + i) % 3),
                            0.0,
                        )
                    })
                    .collect()
            })
            .collect();
        let mut keys = NodeKeys::default();
        for things in &moments {
            let jump = things.len() % 2 == 0;
            let things: Vec<(&str, f64, f64)> = things
                .iter()
                .map(|(k, x, y)| (k.as_str(), *x, *y))
                .collect();
            let nodes = keys.assign(&things, jump);
            let mut distinct = nodes.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), nodes.len(), "{things:?} {nodes:?}");
        }
    }
}
