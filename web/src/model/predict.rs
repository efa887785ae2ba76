//! Predict, then reveal: the moments of a run worth predicting, as questions
//! with choices taken from the trace itself.
//!
//! Three kinds of moment are asked about: the next line the console will
//! print, the task the loop will run next, and the time the clock will jump
//! to.  The true answer comes with plausible wrong ones from the same run
//! (lines printed later, other tasks ready or waiting, other deadlines), in
//! an order shuffled by a generator seeded with the event's index, so the
//! order is the same every time and does not give the answer away.  A moment
//! with fewer than two distinct choices is not asked.  All of this is a pure
//! function of the run; the reducer keeps the answers ([`Quiz`]).

use crate::i18n::{say, Lang, Phrase};
use crate::model::run::Run;
use crate::model::words::{self, secs, task_ref};
use loopscope_sim::{EventKind, HandleKind, TaskId, TaskStatus};
use std::collections::BTreeMap;

/// Most choices a question offers.
const MAX_CHOICES: usize = 4;

/// Most questions a run gives (a run of 100 000 steps would otherwise ask
/// as many; a session of this many is already long).
const MAX_QUESTIONS: usize = 200;

/// What a question asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Which line the console prints next.
    Print,
    /// Which task the loop runs next.
    Task,
    /// To what time the clock jumps.
    Clock,
}

/// One possible answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// A printed line.
    Line(String),
    /// A task.
    Task(TaskId),
    /// A virtual time.
    Time(f64),
}

/// A moment to predict: asked before event `at` is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The index of the event that is the moment (the cursor stops at `at`).
    pub at: usize,
    /// What is asked.
    pub ask: Ask,
    /// The choices, in the order shown.
    pub choices: Vec<Choice>,
    /// Which choice is true.
    pub answer: usize,
}

/// Every question of a run, in event order; moments inside asyncio.run's
/// own shutdown are left out when `fold` (they play as one step).
pub fn questions(run: &Run, fold: bool) -> Vec<Question> {
    let events = &run.trace.events;
    let mut out = Vec::new();
    // Deadlines the run ever sets, for the clock's wrong answers.
    let mut deadlines: Vec<f64> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TimerSet { when, .. } => Some(when),
            EventKind::BlockBegin { until, .. } => Some(until),
            _ => None,
        })
        .collect();
    deadlines.sort_by(f64::total_cmp);
    deadlines.dedup();
    let mut console = run.console.iter().peekable();
    // The state is rebuilt by one pass rather than asked of the checkpoints
    // at every moment.
    let mut state = loopscope_sim::State::default();
    for (i, ev) in events.iter().enumerate() {
        if out.len() >= MAX_QUESTIONS {
            break;
        }
        while console.peek().is_some_and(|l| l.event < i) {
            console.next();
        }
        let skip = fold && run.machinery_at(i).is_some();
        let q = if skip {
            None
        } else {
            match ev.kind {
                EventKind::Print { stderr: false, .. }
                    if console.peek().is_some_and(|l| l.event == i) =>
                {
                    print_question(run, i)
                }
                EventKind::HandleRun { handle } => match run.handle_kinds.get(&handle) {
                    Some(HandleKind::Step(t) | HandleKind::Wakeup(t)) => {
                        task_question(run, &state, i, *t, fold)
                    }
                    _ => None,
                },
                EventKind::ClockJump { from } => clock_question(&deadlines, i, from, ev.t),
                _ => None,
            }
        };
        out.extend(q);
        state.apply(ev);
    }
    out
}

/// The next line: the true one and up to three distinct lines printed later.
fn print_question(run: &Run, at: usize) -> Option<Question> {
    let first = run.console.partition_point(|l| l.event < at);
    let truth = run.console.get(first).filter(|l| !l.stderr)?.text.clone();
    let mut wrong: Vec<Choice> = Vec::new();
    for line in run.console[first + 1..].iter().filter(|l| !l.stderr) {
        let c = Choice::Line(line.text.clone());
        if line.text != truth && !wrong.contains(&c) {
            wrong.push(c);
        }
        if wrong.len() + 1 >= MAX_CHOICES {
            break;
        }
    }
    build(at, Ask::Print, Choice::Line(truth), wrong)
}

/// The next task: the one whose step the loop takes, against the other
/// tasks in the ready deque, then the other tasks still alive.
fn task_question(
    run: &Run,
    state: &loopscope_sim::State,
    at: usize,
    truth: TaskId,
    fold: bool,
) -> Option<Question> {
    let mut wrong: Vec<Choice> = Vec::new();
    let ready = state.ready.iter().filter_map(|(_, k)| match k {
        HandleKind::Step(t) | HandleKind::Wakeup(t) => Some(*t),
        _ => None,
    });
    let alive = state
        .tasks
        .iter()
        .filter(|(_, v)| {
            matches!(
                v.status,
                TaskStatus::Ready | TaskStatus::Waiting | TaskStatus::Running
            )
        })
        .map(|(t, _)| *t);
    for t in ready.chain(alive) {
        let c = Choice::Task(t);
        if t != truth && !wrong.contains(&c) && !(fold && run.is_machinery(t)) {
            wrong.push(c);
        }
        if wrong.len() + 1 >= MAX_CHOICES {
            break;
        }
    }
    build(at, Ask::Task, Choice::Task(truth), wrong)
}

/// The clock's new time, against the run's other deadlines after `from`,
/// nearest first.
fn clock_question(deadlines: &[f64], at: usize, from: f64, to: f64) -> Option<Question> {
    let mut later: Vec<f64> = deadlines
        .iter()
        .copied()
        .filter(|d| *d > from && secs(*d) != secs(to))
        .collect();
    later.sort_by(|a, b| (a - to).abs().total_cmp(&(b - to).abs()));
    let mut wrong: Vec<Choice> = Vec::new();
    for d in later {
        if !wrong
            .iter()
            .any(|c| matches!(c, Choice::Time(x) if secs(*x) == secs(d)))
        {
            wrong.push(Choice::Time(d));
        }
        if wrong.len() + 1 >= MAX_CHOICES {
            break;
        }
    }
    build(at, Ask::Clock, Choice::Time(to), wrong)
}

/// The question with its choices shuffled, or `None` without a wrong choice.
fn build(at: usize, ask: Ask, truth: Choice, wrong: Vec<Choice>) -> Option<Question> {
    if wrong.is_empty() {
        return None;
    }
    let mut choices = vec![truth.clone()];
    choices.extend(wrong);
    shuffle(&mut choices, at as u64);
    let answer = choices.iter().position(|c| *c == truth)?;
    Some(Question {
        at,
        ask,
        choices,
        answer,
    })
}

/// Fisher–Yates with a small generator (SplitMix64) seeded by `seed`: the
/// same moment always shows the same order.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = move || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// The words of a question's prompt.
pub fn prompt(lang: Lang, q: &Question) -> String {
    say(
        lang,
        &match q.ask {
            Ask::Print => Phrase::AskPrint,
            Ask::Task => Phrase::AskTask,
            Ask::Clock => Phrase::AskClock,
        },
    )
}

/// The words of a choice (a task named as at the moment asked).
pub fn choice_text(lang: Lang, run: &Run, q: &Question, i: usize) -> String {
    match q.choices.get(i) {
        Some(Choice::Line(text)) => text.clone(),
        Some(Choice::Task(t)) => {
            let state = run.trace.state_at(q.at);
            task_ref(lang, run, &state, *t)
        }
        Some(Choice::Time(t)) => secs(*t),
        None => String::new(),
    }
}

/// Why the answer is what it is, in one sentence: the narration of the
/// moment, or, for the next task, the ready deque's order.
pub fn why(lang: Lang, run: &Run, q: &Question) -> String {
    if let (Ask::Task, Some(Choice::Task(t))) = (q.ask, q.choices.get(q.answer)) {
        let state = run.trace.state_at(q.at);
        return say(lang, &Phrase::WhyTask(task_ref(lang, run, &state, *t)));
    }
    let after = run.trace.state_at(q.at + 1);
    words::narrate(lang, run, &after)
}

/// The answers given in predict mode: which choice, by question's event index.
#[derive(Clone, Debug, Default)]
pub struct Quiz {
    /// The run's questions (computed when the mode starts or a run arrives).
    pub questions: std::rc::Rc<Vec<Question>>,
    /// The choice made for each question answered, by the question's `at`.
    pub answers: BTreeMap<usize, usize>,
    /// The question answered last, whose answer is shown until playback goes on.
    pub revealed: Option<usize>,
}

/// The questions compare by pointer (a new run makes new ones), so that
/// every frame of playback compares two small maps, not every question.
impl PartialEq for Quiz {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.questions, &other.questions)
            && self.answers == other.answers
            && self.revealed == other.revealed
    }
}

impl Quiz {
    /// A quiz over `run`'s questions with nothing answered.
    pub fn new(run: &Run, fold: bool) -> Quiz {
        Quiz {
            questions: std::rc::Rc::new(questions(run, fold)),
            ..Quiz::default()
        }
    }

    /// The question asked at cursor `cursor`, unless answered already.
    pub fn open_at(&self, cursor: usize) -> Option<&Question> {
        let k = self.questions.partition_point(|q| q.at < cursor);
        self.questions
            .get(k)
            .filter(|q| q.at == cursor && !self.answers.contains_key(&q.at))
    }

    /// The question with this event index.
    pub fn question(&self, at: usize) -> Option<&Question> {
        let k = self.questions.partition_point(|q| q.at < at);
        self.questions.get(k).filter(|q| q.at == at)
    }

    /// (right answers, answers).
    pub fn score(&self) -> (usize, usize) {
        let right = self
            .answers
            .iter()
            .filter(|(at, chosen)| self.question(**at).is_some_and(|q| q.answer == **chosen))
            .count();
        (right, self.answers.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets;

    /// The one check: a preset's questions as `ask: choices (true one starred)`.
    fn check(preset: &str, expected: &[&str]) {
        let run = execute(presets::find(preset).expect("preset").source, None);
        let got: Vec<String> = questions(&run, true)
            .iter()
            .map(|q| {
                let choices: Vec<String> = (0..q.choices.len())
                    .map(|i| {
                        let star = if i == q.answer { "*" } else { "" };
                        format!("{star}{}", choice_text(Lang::En, &run, q, i))
                    })
                    .collect();
                format!("{:?}: {}", q.ask, choices.join(" | "))
            })
            .collect();
        assert_eq!(got, expected, "{preset}");
    }

    #[test]
    fn the_seed_presets_ask_about_their_prints_tasks_and_clock() {
        check("hello", &["Print: *Hello | World"]);
        check(
            "blocking",
            &[
                "Task: Task-1 (main) | Task-3 (func2) | *Task-2 (func1)",
                "Print: func1() finished | func2() started | func2() finished | *func1() started",
                "Clock: *1.000 s | 2.000 s",
                "Print: *func1() finished | func2() started | func2() finished",
                "Task: *Task-3 (func2) | Task-1 (main)",
                "Print: *func2() started | func2() finished",
            ],
        );
    }

    #[test]
    fn every_seed_preset_asks_something_and_never_a_one_choice_question() {
        for preset in presets::PRESETS.iter().take(5) {
            let run = execute(preset.source, None);
            let qs = questions(&run, true);
            assert!(!qs.is_empty(), "{}", preset.id);
            for q in qs.iter() {
                assert!(q.choices.len() >= 2 && q.choices.len() <= MAX_CHOICES);
                assert!(q.answer < q.choices.len());
            }
            // The true answer is not always in the same place.
            if qs.len() >= 3 {
                let first = qs[0].answer;
                assert!(qs.iter().any(|q| q.answer != first), "{}", preset.id);
            }
        }
    }

    /// A whole session through the reducer: open the preset, turn predict
    /// on, play, answer each question (truly, or with the next choice when
    /// `wrong`), go on, until the end; the final score.
    fn session(preset: &str, wrong: bool) -> (usize, usize) {
        use crate::model::state::{Action, State};
        let settle = |s: State| match &s.pending {
            Some(p) => {
                let run = std::rc::Rc::new(execute(&s.source, s.cpu_speed));
                s.apply(Action::RunDone(p.generation, run))
            }
            None => s,
        };
        let mut s = settle(settle(State::default()).apply(Action::SelectPreset(preset.into())));
        s = s.apply(Action::SetPredict(true));
        s = s.apply(Action::SetSpeed(crate::model::state::Speed::Times(10.0)));
        let mut asked = 0;
        for _ in 0..100_000 {
            if let Some(q) = s.question() {
                let n = q.choices.len();
                let choice = if wrong { (q.answer + 1) % n } else { q.answer };
                let at = q.at;
                s = s.apply(Action::Answer(choice));
                assert_eq!(s.cursor, at + 1, "the moment is played");
                assert_eq!(s.quiz.as_ref().and_then(|q| q.revealed), Some(at));
                asked += 1;
            }
            if s.cursor >= s.run.len() {
                break;
            }
            if !s.playing {
                s = s.apply(Action::TogglePlay);
                assert!(s.playing || s.question().is_some());
            }
            s = s.apply(Action::Tick(1.0 / 60.0));
        }
        assert!(
            s.cursor >= s.run.len(),
            "{preset}: the session reaches the end"
        );
        let quiz = s.quiz.as_ref().expect("still in predict mode");
        assert_eq!(quiz.answers.len(), asked);
        assert_eq!(
            asked,
            quiz.questions.len(),
            "{preset}: every question asked"
        );
        quiz.score()
    }

    #[test]
    fn a_whole_session_on_each_seed_preset_scores_what_was_answered() {
        for preset in presets::PRESETS.iter().take(5) {
            let (right, of) = session(preset.id, false);
            assert!(of > 0, "{}", preset.id);
            assert_eq!(right, of, "{}: true answers give a full score", preset.id);
            let (right, of) = session(preset.id, true);
            assert_eq!(
                (right, of > 0),
                (0, true),
                "{}: wrong answers score 0",
                preset.id
            );
        }
    }

    #[test]
    fn predict_mode_is_kept_in_the_link_and_restarts_at_the_start() {
        use crate::model::state::{Action, State};
        let s = State::default().apply(Action::SetPredict(true));
        assert!(s.scenario(false).quiz);
        assert!(!State::default().scenario(false).quiz);
        let opened = State::default().apply(Action::Open(Box::new(s.scenario(false))));
        assert!(opened.quiz.is_some());
        let off = opened.apply(Action::SetPredict(false));
        assert!(off.quiz.is_none() && off.question().is_none());
        // An answer with no open question, or out of range, changes nothing.
        assert_eq!(opened.apply(Action::Answer(0)), opened);
    }

    #[test]
    fn the_order_is_the_same_every_time() {
        let run = execute(presets::PRESETS[1].source, None);
        assert_eq!(questions(&run, true), questions(&run, true));
    }

    #[test]
    fn a_question_is_explained_in_a_sentence_in_both_languages() {
        let run = execute(presets::PRESETS[2].source, None);
        for q in questions(&run, true).iter() {
            for lang in Lang::ALL {
                let why = why(lang, &run, q);
                assert!(!why.is_empty());
                assert!(!prompt(lang, q).is_empty());
            }
        }
    }
}
