//! The Loopscope playground: a yew front end over the event-loop model.
//!
//! The app is a thin shell: its state lives in a pure reducer ([`model::state`])
//! that is tested natively, every view is a function of a run and a cursor
//! into its trace ([`run`]), and components only render.
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
