//! Running an optimizer on a surface, recording everything the charts and the explainer need.

use super::data::{Batch, Batcher, DataSurface};
use super::optim::params::Range;
use super::optim::{At, OptState, Optimizer, Rule, Update, Visit};
use super::rng::{box_muller, splitmix64, unit_open, GAMMA};
use super::schedule::Schedule;
use super::surface::{Minimum, Surface};

/// Seeded Gaussian noise added to every gradient component: `g̃ = ∇f + σ·z`.
///
/// `z` depends only on (seed, step, coordinate), so every run of a scenario sees the same
/// noise and replaying or scrubbing gives the same path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Noise {
    pub sigma: f64,
    pub seed: u64,
    /// σ is a multiple of |∇f| at the start, so that it means as much on Rosenbrock (where
    /// gradients are in the hundreds) as on a bowl; [`Problem::noise_used`] makes it absolute.
    pub relative: bool,
}

impl Noise {
    /// Valid noise strengths σ: [0, 10⁶], the scale of the window coordinates' limit.
    pub const SIGMA: Range = Range { min: 0.0, min_open: false, max: 1e6, max_open: false };

    /// The standard normal draw for update `t` (1-based) and coordinate `i`.
    pub fn z(&self, t: u32, i: usize) -> f64 {
        let key = self.seed ^ (u64::from(t) << 1 | i as u64).wrapping_mul(GAMMA);
        let u1 = unit_open(splitmix64(key));
        let u2 = unit_open(splitmix64(key ^ 0xD1B5_4A32_D192_ED03));
        box_muller(u1, u2)
    }
}

/// A shifting objective: updates 1…`step` see f, and every later update sees
/// `scale`·f(θ − `offset`), so the minima move by `offset` and the gradients scale by
/// `scale`. (A scenario's `"shift": {"step": k, "scale": s, "offset": [a, b]}`.)
///
/// Update t leaves point t − 1 and uses the gradient there, so the objective "in force" at
/// point (step) n is the one the update leaving it sees: f for n < `step`, the shifted one
/// from n = `step` on. That is the objective whose value `loss[n]` records, whose surface
/// the heatmap should show at playback step n, and whose minima count as the goal there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shift {
    /// The last update that sees f (1 ≤ step < the problem's steps).
    pub step: usize,
    /// The factor on f after the shift (> 0).
    pub scale: f64,
    /// How far the surface moves after the shift.
    pub offset: [f64; 2],
}

impl Shift {
    /// Whether the shifted objective is in force at point (step) `n`.
    pub fn in_force_at(&self, n: usize) -> bool {
        n >= self.step
    }
}

/// Where and how long to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub surface: Surface,
    pub start: [f64; 2],
    pub steps: usize,
    pub noise: Option<Noise>,
    /// A change of objective part way through, if any.
    pub shift: Option<Shift>,
}

impl Problem {
    /// The noise the updates add, with an absolute σ: a relative σ times |∇f(start)| (the
    /// full-batch gradient on data; 0 where it is not finite, as the run then stops at once).
    pub fn noise_used(&self) -> Option<Noise> {
        let n = self.noise?;
        if !n.relative {
            return Some(n);
        }
        let g = self.objective_at(0).value_and_grad(self.start).1;
        let size = g[0].hypot(g[1]);
        let size = if size.is_finite() { size } else { 0.0 };
        Some(Noise { sigma: n.sigma * size, relative: false, ..n })
    }

    /// `steps` updates on `surface` from its default start, without noise or a shift.
    pub fn new(surface: Surface, steps: usize) -> Problem {
        let start = surface.default_start();
        Problem { surface, start, steps, noise: None, shift: None }
    }

    /// The objective in force at point (playback step) `n`: what `loss[n]` measures, what
    /// the update leaving point n differentiates, what the heatmap shows at step n. On data,
    /// `loss[n]` is the full-batch loss and the update leaving point n (update n + 1) uses
    /// the gradient of its minibatch's loss ([`Objective::batch`]).
    pub fn objective_at(&self, n: usize) -> Objective<'_> {
        Objective {
            surface: &self.surface,
            shift: self.shift.filter(|s| s.in_force_at(n)),
            batch: self.surface.data().map(|d| d.batch_of_update(n + 1)),
        }
    }

    /// What one update costs, in evaluations of f or of one row's loss: 1 on a formula; on
    /// data, the full-batch loss over n rows plus, with minibatches, the batch's B rows. A
    /// sweep's cell costs at most about `steps` times this (to size its chunks; a sweep skips
    /// the full-batch loss where a bound tells it enough, see [`run_outcome`]).
    pub fn evaluations_per_update(&self) -> usize {
        match self.surface.data() {
            Some(d) if d.batching().is_full(d.n()) => d.n(),
            Some(d) => d.n() + d.batching().batch_size,
            None => 1,
        }
    }

    /// The data the loss is on, when a bound on it can stand in for evaluating it: on data,
    /// without a shift (whose objective changes part way).
    fn bounded_data(&self) -> Option<&DataSurface> {
        self.surface.data().filter(|_| self.shift.is_none())
    }

    /// The objective in force at the end of the run (the goal of the last update).
    pub fn final_objective(&self) -> Objective<'_> {
        self.objective_at(self.steps)
    }
}

/// A surface as seen at some step: f itself, or `scale`·f(θ − `offset`) after a shift.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective<'a> {
    pub surface: &'a Surface,
    /// The shift, if it is in force.
    pub shift: Option<Shift>,
    /// On data: the minibatch the update leaving this point uses (None: no minibatches).
    pub batch: Option<Batch>,
}

impl Objective<'_> {
    pub fn is_shifted(&self) -> bool {
        self.shift.is_some()
    }

    pub fn value(&self, p: [f64; 2]) -> f64 {
        match self.shift {
            None => self.surface.value(p),
            Some(s) => s.scale * self.surface.value([p[0] - s.offset[0], p[1] - s.offset[1]]),
        }
    }

    /// The value and its exact gradient: `scale`·f(θ − offset) and `scale`·∇f(θ − offset).
    pub fn value_and_grad(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        self.through_shift(p, |q| self.surface.value_and_grad(q))
    }

    /// `f_and_grad` (a value and gradient of the unshifted surface) as this objective sees
    /// it: at θ − offset and scaled, if the shift is in force.
    pub fn through_shift(
        &self,
        p: [f64; 2],
        mut f_and_grad: impl FnMut([f64; 2]) -> (f64, [f64; 2]),
    ) -> (f64, [f64; 2]) {
        match self.shift {
            None => f_and_grad(p),
            Some(s) => {
                let (f, g) = f_and_grad([p[0] - s.offset[0], p[1] - s.offset[1]]);
                (s.scale * f, [s.scale * g[0], s.scale * g[1]])
            }
        }
    }

    /// The loss the update leaving this point differentiates, and its gradient: on data,
    /// that of its minibatch ([`Objective::batch`]); otherwise the objective itself.
    pub fn batch_value_and_grad(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        match (self.surface.data(), self.batch) {
            (Some(d), Some(b)) => self.through_shift(p, |q| d.batch_value_and_grad(b, q)),
            _ => self.value_and_grad(p),
        }
    }

    /// The known minima of this objective: the surface's, moved by the offset, with their
    /// values scaled.
    pub fn minima(&self) -> Vec<Minimum> {
        let (scale, o) = self.shift.map_or((1.0, [0.0, 0.0]), |s| (s.scale, s.offset));
        self.surface
            .minima()
            .iter()
            .map(|m| Minimum { at: [m.at[0] + o[0], m.at[1] + o[1]], f: scale * m.f })
            .collect()
    }

    /// The lowest known minimum's value of this objective (see [`Surface::loss_floor`]).
    pub fn loss_floor(&self) -> Option<f64> {
        let scale = self.shift.map_or(1.0, |s| s.scale);
        self.surface.loss_floor().map(|f| scale * f)
    }

    /// Distance from `p` to the nearest known minimum of this objective, if any.
    pub fn distance_to_nearest_minimum(&self, p: [f64; 2]) -> Option<f64> {
        self.minima().iter().map(|m| (m.at[0] - p[0]).hypot(m.at[1] - p[1])).min_by(f64::total_cmp)
    }
}

/// What to run: an optimizer and the schedule of its learning rate (the optimizer's `lr`
/// is the schedule's base). An optimizer alone runs at its constant rate, so `run(&p, &opt)`
/// still reads as it did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Run {
    pub optimizer: Optimizer,
    pub schedule: Schedule,
}

impl From<Optimizer> for Run {
    fn from(optimizer: Optimizer) -> Run {
        Run { optimizer, schedule: Schedule::default() }
    }
}

/// A run at a constant rate is its optimizer.
impl PartialEq<Optimizer> for Run {
    fn eq(&self, other: &Optimizer) -> bool {
        self.schedule.is_constant() && self.optimizer == *other
    }
}

/// Update `t` (1-based): what went in and what came out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepRecord {
    /// The gradient the optimizer saw (with noise, if any).
    pub grad: [f64; 2],
    /// The learning rate this update used: the schedule's for step t.
    pub lr: f64,
    /// θ_t − θ_{t−1} as the optimizer computed it.
    pub delta: [f64; 2],
    /// The factor that multiplied the gradient, per coordinate.
    pub eff_lr: [f64; 2],
    /// The optimizer's state after the update, per coordinate.
    pub state: [OptState; 2],
}

/// A recorded run. `points[0]` is the start and `points[k]` the position after k updates;
/// `loss[k]` and `grad[k]` are the value and exact gradient there of the objective in force
/// at point k ([`Problem::objective_at`]: f, or the shifted f from the shift's step on; on
/// data, of the full-batch loss); `steps[k − 1]` is update k, whose `grad` is the gradient
/// it used (on data: its minibatch's, which `batches[k − 1]` names).
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    pub optimizer: Optimizer,
    pub schedule: Schedule,
    pub points: Vec<[f64; 2]>,
    pub loss: Vec<f64>,
    pub grad: Vec<[f64; 2]>,
    pub steps: Vec<StepRecord>,
    /// On data, the batch each update used (its index within its epoch), one per entry of
    /// `steps`; `None` on a formula.
    pub batches: Option<Vec<usize>>,
    /// The first update whose result was not finite, or that would start from a point where
    /// f or ∇f is undefined (NaN); such a result is not stored, so `diverged_at` is
    /// `Some(points.len())`.
    pub diverged_at: Option<usize>,
}

/// A dropped trajectory's per-step records go back to [`recycled`], for the next run.
impl Drop for Trajectory {
    fn drop(&mut self) {
        recycled::give(std::mem::take(&mut self.steps));
    }
}

/// The per-step record buffers of dropped trajectories, kept for the next runs. A run of
/// 10 000 steps records 1.2 MB in one block; the app recomputes runs all the time (every
/// slider move), and a fresh block that size does not always find a free one among the
/// smaller allocations around, so the wasm memory grew by a block at a time over a long
/// session. Reusing the blocks freed runs leave keeps it flat.
pub mod recycled {
    use super::StepRecord;
    use std::cell::RefCell;

    /// At most this many buffers are kept (the app shows at most eight runs, plus pins).
    pub const KEEP: usize = 16;
    /// Buffers smaller than this many records are not worth keeping.
    const MIN_RECORDS: usize = 1024;

    thread_local! {
        static FREE: RefCell<Vec<Vec<StepRecord>>> = const { RefCell::new(Vec::new()) };
    }

    /// An empty buffer for `records` records: the smallest kept one that holds them, or a
    /// new one.
    pub fn take(records: usize) -> Vec<StepRecord> {
        let kept = FREE.with_borrow_mut(|free| {
            let fits = free.iter().enumerate().filter(|(_, v)| v.capacity() >= records);
            let best = fits.min_by_key(|(_, v)| v.capacity()).map(|(i, _)| i)?;
            Some(free.swap_remove(best))
        });
        kept.unwrap_or_else(|| Vec::with_capacity(records))
    }

    /// Keeps `buffer` (emptied) for a later [`take`], replacing a smaller kept one when full.
    pub fn give(mut buffer: Vec<StepRecord>) {
        if buffer.capacity() < MIN_RECORDS {
            return;
        }
        buffer.clear();
        FREE.with_borrow_mut(|free| {
            if free.len() < KEEP {
                free.push(buffer);
            } else if let Some(small) = free.iter_mut().min_by_key(|v| v.capacity()) {
                if small.capacity() < buffer.capacity() {
                    *small = buffer;
                }
            }
        });
    }

    /// How many buffers are kept (for tests).
    pub fn kept() -> usize {
        FREE.with_borrow(Vec::len)
    }
}

impl Trajectory {
    /// Which point is shown at playback step `step`: that step's, or the last one kept when
    /// the run ended before it. None when the run has no point at all (its start was not
    /// finite), so a view can never index an empty path.
    pub fn head(&self, step: usize) -> Option<usize> {
        self.points.len().checked_sub(1).map(|last| step.min(last))
    }

    /// The path up to playback step `step` (empty when the run has no point).
    pub fn path_to(&self, step: usize) -> &[[f64; 2]] {
        self.head(step).map_or(&[], |k| &self.points[..=k])
    }

    /// The state before update `t` (1-based): the initial state for t = 1.
    pub fn state_before(&self, t: usize) -> [OptState; 2] {
        if t <= 1 {
            let s = self.optimizer.initial_state();
            [s, s]
        } else {
            self.steps[t - 2].state
        }
    }
}

/// How a run ended, without the per-step record (for sweeps).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub final_point: [f64; 2],
    pub final_loss: f64,
    /// The first step whose position had loss ≤ the threshold asked for, if any; with a
    /// shift, only steps where the final (shifted) objective is in force count.
    pub reached_at: Option<usize>,
    pub diverged_at: Option<usize>,
}

/// Runs `spec` (an optimizer, or an optimizer and a schedule) on `problem`, recording every
/// step.
pub fn run(problem: &Problem, spec: &(impl Into<Run> + Copy)) -> Trajectory {
    let spec: Run = (*spec).into();
    let cap = problem.steps + 1;
    let mut tr = Trajectory {
        optimizer: spec.optimizer,
        schedule: spec.schedule,
        points: Vec::with_capacity(cap),
        loss: Vec::with_capacity(cap),
        grad: Vec::with_capacity(cap),
        steps: recycled::take(problem.steps),
        batches: None,
        diverged_at: None,
    };
    tr.diverged_at = drive(problem, &spec, &mut tr);
    let used = tr.steps.len();
    tr.batches =
        problem.surface.data().map(|d| (1..=used).map(|t| d.batch_of_update(t).index).collect());
    tr
}

impl Sink for Trajectory {
    fn point(&mut self, _k: usize, p: [f64; 2], fg: Option<(f64, [f64; 2])>) {
        let (f, g) = fg.expect("a recorded run evaluates every point");
        self.points.push(p);
        self.loss.push(f);
        self.grad.push(g);
    }

    fn step(&mut self, record: StepRecord) {
        self.steps.push(record);
    }
}

/// Runs `spec` on `problem` keeping only the outcome; `threshold` is the loss that counts as
/// reached.
pub fn run_outcome(problem: &Problem, spec: &(impl Into<Run> + Copy), threshold: f64) -> Outcome {
    let out = Outcome {
        final_point: problem.start,
        final_loss: f64::NAN,
        reached_at: None,
        diverged_at: None,
    };
    let mut sink = OutcomeSink { problem, threshold, out, skipped: None, anchor: None };
    sink.out.diverged_at = drive(problem, &(*spec).into(), &mut sink);
    if let Some(k) = sink.skipped {
        // The last point was not evaluated: it is now.
        sink.out.final_loss = problem.objective_at(k).value(sink.out.final_point);
    }
    sink.out
}

/// What [`run_outcome`] keeps as the run goes.
struct OutcomeSink<'a> {
    problem: &'a Problem,
    threshold: f64,
    out: Outcome,
    /// The last point's index, while its loss was not evaluated.
    skipped: Option<usize>,
    /// A point and a number its loss is at least (None before the start's).
    anchor: Option<([f64; 2], f64)>,
}

impl Sink for OutcomeSink<'_> {
    /// Once the threshold is reached only the final loss matters; before, a point whose
    /// loss is surely above the threshold need not be evaluated.
    fn needs_loss(&mut self, p: [f64; 2]) -> bool {
        let (Some(d), Some(anchor)) = (self.problem.bounded_data(), self.anchor.as_mut()) else {
            return true;
        };
        if self.out.reached_at.is_some() {
            return !d.surely_finite(p);
        }
        d.surely_above(self.threshold, anchor, p) != Some(true)
    }

    fn point(&mut self, k: usize, p: [f64; 2], fg: Option<(f64, [f64; 2])>) {
        self.out.final_point = p;
        self.skipped = fg.is_none().then_some(k);
        if let Some((f, _)) = fg {
            self.out.final_loss = f;
            self.anchor = Some((p, f));
            let counts = self.problem.shift.is_none_or(|s| s.in_force_at(k));
            if counts && self.out.reached_at.is_none() && f <= self.threshold {
                self.out.reached_at = Some(k);
            }
        }
    }
}

/// Where the loop reports: every point (with its loss and gradient, unless the sink said it
/// did not need them) and every update.
trait Sink {
    /// Whether the point `p` must be evaluated, when the next update does not need its full
    /// gradient (it uses a minibatch's); a sink that answers no is given `None`.
    fn needs_loss(&mut self, _p: [f64; 2]) -> bool {
        true
    }
    fn point(&mut self, k: usize, p: [f64; 2], fg: Option<(f64, [f64; 2])>);
    fn step(&mut self, _record: StepRecord) {}
}

/// The one optimization loop: dispatches on the optimizer once, then runs monomorphized.
fn drive(problem: &Problem, spec: &Run, sink: &mut dyn Sink) -> Option<usize> {
    // The sink is `dyn`, so the loop is compiled once per optimizer, not once per optimizer
    // and caller (the wasm is smaller; a few indirect calls a step cost nothing next to it).
    spec.optimizer.visit(Loop { problem, schedule: spec.schedule, lr: spec.optimizer.lr(), sink })
}

/// The loop's inputs, for [`Optimizer::visit`].
struct Loop<'a> {
    problem: &'a Problem,
    schedule: Schedule,
    lr: f64,
    sink: &'a mut dyn Sink,
}

impl Visit for Loop<'_> {
    type Out = Option<usize>;

    fn visit<R: Rule>(self, rule: R, wrap: fn(R::State) -> OptState) -> Option<usize> {
        let Loop { problem, schedule, lr, sink } = self;
        let mut state = [rule.init(), rule.init()];
        let mut rates = schedule.rates(lr);
        let mut grads = GradientSource::new(problem);
        let mut p = problem.start;
        if !(p[0].is_finite() && p[1].is_finite()) {
            return Some(0);
        }
        let (f, mut g) = problem.objective_at(0).value_and_grad(p);
        sink.point(0, p, Some((f, g)));
        if undefined(f, g) {
            return Some(1);
        }
        for k in 1..=problem.steps {
            let t = u32::try_from(k).unwrap_or(u32::MAX);
            let g_used = grads.used(k, p, g);
            let at = At { t, lr: rates.next().unwrap_or(lr) };
            let [ux, uy]: [Update; 2] = rule.step_both(&mut state, g_used, p, at);
            let next = [p[0] + ux.delta, p[1] + uy.delta];
            if !(next[0].is_finite() && next[1].is_finite()) {
                return Some(k);
            }
            sink.step(StepRecord {
                grad: g_used,
                lr: at.lr,
                delta: [ux.delta, uy.delta],
                eff_lr: [ux.eff_lr, uy.eff_lr],
                state: [wrap(state[0]), wrap(state[1])],
            });
            p = next;
            if grads.batcher.is_some() && !sink.needs_loss(p) {
                sink.point(k, p, None); // the sink knows f(p) could not be undefined
                continue;
            }
            let (f, g_k) = problem.objective_at(k).value_and_grad(p);
            g = g_k;
            sink.point(k, p, Some((f, g)));
            if undefined(f, g) && k < problem.steps {
                return Some(k + 1);
            }
        }
        None
    }
}

/// The gradient update k uses at p, given the exact (full-batch) gradient `g` there: on data
/// with minibatches, the gradient of update k's batch instead; plus the noise, if any.
struct GradientSource<'a> {
    problem: &'a Problem,
    /// Only when the batches are smaller than the data (a full batch's gradient is `g`).
    batcher: Option<Batcher<'a>>,
    /// [`Problem::noise_used`], worked out once.
    noise: Option<Noise>,
}

impl<'a> GradientSource<'a> {
    fn new(problem: &'a Problem) -> GradientSource<'a> {
        let batcher = problem.surface.data().filter(|d| d.minibatched());
        GradientSource { problem, batcher: batcher.map(Batcher::new), noise: problem.noise_used() }
    }

    fn used(&mut self, k: usize, p: [f64; 2], g: [f64; 2]) -> [f64; 2] {
        let g = match self.batcher.as_mut() {
            Some(b) => {
                // Only the gradient is used (the value given is never read).
                let objective = self.problem.objective_at(k - 1);
                objective.through_shift(p, |q| (0.0, b.gradient(k, q))).1
            }
            None => g,
        };
        let t = u32::try_from(k).unwrap_or(u32::MAX);
        match self.noise {
            Some(n) if n.sigma > 0.0 => [g[0] + n.sigma * n.z(t, 0), g[1] + n.sigma * n.z(t, 1)],
            _ => g,
        }
    }
}

/// f or ∇f is NaN: the position is outside the function's domain (`log(x)` for x < 0), so
/// the next update could not mean anything. The position itself is finite and is kept, as
/// PyTorch keeps it; the next update is the one marked diverged. (An infinite f from
/// overflow is not undefined: the reference runs continue through it.)
fn undefined(f: f64, g: [f64; 2]) -> bool {
    f.is_nan() || g[0].is_nan() || g[1].is_nan()
}
