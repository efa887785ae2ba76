//! The link codec: a whole scenario in the URL fragment, versioned so that
//! links never break.
//!
//! # The scheme (`v=1`)
//!
//! A fragment (the part of the address after `#`) is `&`-separated
//! `key=value` pairs; values are percent-decoded (`%24` is `$`), `+` is kept
//! as `+`.  [`encode`] writes the keys in this order and only those that
//! differ from the default:
//!
//! | key | value | meaning |
//! | --- | --- | --- |
//! | `v` | `1` | the scheme's version; required, always first |
//! | `p` | a preset id (`two-tasks`) | the program is that preset… |
//! | `s` | `0:3,1:2.5` | …with these sliders (index in the preset's slider order `:` value) moved |
//! | `cpu` | `1000000` | Python code costs CPU time at this many operations per second |
//! | `t` | `0.5` | the playhead, in virtual seconds |
//! | `e` | `12` | the playhead as a number of applied events (exact within a burst of same-instant events; apps use it only when it agrees with `t`) |
//! | `speed` | `1`, `10`, `step`, … | playback speed: an option value of the speed menu |
//! | `lang` | `en`, `ja` | the interface language |
//! | `embed` | `1` | the compact layout for an `<iframe>` |
//! | `view` | `code-collapsed,no-console` | view options: comma-separated tokens of `a-z 0-9 -`; the app acts on those it knows |
//! | `c` | lz-string `compressToEncodedURIComponent` output | edited code; last, because it is long |
//!
//! `p` and `c` exclude each other; with neither, the default preset opens.
//! `s` needs `p`.  A preset with moved sliders is a short readable link:
//! `v=1&p=two-tasks&s=0:3,1:2.5&t=0.5`.  Edited code is compressed with
//! lz-string's URI-safe alphabet (`A-Z a-z 0-9 + - $`), which the JavaScript
//! lz-string library reads and writes too.
//!
//! An empty fragment (or just `#`) is not an error: [`decode`] gives
//! `Ok(None)`, "no scenario in the link", and the app opens the draft or the
//! default.  Keys that `v=1` does not know are ignored (and listed in
//! [`Scenario::ignored`]), so a later version may add an *optional* key
//! without a new version number; changing what an existing key means, or
//! making a new key necessary, needs `v=2`.
//!
//! # Limits
//!
//! A fragment over [`MAX_FRAGMENT`] (64 KiB) is refused before it is looked
//! at.  Decompression is bounded *while it runs* (see [`decompress_bounded`]):
//! it stops with an error as soon as the output would pass [`MAX_CODE`]
//! (256 Ki UTF-16 units, 512 KiB), and every dictionary entry is two
//! integers (a range of the output).  Each code takes at least 3 of the
//! 6 × 64 Ki input bits, so there are at most 128 Ki entries (12 bytes each
//! on wasm32): a decompression bomb costs at most about 2 MiB of memory and
//! time linear in input plus output, then is refused.
//!
//! # Migration
//!
//! [`migrate`] turns the pairs of a link made by an older version into the
//! pairs of the current one, one version step at a time.  To introduce
//! `v=2`: set [`VERSION`] to 2, write `fn v1_to_v2(pairs) -> pairs` (rename
//! or convert the keys that changed) and add the arm
//! `1 => migrate(2, v1_to_v2(pairs))`; the parser then only ever sees v=2
//! keys, and every old link keeps opening.

use crate::model::presets::{self, Preset};
use crate::model::sliders;
use std::fmt;

/// The version [`encode`] writes and the newest [`decode`] reads.
pub const VERSION: u32 = 1;

/// The longest fragment [`decode`] looks at, in bytes.
pub const MAX_FRAGMENT: usize = 64 * 1024;

/// The largest program a link may carry, in UTF-16 units (lz-string's own
/// unit, so the encoder and the decoder agree on what fits).
pub const MAX_CODE: usize = 256 * 1024;

/// At most this many unknown keys are remembered in [`Scenario::ignored`].
const MAX_IGNORED: usize = 8;

/// At most this many view tokens.
const MAX_VIEW: usize = 16;

/// Everything a link says about a scenario.
///
/// `preset` and `code` exclude each other (when both are set, [`encode`]
/// writes the code); `sliders` only mean something with `preset`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// Id of the preset the program is (with `sliders` moved); `None` with no `code`: the default preset.
    pub preset: Option<String>,
    /// Slider overrides on the preset: (index into the preset's sliders, value).
    pub sliders: Vec<(usize, f64)>,
    /// The edited program, when it is not a preset with moved sliders.
    pub code: Option<String>,
    /// Operations per second of Python code; `None`: the preset's own setting (free code for edited code).
    pub cpu_speed: Option<f64>,
    /// The playhead in virtual seconds.
    pub t: Option<f64>,
    /// The playhead as a number of applied events.
    pub event: Option<usize>,
    /// Playback speed: an option value of the speed menu (`"1"`, `"10"`, `"step"`).
    pub speed: Option<String>,
    /// Interface language (`"en"`, `"ja"`).
    pub lang: Option<String>,
    /// Whether the compact embedded layout is asked for.
    pub embed: bool,
    /// View options, in the order given.
    pub view: Vec<String>,
    /// Keys [`decode`] did not know and skipped (at most 8, clipped); never encoded.
    pub ignored: Vec<String>,
}

/// Why a link could not be opened; `Display` says it in plain words for the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is longer than [`MAX_FRAGMENT`].
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
        /// What was expected, in words.
        expected: &'static str,
    },
    /// A value that is not one of the allowed ones.
    BadValue {
        /// The key.
        key: String,
        /// The value as given (clipped).
        value: String,
        /// What was expected, in words.
        expected: &'static str,
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
    /// The code would decompress to more than [`MAX_CODE`].
    CodeTooLarge,
    /// The code contains a NUL character.
    NulInCode,
}

impl ShareError {
    /// The explanation in `lang` (the `Display` text is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if lang == crate::i18n::Lang::En {
            return self.to_string();
        }
        match self {
            ShareError::TooLong { len } => format!(
                "このリンクは長すぎて開けません ({len} 文字。Loopscope が開けるのは {MAX_FRAGMENT} 文字までです)。"
            ),
            ShareError::MissingVersion => {
                "このリンクは Loopscope のシナリオではありません: バージョン (v=1) がありません。".into()
            }
            ShareError::NewerVersion(v) => format!(
                "このリンクは新しいバージョンの Loopscope で作られました (v={v})。このページが読めるのは v={VERSION} までです。ページを再読み込みして最新版にしてください。"
            ),
            ShareError::UnknownVersion(v) => {
                format!("このリンクのバージョン (v={v}) を Loopscope は知りません。")
            }
            ShareError::Malformed(piece) => {
                format!("このリンクの一部が壊れています: 「{piece}」が key=value の形になっていません。")
            }
            ShareError::NotText { key } if key == "c" => "このリンクのコードが正しいテキストではありません。".into(),
            ShareError::NotText { key } => format!("このリンクの「{key}」の値が正しいテキストではありません。"),
            ShareError::DuplicateKey(key) => format!("このリンクには「{key}」が 2 回以上あります。"),
            ShareError::BadNumber { key, value, .. } => {
                format!("このリンクの「{key}={value}」は正しい数値ではありません。")
            }
            ShareError::BadValue { key, value, .. } => {
                format!("このリンクの「{key}={value}」は使えない値です。")
            }
            ShareError::UnknownPreset(id) => {
                format!("このリンクのサンプル「{id}」は Loopscope にありません。")
            }
            ShareError::NoSuchSlider { preset, index, count } => format!(
                "このリンクはサンプル「{preset}」のスライダー {index} を動かしますが、スライダーは {count} 個しかありません。"
            ),
            ShareError::SlidersWithoutPreset => {
                "このリンクにはスライダーの値 (s=…) がありますが、適用するサンプル (p=…) がありません。".into()
            }
            ShareError::PresetAndCode => {
                "このリンクにはサンプル (p=…) とコード (c=…) の両方があります。どちらか一方だけにしてください。".into()
            }
            ShareError::DamagedCode => {
                "このリンクのコードが壊れているか途中で切れているため読めません。リンク全体をコピーしましたか?".into()
            }
            ShareError::CodeTooLarge => {
                format!("このリンクのコードは大きすぎます ({} KiB を超えています)。", MAX_CODE / 1024)
            }
            ShareError::NulInCode => {
                "このリンクのコードには NUL 文字が含まれています。Python のソースには含められません。".into()
            }
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { len } => write!(
                f,
                "This link is too long to open ({len} characters; Loopscope opens links up to {MAX_FRAGMENT})."
            ),
            ShareError::MissingVersion => f.write_str(
                "This link does not describe a Loopscope scenario: it has no version (v=1).",
            ),
            ShareError::NewerVersion(v) => write!(
                f,
                "This link was made by a newer version of Loopscope (v={v}); this page reads links up to v={VERSION}. Reload the page to get the newest version."
            ),
            ShareError::UnknownVersion(v) => write!(
                f,
                "This link has a version Loopscope does not know (v={v})."
            ),
            ShareError::Malformed(piece) => write!(
                f,
                "Part of this link is damaged: “{piece}” is not in the form key=value."
            ),
            ShareError::NotText { key } if key == "c" => {
                f.write_str("The code in this link is not valid text.")
            }
            ShareError::NotText { key } => {
                write!(f, "The value of “{key}” in this link is not valid text.")
            }
            ShareError::DuplicateKey(key) => {
                write!(f, "This link gives “{key}” more than once.")
            }
            ShareError::BadNumber {
                key,
                value,
                expected,
            } => write!(
                f,
                "In this link, “{key}={value}” is not a valid number: it should be {expected}."
            ),
            ShareError::BadValue {
                key,
                value,
                expected,
            } => write!(f, "In this link, “{key}={value}” should be {expected}."),
            ShareError::UnknownPreset(id) => write!(
                f,
                "This link names an example Loopscope does not have (“{id}”)."
            ),
            ShareError::NoSuchSlider {
                preset,
                index,
                count,
            } => write!(
                f,
                "This link moves slider {index} of the example “{preset}”, which has only {count} slider{}.",
                if *count == 1 { "" } else { "s" }
            ),
            ShareError::SlidersWithoutPreset => f.write_str(
                "This link has slider values (s=…) but no example (p=…) to apply them to.",
            ),
            ShareError::PresetAndCode => f.write_str(
                "This link has both an example (p=…) and code (c=…); it can only have one.",
            ),
            ShareError::DamagedCode => f.write_str(
                "The code in this link is damaged or cut short, so it cannot be read. Was the whole link copied?",
            ),
            ShareError::CodeTooLarge => write!(
                f,
                "The code in this link is larger than Loopscope opens (over {} KiB).",
                MAX_CODE / 1024
            ),
            ShareError::NulInCode => f.write_str(
                "The code in this link contains a NUL character, which Python source cannot contain.",
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// Shortens text from a link before it goes into a message, so that a
/// hostile link cannot fill the banner.
fn clip(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

// ---------------------------------------------------------------- encoding

/// The scenario as a fragment, without the leading `#`: `v=1&p=two-tasks&s=0:3`.
///
/// Nothing is checked here: a scenario too large to open (code over
/// [`MAX_CODE`]) gives a link that [`decode`] refuses, so the caller should
/// compare the result's length with [`MAX_FRAGMENT`] before offering it.
pub fn encode(scenario: &Scenario) -> String {
    let mut out = format!("v={VERSION}");
    let mut put = |key: &str, value: &str| {
        out.push('&');
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    };
    if scenario.code.is_none() {
        if let Some(id) = &scenario.preset {
            put("p", &escape(id));
            if !scenario.sliders.is_empty() {
                let pairs: Vec<String> = scenario
                    .sliders
                    .iter()
                    .map(|(i, v)| format!("{i}:{}", number(*v)))
                    .collect();
                put("s", &pairs.join(","));
            }
        }
    }
    if let Some(cpu) = scenario.cpu_speed {
        put("cpu", &number(cpu));
    }
    if let Some(t) = scenario.t {
        put("t", &number(t));
    }
    if let Some(e) = scenario.event {
        put("e", &e.to_string());
    }
    if let Some(speed) = &scenario.speed {
        put("speed", &escape(speed));
    }
    if let Some(lang) = &scenario.lang {
        put("lang", &escape(lang));
    }
    if scenario.embed {
        put("embed", "1");
    }
    if !scenario.view.is_empty() {
        let tokens: Vec<String> = scenario.view.iter().map(|v| escape(v)).collect();
        put("view", &tokens.join(","));
    }
    if let Some(code) = &scenario.code {
        put(
            "c",
            &lz_str::compress_to_encoded_uri_component(code.as_str()),
        );
    }
    out
}

/// The address of `scenario`: `page_url` (e.g. `location.href`) without
/// its own fragment, then `#` and [`encode`]'s fragment.
pub fn share_url(page_url: &str, scenario: &Scenario) -> String {
    let base = page_url.split('#').next().unwrap_or("");
    format!("{base}#{}", encode(scenario))
}

/// The HTML snippet that embeds `scenario` in another page: an `<iframe>` of
/// its link in the compact layout (`embed=1`), every attribute escaped.
pub fn embed_snippet(page_url: &str, scenario: &Scenario) -> String {
    let url = share_url(
        page_url,
        &Scenario {
            embed: true,
            ..scenario.clone()
        },
    );
    format!(
        "<iframe src=\"{}\" title=\"Loopscope: asyncio event loop\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>",
        escape_attribute(&url)
    )
}

/// Text made safe inside a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The shortest text that reads back as exactly `value`: plain decimals
/// (`0.5`, `3`) unless the exponent form is shorter (`1e-9`).
fn number(value: f64) -> String {
    let plain = format!("{value}");
    let exp = format!("{value:e}");
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

/// Percent-encodes everything outside a conservative set that is safe in a
/// fragment and not special to this scheme (`&`, `=`, `,`, `:` are).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~$+".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------- decoding

/// Reads a fragment (with or without its leading `#`).
///
/// `Ok(None)`: the fragment is empty, so there is no scenario in the link.
/// `Ok(Some(s))`: a valid scenario; `s.preset` names an existing preset and
/// `s.sliders` are within its sliders.  `Err(e)`: why the link cannot be
/// opened, for the banner.  Never panics, whatever the input.
pub fn decode(fragment: &str) -> Result<Option<Scenario>, ShareError> {
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong {
            len: fragment.len(),
        });
    }
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.trim().is_empty() {
        return Ok(None);
    }
    let raw: Vec<&str> = fragment.split('&').filter(|p| !p.is_empty()).collect();
    if raw.is_empty() {
        return Ok(None);
    }
    // The version decides how everything else is read, so it is looked at first.
    let mut versions = raw.iter().filter_map(|p| p.strip_prefix("v="));
    let version = versions.next().ok_or(ShareError::MissingVersion)?;
    let version = parse_version(version)?;
    if versions.next().is_some() {
        return Err(ShareError::DuplicateKey("v".into()));
    }
    let mut pairs = Vec::with_capacity(raw.len());
    for piece in raw {
        let (key, value) = piece
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| ShareError::Malformed(clip(piece)))?;
        let key = unescape(key, piece)?;
        let key = String::from_utf8(key).map_err(|_| ShareError::Malformed(clip(piece)))?;
        if key == "v" {
            continue;
        }
        let value = unescape(value, piece)?;
        let value =
            String::from_utf8(value).map_err(|_| ShareError::NotText { key: clip(&key) })?;
        pairs.push((key, value));
    }
    let pairs = migrate(version, pairs)?;
    parse_pairs(pairs).map(Some)
}

/// A version number this code can read: digits only, at most [`VERSION`].
/// A newer version may have changed the syntax of everything else, so its
/// link is refused before any other piece is looked at.
fn parse_version(text: &str) -> Result<u32, ShareError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::UnknownVersion(clip(text)));
    }
    match text.parse::<u32>() {
        Ok(0) => Err(ShareError::UnknownVersion(clip(text))),
        Ok(v) if v > VERSION => Err(ShareError::NewerVersion(v)),
        Ok(v) => Ok(v),
        // More digits than any version will ever have: still "newer".
        Err(_) => Err(ShareError::NewerVersion(u32::MAX)),
    }
}

/// Rewrites the pairs of a link made by `version` into pairs of the current
/// [`VERSION`], one version step at a time (see the module docs).
///
/// The `v` pair itself is not among `pairs`.  v=1 is current, so its pairs
/// pass unchanged; a version newer than this code, or one that never
/// existed, is an error.
pub fn migrate(
    version: u32,
    pairs: Vec<(String, String)>,
) -> Result<Vec<(String, String)>, ShareError> {
    match version {
        VERSION => Ok(pairs),
        // When v=2 arrives: `1 => migrate(2, v1_to_v2(pairs)),`
        v if v > VERSION => Err(ShareError::NewerVersion(v)),
        v => Err(ShareError::UnknownVersion(v.to_string())),
    }
}

/// Percent-decodes `text` (a key or value of `piece`); a `%` not followed by
/// two hex digits makes the piece malformed.
fn unescape(text: &str, piece: &str) -> Result<Vec<u8>, ShareError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| ShareError::Malformed(clip(piece)))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// Builds the scenario from current-version pairs.
fn parse_pairs(pairs: Vec<(String, String)>) -> Result<Scenario, ShareError> {
    let mut seen: Vec<&str> = Vec::new();
    let mut sc = Scenario::default();
    let mut sliders_text: Option<&str> = None;
    for (key, value) in &pairs {
        let known = matches!(
            key.as_str(),
            "p" | "s" | "c" | "cpu" | "t" | "e" | "speed" | "lang" | "embed" | "view"
        );
        if !known {
            if sc.ignored.len() < MAX_IGNORED && !sc.ignored.contains(&clip(key)) {
                sc.ignored.push(clip(key));
            }
            continue;
        }
        if seen.contains(&key.as_str()) {
            return Err(ShareError::DuplicateKey(key.clone()));
        }
        seen.push(key);
        let bad_number = |expected| ShareError::BadNumber {
            key: key.clone(),
            value: clip(value),
            expected,
        };
        let bad_value = |expected| ShareError::BadValue {
            key: key.clone(),
            value: clip(value),
            expected,
        };
        match key.as_str() {
            "p" => {
                if presets::find(value).is_none() {
                    return Err(ShareError::UnknownPreset(clip(value)));
                }
                sc.preset = Some(value.clone());
            }
            "s" => sliders_text = Some(value),
            "c" => sc.code = Some(decompress_code(value)?),
            "cpu" => {
                let v = parse_number(value)
                    .filter(|v| *v > 0.0)
                    .ok_or_else(|| bad_number("a positive number of operations per second"))?;
                sc.cpu_speed = Some(v);
            }
            "t" => {
                let v = parse_number(value)
                    .filter(|v| *v >= 0.0)
                    .ok_or_else(|| bad_number("a time in seconds, zero or more"))?;
                sc.t = Some(v);
            }
            "e" => {
                let v = parse_count(value)
                    .ok_or_else(|| bad_number("a whole number of events, zero or more"))?;
                sc.event = Some(v);
            }
            "speed" => {
                if crate::model::state::Speed::from_key(value).is_none() {
                    return Err(bad_value(
                        "a playback speed: 0.1, 0.25, 0.5, 1, 2, 5, 10 or step",
                    ));
                }
                sc.speed = Some(value.clone());
            }
            "lang" => {
                if !is_language_tag(value) {
                    return Err(bad_value("a language code such as en or ja"));
                }
                sc.lang = Some(value.clone());
            }
            "embed" => {
                sc.embed = match value.as_str() {
                    "1" => true,
                    "0" => false,
                    _ => return Err(bad_value("1 or 0")),
                }
            }
            "view" => {
                let tokens: Vec<&str> = value.split(',').filter(|t| !t.is_empty()).collect();
                if tokens.len() > MAX_VIEW || !tokens.iter().all(|t| is_view_token(t)) {
                    return Err(bad_value(
                        "view options: up to 16 words of a-z, 0-9 and -, separated by commas",
                    ));
                }
                sc.view = tokens.into_iter().map(str::to_string).collect();
            }
            _ => {}
        }
    }
    if sc.preset.is_some() && sc.code.is_some() {
        return Err(ShareError::PresetAndCode);
    }
    if let Some(text) = sliders_text {
        let Some(preset) = sc.preset.as_deref().and_then(presets::find) else {
            return Err(ShareError::SlidersWithoutPreset);
        };
        sc.sliders = parse_sliders(text, preset)?;
    }
    Ok(sc)
}

/// `0:3,1:2.5` against the preset's sliders.
fn parse_sliders(text: &str, preset: &Preset) -> Result<Vec<(usize, f64)>, ShareError> {
    let bad = || ShareError::BadNumber {
        key: "s".into(),
        value: clip(text),
        expected: "slider:value pairs such as 0:3,1:2.5",
    };
    let mut out: Vec<(usize, f64)> = Vec::new();
    for pair in text.split(',').filter(|p| !p.is_empty()) {
        let (index, value) = pair.split_once(':').ok_or_else(bad)?;
        let index = parse_count(index).ok_or_else(bad)?;
        let value = parse_number(value).ok_or_else(bad)?;
        if out.iter().any(|(i, _)| *i == index) {
            return Err(ShareError::DuplicateKey(format!("s={index}:…")));
        }
        out.push((index, value));
    }
    if !out.is_empty() {
        let count = sliders::extract(preset.source).len();
        if let Some((index, _)) = out.iter().find(|(i, _)| *i >= count) {
            return Err(ShareError::NoSuchSlider {
                preset: preset.id.to_string(),
                index: *index,
                count,
            });
        }
    }
    Ok(out)
}

/// A finite decimal number (`3`, `-0.5`, `1e-9`); no `inf`, `NaN`, `0x…` or spaces.
fn parse_number(text: &str) -> Option<f64> {
    let plausible = !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && text.bytes().any(|b| b.is_ascii_digit());
    if !plausible {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A whole number of things: digits only.
fn parse_count(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `en`, `ja`, `pt-BR`: two or three letters, optionally a region or script.
fn is_language_tag(text: &str) -> bool {
    let (lang, rest) = match text.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (text, None),
    };
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && rest.is_none_or(|r| {
            (1..=8).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// One view option: 1 to 32 of `a-z 0-9 -`.
fn is_view_token(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The program carried by `c=`.
fn decompress_code(value: &str) -> Result<String, ShareError> {
    if value.is_empty() {
        // The JavaScript library reads "" as "no data" (null); an empty
        // program compresses to "Q", so an empty value is a damaged link.
        return Err(ShareError::DamagedCode);
    }
    let units = decompress_bounded(value, MAX_CODE)?;
    // The bound is in UTF-16 units, as the encoder's: a program of
    // Japanese text is up to three times as many bytes as units.
    let code = String::from_utf16(&units).map_err(|_| ShareError::NotText { key: "c".into() })?;
    if code.contains('\0') {
        return Err(ShareError::NulInCode);
    }
    Ok(code)
}

/// lz-string's URI-safe alphabet: the 6-bit value of a character is its
/// position.  Its 65th character, `$`, is never written; lz-string reads it
/// as 64, whose low six bits are zero, so it decodes like `A`.
const URI_ALPHABET: &[u8; 65] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

/// Reads lz-string's bit stream: six bits per character, most significant first.
struct Bits<'a> {
    values: &'a [u8],
    next: usize,
    val: u8,
    mask: u8,
}

impl Bits<'_> {
    fn bit(&mut self) -> Result<u32, ShareError> {
        let bit = u32::from(self.val & self.mask != 0);
        self.mask >>= 1;
        if self.mask == 0 {
            // Like lz-string, fetch the next character as soon as one is
            // used up; a stream always ends with padding after its end code,
            // so running out here means it was cut short.
            self.mask = 1 << 5;
            self.val = *self.values.get(self.next).ok_or(ShareError::DamagedCode)?;
            self.next += 1;
        }
        Ok(bit)
    }

    /// `n` bits, least significant first.
    fn bits(&mut self, n: u32) -> Result<u32, ShareError> {
        let mut out = 0;
        for i in 0..n {
            out |= self.bit()? << i;
        }
        Ok(out)
    }
}

/// A dictionary entry: a literal character, or a range of the output
/// (every non-literal entry `w + entry[0]` is written out contiguously, so
/// storing where it is costs two integers instead of a copy).
#[derive(Clone, Copy)]
enum Entry {
    Literal(u16),
    Span(usize, usize),
}

/// lz-string's `decompressFromEncodedURIComponent`, bounded: at most
/// `max_units` UTF-16 units of output.
///
/// The `lz-str` crate's decompressor cannot be bounded (it returns the whole
/// output, and keeps a copy of every dictionary entry, so a 64 KiB input of
/// ever-longer repeats needs gigabytes), and bounding its input instead would
/// not work: `n` codes can expand to about `n²/2` units, so 256 Ki units of
/// output would allow only about 720 codes, fewer than a 40-line program
/// needs.  This is the same algorithm (the tests check it against `lz-str`
/// and against strings compressed by the JavaScript library) that checks the
/// bound before every copy: output ≤ `max_units`, dictionary ≤ one entry per
/// code read, each code ≥ 3 bits, so ≤ 6 × 64 Ki / 3 = 128 Ki entries of two
/// integers for a link under [`MAX_FRAGMENT`]; time linear in both.
pub fn decompress_bounded(text: &str, max_units: usize) -> Result<Vec<u16>, ShareError> {
    let mut values = Vec::with_capacity(text.len());
    for b in text.bytes() {
        // A `+` that went through form decoding comes back as a space.
        let b = if b == b' ' { b'+' } else { b };
        let v = URI_ALPHABET
            .iter()
            .position(|k| *k == b)
            .ok_or(ShareError::DamagedCode)?;
        values.push(v as u8);
    }
    let Some(&first_val) = values.first() else {
        return Ok(Vec::new());
    };
    let mut bits = Bits {
        values: &values,
        next: 1,
        val: first_val,
        mask: 1 << 5,
    };
    let mut out: Vec<u16> = Vec::new();
    // Codes 0, 1 and 2 are "8-bit literal", "16-bit literal" and "end";
    // their dictionary slots are never read.
    let mut dict: Vec<Entry> = vec![Entry::Literal(0); 3];
    let first = match bits.bits(2)? {
        0 => bits.bits(8)?,
        1 => bits.bits(16)?,
        2 => return Ok(out),
        _ => return Err(ShareError::DamagedCode),
    };
    let first = first as u16;
    dict.push(Entry::Literal(first));
    out.push(first);
    let mut w = (0usize, 1usize);
    let mut num_bits: u32 = 3;
    let mut enlarge_in: u64 = 4;
    loop {
        let mut code = bits.bits(num_bits)? as usize;
        match code {
            0 | 1 => {
                let c = bits.bits(if code == 0 { 8 } else { 16 })? as u16;
                dict.push(Entry::Literal(c));
                code = dict.len() - 1;
                enlarge_in -= 1;
            }
            2 => return Ok(out),
            _ => {}
        }
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
        let start = out.len();
        match dict.get(code) {
            Some(Entry::Literal(c)) => {
                if out.len() >= max_units {
                    return Err(ShareError::CodeTooLarge);
                }
                out.push(*c);
            }
            Some(Entry::Span(s, len)) => {
                if out.len() + len > max_units {
                    return Err(ShareError::CodeTooLarge);
                }
                out.extend_from_within(*s..s + len);
            }
            // The one code not yet in the dictionary: w + w[0].
            None if code == dict.len() => {
                if out.len() + w.1 + 1 > max_units {
                    return Err(ShareError::CodeTooLarge);
                }
                out.extend_from_within(w.0..w.0 + w.1);
                out.push(out[w.0]);
            }
            None => return Err(ShareError::DamagedCode),
        }
        // w + entry[0]: w sits right before the entry just written.
        dict.push(Entry::Span(w.0, w.1 + 1));
        enlarge_in -= 1;
        w = (start, out.len() - start);
        if enlarge_in == 0 {
            // Codes wider than 24 bits would need 16 Mi dictionary entries,
            // more than any input under the length limit can make.
            if num_bits >= 24 {
                return Err(ShareError::DamagedCode);
            }
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
    }
}

// ------------------------------------------------- scenarios and programs

impl Scenario {
    /// The scenario for `source` (playhead, speed and the rest left unset):
    /// a preset with moved sliders when `source` is exactly that (tried
    /// first for `preset_hint`, then for every preset), otherwise the code.
    pub fn from_source(source: &str, preset_hint: Option<&str>) -> Scenario {
        let hinted = preset_hint.and_then(presets::find);
        let candidates = hinted.into_iter().chain(
            presets::PRESETS
                .iter()
                .filter(|p| Some(p.id) != preset_hint),
        );
        for preset in candidates {
            if let Some(sliders) = slider_changes(preset, source) {
                return Scenario {
                    preset: Some(preset.id.to_string()),
                    sliders,
                    ..Scenario::default()
                };
            }
        }
        Scenario {
            code: Some(source.to_string()),
            ..Scenario::default()
        }
    }

    /// The program this scenario runs: its preset, if any, and the source
    /// (the code; or the preset's source with the sliders moved; or the
    /// default preset when there is neither or the preset is unknown).
    pub fn program(&self) -> (Option<&'static Preset>, String) {
        if let Some(code) = &self.code {
            return (None, code.clone());
        }
        let preset = self
            .preset
            .as_deref()
            .and_then(presets::find)
            .or_else(|| presets::find(presets::DEFAULT_PRESET))
            .unwrap_or(&presets::PRESETS[0]);
        (Some(preset), apply_sliders(preset, &self.sliders))
    }
}

/// The preset's source with the given sliders moved.
fn apply_sliders(preset: &Preset, overrides: &[(usize, f64)]) -> String {
    if overrides.is_empty() {
        return preset.source.to_string();
    }
    let all = sliders::extract(preset.source);
    // Rewriting from the end keeps the byte ranges of earlier literals valid.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(all[i].start));
    let mut source = preset.source.to_string();
    for i in order {
        if let Some((_, value)) = overrides.iter().find(|(j, _)| *j == i) {
            source = all[i].rewrite(&source, *value);
        }
    }
    source
}

/// The slider moves that turn `preset` into exactly `source`, if there are such.
fn slider_changes(preset: &Preset, source: &str) -> Option<Vec<(usize, f64)>> {
    if source == preset.source {
        return Some(Vec::new());
    }
    // Cheap test first: apart from digits and dots, a preset with moved
    // sliders is the preset, character for character.
    let skeleton = |s: &'_ str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit() && *c != '.' && *c != '_')
            .collect::<String>()
    };
    if skeleton(source) != skeleton(preset.source) {
        return None;
    }
    let ours = sliders::extract(preset.source);
    let theirs = sliders::extract(source);
    if ours.len() != theirs.len() || ours.is_empty() {
        return None;
    }
    let changes: Vec<(usize, f64)> = ours
        .iter()
        .zip(&theirs)
        .enumerate()
        .filter(|(_, (a, b))| preset.source.get(a.start..a.end) != source.get(b.start..b.end))
        .map(|(i, (_, b))| (i, b.value))
        .collect();
    // Only a link that rebuilds the very same text will do.
    (apply_sliders(preset, &changes) == source).then_some(changes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_error_reads_in_japanese_too() {
        use crate::i18n::Lang;
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
            let (en, ja) = (error.message(Lang::En), error.message(Lang::Ja));
            assert_eq!(en, error.to_string());
            assert!(!ja.is_empty() && ja != en, "{fragment}: {ja}");
        }
    }

    use super::*;

    /// A JavaScript-compatible decode through the `lz-str` crate, as the reference.
    fn reference(text: &str) -> Option<Vec<u16>> {
        lz_str::decompress_from_encoded_uri_component(text)
    }

    /// Deterministic pseudo-random numbers (SplitMix64) for property tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
        fn float(&mut self) -> f64 {
            match self.below(6) {
                0 => 0.0,
                1 => self.below(100) as f64,
                2 => self.below(1000) as f64 / 10.0,
                3 => f64::from_bits(self.next() >> 2).abs().min(1e300),
                4 => (self.next() % 1_000_000) as f64 / 7.0,
                _ => 1e-9 * self.below(1000) as f64,
            }
        }
        fn text(&mut self, max: usize) -> String {
            const PIECES: &[&str] = &[
                "a",
                "Z",
                " ",
                "\n",
                "\t",
                "=",
                "&",
                "%",
                "#",
                "+",
                "'",
                "\"",
                "<",
                ">",
                "日本",
                "😀",
                "é",
                "\u{7f}",
                "\u{1}",
                "import asyncio\n",
                "await asyncio.sleep(1)\n",
            ];
            let n = self.below(max + 1);
            (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect()
        }
    }

    fn random_scenario(rng: &mut Rng) -> Scenario {
        let mut sc = Scenario::default();
        match rng.below(3) {
            0 => {}
            1 => {
                let preset = &presets::PRESETS[rng.below(presets::PRESETS.len())];
                sc.preset = Some(preset.id.to_string());
                let count = sliders::extract(preset.source).len();
                for i in 0..count {
                    if rng.chance(50) {
                        sc.sliders.push((i, rng.float()));
                    }
                }
            }
            _ => sc.code = Some(rng.text(60)),
        }
        if rng.chance(40) {
            sc.cpu_speed = Some(rng.float()).filter(|v| *v > 0.0);
        }
        if rng.chance(60) {
            sc.t = Some(rng.float());
        }
        if rng.chance(30) {
            sc.event = Some(rng.below(100_000));
        }
        if rng.chance(40) {
            sc.speed = Some(
                crate::model::state::Speed::CHOICES[rng.below(8)]
                    .0
                    .to_string(),
            );
        }
        if rng.chance(30) {
            sc.lang = Some(["en", "ja", "pt-BR"][rng.below(3)].to_string());
        }
        sc.embed = rng.chance(30);
        if rng.chance(20) {
            let words = ["code-collapsed", "no-console", "dark", "x1"];
            sc.view = words[..rng.below(words.len() + 1)]
                .iter()
                .map(|w| w.to_string())
                .collect();
        }
        sc
    }

    #[test]
    fn random_scenarios_round_trip() {
        let mut rng = Rng(7);
        for _ in 0..400 {
            let sc = random_scenario(&mut rng);
            let link = encode(&sc);
            assert!(link.starts_with("v=1"), "{link}");
            assert!(
                link.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~$+&=,:%".contains(&b)),
                "not URI-safe: {link}"
            );
            let back = decode(&link).unwrap_or_else(|e| panic!("{link}: {e}"));
            assert_eq!(back, Some(sc.clone()), "{link}");
            // The address bar and `location.hash` keep the `#`.
            assert_eq!(decode(&format!("#{link}")).unwrap(), Some(sc));
        }
    }

    #[test]
    fn empty_fragments_are_no_scenario() {
        for input in ["", "#", "  ", "&", "#&&"] {
            assert_eq!(decode(input), Ok(None), "{input:?}");
        }
        assert_eq!(decode("v=1"), Ok(Some(Scenario::default())));
    }

    /// Each malformed link gives its error, and `Display` a sentence.
    fn check(input: &str, expected: ShareError) {
        let got = decode(input);
        assert_eq!(got, Err(expected), "{input:?}");
        let message = got.unwrap_err().to_string();
        assert!(
            message.ends_with(['.', '?']) && message.len() < 300,
            "{message}"
        );
    }

    #[test]
    fn malformed_links_say_what_is_wrong() {
        use ShareError::*;
        let number = |key: &str, value: &str, expected| BadNumber {
            key: key.into(),
            value: value.into(),
            expected,
        };
        let value = |key: &str, v: &str, expected| BadValue {
            key: key.into(),
            value: v.into(),
            expected,
        };
        const SECONDS: &str = "a time in seconds, zero or more";
        const PAIRS: &str = "slider:value pairs such as 0:3,1:2.5";
        check(
            &"x".repeat(MAX_FRAGMENT + 1),
            TooLong {
                len: MAX_FRAGMENT + 1,
            },
        );
        check(
            &format!("v=1&c={}", "A".repeat(MAX_FRAGMENT)),
            TooLong {
                len: MAX_FRAGMENT + 6,
            },
        );
        check("p=hello", MissingVersion);
        check("section-2", MissingVersion);
        check("V=1&p=hello", MissingVersion);
        check("v=2&p=hello", NewerVersion(2));
        check("v=2&anything&at=all%", NewerVersion(2));
        check("p=hello&v=17", NewerVersion(17));
        check("v=99999999999999999999", NewerVersion(u32::MAX));
        check("v=0", UnknownVersion("0".into()));
        check("v=abc", UnknownVersion("abc".into()));
        check("v=", UnknownVersion("".into()));
        check("v=1.0", UnknownVersion("1.0".into()));
        check("v=-1", UnknownVersion("-1".into()));
        check("v=1&p=hello&v=1", DuplicateKey("v".into()));
        check("v=1&p", Malformed("p".into()));
        check("v=1&=hello", Malformed("=hello".into()));
        check("v=1&p=%zz", Malformed("p=%zz".into()));
        check("v=1&p=hello%2", Malformed("p=hello%2".into()));
        check("v=1&p=%", Malformed("p=%".into()));
        check("v=1&%ff=1", Malformed("%ff=1".into()));
        check("v=1&lang=%ff%fe", NotText { key: "lang".into() });
        check("v=1&p=hello&p=future", DuplicateKey("p".into()));
        check("v=1&t=1&t=2", DuplicateKey("t".into()));
        check("v=1&t=abc", number("t", "abc", SECONDS));
        check("v=1&t=", number("t", "", SECONDS));
        check("v=1&t=-1", number("t", "-1", SECONDS));
        check("v=1&t=inf", number("t", "inf", SECONDS));
        check("v=1&t=NaN", number("t", "NaN", SECONDS));
        check("v=1&t=1e999", number("t", "1e999", SECONDS));
        check("v=1&t=0x10", number("t", "0x10", SECONDS));
        check("v=1&t=1..2", number("t", "1..2", SECONDS));
        check("v=1&t=%201", number("t", " 1", SECONDS));
        check(
            "v=1&cpu=0",
            number("cpu", "0", "a positive number of operations per second"),
        );
        check(
            "v=1&e=1.5",
            number("e", "1.5", "a whole number of events, zero or more"),
        );
        check("v=1&p=two-tasks&s=0", number("s", "0", PAIRS));
        check("v=1&p=two-tasks&s=a:1", number("s", "a:1", PAIRS));
        check("v=1&p=two-tasks&s=0:x", number("s", "0:x", PAIRS));
        check("v=1&p=two-tasks&s=-1:2", number("s", "-1:2", PAIRS));
        check("v=1&p=two-tasks&s=0:1,0:2", DuplicateKey("s=0:…".into()));
        check(
            "v=1&p=two-tasks&s=9:1",
            NoSuchSlider {
                preset: "two-tasks".into(),
                index: 9,
                count: 2,
            },
        );
        check("v=1&s=0:1", SlidersWithoutPreset);
        check("v=1&p=nope", UnknownPreset("nope".into()));
        check("v=1&p=", UnknownPreset("".into()));
        check("v=1&p=Hello", UnknownPreset("Hello".into()));
        check(
            "v=1&p=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            UnknownPreset("<script>alert(1)</script>".into()),
        );
        check(
            &format!("v=1&p={}", "x".repeat(100)),
            UnknownPreset(format!("{}…", "x".repeat(40))),
        );
        check("v=1&p=hello&c=A4JwlgdgLgFA5ACzHAlEA", PresetAndCode);
        check("v=1&c=", DamagedCode);
        check("v=1&c=A4JwlgdgLgFA5ACzHAl", DamagedCode);
        check("v=1&c=A4JwlgdgLgFA5ACz", DamagedCode);
        check("v=1&c=A", DamagedCode);
        check("v=1&c=A4Jwl*gdgLgFA5ACzHAlEA", DamagedCode);
        check("v=1&c=日本", DamagedCode);
        check("v=1&c=%00", DamagedCode);
        check("v=1&c=////", DamagedCode);
        check(
            &format!(
                "v=1&c={}",
                lz_str::compress_to_encoded_uri_component("a\0b")
            ),
            NulInCode,
        );
        // A lone surrogate is not text.
        let lone: Vec<u16> = vec![0x61, 0xD800, 0x62];
        let lone = lz_str::compress_to_encoded_uri_component(&lone);
        check(&format!("v=1&c={lone}"), NotText { key: "c".into() });
        check(
            "v=1&speed=3",
            value(
                "speed",
                "3",
                "a playback speed: 0.1, 0.25, 0.5, 1, 2, 5, 10 or step",
            ),
        );
        check(
            "v=1&lang=english",
            value("lang", "english", "a language code such as en or ja"),
        );
        check(
            "v=1&lang=EN",
            value("lang", "EN", "a language code such as en or ja"),
        );
        check("v=1&embed=yes", value("embed", "yes", "1 or 0"));
        check(
            "v=1&view=Code",
            value(
                "view",
                "Code",
                "view options: up to 16 words of a-z, 0-9 and -, separated by commas",
            ),
        );
        check(
            "v=1&view=javascript:alert(1)",
            value(
                "view",
                "javascript:alert(1)",
                "view options: up to 16 words of a-z, 0-9 and -, separated by commas",
            ),
        );
    }

    #[test]
    fn messages_are_plain_sentences() {
        let newer = decode("v=2").unwrap_err().to_string();
        assert!(
            newer.starts_with("This link was made by a newer version of Loopscope (v=2)"),
            "{newer}"
        );
        assert_eq!(
            decode("v=1&p=two-tasks&s=5:1").unwrap_err().to_string(),
            "This link moves slider 5 of the example “two-tasks”, which has only 2 sliders."
        );
        assert_eq!(
            decode("v=1&t=-3").unwrap_err().to_string(),
            "In this link, “t=-3” is not a valid number: it should be a time in seconds, zero or more."
        );
    }

    #[test]
    fn unknown_keys_are_ignored_and_listed() {
        let sc = decode("v=1&p=hello&theme=dark&zoom=2&theme=light")
            .unwrap()
            .unwrap();
        assert_eq!(sc.preset.as_deref(), Some("hello"));
        assert_eq!(sc.ignored, vec!["theme".to_string(), "zoom".to_string()]);
        let many: String = (0..100).map(|i| format!("&k{i}=1")).collect();
        let sc = decode(&format!("v=1{many}")).unwrap().unwrap();
        assert_eq!(sc.ignored.len(), MAX_IGNORED);
    }

    #[test]
    fn lenient_where_links_get_mangled() {
        // Percent-encoded `$`, a `+` turned into a space, a stray `&`.
        let link = encode(&Scenario {
            code: Some("x = 1\n".repeat(30)),
            ..Scenario::default()
        });
        let mangled = link.replace('$', "%24").replace('+', " ") + "&";
        assert_eq!(decode(&mangled), decode(&link));
        assert_eq!(
            decode("v=1&p=two-%74asks")
                .unwrap()
                .unwrap()
                .preset
                .as_deref(),
            Some("two-tasks")
        );
        assert_eq!(
            decode("#v=1&embed=0&view=").unwrap(),
            Some(Scenario::default())
        );
    }

    #[test]
    fn migrate_passes_the_current_version_and_refuses_others() {
        let pairs = vec![("p".to_string(), "hello".to_string())];
        assert_eq!(migrate(1, pairs.clone()), Ok(pairs.clone()));
        assert_eq!(migrate(2, pairs.clone()), Err(ShareError::NewerVersion(2)));
        assert_eq!(
            migrate(0, pairs),
            Err(ShareError::UnknownVersion("0".into()))
        );
    }

    #[test]
    fn a_preset_link_is_short_and_readable() {
        let source = {
            let preset = presets::find("two-tasks").unwrap();
            let s = sliders::extract(preset.source);
            let once = s[0].rewrite(preset.source, 3.0);
            sliders::extract(&once)[1].rewrite(&once, 2.5)
        };
        let sc = Scenario {
            t: Some(0.5),
            ..Scenario::from_source(&source, None)
        };
        let link = encode(&sc);
        assert_eq!(link, "v=1&p=two-tasks&s=0:3,1:2.5&t=0.5");
        assert_eq!(sc.program(), (presets::find("two-tasks"), source));
        // The longest preset id, every slider moved, and all the settings.
        for preset in presets::PRESETS {
            let count = sliders::extract(preset.source).len();
            let sc = Scenario {
                preset: Some(preset.id.to_string()),
                sliders: (0..count).map(|i| (i, 12.25)).collect(),
                cpu_speed: preset.cpu_speed,
                t: Some(12.345),
                speed: Some("0.25".into()),
                lang: Some("ja".into()),
                embed: true,
                ..Scenario::default()
            };
            let url = format!("http://127.0.0.1:8080/#{}", encode(&sc));
            assert!(url.len() < 120, "{} chars: {url}", url.len());
        }
    }

    #[test]
    fn share_urls_and_embed_snippets() {
        let sc = Scenario {
            preset: Some("hello".into()),
            t: Some(1.0),
            ..Scenario::default()
        };
        assert_eq!(
            share_url("http://127.0.0.1:8080/#v=1&p=future", &sc),
            "http://127.0.0.1:8080/#v=1&p=hello&t=1"
        );
        assert_eq!(
            share_url("https://x.test/play/?a=1", &Scenario::default()),
            "https://x.test/play/?a=1#v=1"
        );
        assert_eq!(
            embed_snippet("http://127.0.0.1:8080/", &sc),
            "<iframe src=\"http://127.0.0.1:8080/#v=1&amp;p=hello&amp;t=1&amp;embed=1\" \
             title=\"Loopscope: asyncio event loop\" width=\"100%\" height=\"600\" \
             style=\"border:0\" loading=\"lazy\"></iframe>"
        );
        // A hostile page address cannot leave the attribute.
        let snippet = embed_snippet("http://a.test/\"><script>x</script>'", &sc);
        assert!(!snippet.contains("<script>") && snippet.matches('"').count() == 12);
    }

    const FORTY_LINES: &str = r#"import asyncio
import time

# A small web crawler with a rate limit and a timeout.
URLS = ["/", "/about", "/blog", "/blog/1", "/blog/2", "/contact"]
LIMIT = 2
DELAY = 0.5


async def fetch(url, sem):
    async with sem:
        print(f"{time.strftime('%X')} fetching {url}")
        await asyncio.sleep(DELAY * (1 + len(url) % 3))
        if url.endswith("2"):
            raise ValueError(f"bad page {url}")
        return f"<html>{url}</html>"


async def worker(name, queue, results, sem):
    while True:
        url = await queue.get()
        try:
            page = await asyncio.wait_for(fetch(url, sem), timeout=1.2)
            results[url] = len(page)
        except (ValueError, asyncio.TimeoutError) as exc:
            print(f"{name}: {url} failed: {exc!r}")
        finally:
            queue.task_done()


async def main():
    queue = asyncio.Queue()
    results = {}
    sem = asyncio.Semaphore(LIMIT)
    for url in URLS:
        queue.put_nowait(url)
    workers = [asyncio.create_task(worker(f"w{i}", queue, results, sem)) for i in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    print(sorted(results.items()))

asyncio.run(main())
"#;

    #[test]
    fn a_forty_line_program_stays_under_two_thousand_characters() {
        assert!(FORTY_LINES.lines().count() >= 40);
        let sc = Scenario::from_source(FORTY_LINES, Some("two-tasks"));
        assert_eq!(sc.code.as_deref(), Some(FORTY_LINES));
        let url = format!("http://127.0.0.1:8080/#{}", encode(&sc));
        assert!(url.len() < 2000, "{} chars", url.len());
        assert_eq!(decode(&url[23..]).unwrap(), Some(sc));
    }

    #[test]
    fn from_source_finds_presets_and_falls_back_to_code() {
        for preset in presets::PRESETS {
            let sc = Scenario::from_source(preset.source, None);
            assert_eq!(sc.preset.as_deref(), Some(preset.id));
            assert!(sc.sliders.is_empty() && sc.code.is_none());
            assert_eq!(sc.program(), (Some(preset), preset.source.to_string()));
            // Every slider moved, then back through a link.
            let mut source = preset.source.to_string();
            for i in 0..sliders::extract(preset.source).len() {
                let s = &sliders::extract(&source)[i];
                source = s.rewrite(&source, (s.value + 1.0).min(s.max));
            }
            let sc = Scenario::from_source(&source, None);
            assert_eq!(sc.preset.as_deref(), Some(preset.id), "{source}");
            let back = decode(&encode(&sc)).unwrap().unwrap();
            assert_eq!(back.program(), (Some(preset), source));
        }
        // An edit that is not a slider move is code, even when it looks close.
        let two = presets::find("two-tasks").unwrap().source;
        for edited in [
            two.replace("func1() started", "func1() begun"),
            two.replace("sleep(1)", "sleep(1.50)"),
            format!("{two}\n"),
            String::new(),
        ] {
            let sc = Scenario::from_source(&edited, Some("two-tasks"));
            assert_eq!(sc.code.as_deref(), Some(edited.as_str()));
            assert_eq!(sc.program(), (None, edited.clone()));
            assert_eq!(decode(&encode(&sc)).unwrap().unwrap().program().1, edited);
        }
        assert_eq!(
            Scenario::default().program().0.map(|p| p.id),
            Some(presets::DEFAULT_PRESET)
        );
    }

    #[test]
    fn reads_what_the_javascript_library_wrote() {
        // lz-string 1.5.0: LZString.compressToEncodedURIComponent(s).
        let cases = [
            ("print('hi')", "A4JwlgdgLgFA5ACzHAlEA"),
            ("", "Q"),
            ("a", "IZA"),
            (
                "日本語のコメント\nimport asyncio\n",
                "qemhpzR5UYdgyM0MiHDIzwyAmGAUASwLYAcD2AnALgAQCGAzgJ4B2AxilkkA",
            ),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "IY18ZVkA"),
        ];
        for (text, js) in cases {
            assert_eq!(lz_str::compress_to_encoded_uri_component(text), js);
            let units = decompress_bounded(js, MAX_CODE).unwrap();
            assert_eq!(String::from_utf16(&units).unwrap(), text);
            let sc = decode(&format!("v=1&c={js}")).unwrap().unwrap();
            assert_eq!(sc.code.as_deref(), Some(text));
        }
        // "😀 emoji\0x": the JavaScript library keeps the NUL; Loopscope refuses it.
        assert_eq!(
            decode("v=1&c=rwbgA9gECmC2D2BWBLAAADyA"),
            Err(ShareError::NulInCode)
        );
    }

    #[test]
    fn the_bounded_decompressor_agrees_with_lz_str() {
        let mut rng = Rng(11);
        for _ in 0..300 {
            let text = rng.text(200);
            let packed = lz_str::compress_to_encoded_uri_component(text.as_str());
            assert_eq!(
                decompress_bounded(&packed, MAX_CODE).ok(),
                reference(&packed),
                "{text:?}"
            );
            // Damage: cut it, or change one character.
            let cut = &packed[..rng.below(packed.len())];
            assert_eq!(decompress_bounded(cut, MAX_CODE).ok(), reference(cut));
            let mut bytes = packed.clone().into_bytes();
            let at = rng.below(bytes.len());
            bytes[at] = URI_ALPHABET[rng.below(64)];
            let changed = String::from_utf8(bytes).unwrap();
            assert_eq!(
                decompress_bounded(&changed, MAX_CODE).ok(),
                reference(&changed),
                "{changed}"
            );
        }
        // Random garbage, short enough for the unbounded reference.
        for _ in 0..2000 {
            let n = rng.below(40);
            let garbage: String = (0..n)
                .map(|_| char::from(URI_ALPHABET[rng.below(64)]))
                .collect();
            assert_eq!(
                decompress_bounded(&garbage, MAX_CODE).ok(),
                reference(&garbage),
                "{garbage}"
            );
        }
    }

    /// A stream of `w + w[0]` codes, each one longer than the last: the
    /// worst case of LZW, `n` codes giving about `n²/2` characters.
    fn bomb(codes: usize) -> String {
        let mut bits: Vec<bool> = Vec::new();
        let put = |value: u32, n: u32, bits: &mut Vec<bool>| {
            for i in 0..n {
                bits.push(value >> i & 1 == 1);
            }
        };
        put(0, 2, &mut bits);
        put(u32::from(b'a'), 8, &mut bits);
        let mut num_bits = 3u32;
        let mut enlarge_in = 4u64;
        // Each code is the dictionary's next free slot (it starts with 4).
        for code in (4u32..).take(codes) {
            put(code, num_bits, &mut bits);
            enlarge_in -= 1;
            if enlarge_in == 0 {
                enlarge_in = 1 << num_bits;
                num_bits += 1;
            }
        }
        put(2, num_bits, &mut bits);
        bits.extend([false; 12]);
        bits.chunks(6)
            .filter(|c| c.len() == 6)
            .map(|c| {
                let v = c.iter().fold(0, |acc, b| acc << 1 | usize::from(*b));
                char::from(URI_ALPHABET[v])
            })
            .collect()
    }

    #[test]
    fn decompression_is_bounded() {
        // The bomb is right: a small one decodes to the triangle number of `a`s.
        let small = bomb(20);
        assert_eq!(
            reference(&small).map(|v| v.len()),
            Some(1 + (2..=21).sum::<usize>())
        );
        assert_eq!(decompress_bounded(&small, MAX_CODE).ok(), reference(&small));
        // 15 000 codes in under 40 KiB of link would be 100 million characters.
        let big = bomb(15_000);
        assert!(big.len() < 40_000, "{}", big.len());
        assert_eq!(
            decompress_bounded(&big, MAX_CODE),
            Err(ShareError::CodeTooLarge)
        );
        assert_eq!(
            decode(&format!("v=1&c={big}")),
            Err(ShareError::CodeTooLarge)
        );
        // Just under the limit opens; just over does not.
        let fits = "x".repeat(MAX_CODE);
        let packed = lz_str::compress_to_encoded_uri_component(fits.as_str());
        assert_eq!(
            decompress_bounded(&packed, MAX_CODE).map(|v| v.len()),
            Ok(MAX_CODE)
        );
        assert_eq!(
            decompress_bounded(&packed, MAX_CODE - 1),
            Err(ShareError::CodeTooLarge)
        );
        // The bound is in UTF-16 units on both sides: text of three-byte
        // characters within it opens, although it is more bytes than units
        // (the share button offered such links, and they did not open).
        let wide = "日".repeat(MAX_CODE / 2);
        let link = format!(
            "v=1&c={}",
            lz_str::compress_to_encoded_uri_component(wide.as_str())
        );
        assert!(link.len() < MAX_FRAGMENT);
        assert_eq!(
            decode(&link).map(|s| s.map(|s| s.code)),
            Ok(Some(Some(wide)))
        );
    }

    #[test]
    fn never_panics_on_hostile_input() {
        let mut rng = Rng(3);
        let seeds = [
            "v=1&p=two-tasks&s=0:3,1:2.5&t=0.5",
            "v=1&c=A4JwlgdgLgFA5ACzHAlEA&speed=step&embed=1&view=a,b",
            "v=2",
            "",
        ];
        const NOISE: &[&str] = &[
            "&", "=", "%", "%2", "%ff", ",", ":", "v=1", "v=2", "p=", "s=", "c=", "t=", "-", "e",
            "9", "0", ".", "#", " ", "日", "\0", "$", "+",
        ];
        for _ in 0..3000 {
            let mut s = seeds[rng.below(seeds.len())].to_string();
            for _ in 0..rng.below(6) {
                let at = rng.below(s.len() + 1);
                if s.is_char_boundary(at) {
                    s.insert_str(at, NOISE[rng.below(NOISE.len())]);
                }
            }
            if rng.chance(30) && !s.is_empty() {
                let cut = rng.below(s.len());
                if s.is_char_boundary(cut) {
                    s.truncate(cut);
                }
            }
            if let Ok(Some(sc)) = decode(&s) {
                // Whatever opens, opens again the same from its own link.
                let again = decode(&encode(&sc)).unwrap().unwrap();
                assert_eq!(
                    Scenario {
                        ignored: Vec::new(),
                        ..sc
                    },
                    again,
                    "{s}"
                );
            }
        }
    }
}
