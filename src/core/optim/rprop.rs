//! Rprop (Riedmiller & Braun, 1993), as in PyTorch's `torch.optim.Rprop`.

use super::{sign, At, Rule, Update};

/// Rprop: each coordinate moves by its own step size η in the direction of −sign(g); η
/// grows while g keeps its sign and shrinks when it flips. The gradient's size is never
/// used.
///
/// ```text
/// input: α (lr), η₋ (eta_minus), η₊ (eta_plus), η_min (step_min), η_max (step_max)
/// init:  η₀ = α (the learning rate of step 1), g_prev = 0
/// for t = 1, 2, …:
///     s = sign(g_t·g_prev)
///     η_t = clamp(η_{t−1}·(η₊ if s > 0, η₋ if s < 0, 1 if s = 0), η_min, η_max)
///     if s < 0: g_t = 0             (after a flip, wait one step)
///     θ_t = θ_{t−1} − η_t·sign(g_t)
///     g_prev = g_t
/// ```
///
/// Defaults are PyTorch's: `lr = 0.01`, `eta_minus = 0.5`, `eta_plus = 1.2`,
/// `step_min = 1e-6`, `step_max = 50`. PyTorch has no weight decay for Rprop, nor does
/// this. The learning rate only sets the first step size (PyTorch reads it when it creates
/// the state, at step 1), so a schedule changes Rprop only through its value at step 1.
/// The effective learning rate is the step size: Δθ = −η_t·sign(g), so `eff_lr = η_t`, the
/// distance moved along the coordinate (0 after a flip).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rprop {
    pub lr: f64,
    pub eta_minus: f64,
    pub eta_plus: f64,
    pub step_min: f64,
    pub step_max: f64,
}

impl Default for Rprop {
    fn default() -> Self {
        Self { lr: 0.01, eta_minus: 0.5, eta_plus: 1.2, step_min: 1e-6, step_max: 50.0 }
    }
}

/// Per-coordinate state: the gradient kept from the last step (0 after a flip) and the step
/// size η (0 before step 1, which sets it to the learning rate).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RpropState {
    pub prev: f64,
    pub step_size: f64,
}

impl Rule for Rprop {
    type State = RpropState;

    fn lr(&self) -> f64 {
        self.lr
    }

    /// PyTorch's order, including its clamp (`max(η_min)` then `min(η_max)`, so η_max wins
    /// if the bounds cross, as in `torch.clamp`).
    fn step(&self, s: &mut RpropState, g: f64, _theta: f64, at: At) -> Update {
        if at.t == 1 {
            s.step_size = at.lr;
        }
        let factor = match sign(g * s.prev) {
            x if x > 0.0 => self.eta_plus,
            x if x < 0.0 => self.eta_minus,
            _ => 1.0,
        };
        s.step_size = (s.step_size * factor).max(self.step_min).min(self.step_max);
        let g = if factor == self.eta_minus { 0.0 } else { g };
        s.prev = g;
        Update { delta: -(sign(g) * s.step_size), eff_lr: s.step_size }
    }
}
