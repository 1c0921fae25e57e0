//! The scene: which surface (with its formula), how many steps, and the start point.

use super::state::{Store, MAX_STEPS, MIN_STEPS};
use crate::core::surface::{Surface, SurfaceKind};
use crate::view::format::precise;
use leptos::prelude::*;

#[component]
pub fn ScenePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let current_name = move || {
        store.surface.with(|s| match s {
            Surface::Builtin(k) => k.name().to_string(),
            Surface::Custom(_) => "custom".to_string(),
        })
    };
    let info = move || {
        store.surface.with(|s| match s {
            Surface::Builtin(k) => (k.info().formula.to_string(), k.info().blurb.to_string()),
            Surface::Custom(c) => (c.formula.source().to_string(), "Your formula.".to_string()),
        })
    };
    let steps_error = RwSignal::new(None::<String>);
    let on_steps = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<usize>() {
            Ok(n) if (MIN_STEPS..=MAX_STEPS).contains(&n) => {
                steps_error.set(None);
                store.steps.set(n);
                store.step.update(|s| *s = (*s).min(n));
            }
            _ => steps_error.set(Some(format!(
                "Steps must be a whole number from {MIN_STEPS} to {MAX_STEPS}; kept {}",
                store.steps.get_untracked()
            ))),
        }
    };
    view! {
        <section class="scene" aria-label="Scene">
            <div class="param">
                <label for="surface-select">"Surface"</label>
                <select
                    id="surface-select"
                    prop:value=current_name
                    on:change=move |ev| {
                        if let Some(k) = SurfaceKind::from_name(&event_target_value(&ev)) {
                            store.set_surface(Surface::Builtin(k));
                        }
                    }
                >
                    {SurfaceKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.name()>{k.info().title}</option> })
                        .collect_view()}
                    <option value="custom" disabled=true>"Custom formula (below)"</option>
                </select>
            </div>
            <p class="formula" aria-label="Formula">
                <span class="fx">"f(x, y) = "</span>
                <code>{move || info().0}</code>
            </p>
            <p class="blurb">{move || info().1}</p>
            <div class="param steps" class:invalid=move || steps_error.get().is_some()>
                <label for="steps-input">"Steps"</label>
                <input
                    id="steps-input"
                    type="number"
                    min=MIN_STEPS.to_string()
                    max=MAX_STEPS.to_string()
                    step="10"
                    prop:value=move || store.steps.get().to_string()
                    on:change=on_steps
                />
                <span class="start-readout">
                    {move || {
                        let [x, y] = store.start.get();
                        format!("start ({}, {})", precise(x, 4), precise(y, 4))
                    }}
                </span>
                <p class="field-error" role="alert">{move || steps_error.get()}</p>
            </div>
        </section>
    }
}
