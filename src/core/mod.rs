//! The numeric core: everything here is plain Rust and f64, with no web dependencies.

pub mod dual;
pub mod explain;
pub mod export;
pub mod formula;
pub mod optim;
pub mod scenario;
pub mod surface;
pub mod trajectory;
