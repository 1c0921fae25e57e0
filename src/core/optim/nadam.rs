//! NAdam (Dozat, 2016), as in PyTorch's `torch.optim.NAdam`.

use super::{coupled_decay, lerp, At, Rule, Update};

/// NAdam: Adam with Nesterov momentum, whose momentum coefficient μ_t warms up over the
/// steps (PyTorch's `momentum_decay` schedule).
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), ψ (momentum_decay), λ (weight_decay)
/// init:  m₀ = 0, v₀ = 0, Π₀ = 1
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     μ_t = β₁·(1 − ½·0.96^(t·ψ)),  μ_{t+1} = β₁·(1 − ½·0.96^((t+1)·ψ))
///     Π_t = Π_{t−1}·μ_t
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t
///     v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
///     den = √(v_t / (1 − β₂ᵗ)) + ε
///     θ_t = θ_{t−1} − α·(1 − μ_t)/(1 − Π_t) · g_t/den − α·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m_t/den
/// ```
///
/// Defaults are PyTorch's: `lr = 0.002`, `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`,
/// `momentum_decay = 0.004`, `weight_decay = 0` (coupled: PyTorch's default
/// `decoupled_weight_decay = False`; its decoupled form is not offered here). The effective
/// learning rate is the rate both terms share, `α / den`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NAdam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub momentum_decay: f64,
    pub weight_decay: f64,
}

impl Default for NAdam {
    fn default() -> Self {
        Self {
            lr: 0.002,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            momentum_decay: 0.004,
            weight_decay: 0.0,
        }
    }
}

/// Per-coordinate state: the moments and the product Π of the μ so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NAdamState {
    pub m: f64,
    pub v: f64,
    pub mu_product: f64,
}

impl Default for NAdamState {
    fn default() -> Self {
        Self { m: 0.0, v: 0.0, mu_product: 1.0 }
    }
}

impl Rule for NAdam {
    type State = NAdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// PyTorch's order: the two terms are added to θ one after the other (two `addcdiv_`),
    /// here summed into one Δ.
    fn step(&self, s: &mut NAdamState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let t = f64::from(at.t);
        let bias2 = 1.0 - self.beta2.powf(t);
        let mu = self.mu(t);
        let mu_next = self.mu(t + 1.0);
        s.mu_product *= mu;
        s.m = lerp(s.m, g, 1.0 - self.beta1);
        s.v = s.v * self.beta2 + (1.0 - self.beta2) * g * g;
        let den = (s.v / bias2).sqrt() + self.eps;
        let on_g = -at.lr * (1.0 - mu) / (1.0 - s.mu_product);
        let on_m = (-at.lr * mu_next) / (1.0 - s.mu_product * mu_next);
        Update { delta: on_g * g / den + on_m * s.m / den, eff_lr: at.lr / den }
    }
}

impl NAdam {
    /// μ_t = β₁·(1 − ½·0.96^(t·ψ)).
    fn mu(&self, t: f64) -> f64 {
        self.beta1 * (1.0 - 0.5 * 0.96f64.powf(t * self.momentum_decay))
    }
}
