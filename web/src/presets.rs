//! The scenarios the playground ships with, in the order the picker lists them.
//!
//! The first five are the seed tutorial's examples, verbatim (Japanese
//! comments included); the files live in `web/presets/` so that they can be
//! diffed against the tutorial.

/// One ready-made scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Stable identifier used in links and as the picker's option value.
    pub id: &'static str,
    /// Short title shown in the picker.
    pub title: &'static str,
    /// One line saying what to look at.
    pub notice: &'static str,
    /// The Python source.
    pub source: &'static str,
    /// Operations per second of Python code, when the preset needs CPU time to show (the GIL).
    pub cpu_speed: Option<f64>,
}

/// Every preset, in picker order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "hello",
        title: "1 · Hello, coroutine",
        notice: "await asyncio.sleep(1) hands the loop back for one second between the two prints.",
        source: include_str!("../presets/hello.py"),
        cpu_speed: None,
    },
    Preset {
        id: "two-tasks",
        title: "2 · Two tasks with asyncio.sleep",
        notice: "Both tasks sleep at the same time, so the whole program takes about 1 s, not 2 s.",
        source: include_str!("../presets/two-tasks.py"),
        cpu_speed: None,
    },
    Preset {
        id: "blocking",
        title: "3 · Two tasks with time.sleep",
        notice: "time.sleep never gives the loop back: the loop is blocked and the run takes 2 s.",
        source: include_str!("../presets/blocking.py"),
        cpu_speed: None,
    },
    Preset {
        id: "thread-pool",
        title: "4 · run_in_executor with a thread pool",
        notice: "The blocking calls move to worker threads; the loop stays free and the run takes 1 s again.",
        source: include_str!("../presets/thread-pool.py"),
        cpu_speed: None,
    },
    Preset {
        id: "future",
        title: "5 · A Future resolved with set_result",
        notice: "main waits on the future until another task calls set_result two seconds later.",
        source: include_str!("../presets/future.py"),
        cpu_speed: None,
    },
    Preset {
        id: "gather",
        title: "6 · gather over N tasks",
        notice: "All N fetches run at once; gather hands back their results in argument order when the slowest is done.",
        source: include_str!("../presets/gather.py"),
        cpu_speed: None,
    },
    Preset {
        id: "wait-for",
        title: "7 · wait_for with a timeout",
        notice: "At 1 s the timeout cancels the coroutine: its finally block runs, and wait_for raises TimeoutError.",
        source: include_str!("../presets/wait-for.py"),
        cpu_speed: None,
    },
    Preset {
        id: "queue",
        title: "8 · Producer and consumer with a Queue",
        notice: "The consumer is slower: once two items wait in the queue, put() suspends the producer until get() makes room.",
        source: include_str!("../presets/queue.py"),
        cpu_speed: None,
    },
    Preset {
        id: "semaphore",
        title: "9 · A Semaphore limits concurrency",
        notice: "Only two downloads hold the semaphore at once; the others wait their turn, so six take 3 s.",
        source: include_str!("../presets/semaphore.py"),
        cpu_speed: None,
    },
    Preset {
        id: "gil",
        title: "10 · CPU work: threads against processes",
        notice: "Four threads share one GIL and take turns, so they need four times as long as four processes, which run in parallel.",
        source: include_str!("../presets/gil.py"),
        cpu_speed: Some(1_000_000.0),
    },
    Preset {
        id: "fairness",
        title: "11 · sleep(0) and fairness",
        notice: "sleep(0) hands the loop to the next ready task, so A and B take turns; greedy never awaits and runs straight through.",
        source: include_str!("../presets/fairness.py"),
        cpu_speed: None,
    },
    Preset {
        id: "taskgroup",
        title: "12 · TaskGroup with a failing task",
        notice: "When b fails at 2 s, the group cancels c and raises an ExceptionGroup holding b's error.",
        source: include_str!("../presets/taskgroup.py"),
        cpu_speed: None,
    },
];

/// The preset a first visit opens: two tasks sharing one second.
pub const DEFAULT_PRESET: &str = "two-tasks";

/// Looks a preset up by its id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_the_default_exists() {
        for (i, a) in PRESETS.iter().enumerate() {
            assert!(
                PRESETS[i + 1..].iter().all(|b| b.id != a.id),
                "duplicate id {}",
                a.id
            );
        }
        assert!(find(DEFAULT_PRESET).is_some());
    }

    #[test]
    fn seed_examples_keep_their_japanese_comments() {
        assert!(find("thread-pool").is_some());
        assert!(find("future")
            .unwrap()
            .source
            .contains("# Futureオブジェクトを作成"));
        assert!(find("hello")
            .unwrap()
            .source
            .contains("# コルーチンをイベントループで実行"));
    }
}
