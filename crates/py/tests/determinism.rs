//! A program gives byte-identical output and trace on every run: `id()`,
//! `hash()` and the addresses in reprs are numbered per run, not taken from
//! the heap, and nothing carries over from one run to the next in the same
//! process (or thread).

/// What a run shows: stdout, stderr and the whole trace.
fn observe(source: &str) -> String {
    let out = loopscope_py::run(source, &loopscope_py::Options::default());
    format!(
        "{}\n--- stderr\n{}\n--- trace\n{:?}",
        out.stamped_stdout(),
        out.stderr,
        out.trace
    )
}

/// Runs `source` twice in this thread, with another program in between,
/// and once on a fresh thread, and checks that all three agree.
fn check(name: &str, source: &str) {
    let first = observe(source);
    // A run that allocates and numbers many objects must not shift the
    // numbers of the next one.
    let _ = observe("xs = [[i] for i in range(1000)]\nprint([id(x) for x in xs][-1])\n");
    let second = observe(source);
    let owned = source.to_string();
    let third = std::thread::spawn(move || observe(&owned))
        .join()
        .expect("run on another thread");
    assert_eq!(
        first, second,
        "{name}: a second run in the same thread differs"
    );
    assert_eq!(first, third, "{name}: a run on another thread differs");
}

#[test]
fn runs_are_byte_identical() {
    let cases: &[(&str, &str)] = &[
        (
            "ids and reprs",
            "def f():\n    pass\nasync def c():\n    pass\nco = c()\n\
             print(id(f), f, co, id([]), id(1), id(10**6), id(2.5), id('s'))\n\
             print(hash('abc'), hash(f), hash((1, 'x')), hash(None))\n\
             co.close()\n",
        ),
        (
            "objects freed and reallocated",
            "seen = []\nfor i in range(100):\n    x = [i]\n    seen.append(id(x))\n    del x\n\
             print(len(set(seen)), seen[:3])\n",
        ),
        (
            "tasks and library objects",
            "import asyncio\nasync def w(i):\n    await asyncio.sleep(i / 10)\n    return id(asyncio.current_task())\n\
             async def main():\n    lock = asyncio.Lock()\n    q = asyncio.Queue()\n    print(lock, q, id(lock))\n\
             print(await asyncio.gather(*(w(i) for i in range(3))))\nasyncio.run(main())\n",
        ),
        (
            "a traceback mentioning objects",
            "def g(x):\n    raise ValueError(repr(x))\ng(g)\n",
        ),
    ];
    for (name, source) in cases {
        check(name, source);
    }
}
