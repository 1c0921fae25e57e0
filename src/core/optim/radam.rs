//! RAdam (Liu et al., 2020), as in PyTorch's `torch.optim.RAdam`.

use super::{coupled_decay, lerp, AdamState, At, Rule, Update};

/// RAdam: Adam whose adaptive rate is switched on only once the variance of v's estimate is
/// tractable (ρ_t > 5), and then scaled by the rectification r_t; before that it steps
/// along m̂ with the plain rate α (SGD with momentum).
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), λ (weight_decay)
/// init:  m₀ = 0, v₀ = 0, ρ_∞ = 2/(1 − β₂) − 1
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t
///     v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
///     m̂_t = m_t / (1 − β₁ᵗ)
///     ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
///     if ρ_t > 5: r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
///                 θ_t = θ_{t−1} − α·m̂_t · √(1 − β₂ᵗ)/(√v_t + ε) · r_t
///     else:       θ_t = θ_{t−1} − α·m̂_t
/// ```
///
/// Defaults are PyTorch's: `lr = 0.001`, `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`,
/// `weight_decay = 0` (coupled; PyTorch's `decoupled_weight_decay` is not offered here).
/// With β₂ = 0.999 the first five steps are the plain ones. The effective learning rate is
/// the scale on m̂: `α·r_t·√(1 − β₂ᵗ)/(√v_t + ε)` once rectified, else `α`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RAdam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

impl Default for RAdam {
    fn default() -> Self {
        Self { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 }
    }
}

impl Rule for RAdam {
    type State = AdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// PyTorch's order: `θ −= m̂·α·(√(1 − β₂ᵗ)/(√v + ε))·r`, left to right.
    fn step(&self, s: &mut AdamState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let t = f64::from(at.t);
        s.m = lerp(s.m, g, 1.0 - self.beta1);
        s.v = s.v * self.beta2 + (1.0 - self.beta2) * g * g;
        let bias1 = 1.0 - self.beta1.powf(t);
        let bias2 = 1.0 - self.beta2.powf(t);
        let m_hat = s.m / bias1;
        match self.rectification(t, bias2) {
            Some(r) => {
                let adaptive = bias2.powf(0.5) / (s.v.sqrt() + self.eps);
                Update { delta: -(m_hat * at.lr * adaptive * r), eff_lr: at.lr * adaptive * r }
            }
            None => Update { delta: -(m_hat * at.lr), eff_lr: at.lr },
        }
    }
}

impl RAdam {
    /// r_t when ρ_t > 5, else None (the step is not rectified). Python's `** 0.5` is
    /// `pow`, which may differ from `sqrt` in the last bit: `powf(0.5)` as PyTorch has it.
    pub fn rectification(&self, t: f64, bias2: f64) -> Option<f64> {
        let rho_inf = 2.0 / (1.0 - self.beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * self.beta2.powf(t) / bias2;
        (rho_t > 5.0).then(|| {
            ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .powf(0.5)
        })
    }
}
