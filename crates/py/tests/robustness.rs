//! No input makes the Python layer panic: every fixture with one line removed
//! (which yields syntax errors, unbound names, unbalanced blocks, wrong
//! types…) still runs to an outcome.

use std::path::Path;

#[test]
fn mutated_fixtures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    let mut options = loopscope_py::Options {
        max_events: 20_000,
        max_virtual_time: 100.0,
        ..Default::default()
    };
    options.limits.max_ops = 200_000;
    options.limits.max_tasks = 200;
    let mut runs = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).expect("read fixture");
        let lines: Vec<&str> = source.lines().collect();
        for skip in 0..lines.len() {
            let mutated: String = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| format!("{l}\n"))
                .collect();
            let _ = loopscope_py::run(&mutated, &options);
            let _ = loopscope_py::front::tokens::tokens(&mutated);
            let _ = loopscope_py::front::sliders::literals(&mutated);
            runs += 1;
        }
    }
    assert!(runs > 100);
}
