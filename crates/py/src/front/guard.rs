//! A scan of the tokens that keeps pathological sources away from the parser
//! and from every pass that walks the tree.
//!
//! The parser, the scope analysis and the compiler recurse once per nesting
//! level, and the browser's stack is small (natively the parser grows its own
//! stack, but nothing after it does).  CPython refuses such programs too:
//! more than 200 open brackets is `SyntaxError: too many nested parentheses`,
//! more than 100 indentation levels is `IndentationError: too many levels of
//! indentation`, and a statement built of thousands of operators overflows its
//! parser (`MemoryError: Parser stack overflowed`) or its compiler
//! (`RecursionError: maximum recursion depth exceeded during compilation`).
//! So before anything parses the source, this scan counts, per logical line,
//! the tokens that can each add a level to the tree, and refuses the source
//! with the line and column of the first token over a limit.
//!
//! The lexer is a state machine without recursion, and it understands every
//! string form (f-strings nested in f-strings included), so brackets inside
//! strings and comments never count and nothing can hide from the scan.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{lexer, Mode};

use crate::front::diagnostic::SourceLimit;

/// CPython's own limit on nested brackets (its tokenizer's `MAXLEVEL`).
pub const MAX_NESTING: usize = 200;
/// CPython's own limit on indentation levels (its tokenizer's `MAXINDENT`, which counts the first column: 99 levels).
pub const MAX_INDENT: usize = 100;
/// Tokens that can each nest the tree one level deeper (operators, `.`,
/// `lambda`, `await`, `not`, calls and subscripts chained on one value),
/// allowed in one logical line.
pub const MAX_OPERATORS: usize = 1000;

/// How many operators one `lambda` counts as.
pub const LAMBDA_WEIGHT: usize = 5;

/// Why and where a source is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset of the token over the limit.
    pub offset: usize,
    /// Which limit.
    pub limit: SourceLimit,
}

/// Scans `source`; `Err` when it nests deeper than the passes after the parser can safely walk.
pub fn check(source: &str) -> Result<(), Refusal> {
    let Some(limit) = scan(source) else {
        return Ok(());
    };
    // The lexer reports token kinds but not where they are, so the token
    // that crossed the limit is found as the end of the shortest refused
    // prefix: a prefix lexes to the same tokens as the whole source up to
    // where it is cut.  This costs a few dozen more scans, and only for a
    // source that is refused anyway.
    let (mut lo, mut hi) = (0, source.len());
    while lo < hi {
        let mid = floor_char_boundary(source, lo + (hi - lo) / 2);
        if mid <= lo {
            // Only one character is left between the bounds.
            break;
        }
        if scan(&source[..mid]).is_some() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let offset = match limit {
        // Indentation is reported at the start of its line, as CPython does.
        SourceLimit::Indentation => source[..hi].rfind('\n').map_or(0, |i| i + 1),
        _ => token_start(source, hi),
    };
    Err(Refusal { offset, limit })
}

/// The limit `source` crosses first, if any.
fn scan(source: &str) -> Option<SourceLimit> {
    let mut lexer = lexer::lex(source, Mode::Module);
    let mut depth = 0usize;
    let mut indent = 0usize;
    let mut operators = 0usize;
    // Whether the previous token ends a value, so that a following `(` or
    // `[` is a call or a subscript chained onto it (`f()()()`, `a[0][0]`),
    // which nests the tree although the brackets themselves do not.
    let mut after_value = false;
    loop {
        let kind = lexer.next_token();
        match kind {
            TokenKind::EndOfFile => return None,
            TokenKind::Newline => operators = 0,
            TokenKind::Indent => {
                // CPython's indentation stack holds the first column too,
                // so its `MAXINDENT` of 100 allows 99 levels.
                indent += 1;
                if indent >= MAX_INDENT {
                    return Some(SourceLimit::Indentation);
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(SourceLimit::Brackets);
                }
                if after_value && matches!(kind, TokenKind::Lpar | TokenKind::Lsqb) {
                    operators += 1;
                }
            }
            TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace
            | TokenKind::FStringEnd
            | TokenKind::TStringEnd => depth = depth.saturating_sub(1),
            // A lambda opens a function of its own in every pass after the
            // parser, several times the stack of an operator: it counts as
            // five, so at most 200 nest (CPython's own bracket limit).
            TokenKind::Lambda => operators += LAMBDA_WEIGHT,
            k if nests(k) => operators += 1,
            _ => {}
        }
        if operators > MAX_OPERATORS {
            return Some(SourceLimit::Operators);
        }
        after_value = matches!(
            kind,
            TokenKind::Name
                | TokenKind::Int
                | TokenKind::Float
                | TokenKind::Complex
                | TokenKind::String
                | TokenKind::FStringEnd
                | TokenKind::TStringEnd
                | TokenKind::Rpar
                | TokenKind::Rsqb
                | TokenKind::Rbrace
                | TokenKind::None
                | TokenKind::True
                | TokenKind::False
        );
    }
}

/// The largest character boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The start of the token that ends at byte `end`: a keyword (`lambda`,
/// `await`) is a run of word characters, and the operators that nest are
/// one or two characters long.
fn token_start(source: &str, end: usize) -> usize {
    let head = &source[..end];
    let word = |c: char| c.is_alphanumeric() || c == '_';
    if head.ends_with(word) {
        return head.trim_end_matches(word).len();
    }
    const PAIRS: [&str; 9] = ["**", "//", "<<", ">>", "<=", ">=", "==", "!=", ":="];
    if PAIRS.iter().any(|p| head.ends_with(p)) {
        return end - 2;
    }
    head.char_indices().next_back().map_or(0, |(i, _)| i)
}

/// Tokens that can each add a level to an expression's tree.
fn nests(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Plus
            | TokenKind::Minus
            | TokenKind::Star
            | TokenKind::Slash
            | TokenKind::DoubleSlash
            | TokenKind::Percent
            | TokenKind::DoubleStar
            | TokenKind::At
            | TokenKind::Vbar
            | TokenKind::Amper
            | TokenKind::CircumFlex
            | TokenKind::Tilde
            | TokenKind::LeftShift
            | TokenKind::RightShift
            | TokenKind::Less
            | TokenKind::Greater
            | TokenKind::LessEqual
            | TokenKind::GreaterEqual
            | TokenKind::EqEqual
            | TokenKind::NotEqual
            | TokenKind::Dot
            | TokenKind::ColonEqual
            | TokenKind::And
            | TokenKind::Or
            | TokenKind::Not
            | TokenKind::In
            | TokenKind::Is
            | TokenKind::If
            | TokenKind::Else
            | TokenKind::Await
            | TokenKind::Yield
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `source` against the expected refusal: `(line, column, limit)`, 1-based.
    fn check_refusal(source: &str, expected: Option<(u32, u32, SourceLimit)>) {
        let got = check(source).err().map(|r| {
            let index = crate::front::lines::LineIndex::new(source);
            let (line, col) = index.line_col(r.offset);
            (line, col, r.limit)
        });
        assert_eq!(got, expected, "{source:.60}");
    }

    #[test]
    fn refuses_what_would_nest_too_deep() {
        use SourceLimit::*;
        check_refusal("print((1))\n", None);
        let ok = format!("x = {}1{}", "(".repeat(200), ")".repeat(200));
        check_refusal(&ok, None);
        check_refusal(
            &format!("\nx = {}1", "[".repeat(201)),
            Some((2, 205, Brackets)),
        );
        // Brackets inside strings and comments do not count; f-strings nest.
        let quoted = format!(
            "s = '{}'\n# {}\nt = \"\"\"{}\n\"\"\"",
            "(".repeat(300),
            "(".repeat(300),
            "[".repeat(300)
        );
        check_refusal(&quoted, None);
        check_refusal(
            &format!("x = f\"{{{}1{}}}\"", "(".repeat(250), ")".repeat(250)),
            Some((1, 206, Brackets)),
        );
        let chain = format!("x = {}", vec!["1"; 1002].join("+"));
        check_refusal(&chain, Some((1, 2006, Operators)));
        // Each logical line has its own budget; a bracket continues the line.
        check_refusal(&"x = 1 + 1\n".repeat(5000), None);
        check_refusal(
            &format!("x = (1\n{})", "+ 1\n".repeat(1001)),
            Some((1002, 1, Operators)),
        );
        check_refusal("s = 'it\\'s'\nx = ((1))", None);
        // Unary operators, lambdas, awaits, attribute and call chains nest too.
        check_refusal(
            &format!("x = {}1", "-".repeat(1001)),
            Some((1, 1005, Operators)),
        );
        check_refusal(&format!("f = {}0", "lambda: ".repeat(200)), None);
        check_refusal(
            &format!("f = {}0", "lambda: ".repeat(201)),
            Some((1, 1605, Operators)),
        );
        check_refusal(
            &format!("x = {}1", "await ".repeat(1001)),
            Some((1, 6005, Operators)),
        );
        check_refusal(
            &format!("x = a{}", ".b".repeat(1001)),
            Some((1, 2006, Operators)),
        );
        check_refusal(
            &format!("x = f{}", "()".repeat(1001)),
            Some((1, 2006, Operators)),
        );
        // A long flat literal is not deep.
        check_refusal(&format!("x = [{}]", "(1, 2), ".repeat(5000)), None);
        // Indentation: CPython's limit of 100 levels.
        let nested = |levels: usize| -> String {
            (0..levels)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .chain(std::iter::once(format!("{}pass\n", " ".repeat(levels))))
                .collect()
        };
        check_refusal(&nested(99), None);
        check_refusal(&nested(100), Some((101, 1, Indentation)));
    }
}
