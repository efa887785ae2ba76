//! The `loopscope` command-line tool.

fn main() {}
