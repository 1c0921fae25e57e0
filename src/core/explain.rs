//! The step explainer's numbers: every intermediate value of one update, per coordinate.
//!
//! For the four classic methods the formulas are written out again here rather than taken
//! from the optimizers' `step`, on purpose: the explanation recomputes the update from the
//! configuration, the state before it and the gradient, and `tests/explain.rs` checks that
//! the result is bit for bit what the optimizer recorded. So what the explainer shows is
//! provably what happened. The newer optimizers ([`Detail::ByStep`]) are explained by their
//! own `step` from the recorded state: their intermediate values are their state before and
//! after, and their check is the reference trajectories of `tests/reference.rs`.

use super::optim::{
    coupled_decay, AdagradState, AdamState, At, EpsPlacement, OptState, Optimizer, RmsPropState,
    SgdState,
};
use super::trajectory::{Noise, Trajectory};
use std::fmt;

/// One update `t` (1-based), which leads from `points[t − 1]` to `points[t]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Explanation {
    pub t: usize,
    pub optimizer: Optimizer,
    /// The learning rate update t used: the schedule's (the optimizer's `lr` without one).
    pub lr: f64,
    pub coords: [Coord; 2],
}

/// One coordinate's part of an update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coord {
    /// The position before the update.
    pub theta_prev: f64,
    /// The gradient the optimizer used (with noise, if any).
    pub g: f64,
    /// The exact partial derivative at `theta_prev`; differs from `g` only with noise.
    pub g_exact: f64,
    /// What the update works with: g + λ·θ with coupled weight decay, else g.
    pub g_wd: f64,
    pub state_before: OptState,
    pub state_after: OptState,
    pub detail: Detail,
    /// The effective learning rate, as the chart shows: the factor on g (Adam: on m̂, so
    /// α/(√v̂ + ε), or α·√(1 − β₂ᵗ)/(√v + ε) with ε-hat; with momentum: on the buffer b).
    pub eff_lr: f64,
    /// θ_t − θ_{t−1}.
    pub delta: f64,
    pub theta_new: f64,
}

/// The optimizer-specific intermediate values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Detail {
    RmsProp {
        v_prev: f64,
        v_new: f64,
        centered: Option<Centered>,
        /// √(v̄ + ε) or √v̄ + ε.
        den: f64,
        momentum: Option<Momentum>,
    },
    Adagrad {
        /// α / (1 + (t − 1)·η): the learning rate after decay.
        lr_t: f64,
        s_prev: f64,
        s_new: f64,
        /// √s + ε.
        den: f64,
    },
    Adam {
        m_prev: f64,
        m_new: f64,
        v_prev: f64,
        v_new: f64,
        /// AMSGrad's running maximum of v, before and after.
        v_max: Option<(f64, f64)>,
        /// 1 − β₁ᵗ and 1 − β₂ᵗ.
        bias1: f64,
        bias2: f64,
        /// m / (1 − β₁ᵗ) and v / (1 − β₂ᵗ) (v_max for AMSGrad), for reading; the update
        /// itself divides as PyTorch does (see `den`), which agrees to rounding.
        m_hat: f64,
        v_hat: f64,
        /// √v / √(1 − β₂ᵗ) + ε, i.e. √v̂ + ε; with ε-hat (Keras) √v + ε.
        den: f64,
    },
    Sgd {
        momentum: Option<Momentum>,
        /// What α multiplies: g, the buffer b, or g + μ·b with Nesterov.
        direction: f64,
    },
    /// A newer optimizer's update, computed by its own `step` (see the module doc): the
    /// state before and after ([`OptState::fields`]) holds its intermediate values.
    ByStep,
}

/// Centered RMSProp: the running mean of g and the variance estimate v̄ = v − ḡ².
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Centered {
    pub mean_prev: f64,
    pub mean_new: f64,
    pub v_bar: f64,
}

/// A momentum buffer before and after the update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Momentum {
    pub buf_prev: f64,
    pub buf_new: f64,
}

/// Why an update cannot be explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainError {
    /// Updates are numbered from 1.
    Zero,
    /// The run has only `available` updates; `diverged_at` says why, if it stopped early.
    PastEnd { t: usize, available: usize, diverged_at: Option<usize> },
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ExplainError::Zero => write!(f, "there is no update 0: updates are numbered from 1"),
            ExplainError::PastEnd { t, available, diverged_at: Some(k) } => write!(
                f,
                "there is no update {t}: the run diverged at update {k}, so it has {available}"
            ),
            ExplainError::PastEnd { t, available, diverged_at: None } => {
                write!(f, "there is no update {t}: the run has {available} updates")
            }
        }
    }
}

impl std::error::Error for ExplainError {}

/// Explains update `t` (1-based) of `tr` from its recorded gradient and state.
pub fn explain(tr: &Trajectory, t: usize) -> Result<Explanation, ExplainError> {
    if t == 0 {
        return Err(ExplainError::Zero);
    }
    let Some(rec) = tr.steps.get(t - 1) else {
        return Err(ExplainError::PastEnd {
            t,
            available: tr.steps.len(),
            diverged_at: tr.diverged_at,
        });
    };
    Ok(explain_update(
        &tr.optimizer,
        t,
        rec.lr,
        tr.state_before(t),
        tr.points[t - 1],
        rec.grad,
        tr.grad[t - 1],
    ))
}

/// How a diverged run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Divergence {
    /// The start is not a finite point.
    BadStart,
    /// Update `t` was computed but its result is not finite; here is that update.
    NotFinite(Box<Explanation>),
    /// The position before update `t` is where f or ∇f is undefined, so update `t` has no
    /// gradient to work with: outside f's domain (`loss` NaN), or so far out that f
    /// overflowed (`loss` infinite) and its gradient with it.
    Undefined { t: usize, point: [f64; 2], loss: f64 },
}

/// The update at which `tr` diverged, recomputed (it is not recorded); `noise` must be the
/// one the run had. `None` if the run did not diverge (or its record is inconsistent).
pub fn explain_divergence(tr: &Trajectory, noise: Option<Noise>) -> Option<Divergence> {
    let t = tr.diverged_at?;
    if t == 0 {
        return Some(Divergence::BadStart);
    }
    // A diverged run keeps t points and t − 1 updates.
    if t > tr.points.len() || t - 1 > tr.steps.len() {
        return None;
    }
    let (point, exact, f) = (tr.points[t - 1], tr.grad[t - 1], tr.loss[t - 1]);
    if f.is_nan() || exact[0].is_nan() || exact[1].is_nan() {
        return Some(Divergence::Undefined { t, point, loss: f });
    }
    let seen = seen_gradient(exact, noise, t);
    let state = tr.state_before(t);
    let lr = tr.schedule.lr_at(tr.optimizer.lr(), t);
    Some(Divergence::NotFinite(Box::new(explain_update(
        &tr.optimizer,
        t,
        lr,
        state,
        point,
        seen,
        exact,
    ))))
}

/// The gradient the optimizer sees at update `t`: the exact one plus the seeded noise, as
/// the trajectory runner adds it (a test holds the two together).
pub fn seen_gradient(exact: [f64; 2], noise: Option<Noise>, t: usize) -> [f64; 2] {
    match noise {
        Some(n) if n.sigma > 0.0 => {
            let t = u32::try_from(t).unwrap_or(u32::MAX);
            [exact[0] + n.sigma * n.z(t, 0), exact[1] + n.sigma * n.z(t, 1)]
        }
        _ => exact,
    }
}

/// Explains one update from its inputs: the optimizer, the step number, its learning rate,
/// the state before, the position before and the gradient used (`g_exact` is only
/// reported).
pub fn explain_update(
    opt: &Optimizer,
    t: usize,
    lr: f64,
    state: [OptState; 2],
    theta: [f64; 2],
    g: [f64; 2],
    g_exact: [f64; 2],
) -> Explanation {
    let coord = |i: usize| {
        let g_wd = coupled_decay(g[i], theta[i], coupled_weight_decay(opt));
        let (detail, after, delta, eff_lr) = update(opt, t, lr, state[i], g_wd)
            .unwrap_or_else(|| by_step(opt, t, lr, state[i], g[i], theta[i]));
        Coord {
            theta_prev: theta[i],
            g: g[i],
            g_exact: g_exact[i],
            g_wd,
            state_before: state[i],
            state_after: after,
            detail,
            eff_lr,
            delta,
            theta_new: theta[i] + delta,
        }
    };
    Explanation { t, optimizer: *opt, lr, coords: [coord(0), coord(1)] }
}

/// The λ of coupled weight decay (added to g); 0 for the optimizers without it.
pub fn coupled_weight_decay(opt: &Optimizer) -> f64 {
    match opt {
        Optimizer::AdamW(_) | Optimizer::Lion(_) => 0.0,
        _ => match opt.get("weight_decay") {
            Some(super::optim::params::ParamValue::Real(x)) => x,
            _ => 0.0,
        },
    }
}

/// One coordinate's update: (detail, state after, Δ, effective rate).
type Worked = (Detail, OptState, f64, f64);

/// A newer optimizer's update by its own step, from the raw gradient (it applies its own
/// weight decay).
fn by_step(opt: &Optimizer, t: usize, lr: f64, before: OptState, g: f64, theta: f64) -> Worked {
    let at = At { t: u32::try_from(t).unwrap_or(u32::MAX), lr };
    let (after, u) = opt.step_from(before, g, theta, at);
    (Detail::ByStep, after, u.delta, u.eff_lr)
}

/// A classic optimizer's update, term by term in its own order of operations, from the
/// gradient after coupled weight decay; None for the newer ones. A state of the wrong kind
/// (impossible from a trajectory) counts as the initial state.
fn update(opt: &Optimizer, t: usize, lr: f64, before: OptState, g: f64) -> Option<Worked> {
    // The runner passes t as u32, and Adam raises to it as i32: do the same.
    let t32 = u32::try_from(t).unwrap_or(u32::MAX);
    Some(match *opt {
        Optimizer::RmsProp(o) => {
            let s = match before {
                OptState::RmsProp(s) => s,
                _ => RmsPropState { v: o.initial_scale, ..RmsPropState::default() },
            };
            let rho = o.decay;
            let v_new = rho * s.v + (1.0 - rho) * g * g;
            let mean_new = if o.centered { rho * s.mean_g + (1.0 - rho) * g } else { s.mean_g };
            // optax's bias correction divides both means by 1 − ρᵗ.
            let bias = if o.bias_correction { 1.0 - rho.powi(t32 as i32) } else { 1.0 };
            let (v_hat, mean_hat) =
                if o.bias_correction { (v_new / bias, mean_new / bias) } else { (v_new, mean_new) };
            let (centered, v_bar) = if o.centered {
                let v_bar = v_hat - mean_hat * mean_hat;
                (Some(Centered { mean_prev: s.mean_g, mean_new, v_bar }), v_bar)
            } else {
                (None, v_hat)
            };
            let den = match o.eps_placement {
                EpsPlacement::Inside => (v_bar + o.eps).sqrt(),
                EpsPlacement::Outside => v_bar.sqrt() + o.eps,
            };
            let (momentum, buf, delta) = if o.momentum > 0.0 {
                let buf_new = o.momentum * s.buf + g / den;
                (Some(Momentum { buf_prev: s.buf, buf_new }), buf_new, -lr * buf_new)
            } else {
                (None, s.buf, -lr * (g / den))
            };
            let after = OptState::RmsProp(RmsPropState { v: v_new, mean_g: mean_new, buf });
            let detail = Detail::RmsProp { v_prev: s.v, v_new, centered, den, momentum };
            (detail, after, delta, lr / den)
        }
        Optimizer::Adagrad(o) => {
            let s = match before {
                OptState::Adagrad(s) => s,
                _ => AdagradState { sum_sq: o.initial_accumulator },
            };
            let lr_t = lr / (1.0 + f64::from(t32.saturating_sub(1)) * o.lr_decay);
            let s_new = s.sum_sq + g * g;
            let den = match o.eps_placement {
                EpsPlacement::Outside => s_new.sqrt() + o.eps,
                EpsPlacement::Inside => (s_new + o.eps).sqrt(),
            };
            let after = OptState::Adagrad(AdagradState { sum_sq: s_new });
            let detail = Detail::Adagrad { lr_t, s_prev: s.sum_sq, s_new, den };
            (detail, after, -lr_t * (g / den), lr_t / den)
        }
        Optimizer::Adam(o) => {
            let s = match before {
                OptState::Adam(s) => s,
                _ => AdamState::default(),
            };
            let ti = t32 as i32;
            let (m_new, v_new) = if o.eps_hat {
                (s.m + (g - s.m) * (1.0 - o.beta1), s.v + (g * g - s.v) * (1.0 - o.beta2))
            } else {
                (o.beta1 * s.m + (1.0 - o.beta1) * g, o.beta2 * s.v + (1.0 - o.beta2) * g * g)
            };
            let (v_max, v_used, v_max_new) = if o.amsgrad {
                let vm = s.v_max.max(v_new);
                (Some((s.v_max, vm)), vm, vm)
            } else {
                (None, v_new, s.v_max)
            };
            let bias1 = 1.0 - o.beta1.powi(ti);
            let bias2 = 1.0 - o.beta2.powi(ti);
            let (den, delta, eff_lr) = if o.eps_hat {
                // Keras: a = α·√(1 − β₂ᵗ)/(1 − β₁ᵗ), θ −= (m·a)/(√v + ε).
                let alpha_t = lr * bias2.sqrt() / bias1;
                let den = v_used.sqrt() + o.eps;
                (den, -((m_new * alpha_t) / den), lr * bias2.sqrt() / den)
            } else {
                let step_size = lr / bias1;
                let den = v_used.sqrt() / bias2.sqrt() + o.eps;
                (den, -step_size * (m_new / den), lr / den)
            };
            let after = OptState::Adam(AdamState { m: m_new, v: v_new, v_max: v_max_new });
            let detail = Detail::Adam {
                m_prev: s.m,
                m_new,
                v_prev: s.v,
                v_new,
                v_max,
                bias1,
                bias2,
                m_hat: m_new / bias1,
                v_hat: v_used / bias2,
                den,
            };
            (detail, after, delta, eff_lr)
        }
        Optimizer::Sgd(o) => {
            let s = match before {
                OptState::Sgd(s) => s,
                _ => SgdState::default(),
            };
            let (momentum, buf, direction) = if o.momentum > 0.0 {
                let buf_new = o.momentum * s.buf + g;
                let d = if o.nesterov { g + o.momentum * buf_new } else { buf_new };
                (Some(Momentum { buf_prev: s.buf, buf_new }), buf_new, d)
            } else {
                (None, s.buf, g)
            };
            let after = OptState::Sgd(SgdState { buf });
            (Detail::Sgd { momentum, direction }, after, -lr * direction, lr)
        }
        _ => return None,
    })
}
