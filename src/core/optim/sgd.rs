//! Stochastic gradient descent with optional (Nesterov) momentum, as in PyTorch.

use super::{coupled_decay, At, Rule, Update};

/// SGD: step against the gradient, optionally through a momentum buffer.
///
/// ```text
/// input: α (lr), μ (momentum), nesterov, λ (weight_decay)
/// init:  b₀ = 0
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     b_t = μ·b_{t−1} + g_t            (b₁ = g₁)
///     d_t = g_t + μ·b_t  if nesterov, else b_t
///     θ_t = θ_{t−1} − α·d_t
/// ```
///
/// Defaults: `lr = 0.001`, `momentum = 0`, `nesterov = false`, `weight_decay = 0`
/// (PyTorch's, with no dampening). The effective learning rate is `α`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd {
    pub lr: f64,
    pub momentum: f64,
    pub nesterov: bool,
    pub weight_decay: f64,
}

impl Default for Sgd {
    fn default() -> Self {
        Self { lr: 0.001, momentum: 0.0, nesterov: false, weight_decay: 0.0 }
    }
}

/// Per-coordinate state: the momentum buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SgdState {
    pub buf: f64,
}

impl Rule for Sgd {
    type State = SgdState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&self, s: &mut SgdState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let d = if self.momentum > 0.0 {
            s.buf = self.momentum * s.buf + g;
            if self.nesterov {
                g + self.momentum * s.buf
            } else {
                s.buf
            }
        } else {
            g
        };
        Update { delta: -at.lr * d, eff_lr: at.lr }
    }
}
