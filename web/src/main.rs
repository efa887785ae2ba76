//! The Loopscope playground.
fn main() {}
