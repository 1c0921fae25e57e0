//! The runs' lines of a chart, through a per-chart cache (see `view::series::SeriesCache`).

use crate::app::state::Store;
use crate::core::trajectory::Trajectory;
use crate::view::series::{per_update_points, ChartData, Line, SeriesCache};
use crate::view::theme::{run_color, run_marker};
use leptos::prelude::*;

/// A chart's series cache, kept across redraws (trajectories are shared `Arc`s, not `Send`).
pub fn new_cache() -> StoredValue<SeriesCache, LocalStorage> {
    StoredValue::new_local(SeriesCache::default())
}

/// The lines of every visible run, one per axis in `axes`, through `cache`.
pub fn cached_lines(
    store: &Store,
    cache: StoredValue<SeriesCache, LocalStorage>,
    axes: usize,
    line: impl FnMut(&Trajectory, usize) -> Vec<(f64, f64)>,
) -> Vec<Line> {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let visible = specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible);
    let mut lines = Vec::new();
    cache.update_value(|c| {
        lines = c.lines(
            visible.map(|(s, tr)| (run_color(s.color), run_marker(s.color), tr)),
            axes,
            line,
        );
    });
    lines
}

/// A chart with one solid (x) and one dashed (y) line per visible run; `ys` gives the value
/// for steps 1, 2, … of a trajectory.
pub fn series_per_axis(
    store: &Store,
    cache: StoredValue<SeriesCache, LocalStorage>,
    y_label: &str,
    ys: impl Fn(&Trajectory, usize) -> Vec<f64>,
) -> ChartData {
    let lines = cached_lines(store, cache, 2, |tr, axis| per_update_points(ys(tr, axis)));
    chart_data(store, lines, true, y_label.to_string())
}

/// A chart of `lines` over the scene's steps, with the step where the objective shifts marked.
pub fn chart_data(store: &Store, lines: Vec<Line>, log_y: bool, y_label: String) -> ChartData {
    let marks = store.problem.with(|p| p.shift.map(|s| s.step as f64).into_iter().collect());
    ChartData { lines, marks, x_max: store.steps.get() as f64, log_y, y_label }
}
