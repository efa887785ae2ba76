//! Python-style traceback text for an exception that escaped the program.
//!
//! The layout follows CPython 3.12's C implementation of the default
//! `sys.excepthook` (`Python/pythonrun.c`, `print_exception_recursive`),
//! including the boxed tree it draws for exception groups, its limits
//! (`max_group_width` 15, `max_group_depth` 10), and the set of exceptions
//! already printed, which ends loops in `__cause__`/`__context__` chains.
//!
//! CPython recurses once per chain link and per group level; here the same
//! walk runs on an explicit work stack, so a chain or a group tree of any
//! size cannot exhaust the native stack (small in the browser).

use std::collections::HashSet;
use std::rc::Rc;

use crate::front::names::ExcClass;
use crate::runtime::exc::{Exc, TbEntry};
use crate::runtime::value::Value;

/// CPython shows at most this many members of a group.
const MAX_GROUP_WIDTH: usize = 15;

/// CPython shows groups nested at most this deep, then `... (max_group_depth is 10)`.
const MAX_GROUP_DEPTH: usize = 10;

/// CPython's printer counts one C recursion level per exception printed and
/// one per chain link, and gives up beyond this depth: a chain of 749
/// `__cause__` links prints, one of 750 does not.  CPython then prints an
/// internal error instead of any traceback; Loopscope prints the newest
/// links that fit and leaves out the older ones.
const MAX_PRINT_DEPTH: usize = 1498;

/// CPython prints at most this many traceback entries per exception (the
/// default `sys.tracebacklimit`), the innermost ones.
const MAX_TB_ENTRIES: usize = 1000;

/// The line between a cause and the exception it caused.
const CAUSE_MESSAGE: &str = "The above exception was the direct cause of the following exception:";

/// The line between a context and the exception raised while handling it.
const CONTEXT_MESSAGE: &str = "During handling of the above exception, another exception occurred:";

/// Formats `Traceback (most recent call last): ...` for `exc`, with its
/// `__cause__`/`__context__` chain first, as CPython prints it.
pub fn format(exc: &Value) -> String {
    report(exc).traceback
}

/// The traceback of an exception that escaped the program, as text and as
/// data: where it was raised, and which lines of the text name which line
/// of the program, so that no reader has to parse the text back.
pub fn report(exc: &Value) -> Raised {
    let mut w = Printer {
        out: String::new(),
        group_depth: 0,
        need_close: false,
        seen: HashSet::new(),
        lines: 0,
        frame_lines: Vec::new(),
        innermost: None,
    };
    w.run(exc.clone());
    Raised {
        at: w.innermost,
        traceback: w.out,
        frame_lines: w.frame_lines,
    }
}

/// An exception that escaped the program.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Raised {
    /// Where it was raised: the innermost frame of the last exception
    /// printed with a stack (the one that escaped; its causes print first).
    pub at: Option<Site>,
    /// The traceback as CPython prints it (`Traceback (most recent call last): ...`).
    pub traceback: String,
    /// For each line of `traceback` that names a frame (`File "main.py",
    /// line N, in f`): its 0-based index among the text's lines and N.
    pub frame_lines: Vec<(usize, u32)>,
}

/// A place in the program: a line, a 1-based column and a width, in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// Width in characters (at least 1).
    pub width: u32,
}

/// One pending piece of the walk; the stack of these replaces CPython's
/// recursion, in the same order.
enum Task {
    /// `print_exception_recursive`: the chain of this exception, then itself.
    Print(Value, usize),
    /// The exception itself (after its chain): a plain one, or a group's
    /// header followed by its members.
    Body(Value, usize),
    /// After a chained exception: restore `need_close` as it was before it
    /// and write the sentence linking it to the next one.
    ChainMessage(&'static str, bool),
    /// Member `index` of a group (the members shown are `0..shown`).
    Member {
        /// The group's members.
        items: Rc<Vec<Value>>,
        /// Which member.
        index: usize,
        /// How many boxes the group draws (at most `MAX_GROUP_WIDTH + 1`).
        shown: usize,
        /// The print depth of the group.
        depth: usize,
    },
    /// After member `index`: the closing line under the last box, then the
    /// next member.
    AfterMember {
        /// The group's members.
        items: Rc<Vec<Value>>,
        /// Which member.
        index: usize,
        /// How many boxes the group draws.
        shown: usize,
        /// The print depth of the group.
        depth: usize,
    },
    /// The end of a group: leaving the outermost one resets the margin.
    GroupEnd,
}

/// The state CPython keeps in its `exception_print_context`.
struct Printer {
    out: String,
    /// How deep in groups the printer is (0 outside any group).
    group_depth: usize,
    /// Whether the last box of a group still needs its closing line.
    need_close: bool,
    /// Exceptions already printed (by identity), so that a chain that loops
    /// or meets an exception shown earlier stops there.
    seen: HashSet<usize>,
    /// Lines written so far.
    lines: usize,
    /// (line of the text, line of the program) for each `File` line.
    frame_lines: Vec<(usize, u32)>,
    /// Where the last exception printed with a stack was raised.
    innermost: Option<Site>,
}

impl Printer {
    fn run(&mut self, exc: Value) {
        let mut stack = vec![Task::Print(exc, 1)];
        while let Some(task) = stack.pop() {
            match task {
                Task::Print(v, depth) => {
                    stack.push(Task::Body(v.clone(), depth));
                    self.seen.insert(v.identity());
                    let Value::Exc(e) = &v else { continue };
                    // `print_chained` and the `print_exception_recursive`
                    // under it are two levels of CPython's recursion.
                    if depth + 2 > MAX_PRINT_DEPTH {
                        continue;
                    }
                    let chained = match e.cause.borrow().as_ref() {
                        Some(cause) => Some((cause.clone(), CAUSE_MESSAGE)),
                        None if !e.suppress_context.get() => e
                            .context
                            .borrow()
                            .as_ref()
                            .map(|c| (c.clone(), CONTEXT_MESSAGE)),
                        None => None,
                    };
                    if let Some((c, message)) = chained {
                        if !self.seen.contains(&c.identity()) {
                            stack.push(Task::ChainMessage(message, self.need_close));
                            stack.push(Task::Print(c, depth + 2));
                        }
                    }
                }
                Task::ChainMessage(message, need_close) => {
                    self.need_close = need_close;
                    self.margin_line("");
                    self.margin_line(message);
                    self.margin_line("");
                }
                Task::Body(v, depth) => self.body(&v, depth, &mut stack),
                Task::Member {
                    items,
                    index,
                    shown,
                    depth,
                } => {
                    let last = index + 1 == shown;
                    if last {
                        // The closing line may be written by a nested group.
                        self.need_close = true;
                    }
                    let truncated = index >= MAX_GROUP_WIDTH;
                    let title = if truncated {
                        "...".to_string()
                    } else {
                        (index + 1).to_string()
                    };
                    self.indent();
                    self.out.push_str(if index == 0 { "+-" } else { "  " });
                    self.out
                        .push_str(&format!("+---------------- {title} ----------------\n"));
                    self.lines += 1;
                    self.group_depth += 1;
                    stack.push(Task::AfterMember {
                        items: items.clone(),
                        index,
                        shown,
                        depth,
                    });
                    if truncated {
                        let more = items.len() - MAX_GROUP_WIDTH;
                        let s = if more > 1 { "s" } else { "" };
                        self.margin_line(&format!("and {more} more exception{s}"));
                    } else if let Some(item) = items.get(index) {
                        stack.push(Task::Print(item.clone(), depth + 1));
                    }
                }
                Task::AfterMember {
                    items,
                    index,
                    shown,
                    depth,
                } => {
                    if index + 1 == shown && self.need_close {
                        self.indent();
                        self.out.push_str("+------------------------------------\n");
                        self.lines += 1;
                        self.need_close = false;
                    }
                    self.group_depth = self.group_depth.saturating_sub(1);
                    if index + 1 < shown {
                        stack.push(Task::Member {
                            items,
                            index: index + 1,
                            shown,
                            depth,
                        });
                    }
                }
                Task::GroupEnd => {
                    if self.group_depth == 1 {
                        self.group_depth = 0;
                    }
                }
            }
        }
    }

    /// Prints one exception after its chain: a plain exception's traceback
    /// and summary, or a group's and then (as tasks) its members.
    fn body(&mut self, v: &Value, depth: usize, stack: &mut Vec<Task>) {
        let Value::Exc(e) = v else {
            let r = v.repr();
            self.margin_text(&r);
            return;
        };
        let Some(items) = members(e) else {
            let stack_text = stack_text(e);
            if !stack_text.is_empty() {
                self.margin_line("Traceback (most recent call last):");
                self.stack(&stack_text, e);
            }
            self.margin_text(&e.summary());
            self.notes(e);
            return;
        };
        if self.group_depth > MAX_GROUP_DEPTH {
            self.margin_line(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})"));
            return;
        }
        if self.group_depth == 0 {
            self.group_depth = 1;
        }
        let stack_text = stack_text(e);
        if !stack_text.is_empty() {
            let margin = if self.group_depth == 1 { '+' } else { '|' };
            self.indent();
            self.out.push(margin);
            self.out
                .push_str(" Exception Group Traceback (most recent call last):\n");
            self.lines += 1;
            self.stack(&stack_text, e);
        }
        self.margin_text(&e.summary());
        self.notes(e);
        let shown = items.len().min(MAX_GROUP_WIDTH) + usize::from(items.len() > MAX_GROUP_WIDTH);
        self.need_close = false;
        stack.push(Task::GroupEnd);
        if shown > 0 {
            stack.push(Task::Member {
                items: Rc::new(items),
                index: 0,
                shown,
                depth,
            });
        }
    }

    /// CPython's `EXC_INDENT`: two spaces per group level.
    fn indent(&mut self) {
        for _ in 0..self.group_depth {
            self.out.push_str("  ");
        }
    }

    /// One line with the current margin (`| ` inside a group).
    fn margin_line(&mut self, line: &str) {
        self.indent();
        if self.group_depth > 0 {
            self.out.push_str("| ");
        }
        self.out.push_str(line);
        self.out.push('\n');
        self.lines += 1;
    }

    /// The stack lines of `e` with the margin, noting which lines name a
    /// frame of the program and, for the first exception printed with a
    /// stack, where it was raised.
    fn stack(&mut self, lines: &[(String, Option<u32>)], e: &Exc) {
        // The last stack printed is the exception that escaped (its causes
        // come first), and its first entry is the innermost frame.
        if let Some(en) = e.traceback.borrow().first() {
            self.innermost = Some(site(en));
        }
        for (text, frame) in lines {
            if let Some(line) = frame {
                self.frame_lines.push((self.lines, *line));
            }
            self.margin_line(text);
        }
    }

    /// Each line of `text` (a trailing newline ends the last line) with the margin.
    /// The exception's `__notes__`, one after another under its summary.
    fn notes(&mut self, e: &Exc) {
        let Some(Value::List(l)) = e.notes.borrow().clone() else {
            return;
        };
        let notes = l.borrow().clone();
        for n in notes {
            match &n {
                Value::Str(s) => self.margin_text(s),
                other => self.margin_text(&other.repr()),
            }
        }
    }

    fn margin_text(&mut self, text: &str) {
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            self.margin_line(line);
        }
    }
}

/// The exceptions directly inside a group, or `None` for a plain exception.
fn members(e: &Exc) -> Option<Vec<Value>> {
    if !e.class.is_subclass(ExcClass::BaseExceptionGroup) {
        return None;
    }
    let args = e.args.borrow();
    let found = match args.get(1) {
        Some(Value::List(l)) => l.borrow().clone(),
        Some(Value::Tuple(t)) => (**t).clone(),
        _ => Vec::new(),
    };
    Some(found)
}

/// The `  File "main.py", line N, in f` lines of an exception's traceback,
/// outermost first, each with the program line it names (the source and
/// caret lines under it name none).
fn stack_text(e: &Exc) -> Vec<(String, Option<u32>)> {
    let tb = e.traceback.borrow();
    let mut out = Vec::new();
    // Like CPython, only the innermost `MAX_TB_ENTRIES` entries are shown,
    // and a run of identical entries (deep recursion) is shown three times
    // and then summarised.
    let entries: Vec<_> = tb.iter().take(MAX_TB_ENTRIES).rev().collect();
    let mut i = 0;
    while i < entries.len() {
        let en = entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].line == en.line && entries[j].func == en.func {
            j += 1;
        }
        let run = j - i;
        for _ in 0..run.min(3) {
            out.push((
                format!("  File \"main.py\", line {}, in {}", en.line, en.func),
                Some(en.line),
            ));
            let stripped = en.text.trim();
            if !stripped.is_empty() {
                out.push((format!("    {stripped}"), None));
                if let Some(carets) = caret_line(en) {
                    out.push((carets, None));
                }
            }
        }
        if run > 3 {
            let more = run - 3;
            let s = if more == 1 { "" } else { "s" };
            out.push((
                format!("  [Previous line repeated {more} more time{s}]"),
                None,
            ));
        }
        i = j;
    }
    out
}

/// Where an entry's failing part is: its line, 1-based column and width in
/// characters (the part CPython marks with `^`, else the whole statement).
fn site(en: &TbEntry) -> Site {
    let text: Vec<char> = en.text.chars().collect();
    let lead = text.iter().take_while(|c| c.is_whitespace()).count() as u32;
    let statement = en.text.trim().chars().count() as u32;
    let whole = Site {
        line: en.line,
        col: lead + 1,
        width: statement.max(1),
    };
    let sp = en.span;
    if sp.line != en.line || sp.col == 0 {
        return whole;
    }
    let end = if sp.end_line == sp.line {
        sp.end_col
    } else {
        en.text.trim_end().chars().count() as u32 + 1
    };
    if sp.col <= lead || end <= sp.col {
        return whole;
    }
    Site {
        line: en.line,
        col: sp.col,
        width: end - sp.col,
    }
}

/// The `    ^^^^` line CPython 3.12 prints under the part of the line that
/// failed, or `None` when that part is the whole line.
fn caret_line(en: &crate::runtime::exc::TbEntry) -> Option<String> {
    let sp = en.span;
    if sp.line != en.line || sp.col == 0 {
        return None;
    }
    let chars: Vec<char> = en.text.chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = en.text.trim().chars().count();
    let start = (sp.col - 1) as usize;
    let end = if sp.end_line == sp.line {
        (sp.end_col - 1) as usize
    } else {
        en.text.trim_end().chars().count()
    };
    if start < lead || end < start || end > chars.len() {
        return None;
    }
    let anchors = if sp.end_line == sp.line {
        sp.anchors
    } else {
        None
    };
    if end - start >= stripped_len && anchors.is_none() {
        return None;
    }
    // Wide characters take two columns on a terminal, as CPython counts them.
    let width = |from: usize, to: usize| -> usize {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .map(|c| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(1))
            .sum()
    };
    let mut out = String::from("    ");
    out.push_str(&" ".repeat(width(lead, start)));
    match anchors {
        Some((l, r)) => {
            let (l, r) = (start + l as usize, start + r as usize);
            out.push_str(&"~".repeat(width(start, l)));
            out.push_str(&"^".repeat(width(l, r)));
            out.push_str(&"~".repeat(width(r, end)));
        }
        None => out.push_str(&"^".repeat(width(start, end))),
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    /// Runs `source` and checks where its escaping exception was raised and
    /// which lines of the traceback name which program lines.
    fn check(source: &str, at: Option<(u32, u32, u32)>, frames: &[(usize, u32)]) {
        let out = crate::run(source, &crate::Options::default());
        let raised = out.raised.expect("the program raises");
        assert_eq!(
            raised.at.map(|s| (s.line, s.col, s.width)),
            at,
            "{}",
            raised.traceback
        );
        assert_eq!(raised.frame_lines, frames, "{}", raised.traceback);
        for &(i, line) in frames {
            let text = raised.traceback.lines().nth(i).unwrap_or("");
            assert!(
                text.starts_with(&format!("  File \"main.py\", line {line}, in ")),
                "{text}"
            );
        }
        assert!(out.stderr.ends_with(&raised.traceback));
    }

    #[test]
    fn raised_exceptions_carry_their_site() {
        let source = "import asyncio\n\nasync def f():\n    return undefined_name\n\nasync def main():\n    await f()\n\nasyncio.run(main())\n";
        // CPython's own frames of asyncio.run are not shown; the `^` part
        // of line 4 is the name.
        let out = crate::run(source, &crate::Options::default());
        let tb = out.raised.expect("raises").traceback;
        assert!(tb.contains("           ^^^^^^^^^^^^^^\n"), "{tb}");
        check(source, Some((4, 12, 14)), &[(1, 9), (3, 7), (5, 4)]);
        // Without markers the whole statement is the site.
        check(
            "x = 1\nraise ValueError('x')\n",
            Some((2, 1, 21)),
            &[(1, 2)],
        );
        // A chain: the site is the exception that escaped, not its cause.
        check(
            "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise KeyError('k') from e\n",
            Some((4, 5, 26)),
            &[(1, 2), (9, 4)],
        );
    }
}
