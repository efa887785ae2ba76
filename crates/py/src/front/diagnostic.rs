//! Why a source cannot run, as data with a place in the source: a syntax
//! error, a construct outside the supported subset, or a tree nested too
//! deep to walk.
//!
//! The Python layer never words these for a reader who might not read
//! English: it reports which construct is outside the subset and which
//! nesting limit was reached.  `Display` and [`Diagnostic::message`] give
//! the English the CLI prints; the web front end words the same values from
//! its own catalogues, in English or Japanese.

use std::fmt;

/// A syntax error or unsupported construct, located in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// The message in English: the parser's for a syntax error, else "… not supported yet (line L, column C)".
    pub message: String,
    /// The construct, when the code is valid Python outside the supported subset.
    pub construct: Option<Construct>,
    /// The nesting limit, when the source was refused before parsing (a syntax error, as in CPython).
    pub source_limit: Option<SourceLimit>,
}

impl Diagnostic {
    /// A syntax error at a line and column.
    pub fn syntax(line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line,
            col,
            message: message.into(),
            construct: None,
            source_limit: None,
        }
    }

    /// A tree nested deeper than the passes that walk it allow, worded as
    /// CPython words it.
    pub fn too_deep(line: u32, col: u32) -> Diagnostic {
        Diagnostic::syntax(
            line,
            col,
            "maximum recursion depth exceeded during compilation",
        )
    }
}

/// A construct outside the supported subset of Python.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Construct {
    /// Subclassing a built-in type other than an exception, by name.
    ClassBase(String),
    /// A keyword in a class's bases (`metaclass=`), by name.
    ClassKeyword(String),
    /// A `del` target other than a name or a subscript.
    DelTarget,
    /// `type X = ...` aliases.
    TypeAlias,
    /// `from . import x`.
    RelativeImport,
    /// `from x import *`.
    ImportStar,
    /// IPython's `%magic` and `!shell` lines.
    IpythonEscape,
    /// A built-in function the subset lacks, by name.
    Builtin(String),
    /// A module the subset lacks, by name.
    Module(String),
    /// `except*:` without an exception type.
    BareExceptStar,
    /// `def f[T]()` type parameters.
    TypeParams,
    /// A function form the compiler does not know.
    FunctionForm,
    /// A comprehension form the compiler does not know.
    ComprehensionForm,
    /// `{**d for ...}` style dict comprehensions.
    DictComprehensionForm,
    /// `t"..."` template strings.
    TemplateString,
    /// `b"..."` bytes literals.
    Bytes,
    /// An integer literal the compiler cannot read.
    IntLiteral,
    /// Complex numbers (`1j`).
    Complex,
    /// `*x` where the subset cannot take it.
    StarredHere,
}

impl Construct {
    /// The English subject of "… not supported yet", with its verb (`` `class` statements are ``).
    pub fn english(&self) -> String {
        match self {
            Construct::ClassBase(name) => format!("subclassing `{name}` is"),
            Construct::ClassKeyword(name) => format!("the class keyword `{name}=` is"),
            Construct::DelTarget => "this kind of `del` target is".into(),
            Construct::TypeAlias => "`type` aliases are".into(),
            Construct::RelativeImport => "relative imports are".into(),
            Construct::ImportStar => "`import *` is".into(),
            Construct::IpythonEscape => "IPython escape commands are".into(),
            Construct::Builtin(name) => format!("the built-in `{name}` is"),
            Construct::Module(name) => format!("module `{name}` is"),
            Construct::BareExceptStar => "a bare `except*` is".into(),
            Construct::TypeParams => "type parameters are".into(),
            Construct::FunctionForm => "this function form is".into(),
            Construct::ComprehensionForm => "this comprehension is".into(),
            Construct::DictComprehensionForm => "this dict comprehension is".into(),
            Construct::TemplateString => "template strings are".into(),
            Construct::Bytes => "bytes literals are".into(),
            Construct::IntLiteral => "this integer literal is".into(),
            Construct::Complex => "complex numbers are".into(),
            Construct::StarredHere => "starred expressions here are".into(),
        }
    }
}

/// A source refused before parsing because its tree would nest too deep
/// for the passes that walk it (see the `guard` module).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceLimit {
    /// More than 200 open brackets (CPython's `too many nested parentheses`).
    Brackets,
    /// More than 100 indentation levels (CPython's `too many levels of indentation`).
    Indentation,
    /// More than 1000 operators, calls, attributes, `lambda`s or `await`s in one statement.
    Operators,
}

impl fmt::Display for SourceLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceLimit::Brackets => f.write_str("too many nested parentheses"),
            SourceLimit::Indentation => f.write_str("too many levels of indentation"),
            SourceLimit::Operators => write!(
                f,
                "this statement is too complex to run here (over {} operators)",
                crate::front::guard::MAX_OPERATORS
            ),
        }
    }
}
