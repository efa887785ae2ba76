//! Syntax colours from `loopscope_py`'s tokens (the parser's own lexer), so
//! what is coloured is exactly what the parser sees (f-strings and all); this
//! module only maps token kinds to CSS classes and cuts them into lines.

use loopscope_py::front::tokens::{tokens, Kind};

/// What a piece of source is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Anything uncoloured (names, punctuation, whitespace).
    Plain,
    /// `async`, `await`, `def`, `if`…
    Keyword,
    /// String literals and f-string text.
    Str,
    /// Number literals.
    Number,
    /// Comments.
    Comment,
    /// A name being defined (`def name`).
    Definition,
    /// A well-known builtin or module name (`print`, `asyncio`).
    Builtin,
    /// `True`, `False`, `None`.
    Constant,
}

impl Class {
    /// The CSS class (`tok-…`), or `None` for plain text.
    pub fn css(self) -> Option<&'static str> {
        match self {
            Class::Plain => None,
            Class::Keyword => Some("tok-kw"),
            Class::Str => Some("tok-str"),
            Class::Number => Some("tok-num"),
            Class::Comment => Some("tok-com"),
            Class::Definition => Some("tok-def"),
            Class::Builtin => Some("tok-bi"),
            Class::Constant => Some("tok-const"),
        }
    }
}

/// A coloured piece of one line: byte range within the source and its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Its class.
    pub class: Class,
}

/// Splits `source` into lines of coloured pieces covering every byte (newlines excluded).
pub fn lines(source: &str) -> Vec<Vec<Piece>> {
    // The tokens are empty for a source the guard refuses, which then
    // shows uncoloured.
    let marks: Vec<Piece> = tokens(source)
        .into_iter()
        .filter_map(|t| {
            let class = match t.kind {
                Kind::Keyword => Class::Keyword,
                Kind::Definition => Class::Definition,
                Kind::Builtin => Class::Builtin,
                Kind::Number => Class::Number,
                Kind::String => Class::Str,
                Kind::Comment => Class::Comment,
                Kind::Constant => Class::Constant,
                Kind::Name | Kind::Operator => return None,
            };
            Some(Piece {
                start: t.start,
                end: t.end,
                class,
            })
        })
        .collect();
    // Cut the marks at line boundaries and fill the gaps with plain text.
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut mark = 0;
    for line in source.split('\n') {
        let line_end = line_start + line.len();
        let mut pieces = Vec::new();
        let mut at = line_start;
        while mark < marks.len() && marks[mark].start < line_end {
            let m = marks[mark];
            let start = m.start.max(line_start);
            let end = m.end.min(line_end);
            if start > at {
                pieces.push(Piece {
                    start: at,
                    end: start,
                    class: Class::Plain,
                });
            }
            if end > start {
                pieces.push(Piece {
                    start,
                    end,
                    class: m.class,
                });
                at = end;
            }
            if m.end <= line_end {
                mark += 1;
            } else {
                break;
            }
        }
        if line_end > at {
            pieces.push(Piece {
                start: at,
                end: line_end,
                class: Class::Plain,
            });
        }
        out.push(pieces);
        line_start = line_end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str, expected: &[&[(&str, Class)]]) {
        let got: Vec<Vec<(&str, Class)>> = lines(source)
            .iter()
            .map(|line| {
                line.iter()
                    .map(|p| (&source[p.start..p.end], p.class))
                    .collect()
            })
            .collect();
        let want: Vec<Vec<(&str, Class)>> = expected.iter().map(|l| l.to_vec()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn colours_tokens_line_by_line() {
        use Class::*;
        check(
            "async def f():\n    await asyncio.sleep(1)  # 待つ\n",
            &[
                &[
                    ("async", Keyword),
                    (" ", Plain),
                    ("def", Keyword),
                    (" ", Plain),
                    ("f", Definition),
                    ("():", Plain),
                ],
                &[
                    ("    ", Plain),
                    ("await", Keyword),
                    (" ", Plain),
                    ("asyncio", Builtin),
                    (".sleep(", Plain),
                    ("1", Number),
                    (")  ", Plain),
                    ("# 待つ", Comment),
                ],
                &[],
            ],
        );
        check(
            "x = f'{a:.2f}' if None else \"s\"",
            &[&[
                ("x = ", Plain),
                ("f'", Str),
                ("{a:", Plain),
                (".2f", Str),
                ("}", Plain),
                ("'", Str),
                (" ", Plain),
                ("if", Keyword),
                (" ", Plain),
                ("None", Constant),
                (" ", Plain),
                ("else", Keyword),
                (" ", Plain),
                ("\"s\"", Str),
            ]],
        );
    }

    #[test]
    fn multi_line_strings_and_broken_code_cover_every_byte() {
        for source in [
            "s = '''a\nb'''\nx",
            "def (:\n  'unterminated",
            "",
            "\n\n",
            "日本語 = 1",
            &"(".repeat(5000),
        ] {
            let lines = lines(source);
            assert_eq!(lines.len(), source.split('\n').count());
            let rebuilt: Vec<String> = lines
                .iter()
                .map(|l| l.iter().map(|p| &source[p.start..p.end]).collect())
                .collect();
            assert_eq!(rebuilt.join("\n"), source);
        }
    }
}
