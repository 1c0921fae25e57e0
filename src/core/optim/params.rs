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

/// `x` if it is a whole number; the message says why not (step counts, seeds, batch sizes).
pub fn check_whole(x: f64) -> Result<f64, String> {
    if x.fract() == 0.0 {
        Ok(x)
    } else {
        Err(format!("must be a whole number (got {x})"))
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

pub const WEIGHT_DECAY: ParamSpec = real(
    "weight_decay",
    "Weight decay",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 0.1 },
    "λ: L2 regularization as PyTorch couples it, g ← g + λ·θ before anything else, so the \
     adaptive methods divide the decay by their denominator too.",
);
pub const DECOUPLED_WEIGHT_DECAY: ParamSpec = real(
    "weight_decay",
    "Weight decay",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 0.1 },
    "λ: decoupled decay, θ ← θ − α·λ·θ beside the step (AdamW, Lion), so it is not divided \
     by any denominator; it scales with the scheduled α.",
);
pub const LION_WEIGHT_DECAY: ParamSpec = ParamSpec {
    help: "λ: decoupled decay, Δθ = −α·(sign(c) + λ·θ), scaled by the scheduled α. Off by \
           default here; optax's lion defaults to λ = 1e-3.",
    ..DECOUPLED_WEIGHT_DECAY
};
pub const INITIAL_SCALE: ParamSpec = real(
    "initial_scale",
    "Initial scale",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 1.0 },
    "v₀: the mean square starts here (optax's initial_scale; 0 in PyTorch, Keras and optax by \
     default, 1 in TensorFlow 1's RMSPropOptimizer), which tames the first steps.",
);
pub const BIAS_CORRECTION: ParamSpec = flag(
    "bias_correction",
    "Bias correction",
    "Divide the mean square by 1 − ρᵗ, as Adam does (optax's bias_correction).",
);
pub const RHO: ParamSpec = real(
    "rho",
    "Rho",
    UNIT,
    SliderScale::NearOne { max: 0.9999 },
    "ρ: how much of the old mean squares (of g and of the steps) each step keeps.",
);
pub const ADADELTA_LR: ParamSpec = ParamSpec {
    help: "α: scales the step √(u + ε)/√(v + ε)·g; the paper has none (α = 1, PyTorch's \
           default).",
    ..LR
};
pub const ADADELTA_EPS: ParamSpec = ParamSpec {
    help: "ε: inside both roots; √ε sets the size of the first steps, since the mean square \
           of past steps starts at 0.",
    ..EPS
};
pub const ADAMAX_EPS: ParamSpec = ParamSpec {
    help: "ε: added to |g| inside the running maximum u = max(β₂·u, |g| + ε).",
    ..EPS
};
pub const ADAMAX_BETA2: ParamSpec =
    ParamSpec { help: "β₂: how fast the running maximum of |g| decays.", ..BETA2 };
pub const MOMENTUM_DECAY: ParamSpec = real(
    "momentum_decay",
    "Momentum decay",
    NON_NEGATIVE,
    SliderScale::Linear { min: 0.0, max: 0.02 },
    "ψ: the momentum coefficient warms up as μ_t = β₁·(1 − ½·0.96^(t·ψ)).",
);
pub const RPROP_LR: ParamSpec = ParamSpec {
    help: "α: the step size of the first step; after that each coordinate's step size grows \
           and shrinks on its own (so a schedule acts only through its rate at step 1).",
    ..LR
};
pub const ETA_MINUS: ParamSpec = real(
    "eta_minus",
    "Eta minus",
    Range { min: 0.0, min_open: true, max: 1.0, max_open: true },
    SliderScale::Linear { min: 0.05, max: 0.95 },
    "η₋: the factor on the step size when g changes sign.",
);
pub const ETA_PLUS: ParamSpec = real(
    "eta_plus",
    "Eta plus",
    Range { min: 1.0, min_open: true, max: f64::INFINITY, max_open: true },
    SliderScale::Linear { min: 1.1, max: 5.0 },
    "η₊: the factor on the step size while g keeps its sign.",
);
pub const STEP_MIN: ParamSpec = real(
    "step_min",
    "Smallest step",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-9, max: 1.0 },
    "η_min: the step size never falls below this.",
);
pub const STEP_MAX: ParamSpec = real(
    "step_max",
    "Largest step",
    POSITIVE,
    SliderScale::Log { min: 1e-3, max: 100.0 },
    "η_max: the step size never grows above this (if below η_min, it wins, as in PyTorch).",
);
pub const LION_LR: ParamSpec = ParamSpec {
    help: "α: every step moves each coordinate by exactly α (sign(c) is ±1), plus the decay.",
    ..LR
};
pub const LION_BETA1: ParamSpec = ParamSpec {
    help: "β₁: how much of the momentum the step's direction c = (1 − β₁)·g + β₁·m takes.",
    ..BETA1
};
pub const LION_BETA2: ParamSpec =
    ParamSpec { help: "β₂: decay of the momentum m itself, updated after the step.", ..BETA2 };
pub const EPS_ROOT: ParamSpec = real(
    "eps_root",
    "Epsilon (root)",
    NON_NEGATIVE,
    SliderScale::Log { min: 1e-20, max: 1e-4 },
    "ε_root: added to the belief variance s at every step (inside the root, and kept in s).",
);
pub const BELIEF_BETA2: ParamSpec = ParamSpec {
    help: "β₂: decay of s, the running mean of (g − m)²: the variance of g around its mean.",
    ..BETA2
};

/// A field's value as the table's [`ParamValue`], and back.
trait Setting: Sized {
    fn value(&self) -> ParamValue;
    fn from_value(v: ParamValue) -> Option<Self>;
}

impl Setting for f64 {
    fn value(&self) -> ParamValue {
        ParamValue::Real(*self)
    }
    fn from_value(v: ParamValue) -> Option<Self> {
        match v {
            ParamValue::Real(x) => Some(x),
            _ => None,
        }
    }
}

impl Setting for bool {
    fn value(&self) -> ParamValue {
        ParamValue::Flag(*self)
    }
    fn from_value(v: ParamValue) -> Option<Self> {
        match v {
            ParamValue::Flag(b) => Some(b),
            _ => None,
        }
    }
}

impl Setting for EpsPlacement {
    fn value(&self) -> ParamValue {
        ParamValue::Choice(self.name())
    }
    fn from_value(v: ParamValue) -> Option<Self> {
        match v {
            ParamValue::Choice(c) => EpsPlacement::from_name(c),
            _ => None,
        }
    }
}

/// Each optimizer's settings, in the order the UI shows them, each with the field it is:
/// the table and the accessors come from this one list, so they cannot disagree.
macro_rules! settings {
    ($($variant:ident: [$($spec:ident => $field:ident),* $(,)?],)*) => {
        impl OptimizerKind {
            /// The settings of this optimizer, in the order the UI shows them.
            pub fn params(self) -> &'static [ParamSpec] {
                match self {
                    $(OptimizerKind::$variant => &[$($spec),*],)*
                }
            }
        }

        impl Optimizer {
            /// The current value of setting `key`, if this optimizer has it.
            pub fn get(&self, key: &str) -> Option<ParamValue> {
                match self {
                    $(Optimizer::$variant(o) => {
                        $(if key == $spec.key {
                            return Some(o.$field.value());
                        })*
                    })*
                }
                None
            }

            /// Stores a value already checked against the table.
            fn assign(&mut self, key: &str, value: ParamValue) -> Option<()> {
                match self {
                    $(Optimizer::$variant(o) => {
                        $(if key == $spec.key {
                            o.$field = Setting::from_value(value)?;
                            return Some(());
                        })*
                    })*
                }
                None
            }
        }
    };
}

settings! {
    Sgd: [LR => lr, MOMENTUM => momentum, NESTEROV => nesterov, WEIGHT_DECAY => weight_decay],
    Adagrad: [
        LR => lr,
        EPS => eps,
        EPS_PLACEMENT => eps_placement,
        INITIAL_ACCUMULATOR => initial_accumulator,
        LR_DECAY => lr_decay,
        WEIGHT_DECAY => weight_decay,
    ],
    RmsProp: [
        LR => lr,
        DECAY => decay,
        EPS => eps,
        EPS_PLACEMENT => eps_placement,
        MOMENTUM => momentum,
        CENTERED => centered,
        INITIAL_SCALE => initial_scale,
        BIAS_CORRECTION => bias_correction,
        WEIGHT_DECAY => weight_decay,
    ],
    Adam: [
        LR => lr,
        BETA1 => beta1,
        BETA2 => beta2,
        EPS => eps,
        AMSGRAD => amsgrad,
        EPS_HAT => eps_hat,
        WEIGHT_DECAY => weight_decay,
    ],
    Adadelta: [ADADELTA_LR => lr, RHO => rho, ADADELTA_EPS => eps, WEIGHT_DECAY => weight_decay],
    Adamax: [
        LR => lr,
        BETA1 => beta1,
        ADAMAX_BETA2 => beta2,
        ADAMAX_EPS => eps,
        WEIGHT_DECAY => weight_decay,
    ],
    NAdam: [
        LR => lr,
        BETA1 => beta1,
        BETA2 => beta2,
        EPS => eps,
        MOMENTUM_DECAY => momentum_decay,
        WEIGHT_DECAY => weight_decay,
    ],
    RAdam: [LR => lr, BETA1 => beta1, BETA2 => beta2, EPS => eps, WEIGHT_DECAY => weight_decay],
    AdamW: [
        LR => lr,
        BETA1 => beta1,
        BETA2 => beta2,
        EPS => eps,
        DECOUPLED_WEIGHT_DECAY => weight_decay,
        AMSGRAD => amsgrad,
    ],
    Rprop: [
        RPROP_LR => lr,
        ETA_MINUS => eta_minus,
        ETA_PLUS => eta_plus,
        STEP_MIN => step_min,
        STEP_MAX => step_max,
    ],
    Lion: [LION_LR => lr, LION_BETA1 => beta1, LION_BETA2 => beta2, LION_WEIGHT_DECAY => weight_decay],
    AdaBelief: [LR => lr, BETA1 => beta1, BELIEF_BETA2 => beta2, EPS => eps, EPS_ROOT => eps_root],
}

impl OptimizerKind {
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
        self.assign(key, value).ok_or_else(|| format!("{key} cannot be set"))
    }

    /// Sets a real-valued setting (the common case for sliders and URLs).
    pub fn set_real(&mut self, key: &str, x: f64) -> Result<(), String> {
        self.set(key, ParamValue::Real(x))
    }
}
