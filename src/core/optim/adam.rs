//! Adam (Kingma & Ba, 2015) with optional AMSGrad (Reddi et al., 2018), in PyTorch's and
//! optax's form or, with `eps_hat`, in Keras's and TensorFlow's.

use super::{coupled_decay, At, Rule, Update};

/// Adam: momentum on g, RMSProp-style scaling by the mean of g², both bias-corrected.
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), amsgrad, eps_hat, λ (weight_decay)
/// init:  m₀ = 0, v₀ = 0, vmax₀ = 0
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0: PyTorch's coupled L2; AdamW decouples it)
///     m_t = β₁·m_{t−1} + (1 − β₁)·g_t
///     v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
///     if amsgrad: vmax_t = max(vmax_{t−1}, v_t), and vmax_t replaces v_t below
///     m̂_t = m_t / (1 − β₁ᵗ),  v̂_t = v_t / (1 − β₂ᵗ)
///     θ_t = θ_{t−1} − α · m̂_t / (√v̂_t + ε)                        (PyTorch, optax)
///     θ_t = θ_{t−1} − α·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m_t / (√v_t + ε)    (eps_hat: Keras, TF)
/// ```
///
/// Defaults are PyTorch's: `lr = 0.001`, `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`, no
/// AMSGrad, no `eps_hat`, `weight_decay = 0` (optax's `adam` has the same defaults but asks for the learning
/// rate; its `eps_root = 0` is this form). PyTorch divides as `(α / (1 − β₁ᵗ)) · m_t /
/// (√v_t / √(1 − β₂ᵗ) + ε)`, and so does this code.
///
/// `eps_hat` is the "ε̂" of the paper's remark before its Section 2.1, which Keras 3
/// (`keras/src/optimizers/adam.py`, default ε = 1e-7) and TensorFlow use: ε is added to √v
/// *before* the bias correction, so it acts as ε/√(1 − β₂ᵗ) in the first form, about 31.6ε
/// at t = 1 with β₂ = 0.999. The code follows Keras's order of operations:
/// `a = α·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `m += (g − m)·(1 − β₁)`, `v += (g² − v)·(1 − β₂)`,
/// `θ −= (m·a) / (√v + ε)`.
///
/// The effective learning rate is the factor on m̂ ("scale on m̂"): `α / (√v̂_t + ε)`, and
/// with `eps_hat` `α·√(1 − β₂ᵗ) / (√v_t + ε) = α / (√v̂_t + ε/√(1 − β₂ᵗ))`; with AMSGrad
/// v̂ is built from vmax. The step is then `−eff_lr · m̂_t` in both forms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub amsgrad: bool,
    pub eps_hat: bool,
    pub weight_decay: f64,
}

impl Default for Adam {
    fn default() -> Self {
        Self {
            lr: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            amsgrad: false,
            eps_hat: false,
            weight_decay: 0.0,
        }
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

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&self, s: &mut AdamState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        self.update(s, g, at.lr, self.bias_corrections(at.t))
    }

    /// The bias corrections are the same for every coordinate: computed once per step
    /// (`powi` is most of Adam's cost, in WASM especially), with the same numbers as `step`.
    fn step_both(
        &self,
        s: &mut [AdamState; 2],
        g: [f64; 2],
        theta: [f64; 2],
        at: At,
    ) -> [Update; 2] {
        let bias = self.bias_corrections(at.t);
        let [sx, sy] = s;
        let wd = self.weight_decay;
        [
            self.update(sx, coupled_decay(g[0], theta[0], wd), at.lr, bias),
            self.update(sy, coupled_decay(g[1], theta[1], wd), at.lr, bias),
        ]
    }
}

impl Adam {
    /// `1 − β₁ᵗ` and `√(1 − β₂ᵗ)`.
    pub(super) fn bias_corrections(&self, t: u32) -> (f64, f64) {
        let t = t as i32;
        (1.0 - self.beta1.powi(t), (1.0 - self.beta2.powi(t)).sqrt())
    }

    /// The step from the (decayed) gradient at learning rate `lr`; AdamW shares it.
    pub(super) fn update(
        &self,
        s: &mut AdamState,
        g: f64,
        lr: f64,
        (bias1, bias2_sqrt): (f64, f64),
    ) -> Update {
        if self.eps_hat {
            s.m += (g - s.m) * (1.0 - self.beta1);
            s.v += (g * g - s.v) * (1.0 - self.beta2);
        } else {
            s.m = self.beta1 * s.m + (1.0 - self.beta1) * g;
            s.v = self.beta2 * s.v + (1.0 - self.beta2) * g * g;
        }
        let v = if self.amsgrad {
            s.v_max = s.v_max.max(s.v);
            s.v_max
        } else {
            s.v
        };
        if self.eps_hat {
            let alpha_t = lr * bias2_sqrt / bias1;
            let den = v.sqrt() + self.eps;
            Update { delta: -((s.m * alpha_t) / den), eff_lr: lr * bias2_sqrt / den }
        } else {
            let step_size = lr / bias1;
            let den = v.sqrt() / bias2_sqrt + self.eps;
            Update { delta: -step_size * (s.m / den), eff_lr: lr / den }
        }
    }
}
