//! Inputs for the link codec (`loopscope_web::link`): fragments that a
//! person could paste into the address bar, valid or damaged.

use crate::rng::Rng;
use loopscope_web::link::codec;
use loopscope_web::link::scenario::Scenario;

/// Values that sit on the edges of number parsing.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1e308",
    "1e400",
    "-1e400",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e-400",
    "18446744073709551616",
    "9007199254740993",
    "1.",
    ".5",
    "+3",
    "0x10",
    "",
    "1_0",
    " 1",
    "1,2",
];

/// A random fragment: the encoding of a random scenario, then damaged.
pub fn fragment(rng: &mut Rng, program: &str) -> String {
    let scenario = scenario(rng, program);
    let mut text = codec::encode(&scenario);
    if rng.chance(1, 6) {
        text.insert(0, '#');
    }
    for _ in 0..rng.below(4) {
        text = damage(rng, &text);
    }
    text
}

fn scenario(rng: &mut Rng, program: &str) -> Scenario {
    let presets = loopscope_web::model::presets::PRESETS;
    let mut s = Scenario::default();
    if rng.chance(1, 2) {
        s.code = Some(program.to_string());
    } else {
        let preset = rng.pick(&presets[..]);
        s.preset = Some(preset.id.to_string());
        for _ in 0..rng.below(4) {
            let value = *rng.pick(&[0.0, 1.0, 0.5, 3.0, 1e9, -1.0, 1e-7, 250.0]);
            s.sliders.push((rng.below(8), value));
        }
    }
    if rng.chance(1, 3) {
        s.cpu_speed = Some(*rng.pick(&[1.0, 1e6, 0.001, 1e300]));
    }
    if rng.chance(1, 3) {
        s.t = Some(*rng.pick(&[0.0, 0.5, 1e9, 3.25]));
    }
    if rng.chance(1, 3) {
        s.event = Some(*rng.pick(&[0, 1, 17, usize::MAX]));
    }
    if rng.chance(1, 4) {
        s.speed = Some(rng.pick(&["1", "10", "step", "0.1", "x"]).to_string());
    }
    if rng.chance(1, 4) {
        s.lang = Some(rng.pick(&["en", "ja", "fr", "&=%"]).to_string());
    }
    s.embed = rng.chance(1, 4);
    for _ in 0..rng.below(3) {
        s.view
            .push(rng.pick(&["timeline", "code", "a,b", "%", ""]).to_string());
    }
    s
}

/// One edit of a fragment: a byte of the lz alphabet, a key, a value, an
/// escape, a duplicate or a cut.
fn damage(rng: &mut Rng, text: &str) -> String {
    let mut pieces: Vec<String> = text.split('&').map(str::to_string).collect();
    let k = rng.below(pieces.len());
    match rng.below(9) {
        0 => {
            let dup = pieces[k].clone();
            pieces.push(dup);
        }
        1 => {
            pieces.remove(k);
        }
        2 => {
            // A number where a number is expected, or somewhere else.
            let key = pieces[k].split('=').next().unwrap_or("t").to_string();
            pieces[k] = format!("{key}={}", rng.pick(NUMBERS));
        }
        3 => {
            let key = rng.pick(&[
                "v", "p", "s", "c", "cpu", "gil", "cores", "t", "e", "speed", "lang", "embed",
                "view", "zz", "",
            ]);
            let value = rng.pick(&[
                "1",
                "2",
                "0",
                "999999999999",
                "two-tasks",
                "0:3,1:0.5",
                "0:",
                ":1",
                "99:1",
                "0:1,0:2",
                "%",
                "%zz",
                "%C3%28",
                "%00",
                "=",
                "hello",
                "abc$",
                "1:nan",
                "off",
                "on",
                "64",
                "65",
            ]);
            pieces.insert(k, format!("{key}={value}"));
        }
        4 => {
            let cut = rng.below(text.len() + 1);
            let mut cut_at = cut;
            while !text.is_char_boundary(cut_at) {
                cut_at -= 1;
            }
            return text[..cut_at].to_string();
        }
        5 => {
            // Characters of lz-string's URI alphabet, and some outside it.
            let alphabet =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$ %#=&";
            let mut bytes = pieces[k].clone().into_bytes();
            let n = rng.range(1, 8);
            for _ in 0..n {
                let at = rng.below(bytes.len() + 1);
                bytes.insert(at, *rng.pick(alphabet));
            }
            pieces[k] = String::from_utf8_lossy(&bytes).into_owned();
        }
        6 => {
            // A random lz-string payload, as a code value.
            let n = rng.skewed(4000);
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";
            let payload: String = (0..n).map(|_| *rng.pick(alphabet) as char).collect();
            pieces.push(format!("c={payload}"));
        }
        7 => {
            let at = rng.below(pieces[k].len() + 1);
            let mut at_b = at;
            while !pieces[k].is_char_boundary(at_b) {
                at_b -= 1;
            }
            let escape = *rng.pick(&["%", "%2", "%E6%97", "%FF", "%25", "é", "\u{0}"]);
            pieces[k].insert_str(at_b, escape);
        }
        _ => {
            let other = rng.below(pieces.len());
            pieces.swap(k, other);
        }
    }
    pieces.join("&")
}

/// Checks the codec on one fragment; `Err` says what is wrong.  Panics are
/// caught by the caller.
pub fn check(fragment: &str) -> Result<(), (String, String)> {
    let Ok(Some(first)) = codec::decode(fragment) else {
        return Ok(());
    };
    let _ = first.program();
    let again = codec::encode(&first);
    match codec::decode(&again) {
        Ok(Some(second)) => {
            let mut expected = first.clone();
            expected.ignored.clear();
            if second != expected {
                let field = differing_field(&expected, &second);
                return Err((
                    format!("round trip changes {field}"),
                    format!(
                        "decoded {expected:?}\nre-encoded as {again}\ndecoded again {second:?}"
                    ),
                ));
            }
            Ok(())
        }
        other => Err((
            "re-encoded link does not open".to_string(),
            format!("decoded {first:?}\nre-encoded as {again}\ngives {other:?}"),
        )),
    }
}

/// Checks that a program survives the trip through a link unchanged.
pub fn check_program(source: &str) -> Result<(), (String, String)> {
    // A program with a NUL byte never runs (CPython's "source code cannot
    // contain null bytes"), and links refuse it on purpose.
    if source.contains('\0') {
        return Ok(());
    }
    // A program longer than a link may carry is refused by the decoder on
    // purpose, however well it compresses.
    if source.encode_utf16().count() > codec::MAX_CODE {
        return Ok(());
    }
    let scenario = Scenario::from_source(source, None);
    let fragment = codec::encode(&scenario);
    if fragment.len() > codec::MAX_FRAGMENT {
        return Ok(());
    }
    match codec::decode(&fragment) {
        Ok(Some(back)) if back.program().1 == source => Ok(()),
        Ok(other) => Err((
            "program changes through a link".to_string(),
            format!("fragment {fragment}\ngives {other:?}"),
        )),
        Err(e) => Err((
            format!("a program's link does not open: {e:?}"),
            format!("fragment {fragment}\ngives {e:?}"),
        )),
    }
}

fn differing_field(a: &Scenario, b: &Scenario) -> &'static str {
    if a.preset != b.preset {
        "preset"
    } else if a.sliders != b.sliders {
        "sliders"
    } else if a.code != b.code {
        "code"
    } else if a.cpu_speed != b.cpu_speed {
        "cpu"
    } else if a.free_threaded != b.free_threaded {
        "gil"
    } else if a.cores != b.cores {
        "cores"
    } else if a.t != b.t {
        "t"
    } else if a.event != b.event {
        "e"
    } else if a.speed != b.speed {
        "speed"
    } else if a.lang != b.lang {
        "lang"
    } else if a.embed != b.embed {
        "embed"
    } else {
        "view"
    }
}
