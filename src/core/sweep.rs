//! Grids of runs for tuning by map: a hyperparameter sweep (learning rate × another setting
//! of one optimizer) and a start-point map (one optimizer from a grid of starts over the
//! window). Each cell keeps only its run's [`Outcome`]. The work is done in chunks
//! ([`GridRun::next_chunk`]) so a UI can spread it over animation frames and show progress.
//! A problem with a shift runs shifted in every cell; final losses, "reached" and basins
//! are those of the objective in force at the end ([`GridSpec::goal_minima`]).

use super::decimal;
use super::optim::params::{ParamKind, ParamSpec, SliderScale, LR};
use super::optim::OptimizerKind;
use super::surface::{Minimum, Surface, Window};
use super::trajectory::{run_outcome, Outcome, Problem, Run};

/// More cells than this per axis would not be told apart on screen.
pub const MAX_CELLS_PER_AXIS: usize = 256;

/// How cells are spaced along an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AxisScale {
    Linear,
    /// Even steps in log10 x (learning rates, ε).
    Log,
    /// Even steps in −log10(1 − x): decays and betas, which matter near 1.
    NearOne,
}

impl AxisScale {
    fn forward(self, x: f64) -> f64 {
        match self {
            AxisScale::Linear => x,
            AxisScale::Log => x.log10(),
            AxisScale::NearOne => -(1.0 - x).log10(),
        }
    }

    fn inverse(self, u: f64) -> f64 {
        match self {
            AxisScale::Linear => u,
            AxisScale::Log => 10f64.powf(u),
            AxisScale::NearOne => 1.0 - 10f64.powf(-u),
        }
    }
}

/// One axis of a grid: `cells` cells evenly spaced on `scale` between `min` and `max`.
/// Cell `i` is the run at [`Axis::value`]`(i)`, its centre rounded to as few significant
/// digits as keep it well inside the cell, so read-outs and loaded settings are short and
/// exactly the values that were run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    /// The setting it varies (a key of the parameter table), or "x" / "y" for start points.
    pub key: &'static str,
    pub label: &'static str,
    pub scale: AxisScale,
    pub min: f64,
    pub max: f64,
    pub cells: usize,
    digits: i32,
}

impl Axis {
    pub fn new(
        key: &'static str,
        label: &'static str,
        scale: AxisScale,
        min: f64,
        max: f64,
        cells: usize,
    ) -> Result<Axis, String> {
        if !(1..=MAX_CELLS_PER_AXIS).contains(&cells) {
            return Err(format!("{label}: cells must be 1 to {MAX_CELLS_PER_AXIS} (got {cells})"));
        }
        if !(min.is_finite() && max.is_finite() && min < max) {
            return Err(format!("{label}: the range needs min < max (got {min} to {max})"));
        }
        match scale {
            AxisScale::Log if min <= 0.0 => {
                return Err(format!("{label}: a log axis needs min > 0 (got {min})"))
            }
            AxisScale::NearOne if min < 0.0 || max >= 1.0 => {
                return Err(format!("{label}: the range must lie in [0, 1) (got {min} to {max})"))
            }
            _ => {}
        }
        let mut axis = Axis { key, label, scale, min, max, cells, digits: 17 };
        // The fewest digits that keep every value within a tenth of a cell of its centre.
        for d in 2..=16 {
            let trial = Axis { digits: d, ..axis };
            let ok = (0..cells).all(|i| {
                let v = trial.value(i);
                (trial.fraction(v) * cells as f64 - (i as f64 + 0.5)).abs() <= 0.1
            });
            if ok {
                axis.digits = d;
                break;
            }
        }
        Ok(axis)
    }

    /// The axis for setting `key` of `kind`, over its slider's range.
    pub fn for_param(kind: OptimizerKind, key: &str, cells: usize) -> Result<Axis, String> {
        let spec =
            kind.param(key).ok_or_else(|| format!("{} has no setting '{key}'", kind.title()))?;
        let ParamKind::Real { slider, .. } = spec.kind else {
            return Err(format!("{} is not a number and cannot be swept", spec.label));
        };
        let (scale, min, max) = match slider {
            SliderScale::Linear { min, max } => (AxisScale::Linear, min, max),
            SliderScale::Log { min, max } => (AxisScale::Log, min, max),
            SliderScale::NearOne { max } => (AxisScale::NearOne, 0.0, max),
        };
        Axis::new(spec.key, spec.label, scale, min, max, cells)
    }

    /// The value of cell `i` (0 at `min`).
    pub fn value(&self, i: usize) -> f64 {
        let (lo, hi) = (self.scale.forward(self.min), self.scale.forward(self.max));
        let u = lo + (i as f64 + 0.5) / self.cells as f64 * (hi - lo);
        let raw = self.scale.inverse(u);
        if self.digits >= 17 {
            return raw;
        }
        match self.scale {
            AxisScale::Log => round_sig(raw, self.digits),
            // Significant digits of 1 − x, rounding x itself so 0.99 is the double of "0.99".
            AxisScale::NearOne => {
                round_to(raw, self.digits - 1 - (1.0 - raw).log10().floor() as i32)
            }
            // Digits of the span: 0.0103 on [0, 0.99], −4.9 on [−5, 5].
            AxisScale::Linear => {
                let span = (self.max - self.min).log10().floor() as i32;
                round_to(raw, self.digits - 1 - span)
            }
        }
    }

    pub fn values(&self) -> Vec<f64> {
        (0..self.cells).map(|i| self.value(i)).collect()
    }

    /// Where `v` lies along the axis: 0 at `min`, 1 at `max` (outside [0, 1] beyond them,
    /// NaN where the scale is undefined, e.g. a log axis at 0).
    pub fn fraction(&self, v: f64) -> f64 {
        let (lo, hi) = (self.scale.forward(self.min), self.scale.forward(self.max));
        (self.scale.forward(v) - lo) / (hi - lo)
    }

    /// The value at position `t` along the axis (the inverse of [`Axis::fraction`]), for ticks.
    pub fn at_fraction(&self, t: f64) -> f64 {
        let (lo, hi) = (self.scale.forward(self.min), self.scale.forward(self.max));
        self.scale.inverse(lo + t * (hi - lo))
    }

    /// The cell at position `t` along the axis, if inside it.
    pub fn cell_at(&self, t: f64) -> Option<usize> {
        (0.0..=1.0).contains(&t).then(|| ((t * self.cells as f64) as usize).min(self.cells - 1))
    }
}

/// `x` rounded to `digits` significant digits.
fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() || digits >= 17 {
        return x;
    }
    round_to(x, digits - 1 - x.abs().log10().floor() as i32)
}

/// `x` rounded to `decimals` decimal places (negative: to tens, hundreds...). Dividing by an
/// exact power of ten gives the double nearest the decimal, as a typed value would be.
fn round_to(x: f64, decimals: i32) -> f64 {
    if !x.is_finite() || decimals > 300 {
        return x;
    }
    if decimals >= 0 {
        let m = 10f64.powi(decimals.min(22));
        (x * m).round() / m
    } else {
        let m = 10f64.powi((-decimals).min(22));
        (x / m).round() * m
    }
}

/// The settings of `kind` a sweep can put on its second axis (every real-valued one but the
/// learning rate and [`NOT_SWEPT`]), the most telling first.
pub fn second_axis_options(kind: OptimizerKind) -> Vec<&'static ParamSpec> {
    const PREFERRED: [&str; 4] = ["decay", "beta2", "beta1", "eps"];
    let mut specs: Vec<&'static ParamSpec> = kind
        .params()
        .iter()
        .filter(|p| p.key != LR.key && !NOT_SWEPT.contains(&p.key))
        .filter(|p| matches!(p.kind, ParamKind::Real { .. }))
        .collect();
    specs.sort_by_key(|p| PREFERRED.iter().position(|k| *k == p.key).unwrap_or(PREFERRED.len()));
    specs
}

/// Settings a sweep's second axis leaves out: weight decay changes the objective itself (it
/// pulls the minimum towards 0), so final losses of f across λ mostly measure that pull;
/// RMSProp's initial scale only shapes the first few steps.
pub const NOT_SWEPT: [&str; 2] = ["weight_decay", "initial_scale"];

/// A learning-rate range for a sweep around a rate known to work: whole decades from about
/// a thousandth to a hundred times it, so both the crawl of tiny rates and the divergence
/// of large ones show.
pub fn lr_range_around(lr: f64) -> (f64, f64) {
    let e = if lr > 0.0 && lr.is_finite() { lr.log10() } else { -2.0 };
    // Parsed, so 1e-5 is the double nearest 10⁻⁵ (10f64.powi(-5) is not).
    let p = |k: f64| decimal::parse(&format!("1e{}", k as i32)).unwrap_or(1.0);
    (p((e - 3.0).floor()), p((e + 2.0).ceil()))
}

/// The learning rates a sweep covers unless the user sets them: around the catalog's
/// suggestion for `kind` on `surface`.
pub fn auto_lr_range(surface: &Surface, kind: OptimizerKind) -> (f64, f64) {
    lr_range_around(surface.with_suggested_lr(kind.default_config()).lr())
}

/// What varies across the grid. Every cell keeps the run's schedule: a rate on the x axis
/// is the schedule's base, as the run's own `lr` is, so a cell is the run it claims to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// `base` with the x axis's setting and the y axis's setting changed per cell.
    Settings { base: Run },
    /// `run` started from each cell's (x, y).
    Starts { run: Run },
}

/// Reached, by default, means within this of the known minimum (or below it, without one).
pub const DEFAULT_GAP: f64 = 1e-3;

/// A grid of runs: cell (i, j) is the run at x-axis value i and y-axis value j.
#[derive(Clone, Debug, PartialEq)]
pub struct GridSpec {
    pub problem: Problem,
    pub plan: Plan,
    pub x: Axis,
    pub y: Axis,
    /// The loss at or below which a run counts as having reached its goal.
    pub threshold: f64,
}

impl GridSpec {
    /// The minima a run is judged against: those of the objective in force at the end, so
    /// with a shift the moved ones (pass them to [`basin`] instead of the surface's).
    pub fn goal_minima(&self) -> Vec<Minimum> {
        self.problem.final_objective().minima()
    }

    /// Start points over `window`, `nx` × `ny` cells.
    pub fn starts(
        problem: Problem,
        run: impl Into<Run>,
        window: Window,
        nx: usize,
        ny: usize,
        threshold: f64,
    ) -> Result<GridSpec, String> {
        let x = Axis::new("x", "x", AxisScale::Linear, window.x.0, window.x.1, nx)?;
        let y = Axis::new("y", "y", AxisScale::Linear, window.y.0, window.y.1, ny)?;
        Ok(GridSpec { problem, plan: Plan::Starts { run: run.into() }, x, y, threshold })
    }
}

/// A grid being computed, cell by cell in row-major order (row j = y-axis cell j).
#[derive(Clone, Debug)]
pub struct GridRun {
    spec: GridSpec,
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// The problem each run uses; its start changes per cell for a start-point map. Kept
    /// here so a cell costs no allocation (a custom surface is boxed).
    work: Problem,
    cells: Vec<Outcome>,
}

impl GridRun {
    /// Checks the spec: both axes must be real settings of the optimizer (two different
    /// ones), every cell's value valid for it, and the schedule valid for the grid's steps.
    pub fn new(spec: GridSpec) -> Result<GridRun, String> {
        let (xs, ys) = (spec.x.values(), spec.y.values());
        let schedule = match &spec.plan {
            Plan::Settings { base } => {
                if spec.x.key == spec.y.key {
                    return Err(format!("both axes vary {}: choose two settings", spec.x.label));
                }
                for (axis, values) in [(&spec.x, &xs), (&spec.y, &ys)] {
                    let mut o = base.optimizer;
                    for &v in values {
                        o.set_real(axis.key, v).map_err(|e| format!("{}: {e}", axis.label))?;
                    }
                }
                base.schedule
            }
            Plan::Starts { run } => run.schedule,
        };
        // The sweep may run other steps than the scene (OneCycle's total_steps bounds them).
        schedule
            .check(spec.problem.steps)
            .map_err(|e| format!("schedule {}: {}", e.field, e.message))?;
        if spec.threshold.is_nan() {
            return Err("the loss threshold must be a number".into());
        }
        let cells = Vec::with_capacity(xs.len() * ys.len());
        Ok(GridRun { work: spec.problem.clone(), spec, xs, ys, cells })
    }

    pub fn spec(&self) -> &GridSpec {
        &self.spec
    }

    pub fn nx(&self) -> usize {
        self.xs.len()
    }

    pub fn ny(&self) -> usize {
        self.ys.len()
    }

    pub fn total(&self) -> usize {
        self.xs.len() * self.ys.len()
    }

    /// How many cells are computed (they are the first ones in row-major order).
    pub fn done(&self) -> usize {
        self.cells.len()
    }

    pub fn is_done(&self) -> bool {
        self.done() == self.total()
    }

    /// Computes up to `max_cells` more cells; returns how many it did (0 once done).
    pub fn next_chunk(&mut self, max_cells: usize) -> usize {
        let end = (self.done() + max_cells).min(self.total());
        let from = self.done();
        for c in from..end {
            let (i, j) = (c % self.nx(), c / self.nx());
            let run = self.run_at(i, j);
            self.work.start = self.start_at(i, j);
            let outcome = run_outcome(&self.work, &run, self.spec.threshold);
            self.cells.push(outcome);
        }
        end - from
    }

    /// Computes every remaining cell.
    pub fn finish(&mut self) {
        self.next_chunk(self.total());
    }

    /// The computed cells, row-major: cell (i, j) is `cells()[j * nx + i]`.
    pub fn cells(&self) -> &[Outcome] {
        &self.cells
    }

    pub fn cell(&self, i: usize, j: usize) -> Option<&Outcome> {
        if i >= self.nx() {
            return None;
        }
        self.cells.get(j * self.nx() + i)
    }

    /// The run (optimizer and schedule) cell (i, j) runs.
    pub fn run_at(&self, i: usize, j: usize) -> Run {
        match self.spec.plan {
            Plan::Settings { mut base } => {
                // Checked for every value in `new`, so these cannot fail.
                if let Some(&x) = self.xs.get(i) {
                    let _ = base.optimizer.set_real(self.spec.x.key, x);
                }
                if let Some(&y) = self.ys.get(j) {
                    let _ = base.optimizer.set_real(self.spec.y.key, y);
                }
                base
            }
            Plan::Starts { run } => run,
        }
    }

    /// The start point of cell (i, j).
    pub fn start_at(&self, i: usize, j: usize) -> [f64; 2] {
        match self.spec.plan {
            Plan::Settings { .. } => self.spec.problem.start,
            Plan::Starts { .. } => [
                self.xs.get(i).copied().unwrap_or(f64::NAN),
                self.ys.get(j).copied().unwrap_or(f64::NAN),
            ],
        }
    }

    /// The x-axis value of column i and the y-axis value of row j.
    pub fn values_at(&self, i: usize, j: usize) -> Option<(f64, f64)> {
        Some((*self.xs.get(i)?, *self.ys.get(j)?))
    }
}

/// Whether a run blew up: it diverged, or its loss overflowed.
pub fn blew_up(o: &Outcome) -> bool {
    o.diverged_at.is_some() || !o.final_loss.is_finite()
}

/// What a map colours its cells by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    FinalLoss,
    /// The first step at which the loss was at or below the threshold.
    StepsToThreshold,
}

impl Metric {
    pub const ALL: [Metric; 2] = [Metric::FinalLoss, Metric::StepsToThreshold];

    /// The name in the sweep panel's select.
    pub fn name(self) -> &'static str {
        match self {
            Metric::FinalLoss => "loss",
            Metric::StepsToThreshold => "steps",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::FinalLoss => "final loss (log)",
            Metric::StepsToThreshold => "steps to threshold",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// A cell's metric: a number, or why there is none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellValue {
    Value(f64),
    NotReached,
    Diverged,
}

impl Metric {
    pub fn value(self, o: &Outcome) -> CellValue {
        if blew_up(o) {
            return CellValue::Diverged;
        }
        match self {
            Metric::FinalLoss => CellValue::Value(o.final_loss),
            Metric::StepsToThreshold => {
                o.reached_at.map_or(CellValue::NotReached, |k| CellValue::Value(k as f64))
            }
        }
    }
}

/// Where a run ended, for the start-point map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basin {
    /// Within [`basin_radius`] of known minimum `i`.
    Minimum(usize),
    /// Near no known minimum (still on its way, or in another local minimum).
    Elsewhere,
    Diverged,
}

/// How near a known minimum a run must end to count as having reached it: 5% of the
/// window's shorter side.
pub fn basin_radius(window: Window) -> f64 {
    0.05 * (window.x.1 - window.x.0).abs().min((window.y.1 - window.y.0).abs())
}

/// The known minimum `o` ended nearest, if within `radius`.
pub fn basin(o: &Outcome, minima: &[Minimum], radius: f64) -> Basin {
    if blew_up(o) {
        return Basin::Diverged;
    }
    let p = o.final_point;
    minima
        .iter()
        .enumerate()
        .map(|(i, m)| (i, (m.at[0] - p[0]).hypot(m.at[1] - p[1])))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Basin::Elsewhere, |(i, _)| Basin::Minimum(i))
}
