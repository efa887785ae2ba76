//! lz-string's `decompressFromEncodedURIComponent`, bounded while it runs,
//! so that a link cannot make the page decompress a bomb.

use super::error::LinkError;

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
    fn bit(&mut self) -> Result<u32, LinkError> {
        let bit = u32::from(self.val & self.mask != 0);
        self.mask >>= 1;
        if self.mask == 0 {
            // Like lz-string, fetch the next character as soon as one is
            // used up; a stream always ends with padding after its end code,
            // so running out here means it was cut short.
            self.mask = 1 << 5;
            self.val = *self.values.get(self.next).ok_or(LinkError::DamagedCode)?;
            self.next += 1;
        }
        Ok(bit)
    }

    /// `n` bits, least significant first.
    fn bits(&mut self, n: u32) -> Result<u32, LinkError> {
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
/// integers for a link under [`MAX_FRAGMENT`](super::codec::MAX_FRAGMENT); time linear in both.
pub fn decompress_bounded(text: &str, max_units: usize) -> Result<Vec<u16>, LinkError> {
    let mut values = Vec::with_capacity(text.len());
    for b in text.bytes() {
        // A `+` that went through form decoding comes back as a space.
        let b = if b == b' ' { b'+' } else { b };
        let v = URI_ALPHABET
            .iter()
            .position(|k| *k == b)
            .ok_or(LinkError::DamagedCode)?;
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
        _ => return Err(LinkError::DamagedCode),
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
                    return Err(LinkError::CodeTooLarge);
                }
                out.push(*c);
            }
            Some(Entry::Span(s, len)) => {
                if out.len() + len > max_units {
                    return Err(LinkError::CodeTooLarge);
                }
                out.extend_from_within(*s..s + len);
            }
            // The one code not yet in the dictionary: w + w[0].
            None if code == dict.len() => {
                if out.len() + w.1 + 1 > max_units {
                    return Err(LinkError::CodeTooLarge);
                }
                out.extend_from_within(w.0..w.0 + w.1);
                out.push(out[w.0]);
            }
            None => return Err(LinkError::DamagedCode),
        }
        // w + entry[0]: w sits right before the entry just written.
        dict.push(Entry::Span(w.0, w.1 + 1));
        enlarge_in -= 1;
        w = (start, out.len() - start);
        if enlarge_in == 0 {
            // Codes wider than 24 bits would need 16 Mi dictionary entries,
            // more than any input under the length limit can make.
            if num_bits >= 24 {
                return Err(LinkError::DamagedCode);
            }
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::codec::{decode, MAX_CODE, MAX_FRAGMENT};
    use crate::link::testing::Rng;

    /// A JavaScript-compatible decode through the `lz-str` crate, as the reference.
    fn reference(text: &str) -> Option<Vec<u16>> {
        lz_str::decompress_from_encoded_uri_component(text)
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
            Err(LinkError::CodeTooLarge)
        );
        assert_eq!(
            decode(&format!("v=1&c={big}")),
            Err(LinkError::CodeTooLarge)
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
            Err(LinkError::CodeTooLarge)
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
}
