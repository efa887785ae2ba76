//! The Loopscope playground: a yew front end over the event-loop model.
//!
//! The app is a thin shell: its state lives in a pure reducer ([`state`])
//! that is tested natively, and its components only render that state.
//!
//! ```
//! use loopscope_web::presets::PRESETS;
//! assert_eq!(PRESETS[1].id, "two-tasks");
//! ```
#![warn(missing_docs)]

pub mod app;
pub mod presets;
pub mod state;

pub use app::App;

/// Mounts the app on the document's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
