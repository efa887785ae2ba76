//! Unit tests: small scripted programs, each checked for the exact printed lines and their virtual times.

mod chunked;
mod labels;
mod library;
mod lifecycle;
mod links;
mod loop_basics;
mod regress;
mod reports;
mod threads;
mod trace;

use crate::testkit::{Op, Script, SharedRegs, TestValue};
use crate::{Config, Outcome, RunResult, Sim};

/// Runs `asyncio.run(main)` with the given ops and returns the model and its result.
pub(crate) fn run_with(
    cfg: Config,
    regs: &SharedRegs,
    ops: Vec<Op>,
) -> (Sim<TestValue>, RunResult<TestValue>) {
    let main = Script::shared("main", ops, regs);
    let body = Script::new("<module>", vec![Op::RunLoop(main)]);
    let mut sim = Sim::new(cfg);
    let r = sim.run_program(Box::new(body));
    (sim, r)
}

/// Runs `asyncio.run(main)` with default settings.
pub(crate) fn run(ops: Vec<Op>) -> (Sim<TestValue>, RunResult<TestValue>) {
    run_with(Config::default(), &SharedRegs::default(), ops)
}

/// The one check helper: the console as `"<time> <text>"` lines must equal `expected`.
pub(crate) fn check(sim: &Sim<TestValue>, expected: &[&str]) {
    let got: Vec<String> = sim
        .console()
        .into_iter()
        .map(|(t, s)| format!("{t} {s}"))
        .collect();
    assert_eq!(got, expected, "console differs");
}

/// Asserts that the run ended normally.
pub(crate) fn ok(r: &RunResult<TestValue>) {
    assert!(matches!(r.outcome, Outcome::Ok), "outcome: {:?}", r.outcome);
}

/// A callback script that prints one line.
pub(crate) fn cb(text: &'static str) -> Box<Script> {
    Box::new(Script::new(text, vec![Op::Print(text)]))
}

/// A task body.
pub(crate) fn task(name: &str, ops: Vec<Op>) -> Script {
    Script::new(name, ops)
}
