//! The runs: a legend entry and the controls of each, and adding runs.

use super::controls::ParamControl;
use super::icons::Icon;
use super::palette::{run_color, run_marker, Marker};
use super::state::{Store, MAX_RUNS};
use crate::core::optim::OptimizerKind;
use crate::core::presets::{self, Framework};
use crate::view::format::{precise, short};
use leptos::prelude::*;

/// The settings shown without opening "More settings".
const MAIN_KEYS: [&str; 4] = ["lr", "decay", "eps", "beta2"];

#[component]
pub fn RunList() -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = move || store.runs.with(|r| r.iter().map(|s| s.id).collect::<Vec<_>>());
    view! {
        <section class="runs" aria-label="Runs">
            <ul class="run-list">
                <For each=ids key=|id| *id let:id>
                    <RunCard id=id />
                </For>
            </ul>
            <AddRun />
        </section>
    }
}

/// A small swatch in the run's colour and marker shape, as on the surface.
#[component]
pub fn Swatch(color: usize) -> impl IntoView {
    let shape = match run_marker(color) {
        Marker::Circle => "circle",
        Marker::Square => "square",
        Marker::Triangle => "triangle",
        Marker::Diamond => "diamond",
    };
    view! { <span class=format!("swatch {shape}") style=format!("--run-color: {}", run_color(color)) aria-hidden="true"></span> }
}

#[component]
fn RunCard(id: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let spec = Memo::new(move |_| store.runs.with(|r| r.iter().find(|s| s.id == id).copied()));
    let name = Memo::new(move |_| {
        store
            .runs
            .with(|all| all.iter().find(|s| s.id == id).map(|s| s.name(all)).unwrap_or_default())
    });
    let kind = Memo::new(move |_| spec.get().map(|s| s.optimizer.kind()));
    let status = Memo::new(move |_| run_status(&store, id));
    // Memos, so that a settings change does not rebuild the swatch and icons.
    let visible = Memo::new(move |_| spec.get().is_some_and(|s| s.visible));
    let selected = move || store.selected.get() == Some(id);
    let color = Memo::new(move |_| spec.get().map_or(0, |s| s.color));

    let controls = move || {
        let Some(kind) = kind.get() else { return ().into_any() };
        let (main, more): (Vec<_>, Vec<_>) =
            kind.params().iter().partition(|p| MAIN_KEYS.contains(&p.key));
        view! {
            {main.into_iter().map(|p| view! { <ParamControl run_id=id spec=p /> }).collect_view()}
            <details class="more">
                <summary>"More settings"</summary>
                {more.into_iter().map(|p| view! { <ParamControl run_id=id spec=p /> }).collect_view()}
            </details>
        }
        .into_any()
    };

    view! {
        <li class="run-card" class:hidden-run=move || !visible.get() class:selected=selected>
            <fieldset role="group" aria-label=move || name.get()>
                <legend class="visually-hidden">{move || name.get()}</legend>
                <div class="run-head">
                    {move || view! { <Swatch color=color.get() /> }}
                    <span class="run-name" aria-hidden="true">{move || name.get()}</span>
                    <div class="run-actions">
                    <button
                        type="button"
                        class="icon"
                        aria-pressed=move || selected().to_string()
                        title="Explain this run's steps"
                        aria-label=move || format!("Explain {}", name.get())
                        on:click=move |_| {
                            store.selected.set(Some(id));
                            scroll_to("[data-testid=explainer]");
                        }
                    >
                        <Icon name="explain" />
                    </button>
                    <button
                        type="button"
                        class="icon"
                        aria-pressed=move || visible.get().to_string()
                        title="Show or hide this run"
                        aria-label=move || format!("Show {}", name.get())
                        on:click=move |_| store.update_run(id, |r| r.visible = !r.visible)
                    >
                        {move || if visible.get() { view! { <Icon name="eye" /> } } else { view! { <Icon name="eye-off" /> } }}
                    </button>
                    <button
                        type="button"
                        class="icon"
                        title="Add a copy of this run, to compare one setting"
                        aria-label=move || format!("Duplicate {}", name.get())
                        on:click=move |_| store.duplicate_run(id)
                    >
                        <Icon name="copy" />
                    </button>
                    <button
                        type="button"
                        class="icon"
                        title="Remove this run"
                        aria-label=move || format!("Remove {}", name.get())
                        on:click=move |_| store.remove_run(id)
                    >
                        <Icon name="close" />
                    </button>
                    </div>
                </div>
                <p class="run-status" class:diverged=move || status.get().1>
                    {move || status.get().0}
                </p>
                {controls}
                <Presets id=id />
            </fieldset>
        </li>
    }
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
    let k = step.min(tr.points.len() - 1);
    let mut s = format!("loss {}", precise(tr.loss[k], 4));
    if let Some(d) = store.surface.with(|surf| surf.distance_to_nearest_minimum(tr.points[k])) {
        s.push_str(&format!(" · {} from a minimum", short(d)));
    }
    (s, false)
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

/// A compact legend (colour, name, status) beside the surface. Rows are keyed by run, so
/// playback updates only their status text.
#[component]
pub fn Legend() -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = move || {
        store.runs.with(|r| r.iter().filter(|s| s.visible).map(|s| s.id).collect::<Vec<_>>())
    };
    view! {
        <ul class="legend" aria-label="Legend">
            <For each=ids key=|id| *id let:id>
                <LegendRow id=id />
            </For>
        </ul>
    }
}

#[component]
fn LegendRow(id: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let spec = Memo::new(move |_| store.runs.with(|r| r.iter().find(|s| s.id == id).copied()));
    let name = Memo::new(move |_| {
        store
            .runs
            .with(|all| all.iter().find(|s| s.id == id).map(|s| s.name(all)).unwrap_or_default())
    });
    let status = Memo::new(move |_| run_status(&store, id));
    let color = Memo::new(move |_| spec.get().map_or(0, |s| s.color));
    view! {
        <li class:diverged=move || status.get().1>
            {move || view! { <Swatch color=color.get() /> }}
            <span class="run-name">{move || name.get()}</span>
            <span class="run-status">{move || status.get().0}</span>
        </li>
    }
}

/// "Defaults of PyTorch · Keras · optax": the same nominal optimizer as each library sets it.
#[component]
fn Presets(id: u32) -> impl IntoView {
    let store = expect_context::<Store>();
    let opt =
        Memo::new(move |_| store.runs.with(|r| r.iter().find(|s| s.id == id).map(|s| s.optimizer)));
    let applicable = move || opt.get().is_some_and(|o| o.kind() != OptimizerKind::Sgd);
    let current = Memo::new(move |_| opt.get().and_then(|o| presets::matching(&o)));
    let buttons = move || {
        Framework::ALL
            .iter()
            .map(|f| {
                let f = *f;
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || (current.get() == Some(f)).to_string()
                        title=format!("Use {}'s defaults for decay, ε and its placement (keeps the learning rate)", f.name())
                        on:click=move |_| store.update_run(id, |r| r.optimizer = presets::apply(f, r.optimizer))
                    >
                        {f.name()}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=applicable>
            <div class="presets" role="group" aria-label="Framework defaults">
                <span>"Defaults of"</span>
                {buttons}
            </div>
        </Show>
    }
}

/// Brings the element matching `selector` into view (smoothly, unless the user asked for
/// reduced motion, which the browser honours for "smooth").
fn scroll_to(selector: &str) {
    if let Some(el) = document().query_selector(selector).ok().flatten() {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_behavior(web_sys::ScrollBehavior::Smooth);
        opts.set_block(web_sys::ScrollLogicalPosition::Start);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}
