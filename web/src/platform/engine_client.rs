//! The page's side of the engine's worker (see `crate::platform::worker` for the
//! messages): starts the worker, sends it the latest run request, turns its
//! answers into actions, and replaces it when it crashes or runs away.
//!
//! The worker is a module worker made from a tiny bootstrap script (a
//! `Blob` URL) that imports the page's own wasm-bindgen glue and
//! instantiates the page's own compiled wasm module, which the page posts
//! to it: one wasm file, built once, downloaded once and compiled once, no
//! second bundle.
//!
//! Runs are kept for reuse ([`crate::model::run_cache`]): a request to the
//! main client whose run is kept is answered at once, without the worker.
//! A request for a preset's own program that models no CPU time (ours, and
//! it ends within a millisecond) runs here on the page's thread: neither
//! the first diagram nor choosing a preset waits for a worker that is
//! starting, busy, or still running cold code.  While the page waits for
//! nothing, the main worker computes the runs of the presets that model
//! CPU time (the GIL's runs its Python for real), so that choosing one
//! shows its run without running it; a request from the page supersedes
//! such a background run.
//!
//! A slider's move asks for its run *ahead* ([`Engine::ahead`]): the run
//! is sent before the page shows the move, and the move waits for the
//! answer (at most [`AHEAD_MS`]), so that the move and its run show in one
//! render instead of a dimmed frame and then the run.  When the page then
//! asks for the same run under its own generation, the run in flight
//! takes that generation.
//!
//! Only the newest request matters: a request replaces the one before it
//! (the worker drops the older run at its next slice), and an answer is
//! matched to its request by generation number, here and again in the
//! reducer.  A run that the worker has started and not answered within
//! [`DEADLINE_SECONDS`] ends with `terminate()` and a fresh worker, and so
//! does a cancelled run that does not stop within [`CANCEL_GRACE_MS`].

use super::timers::{after, Timer};
use crate::model::engine::Machine;
use crate::model::run::{Failure, Run};
use crate::model::run_cache::{Key, RunCache};
use crate::model::state::Action;
use crate::platform::worker::{field, generation_of, message};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Seconds a run may take in the worker before the worker is stopped.
pub const DEADLINE_SECONDS: u32 = 10;

/// Milliseconds a cancelled run has to stop before its worker is stopped.
pub const CANCEL_GRACE_MS: u32 = 2000;

/// Milliseconds a move asked ahead waits for its run before the page shows
/// it anyway (dimmed, as any run on its way): a slider's run on a seed
/// preset answers within a few, a long run must not hold the move back.
pub const AHEAD_MS: u32 = 40;

/// The generations of runs asked ahead start here, far above any the page's
/// reducer reaches, so that an answer is never taken for the other kind.
const BACKGROUND: u64 = 1 << 40;

/// Starts of a worker that fail before it is ready, in a row, before the
/// client gives up on the current request (and tries again on the next).
const MAX_FAILED_STARTS: u32 = 2;

/// The bootstrap of the worker: import the page's glue, instantiate the
/// page's module; the glue then runs `main`, which serves (see `crate::platform::worker`).
const BOOTSTRAP: &str = r#"self.onmessage = ({ data }) => {
  self.onmessage = null;
  import(data.glue)
    .then((glue) => glue.default({ module_or_path: data.module }))
    .catch((error) => self.postMessage({ kind: 'panic', message: String(error) }));
};
"#;

#[wasm_bindgen]
extern "C" {
    /// The URL of the page's wasm-bindgen glue (the module this code is in).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// What the engine tells the page.
pub enum Notice {
    /// An action for the reducer.
    Act(Action),
    /// The engine crashed on `source` (a bug of Loopscope), with what it said.
    Crashed {
        /// The program it crashed on.
        source: String,
        /// The panic message or the worker's error.
        message: String,
    },
}

/// Which of the page's requests a client serves, which decides the
/// actions its answers become.  The page has one client per role, so a
/// sweep or the compared run never supersedes the run shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The run of the program in the editor.
    Main,
    /// The sweeps of a slider.
    Sweep,
    /// The run of the compared program.
    Compare,
}

impl Role {
    /// The action for a run that arrived (a sweep's client gets none).
    fn done(self, generation: u64, run: Rc<Run>) -> Option<Action> {
        match self {
            Role::Main => Some(Action::RunDone(generation, run)),
            Role::Compare => Some(Action::CompareDone(generation, run)),
            Role::Sweep => None,
        }
    }

    /// The action for a request the engine could not answer.
    fn failed(self, generation: u64, failure: Failure) -> Action {
        match self {
            Role::Main => Action::RunFailed(generation, failure),
            Role::Sweep => Action::SweepFailed(generation, failure),
            Role::Compare => Action::CompareFailed(generation, failure),
        }
    }
}

/// What a request asks of the worker.
#[derive(Clone, Debug)]
enum Job {
    /// One run, answered with its trace.
    Run(String),
    /// One run per source, answered with what each took.
    Sweep(Rc<Vec<String>>),
}

/// A run request.
#[derive(Clone, Debug)]
struct Request {
    generation: u64,
    job: Job,
    machine: Machine,
}

impl Request {
    /// The program a crash report names (a sweep's first).
    fn source(&self) -> String {
        match &self.job {
            Job::Run(source) => source.clone(),
            Job::Sweep(sources) => sources.first().cloned().unwrap_or_default(),
        }
    }
}

/// A run asked ahead of the page's action (see [`Engine::ahead`]).
struct Ahead {
    /// The generation the worker knows the run by (a background one until
    /// the page asks for the run under its own).
    generation: u64,
    /// The program and machine.
    source: String,
    machine: Machine,
    /// The page's action, until it is dispatched (with the answer, or when
    /// [`AHEAD_MS`] have passed).
    first: Option<Action>,
    /// The timer that dispatches `first` without the answer.
    _timer: Timer,
}

/// The client: cheap to clone, all clones drive the same worker.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    /// What this client's answers become.
    role: Role,
    worker: Option<Worker>,
    /// Whether the worker said `ready`.
    ready: bool,
    /// The newest request not answered yet, and whether this worker has it.
    latest: Option<(Request, bool)>,
    /// The run the worker is on, with its deadline.
    started: Option<(u64, Timer)>,
    /// The grace period of a cancelled run.
    grace: Option<Timer>,
    /// Worker starts that failed before `ready`, in a row.
    failed_starts: u32,
    /// The bootstrap's `Blob` URL, made once.
    bootstrap_url: Option<String>,
    /// The worker's event handlers, shared by every worker this client starts.
    on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    on_error: Option<Closure<dyn FnMut(ErrorEvent)>>,
    /// Where notices go.
    notify: Rc<dyn Fn(Notice)>,
    /// Runs kept for reuse.
    cache: RunCache,
    /// The next generation of a run asked ahead.
    next_background: u64,
    /// The run asked ahead, while it is the latest request.
    ahead: Option<Ahead>,
    /// The background generation of a run asked ahead, and the page's
    /// generation it has taken since: the worker's messages name the first.
    alias: Option<(u64, u64)>,
}

impl Engine {
    /// A client that tells the page what happens through `notify`; its
    /// worker starts at once, so that it is ready by the first request.
    pub fn new(role: Role, notify: impl Fn(Notice) + 'static) -> Engine {
        let inner = Rc::new(RefCell::new(Inner {
            role,
            worker: None,
            ready: false,
            latest: None,
            started: None,
            grace: None,
            failed_starts: 0,
            bootstrap_url: None,
            on_message: None,
            on_error: None,
            notify: Rc::new(notify),
            cache: RunCache::default(),
            next_background: BACKGROUND,
            ahead: None,
            alias: None,
        }));
        let weak = Rc::downgrade(&inner);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_message(&weak, &event);
        });
        let weak = Rc::downgrade(&inner);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            // The page goes on; the error is reported as a crash instead
            // of also reaching the page's console as uncaught.
            event.prevent_default();
            if from_current(&weak, &event) {
                let text = event.message();
                with(&weak, |inner, notices| inner.crashed(&text, notices));
            }
        });
        {
            let mut i = inner.borrow_mut();
            i.on_message = Some(on_message);
            i.on_error = Some(on_error);
            i.spawn();
        }
        Engine { inner }
    }

    /// Asks for run `generation` of `source`, replacing any earlier request.
    pub fn request(&self, generation: u64, source: &str, machine: Machine) {
        let weak = Rc::downgrade(&self.inner);
        let mut answered = false;
        with(&weak, |inner, notices| {
            if inner.take_over(generation, source, machine) {
                answered = true;
                return;
            }
            let Some(run) = inner.at_once(source, machine) else {
                return;
            };
            notices.extend(inner.role.done(generation, run).map(Notice::Act));
            answered = true;
        });
        if !answered {
            self.ask(Request {
                generation,
                job: Job::Run(source.to_string()),
                machine,
            });
        }
    }

    /// The run of `source` on `machine` if this client knows it at once
    /// (see [`Engine::request`]); any earlier request is then nobody's.
    /// The page asks this as it requests the run, so that the request and
    /// its answer show in one render.
    pub fn at_once(&self, source: &str, machine: Machine) -> Option<Rc<Run>> {
        self.inner.borrow_mut().at_once(source, machine)
    }

    /// Asks for the run of `source` on `machine` before the page shows that
    /// it asked: `first` (the action that makes the page ask, a slider's
    /// move) is dispatched together with the run when it comes, or alone
    /// after [`AHEAD_MS`], and the page's own request for the same run then
    /// takes over the run in flight.  A client other than the main one, or
    /// a run known at once, dispatches at once.  A move still waiting is
    /// dispatched first, unless `first` supersedes it (`Action::supersedes`).
    pub fn ahead(&self, source: &str, machine: Machine, first: Action) {
        let weak = Rc::downgrade(&self.inner);
        let timer_weak = weak.clone();
        with(&weak, |inner, notices| {
            // A move still waiting for its run is shown now, unless this one
            // replaces it (the same slider, dragged on): another slider's
            // move must not be lost.
            if let Some(earlier) = inner.ahead.as_mut().and_then(|a| a.first.take()) {
                if !first.supersedes(&earlier) {
                    notices.push(Notice::Act(earlier));
                }
            }
            if inner.role != Role::Main {
                notices.push(Notice::Act(first));
                return;
            }
            if let Some(run) = inner.at_once(source, machine) {
                notices.push(Notice::Act(first));
                notices.push(Notice::Act(Action::RunKnown(
                    source.to_string(),
                    machine,
                    run,
                )));
                return;
            }
            let generation = inner.next_background;
            inner.next_background += 1;
            inner.grace = None;
            inner.latest = Some((
                Request {
                    generation,
                    job: Job::Run(source.to_string()),
                    machine,
                },
                false,
            ));
            inner.alias = None;
            inner.ahead = Some(Ahead {
                generation,
                source: source.to_string(),
                machine,
                first: Some(first),
                _timer: after(AHEAD_MS, move || {
                    with(&timer_weak, |inner, notices| {
                        if let Some(first) = inner.ahead.as_mut().and_then(|a| a.first.take()) {
                            notices.push(Notice::Act(first));
                        }
                    })
                }),
            });
            if inner.worker.is_none() {
                inner.failed_starts = 0;
                inner.spawn();
            }
            inner.flush();
        });
    }

    /// Asks for sweep `generation`: a run of each source, replacing any earlier request.
    pub fn sweep(&self, generation: u64, sources: Rc<Vec<String>>, machine: Machine) {
        self.ask(Request {
            generation,
            job: Job::Sweep(sources),
            machine,
        });
    }

    /// Sends `request` (at once if the worker is ready), replacing any earlier one.
    fn ask(&self, request: Request) {
        let weak = Rc::downgrade(&self.inner);
        with(&weak, |inner, notices| {
            inner.grace = None;
            // A move still waiting for its run asked ahead is shown now:
            // this request replaces that run.
            if let Some(first) = inner.ahead.take().and_then(|a| a.first) {
                notices.push(Notice::Act(first));
            }
            inner.alias = None;
            inner.latest = Some((request, false));
            if inner.worker.is_none() {
                inner.failed_starts = 0;
                inner.spawn();
            }
            inner.flush();
        });
    }

    /// Asks the worker to stop run `generation` and answer with what it has.
    pub fn cancel(&self, generation: u64) {
        let weak = Rc::downgrade(&self.inner);
        with(&weak, |inner, _| {
            if !inner.awaits(generation) {
                return;
            }
            if let Some(worker) = &inner.worker {
                // A run taken over from one asked ahead is known to the
                // worker by its first generation.
                let known_as = match inner.alias {
                    Some((ahead, page)) if page == generation => ahead,
                    _ => generation,
                };
                let _ = worker.post_message(&message(
                    "cancel",
                    &[("generation", (known_as as f64).into())],
                ));
            }
            let weak = weak.clone();
            inner.grace = Some(after(CANCEL_GRACE_MS, move || {
                with(&weak, |inner, notices| {
                    inner.stop_worker(generation, Failure::Unresponsive, notices)
                });
            }));
        });
    }
}

/// The run of one of the presets' own programs on its own machine, built
/// into the page (`crate::model::built_runs`): the page's first render and
/// every choice of a preset show it without the worker.  `None` for any
/// other program or machine.
pub fn run_at_once(source: &str, machine: Machine) -> Option<Rc<Run>> {
    crate::model::built_runs::built_run(source, machine).map(Rc::new)
}

/// Runs `f` on the client's state, then delivers the notices it gathered.
///
/// Notices go out only after the state is released: the page reacts to an
/// action by rendering, and rendering may send the next request right away.
fn with(weak: &Weak<RefCell<Inner>>, f: impl FnOnce(&mut Inner, &mut Vec<Notice>)) {
    let Some(inner) = weak.upgrade() else { return };
    let mut notices = Vec::new();
    let notify = {
        let Ok(mut state) = inner.try_borrow_mut() else {
            return;
        };
        f(&mut state, &mut notices);
        Rc::clone(&state.notify)
    };
    for notice in notices {
        notify(notice);
    }
}

/// Whether an event comes from the client's current worker (and not from
/// one it has already replaced).
fn from_current(weak: &Weak<RefCell<Inner>>, event: &web_sys::Event) -> bool {
    let Some(inner) = weak.upgrade() else {
        return false;
    };
    let Ok(inner) = inner.try_borrow() else {
        return false;
    };
    match (&inner.worker, event.target()) {
        (Some(worker), Some(target)) => js_sys::Object::is(worker, &target),
        _ => false,
    }
}

/// Handles a message from the worker.
fn on_message(weak: &Weak<RefCell<Inner>>, event: &MessageEvent) {
    if !from_current(weak, event) {
        return;
    }
    let data = event.data();
    let worker_generation = generation_of(&data);
    let kind = field(&data, "kind").and_then(|k| k.as_string());
    with(weak, |inner, notices| {
        // A run asked ahead and taken over goes by the page's generation.
        let generation = match inner.alias {
            Some((ahead, page)) if ahead == worker_generation => page,
            _ => worker_generation,
        };
        match kind.as_deref() {
            Some("ready") => {
                inner.ready = true;
                inner.failed_starts = 0;
                inner.flush();
            }
            Some("started") => {
                // The run the worker is on, by the generation it knows.
                let weak = weak.clone();
                let deadline = after(DEADLINE_SECONDS * 1000, move || {
                    with(&weak, |inner, notices| {
                        inner.stop_worker(worker_generation, Failure::TimedOut, notices)
                    });
                });
                inner.started = Some((worker_generation, deadline));
            }
            Some("progress") if inner.role == Role::Main && inner.awaits(generation) => {
                let events = field(&data, "events")
                    .and_then(|e| e.as_f64())
                    .unwrap_or(0.0);
                notices.push(Notice::Act(Action::RunProgress(
                    generation,
                    events as usize,
                )));
            }
            Some("done") => {
                inner.answered(worker_generation);
                let bytes = || {
                    field(&data, "bytes")
                        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
                        .map(|b| b.to_vec())
                        .unwrap_or_default()
                };
                if !inner.awaits(generation) {
                    return;
                }
                let request = inner.latest.take().map(|(r, _)| r);
                inner.grace = None;
                // A run asked ahead that the page has not asked for itself yet:
                // the page's action and the run go together.
                if let Some(ahead) = inner.ahead.take().filter(|a| a.generation == generation) {
                    inner.alias = None;
                    match decode(&bytes()) {
                        Ok(run) => {
                            inner
                                .cache
                                .insert(Key::new(&ahead.source, ahead.machine), Rc::clone(&run));
                            notices.extend(ahead.first.map(Notice::Act));
                            notices.push(Notice::Act(Action::RunKnown(
                                ahead.source,
                                ahead.machine,
                                run,
                            )));
                        }
                        // The page asks again through its own request, which
                        // meets the same failure and reports it.
                        Err(_) => notices.extend(ahead.first.map(Notice::Act)),
                    }
                    return;
                }
                inner.ahead = None;
                inner.alias = None;
                match decode(&bytes()) {
                    Ok(run) => {
                        if let Some(Request {
                            job: Job::Run(source),
                            machine,
                            ..
                        }) = &request
                        {
                            inner
                                .cache
                                .insert(Key::new(source, *machine), Rc::clone(&run));
                        }
                        notices.extend(inner.role.done(generation, run).map(Notice::Act));
                    }
                    Err(error) => {
                        notices.push(Notice::Act(inner.role.failed(generation, Failure::Crashed)));
                        notices.push(Notice::Crashed {
                            source: request.map(|r| r.source()).unwrap_or_default(),
                            message: error,
                        });
                    }
                }
            }
            Some("swept") => {
                inner.answered(worker_generation);
                if !inner.awaits(generation) {
                    return;
                }
                let runs = match inner.latest.take() {
                    Some((
                        Request {
                            job: Job::Sweep(sources),
                            ..
                        },
                        _,
                    )) => sources.len(),
                    _ => return,
                };
                let numbers = field(&data, "outcomes")
                    .and_then(|b| b.dyn_into::<js_sys::Float64Array>().ok())
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                let outcomes = crate::model::sweep::decode(&numbers, runs);
                notices.push(Notice::Act(Action::SweepDone(
                    generation,
                    Rc::new(outcomes),
                )));
            }
            Some("panic") => {
                let text = field(&data, "message")
                    .and_then(|m| m.as_string())
                    .unwrap_or_default();
                inner.crashed(&text, notices);
            }
            _ => {}
        }
    });
}

/// A `run` or `sweep` message: its generation, its program(s) and the
/// machine's fields, as `worker::machine_of` reads them.
fn job_message(kind: &str, generation: u64, program: (&str, JsValue), machine: Machine) -> JsValue {
    let cpu = machine.cpu_speed.map_or(JsValue::NULL, JsValue::from);
    message(
        kind,
        &[
            ("generation", (generation as f64).into()),
            program,
            ("cpu", cpu),
            ("gil", machine.gil.into()),
            ("cores", machine.cores.into()),
        ],
    )
}

/// A run from the worker's `wire`-encoded answer.
fn decode(bytes: &[u8]) -> Result<Rc<Run>, String> {
    let (trace, ending, sliders) = crate::model::wire::decode(bytes).map_err(|e| e.0)?;
    let mut run = Run::new(trace, ending);
    run.sliders = Rc::new(sliders);
    Ok(Rc::new(run))
}

impl Inner {
    /// The run of `source` on `machine` without the worker: kept from
    /// before, or one of the presets' own programs run here (only the main
    /// client does either).
    fn kept(&mut self, source: &str, machine: Machine) -> Option<Rc<Run>> {
        if self.role != Role::Main {
            return None;
        }
        let key = Key::new(source, machine);
        if let Some(run) = self.cache.get(&key) {
            return Some(run);
        }
        let run = run_at_once(source, machine)?;
        self.cache.insert(key, Rc::clone(&run));
        Some(run)
    }

    /// [`Inner::kept`], and then whatever the worker is still on for an
    /// older request is nobody's: its answer will not be awaited.
    fn at_once(&mut self, source: &str, machine: Machine) -> Option<Rc<Run>> {
        let run = self.kept(source, machine)?;
        self.grace = None;
        self.latest = None;
        self.ahead = None;
        self.alias = None;
        Some(run)
    }

    /// Whether the page's request `generation` for `source` on `machine`
    /// is the run asked ahead and still on its way, which then goes by
    /// `generation`: sent once, answered once.
    fn take_over(&mut self, generation: u64, source: &str, machine: Machine) -> bool {
        let Some(ahead) = self
            .ahead
            .take_if(|a| a.first.is_none() && a.source == source && a.machine == machine)
        else {
            return false;
        };
        match self.latest.as_mut() {
            Some((request, _)) if request.generation == ahead.generation => {
                request.generation = generation;
                self.alias = Some((ahead.generation, generation));
                true
            }
            _ => false,
        }
    }

    /// A run asked ahead whose worker failed: its action goes to the page,
    /// which asks for the run itself and hears of the failure then.
    fn release_ahead(&mut self, notices: &mut Vec<Notice>) {
        if let Some(ahead) = self.ahead.take() {
            if let Some(first) = ahead.first {
                notices.push(Notice::Act(first));
            }
            if self.awaits(ahead.generation) {
                self.latest = None;
            }
        }
    }

    /// The worker answered run `generation` (as it knows it): that run's
    /// deadline is over.
    fn answered(&mut self, generation: u64) {
        if self.started.as_ref().is_some_and(|(g, _)| *g == generation) {
            self.started = None;
        }
    }

    /// Whether run `generation` is the latest request and not answered yet.
    fn awaits(&self, generation: u64) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|(r, _)| r.generation == generation)
    }

    /// Starts a worker (the old one, if any, is terminated first).
    fn spawn(&mut self) {
        if let Some(old) = self.worker.take() {
            old.terminate();
        }
        self.ready = false;
        self.started = None;
        if let Some((_, sent)) = self.latest.as_mut() {
            *sent = false;
        }
        if self.bootstrap_url.is_none() {
            let parts = js_sys::Array::of1(&BOOTSTRAP.into());
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("text/javascript");
            self.bootstrap_url = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
                .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
                .ok();
        }
        let Some(url) = &self.bootstrap_url else {
            return;
        };
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let Ok(worker) = Worker::new_with_options(url, &options) else {
            return;
        };
        worker.set_onmessage(self.on_message.as_ref().map(|c| c.as_ref().unchecked_ref()));
        worker.set_onerror(self.on_error.as_ref().map(|c| c.as_ref().unchecked_ref()));
        let glue = GLUE_URL.with(String::clone);
        let _ = worker.post_message(&message(
            "load",
            &[("glue", glue.into()), ("module", wasm_bindgen::module())],
        ));
        self.worker = Some(worker);
    }

    /// Sends the latest request if the worker is ready and does not have it yet.
    fn flush(&mut self) {
        let (Some(worker), true) = (&self.worker, self.ready) else {
            return;
        };
        if let Some((request, sent)) = self.latest.as_mut() {
            if !*sent {
                let _ = worker.post_message(&match &request.job {
                    Job::Run(source) => job_message(
                        "run",
                        request.generation,
                        ("source", source.as_str().into()),
                        request.machine,
                    ),
                    Job::Sweep(sources) => {
                        let array: js_sys::Array =
                            sources.iter().map(|s| JsValue::from_str(s)).collect();
                        job_message(
                            "sweep",
                            request.generation,
                            ("sources", array.into()),
                            request.machine,
                        )
                    }
                });
                *sent = true;
            }
        }
    }

    /// The worker crashed: replace it, and fail the request it crashed on
    /// (an older run it was still finishing is nobody's loss: the latest
    /// request goes to the fresh worker).
    fn crashed(&mut self, text: &str, notices: &mut Vec<Notice>) {
        self.release_ahead(notices);
        let running = self.started.as_ref().map(|(g, _)| *g);
        let starting = !self.ready;
        let latest = self.latest.as_ref().map(|(r, _)| r.generation);
        let culprit = match (running, latest) {
            (Some(r), Some(l)) if r == l => true,
            // A worker that keeps failing before it is ready fails the request.
            (None, Some(_)) if starting => self.failed_starts + 1 >= MAX_FAILED_STARTS,
            (None, Some(_)) => true,
            _ => false,
        };
        if starting {
            self.failed_starts += 1;
        }
        if culprit {
            if let Some((request, _)) = self.latest.take() {
                notices.push(Notice::Act(
                    self.role.failed(request.generation, Failure::Crashed),
                ));
                notices.push(Notice::Crashed {
                    source: request.source(),
                    message: text.to_string(),
                });
            }
        }
        self.grace = None;
        if starting && self.failed_starts >= MAX_FAILED_STARTS {
            // Starting again would likely fail again; the next request tries.
            if let Some(old) = self.worker.take() {
                old.terminate();
            }
            return;
        }
        self.spawn();
    }

    /// Stops a run that went on too long (or did not stop when asked) by
    /// replacing its worker; the run fails with `failure` if it is the latest.
    fn stop_worker(&mut self, generation: u64, failure: Failure, notices: &mut Vec<Notice>) {
        let running = self.started.as_ref().map(|(g, _)| *g);
        // A deadline names the run as the worker knows it.
        if failure == Failure::TimedOut && running != Some(generation) {
            return;
        }
        if self
            .ahead
            .as_ref()
            .is_some_and(|a| a.generation == generation)
        {
            self.release_ahead(notices);
        }
        let generation = match self.alias {
            Some((ahead, page)) if ahead == generation => page,
            _ => generation,
        };
        let latest = self.latest.as_ref().map(|(r, _)| r.generation);
        if failure == Failure::Unresponsive && latest != Some(generation) {
            return;
        }
        if latest == Some(generation) {
            self.latest = None;
            notices.push(Notice::Act(self.role.failed(generation, failure)));
        }
        self.grace = None;
        self.spawn();
    }
}

/// The longest report link this builds; browsers and GitHub take far longer
/// ones, but a program of many pages adds nothing a person can read.
pub const REPORT_MAX: usize = 6000;

/// The link to report a crash: a new issue in the project's repository with
/// the program and the engine's message in its body, cut to stay within
/// [`REPORT_MAX`] characters.
pub fn report_url(source: &str, what: &str) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let title = "Loopscope failed on a program";
    let what: String = what.chars().take(300).collect();
    let head = format!("{repository}/issues/new?title={}&body=", percent(title));
    let before = percent(&format!(
        "Loopscope failed on this program (in the browser).\n\nWhat the engine said: {what}\n\n```python\n"
    ));
    let after = percent("\n```\n");
    let cut = percent("\n# … (cut)");
    let mut budget = REPORT_MAX.saturating_sub(head.len() + before.len() + after.len() + cut.len());
    let mut program = String::new();
    for c in source.chars() {
        let encoded = percent(c.encode_utf8(&mut [0; 4]));
        if encoded.len() > budget {
            program.push_str(&cut);
            break;
        }
        budget -= encoded.len();
        program.push_str(&encoded);
    }
    format!("{head}{before}{program}{after}")
}

/// Percent-encodes everything but the characters a URL query never needs escaped.
fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_link_carries_the_program_within_bounds() {
        let url = report_url("print('héllo')\n", "panicked at vm.rs");
        assert!(
            url.starts_with(
                "https://github.com/loopscope/loopscope/issues/new?title=Loopscope%20failed"
            ),
            "{url}"
        );
        assert!(url.contains("print%28%27h%C3%A9llo%27%29%0A"), "{url}");
        assert!(url.contains("panicked%20at%20vm.rs"), "{url}");
        let long = "x = 1  # 日本語\n".repeat(5000);
        let url = report_url(&long, &"m".repeat(10_000));
        assert!(url.len() <= REPORT_MAX, "{}", url.len());
        assert!(url.contains("%28cut%29"), "{url}");
        // A character is never cut in the middle of its encoding.
        assert!(url.ends_with("%0A%60%60%60%0A"), "{url}");
    }
}
