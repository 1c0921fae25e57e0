//! The web app's entry point: Trunk builds this for wasm32 and index.html loads it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(rmsprop_lab::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rmsprop-lab is a web app: serve it with `scripts/serve` (see README.md).");
    eprintln!("The command-line tool is `cargo run --release --bin trace -- SCENARIO.json`.");
    std::process::exit(2);
}
