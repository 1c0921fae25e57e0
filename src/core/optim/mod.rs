//! The optimizers. Each is a small configuration struct whose doc comment states its update
//! rule and defaults, a per-coordinate state, and one [`Rule::step`] that reads like the
//! formula. All are element-wise, so a step is written for one coordinate.

mod adabelief;
mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod lion;
mod nadam;
pub mod params;
mod radam;
mod rmsprop;
mod rprop;
mod sgd;

pub use adabelief::{AdaBelief, AdaBeliefState};
pub use adadelta::{Adadelta, AdadeltaState};
pub use adagrad::{Adagrad, AdagradState};
pub use adam::{Adam, AdamState};
pub use adamax::{Adamax, AdamaxState};
pub use adamw::AdamW;
pub use lion::{Lion, LionState};
pub use nadam::{NAdam, NAdamState};
pub use radam::RAdam;
pub use rmsprop::{EpsPlacement, RmsProp, RmsPropState};
pub use rprop::{Rprop, RpropState};
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

/// What one step knows besides the gradient and the position: its number and the learning
/// rate in force. The rate is the schedule's for this step (`core::schedule`), so a rule
/// reads `at.lr`, never its own `lr` (which is the schedule's base: the constant rate, the
/// peak of a warmup, OneCycle's max_lr).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct At {
    /// The 1-based step number.
    pub t: u32,
    /// The learning rate this step uses.
    pub lr: f64,
}

/// An element-wise update rule: configuration (`self`) separate from state.
pub trait Rule: Copy {
    type State: Copy + Default + std::fmt::Debug + PartialEq;
    /// The configured learning rate: the rate of every step without a schedule.
    fn lr(&self) -> f64;
    /// The state before step 1 (all zeros unless the rule says otherwise).
    fn init(&self) -> Self::State {
        Self::State::default()
    }
    /// One update of one coordinate whose value before the step is `theta` (weight decay
    /// reads it).
    fn step(&self, state: &mut Self::State, g: f64, theta: f64, at: At) -> Update;
    /// Both coordinates' updates at one step, exactly as two calls of [`Rule::step`]; a rule
    /// whose coordinates share work within a step (Adam's bias corrections) does it once.
    fn step_both(
        &self,
        states: &mut [Self::State; 2],
        g: [f64; 2],
        theta: [f64; 2],
        at: At,
    ) -> [Update; 2] {
        let [sx, sy] = states;
        [self.step(sx, g[0], theta[0], at), self.step(sy, g[1], theta[1], at)]
    }
}

/// Coupled weight decay (L2), as PyTorch applies it before everything else:
/// `grad.add(param, alpha=weight_decay)`, g + λ·θ. λ = 0 leaves g untouched.
pub fn coupled_decay(g: f64, theta: f64, weight_decay: f64) -> f64 {
    if weight_decay != 0.0 {
        g + weight_decay * theta
    } else {
        g
    }
}

/// Decoupled weight decay as PyTorch's AdamW applies it before the update,
/// `param.mul_(1 − lr·weight_decay)`: the change it makes to θ.
pub fn decoupled_decay(theta: f64, lr: f64, weight_decay: f64) -> f64 {
    if weight_decay != 0.0 {
        theta * (1.0 - lr * weight_decay) - theta
    } else {
        0.0
    }
}

/// PyTorch's `a.lerp_(b, w)`, a + w·(b − a), computed from the nearer end as ATen does
/// (`b − (b − a)·(1 − w)` for |w| ≥ 0.5), so that rounding matches.
pub fn lerp(a: f64, b: f64, w: f64) -> f64 {
    if w.abs() < 0.5 {
        a + w * (b - a)
    } else {
        b - (b - a) * (1.0 - w)
    }
}

/// The sign as PyTorch and JAX take it: −1, 0 or 1 (`f64::signum` gives 1 for 0).
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

/// Declares the optimizers once: the kind (names), the configuration enum, the state enum
/// and the dispatch to the monomorphized rule, so that a new optimizer is one line here.
macro_rules! optimizers {
    ($($variant:ident($rule:ty, $state:ty) $name:literal $title:literal,)*) => {
        /// The optimizer families, by the names scenarios, URLs and `trace` use.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum OptimizerKind {
            $($variant,)*
        }

        impl OptimizerKind {
            pub fn name(self) -> &'static str {
                match self {
                    $(OptimizerKind::$variant => $name,)*
                }
            }

            /// The name people write: "RMSProp", "AdaGrad", "Adam", "SGD", …
            pub fn title(self) -> &'static str {
                match self {
                    $(OptimizerKind::$variant => $title,)*
                }
            }

            pub fn default_config(self) -> Optimizer {
                match self {
                    $(OptimizerKind::$variant => Optimizer::$variant(<$rule>::default()),)*
                }
            }
        }

        /// One optimizer with its hyperparameters.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Optimizer {
            $($variant($rule),)*
        }

        impl Optimizer {
            pub fn kind(&self) -> OptimizerKind {
                match self {
                    $(Optimizer::$variant(_) => OptimizerKind::$variant,)*
                }
            }

            pub fn initial_state(&self) -> OptState {
                match self {
                    $(Optimizer::$variant(o) => OptState::$variant(o.init()),)*
                }
            }

            /// One coordinate's update from `state` by the optimizer's own step; a state of
            /// another optimizer counts as the initial state.
            pub fn step_from(&self, state: OptState, g: f64, theta: f64, at: At) -> (OptState, Update) {
                let mut state = state;
                if std::mem::discriminant(&state) != std::mem::discriminant(&self.initial_state()) {
                    state = self.initial_state();
                }
                match (*self, &mut state) {
                    $((Optimizer::$variant(o), OptState::$variant(s)) => {
                        let u = o.step(s, g, theta, at);
                        (state, u)
                    })*
                    _ => (state, Update::default()),
                }
            }

            /// Calls `v` with the rule itself (monomorphized) and the wrapper of its state.
            pub fn visit<V: Visit>(&self, v: V) -> V::Out {
                match *self {
                    $(Optimizer::$variant(o) => v.visit(o, OptState::$variant),)*
                }
            }
        }

        /// One coordinate's optimizer state, whichever the optimizer.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum OptState {
            $($variant($state),)*
        }
    };
}

optimizers! {
    Sgd(Sgd, SgdState) "sgd" "SGD",
    Adagrad(Adagrad, AdagradState) "adagrad" "AdaGrad",
    RmsProp(RmsProp, RmsPropState) "rmsprop" "RMSProp",
    Adam(Adam, AdamState) "adam" "Adam",
    Adadelta(Adadelta, AdadeltaState) "adadelta" "Adadelta",
    Adamax(Adamax, AdamaxState) "adamax" "Adamax",
    NAdam(NAdam, NAdamState) "nadam" "NAdam",
    RAdam(RAdam, AdamState) "radam" "RAdam",
    AdamW(AdamW, AdamState) "adamw" "AdamW",
    Rprop(Rprop, RpropState) "rprop" "Rprop",
    Lion(Lion, LionState) "lion" "Lion",
    AdaBelief(AdaBelief, AdaBeliefState) "adabelief" "AdaBelief",
}

/// Work to do with an optimizer's rule as its own type (see [`Optimizer::visit`]): the
/// trajectory runner's loop, monomorphized per optimizer.
pub trait Visit {
    type Out;
    fn visit<R: Rule>(self, rule: R, wrap: fn(R::State) -> OptState) -> Self::Out;
}

impl OptimizerKind {
    /// In the order the picker lists them: the seed optimizer and its classic relatives
    /// first, then the newer ones.
    pub const ALL: [OptimizerKind; 12] = [
        Self::RmsProp,
        Self::Adagrad,
        Self::Adam,
        Self::Sgd,
        Self::Adadelta,
        Self::Adamax,
        Self::NAdam,
        Self::RAdam,
        Self::AdamW,
        Self::Rprop,
        Self::Lion,
        Self::AdaBelief,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Index into [`crate::core::surface::SurfaceInfo::lr`], whose rates are tuned for the
    /// four classic methods: each newer one borrows the rate of the method its steps are
    /// sized like. Adam's relatives (and Rprop, whose first step is its rate, and Lion,
    /// whose every step is its rate per coordinate) take Adam's; RAdam, whose first steps
    /// are momentum-SGD steps α·m̂ (Adam's rate diverges on four surfaces), takes SGD's;
    /// Adadelta, whose rate multiplies steps that start near √ε, takes AdaGrad's, the
    /// largest. `tests/trajectory.rs` checks that each makes progress on every surface.
    pub fn lr_index(self) -> usize {
        use OptimizerKind::*;
        match self {
            Sgd | RAdam => 0,
            Adagrad | Adadelta => 1,
            RmsProp => 2,
            Adam | Adamax | NAdam | AdamW | Rprop | Lion | AdaBelief => 3,
        }
    }
}

/// The seed optimizer, RMSProp with its defaults.
impl Default for Optimizer {
    fn default() -> Self {
        OptimizerKind::RmsProp.default_config()
    }
}

impl Optimizer {
    /// The base learning rate: the constant rate, or what a schedule scales.
    pub fn lr(&self) -> f64 {
        struct Lr;
        impl Visit for Lr {
            type Out = f64;
            fn visit<R: Rule>(self, rule: R, _: fn(R::State) -> OptState) -> f64 {
                rule.lr()
            }
        }
        self.visit(Lr)
    }
}

impl OptState {
    /// The second-moment accumulator: RMSProp's, Adam's (and its relatives') and Adadelta's
    /// v (AMSGrad: not the max), AdaGrad's sum of squares, Adamax's u (a running max of |g|,
    /// not a square), AdaBelief's s; none for SGD, Rprop and Lion.
    pub fn accumulator(&self) -> Option<f64> {
        match self {
            OptState::Sgd(_) | OptState::Rprop(_) | OptState::Lion(_) => None,
            OptState::Adagrad(s) => Some(s.sum_sq),
            OptState::RmsProp(s) => Some(s.v),
            OptState::Adam(s) | OptState::RAdam(s) | OptState::AdamW(s) => Some(s.v),
            OptState::Adadelta(s) => Some(s.v),
            OptState::Adamax(s) => Some(s.u),
            OptState::NAdam(s) => Some(s.v),
            OptState::AdaBelief(s) => Some(s.s),
        }
    }

    /// The state's values by the names the explainer shows, in the order of the update.
    pub fn fields(&self) -> Vec<(&'static str, f64)> {
        match *self {
            OptState::Sgd(s) => vec![("b", s.buf)],
            OptState::Adagrad(s) => vec![("s", s.sum_sq)],
            OptState::RmsProp(s) => vec![("v", s.v), ("ḡ", s.mean_g), ("b", s.buf)],
            OptState::Adam(s) | OptState::AdamW(s) => {
                vec![("m", s.m), ("v", s.v), ("vmax", s.v_max)]
            }
            OptState::RAdam(s) => vec![("m", s.m), ("v", s.v)],
            OptState::Adadelta(s) => vec![("v", s.v), ("u", s.u)],
            OptState::Adamax(s) => vec![("m", s.m), ("u", s.u)],
            OptState::NAdam(s) => vec![("m", s.m), ("v", s.v), ("Π", s.mu_product)],
            OptState::Rprop(s) => vec![("g_prev", s.prev), ("η", s.step_size)],
            OptState::Lion(s) => vec![("m", s.m)],
            OptState::AdaBelief(s) => vec![("m", s.m), ("s", s.s)],
        }
    }

    /// The first moment m: Adam's and its relatives', and Lion's momentum.
    pub fn first_moment(&self) -> Option<f64> {
        match self {
            OptState::Adam(s) | OptState::RAdam(s) | OptState::AdamW(s) => Some(s.m),
            OptState::Adamax(s) => Some(s.m),
            OptState::NAdam(s) => Some(s.m),
            OptState::Lion(s) => Some(s.m),
            OptState::AdaBelief(s) => Some(s.m),
            _ => None,
        }
    }
}
