//! The only code that touches browser APIs: the address bar and history,
//! storage, the clipboard, downloads, timers and window events, and both
//! sides of the engine's Web Worker.  Everything else reaches the browser
//! through these functions.

pub mod browser;
pub mod engine_client;
pub mod worker;
