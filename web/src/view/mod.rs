//! The components: they render the state and dispatch actions, and reach
//! the browser only through `platform` (the hooks in `hooks`).

pub mod app;
pub mod banners;
pub mod compare;
pub mod controls;
pub mod diagram;
pub mod editor;
pub mod ending;
pub mod hooks;
pub mod machine;
pub mod predict;
pub mod share_panel;
pub mod sweep;
pub mod timeline;
pub mod topbar;
