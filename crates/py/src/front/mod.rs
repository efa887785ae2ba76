//! The front stage: everything about the source text, before anything is
//! compiled or run.
//!
//! It refuses sources nested too deep to walk safely ([`guard`]), parses
//! with `ruff_python_parser`, resolves every name to its scope, and answers
//! the editor's questions about the text: colours ([`tokens`]), numeric
//! literals for the sliders ([`sliders`]) and positions.  What it finds
//! wrong is a [`Diagnostic`] with a line and column.
//!
//! This stage knows nothing of the compiler or the runtime: the import
//! graph of the crate points from `runtime` to `compile` to `front`.

pub(crate) mod diagnostic;
pub mod guard;
pub(crate) mod int_text;
pub(crate) mod lines;
pub(crate) mod names;
pub(crate) mod scope;
pub mod sliders;
pub mod tokens;

use std::rc::Rc;

use ruff_python_ast::ModModule;

use diagnostic::Diagnostic;
use lines::LineIndex;
use scope::Scopes;

/// A source that passed the front stage: its tree, the scope of every name
/// in it, and its line index.
pub(crate) struct Parsed {
    /// The module's syntax tree.
    pub module: ModModule,
    /// Every function's and class's names, resolved.
    pub scopes: Scopes,
    /// Offsets to lines and columns, shared with tracebacks.
    pub lines: Rc<LineIndex>,
}

/// Parses a source: null bytes and over-deep nesting are refused first,
/// then syntax errors, then trees too deep for the scope pass.
pub(crate) fn parse(source: &str) -> Result<Parsed, Diagnostic> {
    let lines = Rc::new(LineIndex::new(source));
    if let Some(at) = source.find('\0') {
        // CPython refuses such a source before tokenising it.
        let (line, col) = lines.line_col(at);
        return Err(Diagnostic::syntax(
            line,
            col,
            "source code cannot contain null bytes",
        ));
    }
    if let Err(refusal) = guard::check(source) {
        let (line, col) = lines.line_col(refusal.offset);
        let mut d = Diagnostic::syntax(line, col, refusal.limit.to_string());
        d.source_limit = Some(refusal.limit);
        return Err(d);
    }
    let module = ruff_python_parser::parse_module(source)
        .map_err(|e| {
            let (line, col) = lines.line_col(e.location.start().to_usize());
            Diagnostic::syntax(line, col, e.error.to_string())
        })?
        .into_syntax();
    let scopes = Scopes::analyse(&module.body);
    if let Some(at) = scopes.too_deep {
        let (line, col) = lines.line_col(at.start().to_usize());
        return Err(Diagnostic::too_deep(line, col));
    }
    Ok(Parsed {
        module,
        scopes,
        lines,
    })
}
