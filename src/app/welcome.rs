//! The first visit: the welcome race (`core::welcome`) plays from step 0, with a hint that the
//! start can be dragged. Later visits and every link open as before.

use crate::app::state::Store;
use crate::core::welcome::{welcome, WELCOME_SECONDS};
use leptos::prelude::*;

/// Set in `localStorage` once the welcome race has been shown.
const VISITED_KEY: &str = "rmsprop-lab:visited";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Starts the race when this is the browser's first visit and the address has no state;
/// returns whether the drag hint is shown (it goes when the start moves or is dismissed).
pub fn install(store: Store) -> RwSignal<bool> {
    let hint = RwSignal::new(false);
    let bare = window().location().search().unwrap_or_default().len() <= 1;
    let Some(storage) = storage().filter(|_| bare) else { return hint };
    if storage.get_item(VISITED_KEY).ok().flatten().is_some() {
        return hint;
    }
    // Storage full or refused (private modes): the race then plays on every bare visit.
    let _ = storage.set_item(VISITED_KEY, "1");
    let Ok(s) = welcome() else { return hint };
    store.load(s.problem(), &s.runs);
    store.speed.set(s.steps as f64 / WELCOME_SECONDS);
    store.playing.set(true);
    hint.set(true);
    let start = store.start.get_untracked();
    Effect::new(move |_| {
        if store.start.get() != start {
            hint.set(false);
        }
    });
    hint
}

/// "Drag the start …": one line above the map while `hint` holds.
#[component]
pub fn DragHint(hint: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || hint.get()>
            <p class="drag-hint" role="note">
                <span>"Drag the start ◎ to race from anywhere"</span>
                <button type="button" class="icon" aria-label="Dismiss the hint" on:click=move |_| hint.set(false)>
                    "×"
                </button>
            </p>
        </Show>
    }
}
