//! Reading a Python traceback back: which of its lines point into the
//! program, and where the exception was raised, so the editor can mark it.

/// The line number of a traceback frame line in the user's program
/// (`  File "main.py", line 7, in main`), if it is one.
pub fn frame_line(text: &str) -> Option<u32> {
    text.trim_start()
        .strip_prefix("File \"main.py\", line ")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
}

/// Where the exception of `traceback` was raised in `source`: the innermost
/// frame in the program, as (1-based line, 1-based column, width in
/// characters).  The column and width come from the `^^^^` markers under
/// the quoted line when Python printed them, else the whole statement.
pub fn raise_site(traceback: &str, source: &str) -> Option<(u32, u32, u32)> {
    let lines: Vec<&str> = traceback.lines().collect();
    let (at, line) = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| frame_line(l).map(|n| (i, n)))?;
    let code = source.lines().nth(line.checked_sub(1)? as usize)?;
    let indent = code.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let statement = code.trim().chars().count() as u32;
    let quoted = lines.get(at + 1).filter(|l| !l.trim().is_empty());
    let carets = lines.get(at + 2).filter(|l| {
        let t = l.trim();
        !t.is_empty() && t.chars().all(|c| matches!(c, '^' | '~'))
    });
    match (quoted, carets) {
        (Some(quoted), Some(carets)) => {
            // The quoted line is the statement with its indentation replaced
            // by the traceback's own; the markers count from the same margin.
            let margin = quoted.chars().take_while(|c| *c == ' ').count();
            let start = carets.chars().take_while(|c| *c == ' ').count();
            let offset = start.checked_sub(margin)? as u32;
            let width = carets.trim().chars().count() as u32;
            Some((line, indent + offset + 1, width.max(1)))
        }
        _ => Some((line, indent + 1, statement.max(1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_innermost_frame_in_the_program() {
        let source = "import asyncio\n\nasync def f():\n    return undefined_name\n\nasync def main():\n    await f()\n\nasyncio.run(main())\n";
        let check = |traceback: &str, expected: Option<(u32, u32, u32)>| {
            assert_eq!(raise_site(traceback, source), expected, "{traceback}");
        };
        check(
            "Traceback (most recent call last):\n  File \"main.py\", line 9, in <module>\n    asyncio.run(main())\n  File \"main.py\", line 7, in main\n    await f()\n  File \"main.py\", line 4, in f\n    return undefined_name\n           ^^^^^^^^^^^^^^\nNameError: name 'undefined_name' is not defined",
            Some((4, 12, 14)),
        );
        // Without markers the whole statement is marked.
        check(
            "Traceback (most recent call last):\n  File \"main.py\", line 7, in main\n    await f()\nValueError: x",
            Some((7, 5, 9)),
        );
        // Frames outside the program and lines past its end are not marked.
        check("Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nValueError", None);
        check("  File \"main.py\", line 99, in f\n    x\nValueError", None);
        assert_eq!(
            frame_line("  File \"main.py\", line 12, in <module>"),
            Some(12)
        );
        assert_eq!(frame_line("    print('File \"main.py\", line 3')"), None);
    }
}
