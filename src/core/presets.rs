//! Framework presets: the defaults PyTorch, Keras and optax use for the same nominal
//! optimizer, so one can see how much "RMSProp" differs between libraries. A preset changes
//! the library-specific settings (decay, ε and where it sits, the initial accumulator) and
//! keeps the learning rate. The libraries' default learning rates differ too (RMSprop:
//! PyTorch 1e-2, Keras 1e-3; Adam: PyTorch and Keras 1e-3; optax has none and asks for it),
//! so a preset leaves α to the user; [`default_lr`] says what each library would pick.
//! The newer optimizers exist in one framework each with the defaults they have here, so
//! they have no presets ([`Framework::applies_to`]).

use super::optim::{Adagrad, Adam, EpsPlacement, Optimizer, OptimizerKind, RmsProp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    PyTorch,
    Keras,
    Optax,
    /// TensorFlow 1's `tf.train.RMSPropOptimizer` (RMSProp only).
    Tf1,
}

impl Framework {
    pub const ALL: [Framework; 4] =
        [Framework::PyTorch, Framework::Keras, Framework::Optax, Framework::Tf1];

    pub fn name(self) -> &'static str {
        match self {
            Framework::PyTorch => "PyTorch",
            Framework::Keras => "Keras",
            Framework::Optax => "optax",
            Framework::Tf1 => "TF1",
        }
    }

    /// Whether this framework has a preset for `kind`: PyTorch, Keras and optax for
    /// RMSProp, AdaGrad and Adam; TensorFlow 1 for RMSProp.
    pub fn applies_to(self, kind: OptimizerKind) -> bool {
        use OptimizerKind::*;
        match self {
            Framework::Tf1 => kind == RmsProp,
            _ => matches!(kind, RmsProp | Adagrad | Adam),
        }
    }
}

/// `opt` with `framework`'s defaults for everything but the learning rate (and momentum,
/// centering, AMSGrad and weight decay, which are off by default everywhere). An optimizer
/// the framework has no preset for comes back unchanged.
pub fn apply(framework: Framework, opt: Optimizer) -> Optimizer {
    use EpsPlacement::{Inside, Outside};
    use Framework::*;
    if !framework.applies_to(opt.kind()) {
        return opt;
    }
    match opt {
        // torch.optim.RMSprop: alpha 0.99, eps 1e-8 added after the root.
        // keras.optimizers.RMSprop: rho 0.9, epsilon 1e-7 inside the root.
        // optax.rmsprop: decay 0.9, eps 1e-8, eps_in_sqrt=True, initial_scale 0, no bias
        // correction.
        // tf.train.RMSPropOptimizer (TensorFlow 1, `tensorflow/python/training/rmsprop.py`):
        // `__init__(learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, …)`, and
        // `_create_slots` starts the "rms" slot with `init_ops.ones_initializer`, i.e. at 1;
        // its documented update is `mean_square = decay·mean_square + (1 − decay)·g²`,
        // `Δ = learning_rate·g/sqrt(mean_square + epsilon)`: ε inside the root (verified in
        // TensorFlow's r1 sources and API docs). Its learning rate has no default.
        Optimizer::RmsProp(o) => {
            let (decay, eps, eps_placement, initial_scale) = match framework {
                PyTorch => (0.99, 1e-8, Outside, 0.0),
                Keras => (0.9, 1e-7, Inside, 0.0),
                Optax => (0.9, 1e-8, Inside, 0.0),
                Tf1 => (0.9, 1e-10, Inside, 1.0),
            };
            let bias_correction = false;
            Optimizer::RmsProp(RmsProp {
                decay,
                eps,
                eps_placement,
                initial_scale,
                bias_correction,
                ..o
            })
        }
        // torch.optim.Adagrad: eps 1e-10 after the root, accumulator from 0.
        // keras.optimizers.Adagrad: epsilon 1e-7 inside, initial_accumulator_value 0.1.
        // optax.adagrad: eps 1e-7 inside, initial_accumulator_value 0.1.
        Optimizer::Adagrad(o) => {
            let (eps, eps_placement, initial_accumulator) = match framework {
                PyTorch | Tf1 => (1e-10, Outside, 0.0),
                Keras | Optax => (1e-7, Inside, 0.1),
            };
            Optimizer::Adagrad(Adagrad { eps, eps_placement, initial_accumulator, ..o })
        }
        // Adam: β₁ 0.9 and β₂ 0.999 everywhere. torch.optim.Adam and optax.adam: ε 1e-8
        // added to √v̂ (after the bias correction). keras.optimizers.Adam: ε 1e-7 added to
        // √v before it ("epsilon hat", keras/src/optimizers/adam.py).
        Optimizer::Adam(o) => {
            let (eps, eps_hat) = if framework == Keras { (1e-7, true) } else { (1e-8, false) };
            Optimizer::Adam(Adam { beta1: 0.9, beta2: 0.999, eps, eps_hat, ..o })
        }
        _ => opt,
    }
}

/// The first framework whose defaults `opt` currently has, if any.
pub fn matching(opt: &Optimizer) -> Option<Framework> {
    Framework::ALL.into_iter().find(|f| has_defaults_of(*f, opt))
}

/// Whether `opt` has `framework`'s defaults (several can match at once: PyTorch's and
/// optax's Adam are the same).
pub fn has_defaults_of(framework: Framework, opt: &Optimizer) -> bool {
    framework.applies_to(opt.kind()) && apply(framework, *opt) == *opt
}

/// The learning rate `framework` uses when none is given, if it has a default: PyTorch's
/// `RMSprop` 1e-2, `Adagrad` 1e-2, `Adam` 1e-3, `SGD` 1e-3, `Adadelta` 1.0, `Adamax` and
/// `NAdam` 2e-3, `RAdam` and `AdamW` 1e-3, `Rprop` 1e-2 (torch 2.15, checked); Keras's 1e-3
/// for RMSprop, Adagrad, Adam, Adadelta, Adamax, Nadam, AdamW and Lion and 1e-2 for SGD
/// (Keras 3, checked; it has no RAdam, Rprop or AdaBelief); optax's optimizers and
/// TensorFlow 1's `RMSPropOptimizer` have no default learning rate.
pub fn default_lr(framework: Framework, kind: OptimizerKind) -> Option<f64> {
    use OptimizerKind::*;
    match (framework, kind) {
        (Framework::PyTorch, RmsProp | Adagrad | Rprop) => Some(1e-2),
        (Framework::PyTorch, Adam | Sgd | RAdam | AdamW) => Some(1e-3),
        (Framework::PyTorch, Adamax | NAdam) => Some(2e-3),
        (Framework::PyTorch, Adadelta) => Some(1.0),
        (Framework::Keras, RmsProp | Adagrad | Adam | Adadelta | Adamax | NAdam | AdamW | Lion) => {
            Some(1e-3)
        }
        (Framework::Keras, Sgd) => Some(1e-2),
        (Framework::PyTorch, Lion | AdaBelief)
        | (Framework::Keras, RAdam | Rprop | AdaBelief)
        | (Framework::Optax | Framework::Tf1, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::OptimizerKind;

    #[test]
    fn presets_keep_the_learning_rate_and_are_recognised() {
        for kind in [OptimizerKind::RmsProp, OptimizerKind::Adagrad, OptimizerKind::Adam] {
            let mut o = kind.default_config();
            o.set_real("lr", 0.123).unwrap();
            for f in Framework::ALL {
                let p = apply(f, o);
                assert_eq!(p.lr(), 0.123);
                // Keras and optax agree on AdaGrad, so either name fits.
                let m = matching(&p).unwrap();
                assert_eq!(apply(m, p), p);
            }
        }
    }

    #[test]
    fn keras_adam_adds_eps_before_the_bias_correction() {
        let Optimizer::Adam(a) = apply(Framework::Keras, OptimizerKind::Adam.default_config())
        else {
            panic!()
        };
        assert_eq!((a.eps, a.eps_hat), (1e-7, true));
        for f in [Framework::PyTorch, Framework::Optax] {
            let Optimizer::Adam(a) = apply(f, OptimizerKind::Adam.default_config()) else {
                panic!()
            };
            assert_eq!((a.eps, a.eps_hat), (1e-8, false));
        }
        // The default RMSprop learning rates differ tenfold between PyTorch and Keras.
        assert_eq!(default_lr(Framework::PyTorch, OptimizerKind::RmsProp), Some(1e-2));
        assert_eq!(default_lr(Framework::Keras, OptimizerKind::RmsProp), Some(1e-3));
        assert_eq!(default_lr(Framework::Optax, OptimizerKind::Adam), None);
    }

    #[test]
    fn pytorch_rmsprop_puts_eps_outside() {
        let o = apply(Framework::PyTorch, OptimizerKind::RmsProp.default_config());
        let Optimizer::RmsProp(r) = o else { panic!() };
        assert_eq!((r.decay, r.eps, r.eps_placement), (0.99, 1e-8, EpsPlacement::Outside));
        // The seed defaults are optax's.
        assert_eq!(matching(&OptimizerKind::RmsProp.default_config()), Some(Framework::Optax));
    }
}
