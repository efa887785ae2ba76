//! What the interpreter does with user classes: running a `class`
//! statement, making instances (`__init__`), reading and writing their
//! attributes (methods, `@property`, `@classmethod`, `@staticmethod`,
//! `super()`), the data-model methods the operators and built-ins call, and
//! the library classes built on them (`@dataclass`, `enum.Enum`).

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::CmpOp;
use crate::front::names::ExcClass;
use crate::runtime::class::{Class, DataclassInfo, Field, Instance, Kind, UserExc};
use crate::runtime::exc::Exc;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};
use crate::runtime::vm::{CallOut, Runner};

/// The value of an `IntEnum` member, which behaves as that int.
pub fn int_enum_value(v: &Value) -> Option<Value> {
    let Value::Instance(i) = v else { return None };
    match &*i.class.kind.borrow() {
        Kind::Enum(_, true) => i.get("_value_"),
        _ => None,
    }
}

/// The compared fields of two instances of the same dataclass (with
/// `order` set, when `ordering`), as `__eq__` and `__lt__` compare them.
pub fn dataclass_fields(a: &Value, b: &Value, ordering: bool) -> Option<(Vec<Value>, Vec<Value>)> {
    let (Value::Instance(x), Value::Instance(y)) = (a, b) else {
        return None;
    };
    if x.class.id != y.class.id {
        return None;
    }
    let dc = x.class.dataclass()?;
    if !(if ordering { dc.order } else { dc.eq }) {
        return None;
    }
    let get = |i: &Instance| -> Vec<Value> {
        dc.fields
            .iter()
            .filter(|f| f.compare)
            .map(|f| i.get(&f.name).unwrap_or(Value::None))
            .collect()
    };
    Some((get(x), get(y)))
}

/// The user-defined attribute `name` of a value's class, if it has one.
pub fn dunder(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(i) => i.class.lookup(name),
        Value::Exc(e) => e.user.as_ref()?.class.lookup(name),
        _ => None,
    }
}

/// Whether `recv.name(...)` is for [`Runner::user_method`] to call.
pub fn has_user_methods(recv: &Value, name: &str) -> bool {
    match recv {
        Value::Instance(_) | Value::Class(_) => true,
        Value::Exc(e) => e
            .user
            .as_ref()
            .is_some_and(|u| u.class.lookup(name).is_some()),
        Value::Obj(o) => matches!(&**o, Obj::Super(..) | Obj::Property(..)),
        _ => false,
    }
}

/// The class of a value whose class is user-defined.
fn user_class(v: &Value) -> Option<Rc<Class>> {
    match v {
        Value::Instance(i) => Some(i.class.clone()),
        Value::Exc(e) => e.user.as_ref().map(|u| u.class.clone()),
        _ => None,
    }
}

/// `isinstance(v, cls)` for a user class.
pub fn is_instance_of(v: &Value, cls: &Class) -> bool {
    user_class(v).is_some_and(|c| c.is_subclass(cls))
}

/// `issubclass(a, b)` for classes and built-in exception classes.
pub fn is_subclass(a: &Value, b: &Value) -> PyResult<bool> {
    Ok(match (a, b) {
        (Value::Class(x), Value::Class(y)) => x.is_subclass(y),
        (Value::Class(x), Value::ExcType(e)) => x.exc_base.is_some_and(|c| c.is_subclass(*e)),
        (Value::ExcType(x), Value::ExcType(y)) => x.is_subclass(*y),
        (Value::Class(_) | Value::ExcType(_) | Value::Type(_), Value::Type("object")) => true,
        (Value::Type(x), Value::Type(y)) => x == y || (*x == "bool" && *y == "int"),
        (_, Value::Tuple(t)) => {
            for c in t.iter() {
                if matches!(c, Value::Tuple(_)) {
                    continue;
                }
                if is_subclass(a, c)? {
                    return Ok(true);
                }
            }
            false
        }
        (_, Value::Obj(u)) if matches!(&**u, Obj::Union(_)) => {
            for c in crate::runtime::union::members(b) {
                if is_subclass(a, &c)? {
                    return Ok(true);
                }
            }
            false
        }
        (Value::Class(_) | Value::ExcType(_) | Value::Type(_), _) => false,
        _ => return err(ExcClass::TypeError, "issubclass() arg 1 must be a class"),
    })
}

/// Whether `e` is an `AttributeError` (or a subclass's instance).
fn is_attribute_error(e: &Value) -> bool {
    matches!(e, Value::Exc(x) if x.class.is_subclass(ExcClass::AttributeError))
}

fn attr_error(v: &Value, name: &str) -> Value {
    let msg = match v {
        Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
        _ => format!("'{}' object has no attribute '{name}'", v.tp_name()),
    };
    Exc::value(ExcClass::AttributeError, msg)
}

/// How a value found in a class is seen through an instance or the class.
enum Found {
    /// A plain value.
    Plain(Value),
    /// A function to bind to the receiver.
    Bind(Value),
    /// A function to bind to the class (`@classmethod`).
    BindClass(Value),
    /// A `@property`'s getter.
    Property(Value),
}

fn classify(v: Value, through_instance: bool) -> Found {
    match &v {
        Value::Func(_) if through_instance => Found::Bind(v),
        Value::Obj(o) => match &**o {
            Obj::StaticMethod(f) => Found::Plain(f.clone()),
            Obj::ClassMethod(f) => Found::BindClass(f.clone()),
            Obj::Property(g, _) if through_instance => Found::Property(g.clone()),
            // What `functools.wraps` and `lru_cache` return is a function
            // to CPython, so it binds to the instance like one.
            Obj::Wrapped(_) | Obj::CtxFactory(..) if through_instance => Found::Bind(v),
            // The comparisons `total_ordering` adds are functions in CPython.
            Obj::Partial(..)
                if through_instance
                    && crate::runtime::library::classtools::is_ordering_method(&v) =>
            {
                Found::Bind(v)
            }
            _ => Found::Plain(v),
        },
        _ => Found::Plain(v),
    }
}

fn prepend(first: Value, mut args: Vec<Value>) -> Vec<Value> {
    args.insert(0, first);
    args
}

impl Runner {
    /// `<build_class>(body, name, *bases)`: runs the class body and makes the class.
    pub(crate) fn build_class(
        &mut self,
        sim: &mut Sim<Value>,
        args: Vec<Value>,
        class_kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let mut args = args.into_iter();
        let (Some(body), Some(Value::Str(name))) = (args.next(), args.next()) else {
            return err(ExcClass::TypeError, "__build_class__: not enough arguments");
        };
        let qualname = match &body {
            Value::Func(f) => f.code.qualname.clone(),
            _ => name.clone(),
        };
        let mut bases = Vec::new();
        let mut enum_int = None;
        let mut named = false;
        let mut abc = false;
        let mut generic = false;
        for b in args {
            match &b {
                Value::Class(c) => {
                    if let Kind::Enum(m, int) = &*c.kind.borrow() {
                        if !m.borrow().is_empty() {
                            return err(
                                ExcClass::TypeError,
                                format!("{name}: cannot extend {}", Value::Class(c.clone()).repr()),
                            );
                        }
                        enum_int = Some(*int);
                    }
                    bases.push(b.clone())
                }
                Value::ExcType(_) => bases.push(b.clone()),
                // `ABC` makes the class check its abstract methods when
                // instantiated (`ABCMeta`); `Generic[T]` and `Protocol`
                // matter to type checkers only.  None of them is kept as a
                // base (so `__mro__` lacks them).
                Value::Type("ABC") => abc = true,
                Value::Type("Generic") => generic = true,
                Value::Type("object" | "Protocol") => {}
                Value::Type("NamedTuple") => named = true,
                Value::Builtin("enum.Enum") => enum_int = Some(false),
                Value::Builtin("enum.IntEnum") => enum_int = Some(true),
                other => {
                    return err(
                        ExcClass::TypeError,
                        format!("subclassing {} is not supported yet", other.repr()),
                    )
                }
            }
        }
        let ns = self.call_sync(sim, &body, Vec::new())?;
        let Value::Dict(ns) = ns else {
            return err(ExcClass::TypeError, "class body did not make a namespace");
        };
        if named {
            return crate::runtime::library::namedtuple::from_class_body(name, &ns.borrow())
                .map(CallOut::Value);
        }
        let mut cell = None;
        let mut dict: Vec<(Rc<str>, Value)> = Vec::new();
        for (k, v) in ns.borrow().iter() {
            let Value::Str(k) = k else { continue };
            if &**k == "__classcell__" {
                cell = Some(v.clone());
                continue;
            }
            // As in CPython's `type.__new__`, `__init_subclass__` is
            // implicitly a class method.
            if &**k == "__init_subclass__" && matches!(v, Value::Func(_)) {
                dict.push((k.clone(), Value::Obj(Rc::new(Obj::ClassMethod(v.clone())))));
                continue;
            }
            dict.push((k.clone(), v.clone()));
        }
        let id = self.interp.fresh_id();
        let class = Class::new(name, qualname, bases, dict, id)?;
        // The MRO was copied item by item: work the operations limit sees.
        crate::runtime::builtins::add_work(class.bases_mro().len());
        if generic {
            class.generic.set(true);
        }
        if abc || class.bases_mro().iter().any(|c| c.abc.get()) {
            Self::find_abstracts(&class);
        }
        if let Some(int) = enum_int {
            self.make_enum(&class, int)?;
        }
        if let Some(Value::Obj(o)) = cell {
            if let Obj::ClassCell(c) = &*o {
                *c.borrow_mut() = Some(Value::Class(class.clone()));
            }
        }
        self.init_subclass(sim, &class, class_kw)?;
        Ok(CallOut::Value(Value::Class(class)))
    }

    /// Whether `v` is a function `abc.abstractmethod` marked, itself or
    /// inside a property, class method or static method.
    fn is_abstract(v: &Value) -> bool {
        match v {
            Value::Func(f) => f.is_abstract.get(),
            Value::Obj(o) => match &**o {
                Obj::Property(getter, _) => Self::is_abstract(getter),
                Obj::ClassMethod(f) | Obj::StaticMethod(f) => Self::is_abstract(f),
                _ => false,
            },
            _ => false,
        }
    }

    /// `ABCMeta.__new__`: the class's abstract methods are those of its
    /// namespace that are marked, and those of its bases that it still
    /// resolves to a marked function.
    fn find_abstracts(class: &Rc<Class>) {
        class.abc.set(true);
        // Kept sorted as they come (CPython's message lists them sorted),
        // by insertion: a sort would add kilobytes of code for a few names.
        let mut names: Vec<Rc<str>> = Vec::new();
        let mut add = |name: &Rc<str>| {
            if let Err(at) = names.binary_search(name) {
                names.insert(at, name.clone());
            }
        };
        for (k, v) in class.dict.borrow().iter() {
            if Self::is_abstract(v) {
                add(k);
            }
        }
        for base in class.bases_mro() {
            for name in base.abstracts.borrow().iter() {
                if class.lookup(name).is_some_and(|v| Self::is_abstract(&v)) {
                    add(name);
                }
            }
        }
        *class.abstracts.borrow_mut() = names;
    }

    /// `super(cls, cls).__init_subclass__(**kwargs)`, which CPython calls
    /// once a class exists: the nearest base's hook, or `object`'s, which
    /// takes no keyword arguments.
    fn init_subclass(
        &mut self,
        sim: &mut Sim<Value>,
        class: &Rc<Class>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<()> {
        let hook = class.lookup_after(class, "__init_subclass__");
        let f = match hook {
            Some(Value::Obj(o)) => match &*o {
                Obj::ClassMethod(f) => Some(f.clone()),
                _ => None,
            },
            Some(Value::Func(f)) => Some(Value::Func(f)),
            _ => None,
        };
        match f {
            Some(f) => {
                self.call_sync_kw(sim, &f, vec![Value::Class(class.clone())], kw)?;
                Ok(())
            }
            None if kw.is_empty() => Ok(()),
            None => err(
                ExcClass::TypeError,
                format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    class.qualname
                ),
            ),
        }
    }

    /// Turns an enum class's plain attributes into its members.
    fn make_enum(&mut self, class: &Rc<Class>, int: bool) -> PyResult<()> {
        let entries: Vec<(Rc<str>, Value)> = class.dict.borrow().clone();
        let mut members: Vec<Value> = Vec::new();
        let mut last: i64 = 0;
        for (k, v) in entries {
            if k.starts_with('_') {
                continue;
            }
            let is_member = match &v {
                Value::Func(_) => false,
                Value::Obj(o) => matches!(&**o, Obj::Auto),
                _ => true,
            };
            if !is_member {
                continue;
            }
            let value = match &v {
                Value::Obj(o) if matches!(&**o, Obj::Auto) => Value::Int(last + 1),
                _ => v.clone(),
            };
            if let Value::Int(i) = &value {
                last = *i;
            }
            if int && !matches!(value, Value::Int(_) | Value::Bool(_)) {
                return err(
                    ExcClass::ValueError,
                    format!("invalid literal for int() with base 10: {}", value.repr()),
                );
            }
            // A second name for an existing value is an alias of that member.
            let existing = members.iter().find(|m| match m {
                Value::Instance(i) => i
                    .get("_value_")
                    .is_some_and(|x| crate::runtime::ops::eq(&x, &value).unwrap_or(false)),
                _ => false,
            });
            let member = match existing {
                Some(m) => m.clone(),
                None => {
                    let inst = Instance {
                        class: class.clone(),
                        attrs: RefCell::new(vec![
                            (Rc::from("_name_"), Value::Str(k.clone())),
                            (Rc::from("_value_"), value.clone()),
                            (Rc::from("name"), Value::Str(k.clone())),
                            (Rc::from("value"), value.clone()),
                        ]),
                        id: self.interp.fresh_id(),
                        hash: std::cell::Cell::new(None),
                    };
                    let m = Value::Instance(Rc::new(inst));
                    members.push(m.clone());
                    m
                }
            };
            class.set_attr(k.clone(), member);
        }
        *class.kind.borrow_mut() = Kind::Enum(RefCell::new(members), int);
        Ok(())
    }

    /// `Cls(*args, **kwargs)`.
    pub(crate) fn instantiate(
        &mut self,
        sim: &mut Sim<Value>,
        class: Rc<Class>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        if class.is_enum() {
            let Some(v) = args.first() else {
                return err(
                    ExcClass::TypeError,
                    format!(
                        "{}() missing 1 required positional argument: 'value'",
                        class.name
                    ),
                );
            };
            for m in class.members() {
                if let Value::Instance(i) = &m {
                    if i.get("_value_")
                        .is_some_and(|x| crate::runtime::ops::eq(&x, v).unwrap_or(false))
                    {
                        return Ok(CallOut::Value(m));
                    }
                }
            }
            return err(
                ExcClass::ValueError,
                format!("{} is not a valid {}", v.repr(), class.qualname),
            );
        }
        // `object.__new__` refuses a class with abstract methods left
        // (only an `abc.ABC` class can have any).
        if class.abc.get() {
            if let Some(message) = abstract_refusal(&class) {
                return err(ExcClass::TypeError, message);
            }
        }
        let init = class.lookup("__init__");
        let obj = match class.exc_base {
            Some(base) => {
                let mut e = Exc::new(base, args.clone());
                e.user = Some(UserExc {
                    class: class.clone(),
                    attrs: RefCell::new(Vec::new()),
                    text: RefCell::new(None),
                });
                Value::Exc(Rc::new(e))
            }
            None => Value::Instance(Rc::new(Instance {
                class: class.clone(),
                attrs: RefCell::new(Vec::new()),
                id: self.interp.fresh_id(),
                hash: std::cell::Cell::new(None),
            })),
        };
        // A hash that needs no attribute (a class constant) is known now.
        self.refresh_hash(sim, &obj);
        if let (Some(dc), None) = (class.dataclass(), class.own("__init__")) {
            self.dataclass_init(sim, &class, &dc, &obj, args, kwargs)?;
            self.refresh_hash(sim, &obj);
            return match class.lookup("__post_init__") {
                Some(Value::Func(f)) => {
                    self.init_frame(&f, obj.clone(), Vec::new(), Vec::new(), obj)
                }
                _ => Ok(CallOut::Value(obj)),
            };
        }
        match init {
            Some(Value::Func(f)) => self.init_frame(&f, obj.clone(), args, kwargs, obj),
            Some(other) => {
                let out = self.call_value(sim, other, prepend(obj.clone(), args), kwargs)?;
                match out {
                    CallOut::Value(_) => Ok(CallOut::Value(obj)),
                    _ => err(ExcClass::TypeError, "__init__ must be a function"),
                }
            }
            None => {
                if class.exc_base.is_none() && (!args.is_empty() || !kwargs.is_empty()) {
                    return err(
                        ExcClass::TypeError,
                        format!("{}() takes no arguments", class.name),
                    );
                }
                if class.exc_base.is_some() && !kwargs.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{}() takes no keyword arguments", class.name),
                    );
                }
                Ok(CallOut::Value(obj))
            }
        }
    }

    /// A frame running `__init__` (or `__post_init__`) whose call gives `result`.
    fn init_frame(
        &mut self,
        f: &Rc<crate::runtime::function::Function>,
        receiver: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        result: Value,
    ) -> PyResult<CallOut> {
        if f.code.is_async {
            return err(
                ExcClass::TypeError,
                "__init__() should return None, not 'coroutine'",
            );
        }
        let mut args = args;
        if kwargs.is_empty() {
            if let Some(mut frame) = self.simple_frame(f, receiver.clone(), &mut args) {
                frame.init_result = Some(result);
                return Ok(CallOut::Frame(frame));
            }
        }
        let mut frame = crate::runtime::vm::bind_args(f, prepend(receiver, args), kwargs)?;
        frame.init_result = Some(result);
        Ok(CallOut::Frame(Box::new(frame)))
    }

    /// The `__init__` a dataclass generates: fields from arguments or defaults.
    fn dataclass_init(
        &mut self,
        sim: &mut Sim<Value>,
        class: &Class,
        dc: &DataclassInfo,
        obj: &Value,
        args: Vec<Value>,
        mut kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<()> {
        let Value::Instance(inst) = obj else {
            return Ok(());
        };
        let params: Vec<&Field> = dc.fields.iter().filter(|f| f.init).collect();
        let fname = format!("{}.__init__", class.qualname);
        if args.len() > params.len() {
            return err(
                ExcClass::TypeError,
                format!(
                    "{fname}() takes {} positional argument{} but {} were given",
                    params.len() + 1,
                    if params.is_empty() { "" } else { "s" },
                    args.len() + 1
                ),
            );
        }
        let mut args = args.into_iter();
        let mut missing = Vec::new();
        for f in &dc.fields {
            let v = if !f.init {
                None
            } else if let Some(v) = args.next() {
                if kwargs.iter().any(|(k, _)| **k == *f.name) {
                    return err(
                        ExcClass::TypeError,
                        format!("{fname}() got multiple values for argument '{}'", f.name),
                    );
                }
                Some(v)
            } else {
                kwargs
                    .iter()
                    .position(|(k, _)| **k == *f.name)
                    .map(|i| kwargs.remove(i).1)
            };
            let v = match v {
                Some(v) => v,
                None => match (&f.default, &f.factory) {
                    (Some(d), _) => d.clone(),
                    (None, Some(factory)) => self.call_sync(sim, factory, Vec::new())?,
                    (None, None) => {
                        missing.push(format!("'{}'", f.name));
                        continue;
                    }
                },
            };
            inst.set(&f.name, v);
        }
        if let Some((k, _)) = kwargs.first() {
            return err(
                ExcClass::TypeError,
                format!("{fname}() got an unexpected keyword argument '{k}'"),
            );
        }
        if !missing.is_empty() {
            return crate::runtime::builtins::missing_positional(&fname, &missing);
        }
        Ok(())
    }

    /// `@dataclass` / `@dataclass(order=True, frozen=True)` applied to a class.
    pub(crate) fn dataclass(&mut self, mut a: crate::runtime::builtins::Args) -> PyResult<CallOut> {
        let Some(Value::Class(class)) = a.pos.first().cloned() else {
            if a.pos.is_empty() {
                // `@dataclass(...)`: a decorator waiting for the class.
                return Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Partial(
                    Value::Builtin("dataclasses.dataclass"),
                    Vec::new(),
                    a.kw,
                )))));
            }
            return err(
                ExcClass::TypeError,
                "dataclass() should be called on a class",
            );
        };
        let flag = |a: &mut crate::runtime::builtins::Args, k: &str, d: bool| {
            a.take_kw(k).map(|v| v.truthy()).unwrap_or(d)
        };
        let eq = flag(&mut a, "eq", true);
        let order = flag(&mut a, "order", false);
        let frozen = flag(&mut a, "frozen", false);
        a.take_kw("init");
        a.take_kw("repr");
        let unsafe_hash = flag(&mut a, "unsafe_hash", false);
        a.take_kw("slots");
        a.take_kw("kw_only");
        a.no_more_kw("dataclass")?;
        if order && !eq {
            return err(ExcClass::ValueError, "eq must be true if order is true");
        }
        let mut fields: Vec<Field> = Vec::new();
        for base in class.bases_mro().iter().rev() {
            if let Some(dc) = base.dataclass() {
                for f in &dc.fields {
                    match fields.iter_mut().find(|g| g.name == f.name) {
                        Some(g) => *g = f.clone(),
                        None => fields.push(f.clone()),
                    }
                }
            }
        }
        let annotations = match class.own("__annotations__") {
            Some(Value::Dict(d)) => d
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (k, ann) in annotations {
            let Value::Str(name) = k else { continue };
            if matches!(&ann, Value::Str(t) if t.starts_with("ClassVar") || t.starts_with("typing.ClassVar"))
            {
                continue;
            }
            let mut field = Field {
                name: name.clone(),
                default: None,
                factory: None,
                repr: true,
                compare: true,
                init: true,
            };
            match class.own(&name) {
                Some(Value::Obj(o)) if matches!(&*o, Obj::Field(_)) => {
                    if let Obj::Field(f) = &*o {
                        field = Field {
                            name: name.clone(),
                            ..f.clone()
                        };
                    }
                    match &field.default {
                        Some(d) => class.set_attr(name.clone(), d.clone()),
                        None => {
                            class.dict.borrow_mut().retain(|(k, _)| **k != *name);
                            class.set_attr(Rc::from("__dataclass_dummy__"), Value::None);
                            class
                                .dict
                                .borrow_mut()
                                .retain(|(k, _)| &**k != "__dataclass_dummy__");
                        }
                    }
                }
                Some(d) => {
                    if matches!(d, Value::List(_) | Value::Dict(_) | Value::Set(_)) {
                        return err(
                            ExcClass::ValueError,
                            format!(
                                "mutable default {} for field {name} is not allowed: use default_factory",
                                crate::runtime::builtins::type_of(&d).repr()
                            ),
                        );
                    }
                    field.default = Some(d)
                }
                None => {}
            }
            match fields.iter_mut().find(|g| g.name == field.name) {
                Some(g) => *g = field,
                None => fields.push(field),
            }
        }
        let mut seen_default = false;
        for f in fields.iter().filter(|f| f.init) {
            let has = f.default.is_some() || f.factory.is_some();
            if seen_default && !has {
                return err(
                    ExcClass::TypeError,
                    format!("non-default argument '{}' follows default argument", f.name),
                );
            }
            seen_default |= has;
        }
        if frozen {
            class.set_store_hooks();
        }
        // As CPython's `match_args=True`: the `__init__` fields, for
        // positional sub-patterns in `case Point(x, y)`.
        if class.own("__match_args__").is_none() {
            let names = fields
                .iter()
                .filter(|f| f.init)
                .map(|f| Value::Str(f.name.clone()))
                .collect();
            class.set_attr(Rc::from("__match_args__"), Value::new_tuple(names));
        }
        *class.kind.borrow_mut() = Kind::Dataclass(Rc::new(DataclassInfo {
            fields,
            eq,
            order,
            frozen,
            hashed: eq && (frozen || unsafe_hash),
        }));
        Ok(CallOut::Value(Value::Class(class)))
    }

    /// `dataclasses.field(...)`.
    pub(crate) fn dataclass_field(
        &mut self,
        mut a: crate::runtime::builtins::Args,
    ) -> PyResult<CallOut> {
        if !a.pos.is_empty() {
            return err(
                ExcClass::TypeError,
                "field() takes 0 positional arguments but 1 was given",
            );
        }
        let default = a.take_kw("default");
        let factory = a.take_kw("default_factory");
        if default.is_some() && factory.is_some() {
            return err(
                ExcClass::ValueError,
                "cannot specify both default and default_factory",
            );
        }
        let flag = |a: &mut crate::runtime::builtins::Args, k: &str| {
            a.take_kw(k).map(|v| v.truthy()).unwrap_or(true)
        };
        let repr = flag(&mut a, "repr");
        let compare = flag(&mut a, "compare");
        let init = flag(&mut a, "init");
        a.take_kw("hash");
        a.take_kw("metadata");
        a.take_kw("kw_only");
        a.no_more_kw("field")?;
        Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Field(Field {
            name: Rc::from(""),
            default,
            factory,
            repr,
            compare,
            init,
        })))))
    }

    /// `dataclasses.asdict(obj)`, recursing into dataclasses, lists, tuples and dicts.
    pub(crate) fn asdict(&self, v: &Value, depth: usize) -> PyResult {
        if depth > 200 {
            return err(ExcClass::RecursionError, "maximum recursion depth exceeded");
        }
        Ok(match v {
            Value::Instance(i) if i.class.dataclass().is_some() => {
                let dc = i.class.dataclass().unwrap_or_else(unreachable_dc);
                let mut d = Dict::new();
                for f in &dc.fields {
                    let x = self.asdict(&i.get(&f.name).unwrap_or(Value::None), depth + 1)?;
                    d.insert(
                        crate::runtime::value::HashKey::Str(f.name.clone()),
                        Value::Str(f.name.clone()),
                        x,
                    );
                }
                Value::Dict(Rc::new(RefCell::new(d)))
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                Value::new_list(
                    items
                        .iter()
                        .map(|x| self.asdict(x, depth + 1))
                        .collect::<PyResult<_>>()?,
                )
            }
            Value::Tuple(t) => Value::new_tuple(
                t.iter()
                    .map(|x| self.asdict(x, depth + 1))
                    .collect::<PyResult<_>>()?,
            ),
            Value::Dict(d) => {
                let mut out = Dict::new();
                for (k, x) in d.borrow().iter() {
                    if let Some(h) = k.hash_key() {
                        out.insert(h, k.clone(), self.asdict(x, depth + 1)?);
                    }
                }
                Value::Dict(Rc::new(RefCell::new(out)))
            }
            other => other.clone(),
        })
    }

    /// `v.name` for instances, classes, `super()` objects and user
    /// exceptions; `None` for other values.
    pub(crate) fn user_attr(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        name: &str,
    ) -> Option<PyResult> {
        match v {
            Value::Instance(i) => {
                if let Some(x) = i.get(name) {
                    return Some(Ok(x));
                }
                let class = i.class.clone();
                match self.class_attr_through(sim, v, &class, name, true) {
                    Err(e) if is_attribute_error(&e) => {
                        Some(self.getattr_fallback(sim, v, name).unwrap_or(Err(e)))
                    }
                    r => Some(r),
                }
            }
            Value::Class(c) => Some(match name {
                "__name__" => Ok(Value::Str(c.name.clone())),
                "__qualname__" => Ok(Value::Str(c.qualname.clone())),
                "__module__" => Ok(Value::str("__main__")),
                "__mro__" => {
                    let mut items = vec![v.clone()];
                    items.extend(c.bases_mro().iter().map(|b| Value::Class(b.clone())));
                    if let Some(e) = c.exc_base {
                        let mut x = e;
                        loop {
                            items.push(Value::ExcType(x));
                            if x == ExcClass::BaseException {
                                break;
                            }
                            x = x.parent();
                        }
                    }
                    items.push(Value::Type("object"));
                    Ok(Value::new_tuple(items))
                }
                "__bases__" => Ok(Value::new_tuple(if c.bases.is_empty() {
                    vec![Value::Type("object")]
                } else {
                    c.bases.clone()
                })),
                "__members__" if c.is_enum() => {
                    let mut d = Dict::new();
                    for (k, m) in c.dict.borrow().iter() {
                        if matches!(m, Value::Instance(i) if i.class.id == c.id) {
                            d.insert(
                                crate::runtime::value::HashKey::Str(k.clone()),
                                Value::Str(k.clone()),
                                m.clone(),
                            );
                        }
                    }
                    Ok(Value::Dict(Rc::new(RefCell::new(d))))
                }
                _ => self.class_attr_through(sim, v, c, name, false),
            }),
            Value::Exc(e) => {
                let u = e.user.as_ref()?;
                if let Some((_, x)) = u.attrs.borrow().iter().find(|(k, _)| **k == *name) {
                    return Some(Ok(x.clone()));
                }
                let class = u.class.clone();
                if class.lookup(name).is_some() {
                    return Some(self.class_attr_through(sim, v, &class, name, true));
                }
                None
            }
            Value::Obj(o) => match &**o {
                Obj::Super(start, obj) => {
                    let (start, obj) = (start.clone(), obj.clone());
                    Some(self.super_attr(sim, &start, &obj, name))
                }
                Obj::Property(g, _) if name == "fget" => Some(Ok(g.clone())),
                Obj::Property(..) if name == "setter" || name == "getter" => {
                    Some(Ok(Value::Method(Rc::new((v.clone(), Rc::from(name))))))
                }
                // CPython has it; the model does not, and says so.
                Obj::Property(..) if name == "deleter" => Some(err(
                    ExcClass::AttributeError,
                    "`property.deleter` is not supported yet",
                )),
                _ => None,
            },
            _ => None,
        }
    }

    /// An attribute found on the class of `recv` (or on `recv` itself when
    /// it is the class), bound as Python binds it.
    fn class_attr_through(
        &mut self,
        sim: &mut Sim<Value>,
        recv: &Value,
        class: &Rc<Class>,
        name: &str,
        through_instance: bool,
    ) -> PyResult {
        // Every class has a `__doc__` of its own (None without a docstring),
        // so a subclass does not show its base's.
        if name == "__doc__" {
            return Ok(class.own("__doc__").unwrap_or(Value::None));
        }
        let Some(found) = class.lookup(name) else {
            return match name {
                "__class__" if through_instance => Ok(Value::Class(class.clone())),
                "__dict__" if through_instance => Ok(self.instance_dict(recv)),
                _ => Err(attr_error(recv, name)),
            };
        };
        match classify(found, through_instance) {
            Found::Plain(v) => Ok(v),
            Found::Bind(_) => Ok(Value::Method(Rc::new((recv.clone(), Rc::from(name))))),
            Found::BindClass(_) => Ok(Value::Method(Rc::new((
                Value::Class(class.clone()),
                Rc::from(name),
            )))),
            Found::Property(g) => self.call_sync(sim, &g, vec![recv.clone()]),
        }
    }

    fn instance_dict(&self, v: &Value) -> Value {
        let mut d = Dict::new();
        if let Value::Instance(i) = v {
            for (k, x) in i.attrs.borrow().iter() {
                d.insert(
                    crate::runtime::value::HashKey::Str(k.clone()),
                    Value::Str(k.clone()),
                    x.clone(),
                );
            }
        }
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    /// `super().name`: looked up in the MRO after `start`.
    fn super_attr(
        &mut self,
        sim: &mut Sim<Value>,
        start: &Rc<Class>,
        obj: &Value,
        name: &str,
    ) -> PyResult {
        let (class, through_instance) = match obj {
            Value::Class(c) => (c.clone(), false),
            other => match user_class(other) {
                Some(c) => (c, true),
                None => {
                    return err(
                        ExcClass::TypeError,
                        "super(type, obj): obj must be an instance or subtype of type",
                    )
                }
            },
        };
        match class.lookup_after(start, name) {
            Some(found) => match classify(found, through_instance) {
                Found::Plain(v) => Ok(v),
                Found::Bind(_) | Found::BindClass(_) => Ok(Value::Method(Rc::new((
                    Value::Obj(Rc::new(Obj::Super(start.clone(), obj.clone()))),
                    Rc::from(name),
                )))),
                Found::Property(g) => self.call_sync(sim, &g, vec![obj.clone()]),
            },
            None => match name {
                "__init__" | "__str__" | "__repr__" | "__init_subclass__" | "__setattr__" => {
                    Ok(Value::Method(Rc::new((
                        Value::Obj(Rc::new(Obj::Super(start.clone(), obj.clone()))),
                        Rc::from(name),
                    ))))
                }
                _ => err(
                    ExcClass::AttributeError,
                    format!("'super' object has no attribute '{name}'"),
                ),
            },
        }
    }

    /// `recv.name(*args)` for user classes, or `None` for other receivers.
    pub(crate) fn user_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: &Value,
        name: &str,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> Option<PyResult<CallOut>> {
        let (class, through_instance) = match recv {
            Value::Instance(i) => {
                if let Some(f) = i.get(name) {
                    return Some(self.call_value(sim, f, args, kw));
                }
                (i.class.clone(), true)
            }
            Value::Class(c) => (c.clone(), false),
            Value::Exc(e) => {
                let u = e.user.as_ref()?;
                let class = u.class.clone();
                class.lookup(name)?;
                (class, true)
            }
            Value::Obj(o) => match &**o {
                Obj::Super(start, obj) => {
                    let (start, obj) = (start.clone(), obj.clone());
                    return Some(self.super_call(sim, &start, &obj, name, args, kw));
                }
                Obj::Property(g, _) if name == "setter" => {
                    let setter = args.into_iter().next().unwrap_or(Value::None);
                    return Some(Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Property(
                        g.clone(),
                        setter,
                    ))))));
                }
                Obj::Property(_, s) if name == "getter" => {
                    let getter = args.into_iter().next().unwrap_or(Value::None);
                    return Some(Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Property(
                        getter,
                        s.clone(),
                    ))))));
                }
                _ => return None,
            },
            _ => return None,
        };
        let Some(found) = class.lookup(name) else {
            if !through_instance {
                if let Some(r) = self.user_attr(sim, recv, name) {
                    return Some(r.and_then(|f| self.call_value(sim, f, args, kw)));
                }
            }
            if through_instance && name == "__init__" {
                return Some(Ok(CallOut::Value(Value::None)));
            }
            if let Some(r) = self.getattr_fallback(sim, recv, name) {
                return Some(r.and_then(|f| self.call_value(sim, f, args, kw)));
            }
            return Some(Err(attr_error(recv, name)));
        };
        Some(match classify(found, through_instance) {
            Found::Plain(f) => self.call_value(sim, f, args, kw),
            Found::Bind(f) => self.call_value(sim, f, prepend(recv.clone(), args), kw),
            Found::BindClass(f) => self.call_value(sim, f, prepend(Value::Class(class), args), kw),
            Found::Property(g) => self
                .call_sync(sim, &g, vec![recv.clone()])
                .and_then(|f| self.call_value(sim, f, args, kw)),
        })
    }

    /// `super().name(*args)`.
    fn super_call(
        &mut self,
        sim: &mut Sim<Value>,
        start: &Rc<Class>,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let (class, through_instance) = match obj {
            Value::Class(c) => (c.clone(), false),
            other => match user_class(other) {
                Some(c) => (c, true),
                None => {
                    return err(
                        ExcClass::TypeError,
                        "super(type, obj): obj must be an instance or subtype of type",
                    )
                }
            },
        };
        match class.lookup_after(start, name) {
            Some(found) => match classify(found, through_instance) {
                Found::Plain(f) => self.call_value(sim, f, args, kw),
                Found::Bind(f) => self.call_value(sim, f, prepend(obj.clone(), args), kw),
                Found::BindClass(f) => self.call_value(sim, f, prepend(obj.clone(), args), kw),
                Found::Property(g) => self
                    .call_sync(sim, &g, vec![obj.clone()])
                    .and_then(|f| self.call_value(sim, f, args, kw)),
            },
            // What `object` and `BaseException` provide.
            None => match (name, obj) {
                ("__init__", Value::Exc(e)) => {
                    *e.args.borrow_mut() = args;
                    Ok(CallOut::Value(Value::None))
                }
                ("__init__", _) => Ok(CallOut::Value(Value::None)),
                // `object.__setattr__`: the store itself, past any class's hook.
                ("__setattr__", Value::Instance(i)) => match &args[..] {
                    [Value::Str(attr), v] => {
                        i.set(attr, v.clone());
                        self.refresh_hash(sim, obj);
                        Ok(CallOut::Value(Value::None))
                    }
                    [_, _] => err(ExcClass::TypeError, "attribute name must be string"),
                    _ => err(
                        ExcClass::TypeError,
                        format!("expected 2 arguments, got {}", args.len()),
                    ),
                },
                // `object.__init_subclass__` does nothing, and takes no keywords.
                ("__init_subclass__", Value::Class(c)) => {
                    if kw.is_empty() {
                        Ok(CallOut::Value(Value::None))
                    } else {
                        err(
                            ExcClass::TypeError,
                            format!(
                                "{}.__init_subclass__() takes no keyword arguments",
                                c.qualname
                            ),
                        )
                    }
                }
                ("__str__", Value::Exc(e)) => Ok(CallOut::Value(Value::str(&e.message()))),
                ("__repr__", Value::Exc(e)) => Ok(CallOut::Value(Value::str(&e.repr()))),
                ("__str__" | "__repr__", _) => Ok(CallOut::Value(Value::str(&obj.repr()))),
                _ => err(
                    ExcClass::AttributeError,
                    format!("'super' object has no attribute '{name}'"),
                ),
            },
        }
    }

    /// `obj.name = v` for instances, classes and user exceptions; `None` for other values.
    pub(crate) fn user_store_attr(
        &mut self,
        sim: &mut Sim<Value>,
        obj: &Value,
        name: &Rc<str>,
        v: Value,
    ) -> Option<PyResult<()>> {
        match obj {
            Value::Instance(i) => {
                // A class's own `__setattr__` decides; `super().__setattr__`
                // in it stores (see `super_call`).
                if let Some(f @ Value::Func(_)) = i.class.lookup("__setattr__") {
                    let r = self.call_sync(sim, &f, vec![obj.clone(), Value::Str(name.clone()), v]);
                    return Some(r.map(|_| ()));
                }
                if let Some(dc) = i.class.dataclass() {
                    if dc.frozen {
                        return Some(err(
                            ExcClass::FrozenInstanceError,
                            format!("cannot assign to field '{name}'"),
                        ));
                    }
                }
                if let Some(Value::Obj(o)) = i.class.lookup(name) {
                    if let Obj::Property(getter, setter) = &*o {
                        // A `cached_property` is no data descriptor: the
                        // assignment replaces the cached value.
                        if crate::runtime::library::classtools::is_cached_getter(getter) {
                            i.set(name, v);
                            return Some(Ok(()));
                        }
                        if matches!(setter, Value::None) {
                            return Some(err(
                                ExcClass::AttributeError,
                                format!(
                                    "property '{name}' of '{}' object has no setter",
                                    i.class.name
                                ),
                            ));
                        }
                        let setter = setter.clone();
                        let r = self.call_sync(sim, &setter, vec![obj.clone(), v]);
                        self.refresh_hash(sim, obj);
                        return Some(r.map(|_| ()));
                    }
                }
                if let Some(slots) = &i.class.slots {
                    if !slots.iter().any(|s| **s == **name) {
                        return Some(err(
                            ExcClass::AttributeError,
                            format!("'{}' object has no attribute '{name}'", i.class.name),
                        ));
                    }
                }
                i.set(name, v);
                self.refresh_hash(sim, obj);
                Some(Ok(()))
            }
            Value::Class(c) => {
                c.set_attr(name.clone(), v);
                Some(Ok(()))
            }
            Value::Exc(e) => {
                let u = e.user.as_ref()?;
                let mut attrs = u.attrs.borrow_mut();
                match attrs.iter_mut().find(|(k, _)| **k == **name) {
                    Some(slot) => slot.1 = v,
                    None => attrs.push((name.clone(), v)),
                }
                Some(Ok(()))
            }
            _ => None,
        }
    }

    /// Calls the user-defined method `name` of `v`'s class synchronously,
    /// or `None` when the class does not define it.
    /// Runs `__hash__` again for an instance whose class has its own
    /// `__hash__` and `__eq__` (see [`Instance::hash`]); not inside another
    /// `__hash__`, which would otherwise recurse through its own stores.
    pub(crate) fn refresh_hash(&mut self, sim: &mut Sim<Value>, v: &Value) {
        let Value::Instance(i) = v else { return };
        if !i.class.user_hash || self.interp.hashing.get() {
            return;
        }
        self.interp.hashing.set(true);
        let r = self.call_dunder(sim, v, "__hash__", Vec::new());
        self.interp.hashing.set(false);
        i.hash.set(match r {
            Some(Ok(h @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)))) => {
                crate::runtime::identity::hash(&h).ok()
            }
            _ => None,
        });
    }

    /// An instance's `__getattr__(name)`, which CPython calls when the usual
    /// lookup raises `AttributeError`; `None` when its class has none.
    fn getattr_fallback(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        name: &str,
    ) -> Option<PyResult> {
        if !matches!(v, Value::Instance(_)) {
            return None;
        }
        self.call_dunder(sim, v, "__getattr__", vec![Value::str(name)])
    }

    pub(crate) fn call_dunder(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> Option<PyResult> {
        let f = dunder(v, name)?;
        let f = match classify(f, true) {
            Found::Plain(f) => f,
            Found::Bind(f) => {
                return Some(self.call_sync(sim, &f, prepend(v.clone(), args)));
            }
            Found::BindClass(f) => {
                let c = user_class(v).map(Value::Class).unwrap_or(Value::None);
                return Some(self.call_sync(sim, &f, prepend(c, args)));
            }
            Found::Property(g) => match self.call_sync(sim, &g, vec![v.clone()]) {
                Ok(f) => f,
                Err(e) => return Some(Err(e)),
            },
        };
        Some(self.call_sync(sim, &f, args))
    }

    /// Keeps what a user exception's own `__str__` says, for its traceback.
    #[inline(never)]
    pub(crate) fn note_exception_text(&mut self, sim: &mut Sim<Value>, e: &Value) {
        let Value::Exc(x) = e else { return };
        let Some(u) = &x.user else { return };
        if u.class.lookup("__str__").is_none() {
            return;
        }
        if let Some(Ok(Value::Str(s))) = self.call_dunder(sim, e, "__str__", Vec::new()) {
            *u.text.borrow_mut() = Some(s.to_string());
        }
    }

    /// `str(v)` running a user `__str__` or `__repr__`; `MemoryError` when
    /// the text would pass the string limit.
    pub(crate) fn py_str(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<String> {
        crate::runtime::value::repr_trouble();
        let s = self.py_str_uncut(sim, v)?;
        within_string_limit(s)
    }

    fn py_str_uncut(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<String> {
        if let Value::Obj(o) = v {
            if let Obj::Named(c, _) = &**o {
                if let Some(f) = c.method("__str__") {
                    let r = self.call_sync(sim, &f, vec![v.clone()])?;
                    return want_str(r, "__str__");
                }
            }
        }
        match v {
            Value::Instance(i) => {
                if let Some(r) = self.call_dunder(sim, v, "__str__", Vec::new()) {
                    return want_str(r?, "__str__");
                }
                if i.class.is_enum() && int_enum_value(v).is_none() {
                    let name = i.get("_name_").map(|n| n.to_str()).unwrap_or_default();
                    return Ok(format!("{}.{name}", i.class.name));
                }
                if let Some(x) = int_enum_value(v) {
                    return Ok(x.to_str());
                }
                self.py_repr(sim, v)
            }
            Value::Exc(e) if e.user.is_some() => {
                match self.call_dunder(sim, v, "__str__", Vec::new()) {
                    Some(r) => want_str(r?, "__str__"),
                    None => Ok(e.message()),
                }
            }
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) => {
                self.py_repr(sim, v)
            }
            _ => Ok(self.to_str(sim, v)),
        }
    }

    /// `repr(v)` running user `__repr__` methods, also of items in containers;
    /// `MemoryError` when the text would pass the string limit.
    pub(crate) fn py_repr(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<String> {
        crate::runtime::value::repr_trouble();
        let s = self.py_repr_depth(sim, v, 0)?;
        within_string_limit(s)
    }

    fn py_repr_depth(&mut self, sim: &mut Sim<Value>, v: &Value, depth: usize) -> PyResult<String> {
        if depth > 50 || !needs_python_repr(v, 0) {
            return Ok(self.repr(sim, v));
        }
        let join =
            |this: &mut Self, sim: &mut Sim<Value>, items: &[Value]| -> PyResult<Vec<String>> {
                items
                    .iter()
                    .map(|x| this.py_repr_depth(sim, x, depth + 1))
                    .collect()
            };
        if let Value::Obj(o) = v {
            if let Obj::Named(c, _) = &**o {
                if let Some(f) = c.method("__repr__") {
                    let r = self.call_sync(sim, &f, vec![v.clone()])?;
                    return want_str(r, "__repr__");
                }
            }
        }
        Ok(match v {
            Value::Instance(i) => match self.call_dunder(sim, v, "__repr__", Vec::new()) {
                Some(r) => want_str(r?, "__repr__")?,
                None => match i.class.dataclass() {
                    Some(dc) => {
                        let mut parts = Vec::new();
                        for f in dc.fields.iter().filter(|f| f.repr) {
                            let x = i.get(&f.name).unwrap_or(Value::None);
                            parts.push(format!(
                                "{}={}",
                                f.name,
                                self.py_repr_depth(sim, &x, depth + 1)?
                            ));
                        }
                        format!("{}({})", i.class.qualname, parts.join(", "))
                    }
                    None => self.repr(sim, v),
                },
            },
            Value::Exc(_) => match self.call_dunder(sim, v, "__repr__", Vec::new()) {
                Some(r) => want_str(r?, "__repr__")?,
                None => self.repr(sim, v),
            },
            Value::List(l) => {
                let items = l.borrow().clone();
                format!("[{}]", join(self, sim, &items)?.join(", "))
            }
            Value::Tuple(t) => {
                let parts = join(self, sim, t)?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::new();
                for (k, x) in entries {
                    parts.push(format!(
                        "{}: {}",
                        self.py_repr_depth(sim, &k, depth + 1)?,
                        self.py_repr_depth(sim, &x, depth + 1)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(d) => {
                let items = d.borrow().set_order();
                format!("{{{}}}", join(self, sim, &items)?.join(", "))
            }
            _ => self.repr(sim, v),
        })
    }

    /// A comparison where one side has a user class: its `__eq__`, `__lt__`…
    /// (or the reflected method of the other side), then what dataclasses
    /// and enums define, then identity for `==`.
    pub(crate) fn compare_user(
        &mut self,
        sim: &mut Sim<Value>,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> PyResult {
        let (name, reflected) = match op {
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
            CmpOp::In | CmpOp::NotIn => {
                let r = self.contains_user(sim, b, a)?;
                return Ok(Value::Bool(r == (op == CmpOp::In)));
            }
            _ => return crate::runtime::ops::compare(op, a, b),
        };
        if let Some(r) = self.call_dunder(sim, a, name, vec![b.clone()]) {
            let r = r?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(r) = self.call_dunder(sim, b, reflected, vec![a.clone()]) {
            let r = r?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if op == CmpOp::Ne && (dunder(a, "__eq__").is_some() || dunder(b, "__eq__").is_some()) {
            let r = self.compare_user(sim, CmpOp::Eq, a, b)?;
            return Ok(Value::Bool(!r.truthy()));
        }
        crate::runtime::ops::compare(op, a, b)
    }

    /// `item in container` for a container with a user class.
    fn contains_user(
        &mut self,
        sim: &mut Sim<Value>,
        container: &Value,
        item: &Value,
    ) -> PyResult<bool> {
        if let Some(r) = self.call_dunder(sim, container, "__contains__", vec![item.clone()]) {
            return Ok(r?.truthy());
        }
        if let Value::Class(c) = container {
            if c.is_enum() {
                return Ok(c.members().iter().any(|m| m.is(item)));
            }
        }
        if dunder(container, "__iter__").is_some() {
            let items = self.iterate_user(sim, container)?;
            for x in items {
                if self.compare_user(sim, CmpOp::Eq, &x, item)?.truthy() {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if matches!(container, Value::Instance(_)) {
            return err(
                ExcClass::TypeError,
                format!(
                    "argument of type '{}' is not iterable",
                    container.type_name()
                ),
            );
        }
        crate::runtime::ops::contains(container, item)
    }

    /// Every item a user iterable gives (`__iter__` then `__next__` until
    /// `StopIteration`), bounded by the collection, operations and memory
    /// limits.  Each item counts as work and the gauge is read as the list
    /// grows: a `__next__` that runs no Python code (a generator function,
    /// say) passes through no interpreter loop that would count or read it.
    pub(crate) fn iterate_user(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<Vec<Value>> {
        let it = self.user_iter(sim, v)?;
        let mut out = Vec::new();
        loop {
            match self.user_next(sim, &it)? {
                Some(x) => out.push(x),
                None => return Ok(out),
            }
            if out.len() > self.interp.limits.max_collection {
                return err(ExcClass::MemoryError, "list larger than the limit");
            }
            crate::runtime::builtins::add_work(1);
            crate::runtime::builtins::check_growth(out.len())?;
            if self.interp.fold_work() {
                return err(ExcClass::RuntimeError, "the operations limit was reached");
            }
        }
    }

    /// `iter(v)` for a value with a user class (or an enum class).
    pub(crate) fn user_iter(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult {
        if let Value::Class(c) = v {
            if c.is_enum() {
                return crate::runtime::builtins::get_iter(&Value::new_tuple(c.members()));
            }
        }
        match self.call_dunder(sim, v, "__iter__", Vec::new()) {
            Some(r) => {
                let it = r?;
                if matches!(it, Value::Instance(_)) && dunder(&it, "__next__").is_none() {
                    return err(
                        ExcClass::TypeError,
                        format!("iter() returned non-iterator of type '{}'", it.type_name()),
                    );
                }
                if matches!(it, Value::Instance(_)) {
                    Ok(it)
                } else {
                    crate::runtime::builtins::get_iter(&it)
                }
            }
            None => err(
                ExcClass::TypeError,
                format!("'{}' object is not iterable", v.type_name()),
            ),
        }
    }

    /// `next(it)` for an iterator with a user class: `None` at `StopIteration`.
    pub(crate) fn user_next(
        &mut self,
        sim: &mut Sim<Value>,
        it: &Value,
    ) -> PyResult<Option<Value>> {
        match it {
            Value::Instance(_) => match self.call_dunder(sim, it, "__next__", Vec::new()) {
                Some(Ok(v)) => Ok(Some(v)),
                Some(Err(Value::Exc(e))) if e.class == ExcClass::StopIteration => Ok(None),
                Some(Err(e)) => Err(e),
                None => err(
                    ExcClass::TypeError,
                    format!("'{}' object is not an iterator", it.type_name()),
                ),
            },
            Value::Iter(i) => Ok(crate::runtime::builtins::iter_next(&mut i.borrow_mut())),
            // `__iter__` written as a generator method.
            Value::Gen(g) if !g.is_async => self.next_item(sim, it),
            other => err(
                ExcClass::TypeError,
                format!("'{}' object is not an iterator", other.type_name()),
            ),
        }
    }

    /// `bool(v)` for a user instance: `__bool__`, else `__len__`, else true.
    pub(crate) fn user_truthy(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<bool> {
        if let Some(r) = self.call_dunder(sim, v, "__bool__", Vec::new()) {
            return match r? {
                Value::Bool(b) => Ok(b),
                other => err(
                    ExcClass::TypeError,
                    format!(
                        "__bool__ should return bool, returned {}",
                        other.type_name()
                    ),
                ),
            };
        }
        if let Some(r) = self.call_dunder(sim, v, "__len__", Vec::new()) {
            return Ok(r?.truthy());
        }
        if let Some(x) = int_enum_value(v) {
            return Ok(x.truthy());
        }
        Ok(true)
    }

    /// A binary operator where one side has a user class: `__add__` and
    /// friends, then the reflected `__radd__`.
    /// `a op= b` for an instance whose class defines the in-place method
    /// (`__iadd__`), which CPython tries before `__add__`; `None` when it
    /// has none or it returned `NotImplemented`.
    pub(crate) fn inplace_user(
        &mut self,
        sim: &mut Sim<Value>,
        op: crate::compile::code::BinOp,
        a: &Value,
        b: &Value,
    ) -> Option<PyResult> {
        let r = self.call_dunder(
            sim,
            a,
            &format!("__i{}__", binop_dunder(op)),
            vec![b.clone()],
        )?;
        match r {
            Ok(r) if is_not_implemented(&r) => None,
            r => Some(r),
        }
    }

    pub(crate) fn binary_user(
        &mut self,
        sim: &mut Sim<Value>,
        op: crate::compile::code::BinOp,
        a: &Value,
        b: &Value,
        original: Value,
    ) -> PyResult {
        let name = binop_dunder(op);
        if let (Some(x), _) | (_, Some(x)) = (int_enum_value(a), None::<Value>) {
            return crate::runtime::ops::binary(
                op,
                &x,
                &int_enum_value(b).unwrap_or_else(|| b.clone()),
                self.interp.limits.max_collection,
            );
        }
        if let Some(y) = int_enum_value(b) {
            return crate::runtime::ops::binary(op, a, &y, self.interp.limits.max_collection);
        }
        if let Some(r) = self.call_dunder(sim, a, &format!("__{name}__"), vec![b.clone()]) {
            let r = r?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(r) = self.call_dunder(sim, b, &format!("__r{name}__"), vec![a.clone()]) {
            let r = r?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        Err(original)
    }
}

impl Runner {
    /// Every item of an iterable, user classes included.
    pub(crate) fn iterate(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::Instance(_) | Value::Class(_) => self.iterate_user(sim, v),
            // Generators run Python code for every item.
            _ if Runner::needs_runner(v) => self.drain(sim, v),
            _ => self.iterate_builtin(sim, v),
        }
    }

    /// Built-ins whose first argument has a user class (`len(obj)`,
    /// `next(it)`, `hash(obj)`…), or `None` to go on as usual.
    pub(crate) fn instance_builtin(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        a: &mut crate::runtime::builtins::Args,
    ) -> Option<PyResult<CallOut>> {
        let v = a.pos[0].clone();
        let value = |r: PyResult| Some(r.map(CallOut::Value));
        match name {
            "len" => {
                if let Value::Class(c) = &v {
                    if c.is_enum() {
                        return value(Ok(Value::Int(c.members().len() as i64)));
                    }
                }
                match self.call_dunder(sim, &v, "__len__", Vec::new()) {
                    Some(r) => value(r.and_then(|n| match n {
                        Value::Int(i) if i < 0 => {
                            err(ExcClass::ValueError, "__len__() should return >= 0")
                        }
                        Value::Int(_) | Value::Bool(_) => Ok(n),
                        other => err(
                            ExcClass::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                other.type_name()
                            ),
                        ),
                    })),
                    None => value(err(
                        ExcClass::TypeError,
                        format!("object of type '{}' has no len()", v.type_name()),
                    )),
                }
            }
            "iter" => value(self.user_iter(sim, &v)),
            "next" => match self.user_next(sim, &v) {
                Ok(Some(x)) => value(Ok(x)),
                Ok(None) => match a.pos.get(1) {
                    Some(d) => value(Ok(d.clone())),
                    None => value(err(ExcClass::StopIteration, "")),
                },
                Err(e) => Some(Err(e)),
            },
            // `__hash__ = None` in the class makes its instances unhashable.
            "hash" if matches!(&v, Value::Instance(i) if matches!(i.class.lookup("__hash__"), Some(Value::None))) => {
                value(err(
                    ExcClass::TypeError,
                    format!("unhashable type: '{}'", v.type_name()),
                ))
            }
            "hash" => match self.call_dunder(sim, &v, "__hash__", Vec::new()) {
                Some(r) => value(r),
                None => match &v {
                    // A frozen dataclass hashes as the tuple of its fields.
                    Value::Instance(i) if i.class.dataclass().is_some_and(|d| d.hashed) => {
                        let dc = i.class.dataclass().unwrap_or_else(unreachable_dc);
                        let t = Value::new_tuple(
                            dc.fields
                                .iter()
                                .filter(|f| f.compare)
                                .map(|f| i.get(&f.name).unwrap_or(Value::None))
                                .collect(),
                        );
                        match crate::runtime::identity::hash(&t) {
                            Ok(h) => value(Ok(Value::Int(h))),
                            Err(_) => value(err(ExcClass::TypeError, "unhashable type")),
                        }
                    }
                    _ => None,
                },
            },
            "abs" => self
                .call_dunder(sim, &v, "__abs__", Vec::new())
                .map(|r| r.map(CallOut::Value)),
            "format" => {
                let spec = match a.pos.get(1) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                if let Some(r) = self.call_dunder(sim, &v, "__format__", vec![Value::str(&spec)]) {
                    return value(r);
                }
                value(self.format_user(sim, &v, &spec).map(|s| Value::str(&s)))
            }
            _ => None,
        }
    }

    /// `format(v, spec)` / an f-string field for a value with a user class.
    pub(crate) fn format_user(
        &mut self,
        sim: &mut Sim<Value>,
        v: &Value,
        spec: &str,
    ) -> PyResult<String> {
        if let Some(x) = int_enum_value(v) {
            return self.format(sim, &x, spec);
        }
        if let Value::Instance(i) = v {
            if !spec.is_empty() && !i.class.is_enum() {
                return err(
                    ExcClass::TypeError,
                    format!(
                        "unsupported format string passed to {}.__format__",
                        i.class.name
                    ),
                );
            }
        }
        let s = self.py_str(sim, v)?;
        if spec.is_empty() {
            return Ok(s);
        }
        self.format(sim, &Value::str(&s), spec)
    }

    /// `super`, `property`, `staticmethod`, `classmethod`, `setattr`,
    /// `delattr`, `issubclass`, `vars`.
    pub(crate) fn class_builtin(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: crate::runtime::builtins::Args,
    ) -> PyResult<CallOut> {
        let out = |v: Value| Ok(CallOut::Value(v));
        match name {
            "super" => match (a.pos.first(), a.pos.get(1)) {
                (Some(Value::Class(c)), Some(obj)) => {
                    let ok = match obj {
                        Value::Class(o) => o.is_subclass(c),
                        other => is_instance_of(other, c),
                    };
                    if !ok {
                        return err(
                            ExcClass::TypeError,
                            "super(type, obj): obj must be an instance or subtype of type",
                        );
                    }
                    out(Value::Obj(Rc::new(Obj::Super(c.clone(), obj.clone()))))
                }
                (None, _) => err(ExcClass::RuntimeError, "super(): no arguments"),
                _ => err(ExcClass::TypeError, "super() argument 1 must be a type"),
            },
            "property" => {
                let getter = a.get(0, "fget").unwrap_or(Value::None);
                let setter = a.get(1, "fset").unwrap_or(Value::None);
                out(Value::Obj(Rc::new(Obj::Property(getter, setter))))
            }
            "staticmethod" | "classmethod" => {
                a.arity(name, 1, 1)?;
                let f = a.pos.remove(0);
                out(Value::Obj(Rc::new(if name == "staticmethod" {
                    Obj::StaticMethod(f)
                } else {
                    Obj::ClassMethod(f)
                })))
            }
            "setattr" => {
                a.arity("setattr", 3, 3)?;
                let Value::Str(attr) = a.pos[1].clone() else {
                    return err(ExcClass::TypeError, "attribute name must be string");
                };
                let obj = a.pos[0].clone();
                match self.user_store_attr(sim, &obj, &attr, a.pos[2].clone()) {
                    Some(r) => r.map(|_| CallOut::Value(Value::None)),
                    None => err(
                        ExcClass::AttributeError,
                        format!("'{}' object has no attribute '{attr}'", obj.tp_name()),
                    ),
                }
            }
            "delattr" => {
                a.arity("delattr", 2, 2)?;
                let Value::Str(attr) = a.pos[1].clone() else {
                    return err(ExcClass::TypeError, "attribute name must be string");
                };
                match &a.pos[0] {
                    Value::Instance(i) if i.remove(&attr) => out(Value::None),
                    other => Err(attr_error(other, &attr)),
                }
            }
            "issubclass" => {
                a.arity("issubclass", 2, 2)?;
                out(Value::Bool(is_subclass(&a.pos[0], &a.pos[1])?))
            }
            "vars" => match a.pos.first() {
                Some(v @ Value::Instance(_)) => out(self.instance_dict(v)),
                _ => err(
                    ExcClass::TypeError,
                    "vars() argument must have __dict__ attribute",
                ),
            },
            _ => err(
                ExcClass::TypeError,
                "'NotImplementedType' object is not callable",
            ),
        }
    }

    /// `dataclasses.*` and `enum.*`.
    pub(crate) fn class_library(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        a: crate::runtime::builtins::Args,
    ) -> PyResult<CallOut> {
        match name {
            "dataclasses.dataclass" => self.dataclass(a),
            "dataclasses.field" => self.dataclass_field(a),
            "dataclasses.replace" => self.dataclass_replace(sim, a).map(CallOut::Value),
            "dataclasses.asdict" | "dataclasses.astuple" => {
                let a = a;
                a.arity(&name[12..], 1, 1)?;
                let v = a.pos[0].clone();
                if !matches!(&v, Value::Instance(i) if i.class.dataclass().is_some()) {
                    return err(
                        ExcClass::TypeError,
                        format!("{}() should be called on dataclass instances", &name[12..]),
                    );
                }
                let d = self.asdict(&v, 0)?;
                if name == "dataclasses.astuple" {
                    if let Value::Dict(d) = d {
                        let items: Vec<Value> = d.borrow().iter().map(|(_, x)| x.clone()).collect();
                        return Ok(CallOut::Value(Value::new_tuple(items)));
                    }
                }
                Ok(CallOut::Value(d))
            }
            "dataclasses.fields" => err(
                ExcClass::TypeError,
                "dataclasses.fields() is not supported yet",
            ),
            "enum.auto" => Ok(CallOut::Value(Value::Obj(Rc::new(Obj::Auto)))),
            _ => {
                let _ = sim;
                err(
                    ExcClass::TypeError,
                    format!("{name}() cannot be called directly"),
                )
            }
        }
    }
}

/// A placeholder for a dataclass description known to exist.
fn unreachable_dc() -> Rc<DataclassInfo> {
    Rc::new(DataclassInfo {
        fields: Vec::new(),
        eq: false,
        order: false,
        frozen: false,
        hashed: false,
    })
}

fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Builtin("NotImplemented"))
}

fn want_str(v: Value, method: &str) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => err(
            ExcClass::TypeError,
            format!("{method} returned non-string (type {})", other.type_name()),
        ),
    }
}

/// Whether writing `v`'s repr may run Python code: an instance with a user
/// `__repr__` or a dataclass, possibly inside containers (looked at two
/// levels deep, and only the first items of long ones).
fn needs_python_repr(v: &Value, depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    match v {
        Value::Instance(i) => i.class.lookup("__repr__").is_some() || i.class.dataclass().is_some(),
        Value::Obj(o) => matches!(&**o, Obj::Named(c, _) if c.method("__repr__").is_some()),
        Value::Exc(e) => e
            .user
            .as_ref()
            .is_some_and(|u| u.class.lookup("__repr__").is_some()),
        Value::List(l) => l
            .borrow()
            .iter()
            .take(64)
            .any(|x| needs_python_repr(x, depth + 1)),
        Value::Tuple(t) => t.iter().take(64).any(|x| needs_python_repr(x, depth + 1)),
        Value::Dict(d) => d
            .borrow()
            .iter()
            .take(64)
            .any(|(k, x)| needs_python_repr(k, depth + 1) || needs_python_repr(x, depth + 1)),
        Value::Set(d) => d
            .borrow()
            .iter()
            .take(64)
            .any(|(k, _)| needs_python_repr(k, depth + 1)),
        _ => false,
    }
}

/// CPython 3.12's refusal to instantiate `class` while it has abstract
/// methods left, if it has.
fn abstract_refusal(class: &Class) -> Option<String> {
    let names = class.abstracts.borrow();
    if names.is_empty() {
        return None;
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    Some(format!(
        "Can't instantiate abstract class {} without an implementation for abstract method{} {}",
        class.name,
        if names.len() == 1 { "" } else { "s" },
        quoted.join(", ")
    ))
}

/// `s`, or the error the program gets for it: `MemoryError` when it passed
/// the string limit or the repr that made it was cut short there, and
/// `ValueError` when it held an int too long to write (see
/// `value::repr_trouble`).
fn within_string_limit(s: String) -> PyResult<String> {
    if let Some(e) = crate::runtime::value::repr_trouble() {
        return Err(e);
    }
    let max = crate::runtime::builtins::MAX_MATERIALISED;
    if s.len() > max {
        return err(
            ExcClass::MemoryError,
            format!("string longer than the limit of {max} characters"),
        );
    }
    Ok(s)
}

/// The name inside a binary operator's dunders: `add` for `__add__`,
/// `__radd__` and `__iadd__`.
fn binop_dunder(op: crate::compile::code::BinOp) -> &'static str {
    use crate::compile::code::BinOp::*;
    match op {
        Add => "add",
        Sub => "sub",
        Mul => "mul",
        Div => "truediv",
        FloorDiv => "floordiv",
        Mod => "mod",
        Pow => "pow",
        LShift => "lshift",
        RShift => "rshift",
        BitOr => "or",
        BitXor => "xor",
        BitAnd => "and",
        MatMul => "matmul",
    }
}
