//! The step explainer: for the selected run at the playback step, the update's equations with
//! the actual numbers substituted, per coordinate, typeset as MathML.
//!
//! Which update: the one that produced the current position, update t = step (from step
//! t − 1 to step t); at step 0, the start, it is update 1, the one leaving it.

use super::perf::now_ms;
use super::run_list::Swatch;
use super::state::Store;
use super::visible::visible;
use crate::core::explain::{explain, explain_divergence, Divergence, Explanation};
use crate::core::optim::{EpsPlacement, Optimizer};
use crate::core::trajectory::Trajectory;
use crate::view::equations::{rows, to_html};
use crate::view::format::precise;
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

fn point(p: [f64; 2]) -> String {
    format!("({}, {})", precise(p[0], 4), precise(p[1], 4))
}

fn from_to(e: &Explanation) -> String {
    let [x, y] = e.coords;
    format!("from {} to {}", point([x.theta_prev, y.theta_prev]), point([x.theta_new, y.theta_new]))
}

fn equations(e: &Explanation) -> Option<String> {
    Some(to_html(&rows(e)))
}

/// What to show for trajectory `tr` at playback step `step`.
fn describe(
    store: &Store,
    tr: &Trajectory,
    step: usize,
) -> (String, Option<String>, Option<String>) {
    let available = tr.steps.len();
    let t = step.max(1);
    if t <= available {
        return match explain(tr, t) {
            Ok(e) => {
                let intro = if step == 0 {
                    format!(
                        "Step 0 is the start, so this is update 1, the one that leaves it: {}.",
                        from_to(&e)
                    )
                } else {
                    format!(
                        "Update {t}, the one that produced the current position (step {t}): {}.",
                        from_to(&e)
                    )
                };
                (intro, None, equations(&e))
            }
            Err(err) => (String::new(), Some(format!("Nothing to explain: {err}.")), None),
        };
    }
    let noise = store.noise.get();
    match explain_divergence(tr, noise) {
        Some(Divergence::NotFinite(e)) => (
            format!("Shown: update {}, the one that failed, {}.", e.t, from_to(&e)),
            Some(format!(
                "This run diverged at update {}: its result is not a finite number, so the run \
                 ends at step {}.",
                e.t,
                e.t - 1
            )),
            equations(&e),
        ),
        Some(Divergence::Undefined { t, point: p, loss }) => {
            let message = if loss.is_nan() {
                format!(
                    "This run stopped at update {t}: f is undefined at {} (outside its domain), \
                     so that update has no gradient to work with. The run ends at step {}.",
                    point(p),
                    t - 1
                )
            } else {
                format!(
                    "This run diverged at update {t}: f overflowed at {} (f = ∞) and its \
                     gradient is not a number, so that update cannot be computed. The run ends \
                     at step {}.",
                    point(p),
                    t - 1
                )
            };
            // The last update taken is what went wrong: show it.
            match explain(tr, t - 1) {
                Ok(e) => (
                    format!("Shown: update {}, the last one it took, {}.", e.t, from_to(&e)),
                    Some(message),
                    equations(&e),
                ),
                Err(_) => (String::new(), Some(message), None),
            }
        }
        Some(Divergence::BadStart) => {
            let message = "The start is not a finite point: there is nothing to explain.";
            (String::new(), Some(message.into()), None)
        }
        None => (
            String::new(),
            Some(format!("Step {step} is past the end of this run: it has {available} updates.")),
            None,
        ),
    }
}

fn shown(store: &Store, step: usize) -> Shown {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let selected = store.selected.get();
    let Some(i) = specs.iter().position(|s| Some(s.id) == selected) else {
        return Shown { intro: "Choose a run to explain.".into(), ..Shown::default() };
    };
    let (Some(spec), Some(tr)) = (specs.get(i), runs.0.get(i)) else { return Shown::default() };
    let (intro, warning, equations) = describe(store, tr, step);
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

/// What the equations mean, in a sentence or three, for this optimizer and its options.
fn gist(opt: &Optimizer) -> String {
    match opt {
        Optimizer::RmsProp(o) => {
            let mut s = String::from(
                "RMSProp divides each coordinate's gradient by the root of a running mean of its \
                 squares, v, so steep and flat directions both move about α per step: the sign \
                 of g matters more than its size. ρ sets how long v remembers.",
            );
            if o.centered {
                s.push_str(
                    " Centered: it subtracts the squared mean of g, so it divides by an estimate \
                     of g's standard deviation.",
                );
            }
            s.push_str(match o.eps_placement {
                EpsPlacement::Inside => " ε sits inside the root (TensorFlow, Keras, optax).",
                EpsPlacement::Outside => " ε sits outside the root (PyTorch).",
            });
            if o.momentum > 0.0 {
                s.push_str(" With momentum, the scaled gradients accumulate in b.");
            }
            s
        }
        Optimizer::Adagrad(o) => {
            let mut s = String::from(
                "AdaGrad divides by the root of the sum s of all squared gradients so far, so each \
                 coordinate's steps can only shrink, fastest where gradients have been large: on \
                 a long run it stalls.",
            );
            if o.lr_decay > 0.0 {
                s.push_str(" The learning rate also decays with t.");
            }
            s
        }
        Optimizer::Adam(o) => {
            let mut s = String::from(
                "Adam steps along m, a running mean of g (momentum), divided by the root of v, a \
                 running mean of g² (as RMSProp). Both start at 0, so both are divided by \
                 1 − βᵗ (bias correction): early steps are about α in size, not tiny.",
            );
            if o.amsgrad {
                s.push_str(" AMSGrad divides by the largest v so far, so steps never grow back.");
            }
            s
        }
        Optimizer::Sgd(o) => {
            let mut s = String::from(
                "SGD steps straight against the gradient, scaled by α alone: steep coordinates \
                 take big steps, flat ones tiny steps. Its effective learning rate is α.",
            );
            if o.momentum > 0.0 {
                s.push_str(if o.nesterov {
                    " Momentum accumulates gradients in b; Nesterov looks ahead along it."
                } else {
                    " Momentum accumulates gradients in b and steps along it."
                });
            }
            s
        }
    }
}
