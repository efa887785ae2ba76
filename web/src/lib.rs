//! The Loopscope playground: a yew front end over the event-loop model.
//!
//! The app is a thin shell: its state lives in a pure reducer ([`state`])
//! that is tested natively, every view is a function of a run and a cursor
//! into its trace ([`run`]), and components only render.
//!
//! ```
//! use loopscope_web::presets::PRESETS;
//! assert_eq!(PRESETS[1].id, "two-tasks");
//! ```
#![warn(missing_docs)]

pub mod app;
pub mod browser;
pub mod diagram;
pub mod editor;
pub mod engine;
pub mod engine_client;
pub mod export;
pub mod highlight;
pub mod i18n;
pub mod presets;
pub mod run;
pub mod share;
pub mod sharing;
pub mod sliders;
pub mod state;
pub mod timeline;
pub mod wire;
pub mod words;
pub mod worker;

pub use app::App;
pub use engine::set_memory_gauge;

/// Mounts the app on the document's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
