//! Attribute access and methods of built-in types (`str`, `list`, `dict`,
//! `set`, `tuple`, exceptions) and module attributes.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::{iterate_simple, want_int, Args};
use crate::runtime::exc::Exc;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::value::{Dict, Value};
use crate::runtime::vm::{CallOut, Runner};

/// Names importable from `typing` (only used in annotations, which are not evaluated).
const TYPING: &[&str] = &[
    "Any",
    "List",
    "Dict",
    "Tuple",
    "Set",
    "FrozenSet",
    "Optional",
    "Union",
    "Callable",
    "Awaitable",
    "Coroutine",
    "Iterable",
    "Iterator",
    "Sequence",
    "Mapping",
    "TypeVar",
    "Generic",
    "NoReturn",
    "Literal",
    "Final",
    "ClassVar",
    "Type",
    "AsyncIterator",
    "AsyncIterable",
    "Generator",
    "AsyncGenerator",
    "Protocol",
    "cast",
    "TYPE_CHECKING",
    "Self",
    "TypeAlias",
    "Annotated",
    "NewType",
    "ParamSpec",
    "TypeVarTuple",
    "Deque",
    "DefaultDict",
    "Counter",
    "OrderedDict",
    "NamedTuple",
    "TypedDict",
    "Hashable",
    "Sized",
    "Collection",
    "Container",
    "MutableMapping",
    "MutableSequence",
    "MutableSet",
    "AbstractSet",
    "AsyncContextManager",
    "ContextManager",
    "Pattern",
    "Match",
    "IO",
    "TextIO",
    "SupportsInt",
    "SupportsFloat",
    "Never",
    "LiteralString",
    "Unpack",
    "Concatenate",
    "TypeGuard",
    "final",
    "overload",
    "runtime_checkable",
    "no_type_check",
    "Required",
    "NotRequired",
];

/// `logging` functions.
pub(crate) const LOGGING: &[&str] = &[
    "logging.basicConfig",
    "logging.getLogger",
    "logging.debug",
    "logging.info",
    "logging.warning",
    "logging.warn",
    "logging.error",
    "logging.exception",
    "logging.critical",
    "logging.fatal",
];

/// Every library function or class by qualified name.
pub(crate) const LIBRARY: &[&str] = &[
    "asyncio.run",
    "asyncio.sleep",
    "asyncio.create_task",
    "asyncio.gather",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.as_completed",
    "asyncio.timeout",
    "asyncio.timeout_at",
    "asyncio.shield",
    "asyncio.get_running_loop",
    "asyncio.get_event_loop",
    "asyncio.new_event_loop",
    "asyncio.set_event_loop",
    "asyncio.current_task",
    "asyncio.all_tasks",
    "asyncio.to_thread",
    "asyncio.iscoroutine",
    "asyncio.ensure_future",
    "asyncio.Future",
    "asyncio.Task",
    "asyncio.Lock",
    "asyncio.Event",
    "asyncio.Semaphore",
    "asyncio.BoundedSemaphore",
    "asyncio.Condition",
    "asyncio.Queue",
    "asyncio.LifoQueue",
    "asyncio.PriorityQueue",
    "asyncio.TaskGroup",
    "asyncio.iscoroutinefunction",
    "asyncio.wrap_future",
    "asyncio.Runner",
    "asyncio.Barrier",
    "asyncio.eager_task_factory",
    "asyncio.run_coroutine_threadsafe",
    "asyncio.get_event_loop_policy",
    "asyncio.set_event_loop_policy",
    "asyncio.DefaultEventLoopPolicy",
    "asyncio.create_eager_task_factory",
    "asyncio.isfuture",
    "time.sleep",
    "time.time",
    "time.monotonic",
    "time.perf_counter",
    "time.time_ns",
    "time.monotonic_ns",
    "time.perf_counter_ns",
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.Future",
    "threading.Thread",
    "threading.Lock",
    "threading.current_thread",
    "threading.get_ident",
    "random.seed",
    "random.random",
    "random.uniform",
    "random.randint",
    "random.randrange",
    "random.choice",
    "random.shuffle",
    "random.sample",
    "random.getrandbits",
    "functools.partial",
    "functools.reduce",
    "functools.lru_cache",
    "functools.cache",
    "functools.wraps",
    "functools.cached_property",
    "functools.total_ordering",
    "contextlib.contextmanager",
    "contextlib.asynccontextmanager",
    "contextlib.suppress",
    "contextlib.closing",
    "contextlib.aclosing",
    "contextlib.ExitStack",
    "contextlib.AsyncExitStack",
    "contextlib.nullcontext",
    "traceback.print_exc",
    "traceback.format_exc",
    "traceback.print_exception",
    "traceback.format_exception",
    "sys.exc_info",
    "os.cpu_count",
    "sys.stderr",
    "sys.stdout",
    "sys.exit",
];

pub(crate) const MATH_FUNCS: &[&str] = &[
    "math.sqrt",
    "math.floor",
    "math.ceil",
    "math.trunc",
    "math.log",
    "math.log2",
    "math.log10",
    "math.exp",
    "math.sin",
    "math.cos",
    "math.tan",
    "math.atan",
    "math.atan2",
    "math.asin",
    "math.acos",
    "math.fabs",
    "math.pow",
    "math.hypot",
    "math.isnan",
    "math.isinf",
    "math.isfinite",
    "math.factorial",
    "math.gcd",
    "math.isclose",
    "math.degrees",
    "math.radians",
    "math.fsum",
    "math.prod",
    "math.copysign",
    "math.lcm",
    "math.comb",
    "math.perm",
    "math.isqrt",
];

fn lookup(list: &'static [&'static str], module: &str, name: &str) -> Option<&'static str> {
    list.iter().copied().find(|q| {
        q.len() == module.len() + 1 + name.len()
            && q.starts_with(module)
            && q.ends_with(name)
            && q.as_bytes()[module.len()] == b'.'
    })
}

/// The constants of the `string` module.
fn string_constant(name: &str) -> Option<&'static str> {
    Some(match name {
        "ascii_letters" => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ascii_lowercase" => "abcdefghijklmnopqrstuvwxyz",
        "ascii_uppercase" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "digits" => "0123456789",
        "hexdigits" => "0123456789abcdefABCDEF",
        "octdigits" => "01234567",
        "punctuation" => "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "whitespace" => " \t\n\r\x0b\x0c",
        "printable" => "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c",
        _ => return None,
    })
}

/// `module.name`.
pub fn module_attr(module: &'static str, name: &str) -> Option<Value> {
    match (module, name) {
        ("concurrent", "futures") => return Some(Value::Module("concurrent.futures")),
        ("asyncio", "CancelledError") => return Some(Value::ExcType(ExcClass::CancelledError)),
        ("asyncio" | "concurrent.futures", "TimeoutError") => {
            return Some(Value::ExcType(ExcClass::TimeoutError))
        }
        ("concurrent.futures", "CancelledError") => {
            return Some(Value::ExcType(ExcClass::CancelledError))
        }
        ("asyncio", "InvalidStateError") => {
            return Some(Value::ExcType(ExcClass::InvalidStateError))
        }
        ("asyncio", "QueueEmpty") => return Some(Value::ExcType(ExcClass::QueueEmpty)),
        ("asyncio", "BrokenBarrierError") => {
            return Some(Value::ExcType(ExcClass::BrokenBarrierError))
        }
        ("asyncio", "QueueFull") => return Some(Value::ExcType(ExcClass::QueueFull)),
        ("queue", "Empty") => return Some(Value::ExcType(ExcClass::QueueModuleEmpty)),
        ("queue", "Full") => return Some(Value::ExcType(ExcClass::QueueModuleFull)),
        ("concurrent.futures", "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED") => {
            return Some(Value::str(name))
        }
        ("asyncio", "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED") => {
            return Some(Value::str(name))
        }
        // Type hints are not evaluated, but their imports must work.
        ("typing", _) => return TYPING.iter().find(|t| **t == name).map(|t| Value::Type(t)),
        // `ABC` is a base the class builder knows (`ABCMeta`'s check at
        // instantiation); `abstractmethod` marks its function.
        ("abc", "ABC") => return Some(Value::Type("ABC")),
        ("abc", "abstractmethod") => return Some(Value::Type("abstractmethod")),
        ("types", "coroutine") => return Some(Value::Builtin("types.coroutine")),
        ("__future__", "annotations") => return Some(Value::None),
        ("dataclasses", "dataclass" | "field" | "asdict" | "astuple" | "fields" | "replace") => {
            return Some(Value::Builtin(match name {
                "dataclass" => "dataclasses.dataclass",
                "replace" => "dataclasses.replace",
                "field" => "dataclasses.field",
                "asdict" => "dataclasses.asdict",
                "astuple" => "dataclasses.astuple",
                _ => "dataclasses.fields",
            }))
        }
        ("dataclasses", "FrozenInstanceError") => {
            return Some(Value::ExcType(ExcClass::FrozenInstanceError))
        }
        ("enum", "Enum" | "IntEnum" | "auto") => {
            return Some(Value::Builtin(match name {
                "Enum" => "enum.Enum",
                "IntEnum" => "enum.IntEnum",
                _ => "enum.auto",
            }))
        }
        ("logging", _) => {
            if let Some(c) = crate::runtime::library::logging::constant(name) {
                return Some(c);
            }
            return LOGGING
                .iter()
                .find(|f| f.len() == name.len() + 8 && f.ends_with(name))
                .map(|f| Value::Builtin(f));
        }
        ("itertools", _) => {
            return lookup(crate::runtime::library::itertools::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("datetime", _) => {
            return lookup(crate::runtime::library::datetime::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("time", _)
            if lookup(crate::runtime::library::datetime::TIME_NAMES, module, name).is_some() =>
        {
            return lookup(crate::runtime::library::datetime::TIME_NAMES, module, name)
                .map(Value::Builtin)
        }
        ("heapq" | "bisect", _) => {
            return lookup(crate::runtime::library::heapq::NAMES, module, name).map(Value::Builtin)
        }
        ("json", "JSONDecodeError") => return Some(Value::ExcType(ExcClass::JSONDecodeError)),
        ("json", _) => {
            return lookup(crate::runtime::library::json::NAMES, module, name).map(Value::Builtin)
        }
        ("string", _) => return string_constant(name).map(Value::str),
        ("sys", "argv") => return Some(Value::new_list(vec![Value::str("main.py")])),
        ("sys", "maxsize") => return Some(Value::Int(i64::MAX)),
        ("sys", "version_info") => {
            return Some(crate::runtime::library::namedtuple::fixed(
                "sys.version_info",
                &["major", "minor", "micro", "releaselevel", "serial"],
                vec![
                    Value::Int(3),
                    Value::Int(12),
                    Value::Int(1),
                    Value::str("final"),
                    Value::Int(0),
                ],
            ))
        }
        ("collections", "namedtuple") => return Some(Value::Builtin("collections.namedtuple")),
        ("collections", _) => {
            return lookup(crate::runtime::library::collections::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("statistics", "StatisticsError") => {
            return Some(Value::ExcType(ExcClass::StatisticsError))
        }
        ("statistics", _) => {
            return lookup(crate::runtime::library::statistics::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("contextvars", _) => {
            return lookup(crate::runtime::library::contextvars::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("copy", _) => {
            return lookup(crate::runtime::library::copy::NAMES, module, name).map(Value::Builtin)
        }
        ("operator", _) => {
            return lookup(crate::runtime::library::operator::NAMES, module, name)
                .map(Value::Builtin)
        }
        ("math", _) => {
            if let Some(c) = crate::runtime::library::mathmod::constant(name) {
                return Some(c);
            }
            return lookup(MATH_FUNCS, module, name).map(Value::Builtin);
        }
        _ => {}
    }
    lookup(LIBRARY, module, name)
        .or_else(|| lookup(crate::runtime::library::threads::NAMES, module, name))
        .map(Value::Builtin)
}

/// `str` methods that can be used unbound, as in `sorted(words, key=str.lower)`.
const STR_UNBOUND: &[&str] = &[
    "str.upper",
    "str.lower",
    "str.casefold",
    "str.swapcase",
    "str.strip",
    "str.lstrip",
    "str.rstrip",
    "str.split",
    "str.rsplit",
    "str.splitlines",
    "str.join",
    "str.replace",
    "str.startswith",
    "str.endswith",
    "str.find",
    "str.count",
    "str.title",
    "str.capitalize",
    "str.center",
    "str.ljust",
    "str.rjust",
    "str.zfill",
    "str.isdigit",
    "str.isnumeric",
    "str.isdecimal",
    "str.isalpha",
    "str.isalnum",
    "str.isspace",
    "str.isupper",
    "str.islower",
    "str.format",
];

/// A method of a `typing.NamedTuple` class body called on the class or an
/// instance: the function, and the class when it is a `@classmethod`.
fn named_callable(o: &Obj, name: &str) -> Option<(Value, Option<Value>)> {
    let (Obj::Named(c, _) | Obj::NtClass(c)) = o else {
        return None;
    };
    let m = c.method(name)?;
    let class = || Value::Obj(Rc::new(Obj::NtClass(c.clone())));
    match &m {
        Value::Func(_) => Some((m.clone(), None)),
        Value::Obj(x) => match &**x {
            Obj::StaticMethod(f) => Some((f.clone(), None)),
            Obj::ClassMethod(f) => Some((f.clone(), Some(class()))),
            _ => None,
        },
        _ => None,
    }
}

impl Runner {
    /// An attribute a `typing.NamedTuple` class body defined, seen through
    /// the class or an instance, bound as Python binds it.
    fn named_member(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        o: &Obj,
        name: &str,
    ) -> Option<PyResult> {
        let (Obj::Named(c, _) | Obj::NtClass(c)) = o else {
            return None;
        };
        let m = c.method(name)?;
        let instance = matches!(o, Obj::Named(..));
        Some(match &m {
            Value::Func(_) if instance => Ok(Value::Method(Rc::new((v.clone(), Rc::from(name))))),
            Value::Obj(x) => match &**x {
                Obj::Property(g, _) if instance => {
                    let g = g.clone();
                    self.call_sync(sim, &g, vec![v.clone()])
                }
                Obj::StaticMethod(f) => Ok(f.clone()),
                Obj::ClassMethod(_) => Ok(Value::Method(Rc::new((v.clone(), Rc::from(name))))),
                _ => Ok(m.clone()),
            },
            _ => Ok(m.clone()),
        })
    }
}

/// The public names of the supported modules in CPython 3.12, so that a
/// name Loopscope does not model is reported as unsupported rather than as
/// missing (`asyncio.Barrier` exists, it is just not modelled yet).
const CPYTHON_NAMES: &[(&str, &str)] = &[
    (
        "asyncio",
        "ALL_COMPLETED AbstractChildWatcher AbstractEventLoop AbstractEventLoopPolicy \
         AbstractServer Barrier BaseEventLoop BaseProtocol BaseTransport BoundedSemaphore \
         BrokenBarrierError BufferedProtocol CancelledError Condition DatagramProtocol \
         DatagramTransport DefaultEventLoopPolicy Event FIRST_COMPLETED FIRST_EXCEPTION \
         FastChildWatcher Future Handle IncompleteReadError InvalidStateError LifoQueue \
         LimitOverrunError Lock MultiLoopChildWatcher PidfdChildWatcher PriorityQueue \
         Protocol Queue QueueEmpty QueueFull ReadTransport Runner SafeChildWatcher \
         SelectorEventLoop Semaphore SendfileNotAvailableError Server StreamReader \
         StreamReaderProtocol StreamWriter SubprocessProtocol SubprocessTransport Task \
         TaskGroup ThreadedChildWatcher Timeout TimeoutError TimerHandle Transport \
         WriteTransport all_tasks as_completed create_eager_task_factory \
         create_subprocess_exec create_subprocess_shell create_task current_task \
         eager_task_factory ensure_future gather get_child_watcher get_event_loop \
         get_event_loop_policy get_running_loop iscoroutine iscoroutinefunction isfuture \
         new_event_loop open_connection open_unix_connection run run_coroutine_threadsafe \
         set_child_watcher set_event_loop set_event_loop_policy shield sleep start_server \
         start_unix_server timeout timeout_at to_thread wait wait_for wrap_future",
    ),
    (
        "threading",
        "Barrier BoundedSemaphore BrokenBarrierError Condition Event ExceptHookArgs Lock \
         RLock Semaphore TIMEOUT_MAX Thread ThreadError Timer active_count current_thread \
         enumerate excepthook get_ident get_native_id getprofile gettrace local \
         main_thread setprofile setprofile_all_threads settrace settrace_all_threads \
         stack_size",
    ),
    ("queue", "Empty Full LifoQueue PriorityQueue Queue SimpleQueue"),
    (
        "time",
        "CLOCK_BOOTTIME CLOCK_MONOTONIC CLOCK_MONOTONIC_RAW CLOCK_PROCESS_CPUTIME_ID \
         CLOCK_REALTIME CLOCK_TAI CLOCK_THREAD_CPUTIME_ID altzone asctime clock_getres \
         clock_gettime clock_gettime_ns clock_settime clock_settime_ns ctime daylight \
         get_clock_info gmtime localtime mktime monotonic monotonic_ns perf_counter \
         perf_counter_ns process_time process_time_ns pthread_getcpuclockid sleep \
         strftime strptime struct_time thread_time thread_time_ns time time_ns timezone \
         tzname tzset",
    ),
    (
        "random",
        "Random SystemRandom betavariate binomialvariate choice choices expovariate \
         gammavariate gauss getrandbits getstate lognormvariate normalvariate \
         paretovariate randbytes randint random randrange sample seed setstate shuffle \
         triangular uniform vonmisesvariate weibullvariate",
    ),
    (
        "math",
        "acos acosh asin asinh atan atan2 atanh cbrt ceil comb copysign cos cosh degrees \
         dist e erf erfc exp exp2 expm1 fabs factorial floor fmod frexp fsum gamma gcd \
         hypot inf isclose isfinite isinf isnan isqrt lcm ldexp lgamma log log10 log1p \
         log2 modf nan nextafter perm pi pow prod radians remainder sin sinh sqrt sumprod \
         tan tanh tau trunc ulp",
    ),
    ("itertools", "count cycle repeat chain islice zip_longest product permutations combinations combinations_with_replacement accumulate groupby starmap takewhile dropwhile filterfalse compress pairwise batched tee"),
    (
        "collections",
        "ChainMap Counter OrderedDict UserDict UserList UserString defaultdict deque namedtuple abc",
    ),
    (
        "functools",
        "WRAPPER_ASSIGNMENTS WRAPPER_UPDATES cache cached_property cmp_to_key lru_cache partial \
         partialmethod reduce singledispatch singledispatchmethod total_ordering update_wrapper wraps",
    ),
    (
        "datetime",
        "MAXYEAR MINYEAR UTC date datetime time timedelta timezone tzinfo",
    ),
    ("heapq", "heapify heappop heappush heappushpop heapreplace merge nlargest nsmallest"),
    ("bisect", "bisect bisect_left bisect_right insort insort_left insort_right"),
    ("json", "JSONDecodeError JSONDecoder JSONEncoder dump dumps load loads"),
    (
        "concurrent.futures",
        "ALL_COMPLETED BrokenExecutor CancelledError Executor FIRST_COMPLETED \
         FIRST_EXCEPTION Future ProcessPoolExecutor ThreadPoolExecutor TimeoutError \
         as_completed wait",
    ),    (
        "sys",
        "abiflags activate_stack_trampoline addaudithook api_version argv audit \
         base_exec_prefix base_prefix breakpointhook builtin_module_names byteorder \
         call_tracing copyright deactivate_stack_trampoline displayhook \
         dont_write_bytecode exc_info excepthook exception exec_prefix executable exit \
         flags float_info float_repr_style get_asyncgen_hooks \
         get_coroutine_origin_tracking_depth get_int_max_str_digits getallocatedblocks \
         getdefaultencoding getdlopenflags getfilesystemencodeerrors \
         getfilesystemencoding getprofile getrecursionlimit getrefcount getsizeof \
         getswitchinterval gettrace getunicodeinternedsize hash_info hexversion \
         implementation int_info intern is_finalizing is_stack_trampoline_active maxsize \
         maxunicode meta_path modules monitoring orig_argv path path_hooks \
         path_importer_cache platform platlibdir prefix pycache_prefix set_asyncgen_hooks \
         set_coroutine_origin_tracking_depth set_int_max_str_digits setdlopenflags \
         setprofile setrecursionlimit setswitchinterval settrace stderr stdin \
         stdlib_module_names stdout thread_info unraisablehook version version_info \
         warnoptions",
    ),
    (
        "contextlib",
        "AbstractAsyncContextManager AbstractContextManager AsyncContextDecorator \
         AsyncExitStack ContextDecorator ExitStack GenericAlias MethodType abc aclosing \
         asynccontextmanager chdir closing contextmanager deque nullcontext os \
         redirect_stderr redirect_stdout suppress sys wraps",
    ),
    (
        "typing",
        "ABCMeta AbstractSet Annotated Any AnyStr AsyncContextManager AsyncGenerator \
         AsyncIterable AsyncIterator Awaitable BinaryIO ByteString CT_co Callable \
         ChainMap ClassVar Collection Concatenate Container ContextManager Coroutine \
         Counter DefaultDict Deque Dict EXCLUDED_ATTRIBUTES Final ForwardRef FrozenSet \
         Generator Generic GenericAlias Hashable IO ItemsView Iterable Iterator KT \
         KeysView List Literal LiteralString Mapping MappingView Match \
         MethodDescriptorType MethodWrapperType MutableMapping MutableSequence MutableSet \
         NamedTuple NamedTupleMeta Never NewType NoReturn NotRequired Optional \
         OrderedDict ParamSpec ParamSpecArgs ParamSpecKwargs Pattern Protocol Required \
         Reversible Self Sequence Set Sized SupportsAbs SupportsBytes SupportsComplex \
         SupportsFloat SupportsIndex SupportsInt SupportsRound T TYPE_CHECKING T_co \
         T_contra Text TextIO Tuple Type TypeAlias TypeAliasType TypeGuard TypeVar \
         TypeVarTuple TypedDict Union Unpack VT VT_co V_co ValuesView \
         WrapperDescriptorType abstractmethod assert_never assert_type cast \
         clear_overloads collections contextlib copyreg dataclass_transform defaultdict \
         final functools get_args get_origin get_overloads get_type_hints io is_typeddict \
         no_type_check no_type_check_decorator operator overload override re reveal_type \
         runtime_checkable stdlib_re sys types warnings",
    ),
    (
        "string",
        "Formatter Template ascii_letters ascii_lowercase ascii_uppercase capwords digits \
         hexdigits octdigits printable punctuation whitespace",
    ),
    (
        "dataclasses",
        "Field FrozenInstanceError FunctionType GenericAlias InitVar KW_ONLY MISSING abc \
         asdict astuple copy dataclass field fields functools inspect is_dataclass \
         itertools keyword make_dataclass re replace sys types",
    ),
    (
        "enum",
        "CONFORM CONTINUOUS DynamicClassAttribute EJECT Enum EnumCheck EnumMeta EnumType \
         Flag FlagBoundary IntEnum IntFlag KEEP MappingProxyType NAMED_FLAGS ReprEnum \
         STRICT StrEnum UNIQUE auto bin bltns global_enum global_enum_repr \
         global_flag_repr global_str member nonmember pickle_by_enum_name \
         pickle_by_global_name property reduce show_flag_values sys unique verify",
    ),
    (
        "os",
        "CLD_CONTINUED CLD_DUMPED CLD_EXITED CLD_KILLED CLD_STOPPED CLD_TRAPPED \
         CLONE_FILES CLONE_FS CLONE_NEWCGROUP CLONE_NEWIPC CLONE_NEWNET CLONE_NEWNS \
         CLONE_NEWPID CLONE_NEWTIME CLONE_NEWUSER CLONE_NEWUTS CLONE_SIGHAND \
         CLONE_SYSVSEM CLONE_THREAD CLONE_VM DirEntry EFD_CLOEXEC EFD_NONBLOCK \
         EFD_SEMAPHORE EX_CANTCREAT EX_CONFIG EX_DATAERR EX_IOERR EX_NOHOST EX_NOINPUT \
         EX_NOPERM EX_NOUSER EX_OK EX_OSERR EX_OSFILE EX_PROTOCOL EX_SOFTWARE EX_TEMPFAIL \
         EX_UNAVAILABLE EX_USAGE F_LOCK F_OK F_TEST F_TLOCK F_ULOCK GRND_NONBLOCK \
         GRND_RANDOM GenericAlias MFD_ALLOW_SEALING MFD_CLOEXEC MFD_HUGETLB MFD_HUGE_16GB \
         MFD_HUGE_16MB MFD_HUGE_1GB MFD_HUGE_1MB MFD_HUGE_256MB MFD_HUGE_2GB MFD_HUGE_2MB \
         MFD_HUGE_32MB MFD_HUGE_512KB MFD_HUGE_512MB MFD_HUGE_64KB MFD_HUGE_8MB \
         MFD_HUGE_MASK MFD_HUGE_SHIFT Mapping MutableMapping NGROUPS_MAX O_ACCMODE \
         O_APPEND O_ASYNC O_CLOEXEC O_CREAT O_DIRECT O_DIRECTORY O_DSYNC O_EXCL O_FSYNC \
         O_LARGEFILE O_NDELAY O_NOATIME O_NOCTTY O_NOFOLLOW O_NONBLOCK O_PATH O_RDONLY \
         O_RDWR O_RSYNC O_SYNC O_TMPFILE O_TRUNC O_WRONLY POSIX_FADV_DONTNEED \
         POSIX_FADV_NOREUSE POSIX_FADV_NORMAL POSIX_FADV_RANDOM POSIX_FADV_SEQUENTIAL \
         POSIX_FADV_WILLNEED POSIX_SPAWN_CLOSE POSIX_SPAWN_DUP2 POSIX_SPAWN_OPEN \
         PRIO_PGRP PRIO_PROCESS PRIO_USER P_ALL P_NOWAIT P_NOWAITO P_PGID P_PID P_PIDFD \
         P_WAIT PathLike RTLD_DEEPBIND RTLD_GLOBAL RTLD_LAZY RTLD_LOCAL RTLD_NODELETE \
         RTLD_NOLOAD RTLD_NOW RWF_APPEND RWF_DSYNC RWF_HIPRI RWF_NOWAIT RWF_SYNC R_OK \
         SCHED_BATCH SCHED_FIFO SCHED_IDLE SCHED_OTHER SCHED_RESET_ON_FORK SCHED_RR \
         SEEK_CUR SEEK_DATA SEEK_END SEEK_HOLE SEEK_SET SPLICE_F_MORE SPLICE_F_MOVE \
         SPLICE_F_NONBLOCK ST_APPEND ST_MANDLOCK ST_NOATIME ST_NODEV ST_NODIRATIME \
         ST_NOEXEC ST_NOSUID ST_RDONLY ST_RELATIME ST_SYNCHRONOUS ST_WRITE TMP_MAX \
         WCONTINUED WCOREDUMP WEXITED WEXITSTATUS WIFCONTINUED WIFEXITED WIFSIGNALED \
         WIFSTOPPED WNOHANG WNOWAIT WSTOPPED WSTOPSIG WTERMSIG WUNTRACED W_OK \
         XATTR_CREATE XATTR_REPLACE XATTR_SIZE_MAX X_OK abc abort access altsep chdir \
         chmod chown chroot close closerange confstr confstr_names copy_file_range \
         cpu_count ctermid curdir defpath device_encoding devnull dup dup2 environ \
         environb error eventfd eventfd_read eventfd_write execl execle execlp execlpe \
         execv execve execvp execvpe extsep fchdir fchmod fchown fdatasync fdopen fork \
         forkpty fpathconf fsdecode fsencode fspath fstat fstatvfs fsync ftruncate fwalk \
         get_blocking get_exec_path get_inheritable get_terminal_size getcwd getcwdb \
         getegid getenv getenvb geteuid getgid getgrouplist getgroups getloadavg getlogin \
         getpgid getpgrp getpid getppid getpriority getrandom getresgid getresuid getsid \
         getuid getxattr initgroups isatty kill killpg lchown linesep link listdir \
         listxattr lockf login_tty lseek lstat major makedev makedirs memfd_create minor \
         mkdir mkfifo mknod name nice open openpty pardir path pathconf pathconf_names \
         pathsep pidfd_open pipe pipe2 popen posix_fadvise posix_fallocate posix_spawn \
         posix_spawnp pread preadv putenv pwrite pwritev read readlink readv \
         register_at_fork remove removedirs removexattr rename renames replace rmdir \
         scandir sched_get_priority_max sched_get_priority_min sched_getaffinity \
         sched_getparam sched_getscheduler sched_param sched_rr_get_interval \
         sched_setaffinity sched_setparam sched_setscheduler sched_yield sendfile sep \
         set_blocking set_inheritable setegid seteuid setgid setgroups setns setpgid \
         setpgrp setpriority setregid setresgid setresuid setreuid setsid setuid setxattr \
         spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe splice st stat \
         stat_result statvfs statvfs_result strerror supports_bytes_environ \
         supports_dir_fd supports_effective_ids supports_fd supports_follow_symlinks \
         symlink sync sys sysconf sysconf_names system tcgetpgrp tcsetpgrp terminal_size \
         times times_result truncate ttyname umask uname uname_result unlink unsetenv \
         unshare urandom utime wait wait3 wait4 waitid waitid_result waitpid \
         waitstatus_to_exitcode walk write writev",
    ),
    (
        "logging",
        "BASIC_FORMAT BufferingFormatter CRITICAL DEBUG ERROR FATAL FileHandler Filter \
         Filterer Formatter GenericAlias Handler INFO LogRecord Logger LoggerAdapter \
         Manager NOTSET NullHandler PercentStyle PlaceHolder RootLogger StrFormatStyle \
         StreamHandler StringTemplateStyle Template WARN WARNING addLevelName atexit \
         basicConfig captureWarnings collections critical currentframe debug disable \
         error exception fatal getHandlerByName getHandlerNames getLevelName \
         getLevelNamesMapping getLogRecordFactory getLogger getLoggerClass info io \
         lastResort log logAsyncioTasks logMultiprocessing logProcesses logThreads \
         makeLogRecord os raiseExceptions re root setLogRecordFactory setLoggerClass \
         shutdown sys threading time traceback warn warning warnings weakref",
    ),
    (
        "traceback",
        "FrameSummary StackSummary TracebackException clear_frames collections \
         extract_stack extract_tb format_exc format_exception format_exception_only \
         format_list format_stack format_tb itertools linecache print_exc print_exception \
         print_last print_list print_stack print_tb suppress sys textwrap walk_stack \
         walk_tb",
    ),
    (
        "abc",
        "ABC ABCMeta abstractclassmethod abstractmethod abstractproperty \
         abstractstaticmethod get_cache_token update_abstractmethods",
    ),
    (
        "operator",
        "abs add and_ attrgetter call concat contains countOf delitem eq floordiv ge \
         getitem gt iadd iand iconcat ifloordiv ilshift imatmul imod imul index indexOf \
         inv invert ior ipow irshift is_ is_not isub itemgetter itruediv ixor le \
         length_hint lshift lt matmul methodcaller mod mul ne neg not_ or_ pos pow rshift \
         setitem sub truediv truth xor",
    ),
    ("copy", "Error copy deepcopy dispatch_table error"),
    (
        "statistics",
        "Counter Decimal Fraction LinearRegression NormalDist StatisticsError bisect_left \
         bisect_right correlation count covariance defaultdict erf exp fabs fmean fsum \
         geometric_mean groupby harmonic_mean hypot itemgetter linear_regression log math \
         mean median median_grouped median_high median_low mode multimode namedtuple \
         numbers pstdev pvariance quantiles random reduce repeat sqrt stdev sumprod sys \
         tau variance",
    ),
    ("contextvars", "Context ContextVar Token copy_context"),
    (
        "types",
        "AsyncGeneratorType BuiltinFunctionType BuiltinMethodType CellType \
         ClassMethodDescriptorType CodeType CoroutineType DynamicClassAttribute \
         EllipsisType FrameType FunctionType GeneratorType GenericAlias \
         GetSetDescriptorType LambdaType MappingProxyType MemberDescriptorType \
         MethodDescriptorType MethodType MethodWrapperType ModuleType NoneType \
         NotImplementedType SimpleNamespace TracebackType UnionType WrapperDescriptorType \
         coroutine get_original_bases new_class prepare_class resolve_bases",
    ),
];

/// Whether `a` and `b` are the same object, or equal numbers (which a
/// bound method copies, so that `is` cannot tell them apart).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Big(x), Value::Big(y)) => x == y,
        _ => a.is(b),
    }
}

fn attr_err<T>(v: &Value, name: &str) -> PyResult<T> {
    match v {
        Value::Module(m)
            if CPYTHON_NAMES.iter().any(|(module, names)| {
                module == m && names.split_whitespace().any(|n| n == name)
            }) =>
        {
            err(
                ExcClass::AttributeError,
                format!("`{m}.{name}` is not supported yet"),
            )
        }
        Value::Module(m) => err(
            ExcClass::AttributeError,
            format!("module '{m}' has no attribute '{name}'"),
        ),
        _ => err(
            ExcClass::AttributeError,
            format!("'{}' object has no attribute '{name}'", v.tp_name()),
        ),
    }
}

pub(crate) const STR_METHODS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "join",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "count",
    "title",
    "capitalize",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "splitlines",
    "format",
    "format_map",
    "swapcase",
    "partition",
    "rpartition",
    "isnumeric",
    "isdecimal",
    "removeprefix",
    "removesuffix",
    "casefold",
    "rindex",
    "expandtabs",
    "istitle",
    "isidentifier",
    "isprintable",
];
pub(crate) const LIST_METHODS: &[&str] = &[
    "append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "copy",
    "clear",
];
pub(crate) const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "setdefault",
    "update",
    "copy",
    "clear",
    "popitem",
];
pub(crate) const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "union",
    "intersection",
    "difference",
    "update",
    "copy",
    "clear",
    "issubset",
    "issuperset",
    "symmetric_difference",
    "isdisjoint",
];

impl Runner {
    /// `v.name`.
    pub fn get_attr(&mut self, sim: &mut Sim<Value>, v: &Value, name: &str) -> PyResult {
        let bind = |v: &Value| Ok(Value::Method(Rc::new((v.clone(), Rc::from(name)))));
        if let Some(r) = self.user_attr(sim, v, name) {
            return r;
        }
        match v {
            Value::Module(m) => module_attr(m, name)
                .map(Ok)
                .unwrap_or_else(|| attr_err(v, name)),
            Value::Exc(e) => match name {
                "args" => Ok(Value::new_tuple(e.args.borrow().clone())),
                "__cause__" => Ok(e.cause.borrow().clone().unwrap_or(Value::None)),
                "__context__" => Ok(e.context.borrow().clone().unwrap_or(Value::None)),
                "__suppress_context__" => Ok(Value::Bool(e.suppress_context.get())),
                "__class__" => Ok(Value::ExcType(e.class)),
                "__traceback__" => Ok(Value::None),
                "value" if e.class == ExcClass::StopIteration => {
                    Ok(e.args.borrow().first().cloned().unwrap_or(Value::None))
                }
                // `SystemExit.code`: no argument is `None`, one is itself,
                // more are the tuple.
                "code" if e.class == ExcClass::SystemExit => {
                    let args = e.args.borrow();
                    Ok(match args.len() {
                        0 => Value::None,
                        1 => args[0].clone(),
                        _ => Value::new_tuple(args.clone()),
                    })
                }
                "exceptions" if e.class.is_subclass(ExcClass::BaseExceptionGroup) => {
                    match e.args.borrow().get(1) {
                        Some(Value::List(l)) => Ok(Value::new_tuple(l.borrow().clone())),
                        Some(other) => Ok(other.clone()),
                        None => Ok(Value::new_tuple(vec![])),
                    }
                }
                "message" if e.class.is_subclass(ExcClass::BaseExceptionGroup) => {
                    Ok(e.args.borrow().first().cloned().unwrap_or(Value::str("")))
                }
                "with_traceback" | "add_note" => bind(v),
                "__notes__" => match e.notes.borrow().clone() {
                    Some(n) => Ok(n),
                    None => attr_err(v, name),
                },
                "split" | "subgroup" | "derive"
                    if e.class.is_subclass(ExcClass::BaseExceptionGroup) =>
                {
                    bind(v)
                }
                _ => match e.fields.iter().find(|(field, _)| *field == name) {
                    Some((_, value)) => Ok(value.clone()),
                    None => attr_err(v, name),
                },
            },
            Value::ExcType(c) => match name {
                "__name__" | "__qualname__" => Ok(Value::str(c.name())),
                _ => attr_err(v, name),
            },
            Value::Type(t) => match name {
                "__name__" | "__qualname__" => Ok(Value::str(t)),
                "fromkeys" if *t == "dict" => Ok(Value::Builtin("dict.fromkeys")),
                _ if *t == "str" => match STR_UNBOUND.iter().find(|q| &q[4..] == name) {
                    Some(q) => Ok(Value::Builtin(q)),
                    None => attr_err(v, name),
                },
                _ => attr_err(v, name),
            },
            Value::Func(f) => match name {
                "__name__" => Ok(Value::Str(f.code.name.clone())),
                "__qualname__" => Ok(Value::Str(f.code.qualname.clone())),
                "__doc__" => Ok(f.code.doc.clone().map(Value::Str).unwrap_or(Value::None)),
                _ => attr_err(v, name),
            },
            // A bound method: its receiver, its function (the class's, for a
            // method of a program's class) and that function's names.
            Value::Method(m) => {
                let func = match &m.0 {
                    Value::Instance(i) => i.class.lookup(&m.1),
                    Value::Class(c) => c.lookup(&m.1),
                    _ => None,
                };
                let func = match func {
                    Some(Value::Obj(o)) => match &*o {
                        crate::runtime::objects::Obj::ClassMethod(f) => Some(f.clone()),
                        _ => None,
                    },
                    other => other,
                };
                match (name, &func) {
                    ("__self__", _) => Ok(m.0.clone()),
                    ("__func__", Some(f)) => Ok(f.clone()),
                    // Other attributes are the function's, as in CPython.
                    (_, Some(f @ Value::Func(_))) => self.get_attr(sim, f, name),
                    ("__name__", _) => Ok(Value::Str(m.1.clone())),
                    _ => attr_err(v, name),
                }
            }
            Value::Builtin(b) => match name {
                _ if crate::runtime::library::datetime::class_attr(b, name).is_some() => {
                    Ok(crate::runtime::library::datetime::class_attr(b, name)
                        .unwrap_or(Value::None))
                }
                "from_iterable" if *b == "itertools.chain" => {
                    Ok(Value::Builtin("itertools.chain.from_iterable"))
                }
                "fromkeys" if *b == "collections.OrderedDict" => {
                    Ok(Value::Builtin("collections.OrderedDict.fromkeys"))
                }
                "fromkeys" if *b == "collections.defaultdict" => {
                    Ok(Value::Builtin("collections.defaultdict.fromkeys"))
                }
                "fromkeys" if *b == "collections.Counter" => {
                    Ok(Value::Builtin("collections.Counter.fromkeys"))
                }
                "__name__" | "__qualname__" => Ok(Value::str(b.rsplit('.').next().unwrap_or(b))),
                _ => attr_err(v, name),
            },
            Value::Coro(c) => match name {
                "__name__" => Ok(Value::str(
                    c.borrow().qualname.rsplit('.').next().unwrap_or(""),
                )),
                "__qualname__" => Ok(Value::Str(c.borrow().qualname.to_rc())),
                "close" | "__await__" | "send" | "throw" => bind(v),
                _ => attr_err(v, name),
            },
            Value::Gen(g) => match name {
                "__name__" => Ok(Value::str(g.qualname.rsplit('.').next().unwrap_or(""))),
                "__qualname__" => Ok(Value::Str(g.qualname.clone())),
                "gi_running" | "ag_running" => Ok(Value::Bool(matches!(
                    *g.state.borrow(),
                    crate::runtime::objects::GenState::Running
                ))),
                "send" | "throw" | "close" | "__next__" | "__iter__" if !g.is_async => bind(v),
                "asend" | "athrow" | "aclose" | "__anext__" | "__aiter__" if g.is_async => bind(v),
                _ => attr_err(v, name),
            },
            Value::Range(r) => match name {
                "start" => Ok(Value::Int(r.0)),
                "stop" => Ok(Value::Int(r.1)),
                "step" => Ok(Value::Int(r.2)),
                _ => attr_err(v, name),
            },
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => match name {
                "real" | "numerator" => Ok(v.clone()),
                "denominator" => Ok(Value::Int(1)),
                "imag" => Ok(Value::Int(0)),
                "bit_length" | "to_bytes" | "conjugate" => bind(v),
                _ => attr_err(v, name),
            },
            Value::Float(f) => match name {
                "real" => Ok(v.clone()),
                "imag" => Ok(Value::Float(0.0)),
                "is_integer" => bind(v),
                _ => {
                    let _ = f;
                    attr_err(v, name)
                }
            },
            Value::Str(_) if STR_METHODS.contains(&name) => bind(v),
            Value::List(_) if LIST_METHODS.contains(&name) => bind(v),
            Value::Dict(d) if name == "default_factory" => match &d.borrow().kind {
                crate::runtime::library::collections::DictKind::Default(f) => Ok(f.clone()),
                _ => attr_err(v, name),
            },
            Value::Dict(d)
                if DICT_METHODS.contains(&name)
                    || match d.borrow().kind {
                        crate::runtime::library::collections::DictKind::Counter => {
                            matches!(name, "most_common" | "elements" | "total" | "subtract")
                        }
                        crate::runtime::library::collections::DictKind::Ordered => {
                            name == "move_to_end"
                        }
                        _ => false,
                    } =>
            {
                bind(v)
            }
            Value::Obj(o)
                if matches!(&**o, Obj::ContextVar(_) | Obj::Context(_) | Obj::Token(_)) =>
            {
                crate::runtime::library::contextvars::attr(v, o, name).unwrap_or_else(|| bind(v))
            }
            Value::Obj(o) if matches!(&**o, Obj::Named(..) | Obj::NtClass(_)) => {
                if let Some(r) = self.named_member(sim, v, o, name) {
                    return r;
                }
                crate::runtime::library::namedtuple::attr(o, name).unwrap_or_else(|| bind(v))
            }
            // Their data attributes, then their methods (`library_attr`).
            Value::Obj(o) if matches!(&**o, Obj::Dt(_)) => match &**o {
                Obj::Dt(d) => match crate::runtime::library::datetime::attr(*d, name) {
                    Some(r) => r,
                    None => self.library_attr(sim, v, name),
                },
                _ => self.library_attr(sim, v, name),
            },
            Value::Obj(o) if matches!(&**o, Obj::Deque(_)) => {
                match crate::runtime::library::collections::obj_attr(o, name) {
                    Some(r) => r,
                    None => self.library_attr(sim, v, name),
                }
            }
            // A wrapper has its two cache methods and nothing else to bind:
            // binding any name would make `f.anything()` call itself forever.
            Value::Obj(o) if matches!(&**o, Obj::Wrapped(_)) => {
                use crate::runtime::library::collections::{has_method, obj_attr};
                match obj_attr(o, name) {
                    Some(r) => r,
                    None if has_method(o, name) => bind(v),
                    None => attr_err(v, name),
                }
            }
            Value::Set(_) if SET_METHODS.contains(&name) => bind(v),
            Value::Tuple(_) if matches!(name, "index" | "count") => bind(v),
            Value::Future(_) | Value::Obj(_) => self.library_attr(sim, v, name),
            _ => attr_err(v, name),
        }
    }

    /// `recv.name(*args, **kwargs)`.
    pub fn call_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: Value,
        name: &str,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        if crate::runtime::instances::has_user_methods(&recv, name) {
            if let Some(r) = self.user_method(sim, &recv, name, args, kw) {
                return r;
            }
            return err(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute '{name}'", recv.tp_name()),
            );
        }
        check_arity(&recv, name, args.len())?;
        if let Value::Gen(g) = &recv {
            if let Some(out) = self.gen_method(sim, g, name, args.clone())? {
                return Ok(out);
            }
        }
        if let Value::Obj(o) = &recv {
            if let Some(out) = self.contextlib_method(sim, &recv, o, name, &args, &kw)? {
                return Ok(out);
            }
        }
        if let Value::Obj(o) = &recv {
            if matches!(&**o, Obj::ContextVar(_) | Obj::Context(_)) {
                let o = o.clone();
                return self.contextvars_method(sim, &recv, &o, name, Args { pos: args, kw });
            }
            if let Some((f, first)) = named_callable(o, name) {
                let mut pos = args;
                if let Some(first) = first {
                    pos.insert(0, first);
                }
                if matches!(&**o, Obj::Named(..)) && matches!(f, Value::Func(_)) {
                    pos.insert(0, recv.clone());
                }
                return self.call_value(sim, f, pos, kw);
            }
        }
        let mut args = args;
        if matches!(
            recv,
            Value::Str(_) | Value::List(_) | Value::Dict(_) | Value::Set(_)
        ) && args.iter().any(Runner::needs_runner)
        {
            for arg in &mut args {
                if Runner::needs_runner(arg) {
                    let v = arg.clone();
                    *arg = Value::new_list(self.drain(sim, &v)?);
                }
            }
        }
        let a = Args { pos: args, kw };
        let out = |v: Value| Ok(CallOut::Value(v));
        match &recv {
            Value::Str(s) => return self.str_method(sim, s.clone(), name, a).map(CallOut::Value),
            Value::List(l) => {
                return self
                    .list_method(sim, l.clone(), name, a)
                    .map(CallOut::Value)
            }
            Value::Dict(d) => {
                let mut a = Some(a);
                if !d.borrow().kind.is_plain() {
                    if let Some(r) = self.dict_kind_method(sim, d, name, &mut a) {
                        return r.map(CallOut::Value);
                    }
                }
                let a = a.unwrap_or(Args {
                    pos: vec![],
                    kw: vec![],
                });
                return dict_method(d.clone(), name, a).map(CallOut::Value);
            }
            Value::Obj(o)
                if matches!(&**o, Obj::Named(..) | Obj::NtClass(_))
                    && matches!(name, "_replace" | "_asdict" | "_make" | "count" | "index") =>
            {
                return crate::runtime::library::namedtuple::method(o, name, a).map(CallOut::Value)
            }
            Value::Obj(o) if matches!(&**o, Obj::Dt(_)) => {
                if let Obj::Dt(d) = &**o {
                    return self.datetime_method(*d, name, a).map(CallOut::Value);
                }
            }
            Value::Obj(o) if matches!(&**o, Obj::Deque(_)) => {
                if let Obj::Deque(d) = &**o {
                    return self.deque_method(sim, d, name, a).map(CallOut::Value);
                }
            }
            Value::Obj(o)
                if matches!(&**o, Obj::Wrapped(_))
                    && matches!(name, "cache_info" | "cache_clear") =>
            {
                if let Obj::Wrapped(w) = &**o {
                    return crate::runtime::library::collections::wrapped_method(w, name)
                        .map(CallOut::Value);
                }
            }
            Value::Set(d) => return set_method(&recv, d.clone(), name, a).map(CallOut::Value),
            Value::Tuple(t) => match name {
                "index" => {
                    let x = a.pos.first().cloned().unwrap_or(Value::None);
                    let (from, to) = seq_bounds(t.len(), &a.pos[a.pos.len().min(1)..])?;
                    return match ops::position(&t[from..to], &x)? {
                        Some(i) => out(Value::Int((from + i) as i64)),
                        None => err(ExcClass::ValueError, "tuple.index(x): x not in tuple"),
                    };
                }
                "count" => {
                    let x = a.pos.first().cloned().unwrap_or(Value::None);
                    return out(Value::Int(ops::count(t, &x)? as i64));
                }
                _ => {}
            },
            // The `functools` wrappers and namedtuples keep callables in
            // attributes: those are looked up and called below.
            Value::Obj(o) if matches!(&**o, Obj::Wrapped(_) | Obj::Named(..) | Obj::NtClass(_)) => {
            }
            Value::Future(_) | Value::Obj(_) => {
                return self.library_method(sim, recv.clone(), name, a)
            }
            Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Float(_)
                if matches!(
                    (&recv, name),
                    (Value::Float(_), "is_integer")
                        | (
                            Value::Int(_) | Value::Big(_) | Value::Bool(_),
                            "bit_length" | "conjugate"
                        )
                ) =>
            {
                let class = recv.type_name();
                if !a.kw.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{class}.{name}() takes no keyword arguments"),
                    );
                }
                if !a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "{class}.{name}() takes no arguments ({} given)",
                            a.pos.len()
                        ),
                    );
                }
                return out(match (&recv, name) {
                    (Value::Float(f), _) => Value::Bool(f.fract() == 0.0),
                    (Value::Int(i), "bit_length") => {
                        Value::Int(64 - i.unsigned_abs().leading_zeros() as i64)
                    }
                    (Value::Big(b), "bit_length") => Value::Int(b.bits() as i64),
                    (Value::Bool(b), "bit_length") => Value::Int(i64::from(*b)),
                    (Value::Bool(b), _) => Value::Int(i64::from(*b)),
                    _ => recv.clone(),
                });
            }
            // Loopscope has no bytes.
            Value::Int(_) | Value::Big(_) | Value::Bool(_) if name == "to_bytes" => {
                return err(
                    ExcClass::AttributeError,
                    "`int.to_bytes` is not supported yet (Loopscope has no bytes)",
                )
            }
            Value::Builtin(stream @ ("sys.stdout" | "sys.stderr"))
                if matches!(name, "write" | "flush") =>
            {
                if name == "flush" {
                    return out(Value::None);
                }
                let text = match a.pos.first() {
                    Some(Value::Str(t)) => t.to_string(),
                    Some(v) => {
                        return err(
                            ExcClass::TypeError,
                            format!("write() argument must be str, not {}", v.type_name()),
                        )
                    }
                    None => {
                        return err(
                            ExcClass::TypeError,
                            "write() takes exactly one argument (0 given)",
                        )
                    }
                };
                let written = text.chars().count() as i64;
                self.write_stream(sim, *stream == "sys.stderr", text)?;
                return out(Value::Int(written));
            }
            // `coro.__await__()`: the coroutine itself stands for its iterator.
            Value::Coro(_) if name == "__await__" => return out(recv.clone()),
            Value::Coro(c) if matches!(name, "send" | "throw" | "close") => {
                if !a.kw.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("coroutine.{name}() takes no keyword arguments"),
                    );
                }
                let c = c.clone();
                return out(self.coro_by_hand(sim, &c, name, a.pos)?);
            }
            Value::Exc(_) if name == "with_traceback" => return out(recv.clone()),
            Value::Exc(e) if name == "add_note" => {
                let note = match a.pos.as_slice() {
                    [Value::Str(s)] => Value::Str(s.clone()),
                    [other] => {
                        return err(
                            ExcClass::TypeError,
                            format!("note must be a str, not '{}'", other.type_name()),
                        )
                    }
                    _ => {
                        return err(
                            ExcClass::TypeError,
                            format!(
                                "BaseException.add_note() takes exactly one argument ({} given)",
                                a.pos.len()
                            ),
                        )
                    }
                };
                let mut notes = e.notes.borrow_mut();
                match &*notes {
                    Some(Value::List(l)) => l.borrow_mut().push(note),
                    Some(_) => {
                        return err(
                            ExcClass::TypeError,
                            "Cannot add note: __notes__ is not a list",
                        )
                    }
                    None => *notes = Some(Value::new_list(vec![note])),
                }
                return out(Value::None);
            }
            Value::Exc(e)
                if matches!(name, "split" | "subgroup" | "derive")
                    && e.class.is_subclass(ExcClass::BaseExceptionGroup) =>
            {
                return out(self.exc_group_method(sim, &recv, name, a)?);
            }
            _ => {}
        }
        let f = self.get_attr(sim, &recv, name)?;
        // A method bound to this very receiver under this very name would
        // come straight back here: the name is bound but not dispatched, a
        // gap in the tables that must end as an error, not as recursion
        // until the stack overflows.
        if let Value::Method(m) = &f {
            if &*m.1 == name && same_value(&m.0, &recv) {
                return err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute '{name}'", recv.tp_name()),
                );
            }
        }
        self.call_value(sim, f, a.pos, a.kw)
    }

    fn str_method(
        &mut self,
        sim: &mut Sim<Value>,
        s: Rc<str>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        // Every str method reads its string: a sixteenth of an operation per byte.
        crate::runtime::builtins::add_work(s.len() / 16);
        let arg_str = |a: &Args, i: usize| -> PyResult<Option<Rc<str>>> {
            match a.pos.get(i) {
                None | Some(Value::None) => Ok(None),
                Some(Value::Str(x)) => Ok(Some(x.clone())),
                Some(v) => err(
                    ExcClass::TypeError,
                    format!("must be str or None, not {}", v.type_name()),
                ),
            }
        };
        let max = self.interp.limits.max_collection;
        // Keywords too: a method that takes no arguments takes none by name.
        if arity("str", name) == Some((0, 0)) && !(a.pos.is_empty() && a.kw.is_empty()) {
            return err(
                ExcClass::TypeError,
                format!(
                    "str.{name}() takes no arguments ({} given)",
                    a.pos.len() + a.kw.len()
                ),
            );
        }
        let r = match name {
            "upper" => Value::str(&s.to_uppercase()),
            "lower" => Value::str(&s.to_lowercase()),
            // Full case folding differs from lowering in a few letters,
            // the German sharp s and the final sigma the commonest.
            "casefold" => Value::str(&s.to_lowercase().replace('ß', "ss").replace('ς', "σ")),
            "isidentifier" => Value::Bool(crate::runtime::library::namedtuple::is_identifier(&s)),
            // Printable: not a control, format or separator character, but
            // the space is.  Rust has no Unicode categories; the format
            // characters are those programs meet (soft hyphen, zero-width
            // and direction marks, BOM).
            "isprintable" => Value::Bool(s.chars().all(|c| {
                c == ' '
                    || !(c.is_control()
                        || c.is_whitespace()
                        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
            })),
            "istitle" => {
                // Cased letters: upper case only after an uncased character,
                // lower case only after a cased one; and at least one.
                let (mut cased, mut prev_cased, mut ok) = (false, false, true);
                for c in s.chars() {
                    if c.is_uppercase() {
                        ok &= !prev_cased;
                        prev_cased = true;
                        cased = true;
                    } else if c.is_lowercase() {
                        ok &= prev_cased;
                        prev_cased = true;
                        cased = true;
                    } else {
                        prev_cased = false;
                    }
                }
                Value::Bool(ok && cased)
            }
            "expandtabs" => {
                let size = match a.pos.first().or_else(|| a.kw.first().map(|(_, v)| v)) {
                    None => 8,
                    Some(v) => v.as_i64().ok_or_else(|| {
                        Exc::value(
                            ExcClass::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                v.type_name()
                            ),
                        )
                    })?,
                };
                let mut out = String::new();
                let mut column = 0i64;
                for c in s.chars() {
                    match c {
                        '\t' if size > 0 => {
                            let pad = size - column % size;
                            if out.len() as i64 + pad > max as i64 {
                                return err(
                                    ExcClass::MemoryError,
                                    format!("string longer than the limit of {max} characters"),
                                );
                            }
                            out.extend(std::iter::repeat_n(' ', pad as usize));
                            column += pad;
                        }
                        '\t' => {}
                        '\n' | '\r' => {
                            out.push(c);
                            column = 0;
                        }
                        c => {
                            out.push(c);
                            column += 1;
                        }
                    }
                }
                Value::str(&out)
            }
            "swapcase" => Value::str(
                &s.chars()
                    .map(|c| {
                        if c.is_uppercase() {
                            c.to_lowercase().next().unwrap_or(c)
                        } else {
                            c.to_uppercase().next().unwrap_or(c)
                        }
                    })
                    .collect::<String>(),
            ),
            "strip" | "lstrip" | "rstrip" => {
                let chars = arg_str(&a, 0)?;
                let pred = |c: char| match &chars {
                    Some(cs) => cs.contains(c),
                    None => c.is_whitespace(),
                };
                Value::str(match name {
                    "strip" => s.trim_matches(pred),
                    "lstrip" => s.trim_start_matches(pred),
                    _ => s.trim_end_matches(pred),
                })
            }
            "split" | "rsplit" => {
                let sep = match a.get(0, "sep") {
                    None | Some(Value::None) => None,
                    Some(Value::Str(x)) => Some(x),
                    Some(v) => {
                        return err(
                            ExcClass::TypeError,
                            format!("must be str or None, not {}", v.type_name()),
                        )
                    }
                };
                let maxsplit = a
                    .get(1, "maxsplit")
                    .map(|v| want_int(&v, ""))
                    .transpose()?
                    .unwrap_or(-1);
                let parts: Vec<String> = match &sep {
                    Some(sep) if sep.is_empty() => {
                        return err(ExcClass::ValueError, "empty separator")
                    }
                    Some(sep) => {
                        if maxsplit < 0 {
                            s.split(&**sep).map(String::from).collect()
                        } else if name == "split" {
                            s.splitn(maxsplit as usize + 1, &**sep)
                                .map(String::from)
                                .collect()
                        } else {
                            let mut v: Vec<String> = s
                                .rsplitn(maxsplit as usize + 1, &**sep)
                                .map(String::from)
                                .collect();
                            v.reverse();
                            v
                        }
                    }
                    None => {
                        let words: Vec<&str> = s.split_whitespace().collect();
                        if maxsplit < 0 || words.len() <= maxsplit as usize {
                            words.into_iter().map(String::from).collect()
                        } else if name == "split" {
                            let mut out: Vec<String> = Vec::new();
                            let mut rest = s.trim_start();
                            for _ in 0..maxsplit {
                                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                                out.push(rest[..end].to_string());
                                rest = rest[end..].trim_start();
                            }
                            out.push(rest.to_string());
                            out
                        } else {
                            let mut out: Vec<String> = Vec::new();
                            let mut rest = s.trim_end();
                            for _ in 0..maxsplit {
                                let start =
                                    rest.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
                                out.push(rest[start..].to_string());
                                rest = rest[..start].trim_end();
                            }
                            out.push(rest.to_string());
                            out.reverse();
                            out
                        }
                    }
                };
                Value::new_list(parts.iter().map(|p| Value::str(p)).collect())
            }
            "splitlines" => {
                let keep = a
                    .pos
                    .first()
                    .or_else(|| a.kw.first().map(|(_, v)| v))
                    .is_some_and(|v| v.truthy());
                Value::new_list(split_lines(&s, keep).into_iter().map(Value::str).collect())
            }
            "join" => {
                let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                let mut out = String::new();
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&s);
                    }
                    match it {
                        Value::Str(x) => out.push_str(x),
                        v => {
                            return err(
                                ExcClass::TypeError,
                                format!(
                                    "sequence item {i}: expected str instance, {} found",
                                    v.type_name()
                                ),
                            )
                        }
                    }
                    if out.len() > max {
                        return err(
                            ExcClass::MemoryError,
                            format!("string longer than the limit of {max} characters"),
                        );
                    }
                }
                Value::str(&out)
            }
            "replace" => {
                let (Some(old), Some(new)) = (arg_str(&a, 0)?, arg_str(&a, 1)?) else {
                    return err(ExcClass::TypeError, "replace expected 2 arguments");
                };
                let count = a.pos.get(2).and_then(|v| v.as_i64()).unwrap_or(-1);
                let most = usize::try_from(count).unwrap_or(usize::MAX);
                // The result's size is known before it is built: a few
                // replaces in a row can otherwise grow a string a
                // hundredfold each, building gigabytes before any check.
                let hits = s.matches(&*old).take(most).count();
                let size = (s.len() - hits * old.len()).saturating_add(hits.saturating_mul(new.len()));
                if size > max {
                    return err(
                        ExcClass::MemoryError,
                        format!("string longer than the limit of {max} characters"),
                    );
                }
                crate::runtime::builtins::add_work(size / 16);
                let r = if count < 0 {
                    s.replace(&*old, &new)
                } else {
                    s.replacen(&*old, &new, most)
                };
                Value::str(&r)
            }
            "startswith" | "endswith" => {
                let Some((s, _)) = str_window(&s, &a.pos[a.pos.len().min(1)..])? else {
                    return Ok(Value::Bool(false));
                };
                let test = |p: &str| {
                    if name == "startswith" {
                        s.starts_with(p)
                    } else {
                        s.ends_with(p)
                    }
                };
                match a.pos.first() {
                    Some(Value::Str(p)) => Value::Bool(test(p)),
                    Some(Value::Tuple(t)) => {
                        Value::Bool(t.iter().any(|p| matches!(p, Value::Str(p) if test(p))))
                    }
                    _ => {
                        return err(
                            ExcClass::TypeError,
                            format!("{name} first arg must be str or a tuple of str"),
                        )
                    }
                }
            }
            "find" | "rfind" | "index" | "rindex" => {
                let Some(sub) = arg_str(&a, 0)? else {
                    return err(ExcClass::TypeError, "must be str");
                };
                let (s, offset) =
                    str_window(&s, &a.pos[a.pos.len().min(1)..])?.unwrap_or(("\u{0}", -1));
                let pos = if offset < 0 {
                    None
                } else if name == "rfind" || name == "rindex" {
                    s.rfind(&*sub)
                } else {
                    s.find(&*sub)
                };
                match pos {
                    Some(p) => Value::Int(offset + s[..p].chars().count() as i64),
                    None if name == "index" || name == "rindex" => {
                        return err(ExcClass::ValueError, "substring not found")
                    }
                    None => Value::Int(-1),
                }
            }
            "count" => {
                let Some(sub) = arg_str(&a, 0)? else {
                    return err(ExcClass::TypeError, "must be str");
                };
                let Some((s, _)) = str_window(&s, &a.pos[a.pos.len().min(1)..])? else {
                    return Ok(Value::Int(0));
                };
                if sub.is_empty() {
                    Value::Int(s.chars().count() as i64 + 1)
                } else {
                    Value::Int(s.matches(&*sub).count() as i64)
                }
            }
            "title" => {
                let mut out = String::new();
                let mut prev_letter = false;
                for c in s.chars() {
                    if c.is_alphabetic() {
                        if prev_letter {
                            out.extend(c.to_lowercase());
                        } else {
                            out.extend(c.to_uppercase());
                        }
                        prev_letter = true;
                    } else {
                        out.push(c);
                        prev_letter = false;
                    }
                }
                Value::str(&out)
            }
            "capitalize" => {
                let mut cs = s.chars();
                let out: String = match cs.next() {
                    Some(c) => c
                        .to_uppercase()
                        .chain(cs.flat_map(|c| c.to_lowercase()))
                        .collect(),
                    None => String::new(),
                };
                Value::str(&out)
            }
            "center" | "ljust" | "rjust" => {
                let w = padded_width(a.pos.first(), self.interp.limits.max_collection)?;
                let fill = match arg_str(&a, 1)? {
                    Some(f) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
                    Some(_) => {
                        return err(
                            ExcClass::TypeError,
                            "The fill character must be exactly one character long",
                        )
                    }
                    None => ' ',
                };
                let n = s.chars().count();
                if w <= n {
                    Value::Str(s.clone())
                } else {
                    let pad = w - n;
                    let (l, r) = match name {
                        "ljust" => (0, pad),
                        "rjust" => (pad, 0),
                        _ => {
                            let l = pad / 2 + (pad & w & 1);
                            (l, pad - l)
                        }
                    };
                    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
                    Value::str(&format!("{}{s}{}", f(l), f(r)))
                }
            }
            "zfill" => {
                let w = padded_width(a.pos.first(), self.interp.limits.max_collection)?;
                let n = s.chars().count();
                if w <= n {
                    Value::Str(s.clone())
                } else {
                    let (sign, body) = if s.starts_with(['-', '+']) {
                        s.split_at(1)
                    } else {
                        ("", &*s)
                    };
                    Value::str(&format!("{sign}{}{body}", "0".repeat(w - n)))
                }
            }
            "isdigit" | "isnumeric" | "isdecimal" => Value::Bool(
                !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c.is_numeric()),
            ),
            "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
            "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
            "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
            "isupper" => {
                Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
            }
            "islower" => {
                Value::Bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
            }
            "partition" | "rpartition" => {
                let Some(sep) = arg_str(&a, 0)? else {
                    return err(ExcClass::TypeError, "must be str");
                };
                if sep.is_empty() {
                    return err(ExcClass::ValueError, "empty separator");
                }
                let found = if name == "partition" {
                    s.find(&*sep)
                } else {
                    s.rfind(&*sep)
                };
                match found {
                    Some(i) => Value::new_tuple(vec![
                        Value::str(&s[..i]),
                        Value::Str(sep.clone()),
                        Value::str(&s[i + sep.len()..]),
                    ]),
                    None if name == "partition" => Value::new_tuple(vec![
                        Value::Str(s.clone()),
                        Value::str(""),
                        Value::str(""),
                    ]),
                    None => Value::new_tuple(vec![
                        Value::str(""),
                        Value::str(""),
                        Value::Str(s.clone()),
                    ]),
                }
            }
            "removeprefix" => {
                let p = arg_str(&a, 0)?.unwrap_or_else(|| Rc::from(""));
                Value::str(s.strip_prefix(&*p).unwrap_or(&s))
            }
            "removesuffix" => {
                let p = arg_str(&a, 0)?.unwrap_or_else(|| Rc::from(""));
                Value::str(s.strip_suffix(&*p).unwrap_or(&s))
            }
            "format" => Value::str(&self.str_format(sim, &s, &mut a)?),
            // `format_map(m)` is `format(**m)` for a dict of str keys.
            "format_map" => {
                let kw = match a.pos.first() {
                    Some(Value::Dict(d)) => d
                        .borrow()
                        .iter()
                        .filter_map(|(k, v)| match k {
                            Value::Str(k) => Some((k.clone(), v.clone())),
                            _ => None,
                        })
                        .collect(),
                    Some(other) => {
                        return err(
                            ExcClass::TypeError,
                            format!("'{}' object is not subscriptable", other.type_name()),
                        )
                    }
                    None => Vec::new(),
                };
                let mut m = Args { pos: Vec::new(), kw };
                Value::str(&self.str_format(sim, &s, &mut m)?)
            }
            _ => return attr_err(&Value::Str(s), name),
        };
        Ok(r)
    }

    /// `"...".format(*args, **kwargs)`.
    /// Follows the `.name` and `[key]` parts of a replacement field's name
    /// from the argument `v` (a key of digits is an int, any other a str).
    fn format_field_path(&mut self, sim: &mut Sim<Value>, mut v: Value, path: &str) -> PyResult {
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                if end == 0 {
                    return err(ExcClass::ValueError, "Empty attribute in format string");
                }
                v = self.get_attr(sim, &v, &after[..end])?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let Some(end) = after.find(']') else {
                    return err(ExcClass::ValueError, "Missing ']' in format string");
                };
                let key = &after[..end];
                if key.is_empty() {
                    return err(ExcClass::ValueError, "Empty attribute in format string");
                }
                let key = match key.parse::<i64>() {
                    Ok(n) if key.bytes().all(|b| b.is_ascii_digit()) => Value::Int(n),
                    _ => Value::str(key),
                };
                v = match ops::getitem(&v, &key) {
                    Ok(x) => x,
                    Err(e) => self.getitem_fallback(sim, &v, &key, e)?,
                };
                rest = &after[end + 1..];
            } else {
                return err(
                    ExcClass::ValueError,
                    "Only '.' or '[' may follow ']' in format field specifier",
                );
            }
        }
        Ok(v)
    }

    fn str_format(&mut self, sim: &mut Sim<Value>, s: &str, a: &mut Args) -> PyResult<String> {
        self.str_format_nested(sim, s, a, &mut Numbering::default(), 0)
    }

    /// `str.format` on `s`, which is the format string (`depth` 0) or a
    /// field's spec with fields of its own (`"{:{width}}"`, depth 1):
    /// automatic numbering carries on through the specs, as in CPython.
    fn str_format_nested(
        &mut self,
        sim: &mut Sim<Value>,
        s: &str,
        a: &mut Args,
        numbering: &mut Numbering,
        depth: usize,
    ) -> PyResult<String> {
        if depth > 1 {
            return err(ExcClass::ValueError, "Max string recursion exceeded");
        }
        let mut out = String::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' {
                if chars.get(i + 1) == Some(&'{') {
                    out.push('{');
                    i += 2;
                    continue;
                }
                // The field ends at its matching brace: its spec may hold
                // fields of its own.
                let mut open = 0usize;
                let end = chars[i..]
                    .iter()
                    .position(|&c| {
                        match c {
                            '{' => open += 1,
                            '}' => open -= 1,
                            _ => {}
                        }
                        open == 0
                    })
                    .map(|p| p + i);
                let Some(end) = end else {
                    // CPython's messages for a field left open.
                    let rest: String = chars[i + 1..].iter().collect();
                    return err(
                        ExcClass::ValueError,
                        if rest.is_empty() {
                            "Single '{' encountered in format string"
                        } else if rest.ends_with('!') && !rest.contains(':') {
                            "end of string while looking for conversion specifier"
                        } else if rest.contains([':', '!', '{']) {
                            "unmatched '{' in format spec"
                        } else {
                            "expected '}' before end of string"
                        },
                    );
                };
                let field: String = chars[i + 1..end].iter().collect();
                let (name_conv, spec) = field
                    .split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .unwrap_or((field.clone(), String::new()));
                let (field_name, conv) = name_conv
                    .split_once('!')
                    .map(|(a, b)| (a.to_string(), Some(b.to_string())))
                    .unwrap_or((name_conv, None));
                // `{0[1]}` and `{p.x}`: the argument, then items and attributes.
                let cut = field_name.find(['.', '[']).unwrap_or(field_name.len());
                let (fname, path) = (field_name[..cut].to_string(), &field_name[cut..]);
                let v = if fname.is_empty() {
                    if numbering.manual {
                        return err(
                            ExcClass::ValueError,
                            "cannot switch from manual field specification to automatic field numbering",
                        );
                    }
                    let v = a.pos.get(numbering.next).cloned();
                    numbering.next += 1;
                    v
                } else if let Ok(k) = fname.parse::<usize>() {
                    if numbering.next > 0 {
                        return err(
                            ExcClass::ValueError,
                            "cannot switch from automatic field numbering to manual field specification",
                        );
                    }
                    numbering.manual = true;
                    a.pos.get(k).cloned()
                } else {
                    a.kw.iter()
                        .find(|(k, _)| **k == *fname)
                        .map(|(_, v)| v.clone())
                };
                let Some(v) = v else {
                    return if fname.is_empty() || fname.parse::<usize>().is_ok() {
                        err(
                            ExcClass::IndexError,
                            format!(
                                "Replacement index {} out of range for positional args tuple",
                                if fname.is_empty() {
                                    numbering.next - 1
                                } else {
                                    fname.parse().unwrap_or(0)
                                }
                            ),
                        )
                    } else {
                        Err(Value::Exc(Rc::new(Exc::new(
                            ExcClass::KeyError,
                            vec![Value::str(&fname)],
                        ))))
                    };
                };
                // The value first, then the fields in its spec: automatic
                // numbering counts them in that order.
                let spec = if spec.contains('{') {
                    self.str_format_nested(sim, &spec, a, numbering, depth + 1)?
                } else {
                    spec
                };
                let v = self.format_field_path(sim, v, path)?;
                let v = match conv.as_deref() {
                    None => v,
                    Some("r") | Some("a") => Value::str(&self.py_repr(sim, &v)?),
                    Some("s") => Value::str(&self.py_str(sim, &v)?),
                    Some("") => return err(ExcClass::ValueError, "unmatched '{' in format spec"),
                    Some(c) if c.chars().count() > 1 => {
                        return err(
                            ExcClass::ValueError,
                            "expected ':' after conversion specifier",
                        )
                    }
                    Some(c) => {
                        return err(
                            ExcClass::ValueError,
                            format!("Unknown conversion specifier {c}"),
                        )
                    }
                };
                out.push_str(&self.format(sim, &v, &spec)?);
                i = end + 1;
            } else if c == '}' {
                if chars.get(i + 1) == Some(&'}') {
                    i += 2;
                    out.push('}');
                    continue;
                }
                return err(
                    ExcClass::ValueError,
                    "Single '}' encountered in format string",
                );
            } else {
                out.push(c);
                i += 1;
            }
        }
        Ok(out)
    }

    fn list_method(
        &mut self,
        sim: &mut Sim<Value>,
        l: Rc<crate::runtime::value::List>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        if matches!(name, "sort" | "reverse" | "copy") {
            crate::runtime::builtins::add_work(l.borrow().len());
        }
        let max = self.interp.limits.max_collection;
        let grow_check = |n: usize| {
            if n > max {
                err(
                    ExcClass::MemoryError,
                    format!("list larger than the limit of {max} items"),
                )
            } else {
                Ok(())
            }
        };
        match name {
            "append" => {
                a.arity("list.append", 1, 1)?;
                let mut v = l.borrow_mut();
                grow_check(v.len() + 1)?;
                v.push(a.pos[0].clone());
                Ok(Value::None)
            }
            "extend" => {
                let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                let mut v = l.borrow_mut();
                grow_check(v.len() + items.len())?;
                v.extend(items);
                Ok(Value::None)
            }
            "pop" => {
                let mut v = l.borrow_mut();
                if v.is_empty() {
                    return err(ExcClass::IndexError, "pop from empty list");
                }
                let i = match a.pos.first() {
                    Some(x) => ops::norm_index(want_int(x, "")?, v.len(), "pop")?,
                    None => v.len() - 1,
                };
                Ok(v.remove(i))
            }
            "insert" => {
                a.arity("insert", 2, 2)?;
                let mut v = l.borrow_mut();
                grow_check(v.len() + 1)?;
                let n = v.len() as i64;
                let i = want_int(&a.pos[0], "")?;
                let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
                v.insert(i as usize, a.pos[1].clone());
                Ok(Value::None)
            }
            "remove" => {
                let x = a.pos.first().cloned().unwrap_or(Value::None);
                let found = ops::position(&l.borrow(), &x)?;
                match found {
                    Some(i) => {
                        l.borrow_mut().remove(i);
                        Ok(Value::None)
                    }
                    None => err(ExcClass::ValueError, "list.remove(x): x not in list"),
                }
            }
            "index" => {
                let x = a.pos.first().cloned().unwrap_or(Value::None);
                let items = l.borrow().clone();
                let (from, to) = seq_bounds(items.len(), &a.pos[a.pos.len().min(1)..])?;
                let found = ops::position(&items[from..to], &x)?;
                match found {
                    Some(i) => Ok(Value::Int((from + i) as i64)),
                    None => err(ExcClass::ValueError, format!("{} is not in list", x.repr())),
                }
            }
            "count" => {
                let x = a.pos.first().cloned().unwrap_or(Value::None);
                let n = ops::count(&l.borrow(), &x)?;
                Ok(Value::Int(n as i64))
            }
            "sort" => {
                if !a.pos.is_empty() {
                    return err(ExcClass::TypeError, "sort() takes no positional arguments");
                }
                let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
                let reverse = a.take_kw("reverse").map(|v| v.truthy()).unwrap_or(false);
                a.no_more_kw("sort")?;
                let items = l.borrow().clone();
                let sorted = self.sort_values(sim, items, key, reverse)?;
                *l.borrow_mut() = sorted;
                Ok(Value::None)
            }
            "reverse" => {
                l.borrow_mut().reverse();
                Ok(Value::None)
            }
            "copy" => Ok(Value::new_list(l.borrow().clone())),
            "clear" => {
                l.borrow_mut().clear();
                Ok(Value::None)
            }
            _ => attr_err(&Value::List(l), name),
        }
    }
}

fn key_of(k: &Value) -> PyResult<crate::runtime::value::HashKey> {
    k.hash_key().ok_or_else(|| {
        Exc::value(
            ExcClass::TypeError,
            format!("unhashable type: '{}'", k.type_name()),
        )
    })
}

/// The width of `str.center`/`ljust`/`rjust`/`zfill`, refused past the
/// string length limit before any padding is built.
fn padded_width(arg: Option<&Value>, max_len: usize) -> PyResult<usize> {
    let w = want_int(arg.unwrap_or(&Value::None), "")?.max(0) as usize;
    if w > max_len {
        return err(
            ExcClass::MemoryError,
            format!("string longer than the limit of {max_len} characters"),
        );
    }
    crate::runtime::builtins::add_work(w / 16);
    Ok(w)
}

fn dict_method(d: Rc<RefCell<Dict>>, name: &str, mut a: Args) -> PyResult {
    match name {
        "get" => {
            let k = a.pos.first().cloned().unwrap_or(Value::None);
            let h = key_of(&k)?;
            Ok(d.borrow()
                .get(&h)
                .cloned()
                .unwrap_or_else(|| a.pos.get(1).cloned().unwrap_or(Value::None)))
        }
        "keys" | "values" | "items" => {
            let kind = match name {
                "keys" => crate::runtime::objects::ViewKind::Keys,
                "values" => crate::runtime::objects::ViewKind::Values,
                _ => crate::runtime::objects::ViewKind::Items,
            };
            Ok(Value::Obj(Rc::new(crate::runtime::objects::Obj::DictView(
                kind,
                d.clone(),
            ))))
        }
        "pop" => {
            let k = a.pos.first().cloned().unwrap_or(Value::None);
            let h = key_of(&k)?;
            match d.borrow_mut().remove(&h) {
                Some((_, v)) => Ok(v),
                None => match a.pos.get(1) {
                    Some(def) => Ok(def.clone()),
                    None => Err(Value::Exc(Rc::new(Exc::new(ExcClass::KeyError, vec![k])))),
                },
            }
        }
        "popitem" => match d.borrow_mut().pop_entry(true) {
            Some((k, v)) => Ok(Value::new_tuple(vec![k, v])),
            None => err(ExcClass::KeyError, "popitem(): dictionary is empty"),
        },
        "setdefault" => {
            let k = a.pos.first().cloned().unwrap_or(Value::None);
            let h = key_of(&k)?;
            let existing = d.borrow().get(&h).cloned();
            match existing {
                Some(v) => Ok(v),
                None => {
                    let v = a.pos.get(1).cloned().unwrap_or(Value::None);
                    d.borrow_mut().insert(h, k, v.clone());
                    Ok(v)
                }
            }
        }
        "update" => {
            if let Some(src) = a.pos.first() {
                let pairs: Vec<(Value, Value)> = match src {
                    Value::Dict(s) => s
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    other => update_pairs(iterate_simple(other)?)?,
                };
                for (k, v) in pairs {
                    let h = key_of(&k)?;
                    d.borrow_mut().insert(h, k, v);
                }
            }
            for (k, v) in a.kw.drain(..) {
                d.borrow_mut().insert(
                    crate::runtime::value::HashKey::Str(k.clone()),
                    Value::Str(k),
                    v,
                );
            }
            Ok(Value::None)
        }
        "copy" => Ok(Value::Dict(Rc::new(RefCell::new(d.borrow().clone())))),
        "clear" => {
            d.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => attr_err(&Value::Dict(d), name),
    }
}

fn set_method(recv: &Value, d: Rc<RefCell<Dict>>, name: &str, a: Args) -> PyResult {
    let other = || -> PyResult<Value> {
        crate::runtime::builtins::make_set(iterate_simple(a.pos.first().unwrap_or(&Value::None))?)
    };
    match name {
        "add" => {
            let k = a.pos.first().cloned().unwrap_or(Value::None);
            let h = key_of(&k)?;
            d.borrow_mut().insert(h, k, Value::None);
            Ok(Value::None)
        }
        "remove" | "discard" => {
            let k = a.pos.first().cloned().unwrap_or(Value::None);
            let h = key_of(&k)?;
            if d.borrow_mut().remove(&h).is_none() && name == "remove" {
                return Err(Value::Exc(Rc::new(Exc::new(ExcClass::KeyError, vec![k]))));
            }
            Ok(Value::None)
        }
        "pop" => {
            // The first member in CPython's iteration order.
            let first = d.borrow().set_order().into_iter().next();
            match first.and_then(|k| k.hash_key().map(|h| (k, h))) {
                Some((k, h)) => {
                    d.borrow_mut().remove(&h);
                    Ok(k)
                }
                None => err(ExcClass::KeyError, "pop from an empty set"),
            }
        }
        // Each takes any number of iterables, applied one after another.
        "union" | "intersection" | "difference" => {
            let op = match name {
                "union" => crate::compile::code::BinOp::BitOr,
                "intersection" => crate::compile::code::BinOp::BitAnd,
                _ => crate::compile::code::BinOp::Sub,
            };
            let mut acc = Value::Set(Rc::new(RefCell::new(d.borrow().clone())));
            for x in &a.pos {
                let o = crate::runtime::builtins::make_set(iterate_simple(x)?)?;
                acc = ops::binary(op, &acc, &o, usize::MAX)?;
            }
            Ok(acc)
        }
        "symmetric_difference" => ops::binary(
            crate::compile::code::BinOp::BitXor,
            recv,
            &other()?,
            usize::MAX,
        ),
        "update" => {
            for x in &a.pos {
                for k in iterate_simple(x)? {
                    let h = key_of(&k)?;
                    d.borrow_mut().insert(h, k, Value::None);
                }
            }
            Ok(Value::None)
        }
        "issubset" | "issuperset" | "isdisjoint" => {
            let o = other()?;
            let Value::Set(o) = o else {
                return Ok(Value::Bool(false));
            };
            let (x, y) = (d.borrow(), o.borrow());
            let sub = |p: &Dict, q: &Dict| {
                p.iter()
                    .all(|(k, _)| k.hash_key().map(|h| q.get(&h).is_some()).unwrap_or(false))
            };
            Ok(Value::Bool(match name {
                "issubset" => sub(&x, &y),
                "issuperset" => sub(&y, &x),
                _ => x
                    .iter()
                    .all(|(k, _)| k.hash_key().map(|h| y.get(&h).is_none()).unwrap_or(true)),
            }))
        }
        "copy" => Ok(Value::Set(Rc::new(RefCell::new(d.borrow().clone())))),
        "clear" => {
            d.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => attr_err(recv, name),
    }
}

/// How many positional arguments a method of `str`, `list`, `dict`, `set`
/// or `tuple` (`tp`) takes, at least and at most, as in CPython: a method
/// given more or fewer raises `TypeError` rather than ignoring some or
/// guessing.  A `match`, not a table searched in order: it runs on every
/// method call of these types.
fn arity(tp: &str, name: &str) -> Option<(usize, usize)> {
    Some(match (tp, name) {
        (
            "str",
            "upper" | "lower" | "casefold" | "swapcase" | "title" | "capitalize" | "isdigit"
            | "isnumeric" | "isdecimal" | "isalpha" | "isalnum" | "isspace" | "isupper" | "islower"
            | "istitle" | "isidentifier" | "isprintable",
        ) => (0, 0),
        ("str", "split" | "rsplit") => (0, 2),
        ("str", "strip" | "lstrip" | "rstrip" | "splitlines" | "expandtabs") => (0, 1),
        (
            "str",
            "join" | "zfill" | "partition" | "rpartition" | "removeprefix" | "removesuffix"
            | "format_map",
        ) => (1, 1),
        ("str", "replace") => (2, 3),
        ("str", "startswith" | "endswith" | "find" | "rfind" | "index" | "rindex" | "count") => {
            (1, 3)
        }
        ("str", "center" | "ljust" | "rjust") => (1, 2),
        ("list", "append" | "extend" | "remove" | "count") => (1, 1),
        ("list", "pop") => (0, 1),
        ("list", "insert") => (2, 2),
        ("list" | "tuple", "index") => (1, 3),
        ("list", "reverse" | "copy" | "clear") => (0, 0),
        ("dict", "get" | "pop" | "setdefault") => (1, 2),
        ("dict", "keys" | "values" | "items" | "copy" | "clear" | "popitem") => (0, 0),
        ("dict", "update") => (0, 1),
        (
            "set",
            "add"
            | "remove"
            | "discard"
            | "issubset"
            | "issuperset"
            | "isdisjoint"
            | "symmetric_difference",
        ) => (1, 1),
        ("set", "pop" | "copy" | "clear") => (0, 0),
        ("tuple", "count") => (1, 1),
        _ => return None,
    })
}

/// The methods whose wrong argument counts CPython words as
/// `find() takes at most 3 arguments (4 given)`.
const TAKES: &[(&str, &str)] = &[
    ("str", "split"),
    ("str", "rsplit"),
    ("str", "splitlines"),
    ("str", "expandtabs"),
    ("str", "startswith"),
    ("str", "endswith"),
    ("str", "find"),
    ("str", "rfind"),
    ("str", "index"),
    ("str", "rindex"),
    ("str", "count"),
];

/// Checks the number of positional arguments of a built-in method against
/// [`arity`], with CPython's messages.  The dict subclasses of `collections`
/// (whose `popitem` and `update` differ) are left to their own checks.
fn check_arity(recv: &Value, name: &str, given: usize) -> PyResult<()> {
    let tp = match recv {
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(d) if d.borrow().kind.is_plain() => "dict",
        Value::Set(_) => "set",
        Value::Tuple(_) => "tuple",
        _ => return Ok(()),
    };
    let Some((min, max)) = arity(tp, name) else {
        return Ok(());
    };
    if (min..=max).contains(&given) {
        return Ok(());
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    err(
        ExcClass::TypeError,
        match (min, max) {
            (0, 0) => format!("{tp}.{name}() takes no arguments ({given} given)"),
            (1, 1) => format!("{tp}.{name}() takes exactly one argument ({given} given)"),
            // The methods that also take keywords, or parse their arguments
            // the older way, count them in CPython's other wording.
            _ if TAKES.contains(&(tp, name)) => {
                let (bound, n) = if given < min {
                    ("least", min)
                } else {
                    ("most", max)
                };
                format!(
                    "{name}() takes at {bound} {n} argument{} ({given} given)",
                    plural(n)
                )
            }
            _ if min == max => format!("{name} expected {min} arguments, got {given}"),
            _ if given < min => {
                format!(
                    "{name} expected at least {min} argument{}, got {given}",
                    plural(min)
                )
            }
            _ => format!(
                "{name} expected at most {max} argument{}, got {given}",
                plural(max)
            ),
        },
    )
}

/// The key and value of each item of what `dict.update` or `dict |=` was
/// given as a sequence of pairs, checked as CPython checks them.
pub fn update_pairs(items: Vec<Value>) -> PyResult<Vec<(Value, Value)>> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let pair = match &item {
                Value::Str(_) | Value::List(_) | Value::Tuple(_) => iterate_simple(&item)?,
                Value::Obj(_) if crate::runtime::library::namedtuple::as_tuple(&item).is_some() => {
                    iterate_simple(&item)?
                }
                _ => {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        ),
                    )
                }
            };
            let n = pair.len();
            match <[Value; 2]>::try_from(pair) {
                Ok([k, v]) => Ok((k, v)),
                Err(_) => err(
                    ExcClass::ValueError,
                    format!(
                        "dictionary update sequence element #{i} has length {n}; 2 is required"
                    ),
                ),
            }
        })
        .collect()
}

/// The start and end that `list.index`, `tuple.index` and `deque.index` search between,
/// from their optional `start` and `end` (`bounds`), counted as slices count.
pub(crate) fn seq_bounds(len: usize, bounds: &[Value]) -> PyResult<(usize, usize)> {
    let n = len as i64;
    let bound = |i: usize, default: i64| -> PyResult<i64> {
        match bounds.get(i) {
            None => Ok(default),
            Some(v) => match v.as_i64() {
                Some(k) if k < 0 => Ok((k + n).max(0)),
                Some(k) => Ok(k.min(n)),
                None => err(
                    ExcClass::TypeError,
                    "slice indices must be integers or have an __index__ method",
                ),
            },
        }
    };
    let (from, to) = (bound(0, 0)?, bound(1, n)?);
    Ok((from as usize, to.max(from) as usize))
}

/// `str.splitlines`: the lines of `s`, split at every line boundary Python
/// knows (`\n`, `\r`, `\r\n`, `\v`, `\f`, the file, group and record
/// separators, NEL and the Unicode line and paragraph separators), with the
/// boundary kept when `keep`.
fn split_lines(s: &str, keep: bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\r' if matches!(chars.peek(), Some((_, '\n'))) => {
                chars.next();
                i + 2
            }
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        lines.push(if keep { &s[start..end] } else { &s[start..i] });
        start = end;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

/// The part of `s` that `str.find`, `count`, `startswith` and the like
/// search given their optional `start` and `end` (`bounds`, each an int or
/// `None`, counted in characters as slices count them), with the character
/// index it starts at; `None` when `start` lies past the end, where CPython
/// finds nothing, not even an empty string.
pub fn str_window<'s>(s: &'s str, bounds: &[Value]) -> PyResult<Option<(&'s str, i64)>> {
    if bounds.is_empty() {
        return Ok(Some((s, 0)));
    }
    let len = s.chars().count() as i64;
    let bound = |i: usize, default: i64| -> PyResult<i64> {
        match bounds.get(i) {
            None | Some(Value::None) => Ok(default),
            Some(v) => match v.as_i64() {
                Some(n) if n < 0 => Ok((n + len).max(0)),
                Some(n) => Ok(n),
                None => err(
                    ExcClass::TypeError,
                    "slice indices must be integers or None or have an __index__ method",
                ),
            },
        }
    };
    let (start, end) = (bound(0, 0)?, bound(1, len)?.min(len));
    if start > len {
        return Ok(None);
    }
    let byte = |c: i64| s.char_indices().nth(c as usize).map_or(s.len(), |(b, _)| b);
    crate::runtime::builtins::add_work(s.len() / 16);
    let (from, to) = (byte(start), byte(end.max(start)));
    Ok(Some((&s[from..to], start)))
}

/// How `str.format` has numbered its fields so far: automatically (`{}`,
/// the next index) or by hand (`{0}`); CPython refuses a mix.
#[derive(Default)]
struct Numbering {
    /// The index the next `{}` takes.
    next: usize,
    /// Whether a field was numbered by hand.
    manual: bool,
}
