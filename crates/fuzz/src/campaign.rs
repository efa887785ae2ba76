//! A fuzzing campaign: draw inputs, run them, minimise and record what fails.

use crate::driver::{gdb_stack, Executor, Failure};
use crate::exec::{FLAG_TWICE, TARGET_LINK, TARGET_PYTHON};
use crate::rng::Rng;
use crate::{gen, link, mutate};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Settings of one campaign.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long to draw new inputs (minimisation comes on top).
    pub seconds: f64,
    /// The seed of the input sequence.
    pub seed: u64,
    /// The workspace root: where the corpora are read from.
    pub root: PathBuf,
    /// Where findings are written (emptied first).
    pub out: PathBuf,
    /// The longest one input may run before it is a hang.
    pub timeout: Duration,
    /// The most time spent minimising one finding.
    pub minimise: Duration,
}

/// A program of the corpora.
struct CorpusFile {
    path: String,
    text: String,
    hostile: bool,
}

/// A distinct finding and how often it was met.
struct Finding {
    failure: Failure,
    target: u8,
    input: String,
    origin: String,
    count: u64,
    file: PathBuf,
    first_at: u64,
    stack: Option<String>,
}

/// Runs the campaign and prints its summary; returns the number of distinct findings.
pub fn run(settings: &Settings) -> std::io::Result<usize> {
    let corpus = load_corpus(&settings.root)?;
    if corpus.is_empty() {
        return Err(std::io::Error::other(format!(
            "no corpus programs under {}",
            settings.root.display()
        )));
    }
    let _ = std::fs::remove_dir_all(&settings.out);
    std::fs::create_dir_all(&settings.out)?;
    let exe = std::env::current_exe()?;
    let mut executor = Executor::new(exe.clone());
    let mut rng = Rng::new(settings.seed);
    let mut findings: BTreeMap<(String, String), Finding> = BTreeMap::new();
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let started = Instant::now();
    let mut fuzzing = Duration::ZERO;
    let mut minimising = Duration::ZERO;
    let mut executions: u64 = 0;
    let mut next_report = 10.0;
    // Executions and time per source of inputs, for the summary.
    let mut sources: BTreeMap<&'static str, (u64, Duration)> = BTreeMap::new();
    println!(
        "fuzzing for {} s with seed {} ({} corpus programs); findings go to {}",
        settings.seconds,
        settings.seed,
        corpus.len(),
        settings.out.display()
    );
    while fuzzing.as_secs_f64() < settings.seconds {
        let slice = Instant::now();
        let (target, flags, input, origin) = next_input(&mut rng, &corpus);
        executions += 1;
        let ran = Instant::now();
        let failure = executor.run(target, flags, &input, settings.timeout);
        let source = if target == TARGET_LINK {
            "damaged links"
        } else if origin == "the generator" {
            "generated programs"
        } else {
            "mutated programs"
        };
        let entry = sources.entry(source).or_default();
        entry.0 += 1;
        entry.1 += ran.elapsed();
        fuzzing += slice.elapsed();
        if fuzzing.as_secs_f64() >= next_report {
            println!(
                "  [{:>5.0} s] {executions} executions, {:.0}/s, {} distinct findings",
                fuzzing.as_secs_f64(),
                executions as f64 / fuzzing.as_secs_f64(),
                findings.len()
            );
            next_report += 10.0;
        }
        let Some(failure) = failure else { continue };
        if failure.kind == "executor" {
            return Err(std::io::Error::other(failure.detail));
        }
        let id = (failure.kind.clone(), failure.key.clone());
        if let Some(known) = findings.get_mut(&id) {
            known.count += 1;
            continue;
        }
        println!(
            "  new finding: {} ({}) from {origin}; minimising…",
            failure.kind, failure.key
        );
        let begun = Instant::now();
        let small = minimise(&mut executor, target, flags, &input, &failure, settings);
        // A finding that kills or hangs the process has no panic backtrace;
        // gdb can say where it was.
        let dir = settings.out.clone();
        let n = per_kind.entry(failure.kind.clone()).or_insert(0);
        *n += 1;
        let ext = if target == TARGET_LINK { "txt" } else { "py" };
        let file = dir.join(format!("{}-{}.{ext}", failure.kind, n));
        let mut finding = Finding {
            failure: described(&mut executor, target, flags, &small, failure, settings),
            target,
            input: small,
            origin,
            count: 1,
            file,
            first_at: executions,
            stack: None,
        };
        if matches!(
            finding.failure.kind.as_str(),
            "stack-overflow" | "hang" | "crash"
        ) {
            let probe = dir.join("gdb-input.tmp");
            if std::fs::write(&probe, &finding.input).is_ok() {
                finding.stack = gdb_stack(
                    &exe,
                    &probe,
                    target == TARGET_LINK,
                    finding.failure.kind == "hang",
                );
                let _ = std::fs::remove_file(&probe);
            }
        }
        write_finding(&finding, settings.seed)?;
        println!(
            "    -> {} ({} bytes, minimised in {:.1} s)",
            finding.file.display(),
            finding.input.len(),
            begun.elapsed().as_secs_f64()
        );
        minimising += begun.elapsed();
        findings.insert(id, finding);
    }
    // Counts changed after the files were first written.
    for finding in findings.values() {
        write_finding(finding, settings.seed)?;
    }
    let secs = fuzzing.as_secs_f64();
    println!("\nfuzz summary (seed {}):", settings.seed);
    println!("  executions      {executions}");
    println!(
        "  fuzzing time    {secs:.1} s ({:.0} executions/s)",
        executions as f64 / secs.max(1e-9)
    );
    println!("  minimising time {:.1} s", minimising.as_secs_f64());
    println!("  wall time       {:.1} s", started.elapsed().as_secs_f64());
    println!(
        "  executor starts {} ({} after keeping over {} MiB)",
        executor.starts,
        executor.recycled,
        crate::driver::RESTART_ABOVE >> 20
    );
    for (source, (count, time)) in &sources {
        println!(
            "  {source:<20} {count:>9} executions, {:>7.1} s, {:.0}/s",
            time.as_secs_f64(),
            *count as f64 / time.as_secs_f64().max(1e-9)
        );
    }
    if findings.is_empty() {
        println!("  findings        none");
    } else {
        let mut by_kind: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
        for f in findings.values() {
            let e = by_kind.entry(f.failure.kind.as_str()).or_default();
            e.0 += 1;
            e.1 += f.count;
        }
        println!("  findings by kind (distinct / inputs that hit them):");
        for (kind, (distinct, hits)) in by_kind {
            println!("    {kind:<18} {distinct:>4} / {hits}");
        }
        println!("  files:");
        for f in findings.values() {
            println!(
                "    {}  {}: {} (x{})",
                f.file.display(),
                f.failure.kind,
                f.failure.key,
                f.count
            );
        }
    }
    Ok(findings.len())
}

/// The programs of the oracle corpus, the interpreter's fixtures and the hostile programs.
fn load_corpus(root: &Path) -> std::io::Result<Vec<CorpusFile>> {
    let mut files = Vec::new();
    for (dir, recursive, hostile) in [
        ("tests/oracle/cases", false, false),
        ("crates/py/tests/fixtures", true, false),
        ("tests/hostile", false, true),
    ] {
        let mut paths = Vec::new();
        collect_py(&root.join(dir), recursive, &mut paths);
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)?;
            let path = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            files.push(CorpusFile {
                path,
                text,
                hostile,
            });
        }
    }
    Ok(files)
}

fn collect_py(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && recursive {
            collect_py(&path, true, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

/// A corpus file; the hostile ones, which fail (and often slowly) until the
/// engine is fixed, are drawn a tenth as often as the others.
fn pick_file<'c>(rng: &mut Rng, corpus: &'c [CorpusFile]) -> &'c CorpusFile {
    loop {
        let file = rng.pick(corpus);
        if !file.hostile || rng.chance(1, 10) {
            return file;
        }
    }
}

/// The longest program a mutation may make, in bytes.
const MAX_INPUT: usize = 4 << 20;

/// The next input: target, flags, text, and where it came from.
fn next_input(rng: &mut Rng, corpus: &[CorpusFile]) -> (u8, u8, String, String) {
    let flags = if rng.chance(1, 8) { FLAG_TWICE } else { 0 };
    let roll = rng.below(100);
    if roll < 40 {
        return (
            TARGET_PYTHON,
            flags,
            gen::program(rng),
            "the generator".into(),
        );
    }
    if roll < 88 {
        let other = pick_file(rng, corpus);
        let (base, base_name) = if rng.chance(1, 5) {
            (gen::program(rng), "a generated program".to_string())
        } else {
            let f = pick_file(rng, corpus);
            (f.text.clone(), f.path.clone())
        };
        let (mut text, edits) = mutate::mutate(rng, &base, &other.text);
        // Repeating lines of the megabyte-long hostile files can make an
        // input of a gigabyte, which tests the machine rather than
        // Loopscope (the page never gets one: its editor and links are far
        // smaller); such inputs are cut to the largest a program may be.
        if text.len() > MAX_INPUT {
            let mut end = MAX_INPUT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
        let origin = format!(
            "{base_name}, mutated ({}; material from {})",
            edits.join(", "),
            other.path
        );
        return (TARGET_PYTHON, flags, text, origin);
    }
    let program = if rng.chance(1, 2) {
        gen::program(rng)
    } else {
        pick_file(rng, corpus).text.clone()
    };
    (
        TARGET_LINK,
        0,
        link::fragment(rng, &program),
        "a damaged link".into(),
    )
}

/// Delta debugging over lines, then over characters: the smallest input
/// (found within the time budget) that still fails the same way.
fn minimise(
    executor: &mut Executor,
    target: u8,
    flags: u8,
    input: &str,
    failure: &Failure,
    settings: &Settings,
) -> String {
    let deadline = Instant::now() + settings.minimise;
    // A candidate must fail in the same class; hangs and memory are
    // re-checked with a shorter clock so that minimising one costs minutes,
    // not hours (a candidate that runs over a third of the limit counts).
    // Memory keeps the full clock (reaching 2 GiB takes time); other
    // classes are re-checked with a two-second clock: a candidate
    // that runs longer (a loop whose counter was deleted) is not the failure
    // being minimised, and waiting for it would eat the budget.
    let timeout = match failure.kind.as_str() {
        "hang" => settings.timeout / 3,
        "memory" => settings.timeout,
        _ => settings.timeout.min(Duration::from_secs(2)),
    };
    let flags = flags
        | if failure.kind == "nondeterministic" {
            FLAG_TWICE
        } else {
            0
        };
    let mut same = |candidate: &str| -> bool {
        executor
            .run(target, flags, candidate, timeout)
            .is_some_and(|f| f.kind == failure.kind && f.key == failure.key)
    };
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    let lines = ddmin(lines, deadline, |ls: &[&str]| same(&ls.concat()));
    let text = lines.concat();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > 20_000 {
        return text;
    }
    let chars = ddmin(chars, deadline, |cs: &[char]| {
        same(&cs.iter().collect::<String>())
    });
    let text: String = chars.into_iter().collect();
    // Removing characters can make whole lines removable: one more pass.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    ddmin(lines, deadline, |ls: &[&str]| same(&ls.concat())).concat()
}

/// Zeller's ddmin, complements only: remove one of `n` chunks while the
/// test still fails, refining the chunks when none can go.
fn ddmin<T: Clone>(
    mut items: Vec<T>,
    deadline: Instant,
    mut fails: impl FnMut(&[T]) -> bool,
) -> Vec<T> {
    let mut n = 2usize;
    while items.len() >= 2 && Instant::now() < deadline {
        let chunk = items.len().div_ceil(n);
        let mut reduced = false;
        let mut start = 0;
        while start < items.len() {
            if Instant::now() >= deadline {
                return items;
            }
            let end = (start + chunk).min(items.len());
            let candidate: Vec<T> = items[..start]
                .iter()
                .chain(&items[end..])
                .cloned()
                .collect();
            if fails(&candidate) {
                items = candidate;
                reduced = true;
                // Keep the same chunk boundaries for the rest of this round.
            } else {
                start = end;
            }
        }
        if reduced {
            n = n.saturating_sub(1).max(2);
        } else {
            if n >= items.len() {
                break;
            }
            n = (n * 2).min(items.len());
        }
    }
    items
}

/// The failure of the minimised input, with a backtrace for a panic.
fn described(
    executor: &mut Executor,
    target: u8,
    flags: u8,
    input: &str,
    original: Failure,
    settings: &Settings,
) -> Failure {
    if !original.kind.contains("panic") {
        return original;
    }
    match executor.run(
        target,
        flags | crate::exec::FLAG_BACKTRACE,
        input,
        settings.timeout,
    ) {
        Some(f) if f.kind == original.kind && f.key == original.key => f,
        _ => original,
    }
}

fn write_finding(f: &Finding, seed: u64) -> std::io::Result<()> {
    let mut header = String::new();
    let _ = writeln!(
        header,
        "# loopscope fuzz finding: {} ({})",
        f.failure.kind, f.failure.key
    );
    for line in f.failure.detail.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(header, "#   {line}");
    }
    if let Some(stack) = &f.stack {
        let _ = writeln!(header, "# stack (gdb, innermost first):");
        for line in stack.lines() {
            let _ = writeln!(header, "#   {line}");
        }
    }
    let _ = writeln!(
        header,
        "# found at execution {} of seed {seed}, from {}; {} input(s) hit it",
        f.first_at, f.origin, f.count
    );
    let replay = if f.target == TARGET_LINK {
        format!("loopscope-fuzz replay --link {}", f.file.display())
    } else {
        format!(
            "loopscope run {}   (or: loopscope-fuzz replay {})",
            f.file.display(),
            f.file.display()
        )
    };
    let _ = writeln!(header, "# reproduce: {replay}");
    let _ = writeln!(header, "# ---");
    std::fs::write(&f.file, format!("{header}{}", f.input))
}

/// The input of a finding file: everything after the header's `# ---` line
/// (the whole file when there is no header).
pub fn strip_header(text: &str) -> &str {
    match text.find("\n# ---\n") {
        Some(i) if text.starts_with("# loopscope fuzz finding") => &text[i + 7..],
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::{ddmin, strip_header};
    use std::time::{Duration, Instant};

    #[test]
    fn ddmin_finds_the_two_needed_items() {
        let items: Vec<u32> = (0..100).collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        let small = ddmin(items, deadline, |xs| xs.contains(&17) && xs.contains(&80));
        assert_eq!(small, vec![17, 80]);
    }

    #[test]
    fn headers_are_stripped_for_replay() {
        let file = "# loopscope fuzz finding: panic (x)\n# ---\nprint(1)\n";
        assert_eq!(strip_header(file), "print(1)\n");
        assert_eq!(strip_header("print(2)\n"), "print(2)\n");
    }
}
