//! The legend beside the surface, and the swatch and status line it shares with the cards.

use crate::app::state::{Pin, RunSpec, Store};
use crate::core::trajectory::Problem;
use crate::view::format::{precise, short};
use crate::view::legend::settings_text;
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
    if tr.loss.first().is_some_and(|l| l.is_nan()) {
        return ("stopped: f is undefined at the start".into(), true);
    }
    if let Some(k) = tr.diverged_at {
        return (format!("diverged at step {k}"), true);
    }
    let Some(k) = tr.head(step) else { return ("no start point".into(), true) };
    let mut s = format!("loss {}", precise(tr.loss[k], 4));
    let near = |p: &Problem| p.objective_at(k).distance_to_nearest_minimum(tr.points[k]);
    if let Some(d) = store.problem.with(near) {
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
        <Pinned />
    }
}

/// The pinned runs, each with its settings and an Unpin button; their paths are the thin
/// white-edged lines on the map.
#[component]
fn Pinned() -> impl IntoView {
    let store = expect_context::<Store>();
    let pins = move || store.pins.get();
    view! {
        <Show when=move || store.pins.with(|p| !p.is_empty())>
            <ul class="legend pins" aria-label="Pinned runs">
                <For each=pins key=|p| p.key let:pin>
                    <li>
                        <Swatch color=pin.color />
                        <span class="run-name">{format!("{} (pinned)", pin.name)}</span>
                        <span class="run-status">{pinned_settings(&pin)}</span>
                        <button
                            type="button"
                            class="chip"
                            aria-label=format!("Unpin {}", pin.name)
                            on:click=move |_| store.pins.update(|ps| ps.retain(|p| p.key != pin.key))
                        >
                            "Unpin"
                        </button>
                    </li>
                </For>
            </ul>
        </Show>
    }
}

/// "lr 0.01, decay 0.99; cosine schedule".
fn pinned_settings(pin: &Pin) -> String {
    let settings = settings_text(&pin.run.optimizer);
    if pin.run.schedule.is_constant() {
        settings
    } else {
        format!("{settings}; {} schedule", pin.run.schedule.kind().name())
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
