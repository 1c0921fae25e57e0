//! A run's learning-rate schedule: the kind (PyTorch's and optax's schedulers, by
//! `core::schedule`'s table) and a control per field. A value the kind refuses, or one that
//! does not fit the run's steps, gets a message naming the field, and the last good
//! schedule stays.

use super::controls::RealControl;
use crate::app::state::{RunSpec, Store};
use crate::core::optim::params::ParamKind;
use crate::core::schedule::{ScheduleField, ScheduleKind};
use leptos::prelude::*;

#[component]
pub fn ScheduleControl(run: RwSignal<RunSpec>) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = run.with_untracked(|r| r.id);
    let kind = Memo::new(move |_| run.with(|r| r.schedule.kind()));
    let select_id = format!("run{id}-schedule");
    let on_kind = move |ev: leptos::ev::Event| {
        if let Some(k) = ScheduleKind::from_name(&event_target_value(&ev)) {
            let steps = store.steps.get_untracked();
            run.update(|r| r.schedule = k.example(steps));
        }
    };
    let fields = move || {
        let k = kind.get();
        k.fields().iter().map(move |f| view! { <FieldControl run field=f /> }).collect_view()
    };
    view! {
        <details class="more schedule">
            <summary>{move || format!("Schedule: {}", kind.get().title())}</summary>
            <div class="param choice">
                <label for=select_id.clone() title="The learning rate each update uses, as the framework's scheduler gives it after the updates before it (PyTorch: opt.step(); sched.step()).">
                    "Learning-rate schedule"
                </label>
                <select id=select_id prop:value=move || kind.get().name() on:change=on_kind>
                    {ScheduleKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.name()>{k.title()}</option> })
                        .collect_view()}
                </select>
            </div>
            {fields}
        </details>
    }
}

/// One field of the run's schedule, checked by the table and against the run's steps.
#[component]
fn FieldControl(run: RwSignal<RunSpec>, field: &'static ScheduleField) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = field.spec.key;
    let ParamKind::Real { range, slider } = field.spec.kind else { return ().into_any() };
    let value = Signal::derive(move || run.with(|r| r.schedule.get(key).unwrap_or(f64::NAN)));
    let on_set = Callback::new(move |x: f64| {
        let mut s = run.with_untracked(|r| r.schedule);
        s.set(key, x)?;
        s.check(store.steps.get_untracked()).map_err(|e| format!("{}: {}", e.field, e.message))?;
        run.update(|r| r.schedule = s);
        Ok(())
    });
    let id = format!("run{}-schedule-{key}", run.with_untracked(|r| r.id));
    let spec = &field.spec;
    view! { <RealControl id label=spec.label help=spec.help value on_set range slider whole=field.whole /> }
        .into_any()
}
