//! What a run leaves allocated once its outcome is dropped, counted by the
//! allocator: nothing that grows with the program.  A host runs program
//! after program in one process (the page's worker, the fuzzer's executor)
//! and checks the memory limit against what that process has in use, so
//! memory a run keeps would shrink every later run's room, and differently
//! depending on what ran before.

use std::alloc::System;

#[global_allocator]
static ALLOCATOR: cap::Cap<System> = cap::Cap::new(System, usize::MAX);

/// Runs `source` with at most `max_ops` operations and returns the bytes
/// still allocated afterwards beyond what was allocated before.
fn kept_after(source: &str, max_ops: u64) -> isize {
    let mut options = loopscope_py::Options::default();
    options.limits.max_ops = max_ops;
    // A first run warms what is made once per thread (interned names).
    drop(loopscope_py::run("print(1)", &options));
    let before = ALLOCATOR.allocated();
    let outcome = loopscope_py::run(source, &options);
    drop(outcome);
    ALLOCATOR.allocated() as isize - before as isize
}

/// One data-driven check: each program, stopped by the operations limit
/// or not, leaves less than `budget` bytes behind.
#[test]
fn a_finished_run_keeps_nothing_of_what_it_made() {
    const BUDGET: isize = 4 << 20;
    let chain = |n: usize| {
        format!(
            "import asyncio\n\
             async def link(prev):\n    await asyncio.sleep(0)\n\
             c = None\n\
             for i in range({n}):\n    c2 = link(c)\n    c2.send(None)\n    c = c2\n\
             print('built')\n"
        )
    };
    let generators = |n: usize| {
        format!(
            "def link(prev):\n    yield prev\n\
             g = None\n\
             for i in range({n}):\n    g2 = link(g)\n    next(g2)\n    g = g2\n\
             print('built')\n"
        )
    };
    let cases: Vec<(&str, String, u64)> = vec![
        (
            "hand-driven coroutines, run to the end",
            chain(50_000),
            10_000_000,
        ),
        (
            "hand-driven coroutines, stopped by the limit",
            chain(50_000),
            200_000,
        ),
        (
            "suspended generators, stopped by the limit",
            generators(50_000),
            200_000,
        ),
        (
            "a list of ten thousand lists",
            "x = [[i] for i in range(10_000)]".into(),
            10_000_000,
        ),
    ];
    let mut failures = Vec::new();
    for (what, source, max_ops) in cases {
        let kept = kept_after(&source, max_ops);
        if kept > BUDGET {
            failures.push(format!("{what}: {kept} bytes kept"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
