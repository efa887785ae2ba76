//! A tiny host for tests, examples and benchmarks: a [`Value`] type and scripted coroutines.
//!
//! The real host is the Python layer; this one lets the model be exercised
//! on its own with short scripts such as "print, sleep 1 s, print".

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Step, TaskId, Value};
use crate::sim::Sim;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// A Python-like value for tests.
#[derive(Clone, Debug, PartialEq)]
pub enum TestValue {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// An exception instance: class name and optional message.
    Exc(String, Option<String>),
    /// An exception group with its members.
    Group(String, Vec<TestValue>),
    /// A list.
    List(Vec<TestValue>),
    /// A tuple.
    Tuple(Vec<TestValue>),
    /// A set (kept in insertion order).
    Set(Vec<TestValue>),
    /// A future or task object.
    Future(FutureId),
}

fn class_of(kind: ExcKind) -> &'static str {
    match kind {
        ExcKind::Cancelled => "CancelledError",
        ExcKind::Timeout => "TimeoutError",
        ExcKind::InvalidState => "InvalidStateError",
        ExcKind::Runtime => "RuntimeError",
        ExcKind::Value => "ValueError",
        ExcKind::QueueEmpty => "QueueEmpty",
        ExcKind::QueueFull => "QueueFull",
        ExcKind::Group => "ExceptionGroup",
        ExcKind::Recursion => "RecursionError",
        ExcKind::BrokenBarrier => "BrokenBarrierError",
    }
}

impl TestValue {
    /// A user exception such as `ValueError('boom')`.
    pub fn exc(class: &str, msg: &str) -> TestValue {
        TestValue::Exc(
            class.to_string(),
            if msg.is_empty() {
                None
            } else {
                Some(msg.to_string())
            },
        )
    }
}

fn join(items: &[TestValue]) -> String {
    items
        .iter()
        .map(Value::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Value for TestValue {
    fn none() -> Self {
        TestValue::None
    }
    fn bool(b: bool) -> Self {
        TestValue::Bool(b)
    }
    fn int(i: i64) -> Self {
        TestValue::Int(i)
    }
    fn as_future(&self) -> Option<FutureId> {
        match self {
            TestValue::Future(f) => Some(*f),
            _ => None,
        }
    }
    fn exception(kind: ExcKind, message: Option<String>) -> Self {
        TestValue::Exc(class_of(kind).to_string(), message)
    }
    fn exception_group(message: &str, excs: Vec<Self>) -> Self {
        TestValue::Group(message.to_string(), excs)
    }
    fn is_instance_of(&self, kind: ExcKind) -> bool {
        match self {
            TestValue::Exc(c, _) => c == class_of(kind),
            TestValue::Group(..) => kind == ExcKind::Group,
            _ => false,
        }
    }
    fn is_exception(&self) -> bool {
        match self {
            TestValue::Exc(c, _) => !matches!(
                c.as_str(),
                "CancelledError" | "KeyboardInterrupt" | "SystemExit"
            ),
            TestValue::Group(..) => true,
            _ => false,
        }
    }
    fn list(items: Vec<Self>) -> Self {
        TestValue::List(items)
    }
    fn tuple(items: Vec<Self>) -> Self {
        TestValue::Tuple(items)
    }
    fn set(items: Vec<Self>) -> Self {
        TestValue::Set(items)
    }
    fn future(id: FutureId) -> Self {
        TestValue::Future(id)
    }
    fn describe(&self) -> String {
        match self {
            TestValue::None => "None".to_string(),
            TestValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            TestValue::Int(i) => i.to_string(),
            TestValue::Str(s) => format!("'{s}'"),
            TestValue::Exc(c, None) => format!("{c}()"),
            TestValue::Exc(c, Some(m)) => format!("{c}('{m}')"),
            TestValue::Group(m, e) => format!("ExceptionGroup('{m}', [{}])", join(e)),
            TestValue::List(v) => format!("[{}]", join(v)),
            TestValue::Tuple(v) => format!("({})", join(v)),
            TestValue::Set(v) => format!("{{{}}}", join(v)),
            TestValue::Future(f) => format!("<Future #{}>", f.0),
        }
    }
    fn lt(&self, other: &Self) -> bool {
        match (self, other) {
            (TestValue::Int(a), TestValue::Int(b)) => a < b,
            (TestValue::Str(a), TestValue::Str(b)) => a < b,
            (TestValue::Tuple(a), TestValue::Tuple(b)) => {
                for (x, y) in a.iter().zip(b) {
                    if x.lt(y) {
                        return true;
                    }
                    if y.lt(x) {
                        return false;
                    }
                }
                a.len() < b.len()
            }
            _ => false,
        }
    }
}

/// Registers shared by the scripts of one test: tasks, futures and object ids.
#[derive(Debug, Default)]
pub struct Regs {
    /// Tasks created by `Op::Spawn`, in order.
    pub tasks: Vec<TaskId>,
    /// Futures stored by the test.
    pub futs: Vec<FutureId>,
    /// Other ids (locks, queues, ...) stored by the test.
    pub ids: Vec<u32>,
}

/// Shared registers.
pub type SharedRegs = Rc<RefCell<Regs>>;

/// Produces a native coroutine to delegate to.
pub type CoroFn = Box<dyn FnMut(&mut Sim<TestValue>, &SharedRegs) -> Box<dyn Coroutine<TestValue>>>;
/// A synchronous action.
pub type ActFn = Box<dyn FnMut(&mut Sim<TestValue>, &SharedRegs)>;
/// Produces a future id.
pub type FutFn = Box<dyn FnMut(&mut Sim<TestValue>, &SharedRegs) -> FutureId>;

/// One instruction of a script.
pub enum Op {
    /// `print(text)`.
    Print(&'static str),
    /// `print(prefix, last)` where `last` is the last awaited value or caught exception.
    PrintLast(&'static str),
    /// `await asyncio.sleep(d)`.
    Sleep(f64),
    /// `time.sleep(d)`.
    Block(f64),
    /// CPU work of this many operations.
    Compute(u64),
    /// A bare yield.
    Yield,
    /// `asyncio.create_task(script)`; the task is appended to `Regs::tasks`.
    Spawn(Script),
    /// `await regs.tasks[i]`.
    AwaitTask(usize),
    /// `await regs.futs[i]`.
    AwaitFut(usize),
    /// `await <native coroutine>`.
    Await(CoroFn),
    /// A synchronous action on the model.
    Do(ActFn),
    /// `fut.result()` from a thread: block on the future.
    BlockOn(FutFn),
    /// From here on, exceptions from awaits are caught into `last` instead of propagating.
    Catch,
    /// `raise Class(msg)`.
    Raise(&'static str, &'static str),
    /// `return value`.
    Return(TestValue),
    /// `asyncio.run(script)`.
    RunLoop(Script),
    /// `loop.run_until_complete(...)`, `loop.run_forever()` or
    /// `Runner.close()` on the open loop, as the closure chooses.
    Loop(LoopFn),
}

/// Chooses how to run the open loop (for `Op::Loop`).
pub type LoopFn = Box<dyn FnMut(&mut Sim<TestValue>, &SharedRegs) -> crate::LoopCall>;

/// A scripted coroutine running its ops in order.
pub struct Script {
    name: String,
    ops: VecDeque<Op>,
    regs: SharedRegs,
    delegate: Option<Box<dyn Coroutine<TestValue>>>,
    waiting: bool,
    catch: bool,
    last: TestValue,
}

impl Script {
    /// A script with its own registers.
    pub fn new(name: &str, ops: Vec<Op>) -> Script {
        Script::shared(name, ops, &SharedRegs::default())
    }

    /// A script sharing registers with others.
    pub fn shared(name: &str, ops: Vec<Op>, regs: &SharedRegs) -> Script {
        Script {
            name: name.to_string(),
            ops: ops.into(),
            regs: regs.clone(),
            delegate: None,
            waiting: false,
            catch: false,
            last: TestValue::None,
        }
    }

    fn take_outcome(&mut self, sent: Sent<TestValue>) -> Result<(), TestValue> {
        match sent {
            Sent::Throw(e) if !self.catch => Err(e),
            Sent::Throw(e) | Sent::Value(e) => {
                self.last = e;
                Ok(())
            }
            Sent::Start => Ok(()),
        }
    }
}

impl Coroutine<TestValue> for Script {
    fn resume(&mut self, sim: &mut Sim<TestValue>, sent: Sent<TestValue>) -> Step<TestValue> {
        let mut sent = Some(sent);
        loop {
            if let Some(mut d) = self.delegate.take() {
                match d.resume(sim, sent.take().unwrap_or(Sent::Value(TestValue::None))) {
                    Step::Return(v) => self.last = v,
                    Step::Raise(e) => {
                        if !self.catch {
                            return Step::Raise(e);
                        }
                        self.last = e;
                    }
                    other => {
                        self.delegate = Some(d);
                        return other;
                    }
                }
            } else if let Some(s) = sent.take() {
                if std::mem::take(&mut self.waiting) {
                    if let Err(e) = self.take_outcome(s) {
                        return Step::Raise(e);
                    }
                } else if let Sent::Throw(e) = s {
                    return Step::Raise(e);
                }
            }
            let Some(op) = self.ops.pop_front() else {
                return Step::Return(TestValue::None);
            };
            match op {
                Op::Print(t) => sim.print(&format!("{t}\n")),
                Op::PrintLast(p) => {
                    let text = format!("{p}{}\n", self.last.describe());
                    sim.print(&text);
                }
                Op::Sleep(d) => {
                    self.delegate = Some(sim.sleep(d, TestValue::None));
                    sent = Some(Sent::Start);
                }
                Op::Block(d) => {
                    self.waiting = true;
                    return Step::Block {
                        seconds: d,
                        label: format!("time.sleep({d})"),
                    };
                }
                Op::Compute(n) => {
                    self.waiting = true;
                    return Step::Compute(n);
                }
                Op::Yield => {
                    self.waiting = true;
                    return Step::Yield;
                }
                Op::Spawn(s) => match sim.create_task(Box::new(s), None) {
                    Ok(t) => self.regs.borrow_mut().tasks.push(t),
                    Err(e) => return Step::Raise(e),
                },
                Op::AwaitTask(i) => {
                    let t = self.regs.borrow().tasks.get(i).copied();
                    let Some(t) = t else {
                        return Step::Raise(TestValue::exc("IndexError", "task"));
                    };
                    self.waiting = true;
                    return Step::Await(sim.task_future(t));
                }
                Op::AwaitFut(i) => {
                    let f = self.regs.borrow().futs.get(i).copied();
                    let Some(f) = f else {
                        return Step::Raise(TestValue::exc("IndexError", "future"));
                    };
                    self.waiting = true;
                    return Step::Await(f);
                }
                Op::Await(mut f) => {
                    self.delegate = Some(f(sim, &self.regs));
                    sent = Some(Sent::Start);
                }
                Op::Do(mut f) => f(sim, &self.regs),
                Op::BlockOn(mut f) => {
                    self.waiting = true;
                    return Step::BlockOn(f(sim, &self.regs));
                }
                Op::Catch => self.catch = true,
                Op::Raise(c, m) => return Step::Raise(TestValue::exc(c, m)),
                Op::Return(v) => return Step::Return(v),
                Op::RunLoop(s) => {
                    self.waiting = true;
                    return Step::RunLoop(Box::new(s));
                }
                Op::Loop(mut f) => {
                    self.waiting = true;
                    return Step::Loop(f(sim, &self.regs));
                }
            }
        }
    }
    fn name(&self) -> String {
        self.name.clone()
    }
}

impl<V: Value> Sim<V> {
    /// Everything printed to stdout so far, as (time, text without the final newline).
    pub fn console(&self) -> Vec<(f64, String)> {
        self.trace.console()
    }
}

impl crate::trace::Trace {
    /// Everything printed to stdout, as (time, text without the final newline).
    pub fn console(&self) -> Vec<(f64, String)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                crate::trace::EventKind::Print {
                    text,
                    stderr: false,
                } => Some((e.t, self.str(text).trim_end_matches('\n').to_string())),
                _ => None,
            })
            .collect()
    }
}
