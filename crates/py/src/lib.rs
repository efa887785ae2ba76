//! Runs real asyncio source code on Loopscope's event-loop model.
//!
//! The crate is three stages, each a module, and imports point one way,
//! from the later stage to the earlier:
//!
//! - [`front`]: the source text.  Refuses sources nested too deep to walk
//!   safely, parses with `ruff_python_parser`, resolves scopes, and answers
//!   the editor (colours, slider literals); errors are [`Diagnostic`]s.
//! - `compile`: checks the supported subset and compiles to compact
//!   per-function instruction lists with their own constants.
//! - `runtime`: values, objects, the interpreter that runs every piece of
//!   user code as a resumable frame stack on [`loopscope_sim::Sim`], the
//!   built-ins and the standard library.
//!
//! The web front end and the CLI use four functions:
//!
//! - [`run`]: run a program, get an [`Outcome`]: stdout writes with their
//!   virtual times, stderr text (tracebacks and the loop's own reports), the
//!   model's trace, and how it ended ([`ExitKind`]).
//! - [`check`]: syntax and subset errors without running, as a [`Diagnostic`].
//! - [`front::tokens::tokens`]: a lexer for syntax colouring (kind + byte range).
//! - [`front::sliders::literals`]: every numeric literal with its byte range, value,
//!   enclosing function and call context, for the sliders.
//!
//! ```
//! let out = loopscope_py::run(
//!     "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print('done')\n\nasyncio.run(main())\n",
//!     &loopscope_py::Options::default(),
//! );
//! assert_eq!(out.exit, loopscope_py::ExitKind::Ok);
//! assert_eq!(out.stamped_stdout(), "[1.000000] done\n");
//! ```
//!
//! Determinism: `random` starts as if `random.seed(0)` had been called (a
//! Mersenne Twister identical to CPython's, so `random.seed(n)` programs
//! draw the same numbers), and nothing reads the wall clock.
//!
//! The supported subset: modules `asyncio`, `time`, `concurrent.futures`
//! (executors, `wait`, `as_completed`, done-callbacks), `threading`
//! (`Thread`, `Timer`, `Lock`, `RLock`, `Event`, `Semaphore`,
//! `BoundedSemaphore`, `Condition`, with their timeouts), `queue` (`Queue`,
//! `LifoQueue`, `PriorityQueue`, `SimpleQueue`), `random`, `math`, `itertools` (lazy, as CPython's),
//! `collections` (`deque`, `defaultdict`, `Counter`, `OrderedDict`,
//! `namedtuple`), `functools` (`partial`, `reduce`, `lru_cache`, `cache`,
//! `wraps`, `cached_property`, `total_ordering`), `datetime` and `time`'s calendar (on the virtual clock, whose
//! 0.0 is 1970-01-01 00:00:00; local time is UTC), `heapq`, `bisect`,
//! `operator` (the function forms, `itemgetter`, `attrgetter`,
//! `methodcaller`), `copy` (`copy`, `deepcopy` with its memo), `statistics`
//! (the averages, spreads and `quantiles`, exact as CPython's),
//! `contextvars` (`ContextVar`, `copy_context`, `Context.run`; each task
//! runs in a copy of its creator's context, callbacks in the one current
//! when scheduled or their `context=`),
//! `string`'s constants, `json` (`dumps`, `loads`), `typing` (every common
//! name, subscripted or not, usable at run time; `NamedTuple` classes with
//! fields, defaults, methods, properties, class and static methods), `dataclasses`
//! (`dataclass`, `field`, `asdict`, `replace`), `enum` (`Enum`, `IntEnum`, `auto`),
//! plus `sys.exit`, `sys.argv` (`['main.py']`), `sys.version_info`,
//! `os.cpu_count`, a small `logging`,
//! `traceback.print_exc`/`format_exc` and `sys.exc_info`;
//! `def`/`async def` with defaults, keywords, `*args`, `**kwargs`, closures,
//! `global`/`nonlocal`, lambdas, decorators; `class` statements with single
//! and multiple inheritance (C3 MRO), `super()`, `@staticmethod`,
//! `@classmethod`, `@property`, user exception classes, `__init_subclass__`
//! (with the class statement's keyword arguments), and the data-model
//! methods (`__init__`, `__repr__`/`__str__`, comparisons, `__hash__`,
//! `__len__`/`__bool__`, `__iter__`/`__next__`, `__getitem__`,
//! `__contains__`, `__call__`, `__enter__`/`__exit__`,
//! `__aenter__`/`__aexit__`, `__aiter__`/`__anext__`, `__await__` (also
//! written as a generator, and `types.coroutine`), `__getattr__`,
//! arithmetic); `await`, `with`/`async with`, `for`/`while`
//! with `else`, `try`/`except`/`except*`/`else`/`finally`, `raise ... from`;
//! `:=` and `match` (every pattern; class patterns for the built-in types,
//! namedtuples and classes); classes (inheritance with the C3 MRO, `super()`,
//! properties, static and class methods, the data model's dunder methods,
//! user exceptions) and decorators; generators (`yield`, `yield from`,
//! `send`/`throw`/`close`, lazy generator expressions) and async generators
//! (`async for`, `asend`/`athrow`/`aclose`, finalised at `asyncio.run`'s
//! shutdown, or by the loop's finaliser when dropped); `contextlib`
//! (`contextmanager`, `asynccontextmanager`, `suppress`, `closing`,
//! `aclosing`, `ExitStack`, `AsyncExitStack`); int (arbitrary precision),
//! float (CPython's `repr`), str with f-strings, format specs and
//! printf-style `%` formatting, `int | None` unions, bool,
//! None, list, tuple, dict, set, comprehensions (async ones and `await` in
//! them too), slicing, unpacking; the common built-ins.  Anything else
//! (subclassing built-in types other than exceptions, metaclasses, other
//! modules, `input`/`open`/`eval`…) is refused before running with its line
//! and column.  Limits ([`Limits`]) stop runaway
//! programs with a message; the model's own limits (events, virtual time) are
//! in [`Options`].
#![warn(missing_docs)]

mod compile;
pub mod front;
mod outcome;
mod pipeline;
mod runtime;

pub use front::diagnostic::{Construct, Diagnostic, SourceLimit};
pub use loopscope_sim::{Record, Trace};
pub use outcome::{ExitKind, Outcome, Write};
pub use pipeline::{check, run, run_in_slices, Options, Slices};
pub use runtime::limits::{Deadlock, Limit, Limits, MemoryGauge};
pub use runtime::traceback::{Raised, Site};
pub use runtime::value::Value;
