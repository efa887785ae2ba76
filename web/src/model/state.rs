//! The playground's state and the pure reducer that changes it.
//!
//! Components never mutate state themselves: they dispatch an [`Action`],
//! and [`State::apply`] computes the next state.  The reducer never runs a
//! program: a change that needs a run (a preset, an edit, a slider) records
//! a [`Pending`] request with a new generation number, the page hands it to
//! the engine's worker, and the answer comes back as [`Action::RunDone`]
//! (or [`Action::RunFailed`]) with that number.  An answer for any other
//! generation is late and dropped.  So the reducer stays a pure function,
//! and every interaction (editing, sliding, playing, stepping, running,
//! cancelling) is tested natively, the tests playing the worker's part.

use crate::i18n::Lang;
use crate::link::scenario::{Compared, Scenario};
use crate::model::predict::Quiz;
use crate::model::presets::{self, Preset};
use crate::model::run::{Ending, Failure, Run};
use crate::model::sliders::{self, Slider};
use crate::model::sweep::{self, Outcome};
use crate::model::timeline_layout::Axis;
use std::rc::Rc;

/// How fast playback goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// A multiple of real time (0.1 to 10).
    Times(f64),
    /// One event per second, whatever the virtual times.
    EventPerSecond,
}

impl Speed {
    /// The choices the speed menu offers, with their option values.
    pub const CHOICES: [(&'static str, Speed); 8] = [
        ("0.1", Speed::Times(0.1)),
        ("0.25", Speed::Times(0.25)),
        ("0.5", Speed::Times(0.5)),
        ("1", Speed::Times(1.0)),
        ("2", Speed::Times(2.0)),
        ("5", Speed::Times(5.0)),
        ("10", Speed::Times(10.0)),
        ("step", Speed::EventPerSecond),
    ];

    /// The option value of this speed.
    pub fn key(self) -> &'static str {
        Speed::CHOICES
            .iter()
            .find(|(_, s)| *s == self)
            .map(|(k, _)| *k)
            .unwrap_or("1")
    }

    /// The speed for an option value.
    pub fn from_key(key: &str) -> Option<Speed> {
        Speed::CHOICES
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}

/// Everything the playground shows, derived from what the user chose.
#[derive(Clone, Debug)]
pub struct State {
    /// The preset the code came from, while it is that preset (sliders moved or not).
    pub preset: Option<&'static Preset>,
    /// The preset the code descends from even after edits (a hint for share links).
    pub base: Option<&'static Preset>,
    /// Whether the compact embedded layout is shown.
    pub embed: bool,
    /// The Python source in the editor.
    pub source: String,
    /// Operations per second of Python code (`None`: code is free).
    pub cpu_speed: Option<f64>,
    /// Whether the program runs as CPython 3.12 with its GIL (the default)
    /// or as a free-threaded build (PEP 703, 3.13t and later).
    pub gil: bool,
    /// CPU cores of the virtual machine.
    pub cores: u32,
    /// Whether `source` changed since the last run (a re-run is pending).
    pub stale: bool,
    /// The last run.
    pub run: Rc<Run>,
    /// The sliders of the source: found by the engine with each run (the
    /// page never parses the source), and kept in step with the source by
    /// each slide until the next run brings them afresh.
    pub sliders: Rc<Vec<Slider>>,
    /// How many events of the run are applied (0 = before the first).
    pub cursor: usize,
    /// The playhead in virtual seconds (between events while playing).
    pub clock: f64,
    /// Whether playback is running.
    pub playing: bool,
    /// Playback speed.
    pub speed: Speed,
    /// The interface language.
    pub lang: Lang,
    /// The timeline's axis as the reader chose it; `None` until they do,
    /// and again for another program, when the run decides ([`State::axis`]).
    pub axis_choice: Option<Axis>,
    /// Whether the reader unfolded asyncio.run's own shutdown (folded by
    /// default: one row and one step; see `run::Machinery`).
    pub unfolded: bool,
    /// Real seconds spent on the current same-instant event so far.
    dwell: f64,
    /// The generation of the latest run request (they count up from 1).
    pub generation: u64,
    /// The run asked for and not answered yet; `run` is the previous one meanwhile.
    pub pending: Option<Pending>,
    /// Predict mode, with its questions and answers, when it is on.
    pub quiz: Option<Quiz>,
    /// The sweep shown (or on its way), if any.
    pub sweep: Option<Sweep>,
    /// The generation of the latest sweep or compared run (they count up from 1).
    pub experiments: u64,
    /// The second scenario, when two runs are compared on one time axis.
    pub compare: Option<Compare>,
}

/// What Compare opens when asked for no program in particular.
pub const COMPARE_DEFAULT: &str = "";

/// The compare picker's value for a copy of the code, edited beside it.
pub const COMPARE_COPY: &str = "copy";

/// The second scenario of a comparison: its program and its run, shown
/// at the same virtual instant as the first.
#[derive(Clone, Debug)]
pub struct Compare {
    /// The preset it is as shipped; `None`: a copy of the code, edited beside.
    pub preset: Option<&'static Preset>,
    /// Its source.
    pub source: String,
    /// Operations per second of Python code in it.
    pub cpu_speed: Option<f64>,
    /// Its last run (empty until the first arrives).
    pub run: Rc<Run>,
    /// The generation of its latest request.
    pub generation: u64,
    /// Whether a run is asked for and not answered yet.
    pub pending: bool,
}

impl PartialEq for Compare {
    fn eq(&self, other: &Self) -> bool {
        self.preset.map(|p| p.id) == other.preset.map(|p| p.id)
            && self.source == other.source
            && self.cpu_speed == other.cpu_speed
            && Rc::ptr_eq(&self.run, &other.run)
            && self.generation == other.generation
            && self.pending == other.pending
    }
}

/// A sweep: the program run across one slider's range.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The swept slider's index.
    pub index: usize,
    /// The slider as it was when the sweep began (its label and range).
    pub slider: Slider,
    /// The values it takes, one per run.
    pub values: Vec<f64>,
    /// The programs, one per value (what the worker runs).
    pub sources: Rc<Vec<String>>,
    /// Operations per second of Python code in each run.
    pub cpu_speed: Option<f64>,
    /// Its generation: only the answer with this number is taken.
    pub generation: u64,
    /// What each run took, once the worker answered.
    pub outcomes: Option<Rc<Vec<Outcome>>>,
    /// Why the engine could not make the sweep, if it could not.
    pub failed: Option<Failure>,
    /// The point whose run is shown (chosen on the chart).
    pub chosen: Option<usize>,
}

/// A run asked of the engine and not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// Its generation: only the answer with this number is taken.
    pub generation: u64,
    /// Where the playhead goes when the run arrives.
    pub placement: Placement,
    /// Events recorded so far, as the engine last reported.
    pub events: usize,
    /// Whether it has been going long enough to show its progress and a Cancel button.
    pub slow: bool,
    /// Whether the person asked to stop it.
    pub cancelling: bool,
}

/// Where the playhead goes when a requested run arrives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// At the start: a new program.
    Start,
    /// At the same virtual time as in the run shown now (an edit, a slider).
    Keep,
    /// At a link's moment: a time and, when it agrees, an event count.
    Moment(f64, Option<usize>),
}
/// A change the user (or the animation clock) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Pick a preset by id; unknown ids are ignored.
    SelectPreset(String),
    /// Replace the source with what the user typed (the run follows on [`Action::Rerun`]).
    Edit(String),
    /// Run the current source again if it changed (sent after typing pauses).
    Rerun,
    /// Set slider `index` to `value`: rewrites the literal and re-runs at once.
    Slide(usize, f64),
    /// Start or stop playback.
    TogglePlay,
    /// Stop playback.
    Pause,
    /// Apply one more event.
    StepForward,
    /// Undo the last event.
    StepBack,
    /// Go to before the first event.
    ToStart,
    /// Go to after the last event.
    ToEnd,
    /// Go to just after event `index` (clicking a console line or a marker).
    SeekEvent(usize),
    /// Go to virtual time `t` (the scrubber, the timeline).
    SeekTime(f64),
    /// Go to after the first `n` events (the timeline by steps; 0: before any).
    SeekCursor(usize),
    /// Run with the GIL (`true`, CPython 3.12) or free-threaded (`false`, 3.13t+); re-runs.
    SetGil(bool),
    /// Give the virtual machine this many cores (clamped to 1..=64); re-runs.
    SetCores(u32),
    /// Draw the timeline over this axis (the reader's choice).
    SetAxis(Axis),
    /// Fold (`true`) or unfold asyncio.run's own shutdown machinery.
    SetFold(bool),
    /// Change playback speed.
    SetSpeed(Speed),
    /// The animation clock advanced this many real seconds.
    Tick(f64),
    /// Switch the interface language.
    SetLang(Lang),
    /// Open a scenario from a link or a draft: program, settings and moment.
    Open(Box<Scenario>),
    /// The engine reports how far run `generation` got (events so far).
    RunProgress(u64, usize),
    /// Run `generation` has been going long enough to show its progress.
    RunSlow(u64),
    /// Stop the run in progress (the Cancel button); what ran so far stays playable.
    CancelRun,
    /// The engine's answer to run `generation`.
    RunDone(u64, Rc<Run>),
    /// The run of this program on this machine, known at once (kept from
    /// before, or a preset's run made on the page): the answer to the run
    /// requested, if that is of exactly this program on this machine.
    /// Sent with the action that requests it, so that both show in one render.
    RunKnown(String, crate::model::engine::Machine, Rc<Run>),
    /// The engine could not answer run `generation`.
    RunFailed(u64, Failure),
    /// Turn predict mode on or off.
    SetPredict(bool),
    /// Answer the open question with choice `index`: reveal it and play the moment.
    Answer(usize),
    /// Sweep slider `index` across its range ([`sweep::DEFAULT_POINTS`] runs).
    Sweep(usize),
    /// The engine's answer to sweep `generation`: one outcome per run.
    SweepDone(u64, Rc<Vec<Outcome>>),
    /// The engine could not make sweep `generation`.
    SweepFailed(u64, Failure),
    /// Open the run of the sweep's point `index`: its slider takes that value.
    ChooseSweepPoint(usize),
    /// Close the sweep's chart.
    CloseSweep,
    /// Compare with a second program: a preset id, [`COMPARE_COPY`] (a copy
    /// of the code) or [`COMPARE_DEFAULT`] (the seed's partner of the
    /// preset shown, else a copy).
    OpenCompare(String),
    /// Close the comparison.
    CloseCompare,
    /// Replace the compared program with what the person typed (it re-runs at once).
    EditCompare(String),
    /// The engine's answer to compared run `generation`.
    CompareDone(u64, Rc<Run>),
    /// The engine could not answer compared run `generation`.
    CompareFailed(u64, Failure),
}

impl Action {
    /// The playback shortcut of a key (Space, ←, →, Home, End), unless focus
    /// is in a field, a menu or on a button, which keep their own keys.
    pub fn for_key(key: &str, in_field: bool) -> Option<Action> {
        if in_field {
            return None;
        }
        match key {
            " " => Some(Action::TogglePlay),
            "ArrowRight" => Some(Action::StepForward),
            "ArrowLeft" => Some(Action::StepBack),
            "Home" => Some(Action::ToStart),
            "End" => Some(Action::ToEnd),
            _ => None,
        }
    }

    /// Whether this action makes `earlier` pointless when the two come
    /// together: a slider's move replaces an earlier move of the same
    /// slider, and nothing else replaces anything.
    pub fn supersedes(&self, earlier: &Action) -> bool {
        matches!((self, earlier), (Action::Slide(a, _), Action::Slide(b, _)) if a == b)
    }
}

impl Default for State {
    fn default() -> Self {
        let preset = presets::find(presets::DEFAULT_PRESET).unwrap_or(&presets::PRESETS[0]);
        State::with_source(Some(preset), preset.source.to_string())
    }
}

impl State {
    /// A fresh state for `source`, its run requested (generation 1) and
    /// shown from the start when it arrives; until then the run is empty.
    pub fn with_source(preset: Option<&'static Preset>, source: String) -> State {
        let cpu_speed = preset.and_then(|p| p.cpu_speed);
        let sliders = Rc::default();
        let mut state = State {
            preset,
            base: preset,
            embed: false,
            source,
            cpu_speed,
            gil: true,
            cores: crate::model::engine::DEFAULT_CORES,
            stale: false,
            run: Rc::new(Run::new(loopscope_sim::Trace::new(), Ending::Finished)),
            sliders,
            cursor: 0,
            clock: 0.0,
            playing: false,
            speed: Speed::Times(1.0),
            lang: Lang::En,
            axis_choice: None,
            unfolded: false,
            dwell: 0.0,
            generation: 0,
            pending: None,
            quiz: None,
            sweep: None,
            experiments: 0,
            compare: None,
        };
        state.request(Placement::Start);
        state
    }

    /// Asks for a run of the current source, superseding any pending one.
    fn request(&mut self, placement: Placement) {
        self.generation += 1;
        self.pending = Some(Pending {
            generation: self.generation,
            placement,
            events: 0,
            slow: false,
            cancelling: false,
        });
    }

    /// Whether what is shown is not the run of the code in the editor yet
    /// (an edit waits for its re-run, or a run is on its way).
    pub fn outdated(&self) -> bool {
        self.stale || self.pending.is_some()
    }

    /// The pending run for `generation`, if that is the one awaited.
    fn pending_for(&mut self, generation: u64) -> Option<&mut Pending> {
        self.pending.as_mut().filter(|p| p.generation == generation)
    }

    /// The state after `action`, shared: the same `Rc` when nothing visible
    /// changed, so the page re-renders only for a change (yew's reducer
    /// calls this).
    pub fn apply_shared(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        next.reduce(action);
        next
    }

    fn reduce(&mut self, action: Action) {
        let len = self.run.len();
        match action {
            Action::SelectPreset(id) => {
                if let Some(preset) = presets::find(&id) {
                    // The run shown so far stays (dimmed) until the new one
                    // arrives, rather than a blank page for a moment.
                    let generation = self.generation;
                    let experiments = self.experiments;
                    *self = State {
                        experiments,
                        // A comparison stays open: the other program is kept.
                        compare: self.compare.clone(),
                        speed: self.speed,
                        lang: self.lang,
                        unfolded: self.unfolded,
                        embed: self.embed,
                        quiz: self.quiz.as_ref().map(|_| Quiz::default()),
                        run: Rc::clone(&self.run),
                        cursor: self.cursor,
                        clock: self.clock,
                        generation,
                        ..State::with_source(Some(preset), preset.source.to_string())
                    };
                    self.request(Placement::Start);
                }
            }
            Action::Edit(source) => {
                if source != self.source {
                    // A sweep describes the program before the edit.
                    self.sweep = None;
                    self.preset = self.preset.filter(|p| p.source == source);
                    self.source = source;
                    self.stale = true;
                }
            }
            Action::Rerun => {
                if self.stale {
                    // The sliders belong to the source before the edit; the
                    // run brings the edited source's own.
                    self.sliders = Rc::default();
                    self.rerun();
                }
            }
            Action::Slide(index, value) => {
                // Sliders address byte ranges of the source they came from;
                // after an edit that has not re-run yet those are gone, and
                // the re-run (due at once) brings the edited source's own.
                if self.stale {
                    self.sliders = Rc::default();
                    self.rerun();
                } else if let Some(source) = self.slid_source(index, value) {
                    if let Some(sweep) = self.sweep.as_mut() {
                        sweep.chosen = None;
                    }
                    self.sliders = Rc::new(sliders::after_rewrite(
                        &self.sliders,
                        index,
                        value,
                        source.len() as isize - self.source.len() as isize,
                    ));
                    self.source = source;
                    self.rerun();
                }
            }
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else if len > 0 && self.question().is_none() {
                    if self.cursor >= len && self.clock >= self.span() {
                        self.reduce(Action::ToStart);
                    }
                    // Going on hides the last answer's reveal.
                    if let Some(quiz) = self.quiz.as_mut() {
                        quiz.revealed = None;
                    }
                    self.playing = true;
                    self.dwell = 0.0;
                }
            }
            Action::Pause => self.playing = false,
            Action::StepForward => {
                self.playing = false;
                self.seek(self.step_after(self.cursor).min(len));
            }
            Action::StepBack => {
                self.playing = false;
                self.seek(self.step_before(self.cursor));
            }
            Action::ToStart => {
                self.playing = false;
                self.seek(0);
                // Back at the start, a predict session starts afresh.
                if let Some(quiz) = self.quiz.as_mut() {
                    quiz.answers.clear();
                    quiz.revealed = None;
                }
            }
            Action::ToEnd => {
                self.playing = false;
                self.seek(len);
                // Compared, the end is the end of the longer run.
                self.clock = self.clock.max(self.span());
            }
            Action::SeekEvent(index) => {
                self.playing = false;
                self.seek((index + 1).min(len));
            }
            Action::SeekTime(t) => {
                let t = if t.is_finite() {
                    t.clamp(0.0, self.span())
                } else {
                    0.0
                };
                self.cursor = self.run.cursor_at_time(t);
                self.clock = t;
                self.dwell = 0.0;
            }
            Action::SeekCursor(n) => {
                self.playing = false;
                self.seek(n.min(len));
            }
            Action::SetGil(gil) => {
                if gil != self.gil {
                    self.gil = gil;
                    self.rerun();
                    self.recompare();
                }
            }
            Action::SetCores(cores) => {
                let cores = cores.clamp(1, crate::model::engine::MAX_CORES);
                if cores != self.cores {
                    self.cores = cores;
                    self.rerun();
                    self.recompare();
                }
            }
            Action::SetAxis(axis) => self.axis_choice = Some(axis),
            Action::SetFold(fold) => {
                self.unfolded = !fold;
                if self.quiz.is_some() {
                    self.quiz = Some(Quiz::new(&self.run, self.fold()));
                }
            }
            Action::SetPredict(on) => {
                if on != self.quiz.is_some() {
                    self.quiz = on.then(|| Quiz::new(&self.run, self.fold()));
                }
            }
            Action::Answer(choice) => {
                let cursor = self.cursor;
                if let Some(quiz) = self.quiz.as_mut() {
                    let open = quiz.open_at(cursor).map(|q| q.choices.len());
                    if let Some(n) = open.filter(|n| choice < *n) {
                        let _ = n;
                        quiz.answers.insert(cursor, choice);
                        quiz.revealed = Some(cursor);
                        self.playing = false;
                        self.seek((cursor + 1).min(len));
                    }
                }
            }
            Action::SetSpeed(speed) => {
                self.speed = speed;
                self.dwell = 0.0;
            }
            Action::SetLang(lang) => self.lang = lang,
            Action::Open(scenario) => self.open(&scenario),
            Action::RunProgress(generation, events) => {
                if let Some(pending) = self.pending_for(generation) {
                    pending.events = events;
                }
            }
            Action::RunSlow(generation) => {
                if let Some(pending) = self.pending_for(generation) {
                    pending.slow = true;
                }
            }
            Action::CancelRun => {
                if let Some(pending) = self.pending.as_mut() {
                    pending.cancelling = true;
                }
            }
            Action::RunDone(generation, run) => {
                if let Some(pending) = self.pending_for(generation) {
                    let placement = pending.placement;
                    self.pending = None;
                    self.sliders = Rc::clone(&run.sliders);
                    self.show(run, placement);
                }
            }
            Action::RunKnown(source, machine, run) => {
                if let Some(generation) = self.pending.as_ref().map(|p| p.generation) {
                    if source == self.source && machine == self.machine() {
                        self.reduce(Action::RunDone(generation, run));
                    }
                }
            }
            Action::RunFailed(generation, failure) => {
                if self.pending_for(generation).is_some() {
                    self.pending = None;
                    let run = Rc::new(Run::new(
                        loopscope_sim::Trace::new(),
                        Ending::Failed(failure),
                    ));
                    self.sliders = Rc::clone(&run.sliders);
                    self.show(run, Placement::Start);
                }
            }
            Action::Sweep(index) => {
                // After an edit that has not re-run yet, the sliders belong
                // to the source before it: nothing to sweep until the run.
                if let (false, Some(slider)) = (self.stale, self.sliders.get(index)) {
                    let values = sweep::values(slider, sweep::DEFAULT_POINTS);
                    let sources = sweep::sources(&self.source, slider, &values);
                    self.experiments += 1;
                    self.sweep = Some(Sweep {
                        index,
                        slider: slider.clone(),
                        values,
                        sources: Rc::new(sources),
                        cpu_speed: self.cpu_speed,
                        generation: self.experiments,
                        outcomes: None,
                        failed: None,
                        chosen: None,
                    });
                }
            }
            Action::SweepDone(generation, outcomes) => {
                if let Some(s) = self.sweep.as_mut().filter(|s| s.generation == generation) {
                    if s.outcomes.is_none() && s.failed.is_none() {
                        s.outcomes = Some(outcomes);
                    }
                }
            }
            Action::SweepFailed(generation, failure) => {
                if let Some(s) = self.sweep.as_mut().filter(|s| s.generation == generation) {
                    if s.outcomes.is_none() {
                        s.failed = Some(failure);
                    }
                }
            }
            Action::ChooseSweepPoint(point) => {
                let chosen = self.sweep.as_ref().and_then(|s| {
                    let ran = s.outcomes.as_ref()?.get(point)?.end != sweep::End::Skipped;
                    ran.then(|| s.values.get(point).map(|v| (s.index, *v)))
                        .flatten()
                });
                if let Some((index, value)) = chosen {
                    self.reduce(Action::Slide(index, value));
                    if let Some(s) = self.sweep.as_mut() {
                        s.chosen = Some(point);
                    }
                }
            }
            Action::CloseSweep => self.sweep = None,
            Action::OpenCompare(which) => {
                let partner = self
                    .preset
                    .and_then(|p| presets::partners(p.id).first().copied());
                let preset = match which.as_str() {
                    COMPARE_DEFAULT => partner,
                    COMPARE_COPY => None,
                    id => match presets::find(id) {
                        Some(p) => Some(p),
                        None => return,
                    },
                };
                match preset {
                    Some(p) => self.compare_with(Some(p), p.source.to_string(), p.cpu_speed),
                    None => self.compare_with(None, self.source.clone(), self.cpu_speed),
                }
            }
            Action::CloseCompare => {
                self.compare = None;
                // The shared axis is the first run's again.
                if self.clock > self.run.summary.total {
                    self.seek(self.run.len());
                }
            }
            Action::EditCompare(source) => {
                if let Some(c) = &self.compare {
                    if c.source != source {
                        let cpu_speed = c.cpu_speed;
                        self.compare_with(None, source, cpu_speed);
                    }
                }
            }
            Action::CompareDone(generation, run) => {
                if let Some(c) = self
                    .compare
                    .as_mut()
                    .filter(|c| c.pending && c.generation == generation)
                {
                    c.run = run;
                    c.pending = false;
                }
            }
            Action::CompareFailed(generation, failure) => {
                if let Some(c) = self
                    .compare
                    .as_mut()
                    .filter(|c| c.pending && c.generation == generation)
                {
                    c.run = Rc::new(Run::new(
                        loopscope_sim::Trace::new(),
                        Ending::Failed(failure),
                    ));
                    c.pending = false;
                }
            }
            Action::Tick(dt) => {
                if self.playing && dt.is_finite() && dt > 0.0 {
                    // A long pause between frames (a background tab) must not
                    // turn into a jump: a frame advances at most a quarter second.
                    self.advance(dt.min(0.25));
                }
            }
        }
    }

    /// Loads a scenario: its program and settings, and asks for its run,
    /// to be shown at the scenario's moment.
    fn open(&mut self, scenario: &Scenario) {
        let (preset, source) = scenario.program();
        let cpu_speed = scenario.cpu_speed.or(preset.and_then(|p| p.cpu_speed));
        let mut next = State::with_source(preset, source);
        next.base = preset.or(self.base);
        next.cpu_speed = cpu_speed;
        next.gil = !scenario.free_threaded;
        next.cores = scenario
            .cores
            .unwrap_or(crate::model::engine::DEFAULT_CORES)
            .clamp(1, crate::model::engine::MAX_CORES);
        next.run = Rc::clone(&self.run);
        next.cursor = self.cursor;
        next.clock = self.clock;
        next.generation = self.generation;
        next.experiments = self.experiments;
        next.request(match scenario.t {
            Some(t) => Placement::Moment(t, scenario.event),
            None => Placement::Start,
        });
        next.lang = scenario
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(self.lang);
        next.speed = scenario
            .speed
            .as_deref()
            .and_then(Speed::from_key)
            .unwrap_or(self.speed);
        next.embed = scenario.embed;
        next.quiz = scenario.quiz.then(Quiz::default);
        if let Some(compared) = &scenario.compare {
            let (preset, source) = match compared {
                Compared::Preset(id) => match presets::find(id) {
                    Some(p) => (Some(p), p.source.to_string()),
                    None => (None, id.clone()),
                },
                Compared::Code(code) => (None, code.clone()),
            };
            next.compare_with(preset, source, preset.and_then(|p| p.cpu_speed));
        }
        *self = next;
    }

    /// Compares with `source` (the preset it is, if any): asks for its run.
    fn compare_with(
        &mut self,
        preset: Option<&'static Preset>,
        source: String,
        cpu_speed: Option<f64>,
    ) {
        self.experiments += 1;
        let run = self
            .compare
            .as_ref()
            .map(|c| Rc::clone(&c.run))
            .unwrap_or_else(|| Rc::new(Run::new(loopscope_sim::Trace::new(), Ending::Finished)));
        self.compare = Some(Compare {
            preset,
            source,
            cpu_speed,
            run,
            generation: self.experiments,
            pending: true,
        });
    }

    /// Asks again for the compared run, on the machine the page now shows
    /// (both runs of a comparison run on one machine); the old run stays
    /// drawn until the new one comes.
    fn recompare(&mut self) {
        if let Some(c) = &self.compare {
            let (preset, source, cpu_speed) = (c.preset, c.source.clone(), c.cpu_speed);
            self.compare_with(preset, source, cpu_speed);
        }
    }

    /// The length of the shared time axis: the longer run's total when two are compared.
    pub fn span(&self) -> f64 {
        let total = self.run.summary.total;
        match &self.compare {
            Some(c) => total.max(c.run.summary.total),
            None => total,
        }
    }

    /// How many events of the compared run are applied at the playhead:
    /// those up to the same virtual instant (none before the first run's
    /// first event, all once the playhead is at the end of the shared axis).
    pub fn compare_cursor(&self) -> usize {
        let Some(c) = &self.compare else {
            return 0;
        };
        if self.cursor == 0 {
            0
        } else if self.clock >= self.span() && self.cursor >= self.run.len() {
            c.run.len()
        } else {
            c.run.cursor_at_time(self.clock)
        }
    }

    /// Shows a run that arrived, with the playhead where `placement` says.
    fn show(&mut self, run: Rc<Run>, placement: Placement) {
        let clock = self.clock;
        let at_start = self.cursor == 0;
        let at_end = self.cursor >= self.run.len() && self.cursor > 0;
        self.run = run;
        // Another run asks other questions.
        if self.quiz.is_some() {
            self.quiz = Some(Quiz::new(&self.run, self.fold()));
        }
        match placement {
            Placement::Start => {
                self.playing = false;
                self.seek(0);
            }
            // The playhead keeps its virtual time when the new run still
            // reaches it; a run that was watched to its end stays at the end.
            // A playhead before the first event stays there: the events at
            // `t = 0` are still to be watched.
            Placement::Keep => {
                if at_start {
                    self.seek(0);
                } else if at_end || clock > self.run.summary.total {
                    self.seek(self.run.len());
                } else {
                    self.cursor = self.run.cursor_at_time(clock);
                    self.clock = clock;
                }
            }
            Placement::Moment(t, event) => {
                self.playing = false;
                self.reduce(Action::SeekTime(t));
                // The event count pins the exact step within a burst of events
                // at one instant, when it agrees with the time.
                if let Some(e) = event.filter(|e| *e <= self.run.len()) {
                    // Links round the time to microseconds (see `State::scenario`).
                    let at = self.run.time_at(e);
                    if (at - self.clock).abs() <= 1e-6 {
                        self.cursor = e;
                        self.clock = at;
                    }
                }
            }
        }
        if self.cursor >= self.run.len() {
            self.playing = false;
        }
    }

    /// The scenario this state shows, for links and drafts; `moment` adds the playhead.
    pub fn scenario(&self, moment: bool) -> Scenario {
        let hint = self.preset.or(self.base).map(|p| p.id);
        let mut scenario = Scenario::from_source(&self.source, hint);
        let preset_cpu = scenario
            .preset
            .as_deref()
            .and_then(presets::find)
            .and_then(|p| p.cpu_speed);
        if self.cpu_speed != preset_cpu {
            scenario.cpu_speed = self.cpu_speed;
        }
        // Only a setting that differs from CPython 3.12 on four cores goes
        // into the link, so every link made before the switch stays the same.
        scenario.free_threaded = !self.gil;
        scenario.cores = (self.cores != crate::model::engine::DEFAULT_CORES).then_some(self.cores);
        if moment && self.cursor > 0 {
            // Virtual times carry float noise (`0.8999999999999999`); a link
            // keeps microseconds, far below what the page shows, and the
            // event number pins the exact step.
            scenario.t = Some((self.clock * 1e6).round() / 1e6);
            scenario.event = Some(self.cursor);
        }
        scenario.speed = (self.speed != Speed::Times(1.0)).then(|| self.speed.key().to_string());
        scenario.lang = Some(self.lang.code().to_string());
        scenario.embed = self.embed;
        scenario.quiz = self.quiz.is_some();
        scenario.compare = self
            .compare
            .as_ref()
            .map(|c| Compared::from_source(&c.source));
        scenario
    }

    /// Moves the cursor and snaps the playhead to its time.
    fn seek(&mut self, cursor: usize) {
        self.cursor = cursor;
        self.clock = self.run.time_at(cursor);
        self.dwell = 0.0;
    }

    fn rerun(&mut self) {
        self.stale = false;
        self.request(Placement::Keep);
    }

    /// The program that moving slider `index` to `value` runs, when the
    /// move re-runs one ([`Action::Slide`]): not after an edit that has not
    /// re-run yet, whose sliders belong to the source before it.  The page
    /// asks the engine for this run before it dispatches the move, so that
    /// the move and its run show in one render.
    pub fn slid_source(&self, index: usize, value: f64) -> Option<String> {
        // A slider keeps the program the preset it was: only its numbers
        // change, and the link stays a short preset link.
        let slider = self.sliders.get(index).filter(|_| !self.stale)?;
        Some(slider.rewrite(&self.source, value))
    }

    /// The virtual machine the program runs on.
    pub fn machine(&self) -> crate::model::engine::Machine {
        crate::model::engine::Machine {
            cpu_speed: self.cpu_speed,
            gil: self.gil,
            cores: self.cores,
        }
    }

    /// The preset's "what to notice" line when the machine makes the
    /// preset's own line untrue (the GIL preset without its GIL), else `None`.
    pub fn notice(&self, lang: Lang) -> Option<&'static str> {
        let gil_preset = self.preset.is_some_and(|p| p.id == "gil");
        (gil_preset && !self.gil).then(|| crate::i18n::texts(lang).gil_preset_free_threaded)
    }

    /// Whether the page offers the GIL switch and the core count: for a
    /// program with threads (the last run started a thread, an executor
    /// worker or a process, or the code names what starts them), and
    /// whenever either is not the default, so that it can be put back.
    pub fn offers_gil_switch(&self) -> bool {
        const THREADED: [&str; 5] = [
            "threading",
            "to_thread",
            "run_in_executor",
            "ThreadPoolExecutor",
            "ProcessPoolExecutor",
        ];
        // While another program's run is on its way (a preset, a link), the
        // run shown is the previous program's and says nothing of this one.
        let run_is_ours = self
            .pending
            .as_ref()
            .is_none_or(|p| p.placement != Placement::Start);
        !self.gil
            || self.cores != crate::model::engine::DEFAULT_CORES
            || (run_is_ours && self.run.started_threads)
            || THREADED.iter().any(|name| self.source.contains(name))
    }

    /// Plays `dt` real seconds forward.
    fn advance(&mut self, dt: f64) {
        let run = Rc::clone(&self.run);
        let events = &run.trace.events;
        let mut budget = dt;
        while budget > 0.0 && self.cursor < events.len() {
            // Predict mode stops before a moment to predict, before the
            // clock moves towards it.
            if self.question().is_some() {
                self.playing = false;
                self.dwell = 0.0;
                return;
            }
            let next = events[self.cursor];
            match self.speed {
                Speed::EventPerSecond => {
                    if self.dwell + budget >= 1.0 {
                        budget -= 1.0 - self.dwell;
                        self.dwell = 0.0;
                        // A folded stretch plays as one event.
                        self.cursor = self.step_after(self.cursor);
                        self.clock = events[self.cursor - 1].t;
                    } else {
                        self.dwell += budget;
                        budget = 0.0;
                    }
                }
                Speed::Times(factor) => {
                    if next.t <= self.clock {
                        // Playback lingers on events that share an instant,
                        // so a burst of steps at `t = 0` can be followed.
                        let per = crate::model::run::dwell(run.burst[self.cursor])
                            * run.dwell_scale
                            / factor;
                        if self.dwell + budget >= per {
                            budget -= per - self.dwell;
                            self.dwell = 0.0;
                            self.cursor = self.step_after(self.cursor);
                            // A folded stretch during which time passes
                            // (threads joined) moves the clock with it.
                            self.clock = self.clock.max(events[self.cursor - 1].t);
                        } else {
                            self.dwell += budget;
                            budget = 0.0;
                        }
                    } else {
                        let need = (next.t - self.clock) / factor;
                        if budget >= need {
                            budget -= need;
                            self.clock = next.t;
                        } else {
                            self.clock += budget * factor;
                            budget = 0.0;
                        }
                    }
                }
            }
        }
        if self.cursor >= events.len() {
            // Compared with a longer run, the clock goes on to its end.
            let span = self.span().max(run.summary.total);
            if let (Speed::Times(factor), true) = (self.speed, self.clock < span) {
                self.clock = (self.clock.max(run.summary.total) + budget * factor).min(span);
            } else {
                self.clock = span;
            }
            if self.clock >= span {
                self.playing = false;
            }
        }
    }

    /// The question open at the cursor in predict mode, if any.
    pub fn question(&self) -> Option<&crate::model::predict::Question> {
        self.quiz.as_ref().and_then(|q| q.open_at(self.cursor))
    }

    /// Whether asyncio.run's shutdown machinery is folded.
    pub fn fold(&self) -> bool {
        !self.unfolded
    }

    /// The cursor one step after `cursor`: the next event, or, when the next
    /// event starts a folded stretch of asyncio.run's machinery, past all of it.
    fn step_after(&self, cursor: usize) -> usize {
        match self.run.machinery_at(cursor).filter(|_| self.fold()) {
            Some(m) => m.last + 1,
            None => cursor + 1,
        }
    }

    /// The cursor one step before `cursor`: the previous event, or the start
    /// of the folded stretch the last applied event belongs to.
    fn step_before(&self, cursor: usize) -> usize {
        let Some(last) = cursor.checked_sub(1) else {
            return 0;
        };
        match self.run.machinery_at(last).filter(|_| self.fold()) {
            Some(m) => m.first,
            None => last,
        }
    }

    /// The timeline's axis: the reader's choice, else the one that suits the
    /// run (steps when most of it happens at one instant).
    pub fn axis(&self) -> Axis {
        self.axis_choice
            .unwrap_or_else(|| Axis::automatic(&self.run))
    }

    /// Number of lines in the source, for the editor's gutter.
    pub fn line_count(&self) -> usize {
        self.source.split('\n').count()
    }
}

/// Equality decides whether the reducer keeps a new state, so it must see
/// every field: a playback tick that only lingers longer on a same-instant
/// event changes nothing but `dwell`, and dropping that change froze playback
/// at 60 frames per second.  The run and the sliders compare by pointer,
/// because a re-run always makes new ones.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.preset.map(|p| p.id) == other.preset.map(|p| p.id)
            && self.base.map(|p| p.id) == other.base.map(|p| p.id)
            && self.cpu_speed == other.cpu_speed
            && self.gil == other.gil
            && self.cores == other.cores
            && Rc::ptr_eq(&self.sliders, &other.sliders)
            && self.dwell == other.dwell
            && Rc::ptr_eq(&self.run, &other.run)
            && self.cursor == other.cursor
            && self.clock == other.clock
            && self.playing == other.playing
            && self.speed == other.speed
            && self.stale == other.stale
            && self.lang == other.lang
            && self.axis_choice == other.axis_choice
            && self.unfolded == other.unfolded
            && self.embed == other.embed
            && self.generation == other.generation
            && self.pending == other.pending
            && self.quiz == other.quiz
            && self.sweep == other.sweep
            && self.compare == other.compare
            && self.experiments == other.experiments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plays the engine worker's part: answers the pending run, if any, as
    /// the page's worker would (the same `engine` code, run natively).
    fn settle(state: State) -> State {
        // The compared run's engine answers too, when it has a request.
        let state = match state.compare.as_ref().filter(|c| c.pending) {
            Some(c) => {
                // On the page's machine with its own CPU speed, as `use_compare_engine` asks.
                let machine = crate::model::engine::Machine {
                    cpu_speed: c.cpu_speed,
                    ..state.machine()
                };
                let run = Rc::new(crate::model::engine::execute_on(&c.source, machine));
                state.apply(Action::CompareDone(c.generation, run))
            }
            None => state,
        };
        match &state.pending {
            Some(pending) => {
                let run = Rc::new(crate::model::engine::execute_on(
                    &state.source,
                    state.machine(),
                ));
                state.apply(Action::RunDone(pending.generation, run))
            }
            None => state,
        }
    }

    /// An action followed by the engine's answer, as the page sees it.
    trait Then {
        fn then(&self, action: Action) -> State;
    }

    impl Then for State {
        fn then(&self, action: Action) -> State {
            settle(self.apply(action))
        }
    }

    /// The first state once its run arrived.
    fn ready() -> State {
        settle(State::default())
    }

    fn after(actions: &[Action]) -> State {
        actions.iter().cloned().fold(ready(), |s, a| s.then(a))
    }

    /// Plays to the end in frames of 1/60 s and returns the frame count.
    /// It goes through `apply_shared`, as the page does, because that is
    /// where a change the reducer thinks invisible is thrown away.
    fn play_out(state: &mut State) -> usize {
        let mut handle = Rc::new(state.clone()).apply_shared(Action::TogglePlay);
        let mut frames = 0;
        while handle.playing && frames < 100_000 {
            handle = handle.apply_shared(Action::Tick(1.0 / 60.0));
            frames += 1;
        }
        *state = (*handle).clone();
        frames
    }

    #[test]
    fn keys_control_playback_outside_fields() {
        let check = |key: &str, in_field: bool, expected: Option<Action>| {
            assert_eq!(
                Action::for_key(key, in_field),
                expected,
                "{key:?} {in_field}"
            );
        };
        check(" ", false, Some(Action::TogglePlay));
        check("ArrowRight", false, Some(Action::StepForward));
        check("ArrowLeft", false, Some(Action::StepBack));
        check("Home", false, Some(Action::ToStart));
        check("End", false, Some(Action::ToEnd));
        check("a", false, None);
        check("Enter", false, None);
        check(" ", true, None);
        check("ArrowLeft", true, None);
    }

    #[test]
    fn the_first_visit_opens_two_tasks_ready_to_play() {
        let s = ready();
        assert_eq!(s.preset.map(|p| p.id), Some("two-tasks"));
        assert_eq!((s.cursor, s.clock, s.playing), (0, 0.0, false));
        assert_eq!(s.run.summary.total, 1.0);
        assert!(s.run.len() > 20);
    }

    #[test]
    fn presets_have_the_totals_a_learner_expects() {
        for (id, total) in [
            ("hello", 1.0),
            ("two-tasks", 1.0),
            ("blocking", 2.0),
            ("thread-pool", 1.0),
            ("future", 2.0),
            ("gather", 1.5),
            ("wait-for", 1.0),
            ("semaphore", 3.0),
            ("fairness", 0.0),
            ("taskgroup", 2.0),
        ] {
            let s = after(&[Action::SelectPreset(id.into())]);
            assert_eq!(s.run.summary.total, total, "{id}");
            assert_eq!(s.run.ending, crate::model::run::Ending::Finished, "{id}");
        }
        // The GIL preset costs CPU time: four threads take turns on one GIL,
        // four processes run in parallel.
        let gil = after(&[Action::SelectPreset("gil".into())]);
        let lines: Vec<&str> = gil.run.console.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, ["4 threads: 3.60 s", "4 processes: 0.90 s"]);
        let blocking = after(&[Action::SelectPreset("blocking".into())]);
        assert_eq!(blocking.run.summary.blocked, 2.0);
        assert_eq!(
            crate::model::words::summary(Lang::En, &blocking.run),
            "Finished in 2.000 s — the loop was blocked for 2.000 s by 2 calls to time.sleep(1)"
        );
    }

    #[test]
    fn playback_reaches_the_end_in_about_real_time() {
        let mut s = ready();
        let frames = play_out(&mut s);
        assert_eq!(s.cursor, s.run.len());
        assert_eq!(s.clock, 1.0);
        // One virtual second plus the lingering on bursts of same-instant
        // events (at most 1.5 s per instant) at 60 frames per second.
        assert!((60..=60 * 5).contains(&frames), "{frames} frames");
        let mut fast = ready().then(Action::SetSpeed(Speed::Times(10.0)));
        assert!(play_out(&mut fast) < frames / 5);
    }

    #[test]
    fn stepping_is_exact_and_reversible() {
        let s = after(&[
            Action::StepForward,
            Action::StepForward,
            Action::StepForward,
        ]);
        assert_eq!(s.cursor, 3);
        let back = s.then(Action::StepBack);
        assert_eq!(back.cursor, 2);
        assert_eq!(back.then(Action::StepForward).cursor, 3);
        assert_eq!(after(&[Action::StepBack]).cursor, 0);
        let end = after(&[Action::ToEnd]);
        assert_eq!((end.cursor, end.clock), (end.run.len(), 1.0));
        assert_eq!(end.then(Action::StepForward).cursor, end.run.len());
        assert_eq!(end.then(Action::ToStart).cursor, 0);
    }

    #[test]
    fn seeking_by_time_applies_everything_up_to_that_instant() {
        let s = after(&[Action::SeekTime(0.5)]);
        assert_eq!(s.clock, 0.5);
        assert!(s.run.trace.events[..s.cursor].iter().all(|e| e.t <= 0.5));
        assert!(s.run.trace.events[s.cursor..].iter().all(|e| e.t > 0.5));
        assert_eq!(after(&[Action::SeekTime(f64::NAN)]).clock, 0.0);
        assert_eq!(after(&[Action::SeekTime(99.0)]).clock, 1.0);
        let s = after(&[Action::SeekEvent(4)]);
        assert_eq!(s.cursor, 5);
    }

    #[test]
    fn editing_waits_for_rerun_and_keeps_the_playhead() {
        let s = after(&[Action::SeekTime(0.5)]);
        let edited = s.then(Action::Edit(s.source.replace("sleep(1)", "sleep(2)")));
        assert!(edited.stale);
        assert!(edited.preset.is_none());
        assert_eq!(edited.run.summary.total, 1.0);
        let rerun = edited.then(Action::Rerun);
        assert!(!rerun.stale);
        assert_eq!(rerun.run.summary.total, 2.0);
        assert_eq!(rerun.clock, 0.5);
        // A re-run that no longer reaches the playhead goes to its end.
        let late = after(&[Action::ToEnd]);
        let shorter = late
            .then(Action::Edit(late.source.replace("sleep(1)", "sleep(0.25)")))
            .then(Action::Rerun);
        assert_eq!(shorter.cursor, shorter.run.len());
    }

    #[test]
    fn sliders_rewrite_the_literal_and_rerun() {
        let s = ready();
        assert_eq!(
            s.sliders[0].label(Lang::En),
            "func1 · asyncio.sleep · line 5"
        );
        assert_eq!(
            s.sliders[0].label(Lang::Ja),
            "func1 · asyncio.sleep · 5行目"
        );
        let slid = s.then(Action::Slide(0, 3.0));
        assert!(slid
            .source
            .contains("await asyncio.sleep(3)\n    print('func1() finished')"));
        assert_eq!(slid.run.summary.total, 3.0);
        assert_eq!(s.then(Action::Slide(99, 3.0)).source, s.source);
        // Slides in a row before the engine answers each rewrite their own
        // literal, even when an earlier one changed the source's length.
        let quick = s.apply(Action::Slide(0, 2.5)).apply(Action::Slide(1, 0.25));
        assert!(quick
            .source
            .contains("await asyncio.sleep(2.5)\n    print('func1() finished')"));
        assert!(quick
            .source
            .contains("await asyncio.sleep(0.25)\n    print('func2() finished')"));
        assert_eq!(settle(quick.clone()).sliders[1].value, 0.25);
        assert_eq!(settle(quick).run.summary.total, 2.5);
        // A slide right after an edit re-runs the edit (its sliders are
        // the edited source's), and the next slide uses them.
        let edited = s.then(Action::Edit(format!("import random\n{}", s.source)));
        let rerun = edited.apply(Action::Slide(0, 2.0));
        assert_eq!(rerun.source, edited.source);
        assert!(!rerun.stale && rerun.pending.is_some());
        let slid = settle(rerun).then(Action::Slide(0, 2.0));
        assert!(
            slid.source.starts_with("import random\n"),
            "{}",
            slid.source
        );
        assert!(slid
            .source
            .contains("await asyncio.sleep(2)\n    print('func1() finished')"));
    }

    #[test]
    fn scenarios_round_trip_through_links() {
        use crate::link::codec::{decode, encode};
        let s = ready();
        assert_eq!(encode(&s.scenario(true)), "v=1&p=two-tasks&lang=en");
        let slid = s.then(Action::Slide(0, 3.0)).then(Action::SeekTime(2.5));
        assert_eq!(slid.preset.map(|p| p.id), Some("two-tasks"));
        let link = encode(&slid.scenario(true));
        assert!(link.starts_with("v=1&p=two-tasks&s=0:3&t=2.5"), "{link}");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        assert_eq!(
            (opened.source.as_str(), opened.clock, opened.cursor),
            (slid.source.as_str(), slid.clock, slid.cursor)
        );
        assert_eq!(opened.run.summary.total, 3.0);
        // Float noise in event times (0.1 + 0.2 + ...) stays out of links,
        // and the event number still pins the exact step.
        let noisy = s
            .then(Action::Edit(
                "import asyncio\n\nasync def main():\n    for _ in range(3):\n        await asyncio.sleep(0.1)\n    print('done')\n\nasyncio.run(main())\n".into(),
            ))
            .then(Action::Rerun)
            .then(Action::ToEnd);
        let stepped = (0..noisy.run.len())
            .map(|i| noisy.then(Action::SeekEvent(i)))
            .find(|st| st.clock.to_string().len() > 12)
            .expect("a step at a noisy time such as 0.30000000000000004");
        let link = encode(&stepped.scenario(true));
        let t = link.split("&t=").nth(1).unwrap().split('&').next().unwrap();
        assert!(t.len() <= 8, "{link}");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        assert_eq!(
            (opened.cursor, opened.clock),
            (stepped.cursor, stepped.clock)
        );
        // Edited code travels compressed and opens as "your code".
        let edited = s
            .then(Action::Edit(s.source.replace("func2", "worker")))
            .then(Action::Rerun);
        let link = encode(&edited.scenario(false));
        assert!(link.contains("&c="), "{link}");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        assert_eq!(opened.source, edited.source);
        assert!(opened.preset.is_none());
        // Language, speed and embed come along; the GIL preset keeps its CPU speed.
        let gil = s
            .then(Action::SelectPreset("gil".into()))
            .then(Action::SetLang(Lang::Ja))
            .then(Action::SetSpeed(Speed::Times(10.0)));
        let opened = ready().then(Action::Open(Box::new(
            decode(&encode(&gil.scenario(false))).unwrap().unwrap(),
        )));
        assert_eq!(
            (opened.lang, opened.speed, opened.cpu_speed),
            (Lang::Ja, Speed::Times(10.0), Some(100_000.0))
        );
    }

    #[test]
    fn broken_programs_are_shown_not_fatal() {
        use crate::model::run::Ending;
        let s = after(&[Action::Edit("async def f(:\n".into()), Action::Rerun]);
        assert!(
            matches!(s.run.ending, Ending::Rejected { line: 1, .. }),
            "{:?}",
            s.run.ending
        );
        let played = s.then(Action::TogglePlay);
        assert!(!played.playing);
        let s = after(&[
            Action::Edit("while True:\n    pass\n".into()),
            Action::Rerun,
        ]);
        assert!(
            matches!(s.run.ending, Ending::Limit { .. }),
            "{:?}",
            s.run.ending
        );
        let s = after(&[Action::Edit("x = 1 / 0\n".into()), Action::Rerun]);
        match &s.run.ending {
            Ending::Raised { traceback, .. } => assert!(
                traceback.ends_with("ZeroDivisionError: division by zero"),
                "{traceback}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn runs_are_requested_and_only_the_latest_answer_is_taken() {
        let s = ready();
        assert!(s.pending.is_none() && !s.outdated());
        let slid = s.apply(Action::Slide(0, 3.0));
        let first = slid.generation;
        assert_eq!(slid.pending.as_ref().map(|p| p.generation), Some(first));
        assert!(slid.outdated());
        // The run shown so far stays until the answer comes.
        assert_eq!(slid.run.summary.total, 1.0);
        // A second slide supersedes the first request: the first answer
        // arrives late and is dropped.
        let again = slid.apply(Action::Slide(0, 2.0));
        assert_eq!(again.generation, first + 1);
        let late = Rc::new(crate::model::engine::execute(&slid.source, None));
        let dropped = again.apply(Action::RunDone(first, Rc::clone(&late)));
        assert_eq!(dropped, again);
        let done = settle(dropped);
        assert_eq!(done.run.summary.total, 2.0);
        assert!(!done.outdated());
        // An answer when nothing is pending is ignored too.
        assert_eq!(done.apply(Action::RunDone(first + 1, late)), done);
        // A preset and a link ask for runs the same way.
        let preset = done.apply(Action::SelectPreset("blocking".into()));
        assert_eq!(preset.generation, first + 2);
        assert_eq!(settle(preset).run.summary.total, 2.0);
    }

    #[test]
    fn progress_and_cancel_belong_to_the_pending_run_and_a_cancelled_run_plays() {
        let s = ready().apply(Action::Slide(0, 3.0));
        let g = s.generation;
        let s = s
            .apply(Action::RunProgress(g, 1234))
            .apply(Action::RunSlow(g))
            .apply(Action::RunProgress(g - 1, 99))
            .apply(Action::RunProgress(g + 1, 99));
        let pending = s.pending.clone().unwrap();
        assert_eq!(
            (pending.events, pending.slow, pending.cancelling),
            (1234, true, false)
        );
        let cancelling = s.apply(Action::CancelRun);
        assert!(cancelling.pending.as_ref().unwrap().cancelling);
        // The engine stops between two slices and answers with the events so far.
        let whole = crate::model::engine::execute(&s.source, None);
        let mut trace = whole.trace.clone();
        trace.events.truncate(20);
        let partial = Rc::new(Run::new(
            trace,
            Ending::Limit(loopscope_py::Limit::Stopped { events: 20 }),
        ));
        let stopped = cancelling.apply(Action::RunDone(g, partial));
        assert!(stopped.pending.is_none());
        assert_eq!(stopped.cursor, 0);
        assert_eq!(stopped.then(Action::ToEnd).cursor, 20);
        assert!(stopped.then(Action::TogglePlay).playing);
        assert_eq!(
            crate::model::words::summary(Lang::En, &stopped.run),
            format!(
                "You stopped the run at {}",
                crate::model::words::secs(stopped.run.summary.total)
            )
        );
        // Cancel with nothing pending changes nothing.
        assert_eq!(stopped.apply(Action::CancelRun), stopped);
    }

    #[test]
    fn an_engine_failure_keeps_the_code_and_the_page_goes_on() {
        let edited = after(&[Action::Edit("print(1)\n".into())]).apply(Action::Rerun);
        let g = edited.generation;
        // A failure of an older request is late and changes nothing.
        assert_eq!(
            edited.apply(Action::RunFailed(g - 1, Failure::TimedOut)),
            edited
        );
        for failure in [Failure::Crashed, Failure::TimedOut, Failure::Unresponsive] {
            let failed = edited.apply(Action::RunFailed(g, failure));
            assert_eq!(failed.source, "print(1)\n");
            assert!(failed.pending.is_none() && !failed.outdated());
            assert_eq!(failed.run.ending, Ending::Failed(failure));
            assert!(failed.run.is_empty() && failed.sliders.is_empty());
            assert!(!failed.then(Action::TogglePlay).playing);
            // The next preset plays correctly.
            let next = failed.then(Action::SelectPreset("two-tasks".into()));
            assert_eq!(next.run.summary.total, 1.0);
            assert_eq!(next.run.ending, Ending::Finished);
        }
    }

    #[test]
    fn the_timeline_axis_follows_the_run_until_the_reader_chooses() {
        // sleep(0) keeps everything at t = 0: the timeline opens by steps.
        let s = after(&[Action::SelectPreset("fairness".into())]);
        assert_eq!((s.axis_choice, s.axis()), (None, Axis::Steps));
        assert_eq!(ready().axis(), Axis::Time);
        // The reader's choice holds, across a re-run of the same program too.
        let time = s.then(Action::SetAxis(Axis::Time));
        assert_eq!(time.axis(), Axis::Time);
        assert_ne!(time, s);
        let edited = time
            .then(Action::Edit(time.source.replace("range(3)", "range(4)")))
            .then(Action::Rerun);
        assert_eq!(edited.axis(), Axis::Time);
        assert_eq!(
            edited.then(Action::SetAxis(Axis::Steps)).axis(),
            Axis::Steps
        );
        // Another program lets its own run decide again.
        let other = time.then(Action::SelectPreset("queue".into()));
        assert_eq!((other.axis_choice, other.axis()), (None, Axis::Time));
        let back = other.then(Action::SelectPreset("fairness".into()));
        assert_eq!(back.axis(), Axis::Steps);
    }

    #[test]
    fn seeking_by_steps_lands_between_events() {
        let s = after(&[
            Action::SelectPreset("fairness".into()),
            Action::SeekCursor(5),
        ]);
        assert_eq!((s.cursor, s.playing), (5, false));
        assert_eq!(s.clock, s.run.time_at(5));
        assert_eq!(s.then(Action::SeekCursor(0)).cursor, 0);
        assert_eq!(s.then(Action::SeekCursor(usize::MAX)).cursor, s.run.len());
    }

    #[test]
    fn asyncio_runs_shutdown_is_one_step_until_unfolded() {
        let end = after(&[Action::ToEnd]);
        let m = end.run.machinery[0].clone();
        assert!(end.fold());
        // Stepping back from the end: LoopClose... then the whole shutdown at once.
        let mut s = end.clone();
        while s.cursor > m.last + 1 {
            s = s.then(Action::StepBack);
        }
        assert_eq!(s.then(Action::StepBack).cursor, m.first);
        let before = s.then(Action::StepBack);
        assert_eq!(before.then(Action::StepForward).cursor, m.last + 1);
        // Unfolded, every step of it is a step of its own; folding again is the default.
        let unfolded = before.then(Action::SetFold(false));
        assert!(!unfolded.fold());
        assert_eq!(unfolded.then(Action::StepForward).cursor, m.first + 1);
        assert_eq!(
            s.then(Action::SetFold(false)).then(Action::StepBack).cursor,
            m.last
        );
        assert!(unfolded.then(Action::SetFold(true)).fold());
        // The reader's choice stays for the next preset.
        assert!(!unfolded.then(Action::SelectPreset("hello".into())).fold());
        // Playing one event per second passes the shutdown in one second.
        let mut playing = before
            .then(Action::SetSpeed(Speed::EventPerSecond))
            .then(Action::TogglePlay);
        playing = playing.apply(Action::Tick(0.2)).apply(Action::Tick(0.2));
        for _ in 0..4 {
            playing = playing.apply(Action::Tick(0.2));
        }
        assert_eq!(playing.cursor, m.last + 1);
        // Played through at 10× it ends as before.
        let mut fast = ready().then(Action::SetSpeed(Speed::Times(10.0)));
        play_out(&mut fast);
        assert_eq!(fast.cursor, fast.run.len());
    }

    /// The printed lines of a state's run.
    fn console(s: &State) -> Vec<String> {
        s.run.console.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn a_run_known_at_once_answers_only_the_request_for_its_program_and_machine() {
        use crate::model::engine::{execute_on, Machine};
        let preset = presets::find("blocking").expect("preset");
        let run = Rc::new(execute_on(preset.source, Machine::default()));
        let chosen = ready().apply(Action::SelectPreset("blocking".into()));
        let generation = chosen.pending.as_ref().expect("requested").generation;
        let known = |source: &str, machine| {
            chosen.apply(Action::RunKnown(source.into(), machine, Rc::clone(&run)))
        };
        // Another program, or the same on another machine, answers nothing.
        assert_eq!(known("print(1)\n", Machine::default()), chosen);
        assert_eq!(known(preset.source, Machine::with_cpu(Some(1e5))), chosen);
        // Its own program on its machine is the engine's answer, in one step.
        let shown = known(preset.source, Machine::default());
        assert!(shown.pending.is_none() && Rc::ptr_eq(&shown.run, &run));
        assert_eq!(
            shown,
            chosen.apply(Action::RunDone(generation, Rc::clone(&run)))
        );
        // Nothing requested, nothing to answer.
        assert_eq!(
            shown.apply(Action::RunKnown(
                preset.source.into(),
                Machine::default(),
                run
            )),
            shown
        );
    }

    /// A slider's move asked ahead (the page asks the engine for
    /// `slid_source` before it dispatches the move): the move and the run
    /// that comes back make the state the engine's later answer would.
    /// A move waiting for its run gives way only to a move of the same
    /// slider; another slider's move, or any other action, comes after it.
    #[test]
    fn only_the_same_sliders_move_supersedes_a_waiting_move() {
        let check = |later: Action, earlier: Action, expected: bool| {
            assert_eq!(
                later.supersedes(&earlier),
                expected,
                "{later:?} after {earlier:?}"
            );
        };
        check(Action::Slide(0, 2.0), Action::Slide(0, 1.5), true);
        check(Action::Slide(1, 2.0), Action::Slide(0, 1.5), false);
        check(Action::Slide(0, 2.0), Action::SeekTime(0.5), false);
        check(Action::TogglePlay, Action::Slide(0, 1.5), false);
    }

    #[test]
    fn a_slide_asked_ahead_is_the_slide_and_its_run_in_one_step() {
        use crate::model::engine::execute_on;
        let s = ready();
        let source = s.slid_source(0, 3.0).expect("a slider re-runs");
        let run = Rc::new(execute_on(&source, s.machine()));
        let slid = s.apply(Action::Slide(0, 3.0));
        assert_eq!(slid.source, source);
        let generation = slid.pending.as_ref().expect("requested").generation;
        let ahead = slid.apply(Action::RunKnown(
            source.clone(),
            s.machine(),
            Rc::clone(&run),
        ));
        assert!(ahead.pending.is_none() && Rc::ptr_eq(&ahead.run, &run));
        assert_eq!(ahead, slid.apply(Action::RunDone(generation, run)));
        // No slider there, or an edit not re-run yet: no run to ask ahead.
        assert_eq!(s.slid_source(99, 3.0), None);
        let edited = s.then(Action::Edit(format!("import random\n{}", s.source)));
        assert_eq!(edited.slid_source(0, 3.0), None);
    }

    /// The GIL preset's four pool threads take turns: at any moment of
    /// their work one computes and three wait for the GIL, including the
    /// one whose turn resumes a block of work begun before its last wait.
    #[test]
    fn with_the_gil_one_thread_computes_and_three_wait_throughout() {
        use loopscope_sim::ThreadStatus;
        let gil = after(&[Action::SelectPreset("gil".into())]);
        let mut t = 0.05;
        while t < 3.55 {
            let s = gil.run.trace.state_at(gil.run.cursor_at_time(t));
            let count = |status| s.threads.values().filter(|v| v.status == status).count();
            assert_eq!(
                (
                    count(ThreadStatus::Computing),
                    count(ThreadStatus::WaitingGil)
                ),
                (1, 3),
                "at {t} s"
            );
            t += 0.0123;
        }
    }

    #[test]
    fn the_gil_switch_reruns_the_program_on_the_chosen_machine() {
        let gil = after(&[Action::SelectPreset("gil".into()), Action::ToEnd]);
        assert!(gil.gil && gil.cores == 4 && gil.offers_gil_switch());
        assert_eq!(console(&gil), ["4 threads: 3.60 s", "4 processes: 0.90 s"]);
        let check = |actions: &[Action], threads: &str, processes: &str, total: f64| {
            let s = actions.iter().cloned().fold(gil.clone(), |s, a| s.then(a));
            assert_eq!(console(&s), [threads, processes], "{actions:?}");
            assert!(
                (s.run.summary.total - total).abs() < 1e-2,
                "{actions:?}: total {}",
                s.run.summary.total
            );
            // Watched to its end, the new run is shown at its end too.
            assert_eq!(s.cursor, s.run.len(), "{actions:?}");
        };
        check(&[], "4 threads: 3.60 s", "4 processes: 0.90 s", 4.5);
        check(
            &[Action::SetGil(false)],
            "4 threads: 0.90 s",
            "4 processes: 0.90 s",
            1.8,
        );
        check(
            &[Action::SetGil(false), Action::SetCores(2)],
            "4 threads: 1.80 s",
            "4 processes: 1.80 s",
            3.6,
        );
        check(
            &[Action::SetGil(false), Action::SetGil(true)],
            "4 threads: 3.60 s",
            "4 processes: 0.90 s",
            4.5,
        );
        check(
            &[Action::SetCores(1)],
            "4 threads: 3.60 s",
            "4 processes: 3.60 s",
            7.2,
        );
        check(
            &[Action::SetGil(false), Action::SetCores(0)],
            "4 threads: 3.60 s",
            "4 processes: 3.60 s",
            7.2,
        );
    }

    #[test]
    fn the_gil_switch_asks_for_a_run_only_when_it_changes_something() {
        let s = after(&[Action::SelectPreset("gil".into())]);
        for action in [
            Action::SetGil(true),
            Action::SetCores(4),
            Action::SetCores(0),
        ] {
            let next = s.apply(action.clone());
            let reruns = action != Action::SetGil(true) && action != Action::SetCores(4);
            assert_eq!(next.pending.is_some(), reruns, "{action:?}");
        }
        let off = s.apply(Action::SetGil(false));
        assert_eq!(
            off.pending.as_ref().map(|p| p.placement),
            Some(Placement::Keep)
        );
        assert!(!off.machine().gil);
        // The preset's line says the threads take turns; without the GIL it says otherwise.
        assert_eq!(s.notice(Lang::En), None);
        assert!(off
            .notice(Lang::En)
            .is_some_and(|n| n.contains("in parallel")));
        assert!(off.notice(Lang::Ja).is_some_and(|n| n.contains("並列")));
        // Another preset starts again from CPython 3.12 on four cores.
        let other = off
            .then(Action::SetCores(8))
            .then(Action::SelectPreset("thread-pool".into()));
        assert_eq!((other.gil, other.cores), (true, 4));
    }

    #[test]
    fn the_gil_switch_is_offered_for_programs_with_threads() {
        let check = |id: &str, offered: bool| {
            let s = after(&[Action::SelectPreset(id.into())]);
            assert_eq!(s.offers_gil_switch(), offered, "{id}");
        };
        check("gil", true);
        check("thread-pool", true);
        // Nor while the threaded preset's run still shows and the next one's is on its way.
        let leaving = after(&[Action::SelectPreset("gil".into())])
            .apply(Action::SelectPreset("two-tasks".into()));
        assert!(leaving.run.started_threads && !leaving.offers_gil_switch());
        check("two-tasks", false);
        check("hello", false);
        // Edited code that starts a worker: the run says so too, apart from
        // the names in the code.
        let edited = ready()
            .then(Action::Edit(
                "import asyncio\nimport time\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    await loop.run_in_executor(None, time.sleep, 0.1)\n\nasyncio.run(main())\n".into(),
            ))
            .then(Action::Rerun);
        assert!(edited.run.started_threads && edited.offers_gil_switch());
        // Once switched, it stays offered so that it can be switched back.
        let two = after(&[Action::SetGil(false)]);
        assert!(two.offers_gil_switch());
        let two = after(&[Action::SetCores(2)]);
        assert!(two.offers_gil_switch());
    }

    #[test]
    fn the_gil_setting_travels_in_links_only_when_changed() {
        use crate::link::codec::{decode, encode};
        let gil = after(&[Action::SelectPreset("gil".into())]);
        assert_eq!(encode(&gil.scenario(false)), "v=1&p=gil&lang=en");
        let off = gil.then(Action::SetGil(false)).then(Action::SetCores(2));
        let link = encode(&off.scenario(false));
        assert_eq!(link, "v=1&p=gil&gil=off&cores=2&lang=en");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        assert_eq!((opened.gil, opened.cores), (false, 2));
        assert_eq!(
            console(&opened),
            ["4 threads: 1.80 s", "4 processes: 1.80 s"]
        );
        // An old link opens CPython 3.12 on four cores, whatever was shown before.
        let old = off.then(Action::Open(Box::new(
            decode("v=1&p=gil").unwrap().unwrap(),
        )));
        assert_eq!((old.gil, old.cores), (true, 4));
        assert_eq!(encode(&old.scenario(false)), "v=1&p=gil&lang=en");
    }

    #[test]
    fn without_the_gil_no_row_waits_for_it_and_the_threads_run_together() {
        use crate::model::run::{Activity, RowLabel};
        let on = after(&[Action::SelectPreset("gil".into())]);
        let off = on.then(Action::SetGil(false));
        assert!(on.run.gil_waits && !off.run.gil_waits);
        let gil_segments = |s: &State| {
            s.run
                .rows
                .iter()
                .flat_map(|r| &r.segments)
                .filter(|seg| seg.activity == Activity::Gil)
                .count()
        };
        assert!(gil_segments(&on) > 100);
        assert_eq!(gil_segments(&off), 0);
        // The four pool threads each start computing at once and stay on it.
        let workers: Vec<_> = off
            .run
            .rows
            .iter()
            .filter(|r| matches!(&r.label, RowLabel::Worker(name) if name.starts_with("ThreadPoolExecutor")))
            .collect();
        assert_eq!(workers.len(), 4);
        let first_run: Vec<f64> = workers
            .iter()
            .filter_map(|r| r.segments.iter().find(|s| s.activity == Activity::Running))
            .map(|s| s.t)
            .collect();
        assert_eq!(first_run.len(), 4);
        assert!(first_run.iter().all(|t| *t < 0.01), "{first_run:?}");
    }

    /// Plays the worker's part for a sweep: runs each program natively.
    fn settle_sweep(state: State) -> State {
        let Some(sweep) = &state.sweep else {
            return state;
        };
        let outcomes = sweep
            .sources
            .iter()
            .map(|source| {
                let run = crate::model::engine::execute(source, sweep.cpu_speed);
                Outcome::of(&run.trace, &run.ending)
            })
            .collect();
        state.apply(Action::SweepDone(sweep.generation, Rc::new(outcomes)))
    }

    #[test]
    fn a_sweep_runs_the_slider_across_its_range_and_a_point_opens_its_run() {
        let s = after(&[Action::SelectPreset("blocking".into())]);
        let asked = s.apply(Action::Sweep(0));
        let sweep = asked.sweep.clone().unwrap();
        assert_eq!((sweep.index, sweep.values.len()), (0, 30));
        assert_eq!(sweep.sources.len(), 30);
        assert!(sweep.sources[29].contains("time.sleep(5)"));
        // The program shown is not touched by a sweep.
        assert_eq!(
            (asked.source.as_str(), asked.pending.is_none()),
            (s.source.as_str(), true)
        );
        let done = settle_sweep(asked.clone());
        let outcomes = done.sweep.as_ref().unwrap().outcomes.clone().unwrap();
        // time.sleep in func1 blocks the loop for its whole length, then func2's second.
        assert_eq!(outcomes[29].total, 6.0);
        assert_eq!(outcomes[29].blocked, 6.0);
        assert_eq!(outcomes[0].total, 1.0);
        // A late answer (an older sweep) is dropped.
        let again = done.apply(Action::Sweep(1));
        assert_eq!(
            again.apply(Action::SweepDone(
                done.sweep.as_ref().unwrap().generation,
                outcomes
            )),
            again
        );
        // Choosing a point sets the slider and runs that program.
        let chosen = done.then(Action::ChooseSweepPoint(29));
        assert!(chosen.source.contains("time.sleep(5)"), "{}", chosen.source);
        assert_eq!(chosen.run.summary.total, 6.0);
        assert_eq!(chosen.sliders[0].value, 5.0);
        assert_eq!(chosen.sweep.as_ref().unwrap().chosen, Some(29));
        assert_eq!(chosen.preset.map(|p| p.id), Some("blocking"));
        // Moving the slider by hand forgets the chosen point; closing closes.
        let slid = chosen.then(Action::Slide(0, 1.0));
        assert_eq!(slid.sweep.as_ref().unwrap().chosen, None);
        assert!(slid.then(Action::CloseSweep).sweep.is_none());
        // A point out of range, or before the answer, changes nothing.
        assert_eq!(done.apply(Action::ChooseSweepPoint(99)), done);
        assert_eq!(asked.apply(Action::ChooseSweepPoint(1)), asked);
        // Editing or another preset drops the sweep; an unknown slider starts none.
        assert!(done.then(Action::Edit("print(1)\n".into())).sweep.is_none());
        assert!(done
            .then(Action::SelectPreset("hello".into()))
            .sweep
            .is_none());
        assert!(s.apply(Action::Sweep(9)).sweep.is_none());
    }

    #[test]
    fn a_sweep_that_errors_or_fails_is_shown_not_fatal() {
        let s = after(&[
            Action::Edit(
                "import time\nN = 3\nfor i in range(N):\n    time.sleep(0.1)\nx = 1 / (N - 4)\n"
                    .into(),
            ),
            Action::Rerun,
        ]);
        let done = settle_sweep(s.apply(Action::Sweep(0)));
        let outcomes = done.sweep.as_ref().unwrap().outcomes.clone().unwrap();
        let values = &done.sweep.as_ref().unwrap().values;
        let four = values.iter().position(|v| *v == 4.0).unwrap();
        assert_eq!(outcomes[four].end, sweep::End::Raised);
        assert_eq!(outcomes[3].end, sweep::End::Finished);
        // The engine giving up on the sweep is an answer too; the page goes on.
        let asked = s.apply(Action::Sweep(0));
        let g = asked.sweep.as_ref().unwrap().generation;
        let failed = asked.apply(Action::SweepFailed(g, Failure::TimedOut));
        assert_eq!(
            failed.sweep.as_ref().unwrap().failed,
            Some(Failure::TimedOut)
        );
        assert_eq!(
            failed.apply(Action::SweepFailed(g - 1, Failure::Crashed)),
            failed
        );
        assert_eq!(failed.then(Action::StepForward).cursor, 1);
    }

    #[test]
    fn switching_the_gil_or_the_cores_runs_the_compared_program_again() {
        let gil = after(&[
            Action::SelectPreset("gil".into()),
            Action::OpenCompare(COMPARE_DEFAULT.into()),
        ]);
        let gil = settle(gil);
        let copy = gil.compare.clone().unwrap();
        assert!(!copy.pending);
        // A copy of the GIL preset takes as long as the preset itself.
        assert_eq!(copy.run.summary.total, gil.run.summary.total);
        for action in [Action::SetGil(false), Action::SetCores(2)] {
            let asked = gil.apply(action.clone());
            let c = asked.compare.clone().unwrap();
            assert!(c.pending && c.generation > copy.generation, "{action:?}");
            // The old run stays drawn until the new one comes.
            assert!(Rc::ptr_eq(&c.run, &copy.run), "{action:?}");
            let done = settle(asked);
            let c = done.compare.clone().unwrap();
            assert_eq!(c.run.summary.total, done.run.summary.total, "{action:?}");
        }
        let free = settle(gil.apply(Action::SetGil(false)));
        assert!(free.compare.as_ref().unwrap().run.summary.total < copy.run.summary.total);
    }

    #[test]
    fn compare_opens_the_seed_partner_on_one_time_axis() {
        let s = after(&[Action::SelectPreset("blocking".into())]);
        let asked = s.apply(Action::OpenCompare(COMPARE_DEFAULT.into()));
        let c = asked.compare.clone().unwrap();
        assert_eq!(
            (c.preset.map(|p| p.id), c.pending),
            (Some("two-tasks"), true)
        );
        // The run shown is not asked again.
        assert!(asked.pending.is_none());
        let both = settle(asked);
        let c = both.compare.clone().unwrap();
        assert_eq!((c.run.summary.total, both.run.summary.total), (1.0, 2.0));
        assert_eq!(both.span(), 2.0);
        // One playhead: the compared run is at the same virtual instant.
        assert_eq!(both.compare_cursor(), 0);
        let mid = both.then(Action::SeekTime(0.5));
        assert_eq!(mid.compare_cursor(), c.run.cursor_at_time(0.5));
        assert!(c.run.trace.events[..mid.compare_cursor()]
            .iter()
            .all(|e| e.t <= 0.5));
        let end = both.then(Action::ToEnd);
        assert_eq!((end.clock, end.compare_cursor()), (2.0, c.run.len()));
        // Another preset keeps the comparison; an unknown id changes nothing.
        let other = both.then(Action::SelectPreset("hello".into()));
        assert_eq!(other.compare.as_ref().unwrap().source, c.source);
        assert_eq!(both.apply(Action::OpenCompare("nope".into())), both);
        // A preset without a partner compares with a copy of its code.
        let hello = after(&[
            Action::SelectPreset("hello".into()),
            Action::OpenCompare(COMPARE_DEFAULT.into()),
        ]);
        let copy = hello.compare.as_ref().unwrap();
        assert_eq!(
            (copy.preset, copy.source.as_str()),
            (None, hello.source.as_str())
        );
        assert!(both.then(Action::CloseCompare).compare.is_none());
    }

    #[test]
    fn the_shared_axis_runs_to_the_end_of_the_longer_run() {
        let s = after(&[Action::OpenCompare("blocking".into())]);
        assert_eq!((s.run.summary.total, s.span()), (1.0, 2.0));
        // Seeking past the first run's end is on the axis: the first run is done.
        let late = s.then(Action::SeekTime(1.5));
        assert_eq!((late.clock, late.cursor), (1.5, late.run.len()));
        assert_eq!(late.then(Action::SeekTime(9.0)).clock, 2.0);
        // Playing goes on to the end of the longer run, then replays from the start.
        let mut played = s.then(Action::SetSpeed(Speed::Times(10.0)));
        play_out(&mut played);
        assert_eq!((played.clock, played.playing), (2.0, false));
        assert_eq!(
            played.compare_cursor(),
            played.compare.as_ref().unwrap().run.len()
        );
        let again = played.apply(Action::TogglePlay);
        assert_eq!((again.cursor, again.playing), (0, true));
        // Closing brings the playhead back within the first run.
        let closed = late.then(Action::CloseCompare);
        assert_eq!((closed.clock, closed.cursor), (1.0, closed.run.len()));
    }

    #[test]
    fn a_copy_is_edited_beside_and_only_its_latest_run_is_taken() {
        let s = after(&[Action::OpenCompare(COMPARE_COPY.into())]);
        let c = s.compare.clone().unwrap();
        assert_eq!((c.preset, c.run.summary.total), (None, 1.0));
        let edited = s.apply(Action::EditCompare(
            s.source.replace("sleep(1)", "sleep(3)"),
        ));
        let g = edited.compare.as_ref().unwrap().generation;
        assert!(g > c.generation && edited.compare.as_ref().unwrap().pending);
        // The main program is untouched; the late answer of the first is dropped.
        assert_eq!(edited.source, s.source);
        let late = Rc::new(crate::model::engine::execute(&s.source, None));
        assert_eq!(
            edited.apply(Action::CompareDone(c.generation, late)),
            edited
        );
        let done = settle(edited.clone());
        assert_eq!(done.compare.as_ref().unwrap().run.summary.total, 3.0);
        assert_eq!(done.span(), 3.0);
        // Typing the same again asks nothing.
        assert_eq!(
            done.apply(Action::EditCompare(
                done.compare.as_ref().unwrap().source.clone()
            )),
            done
        );
        // The engine failing on the compared program is shown, not fatal.
        let failed = edited.apply(Action::CompareFailed(g, Failure::Crashed));
        let c = failed.compare.as_ref().unwrap();
        assert_eq!(
            (c.pending, c.run.ending.clone()),
            (false, Ending::Failed(Failure::Crashed))
        );
        assert_eq!(failed.then(Action::StepForward).cursor, 1);
    }

    #[test]
    fn a_comparison_travels_in_links_and_opens_from_them() {
        use crate::link::codec::{decode, encode};
        let s = after(&[
            Action::SelectPreset("blocking".into()),
            Action::OpenCompare(COMPARE_DEFAULT.into()),
        ]);
        let link = encode(&s.scenario(false));
        assert_eq!(link, "v=1&p=blocking&lang=en&cmp=two-tasks");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        let c = opened.compare.as_ref().unwrap();
        assert_eq!(
            (c.preset.map(|p| p.id), c.run.summary.total),
            (Some("two-tasks"), 1.0)
        );
        // An edited copy travels compressed.
        let copy = s
            .then(Action::OpenCompare(COMPARE_COPY.into()))
            .then(Action::EditCompare("print('x')\n".into()));
        let link = encode(&copy.scenario(false));
        assert!(link.contains("&cc="), "{link}");
        let opened = ready().then(Action::Open(Box::new(decode(&link).unwrap().unwrap())));
        assert_eq!(opened.compare.as_ref().unwrap().source, "print('x')\n");
        // A link without one closes it.
        assert!(opened
            .then(Action::Open(Box::new(
                decode("v=1&p=hello").unwrap().unwrap()
            )))
            .compare
            .is_none());
    }
}
