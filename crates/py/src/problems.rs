//! Why a program could not run or could not finish, as data.
//!
//! The Python layer never words these for a reader who might not read
//! English: it reports which construct is outside the subset, which limit was
//! reached with its numbers, and who waits for what in a deadlock.  `Display`
//! gives the English sentence the CLI prints; the web front end words the
//! same values from its own catalogues, in English or Japanese.

use std::fmt;

use loopscope_sim::Waiter;

/// A construct outside the supported subset of Python.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Construct {
    /// Subclassing a built-in type other than an exception, by name.
    ClassBase(String),
    /// A keyword in a class's bases (`metaclass=`), by name.
    ClassKeyword(String),
    /// A `del` target other than a name or a subscript.
    DelTarget,
    /// `type X = ...` aliases.
    TypeAlias,
    /// `from . import x`.
    RelativeImport,
    /// `from x import *`.
    ImportStar,
    /// IPython's `%magic` and `!shell` lines.
    IpythonEscape,
    /// A built-in function the subset lacks, by name.
    Builtin(String),
    /// A module the subset lacks, by name.
    Module(String),
    /// `except*:` without an exception type.
    BareExceptStar,
    /// `def f[T]()` type parameters.
    TypeParams,
    /// A function form the compiler does not know.
    FunctionForm,
    /// A comprehension form the compiler does not know.
    ComprehensionForm,
    /// `{**d for ...}` style dict comprehensions.
    DictComprehensionForm,
    /// `"..." % args` formatting.
    PercentFormat,
    /// `t"..."` template strings.
    TemplateString,
    /// `b"..."` bytes literals.
    Bytes,
    /// An integer literal the compiler cannot read.
    IntLiteral,
    /// Complex numbers (`1j`).
    Complex,
    /// `*x` where the subset cannot take it.
    StarredHere,
}

impl Construct {
    /// The English subject of "… not supported yet", with its verb (`` `class` statements are ``).
    pub fn english(&self) -> String {
        match self {
            Construct::ClassBase(name) => format!("subclassing `{name}` is"),
            Construct::ClassKeyword(name) => format!("the class keyword `{name}=` is"),
            Construct::DelTarget => "this kind of `del` target is".into(),
            Construct::TypeAlias => "`type` aliases are".into(),
            Construct::RelativeImport => "relative imports are".into(),
            Construct::ImportStar => "`import *` is".into(),
            Construct::IpythonEscape => "IPython escape commands are".into(),
            Construct::Builtin(name) => format!("the built-in `{name}` is"),
            Construct::Module(name) => format!("module `{name}` is"),
            Construct::BareExceptStar => "a bare `except*` is".into(),
            Construct::TypeParams => "type parameters are".into(),
            Construct::FunctionForm => "this function form is".into(),
            Construct::ComprehensionForm => "this comprehension is".into(),
            Construct::DictComprehensionForm => "this dict comprehension is".into(),
            Construct::PercentFormat => "`%` string formatting is".into(),
            Construct::TemplateString => "template strings are".into(),
            Construct::Bytes => "bytes literals are".into(),
            Construct::IntLiteral => "this integer literal is".into(),
            Construct::Complex => "complex numbers are".into(),
            Construct::StarredHere => "starred expressions here are".into(),
        }
    }
}

/// A source refused before parsing because its tree would nest too deep
/// for the passes that walk it (see the `guard` module).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceLimit {
    /// More than 200 open brackets (CPython's `too many nested parentheses`).
    Brackets,
    /// More than 100 indentation levels (CPython's `too many levels of indentation`).
    Indentation,
    /// More than 1000 operators, calls, attributes, `lambda`s or `await`s in one statement.
    Operators,
}

impl fmt::Display for SourceLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceLimit::Brackets => f.write_str("too many nested parentheses"),
            SourceLimit::Indentation => f.write_str("too many levels of indentation"),
            SourceLimit::Operators => write!(
                f,
                "this statement is too complex to run here (over {} operators)",
                crate::guard::MAX_OPERATORS
            ),
        }
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
