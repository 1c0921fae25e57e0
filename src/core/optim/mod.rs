//! The optimizers. Each is a small configuration struct whose doc comment states its update
//! rule and defaults, a per-coordinate state, and one [`Rule::step`] that reads like the
//! formula. All four are element-wise, so a step is written for one coordinate.

mod adagrad;
mod adam;
pub mod params;
mod rmsprop;
mod sgd;

pub use adagrad::{Adagrad, AdagradState};
pub use adam::{Adam, AdamState};
pub use rmsprop::{EpsPlacement, RmsProp, RmsPropState};
pub use sgd::{Sgd, SgdState};

/// What one coordinate's step did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Update {
    /// θ_t − θ_{t−1}.
    pub delta: f64,
    /// The effective learning rate: the factor that multiplied the gradient g (RMSProp
    /// without momentum, AdaGrad, SGD without momentum: `delta = −eff_lr·g`). For Adam it is
    /// the scale on the bias-corrected first moment m̂ (`delta = −eff_lr·m̂`), α/(√v̂ + ε).
    /// With momentum the step is −α·b: RMSProp's `eff_lr` is α/den, the factor on g in the
    /// newest term of b = μ·b + g/den; SGD's is α, the factor on b.
    pub eff_lr: f64,
}

/// An element-wise update rule: configuration (`self`) separate from state.
pub trait Rule: Copy {
    type State: Copy + Default + std::fmt::Debug + PartialEq;
    fn init(&self) -> Self::State;
    /// One update of one coordinate; `t` is the 1-based step number.
    fn step(&self, state: &mut Self::State, g: f64, t: u32) -> Update;
    /// Both coordinates' updates at step `t`, exactly as two calls of [`Rule::step`]; a rule
    /// whose coordinates share work within a step (Adam's bias corrections) does it once.
    fn step_both(&self, states: &mut [Self::State; 2], g: [f64; 2], t: u32) -> [Update; 2] {
        let [sx, sy] = states;
        [self.step(sx, g[0], t), self.step(sy, g[1], t)]
    }
}

/// The optimizer families, by the names scenarios, URLs and `trace` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    Sgd,
    Adagrad,
    RmsProp,
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 4] = [Self::RmsProp, Self::Adagrad, Self::Adam, Self::Sgd];

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    /// The name people write: "RMSProp", "AdaGrad", "Adam", "SGD".
    pub fn title(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Adagrad => "AdaGrad",
            OptimizerKind::RmsProp => "RMSProp",
            OptimizerKind::Adam => "Adam",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Index into [`crate::core::surface::SurfaceInfo::lr`].
    pub fn lr_index(self) -> usize {
        match self {
            OptimizerKind::Sgd => 0,
            OptimizerKind::Adagrad => 1,
            OptimizerKind::RmsProp => 2,
            OptimizerKind::Adam => 3,
        }
    }

    pub fn default_config(self) -> Optimizer {
        match self {
            OptimizerKind::Sgd => Optimizer::Sgd(Sgd::default()),
            OptimizerKind::Adagrad => Optimizer::Adagrad(Adagrad::default()),
            OptimizerKind::RmsProp => Optimizer::RmsProp(RmsProp::default()),
            OptimizerKind::Adam => Optimizer::Adam(Adam::default()),
        }
    }
}

/// One optimizer with its hyperparameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    Sgd(Sgd),
    Adagrad(Adagrad),
    RmsProp(RmsProp),
    Adam(Adam),
}

impl Optimizer {
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Optimizer::Sgd(_) => OptimizerKind::Sgd,
            Optimizer::Adagrad(_) => OptimizerKind::Adagrad,
            Optimizer::RmsProp(_) => OptimizerKind::RmsProp,
            Optimizer::Adam(_) => OptimizerKind::Adam,
        }
    }

    pub fn lr(&self) -> f64 {
        match self {
            Optimizer::Sgd(o) => o.lr,
            Optimizer::Adagrad(o) => o.lr,
            Optimizer::RmsProp(o) => o.lr,
            Optimizer::Adam(o) => o.lr,
        }
    }

    pub fn initial_state(&self) -> OptState {
        match self {
            Optimizer::Sgd(o) => OptState::Sgd(o.init()),
            Optimizer::Adagrad(o) => OptState::Adagrad(o.init()),
            Optimizer::RmsProp(o) => OptState::RmsProp(o.init()),
            Optimizer::Adam(o) => OptState::Adam(o.init()),
        }
    }
}

/// One coordinate's optimizer state, whichever the optimizer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptState {
    Sgd(SgdState),
    Adagrad(AdagradState),
    RmsProp(RmsPropState),
    Adam(AdamState),
}

impl OptState {
    /// The second-moment accumulator: RMSProp's and Adam's v (AMSGrad: not the max),
    /// AdaGrad's sum of squares; none for SGD.
    pub fn accumulator(&self) -> Option<f64> {
        match self {
            OptState::Sgd(_) => None,
            OptState::Adagrad(s) => Some(s.sum_sq),
            OptState::RmsProp(s) => Some(s.v),
            OptState::Adam(s) => Some(s.v),
        }
    }

    /// Adam's first moment m.
    pub fn first_moment(&self) -> Option<f64> {
        match self {
            OptState::Adam(s) => Some(s.m),
            _ => None,
        }
    }
}
