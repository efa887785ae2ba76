//! CPython's limit on ints as decimal text (`sys.get_int_max_str_digits()`,
//! CVE-2020-10735): a literal, `int(text)` and `str(n)` stop at 4300
//! digits, since converting more takes time quadratic in the digits. The
//! front stage refuses a longer literal; the runtime refuses the rest.

/// The most decimal digits an int is read from or written as.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// CPython's message when an int is too long to write in decimal.
pub const TOO_LONG_TO_WRITE: &str = "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";

/// CPython's message for text of `digits` digits, too many to read as an int.
pub fn too_long_to_read(digits: usize) -> String {
    format!(
        "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
    )
}

/// The decimal digits of an int literal's text, when there are more than
/// CPython reads (`None` for a short one, or one in another base).
pub fn literal_past_limit(text: &str) -> Option<usize> {
    let lower = text.get(..2).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("0x" | "0o" | "0b")) {
        return None;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (digits > INT_MAX_STR_DIGITS).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_decimal_literals_pass_the_limit() {
        let long = "1".repeat(4301);
        let cases: [(String, Option<usize>); 5] = [
            ("1".repeat(4300), None),
            (long.clone(), Some(4301)),
            (
                format!("{}_{}", "2".repeat(4000), "3".repeat(301)),
                Some(4301),
            ),
            (format!("0x{}", "f".repeat(5000)), None),
            (format!("0B{}", "1".repeat(5000)), None),
        ];
        for (text, want) in cases {
            assert_eq!(literal_past_limit(&text), want, "{}…", &text[..10]);
        }
    }
}
