//! rmsprop-lab: optimizer trajectories on 2D loss surfaces.
//!
//! - [`core`]: the numeric core (surfaces, optimizers, trajectories, scenario format). Pure Rust,
//!   no browser imports; the `trace` command and the web app both run it.
//! - [`view`]: pure drawing math (colormap, coordinate transforms, slider scales, contour
//!   lines), also browser-free so it is unit-tested natively.
//! - `app` (wasm32 only): the Leptos single-page app.

pub mod core;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;
