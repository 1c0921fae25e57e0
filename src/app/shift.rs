//! A shifting objective: after update k every update sees s·f(θ − (a, b)) instead of f, so a
//! run that has adapted to one landscape must re-adapt to another (RMSProp forgets, AdaGrad
//! cannot). Off by default; the fields check what they are given, as scenario files do.

use super::state::Store;
use crate::core::url_state::number;
use crate::view::shift_edit::{proposal, with_field};
use leptos::prelude::*;

#[component]
pub fn ShiftPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let on = move || store.shift.get().is_some();
    let error = RwSignal::new(None::<String>);
    let field = move |which: usize, label: &'static str| {
        let shown = move || {
            store.shift.get().map_or(String::new(), |s| match which {
                0 => s.step.to_string(),
                1 => number(s.scale),
                _ => number(s.offset[which - 2]),
            })
        };
        let on_change = move |ev: leptos::ev::Event| {
            let Some(sh) = store.shift.get_untracked() else { return };
            let steps = store.steps.get_untracked();
            match with_field(sh, which, &event_target_value(&ev), steps) {
                Ok(next) => {
                    error.set(None);
                    store.shift.set(Some(next));
                }
                Err(msg) => error.set(Some(format!("{msg}; kept the last value"))),
            }
        };
        view! {
            <label class="shift-field">
                <span>{label}</span>
                <input type="text" inputmode="decimal" class="exact" spellcheck="false"
                    aria-label=format!("Shift {label}") prop:value=shown on:change=on_change />
            </label>
        }
    };
    view! {
        <div class="shift" class:invalid=move || error.get().is_some()>
            <label class="switch" title="After update k, every update sees s·f(θ − (a, b))">
                <input
                    type="checkbox"
                    prop:checked=on
                    on:change=move |ev| {
                        error.set(None);
                        let steps = store.steps.get_untracked();
                        store.shift.set(event_target_checked(&ev).then(|| proposal(steps)));
                    }
                />
                "Shift the objective"
            </label>
            <Show when=on>
                <p class="hint">"After update k: s·f(θ − (a, b))"</p>
                <div class="shift-fields" role="group" aria-label="Shift">
                    {field(0, "k")}
                    {field(1, "s")}
                    {field(2, "a")}
                    {field(3, "b")}
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </Show>
        </div>
    }
}
