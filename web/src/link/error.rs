//! Why a link could not be opened, as data.  The codec returns it; each
//! language's catalogue words it (`Phrase::LinkError`), so the banner speaks
//! the reader's language, and `Display` gives the English.

use crate::i18n::{say, Lang, Phrase};
use std::fmt;

/// Why a link could not be opened; the catalogues word it for the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is longer than [`MAX_FRAGMENT`](super::codec::MAX_FRAGMENT).
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// There is no `v=` pair: not a Loopscope link.
    MissingVersion,
    /// Made by a newer Loopscope.
    NewerVersion(u32),
    /// A version that no Loopscope ever wrote (`v=0`, `v=abc`).
    UnknownVersion(String),
    /// A piece that is not `key=value`, or a bad `%` escape.
    Malformed(String),
    /// A value (or the decompressed code) that is not valid text.
    NotText {
        /// The key whose value it is.
        key: String,
    },
    /// A key given more than once.
    DuplicateKey(String),
    /// A number that does not parse or is out of range.
    BadNumber {
        /// The key.
        key: String,
        /// The value as given (clipped).
        value: String,
        /// What was expected.
        expected: Expected,
    },
    /// A value that is not one of the allowed ones.
    BadValue {
        /// The key.
        key: String,
        /// The value as given (clipped).
        value: String,
        /// What was expected.
        expected: Expected,
    },
    /// `p=` names no preset.
    UnknownPreset(String),
    /// `s=` moves a slider the preset does not have.
    NoSuchSlider {
        /// The preset.
        preset: String,
        /// The slider index given.
        index: usize,
        /// How many sliders the preset has.
        count: usize,
    },
    /// `s=` without `p=`.
    SlidersWithoutPreset,
    /// Both `p=` and `c=`.
    PresetAndCode,
    /// The compressed code does not decompress (damaged or cut short).
    DamagedCode,
    /// The code would decompress to more than [`MAX_CODE`](super::codec::MAX_CODE).
    CodeTooLarge,
    /// The code contains a NUL character.
    NulInCode,
}

/// What a value in a link should have been, for [`LinkError::BadNumber`]
/// and [`LinkError::BadValue`]; worded by the catalogues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// `t=`: a time in seconds, zero or more.
    Seconds,
    /// `cpu=`: a positive number of operations per second.
    OperationsPerSecond,
    /// `e=`: a whole number of events, zero or more.
    EventCount,
    /// `s=`: slider:value pairs.
    SliderPairs,
    /// `speed=`: an option of the speed menu.
    Speed,
    /// `lang=`: a language code.
    Language,
    /// `embed=`: 1 or 0.
    OneOrZero,
    /// `view=`: view option words.
    ViewOptions,
    /// `gil=`: `on` or `off`.
    OnOrOff,
    /// `cores=`: a whole number of cores from 1 to 64.
    CoreCount,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&say(Lang::En, &Phrase::LinkError(self.clone())))
    }
}

impl std::error::Error for LinkError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::codec::decode;

    #[test]
    fn every_error_reads_in_japanese_too() {
        for fragment in [
            "v=1&c=%%%",
            "v=9",
            "p=x",
            "v=1&p=nope",
            "v=1&p=hello&c=AA",
            "v=1&s=0:1",
            "v=1&t=x",
            "v=1&v=1",
            "v=1&c=$$$$",
        ] {
            let error = decode(fragment).expect_err(fragment);
            let en = say(Lang::En, &Phrase::LinkError(error.clone()));
            let ja = say(Lang::Ja, &Phrase::LinkError(error.clone()));
            assert_eq!(en, error.to_string());
            assert!(!ja.is_empty() && ja != en, "{fragment}: {ja}");
        }
    }
}
