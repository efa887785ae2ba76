//! Reports the release bundle's size (raw and gzip) and checks its budget.

use crate::{Failure, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Budget for the whole bundle, gzip-compressed, in bytes: just above its
/// size when it was set, so that a change that makes the download
/// noticeably larger fails the tests and has to raise it on purpose.  Sizes
/// by change are in ARCHITECTURE.md ("Size"); the last raise, from
/// 1 030 000, paid for the timeline's step axis and the diagram's overflow
/// lists (1 017 480 bytes) and then `operator`, `copy`, `statistics`,
/// `contextvars` and `typing.NamedTuple` classes (1 046 864 bytes); the one
/// after, from 1 060 000, predict mode and the await tree, the GIL switch,
/// the sweep (its worker batch, chart and panel), compare mode (its engine
/// client, the divergence, a second timeline and diagram) and the run
/// cache (1 105 847 bytes); the one after, from 1 110 000, the timeline's
/// level of detail (shares for runs of pieces too fine to see), the font
/// warm-up in index.html and the bounded await-tree walk (1 110 776 bytes);
/// the one after, from 1 115 000, the diagram's node keys that let a seek
/// patch words in place rather than rebuild its chips and cards
/// (`NodeKeys::assign` is 2.9 KB of code before compression) and a
/// slider's run asked ahead of its move (`Engine::ahead`), 1 117 286 bytes;
/// the one after, from 1 120 000, the presets' runs built into the page
/// (`web/src/model/runs/`, 64 KB raw of which the GIL preset's 5 000
/// events are 47 KB: about 20 KB gzipped), which spare a first visit the
/// compiling of the interpreter on the page's thread, 1 137 239 bytes;
/// the one after, from 1 140 000, the methods of each library object
/// (`runtime/library/members.rs`, so that `hasattr` and attribute errors
/// answer as CPython's) and what the API sweep found (argument checks for
/// `math.comb` and `perm`, `ExitStack`'s and `__exit__`'s, bounds on
/// `itertools` state, int's `conjugate`), 1 141 397 bytes; the one after,
/// from 1 145 000, the page's parts as functions of their own that V8
/// optimises apart (`view/controls.rs`, `view/topbar.rs` and the panes in
/// `view/app.rs`, +1.2 KB) and the timeline's frame and playhead line as
/// separate components, so that a seek redraws only the line (+1.9 KB),
/// 1 144 942 bytes; the one after, from 1 150 000, the Python layer's
/// fidelity fixes found by reading the paths no test ran: `json` as
/// CPython's (`JSONDecodeError` with its fields, the hooks called back,
/// `skipkeys`, `allow_nan`, cycles; +5.3 KB), augmented assignment in place
/// and ranges compared by their items (+2.9 KB), `start`/`end` of the str
/// searches, several iterables for the set methods and the missing str
/// methods (+5.0 KB), and argument counts checked for every method of the
/// built-in types (+1.6 KB), 1 159 969 bytes; the one after, from
/// 1 165 000, coroutines driven by hand (`runtime/by_hand.rs`: `send`,
/// `throw`, `close`), `contextlib.nullcontext`, `ExitStack.push` and
/// `pop_all`, the `fromkeys` of `OrderedDict` and `defaultdict`, and a
/// Counter's operators in place (+5.7 KB together), 1 166 780 bytes; the
/// one after, from 1 175 000, the diagram's view and layout in functions
/// V8 optimises one by one during a seek (+1.9 KB), the loop's reports
/// through the program's logging (`Sim::set_log_hook`), `abc.ABC`'s check
/// of abstract methods, and the iterative release of every object that
/// holds a value (wrappers, classes, context variables; +3 KB together),
/// 1 175 653 bytes; the one after, from 1 180 000, the Python that asyncio
/// code is written in, found by running programs against CPython:
/// generator-based awaitables (`runtime/gen_await.rs`), printf-style `%`
/// formatting (`runtime/printf.rs`), `int | None` unions, `__getattr__`,
/// user `__hash__` keys, exception notes, `heapq` with user `__lt__`
/// (+13.6 KB together), 1 189 252 bytes; then the blocking side of thread
/// programs (`library/threads.rs`: `threading`'s `Event`, `Semaphore`,
/// `RLock`, `Condition`, `Timer`, the `queue` module, `concurrent.futures`'
/// `wait` and `as_completed`; +15.3 KB, the interpreter being built for
/// speed), 1 204 568 bytes, under a budget of 1 215 000; the one after,
/// from 1 215 000, the seek work of #16: the diagram's growing lists as
/// groups of their own and the page's view split into functions (+4 KB),
/// the font sampler and the rows' room for their "+N more" chip (+3 KB),
/// 1 212 361 bytes; then the interpreter's cold operations as functions
/// of their own (+0.7 KB), the playhead as an element over the plot, the
/// diagram's one height per run and the page's "shown" signal for the
/// service worker (+2.7 KB), 1 215 752 bytes, under a budget of 1 225 000;
/// the one after, from 1 225 000, what hostile and ordinary programs found
/// missing: strings sized before they are built and reprs that stop at the
/// string limit, precisions past Rust's formatter, `str.format`'s nested
/// fields and zero padding with grouping, log lines through the output
/// limit (+6.3 KB), the int digit limit (+1 KB), the model's reports
/// counted as output and `time.sleep`'s checks (+1.2 KB), docstrings and
/// `__slots__` (+1.5 KB), CPython's public names of every supported module
/// (+4.6 KB; these five in bytes of the wasm gzipped before `wasm-opt`),
/// then `__iadd__`, `__setattr__` and `Generic[T]` subscripts: 1 230 392
/// bytes in a fresh clone's CI build (builds in a working tree measured
/// 1 220 765 of nearly the same sources), under a budget of 1 237 000.
const GZIP_BUDGET: u64 = 1_237_000;

/// Size of `bytes` once gzip-compressed at the highest level, measured with
/// the system's `gzip` (always present on the machines this runs on).
fn gzip_len(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| Failure(format!("running gzip: {e}")))?;
    Ok(out.stdout.len() as u64)
}

/// Prints each wasm, JS and CSS file of `dist/` with raw and gzip sizes, and
/// fails when the total is over budget.
pub fn report(dist: &Path) -> Result {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => "wasm",
            Some("js") => "js",
            Some("css") => "css",
            Some("html") => "html",
            _ => continue,
        };
        let raw = std::fs::metadata(&path)?.len();
        let gzip = gzip_len(&path)?;
        rows.push((kind, path, raw, gzip));
    }
    rows.sort_by(|a, b| a.0.cmp(b.0));
    println!("\nRelease bundle (dist/):");
    println!(
        "  {:<5} {:>12} {:>12}  file",
        "kind", "raw bytes", "gzip bytes"
    );
    let (mut total_raw, mut total_gzip) = (0, 0);
    for (kind, path, raw, gzip) in &rows {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        println!("  {kind:<5} {raw:>12} {gzip:>12}  {name}");
        total_raw += raw;
        total_gzip += gzip;
    }
    println!("  {:<5} {total_raw:>12} {total_gzip:>12}", "total");
    if !rows.iter().any(|r| r.0 == "wasm") {
        return Err(Failure("the release bundle has no .wasm file".into()));
    }
    if total_gzip > GZIP_BUDGET {
        return Err(Failure(format!(
            "the release bundle is {total_gzip} bytes gzipped, over the budget of {GZIP_BUDGET} \
             (crates/xtask/src/bundle.rs); `twiggy top` on the wasm shows where the bytes go"
        )));
    }
    Ok(())
}
