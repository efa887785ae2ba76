//! A sweep of the whole callable surface: every built-in function and
//! type, every library function and class the interpreter knows, and every
//! method of the built-in types, each called with arguments of the wrong
//! number and kind.  Python code may pass anything anywhere; the answer
//! must be a Python exception (or a result), never a panic, a hang or a
//! run that stops early.  Unlike the fuzzer, which writes whole programs,
//! this reaches every entry point with the calls no tutorial makes.

#[cfg(test)]
mod tests {
    use crate::front::names::{BUILTINS, MODULES, TYPES};
    use crate::runtime::library;
    use crate::runtime::methods::{
        DICT_METHODS, LIBRARY, LIST_METHODS, LOGGING, MATH_FUNCS, SET_METHODS, STR_METHODS,
    };

    /// The arguments every callable is called with: none, one, two and three,
    /// of the kinds that trip up argument handling (missing values, wrong
    /// types, empty and nested containers, negative, huge and non-finite
    /// numbers: sizes that must meet a limit rather than an allocation).
    const ARGS: &str = "[(), (0,), (None,), ('x',), (-1,), (2.5,), (10 ** 6,), ([],), ((1, 2),), \
                        ({}, {}), (1, 2), ('a', None), ([3, 1], 'b', -2), (None, None, None), \
                        (2 ** 62,), (-2 ** 62,), ('x', 2 ** 62), (2 ** 62, 'x'), (1e308,), \
                        (float('nan'),), (float('inf'),)]";

    /// How many argument lists [`ARGS`] holds.
    const ARG_LISTS: usize = 21;

    /// Runs `calls` (Python expressions of callables) through every argument
    /// list in one program and checks that it runs to its end.
    fn sweep(label: &str, calls: &[String]) {
        let imports: Vec<&str> = MODULES
            .iter()
            .filter(|m| **m != "__future__")
            .copied()
            .collect();
        let source = format!(
            "import {}\n\
             async def main():\n\
             \x20   n = 0\n\
             \x20   for f in [{}]:\n\
             \x20       for args in {ARGS}:\n\
             \x20           for kw in [{{}}, {{'key': None}}]:\n\
             \x20               try:\n\
             \x20                   r = f(*args, **kw)\n\
             \x20                   if asyncio.iscoroutine(r):\n\
             \x20                       r.close()\n\
             \x20               except BaseException:\n\
             \x20                   pass\n\
             \x20               n += 1\n\
             \x20   print('swept', n)\n\
             asyncio.run(main())\n",
            imports.join(", "),
            calls.join(", "),
        );
        // Some calls sleep for the arguments' seconds (a million of them).
        let options = crate::Options {
            max_virtual_time: 1e15,
            ..crate::Options::default()
        };
        // A built-in that loops without bound would hang the test run rather
        // than fail it: the sweep runs on its own thread, against a deadline.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let out = crate::run(&source, &options);
            let stdout: String = out.stdout.iter().map(|w| w.text.as_str()).collect();
            let _ = done.send((stdout, format!("{:?}", out.exit), out.stderr));
        });
        let Ok((stdout, exit, stderr)) = finished.recv_timeout(std::time::Duration::from_secs(120))
        else {
            panic!("{label}: the sweep did not finish within 120 s: a call runs without bound");
        };
        let expected = format!("swept {}\n", calls.len() * ARG_LISTS * 2);
        assert!(
            stdout.ends_with(&expected),
            "{label}: the sweep did not end ({exit})\n{stderr}"
        );
    }

    #[test]
    fn every_builtin_function_and_type_survives_any_arguments() {
        let calls: Vec<String> = BUILTINS
            .iter()
            .chain(TYPES)
            .filter(|b| **b != "print")
            .map(|b| b.to_string())
            .collect();
        sweep("builtins", &calls);
    }

    #[test]
    fn every_library_function_survives_any_arguments() {
        let tables: [&[&str]; 13] = [
            LIBRARY,
            MATH_FUNCS,
            LOGGING,
            library::itertools::NAMES,
            library::datetime::NAMES,
            library::datetime::TIME_NAMES,
            library::heapq::NAMES,
            library::json::NAMES,
            library::collections::NAMES,
            library::statistics::NAMES,
            library::contextvars::NAMES,
            library::copy::NAMES,
            library::operator::NAMES,
        ];
        for table in tables {
            // `time.sleep` passes the virtual time it is given (2**62 s
            // reaches the limit on virtual time, as it should).
            let calls: Vec<String> = table
                .iter()
                .filter(|q| **q != "time.sleep")
                .map(|q| q.to_string())
                .collect();
            sweep(table.first().copied().unwrap_or("?"), &calls);
        }
    }

    #[test]
    fn every_method_of_the_builtin_types_survives_any_arguments() {
        for (value, methods) in [
            ("'a b'", STR_METHODS),
            ("[3, 1, 2]", LIST_METHODS),
            ("{1: 2}", DICT_METHODS),
            ("{1, 2}", SET_METHODS),
            ("(1, 2)", &["index", "count"][..]),
            ("7", &["bit_length", "to_bytes", "conjugate"][..]),
            ("2.5", &["is_integer"][..]),
        ] {
            let calls: Vec<String> = methods.iter().map(|m| format!("({value}).{m}")).collect();
            sweep(value, &calls);
        }
    }
}
