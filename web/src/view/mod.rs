//! The components: they render the state and dispatch actions, and reach
//! the browser only through `platform`.

pub mod app;
pub mod diagram;
pub mod editor;
pub mod share_panel;
pub mod timeline;
