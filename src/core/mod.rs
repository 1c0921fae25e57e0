//! The numeric core: everything here is plain Rust and f64, with no web dependencies (one
//! exception: in the wasm build, `decimal` hands checked digits to the browser's parser).

pub mod code;
pub mod data;
pub mod decimal;
pub mod dual;
pub mod explain;
pub mod export;
pub mod formula;
pub mod json;
pub mod lessons;
pub mod optim;
pub mod overlays;
pub mod presets;
pub mod rng;
pub mod scenario;
pub mod schedule;
pub mod sensitivity;
pub mod surface;
pub mod sweep;
pub mod trajectory;
pub mod url_state;
pub mod welcome;
