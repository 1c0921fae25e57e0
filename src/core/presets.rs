//! Framework presets: the defaults PyTorch, Keras and optax use for the same nominal
//! optimizer, so one can see how much "RMSProp" differs between libraries. A preset changes
//! the library-specific settings (decay, ε and where it sits, the initial accumulator) and
//! keeps the learning rate, which every library asks the user for.

use super::optim::{Adagrad, Adam, EpsPlacement, Optimizer, RmsProp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    PyTorch,
    Keras,
    Optax,
}

impl Framework {
    pub const ALL: [Framework; 3] = [Framework::PyTorch, Framework::Keras, Framework::Optax];

    pub fn name(self) -> &'static str {
        match self {
            Framework::PyTorch => "PyTorch",
            Framework::Keras => "Keras",
            Framework::Optax => "optax",
        }
    }
}

/// `opt` with `framework`'s defaults for everything but the learning rate (and momentum,
/// centering, AMSGrad, which are off by default everywhere). SGD has nothing to change.
pub fn apply(framework: Framework, opt: Optimizer) -> Optimizer {
    use EpsPlacement::{Inside, Outside};
    use Framework::*;
    match opt {
        // torch.optim.RMSprop: alpha 0.99, eps 1e-8 added after the root.
        // keras.optimizers.RMSprop: rho 0.9, epsilon 1e-7 inside the root.
        // optax.rmsprop: decay 0.9, eps 1e-8, eps_in_sqrt=True.
        Optimizer::RmsProp(o) => {
            let (decay, eps, eps_placement) = match framework {
                PyTorch => (0.99, 1e-8, Outside),
                Keras => (0.9, 1e-7, Inside),
                Optax => (0.9, 1e-8, Inside),
            };
            Optimizer::RmsProp(RmsProp { decay, eps, eps_placement, ..o })
        }
        // torch.optim.Adagrad: eps 1e-10 after the root, accumulator from 0.
        // keras.optimizers.Adagrad: epsilon 1e-7 inside, initial_accumulator_value 0.1.
        // optax.adagrad: eps 1e-7 inside, initial_accumulator_value 0.1.
        Optimizer::Adagrad(o) => {
            let (eps, eps_placement, initial_accumulator) = match framework {
                PyTorch => (1e-10, Outside, 0.0),
                Keras | Optax => (1e-7, Inside, 0.1),
            };
            Optimizer::Adagrad(Adagrad { eps, eps_placement, initial_accumulator, ..o })
        }
        // Adam: β₁ 0.9 and β₂ 0.999 everywhere; Keras's ε is 1e-7, the others' 1e-8.
        Optimizer::Adam(o) => {
            let eps = if framework == Keras { 1e-7 } else { 1e-8 };
            Optimizer::Adam(Adam { beta1: 0.9, beta2: 0.999, eps, ..o })
        }
        Optimizer::Sgd(_) => opt,
    }
}

/// The first framework whose defaults `opt` currently has, if any.
pub fn matching(opt: &Optimizer) -> Option<Framework> {
    Framework::ALL.into_iter().find(|f| has_defaults_of(*f, opt))
}

/// Whether `opt` has `framework`'s defaults (several can match at once: PyTorch's and
/// optax's Adam are the same).
pub fn has_defaults_of(framework: Framework, opt: &Optimizer) -> bool {
    !matches!(opt, Optimizer::Sgd(_)) && apply(framework, *opt) == *opt
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
    fn pytorch_rmsprop_puts_eps_outside() {
        let o = apply(Framework::PyTorch, OptimizerKind::RmsProp.default_config());
        let Optimizer::RmsProp(r) = o else { panic!() };
        assert_eq!((r.decay, r.eps, r.eps_placement), (0.99, 1e-8, EpsPlacement::Outside));
        // The seed defaults are optax's.
        assert_eq!(matching(&OptimizerKind::RmsProp.default_config()), Some(Framework::Optax));
    }
}
