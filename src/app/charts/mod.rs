//! The charts beside the surface: loss and each coordinate's effective learning rate vs
//! step, and the optimizers' internals (accumulator, Adam's m). Series math in `view::series`.

pub(crate) mod chart;
mod internals;
mod lines;

use crate::app::state::Store;
use crate::view::series::per_update_points;
use crate::view::series::{
    decimate, loss_axis, loss_values, ChartData, SeriesCache, CHART_COLUMNS,
};
use chart::Chart;
use leptos::prelude::*;
use lines::{cached_lines, chart_data, new_cache, series_per_axis};

/// Loss vs step (see `view::series::loss_values`).
fn loss_data(store: &Store, cache: StoredValue<SeriesCache, LocalStorage>) -> ChartData {
    // The floor before the shift (if any) and after it, found once rather than per point.
    let (shift, first, floor) = store
        .problem
        .with(|p| (p.shift, p.objective_at(0).loss_floor(), p.final_objective().loss_floor()));
    let floor_at = |n| if shift.is_some_and(|s| s.in_force_at(n)) { floor } else { first };
    // Trajectories are recomputed whenever the problem changes, so the floors are part of
    // the cache's key already.
    let lines = cached_lines(store, cache, 1, |tr, _| {
        decimate(&loss_values(&tr.loss, floor_at), CHART_COLUMNS)
    });
    let (log_y, y_label) = loss_axis(floor, &lines);
    chart_data(store, lines, log_y, y_label)
}

/// Effective learning rate of each run, per coordinate: x solid, y dashed.
fn eff_lr_data(store: &Store, cache: StoredValue<SeriesCache, LocalStorage>) -> ChartData {
    series_per_axis(store, cache, "effective lr (Adam: scale on m̂)", |tr, axis| {
        tr.steps.iter().map(|s| s.eff_lr[axis]).collect()
    })
}

/// The learning rate each update used: the run's α, or what its schedule gave.
fn lr_data(store: &Store, cache: StoredValue<SeriesCache, LocalStorage>) -> ChartData {
    let lines = cached_lines(store, cache, 1, |tr, _| {
        let ys: Vec<f64> = tr.steps.iter().map(|s| s.lr).collect();
        per_update_points(ys)
    });
    chart_data(store, lines, true, "learning rate".to_string())
}

#[component]
pub fn Charts() -> impl IntoView {
    let store = expect_context::<Store>();
    let (loss_cache, eff_cache, lr_cache) = (new_cache(), new_cache(), new_cache());
    let loss = Memo::new(move |_| loss_data(&store, loss_cache));
    let eff = Memo::new(move |_| eff_lr_data(&store, eff_cache));
    let lr = Memo::new(move |_| lr_data(&store, lr_cache));
    let scheduled = Memo::new(move |_| {
        store.runs.with(|r| r.iter().any(|s| s.visible && !s.schedule.is_constant()))
    });
    let lr_caption = Signal::derive(|| {
        "The learning rate each update used: a run's α, or what its schedule gave for that \
         update (PyTorch's schedulers step after each update). Log scale."
            .to_string()
    });
    let loss_caption = Signal::derive(move || {
        loss.with(|d| {
            format!(
                "Loss of every visible run against the step; y axis: {}. Click to jump to a step.",
                d.y_label
            )
        })
    });
    let eff_caption = Signal::derive(|| {
        "Each coordinate's effective learning rate, the factor on its gradient: α/den for \
         RMSProp (den = √(v+ε), or √v+ε with ε outside, v − ḡ² in place of v when centered; \
         with momentum the step is −α·b, where b sums the g/den), α_t/(√s+ε) for AdaGrad \
         (α_t = α after lr_decay), the scale on m̂ for Adam, α/(√v̂+ε) (ε-hat: \
         α·√(1−β₂ᵗ)/(√v+ε)), and α for SGD (with momentum the step is −α·b); the explainer \
         defines it for every optimizer. With a schedule, α is the rate it gives at that step. \
         Solid: x, dashed: y."
            .to_string()
    });
    view! {
        <div class="chart-grid">
            <crate::app::data::DataView />
            <Chart title="Loss" data=loss caption=loss_caption testid="loss-chart" />
            <Chart title="Effective learning rate per coordinate" data=eff caption=eff_caption testid="eff-lr-chart" />
            {move || scheduled.get().then(|| view! {
                <Chart title="Learning rate (schedule)" data=lr caption=lr_caption testid="lr-chart" />
            })}
            <internals::InternalsCharts />
        </div>
    }
}
