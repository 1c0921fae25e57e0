//! AdamW (Loshchilov & Hutter, 2019), as in PyTorch's `torch.optim.AdamW`.

use super::{decoupled_decay, Adam, AdamState, At, Rule, Update};

/// AdamW: Adam whose weight decay shrinks θ directly instead of being added to g, so the
/// decay is not divided by √v̂.
///
/// ```text
/// input: α (lr), β₁ (beta1), β₂ (beta2), ε (eps), λ (weight_decay), amsgrad
/// init:  m₀ = 0, v₀ = 0, vmax₀ = 0
/// for t = 1, 2, …:
///     θ' = θ_{t−1}·(1 − α·λ)
///     m_t, v_t (and vmax_t) as in Adam
///     θ_t = θ' − α · m̂_t / (√v̂_t + ε)
/// ```
///
/// Defaults are PyTorch's: `lr = 0.001`, `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`,
/// `weight_decay = 0.01`, no AMSGrad. PyTorch's AdamW is its Adam with
/// `decoupled_weight_decay = True`, and this is [`Adam`]'s PyTorch form after the decay.
/// The decay is multiplied by the scheduled α, as in PyTorch (and optax's `adamw`). The
/// effective learning rate is Adam's, the scale on m̂: `α / (√v̂_t + ε)`; the decay's share
/// of the step, −α·λ·θ, is not part of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamW {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub amsgrad: bool,
}

impl Default for AdamW {
    fn default() -> Self {
        Self { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01, amsgrad: false }
    }
}

impl AdamW {
    /// The Adam that steps after the decay.
    fn adam(&self) -> Adam {
        let AdamW { lr, beta1, beta2, eps, amsgrad, .. } = *self;
        Adam { lr, beta1, beta2, eps, amsgrad, ..Adam::default() }
    }
}

impl Rule for AdamW {
    type State = AdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&self, s: &mut AdamState, g: f64, theta: f64, at: At) -> Update {
        let adam = self.adam();
        let u = adam.update(s, g, at.lr, adam.bias_corrections(at.t));
        Update { delta: decoupled_decay(theta, at.lr, self.weight_decay) + u.delta, ..u }
    }
}
