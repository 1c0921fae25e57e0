//! The hyperparameter table: one entry per setting, naming its key (as in scenarios and URLs),
//! its label (as in the UI), its valid range and its slider scale. Scenario parsing, the URL
//! codec and the UI's controls all read this table, so a setting is defined exactly once.

use super::{EpsPlacement, Optimizer, OptimizerKind};

/// An interval of valid values; every bound is inclusive unless marked open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub min_open: bool,
    pub max: f64,
    pub max_open: bool,
}

impl Range {
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite()
            && (if self.min_open { x > self.min } else { x >= self.min })
            && (if self.max_open { x < self.max } else { x <= self.max })
    }

    /// "> 0", "in [0, 1)", "≥ 0": for error messages.
    pub fn describe(&self) -> String {
        let lo = if self.min_open { "(" } else { "[" };
        let hi = if self.max_open { ")" } else { "]" };
        if self.max == f64::INFINITY {
            format!("{} {}", if self.min_open { ">" } else { "≥" }, self.min)
        } else {
            format!("in {lo}{}, {}{hi}", self.min, self.max)
        }
    }
}

/// How a slider maps its thumb to a value (the text field still accepts the whole range).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SliderScale {
    Linear {
        min: f64,
        max: f64,
    },
    /// Even steps in log10.
    Log {
        min: f64,
        max: f64,
    },
    /// Even steps in −log10(1 − x): finer near 1, where decays and betas matter.
    NearOne {
        max: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    Real { range: Range, slider: SliderScale },
    Flag,
    Choice(&'static [&'static str]),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: ParamKind,
    pub help: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamValue {
    Real(f64),
    Flag(bool),
    Choice(&'static str),
}

const POSITIVE: Range = Range { min: 0.0, min_open: true, max: f64::INFINITY, max_open: true };
const NON_NEGATIVE: Range = Range { min: 0.0, min_open: false, max: f64::INFINITY, max_open: true };
const UNIT: Range = Range { min: 0.0, min_open: false, max: 1.0, max_open: true };

const fn real(
    key: &'static str,
    label: &'static str,
    range: Range,
    slider: SliderScale,
    help: &'static str,
) -> ParamSpec {
    ParamSpec { key, label, kind: ParamKind::Real { range, slider }, help }
}
const fn flag(key: &'static str, label: &'static str, help: &'static str) -> ParamSpec {
    ParamSpec { key, label, kind: ParamKind::Flag, help }
}

pub const LR: ParamSpec = real(
    "lr",
    "Learning rate",
    POSITIVE,
    SliderScale::Log { min: 1e-5, max: 10.0 },
    "α: the base step size.",
);
pub const DECAY: ParamSpec = real(
    "decay",
    "Decay",
    UNIT,
    SliderScale::NearOne { max: 0.9999 },
    "ρ: how much of the old mean square each step keeps (PyTorch calls it alpha).",
);
pub const EPS: ParamSpec = real(
    "eps",
    "Epsilon",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-12, max: 1.0 },
    "ε: keeps the denominator away from zero; a large ε turns the method into plain SGD with \
     learning rate α/√ε (ε inside the root) or α/ε (outside).",
);
pub const EPS_PLACEMENT: ParamSpec = ParamSpec {
    key: "eps_placement",
    label: "Epsilon placement",
    kind: ParamKind::Choice(&EpsPlacement::NAMES),
    help: "inside: √(v + ε) (TensorFlow, Keras, optax); outside: √v + ε (PyTorch).",
};
pub const MOMENTUM: ParamSpec = real(
    "momentum",
    "Momentum",
    UNIT,
    SliderScale::Linear { min: 0.0, max: 0.99 },
    "μ: the buffer b = μ·b + (scaled) g is a sum, not an average, and the step is −α·b: on a \
     steady slope it grows to 1/(1 − μ) times the step without momentum (10× at μ = 0.9), \
     unlike Adam's moving average m.",
);
pub const CENTERED: ParamSpec =
    flag("centered", "Centered", "Divide by the variance of g instead of its mean square.");
pub const INITIAL_ACCUMULATOR: ParamSpec = real(
    "initial_accumulator",
    "Initial accumulator",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 1.0 },
    "s₀: the sum of squares starts here (PyTorch 0, Keras and optax 0.1).",
);
pub const LR_DECAY: ParamSpec = real(
    "lr_decay",
    "Learning-rate decay",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 0.1 },
    "η: the learning rate at step t is α / (1 + (t − 1)·η).",
);
pub const BETA1: ParamSpec = real(
    "beta1",
    "Beta1",
    UNIT,
    SliderScale::NearOne { max: 0.999 },
    "β₁: decay of the first moment (momentum).",
);
pub const BETA2: ParamSpec = real(
    "beta2",
    "Beta2",
    UNIT,
    SliderScale::NearOne { max: 0.99999 },
    "β₂: decay of the second moment (as RMSProp's decay).",
);
pub const AMSGRAD: ParamSpec = flag(
    "amsgrad",
    "AMSGrad",
    "Divide by the running maximum of v, so the v in the denominator never decreases.",
);
pub const EPS_HAT: ParamSpec = flag(
    "eps_hat",
    "ε-hat (Keras)",
    "Add ε to √v before the bias correction, as Keras and TensorFlow do: \
     α·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε). Off: α·m̂/(√v̂ + ε) (PyTorch, optax).",
);
pub const NESTEROV: ParamSpec =
    flag("nesterov", "Nesterov", "Look ahead along the momentum before stepping.");

impl OptimizerKind {
    /// The settings of this optimizer, in the order the UI shows them.
    pub fn params(self) -> &'static [ParamSpec] {
        match self {
            OptimizerKind::Sgd => &[LR, MOMENTUM, NESTEROV],
            OptimizerKind::Adagrad => &[LR, EPS, EPS_PLACEMENT, INITIAL_ACCUMULATOR, LR_DECAY],
            OptimizerKind::RmsProp => &[LR, DECAY, EPS, EPS_PLACEMENT, MOMENTUM, CENTERED],
            OptimizerKind::Adam => &[LR, BETA1, BETA2, EPS, AMSGRAD, EPS_HAT],
        }
    }

    pub fn param(self, key: &str) -> Option<&'static ParamSpec> {
        self.params().iter().find(|p| p.key == key)
    }
}

impl Optimizer {
    /// The settings worth writing down, in the table's order: the learning rate always, the
    /// others where they differ from the optimizer's defaults (links, the PNG legend).
    pub fn notable_settings(&self) -> Vec<(&'static ParamSpec, ParamValue)> {
        let kind = self.kind();
        let defaults = kind.default_config();
        kind.params()
            .iter()
            .filter_map(|p| Some((p, self.get(p.key)?)))
            .filter(|(p, v)| p.key == LR.key || Some(*v) != defaults.get(p.key))
            .collect()
    }

    /// The current value of setting `key`, if this optimizer has it.
    pub fn get(&self, key: &str) -> Option<ParamValue> {
        use ParamValue::{Choice, Flag, Real};
        Some(match (self, key) {
            (Optimizer::Sgd(o), "lr") => Real(o.lr),
            (Optimizer::Sgd(o), "momentum") => Real(o.momentum),
            (Optimizer::Sgd(o), "nesterov") => Flag(o.nesterov),
            (Optimizer::Adagrad(o), "lr") => Real(o.lr),
            (Optimizer::Adagrad(o), "eps") => Real(o.eps),
            (Optimizer::Adagrad(o), "initial_accumulator") => Real(o.initial_accumulator),
            (Optimizer::Adagrad(o), "lr_decay") => Real(o.lr_decay),
            (Optimizer::Adagrad(o), "eps_placement") => Choice(o.eps_placement.name()),
            (Optimizer::RmsProp(o), "lr") => Real(o.lr),
            (Optimizer::RmsProp(o), "decay") => Real(o.decay),
            (Optimizer::RmsProp(o), "eps") => Real(o.eps),
            (Optimizer::RmsProp(o), "eps_placement") => Choice(o.eps_placement.name()),
            (Optimizer::RmsProp(o), "momentum") => Real(o.momentum),
            (Optimizer::RmsProp(o), "centered") => Flag(o.centered),
            (Optimizer::Adam(o), "lr") => Real(o.lr),
            (Optimizer::Adam(o), "beta1") => Real(o.beta1),
            (Optimizer::Adam(o), "beta2") => Real(o.beta2),
            (Optimizer::Adam(o), "eps") => Real(o.eps),
            (Optimizer::Adam(o), "amsgrad") => Flag(o.amsgrad),
            (Optimizer::Adam(o), "eps_hat") => Flag(o.eps_hat),
            _ => return None,
        })
    }

    /// Sets `key` after checking the value against the table; the error says why not.
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), String> {
        let kind = self.kind();
        let spec = kind.param(key).ok_or_else(|| {
            let known: Vec<_> = kind.params().iter().map(|p| p.key).collect();
            format!("{} has no setting '{key}' (it has: {})", kind.name(), known.join(", "))
        })?;
        match (spec.kind, value) {
            (ParamKind::Real { range, .. }, ParamValue::Real(x)) if !range.contains(x) => {
                return Err(format!("must be {} (got {x})", range.describe()))
            }
            (ParamKind::Choice(names), ParamValue::Choice(c)) if !names.contains(&c) => {
                return Err(format!("must be one of {} (got '{c}')", names.join(", ")))
            }
            (ParamKind::Real { .. }, ParamValue::Real(_))
            | (ParamKind::Flag, ParamValue::Flag(_))
            | (ParamKind::Choice(_), ParamValue::Choice(_)) => {}
            _ => return Err(format!("wrong type of value for {key}")),
        }
        use ParamValue::{Choice, Flag, Real};
        match (self, key, value) {
            (Optimizer::Sgd(o), "lr", Real(x)) => o.lr = x,
            (Optimizer::Sgd(o), "momentum", Real(x)) => o.momentum = x,
            (Optimizer::Sgd(o), "nesterov", Flag(b)) => o.nesterov = b,
            (Optimizer::Adagrad(o), "lr", Real(x)) => o.lr = x,
            (Optimizer::Adagrad(o), "eps", Real(x)) => o.eps = x,
            (Optimizer::Adagrad(o), "initial_accumulator", Real(x)) => o.initial_accumulator = x,
            (Optimizer::Adagrad(o), "lr_decay", Real(x)) => o.lr_decay = x,
            (Optimizer::Adagrad(o), "eps_placement", Choice(c)) => {
                o.eps_placement = EpsPlacement::from_name(c).unwrap_or(o.eps_placement)
            }
            (Optimizer::RmsProp(o), "lr", Real(x)) => o.lr = x,
            (Optimizer::RmsProp(o), "decay", Real(x)) => o.decay = x,
            (Optimizer::RmsProp(o), "eps", Real(x)) => o.eps = x,
            (Optimizer::RmsProp(o), "eps_placement", Choice(c)) => {
                o.eps_placement = EpsPlacement::from_name(c).unwrap_or(o.eps_placement)
            }
            (Optimizer::RmsProp(o), "momentum", Real(x)) => o.momentum = x,
            (Optimizer::RmsProp(o), "centered", Flag(b)) => o.centered = b,
            (Optimizer::Adam(o), "lr", Real(x)) => o.lr = x,
            (Optimizer::Adam(o), "beta1", Real(x)) => o.beta1 = x,
            (Optimizer::Adam(o), "beta2", Real(x)) => o.beta2 = x,
            (Optimizer::Adam(o), "eps", Real(x)) => o.eps = x,
            (Optimizer::Adam(o), "amsgrad", Flag(b)) => o.amsgrad = b,
            (Optimizer::Adam(o), "eps_hat", Flag(b)) => o.eps_hat = b,
            // The table and this match list the same keys; a test walks both.
            _ => return Err(format!("{key} cannot be set")),
        }
        Ok(())
    }

    /// Sets a real-valued setting (the common case for sliders and URLs).
    pub fn set_real(&mut self, key: &str, x: f64) -> Result<(), String> {
        self.set(key, ParamValue::Real(x))
    }
}
