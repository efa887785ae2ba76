//! The compiled form: a flat instruction list per function, with a source
//! span for every instruction.
//!
//! A stack machine over `Vec<Op>` keeps the interpreter loop tight (one
//! `match` per operation, no recursion) and makes suspension trivial: a
//! frame's state is just its instruction pointer, value stack and block stack.

use std::rc::Rc;

/// Binary operators (also used for augmented assignment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `@`
    MatMul,
}

impl BinOp {
    /// The operator's symbol, for error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
            BinOp::MatMul => "@",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

/// One instruction.  Jump targets are instruction indices.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// Push `consts[i]`.
    Const(u32),
    /// Push a local.
    LoadFast(u32),
    /// Pop into a local.
    StoreFast(u32),
    /// Unbind a local.
    DeleteFast(u32),
    /// Push the value of a cell.
    LoadDeref(u32),
    /// Pop into a cell.
    StoreDeref(u32),
    /// Push a module-level name (falling back to builtins).
    LoadGlobal(u32),
    /// Pop into a module-level name.
    StoreGlobal(u32),
    /// Unbind a module-level name.
    DeleteGlobal(u32),
    /// Replace TOS with `TOS.names[i]`.
    LoadAttr(u32),
    /// `TOS.names[i] = TOS1`.
    StoreAttr(u32),
    /// Push `locals[slot].names[i]` (`self.x`: one step, no push of `self`).
    LoadAttrFast(u32, u32),
    /// `locals[slot].names[i] = TOS` (`self.x = v`).
    StoreAttrFast(u32, u32),
    /// Call method `names[name]` on the receiver below `argc` arguments.
    CallMethod(u32, u32),
    /// Binary operator on the two top values.
    Binary(BinOp),
    /// In-place binary operator (`+=`: lists extend in place).
    Inplace(BinOp),
    /// Comparison.
    Compare(CmpOp),
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `not x`
    Not,
    /// `~x`
    Invert,
    /// `TOS1[TOS]`
    Subscr,
    /// `TOS1[TOS] = TOS2`
    StoreSubscr,
    /// `del TOS1[TOS]`
    DeleteSubscr,
    /// Build a slice from the top three values.
    BuildSlice,
    /// Discard TOS.
    Pop,
    /// Discard TOS, the result of an expression statement that calls
    /// `create_task`/`ensure_future`: nothing else holds the task, so the
    /// model reports its exception, if nobody retrieves it, once it fails.
    PopTask,
    /// Duplicate TOS.
    Dup,
    /// Duplicate the top two values.
    Dup2,
    /// Swap the top two values.
    Rot2,
    /// Move TOS under the next two.
    Rot3,
    /// Build a list from the top n values.
    BuildList(u32),
    /// Build a tuple from the top n values.
    BuildTuple(u32),
    /// Build a dict from the top 2n values.
    BuildDict(u32),
    /// Build a set from the top n values.
    BuildSet(u32),
    /// Append TOS to the list n below it (comprehensions).
    ListAppend(u32),
    /// Add TOS to the set n below it.
    SetAdd(u32),
    /// Store TOS1: TOS into the dict n below them.
    DictSet(u32),
    /// Extend the list below TOS with the iterable TOS (starred items).
    ListExtend,
    /// Merge the mapping TOS into the dict below it (`**kwargs` at a call).
    DictMerge,
    /// Convert a list on TOS into a tuple.
    ListToTuple,
    /// Concatenate the top n strings.
    BuildString(u32),
    /// Format TOS (conversion: 0 none, 1 str, 2 repr; with_spec: the spec string is above the value).
    FormatValue(u8, bool),
    /// Unpack TOS into n values (first item ends on top).
    UnpackSequence(u32),
    /// Unpack with a starred target: n before, m after.
    UnpackEx(u32, u32),
    /// Unconditional jump.
    Jump(u32),
    /// Pop and jump if falsy.
    JumpIfFalse(u32),
    /// Pop and jump if truthy.
    JumpIfTrue(u32),
    /// Jump keeping TOS if falsy, else pop (`and`).
    JumpIfFalseOrPop(u32),
    /// Jump keeping TOS if truthy, else pop (`or`).
    JumpIfTrueOrPop(u32),
    /// Replace TOS with an iterator over it.
    GetIter,
    /// `GetIter` for `yield from`, which leaves a future or a coroutine
    /// as it is in a generator that runs for an `await`.
    GetYieldFromIter,
    /// Replace TOS with its asynchronous iterator (`__aiter__()` of a class;
    /// async generators are their own).
    GetAIter,
    /// Push the next item of the iterator on TOS, or pop it and jump when exhausted.
    ForIter(u32),
    /// Call with n positional arguments.
    Call(u32),
    /// Call with n arguments, the last ones keywords named by the tuple `consts[k]`.
    CallKw(u32, u32),
    /// Call with a tuple of positional arguments and a dict of keywords.
    CallEx,
    /// Make a function from `codes[i]` with n defaults below and (flag) a kw-defaults dict.
    MakeFunction(u32, u32, bool),
    /// Return TOS.
    Return,
    /// Push an exception handler block.
    SetupExcept(u32),
    /// Push a `finally` handler block (also used by `with`).
    SetupFinally(u32),
    /// Pop a handler block.
    PopBlock,
    /// Mark the exception on TOS as being handled (for bare `raise` and `__context__`).
    EnterHandler,
    /// Leave an exception handler.
    PopExcept,
    /// `raise` (0: re-raise, 1: raise TOS, 2: raise TOS1 from TOS).
    Raise(u8),
    /// Re-raise the exception on TOS, keeping its traceback.
    Reraise,
    /// `isinstance(TOS1, TOS)` for `except` clauses: pops the class, pushes a bool.
    ExcMatch,
    /// Turn TOS into an awaitable and await it.
    Await,
    /// `with`: replace the manager on TOS with [manager, `__enter__()` result] (async: an awaitable).
    WithEnter(bool),
    /// Call the manager's exit (async: push an awaitable): normal exit if false, else with the exception on TOS.
    WithExit(bool, bool),
    /// `import name` (pushes the module).
    Import(u32),
    /// `assert` failure: raise AssertionError with TOS (flag) or no message.
    AssertFail(bool),
    /// `async for` over `asyncio.as_completed`: push the next awaitable or jump when done.
    AsyncForNext(u32),
    /// `except*`: start matching the exception on TOS (a plain one is wrapped only when a clause matches it).
    ExcToGroup,
    /// `except*`: split the group TOS1 by the class TOS into [rest, match-or-None].
    ExcStarSplit,
    /// `except*`: re-raise what no clause handled (TOS), if anything.
    ExcStarReraise,
    /// End of a `class` body: push its namespace (bound locals, in slot
    /// order, and the `__class__` cell) as a dict.
    ClassBody,
    /// `yield TOS`: suspend the generator, handing TOS to whoever resumed it.
    Yield,
    /// `return TOS` from a generator: it is exhausted, with TOS as `StopIteration.value`.
    ReturnGen,
    /// `yield from`: send TOS into the sub-iterator below it; push what it
    /// yields, or pop it, push its return value and jump when it is exhausted.
    YieldFromSend(u32),
    /// Does nothing.
    Nop,
}

/// Where an instruction comes from: 1-based start and end (exclusive end
/// column), plus CPython's caret anchors for binary operators and subscripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrcSpan {
    /// Start line.
    pub line: u32,
    /// Start column (characters).
    pub col: u32,
    /// End line.
    pub end_line: u32,
    /// End column (characters, exclusive).
    pub end_col: u32,
    /// For `a + b` and `d[k]`: the `^` part, as character offsets into the expression.
    pub anchors: Option<(u32, u32)>,
}

/// A constant of compiled code: what a literal of the source is, before
/// any runtime exists (the interpreter turns it into a value when it loads
/// it).
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// A larger int.
    Big(Rc<num_bigint::BigInt>),
    /// A float.
    Float(f64),
    /// A string.
    Str(Rc<str>),
    /// `...`.
    Ellipsis,
    /// A built-in type, by name (`set`, called to build a set display).
    Type(&'static str),
    /// A built-in function, by name (the hidden helpers `match` calls).
    Builtin(&'static str),
    /// A built-in exception class, by name (`StopAsyncIteration` for `async for`).
    Exception(&'static str),
    /// The keyword names of a call, in order.
    Names(Rc<[Rc<str>]>),
}

impl Const {
    /// A string constant.
    pub fn str(s: &str) -> Const {
        Const::Str(Rc::from(s))
    }

    /// An int constant, in 64 bits when it fits.
    pub fn from_big(b: num_bigint::BigInt) -> Const {
        match i64::try_from(&b) {
            Ok(i) => Const::Int(i),
            Err(_) => Const::Big(Rc::new(b)),
        }
    }
}

/// A compiled function body (or the module body).
#[derive(Debug, Default)]
pub struct Code {
    /// Instructions.
    pub ops: Vec<Op>,
    /// Source span of each instruction.
    pub spans: Vec<SrcSpan>,
    /// Constants.
    pub consts: Vec<Const>,
    /// Attribute, method and import names.
    pub names: Vec<Rc<str>>,
    /// Nested function bodies.
    pub codes: Vec<Rc<Code>>,
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// `async def`.
    pub is_async: bool,
    /// The body yields: a call makes a generator (an async generator when `is_async`).
    pub is_generator: bool,
    /// Names of the local slots (parameters first).
    pub local_names: Vec<Rc<str>>,
    /// Positional parameters (including those with defaults).
    pub argcount: u32,
    /// Keyword-only parameters (after the positional ones in `local_names`).
    pub kwonlycount: u32,
    /// Whether there is a `*args` parameter (its slot follows the keyword-only ones).
    pub varargs: bool,
    /// Whether there is a `**kwargs` parameter (its slot follows `*args`).
    pub varkw: bool,
    /// Names of the cells this function creates.
    pub cell_names: Vec<Rc<str>>,
    /// Parameters that live in cells: (local slot, cell index).
    pub cell_params: Vec<(u32, u32)>,
    /// Names of the cells this function receives from its definer.
    pub free_names: Vec<Rc<str>>,
    /// For each free cell: its index in the defining frame's cells.
    pub closure_from_parent: Vec<u32>,
    /// Line of the `def`.
    pub first_line: u32,
    /// The program's source, for the text of traceback lines.
    pub source: Option<Rc<crate::front::lines::LineIndex>>,
    /// The function's docstring (`__doc__`): its body's first statement,
    /// when that is a string literal.
    pub doc: Option<Rc<str>>,
}
