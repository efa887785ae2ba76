//! Compiles the parser's tree into compact per-function code: checks the supported subset,
//! resolves names, and lays out structured control flow as jumps and
//! handler blocks.

pub(crate) mod code;

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::compile::code::{BinOp, CmpOp, Code, Const, Op, SrcSpan};
use crate::front::diagnostic::{Construct, Diagnostic};
use crate::front::lines::LineIndex;
use crate::front::scope::{ScopeKind, Scopes, MAX_DEPTH};
use crate::front::Parsed;

/// The compiled program: the module body and the names of its globals.
pub struct Program {
    /// The module body.
    pub module: Rc<Code>,
    /// Global slot → name.
    pub global_names: Vec<Rc<str>>,
    /// Line lookups for tracebacks.
    pub lines: Rc<LineIndex>,
}

/// Whether an expression statement is a call of `create_task` or
/// `ensure_future` (`asyncio.create_task(coro)`, `loop.create_task(coro)`):
/// the new task it returns is dropped at once.
fn discards_new_task(e: &ast::Expr) -> bool {
    let ast::Expr::Call(call) = e else {
        return false;
    };
    matches!(&*call.func, ast::Expr::Attribute(a)
        if matches!(a.attr.as_str(), "create_task" | "ensure_future"))
}

/// Compiles a parsed module.
pub fn compile(parsed: Parsed) -> Result<Program, Diagnostic> {
    let Parsed {
        module,
        scopes,
        lines,
    } = parsed;
    let mut c = Compiler {
        lines: lines.clone(),
        scopes: &scopes,
        globals: HashMap::new(),
        global_names: Vec::new(),
        units: Vec::new(),
        depth: 0,
        cost: 0,
        interned: HashMap::new(),
    };
    let mut module_unit = Unit::new(0, "<module>", "<module>");
    module_unit.code.source = Some(lines.clone());
    c.units.push(module_unit);
    c.body(&module.body)?;
    let none = c.konst(Const::None);
    c.emit(Op::Const(none));
    c.emit(Op::Return);
    let unit = c.units.pop().expect("module unit");
    let module = Rc::new(unit.code);
    Ok(Program {
        module,
        global_names: c.global_names,
        lines,
    })
}

enum FBlock<'a> {
    Loop {
        start: usize,
        breaks: Vec<usize>,
        is_for: bool,
    },
    TryExcept,
    TryFinally(&'a [Stmt]),
    Handler,
    With(bool),
}

struct Unit<'a> {
    code: Code,
    scope: usize,
    span: SrcSpan,
    fblocks: Vec<FBlock<'a>>,
    locals: HashMap<String, u32>,
    cells: HashMap<String, u32>,
    consts: HashMap<String, u32>,
    names: HashMap<String, u32>,
}

impl Unit<'_> {
    fn new(scope: usize, name: &str, qualname: &str) -> Self {
        Unit {
            code: Code {
                name: Rc::from(name),
                qualname: Rc::from(qualname),
                ..Code::default()
            },
            scope,
            span: SrcSpan {
                line: 1,
                col: 1,
                end_line: 1,
                end_col: 1,
                anchors: None,
            },
            fblocks: Vec::new(),
            locals: HashMap::new(),
            cells: HashMap::new(),
            consts: HashMap::new(),
            names: HashMap::new(),
        }
    }
}

struct Compiler<'a> {
    lines: Rc<LineIndex>,
    scopes: &'a Scopes,
    globals: HashMap<String, u32>,
    global_names: Vec<Rc<str>>,
    units: Vec<Unit<'a>>,
    /// Statements and expressions being compiled, one inside the other.
    depth: usize,
    /// Bytes of instructions emitted and of qualified names built so far,
    /// bounded by [`MAX_COST`]: a `finally` body is compiled once more for
    /// every way out of its `try`, so nested ones multiply, and the names
    /// of deeply nested functions grow with their depth.
    cost: usize,
    /// One shared string per distinct attribute or local name, so that
    /// instance attributes and class lookups compare names by pointer.
    interned: HashMap<String, Rc<str>>,
}

/// The most bytes of instructions and names a program may compile to.
pub const MAX_COST: usize = 64 << 20;

/// Stack kept free before a recursive step (natively the stack grows past it;
/// on wasm32 the depth bound alone protects it).
const RED_ZONE: usize = 64 * 1024;
/// Stack added each time it runs low natively.
const STACK_CHUNK: usize = 1024 * 1024;

type R = Result<(), Diagnostic>;

enum NameRef {
    Fast(u32),
    Deref(u32),
    Global(u32),
}

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("unit")
    }

    fn pos(&self, r: TextRange) -> (u32, u32) {
        self.lines.line_col(r.start().to_usize())
    }

    fn src_span(&self, r: TextRange) -> SrcSpan {
        let (line, col) = self.lines.line_col(r.start().to_usize());
        let (end_line, end_col) = self.lines.line_col(r.end().to_usize());
        SrcSpan {
            line,
            col,
            end_line,
            end_col,
            anchors: None,
        }
    }

    fn set_span(&mut self, r: TextRange) {
        let sp = self.src_span(r);
        self.unit().span = sp;
    }

    /// Sets the span of a binary operation or subscript with the caret
    /// anchors CPython 3.12 computes for it (`traceback._extract_caret_anchors_from_line_segment`).
    fn set_span_anchored(&mut self, e: &Expr) {
        let mut sp = self.src_span(e.range());
        if sp.line == sp.end_line {
            let start = e.range().start().to_usize();
            let seg: Vec<char> = self
                .lines
                .text(start, e.range().end().to_usize())
                .chars()
                .collect();
            let rel = |off: usize| self.lines.text(start, off).chars().count();
            sp.anchors = match e {
                Expr::BinOp(b) => {
                    let op_start = rel(b.left.range().end().to_usize());
                    let op_end = rel(b.right.range().start().to_usize()).max(op_start);
                    let op_str = &seg[op_start..op_end.min(seg.len())];
                    let offset = op_str.iter().take_while(|c| c.is_whitespace()).count();
                    let mut left = op_start + offset;
                    let mut right = left + 1;
                    if offset + 1 < op_str.len() && !op_str[offset + 1].is_whitespace() {
                        right += 1;
                    }
                    while left < seg.len()
                        && (seg[left].is_whitespace() || seg[left] == ')' || seg[left] == '#')
                    {
                        left += 1;
                        right += 1;
                    }
                    Some((left as u32, right as u32))
                }
                Expr::Subscript(s) => {
                    let mut left = rel(s.value.range().end().to_usize());
                    let mut right = rel(s.slice.range().end().to_usize()) + 1;
                    while left < seg.len() && seg[left] != '[' {
                        left += 1;
                    }
                    while right < seg.len() && seg[right] != ']' {
                        right += 1;
                    }
                    if right < seg.len() {
                        right += 1;
                    }
                    Some((left as u32, right as u32))
                }
                _ => None,
            };
        }
        self.unit().span = sp;
    }

    fn unsupported(&self, r: TextRange, what: Construct) -> Diagnostic {
        let (line, col) = self.pos(r);
        let message = format!(
            "{} not supported yet (line {line}, column {col})",
            what.english()
        );
        Diagnostic {
            line,
            col,
            message,
            source_limit: None,
            construct: Some(what),
        }
    }

    fn emit(&mut self, op: Op) -> usize {
        self.cost += std::mem::size_of::<Op>() + std::mem::size_of::<SrcSpan>();
        let u = self.unit();
        u.code.ops.push(op);
        u.code.spans.push(u.span);
        u.code.ops.len() - 1
    }

    /// `return TOS`: from a generator, that finishes it.
    fn emit_return(&mut self) {
        if self.unit().code.is_generator {
            self.emit(Op::ReturnGen);
        } else {
            self.emit(Op::Return);
        }
    }

    /// Whether `await` may stand here: in an `async def`, or in a
    /// comprehension (of comprehensions) inside one.
    fn in_async_function(&self) -> bool {
        for u in self.units.iter().rev() {
            if self.scopes.kind(u.scope) != crate::front::scope::ScopeKind::Comprehension {
                return u.code.is_async;
            }
        }
        false
    }

    fn here(&mut self) -> usize {
        self.unit().code.ops.len()
    }

    fn patch(&mut self, at: usize) {
        let target = self.here() as u32;
        self.patch_to(at, target);
    }

    fn patch_to(&mut self, at: usize, target: u32) {
        let op = &mut self.unit().code.ops[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(target),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(target),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::AsyncForNext(_) => Op::AsyncForNext(target),
            Op::YieldFromSend(_) => Op::YieldFromSend(target),
            Op::SetupExcept(_) => Op::SetupExcept(target),
            Op::SetupFinally(_) => Op::SetupFinally(target),
            other => other,
        };
    }

    fn konst(&mut self, v: Const) -> u32 {
        let key = match &v {
            Const::Str(s) => Some(format!("s{s}")),
            Const::Int(i) => Some(format!("i{i}")),
            Const::None => Some("n".into()),
            Const::Bool(b) => Some(format!("b{b}")),
            _ => None,
        };
        let u = self.unit();
        if let Some(k) = &key {
            if let Some(&i) = u.consts.get(k) {
                return i;
            }
        }
        u.code.consts.push(v);
        let i = (u.code.consts.len() - 1) as u32;
        if let Some(k) = key {
            u.consts.insert(k, i);
        }
        i
    }

    /// The program's one shared copy of `name`.
    fn intern(&mut self, name: &str) -> Rc<str> {
        if let Some(r) = self.interned.get(name) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(name);
        self.interned.insert(name.to_string(), r.clone());
        r
    }

    fn name_idx(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.unit().names.get(name) {
            return i;
        }
        let shared = self.intern(name);
        let u = self.unit();
        u.code.names.push(shared);
        let i = (u.code.names.len() - 1) as u32;
        u.names.insert(name.to_string(), i);
        i
    }

    fn global_idx(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.globals.get(name) {
            return i;
        }
        let i = self.global_names.len() as u32;
        self.global_names.push(Rc::from(name));
        self.globals.insert(name.to_string(), i);
        i
    }

    fn resolve(&mut self, name: &str) -> NameRef {
        let u = self.units.last().expect("unit");
        let sc = &self.scopes.list[u.scope];
        if self.scopes.kind(u.scope) == ScopeKind::Module || sc.globals.contains(name) {
            return NameRef::Global(self.global_idx(name));
        }
        if let Some(&c) = u.cells.get(name) {
            return NameRef::Deref(c);
        }
        if let Some(&l) = u.locals.get(name) {
            return NameRef::Fast(l);
        }
        NameRef::Global(self.global_idx(name))
    }

    /// The local slot of `e` when it is a name held in a plain local.
    fn fast_slot(&mut self, e: &Expr) -> Option<u32> {
        match e {
            Expr::Name(n) => match self.resolve(n.id.as_str()) {
                NameRef::Fast(i) => Some(i),
                _ => None,
            },
            _ => None,
        }
    }

    fn load_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            NameRef::Fast(i) => Op::LoadFast(i),
            NameRef::Deref(i) => Op::LoadDeref(i),
            NameRef::Global(i) => Op::LoadGlobal(i),
        };
        self.emit(op);
    }

    fn store_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            NameRef::Fast(i) => Op::StoreFast(i),
            NameRef::Deref(i) => Op::StoreDeref(i),
            NameRef::Global(i) => Op::StoreGlobal(i),
        };
        self.emit(op);
    }

    fn delete_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            NameRef::Fast(i) => Op::DeleteFast(i),
            NameRef::Deref(i) => Op::StoreDeref(i),
            NameRef::Global(i) => Op::DeleteGlobal(i),
        };
        if let Op::StoreDeref(_) = op {
            let n = self.konst(Const::None);
            self.emit(Op::Const(n));
        }
        self.emit(op);
    }

    fn body(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Compiles one statement, within the depth bound.
    fn stmt(&mut self, s: &'a Stmt) -> R {
        self.nested(s.range(), |c| c.stmt_inner(s))
    }

    /// Compiles one expression, within the depth bound.
    fn expr(&mut self, e: &'a Expr) -> R {
        self.nested(e.range(), |c| c.expr_inner(e))
    }

    /// Runs one recursive step of the compiler one level deeper, or stops
    /// with CPython's message when the tree is too deep.
    fn nested(&mut self, at: TextRange, step: impl FnOnce(&mut Self) -> R) -> R {
        if self.depth >= MAX_DEPTH {
            let (line, col) = self.pos(at);
            return Err(Diagnostic::too_deep(line, col));
        }
        if self.cost > MAX_COST {
            let (line, col) = self.pos(at);
            return Err(Diagnostic {
                line,
                col,
                message: format!(
                    "the program is too large to compile (over {} MiB of instructions)",
                    MAX_COST >> 20
                ),
                source_limit: None,
                construct: None,
            });
        }
        self.depth += 1;
        let result = stacker::maybe_grow(RED_ZONE, STACK_CHUNK, || step(self));
        self.depth -= 1;
        result
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> R {
        self.set_span(s.range());
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => {
                if self.units.len() == 1 {
                    let (line, col) = self.pos(r.range());
                    return Err(Diagnostic {
                        line,
                        col,
                        message: "'return' outside function".into(),
                        source_limit: None,
                        construct: None,
                    });
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let n = self.konst(Const::None);
                        self.emit(Op::Const(n));
                    }
                }
                if r.value.is_some() && self.unit().code.is_generator && self.unit().code.is_async {
                    let (line, col) = self.pos(r.range());
                    return Err(Diagnostic {
                        line,
                        col,
                        message: "'return' with value in async generator".into(),
                        source_limit: None,
                        construct: None,
                    });
                }
                self.unwind_fblocks(true, None)?;
                self.emit_return();
                Ok(())
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    match t {
                        Expr::Name(n) => self.delete_name(n.id.as_str()),
                        Expr::Subscript(sub) => {
                            self.expr(&sub.value)?;
                            self.expr(&sub.slice)?;
                            self.emit(Op::DeleteSubscr);
                        }
                        // `del obj.attr` is `delattr(obj, "attr")`.
                        Expr::Attribute(at) => {
                            let f = self.konst(Const::Builtin("delattr"));
                            self.emit(Op::Const(f));
                            self.expr(&at.value)?;
                            let n = self.konst(Const::str(at.attr.as_str()));
                            self.emit(Op::Const(n));
                            self.set_span(t.range());
                            self.emit(Op::Call(2));
                            self.emit(Op::Pop);
                        }
                        other => return Err(self.unsupported(other.range(), Construct::DelTarget)),
                    }
                }
                Ok(())
            }
            Stmt::TypeAlias(t) => Err(self.unsupported(t.range(), Construct::TypeAlias)),
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.assign(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => {
                // In a class body, `x: int` records the annotation's text in
                // `__annotations__` (what `@dataclass` reads for its fields).
                if let Expr::Name(n) = &*a.target {
                    let u = self.units.last().expect("unit");
                    if self.scopes.kind(u.scope) == ScopeKind::Class {
                        let text = self
                            .lines
                            .text(
                                a.annotation.range().start().to_usize(),
                                a.annotation.range().end().to_usize(),
                            )
                            .to_string();
                        let t = self.konst(Const::str(&text));
                        self.emit(Op::Const(t));
                        self.load_name("__annotations__");
                        let k = self.konst(Const::str(n.id.as_str()));
                        self.emit(Op::Const(k));
                        self.emit(Op::StoreSubscr);
                    }
                }
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.assign(&a.target)?;
                }
                Ok(())
            }
            Stmt::For(f) => self.for_stmt(f),
            Stmt::While(w) => {
                let start = self.here();
                // `while True:` needs no test on every iteration.
                let always = matches!(&*w.test, Expr::BooleanLiteral(b) if b.value);
                let exit = if always {
                    usize::MAX
                } else {
                    self.expr(&w.test)?;
                    self.emit(Op::JumpIfFalse(0))
                };
                self.unit().fblocks.push(FBlock::Loop {
                    start,
                    breaks: vec![],
                    is_for: false,
                });
                self.body(&w.body)?;
                self.emit(Op::Jump(start as u32));
                let Some(FBlock::Loop { breaks, .. }) = self.unit().fblocks.pop() else {
                    unreachable_block()
                };
                if exit != usize::MAX {
                    self.patch(exit);
                }
                self.body(&w.orelse)?;
                for b in breaks {
                    self.patch(b);
                }
                Ok(())
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                let mut next = self.emit(Op::JumpIfFalse(0));
                self.body(&i.body)?;
                let mut ends = vec![];
                for clause in &i.elif_else_clauses {
                    ends.push(self.emit(Op::Jump(0)));
                    self.patch(next);
                    match &clause.test {
                        Some(t) => {
                            self.set_span(t.range());
                            self.expr(t)?;
                            next = self.emit(Op::JumpIfFalse(0));
                            self.body(&clause.body)?;
                        }
                        None => {
                            next = usize::MAX;
                            self.body(&clause.body)?;
                        }
                    }
                }
                if next != usize::MAX {
                    self.patch(next);
                }
                for e in ends {
                    self.patch(e);
                }
                Ok(())
            }
            Stmt::With(w) => self.with_stmt(w, 0),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::Raise(r) => {
                match (&r.exc, &r.cause) {
                    (None, _) => {
                        self.emit(Op::Raise(0));
                    }
                    (Some(e), None) => {
                        self.expr(e)?;
                        self.set_span(s.range());
                        self.emit(Op::Raise(1));
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        self.set_span(s.range());
                        self.emit(Op::Raise(2));
                    }
                }
                Ok(())
            }
            Stmt::Try(t) => self.try_stmt(t),
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                let ok = self.emit(Op::JumpIfTrue(0));
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
                self.set_span(s.range());
                self.emit(Op::AssertFail(a.msg.is_some()));
                self.patch(ok);
                Ok(())
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.check_module(a.name.as_str(), a.range())?;
                    let full = a.name.as_str();
                    let n = self.name_idx(full);
                    self.emit(Op::Import(n));
                    match &a.asname {
                        Some(alias) => {
                            // `import a.b as c` binds the submodule itself.
                            for part in full.split('.').skip(1) {
                                let p = self.name_idx(part);
                                self.emit(Op::LoadAttr(p));
                            }
                            self.store_name(alias.as_str());
                        }
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            if top != full {
                                self.emit(Op::Pop);
                                let n = self.name_idx(top);
                                self.emit(Op::Import(n));
                            }
                            self.store_name(top);
                        }
                    }
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    return Err(self.unsupported(i.range(), Construct::RelativeImport));
                }
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                self.check_module(module, i.range())?;
                let n = self.name_idx(module);
                self.emit(Op::Import(n));
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        return Err(self.unsupported(a.range(), Construct::ImportStar));
                    }
                    self.emit(Op::Dup);
                    let attr = self.name_idx(a.name.as_str());
                    self.emit(Op::LoadAttr(attr));
                    self.store_name(a.asname.as_ref().unwrap_or(&a.name).as_str());
                }
                self.emit(Op::Pop);
                Ok(())
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => Ok(()),
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(if discards_new_task(&e.value) {
                    Op::PopTask
                } else {
                    Op::Pop
                });
                Ok(())
            }
            Stmt::Break(b) => self.break_continue(b.range(), true),
            Stmt::Continue(c) => self.break_continue(c.range(), false),
            Stmt::IpyEscapeCommand(c) => Err(self.unsupported(c.range(), Construct::IpythonEscape)),
        }
    }

    /// Compiles a `match` statement (see `crate::runtime::matching` for the layout).
    fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> R {
        self.expr(&m.subject)?;
        let mut ends = vec![];
        for case in &m.cases {
            self.set_span(case.pattern.range());
            // Each case matches a copy of the subject, which stays on the
            // stack until a case succeeds.
            self.emit(Op::Dup);
            let mut fails = vec![];
            self.pattern(&case.pattern, &mut fails, 0)?;
            if let Some(g) = &case.guard {
                self.expr(g)?;
                fails.push((self.emit(Op::JumpIfFalse(0)), 0));
            }
            self.emit(Op::Pop);
            self.body(&case.body)?;
            ends.push(self.emit(Op::Jump(0)));
            self.fail_stubs(fails, 0);
        }
        self.emit(Op::Pop);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// Lands every failed test of a pattern here, popping what each left
    /// on the stack above `level` items: one chain of `Pop`s entered at
    /// the depth each failure needs.
    fn fail_stubs(&mut self, mut fails: Vec<(usize, u32)>, level: u32) {
        fails.sort_by_key(|f| std::cmp::Reverse(f.1));
        let mut i = 0;
        while i < fails.len() {
            let depth = fails[i].1;
            while i < fails.len() && fails[i].1 == depth {
                self.patch(fails[i].0);
                i += 1;
            }
            let next = fails.get(i).map(|f| f.1).unwrap_or(level);
            for _ in next..depth {
                self.emit(Op::Pop);
            }
        }
    }

    /// Compiles one pattern, within the depth bound.
    fn pattern(&mut self, p: &'a ast::Pattern, fails: &mut Vec<(usize, u32)>, extra: u32) -> R {
        self.nested(p.range(), |c| c.pattern_inner(p, fails, extra))
    }

    /// Matches the value on top of the stack against `p`, consuming it.
    /// `extra` counts the items between the case's subject and that value;
    /// every failed test is a jump recorded in `fails` with the number of
    /// items above the subject it leaves.
    fn pattern_inner(
        &mut self,
        p: &'a ast::Pattern,
        fails: &mut Vec<(usize, u32)>,
        extra: u32,
    ) -> R {
        match p {
            ast::Pattern::MatchAs(a) => {
                match (&a.pattern, &a.name) {
                    (None, None) => {
                        self.emit(Op::Pop);
                    }
                    (None, Some(n)) => self.store_name(n.as_str()),
                    (Some(q), Some(n)) => {
                        self.emit(Op::Dup);
                        self.pattern(q, fails, extra + 1)?;
                        self.store_name(n.as_str());
                    }
                    (Some(q), None) => self.pattern(q, fails, extra)?,
                }
                Ok(())
            }
            ast::Pattern::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Op::Compare(CmpOp::Eq));
                fails.push((self.emit(Op::JumpIfFalse(0)), extra));
                Ok(())
            }
            ast::Pattern::MatchSingleton(s) => {
                let v = match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                };
                let k = self.konst(v);
                self.emit(Op::Const(k));
                self.emit(Op::Compare(CmpOp::Is));
                fails.push((self.emit(Op::JumpIfFalse(0)), extra));
                Ok(())
            }
            ast::Pattern::MatchOr(o) => {
                let mut ends = vec![];
                let last = o.patterns.len().saturating_sub(1);
                for (i, alt) in o.patterns.iter().enumerate() {
                    if i == last {
                        self.pattern(alt, fails, extra)?;
                        break;
                    }
                    self.emit(Op::Dup);
                    let mut inner = vec![];
                    self.pattern(alt, &mut inner, extra + 1)?;
                    self.emit(Op::Pop);
                    ends.push(self.emit(Op::Jump(0)));
                    self.fail_stubs(inner, extra + 1);
                }
                for e in ends {
                    self.patch(e);
                }
                Ok(())
            }
            ast::Pattern::MatchStar(s) => {
                match &s.name {
                    Some(n) => self.store_name(n.as_str()),
                    None => {
                        self.emit(Op::Pop);
                    }
                }
                Ok(())
            }
            ast::Pattern::MatchSequence(seq) => {
                let star = seq
                    .patterns
                    .iter()
                    .position(|q| matches!(q, ast::Pattern::MatchStar(_)));
                let n = seq.patterns.len();
                let (before, after) = match star {
                    Some(i) => (i as i64, (n - i - 1) as i64),
                    None => (n as i64, -1),
                };
                let args = [Const::Int(before), Const::Int(after)];
                self.match_helper("match.seq", &args, |_| Ok(()))?;
                self.sub_patterns(seq.patterns.iter(), n, fails, extra)
            }
            ast::Pattern::MatchMapping(m) => {
                let rest = m.rest.is_some();
                self.match_helper("match.map", &[Const::Bool(rest)], |c| {
                    for k in &m.keys {
                        c.expr(k)?;
                    }
                    c.emit(Op::BuildTuple(m.keys.len() as u32));
                    c.emit(Op::Rot2);
                    Ok(())
                })?;
                let n = m.patterns.len() + rest as usize;
                self.check_none_and_unpack(fails, extra, n);
                for (i, q) in m.patterns.iter().enumerate() {
                    self.pattern(q, fails, extra + (n - i - 1) as u32)?;
                }
                if let Some(r) = &m.rest {
                    self.store_name(r.as_str());
                }
                Ok(())
            }
            ast::Pattern::MatchClass(c) => {
                let names: Rc<[Rc<str>]> = c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| Rc::from(k.attr.as_str()))
                    .collect();
                let npos = c.arguments.patterns.len();
                let args = [Const::Int(npos as i64), Const::Names(names)];
                self.match_helper("match.cls", &args, |comp| {
                    comp.expr(&c.cls)?;
                    comp.emit(Op::Rot2);
                    Ok(())
                })?;
                let subs = c
                    .arguments
                    .patterns
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.pattern));
                self.sub_patterns(subs, npos + c.arguments.keywords.len(), fails, extra)
            }
        }
    }

    /// Calls the run-time half of a structural pattern (`crate::runtime::matching`)
    /// on the value on top of the stack; `push` may put one argument under
    /// the value (it ends with the value back on top).  The result, `None`
    /// or a tuple of the values the sub-patterns match, is left on top.
    fn match_helper(
        &mut self,
        helper: &'static str,
        args: &[Const],
        push: impl FnOnce(&mut Self) -> R,
    ) -> R {
        let f = self.konst(Const::Builtin(helper));
        self.emit(Op::Const(f));
        self.emit(Op::Rot2);
        push(self)?;
        for a in args {
            let k = self.konst(a.clone());
            self.emit(Op::Const(k));
        }
        // `match.seq(value, *args)`; the others take what `push` put under
        // the value first: `match.map(keys, value, rest)`,
        // `match.cls(cls, value, npos, names)`.
        let pushed = match helper {
            "match.seq" => 0,
            _ => 1,
        };
        self.emit(Op::Call((1 + pushed + args.len()) as u32));
        Ok(())
    }

    /// Fails when the helper answered `None`, else unpacks its `n` items.
    fn check_none_and_unpack(&mut self, fails: &mut Vec<(usize, u32)>, extra: u32, n: usize) {
        self.emit(Op::Dup);
        let none = self.konst(Const::None);
        self.emit(Op::Const(none));
        self.emit(Op::Compare(CmpOp::Is));
        fails.push((self.emit(Op::JumpIfTrue(0)), extra + 1));
        self.emit(Op::UnpackSequence(n as u32));
    }

    /// Matches the items a helper returned against their sub-patterns.
    fn sub_patterns(
        &mut self,
        subs: impl Iterator<Item = &'a ast::Pattern>,
        n: usize,
        fails: &mut Vec<(usize, u32)>,
        extra: u32,
    ) -> R {
        self.check_none_and_unpack(fails, extra, n);
        for (i, q) in subs.enumerate() {
            self.pattern(q, fails, extra + (n - i - 1) as u32)?;
        }
        Ok(())
    }

    /// Emits the clean-up of every enclosing block up to (not including) the
    /// innermost loop, or all of them for `return` (whose value is on TOS).
    fn unwind_fblocks(&mut self, is_return: bool, stop_at_loop: Option<()>) -> R {
        let n = self.unit().fblocks.len();
        let mut i = n;
        while i > 0 {
            i -= 1;
            let u = self.units.last().expect("unit");
            let action = match &u.fblocks[i] {
                FBlock::Loop { is_for, .. } => {
                    if stop_at_loop.is_some() {
                        return Ok(());
                    }
                    // A `for` loop keeps its iterator on the stack; a
                    // `while` loop keeps nothing, so leaving it costs nothing.
                    if *is_for {
                        1
                    } else {
                        0
                    }
                }
                FBlock::TryExcept => 2,
                FBlock::TryFinally(_) => 3,
                FBlock::Handler => 4,
                FBlock::With(false) => 5,
                FBlock::With(true) => 6,
            };
            match action {
                0 => {}
                1 => {
                    if is_return {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::Pop);
                }
                2 => {
                    self.emit(Op::PopBlock);
                }
                3 => {
                    self.emit(Op::PopBlock);
                    // The finally body runs outside its own block, so a
                    // `return` inside it does not run it again.
                    let saved = self.unit().fblocks.split_off(i);
                    let inlined = match saved[0] {
                        FBlock::TryFinally(body) => self.body(body),
                        _ => Ok(()),
                    };
                    self.unit().fblocks.extend(saved);
                    // An error inside the finally body (a `continue` in a
                    // function defined there) is the program's error; going
                    // on would patch jumps in the wrong function.
                    inlined?;
                }
                4 => {
                    if is_return {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::PopExcept);
                    self.emit(Op::Pop);
                }
                _ => {
                    if is_return {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::PopBlock);
                    let is_async = action == 6;
                    self.emit(Op::WithExit(is_async, false));
                    if is_async {
                        self.emit(Op::Await);
                    }
                    self.emit(Op::Pop);
                }
            }
        }
        Ok(())
    }

    /// Built-ins that exist in CPython but not here are refused before
    /// running, unless the program defines the name itself.
    fn check_builtin(&self, name: &str, r: TextRange) -> R {
        const MISSING: &[&str] = &[
            "input",
            "open",
            "exec",
            "eval",
            "compile",
            "globals",
            "locals",
            "dir",
            "memoryview",
            "bytearray",
            "bytes",
            "complex",
            "slice",
            "ascii",
            "breakpoint",
            "help",
            "__import__",
        ];
        if MISSING.contains(&name) && !self.scopes.list.iter().any(|s| s.is_local(name)) {
            return Err(self.unsupported(r, Construct::Builtin(name.to_string())));
        }
        Ok(())
    }

    fn check_module(&self, name: &str, r: TextRange) -> R {
        if crate::front::names::MODULES.contains(&name) {
            Ok(())
        } else {
            Err(self.unsupported(r, Construct::Module(name.to_string())))
        }
    }

    fn break_continue(&mut self, r: TextRange, is_break: bool) -> R {
        let loop_idx = self
            .unit()
            .fblocks
            .iter()
            .rposition(|b| matches!(b, FBlock::Loop { .. }));
        let Some(li) = loop_idx else {
            let (line, col) = self.pos(r);
            let what = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(Diagnostic {
                line,
                col,
                message: what.into(),
                source_limit: None,
                construct: None,
            });
        };
        self.unwind_fblocks(false, Some(()))?;
        let FBlock::Loop { start, is_for, .. } = self.unit().fblocks[li] else {
            unreachable_block()
        };
        if is_break {
            if is_for {
                self.emit(Op::Pop);
            }
            let j = self.emit(Op::Jump(0));
            if let FBlock::Loop { breaks, .. } = &mut self.unit().fblocks[li] {
                breaks.push(j);
            }
        } else {
            self.emit(Op::Jump(start as u32));
        }
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> R {
        self.expr(&f.iter)?;
        self.set_span(f.range());
        if f.is_async {
            self.emit(Op::GetAIter);
        } else {
            self.emit(Op::GetIter);
        }
        let start = self.here();
        let exit = if f.is_async {
            self.emit(Op::AsyncForNext(0))
        } else {
            self.emit(Op::ForIter(0))
        };
        // `StopAsyncIteration` from the awaited `__anext__()` ends the loop.
        let stop = if f.is_async {
            let setup = self.emit(Op::SetupExcept(0));
            self.emit(Op::Await);
            self.emit(Op::PopBlock);
            Some(setup)
        } else {
            None
        };
        self.assign(&f.target)?;
        self.unit().fblocks.push(FBlock::Loop {
            start,
            breaks: vec![],
            is_for: true,
        });
        self.body(&f.body)?;
        self.set_span(f.range());
        self.emit(Op::Jump(start as u32));
        let Some(FBlock::Loop { breaks, .. }) = self.unit().fblocks.pop() else {
            unreachable_block()
        };
        if let Some(setup) = stop {
            self.patch(setup);
            self.emit(Op::Dup);
            let cls = self.konst(Const::Exception("StopAsyncIteration"));
            self.emit(Op::Const(cls));
            self.emit(Op::ExcMatch);
            let other = self.emit(Op::JumpIfFalse(0));
            // The exception, then the iterator.
            self.emit(Op::Pop);
            self.emit(Op::Pop);
            let done = self.emit(Op::Jump(0));
            self.patch(other);
            self.emit(Op::Reraise);
            self.patch(done);
        }
        self.patch(exit);
        self.body(&f.orelse)?;
        for b in breaks {
            self.patch(b);
        }
        Ok(())
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> R {
        let it = &w.items[item];
        self.set_span(it.range());
        self.expr(&it.context_expr)?;
        self.emit(Op::WithEnter(w.is_async));
        if w.is_async {
            self.emit(Op::Await);
        }
        match &it.optional_vars {
            Some(t) => self.assign(t)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::With(w.is_async));
        if item + 1 < w.items.len() {
            self.with_stmt(w, item + 1)?;
        } else {
            self.body(&w.body)?;
        }
        self.unit().fblocks.pop();
        // CPython attributes the exit call to the whole `with` statement.
        self.set_span(w.range());
        self.emit(Op::PopBlock);
        self.emit(Op::WithExit(w.is_async, false));
        if w.is_async {
            self.emit(Op::Await);
        }
        self.emit(Op::Pop);
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::EnterHandler);
        self.emit(Op::WithExit(w.is_async, true));
        if w.is_async {
            self.emit(Op::Await);
        }
        let suppress = self.emit(Op::JumpIfTrue(0));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(suppress);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.emit(Op::Pop);
        self.patch(end);
        Ok(())
    }

    fn try_stmt(&mut self, t: &'a ast::StmtTry) -> R {
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::TryFinally(&t.finalbody));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.finalbody)?;
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::EnterHandler);
        self.unit().fblocks.push(FBlock::Handler);
        self.body(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> R {
        if t.is_star {
            return self.try_except_star(t);
        }
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        self.patch(setup);
        self.emit(Op::EnterHandler);
        let mut has_bare = false;
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_span(h.range());
            let mut next = None;
            match &h.type_ {
                Some(ty) => {
                    self.emit(Op::Dup);
                    self.expr(ty)?;
                    self.emit(Op::ExcMatch);
                    next = Some(self.emit(Op::JumpIfFalse(0)));
                }
                None => has_bare = true,
            }
            if let Some(n) = &h.name {
                self.emit(Op::Dup);
                self.store_name(n.as_str());
            }
            self.unit().fblocks.push(FBlock::Handler);
            self.body(&h.body)?;
            self.unit().fblocks.pop();
            if let Some(n) = &h.name {
                self.delete_name(n.as_str());
            }
            self.emit(Op::PopExcept);
            self.emit(Op::Pop);
            ends.push(self.emit(Op::Jump(0)));
            if let Some(n) = next {
                self.patch(n);
            }
            if has_bare {
                break;
            }
        }
        if !has_bare {
            self.emit(Op::PopExcept);
            self.emit(Op::Reraise);
        }
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// `try: ... except* T as e: ...`: each clause handles the part of the
    /// exception group that matches it; what is left is raised again.
    fn try_except_star(&mut self, t: &'a ast::StmtTry) -> R {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.orelse)?;
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::EnterHandler);
        self.emit(Op::ExcToGroup);
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_span(h.range());
            let Some(ty) = &h.type_ else {
                return Err(self.unsupported(h.range(), Construct::BareExceptStar));
            };
            self.expr(ty)?;
            self.emit(Op::ExcStarSplit);
            self.emit(Op::Dup);
            let none = self.konst(Const::None);
            self.emit(Op::Const(none));
            self.emit(Op::Compare(CmpOp::Is));
            let skip = self.emit(Op::JumpIfTrue(0));
            match &h.name {
                Some(n) => self.store_name(n.as_str()),
                None => {
                    self.emit(Op::Pop);
                }
            }
            self.unit().fblocks.push(FBlock::Handler);
            self.body(&h.body)?;
            self.unit().fblocks.pop();
            if let Some(n) = &h.name {
                self.delete_name(n.as_str());
            }
            let next = self.emit(Op::Jump(0));
            self.patch(skip);
            self.emit(Op::Pop);
            self.patch(next);
        }
        self.emit(Op::ExcStarReraise);
        self.emit(Op::PopExcept);
        self.patch(end);
        Ok(())
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> R {
        if let Some(tp) = &f.type_params {
            return Err(self.unsupported(tp.range(), Construct::TypeParams));
        }
        // Decorators are evaluated first, top to bottom, and applied
        // bottom-up once the function exists.
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let body: Vec<&'a Stmt> = f.body.iter().collect();
        self.make_function(
            f.range(),
            f.name.as_str(),
            Some(&f.parameters),
            f.is_async,
            FnBody::Stmts(body),
        )?;
        self.apply_decorators(&f.decorator_list);
        self.set_span(f.range());
        self.store_name(f.name.as_str());
        Ok(())
    }

    /// Calls the decorators pushed before the function or class, innermost first.
    fn apply_decorators(&mut self, decorators: &'a [ast::Decorator]) {
        for d in decorators.iter().rev() {
            self.set_span(d.expression.range());
            self.emit(Op::Call(1));
        }
    }

    /// `class Name(bases): body`: the body runs as a function whose locals
    /// become the class namespace; `<build_class>` makes the class from it.
    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> R {
        if let Some(tp) = &c.type_params {
            return Err(self.unsupported(tp.range(), Construct::TypeParams));
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        self.set_span(c.range());
        let b = self.konst(Const::Builtin("<build_class>"));
        self.emit(Op::Const(b));
        let body: Vec<&'a Stmt> = c.body.iter().collect();
        self.make_function(c.range(), c.name.as_str(), None, false, FnBody::Class(body))?;
        let n = self.konst(Const::str(c.name.as_str()));
        self.emit(Op::Const(n));
        let mut nbases = 0;
        if let Some(args) = &c.arguments {
            // Class keywords go to `__init_subclass__`; `metaclass=` and
            // `**kwargs` are refused.
            if let Some(k) = args
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_none_or(|a| a.as_str() == "metaclass"))
            {
                let name = k
                    .arg
                    .as_ref()
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "**".into());
                return Err(self.unsupported(k.range(), Construct::ClassKeyword(name)));
            }
            for base in args.args.iter() {
                if let Some(name) = unsupported_base(base) {
                    // A program's own class of that name is fine to subclass.
                    let own = !name.contains('.')
                        && self.lines.source().lines().any(|l| {
                            l.trim_start()
                                .strip_prefix("class ")
                                .and_then(|r| r.trim_start().strip_prefix(name.as_str()))
                                .is_some_and(|r| r.starts_with([':', '(', ' ']))
                        });
                    if !own {
                        return Err(self.unsupported(base.range(), Construct::ClassBase(name)));
                    }
                }
                if matches!(base, Expr::Starred(_)) {
                    return Err(self.unsupported(base.range(), Construct::StarredHere));
                }
                self.expr(base)?;
                nbases += 1;
            }
        }
        let mut names: Vec<Rc<str>> = Vec::new();
        if let Some(args) = &c.arguments {
            for k in args.keywords.iter() {
                if let Some(name) = &k.arg {
                    self.expr(&k.value)?;
                    names.push(Rc::from(name.as_str()));
                }
            }
        }
        self.set_span(c.range());
        if names.is_empty() {
            self.emit(Op::Call(2 + nbases));
        } else {
            let n = names.len() as u32;
            let k = self.konst(Const::Names(names.into()));
            self.emit(Op::CallKw(2 + nbases + n, k));
        }
        self.apply_decorators(&c.decorator_list);
        self.set_span(c.range());
        self.store_name(c.name.as_str());
        Ok(())
    }

    fn qualname(&mut self, name: &str) -> String {
        let mut parts = vec![];
        for u in &self.units[1..] {
            parts.push(u.code.qualname.rsplit('.').next().unwrap_or("").to_string());
            let is_class = self.scopes.kind(u.scope) == ScopeKind::Class;
            if !is_class && (!u.code.name.starts_with('<') || &*u.code.name == "<lambda>") {
                parts.push("<locals>".to_string());
            }
        }
        parts.push(name.to_string());
        let qualname = parts.join(".");
        self.cost += qualname.len();
        qualname
    }

    fn make_function(
        &mut self,
        range: TextRange,
        name: &str,
        params: Option<&'a ast::Parameters>,
        is_async: bool,
        body: FnBody<'a>,
    ) -> R {
        // Defaults are evaluated in the defining scope.
        let mut ndefaults = 0;
        let mut nkw = 0;
        if let Some(params) = params {
            for p in params.posonlyargs.iter().chain(params.args.iter()) {
                if let Some(d) = &p.default {
                    self.expr(d)?;
                    ndefaults += 1;
                }
            }
            for p in params.kwonlyargs.iter() {
                if let Some(d) = &p.default {
                    let k = self.konst(Const::str(p.parameter.name.as_str()));
                    self.emit(Op::Const(k));
                    self.expr(d)?;
                    nkw += 1;
                }
            }
        }
        let default_params = ast::Parameters::default();
        let params: &ast::Parameters = params.unwrap_or(&default_params);
        if nkw > 0 {
            self.emit(Op::BuildDict(nkw));
        }
        let scope = *self
            .scopes
            .by_range
            .get(&range)
            .ok_or_else(|| self.unsupported(range, Construct::FunctionForm))?;
        let qual = self.qualname(name);
        let mut unit = Unit::new(scope, name, &qual);
        unit.code.source = Some(self.lines.clone());
        unit.span = self.src_span(range);
        unit.code.first_line = unit.span.line;
        unit.code.is_async = is_async;
        let sc = &self.scopes.list[scope];
        unit.code.is_generator = sc.is_generator;
        for (i, l) in sc.locals.iter().enumerate() {
            unit.locals.insert(l.clone(), i as u32);
            let shared = self.intern(l);
            unit.code.local_names.push(shared);
        }
        for (i, c) in sc.cells.iter().enumerate() {
            unit.cells.insert(c.clone(), i as u32);
            unit.code.cell_names.push(Rc::from(c.as_str()));
            if let Some(&slot) = unit.locals.get(c) {
                unit.code.cell_params.push((slot, i as u32));
            }
        }
        let ncells = sc.cells.len() as u32;
        for (i, fr) in sc.frees.iter().enumerate() {
            unit.cells.insert(fr.clone(), ncells + i as u32);
            unit.code.free_names.push(Rc::from(fr.as_str()));
        }
        unit.code.argcount = (params.posonlyargs.len() + params.args.len()) as u32;
        unit.code.kwonlycount = params.kwonlyargs.len() as u32;
        unit.code.varargs = params.vararg.is_some();
        unit.code.varkw = params.kwarg.is_some();
        // Parameter slots must come first and in signature order.
        let mut order: Vec<String> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
            .map(|p| p.parameter.name.to_string())
            .collect();
        if let Some(v) = &params.vararg {
            order.push(v.name.to_string());
        }
        if let Some(v) = &params.kwarg {
            order.push(v.name.to_string());
        }
        for (i, n) in order.iter().enumerate() {
            if unit.locals.get(n) != Some(&(i as u32)) {
                let (line, col) = self.pos(range);
                return Err(Diagnostic {
                    line,
                    col,
                    message: format!("duplicate argument '{n}' in function definition"),
                    source_limit: None,
                    construct: None,
                });
            }
        }
        self.units.push(unit);
        match body {
            FnBody::Class(stmts) => {
                if self.unit().locals.contains_key("__annotations__") {
                    self.emit(Op::BuildDict(0));
                    self.store_name("__annotations__");
                }
                // A class's docstring is its namespace's `__doc__`, as in CPython.
                if let Some(doc) = docstring(&stmts) {
                    let k = self.konst(Const::str(&doc));
                    self.emit(Op::Const(k));
                    self.store_name("__doc__");
                }
                for s in stmts {
                    self.stmt(s)?;
                }
                self.emit(Op::ClassBody);
                self.emit(Op::Return);
            }
            FnBody::Stmts(stmts) => {
                self.unit().code.doc = docstring(&stmts).map(Rc::from);
                for s in stmts {
                    self.stmt(s)?;
                }
                let n = self.konst(Const::None);
                self.emit(Op::Const(n));
                self.emit_return();
            }
            FnBody::Expr(e) => {
                self.expr(e)?;
                self.emit_return();
            }
        }
        let unit = self.units.pop().expect("unit");
        let mut code = unit.code;
        // Free cells come from the definer's own cells or its free cells.
        for fr in &code.free_names.clone() {
            let parent = self.units.last().expect("unit");
            let idx = parent.cells.get(&**fr).copied().unwrap_or(0);
            code.closure_from_parent.push(idx);
        }
        let parent = self.unit();
        parent.code.codes.push(Rc::new(code));
        let ci = (parent.code.codes.len() - 1) as u32;
        self.emit(Op::MakeFunction(ci, ndefaults, nkw > 0));
        Ok(())
    }

    fn comprehension(
        &mut self,
        range: TextRange,
        gens: &'a [ast::Comprehension],
        kind: CompKind<'a>,
    ) -> R {
        let scope = *self
            .scopes
            .by_range
            .get(&range)
            .ok_or_else(|| self.unsupported(range, Construct::ComprehensionForm))?;
        let awaits = self.scopes.list[scope].awaits;
        if awaits && !self.in_async_function() {
            let (line, col) = self.pos(range);
            return Err(Diagnostic {
                line,
                col,
                message: "asynchronous comprehension outside of an asynchronous function".into(),
                source_limit: None,
                construct: None,
            });
        }
        let name = match kind {
            CompKind::Gen(_) => "<genexpr>",
            CompKind::List(_) => "<listcomp>",
            CompKind::Set(_) => "<setcomp>",
            CompKind::Dict(..) => "<dictcomp>",
        };
        let qual = self.qualname(name);
        let mut unit = Unit::new(scope, name, &qual);
        unit.code.source = Some(self.lines.clone());
        unit.span = self.src_span(range);
        let sc = &self.scopes.list[scope];
        for (i, l) in sc.locals.iter().enumerate() {
            unit.locals.insert(l.clone(), i as u32);
            unit.code.local_names.push(Rc::from(l.as_str()));
        }
        for (i, c) in sc.cells.iter().enumerate() {
            unit.cells.insert(c.clone(), i as u32);
            unit.code.cell_names.push(Rc::from(c.as_str()));
            if let Some(&slot) = unit.locals.get(c) {
                unit.code.cell_params.push((slot, i as u32));
            }
        }
        let ncells = sc.cells.len() as u32;
        for (i, fr) in sc.frees.iter().enumerate() {
            unit.cells.insert(fr.clone(), ncells + i as u32);
            unit.code.free_names.push(Rc::from(fr.as_str()));
        }
        unit.code.argcount = 1;
        unit.code.is_async = awaits;
        unit.code.is_generator = matches!(kind, CompKind::Gen(_));
        unit.code.first_line = unit.span.line;
        self.units.push(unit);
        match kind {
            CompKind::Gen(_) => 0,
            CompKind::List(_) => self.emit(Op::BuildList(0)),
            CompKind::Set(_) => self.emit(Op::BuildSet(0)),
            CompKind::Dict(..) => self.emit(Op::BuildDict(0)),
        };
        let mut loops = vec![];
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                if g.is_async {
                    self.emit(Op::GetAIter);
                } else {
                    self.emit(Op::GetIter);
                }
            }
            let start = self.here();
            let exit = if g.is_async {
                let exit = self.emit(Op::AsyncForNext(0));
                self.emit(Op::Await);
                exit
            } else {
                self.emit(Op::ForIter(0))
            };
            self.assign(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
                self.emit(Op::JumpIfFalse(start as u32));
            }
            loops.push((start, exit));
        }
        let depth = gens.len() as u32 + 1;
        match kind {
            CompKind::Gen(e) => {
                self.expr(e)?;
                self.emit(Op::Yield);
                self.emit(Op::Pop);
            }
            CompKind::List(e) => {
                self.expr(e)?;
                self.emit(Op::ListAppend(depth));
            }
            CompKind::Set(e) => {
                self.expr(e)?;
                self.emit(Op::SetAdd(depth));
            }
            CompKind::Dict(k, v) => {
                self.expr(k)?;
                self.expr(v)?;
                self.emit(Op::DictSet(depth));
            }
        }
        for (start, exit) in loops.into_iter().rev() {
            self.emit(Op::Jump(start as u32));
            self.patch(exit);
        }
        if let CompKind::Gen(_) = kind {
            let n = self.konst(Const::None);
            self.emit(Op::Const(n));
        }
        self.emit_return();
        let unit = self.units.pop().expect("unit");
        let mut code = unit.code;
        for fr in &code.free_names.clone() {
            let parent = self.units.last().expect("unit");
            code.closure_from_parent
                .push(parent.cells.get(&**fr).copied().unwrap_or(0));
        }
        let parent = self.unit();
        parent.code.codes.push(Rc::new(code));
        let ci = (parent.code.codes.len() - 1) as u32;
        self.emit(Op::MakeFunction(ci, 0, false));
        self.expr(&gens[0].iter)?;
        if gens[0].is_async {
            self.emit(Op::GetAIter);
        } else {
            self.emit(Op::GetIter);
        }
        self.emit(Op::Call(1));
        if awaits && !matches!(kind, CompKind::Gen(_)) {
            self.set_span(range);
            self.emit(Op::Await);
        }
        Ok(())
    }

    /// `yield` stands only in a function body (not the module, not a comprehension).
    fn check_yield_here(&mut self, r: TextRange, what: &str) -> R {
        let u = self.units.last().expect("unit");
        let message = if self.units.len() == 1 {
            format!("'{what}' outside function")
        } else if self.scopes.kind(u.scope) == crate::front::scope::ScopeKind::Comprehension {
            format!("'{what}' inside list comprehension")
        } else {
            return Ok(());
        };
        let (line, col) = self.pos(r);
        Err(Diagnostic {
            line,
            col,
            message,
            source_limit: None,
            construct: None,
        })
    }

    fn assign(&mut self, t: &'a Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.store_name(n.id.as_str());
                Ok(())
            }
            Expr::Attribute(a) => {
                let n = self.name_idx(a.attr.as_str());
                if let Some(slot) = self.fast_slot(&a.value) {
                    self.emit(Op::StoreAttrFast(slot, n));
                    return Ok(());
                }
                self.expr(&a.value)?;
                self.emit(Op::StoreAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        self.emit(Op::UnpackSequence(elts.len() as u32));
                    }
                    Some(i) => {
                        self.emit(Op::UnpackEx(i as u32, (elts.len() - i - 1) as u32));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.assign(&s.value)?,
                        other => self.assign(other)?,
                    }
                }
                Ok(())
            }
            other => {
                let (line, col) = self.pos(other.range());
                Err(Diagnostic {
                    line,
                    col,
                    message: "cannot assign to expression".into(),
                    source_limit: None,
                    construct: None,
                })
            }
        }
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> R {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(n.id.as_str());
                self.expr(&a.value)?;
                self.set_span(a.range());
                self.emit(Op::Inplace(op));
                self.store_name(n.id.as_str());
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::Dup2);
                self.emit(Op::Subscr);
                self.expr(&a.value)?;
                self.set_span(a.range());
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            Expr::Attribute(at) if self.fast_slot(&at.value).is_some() => {
                // `self.x += v`: the local is read twice, which is the same
                // as reading it once (nothing in `v` can rebind it).
                let slot = self.fast_slot(&at.value).unwrap_or(0);
                let n = self.name_idx(at.attr.as_str());
                self.emit(Op::LoadAttrFast(slot, n));
                self.expr(&a.value)?;
                self.set_span(a.range());
                self.emit(Op::Inplace(op));
                self.emit(Op::StoreAttrFast(slot, n));
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Dup);
                let n = self.name_idx(at.attr.as_str());
                self.emit(Op::LoadAttr(n));
                self.expr(&a.value)?;
                self.set_span(a.range());
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(n));
            }
            other => {
                let (line, col) = self.pos(other.range());
                return Err(Diagnostic {
                    line,
                    col,
                    message: "'expression' is an illegal expression for augmented assignment"
                        .into(),
                    source_limit: None,
                    construct: None,
                });
            }
        }
        Ok(())
    }

    fn exprs_with_star(&mut self, elts: &'a [Expr], build: fn(u32) -> Op) -> R {
        if !elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            for e in elts {
                self.expr(e)?;
            }
            self.emit(build(elts.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildList(0));
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Op::ListExtend);
                }
                other => {
                    self.expr(other)?;
                    self.emit(Op::BuildList(1));
                    self.emit(Op::ListExtend);
                }
            }
        }
        match build(0) {
            Op::BuildTuple(_) => {
                self.emit(Op::ListToTuple);
            }
            Op::BuildSet(_) => {
                let n = self.konst(Const::Type("set"));
                self.emit(Op::Const(n));
                self.emit(Op::Rot2);
                self.emit(Op::Call(1));
            }
            _ => {}
        }
        Ok(())
    }

    fn expr_inner(&mut self, e: &'a Expr) -> R {
        match e {
            Expr::BoolOp(b) => {
                let mut jumps = vec![];
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < b.values.len() {
                        let op = match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        };
                        jumps.push(self.emit(op));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            Expr::Named(n) => {
                // `(x := v)`: the value stays on the stack as the
                // expression's result, and a copy is stored.
                self.expr(&n.value)?;
                self.emit(Op::Dup);
                self.assign(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.set_span_anchored(e);
                self.emit(Op::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.set_span(u.range());
                self.emit(match u.op {
                    ast::UnaryOp::Not => Op::Not,
                    ast::UnaryOp::USub => Op::Neg,
                    ast::UnaryOp::UAdd => Op::Pos,
                    ast::UnaryOp::Invert => Op::Invert,
                });
            }
            Expr::Lambda(l) => {
                self.make_function(
                    l.range(),
                    "<lambda>",
                    l.parameters.as_deref(),
                    false,
                    FnBody::Expr(&l.body),
                )?;
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                let else_ = self.emit(Op::JumpIfFalse(0));
                self.expr(&i.body)?;
                let end = self.emit(Op::Jump(0));
                self.patch(else_);
                self.expr(&i.orelse)?;
                self.patch(end);
            }
            Expr::Dict(d) => {
                if d.items.iter().any(|i| i.key.is_none()) {
                    self.emit(Op::BuildDict(0));
                    for it in &d.items {
                        match &it.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&it.value)?;
                                self.emit(Op::BuildDict(1));
                            }
                            None => self.expr(&it.value)?,
                        }
                        self.emit(Op::DictMerge);
                    }
                } else {
                    for it in &d.items {
                        if let Some(k) = &it.key {
                            self.expr(k)?;
                        }
                        self.expr(&it.value)?;
                    }
                    self.emit(Op::BuildDict(d.items.len() as u32));
                }
            }
            Expr::Set(s) => self.exprs_with_star(&s.elts, Op::BuildSet)?,
            Expr::ListComp(c) => {
                self.comprehension(c.range(), &c.generators, CompKind::List(&c.elt))?
            }
            Expr::Generator(c) => {
                self.comprehension(c.range(), &c.generators, CompKind::Gen(&c.elt))?
            }
            Expr::SetComp(c) => {
                self.comprehension(c.range(), &c.generators, CompKind::Set(&c.elt))?
            }
            Expr::DictComp(c) => match &c.key {
                Some(k) => {
                    self.comprehension(c.range(), &c.generators, CompKind::Dict(k, &c.value))?
                }
                None => return Err(self.unsupported(c.range(), Construct::DictComprehensionForm)),
            },
            Expr::Await(a) => {
                if !self.in_async_function() {
                    let (line, col) = self.pos(a.range());
                    let message = if self.units.len() == 1 {
                        "'await' outside function"
                    } else {
                        "'await' outside async function"
                    };
                    return Err(Diagnostic {
                        line,
                        col,
                        message: message.into(),
                        source_limit: None,
                        construct: None,
                    });
                }
                self.expr(&a.value)?;
                self.set_span(a.range());
                self.emit(Op::Await);
            }
            Expr::Yield(y) => {
                self.check_yield_here(y.range(), "yield")?;
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let n = self.konst(Const::None);
                        self.emit(Op::Const(n));
                    }
                }
                self.set_span(y.range());
                self.emit(Op::Yield);
            }
            Expr::YieldFrom(y) => {
                self.check_yield_here(y.range(), "yield from")?;
                if self.unit().code.is_async {
                    let (line, col) = self.pos(y.range());
                    return Err(Diagnostic {
                        line,
                        col,
                        message: "'yield from' inside async function".into(),
                        source_limit: None,
                        construct: None,
                    });
                }
                self.expr(&y.value)?;
                self.set_span(y.range());
                self.emit(Op::GetYieldFromIter);
                let n = self.konst(Const::None);
                self.emit(Op::Const(n));
                let start = self.here();
                let exit = self.emit(Op::YieldFromSend(0));
                self.emit(Op::Yield);
                self.emit(Op::Jump(start as u32));
                self.patch(exit);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => {
                let mut n = 0;
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(l) => {
                            let k = self.konst(Const::str(&l.value));
                            self.emit(Op::Const(k));
                            n += 1;
                        }
                        ast::FStringPart::FString(fs) => {
                            for el in &fs.elements {
                                self.fstring_element(el)?;
                                n += 1;
                            }
                        }
                    }
                }
                if n != 1 {
                    self.emit(Op::BuildString(n));
                }
            }
            Expr::TString(t) => return Err(self.unsupported(t.range(), Construct::TemplateString)),
            Expr::StringLiteral(s) => {
                let k = self.konst(Const::str(s.value.to_str()));
                self.emit(Op::Const(k));
            }
            Expr::BytesLiteral(b) => return Err(self.unsupported(b.range(), Construct::Bytes)),
            Expr::NumberLiteral(n) => {
                let v = match &n.value {
                    ast::Number::Int(i) => match i.as_i64() {
                        Some(v) => Const::Int(v),
                        None => {
                            let text = i.to_string();
                            // CPython reads at most 4300 decimal digits, a
                            // literal's too; other bases have no limit.
                            if let Some(digits) = crate::front::int_text::literal_past_limit(&text)
                            {
                                let (line, col) = self.pos(n.range());
                                return Err(Diagnostic::syntax(
                                    line,
                                    col,
                                    format!(
                                        "{} - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                                        crate::front::int_text::too_long_to_read(digits)
                                    ),
                                ));
                            }
                            parse_big(&text)
                                .map(Const::from_big)
                                .ok_or_else(|| self.unsupported(n.range(), Construct::IntLiteral))?
                        }
                    },
                    ast::Number::Float(f) => Const::Float(*f),
                    ast::Number::Complex { .. } => {
                        return Err(self.unsupported(n.range(), Construct::Complex))
                    }
                };
                let k = self.konst(v);
                self.emit(Op::Const(k));
            }
            Expr::BooleanLiteral(b) => {
                let k = self.konst(Const::Bool(b.value));
                self.emit(Op::Const(k));
            }
            Expr::NoneLiteral(_) => {
                let k = self.konst(Const::None);
                self.emit(Op::Const(k));
            }
            Expr::EllipsisLiteral(_) => {
                let k = self.konst(Const::Ellipsis);
                self.emit(Op::Const(k));
            }
            Expr::Attribute(a) => {
                if let Some(slot) = self.fast_slot(&a.value) {
                    self.set_span(a.range());
                    let n = self.name_idx(a.attr.as_str());
                    self.emit(Op::LoadAttrFast(slot, n));
                    return Ok(());
                }
                self.expr(&a.value)?;
                self.set_span(a.range());
                let n = self.name_idx(a.attr.as_str());
                self.emit(Op::LoadAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_span_anchored(e);
                self.emit(Op::Subscr);
            }
            Expr::Starred(s) => return Err(self.unsupported(s.range(), Construct::StarredHere)),
            Expr::Name(n) => {
                self.set_span(n.range());
                self.check_builtin(n.id.as_str(), n.range())?;
                self.load_name(n.id.as_str());
            }
            Expr::List(l) => self.exprs_with_star(&l.elts, Op::BuildList)?,
            Expr::Tuple(t) => self.exprs_with_star(&t.elts, Op::BuildTuple)?,
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => {
                            let k = self.konst(Const::None);
                            self.emit(Op::Const(k));
                        }
                    }
                }
                self.emit(Op::BuildSlice);
            }
            Expr::IpyEscapeCommand(c) => {
                return Err(self.unsupported(c.range(), Construct::IpythonEscape))
            }
        }
        Ok(())
    }

    fn fstring_element(&mut self, el: &'a ast::InterpolatedStringElement) -> R {
        match el {
            ast::InterpolatedStringElement::Literal(l) => {
                let k = self.konst(Const::str(&l.value));
                self.emit(Op::Const(k));
            }
            ast::InterpolatedStringElement::Interpolation(i) => {
                let mut conv = match i.conversion {
                    ast::ConversionFlag::None => 0,
                    ast::ConversionFlag::Str => 1,
                    ast::ConversionFlag::Repr | ast::ConversionFlag::Ascii => 2,
                };
                let mut n = 0;
                if let Some(d) = &i.debug_text {
                    let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                    let k = self.konst(Const::str(&text));
                    self.emit(Op::Const(k));
                    n += 1;
                    if conv == 0 && i.format_spec.is_none() {
                        conv = 2;
                    }
                }
                self.expr(&i.expression)?;
                self.set_span(i.range());
                if let Some(spec) = &i.format_spec {
                    let mut m = 0;
                    for e in &spec.elements {
                        self.fstring_element(e)?;
                        m += 1;
                    }
                    if m != 1 {
                        self.emit(Op::BuildString(m));
                    }
                    self.emit(Op::FormatValue(conv, true));
                } else {
                    self.emit(Op::FormatValue(conv, false));
                }
                if n > 0 {
                    self.emit(Op::BuildString(2));
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> R {
        self.expr(&c.left)?;
        let n = c.ops.len();
        let mut cleanup = vec![];
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            self.set_span(c.range());
            if i + 1 < n {
                // [left, right] -> [right, left, right]: keep right for the next link.
                self.emit(Op::Dup);
                self.emit(Op::Rot3);
            }
            self.emit(Op::Compare(cmpop(*op)));
            if i + 1 < n {
                cleanup.push(self.emit(Op::JumpIfFalseOrPop(0)));
            }
        }
        if !cleanup.is_empty() {
            let end = self.emit(Op::Jump(0));
            for j in cleanup {
                self.patch(j);
            }
            // On a failed link the spare copy of the right operand is under the result.
            self.emit(Op::Rot2);
            self.emit(Op::Pop);
            self.patch(end);
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> R {
        let args = &c.arguments.args;
        let kws = &c.arguments.keywords;
        // Zero-argument `super()` in a method is `super(__class__, first_arg)`.
        if let (Expr::Name(n), true, true) = (&*c.func, args.is_empty(), kws.is_empty()) {
            if n.id.as_str() == "super" {
                let u = self.units.last().expect("unit");
                let first = u.code.local_names.first().cloned();
                if let (true, Some(first)) = (u.cells.contains_key("__class__"), first) {
                    if u.code.argcount > 0 || u.code.varargs {
                        self.load_name("super");
                        self.load_name("__class__");
                        self.load_name(&first);
                        self.set_span(c.range());
                        self.emit(Op::Call(2));
                        return Ok(());
                    }
                }
            }
        }
        let has_star = args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || kws.iter().any(|k| k.arg.is_none());
        // Method calls avoid building a bound-method object.
        if let (Expr::Attribute(a), false, true) = (&*c.func, has_star, kws.is_empty()) {
            self.expr(&a.value)?;
            for x in args.iter() {
                self.expr(x)?;
            }
            self.set_span(c.range());
            let n = self.name_idx(a.attr.as_str());
            self.emit(Op::CallMethod(n, args.len() as u32));
            return Ok(());
        }
        self.expr(&c.func)?;
        if has_star {
            self.exprs_with_star(args, Op::BuildTuple)?;
            if !args.iter().any(|a| matches!(a, Expr::Starred(_))) {
                // exprs_with_star built a tuple directly.
            }
            self.emit(Op::BuildDict(0));
            for k in kws.iter() {
                match &k.arg {
                    Some(name) => {
                        let kk = self.konst(Const::str(name.as_str()));
                        self.emit(Op::Const(kk));
                        self.expr(&k.value)?;
                        self.emit(Op::BuildDict(1));
                    }
                    None => self.expr(&k.value)?,
                }
                self.emit(Op::DictMerge);
            }
            self.set_span(c.range());
            self.emit(Op::CallEx);
            return Ok(());
        }
        for x in args.iter() {
            self.expr(x)?;
        }
        for k in kws.iter() {
            self.expr(&k.value)?;
        }
        self.set_span(c.range());
        if kws.is_empty() {
            self.emit(Op::Call(args.len() as u32));
        } else {
            let names: Rc<[Rc<str>]> = kws
                .iter()
                .map(|k| Rc::from(k.arg.as_ref().map(|a| a.as_str()).unwrap_or("")))
                .collect();
            let k = self.konst(Const::Names(names));
            self.emit(Op::CallKw((args.len() + kws.len()) as u32, k));
        }
        Ok(())
    }
}

enum FnBody<'a> {
    Stmts(Vec<&'a Stmt>),
    Class(Vec<&'a Stmt>),
    Expr(&'a Expr),
}

enum CompKind<'a> {
    /// A generator expression: a generator of its own.
    Gen(&'a Expr),
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
}

/// The name of a built-in non-exception type used as a base class, which
/// the subset cannot subclass yet (`threading.Thread`, `dict`,
/// `asyncio.Future`…).
fn unsupported_base(base: &Expr) -> Option<String> {
    let name = match base {
        Expr::Name(n) => n.id.to_string(),
        Expr::Attribute(a) => match &*a.value {
            Expr::Name(m) => format!("{}.{}", m.id, a.attr),
            _ => return None,
        },
        _ => return None,
    };
    const REFUSED: &[&str] = &[
        "int",
        "str",
        "float",
        "list",
        "dict",
        "set",
        "tuple",
        "bool",
        "frozenset",
        "type",
        "asyncio.Future",
        "asyncio.Task",
        "asyncio.Queue",
        "asyncio.Lock",
        "asyncio.Event",
        "asyncio.Semaphore",
        "asyncio.Condition",
        "asyncio.TaskGroup",
        "asyncio.PriorityQueue",
        "asyncio.LifoQueue",
        "threading.Thread",
        "threading.Lock",
        "typing.TypedDict",
    ];
    // Names imported bare (`from threading import Thread`).
    let bare = ["Thread", "Future", "Task", "Queue", "TypedDict"];
    (REFUSED.contains(&name.as_str()) || bare.contains(&name.as_str())).then_some(name)
}

fn unreachable_block() -> ! {
    // The compiler pushes and pops its own block stack symmetrically; a
    // mismatch is a bug in this file, not in the user's program.
    panic!("compiler block stack out of balance")
}

/// The docstring of a body: its first statement, when that is a string
/// literal (not an f-string).
fn docstring(stmts: &[&Stmt]) -> Option<String> {
    match stmts.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn parse_big(s: &str) -> Option<BigInt> {
    let t: String = s.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        BigInt::parse_bytes(h.as_bytes(), 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        BigInt::parse_bytes(o.as_bytes(), 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        BigInt::parse_bytes(b.as_bytes(), 2)
    } else {
        BigInt::parse_bytes(lower.as_bytes(), 10)
    }
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::Ne,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::Le,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::Ge,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
    }
}
