//! The legend beside the surface, and the swatch and status line it shares with the cards.

use crate::app::state::{RunSpec, Store};
use crate::view::format::{precise, short};
use crate::view::theme::{run_color, run_marker};
use leptos::prelude::*;

/// A small swatch in the run's colour and marker shape, as on the surface.
#[component]
pub fn Swatch(color: usize) -> impl IntoView {
    let shape = run_marker(color).class();
    view! { <span class=format!("swatch {shape}") style=format!("--run-color: {}", run_color(color).css()) aria-hidden="true"></span> }
}

/// The legend line of run `id`: its loss and distance to the nearest minimum at the
/// current step, or where it diverged. The flag says whether it diverged.
pub fn run_status(store: &Store, id: u32) -> (String, bool) {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let step = store.step.get();
    let Some(i) = specs.iter().position(|s| s.id == id) else { return (String::new(), false) };
    let Some(tr) = runs.0.get(i) else { return (String::new(), false) };
    if let Some(k) = tr.diverged_at {
        return (format!("diverged at step {k}"), true);
    }
    let Some(k) = tr.head(step) else { return ("no start point".into(), true) };
    let mut s = format!("loss {}", precise(tr.loss[k], 4));
    if let Some(d) = store.surface.with(|surf| surf.distance_to_nearest_minimum(tr.points[k])) {
        s.push_str(&format!(" · {} from a minimum", short(d)));
    }
    (s, false)
}

/// A compact legend (colour, name, status) beside the surface. Rows are keyed by run, so
/// playback updates only their status text.
#[component]
pub fn Legend() -> impl IntoView {
    let store = expect_context::<Store>();
    let shown = move || {
        store
            .run_list
            .with(|l| l.iter().filter(|h| h.spec.with(|s| s.visible)).cloned().collect::<Vec<_>>())
    };
    view! {
        <ul class="legend" aria-label="Legend">
            <For each=shown key=|h| h.key let:h>
                <LegendRow run=h.signal() />
            </For>
        </ul>
    }
}

#[component]
fn LegendRow(run: RwSignal<RunSpec>) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = run.with_untracked(|r| r.id);
    let name = Memo::new(move |_| store.runs.with(|all| run.with(|r| r.name(all))));
    let status = Memo::new(move |_| run_status(&store, id));
    let color = Memo::new(move |_| run.with(|r| r.color));
    view! {
        <li class:diverged=move || status.get().1>
            {move || view! { <Swatch color=color.get() /> }}
            <span class="run-name">{move || name.get()}</span>
            <span class="run-status">{move || status.get().0}</span>
        </li>
    }
}
