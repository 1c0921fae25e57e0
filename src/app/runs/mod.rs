//! The runs: a card per run with a control per setting, adding runs, and the legend.
//! Each card and legend row is keyed by its run's id.

mod card;
pub mod controls;
mod legend;
mod schedule;

use crate::app::state::{Store, MAX_RUNS};
use crate::core::optim::OptimizerKind;
use card::RunCard;
pub use legend::{run_status, Legend, Swatch};
use leptos::prelude::*;

#[component]
pub fn RunList() -> impl IntoView {
    let store = expect_context::<Store>();
    let handles = move || store.run_list.get();
    view! {
        <section class="runs" aria-label="Runs">
            <ul class="run-list">
                <For each=handles key=|h| h.key let:h>
                    <RunCard run=h.signal() />
                </For>
            </ul>
            <AddRun />
        </section>
    }
}

#[component]
fn AddRun() -> impl IntoView {
    let store = expect_context::<Store>();
    let choice = RwSignal::new(OptimizerKind::RmsProp);
    let full = move || store.runs.with(|r| r.len() >= MAX_RUNS);
    view! {
        <div class="add-run">
            <label for="add-run-kind">"Add a run"</label>
            <select
                id="add-run-kind"
                on:change=move |ev| {
                    if let Some(k) = OptimizerKind::from_name(&event_target_value(&ev)) {
                        choice.set(k);
                    }
                }
            >
                {OptimizerKind::ALL
                    .iter()
                    .map(|k| view! { <option value=k.name()>{k.title()}</option> })
                    .collect_view()}
            </select>
            <button type="button" disabled=full on:click=move |_| {
                let _ = store.add_run(choice.get_untracked());
            }>
                "Add run"
            </button>
        </div>
    }
}
