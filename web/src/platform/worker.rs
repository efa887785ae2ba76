//! The engine's side of its Web Worker: runs programs for the page and
//! answers with the run, so the page's own thread never runs user code.
//!
//! The worker loads the very same wasm module as the page (the page hands
//! it over, compiled); `main` sees that it runs in a worker and calls
//! [`serve`] instead of mounting the app.  Messages are plain objects with
//! a `kind`:
//!
//! | from the page | fields | |
//! | --- | --- | --- |
//! | `run` | `generation`, `source`, `cpu` (number or null), `gil` (bool), `cores` (number) | run this, dropping any run in progress; a missing or odd `gil`/`cores` means CPython 3.12 on 4 cores |
//! | `cancel` | `generation` | stop that run and answer with what it has |
//! | `sweep` | `generation`, `sources` (array of strings), `cpu` | run each, dropping any run in progress |
//!
//! | to the page | fields | |
//! | --- | --- | --- |
//! | `ready` | | the engine is loaded |
//! | `started` | `generation` | the run began (the page's deadline starts) |
//! | `progress` | `generation`, `events` | sent between slices, about ten times a second |
//! | `done` | `generation`, `bytes` | the run, [`crate::model::wire`]-encoded, its buffer transferred |
//! | `swept` | `generation`, `outcomes` | a sweep: three numbers per run ([`crate::model::sweep::encode`]), no traces |
//! | `panic` | `message` | the engine panicked; the worker is dead |
//!
//! A run goes in slices of about [`SLICE_MS`]: between two slices the
//! worker returns to its event loop, which is when a `cancel` or a newer
//! `run` can arrive.  Cancelling needs no `terminate()` as long as the
//! program reaches the end of a slice; one that does not (a single step
//! that never ends) is the page's hard deadline's business.

use crate::model::engine;
use crate::model::sweep::{self, Outcome};
use crate::model::wire;
use loopscope_py::Slices;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Real milliseconds a slice runs before the worker looks at its messages.
pub const SLICE_MS: f64 = 100.0;

/// Events between two looks at the clock within a slice.
const CHECK_EVERY: usize = 1024;

/// What the page wants of a run in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    /// Go on.
    Run,
    /// Stop and answer with the trace so far.
    Cancel,
    /// A newer run replaced it: stop, and do not answer.
    Superseded,
}

thread_local! {
    /// The run in progress: its generation and what the page wants of it.
    static CURRENT: RefCell<Option<(u64, Rc<Cell<Control>>)>> = const { RefCell::new(None) };
}

/// Whether this code runs in a dedicated worker (rather than in the page).
pub fn is_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

/// The worker's global scope.
fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// A message object: `kind` and the given fields.
pub fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"kind".into(), &kind.into());
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// A field of a message, if it is there.
pub fn field(data: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(data, &key.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

/// A message's generation number (0 if it has none).
pub fn generation_of(data: &JsValue) -> u64 {
    field(data, "generation")
        .and_then(|v| v.as_f64())
        .map_or(0, |g| g as u64)
}

/// Posts a message to the page; a failure to post is nothing the worker can mend.
fn post(data: &JsValue) {
    let _ = scope().post_message(data);
}

/// Starts serving the page: a panic hook that tells the page, the message
/// handler, and the `ready` message.
pub fn serve() {
    std::panic::set_hook(Box::new(|info| {
        // The console keeps the details for whoever debugs it; the page
        // needs to know at once, because after a panic (`panic = "abort"`)
        // this instance of the engine is dead.
        console_error_panic_hook::hook(info);
        post(&message("panic", &[("message", info.to_string().into())]));
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        receive(&event.data());
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&message("ready", &[]));
}

/// The machine a `run` or `sweep` message asks for (defaults where a field
/// is missing or out of range).
fn machine_of(data: &JsValue) -> engine::Machine {
    let defaults = engine::Machine::default();
    engine::Machine {
        cpu_speed: field(data, "cpu").and_then(|c| c.as_f64()),
        gil: field(data, "gil")
            .and_then(|g| g.as_bool())
            .unwrap_or(defaults.gil),
        cores: field(data, "cores")
            .and_then(|c| c.as_f64())
            .filter(|c| c.fract() == 0.0 && *c >= 1.0 && *c <= f64::from(engine::MAX_CORES))
            .map_or(defaults.cores, |c| c as u32),
    }
}

/// Handles one message from the page.
fn receive(data: &JsValue) {
    let generation = generation_of(data);
    match field(data, "kind").and_then(|k| k.as_string()).as_deref() {
        Some("run") => {
            let Some(source) = field(data, "source").and_then(|s| s.as_string()) else {
                return;
            };
            let machine = machine_of(data);
            let control = Rc::new(Cell::new(Control::Run));
            let previous = CURRENT.with(|c| c.replace(Some((generation, Rc::clone(&control)))));
            if let Some((_, previous)) = previous {
                previous.set(Control::Superseded);
            }
            wasm_bindgen_futures::spawn_local(run(generation, source, machine, control));
        }
        Some("sweep") => {
            let sources: Vec<String> = field(data, "sources")
                .map(|a| {
                    js_sys::Array::from(&a)
                        .iter()
                        .filter_map(|v| v.as_string())
                        .collect()
                })
                .unwrap_or_default();
            let machine = machine_of(data);
            let control = Rc::new(Cell::new(Control::Run));
            let previous = CURRENT.with(|c| c.replace(Some((generation, Rc::clone(&control)))));
            if let Some((_, previous)) = previous {
                previous.set(Control::Superseded);
            }
            wasm_bindgen_futures::spawn_local(run_sweep(generation, sources, machine, control));
        }
        Some("cancel") => CURRENT.with(|c| {
            if let Some((current, control)) = &*c.borrow() {
                if *current == generation {
                    control.set(Control::Cancel);
                }
            }
        }),
        _ => {}
    }
}

/// Runs one program in slices and answers with its run (unless superseded).
async fn run(
    generation: u64,
    source: String,
    machine: engine::Machine,
    control: Rc<Cell<Control>>,
) {
    post(&message(
        "started",
        &[("generation", (generation as f64).into())],
    ));
    let mut slices = Sliced::new(generation, Rc::clone(&control));
    slices.progress = true;
    let (trace, ending, sliders) = engine::execute_in_slices(&source, machine, &mut slices).await;
    if control.get() == Control::Superseded {
        return;
    }
    CURRENT.with(|c| {
        let mut current = c.borrow_mut();
        if current.as_ref().is_some_and(|(g, _)| *g == generation) {
            *current = None;
        }
    });
    let bytes = wire::encode(&trace, &ending, &sliders);
    drop(trace);
    let array = js_sys::Uint8Array::from(&bytes[..]);
    drop(bytes);
    let answer = message(
        "done",
        &[
            ("generation", (generation as f64).into()),
            ("bytes", array.clone().into()),
        ],
    );
    // Transferring the buffer hands it over without a copy.
    let transfer = js_sys::Array::of1(&array.buffer());
    if scope()
        .post_message_with_transfer(&answer, &transfer)
        .is_err()
    {
        post(&answer);
    }
}

/// Runs every program of a sweep in turn and answers with what each took
/// (unless superseded).  The sweep has [`sweep::BUDGET_MS`] in all: a run
/// still going then stops at its next slice, and the runs after it are
/// not made, so a sweep of a program that runs into its limits ends well
/// before the page's deadline and says how far it got.
async fn run_sweep(
    generation: u64,
    sources: Vec<String>,
    machine: engine::Machine,
    control: Rc<Cell<Control>>,
) {
    post(&message(
        "started",
        &[("generation", (generation as f64).into())],
    ));
    let until = js_sys::Date::now() + sweep::BUDGET_MS;
    let mut outcomes = Vec::with_capacity(sources.len());
    let mut slice_end = js_sys::Date::now() + SLICE_MS;
    for source in &sources {
        // Short runs go one after another; every slice's worth of them the
        // worker looks at its messages (a newer request supersedes this one).
        if js_sys::Date::now() >= slice_end {
            yield_to_event_loop().await;
            if control.get() != Control::Run {
                return;
            }
            slice_end = js_sys::Date::now() + SLICE_MS;
        }
        if js_sys::Date::now() >= until {
            outcomes.push(Outcome::SKIPPED);
            continue;
        }
        let mut slices = Sliced::new(generation, Rc::clone(&control));
        slices.until = Some(until);
        let (trace, ending, _) = engine::execute_in_slices(source, machine, &mut slices).await;
        if control.get() != Control::Run {
            return;
        }
        outcomes.push(Outcome::of(&trace, &ending));
    }
    CURRENT.with(|c| {
        let mut current = c.borrow_mut();
        if current.as_ref().is_some_and(|(g, _)| *g == generation) {
            *current = None;
        }
    });
    let numbers = js_sys::Float64Array::from(&sweep::encode(&outcomes)[..]);
    post(&message(
        "swept",
        &[
            ("generation", (generation as f64).into()),
            ("outcomes", numbers.into()),
        ],
    ));
}

/// The worker's slices: about [`SLICE_MS`] each, with a progress message
/// and a turn of the event loop between two.
struct Sliced {
    generation: u64,
    control: Rc<Cell<Control>>,
    /// When the current slice ends (`Date.now()` milliseconds).
    slice_end: f64,
    /// The event count at which to look at the clock next.
    check_at: usize,
    /// When the run must stop at the latest (a sweep's budget), if ever.
    until: Option<f64>,
    /// Whether the page wants progress messages (a single run, not a sweep's).
    progress: bool,
}

impl Sliced {
    /// Slices of [`SLICE_MS`] each, from now, without progress messages
    /// or a deadline.
    fn new(generation: u64, control: Rc<Cell<Control>>) -> Sliced {
        Sliced {
            generation,
            control,
            slice_end: js_sys::Date::now() + SLICE_MS,
            check_at: CHECK_EVERY,
            until: None,
            progress: false,
        }
    }
}

impl Slices for Sliced {
    fn end_slice(&mut self, events: usize) -> bool {
        if events < self.check_at {
            return false;
        }
        self.check_at = events + CHECK_EVERY;
        js_sys::Date::now() >= self.slice_end
    }

    async fn next_slice(&mut self, events: usize) -> bool {
        if self.progress {
            post(&message(
                "progress",
                &[
                    ("generation", (self.generation as f64).into()),
                    ("events", (events as f64).into()),
                ],
            ));
        }
        yield_to_event_loop().await;
        let now = js_sys::Date::now();
        self.slice_end = now + SLICE_MS;
        self.check_at = events + CHECK_EVERY;
        self.control.get() == Control::Run && self.until.is_none_or(|until| now < until)
    }
}

/// Lets the worker's event loop deliver the messages waiting for it.
///
/// A message to itself through a `MessageChannel` comes back as a new task
/// right away; `setTimeout(0)` would too, but browsers hold nested timeouts
/// back by 4 ms each.
async fn yield_to_event_loop() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}
