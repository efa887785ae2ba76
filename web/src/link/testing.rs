//! What the link tests share: deterministic pseudo-random numbers.

/// Deterministic pseudo-random numbers (SplitMix64) for property tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn float(&mut self) -> f64 {
        match self.below(6) {
            0 => 0.0,
            1 => self.below(100) as f64,
            2 => self.below(1000) as f64 / 10.0,
            3 => f64::from_bits(self.next() >> 2).abs().min(1e300),
            4 => (self.next() % 1_000_000) as f64 / 7.0,
            _ => 1e-9 * self.below(1000) as f64,
        }
    }
    pub fn text(&mut self, max: usize) -> String {
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
