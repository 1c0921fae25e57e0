//! Learning-rate sensitivity: each run's outcome after the scene's steps at log-spaced α over
//! the sweep's range for its optimizer, every other setting (schedule included) the run's.
//! Computed a few runs at a time, as a sweep's grid is.

use super::optim::params::LR;
use super::sweep::{auto_lr_range, Axis, AxisScale, CellValue, Metric};
use super::trajectory::{run_outcome, Outcome, Problem, Run};

/// Rates per run: about four a decade over the sweep's five or six decades, enough to see
/// where a run starts to crawl and where it blows up, at a twentieth of a small sweep's cost.
pub const RATES_PER_RUN: usize = 25;

/// One run's curve: its settings (α aside) and the rates it is run at.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveSpec {
    /// The run's id in the app (the point a click loads goes back to it).
    pub id: u32,
    /// The run with α set to the first rate, so a spec does not change when a point's α is
    /// loaded into the run.
    pub run: Run,
    pub alphas: Axis,
}

impl CurveSpec {
    /// The curve of `run` over [`RATES_PER_RUN`] rates of the sweep's range on `problem`.
    pub fn new(problem: &Problem, id: u32, run: Run) -> Result<CurveSpec, String> {
        let (lo, hi) = auto_lr_range(&problem.surface, run.optimizer.kind());
        let alphas = Axis::new(LR.key, LR.label, AxisScale::Log, lo, hi, RATES_PER_RUN)?;
        let mut run = run;
        // Every rate must be one the optimizer takes, so a chunk never fails.
        alphas.values().into_iter().try_for_each(|a| run.optimizer.set_real(LR.key, a))?;
        run.optimizer.set_real(LR.key, alphas.value(0))?;
        Ok(CurveSpec { id, run, alphas })
    }

    /// The run at rate `alpha`: its schedule scales with α as the run's own path's does.
    pub fn run_at(&self, alpha: f64) -> Run {
        let mut r = self.run;
        // Checked in `new` for every rate of the curve; another rate leaves the first one.
        let _ = r.optimizer.set_real(LR.key, alpha);
        r
    }
}

/// What a sensitivity chart computes.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivitySpec {
    pub problem: Problem,
    pub curves: Vec<CurveSpec>,
    /// The loss at or below which a run counts as having reached its goal.
    pub threshold: f64,
}

impl SensitivitySpec {
    pub fn new(
        problem: Problem,
        runs: impl IntoIterator<Item = (u32, Run)>,
        threshold: f64,
    ) -> Result<SensitivitySpec, String> {
        if threshold.is_nan() {
            return Err("the loss threshold must be a number".into());
        }
        let curves = runs
            .into_iter()
            .map(|(id, r)| CurveSpec::new(&problem, id, r))
            .collect::<Result<Vec<_>, _>>()?;
        if curves.is_empty() {
            return Err("Show a run to chart its sensitivity to α.".into());
        }
        Ok(SensitivitySpec { problem, curves, threshold })
    }

    /// log10 of the lowest and highest rate any curve covers (the chart's x range).
    pub fn log_alpha_range(&self) -> (f64, f64) {
        let ends = self.curves.iter().map(|c| (c.alphas.min.log10(), c.alphas.max.log10()));
        ends.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (l, h)| (a.min(l), b.max(h)))
    }
}

/// A sensitivity chart being computed, curve by curve, rate by rate.
#[derive(Clone, Debug)]
pub struct Sensitivity {
    spec: SensitivitySpec,
    /// Per curve, the outcomes computed so far (in rate order).
    outcomes: Vec<Vec<Outcome>>,
    done: usize,
}

impl Sensitivity {
    pub fn new(spec: SensitivitySpec) -> Sensitivity {
        let outcomes = spec.curves.iter().map(|_| Vec::with_capacity(RATES_PER_RUN)).collect();
        Sensitivity { spec, outcomes, done: 0 }
    }

    pub fn spec(&self) -> &SensitivitySpec {
        &self.spec
    }

    pub fn total(&self) -> usize {
        self.spec.curves.iter().map(|c| c.alphas.cells).sum()
    }

    pub fn done(&self) -> usize {
        self.done
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.total()
    }

    /// Computes up to `max_runs` more runs; returns how many it did (0 once done).
    pub fn next_chunk(&mut self, max_runs: usize) -> usize {
        let mut did = 0;
        for (c, out) in self.spec.curves.iter().zip(&mut self.outcomes) {
            while did < max_runs && out.len() < c.alphas.cells {
                let run = c.run_at(c.alphas.value(out.len()));
                out.push(run_outcome(&self.spec.problem, &run, self.spec.threshold));
                did += 1;
            }
        }
        self.done += did;
        did
    }

    /// Curve `k`'s outcomes so far.
    pub fn outcomes(&self, k: usize) -> &[Outcome] {
        self.outcomes.get(k).map_or(&[], Vec::as_slice)
    }
}

/// The best rate of a curve: the lowest `metric` (final loss, or fewest steps to the
/// threshold) among runs that did not blow up; ties go to the lower final loss, then to the
/// smaller α (the first, as outcomes are in rate order). None when no run has a value.
pub fn best(outcomes: &[Outcome], metric: Metric) -> Option<usize> {
    let key = |o: &Outcome| match metric.value(o) {
        CellValue::Value(v) => Some((v, o.final_loss)),
        _ => None,
    };
    let scored = outcomes.iter().enumerate().filter_map(|(i, o)| Some((i, key(o)?)));
    // `min_by` keeps the first of equal elements: the smaller α.
    scored.min_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(a.1 .1.total_cmp(&b.1 .1))).map(|b| b.0)
}
