//! The standard library a program may import, one module per Python module
//! or family: `asyncio` (with the loop object and its exception handler),
//! `functools`' and `dataclasses`' class helpers, `collections`,
//! `contextlib`, `contextvars`, `copy`, `datetime`, `heapq`/`bisect`, `itertools`,
//! `json`, `logging`, `math`, `collections.namedtuple`, `operator`, `random`
//! and `statistics`.

pub(crate) mod aio_loop;
pub(crate) mod aio_reports;
pub(crate) mod asyncio;
pub(crate) mod classtools;
pub(crate) mod collections;
pub(crate) mod contextlib;
pub(crate) mod contextvars;
pub(crate) mod copy;
pub(crate) mod datetime;
pub(crate) mod heapq;
pub(crate) mod itertools;
pub(crate) mod json;
pub(crate) mod logging;
pub(crate) mod mathmod;
pub(crate) mod members;
pub(crate) mod namedtuple;
pub(crate) mod operator;
pub(crate) mod random;
pub(crate) mod statistics;
pub(crate) mod threads;
