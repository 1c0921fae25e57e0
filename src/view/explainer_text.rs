//! The step explainer's words: which update is shown and why, what went wrong when a run
//! stopped, and a few sentences on what each optimizer's equations mean. Pure text, so that
//! native tests can read every sentence the explainer can say.
//!
//! Which update: the one that produced the current position, update t = step (from step
//! t − 1 to step t); at step 0, the start, it is update 1, the one leaving it.

use super::equations::{rows, to_html};
use super::format::precise;
use crate::core::explain::{explain, explain_divergence, Divergence, Explanation};
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

/// What the equations mean, in a sentence or three, for this optimizer and its options.
pub fn gist(opt: &Optimizer) -> String {
    match opt {
        Optimizer::RmsProp(o) => {
            let mut s = String::from(
                "RMSProp divides each coordinate's gradient by the root of a running mean of its \
                 squares, v, so steep and flat directions both move about α per step: the sign \
                 of g matters more than its size. ρ sets how long v remembers.",
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
            if o.momentum > 0.0 {
                s.push_str(" With momentum, the scaled gradients accumulate in b.");
            }
            s
        }
        Optimizer::Adagrad(o) => {
            let mut s = String::from(
                "AdaGrad divides by the root of the sum s of all squared gradients so far, so each \
                 coordinate's steps can only shrink, fastest where gradients have been large: on \
                 a long run it stalls.",
            );
            if o.lr_decay > 0.0 {
                s.push_str(" The learning rate also decays with t.");
            }
            s
        }
        Optimizer::Adam(o) => {
            let mut s = String::from(
                "Adam steps along m, a running mean of g (momentum), divided by the root of v, a \
                 running mean of g² (as RMSProp). Both start at 0, so both are divided by \
                 1 − βᵗ (bias correction): early steps are about α in size, not tiny.",
            );
            if o.amsgrad {
                s.push_str(" AMSGrad divides by the largest v so far, so steps never grow back.");
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
                    " Momentum accumulates gradients in b; Nesterov looks ahead along it."
                } else {
                    " Momentum accumulates gradients in b and steps along it."
                });
            }
            s
        }
    }
}
