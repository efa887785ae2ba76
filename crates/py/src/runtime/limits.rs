//! What stops a program that runs away, and why a run could not finish:
//! the interpreter's limits, the limit that was reached with its numbers,
//! and who waits for what in a deadlock.
//!
//! `Display` gives the English sentence the CLI prints; the web front end
//! words the same values from its own catalogues.

use std::fmt;

use loopscope_sim::Waiter;

/// Interpreter limits; each stops the run with a clear message when exceeded.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Python operations executed, over all threads and tasks.
    pub max_ops: u64,
    /// Frames on one task's or thread's stack (`RecursionError` beyond).
    pub max_depth: usize,
    /// Items in one list, dict or set, and characters in one string (`MemoryError` beyond).
    pub max_collection: usize,
    /// Tasks created.
    pub max_tasks: usize,
    /// Threads started.
    pub max_threads: usize,
    /// Bytes the program may write to stdout and stderr, all writes together.
    pub max_output: usize,
    /// Bytes of memory the run may use, as the host's [`crate::Options::memory_in_use`] reports them.
    pub max_memory: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_ops: 100_000_000,
            max_depth: 1000,
            max_collection: 10_000_000,
            max_tasks: 100_000,
            max_threads: 1000,
            max_output: 64 << 20,
            max_memory: 512 << 20,
        }
    }
}

/// The host's gauge of memory in use, in bytes.
///
/// Two gauges compare equal: which function reads the memory does not
/// change what a program does, only where a runaway one is stopped.
#[derive(Clone, Copy, Debug)]
pub struct MemoryGauge(pub fn() -> usize);

impl PartialEq for MemoryGauge {
    fn eq(&self, _: &MemoryGauge) -> bool {
        true
    }
}

/// A limit that stopped a run, with the numbers a message needs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Limit {
    /// Python operations: how many ran, and the limit.
    Operations {
        /// Operations executed when the run stopped.
        done: u64,
        /// The limit.
        limit: u64,
    },
    /// Tasks created.
    Tasks {
        /// The limit.
        limit: usize,
    },
    /// Threads started.
    Threads {
        /// The limit.
        limit: usize,
    },
    /// Model events.
    Events {
        /// Events recorded when the run stopped.
        done: usize,
        /// The limit.
        limit: usize,
    },
    /// Bytes written to stdout and stderr.
    Output {
        /// The limit in bytes.
        limit: usize,
    },
    /// Memory in use.
    Memory {
        /// Bytes in use when the run stopped.
        used: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Virtual time.
    VirtualTime {
        /// The limit in seconds.
        limit: f64,
        /// The virtual time reached, in seconds.
        reached: f64,
    },
    /// The host stopped a run in slices between two slices (a person
    /// pressed Cancel; see [`crate::run_in_slices`]).
    Stopped {
        /// Events recorded when the run stopped.
        events: usize,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Operations { done, limit } => write!(
                f,
                "stopped after {done} operations: the program may be stuck in a loop (limit: {limit} operations)"
            ),
            Limit::Tasks { limit } => write!(
                f,
                "stopped: more than {limit} tasks were created (the limit is {limit})"
            ),
            Limit::Threads { limit } => {
                write!(f, "stopped: more than {limit} threads were started")
            }
            Limit::Events { done, limit } => {
                write!(f, "stopped after {done} events (the limit is {limit})")
            }
            Limit::Output { limit } => write!(
                f,
                "stopped: the program wrote more than {} MiB of output (the limit)",
                limit >> 20
            ),
            Limit::Memory { used, limit } => write!(
                f,
                "stopped: the program used {} MiB of memory (the limit is {} MiB)",
                used >> 20,
                limit >> 20
            ),
            Limit::VirtualTime { limit, reached } => write!(
                f,
                "stopped: virtual time would pass the limit of {limit} s (it was {reached:.6} s)"
            ),
            Limit::Stopped { events } => write!(f, "stopped by request after {events} events"),
        }
    }
}

/// Nothing could ever run again: every task and thread still waiting.
#[derive(Clone, Debug, PartialEq)]
pub struct Deadlock {
    /// Who waits, and for what (the model's [`Waiter`]s, in task then thread order).
    pub waiters: Vec<Waiter>,
}

impl fmt::Display for Deadlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadlock: nothing can ever run again")?;
        for w in &self.waiters {
            write!(f, "\n  {} is waiting for {}", w.name, w.waiting_for)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_worded_in_english_for_the_cli() {
        let check = |limit: Limit, expected: &str| assert_eq!(limit.to_string(), expected);
        check(
            Limit::Operations { done: 5, limit: 5 },
            "stopped after 5 operations: the program may be stuck in a loop (limit: 5 operations)",
        );
        check(
            Limit::Tasks { limit: 3 },
            "stopped: more than 3 tasks were created (the limit is 3)",
        );
        check(
            Limit::Threads { limit: 2 },
            "stopped: more than 2 threads were started",
        );
        check(
            Limit::Events {
                done: 10,
                limit: 10,
            },
            "stopped after 10 events (the limit is 10)",
        );
        check(
            Limit::Output { limit: 64 << 20 },
            "stopped: the program wrote more than 64 MiB of output (the limit)",
        );
        check(
            Limit::Memory {
                used: 1100 << 20,
                limit: 1 << 30,
            },
            "stopped: the program used 1100 MiB of memory (the limit is 1024 MiB)",
        );
        check(
            Limit::VirtualTime {
                limit: 100.0,
                reached: 99.5,
            },
            "stopped: virtual time would pass the limit of 100 s (it was 99.500000 s)",
        );
        check(
            Limit::Stopped { events: 7 },
            "stopped by request after 7 events",
        );
    }
}
