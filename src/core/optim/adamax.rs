//! Adamax (Kingma & Ba, 2015, Section 7.1), as in PyTorch's `torch.optim.Adamax`.

use super::{coupled_decay, lerp, At, Rule, Update};

/// Adamax: Adam with the root mean square of g replaced by a decaying maximum of |g|.
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), λ (weight_decay)
/// init:  m₀ = 0, u₀ = 0
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t
///     u_t = max(β₂·u_{t−1}, |g_t| + ε)
///     θ_t = θ_{t−1} − α/(1 − β₁ᵗ) · m_t / u_t
/// ```
///
/// Defaults are PyTorch's: `lr = 0.002`, `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`,
/// `weight_decay = 0`. PyTorch adds ε to |g| inside the max (the paper has no ε); optax's
/// `adamax` does the same. The effective learning rate is the scale on m̂ = m/(1 − β₁ᵗ):
/// `α / u_t`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adamax {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

impl Default for Adamax {
    fn default() -> Self {
        Self { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 }
    }
}

/// Per-coordinate state: the first moment `m` and the decaying maximum `u` of |g|.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdamaxState {
    pub m: f64,
    pub u: f64,
}

impl Rule for Adamax {
    type State = AdamaxState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// PyTorch's order: `m.lerp_(g, 1 − β₁)`, `u = max(u·β₂, |g| + ε)`, then
    /// `θ.addcdiv_(m, u, value = −α/(1 − β₁ᵗ))`.
    fn step(&self, s: &mut AdamaxState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        s.m = lerp(s.m, g, 1.0 - self.beta1);
        s.u = (s.u * self.beta2).max(g.abs() + self.eps);
        let clr = at.lr / (1.0 - self.beta1.powf(f64::from(at.t)));
        Update { delta: -clr * s.m / s.u, eff_lr: at.lr / s.u }
    }
}
