//! The Leptos single-page app (wasm32 only). Placeholder until the real UI lands.

use leptos::prelude::*;

/// The root component that `src/main.rs` mounts on `<body>`.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main>
            <h1>"rmsprop-lab"</h1>
            <p>"Optimizer trajectories on 2D loss surfaces: RMSProp, AdaGrad, Adam and SGD."</p>
        </main>
    }
}
