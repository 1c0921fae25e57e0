//! Adam (Kingma & Ba, 2015) with optional AMSGrad (Reddi et al., 2018), as in PyTorch.

use super::{Rule, Update};

/// Adam: momentum on g, RMSProp-style scaling by the mean of g², both bias-corrected.
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), amsgrad
/// init:  m₀ = 0, v₀ = 0, v̂max₀ = 0
/// for t = 1, 2, …:
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t
///     v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
///     if amsgrad: vmax_t = max(vmax_{t−1}, v_t), and vmax_t replaces v_t below
///     θ_t = θ_{t−1} − (α / (1 − β₁ᵗ)) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)
/// ```
///
/// Defaults are PyTorch's and optax's: `lr = 0.001`, `beta1 = 0.9`, `beta2 = 0.999`,
/// `eps = 1e-8`, no AMSGrad. ε is added after the bias correction (PyTorch; optax's
/// `eps_root = 0` is the same). The effective learning rate is the factor on `m_t`:
/// `(α / (1 − β₁ᵗ)) / (√v_t / √(1 − β₂ᵗ) + ε)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub amsgrad: bool,
}

impl Default for Adam {
    fn default() -> Self {
        Self { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false }
    }
}

/// Per-coordinate state: first and second moments, and the running max of v for AMSGrad.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdamState {
    pub m: f64,
    pub v: f64,
    pub v_max: f64,
}

impl Rule for Adam {
    type State = AdamState;

    fn init(&self) -> AdamState {
        AdamState::default()
    }

    fn step(&self, s: &mut AdamState, g: f64, t: u32) -> Update {
        self.update(s, g, self.bias_corrections(t))
    }

    /// The bias corrections are the same for every coordinate: computed once per step
    /// (`powi` is most of Adam's cost, in WASM especially), with the same numbers as `step`.
    fn step_both(&self, s: &mut [AdamState; 2], g: [f64; 2], t: u32) -> [Update; 2] {
        let bias = self.bias_corrections(t);
        let [sx, sy] = s;
        [self.update(sx, g[0], bias), self.update(sy, g[1], bias)]
    }
}

impl Adam {
    /// `1 − β₁ᵗ` and `√(1 − β₂ᵗ)`.
    fn bias_corrections(&self, t: u32) -> (f64, f64) {
        let t = t as i32;
        (1.0 - self.beta1.powi(t), (1.0 - self.beta2.powi(t)).sqrt())
    }

    fn update(&self, s: &mut AdamState, g: f64, (bias1, bias2_sqrt): (f64, f64)) -> Update {
        s.m = self.beta1 * s.m + (1.0 - self.beta1) * g;
        s.v = self.beta2 * s.v + (1.0 - self.beta2) * g * g;
        let v = if self.amsgrad {
            s.v_max = s.v_max.max(s.v);
            s.v_max
        } else {
            s.v
        };
        let step_size = self.lr / bias1;
        let den = v.sqrt() / bias2_sqrt + self.eps;
        Update { delta: -step_size * (s.m / den), eff_lr: step_size / den }
    }
}
