//! Where two compared runs part: the first event at which their streams
//! differ, and the sentence that says what each run does there.
//!
//! Two events are "the same" when they happen at the same virtual time, on
//! the same thread, in the same task, and are the same kind of event (a
//! timer set, a blocking call begun, a print…).  Interned names are not
//! compared by number, because each trace numbers its own strings.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::Run;
use crate::model::words::{narration, secs};
use loopscope_sim::{Event, EventKind};

/// Whether two events are the same step of two runs.
fn same(a: &Event, b: &Event) -> bool {
    a.t == b.t
        && a.thread == b.thread
        && a.task == b.task
        && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
}

/// The index of the first event at which `a` and `b` differ (one of them
/// may have ended there), or `None` when they are the same all along.
pub fn divergence(a: &Run, b: &Run) -> Option<usize> {
    let (ea, eb) = (&a.trace.events, &b.trace.events);
    match ea.iter().zip(eb).position(|(x, y)| !same(x, y)) {
        Some(i) => Some(i),
        None if ea.len() != eb.len() => Some(ea.len().min(eb.len())),
        None => None,
    }
}

/// Events that only prepare what comes next (a future made, a timer set, a
/// handle queued): the sentence of the step they lead to says more.
fn preparing(event: &Event) -> bool {
    matches!(
        event.kind,
        EventKind::FutureCreated { .. }
            | EventKind::TimerSet { .. }
            | EventKind::HandleQueued { .. }
    )
}

/// What a run does at event `index`: the narration of that event (or of
/// the step that a few preparing events at the same instant lead to), or
/// `None` when the run has ended before it.
fn doing(lang: Lang, run: &Run, index: usize, fold: bool) -> Option<String> {
    let events = &run.trace.events;
    let first = events.get(index)?;
    let telling = (index..events.len().min(index + 4))
        .find(|&j| !preparing(&events[j]) && events[j].t == first.t)
        .unwrap_or(index);
    Some(narration(lang, run, &run.trace.state_at(telling + 1), fold))
}

/// The sentence that says where `here` and `other` part and what each does
/// there, or that they do the same all along.
pub fn sentence(lang: Lang, here: &Run, other: &Run, fold: bool) -> String {
    let Some(i) = divergence(here, other) else {
        return texts(lang).compare_same.to_string();
    };
    let at = here
        .trace
        .events
        .get(i)
        .or_else(|| other.trace.events.get(i))
        .map_or(0.0, |e| e.t);
    say(
        lang,
        &Phrase::Diverge(
            secs(at),
            doing(lang, here, i, fold),
            doing(lang, other, i, fold),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets::find;

    fn run(id: &str) -> Run {
        let preset = find(id).unwrap();
        execute(preset.source, preset.cpu_speed)
    }

    #[test]
    fn the_seed_pairs_part_where_the_sleep_differs() {
        let (sleep, block) = (run("two-tasks"), run("blocking"));
        let i = divergence(&block, &sleep).unwrap();
        assert_eq!(block.trace.events[i].t, 0.0);
        let en = sentence(Lang::En, &block, &sleep, true);
        assert!(en.starts_with("The runs part at 0.000 s. Here: "), "{en}");
        assert!(en.contains("time.sleep"), "{en}");
        assert!(en.contains("In the other run: "), "{en}");
        assert!(en.ends_with("In the other run: Task-2 (func1) sleeps until 1.000 s: it gives the loop back, and the loop runs the next ready handle."), "{en}");
        let ja = sentence(Lang::Ja, &block, &sleep, true);
        assert!(ja.starts_with("二つの実行は0.000 sで分かれます。"), "{ja}");
        let pool = run("thread-pool");
        let en = sentence(Lang::En, &block, &pool, true);
        assert!(
            en.contains("Here: create_task wraps func1() in Task-2"),
            "{en}"
        );
        assert!(
            en.contains("In the other run: func1() is handed to the executor"),
            "{en}"
        );
    }

    #[test]
    fn the_same_run_does_not_part_and_a_shorter_one_ends() {
        let a = run("two-tasks");
        let b = run("two-tasks");
        assert_eq!(divergence(&a, &b), None);
        assert_eq!(
            sentence(Lang::En, &a, &b, true),
            "Both runs do the same things at the same times."
        );
        let short = execute("print('hi')\n", None);
        let hello = execute("print('hi')\nprint('there')\n", None);
        let i = divergence(&short, &hello).unwrap();
        let en = sentence(Lang::En, &short, &hello, true);
        assert!(en.contains("Here: The program ends"), "{i} {en}");
    }
}
