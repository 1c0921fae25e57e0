//! What the learning-rate sensitivity chart draws: per run a line of its metric against
//! log α with a dot per rate (runs that blew up, or never reached the threshold, at the top
//! edge), each run's best rate, the caption, and which dot is under a point.

use super::format::precise;
use super::series::{drawable_range, loss_axis, y_range, Line, MIN_LOSS_GAP};
use super::theme::{Marker, Rgb};
use crate::core::sensitivity::{best, Sensitivity};
use crate::core::sweep::{CellValue, Metric};
use crate::core::url_state::number;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotKind {
    Value,
    /// The curve's best rate (see `core::sensitivity::best`).
    Best,
    Diverged,
    NotReached,
}

/// One computed rate of one curve, at fractions of the plot (x from the left, y from the
/// bottom; 1 is the top edge).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub curve: usize,
    pub index: usize,
    pub at: (f64, f64),
    pub kind: DotKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SensPicture {
    /// Per curve, in the spec's order: (log10 α, value) of the rates with a value.
    pub lines: Vec<Line>,
    /// log10 α at the plot's left and right edges.
    pub x: (f64, f64),
    /// The values at the plot's bottom and top edges.
    pub y: (f64, f64),
    pub log_y: bool,
    pub y_label: String,
    pub dots: Vec<Dot>,
    /// Per curve, where its run's current α is along x, if on the chart.
    pub current: Vec<Option<f64>>,
}

/// The value a chart plots for a run, if it has one: its final loss (the gap to the known
/// minimum `floor`, as the loss chart shows it) or its steps to the threshold.
fn plotted(v: CellValue, metric: Metric, floor: Option<f64>) -> Option<f64> {
    let CellValue::Value(x) = v else { return None };
    Some(match (metric, floor) {
        (Metric::FinalLoss, Some(f)) => (x - f).max(MIN_LOSS_GAP),
        _ => x,
    })
}

/// The picture of `s` so far; `style` gives each curve's colour and marker, and `current`
/// its run's α now, in order. The loss is shown above the known minimum of the objective in
/// force at the end, if any.
pub fn picture(
    s: &Sensitivity,
    metric: Metric,
    style: &[(Rgb, Marker)],
    current: &[f64],
) -> SensPicture {
    let spec = s.spec();
    let floor = spec.problem.final_objective().loss_floor();
    let lines: Vec<Line> = spec
        .curves
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let (color, marker) = style.get(k).copied().unwrap_or((Rgb(0, 0, 0), Marker::Circle));
            let points = s
                .outcomes(k)
                .iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    let y = plotted(metric.value(o), metric, floor)?;
                    Some((c.alphas.value(i).log10(), y))
                })
                .collect();
            Line { color, marker, dashed: false, points }
        })
        .collect();
    let (log_y, y_label) = match metric {
        Metric::FinalLoss => {
            let (log, title) = loss_axis(floor, &lines);
            (log, format!("final {title}"))
        }
        Metric::StepsToThreshold => (false, metric.label().to_string()),
    };
    let values = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let fallback = if log_y { (0.1, 10.0) } else { (0.0, 1.0) };
    let (lo, hi) = y_range(values, log_y).unwrap_or(fallback);
    let (lo, hi) = drawable_range(lo, hi, log_y);
    let x = spec.log_alpha_range();
    let t = |v: f64| if log_y { v.max(lo).log10() } else { v };
    let fy = |v: f64| ((t(v) - t(lo)) / (t(hi) - t(lo))).clamp(0.0, 1.0);
    let mut dots = Vec::new();
    for (k, c) in spec.curves.iter().enumerate() {
        let outcomes = s.outcomes(k);
        let top = best(outcomes, metric);
        for (i, o) in outcomes.iter().enumerate() {
            let fx = (c.alphas.value(i).log10() - x.0) / (x.1 - x.0);
            let v = metric.value(o);
            let (fy, kind) = match (plotted(v, metric, floor), v) {
                (Some(y), _) if top == Some(i) => (fy(y), DotKind::Best),
                (Some(y), _) => (fy(y), DotKind::Value),
                (None, CellValue::NotReached) => (1.0, DotKind::NotReached),
                (None, _) => (1.0, DotKind::Diverged),
            };
            dots.push(Dot { curve: k, index: i, at: (fx, fy), kind });
        }
    }
    let along = |a: &f64| Some((a.log10() - x.0) / (x.1 - x.0)).filter(|f| (0.0..=1.0).contains(f));
    let current = current.iter().map(along).collect();
    SensPicture { lines, x, y: (lo, hi), log_y, y_label, dots, current }
}

/// The dot nearest (x, y) (CSS px) within `radius`, for a plot at `left`, `top`, `width`
/// × `height` CSS px: its place in `dots`.
pub fn dot_at(
    dots: &[Dot],
    plot: (f64, f64, f64, f64),
    (x, y): (f64, f64),
    radius: f64,
) -> Option<usize> {
    let (left, top, w, h) = plot;
    let dist = |d: &Dot| (left + d.at.0 * w - x).hypot(top + (1.0 - d.at.1) * h - y);
    let near = dots.iter().enumerate().map(|(n, d)| (n, dist(d))).filter(|p| p.1 <= radius);
    near.min_by(|a, b| a.1.total_cmp(&b.1)).map(|p| p.0)
}

/// The dot the keyboard moves to from dot `from` (None: none yet) by `(dx, dy)`: along its
/// curve's rates, or to the same rate (the nearest there is) of the curve before or after.
pub fn step_dot(dots: &[Dot], from: Option<usize>, (dx, dy): (isize, isize)) -> Option<usize> {
    let Some(d) = from.and_then(|n| dots.get(n)) else { return (!dots.is_empty()).then_some(0) };
    let curve = d.curve.saturating_add_signed(dy);
    let index = d.index.saturating_add_signed(dx);
    let on_curve = dots.iter().enumerate().filter(|(_, e)| e.curve == curve);
    on_curve.min_by_key(|(_, e)| e.index.abs_diff(index)).map(|p| p.0).or(from)
}

/// Curve `k`'s best α in words, with the value it is best by ("best α = 0.0316 (final
/// f − f* = 2e-5)"), or why it has none.
pub fn best_text(s: &Sensitivity, k: usize, metric: Metric) -> String {
    let (Some(c), outcomes) = (s.spec().curves.get(k), s.outcomes(k)) else { return String::new() };
    let floor = s.spec().problem.final_objective().loss_floor();
    let Some(o) = best(outcomes, metric).and_then(|i| Some((i, outcomes.get(i)?))) else {
        return match metric {
            Metric::StepsToThreshold => "no α reached the threshold".into(),
            Metric::FinalLoss => "every α blew up".into(),
        };
    };
    let value = plotted(metric.value(o.1), metric, floor).unwrap_or(f64::NAN);
    let what = match (metric, floor) {
        (Metric::FinalLoss, Some(f)) if f != 0.0 => format!("final f − f* = {}", precise(value, 3)),
        (Metric::FinalLoss, _) => format!("final loss {}", precise(value, 3)),
        (Metric::StepsToThreshold, _) => format!("threshold reached at step {value}"),
    };
    format!("best α = {} ({what})", number(c.alphas.value(o.0)))
}

/// The chart's caption: what each point is, what "best" means, and what noise it sees.
/// `noise` is [`crate::view::format::noise_text`]'s.
pub fn caption(metric: Metric, steps: usize, floor: Option<f64>, noise: Option<String>) -> String {
    let what = match (metric, floor) {
        (Metric::FinalLoss, Some(f)) if f != 0.0 => {
            format!("Final loss after {steps} steps, as f − f*")
        }
        (Metric::FinalLoss, _) => format!("Final loss after {steps} steps"),
        (Metric::StepsToThreshold, _) => {
            format!("Steps to reach the threshold, within {steps} steps,")
        }
    };
    let rule = match metric {
        Metric::FinalLoss => "lowest final loss; ties go to the smaller α",
        Metric::StepsToThreshold => {
            "fewest steps; ties go to the lower final loss, then the smaller α"
        }
    };
    let noisy = match noise {
        Some(n) => format!(
            " With noise {n}, each point is one path with the scene's seed (the noise the \
             runs' own paths see), not an average."
        ),
        None => String::new(),
    };
    format!(
        "{what} against the learning rate α (log), for each visible run: {} rates over the \
         sweep's automatic range for its optimizer (about a thousandth to a hundred times the \
         rate suggested for it here), every other setting, the start and any schedule \
         (scaled by α, as in the run's path) the run's own. Ringed: the best α, {rule}; \
         dashed: each run's α now. \
         At the top edge: ✕ diverged or overflowed{}.{noisy} Click or press Enter on a point \
         to load its α into its run.",
        crate::core::sensitivity::RATES_PER_RUN,
        if metric == Metric::StepsToThreshold {
            "; hollow: the threshold was never reached"
        } else {
            ""
        },
    )
}
