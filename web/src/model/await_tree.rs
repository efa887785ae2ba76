//! Who awaits whom at one instant: the await tree.
//!
//! CPython 3.14 prints this tree for a live process (`python -m asyncio
//! pstree`, `asyncio.capture_call_graph()`); here it is a pure function of
//! the run and the state at the cursor, so it exists for every moment of the
//! run.  A task hangs under the future that awaits it; below a task is the
//! future it is suspended on; below a combinator's future (`gather()`,
//! `shield()`, `TaskGroup`, an executor's future) is what it waits on, down
//! to the leaf (`sleep()`, `Queue.get()`, a job running on a worker thread).
//! Which task awaits which future comes from the state (`TaskView::awaiting`);
//! what a combinator waits on never changes once made and comes from the
//! trace's links (`Run::below`).

use crate::i18n::{say, Lang, Phrase};
use crate::model::future_set::FutureSet;
use crate::model::run::Run;
use crate::model::words::{future_label, future_name, secs, task_ref, thread_name};
use loopscope_sim::{Below, FutureId, JobId, TaskId, ThreadId};
use loopscope_sim::{State, TaskStatus, ThreadStatus};
use std::collections::HashSet;

/// How deep the tree is drawn: a chain longer than this is cut (a chain of
/// tasks each awaiting the next can be as long as the program likes).
const MAX_DEPTH: usize = 48;

/// Most nodes drawn, so that a gather over ten thousand tasks costs a
/// bounded amount at every frame of playback.
const MAX_NODES: usize = 400;

/// What a node of the tree is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A task.
    Task(TaskId),
    /// A future that is not a task's.
    Future,
    /// An executor job or a thread.
    Thread,
}

/// One line of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its depth (0 for a root).
    pub depth: usize,
    /// Its words.
    pub text: String,
    /// What it is.
    pub kind: NodeKind,
}

/// The await tree after `state.index` events, roots in creation order;
/// asyncio.run's own shutdown tasks are left out when `fold` (as the diagram
/// leaves them out).
pub fn await_tree(lang: Lang, run: &Run, state: &State, fold: bool) -> Vec<Node> {
    await_tree_upto(lang, run, state, fold, MAX_NODES)
}

/// [`await_tree`], at most `limit` nodes (the diagram's description reads
/// only the first few chains).  The walk stops as soon as the tree is full,
/// so a gather over thousands of tasks costs what is drawn, not what exists.
pub fn await_tree_upto(
    lang: Lang,
    run: &Run,
    state: &State,
    fold: bool,
    limit: usize,
) -> Vec<Node> {
    let mut walk = Walk {
        lang,
        run,
        state,
        nodes: Vec::new(),
        seen: HashSet::new(),
        limit: limit.min(MAX_NODES),
    };
    // Futures something shown awaits: the tasks behind them are not roots.
    let mut claimed: FutureSet = state
        .tasks
        .values()
        .filter_map(|view| match (view.status, view.awaiting) {
            (TaskStatus::Waiting, Some(f)) => Some(f),
            _ => None,
        })
        .collect();
    // A combinator's edges are few next to the futures pending, so the
    // edges are walked and the pending futures looked up.
    for (fut, on) in &run.below {
        if state.pending.contains_key(fut) {
            for on in on {
                if let Below::Future(g) = on {
                    claimed.insert(*g);
                }
            }
        }
    }
    for thread in state.threads.values() {
        if let ThreadStatus::BlockedOn(f) = thread.status {
            claimed.insert(f);
        }
    }
    let claimed = |f: &FutureId| claimed.contains(*f);
    let live: Vec<TaskId> = state
        .tasks
        .iter()
        .filter(|(t, v)| is_live(v.status) && !(fold && run.is_machinery(**t)))
        .map(|(t, _)| *t)
        .collect();
    for task in &live {
        if walk.full() {
            return walk.nodes;
        }
        let fut = state.tasks.get(task).map(|v| v.fut);
        if fut.is_some_and(|f| !claimed(&f)) {
            walk.task(*task, 0);
        }
    }
    // Threads waiting for a future (`pool.submit(f).result()`, `join`).
    for (id, thread) in &state.threads {
        if walk.full() {
            return walk.nodes;
        }
        if let ThreadStatus::BlockedOn(f) = thread.status {
            walk.push(0, thread_name(lang, run, state, *id), NodeKind::Thread);
            walk.future(f, 1);
        }
    }
    // Whatever an awaiter not shown holds (a gather nobody awaits) is not lost.
    for task in &live {
        if walk.full() {
            return walk.nodes;
        }
        let fut = state.tasks.get(task).map(|v| v.fut);
        if fut.is_some_and(|f| !walk.seen.contains(&f)) {
            walk.task(*task, 0);
        }
    }
    // A combinator's future nobody awaits yet (`run_in_executor` before its
    // `await`) with what it waits on.
    let orphans: Vec<FutureId> = state
        .pending
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| run.below.contains_key(f) && !claimed(f))
        .collect();
    for fut in orphans {
        if walk.full() {
            return walk.nodes;
        }
        if !walk.seen.contains(&fut) {
            walk.future(fut, 0);
        }
    }
    // Jobs running that no future shown waits for (`pool.submit(f)` alone).
    let running: Vec<(ThreadId, JobId)> = state
        .threads
        .iter()
        .filter_map(|(id, t)| t.job.map(|j| (*id, j)))
        .collect();
    let drawn = walk.seen_jobs();
    for (_, job) in running {
        if walk.full() {
            break;
        }
        if !drawn.contains(&job) {
            walk.job(job, 0);
        }
    }
    walk.nodes
}

/// The tree as text: one node a line, two spaces of indent per level.
pub fn tree_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        out.push_str(&"  ".repeat(n.depth));
        out.push_str(&n.text);
        out.push('\n');
    }
    out
}

/// Each chain from a root to a leaf, its nodes joined by arrows.
pub fn paths(nodes: &[Node]) -> Vec<String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        stack.truncate(n.depth);
        stack.push(&n.text);
        let leaf = nodes.get(i + 1).is_none_or(|next| next.depth <= n.depth);
        if leaf {
            out.push(stack.join(" → "));
        }
    }
    out
}

/// Whether a task of this status is still in the tree.
fn is_live(status: TaskStatus) -> bool {
    matches!(
        status,
        TaskStatus::Ready | TaskStatus::Running | TaskStatus::Waiting
    )
}

/// The walk that builds the lines, depth first.
struct Walk<'a> {
    lang: Lang,
    run: &'a Run,
    state: &'a State,
    nodes: Vec<Node>,
    /// Futures already drawn (a task counts as its future), against cycles
    /// and double drawing.
    seen: HashSet<FutureId>,
    /// Most nodes drawn.
    limit: usize,
}

/// A job stands in `seen` as a future number above every real one.
fn job_key(job: JobId) -> FutureId {
    FutureId(u32::MAX - job.0)
}

impl Walk<'_> {
    /// Whether no further node can be drawn: the walk stops there.
    fn full(&self) -> bool {
        self.nodes.len() >= self.limit
    }

    fn push(&mut self, depth: usize, text: String, kind: NodeKind) -> bool {
        if self.full() || depth > MAX_DEPTH {
            return false;
        }
        self.nodes.push(Node { depth, text, kind });
        true
    }

    fn seen_jobs(&self) -> HashSet<JobId> {
        self.seen
            .iter()
            .filter(|f| f.0 > u32::MAX / 2)
            .map(|f| JobId(u32::MAX - f.0))
            .collect()
    }

    fn task(&mut self, task: TaskId, depth: usize) {
        if self.full() || depth > MAX_DEPTH {
            return;
        }
        let Some(view) = self.state.tasks.get(&task).copied() else {
            return;
        };
        if !self.seen.insert(view.fut) {
            return;
        }
        let name = task_ref(self.lang, self.run, self.state, task);
        let text = match view.status {
            TaskStatus::Ready => say(self.lang, &Phrase::TreeReady(name)),
            TaskStatus::Running => say(self.lang, &Phrase::TreeRunning(name)),
            _ => name,
        };
        if !self.push(depth, text, NodeKind::Task(task)) {
            return;
        }
        if let (TaskStatus::Waiting, Some(f)) = (view.status, view.awaiting) {
            self.future(f, depth + 1);
        }
    }

    fn future(&mut self, fut: FutureId, depth: usize) {
        if self.full() || depth > MAX_DEPTH {
            return;
        }
        if let Some(task) = self.run.fut_task.get(&fut) {
            self.task(*task, depth);
            return;
        }
        if !self.seen.insert(fut) {
            return;
        }
        let (lang, run, state) = (self.lang, self.run, self.state);
        // The place in the tree tells two `sleep()`s apart: no number needed.
        let name = match future_label(run, state, fut) {
            "" => future_name(lang, run, state, fut),
            label => label.to_string(),
        };
        let text = match run.sleep_until(state, fut) {
            Some(when) => say(lang, &Phrase::TreeUntil(name, secs(when))),
            None => name,
        };
        if !self.push(depth, text, NodeKind::Future) {
            return;
        }
        for on in run.below.get(&fut).map(Vec::as_slice).unwrap_or(&[]) {
            // A gather over thousands of tasks has thousands of edges: once
            // the tree is full, looking at the rest only costs.
            if self.full() {
                break;
            }
            match *on {
                Below::Future(g) if state.pending.get(&g).is_some() => self.future(g, depth + 1),
                Below::Future(_) => {}
                Below::Job(job) => self.job(job, depth + 1),
            }
        }
    }

    fn job(&mut self, job: JobId, depth: usize) {
        if self.full() || depth > MAX_DEPTH {
            return;
        }
        let (lang, run, state) = (self.lang, self.run, self.state);
        let name = run.job_names.get(&job.0).cloned().unwrap_or_default();
        let on = state
            .threads
            .iter()
            .find(|(_, t)| t.job == Some(job))
            .map(|(id, _)| *id);
        let text = match on {
            Some(thread) => say(
                lang,
                &Phrase::TreeJobOn(name, thread_name(lang, run, state, thread)),
            ),
            None if state.job_queues.values().any(|q| q.contains(&job)) => {
                say(lang, &Phrase::TreeJobQueued(name))
            }
            // Finished or dropped: the future it resolves is done, or about to be.
            None => return,
        };
        if self.seen.insert(job_key(job)) {
            self.push(depth, text, NodeKind::Thread);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets;

    /// The one check: the preset's tree after `index` events, as text, in English.
    fn check(preset: &str, index: usize, expected: &str) {
        let source = presets::find(preset).expect("preset").source;
        let run = execute(source, None);
        let state = run.trace.state_at(index);
        let got = tree_text(&await_tree(Lang::En, &run, &state, true));
        assert_eq!(got, expected, "{preset} at {index}");
    }

    /// The index of the first event for which `pred` holds, plus `after`.
    fn index_where(preset: &str, pred: impl Fn(&loopscope_sim::Event) -> bool) -> usize {
        let run = execute(presets::find(preset).expect("preset").source, None);
        run.trace.events.iter().position(pred).expect("event") + 1
    }

    /// After the first clock jump: everything waits for what the program awaits.
    fn at_first_jump(preset: &str) -> usize {
        index_where(preset, |e| {
            matches!(e.kind, loopscope_sim::EventKind::ClockJump { .. })
        }) - 1
    }

    #[test]
    fn the_tree_of_each_seed_preset_at_a_chosen_instant() {
        let cases: Vec<(&str, usize, &str)> = vec![
            ("hello", 0, ""),
            (
                "hello",
                at_first_jump("hello"),
                "Task-1 (say_hello)\n  sleep() until 1.000 s\n",
            ),
            (
                "two-tasks",
                at_first_jump("two-tasks"),
                "Task-1 (main)\n  Task-2 (func1)\n    sleep() until 1.000 s\nTask-3 (func2)\n  sleep() until 1.000 s\n",
            ),
            (
                "thread-pool",
                at_first_jump("thread-pool"),
                "Task-1 (main)\n  run_in_executor(func1)\n    submit(func1)\n      func1 on ThreadPoolExecutor-0_0\nrun_in_executor(func2)\n  submit(func2)\n    func2 on ThreadPoolExecutor-0_1\n",
            ),
            (
                "future",
                at_first_jump("future"),
                "Task-1 (main)\n  Future()\nTask-2 (get_http_response)\n  sleep() until 2.000 s\n",
            ),
        ];
        for (preset, index, expected) in cases {
            check(preset, index, expected);
        }
    }

    #[test]
    fn a_blocking_task_is_running_and_the_other_is_ready() {
        // In `blocking`, func1 holds the loop in time.sleep(1): it is the
        // running task, func2 is ready and main awaits func1.
        let index = at_first_jump("blocking");
        check(
            "blocking",
            index,
            "Task-1 (main)\n  Task-2 (func1) — running\nTask-3 (func2) — ready\n",
        );
    }

    #[test]
    fn gather_and_to_thread_hang_their_children_below() {
        let source = "import asyncio, time\n\nasync def child():\n    await asyncio.sleep(1)\n\nasync def main():\n    await asyncio.gather(child(), asyncio.to_thread(time.sleep, 2))\n\nasyncio.run(main())\n";
        let run = execute(source, None);
        let index = run
            .trace
            .events
            .iter()
            .position(|e| matches!(e.kind, loopscope_sim::EventKind::ClockJump { .. }))
            .expect("a jump");
        let state = run.trace.state_at(index);
        assert_eq!(
            tree_text(&await_tree(Lang::En, &run, &state, true)),
            "Task-1 (main)\n  gather()\n    Task-2 (child)\n      sleep() until 1.000 s\n    Task-3 (to_thread)\n      to_thread(sleep)\n        submit(sleep)\n          sleep on asyncio_0\n"
        );
        // The Japanese tree says the same in Japanese.
        let ja = tree_text(&await_tree(Lang::Ja, &run, &state, true));
        assert!(ja.contains("1.000秒まで"), "{ja}");
        assert!(ja.contains("asyncio_0 で実行中"), "{ja}");
    }

    #[test]
    fn the_description_reads_each_chain_as_a_path() {
        let run = execute(presets::find("two-tasks").expect("preset").source, None);
        let state = run.trace.state_at(at_first_jump("two-tasks"));
        let desc = crate::model::diagram_layout::describe_with(Lang::En, &run, &state, true);
        assert!(
            desc.contains("Await tree: Task-1 (main) → Task-2 (func1) → sleep() until 1.000 s, Task-3 (func2) → sleep() until 1.000 s."),
            "{desc}"
        );
        // The exported SVG carries the same description.
        let layout = crate::model::diagram_layout::layout_with(
            &run,
            &state,
            run.time_at(state.index),
            Lang::En,
            false,
            true,
        );
        let svg = crate::model::svg::diagram_svg(&layout, "");
        assert!(
            svg.contains("Await tree: Task-1 (main) → Task-2 (func1)"),
            "{svg}"
        );
    }

    #[test]
    fn a_huge_gather_is_cut_to_a_bounded_tree() {
        let source = "import asyncio\n\nasync def w():\n    await asyncio.sleep(1)\n\nasync def main():\n    await asyncio.gather(*[w() for _ in range(3000)])\n\nasyncio.run(main())\n";
        let run = execute(source, None);
        let state = run.trace.state_at(run.len() / 2);
        let nodes = await_tree(Lang::En, &run, &state, true);
        assert!(nodes.len() <= MAX_NODES, "{}", nodes.len());
        assert_eq!(nodes[1].text, "gather()");
    }

    #[test]
    fn a_shorter_tree_is_the_start_of_the_whole_one() {
        // The description asks for a few nodes; they must be the tree's
        // first nodes, whatever the walk skipped to stop early.
        for preset in presets::PRESETS.iter() {
            let run = execute(preset.source, preset.cpu_speed);
            for index in [0, run.len() / 4, run.len() / 2, 3 * run.len() / 4] {
                let state = run.trace.state_at(index);
                let whole = await_tree(Lang::En, &run, &state, true);
                for limit in [0, 1, 3, 8] {
                    let part = await_tree_upto(Lang::En, &run, &state, true, limit);
                    let n = limit.min(whole.len());
                    assert_eq!(part, whole[..n], "{} at {index}, {limit} nodes", preset.id);
                }
            }
        }
    }
}
