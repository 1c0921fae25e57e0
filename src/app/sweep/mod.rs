//! The hyperparameter sweep panel: for a chosen run, a map over learning rate × a second
//! setting and a map over start points. The core computes the grids in chunks, a few
//! milliseconds per animation frame, so the page stays responsive and shows progress; once
//! computed, the maps follow every change that affects them. Clicking a cell loads its
//! settings (or its start) into the run. Below them, every visible run's learning-rate
//! sensitivity (`sensitivity.rs`), computed and loaded the same way.

mod controls;
mod jobs;
mod map;
mod sensitivity;

use crate::app::state::Store;
use crate::core::optim::params::{ParamValue, LR};
use crate::core::optim::Optimizer;
use crate::core::surface::Window;
use crate::core::sweep::{Axis, AxisScale, GridSpec, Metric, Plan};
use crate::view::format::precise;
use crate::view::sweep::{css, DIVERGED_RGB, NONE_RGB};
use crate::view::sweep_pictures::{
    basin_legend, outcome_text, settings_text, start_picture, sweep_picture, StartColour,
};
use controls::{SweepControls, SweepSettings};
use jobs::Driver;
use leptos::prelude::*;
use map::GridMap;

/// The start map's shape: the surface view's (height/width within [0.5, 1]).
fn start_dims(w: Window, n: usize) -> (usize, usize, f64) {
    let aspect = ((w.y.1 - w.y.0) / (w.x.1 - w.x.0)).clamp(0.5, 1.0);
    (n, ((n as f64 * aspect).round() as usize).max(2), aspect)
}

fn real(v: Option<ParamValue>) -> Option<f64> {
    match v {
        Some(ParamValue::Real(x)) => Some(x),
        _ => None,
    }
}

#[component]
pub fn SweepPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let s = SweepSettings::new(store);
    let driver = Driver::new();
    let armed = RwSignal::new(false);

    // The sweep's spec leaves out the run's own learning rate and second setting (the axes
    // replace them), so loading a cell into the run does not restart the sweep.
    let sweep_spec = Memo::new(move |_| -> Result<GridSpec, String> {
        let (_, run) = s.chosen.get().ok_or("Add a run to sweep its settings.")?;
        let key = s.y_key.get().ok_or("This optimizer has no second setting to sweep.")?;
        let n = s.cells.get();
        let (lo, hi) = s.lr_range.get();
        let x = Axis::new(LR.key, LR.label, AxisScale::Log, lo, hi, n)?;
        let y = Axis::for_param(run.optimizer.kind(), key, n)?;
        let mut base = run;
        base.optimizer.set_real(x.key, x.value(0))?;
        base.optimizer.set_real(y.key, y.value(0))?;
        let plan = Plan::Settings { base };
        Ok(GridSpec { problem: s.problem.get(), plan, x, y, threshold: s.threshold.get() })
    });
    // The start map does not depend on the start.
    let start_spec = Memo::new(move |_| -> Result<GridSpec, String> {
        let (_, run) = s.chosen.get().ok_or("Add a run to map its start points.")?;
        let mut p = s.problem.get();
        p.start = [0.0, 0.0];
        let w = p.surface.window();
        let (nx, ny, _) = start_dims(w, s.cells.get());
        GridSpec::starts(p, run, w, nx, ny, s.threshold.get())
    });
    Effect::new(move |_| {
        let (a, b) = (sweep_spec.get(), start_spec.get());
        if armed.get() {
            driver.sync(a, b, false);
        }
    });
    let running = move || {
        let (done, total) = driver.progress.get();
        armed.get() && done < total
    };
    let on_compute = Callback::new(move |()| {
        if running() {
            driver.stop();
            armed.set(false);
        } else {
            // From here on the maps follow every change (the effect above).
            armed.set(true);
            driver.sync(sweep_spec.get_untracked(), start_spec.get_untracked(), true);
        }
    });

    // The goal is the objective in force at the end (the moved minima after a shift).
    let floor = Memo::new(move |_| store.problem.with(|p| p.final_objective().loss_floor()));
    let sweep_pic = Memo::new(move |_| {
        driver.version.track();
        let metric = s.metric.get();
        let floor = floor.get();
        driver.jobs.with_value(|j| j.sweep.as_ref().map(|g| sweep_picture(g, metric, floor)))
    });
    let start_pic = Memo::new(move |_| {
        driver.version.track();
        let colour = s.start_colour.get();
        let floor = floor.get();
        driver.jobs.with_value(|j| {
            j.starts.as_ref().map(|g| {
                let (_, _, aspect) = start_dims(g.spec().problem.surface.window(), g.nx());
                start_picture(g, colour, &g.spec().goal_minima(), floor, aspect)
            })
        })
    });

    // The run's current settings and the current start, on the maps.
    let sweep_marker = Signal::derive(move || {
        driver.version.track();
        let opt = s.chosen.get()?.1.optimizer;
        driver.jobs.with_value(|j| {
            let g = j.sweep.as_ref()?;
            let sp = g.spec();
            let (x, y) = (real(opt.get(sp.x.key))?, real(opt.get(sp.y.key))?);
            Some((sp.x.fraction(x), sp.y.fraction(y)))
        })
    });
    let start_marker = Signal::derive(move || {
        driver.version.track();
        let [x, y] = store.start.get();
        driver.jobs.with_value(|j| {
            let sp = j.starts.as_ref()?.spec();
            Some((sp.x.fraction(x), sp.y.fraction(y)))
        })
    });

    let pick_setting = Callback::new(move |(i, j): (usize, usize)| {
        let Some((id, run)) = s.chosen.get_untracked() else { return };
        let opt = run.optimizer;
        let cell = driver.jobs.with_value(|jobs| {
            let g = jobs.sweep.as_ref()?;
            let (x, y) = g.values_at(i, j)?;
            let Plan::Settings { base } = g.spec().plan else { return None };
            (base.optimizer.kind() == opt.kind()).then_some((g.spec().x.key, x, g.spec().y.key, y))
        });
        if let Some((xk, x, yk, y)) = cell {
            store.update_run(id, |r| {
                let mut o: Optimizer = r.optimizer;
                if o.set_real(xk, x).is_ok() && o.set_real(yk, y).is_ok() {
                    r.optimizer = o;
                }
            });
        }
    });
    let pick_start = Callback::new(move |(i, j): (usize, usize)| {
        let p = driver.jobs.with_value(|jobs| jobs.starts.as_ref().map(|g| g.start_at(i, j)));
        if let Some(p) = p.filter(|p| p[0].is_finite() && p[1].is_finite()) {
            store.start.set(p);
        }
    });

    let sweep_hover = RwSignal::new(None::<(usize, usize)>);
    let start_hover = RwSignal::new(None::<(usize, usize)>);
    let threshold_text = move || {
        let t = s.threshold.get();
        match floor.get() {
            Some(f) => format!("f − f* ≤ {}", precise(t - f, 3)),
            None => format!("f ≤ {}", precise(t, 4)),
        }
    };
    let run_name = move || s.chosen_name.get();
    let sweep_readout = move || {
        driver.version.track();
        let Some((i, j)) = sweep_hover.get() else {
            return format!(
                "Hover or tap a cell to read it; click it to load its settings into {}.",
                run_name()
            );
        };
        driver
            .jobs
            .with_value(|jobs| {
                let g = jobs.sweep.as_ref()?;
                let what = settings_text(g, i, j)?;
                let steps = g.spec().problem.steps;
                Some(match g.cell(i, j) {
                    Some(o) => format!(
                        "{what}: {}",
                        outcome_text(o, floor.get(), &threshold_text(), steps)
                    ),
                    None => format!("{what}: not computed yet"),
                })
            })
            .unwrap_or_default()
    };
    let start_readout = move || {
        driver.version.track();
        let Some((i, j)) = start_hover.get() else {
            return "Hover or tap a cell to read it; click it to start the runs there.".to_string();
        };
        driver
            .jobs
            .with_value(|jobs| {
                let g = jobs.starts.as_ref()?;
                let [x, y] = g.start_at(i, j);
                let steps = g.spec().problem.steps;
                let head = format!("Start ({}, {})", precise(x, 4), precise(y, 4));
                Some(match g.cell(i, j) {
                    Some(o) => {
                        let [ex, ey] = o.final_point;
                        let tail = outcome_text(o, floor.get(), &threshold_text(), steps);
                        if o.diverged_at.is_some() {
                            format!("{head}: {tail}")
                        } else {
                            format!(
                                "{head} → ends at ({}, {}); {tail}",
                                precise(ex, 4),
                                precise(ey, 4)
                            )
                        }
                    }
                    None => format!("{head}: not computed yet"),
                })
            })
            .unwrap_or_default()
    };
    let legend = move || {
        driver.version.track();
        let rows = match s.start_colour.get() {
            StartColour::Basin => driver.jobs.with_value(|j| {
                j.starts.as_ref().map(|g| basin_legend(g, &g.spec().goal_minima()))
            }),
            StartColour::FinalLoss => None,
        }
        .unwrap_or_else(|| vec![(DIVERGED_RGB, "diverged".into(), usize::MAX)]);
        rows.into_iter()
            .map(|(rgb, label, count)| {
                let count = (count != usize::MAX).then(|| format!(" {count}"));
                view! {
                    <li><span class="key" style=format!("background: {}", css(rgb))></span>{label}<b>{count}</b></li>
                }
            })
            .collect_view()
    };

    let status = move || {
        let (done, total) = driver.progress.get();
        match (armed.get(), driver.took.get()) {
            (false, _) if total == 0 => String::new(),
            (false, _) => format!("Stopped at {done} of {total} runs."),
            (true, Some((ms, runs))) => format!("{runs} runs in {} ms.", ms.round()),
            (true, None) => format!("Computing… {done} of {total} runs"),
        }
    };
    let empty_hint = move || {
        let n = s.cells.get();
        let steps = s.problem.with(|p| p.steps);
        format!(
            "Press Compute: {n} × {n} learning-rate and setting pairs, and a grid of start points, \
             each a run of {steps} steps."
        )
    };
    let y_title = move || {
        driver.version.track();
        driver.jobs.with_value(|j| j.sweep.as_ref().map(|g| g.spec().y.label)).unwrap_or("setting")
    };
    let sweep_label = Signal::derive(move || {
        format!(
            "Sweep map: learning rate × {}, coloured by the metric. {}",
            y_title(),
            sweep_readout()
        )
    });
    let start_label = Signal::derive(move || {
        format!("Start-point map over the surface's window. {}", start_readout())
    });
    let err = move |e: RwSignal<Option<String>>| {
        move || e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })
    };

    view! {
        <section class="panel sweep-panel" aria-label="Hyperparameter sweep" data-testid="sweep-panel">
            <h2>"Hyperparameter sweep"</h2>
            <SweepControls settings=s on_compute=on_compute running=Signal::derive(running) />
            <div class="sweep-status">
                <progress
                    data-testid="sweep-progress"
                    aria-label="Sweep progress"
                    class:idle=move || !running()
                    max=move || driver.progress.get().1.max(1).to_string()
                    value=move || driver.progress.get().0.to_string()
                ></progress>
                <span data-testid="sweep-status" aria-live=move || if running() { "off" } else { "polite" }>{status}</span>
            </div>
            <div class="sweep-maps" aria-busy=move || running().to_string()>
                <figure class="sweep-figure">
                    <figcaption class="panel-title">"Learning rate × " {y_title}</figcaption>
                    {err(driver.sweep_error)}
                    <Show when=move || sweep_pic.with(Option::is_some) fallback=move || view! { <p class="sweep-empty">{empty_hint}</p> }>
                        <GridMap picture=sweep_pic marker=sweep_marker hover=sweep_hover on_pick=pick_setting label=sweep_label testid="sweep-map" />
                        <ul class="sweep-legend">
                            <li><span class="key" style=format!("background: {}", css(DIVERGED_RGB))></span>"diverged"</li>
                            <Show when=move || s.metric.get() == Metric::StepsToThreshold>
                                <li><span class="key" style=format!("background: {}", css(NONE_RGB))></span>"threshold never reached"</li>
                            </Show>
                            <li><span class="key ring"></span>{move || {
                                let inside = sweep_marker.get().is_some_and(|(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y));
                                format!("{}'s settings{}", run_name(), if inside { "" } else { " (outside the map)" })
                            }}</li>
                        </ul>
                        <output class="sweep-readout" data-testid="sweep-readout">{sweep_readout}</output>
                    </Show>
                </figure>
                <figure class="sweep-figure">
                    <figcaption class="panel-title">"Start points"</figcaption>
                    {err(driver.start_error)}
                    <Show when=move || start_pic.with(Option::is_some) fallback=move || view! { <p class="sweep-empty">{empty_hint}</p> }>
                        <GridMap picture=start_pic marker=start_marker hover=start_hover on_pick=pick_start label=start_label testid="start-map" />
                        <ul class="sweep-legend">{legend}<li><span class="key ring"></span>"current start"</li></ul>
                        <output class="sweep-readout" data-testid="start-readout">{start_readout}</output>
                    </Show>
                </figure>
            </div>
            <sensitivity::SensitivityChart settings=s threshold_text=Signal::derive(threshold_text) />
        </section>
    }
}
