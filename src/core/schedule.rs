//! Learning-rate schedules, per run: the rate update t (1-based) uses is what the named
//! scheduler gives after t − 1 scheduler steps, as in PyTorch's loop
//! `opt.step(); sched.step()` (and optax's `count`, the number of updates done). Every
//! optimizer reads the scheduled rate where it reads its learning rate (PyTorch's
//! `param_group['lr']`; optax's `scale_by_learning_rate` with a schedule).
//!
//! PyTorch's schedulers are computed as PyTorch computes them in `get_lr()`: StepLR,
//! ExponentialLR, CosineAnnealingLR and LinearLR *recursively*, each rate from the previous
//! one (so rounding matches), OneCycleLR and optax's `warmup_cosine_decay_schedule` from
//! the step number. Like [`super::optim::params`], a table of fields ([`ScheduleKind::fields`])
//! is the one definition that scenarios, the URL codec and the UI read.

use super::optim::params::{check_whole, ParamKind, ParamSpec, Range, SliderScale};
use std::f64::consts::PI;

/// One field of a schedule: a real number in `spec`'s range, a whole number if `whole`, and
/// the framework's default when it has one (`None`: it must be given).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScheduleField {
    pub spec: ParamSpec,
    pub whole: bool,
    pub default: Option<f64>,
}

const POSITIVE: Range = Range { min: 0.0, min_open: true, max: f64::INFINITY, max_open: true };
const NON_NEGATIVE: Range = Range { min: 0.0, min_open: false, max: f64::INFINITY, max_open: true };
const AT_LEAST_ONE: Range = Range { min: 1.0, min_open: false, max: f64::INFINITY, max_open: true };
const FRACTION: Range = Range { min: 0.0, min_open: false, max: 1.0, max_open: false };
const STEPS_SLIDER: SliderScale = SliderScale::Log { min: 1.0, max: 10_000.0 };

const fn field(
    key: &'static str,
    label: &'static str,
    range: Range,
    slider: SliderScale,
    whole: bool,
    default: Option<f64>,
    help: &'static str,
) -> ScheduleField {
    let spec = ParamSpec { key, label, kind: ParamKind::Real { range, slider }, help };
    ScheduleField { spec, whole, default }
}

pub const STEP_SIZE: ScheduleField = field(
    "step_size",
    "Step size",
    AT_LEAST_ONE,
    STEPS_SLIDER,
    true,
    None,
    "Every this many updates the rate is multiplied by γ (StepLR's step_size).",
);
/// StepLR's γ: default 0.1 (torch 2.15).
pub const STEP_GAMMA: ScheduleField = field(
    "gamma",
    "Gamma",
    POSITIVE,
    SliderScale::Log { min: 1e-3, max: 1.0 },
    false,
    Some(0.1),
    "γ: the factor applied every step_size updates.",
);
pub const EXP_GAMMA: ScheduleField = field(
    "gamma",
    "Gamma",
    POSITIVE,
    SliderScale::NearOne { max: 0.9999 },
    false,
    None,
    "γ: the factor applied after every update (ExponentialLR), so update t uses α·γ^(t−1).",
);
pub const T_MAX: ScheduleField = field(
    "t_max",
    "T max",
    AT_LEAST_ONE,
    STEPS_SLIDER,
    true,
    None,
    "T: updates from α down to η_min; after that the rate rises again (CosineAnnealingLR).",
);
pub const ETA_MIN: ScheduleField = field(
    "eta_min",
    "Eta min",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-6, max: 1.0 },
    false,
    Some(0.0),
    "η_min: the lowest rate the cosine reaches.",
);
/// LinearLR's defaults (torch 2.15): start 1/3, end 1, 5 iterations.
pub const START_FACTOR: ScheduleField = field(
    "start_factor",
    "Start factor",
    Range { min: 0.0, min_open: true, max: 1.0, max_open: false },
    SliderScale::Linear { min: 0.01, max: 1.0 },
    false,
    Some(1.0 / 3.0),
    "The rate starts at this fraction of α (LinearLR requires 0 < start ≤ 1).",
);
pub const END_FACTOR: ScheduleField = field(
    "end_factor",
    "End factor",
    FRACTION,
    SliderScale::Linear { min: 0.0, max: 1.0 },
    false,
    Some(1.0),
    "…and ends at this fraction of α, after total_iters updates (0 ≤ end ≤ 1).",
);
pub const TOTAL_ITERS: ScheduleField = field(
    "total_iters",
    "Total iterations",
    NON_NEGATIVE,
    STEPS_SLIDER,
    true,
    Some(5.0),
    "How many updates the linear change takes.",
);
pub const TOTAL_STEPS: ScheduleField = field(
    "total_steps",
    "Total steps",
    AT_LEAST_ONE,
    STEPS_SLIDER,
    true,
    None,
    "The cycle's length in updates; at least the run's steps (PyTorch refuses to step past \
     it).",
);
/// OneCycleLR's defaults (torch 2.15): 0.3, 25, 1e4.
pub const PCT_START: ScheduleField = field(
    "pct_start",
    "Warmup fraction",
    FRACTION,
    SliderScale::Linear { min: 0.0, max: 1.0 },
    false,
    Some(0.3),
    "The fraction of the cycle spent rising from α/div_factor to α.",
);
pub const DIV_FACTOR: ScheduleField = field(
    "div_factor",
    "Div factor",
    POSITIVE,
    SliderScale::Log { min: 1.0, max: 1e4 },
    false,
    Some(25.0),
    "The cycle starts at α/div_factor.",
);
pub const FINAL_DIV_FACTOR: ScheduleField = field(
    "final_div_factor",
    "Final div factor",
    POSITIVE,
    SliderScale::Log { min: 1.0, max: 1e6 },
    false,
    Some(1e4),
    "It ends at α/(div_factor·final_div_factor).",
);
pub const INIT_VALUE: ScheduleField = field(
    "init_value",
    "Initial rate",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-6, max: 1.0 },
    false,
    Some(0.0),
    "The rate of the first update, from which the warmup rises linearly to α (a rate, not \
     a fraction of α, as in optax).",
);
pub const WARMUP_STEPS: ScheduleField = field(
    "warmup_steps",
    "Warmup steps",
    NON_NEGATIVE,
    STEPS_SLIDER,
    true,
    None,
    "Updates of linear warmup up to α.",
);
pub const DECAY_STEPS: ScheduleField = field(
    "decay_steps",
    "Decay steps",
    AT_LEAST_ONE,
    STEPS_SLIDER,
    true,
    None,
    "The update count at which the cosine reaches end_value, warmup included (optax's \
     decay_steps); more than warmup_steps.",
);
pub const END_VALUE: ScheduleField = field(
    "end_value",
    "End rate",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-6, max: 1.0 },
    false,
    Some(0.0),
    "The rate the cosine ends at (a rate, not a fraction of α).",
);

/// Declares the schedules once: kinds with their names, the fields of each, and the
/// accessors, so the table and the enum cannot disagree.
macro_rules! schedules {
    ($($variant:ident $name:literal $title:literal { $($f:ident: $spec:ident),* },)*) => {
        /// The schedule kinds, by the names scenarios, URLs and `trace` use.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ScheduleKind {
            $($variant,)*
        }

        /// A schedule with its fields (whole-number fields are whole `f64`s).
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Schedule {
            $($variant { $($f: f64),* },)*
        }

        impl ScheduleKind {
            pub const ALL: [ScheduleKind; 7] = [$(ScheduleKind::$variant),*];

            pub fn name(self) -> &'static str {
                match self {
                    $(ScheduleKind::$variant => $name,)*
                }
            }

            /// The name people read, with the framework's class it follows.
            pub fn title(self) -> &'static str {
                match self {
                    $(ScheduleKind::$variant => $title,)*
                }
            }

            /// The fields of this kind, in the order the UI shows them.
            pub fn fields(self) -> &'static [ScheduleField] {
                match self {
                    $(ScheduleKind::$variant => &[$($spec),*],)*
                }
            }

            /// This kind with `value(field)` in every field.
            fn build(self, mut value: impl FnMut(&ScheduleField) -> f64) -> Schedule {
                match self {
                    $(ScheduleKind::$variant => Schedule::$variant { $($f: value(&$spec)),* },)*
                }
            }
        }

        impl Schedule {
            pub fn kind(&self) -> ScheduleKind {
                match self {
                    $(Schedule::$variant { .. } => ScheduleKind::$variant,)*
                }
            }

            /// The value of field `key`, if this kind has it.
            pub fn get(&self, key: &str) -> Option<f64> {
                match *self {
                    $(Schedule::$variant { $($f),* } => {
                        $(if key == $spec.spec.key {
                            return Some($f);
                        })*
                    })*
                }
                None
            }

            fn slot(&mut self, key: &str) -> Option<&mut f64> {
                match self {
                    $(Schedule::$variant { $($f),* } => {
                        $(if key == $spec.spec.key {
                            return Some($f);
                        })*
                    })*
                }
                None
            }
        }
    };
}

schedules! {
    Constant "constant" "Constant" {},
    Step "step" "Step (StepLR)" { step_size: STEP_SIZE, gamma: STEP_GAMMA },
    Exponential "exponential" "Exponential (ExponentialLR)" { gamma: EXP_GAMMA },
    Cosine "cosine" "Cosine (CosineAnnealingLR)" { t_max: T_MAX, eta_min: ETA_MIN },
    Linear "linear" "Linear (LinearLR)" {
        start_factor: START_FACTOR, end_factor: END_FACTOR, total_iters: TOTAL_ITERS
    },
    OneCycle "onecycle" "One cycle (OneCycleLR)" {
        total_steps: TOTAL_STEPS, pct_start: PCT_START, div_factor: DIV_FACTOR,
        final_div_factor: FINAL_DIV_FACTOR
    },
    WarmupCosine "warmup_cosine" "Warmup + cosine (optax)" {
        init_value: INIT_VALUE, warmup_steps: WARMUP_STEPS, decay_steps: DECAY_STEPS,
        end_value: END_VALUE
    },
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::Constant {}
    }
}

/// A rejected schedule: the field at fault (empty for the schedule as a whole) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleError {
    pub field: &'static str,
    pub message: String,
}

impl ScheduleKind {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn field(self, key: &str) -> Option<&'static ScheduleField> {
        self.fields().iter().find(|f| f.spec.key == key)
    }

    /// A schedule of this kind for a run of `steps` updates, for the UI: the framework's
    /// defaults, and for the fields without one a value that shows the schedule's shape
    /// over the run (the whole run for T, total_steps and decay_steps, a third of it per
    /// StepLR step, a tenth of it of warmup, γ = 0.99 per update).
    pub fn example(self, steps: usize) -> Schedule {
        let n = steps.max(1) as f64;
        self.build(|f| match (f.default, f.spec.key) {
            (Some(x), _) => x,
            (None, "step_size") => (n / 3.0).ceil(),
            (None, "warmup_steps") => (n / 10.0).floor(),
            (None, "decay_steps") => n.max(2.0),
            (None, "gamma") => 0.99,
            (None, _) => n,
        })
    }

    /// A schedule of this kind from `given(key)`, each field checked against the table,
    /// the missing ones at their defaults; then the whole checked for a run of `steps`.
    pub fn parse(
        self,
        steps: usize,
        mut given: impl FnMut(&str) -> Option<f64>,
    ) -> Result<Schedule, ScheduleError> {
        let mut out = self.build(|_| 0.0);
        for f in self.fields() {
            let x = match (given(f.spec.key), f.default) {
                (Some(x), _) => x,
                (None, Some(d)) => d,
                (None, None) => {
                    return Err(ScheduleError { field: f.spec.key, message: "missing".into() })
                }
            };
            out.set(f.spec.key, x)
                .map_err(|message| ScheduleError { field: f.spec.key, message })?;
        }
        out.check(steps)?;
        Ok(out)
    }
}

impl Schedule {
    /// Sets field `key` after checking it against the table (range, whole number).
    pub fn set(&mut self, key: &str, x: f64) -> Result<(), String> {
        let kind = self.kind();
        let f = kind.field(key).ok_or_else(|| {
            let known: Vec<_> = kind.fields().iter().map(|f| f.spec.key).collect();
            format!(
                "the {} schedule has no field '{key}' (it has: {})",
                kind.name(),
                known.join(", ")
            )
        })?;
        if let ParamKind::Real { range, .. } = f.spec.kind {
            if !range.contains(x) {
                return Err(format!("must be {} (got {x})", range.describe()));
            }
        }
        if f.whole {
            check_whole(x)?;
        }
        *self.slot(key).ok_or_else(|| format!("{key} cannot be set"))? = x;
        Ok(())
    }

    /// The checks across fields, and against a run of `steps` updates, that the frameworks
    /// make (or would fail without): each names the field to change.
    pub fn check(&self, steps: usize) -> Result<(), ScheduleError> {
        let fail = |field, message: String| Err(ScheduleError { field, message });
        match *self {
            Schedule::OneCycle { total_steps, pct_start, .. } => {
                if total_steps < steps as f64 {
                    return fail(
                        "total_steps",
                        format!(
                            "must be at least the run's steps = {steps} (got {total_steps}): \
                             PyTorch's OneCycleLR refuses to step past it"
                        ),
                    );
                }
                let (end1, end2) = one_cycle_ends(total_steps, pct_start);
                if end1 == 0.0 || end2 == end1 {
                    return fail(
                        "pct_start",
                        format!(
                            "{pct_start}·total_steps leaves a phase of no length (PyTorch divides \
                             by zero there)"
                        ),
                    );
                }
                Ok(())
            }
            Schedule::WarmupCosine { warmup_steps, decay_steps, .. }
                if decay_steps <= warmup_steps =>
            {
                fail(
                    "decay_steps",
                    format!(
                        "must be more than warmup_steps = {warmup_steps} (got {decay_steps}): \
                         optax's cosine part needs decay_steps − warmup_steps > 0"
                    ),
                )
            }
            _ => Ok(()),
        }
    }

    pub fn is_constant(&self) -> bool {
        self.kind() == ScheduleKind::Constant
    }

    /// The rates of updates 1, 2, 3, … for the run's learning rate `lr` (the base rate; the
    /// peak for OneCycle and warmup_cosine).
    pub fn rates(&self, lr: f64) -> Rates {
        Rates { schedule: *self, base: lr, lr: self.first(lr), epoch: 0 }
    }

    /// The rate of update `t` (1-based; t = 0 counts as 1).
    pub fn lr_at(&self, lr: f64, t: usize) -> f64 {
        self.rates(lr).nth(t.saturating_sub(1)).unwrap_or(lr)
    }

    /// The rate before any scheduler step: what PyTorch's scheduler sets on construction.
    fn first(&self, base: f64) -> f64 {
        match *self {
            Schedule::Linear { start_factor, .. } => base * start_factor,
            Schedule::OneCycle { .. } | Schedule::WarmupCosine { .. } => self.closed(base, 0.0),
            _ => base,
        }
    }

    /// The rate after scheduler step `e` ≥ 1, from the one before (`prev`), as `get_lr()`.
    fn next(&self, base: f64, prev: f64, e: f64) -> f64 {
        match *self {
            Schedule::Constant {} => prev,
            Schedule::Step { step_size, gamma } => {
                if e % step_size != 0.0 {
                    prev
                } else {
                    prev * gamma
                }
            }
            Schedule::Exponential { gamma } => prev * gamma,
            Schedule::Cosine { t_max, eta_min } => {
                if (e - 1.0 - t_max).rem_euclid(2.0 * t_max) == 0.0 {
                    prev + (base - eta_min) * (1.0 - (PI / t_max).cos()) / 2.0
                } else {
                    (1.0 + (PI * e / t_max).cos()) / (1.0 + (PI * (e - 1.0) / t_max).cos())
                        * (prev - eta_min)
                        + eta_min
                }
            }
            Schedule::Linear { start_factor, end_factor, total_iters } => {
                if e > total_iters {
                    prev
                } else {
                    let change = end_factor - start_factor;
                    prev * (1.0 + change / (total_iters * start_factor + (e - 1.0) * change))
                }
            }
            Schedule::OneCycle { .. } | Schedule::WarmupCosine { .. } => self.closed(base, e),
        }
    }

    /// OneCycle's and warmup_cosine's rate after `e` scheduler steps (`e` updates done).
    /// Past OneCycle's `total_steps` (which a scenario or link cannot ask for, but the app's
    /// steps can grow to) PyTorch raises; here the last phase's formula simply continues.
    fn closed(&self, base: f64, e: f64) -> f64 {
        match *self {
            Schedule::OneCycle { total_steps, pct_start, div_factor, final_div_factor } => {
                let initial = base / div_factor;
                let min = initial / final_div_factor;
                let (end1, end2) = one_cycle_ends(total_steps, pct_start);
                if e <= end1 {
                    anneal_cos(initial, base, e / end1)
                } else {
                    anneal_cos(base, min, (e - end1) / (end2 - end1))
                }
            }
            Schedule::WarmupCosine { init_value, warmup_steps, decay_steps, end_value } => {
                if e < warmup_steps {
                    // optax's linear_schedule: (init − peak)·(1 − c/W) + peak.
                    (init_value - base) * (1.0 - e / warmup_steps) + base
                } else {
                    // optax's cosine_decay_schedule from the peak, α = end/peak.
                    let alpha = if base == 0.0 { 0.0 } else { end_value / base };
                    let span = decay_steps - warmup_steps;
                    let c = (e - warmup_steps).min(span);
                    let cosine = 0.5 * (1.0 + (PI * c / span).cos());
                    base * ((1.0 - alpha) * cosine + alpha)
                }
            }
            _ => self.first(base),
        }
    }
}

/// The last step of OneCycle's two phases: `pct_start·total_steps − 1` and
/// `total_steps − 1`, as PyTorch's `_schedule_phases`.
fn one_cycle_ends(total_steps: f64, pct_start: f64) -> (f64, f64) {
    (pct_start * total_steps - 1.0, total_steps - 1.0)
}

/// PyTorch's `OneCycleLR._annealing_cos`: from `start` to `end` as `pct` goes 0 → 1.
fn anneal_cos(start: f64, end: f64, pct: f64) -> f64 {
    let cos_out = (PI * pct).cos() + 1.0;
    end + (start - end) / 2.0 * cos_out
}

/// The rates of updates 1, 2, 3, …: each call gives the current rate and takes a
/// scheduler step. Never ends.
#[derive(Clone, Copy, Debug)]
pub struct Rates {
    schedule: Schedule,
    base: f64,
    lr: f64,
    epoch: u64,
}

impl Iterator for Rates {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        let out = self.lr;
        self.epoch += 1;
        self.lr = self.schedule.next(self.base, self.lr, self.epoch as f64);
        Some(out)
    }
}
