//! RMSProp (Tieleman & Hinton, 2012, Coursera lecture 6.5).

use super::{coupled_decay, At, Rule, Update};

/// Where ε enters the denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpsPlacement {
    /// `√(v̄ + ε)`: the seed formula, TensorFlow 1, Keras and optax's default.
    Inside,
    /// `√v̄ + ε`: PyTorch's `torch.optim.RMSprop`.
    Outside,
}

impl EpsPlacement {
    pub const NAMES: [&'static str; 2] = ["inside", "outside"];

    pub fn name(self) -> &'static str {
        match self {
            EpsPlacement::Inside => "inside",
            EpsPlacement::Outside => "outside",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "inside" => Some(EpsPlacement::Inside),
            "outside" => Some(EpsPlacement::Outside),
            _ => None,
        }
    }
}

/// RMSProp: divide each coordinate's gradient by the root of a moving average of its squares.
///
/// ```text
/// input: α (lr), ρ (decay), ε (eps), μ (momentum), centered, eps_placement,
///        v₀ (initial_scale), bias_correction, λ (weight_decay)
/// init:  v = v₀, a₀ = 0, b₀ = 0
/// for t = 1, 2, …:
///     g_t = g_t + λ·θ_{t−1}            (if λ ≠ 0)
///     v_t = ρ·v_{t−1} + (1 − ρ)·g_t²
///     if centered: a_t = ρ·a_{t−1} + (1 − ρ)·g_t
///     if bias_correction: v̂_t = v_t / (1 − ρᵗ), â_t = a_t / (1 − ρᵗ)   else v̂_t = v_t, â_t = a_t
///     v̄_t = v̂_t − â_t² (centered)   or   v̂_t
///     den = √(v̄_t + ε)   (inside)   or   √v̄_t + ε   (outside)
///     if μ > 0: b_t = μ·b_{t−1} + g_t / den;  θ_t = θ_{t−1} − α·b_t
///     else:     θ_t = θ_{t−1} − α·g_t / den
/// ```
///
/// Defaults follow the seed formula: `lr = 0.01`, `decay = 0.9`, `eps = 1e-8` **inside** the
/// root, no momentum, not centered, `initial_scale = 0`, no bias correction, no weight decay;
/// these are optax's `rmsprop` defaults too (`eps_in_sqrt = True`; optax has no default
/// learning rate). `initial_scale` and `bias_correction` are optax's: the mean square starts
/// at `initial_scale` (TensorFlow 1's `RMSPropOptimizer` starts it at 1), and with
/// `bias_correction` the mean square (and the mean, centered) is divided by 1 − ρᵗ, as in
/// `optax.scale_by_rms` (even when it started at `initial_scale`). PyTorch's `RMSprop`
/// differs: `lr = 1e-2`, `alpha = 0.99`, `eps = 1e-8` outside the root. Keras's:
/// `learning_rate = 1e-3`, `rho = 0.9`, `epsilon = 1e-7` inside. With momentum the buffer
/// b = μ·b + g/den is a sum, so on a steady slope the steps grow to about 1/(1 − μ) times
/// α·g/den (Keras and optax fold α into b: the same steps at a constant rate; with a
/// schedule this is PyTorch's form, where the current α multiplies the whole buffer).
/// `weight_decay` is PyTorch's (coupled: added to g). The effective learning rate, the
/// factor on g, is `α / den`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmsProp {
    pub lr: f64,
    pub decay: f64,
    pub eps: f64,
    pub eps_placement: EpsPlacement,
    pub momentum: f64,
    pub centered: bool,
    pub initial_scale: f64,
    pub bias_correction: bool,
    pub weight_decay: f64,
}

impl Default for RmsProp {
    fn default() -> Self {
        Self {
            lr: 0.01,
            decay: 0.9,
            eps: 1e-8,
            eps_placement: EpsPlacement::Inside,
            momentum: 0.0,
            centered: false,
            initial_scale: 0.0,
            bias_correction: false,
            weight_decay: 0.0,
        }
    }
}

/// Per-coordinate state: `v` the mean square, `mean_g` the mean (centered), `buf` momentum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RmsPropState {
    pub v: f64,
    pub mean_g: f64,
    pub buf: f64,
}

impl Rule for RmsProp {
    type State = RmsPropState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn init(&self) -> RmsPropState {
        RmsPropState { v: self.initial_scale, ..RmsPropState::default() }
    }

    fn step(&self, s: &mut RmsPropState, g: f64, theta: f64, at: At) -> Update {
        let g = coupled_decay(g, theta, self.weight_decay);
        let rho = self.decay;
        s.v = rho * s.v + (1.0 - rho) * g * g;
        if self.centered {
            s.mean_g = rho * s.mean_g + (1.0 - rho) * g;
        }
        let den = self.den(s, at.t);
        let delta = if self.momentum > 0.0 {
            s.buf = self.momentum * s.buf + g / den;
            -at.lr * s.buf
        } else {
            -at.lr * (g / den)
        };
        Update { delta, eff_lr: at.lr / den }
    }
}

impl RmsProp {
    /// The denominator after step `t` has updated `s`: √(v̄ + ε) or √v̄ + ε.
    pub fn den(&self, s: &RmsPropState, t: u32) -> f64 {
        let (v, mean) = if self.bias_correction {
            let bias = 1.0 - self.decay.powi(t as i32);
            (s.v / bias, s.mean_g / bias)
        } else {
            (s.v, s.mean_g)
        };
        let v_bar = if self.centered { v - mean * mean } else { v };
        match self.eps_placement {
            EpsPlacement::Inside => (v_bar + self.eps).sqrt(),
            EpsPlacement::Outside => v_bar.sqrt() + self.eps,
        }
    }
}
