//! The optimizers' internals beside the effective learning rate: the accumulator that
//! divides the gradient (v, AdaGrad's s) and Adam's first moment m, per coordinate vs step.
//! Every visible run is drawn, as in the effective-learning-rate chart, so AdaGrad's
//! ever-growing sum can be read against RMSProp's forgetting mean.

use super::chart::Chart;
use super::lines::{new_cache, series_per_axis};
use crate::app::state::Store;
use crate::core::optim::OptimizerKind;
use leptos::prelude::*;

#[component]
pub fn InternalsCharts() -> impl IntoView {
    let store = expect_context::<Store>();
    let (accumulator_cache, moment_cache) = (new_cache(), new_cache());
    let accumulator = Memo::new(move |_| {
        series_per_axis(&store, accumulator_cache, "v (AdaGrad: s)", |tr, axis| {
            tr.steps.iter().map(|s| s.state[axis].accumulator().unwrap_or(f64::NAN)).collect()
        })
    });
    // m changes sign, so its axis is linear.
    let moment = Memo::new(move |_| {
        let mut d = series_per_axis(&store, moment_cache, "m", |tr, axis| {
            tr.steps.iter().map(|s| s.state[axis].first_moment().unwrap_or(f64::NAN)).collect()
        });
        d.log_y = false;
        d
    });
    let adam_visible = Memo::new(move |_| {
        store
            .runs
            .with(|r| r.iter().any(|s| s.visible && s.optimizer.kind() == OptimizerKind::Adam))
    });
    let accumulator_caption = Signal::derive(|| {
        "What divides the gradient: v, the running mean of g², for RMSProp and Adam; s, the \
         running sum of g², for AdaGrad; SGD keeps none. Log scale. Solid: x, dashed: y."
            .to_string()
    });
    let moment_caption = Signal::derive(|| {
        "m, Adam's running mean of g, before bias correction. Solid: x, dashed: y.".to_string()
    });
    view! {
        <Chart
            title="Accumulator per coordinate"
            data=accumulator
            caption=accumulator_caption
            testid="accumulator-chart"
        />
        {move || {
            adam_visible.get().then(|| {
                view! {
                    <Chart
                        title="Adam's first moment (momentum)"
                        data=moment
                        caption=moment_caption
                        testid="moment-chart"
                    />
                }
            })
        }}
    }
}
