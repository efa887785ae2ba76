//! Criterion benchmarks of the model: events per second for many timers and
//! for a ping-pong through futures, bytes of trace per event, and the cost of
//! rebuilding the state at an index of a 100 000-event trace.
// `criterion_group!` generates a public function without documentation.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use loopscope_sim::testkit::{Op, Script, TestValue};
use loopscope_sim::{Config, Coroutine, FutureId, Outcome, Sent, Sim, Step, Trace};
use std::cell::RefCell;
use std::rc::Rc;

/// A callback that does nothing.
struct Noop;

impl Coroutine<TestValue> for Noop {
    fn resume(&mut self, _sim: &mut Sim<TestValue>, _sent: Sent<TestValue>) -> Step<TestValue> {
        Step::Return(TestValue::None)
    }
    fn name(&self) -> String {
        "noop".to_string()
    }
}

fn config() -> Config {
    Config {
        max_events: 100_000_000,
        ..Config::default()
    }
}

/// `asyncio.run(main())` where main schedules `n` timers at distinct deadlines and sleeps past them.
fn timers(n: u32) -> Sim<TestValue> {
    let main = Script::new(
        "main",
        vec![
            Op::Do(Box::new(move |s, _| {
                for i in 0..n {
                    s.call_later(f64::from(i % 1000) * 0.001, Box::new(Noop));
                }
            })),
            Op::Sleep(2.0),
        ],
    );
    let mut sim = Sim::new(config());
    let r = sim.run_program(Box::new(Script::new("<module>", vec![Op::RunLoop(main)])));
    assert!(matches!(r.outcome, Outcome::Ok));
    sim
}

/// One task of the ring: waits for its future, then passes the token to the next task.
struct Player {
    me: usize,
    rounds: u32,
    slots: Rc<RefCell<Vec<FutureId>>>,
    started: bool,
}

impl Coroutine<TestValue> for Player {
    fn resume(&mut self, sim: &mut Sim<TestValue>, _sent: Sent<TestValue>) -> Step<TestValue> {
        if self.started {
            let n = self.slots.borrow().len();
            let next = self.slots.borrow()[(self.me + 1) % n];
            let _ = sim.set_result(next, TestValue::None);
            if self.rounds == 0 {
                return Step::Return(TestValue::None);
            }
            self.rounds -= 1;
        }
        self.started = true;
        let f = sim.create_future();
        self.slots.borrow_mut()[self.me] = f;
        Step::Await(f)
    }
    fn name(&self) -> String {
        "player".to_string()
    }
}

/// `n` tasks pass a token around a ring of futures `rounds` times.
fn ping_pong(n: usize, rounds: u32) -> Sim<TestValue> {
    let slots = Rc::new(RefCell::new(vec![FutureId(0); n]));
    let s2 = slots.clone();
    let main = Script::new(
        "main",
        vec![
            Op::Do(Box::new(move |s, r| {
                for me in 0..n {
                    let p = Player {
                        me,
                        rounds,
                        slots: s2.clone(),
                        started: false,
                    };
                    if let Ok(t) = s.create_task(Box::new(p), None) {
                        r.borrow_mut().tasks.push(t);
                    }
                }
            })),
            Op::Sleep(0.0),
            Op::Do(Box::new(move |s, _| {
                let f = slots.borrow()[0];
                let _ = s.set_result(f, TestValue::None);
            })),
            Op::Await(Box::new(move |s, r| {
                let fs = r.borrow().tasks.iter().map(|&t| s.task_future(t)).collect();
                let g = s.gather(fs, true);
                s.wait_for(loopscope_sim::Awaitable::Future(g), None)
            })),
        ],
    );
    let mut sim = Sim::new(config());
    let r = sim.run_program(Box::new(Script::new("<module>", vec![Op::RunLoop(main)])));
    assert!(matches!(r.outcome, Outcome::Ok), "{:?}", r.outcome);
    sim
}

fn bench_timers(c: &mut Criterion) {
    let events = timers(100_000).trace().events.len() as u64;
    let mut g = c.benchmark_group("timers");
    g.sample_size(10);
    g.throughput(Throughput::Elements(events));
    g.bench_function("100k concurrent timers", |b| b.iter(|| timers(100_000)));
    g.finish();
}

fn bench_ping_pong(c: &mut Criterion) {
    let events = ping_pong(1000, 10).trace().events.len() as u64;
    let mut g = c.benchmark_group("ping_pong");
    g.sample_size(10);
    g.throughput(Throughput::Elements(events));
    g.bench_function("1000 tasks x 10 rounds through futures", |b| {
        b.iter(|| ping_pong(1000, 10))
    });
    g.finish();
}

#[allow(clippy::print_stderr)]
fn bench_bytes_per_event(c: &mut Criterion) {
    let sim = ping_pong(1000, 10);
    let t = sim.trace();
    let strings: usize = t
        .strings
        .iter()
        .map(|s| s.len() + std::mem::size_of::<String>())
        .sum();
    let mem = t.events.len() * std::mem::size_of::<loopscope_sim::Event>() + strings;
    let json = t.to_json().len();
    eprintln!(
        "bytes per event: {} in memory (event struct {} B + interned strings), {} with checkpoints, {} as JSON, over {} events",
        mem / t.events.len(),
        std::mem::size_of::<loopscope_sim::Event>(),
        t.memory_bytes() / t.events.len(),
        json / t.events.len(),
        t.events.len()
    );
    c.bench_function("serialise 1000-task ping-pong trace to JSON", |b| {
        b.iter(|| t.to_json().len())
    });
}

/// Prints the slowest and the mean `state_at` over 200 evenly spaced indices
/// (each the best of 3 calls), the checkpoint count and the bytes per event
/// with checkpoints: one index, as the Criterion benchmarks time, can miss a
/// slow stretch of the trace.
#[allow(clippy::print_stderr)]
fn sweep(name: &str, trace: &Trace) {
    let n = trace.events.len();
    trace.index();
    let mut worst = (std::time::Duration::ZERO, 0);
    let mut total = std::time::Duration::ZERO;
    let samples = 200;
    for s in 0..=samples {
        let i = n * s / samples;
        let best = (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(trace.state_at(i));
                t.elapsed()
            })
            .min()
            .unwrap_or_default();
        total += best;
        if best > worst.0 {
            worst = (best, i);
        }
    }
    eprintln!(
        "state_at sweep, {name} ({n} events): worst {:?} at index {}, mean {:?}; {} checkpoints, {} bytes per event with checkpoints",
        worst.0,
        worst.1,
        total / (samples + 1) as u32,
        trace.checkpoint_count(),
        trace.memory_bytes() / n
    );
}

fn bench_state_rebuild(c: &mut Criterion) {
    // A trace of at least 100 000 events, small live state (ping-pong).
    let trace: Trace = ping_pong(1000, 11).into_trace();
    assert!(trace.events.len() >= 100_000, "{}", trace.events.len());
    let n = trace.events.len();
    let big: Trace = timers(100_000).into_trace();
    let m = big.events.len();
    sweep("ping-pong", &trace);
    sweep("100k timers", &big);
    let mut g = c.benchmark_group("state_at");
    g.bench_function(
        format!("ping-pong trace of {n} events, index n/2+123"),
        |b| b.iter(|| trace.state_at(n / 2 + 123)),
    );
    g.bench_function(
        format!("100k-timer trace of {m} events (100k live timers), index m/2"),
        |b| b.iter(|| big.state_at(m / 2)),
    );
    g.bench_function("rebuild all checkpoints after loading (ping-pong)", |b| {
        b.iter_batched(
            || trace.clone(),
            |mut t| t.rebuild_checkpoints(),
            BatchSize::LargeInput,
        )
    });
    g.sample_size(10);
    g.bench_function("rebuild all checkpoints after loading (100k timers)", |b| {
        b.iter_batched(
            || big.clone(),
            |mut t| t.rebuild_checkpoints(),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_timers,
    bench_ping_pong,
    bench_bytes_per_event,
    bench_state_rebuild
);
criterion_main!(benches);
