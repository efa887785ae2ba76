//! The only code that touches browser APIs: the address bar and history
//! (`address`), `localStorage` (`storage`), the clipboard, downloads and
//! page styles (`files`), timers and animation frames (`timers`), window
//! events (`events`), the document's language and title (`document`), and
//! both sides of the engine's Web Worker (`engine_client`, `worker`).
//! Everything else reaches the browser through these functions, which report
//! a missing or refused API as a value, never a panic.

pub mod address;
pub mod clipboard;
pub mod document;
pub mod engine_client;
pub mod events;
pub mod files;
pub mod storage;
pub mod timers;
pub mod worker;
