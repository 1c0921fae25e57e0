//! A run's card: its name and actions (explain, show, duplicate, remove), its status, a
//! control per setting, and the frameworks' presets.

use super::controls::ParamControl;
use super::legend::{run_status, Swatch};
use super::schedule::ScheduleControl;
use crate::app::icons::{Icon, IconName};
use crate::app::state::{RunSpec, Store};
use crate::app::visible::scroll_to;
use crate::core::optim::params::{BETA2, DECAY, EPS, LR};
use crate::core::presets::{self, Framework};
use leptos::prelude::*;
use web_sys::ScrollLogicalPosition;

/// The settings shown without opening "More settings".
const MAIN_KEYS: [&str; 4] = [LR.key, DECAY.key, EPS.key, BETA2.key];

#[component]
pub fn RunCard(run: RwSignal<RunSpec>) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = run.with_untracked(|r| r.id);
    let name = Memo::new(move |_| store.runs.with(|all| run.with(|r| r.name(all))));
    let kind = Memo::new(move |_| run.with(|r| r.optimizer.kind()));
    let status = Memo::new(move |_| run_status(&store, id));
    // Memos, so that a settings change does not rebuild the swatch and icons.
    let visible = Memo::new(move |_| run.with(|r| r.visible));
    let selected = move || store.selected.get() == Some(id);
    let color = Memo::new(move |_| run.with(|r| r.color));

    let controls = move || {
        let (main, more): (Vec<_>, Vec<_>) =
            kind.get().params().iter().partition(|p| MAIN_KEYS.contains(&p.key));
        view! {
            {main.into_iter().map(|p| view! { <ParamControl run=run spec=p /> }).collect_view()}
            <details class="more">
                <summary>"More settings"</summary>
                {more.into_iter().map(|p| view! { <ParamControl run=run spec=p /> }).collect_view()}
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
                            scroll_to("[data-testid=explainer]", ScrollLogicalPosition::Start);
                        }
                    >
                        <Icon name=IconName::Explain />
                    </button>
                    <button
                        type="button"
                        class="icon"
                        aria-pressed=move || visible.get().to_string()
                        title="Show or hide this run"
                        aria-label=move || format!("Show {}", name.get())
                        on:click=move |_| run.update(|r| r.visible = !r.visible)
                    >
                        {move || if visible.get() { view! { <Icon name=IconName::Eye /> } } else { view! { <Icon name=IconName::EyeOff /> } }}
                    </button>
                    <button
                        type="button"
                        class="icon"
                        title="Pin this run as it is now, to compare a change with it"
                        aria-label=move || format!("Pin {}", name.get())
                        on:click=move |_| store.pin_run(&run.get_untracked())
                    >
                        <Icon name=IconName::Pin />
                    </button>
                    <button
                        type="button"
                        class="icon"
                        title="Add a copy of this run, to compare one setting"
                        aria-label=move || format!("Duplicate {}", name.get())
                        on:click=move |_| store.duplicate_run(run.get_untracked())
                    >
                        <Icon name=IconName::Copy />
                    </button>
                    <button
                        type="button"
                        class="icon"
                        title="Remove this run"
                        aria-label=move || format!("Remove {}", name.get())
                        on:click=move |_| store.remove_run(id)
                    >
                        <Icon name=IconName::Close />
                    </button>
                    </div>
                </div>
                <p class="run-status" class:diverged=move || status.get().1>
                    {move || status.get().0}
                </p>
                {controls}
                <ScheduleControl run=run />
                <Presets run=run />
            </fieldset>
        </li>
    }
}

/// "Defaults of PyTorch · Keras · optax": the same nominal optimizer as each library sets it.
#[component]
fn Presets(run: RwSignal<RunSpec>) -> impl IntoView {
    let opt = Memo::new(move |_| run.with(|r| r.optimizer));
    let applicable = move || Framework::ALL.iter().any(|f| f.applies_to(opt.get().kind()));
    let current = Memo::new(move |_| {
        let o = opt.get();
        Framework::ALL.map(|f| presets::has_defaults_of(f, &o))
    });
    let buttons = move || {
        let kind = opt.get().kind();
        Framework::ALL
            .iter()
            .filter(move |f| f.applies_to(kind))
            .map(|f| {
                let f = *f;
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || current.with(|m| m[f as usize]).to_string()
                        title=format!("Use {}'s defaults for decay, β, ε and where it sits (Keras's Adam: ε-hat), and AdaGrad's initial accumulator; keeps the learning rate, whose defaults differ (RMSprop: PyTorch 1e-2, Keras 1e-3; optax has none)", f.name())
                        on:click=move |_| run.update(|r| r.optimizer = presets::apply(f, r.optimizer))
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
