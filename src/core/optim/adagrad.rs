//! AdaGrad (Duchi, Hazan & Singer, 2011), as in PyTorch's `torch.optim.Adagrad`.

use super::{coupled_decay, At, EpsPlacement, Rule, Update};

/// AdaGrad: divide by the root of the *sum* of all squared gradients, so each coordinate's
/// rate α/den only shrinks (its steps follow the gradient and can still grow).
///
/// ```text
/// input: α (lr), ε (eps), s₀ (initial_accumulator), η (lr_decay), eps_placement,
///        λ (weight_decay)
/// init:  s = s₀
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     α_t = α / (1 + (t − 1)·η)
///     s_t = s_{t−1} + g_t²
///     θ_t = θ_{t−1} − α_t · g_t / den,   den = √s_t + ε (outside)  or  √(s_t + ε) (inside)
/// ```
///
/// Defaults are PyTorch's: `lr = 0.01`, `eps = 1e-10` outside the root,
/// `initial_accumulator = 0`, `lr_decay = 0`, `weight_decay = 0`. With a schedule, α is the
/// scheduled rate and `lr_decay` divides it further, as PyTorch does. Keras and optax start the accumulator at 0.1
/// and put ε (1e-7) inside the root; the default learning rates differ too (PyTorch 1e-2,
/// Keras 1e-3, optax none). The effective learning rate is `α_t / den`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adagrad {
    pub lr: f64,
    pub eps: f64,
    pub initial_accumulator: f64,
    pub lr_decay: f64,
    pub eps_placement: EpsPlacement,
    pub weight_decay: f64,
}

impl Default for Adagrad {
    fn default() -> Self {
        Self {
            lr: 0.01,
            eps: 1e-10,
            initial_accumulator: 0.0,
            lr_decay: 0.0,
            eps_placement: EpsPlacement::Outside,
            weight_decay: 0.0,
        }
    }
}

/// Per-coordinate state: the running sum of squared gradients.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdagradState {
    pub sum_sq: f64,
}

impl Rule for Adagrad {
    type State = AdagradState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn init(&self) -> AdagradState {
        AdagradState { sum_sq: self.initial_accumulator }
    }

    fn step(&self, s: &mut AdagradState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let lr_t = at.lr / (1.0 + f64::from(at.t - 1) * self.lr_decay);
        s.sum_sq += g * g;
        let den = match self.eps_placement {
            EpsPlacement::Outside => s.sum_sq.sqrt() + self.eps,
            EpsPlacement::Inside => (s.sum_sq + self.eps).sqrt(),
        };
        Update { delta: -lr_t * (g / den), eff_lr: lr_t / den }
    }
}
