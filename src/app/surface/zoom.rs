//! The map's zoom buttons: in, out, fit to the paths, and back to the surface's window.

use super::pointer::{middle, zoom_at};
use super::Layout;
use crate::app::state::Store;
use crate::core::surface::Surface;
use crate::view::zoom::{fit, ZOOM_STEP};
use leptos::prelude::*;

/// The smallest window of the surface's proportions holding the start and every shown run's
/// whole path.
fn fit_to_paths(store: Store) {
    let mut points = vec![store.start.get_untracked()];
    store.runs.with_untracked(|specs| {
        store.trajectories.with_untracked(|runs| {
            for (spec, tr) in specs.iter().zip(runs.0.iter()) {
                if spec.visible {
                    points.extend_from_slice(&tr.points);
                }
            }
        })
    });
    store.view.set(Some(fit(store.surface.with_untracked(Surface::window), &points)));
}

/// One click handler for the group (a closure per button costs the wasm more): the button's
/// `data-zoom` says what it does.
#[component]
pub fn ZoomButtons(layout: Memo<Layout>) -> impl IntoView {
    let store = expect_context::<Store>();
    let on_click = move |ev: web_sys::MouseEvent| {
        let button = event_target::<web_sys::Element>(&ev).closest("button").ok().flatten();
        let frame = layout.get_untracked().frame;
        match button.and_then(|b| b.get_attribute("data-zoom")).as_deref() {
            Some("in") => zoom_at(store, &frame, middle(&frame), ZOOM_STEP),
            Some("out") => zoom_at(store, &frame, middle(&frame), 1.0 / ZOOM_STEP),
            Some("fit") => fit_to_paths(store),
            Some("reset") => store.view.set(None),
            _ => {}
        }
    };
    view! {
        <div class="zoom-buttons" role="group" aria-label="Zoom" on:click=on_click>
            <button type="button" data-zoom="in" title="Zoom in (+ key, Ctrl+wheel, pinch)" aria-label="Zoom in">"+"</button>
            <button type="button" data-zoom="out" title="Zoom out (− key)" aria-label="Zoom out">"−"</button>
            <button type="button" data-zoom="fit" title="Fit the view to the paths" aria-label="Fit to paths">"Fit"</button>
            <button
                type="button"
                data-zoom="reset"
                aria-label="Reset view"
                title="Back to the surface's window (0 key); Shift-drag pans"
                prop:disabled=move || store.view.with(Option::is_none)
            >
                "Reset"
            </button>
        </div>
    }
}
