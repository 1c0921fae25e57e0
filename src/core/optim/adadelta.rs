//! Adadelta (Zeiler, 2012), as in PyTorch's `torch.optim.Adadelta`.

use super::{coupled_decay, At, Rule, Update};

/// Adadelta: RMSProp whose rate is itself a running root mean square, of the past steps, so
/// the units of the step match those of θ.
///
/// ```text
/// input: α (lr), ρ (rho), ε (eps), λ (weight_decay)
/// init:  v₀ = 0, u₀ = 0
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     v_t = ρ·v_{t−1} + (1 − ρ)·g_t²
///     d_t = √(u_{t−1} + ε) / √(v_t + ε) · g_t
///     u_t = ρ·u_{t−1} + (1 − ρ)·d_t²
///     θ_t = θ_{t−1} − α·d_t
/// ```
///
/// Defaults are PyTorch's: `lr = 1.0`, `rho = 0.9`, `eps = 1e-6`, `weight_decay = 0`. The
/// paper has no α (it is 1); PyTorch's scales the step, and so does a schedule here. ε sits
/// inside both roots, so the first step is about α·√ε/√(1 − ρ)/|g|·g: tiny, whatever g. The
/// effective learning rate, the factor on g, is `α·√(u_{t−1} + ε)/√(v_t + ε)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adadelta {
    pub lr: f64,
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

impl Default for Adadelta {
    fn default() -> Self {
        Self { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0.0 }
    }
}

/// Per-coordinate state: `v` the mean square of g, `u` the mean square of the steps d.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdadeltaState {
    pub v: f64,
    pub u: f64,
}

impl Rule for Adadelta {
    type State = AdadeltaState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// PyTorch's order: `std = √(v + ε)`, `d = √(u + ε) / std · g`, then u, then θ.
    fn step(&self, s: &mut AdadeltaState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let rho = self.rho;
        s.v = s.v * rho + (1.0 - rho) * g * g;
        let ratio = (s.u + self.eps).sqrt() / (s.v + self.eps).sqrt();
        let d = ratio * g;
        s.u = s.u * rho + (1.0 - rho) * d * d;
        Update { delta: -at.lr * d, eff_lr: at.lr * ratio }
    }
}
