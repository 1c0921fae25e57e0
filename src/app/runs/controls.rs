//! One control per hyperparameter, built from the core's parameter table: a slider with an
//! exact-value field for numbers, a checkbox for flags, a select for choices.

use crate::app::state::RunSpec;
use crate::core::optim::params::{ParamKind, ParamSpec, ParamValue, Range, SliderScale};
use crate::core::url_state::number;
use crate::view::format::precise;
use crate::view::slider::{parse_value, position_of, value_at, SLIDER_STEPS};
use leptos::prelude::*;

/// The control for setting `spec` of `run`.
#[component]
pub fn ParamControl(run: RwSignal<RunSpec>, spec: &'static ParamSpec) -> impl IntoView {
    let run_id = run.with_untracked(|r| r.id);
    let value = Memo::new(move |_| run.with(|r| r.optimizer.get(spec.key)));
    let set = move |v: ParamValue| {
        let mut result = Ok(());
        run.update(|r| result = r.optimizer.set(spec.key, v));
        result
    };
    let input_id = format!("run{run_id}-{}", spec.key);
    match spec.kind {
        ParamKind::Real { range, slider } => {
            let current = Signal::derive(move || match value.get() {
                Some(ParamValue::Real(x)) => x,
                _ => f64::NAN,
            });
            let on_set = Callback::new(move |x: f64| set(ParamValue::Real(x)));
            view! { <RealControl id=input_id label=spec.label help=spec.help value=current on_set range slider /> }
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

/// A number: a slider on `slider`'s scale beside a field for the exact value (every digit
/// it takes to read back as the same number, so the field never shows a rounded value). A typed value
/// outside `range` (or not a number) is refused with a message beside the field, and the
/// last good value stays.
#[component]
pub fn RealControl(
    id: String,
    label: &'static str,
    help: &'static str,
    #[prop(into)] value: Signal<f64>,
    on_set: Callback<f64, Result<(), String>>,
    range: Range,
    slider: SliderScale,
    /// Whole numbers only: the slider gives the nearest one (a typed fraction is left to
    /// `on_set` to refuse).
    #[prop(optional)]
    whole: bool,
) -> impl IntoView {
    // Text the user typed that was refused, kept so they can correct it.
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let on_slide = move |ev: leptos::ev::Event| {
        let pos: u32 = event_target_value(&ev).parse().unwrap_or(0);
        let x = value_at(slider, pos);
        if on_set.run(if whole { x.round() } else { x }).is_ok() {
            draft.set(None);
            error.set(None);
        }
    };
    let on_text = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match parse_value(&text, &range).and_then(|x| on_set.run(x)) {
            Ok(()) => {
                draft.set(None);
                error.set(None);
            }
            Err(msg) => {
                draft.set(Some(text));
                error.set(Some(format!("{label}: {msg}; kept {}", number(value.get_untracked()))));
            }
        }
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="param" class:invalid=move || error.get().is_some()>
            <label for=id.clone() title=help>{label}</label>
            <input
                type="range"
                id=id.clone()
                min="0"
                max=SLIDER_STEPS.to_string()
                step="1"
                aria-label=label
                aria-valuetext=move || precise(value.get(), 4)
                prop:value=move || position_of(slider, value.get()).to_string()
                on:input=on_slide
            />
            <input
                type="text"
                class="exact"
                inputmode="decimal"
                spellcheck="false"
                autocomplete="off"
                aria-label=format!("{label} (exact value)")
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || draft.get().unwrap_or_else(|| number(value.get()))
                on:change=on_text
            />
            <p class="field-error" id=error_id role="alert" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
