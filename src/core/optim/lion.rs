//! Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"), as in optax's
//! `optax.lion`.

use super::{sign, At, Rule, Update};

/// Lion: step by the sign of an interpolation between the momentum and the gradient, so
/// every coordinate moves by exactly α (plus the decay); the momentum itself is a slower
/// moving average.
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), λ (weight_decay)
/// init:  m₀ = 0
/// for t = 1, 2, …:
///     c_t = (1 − β₁)·g_t + β₁·m_{t−1}
///     θ_t = θ_{t−1} − α·(sign(c_t) + λ·θ_{t−1})
///     m_t = (1 − β₂)·g_t + β₂·m_{t−1}
/// ```
///
/// Defaults: `lr = 1e-4`, `beta1 = 0.9`, `beta2 = 0.99`, `weight_decay = 0`. optax's
/// `lion` has no default learning rate, and its default `weight_decay` is 1e-3, not 0:
/// here decay is off unless asked for, as for every other optimizer. The decay is
/// decoupled (it is not in c) and multiplied by the scheduled α, as optax applies it
/// (`scale_by_lion`, `add_decayed_weights`, `scale_by_learning_rate`). sign(0) = 0. The
/// effective learning rate is α itself: the sign step −α·sign(c) moves each coordinate by
/// exactly α, whatever the size of g.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lion {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub weight_decay: f64,
}

impl Default for Lion {
    fn default() -> Self {
        Self { lr: 1e-4, beta1: 0.9, beta2: 0.99, weight_decay: 0.0 }
    }
}

/// Per-coordinate state: the momentum m.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LionState {
    pub m: f64,
}

impl Rule for Lion {
    type State = LionState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// optax's order: u = sign(c) + λ·θ, then Δ = (−α)·u.
    fn step(&self, s: &mut LionState, g: f64, theta: f64, at: At) -> Update {
        let c = (1.0 - self.beta1) * g + self.beta1 * s.m;
        s.m = (1.0 - self.beta2) * g + self.beta2 * s.m;
        let u =
            if self.weight_decay != 0.0 { sign(c) + self.weight_decay * theta } else { sign(c) };
        Update { delta: -at.lr * u, eff_lr: at.lr }
    }
}
