//! The step explainer's words: which update is shown and why, what went wrong when a run
//! stopped, and a few sentences on what each optimizer's equations mean. Pure text, so that
//! native tests can read every sentence the explainer can say.
//!
//! Which update: the one that produced the current position, update t = step (from step
//! t − 1 to step t); at step 0, the start, it is update 1, the one leaving it.

use super::equations::{rows, to_html};
use super::format::precise;
use crate::core::explain::{
    coupled_weight_decay, explain, explain_divergence, Divergence, Explanation,
};
use crate::core::optim::params::ParamValue;
use crate::core::optim::{EpsPlacement, Optimizer};
use crate::core::trajectory::{Noise, Trajectory};

/// (intro, warning, equations as HTML).
pub type Described = (String, Option<String>, Option<String>);

fn point(p: [f64; 2]) -> String {
    format!("({}, {})", precise(p[0], 4), precise(p[1], 4))
}

fn from_to(e: &Explanation) -> String {
    let [x, y] = e.coords;
    format!("from {} to {}", point([x.theta_prev, y.theta_prev]), point([x.theta_new, y.theta_new]))
}

fn equations(e: &Explanation) -> Option<String> {
    Some(to_html(&rows(e)))
}

/// What the explainer says for trajectory `tr` at playback step `step` (with the run's
/// gradient noise, to recompute a failed update): the intro, a warning, the equations' HTML.
pub fn describe(tr: &Trajectory, step: usize, noise: Option<Noise>) -> Described {
    let available = tr.steps.len();
    let t = step.max(1);
    if t <= available {
        return match explain(tr, t) {
            Ok(e) => {
                let intro = if step == 0 {
                    format!(
                        "Step 0 is the start, so this is update 1, the one that leaves it: {}.",
                        from_to(&e)
                    )
                } else {
                    format!(
                        "Update {t}, the one that produced the current position (step {t}): {}.",
                        from_to(&e)
                    )
                };
                (intro, None, equations(&e))
            }
            Err(err) => (String::new(), Some(format!("Nothing to explain: {err}.")), None),
        };
    }
    match explain_divergence(tr, noise) {
        Some(Divergence::NotFinite(e)) => (
            format!("Shown: update {}, the one that failed, {}.", e.t, from_to(&e)),
            Some(format!(
                "This run diverged at update {}: its result is not a finite number, so the run \
                 ends at step {}.",
                e.t,
                e.t - 1
            )),
            equations(&e),
        ),
        Some(Divergence::Undefined { t, point: p, loss }) => {
            let message = if loss.is_nan() {
                format!(
                    "This run stopped at update {t}: f is undefined at {} (outside its domain), \
                     so that update has no gradient to work with. The run ends at step {}.",
                    point(p),
                    t - 1
                )
            } else {
                format!(
                    "This run diverged at update {t}: f overflowed at {} (f = ∞) and its \
                     gradient is not a number, so that update cannot be computed. The run ends \
                     at step {}.",
                    point(p),
                    t - 1
                )
            };
            // The last update taken is what went wrong: show it.
            match explain(tr, t - 1) {
                Ok(e) => (
                    format!("Shown: update {}, the last one it took, {}.", e.t, from_to(&e)),
                    Some(message),
                    equations(&e),
                ),
                Err(_) => (String::new(), Some(message), None),
            }
        }
        Some(Divergence::BadStart) => {
            let message = "The start is not a finite point: there is nothing to explain.";
            (String::new(), Some(message.into()), None)
        }
        None => (
            String::new(),
            Some(format!("Step {step} is past the end of this run: it has {available} updates.")),
            None,
        ),
    }
}

/// What the equations mean, in a few sentences, for this optimizer and its options. The
/// numbers in them are checked by `tests/explainer_text.rs` against real steps.
pub fn gist(opt: &Optimizer) -> String {
    let mut s = method_gist(opt);
    s.push_str(&decay_gist(opt));
    s
}

/// The sentence on weight decay, if the run has any.
fn decay_gist(opt: &Optimizer) -> String {
    let Some(ParamValue::Real(wd)) = opt.get("weight_decay") else {
        return String::new();
    };
    if wd == 0.0 {
        return String::new();
    }
    if coupled_weight_decay(opt) == 0.0 {
        format!(
            " Weight decay λ = {wd} is decoupled: each step also shrinks θ by α·λ·θ, which no \
             denominator divides."
        )
    } else {
        format!(
            " Weight decay λ = {wd} is coupled (L2), as in PyTorch: λ·θ is added to g before \
             anything else, so it goes through the same scaling as the gradient."
        )
    }
}

fn method_gist(opt: &Optimizer) -> String {
    match opt {
        Optimizer::RmsProp(o) => {
            let mut s = String::from(
                "RMSProp divides each coordinate's gradient by the root of a running mean of its \
                 squares, v, so once v has caught up steep and flat directions both move about α \
                 per step: the sign of g matters more than its size. ρ sets how long v \
                 remembers; since v starts at 0, the first steps are larger, up to α/√(1 − ρ) \
                 (3.16α at ρ = 0.9).",
            );
            if o.centered {
                s.push_str(
                    " Centered: it subtracts the squared mean of g, so it divides by an estimate \
                     of g's standard deviation.",
                );
            }
            s.push_str(match o.eps_placement {
                EpsPlacement::Inside => " ε sits inside the root (TensorFlow, Keras, optax).",
                EpsPlacement::Outside => " ε sits outside the root (PyTorch).",
            });
            if o.initial_scale > 0.0 {
                s.push_str(&format!(
                    " v starts at {} instead of 0 (TensorFlow 1 starts it at 1), so the first \
                     steps are smaller, not larger.",
                    o.initial_scale
                ));
            }
            if o.bias_correction {
                s.push_str(
                    " Bias correction divides v by 1 − ρᵗ, as Adam does, so v is an average \
                     from the first step on.",
                );
            }
            if o.momentum > 0.0 {
                s.push_str(
                    " With momentum the scaled gradients g/den add up in b and the step is −α·b: \
                     b is a sum, not an average, so on a steady slope steps grow to about \
                     1/(1 − μ) times α (10α at μ = 0.9), unlike Adam's moving average m.",
                );
            }
            s
        }
        Optimizer::Adagrad(o) => {
            let mut s = String::from(
                "AdaGrad divides by the root of the sum s of all squared gradients so far, so each \
                 coordinate's rate α/√s can only shrink, fastest where gradients have been large \
                 (its steps can still grow where the gradient does): a steep start leaves it a \
                 small rate for the rest of the run.",
            );
            if o.lr_decay > 0.0 {
                s.push_str(" α itself also decays with t: α/(1 + (t − 1)·η).");
            }
            s
        }
        Optimizer::Adam(o) => {
            let mut s = String::from(
                "Adam steps along m̂, a running mean of g (momentum), divided by √v̂ + ε, where v \
                 is a running mean of g² (as in RMSProp). Both start at 0, so both are divided by \
                 1 − βᵗ (bias correction), and the first step is α per coordinate. Without any \
                 correction it would be (1 − β₁)/√(1 − β₂)·α ≈ 3.16α at the defaults \
                 (β₁ = 0.9, β₂ = 0.999), too big; correcting m alone would make it \
                 α/√(1 − β₂) ≈ 31.6α, and v alone (1 − β₁)·α = 0.1α: the two corrections \
                 cancel only together. Its effective learning rate is the scale on m̂, \
                 α/(√v̂ + ε).",
            );
            if o.amsgrad {
                s.push_str(
                    " AMSGrad divides by the largest v so far, so the v in the denominator never \
                     decreases (its steps can still grow: √v is divided by √(1 − β₂ᵗ), which \
                     keeps rising).",
                );
            }
            if o.eps_hat {
                s.push_str(
                    " ε-hat (Keras, TensorFlow): ε is added to √v before the bias correction, so \
                     it weighs 1/√(1 − β₂ᵗ) times more than in PyTorch's form (31.6× at step 1 \
                     with β₂ = 0.999), and the scale on m̂ is α·√(1 − β₂ᵗ)/(√v + ε).",
                );
            }
            s
        }
        Optimizer::Sgd(o) => {
            let mut s = String::from(
                "SGD steps straight against the gradient, scaled by α alone: steep coordinates \
                 take big steps, flat ones tiny steps. Its effective learning rate is α.",
            );
            if o.momentum > 0.0 {
                s.push_str(if o.nesterov {
                    " Momentum adds the gradients up in b (a sum, not an average); Nesterov steps \
                     by −α·(g + μ·b), a look ahead along it: on a steady slope steps grow to \
                     about 1/(1 − μ) times α·g (10× at μ = 0.9)."
                } else {
                    " Momentum adds the gradients up in b (a sum, not an average) and steps by \
                     −α·b: on a steady slope b grows to about g/(1 − μ), so steps are about \
                     1/(1 − μ) times bigger (10× at μ = 0.9), unlike Adam's moving average."
                });
            }
            s
        }
        _ => newer_gist(opt).to_string(),
    }
}

/// The newer optimizers' gists: the method, and its effective rate in plain words.
fn newer_gist(opt: &Optimizer) -> &'static str {
    match opt {
        Optimizer::Adadelta(_) => {
            "Adadelta divides g by the root of a running mean of g², as RMSProp does, and \
             multiplies it by the root of a running mean of its own past steps, so a step has \
             the units of θ. Both means start at 0 and ε sits inside both roots, so the first \
             steps are tiny, about α·√ε/√(1 − ρ) per coordinate. Its effective learning rate \
             is the factor on g, α·√(u + ε)/√(v + ε)."
        }
        Optimizer::Adamax(_) => {
            "Adamax is Adam with the root mean square of g replaced by u, a running maximum \
             of |g| that decays by β₂ per step, so one large gradient keeps the steps small \
             for a while. Its effective learning rate is the scale on m̂ = m/(1 − β₁ᵗ), α/u."
        }
        Optimizer::NAdam(_) => {
            "NAdam is Adam with Nesterov momentum: its step adds a share of the current g to \
             a share of the momentum m, both divided by √v̂ + ε, with a momentum coefficient \
             μ_t that rises from about β₁/2 towards β₁ (over thousands of steps at the default \
             momentum_decay). Its effective learning rate is \
             the rate both shares have in common, α/(√v̂ + ε)."
        }
        Optimizer::RAdam(_) => {
            "RAdam is Adam that holds back the adaptive rate while v has seen too few \
             gradients to be trusted: until ρ_t exceeds 5 (the first five steps at \
             β₂ = 0.999) it steps by α·m̂, momentum alone; after that by α·r_t·m̂/(√v̂ + ε), \
             with r_t rising towards 1. Its effective learning rate is the scale on m̂: α, \
             then α·r_t/(√v̂ + ε)."
        }
        Optimizer::AdamW(_) => {
            "AdamW is Adam whose weight decay is decoupled: θ shrinks by α·λ·θ beside the \
             Adam step instead of λ·θ being added to g, so the decay is not divided by √v̂. \
             Its effective learning rate is Adam's, the scale on m̂, α/(√v̂ + ε); the decay is \
             not part of it."
        }
        Optimizer::Rprop(_) => {
            "Rprop ignores the size of g: each coordinate moves by its own step size η in the \
             direction of −sign(g). η grows by η₊ while g keeps its sign and shrinks by η₋ \
             when it flips, and after a flip the coordinate waits one step. Its effective \
             learning rate is η itself, the distance moved along the coordinate: \
             Δθ = −η·sign(g). The learning rate α is only the first η."
        }
        Optimizer::Lion(_) => {
            "Lion steps by the sign of c = (1 − β₁)·g + β₁·m, an interpolation between the \
             gradient and the momentum, so every coordinate moves by exactly α each step \
             (unless c is 0); m itself is a slower average, updated after the step with β₂. \
             Its effective learning rate is α itself: Δθ = −α·sign(c), whatever the size of g."
        }
        Optimizer::AdaBelief(_) => {
            "AdaBelief is Adam that divides by the root of s, a running mean of (g − m)²: \
             how far g strays from its own running mean m, the belief. Where g is steady, s is \
             small and the steps are large; where g is noisy they are small. Its effective \
             learning rate is the scale on m̂, α/(√ŝ + ε)."
        }
        _ => "",
    }
}
