//! How a finished run crosses from the engine's worker to the page: one
//! compact byte buffer, transferred (not copied) with `postMessage`.
//!
//! A trace of a few thousand tasks holds hundreds of thousands of events,
//! so JSON (tens of megabytes, slow to write and to parse) and one
//! JavaScript object per event (as structured clone of plain objects would
//! need) are both out.  Events are `Copy` values of a handful of integers
//! and floats, so each is written as a tag byte and its fields: integers as
//! LEB128 varints (most are small), times as the 8 bytes of the `f64`, and
//! a time equal to the previous event's (most of them: a burst of events
//! shares an instant) as one bit of the tag.  Strings follow as lengths and
//! UTF-8 bytes; the run's [`Ending`] and the source's sliders (small, and
//! rich in nested types) as JSON.  Reading checks every length and tag and fails with
//! [`WireError`] rather than panicking, so a truncated or foreign buffer
//! is an error the page can show, never a crash.
//!
//! Layout: `MAGIC`, the ending's and the sliders' JSON (each length-prefixed), the strings
//! (count, then each length-prefixed), the events (count, then each), the
//! await tree's links (count, then each as the waiting future and what it
//! waits on: twice a future's number for a future, twice plus one for a job).

use crate::model::run::Ending;
use crate::model::sliders::Slider;
use loopscope_sim::Span;
use loopscope_sim::{
    Below, Event, EventKind, HandleId, HandleKind, JobId, LimitKind, Link, Resolution, StepEnd,
    Sym, ThreadKind,
};
use loopscope_sim::{FutureId, TaskId, ThreadId, Trace};

/// The first bytes of a buffer, with the format's version.
const MAGIC: &[u8; 4] = b"LSW2";

/// The tag bit saying an event happens at the previous event's time.
const SAME_TIME: u8 = 0x80;

/// Why a buffer could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError(pub String);

/// Writes a run's trace, ending and sliders into one buffer.
pub fn encode(trace: &Trace, ending: &Ending, sliders: &[Slider]) -> Vec<u8> {
    let strings: usize = trace.strings.iter().map(|s| s.len() + 2).sum();
    let mut w = Writer(Vec::with_capacity(64 + strings + trace.events.len() * 14));
    w.0.extend_from_slice(MAGIC);
    let ending = serde_json::to_vec(ending).unwrap_or_default();
    w.bytes(&ending);
    w.bytes(&serde_json::to_vec(sliders).unwrap_or_default());
    w.uint(trace.strings.len() as u64);
    for s in &trace.strings {
        w.bytes(s.as_bytes());
    }
    w.uint(trace.events.len() as u64);
    let mut last_t = 0.0f64;
    for ev in &trace.events {
        // Comparing bits keeps `-0.0` and NaN exact.
        let same = ev.t.to_bits() == last_t.to_bits();
        let tag = tag(&ev.kind) | if same { SAME_TIME } else { 0 };
        w.0.push(tag);
        if !same {
            w.f64(ev.t);
        }
        last_t = ev.t;
        w.uint(ev.thread.0.into());
        w.uint(ev.task.map_or(0, |t| u64::from(t.0) + 1));
        w.uint(ev.span.line.into());
        w.uint(ev.span.col.into());
        w.kind(&ev.kind);
    }
    w.uint(trace.links.len() as u64);
    for l in &trace.links {
        w.uint(l.fut.0.into());
        w.uint(match l.on {
            Below::Future(f) => u64::from(f.0) * 2,
            Below::Job(j) => u64::from(j.0) * 2 + 1,
        });
    }
    w.0
}

/// Reads a buffer written by [`encode`]: the trace (its checkpoints are
/// built on first use, as for any trace), the ending and the sliders.
pub fn decode(bytes: &[u8]) -> Result<(Trace, Ending, Vec<Slider>), WireError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(WireError("not a Loopscope run".into()));
    }
    let ending: Ending = serde_json::from_slice(r.bytes()?)
        .map_err(|e| WireError(format!("the run's ending: {e}")))?;
    let sliders: Vec<Slider> =
        serde_json::from_slice(r.bytes()?).map_err(|e| WireError(format!("the sliders: {e}")))?;
    let count = r.len(1)?;
    let mut trace = Trace::new();
    trace.strings.reserve(count);
    for _ in 0..count {
        let text = std::str::from_utf8(r.bytes()?)
            .map_err(|_| WireError("a string is not UTF-8".into()))?;
        trace.strings.push(text.to_string());
    }
    // An event takes at least six bytes (tag, four varints, a kind with no
    // fields), which bounds what a corrupt count can make us reserve.
    let count = r.len(6)?;
    trace.events.reserve(count);
    let mut last_t = 0.0f64;
    for _ in 0..count {
        let tag = r.u8()?;
        let t = if tag & SAME_TIME != 0 {
            last_t
        } else {
            r.f64()?
        };
        last_t = t;
        let thread = ThreadId(r.u32()?);
        let task = match r.u32()? {
            0 => None,
            n => Some(TaskId(n - 1)),
        };
        let span = Span {
            line: r.u32()?,
            col: r.u32()?,
        };
        let kind = r.kind(tag & !SAME_TIME)?;
        trace.events.push(Event {
            t,
            thread,
            task,
            span,
            kind,
        });
    }
    // A link takes at least two bytes.
    let count = r.len(2)?;
    trace.links.reserve(count);
    for _ in 0..count {
        let fut = FutureId(r.u32()?);
        let on = r.uint()?;
        let n = u32::try_from(on / 2).map_err(|_| WireError("a link is out of range".into()))?;
        let on = if on % 2 == 0 {
            Below::Future(FutureId(n))
        } else {
            Below::Job(JobId(n))
        };
        trace.links.push(Link { fut, on });
    }
    if r.at != bytes.len() {
        return Err(WireError("bytes after the last link".into()));
    }
    Ok((trace, ending, sliders))
}

/// The tag of each kind of event (below [`SAME_TIME`]).
fn tag(kind: &EventKind) -> u8 {
    match kind {
        EventKind::ProgramStart => 0,
        EventKind::ProgramEnd => 1,
        EventKind::LoopStart => 2,
        EventKind::LoopStop => 3,
        EventKind::LoopClose => 4,
        EventKind::Iteration { .. } => 5,
        EventKind::ClockJump { .. } => 6,
        EventKind::HandleQueued { .. } => 7,
        EventKind::HandleRun { .. } => 8,
        EventKind::HandleDone { .. } => 9,
        EventKind::HandleSkipped { .. } => 10,
        EventKind::HandleCancelled { .. } => 11,
        EventKind::TimerSet { .. } => 12,
        EventKind::TimerFired { .. } => 13,
        EventKind::TimerDropped { .. } => 14,
        EventKind::LoopIdle => 15,
        EventKind::FutureCreated { .. } => 16,
        EventKind::FutureDone { .. } => 17,
        EventKind::TaskCreated { .. } => 18,
        EventKind::TaskRenamed { .. } => 19,
        EventKind::StepBegin => 20,
        EventKind::StepEnd { .. } => 21,
        EventKind::CancelRequested { .. } => 22,
        EventKind::BlockBegin { .. } => 23,
        EventKind::BlockOnBegin { .. } => 24,
        EventKind::BlockEnd => 25,
        EventKind::ComputeBegin { .. } => 26,
        EventKind::ComputeEnd => 27,
        EventKind::GilWait => 28,
        EventKind::GilAcquired => 29,
        EventKind::GilReleased => 30,
        EventKind::ThreadStarted { .. } => 31,
        EventKind::ThreadEnded { .. } => 32,
        EventKind::JobQueued { .. } => 33,
        EventKind::JobStarted { .. } => 34,
        EventKind::JobCancelled { .. } => 35,
        EventKind::JobFinished { .. } => 36,
        EventKind::Print { .. } => 37,
        EventKind::Exception { .. } => 38,
        EventKind::Limit { .. } => 39,
        EventKind::Deadlock => 40,
    }
}

/// The growing buffer.
struct Writer(Vec<u8>);

impl Writer {
    /// An unsigned LEB128 varint.
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn handle_kind(&mut self, kind: &HandleKind) {
        let (tag, n) = match *kind {
            HandleKind::Step(t) => (0, t.0),
            HandleKind::Wakeup(t) => (1, t.0),
            HandleKind::DoneCallback(f) => (2, f.0),
            HandleKind::SleepTimer(f) => (3, f.0),
            HandleKind::Timeout(t) => (4, t.0),
            HandleKind::Threadsafe(f) => (5, f.0),
            HandleKind::Callback(s) => (6, s.0),
            HandleKind::Internal(s) => (7, s.0),
        };
        self.0.push(tag);
        self.uint(n.into());
    }

    /// The fields of an event's kind (its tag is already written).
    fn kind(&mut self, kind: &EventKind) {
        match *kind {
            EventKind::ProgramStart
            | EventKind::ProgramEnd
            | EventKind::LoopStart
            | EventKind::LoopStop
            | EventKind::LoopClose
            | EventKind::LoopIdle
            | EventKind::StepBegin
            | EventKind::BlockEnd
            | EventKind::ComputeEnd
            | EventKind::GilWait
            | EventKind::GilAcquired
            | EventKind::GilReleased
            | EventKind::Deadlock => {}
            EventKind::Iteration { ntodo } => self.uint(ntodo.into()),
            EventKind::ClockJump { from } => self.f64(from),
            EventKind::HandleQueued { handle, kind } => {
                self.uint(handle.0.into());
                self.handle_kind(&kind);
            }
            EventKind::HandleRun { handle }
            | EventKind::HandleDone { handle }
            | EventKind::HandleSkipped { handle }
            | EventKind::HandleCancelled { handle } => self.uint(handle.0.into()),
            EventKind::TimerSet { handle, when, kind } => {
                self.uint(handle.0.into());
                self.f64(when);
                self.handle_kind(&kind);
            }
            EventKind::TimerFired { handle, when } | EventKind::TimerDropped { handle, when } => {
                self.uint(handle.0.into());
                self.f64(when);
            }
            EventKind::FutureCreated { fut, label } => {
                self.uint(fut.0.into());
                self.uint(label.0.into());
            }
            EventKind::FutureDone { fut, how, value } => {
                self.uint(fut.0.into());
                self.0.push(match how {
                    Resolution::Result => 0,
                    Resolution::Exception => 1,
                    Resolution::Cancelled => 2,
                });
                self.uint(value.0.into());
            }
            EventKind::TaskCreated {
                task,
                fut,
                name,
                coro,
            } => {
                self.uint(task.0.into());
                self.uint(fut.0.into());
                self.uint(name.0.into());
                self.uint(coro.0.into());
            }
            EventKind::TaskRenamed { task, name } => {
                self.uint(task.0.into());
                self.uint(name.0.into());
            }
            EventKind::StepEnd { end } => match end {
                StepEnd::Await(fut) => {
                    self.0.push(0);
                    self.uint(fut.0.into());
                }
                StepEnd::Yield => self.0.push(1),
                StepEnd::Returned => self.0.push(2),
                StepEnd::Raised => self.0.push(3),
                StepEnd::Cancelled => self.0.push(4),
            },
            EventKind::CancelRequested { task } => self.uint(task.0.into()),
            EventKind::BlockBegin { until, label } => {
                self.f64(until);
                self.uint(label.0.into());
            }
            EventKind::BlockOnBegin { fut } => self.uint(fut.0.into()),
            EventKind::ComputeBegin { ops } => self.uint(ops),
            EventKind::ThreadStarted { thread, kind, name } => {
                self.uint(thread.0.into());
                self.0.push(match kind {
                    ThreadKind::Main => 0,
                    ThreadKind::Worker => 1,
                    ThreadKind::Process => 2,
                    ThreadKind::Plain => 3,
                });
                self.uint(name.0.into());
            }
            EventKind::ThreadEnded { thread } => self.uint(thread.0.into()),
            EventKind::JobQueued {
                job,
                executor,
                name,
            } => {
                self.uint(job.0.into());
                self.uint(executor.into());
                self.uint(name.0.into());
            }
            EventKind::JobStarted { job }
            | EventKind::JobCancelled { job }
            | EventKind::JobFinished { job } => self.uint(job.0.into()),
            EventKind::Print { text, stderr } => {
                self.uint(text.0.into());
                self.0.push(u8::from(stderr));
            }
            EventKind::Exception { value } => self.uint(value.0.into()),
            EventKind::Limit { kind } => self.0.push(match kind {
                LimitKind::Events => 0,
                LimitKind::VirtualTime => 1,
            }),
        }
    }
}

/// A cursor over a buffer.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// The error for a buffer that ends early.
fn short() -> WireError {
    WireError("the run's data ends early".into())
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(n).ok_or_else(short)?;
        let slice = self.bytes.get(self.at..end).ok_or_else(short)?;
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, WireError> {
        let b = *self.bytes.get(self.at).ok_or_else(short)?;
        self.at += 1;
        Ok(b)
    }

    fn uint(&mut self) -> Result<u64, WireError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(WireError("a number is too long".into()))
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        u32::try_from(self.uint()?).map_err(|_| WireError("a number is too large".into()))
    }

    /// A count of items that take at least `min_bytes` each, checked against what is left.
    fn len(&mut self, min_bytes: usize) -> Result<usize, WireError> {
        let n = usize::try_from(self.uint()?).map_err(|_| short())?;
        if n.saturating_mul(min_bytes) > self.bytes.len() - self.at {
            return Err(short());
        }
        Ok(n)
    }

    fn f64(&mut self) -> Result<f64, WireError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    fn bytes(&mut self) -> Result<&'a [u8], WireError> {
        let n = self.len(1)?;
        self.take(n)
    }

    fn bad(what: &str, tag: u8) -> WireError {
        WireError(format!("unknown {what} {tag}"))
    }

    fn handle_kind(&mut self) -> Result<HandleKind, WireError> {
        let tag = self.u8()?;
        let n = self.u32()?;
        Ok(match tag {
            0 => HandleKind::Step(TaskId(n)),
            1 => HandleKind::Wakeup(TaskId(n)),
            2 => HandleKind::DoneCallback(FutureId(n)),
            3 => HandleKind::SleepTimer(FutureId(n)),
            4 => HandleKind::Timeout(TaskId(n)),
            5 => HandleKind::Threadsafe(FutureId(n)),
            6 => HandleKind::Callback(Sym(n)),
            7 => HandleKind::Internal(Sym(n)),
            _ => return Err(Self::bad("handle kind", tag)),
        })
    }

    fn handle(&mut self) -> Result<HandleId, WireError> {
        Ok(HandleId(self.u32()?))
    }

    fn sym(&mut self) -> Result<Sym, WireError> {
        Ok(Sym(self.u32()?))
    }

    fn fut(&mut self) -> Result<FutureId, WireError> {
        Ok(FutureId(self.u32()?))
    }

    fn kind(&mut self, tag: u8) -> Result<EventKind, WireError> {
        Ok(match tag {
            0 => EventKind::ProgramStart,
            1 => EventKind::ProgramEnd,
            2 => EventKind::LoopStart,
            3 => EventKind::LoopStop,
            4 => EventKind::LoopClose,
            5 => EventKind::Iteration { ntodo: self.u32()? },
            6 => EventKind::ClockJump { from: self.f64()? },
            7 => EventKind::HandleQueued {
                handle: self.handle()?,
                kind: self.handle_kind()?,
            },
            8 => EventKind::HandleRun {
                handle: self.handle()?,
            },
            9 => EventKind::HandleDone {
                handle: self.handle()?,
            },
            10 => EventKind::HandleSkipped {
                handle: self.handle()?,
            },
            11 => EventKind::HandleCancelled {
                handle: self.handle()?,
            },
            12 => EventKind::TimerSet {
                handle: self.handle()?,
                when: self.f64()?,
                kind: self.handle_kind()?,
            },
            13 => EventKind::TimerFired {
                handle: self.handle()?,
                when: self.f64()?,
            },
            14 => EventKind::TimerDropped {
                handle: self.handle()?,
                when: self.f64()?,
            },
            15 => EventKind::LoopIdle,
            16 => EventKind::FutureCreated {
                fut: self.fut()?,
                label: self.sym()?,
            },
            17 => EventKind::FutureDone {
                fut: self.fut()?,
                how: match self.u8()? {
                    0 => Resolution::Result,
                    1 => Resolution::Exception,
                    2 => Resolution::Cancelled,
                    other => return Err(Self::bad("resolution", other)),
                },
                value: self.sym()?,
            },
            18 => EventKind::TaskCreated {
                task: TaskId(self.u32()?),
                fut: self.fut()?,
                name: self.sym()?,
                coro: self.sym()?,
            },
            19 => EventKind::TaskRenamed {
                task: TaskId(self.u32()?),
                name: self.sym()?,
            },
            20 => EventKind::StepBegin,
            21 => EventKind::StepEnd {
                end: match self.u8()? {
                    0 => StepEnd::Await(self.fut()?),
                    1 => StepEnd::Yield,
                    2 => StepEnd::Returned,
                    3 => StepEnd::Raised,
                    4 => StepEnd::Cancelled,
                    other => return Err(Self::bad("step end", other)),
                },
            },
            22 => EventKind::CancelRequested {
                task: TaskId(self.u32()?),
            },
            23 => EventKind::BlockBegin {
                until: self.f64()?,
                label: self.sym()?,
            },
            24 => EventKind::BlockOnBegin { fut: self.fut()? },
            25 => EventKind::BlockEnd,
            26 => EventKind::ComputeBegin { ops: self.uint()? },
            27 => EventKind::ComputeEnd,
            28 => EventKind::GilWait,
            29 => EventKind::GilAcquired,
            30 => EventKind::GilReleased,
            31 => EventKind::ThreadStarted {
                thread: ThreadId(self.u32()?),
                kind: match self.u8()? {
                    0 => ThreadKind::Main,
                    1 => ThreadKind::Worker,
                    2 => ThreadKind::Process,
                    3 => ThreadKind::Plain,
                    other => return Err(Self::bad("thread kind", other)),
                },
                name: self.sym()?,
            },
            32 => EventKind::ThreadEnded {
                thread: ThreadId(self.u32()?),
            },
            33 => EventKind::JobQueued {
                job: JobId(self.u32()?),
                executor: self.u32()?,
                name: self.sym()?,
            },
            34 => EventKind::JobStarted {
                job: JobId(self.u32()?),
            },
            35 => EventKind::JobCancelled {
                job: JobId(self.u32()?),
            },
            36 => EventKind::JobFinished {
                job: JobId(self.u32()?),
            },
            37 => EventKind::Print {
                text: self.sym()?,
                stderr: self.u8()? != 0,
            },
            38 => EventKind::Exception { value: self.sym()? },
            39 => EventKind::Limit {
                kind: match self.u8()? {
                    0 => LimitKind::Events,
                    1 => LimitKind::VirtualTime,
                    other => return Err(Self::bad("limit kind", other)),
                },
            },
            40 => EventKind::Deadlock,
            other => return Err(Self::bad("event kind", other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;

    /// Encodes `source`'s run, decodes it, and checks that nothing changed:
    /// the trace's JSON (every event and string) and the ending are equal,
    /// and encoding the decoded run gives the same bytes.
    fn check(source: &str) -> usize {
        let run = execute(source, None);
        let bytes = encode(&run.trace, &run.ending, &run.sliders);
        let (trace, ending, sliders) = decode(&bytes).expect("decodes");
        assert_eq!(trace.to_json(), run.trace.to_json());
        assert_eq!(ending, run.ending);
        assert_eq!(sliders, *run.sliders);
        assert_eq!(encode(&trace, &ending, &sliders), bytes);
        bytes.len()
    }

    #[test]
    fn runs_cross_byte_identical() {
        for preset in crate::model::presets::PRESETS.iter() {
            check(preset.source);
        }
        // A large run, every kind of ending, and printed text in any script.
        let many = "import asyncio\n\nasync def worker(i):\n    for k in range(5):\n        await asyncio.sleep(0.001 * ((i * 7 + k) % 13 + 1))\n    return i\n\nasync def main():\n    results = await asyncio.gather(*[worker(i) for i in range(400)])\n    print(sum(results), 'と', '🐍')\n\nasyncio.run(main())\n";
        let bytes = check(many);
        let events = execute(many, None).len();
        assert!(events > 25_000, "{events} events");
        // Most events share their instant with the previous one and carry
        // small numbers: far below the 48 bytes an event takes in memory.
        assert!(bytes < events * 12, "{bytes} bytes for {events} events");
        check("x = 1 / 0\n");
        check("def f(:\n");
        check("while True:\n    pass\n");
        check("import asyncio\n\nasync def main():\n    await asyncio.get_running_loop().create_future()\n\nasyncio.run(main())\n");
        check("import time\nfrom concurrent.futures import ThreadPoolExecutor\n\nwith ThreadPoolExecutor(2) as ex:\n    ex.submit(time.sleep, 1)\n    print(ex.submit(pow, 2, 10).result())\n");
        check(&format!("x = {}1", "(".repeat(300)));
        // The await tree's links cross too: a gather's children, a job's future.
        let linked = "import asyncio, time\n\nasync def main():\n    await asyncio.gather(asyncio.to_thread(time.sleep, 1), asyncio.sleep(2))\n\nasyncio.run(main())\n";
        check(linked);
        assert!(!execute(linked, None).trace.links.is_empty());
    }

    #[test]
    fn a_damaged_buffer_is_an_error_not_a_crash() {
        let run = execute(crate::model::presets::PRESETS[1].source, None);
        let bytes = encode(&run.trace, &run.ending, &run.sliders);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode(b"LSW0").is_err());
        assert!(decode(&[]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        // Every prefix and a byte flipped anywhere: an error or a trace, never a panic.
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err());
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0xff;
            let _ = decode(&flipped);
        }
        // A count far beyond the buffer is refused before anything is reserved.
        let mut huge = MAGIC.to_vec();
        let ending = serde_json::to_vec(&Ending::Finished).unwrap();
        huge.push(ending.len() as u8);
        huge.extend_from_slice(&ending);
        huge.extend_from_slice(&[2, b'[', b']']);
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(decode(&huge).is_err());
    }
}
