//! The step explainer: for the selected run at the playback step, the update's equations with
//! the actual numbers substituted, per coordinate, typeset as MathML (words in
//! `view::explainer_text`).

use super::perf::now_ms;
use super::runs::Swatch;
use super::state::Store;
use super::visible::visible;
use crate::core::trajectory::Problem;
use crate::view::explainer_text::{describe, gist};
use crate::view::mathml::split_slots;
use leptos::prelude::*;

/// Everything the explainer shows, derived from the store (compared, so playback frames
/// that change nothing shown do not touch the DOM).
#[derive(Clone, Debug, Default, PartialEq)]
struct Shown {
    name: String,
    color: usize,
    /// Which update this is and where it goes.
    intro: String,
    /// Why the run has no update here (diverged, past its end), if so.
    warning: Option<String>,
    gist: String,
    /// The equations as HTML, when there is an update to show.
    equations: Option<String>,
}

fn shown(store: &Store, step: usize) -> Shown {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let selected = store.selected.get();
    let Some(i) = specs.iter().position(|s| Some(s.id) == selected) else {
        return Shown { intro: "Choose a run to explain.".into(), ..Shown::default() };
    };
    let (Some(spec), Some(tr)) = (specs.get(i), runs.0.get(i)) else { return Shown::default() };
    let (intro, warning, equations) = describe(tr, step, store.problem.with(Problem::noise_used));
    Shown {
        name: spec.name(&specs),
        color: spec.color,
        intro,
        warning,
        gist: gist(&spec.optimizer),
        equations,
    }
}

/// How often (ms) the equations follow the animation while it plays.
const PLAYING_REFRESH_MS: f64 = 250.0;

#[component]
pub fn Explainer() -> impl IntoView {
    let store = expect_context::<Store>();
    // While playing, the equations follow a few times a second (typesetting MathML every
    // frame would cost the animation its frame rate); paused, they show the exact step.
    let step = RwSignal::new(store.step.get_untracked());
    let last = StoredValue::new(0.0_f64);
    let panel = NodeRef::<leptos::html::Section>::new();
    let on_screen = visible(panel);
    Effect::new(move |_| {
        let (s, playing) = (store.step.get(), store.playing.get());
        // Off screen, nothing to typeset; scrolling it into view catches up.
        if !on_screen.get() {
            return;
        }
        let now = now_ms();
        if !playing || now - last.get_value() >= PLAYING_REFRESH_MS {
            last.set_value(now);
            step.set(s);
        }
    });
    let shown = Memo::new(move |prev: Option<&Shown>| match (on_screen.get(), prev) {
        (false, Some(p)) => p.clone(),
        _ => shown(&store, step.get()),
    });
    // The equations' markup: when only numbers changed (a slider moved, the step advanced),
    // they are written into the `<mn>`s on the page; typesetting the whole table again costs
    // several milliseconds of layout.
    let table = NodeRef::<leptos::html::Div>::new();
    let on_page = StoredValue::new(String::new());
    Effect::new(move |_| {
        let Some(el) = table.get() else { return };
        shown.with(|s| {
            let markup = s.equations.as_deref().unwrap_or_default();
            on_page.update_value(|current| {
                if current != markup {
                    if !update_numbers(&el, current, markup) {
                        el.set_inner_html(markup);
                    }
                    *current = markup.to_string();
                }
            });
        });
    });
    view! {
        <section class="panel explainer" aria-labelledby="explainer-title" data-testid="explainer" node_ref=panel>
            <div class="explainer-head">
                <h2 class="panel-title" id="explainer-title">"Step explainer"</h2>
                <RunSelect />
            </div>
            <p class="explainer-intro" data-testid="explainer-intro">
                {move || {
                    let s = shown.get();
                    (!s.name.is_empty()).then(|| view! { <Swatch color=s.color /> <b>{s.name}</b> })
                }}
                " "
                {move || shown.with(|s| s.intro.clone())}
            </p>
            {move || {
                shown
                    .with(|s| s.warning.clone())
                    .map(|w| view! { <p class="explainer-warning" role="status">{w}</p> })
            }}
            <p class="explainer-gist">{move || shown.with(|s| s.gist.clone())}</p>
            <div
                class="eq-table"
                role="group"
                aria-label="The update's equations, for x and for y"
                class:hidden=move || shown.with(|s| s.equations.is_none())
                node_ref=table
            ></div>
        </section>
    }
}

/// Writes the numbers of `next` into the `<mn>`s and `data-value`s of `el`, which shows
/// `current`, when the two have the same shape (see [`split_slots`]); false, touching
/// nothing, when they do not.
fn update_numbers(el: &web_sys::Element, current: &str, next: &str) -> bool {
    const VALUE: (&str, &str) = (r#"data-value=""#, "\"");
    let split = |markup: &str| {
        let (shape, numbers) = split_slots(markup, "<mn>", "</mn>");
        let (shape, values) = split_slots(&shape, VALUE.0, VALUE.1);
        (shape, numbers, values)
    };
    let ((shape, old_numbers, old_values), (next_shape, numbers, values)) =
        (split(current), split(next));
    let (mns, cells) =
        (el.get_elements_by_tag_name("mn"), el.get_elements_by_class_name("eq-cell"));
    if current.is_empty()
        || shape != next_shape
        || mns.length() as usize != numbers.len()
        || cells.length() as usize != values.len()
    {
        return false;
    }
    for (i, (a, b)) in old_numbers.iter().zip(&numbers).enumerate() {
        if let (true, Some(node)) = (a != b, mns.item(i as u32)) {
            node.set_text_content(Some(b));
        }
    }
    for (i, (a, b)) in old_values.iter().zip(&values).enumerate() {
        if let (true, Some(cell)) = (a != b, cells.item(i as u32)) {
            let _ = cell.set_attribute("data-value", b);
        }
    }
    true
}

/// The explainer's own choice of run (the same selection as the run cards' "Explain").
#[component]
fn RunSelect() -> impl IntoView {
    let store = expect_context::<Store>();
    let options = move || {
        let selected = store.selected.get();
        store.run_names.with(|all| {
            all.iter()
                .map(|(id, name)| {
                    view! {
                        <option value=id.to_string() selected=selected == Some(*id)>{name.clone()}</option>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <label class="explainer-run">
            "Run "
            <select
                data-testid="explainer-run"
                prop:value=move || store.selected.get().map(|id| id.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<u32>() {
                        store.selected.set(Some(id));
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}
