//! What the playground knows, as plain data and pure functions: the state
//! and its reducer, runs and what the views derive from them, the words for
//! events, the presets, the engine, the wire format and the downloads.
//!
//! Nothing here names yew or a browser API (`crates/xtask` checks), so all
//! of it runs and is tested natively.

pub mod await_tree;
pub mod built_runs;
pub mod compare;
pub mod diagram_layout;
pub mod engine;
pub mod export;
pub mod future_set;
pub mod highlight;
pub mod node_keys;
pub mod predict;
pub mod presets;
pub mod run;
pub mod run_cache;
pub mod sliders;
pub mod state;
pub mod svg;
pub mod sweep;
pub mod sweep_chart;
pub mod text_width;
pub mod timeline_layout;
pub mod wire;
pub mod words;
