//! A small `logging`: `basicConfig`, module-level `debug`…`critical`,
//! `getLogger` and logger methods, writing to stderr as CPython's default
//! handlers do.  Asyncio examples use it for their progress messages.

use std::collections::HashMap;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{CallOut, Runner};

/// The logging configuration of one run.
pub struct LogState {
    configured: bool,
    root_level: i64,
    format: String,
    levels: HashMap<String, i64>,
}

impl Default for LogState {
    fn default() -> LogState {
        LogState {
            configured: false,
            root_level: 30,
            format: "%(levelname)s:%(name)s:%(message)s".into(),
            levels: HashMap::new(),
        }
    }
}

impl LogState {
    /// The level below which `logger` drops records: its own if set, else
    /// the root logger's.
    fn threshold(&self, logger: &str) -> i64 {
        self.levels
            .get(logger)
            .copied()
            .filter(|l| *l > 0)
            .unwrap_or(self.root_level)
    }
}

/// `logging.<NAME>` level constants.
pub fn constant(name: &str) -> Option<Value> {
    Some(Value::Int(match name {
        "DEBUG" => 10,
        "INFO" => 20,
        "WARNING" | "WARN" => 30,
        "ERROR" => 40,
        "CRITICAL" | "FATAL" => 50,
        "NOTSET" => 0,
        _ => return None,
    }))
}

fn level_name(level: i64) -> String {
    match level {
        10 => "DEBUG".into(),
        20 => "INFO".into(),
        30 => "WARNING".into(),
        40 => "ERROR".into(),
        50 => "CRITICAL".into(),
        n => format!("Level {n}"),
    }
}

fn method_level(name: &str) -> Option<i64> {
    Some(match name {
        "debug" => 10,
        "info" => 20,
        "warning" | "warn" => 30,
        "error" | "exception" => 40,
        "critical" | "fatal" => 50,
        _ => return None,
    })
}

/// `asctime` on the virtual clock, which starts at the Unix epoch.
fn asctime(t: f64) -> String {
    let ms = (t * 1000.0).floor() as i64;
    let (secs, msecs) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let days = h / 24;
    format!(
        "1970-01-{:02} {:02}:{m:02}:{s:02},{msecs:03}",
        1 + days,
        h % 24
    )
}

/// The line a record of `logger` at `level` saying `message` makes on
/// stderr, as the handlers configured in `state` write it; `None` when the
/// level is below the logger's, or below WARNING with nothing configured.
pub(crate) fn log_line(
    state: &LogState,
    sim: &Sim<Value>,
    logger: &str,
    level: i64,
    message: &str,
    cap: usize,
) -> Option<Result<String, usize>> {
    if level < state.threshold(logger) {
        return None;
    }
    if state.configured {
        let thread = sim.thread_name(sim.current_thread());
        let fields = [
            ("%(levelname)s", level_name(level).to_string()),
            ("%(name)s", logger.to_string()),
            ("%(message)s", message.to_string()),
            ("%(threadName)s", thread.to_string()),
            ("%(asctime)s", asctime(sim.now())),
            ("%(levelno)s", level.to_string()),
        ];
        Some(expand(&state.format, &fields, cap))
    } else if level >= 30 {
        // CPython's "last resort" handler: the bare message.
        Some(Ok(message.to_string()))
    } else {
        None
    }
}

/// `format` with each `%(field)s` of `fields` replaced by its value, in one
/// pass, as `%`-formatting does (a value is never expanded again), or its
/// size in bytes when that is over `cap`. A format that repeats
/// `%(message)s` makes a line far larger than what went in, so its size is
/// known before any of it is built.
fn expand(format: &str, fields: &[(&str, String)], cap: usize) -> Result<String, usize> {
    let mut size = 0usize;
    let mut out = String::new();
    for building in [false, true] {
        let mut rest = format;
        while let Some(at) = rest.find("%(") {
            let tail = &rest[at..];
            let field = fields.iter().find(|(k, _)| tail.starts_with(k));
            let (text, skip) = match field {
                Some((k, v)) => (v.as_str(), k.len()),
                None => ("%(", 2),
            };
            if building {
                out.push_str(&rest[..at]);
                out.push_str(text);
            } else {
                size = size.saturating_add(at + text.len());
            }
            rest = &tail[skip..];
        }
        if building {
            out.push_str(rest);
        } else {
            size = size.saturating_add(rest.len());
            if size > cap {
                return Err(size);
            }
            out.reserve_exact(size);
        }
    }
    Ok(out)
}

/// The ERROR level, at which CPython's libraries log what went wrong.
pub(crate) const ERROR: i64 = 40;

impl Runner {
    fn emit_log(
        &mut self,
        sim: &mut Sim<Value>,
        logger: &str,
        level: i64,
        a: &Args,
        with_traceback: bool,
    ) -> PyResult<()> {
        let msg = match a.pos.first() {
            Some(Value::Str(s)) => s.to_string(),
            Some(v) => self.to_str(sim, v),
            None => String::new(),
        };
        // `LogRecord.getMessage`: `msg % args`, a lone dict being the mapping.
        let args = a.pos.get(1..).unwrap_or(&[]);
        let message = match args {
            [] => Some(msg),
            [d @ Value::Dict(_)] => self.log_format(sim, &msg, d.clone()),
            _ => self.log_format(sim, &msg, Value::new_tuple(args.to_vec())),
        };
        let Some(message) = message else {
            return Ok(());
        };
        let line = log_line(
            &self.interp.logging.borrow(),
            sim,
            logger,
            level,
            &message,
            self.output_room(),
        );
        let Some(line) = line else {
            return Ok(());
        };
        // Log lines count towards the output limit, as prints do.
        self.write_stream(sim, true, format!("{}\n", self.within_output(line)?))?;
        if with_traceback {
            if let Some(e @ Value::Exc(_)) = self.handling.clone() {
                self.write_stream(sim, true, e.format_exception())?;
            }
        }
        Ok(())
    }

    /// A record's `msg % args`; a message that cannot be formatted is
    /// reported on stderr as logging's handlers report it (in short), and
    /// the record is dropped.
    fn log_format(&mut self, sim: &mut Sim<Value>, msg: &str, args: Value) -> Option<String> {
        let max = self.interp.limits.max_collection;
        match self.percent_format(sim, msg, &args, max) {
            Ok(text) => Some(text),
            Err(e) => {
                let shown = self.repr(sim, &args);
                sim.eprint(&format!(
                    "--- Logging error ---\n{}Message: {}\nArguments: {shown}\n",
                    e.format_exception(),
                    crate::runtime::value::str_repr(msg)
                ));
                None
            }
        }
    }

    /// Calls `logging.<name>`.
    pub fn call_logging(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let short = &name["logging.".len()..];
        match short {
            "basicConfig" => {
                let mut st = self.interp.logging.borrow_mut();
                if !st.configured {
                    st.configured = true;
                    if let Some(l) = a.take_kw("level").and_then(|v| v.as_i64()) {
                        st.root_level = l;
                    }
                    if let Some(Value::Str(f)) = a.take_kw("format") {
                        st.format = f.to_string();
                    }
                }
                Ok(CallOut::Value(Value::None))
            }
            "getLogger" => {
                let lname = match a.pos.first() {
                    Some(Value::Str(s)) if &**s != "root" => s.to_string(),
                    _ => "root".to_string(),
                };
                Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Logger(Rc::from(
                    lname.as_str(),
                ))))))
            }
            other => match method_level(other) {
                Some(level) => {
                    // The module-level functions configure logging on first use.
                    self.interp.logging.borrow_mut().configured = true;
                    self.emit_log(sim, "root", level, &a, other == "exception")?;
                    Ok(CallOut::Value(Value::None))
                }
                None => err(
                    ExcClass::AttributeError,
                    format!("module 'logging' has no attribute '{other}'"),
                ),
            },
        }
    }

    /// Calls a method of a logger.
    pub fn logger_method(
        &mut self,
        sim: &mut Sim<Value>,
        logger: &str,
        name: &str,
        a: Args,
    ) -> PyResult<CallOut> {
        if let Some(level) = method_level(name) {
            self.emit_log(sim, logger, level, &a, name == "exception")?;
            return Ok(CallOut::Value(Value::None));
        }
        match name {
            "setLevel" => {
                let l = a.pos.first().and_then(|v| v.as_i64()).unwrap_or(0);
                if logger == "root" {
                    self.interp.logging.borrow_mut().root_level = l;
                } else {
                    self.interp
                        .logging
                        .borrow_mut()
                        .levels
                        .insert(logger.to_string(), l);
                }
                Ok(CallOut::Value(Value::None))
            }
            "isEnabledFor" => {
                let l = a.pos.first().and_then(|v| v.as_i64()).unwrap_or(0);
                let threshold = self.interp.logging.borrow().threshold(logger);
                Ok(CallOut::Value(Value::Bool(l >= threshold)))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("'Logger' object has no attribute '{name}'"),
            ),
        }
    }
}
