//! User-defined classes and their instances: the class object with its
//! precomputed C3 method resolution order, attribute lookup through it
//! (cached per class), and instances holding their attributes in a small
//! map keyed by interned names.
//!
//! Attribute names come from the compiler interned (one `Rc<str>` per
//! distinct name in a program), so the lookups on the hot path compare
//! pointers first and fall back to comparing text only for names built at
//! run time (`getattr(obj, name)`).

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::front::names::ExcClass;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{release, Garbage, Value};

/// Which library behaviour a class has on top of plain Python classes.
#[derive(Clone, Debug)]
pub enum Kind {
    /// An ordinary class.
    Plain,
    /// An `enum.Enum` (or `IntEnum`) subclass: its members, in definition order.
    Enum(RefCell<Vec<Value>>, bool),
    /// A `@dataclass`.
    Dataclass(Rc<DataclassInfo>),
}

/// What `@dataclass` found and generated.
#[derive(Debug)]
pub struct DataclassInfo {
    /// Fields in definition order (bases' fields first).
    pub fields: Vec<Field>,
    /// `eq=True`: `__eq__` compares the fields.
    pub eq: bool,
    /// `order=True`: `<` and friends compare the fields as tuples.
    pub order: bool,
    /// `frozen=True`: assignments raise `FrozenInstanceError`.
    pub frozen: bool,
    /// `__hash__` hashes the fields: `eq` with `frozen` or `unsafe_hash`.
    pub hashed: bool,
}

/// One dataclass field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name.
    pub name: Rc<str>,
    /// Its default value, if any.
    pub default: Option<Value>,
    /// Its `default_factory`, if any.
    pub factory: Option<Value>,
    /// Shown in the generated `__repr__`.
    pub repr: bool,
    /// Compared by the generated `__eq__` and ordering.
    pub compare: bool,
    /// A parameter of the generated `__init__`.
    pub init: bool,
}

/// A class object made by a `class` statement.
pub struct Class {
    /// `__name__`.
    pub name: Rc<str>,
    /// `__name__` as a static string, for messages that take one.
    pub static_name: &'static str,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// Direct bases as values (user classes, built-in exception classes).
    pub bases: Vec<Value>,
    /// The user classes of the MRO after this one (built-in bases excluded).
    pub mro: Vec<Rc<Class>>,
    /// The nearest built-in exception base, for exception classes.
    pub exc_base: Option<ExcClass>,
    /// The class namespace, in definition order.
    pub dict: RefCell<Vec<(Rc<str>, Value)>>,
    /// Every name visible through the MRO, resolved (rebuilt when any
    /// class attribute changes: see [`EPOCH`]).
    resolved: RefCell<Vec<(Rc<str>, Value)>>,
    /// The [`EPOCH`] at which `resolved` was built.
    resolved_at: Cell<u64>,
    /// Library behaviour (enum, dataclass).
    pub kind: RefCell<Kind>,
    /// A small unique number for identity and hashing.
    pub id: usize,
    /// Whether the class derives from `abc.ABC` (its metaclass is `ABCMeta`).
    pub abc: Cell<bool>,
    /// Whether `Generic[...]` was among its own bases (then `Box[int]` is the
    /// class itself, the parameters mattering to type checkers only).
    pub generic: Cell<bool>,
    /// `__abstractmethods__`: the names an instance cannot be made without.
    pub abstracts: RefCell<Vec<Rc<str>>>,
    /// Whether assigning an instance attribute may run code or fail: a
    /// `@property` somewhere in the MRO, or a frozen dataclass.
    hooks: Cell<bool>,
    /// Whether an instance ever stored an attribute under a name the class
    /// also has (a method shadowed per instance): until then a method call
    /// need not look at the instance's attributes first.
    shadowed: Cell<bool>,
    /// The [`EPOCH`] when the class was made.
    born: u64,
    /// Whether the class defines (or inherits) its own `__hash__` and
    /// `__eq__`: its instances key dicts and sets by what `__hash__` returns
    /// (see [`Instance::hash`]).
    pub user_hash: bool,
    /// The only instance attributes, when `__slots__` restricts them.
    pub slots: Option<Vec<Rc<str>>>,
}

impl std::fmt::Debug for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<class '__main__.{}'>", self.qualname)
    }
}

thread_local! {
    /// Bumped by every assignment to a class attribute, which makes every
    /// class rebuild its resolved table at its next lookup.  Classes are
    /// rarely changed after their body ran, so one counter is cheaper than
    /// tracking subclasses.
    static EPOCH: Cell<u64> = const { Cell::new(1) };
    /// Class names handed out as `&'static str` (one leak per distinct name:
    /// names come from the program's `class` statements, a finite set).
    static STATIC_NAMES: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

/// A `&'static str` with the text of `name`, shared by equal names.
pub fn static_name(name: &str) -> &'static str {
    STATIC_NAMES.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(n) = s.get(name) {
            return *n;
        }
        let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
        s.insert(leaked);
        leaked
    })
}

/// Whether two attribute names are the same (pointer first, then text).
#[inline]
pub fn same_name(a: &Rc<str>, b: &str) -> bool {
    std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len() || **a == *b
}

impl Class {
    /// Makes a class from its name, bases and namespace, computing the MRO.
    pub fn new(
        name: Rc<str>,
        qualname: Rc<str>,
        bases: Vec<Value>,
        dict: Vec<(Rc<str>, Value)>,
        id: usize,
    ) -> PyResult<Rc<Class>> {
        let mut user_bases = Vec::new();
        let mut exc_base = None;
        for b in &bases {
            match b {
                Value::Class(c) => {
                    user_bases.push(c.clone());
                    if let Some(e) = c.exc_base {
                        exc_base = Some(merge_exc(exc_base, e)?);
                    }
                }
                Value::ExcType(e) => exc_base = Some(merge_exc(exc_base, *e)?),
                _ => {}
            }
        }
        let mro = c3(&user_bases)?;
        let kind = mro
            .iter()
            .find_map(|c| match &*c.kind.borrow() {
                Kind::Enum(_, int) => Some(Kind::Enum(RefCell::new(Vec::new()), *int)),
                _ => None,
            })
            .unwrap_or(Kind::Plain);
        // The first definition along the MRO, this class's own first.
        let defines = |name: &str| {
            let own = dict
                .iter()
                .find(|(k, _)| &**k == name)
                .map(|(_, v)| v.clone());
            let found = own.or_else(|| mro.iter().find_map(|c| c.own(name)));
            matches!(found, Some(Value::Func(_)))
        };
        let user_hash = defines("__hash__") && defines("__eq__");
        // With `__slots__` in this class and in every class of its MRO (and
        // no `__dict__` among them), instances hold only the names listed.
        let slots = match dict.iter().find(|(k, _)| &**k == "__slots__") {
            Some((_, v)) if exc_base.is_none() && matches!(kind, Kind::Plain) => slot_names(v)
                .and_then(|mut names| {
                    for c in &mro {
                        names.extend(c.slots.as_ref()?.iter().cloned());
                    }
                    (!names.iter().any(|n| &**n == "__dict__")).then_some(names)
                }),
            _ => None,
        };
        let hooks = user_hash
            || slots.is_some()
            || defines("__setattr__")
            || dict.iter().any(|(_, v)| is_property(v))
            || mro.iter().any(|c| c.hooks.get());
        Ok(Rc::new(Class {
            user_hash,
            slots,
            hooks: Cell::new(hooks),
            shadowed: Cell::new(false),
            born: EPOCH.with(|e| e.get()),
            static_name: static_name(&name),
            name,
            qualname,
            bases,
            mro,
            exc_base,
            dict: RefCell::new(dict),
            resolved: RefCell::new(Vec::new()),
            resolved_at: Cell::new(0),
            kind: RefCell::new(kind),
            id,
            abc: Cell::new(false),
            generic: Cell::new(false),
            abstracts: RefCell::new(Vec::new()),
        }))
    }

    /// The classes of the MRO after this one (this one is implicit first).
    pub fn bases_mro(&self) -> &[Rc<Class>] {
        &self.mro
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(&self, other: &Class) -> bool {
        self.id == other.id || self.mro.iter().any(|c| c.id == other.id)
    }

    /// Looks `name` up through the MRO (the class's own namespace first).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        let epoch = EPOCH.with(|e| e.get());
        if self.resolved_at.get() != epoch {
            self.rebuild();
            self.resolved_at.set(epoch);
        }
        self.resolved
            .borrow()
            .iter()
            .find(|(k, _)| same_name(k, name))
            .map(|(_, v)| v.clone())
    }

    /// Looks `name` up in the classes of the MRO after `after`.
    pub fn lookup_after(&self, after: &Class, name: &str) -> Option<Value> {
        let mut all = std::iter::once(self).chain(self.mro.iter().map(|c| &**c));
        all.by_ref().find(|c| c.id == after.id)?;
        for c in all {
            if let Some(v) = c.own(name) {
                return Some(v);
            }
        }
        None
    }

    /// `name` in this class's own namespace.
    pub fn own(&self, name: &str) -> Option<Value> {
        self.dict
            .borrow()
            .iter()
            .find(|(k, _)| same_name(k, name))
            .map(|(_, v)| v.clone())
    }

    fn rebuild(&self) {
        let mut table: Vec<(Rc<str>, Value)> = Vec::new();
        for c in std::iter::once(self).chain(self.mro.iter().map(|c| &**c)) {
            for (k, v) in c.dict.borrow().iter() {
                if !table.iter().any(|(n, _)| **n == **k) {
                    table.push((k.clone(), v.clone()));
                }
            }
        }
        *self.resolved.borrow_mut() = table;
    }

    /// Whether assigning an instance attribute needs more than storing it.
    #[inline]
    pub fn store_hooks(&self) -> bool {
        self.hooks.get()
    }

    /// Whether some instance has an attribute named like a class attribute.
    #[inline]
    pub fn methods_shadowed(&self) -> bool {
        // A class attribute assigned anywhere after this class was made may
        // have given a class (this one or a base) a name its instances
        // already hold: then look at the instance first, always.
        self.shadowed.get() || EPOCH.with(|e| e.get()) != self.born
    }

    /// Marks instances as needing checks on every attribute assignment.
    pub fn set_store_hooks(&self) {
        self.hooks.set(true);
    }

    /// `C.name = v`.
    pub fn set_attr(&self, name: Rc<str>, v: Value) {
        if is_property(&v) {
            // Subclasses made earlier keep their flag: a property added to a
            // base class after the fact is not seen by their instances' fast path.
            self.hooks.set(true);
        }
        {
            let mut d = self.dict.borrow_mut();
            match d.iter_mut().find(|(k, _)| same_name(k, &name)) {
                Some(slot) => slot.1 = v,
                None => d.push((name, v)),
            }
        }
        EPOCH.with(|e| e.set(e.get() + 1));
    }

    /// The dataclass description, if this is a dataclass.
    pub fn dataclass(&self) -> Option<Rc<DataclassInfo>> {
        match &*self.kind.borrow() {
            Kind::Dataclass(d) => Some(d.clone()),
            _ => None,
        }
    }

    /// Whether this is an `Enum` subclass.
    pub fn is_enum(&self) -> bool {
        matches!(&*self.kind.borrow(), Kind::Enum(..))
    }

    /// The members of an enum class, in definition order.
    pub fn members(&self) -> Vec<Value> {
        match &*self.kind.borrow() {
            Kind::Enum(m, _) => m.borrow().clone(),
            _ => Vec::new(),
        }
    }

    /// Whether instances are unhashable: the class (or a base) defines
    /// `__eq__` without `__hash__`, or is a non-frozen dataclass with `eq`.
    pub fn unhashable(&self) -> bool {
        for c in std::iter::once(self).chain(self.mro.iter().map(|c| &**c)) {
            if let Some(h) = c.own("__hash__") {
                return matches!(h, Value::None);
            }
            if c.own("__eq__").is_some() {
                return true;
            }
            if let Some(d) = c.dataclass() {
                if d.hashed {
                    return false;
                }
                if d.eq {
                    return true;
                }
            }
        }
        false
    }
}

fn is_property(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Property(..)))
}

/// The nearest common exception base of two bases (CPython's "multiple
/// bases have instance lay-out conflict" when they differ in layout is not
/// modelled: the more derived of the two is kept).
fn merge_exc(a: Option<ExcClass>, b: ExcClass) -> PyResult<ExcClass> {
    Ok(match a {
        None => b,
        Some(a) if a.is_subclass(b) => a,
        Some(_) => b,
    })
}

/// The C3 linearisation of the bases' MROs (without the new class itself).
fn c3(bases: &[Rc<Class>]) -> PyResult<Vec<Rc<Class>>> {
    // One base: its MRO after it, as CPython's `mro_implementation` takes
    // it, without the merge (a chain of ten thousand subclasses would
    // otherwise merge ten thousand long lists for each class).
    if let [base] = bases {
        let mut out = Vec::with_capacity(base.mro.len() + 1);
        out.push(base.clone());
        out.extend(base.mro.iter().cloned());
        return Ok(out);
    }
    let mut seqs: Vec<VecDeque<Rc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut s = VecDeque::with_capacity(b.mro.len() + 1);
            s.push_back(b.clone());
            s.extend(b.mro.iter().cloned());
            s
        })
        .collect();
    seqs.push(bases.iter().cloned().collect());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let head = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|h| !seqs.iter().any(|s| s.iter().skip(1).any(|c| c.id == h.id)));
        let Some(head) = head else {
            // CPython lists the heads still in conflict, in base order.
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                let n = s[0].name.to_string();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            return err(
                ExcClass::TypeError,
                format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                ),
            );
        };
        for s in seqs.iter_mut() {
            if s[0].id == head.id {
                s.pop_front();
            }
        }
        out.push(head);
    }
}

/// An instance of a user-defined class (exceptions excepted: those are
/// `Value::Exc` with a user class).
pub struct Instance {
    /// Its class.
    pub class: Rc<Class>,
    /// Instance attributes, in assignment order.
    pub attrs: RefCell<Vec<(Rc<str>, Value)>>,
    /// A small unique number for reprs.
    pub id: usize,
    /// For a class with its own `__hash__` and `__eq__`: what `__hash__`
    /// returned after the instance last changed (`None` until it succeeds).
    /// Dict and set keys are computed without running Python, so the model
    /// runs `__hash__` when an attribute is assigned instead, and keys the
    /// instance by that number: two instances with the same hash are the
    /// same key, which is what their `__eq__` says in all but a collision.
    pub hash: Cell<Option<i64>>,
}

impl Instance {
    /// Reads an instance attribute (not the class's).
    #[inline]
    pub fn get(&self, name: &str) -> Option<Value> {
        let attrs = self.attrs.borrow();
        for (k, v) in attrs.iter() {
            if std::ptr::eq(k.as_ptr(), name.as_ptr()) {
                return Some(v.clone());
            }
        }
        attrs
            .iter()
            .find(|(k, _)| **k == *name)
            .map(|(_, v)| v.clone())
    }

    /// Pushes an instance attribute onto `stack`, if there is one.  Cloning
    /// straight into the stack's storage spares the interpreter an
    /// `Option<Value>` temporary (whose misaligned copy stalled every read).
    #[inline]
    pub fn push_attr(&self, name: &str, stack: &mut Vec<Value>) -> bool {
        let attrs = self.attrs.borrow();
        for (k, v) in attrs.iter() {
            if std::ptr::eq(k.as_ptr(), name.as_ptr()) {
                stack.push(v.clone());
                return true;
            }
        }
        match attrs.iter().find(|(k, _)| **k == *name) {
            Some((_, v)) => {
                stack.push(v.clone());
                true
            }
            None => false,
        }
    }

    /// Sets an instance attribute.
    #[inline]
    pub fn set(&self, name: &Rc<str>, v: Value) {
        let mut attrs = self.attrs.borrow_mut();
        if let Some(slot) = attrs.iter_mut().find(|(k, _)| same_name(k, name)) {
            slot.1 = v;
            return;
        }
        drop(attrs);
        if !self.class.shadowed.get() && self.class.lookup(name).is_some() {
            self.class.shadowed.set(true);
        }
        self.attrs.borrow_mut().push((name.clone(), v));
    }

    /// Removes an instance attribute, returning whether it was there.
    pub fn remove(&self, name: &str) -> bool {
        let mut attrs = self.attrs.borrow_mut();
        match attrs.iter().position(|(k, _)| **k == *name) {
            Some(i) => {
                attrs.remove(i);
                true
            }
            None => false,
        }
    }
}

impl Drop for Class {
    /// Hands the namespace, the bases and the MRO to the iterative release:
    /// a class whose attribute (or base) is the class made before it, a
    /// million times over, is freed in a loop.
    fn drop(&mut self) {
        let mut held: Vec<Value> = Vec::new();
        held.extend(
            std::mem::take(self.dict.get_mut())
                .into_iter()
                .map(|(_, v)| v),
        );
        held.extend(
            std::mem::take(self.resolved.get_mut())
                .into_iter()
                .map(|(_, v)| v),
        );
        held.append(&mut self.bases);
        held.extend(std::mem::take(&mut self.mro).into_iter().map(Value::Class));
        if let Kind::Enum(members, _) = self.kind.get_mut() {
            held.append(members.get_mut());
        }
        if !held.is_empty() {
            release(Garbage::Values(held));
        }
    }
}

impl Drop for Instance {
    /// Hands the attributes to the iterative release, so that a linked list
    /// of a million nodes (`node.next = Node(...)`) is freed in a loop.
    fn drop(&mut self) {
        let attrs = std::mem::take(self.attrs.get_mut());
        if !attrs.is_empty() {
            release(Garbage::Pairs(attrs));
        }
    }
}

/// The user part of an exception whose class comes from a `class` statement.
#[derive(Debug)]
pub struct UserExc {
    /// The class.
    pub class: Rc<Class>,
    /// Attributes set on the instance (`self.code = code`).
    pub attrs: RefCell<Vec<(Rc<str>, Value)>>,
    /// What the class's own `__str__` gave when the exception was raised,
    /// for the last line of a traceback (written where no Python can run).
    pub text: RefCell<Option<String>>,
}

impl Drop for UserExc {
    fn drop(&mut self) {
        let attrs = std::mem::take(self.attrs.get_mut());
        if !attrs.is_empty() {
            release(Garbage::Pairs(attrs));
        }
    }
}

/// The names a `__slots__` value lists: one string, or a tuple or list of
/// strings (`None` for anything else, which restricts nothing here).
fn slot_names(v: &Value) -> Option<Vec<Rc<str>>> {
    match v {
        Value::Str(s) => Some(vec![s.clone()]),
        Value::Tuple(t) => t
            .iter()
            .map(|x| match x {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Value::List(l) => l
            .borrow()
            .iter()
            .map(|x| match x {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}
