//! Facts about numeric literals for the sliders: where each one is, its value,
//! the function it is in, and what it means (the call it is an argument of,
//! and at which position or keyword, or the module-level constant it
//! defines).  Deciding which literals become sliders is the front end's
//! business; this module only reports what the source says.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

/// How a literal is passed to its call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Argument {
    /// The n-th positional argument (0-based).
    Position(usize),
    /// A keyword argument.
    Keyword(String),
}

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
    /// The innermost enclosing function's name, or `None` at module level.
    pub function: Option<String>,
    /// The dotted name of the call it is an argument of (`asyncio.sleep`, `range`).
    pub call: Option<String>,
    /// Where in that call it is passed.
    pub argument: Option<Argument>,
    /// The module-level name it is assigned to (`DELAY = 1.5`).
    pub constant: Option<String>,
}

/// Every numeric literal of a program that parses (none otherwise).
pub fn literals(source: &str) -> Vec<Literal> {
    // A source the guard refuses never reaches the parser: its error
    // recovery on thousands of unclosed brackets takes seconds.  The guard
    // also bounds the nesting, and with it the recursion of the visitor.
    if crate::front::guard::check(source).is_err() {
        return Vec::new();
    }
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Vec::new();
    };
    let lines = crate::front::lines::LineIndex::new(source);
    let mut c = Collector {
        lines: &lines,
        function: Vec::new(),
        out: Vec::new(),
    };
    for s in &parsed.syntax().body {
        c.module_stmt(s);
    }
    c.out.sort_by_key(|l| l.start);
    c.out
}

struct Collector<'a> {
    lines: &'a crate::front::lines::LineIndex,
    function: Vec<String>,
    out: Vec<Literal>,
}

fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", dotted(&a.value)?, a.attr)),
        _ => None,
    }
}

/// A number literal, possibly negated: the literal, whether negated, and the range.
fn number(e: &Expr) -> Option<(&ast::ExprNumberLiteral, bool, ruff_text_size::TextRange)> {
    match e {
        Expr::NumberLiteral(n) => Some((n, false, n.range())),
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match &*u.operand {
            Expr::NumberLiteral(n) => Some((n, true, u.range())),
            _ => None,
        },
        _ => None,
    }
}

impl Collector<'_> {
    /// Records `e` if it is a number; says whether it was.
    fn record(
        &mut self,
        e: &Expr,
        call: Option<(&str, Argument)>,
        constant: Option<String>,
    ) -> bool {
        let Some((n, neg, range)) = number(e) else {
            return false;
        };
        let (v, is_int) = match &n.value {
            ast::Number::Int(i) => (i.as_i64().map(|v| v as f64).unwrap_or(f64::INFINITY), true),
            ast::Number::Float(f) => (*f, false),
            ast::Number::Complex { .. } => return true,
        };
        let start = range.start().to_usize();
        let (call, argument) = match call {
            Some((name, arg)) => (Some(name.to_string()), Some(arg)),
            None => (None, None),
        };
        self.out.push(Literal {
            start,
            end: range.end().to_usize(),
            line: self.lines.line_col(start).0,
            value: if neg { -v } else { v },
            is_int,
            function: self.function.last().cloned(),
            call,
            argument,
            constant,
        });
        true
    }

    /// A statement at module level, where `NAME = 5` defines a constant.
    fn module_stmt(&mut self, s: &Stmt) {
        let (target, value) = match s {
            Stmt::Assign(a) => match a.targets.as_slice() {
                [t] => (Some(t), Some(&*a.value)),
                _ => (None, None),
            },
            Stmt::AnnAssign(a) => (Some(&*a.target), a.value.as_deref()),
            _ => (None, None),
        };
        if let (Some(Expr::Name(n)), Some(v)) = (target, value) {
            if self.record(v, None, Some(n.id.to_string())) {
                return;
            }
        }
        self.visit_stmt(s);
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::FunctionDef(def) = stmt {
            // Defaults belong to the function they configure.
            self.function.push(def.name.id.to_string());
            visitor::walk_stmt(self, stmt);
            self.function.pop();
        } else {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.record(expr, None, None) {
            return;
        }
        if let Expr::Call(c) = expr {
            let name = dotted(&c.func);
            self.visit_expr(&c.func);
            for (i, a) in c.arguments.args.iter().enumerate() {
                let call = name.as_deref().map(|n| (n, Argument::Position(i)));
                if !self.record(a, call, None) {
                    self.visit_expr(a);
                }
            }
            for k in c.arguments.keywords.iter() {
                let call = match (&name, &k.arg) {
                    (Some(n), Some(a)) => Some((n.as_str(), Argument::Keyword(a.to_string()))),
                    _ => None,
                };
                if !self.record(&k.value, call, None) {
                    self.visit_expr(&k.value);
                }
            }
            return;
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_durations_counts_and_constants() {
        let src = "import asyncio\nN = 3\n\nasync def func1():\n    await asyncio.sleep(1.5)\n    for i in range(10):\n        pass\n\nasync def main():\n    await asyncio.wait_for(func1(), timeout=2)\n\nclass W:\n    def run(self, d=-0.5):\n        print(x[4])\n";
        let lits = literals(src);
        type Row<'a> = (
            f64,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a Argument>,
            Option<&'a str>,
        );
        let desc: Vec<Row> = lits
            .iter()
            .map(|l| {
                (
                    l.value,
                    l.function.as_deref(),
                    l.call.as_deref(),
                    l.argument.as_ref(),
                    l.constant.as_deref(),
                )
            })
            .collect();
        let kw = Argument::Keyword("timeout".into());
        assert_eq!(
            desc,
            vec![
                (3.0, None, None, None, Some("N")),
                (
                    1.5,
                    Some("func1"),
                    Some("asyncio.sleep"),
                    Some(&Argument::Position(0)),
                    None
                ),
                (
                    10.0,
                    Some("func1"),
                    Some("range"),
                    Some(&Argument::Position(0)),
                    None
                ),
                (2.0, Some("main"), Some("asyncio.wait_for"), Some(&kw), None),
                (-0.5, Some("run"), None, None, None),
                (4.0, Some("run"), None, None, None),
            ]
        );
        assert_eq!(&src[lits[1].start..lits[1].end], "1.5");
        assert_eq!(lits[1].line, 5);
        assert_eq!(&src[lits[4].start..lits[4].end], "-0.5");
        assert!(literals("def (:\n").is_empty());
    }
}
