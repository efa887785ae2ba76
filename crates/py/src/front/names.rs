//! The names a program finds without defining them: built-in functions
//! and types, the modules it may import, and the built-in exception classes.
//!
//! The front stage colours these names and the compiler resolves imports
//! against them; the runtime gives them their values.  One list serves all
//! three, so a name cannot be coloured as a built-in and then be unknown.

/// Built-in functions (and the decorators that are built-in types in CPython).
pub const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "enumerate",
    "zip",
    "sum",
    "min",
    "max",
    "sorted",
    "abs",
    "round",
    "isinstance",
    "repr",
    "any",
    "all",
    "reversed",
    "map",
    "filter",
    "divmod",
    "pow",
    "chr",
    "ord",
    "format",
    "hex",
    "bin",
    "oct",
    "callable",
    "iter",
    "next",
    "aiter",
    "anext",
    "id",
    "hash",
    "getattr",
    "hasattr",
    "setattr",
    "delattr",
    "issubclass",
    "super",
    "property",
    "staticmethod",
    "classmethod",
    "vars",
];

/// Built-in types.
pub const TYPES: &[&str] = &[
    "str",
    "int",
    "float",
    "list",
    "dict",
    "set",
    "tuple",
    "bool",
    "type",
    "object",
    "frozenset",
];

/// Supported modules.
pub const MODULES: &[&str] = &[
    "asyncio",
    "time",
    "concurrent",
    "concurrent.futures",
    "threading",
    "random",
    "math",
    "sys",
    "functools",
    "contextlib",
    "typing",
    "__future__",
    "itertools",
    "collections",
    "datetime",
    "heapq",
    "bisect",
    "string",
    "dataclasses",
    "enum",
    "json",
    "os",
    "logging",
    "traceback",
    "abc",
    "operator",
    "copy",
    "statistics",
    "contextvars",
    "types",
    "queue",
];

macro_rules! exc_classes {
    ($( $variant:ident => $name:literal, $qual:literal, $parent:ident; )*) => {
        /// A built-in exception class.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcClass {
            $(
                #[doc = concat!("`", $qual, "`.")]
                $variant,
            )*
        }

        impl ExcClass {
            /// Every class, for name lookups.
            pub const ALL: &'static [ExcClass] = &[$(ExcClass::$variant),*];

            /// `__name__`.
            pub fn name(self) -> &'static str {
                match self { $(ExcClass::$variant => $name,)* }
            }

            /// The name as tracebacks print it (`asyncio.exceptions.CancelledError`).
            pub fn qualified_name(self) -> &'static str {
                match self { $(ExcClass::$variant => $qual,)* }
            }

            /// The base class (`BaseException` is its own parent).
            pub fn parent(self) -> ExcClass {
                match self { $(ExcClass::$variant => ExcClass::$parent,)* }
            }
        }
    };
}

exc_classes! {
    BaseException => "BaseException", "BaseException", BaseException;
    Exception => "Exception", "Exception", BaseException;
    KeyboardInterrupt => "KeyboardInterrupt", "KeyboardInterrupt", BaseException;
    SystemExit => "SystemExit", "SystemExit", BaseException;
    CancelledError => "CancelledError", "asyncio.exceptions.CancelledError", BaseException;
    BaseExceptionGroup => "BaseExceptionGroup", "BaseExceptionGroup", BaseException;
    ExceptionGroup => "ExceptionGroup", "ExceptionGroup", Exception;
    ArithmeticError => "ArithmeticError", "ArithmeticError", Exception;
    ZeroDivisionError => "ZeroDivisionError", "ZeroDivisionError", ArithmeticError;
    OverflowError => "OverflowError", "OverflowError", ArithmeticError;
    LookupError => "LookupError", "LookupError", Exception;
    KeyError => "KeyError", "KeyError", LookupError;
    IndexError => "IndexError", "IndexError", LookupError;
    ValueError => "ValueError", "ValueError", Exception;
    TypeError => "TypeError", "TypeError", Exception;
    NameError => "NameError", "NameError", Exception;
    UnboundLocalError => "UnboundLocalError", "UnboundLocalError", NameError;
    AttributeError => "AttributeError", "AttributeError", Exception;
    FrozenInstanceError => "FrozenInstanceError", "dataclasses.FrozenInstanceError", AttributeError;
    RuntimeError => "RuntimeError", "RuntimeError", Exception;
    NotImplementedError => "NotImplementedError", "NotImplementedError", RuntimeError;
    RecursionError => "RecursionError", "RecursionError", RuntimeError;
    AssertionError => "AssertionError", "AssertionError", Exception;
    StopIteration => "StopIteration", "StopIteration", Exception;
    StopAsyncIteration => "StopAsyncIteration", "StopAsyncIteration", Exception;
    GeneratorExit => "GeneratorExit", "GeneratorExit", BaseException;
    OSError => "OSError", "OSError", Exception;
    TimeoutError => "TimeoutError", "TimeoutError", OSError;
    MemoryError => "MemoryError", "MemoryError", Exception;
    InvalidStateError => "InvalidStateError", "asyncio.exceptions.InvalidStateError", Exception;
    QueueEmpty => "QueueEmpty", "asyncio.queues.QueueEmpty", Exception;
    QueueFull => "QueueFull", "asyncio.queues.QueueFull", Exception;
    QueueModuleEmpty => "Empty", "_queue.Empty", Exception;
    QueueModuleFull => "Full", "queue.Full", Exception;
    BrokenBarrierError => "BrokenBarrierError", "asyncio.exceptions.BrokenBarrierError", RuntimeError;
    ConnectionError => "ConnectionError", "ConnectionError", OSError;
    BrokenPipeError => "BrokenPipeError", "BrokenPipeError", ConnectionError;
    ConnectionAbortedError => "ConnectionAbortedError", "ConnectionAbortedError", ConnectionError;
    ConnectionRefusedError => "ConnectionRefusedError", "ConnectionRefusedError", ConnectionError;
    ConnectionResetError => "ConnectionResetError", "ConnectionResetError", ConnectionError;
    FileNotFoundError => "FileNotFoundError", "FileNotFoundError", OSError;
    FileExistsError => "FileExistsError", "FileExistsError", OSError;
    PermissionError => "PermissionError", "PermissionError", OSError;
    InterruptedError => "InterruptedError", "InterruptedError", OSError;
    BlockingIOError => "BlockingIOError", "BlockingIOError", OSError;
    ProcessLookupError => "ProcessLookupError", "ProcessLookupError", OSError;
    EOFError => "EOFError", "EOFError", Exception;
    ImportError => "ImportError", "ImportError", Exception;
    ModuleNotFoundError => "ModuleNotFoundError", "ModuleNotFoundError", ImportError;
    FloatingPointError => "FloatingPointError", "FloatingPointError", ArithmeticError;
    BufferError => "BufferError", "BufferError", Exception;
    StatisticsError => "StatisticsError", "statistics.StatisticsError", ValueError;
    JSONDecodeError => "JSONDecodeError", "json.decoder.JSONDecodeError", ValueError;
}

impl ExcClass {
    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(self, other: ExcClass) -> bool {
        // ExceptionGroup derives from both BaseExceptionGroup and Exception.
        if self == ExcClass::ExceptionGroup && other == ExcClass::BaseExceptionGroup {
            return true;
        }
        let mut c = self;
        loop {
            if c == other {
                return true;
            }
            if c == ExcClass::BaseException {
                return false;
            }
            c = c.parent();
        }
    }

    /// Whether instances are `Exception`s (not only `BaseException`s).
    pub fn is_exception(self) -> bool {
        self.is_subclass(ExcClass::Exception)
    }

    /// Looks a built-in class up by `__name__`.
    pub fn by_name(name: &str) -> Option<ExcClass> {
        ExcClass::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl ExcClass {
    /// Whether the class is a built-in name (`CancelledError` and a few
    /// others live in their modules only: `asyncio.CancelledError`).
    pub fn is_global(self) -> bool {
        !matches!(
            self,
            ExcClass::CancelledError
                | ExcClass::InvalidStateError
                | ExcClass::FrozenInstanceError
                | ExcClass::QueueEmpty
                | ExcClass::QueueFull
                | ExcClass::QueueModuleEmpty
                | ExcClass::QueueModuleFull
                | ExcClass::StatisticsError
                | ExcClass::JSONDecodeError
        )
    }
}

/// Whether a name is a built-in function, type or exception, or a module
/// the program may import: what the editor colours as a built-in.
pub fn is_builtin_name(name: &str) -> bool {
    BUILTINS.contains(&name)
        || TYPES.contains(&name)
        || MODULES.contains(&name)
        || matches!(name, "NotImplemented")
        || ExcClass::by_name(name).is_some_and(ExcClass::is_global)
}
