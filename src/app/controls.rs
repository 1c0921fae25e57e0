//! One control per hyperparameter, built from the core's parameter table: a slider with an
//! exact-value field for numbers, a checkbox for flags, a select for choices.

use super::state::Store;
use crate::core::optim::params::{ParamKind, ParamSpec, ParamValue};
use crate::view::format::precise;
use crate::view::slider::{parse_value, position_of, value_at, SLIDER_STEPS};
use leptos::prelude::*;

/// The control for setting `spec` of run `run_id`.
#[component]
pub fn ParamControl(run_id: u32, spec: &'static ParamSpec) -> impl IntoView {
    let store = expect_context::<Store>();
    let value = Memo::new(move |_| {
        store.runs.with(|runs| {
            runs.iter().find(|r| r.id == run_id).and_then(|r| r.optimizer.get(spec.key))
        })
    });
    let set = move |v: ParamValue| {
        let mut result = Ok(());
        store.update_run(run_id, |r| result = r.optimizer.set(spec.key, v));
        result
    };
    let input_id = format!("run{run_id}-{}", spec.key);
    match spec.kind {
        ParamKind::Real { range, slider } => {
            let current = move || match value.get() {
                Some(ParamValue::Real(x)) => x,
                _ => f64::NAN,
            };
            // Text the user typed that was refused, kept so they can correct it.
            let draft = RwSignal::new(None::<String>);
            let error = RwSignal::new(None::<String>);
            let on_slide = move |ev: leptos::ev::Event| {
                let pos: u32 = event_target_value(&ev).parse().unwrap_or(0);
                if set(ParamValue::Real(value_at(slider, pos))).is_ok() {
                    draft.set(None);
                    error.set(None);
                }
            };
            let on_text = move |ev: leptos::ev::Event| {
                let text = event_target_value(&ev);
                let applied = parse_value(&text, &range).and_then(|x| set(ParamValue::Real(x)));
                match applied {
                    Ok(()) => {
                        draft.set(None);
                        error.set(None);
                    }
                    Err(msg) => {
                        draft.set(Some(text));
                        error.set(Some(format!(
                            "{}: {msg}; kept {}",
                            spec.label,
                            precise(current(), 6)
                        )));
                    }
                }
            };
            let error_id = format!("{input_id}-error");
            let error_id2 = error_id.clone();
            view! {
                <div class="param" class:invalid=move || error.get().is_some()>
                    <label for=input_id.clone() title=spec.help>{spec.label}</label>
                    <input
                        type="range"
                        id=input_id.clone()
                        min="0"
                        max=SLIDER_STEPS.to_string()
                        step="1"
                        aria-label=spec.label
                        aria-valuetext=move || precise(current(), 4)
                        prop:value=move || position_of(slider, current()).to_string()
                        on:input=on_slide
                    />
                    <input
                        type="text"
                        class="exact"
                        inputmode="decimal"
                        spellcheck="false"
                        autocomplete="off"
                        aria-label=format!("{} (exact value)", spec.label)
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=error_id.clone()
                        prop:value=move || draft.get().unwrap_or_else(|| precise(current(), 6))
                        on:change=on_text
                    />
                    <p class="field-error" id=error_id2 role="alert" aria-live="polite">
                        {move || error.get()}
                    </p>
                </div>
            }
            .into_any()
        }
        ParamKind::Flag => {
            let checked = move || matches!(value.get(), Some(ParamValue::Flag(true)));
            view! {
                <div class="param flag">
                    <label title=spec.help>
                        <input
                            type="checkbox"
                            prop:checked=checked
                            on:change=move |ev| {
                                let _ = set(ParamValue::Flag(event_target_checked(&ev)));
                            }
                        />
                        {spec.label}
                    </label>
                </div>
            }
            .into_any()
        }
        ParamKind::Choice(names) => {
            let selected = move || match value.get() {
                Some(ParamValue::Choice(c)) => c.to_string(),
                _ => String::new(),
            };
            view! {
                <div class="param choice">
                    <label for=input_id.clone() title=spec.help>{spec.label}</label>
                    <select
                        id=input_id.clone()
                        prop:value=selected
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(name) = names.iter().find(|n| **n == v) {
                                let _ = set(ParamValue::Choice(name));
                            }
                        }
                    >
                        {names.iter().map(|n| view! { <option value=*n>{choice_label(n)}</option> }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
    }
}

/// What a choice means, for the select's option text.
fn choice_label(name: &str) -> String {
    match name {
        "inside" => "inside: √(v + ε)".into(),
        "outside" => "outside: √v + ε".into(),
        other => other.into(),
    }
}
