//! The Loopscope playground: a yew front end over the event-loop model.
//!
//! Five folders:
//!
//! - [`model`]: what the page knows, as data and pure functions: the state
//!   and its reducer, runs, the words for events, the presets, the engine,
//!   the wire format, the diagram's and the timeline's layouts, and the
//!   downloads.  No yew, no browser API; tested natively.
//! - [`link`]: scenarios in links and drafts: the scenario, the codec, the
//!   bounded lz-string decoder, and the draft and history policy.  Pure too.
//! - [`view`]: the components; they render the state and dispatch actions.
//! - [`platform`]: the only code that touches browser APIs (address bar,
//!   history, storage, clipboard, downloads, timers, window events, the
//!   engine's worker on both sides).
//! - [`i18n`]: every visible string, in English and Japanese.
//!
//! `crates/xtask` checks which folder may name which crate (`layers.rs`).
//!
//! ```
//! use loopscope_web::model::presets::PRESETS;
//! assert_eq!(PRESETS[1].id, "two-tasks");
//! ```
#![warn(missing_docs)]

pub mod i18n;
pub mod link;
pub mod model;
pub mod platform;
pub mod view;

pub use model::engine::set_memory_gauge;
pub use view::app::App;

/// Mounts the app on the document's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
