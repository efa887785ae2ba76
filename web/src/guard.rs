//! A cheap pre-check that keeps pathological sources away from the parser.
//!
//! The parser and everything that walks its tree recurse once per nesting
//! level, and the browser's stack is small; CPython itself refuses these
//! programs (`too many nested parentheses`, `RecursionError` during
//! compilation).  So before anything parses the source, this scan rejects
//! more than [`MAX_NESTING`] open brackets or more than [`MAX_OPERATORS`]
//! operators in one statement, with the line and column where it happens.

use crate::i18n::{say, texts, Lang, Phrase};

/// CPython's own limit on nested brackets (its tokenizer's `MAXLEVEL`).
pub const MAX_NESTING: usize = 200;
/// Operators allowed in one statement (a longer chain makes a tree too deep to walk).
pub const MAX_OPERATORS: usize = 1000;

/// What is wrong with a refused source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    /// More than [`MAX_NESTING`] open brackets.
    Nested,
    /// More than [`MAX_OPERATORS`] operators in one statement.
    TooComplex,
}

impl Reason {
    /// The message in `lang`.
    pub fn message(self, lang: Lang) -> String {
        match self {
            Reason::Nested => texts(lang).too_nested.to_string(),
            Reason::TooComplex => say(lang, &Phrase::TooComplex(MAX_OPERATORS)),
        }
    }
}

/// Why a source is refused: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub reason: Reason,
}

/// Scans `source`; `Err` when it is too deeply nested or too complex to parse safely.
pub fn check(source: &str) -> Result<(), Refusal> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let (mut line, mut col) = (1u32, 0u32);
    let mut chars = source.chars().peekable();
    // The quote that opened the current string, and whether it is triple.
    let mut string: Option<(char, bool)> = None;
    let mut comment = false;
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            comment = false;
            if depth == 0 && string.is_none() {
                operators = 0;
            }
            if let Some((_, false)) = string {
                string = None;
            }
            continue;
        }
        if comment {
            continue;
        }
        if let Some((quote, triple)) = string {
            if c == '\\' {
                chars.next();
                col += 1;
            } else if c == quote {
                if !triple {
                    string = None;
                } else if chars.peek() == Some(&quote) {
                    chars.next();
                    if chars.peek() == Some(&quote) {
                        chars.next();
                        col += 2;
                        string = None;
                    } else {
                        col += 1;
                    }
                }
            }
            continue;
        }
        match c {
            '#' => comment = true,
            '\'' | '"' => {
                let triple = chars.peek() == Some(&c) && {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek() == Some(&c)
                };
                if triple {
                    chars.next();
                    chars.next();
                    col += 2;
                }
                string = Some((c, triple));
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Refusal {
                        line,
                        col,
                        reason: Reason::Nested,
                    });
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<' | '>' | '@' => {
                operators += 1;
                if operators > MAX_OPERATORS {
                    return Err(Refusal {
                        line,
                        col,
                        reason: Reason::TooComplex,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_refusal(source: &str, expected: Option<(u32, u32, &str)>) {
        let got = check(source)
            .err()
            .map(|r| (r.line, r.col, r.reason.message(Lang::En)));
        assert_eq!(
            got,
            expected.map(|(l, c, m)| (l, c, m.to_string())),
            "{source:.40}"
        );
    }

    #[test]
    fn refuses_what_cpython_refuses() {
        check_refusal("print((1))\n", None);
        check_refusal(
            &format!("x = {}1{}", "(".repeat(200), ")".repeat(200)),
            None,
        );
        check_refusal(
            &format!("\nx = {}1", "[".repeat(201)),
            Some((2, 205, "too many nested parentheses")),
        );
        // Brackets inside strings and comments do not count.
        check_refusal(
            &format!(
                "s = '{}'\n# {}\nt = \"\"\"{}\n\"\"\"",
                "(".repeat(300),
                "(".repeat(300),
                "[".repeat(300)
            ),
            None,
        );
        let chain = format!("x = {}", vec!["1"; 1002].join("+"));
        check_refusal(
            &chain,
            Some((
                1,
                2006,
                "this statement is too complex to run here (over 1000 operators)",
            )),
        );
        // Separate statements each get their own budget.
        check_refusal(&"x = 1 + 1\n".repeat(5000), None);
        check_refusal("s = 'it\\'s'\nx = ((1))", None);
    }
}
