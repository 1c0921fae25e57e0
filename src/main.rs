//! The web app's entry point: Trunk builds this for wasm32 and index.html loads it.
//!
//! In the browser there is no `main`: wasm-bindgen's start function mounts the app, so std's
//! `main` wrapper (its runtime set-up and the stdout flush at exit) is not linked: 0.2 KB of
//! gzipped wasm.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(rmsprop_lab::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rmsprop-lab is a web app: serve it with `scripts/serve` (see README.md).");
    eprintln!("The command-line tool is `cargo run --release --bin trace -- SCENARIO.json`.");
    std::process::exit(2);
}
