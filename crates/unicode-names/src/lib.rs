//! The one function of `unicode_names2` that ruff's parser calls:
//! [`character`], which resolves the name in a `\N{NAME}` string escape.
//!
//! The full crate carries every Unicode character name, about 450 KB of
//! tables, which made it the largest single piece of the playground's
//! download after the interpreter; asyncio programs almost never spell a
//! character by name.  This table keeps the names such programs do use
//! (punctuation, arrows, marks and the emoji of progress messages); any
//! other name is refused by the parser as an unknown character name, with
//! its line and column, as CPython refuses a misspelt one.

/// Names and characters, looked up by a linear scan (the table is short and a `\N{}` escape is rare).
const NAMES: &[(&str, char)] = &[
    ("ALARM CLOCK", '\u{23F0}'),
    ("AMPERSAND", '&'),
    ("APOSTROPHE", '\''),
    ("ASTERISK", '*'),
    ("BALLOT X", '\u{2717}'),
    ("BLACK CIRCLE", '\u{25CF}'),
    ("BLACK RIGHT-POINTING TRIANGLE", '\u{25B6}'),
    ("BLACK SQUARE", '\u{25A0}'),
    ("BLACK STAR", '\u{2605}'),
    ("BOX DRAWINGS LIGHT HORIZONTAL", '\u{2500}'),
    ("BOX DRAWINGS LIGHT VERTICAL", '\u{2502}'),
    ("BULLET", '\u{2022}'),
    ("CHARACTER TABULATION", '\t'),
    ("CHECK MARK", '\u{2713}'),
    ("COLON", ':'),
    ("COMMA", ','),
    ("COPYRIGHT SIGN", '\u{A9}'),
    ("CROSS MARK", '\u{274C}'),
    ("DEGREE SIGN", '\u{B0}'),
    ("DIGIT NINE", '9'),
    ("DIGIT ONE", '1'),
    ("DIGIT ZERO", '0'),
    ("DOLLAR SIGN", '$'),
    ("EM DASH", '\u{2014}'),
    ("EN DASH", '\u{2013}'),
    ("EQUALS SIGN", '='),
    ("ESCAPE", '\u{1B}'),
    ("EURO SIGN", '\u{20AC}'),
    ("FIRE", '\u{1F525}'),
    ("FULL BLOCK", '\u{2588}'),
    ("FULL STOP", '.'),
    ("GREEK SMALL LETTER ALPHA", '\u{3B1}'),
    ("GREEK SMALL LETTER BETA", '\u{3B2}'),
    ("GREEK SMALL LETTER DELTA", '\u{3B4}'),
    ("GREEK SMALL LETTER LAMDA", '\u{3BB}'),
    ("GREEK SMALL LETTER MU", '\u{3BC}'),
    ("GREEK SMALL LETTER PI", '\u{3C0}'),
    ("GREEK SMALL LETTER SIGMA", '\u{3C3}'),
    ("HEAVY CHECK MARK", '\u{2714}'),
    ("HEAVY MULTIPLICATION X", '\u{2716}'),
    ("HORIZONTAL ELLIPSIS", '\u{2026}'),
    ("HOURGLASS", '\u{231B}'),
    ("HOURGLASS WITH FLOWING SAND", '\u{23F3}'),
    ("INFINITY", '\u{221E}'),
    ("LATIN SMALL LETTER E WITH ACUTE", '\u{E9}'),
    ("LEFT CURLY BRACKET", '{'),
    ("LEFT DOUBLE QUOTATION MARK", '\u{201C}'),
    ("LEFT SINGLE QUOTATION MARK", '\u{2018}'),
    ("LEFTWARDS ARROW", '\u{2190}'),
    ("LIGHT SHADE", '\u{2591}'),
    ("LINE FEED", '\n'),
    ("LOW LINE", '_'),
    ("MICRO SIGN", '\u{B5}'),
    ("MIDDLE DOT", '\u{B7}'),
    ("MULTIPLICATION SIGN", '\u{D7}'),
    ("NO-BREAK SPACE", '\u{A0}'),
    ("NULL", '\0'),
    ("NUMBER SIGN", '#'),
    ("PARTY POPPER", '\u{1F389}'),
    ("PERCENT SIGN", '%'),
    ("PLUS-MINUS SIGN", '\u{B1}'),
    ("POUND SIGN", '\u{A3}'),
    ("QUOTATION MARK", '"'),
    ("REGISTERED SIGN", '\u{AE}'),
    ("REVERSE SOLIDUS", '\\'),
    ("RIGHT CURLY BRACKET", '}'),
    ("RIGHT DOUBLE QUOTATION MARK", '\u{201D}'),
    ("RIGHT SINGLE QUOTATION MARK", '\u{2019}'),
    ("RIGHTWARDS ARROW", '\u{2192}'),
    ("ROCKET", '\u{1F680}'),
    ("SECTION SIGN", '\u{A7}'),
    ("SNAKE", '\u{1F40D}'),
    ("SOLIDUS", '/'),
    ("SPACE", ' '),
    ("SPARKLES", '\u{2728}'),
    ("STOPWATCH", '\u{23F1}'),
    ("THUMBS UP SIGN", '\u{1F44D}'),
    ("TIMER CLOCK", '\u{23F2}'),
    ("UPWARDS ARROW", '\u{2191}'),
    ("DOWNWARDS ARROW", '\u{2193}'),
    ("WARNING SIGN", '\u{26A0}'),
    ("WHITE HEAVY CHECK MARK", '\u{2705}'),
    ("YEN SIGN", '\u{A5}'),
];

/// The character named `name` (matched regardless of case, as CPython
/// matches `\N{...}`), or `None` for a name outside the table.
pub fn character(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    NAMES
        .iter()
        .find(|(known, _)| *known == upper)
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_resolve_regardless_of_case() {
        assert_eq!(character("BULLET"), Some('•'));
        assert_eq!(character("em dash"), Some('—'));
        assert_eq!(character("Snake"), Some('🐍'));
        assert_eq!(character("NOT A CHARACTER NAME"), None);
    }

    #[test]
    fn every_name_is_listed_once() {
        let mut names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len());
    }
}
