//! A lexer helper for syntax colouring: token kinds and byte ranges, also for
//! source that does not parse.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::PySourceType;
use ruff_text_size::Ranged;

/// What a token is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Kind {
    /// `async`, `def`, `await`, `for`, …
    Keyword,
    /// An identifier.
    Name,
    /// The name a `def` or `class` statement defines.
    Definition,
    /// A name of a built-in function, type or exception, or of a supported
    /// module (`print`, `range`, `int`, `ValueError`, `asyncio`).
    Builtin,
    /// `True`, `False`, `None`.
    Constant,
    /// A number literal.
    Number,
    /// A string literal or a literal part of an f-string.
    String,
    /// A comment.
    Comment,
    /// An operator or delimiter.
    Operator,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// Its kind.
    pub kind: Kind,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
}

/// Tokens of `source` worth colouring (whitespace, newlines and indentation are left out).
pub fn tokens(source: &str) -> Vec<Token> {
    // A source the guard refuses is shown without colours rather than
    // parsed: the parser's recursion and error recovery are what it guards.
    if crate::front::guard::check(source).is_err() {
        return Vec::new();
    }
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    let mut out = Vec::new();
    let mut after_def = false;
    for t in parsed.tokens().iter() {
        let r = t.range();
        let (start, end) = (r.start().to_usize(), r.end().to_usize());
        let defines = after_def;
        after_def = matches!(t.kind(), TokenKind::Def | TokenKind::Class);
        let kind = match t.kind() {
            TokenKind::Name if defines => Kind::Definition,
            TokenKind::Name => {
                let text = source.get(start..end).unwrap_or("");
                if crate::front::names::is_builtin_name(text) {
                    Kind::Builtin
                } else {
                    Kind::Name
                }
            }
            TokenKind::Int | TokenKind::Float | TokenKind::Complex => Kind::Number,
            TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringStart
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd => Kind::String,
            TokenKind::Comment => Kind::Comment,
            TokenKind::True | TokenKind::False | TokenKind::None => Kind::Constant,
            k if k.is_keyword() => Kind::Keyword,
            k if k.is_operator() => Kind::Operator,
            _ => continue,
        };
        if end > start {
            out.push(Token { kind, start, end });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_a_small_program() {
        let src = "async def f():\n    await asyncio.sleep(1)  # wait\n    print(f'x{1}')\n";
        let toks = tokens(src);
        let kinds: Vec<(Kind, &str)> = toks
            .iter()
            .map(|t| (t.kind, &src[t.start..t.end]))
            .collect();
        assert_eq!(kinds[0], (Kind::Keyword, "async"));
        assert!(kinds.contains(&(Kind::Number, "1")));
        assert!(kinds.contains(&(Kind::Comment, "# wait")));
        assert!(kinds.contains(&(Kind::Builtin, "print")));
        assert!(kinds.contains(&(Kind::Keyword, "await")));
        // Broken source still gets tokens.
        assert!(!tokens("def (:\n  1 +").is_empty());
    }
}
