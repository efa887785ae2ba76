//! Name resolution: which names are locals, cells, free variables or globals
//! in each function, decided before compiling as CPython's symtable does.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// How deep statements and expressions may nest before compiling stops
/// with CPython's `RecursionError` message.  The guard (`crate::front::guard`)
/// refuses sources that could come near it; this bound is what keeps the
/// scope pass and the compiler safe whatever reaches them.
pub const MAX_DEPTH: usize = 2000;

/// What kind of scope a body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module body: every name is global.
    Module,
    /// A `def`, `async def` or `lambda`.
    Function,
    /// A comprehension's implicit function.
    Comprehension,
    /// A `class` body: its names are not visible to the functions inside it.
    Class,
}

/// The resolved names of one scope.
#[derive(Debug, Default)]
pub struct Scope {
    /// Names bound here, in first-binding order (parameters first).
    pub locals: Vec<String>,
    local_set: HashSet<String>,
    /// `global` declarations.
    pub globals: HashSet<String>,
    /// `nonlocal` declarations.
    pub nonlocals: HashSet<String>,
    uses: Vec<String>,
    /// Locals that inner functions capture (become cells).
    pub cells: Vec<String>,
    /// Names captured from enclosing functions.
    pub frees: Vec<String>,
    parent: Option<usize>,
    kind: Option<ScopeKind>,
    /// The body contains `yield` or `yield from`: calling it makes a generator.
    pub is_generator: bool,
    /// The body awaits (`await`, `async for`, `async with` or an async
    /// comprehension): a comprehension that does is a coroutine (or an
    /// async generator) of its own.
    pub awaits: bool,
}

impl Scope {
    fn bind(&mut self, name: &str) {
        if self.local_set.insert(name.to_string()) {
            self.locals.push(name.to_string());
        }
    }

    /// Whether `name` is bound in this scope (and not declared global/nonlocal).
    pub fn is_local(&self, name: &str) -> bool {
        self.local_set.contains(name)
            && !self.globals.contains(name)
            && !self.nonlocals.contains(name)
    }
}

/// All scopes of a module, keyed by the range of the node that opens them.
#[derive(Debug, Default)]
pub struct Scopes {
    /// Scopes in creation order; index 0 is the module.
    pub list: Vec<Scope>,
    /// Node range → scope index.
    pub by_range: HashMap<TextRange, usize>,
    /// Where the tree nested deeper than `MAX_DEPTH`, if it did
    /// (the analysis stops descending there, and compiling stops with it).
    pub too_deep: Option<TextRange>,
    /// Statements and expressions being analysed, one inside the other.
    depth: usize,
}

impl Scopes {
    /// Analyses a module.
    pub fn analyse(body: &[Stmt]) -> Scopes {
        let mut s = Scopes::default();
        s.list.push(Scope {
            kind: Some(ScopeKind::Module),
            ..Scope::default()
        });
        for st in body {
            s.stmt(0, st);
        }
        s.resolve();
        s
    }

    /// The kind of scope `i`.
    pub fn kind(&self, i: usize) -> ScopeKind {
        self.list[i].kind.unwrap_or(ScopeKind::Function)
    }

    fn new_scope(&mut self, parent: usize, range: TextRange, kind: ScopeKind) -> usize {
        let i = self.list.len();
        self.list.push(Scope {
            parent: Some(parent),
            kind: Some(kind),
            ..Scope::default()
        });
        self.by_range.insert(range, i);
        i
    }

    fn resolve(&mut self) {
        for i in 1..self.list.len() {
            let mut names: Vec<String> = self.list[i].uses.clone();
            names.extend(self.list[i].nonlocals.iter().cloned());
            for name in names {
                let sc = &self.list[i];
                if sc.is_local(&name) || sc.globals.contains(&name) {
                    continue;
                }
                // Walk outwards to the nearest function that binds the name.
                let mut path = vec![i];
                let mut p = sc.parent;
                let mut owner = None;
                while let Some(pi) = p {
                    let ps = &self.list[pi];
                    if ps.kind == Some(ScopeKind::Module) || ps.globals.contains(&name) {
                        break;
                    }
                    // A class body's names are invisible to the functions
                    // inside it, except the implicit `__class__` cell that
                    // zero-argument `super()` reads.
                    if ps.kind == Some(ScopeKind::Class) && name != "__class__" {
                        path.push(pi);
                        p = ps.parent;
                        continue;
                    }
                    if ps.is_local(&name) || (ps.kind == Some(ScopeKind::Class)) {
                        owner = Some(pi);
                        break;
                    }
                    path.push(pi);
                    p = ps.parent;
                }
                if let Some(o) = owner {
                    if !self.list[o].cells.contains(&name) {
                        self.list[o].cells.push(name.clone());
                    }
                    for si in path {
                        if !self.list[si].frees.contains(&name) {
                            self.list[si].frees.push(name.clone());
                        }
                    }
                }
            }
        }
    }

    fn target(&mut self, sc: usize, e: &Expr) {
        match e {
            Expr::Name(n) => self.list[sc].bind(n.id.as_str()),
            Expr::Tuple(t) => t.elts.iter().for_each(|x| self.target(sc, x)),
            Expr::List(t) => t.elts.iter().for_each(|x| self.target(sc, x)),
            Expr::Starred(s) => self.target(sc, &s.value),
            other => self.expr(sc, other),
        }
    }

    fn params(&mut self, sc: usize, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            self.list[sc].bind(a.parameter.name.as_str());
        }
        for a in p.kwonlyargs.iter() {
            self.list[sc].bind(a.parameter.name.as_str());
        }
        if let Some(v) = &p.vararg {
            self.list[sc].bind(v.name.as_str());
        }
        if let Some(v) = &p.kwarg {
            self.list[sc].bind(v.name.as_str());
        }
    }

    fn defaults(&mut self, sc: usize, p: &ast::Parameters) {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(d) = &a.default {
                self.expr(sc, d);
            }
        }
    }

    fn body(&mut self, sc: usize, body: &[Stmt]) {
        for s in body {
            self.stmt(sc, s);
        }
    }

    fn stmt(&mut self, sc: usize, s: &Stmt) {
        self.nested(s.range(), |this| this.stmt_inner(sc, s));
    }

    fn expr(&mut self, sc: usize, e: &Expr) {
        self.nested(e.range(), |this| this.expr_inner(sc, e));
    }

    /// Runs one recursive step one level deeper, unless the tree is too deep
    /// (then the first place where it is, is kept for the error).
    fn nested(&mut self, at: TextRange, step: impl FnOnce(&mut Self)) {
        if self.too_deep.is_some() {
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.too_deep = Some(at);
            return;
        }
        self.depth += 1;
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || step(self));
        self.depth -= 1;
    }

    fn stmt_inner(&mut self, sc: usize, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(sc, &d.expression);
                }
                self.list[sc].bind(f.name.as_str());
                self.defaults(sc, &f.parameters);
                let inner = self.new_scope(sc, f.range(), ScopeKind::Function);
                self.params(inner, &f.parameters);
                self.body(inner, &f.body);
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(sc, &d.expression);
                }
                if let Some(args) = &c.arguments {
                    args.args.iter().for_each(|b| self.expr(sc, b));
                    args.keywords.iter().for_each(|k| self.expr(sc, &k.value));
                }
                self.list[sc].bind(c.name.as_str());
                let inner = self.new_scope(sc, c.range(), ScopeKind::Class);
                // A docstring becomes the namespace's `__doc__`.
                if let Some(Stmt::Expr(e)) = c.body.first() {
                    if matches!(&*e.value, Expr::StringLiteral(_)) {
                        self.list[inner].bind("__doc__");
                    }
                }
                self.body(inner, &c.body);
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(sc, v);
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(sc, t)),
            Stmt::Assign(a) => {
                self.expr(sc, &a.value);
                a.targets.iter().for_each(|t| self.target(sc, t));
            }
            Stmt::AugAssign(a) => {
                self.expr(sc, &a.value);
                if let Expr::Name(n) = &*a.target {
                    self.list[sc].uses.push(n.id.to_string());
                }
                self.target(sc, &a.target);
            }
            Stmt::AnnAssign(a) => {
                // A class body records its annotations (dataclass fields).
                if self.list[sc].kind == Some(ScopeKind::Class)
                    && matches!(&*a.target, Expr::Name(_))
                {
                    self.list[sc].bind("__annotations__");
                }
                if let Some(v) = &a.value {
                    self.expr(sc, v);
                    self.target(sc, &a.target);
                }
            }
            Stmt::For(f) => {
                self.expr(sc, &f.iter);
                self.target(sc, &f.target);
                self.body(sc, &f.body);
                self.body(sc, &f.orelse);
            }
            Stmt::While(w) => {
                self.expr(sc, &w.test);
                self.body(sc, &w.body);
                self.body(sc, &w.orelse);
            }
            Stmt::If(i) => {
                self.expr(sc, &i.test);
                self.body(sc, &i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(sc, t);
                    }
                    self.body(sc, &c.body);
                }
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.expr(sc, &it.context_expr);
                    if let Some(v) = &it.optional_vars {
                        self.target(sc, v);
                    }
                }
                self.body(sc, &w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(sc, e);
                }
                if let Some(e) = &r.cause {
                    self.expr(sc, e);
                }
            }
            Stmt::Try(t) => {
                self.body(sc, &t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(sc, ty);
                    }
                    if let Some(n) = &h.name {
                        self.list[sc].bind(n.as_str());
                    }
                    self.body(sc, &h.body);
                }
                self.body(sc, &t.orelse);
                self.body(sc, &t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(sc, &a.test);
                if let Some(m) = &a.msg {
                    self.expr(sc, m);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = match &a.asname {
                        Some(n) => n.to_string(),
                        None => a.name.split('.').next().unwrap_or("").to_string(),
                    };
                    self.list[sc].bind(&bound);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.list[sc].bind(bound.as_str());
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.list[sc].globals.insert(n.to_string());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.list[sc].nonlocals.insert(n.to_string());
                }
            }
            Stmt::Expr(e) => self.expr(sc, &e.value),
            Stmt::Match(m) => {
                self.expr(sc, &m.subject);
                for case in &m.cases {
                    self.pattern(sc, &case.pattern);
                    if let Some(g) = &case.guard {
                        self.expr(sc, g);
                    }
                    self.body(sc, &case.body);
                }
            }
            _ => {}
        }
    }

    /// Binds the names a `match` pattern captures and reads the values it
    /// compares against, one level deeper per nested pattern.
    fn pattern(&mut self, sc: usize, p: &ast::Pattern) {
        self.nested(p.range(), |this| this.pattern_inner(sc, p));
    }

    fn pattern_inner(&mut self, sc: usize, p: &ast::Pattern) {
        match p {
            ast::Pattern::MatchValue(v) => self.expr(sc, &v.value),
            ast::Pattern::MatchSingleton(_) => {}
            ast::Pattern::MatchSequence(s) => s.patterns.iter().for_each(|q| self.pattern(sc, q)),
            ast::Pattern::MatchMapping(m) => {
                m.keys.iter().for_each(|k| self.expr(sc, k));
                m.patterns.iter().for_each(|q| self.pattern(sc, q));
                if let Some(r) = &m.rest {
                    self.list[sc].bind(r.as_str());
                }
            }
            ast::Pattern::MatchClass(c) => {
                self.expr(sc, &c.cls);
                c.arguments
                    .patterns
                    .iter()
                    .for_each(|q| self.pattern(sc, q));
                c.arguments
                    .keywords
                    .iter()
                    .for_each(|k| self.pattern(sc, &k.pattern));
            }
            ast::Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.list[sc].bind(n.as_str());
                }
            }
            ast::Pattern::MatchAs(a) => {
                if let Some(q) = &a.pattern {
                    self.pattern(sc, q);
                }
                if let Some(n) = &a.name {
                    self.list[sc].bind(n.as_str());
                }
            }
            ast::Pattern::MatchOr(o) => o.patterns.iter().for_each(|q| self.pattern(sc, q)),
        }
    }

    fn comprehension(
        &mut self,
        sc: usize,
        range: TextRange,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
        is_genexp: bool,
    ) {
        if let Some(first) = gens.first() {
            self.expr(sc, &first.iter);
        }
        let inner = self.new_scope(sc, range, ScopeKind::Comprehension);
        self.list[inner].bind(".0");
        if gens.iter().any(|g| g.is_async) {
            self.list[inner].awaits = true;
        }
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(inner, &g.iter);
            }
            self.target(inner, &g.target);
            for c in &g.ifs {
                self.expr(inner, c);
            }
        }
        for e in elts {
            self.expr(inner, e);
        }
        if is_genexp {
            self.list[inner].is_generator = true;
        } else if self.list[inner].awaits {
            // A list, set or dict comprehension that awaits is awaited where
            // it stands, as CPython 3.12 runs it inline.
            self.list[sc].awaits = true;
        }
    }

    fn expr_inner(&mut self, sc: usize, e: &Expr) {
        match e {
            Expr::Name(n) => {
                // Zero-argument `super()` reads the class from the cell
                // `__class__` of the class body around the method.
                if n.id.as_str() == "super" {
                    self.list[sc].uses.push("__class__".to_string());
                }
                self.list[sc].uses.push(n.id.to_string())
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(sc, p);
                }
                let inner = self.new_scope(sc, l.range(), ScopeKind::Function);
                if let Some(p) = &l.parameters {
                    self.params(inner, p);
                }
                self.expr(inner, &l.body);
            }
            Expr::ListComp(c) => self.comprehension(sc, c.range(), &c.generators, &[&c.elt], false),
            Expr::SetComp(c) => self.comprehension(sc, c.range(), &c.generators, &[&c.elt], false),
            Expr::Generator(c) => self.comprehension(sc, c.range(), &c.generators, &[&c.elt], true),
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = vec![&c.value];
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                self.comprehension(sc, c.range(), &c.generators, &elts, false)
            }
            Expr::Named(n) => {
                self.expr(sc, &n.value);
                match &*n.target {
                    // In a comprehension, `:=` binds in the nearest enclosing
                    // function (or the module), as PEP 572 says: the
                    // comprehensions in between see it as a free variable
                    // (or a global at module level).
                    Expr::Name(name) if self.kind(sc) == ScopeKind::Comprehension => {
                        let name = name.id.to_string();
                        let mut between = vec![sc];
                        let mut owner = self.list[sc].parent.unwrap_or(0);
                        while self.kind(owner) == ScopeKind::Comprehension {
                            between.push(owner);
                            owner = self.list[owner].parent.unwrap_or(0);
                        }
                        let global = self.kind(owner) == ScopeKind::Module
                            || self.list[owner].globals.contains(&name);
                        if !global {
                            self.list[owner].bind(&name);
                        }
                        for b in between {
                            if global {
                                self.list[b].globals.insert(name.clone());
                            } else {
                                self.list[b].nonlocals.insert(name.clone());
                            }
                        }
                    }
                    other => self.target(sc, other),
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.list[sc].is_generator = true;
                walk_children(e, &mut |c| self.expr(sc, c))
            }
            Expr::Await(a) => {
                self.list[sc].awaits = true;
                self.expr(sc, &a.value)
            }
            other => walk_children(other, &mut |c| self.expr(sc, c)),
        }
    }
}

/// Calls `f` on each direct sub-expression of `e` (not entering new scopes' bodies).
pub fn walk_children(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match e {
        Expr::BoolOp(b) => b.values.iter().for_each(f),
        Expr::Named(n) => {
            f(&n.target);
            f(&n.value)
        }
        Expr::BinOp(b) => {
            f(&b.left);
            f(&b.right)
        }
        Expr::UnaryOp(u) => f(&u.operand),
        Expr::If(i) => {
            f(&i.test);
            f(&i.body);
            f(&i.orelse)
        }
        Expr::Dict(d) => {
            for it in &d.items {
                if let Some(k) = &it.key {
                    f(k);
                }
                f(&it.value);
            }
        }
        Expr::Set(s) => s.elts.iter().for_each(f),
        Expr::Await(a) => f(&a.value),
        Expr::Yield(y) => {
            if let Some(v) = &y.value {
                f(v)
            }
        }
        Expr::YieldFrom(y) => f(&y.value),
        Expr::Compare(c) => {
            f(&c.left);
            c.comparators.iter().for_each(f)
        }
        Expr::Call(c) => {
            f(&c.func);
            c.arguments.args.iter().for_each(&mut *f);
            c.arguments.keywords.iter().for_each(|k| f(&k.value));
        }
        Expr::FString(fs) => {
            for el in fs.value.elements() {
                walk_fstring_element(el, f);
            }
        }
        Expr::Attribute(a) => f(&a.value),
        Expr::Subscript(s) => {
            f(&s.value);
            f(&s.slice)
        }
        Expr::Starred(s) => f(&s.value),
        Expr::List(l) => l.elts.iter().for_each(f),
        Expr::Tuple(t) => t.elts.iter().for_each(f),
        Expr::Slice(s) => {
            for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                f(x);
            }
        }
        _ => {}
    }
}

fn walk_fstring_element(el: &ast::InterpolatedStringElement, f: &mut dyn FnMut(&Expr)) {
    if let ast::InterpolatedStringElement::Interpolation(i) = el {
        f(&i.expression);
        if let Some(spec) = &i.format_spec {
            for e in &spec.elements {
                walk_fstring_element(e, f);
            }
        }
    }
}
