//! The scene: which surface (a catalog entry or your own formula, with its window), how many
//! steps, and the start point.

use super::data;
use super::state::{Store, MAX_PLAY_STEPS, MIN_PLAY_STEPS};
use crate::core::data::Model;
use crate::core::decimal;
use crate::core::formula::{Formula, FormulaError};
use crate::core::scenario::check_window;
use crate::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use crate::view::format::precise;
use crate::view::heatmap::{Coverage, Grid};
use leptos::prelude::*;

#[component]
pub fn ScenePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let is_custom = Memo::new(move |_| store.surface.with(|s| matches!(s, Surface::Custom(_))));
    let is_data = Memo::new(move |_| store.surface.with(|s| matches!(s, Surface::Data(_))));
    let current_name = move || {
        store.surface.with(|s| match s {
            Surface::Builtin(k) => k.name().to_string(),
            Surface::Data(d) => data::option_value(d.model()),
            Surface::Custom(_) => "custom".to_string(),
        })
    };
    let builtin = move || {
        store.surface.with(|s| match s {
            Surface::Builtin(k) => Some((k.info().formula, k.info().blurb)),
            Surface::Data(d) => Some((d.model().loss_text(), d.model().title())),
            Surface::Custom(_) => None,
        })
    };
    let steps_error = RwSignal::new(None::<String>);
    let on_steps = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<usize>() {
            Ok(n) if (MIN_PLAY_STEPS..=MAX_PLAY_STEPS).contains(&n) => {
                steps_error.set(None);
                // Whole runs stay whole; a playback position inside the runs is kept.
                let old = store.steps.get_untracked();
                store.steps.set(n);
                store.step.update(|s| *s = if *s >= old { n } else { (*s).min(n) });
            }
            _ => steps_error.set(Some(format!(
                "Steps must be a whole number from {MIN_PLAY_STEPS} to {MAX_PLAY_STEPS}; kept {}",
                store.steps.get_untracked()
            ))),
        }
    };
    let on_surface = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(k) = SurfaceKind::from_name(&name) {
            store.set_surface(Surface::Builtin(k));
        } else if let Some(m) = data::model_of_option(&name) {
            data::open(&store, m);
        } else if name == "custom" && !is_custom.get_untracked() {
            // Start from the current surface's own formula and window, ready to edit.
            let (src, window) =
                store.surface.with_untracked(|s| (s.formula().to_owned(), s.window()));
            if let Ok(formula) = Formula::parse(&src) {
                set_custom(&store, formula, window);
            }
        }
    };
    view! {
        <section class="scene" aria-label="Scene">
            <div class="param">
                <label for="surface-select">"Surface"</label>
                <select id="surface-select" prop:value=current_name on:change=on_surface>
                    {SurfaceKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.name()>{k.info().title}</option> })
                        .collect_view()}
                    <option value="custom">"Custom formula"</option>
                    <optgroup label="Models on data">
                        {Model::ALL
                            .iter()
                            .map(|m| view! { <option value=data::option_value(*m)>{format!("Data: {}", m.title())}</option> })
                            .collect_view()}
                    </optgroup>
                </select>
            </div>
            {move || match builtin() {
                Some((formula, blurb)) => view! {
                    <p class="formula" aria-label="Formula">
                        <span class="fx">{move || {
                            let [a, b] = store.surface.with(|s| s.axis_names());
                            format!("f({a}, {b}) = ")
                        }}</span>
                        <code>{formula}</code>
                    </p>
                    <p class="blurb">{blurb}</p>
                }
                .into_any(),
                None => view! { <CustomSurfaceFields /> }.into_any(),
            }}
            {move || is_data.get().then(|| view! { <data::DataFields /> })}
            <div class="param steps" class:invalid=move || steps_error.get().is_some()>
                <label for="steps-input">"Steps"</label>
                <input
                    id="steps-input"
                    type="number"
                    min=MIN_PLAY_STEPS.to_string()
                    max=MAX_PLAY_STEPS.to_string()
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

/// Switches to a custom surface; the start stays unless the new window leaves it outside.
fn set_custom(store: &Store, formula: Formula, window: Window) {
    let surface = Surface::Custom(Box::new(CustomSurface { formula, window }));
    if !window.contains(store.start.get_untracked()) {
        store.start.set(surface.default_start());
    }
    store.surface.set(surface);
    store.view.set(None);
}

fn custom_parts(store: &Store) -> Option<(String, Window)> {
    store.surface.with_untracked(|s| match s {
        Surface::Custom(c) => Some((c.formula.source().to_owned(), c.window)),
        Surface::Builtin(_) | Surface::Data(_) => None,
    })
}

/// The formula field (checked as you type, drawn on Enter, on leaving the field or with
/// "Draw") and the window's ranges. Invalid input never replaces the surface.
#[component]
fn CustomSurfaceFields() -> impl IntoView {
    let store = expect_context::<Store>();
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormulaError>);
    let ranges = RwSignal::new([String::new(), String::new(), String::new(), String::new()]);
    let window_error = RwSignal::new(None::<String>);
    // Follow the surface when something else sets it (a link, an import).
    Effect::new(move |_| {
        store.surface.track();
        if let Some((src, w)) = custom_parts(&store) {
            draft.set(src);
            error.set(None);
            ranges.set([w.x.0, w.x.1, w.y.0, w.y.1].map(|v| precise(v, 12)));
            window_error.set(None);
        }
    });
    let apply = move || match Formula::parse(&draft.get_untracked()) {
        Ok(formula) => {
            error.set(None);
            if let Some((src, window)) = custom_parts(&store) {
                if src != formula.source() {
                    set_custom(&store, formula, window);
                }
            }
        }
        Err(e) => error.set(Some(e)),
    };
    let apply_window = move || {
        let texts = ranges.get_untracked();
        let mut v = [0.0; 4];
        for (slot, (text, name)) in
            v.iter_mut().zip(texts.iter().zip(["x from", "x to", "y from", "y to"]))
        {
            match decimal::parse(text.trim()) {
                Some(x) if x.is_finite() => *slot = x,
                _ => {
                    return window_error
                        .set(Some(format!("{name}: '{}' is not a number", text.trim())))
                }
            }
        }
        match (check_window([v[0], v[1]], [v[2], v[3]], "window"), custom_parts(&store)) {
            (Ok(window), Some((src, _))) => {
                window_error.set(None);
                if let Ok(formula) = Formula::parse(&src) {
                    set_custom(&store, formula, window);
                }
            }
            (Err(e), _) => window_error.set(Some(format!("Window: {}", e.message))),
            (Ok(_), None) => {}
        }
    };
    let range_input = move |i: usize, label: &'static str| {
        view! {
            <input
                type="text"
                inputmode="decimal"
                spellcheck="false"
                autocomplete="off"
                aria-label=label
                prop:value=move || ranges.with(|r| r[i].clone())
                on:input=move |ev| ranges.update(|r| r[i] = event_target_value(&ev))
                on:change=move |_| apply_window()
            />
        }
    };
    let coverage =
        Memo::new(move |_| store.surface.with(|s| Grid::sample(s, s.window(), 48, 48).coverage()));
    view! {
        <div class="custom-surface" class:invalid=move || error.get().is_some()>
            <label for="formula-input">"f(x, y) ="</label>
            <div class="formula-row">
                <input
                    id="formula-input"
                    type="text"
                    class="formula-input"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-describedby="formula-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        error.set(Formula::parse(&text).err());
                        draft.set(text);
                    }
                    on:change=move |_| apply()
                />
                <button type="button" class="button" on:click=move |_| apply()>"Draw"</button>
            </div>
            <div id="formula-error" class="formula-error" role="alert" aria-live="polite">
                {move || error.get().map(|e| {
                    // The text again with a caret under the position (both monospace).
                    let text = draft.get();
                    let caret = format!("{}^", " ".repeat(e.position.min(text.chars().count())));
                    view! {
                        <pre class="formula-caret" aria-hidden="true">{text}"\n"{caret}</pre>
                        <p class="field-error">{e.to_string()}". The surface is unchanged."</p>
                    }
                })}
            </div>
            <p class="hint">
                "Use numbers, x, y, + - * / ^, ( ), sin cos tan exp log sqrt abs tanh, pi and e."
            </p>
            <div class="window-fields" class:invalid=move || window_error.get().is_some() role="group" aria-label="Window">
                <span>"x from"</span>
                {range_input(0, "x from")}
                <span>"to"</span>
                {range_input(1, "x to")}
                <span>"y from"</span>
                {range_input(2, "y from")}
                <span>"to"</span>
                {range_input(3, "y to")}
                <p class="field-error" role="alert">{move || window_error.get()}</p>
            </div>
            {move || coverage.get().note().map(|note| {
                let nowhere = coverage.get() != Coverage::Partly;
                view! {
                    <p class="hint undefined-note" class:field-error=nowhere role="status">
                        <span class="grey-swatch" aria-hidden="true"></span>
                        {note}
                    </p>
                }
            })}
        </div>
    }
}
