//! How wide a line of the diagram's text is drawn, estimated from the
//! advance widths of DejaVu Sans Bold, the widest of the sans-serif faces
//! the page's font stack falls back to (Linux's default), so that a label
//! estimated to fit fits in every browser.  SVG text does not wrap or clip:
//! a label estimated too wide for its box is drawn squeezed into it
//! (`textLength`), whole, rather than spilling over the next one.

/// The advance width of `c` in DejaVu Sans Bold, in ems.
fn em(c: char) -> f64 {
    match c {
        ' ' => 0.348,
        '.' | ',' | ':' | ';' | '·' => 0.38,
        '\'' | '|' | '/' | '\\' => 0.365,
        '(' | ')' | '[' | ']' => 0.457,
        '{' | '}' => 0.712,
        '-' => 0.415,
        '_' | '"' => 0.5,
        '0'..='9' | '$' => 0.696,
        '#' | '+' | '<' | '=' | '>' | '~' => 0.838,
        '%' | '@' | '…' => 1.0,
        'i' | 'j' | 'l' | 'I' | 'J' => 0.343,
        'f' | 't' => 0.478,
        'r' => 0.493,
        'c' | 's' | 'z' => 0.595,
        'v' | 'y' | 'x' | 'k' => 0.665,
        'm' => 1.042,
        'w' => 0.924,
        'a'..='z' => 0.716,
        'M' => 0.995,
        'W' => 1.103,
        'A'..='Z' => 0.838,
        // Japanese and other wide characters take a full em.
        c if crate::model::diagram_layout::is_wide(c) => 1.0,
        _ => 0.75,
    }
}

/// The estimated width of `text` in CSS pixels at `font_px`, bold or not
/// (regular glyphs are about 8 % narrower).
pub fn width(text: &str, font_px: f64, bold: bool) -> f64 {
    let ems: f64 = text.chars().map(em).sum();
    ems * font_px * if bold { 1.0 } else { 0.92 }
}

/// The `textLength` to draw `text` with so that it stays within `room`
/// pixels: `None` when it fits as it is.
pub fn squeeze(text: &str, font_px: f64, bold: bool, room: f64) -> Option<f64> {
    (width(text, font_px, bold) > room).then_some(room)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths measured in headless Chromium (`getComputedTextLength` of
    /// texts with the chip classes, DejaVu Sans standing in for
    /// `system-ui`): the estimate is never under the drawn width, and
    /// never more than 12 % over it.
    #[test]
    fn estimates_cover_the_drawn_widths() {
        let check = |text: &str, px: f64, bold: bool, drawn: f64| {
            let estimate = width(text, px, bold);
            assert!(
                estimate >= drawn && estimate <= drawn * 1.12,
                "{text}: estimated {estimate:.1} px, drawn {drawn:.1} px"
            );
        };
        for (text, drawn) in LABELS {
            check(text, 12.0, true, *drawn);
        }
        for (text, drawn) in SUBS {
            check(text, 10.5, false, *drawn);
        }
    }

    #[test]
    fn only_what_overflows_is_squeezed() {
        assert_eq!(squeeze("gather()", 12.0, true, 116.0), None);
        assert_eq!(squeeze("Semaphore.acquire", 12.0, true, 116.0), Some(116.0));
        assert_eq!(squeeze("", 12.0, true, 116.0), None);
    }

    /// Drawn widths of chip labels, bold 12 px (see the test above).
    const LABELS: &[(&str, f64)] = &[
        ("Semaphore.acquire", 131.7),
        ("gather()", 55.9),
        ("sleep ends", 72.6),
        ("Task-12 · worker", 111.3),
        ("PriorityQueue.put", 121.5),
        ("run_in_executor(…)", 130.0),
        ("WWWWMMMM", 100.6),
        ("iiiilll111", 53.8),
        ("to_thread(crunch)", 121.6),
        ("ABCDEFGHIJKLMNOPQR", 159.5),
        ("abcdefghijklmnopqr", 135.4),
        ("stuvwxyz0123456789", 146.2),
        ("睡眠が終わる", 71.9),
    ];

    /// Drawn widths of chips' second lines, regular 10.5 px.
    const SUBS: &[(&str, f64)] = &[
        ("2.000 s · in 0.800 s", 100.6),
        ("#12 · waiting", 70.4),
        ("= True", 34.4),
        ("abcdefghijklmnopqrstuv", 127.2),
    ];
}
