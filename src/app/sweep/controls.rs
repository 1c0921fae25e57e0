//! The sweep panel's settings: which run, the second axis, the metrics, grid size, steps,
//! the learning-rate range and the loss threshold, with the controls that edit them.

use crate::app::state::{Store, MAX_PLAY_STEPS, MIN_PLAY_STEPS};
use crate::core::optim::params::{Range, LR};
use crate::core::surface::Surface;
use crate::core::sweep::DEFAULT_GAP;
use crate::core::sweep::{auto_lr_range, second_axis_options, Metric};
use crate::core::trajectory::{Problem, Run};
use crate::view::format::precise;
use crate::view::slider::parse_value;
use crate::view::sweep_pictures::StartColour;
use leptos::prelude::*;

const GRID_SIZES: [usize; 7] = [16, 24, 32, 48, 64, 96, 128];
const DEFAULT_CELLS: usize = 48;

#[derive(Clone, Copy)]
pub struct SweepSettings {
    /// The run the user picked; [`Self::chosen`] falls back to the first run.
    run: RwSignal<Option<u32>>,
    pub chosen: Memo<Option<(u32, Run)>>,
    pub chosen_name: Memo<String>,
    y_choice: RwSignal<Option<&'static str>>,
    /// The second axis: the user's choice if the run's optimizer has it, else the first.
    pub y_key: Memo<Option<&'static str>>,
    pub metric: RwSignal<Metric>,
    pub start_colour: RwSignal<StartColour>,
    pub cells: RwSignal<usize>,
    /// Steps per run, if not the scene's.
    steps: RwSignal<Option<usize>>,
    pub problem: Memo<Problem>,
    lr_override: RwSignal<Option<(f64, f64)>>,
    pub lr_range: Memo<(f64, f64)>,
    /// The threshold as typed: the gap above the known minimum, or the loss itself.
    gap: RwSignal<f64>,
    pub threshold: Memo<f64>,
}

impl SweepSettings {
    pub fn new(store: Store) -> SweepSettings {
        let run = RwSignal::new(store.selected.get_untracked());
        let chosen = Memo::new(move |_| {
            let want = run.get();
            store.runs.with(|runs| {
                runs.iter().find(|r| Some(r.id) == want).or(runs.first()).map(|r| (r.id, r.run()))
            })
        });
        let chosen_name = Memo::new(move |_| {
            let id = chosen.get().map(|c| c.0);
            store.runs.with(|all| {
                all.iter().find(|r| Some(r.id) == id).map(|r| r.name(all)).unwrap_or_default()
            })
        });
        let y_choice = RwSignal::new(None);
        let y_key = Memo::new(move |_| {
            let kind = chosen.get()?.1.optimizer.kind();
            let options = second_axis_options(kind);
            let want = y_choice.get();
            options.iter().find(|p| Some(p.key) == want).or(options.first()).map(|p| p.key)
        });
        let steps = RwSignal::new(None);
        let problem = Memo::new(move |_| {
            let mut p = store.problem.get();
            if let Some(n) = steps.get() {
                p.steps = n;
                // A shift needs updates on both sides of it.
                p.shift = p.shift.filter(|s| s.step < n);
            }
            p
        });
        let lr_override = RwSignal::new(None);
        let kind = Memo::new(move |_| chosen.get().map(|c| c.1.optimizer.kind()));
        // A range typed for one surface and optimizer rarely suits another.
        Effect::new(move |prev: Option<(String, Option<_>)>| {
            let key = (store.surface.with(|s| s.formula().to_string()), kind.get());
            if prev.is_some_and(|p| p != key) {
                lr_override.set(None);
            }
            key
        });
        let lr_range = Memo::new(move |_| {
            lr_override.get().unwrap_or_else(|| {
                let kind = kind.get().unwrap_or(crate::core::optim::OptimizerKind::RmsProp);
                store.surface.with(|s| auto_lr_range(s, kind))
            })
        });
        let gap = RwSignal::new(DEFAULT_GAP);
        let threshold = Memo::new(move |_| {
            store.problem.with(|p| p.final_objective().loss_floor()).unwrap_or(0.0) + gap.get()
        });
        SweepSettings {
            run,
            chosen,
            chosen_name,
            y_choice,
            y_key,
            metric: RwSignal::new(Metric::FinalLoss),
            start_colour: RwSignal::new(StartColour::Basin),
            cells: RwSignal::new(DEFAULT_CELLS),
            steps,
            problem,
            lr_override,
            lr_range,
            gap,
            threshold,
        }
    }
}

#[component]
pub fn SweepControls(
    settings: SweepSettings,
    on_compute: Callback<()>,
    #[prop(into)] running: Signal<bool>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let s = settings;
    let error = RwSignal::new(None::<String>);
    let has_floor = Memo::new(move |_| store.surface.with(Surface::loss_floor).is_some());

    let run_options = move || {
        store.run_names.with(|all| {
            all.iter()
                .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                .collect_view()
        })
    };
    let chosen_kind = Memo::new(move |_| s.chosen.get().map(|c| c.1.optimizer.kind()));
    let y_options = move || {
        chosen_kind.get().map(|k| {
            second_axis_options(k)
                .into_iter()
                .map(|p| view! { <option value=p.key>{p.label}</option> })
                .collect_view()
        })
    };
    let on_steps = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let t = text.trim();
        if t.is_empty() {
            s.steps.set(None);
            error.set(None);
            return;
        }
        match t.parse::<usize>() {
            Ok(n) if (MIN_PLAY_STEPS..=MAX_PLAY_STEPS).contains(&n) => {
                s.steps.set(Some(n));
                error.set(None);
            }
            _ => error.set(Some(format!(
                "Steps must be a whole number from {MIN_PLAY_STEPS} to {MAX_PLAY_STEPS} (or empty for the \
                 scene's); kept {}",
                s.problem.with_untracked(|p| p.steps)
            ))),
        }
    };
    let lr_range_of = |spec: &'static crate::core::optim::params::ParamSpec| match spec.kind {
        crate::core::optim::params::ParamKind::Real { range, .. } => range,
        _ => Range { min: 0.0, min_open: true, max: f64::INFINITY, max_open: true },
    };
    let on_lr = move |end: usize| {
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            let (lo, hi) = s.lr_range.get_untracked();
            let parsed = parse_value(&text, &lr_range_of(&LR)).and_then(|x| {
                let (a, b) = if end == 0 { (x, hi) } else { (lo, x) };
                if a < b {
                    Ok((a, b))
                } else {
                    Err("the range needs from < to".into())
                }
            });
            match parsed {
                Ok(r) => {
                    s.lr_override.set(Some(r));
                    error.set(None);
                }
                Err(m) => error.set(Some(format!(
                    "Learning rate range: {m}; kept {} to {}",
                    precise(lo, 4),
                    precise(hi, 4)
                ))),
            }
        }
    };
    let on_gap = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let range = if has_floor.get_untracked() {
            Range { min: 0.0, min_open: true, max: f64::INFINITY, max_open: true }
        } else {
            Range { min: f64::NEG_INFINITY, min_open: true, max: f64::INFINITY, max_open: true }
        };
        match parse_value(&text, &range) {
            Ok(x) => {
                s.gap.set(x);
                error.set(None);
            }
            Err(m) => error
                .set(Some(format!("Threshold: {m}; kept {}", precise(s.gap.get_untracked(), 4)))),
        }
    };
    let select = |ev: &leptos::ev::Event| event_target_value(ev);

    view! {
        <div class="sweep-controls" class:invalid=move || error.get().is_some()>
            <label class="sweep-field">
                <span>"Run"</span>
                <select
                    prop:value=move || s.chosen.get().map(|c| c.0.to_string()).unwrap_or_default()
                    on:change=move |ev| s.run.set(select(&ev).parse().ok())
                >
                    {run_options}
                </select>
            </label>
            <label class="sweep-field">
                <span>"Second axis"</span>
                <select
                    prop:value=move || s.y_key.get().unwrap_or_default()
                    on:change=move |ev| {
                        let v = select(&ev);
                        let key = s.chosen.get_untracked().and_then(|c| {
                            second_axis_options(c.1.optimizer.kind()).into_iter().find(|p| p.key == v)
                        });
                        s.y_choice.set(key.map(|p| p.key));
                    }
                >
                    {y_options}
                </select>
            </label>
            <label class="sweep-field">
                <span>"Colour by"</span>
                <select
                    aria-label="Colour the sweep by"
                    on:change=move |ev| if let Some(m) = Metric::from_name(&select(&ev)) { s.metric.set(m) }
                >
                    {Metric::ALL.map(|m| view! { <option value=m.name()>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="sweep-field">
                <span>{move || if has_floor.get() { "Threshold f − f* ≤" } else { "Threshold f ≤" }}</span>
                <input type="text" inputmode="decimal" class="exact" spellcheck="false"
                    prop:value=move || precise(s.gap.get(), 4) on:change=on_gap />
            </label>
            <label class="sweep-field">
                <span>"Start map"</span>
                <select
                    aria-label="Colour the start points by"
                    on:change=move |ev| if let Some(c) = StartColour::from_name(&select(&ev)) { s.start_colour.set(c) }
                >
                    {StartColour::ALL.map(|c| view! { <option value=c.name()>{c.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="sweep-field">
                <span>"Grid"</span>
                <select
                    prop:value=move || s.cells.get().to_string()
                    on:change=move |ev| if let Ok(n) = select(&ev).parse() { s.cells.set(n) }
                >
                    {GRID_SIZES.iter().map(|n| view! { <option value=n.to_string()>{format!("{n} × {n}")}</option> }).collect_view()}
                </select>
            </label>
            <label class="sweep-field">
                <span>"Steps"</span>
                <input type="number" min=MIN_PLAY_STEPS.to_string() max=MAX_PLAY_STEPS.to_string() step="10"
                    placeholder=move || store.steps.get().to_string()
                    prop:value=move || s.steps.get().map(|n| n.to_string()).unwrap_or_default()
                    on:change=on_steps />
            </label>
            <label class="sweep-field">
                <span>"Learning rate from"</span>
                <input type="text" inputmode="decimal" class="exact" spellcheck="false"
                    prop:value=move || precise(s.lr_range.get().0, 4) on:change=on_lr(0) />
            </label>
            <label class="sweep-field">
                <span>"to"</span>
                <input type="text" inputmode="decimal" class="exact" spellcheck="false"
                    aria-label="Learning rate to"
                    prop:value=move || precise(s.lr_range.get().1, 4) on:change=on_lr(1) />
            </label>
            <button type="button" class="button compute" data-testid="sweep-compute" on:click=move |_| on_compute.run(())>
                {move || if running.get() { "Stop" } else { "Compute" }}
            </button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
