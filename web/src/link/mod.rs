//! Scenarios in links and drafts: what a link says, how it is written and
//! read, and when the page saves a draft or adds a history entry.  Pure
//! functions with native tests; the browser calls live in `platform`.

pub mod address;
pub mod codec;
pub mod draft;
pub mod error;
pub mod lz;
pub mod scenario;
#[cfg(test)]
mod testing;
