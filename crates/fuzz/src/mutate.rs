//! Mutations of existing programs: the corpora's files and generated ones.
//!
//! The corpora hold programs that exercise every feature the oracle checks;
//! small edits to them reach states that neither the corpus nor the
//! generator would write: a `return` inside a `while`, a literal of 2**63
//! where a sleep expected seconds, a bracket too many, a block one level off.

use crate::rng::Rng;

/// Numeric literals that replace others: edges of int, float and time.
const NUMBERS: &[&str] = &[
    "0", "-1", "2**63", "10**7", "0.5", "1e308", "-0.0", "10**100", "3", "1e-9", "2**53",
];

/// Statements inserted at random places, each where it may or may not be legal.
const INSERTS: &[&str] = &[
    "return",
    "return 1",
    "break",
    "continue",
    "yield",
    "yield 1",
    "await asyncio.sleep(0)",
    "raise",
    "raise ValueError('x')",
    "pass",
    "del x",
    "global x",
    "nonlocal x",
    "asyncio.current_task().cancel()",
    "time.sleep(1)",
];

/// Block headers that wrap a range of lines one level deeper.
const WRAPPERS: &[&str] = &[
    "while True:",
    "for _ in range(3):",
    "try:",
    "with threading.Lock():",
    "async with asyncio.timeout(1):",
    "if True:",
    "async with asyncio.TaskGroup() as tg:",
    "def inner():",
    "async def inner():",
];

/// One to four random edits of `source`, some using `other` (another
/// program) as material.  Returns the new text and the names of the edits.
pub fn mutate(rng: &mut Rng, source: &str, other: &str) -> (String, Vec<&'static str>) {
    let mut text = source.to_string();
    let mut names = Vec::new();
    for _ in 0..rng.range(1, 4) {
        let (next, name) = mutate_once(rng, &text, other);
        text = next;
        names.push(name);
    }
    (text, names)
}

fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn mutate_once(rng: &mut Rng, text: &str, other: &str) -> (String, &'static str) {
    let mut ls = lines(text);
    if ls.is_empty() {
        ls.push("\n".into());
    }
    let n = ls.len();
    let i = rng.below(n);
    let j = rng.below(n);
    match rng.below(14) {
        0 => {
            ls.remove(i);
            (ls.concat(), "delete a line")
        }
        1 => {
            let line = ls[i].clone();
            ls.insert(i, line);
            (ls.concat(), "duplicate a line")
        }
        2 => {
            ls.swap(i, j);
            (ls.concat(), "swap two lines")
        }
        3 => {
            // Lines of another program, kept at the indentation of the
            // place they land in.
            let theirs = lines(other);
            if theirs.is_empty() {
                return (ls.concat(), "splice nothing");
            }
            let start = rng.below(theirs.len());
            let count = rng.range(1, 6).min(theirs.len() - start);
            let want = indent_of(&ls[i]);
            let base = indent_of(&theirs[start]);
            let moved: Vec<String> = theirs[start..start + count]
                .iter()
                .map(|l| {
                    let own = indent_of(l).saturating_sub(base);
                    format!("{}{}", " ".repeat(want + own), l.trim_start_matches(' '))
                })
                .collect();
            ls.splice(i..i, moved);
            (ls.concat(), "splice lines from another file")
        }
        4 => (
            splice_token(rng, text, other),
            "splice a token from another file",
        ),
        5 => (replace_number(rng, text), "change a numeric literal"),
        6 => {
            let pick = *rng.pick(&[
                "(", ")", "[", "]", "{", "}", ":", ",", "'", "\"", "\\", "f'{",
            ]);
            let at = char_boundary(text, rng.below(text.len() + 1));
            let mut out = text.to_string();
            if rng.chance(1, 2) {
                out.insert_str(at, pick);
                (out, "insert a bracket")
            } else {
                // Delete the first bracket at or after the chosen place.
                let found = out[at..].find(['(', ')', '[', ']', '{', '}']);
                if let Some(k) = found {
                    out.remove(at + k);
                }
                (out, "delete a bracket")
            }
        }
        7 => {
            let line = &ls[i];
            ls[i] = if rng.chance(1, 2) {
                format!("    {line}")
            } else {
                line.strip_prefix("    ").unwrap_or(line).to_string()
            };
            (ls.concat(), "indent or dedent a line")
        }
        8 | 9 => {
            // A statement at the indentation of line i, or one deeper when
            // line i opens a block.
            let stmt = *rng.pick(INSERTS);
            let mut indent = indent_of(&ls[i]);
            if ls[i].trim_end().ends_with(':') {
                indent += 4;
                ls.insert(i + 1, format!("{}{stmt}\n", " ".repeat(indent)));
            } else {
                ls.insert(i, format!("{}{stmt}\n", " ".repeat(indent)));
            }
            (ls.concat(), "insert return/break/yield/await")
        }
        10 => {
            let (lo, hi) = (i.min(j), i.max(j));
            let indent = indent_of(&ls[lo]);
            // `while True:` around lines without a `break` is an endless
            // loop that only measures the op limit (seconds an input), so
            // it is drawn a tenth as often as the other headers.
            let mut header = *rng.pick(WRAPPERS);
            if header == "while True:" && !rng.chance(1, 10) {
                header = "for _ in range(2):";
            }
            let mut wrapped = vec![format!("{}{header}\n", " ".repeat(indent))];
            for l in &ls[lo..=hi] {
                wrapped.push(format!("    {l}"));
            }
            if header == "try:" {
                wrapped.push(format!(
                    "{}finally:\n{}    pass\n",
                    " ".repeat(indent),
                    " ".repeat(indent)
                ));
            }
            ls.splice(lo..=hi, wrapped);
            (ls.concat(), "wrap lines in a block")
        }
        11 => {
            // A character-level edit: delete, duplicate or replace one char.
            let mut chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                return (String::new(), "char edit on nothing");
            }
            let k = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(k);
                }
                1 => chars.insert(k, chars[k]),
                _ => {
                    chars[k] = *rng.pick(&[' ', '\n', '\t', '0', 'x', '.', '*', '@', '\u{0}', 'é'])
                }
            }
            (chars.into_iter().collect(), "edit a character")
        }
        12 => {
            // Repeat a line many times: long bodies and long outputs.
            let times = rng.skewed(2000);
            let line = ls[i].clone();
            ls.splice(i..i, std::iter::repeat_n(line, times));
            (ls.concat(), "repeat a line")
        }
        _ => {
            // Deepen an expression: wrap a token-ish span in many brackets.
            let at = char_boundary(text, rng.below(text.len() + 1));
            let depth = rng.skewed(500);
            let end = text[at..]
                .find(['\n', ',', ')'])
                .map_or(text.len(), |k| at + k);
            let mut out = text[..at].to_string();
            out.push_str(&"(".repeat(depth));
            out.push_str(&text[at..end]);
            out.push_str(&")".repeat(depth));
            out.push_str(&text[end..]);
            (out, "nest brackets")
        }
    }
}

/// The nearest char boundary at or before `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Identifier, number, string or punctuation runs: the spans token splicing moves.
fn token_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let same = |d: char| {
            if c.is_alphanumeric() || c == '_' {
                d.is_alphanumeric() || d == '_' || d == '.'
            } else {
                !d.is_alphanumeric() && !d.is_whitespace() && d != '_'
            }
        };
        let mut end = start + c.len_utf8();
        while let Some(&(k, d)) = it.peek() {
            if !same(d) {
                break;
            }
            end = k + d.len_utf8();
            it.next();
        }
        spans.push((start, end));
    }
    spans
}

fn splice_token(rng: &mut Rng, text: &str, other: &str) -> String {
    let ours = token_spans(text);
    let theirs = token_spans(other);
    if ours.is_empty() || theirs.is_empty() {
        return text.to_string();
    }
    let (a, b) = *rng.pick(&ours);
    let (c, d) = *rng.pick(&theirs);
    // Replace our token by theirs, or put theirs (a run of up to 4 tokens) before ours.
    let run_end = theirs
        .iter()
        .skip_while(|s| s.0 != c)
        .take(rng.range(1, 4))
        .last()
        .map_or(d, |s| s.1);
    let piece = &other[c..run_end];
    if rng.chance(1, 2) {
        format!("{}{piece}{}", &text[..a], &text[b..])
    } else {
        format!("{}{piece} {}", &text[..a], &text[a..])
    }
}

fn replace_number(rng: &mut Rng, text: &str) -> String {
    let numbers: Vec<(usize, usize)> = token_spans(text)
        .into_iter()
        .filter(|&(s, _)| text[s..].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    if numbers.is_empty() {
        return text.to_string();
    }
    let (s, e) = *rng.pick(&numbers);
    let new = rng.pick(NUMBERS);
    // Parenthesised, so `x.attr` and `-` around it keep their meaning.
    let new = if new.contains('*') || new.starts_with('-') {
        format!("({new})")
    } else {
        new.to_string()
    };
    format!("{}{new}{}", &text[..s], &text[e..])
}

#[cfg(test)]
mod tests {
    use super::{mutate, token_spans};
    use crate::rng::Rng;

    #[test]
    fn tokens_cover_words_numbers_and_punctuation() {
        let text = "x = f(1.5)\n";
        let spans: Vec<&str> = token_spans(text)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(spans, ["x", "=", "f", "(", "1.5", ")"]);
    }

    #[test]
    fn mutations_never_split_characters() {
        let mut rng = Rng::new(5);
        let mut text = "print('é日本')\nx = [1, 2]\n".to_string();
        for _ in 0..500 {
            text = mutate(&mut rng, &text, "y = {'🎉': 3}\n").0;
            if text.len() > 20_000 {
                text.truncate(text.char_indices().nth(100).map_or(0, |(i, _)| i));
            }
        }
    }
}
