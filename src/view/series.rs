//! Chart series: what each chart draws (lines, axis kind and title), many steps decimated
//! into few pixels, and a cache so a slider that changes one run redoes that run's lines only.

use super::format::short;
use super::theme::{Marker, Rgb};
use crate::core::trajectory::Trajectory;
use std::sync::Arc;

/// Points per line: about two per pixel column of a chart at desktop width (about 320 px)
/// (decimation keeps each column's extremes), so long runs cost no more to draw than short ones.
pub const CHART_COLUMNS: usize = 320;
/// The smallest gap f − f* a log loss chart shows (an exact minimum would be −∞).
pub const MIN_LOSS_GAP: f64 = 1e-16;

/// One line of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub color: Rgb,
    /// The run's head marker, drawn at a few points of its solid line (see [`marker_points`]).
    pub marker: Marker,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// Everything a chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub lines: Vec<Line>,
    /// Steps marked with a vertical line (where the objective shifts).
    pub marks: Vec<f64>,
    pub x_max: f64,
    pub log_y: bool,
    pub y_label: String,
}

/// The loss chart's values for one run: at each step the gap to the floor f* of the
/// objective in force there (`floor_at`) when one is known (so the approach to zero stays
/// visible for decades on a log axis), else the loss itself.
pub fn loss_values(loss: &[f64], floor_at: impl Fn(usize) -> Option<f64>) -> Vec<f64> {
    let gap = |(n, l): (usize, &f64)| floor_at(n).map_or(*l, |f| (l - f).max(MIN_LOSS_GAP));
    loss.iter().enumerate().map(gap).collect()
}

/// Whether the loss chart's y axis is logarithmic, and its title.
pub fn loss_axis(floor: Option<f64>, lines: &[Line]) -> (bool, String) {
    let log_y = floor.is_some() || lines.iter().all(|l| l.points.iter().all(|p| p.1 > 0.0));
    let title = match (floor, log_y) {
        (Some(f), _) if f != 0.0 => format!("f − f* (f* = {})", short(f)),
        (Some(_), _) | (None, true) => "loss f (log)".to_string(),
        (None, false) => "loss f".to_string(),
    };
    (log_y, title)
}

/// A per-update series (update k's value at index k − 1) as chart points: update k is
/// plotted at step k, so step 0 is a gap.
pub fn per_update_points(values: Vec<f64>) -> Vec<(f64, f64)> {
    let mut ys = Vec::with_capacity(values.len() + 1);
    ys.push(f64::NAN);
    ys.extend(values);
    decimate(&ys, CHART_COLUMNS)
}

/// A y range the charts can draw: finite bounds (a diverging run's 1e300 padded to 1e315
/// would not be), positive and within ~600 decades on a log axis (whose ticks are counted
/// per decade), a finite width on a linear one. Keeps the top of the range, where a
/// diverging run is.
pub fn drawable_range(lo: f64, hi: f64, log: bool) -> (f64, f64) {
    const LIMIT: f64 = 1e300;
    if log {
        let hi = hi.clamp(1e-300, LIMIT);
        let lo = lo.max(hi / LIMIT).min(hi / 10.0);
        (lo, hi)
    } else {
        let (lo, hi) = (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT));
        (lo, if hi > lo { hi } else { lo + lo.abs().max(1.0) * 1e-3 })
    }
}

/// The decimated lines of the runs drawn last time, by trajectory: a slider that changes one
/// run decimates that run's series only (thousands of steps each).
#[derive(Default)]
pub struct SeriesCache(Vec<CachedLine>);

/// A trajectory, which of its series (the axis), and the points drawn for it.
type CachedLine = (Arc<Trajectory>, usize, Vec<(f64, f64)>);

impl SeriesCache {
    /// The lines for `runs` (colour, trajectory), `axes` per run (the second dashed), each
    /// from the last call's entries when the same trajectory had it, else from `compute`.
    /// Entries of runs no longer drawn are dropped.
    pub fn lines<'a>(
        &mut self,
        runs: impl IntoIterator<Item = (Rgb, Marker, &'a Arc<Trajectory>)>,
        axes: usize,
        mut compute: impl FnMut(&Trajectory, usize) -> Vec<(f64, f64)>,
    ) -> Vec<Line> {
        let mut used: Vec<CachedLine> = Vec::new();
        let mut lines = Vec::new();
        for (color, marker, tr) in runs {
            for axis in 0..axes {
                let known = self.0.iter().find(|(t, a, _)| Arc::ptr_eq(t, tr) && *a == axis);
                let points = known.map_or_else(|| compute(tr, axis), |(_, _, p)| p.clone());
                used.push((tr.clone(), axis, points.clone()));
                lines.push(Line { color, marker, dashed: axis == 1, points });
            }
        }
        self.0 = used;
        lines
    }
}

/// The updates after which an epoch ends, for the timeline: every `per_epoch`-th of `steps`,
/// thinned to every k-th epoch so that at most `max_marks` show (with their spacing in
/// epochs, k).
pub fn epoch_marks(steps: usize, per_epoch: usize, max_marks: usize) -> (Vec<usize>, usize) {
    if per_epoch == 0 || per_epoch >= steps {
        return (Vec::new(), 1);
    }
    let epochs = (steps - 1) / per_epoch;
    let every = epochs.div_ceil(max_marks.max(1)).max(1);
    ((1..=epochs).filter(|e| e % every == 0).map(|e| e * per_epoch).collect(), every)
}

/// How many markers a chart line carries.
pub const MARKERS_PER_LINE: usize = 5;

/// Where line `k` of `n` carries its markers: the points nearest to [`MARKERS_PER_LINE`]
/// steps evenly spread over `[0, x_max]`, staggered by line so that runs' markers do not sit
/// on one another. `points` are in step order.
pub fn marker_points(points: &[(f64, f64)], x_max: f64, k: usize, n: usize) -> Vec<(f64, f64)> {
    let m = MARKERS_PER_LINE as f64;
    let phase = k as f64 / n.max(1) as f64;
    (0..MARKERS_PER_LINE)
        .filter_map(|i| {
            let x = x_max * (i as f64 + 0.25 + 0.5 * phase) / m;
            let at = points.partition_point(|p| p.0 < x);
            let near = [at.checked_sub(1), Some(at)].into_iter().flatten();
            let best = near
                .filter_map(|j| points.get(j))
                .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))?;
            ((best.0 - x).abs() <= x_max / (2.0 * m)).then_some(*best)
        })
        .collect()
}

/// Reduces the points `(k, ys[k])` to at most two per pixel column (the column's lowest and
/// highest, in step order), so a 10 000-step run draws as fast as a short one and its
/// spikes survive. Non-finite values are dropped. `columns` is the plot width in pixels.
pub fn decimate(ys: &[f64], columns: usize) -> Vec<(f64, f64)> {
    let n = ys.len();
    let columns = columns.max(1);
    if n <= 2 * columns {
        return ys
            .iter()
            .enumerate()
            .filter(|(_, y)| y.is_finite())
            .map(|(k, y)| (k as f64, *y))
            .collect();
    }
    let mut out = Vec::with_capacity(2 * columns + 2);
    let per = n as f64 / columns as f64;
    for c in 0..columns {
        let (a, b) = ((c as f64 * per) as usize, (((c + 1) as f64 * per) as usize).min(n));
        let (mut lo, mut hi) = (None::<(usize, f64)>, None::<(usize, f64)>);
        for (k, &y) in ys.iter().enumerate().take(b).skip(a) {
            if !y.is_finite() {
                continue;
            }
            if lo.is_none_or(|(_, v)| y < v) {
                lo = Some((k, y));
            }
            if hi.is_none_or(|(_, v)| y > v) {
                hi = Some((k, y));
            }
        }
        // The column's extremes, in step order (one point when they coincide).
        match (lo, hi) {
            (Some(l), Some(h)) if l.0 == h.0 => out.push((l.0 as f64, l.1)),
            (Some(l), Some(h)) => {
                let (a, b) = if l.0 < h.0 { (l, h) } else { (h, l) };
                out.extend([(a.0 as f64, a.1), (b.0 as f64, b.1)]);
            }
            _ => {}
        }
    }
    // Keep the exact last point so the line ends where the run does.
    if let Some(k) = ys.iter().rposition(|y| y.is_finite()) {
        if out.last().map(|p| p.0) != Some(k as f64) {
            out.push((k as f64, ys[k]));
        }
    }
    out
}

/// The y range to show for `values` (finite ones; positive ones only when `log`), padded so
/// lines do not touch the frame. `None` when nothing can be shown.
pub fn y_range(values: impl Iterator<Item = f64>, log: bool) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return None;
    }
    if log {
        let (a, b) = (lo.log10(), hi.log10());
        let pad = ((b - a) * 0.05).max(0.15);
        Some((10f64.powf(a - pad), 10f64.powf(b + pad)))
    } else {
        let pad = ((hi - lo) * 0.06).max(hi.abs().max(1e-12) * 1e-3);
        Some((lo - pad, hi + pad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::OptimizerKind;
    use crate::core::surface::{Surface, SurfaceKind};
    use crate::core::trajectory::{run, Problem};

    fn trajectory(steps: usize) -> Arc<Trajectory> {
        let problem = Problem::new(Surface::Builtin(SurfaceKind::Bowl), steps);
        Arc::new(run(&problem, &OptimizerKind::RmsProp.default_config()))
    }

    #[test]
    fn loss_is_shown_as_the_gap_to_the_floor_on_a_log_axis() {
        assert_eq!(
            loss_values(&[3.0, 1.0, 1.0], |_| Some(1.0)),
            vec![2.0, MIN_LOSS_GAP, MIN_LOSS_GAP]
        );
        assert_eq!(loss_values(&[3.0, -1.0], |_| None), vec![3.0, -1.0]);
        // After a shift the floor is the shifted objective's.
        assert_eq!(
            loss_values(&[3.0, 3.0], |n| Some(if n < 1 { 1.0 } else { 2.0 })),
            vec![2.0, 1.0]
        );
        let line = |ys: &[f64]| Line {
            color: Rgb(0, 0, 0),
            marker: Marker::Circle,
            dashed: false,
            points: ys.iter().enumerate().map(|(k, y)| (k as f64, *y)).collect(),
        };
        assert_eq!(loss_axis(Some(0.0), &[]), (true, "loss f (log)".to_string()));
        assert_eq!(loss_axis(Some(-3.0), &[]), (true, "f − f* (f* = -3)".to_string()));
        assert_eq!(loss_axis(None, &[line(&[2.0, 1.0])]), (true, "loss f (log)".to_string()));
        assert_eq!(loss_axis(None, &[line(&[2.0, -1.0])]), (false, "loss f".to_string()));
    }

    #[test]
    fn per_update_values_start_at_step_one() {
        assert_eq!(per_update_points(vec![5.0, 4.0]), vec![(1.0, 5.0), (2.0, 4.0)]);
    }

    #[test]
    fn drawable_ranges_are_finite_and_wide() {
        let (lo, hi) = drawable_range(0.0, f64::INFINITY, true);
        assert!(lo > 0.0 && hi.is_finite() && hi / lo <= 1.000_001e300);
        let (lo, hi) = drawable_range(2.0, 2.0, false);
        assert!(hi > lo);
        assert_eq!(drawable_range(1e-3, 10.0, true), (1e-3, 10.0));
    }

    #[test]
    fn the_cache_recomputes_only_changed_runs() {
        let (a, b, c) = (trajectory(50), trajectory(60), trajectory(70));
        let mut cache = SeriesCache::default();
        let mut computed = 0;
        let mut count = |tr: &Trajectory, axis: usize| {
            computed += 1;
            vec![(axis as f64, tr.points.len() as f64)]
        };
        let red = Rgb(255, 0, 0);
        let first =
            cache.lines([(red, Marker::Circle, &a), (red, Marker::Square, &b)], 2, &mut count);
        assert_eq!(first.len(), 4);
        assert!(first[1].dashed && !first[0].dashed);
        let again =
            cache.lines([(red, Marker::Circle, &a), (red, Marker::Square, &c)], 2, &mut count);
        assert_eq!(computed, 6, "a's two lines came from the cache, c's were computed");
        assert_eq!(again[0], first[0]);
        assert_eq!(again[2].points, vec![(0.0, 71.0)]);
    }

    #[test]
    fn short_series_are_kept_whole() {
        let ys = [3.0, f64::NAN, 1.0];
        assert_eq!(decimate(&ys, 100), vec![(0.0, 3.0), (2.0, 1.0)]);
    }

    #[test]
    fn long_series_keep_extremes_and_the_end() {
        let mut ys: Vec<f64> = (0..10_000).map(|k| 1.0 / (1.0 + k as f64)).collect();
        ys[5_000] = 50.0; // a spike
        let d = decimate(&ys, 100);
        assert!(d.len() <= 202, "{}", d.len());
        assert!(d.contains(&(5_000.0, 50.0)), "the spike survives");
        assert_eq!(d.first(), Some(&(0.0, 1.0)));
        assert_eq!(d.last(), Some(&(9_999.0, 1.0 / 10_000.0)));
        assert!(d.windows(2).all(|w| w[0].0 < w[1].0), "in step order");
    }

    #[test]
    fn ranges_are_padded_and_log_ranges_positive() {
        let (lo, hi) = y_range([1e-3, 10.0, -1.0, f64::NAN].into_iter(), true).unwrap();
        assert!(lo < 1e-3 && lo > 0.0 && hi > 10.0);
        let (lo, hi) = y_range([-1.0, 1.0].into_iter(), false).unwrap();
        assert!(lo < -1.0 && hi > 1.0);
        assert_eq!(y_range([f64::NAN].into_iter(), false), None);
        assert_eq!(y_range([-1.0].into_iter(), true), None);
        let (lo, hi) = y_range([2.0, 2.0].into_iter(), false).unwrap();
        assert!(lo < 2.0 && hi > 2.0);
    }

    #[test]
    fn markers_sit_on_the_line_spread_over_the_steps_and_staggered_by_run() {
        let pts: Vec<(f64, f64)> = (0..=1000).map(|k| (k as f64, (k * k) as f64)).collect();
        let first = marker_points(&pts, 1000.0, 0, 2);
        let second = marker_points(&pts, 1000.0, 1, 2);
        assert_eq!(first.len(), MARKERS_PER_LINE);
        assert!(first.iter().all(|p| pts.contains(p)));
        assert_eq!(first[0], (50.0, 2500.0));
        assert_eq!(second[0], (100.0, 10000.0));
        // A run that stopped early (diverged at step 300) has markers only where it has points.
        let short_run = &pts[..=300];
        assert_eq!(marker_points(short_run, 1000.0, 0, 1).len(), 2);
        assert!(marker_points(&[], 1000.0, 0, 1).is_empty());
    }

    #[test]
    fn epochs_end_every_per_epoch_updates_thinned_to_fit() {
        assert_eq!(epoch_marks(20, 8, 10), (vec![8, 16], 1));
        // The run's last update ending an epoch is not marked (it is the timeline's end).
        assert_eq!(epoch_marks(16, 8, 10), (vec![8], 1));
        assert_eq!(epoch_marks(1000, 8, 40).0.len(), 31);
        assert_eq!(epoch_marks(1000, 8, 40).1, 4);
        assert_eq!(epoch_marks(1000, 8, 40).0[0], 32);
        assert_eq!(epoch_marks(100, 1, 40), ((1..=33).map(|e| 3 * e).collect(), 3));
        // One epoch longer than the run: nothing to mark.
        assert_eq!(epoch_marks(100, 100, 40), (vec![], 1));
    }
}
