//! Facts about numeric literals for the sliders: where each one is, its value,
//! the function it is in, and what it means (the call it is an argument of,
//! or the module-level constant it defines).

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::scope::walk_children;

/// One numeric literal.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Literal {
    /// Byte offset where it starts (a leading `-` is included).
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// 1-based line.
    pub line: u32,
    /// Its value.
    pub value: f64,
    /// Whether it is written as an int.
    pub is_int: bool,
    /// The enclosing function's name, or `None` at module level.
    pub function: Option<String>,
    /// The call it is an argument of (`asyncio.sleep`, `range`), with the
    /// keyword if passed by keyword (`asyncio.wait_for(timeout=)`).
    pub call: Option<String>,
    /// The module-level name it is assigned to (`DELAY = 1.5`).
    pub constant: Option<String>,
}

/// Every numeric literal of a program that parses (none otherwise).
pub fn literals(source: &str) -> Vec<Literal> {
    // A source the guard refuses never reaches the parser: its error
    // recovery on thousands of unclosed brackets takes seconds.
    if crate::guard::check(source).is_err() {
        return Vec::new();
    }
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Vec::new();
    };
    let lines = crate::compile::LineIndex::new(source);
    let mut c = Collector {
        lines: &lines,
        out: Vec::new(),
    };
    for s in &parsed.syntax().body {
        c.stmt(s, None);
    }
    c.out.sort_by_key(|l| l.start);
    c.out
}

struct Collector<'a> {
    lines: &'a crate::compile::LineIndex,
    out: Vec<Literal>,
}

fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", dotted(&a.value)?, a.attr)),
        _ => None,
    }
}

impl Collector<'_> {
    fn number(
        &mut self,
        e: &Expr,
        func: Option<&str>,
        call: Option<String>,
        constant: Option<String>,
    ) -> bool {
        let (n, neg, range) = match e {
            Expr::NumberLiteral(n) => (n, false, n.range()),
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match &*u.operand {
                Expr::NumberLiteral(n) => (n, true, u.range()),
                _ => return false,
            },
            _ => return false,
        };
        let (v, is_int) = match &n.value {
            ast::Number::Int(i) => (i.as_i64().map(|v| v as f64).unwrap_or(f64::INFINITY), true),
            ast::Number::Float(f) => (*f, false),
            ast::Number::Complex { .. } => return true,
        };
        let start = range.start().to_usize();
        self.out.push(Literal {
            start,
            end: range.end().to_usize(),
            line: self.lines.line_col(start).0,
            value: if neg { -v } else { v },
            is_int,
            function: func.map(String::from),
            call,
            constant,
        });
        true
    }

    fn expr(&mut self, e: &Expr, func: Option<&str>) {
        if self.number(e, func, None, None) {
            return;
        }
        if let Expr::Call(c) = e {
            let name = dotted(&c.func);
            self.expr(&c.func, func);
            for a in c.arguments.args.iter() {
                if !self.number(a, func, name.clone(), None) {
                    self.expr(a, func);
                }
            }
            for k in c.arguments.keywords.iter() {
                let label = name.as_ref().map(|n| match &k.arg {
                    Some(a) => format!("{n}({a}=)"),
                    None => n.clone(),
                });
                if !self.number(&k.value, func, label, None) {
                    self.expr(&k.value, func);
                }
            }
            return;
        }
        if let Expr::Lambda(l) = e {
            self.expr(&l.body, func);
            return;
        }
        walk_children(e, &mut |c| self.expr(c, func));
        match e {
            Expr::ListComp(c) => self.comp(&c.generators, &[&c.elt], func),
            Expr::SetComp(c) => self.comp(&c.generators, &[&c.elt], func),
            Expr::Generator(c) => self.comp(&c.generators, &[&c.elt], func),
            Expr::DictComp(c) => self.comp(&c.generators, &[&c.value], func),
            _ => {}
        }
    }

    fn comp(&mut self, gens: &[ast::Comprehension], elts: &[&Expr], func: Option<&str>) {
        for g in gens {
            self.expr(&g.iter, func);
            for i in &g.ifs {
                self.expr(i, func);
            }
        }
        for e in elts {
            self.expr(e, func);
        }
    }

    fn body(&mut self, body: &[Stmt], func: Option<&str>) {
        for s in body {
            self.stmt(s, func);
        }
    }

    fn stmt(&mut self, s: &Stmt, func: Option<&str>) {
        match s {
            Stmt::FunctionDef(f) => {
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        self.expr(d, Some(f.name.as_str()));
                    }
                }
                self.body(&f.body, Some(f.name.as_str()));
            }
            Stmt::Assign(a) => {
                let constant = match (func, a.targets.as_slice()) {
                    (None, [Expr::Name(n)]) => Some(n.id.to_string()),
                    _ => None,
                };
                if !self.number(&a.value, func, None, constant) {
                    self.expr(&a.value, func);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let constant = match (func, &*a.target) {
                        (None, Expr::Name(n)) => Some(n.id.to_string()),
                        _ => None,
                    };
                    if !self.number(v, func, None, constant) {
                        self.expr(v, func);
                    }
                }
            }
            Stmt::AugAssign(a) => self.expr(&a.value, func),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v, func);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value, func),
            Stmt::For(f) => {
                self.expr(&f.iter, func);
                self.body(&f.body, func);
                self.body(&f.orelse, func);
            }
            Stmt::While(w) => {
                self.expr(&w.test, func);
                self.body(&w.body, func);
                self.body(&w.orelse, func);
            }
            Stmt::If(i) => {
                self.expr(&i.test, func);
                self.body(&i.body, func);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t, func);
                    }
                    self.body(&c.body, func);
                }
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr, func);
                }
                self.body(&w.body, func);
            }
            Stmt::Try(t) => {
                self.body(&t.body, func);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.body(&h.body, func);
                }
                self.body(&t.orelse, func);
                self.body(&t.finalbody, func);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e, func);
                }
            }
            Stmt::Assert(a) => self.expr(&a.test, func),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_durations_counts_and_constants() {
        let src = "import asyncio\nN = 3\n\nasync def func1():\n    await asyncio.sleep(1.5)\n    for i in range(10):\n        pass\n\nasync def main():\n    await asyncio.wait_for(func1(), timeout=2)\n";
        let lits = literals(src);
        type Row<'a> = (f64, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let desc: Vec<Row> = lits
            .iter()
            .map(|l| {
                (
                    l.value,
                    l.function.as_deref(),
                    l.call.as_deref(),
                    l.constant.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            desc,
            vec![
                (3.0, None, None, Some("N")),
                (1.5, Some("func1"), Some("asyncio.sleep"), None),
                (10.0, Some("func1"), Some("range"), None),
                (2.0, Some("main"), Some("asyncio.wait_for(timeout=)"), None),
            ]
        );
        assert_eq!(&src[lits[1].start..lits[1].end], "1.5");
        assert_eq!(lits[1].line, 5);
    }
}
