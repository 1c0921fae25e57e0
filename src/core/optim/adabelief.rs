//! AdaBelief (Zhuang et al., 2020), as in optax's `optax.adabelief`.

use super::{At, Rule, Update};

/// AdaBelief: Adam that divides by the root of the running variance of g around its own
/// mean m (how far g departs from the "belief" m), not by the root of the mean of g².
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), ε_root (eps_root)
/// init:  m₀ = 0, s₀ = 0
/// for t = 1, 2, …:
///     m_t = (1 − β₁)·g_t + β₁·m_{t−1}
///     s_t = (1 − β₂)·(g_t − m_t)² + β₂·s_{t−1} + ε_root
///     m̂_t = m_t / (1 − β₁ᵗ),  ŝ_t = s_t / (1 − β₂ᵗ)
///     θ_t = θ_{t−1} − α · m̂_t / (√ŝ_t + ε)
/// ```
///
/// Defaults are optax's: `lr = 1e-3` (optax asks for one; the paper's is 1e-3), `beta1 =
/// 0.9`, `beta2 = 0.999`, `eps = 1e-16`, `eps_root = 1e-16`. optax subtracts the *new* m
/// from g and adds ε_root to s inside the state, so it accumulates. optax's `adabelief` has
/// no weight decay, nor does this. The effective learning rate is the scale on m̂:
/// `α / (√ŝ_t + ε)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdaBelief {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub eps_root: f64,
}

impl Default for AdaBelief {
    fn default() -> Self {
        Self { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-16, eps_root: 1e-16 }
    }
}

/// Per-coordinate state: the first moment m and the belief variance s.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdaBeliefState {
    pub m: f64,
    pub s: f64,
}

impl Rule for AdaBelief {
    type State = AdaBeliefState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&self, st: &mut AdaBeliefState, g: f64, _theta: f64, at: At) -> Update {
        let t = at.t as i32;
        st.m = (1.0 - self.beta1) * g + self.beta1 * st.m;
        let e = g - st.m;
        st.s = (1.0 - self.beta2) * (e * e) + self.beta2 * st.s + self.eps_root;
        let m_hat = st.m / (1.0 - self.beta1.powi(t));
        let s_hat = st.s / (1.0 - self.beta2.powi(t));
        let den = s_hat.sqrt() + self.eps;
        Update { delta: -at.lr * (m_hat / den), eff_lr: at.lr / den }
    }
}
