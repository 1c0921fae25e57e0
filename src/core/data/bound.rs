//! Lower bounds on the logistic loss that cost no exponential. A sweep asks of most points
//! only whether the loss there has reached a threshold, and most are surely above it; these
//! bounds say so at a fraction of the loss's cost, and the loss is evaluated only where they
//! cannot.

use super::model::{Example, Model};
use std::sync::OnceLock;

/// The table's spacing in |s| and its reach; beyond, log1p(e^(−|s|)) < 4·10⁻⁸ is bounded by 0.
const SPACING: f64 = 0.125;
const ROWS: usize = 128;

/// Bounds on one data set's logistic loss.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossBound {
    /// |∇f(θ)| ≤ `slope` everywhere: |σ(z) − y| ≤ 1 for labels 0 and 1, so |∇f| is at most
    /// the mean of |φ|. Rounded up well past the sum's rounding error.
    slope: f64,
    /// The largest |x1| and |x2|: where every z = θ·φ is surely finite.
    feature_max: [f64; 2],
}

impl LossBound {
    /// The bounds for `model` on `examples`: only logistic regression's slope is bounded.
    pub fn of(model: Model, examples: &[Example]) -> Option<LossBound> {
        if model != Model::LogisticRegression {
            return None; // a squared error's gradient grows without bound
        }
        let norms: f64 = examples.iter().map(|e| e.features[0].hypot(e.features[1])).sum();
        let max = |i: usize| examples.iter().map(|e| e.features[i].abs()).fold(0.0, f64::max);
        let slope = norms / examples.len() as f64 * (1.0 + 1e-9);
        Some(LossBound { slope, feature_max: [max(0), max(1)] })
    }

    /// Whether every row's z at θ is far from overflowing, so the loss there is finite (and
    /// a bound can stand in for it).
    pub fn finite_at(&self, theta: [f64; 2]) -> bool {
        theta[0].abs() * self.feature_max[0] + theta[1].abs() * self.feature_max[1] < 1e300
    }

    /// f(θ) ≥ f(a) − slope·|θ − a|, given `f_a` ≤ f(a), lowered by a margin far above the
    /// rounding of either side.
    pub fn near(&self, a: [f64; 2], f_a: f64, theta: [f64; 2]) -> f64 {
        let drop = self.slope * (theta[0] - a[0]).hypot(theta[1] - a[1]);
        f_a - drop - 1e-9 * (f_a.abs() + drop)
    }

    /// Whether the mean loss at θ is surely above `threshold`, from its rows, and a lower
    /// bound on it: each row's loss is softplus(s) with s = ±z (− for label 1), that is
    /// max(s, 0) + h(|s|) with h(u) = log1p(e^(−u)) convex, and h is bounded below by its
    /// tangent at the middle of the table's interval holding |s| (within SPACING²/32 =
    /// 0.0005 of it). The terms are ≥ 0, so the sum stops as soon as it is above; their
    /// sum's relative error is below rows·2⁻⁵³, far inside the margin.
    pub fn above(&self, examples: &[Example], theta: [f64; 2], threshold: f64) -> (bool, f64) {
        let table = tangents();
        let (n, shrink) = (examples.len() as f64, 1.0 - 1e-9);
        let enough = threshold * n / shrink;
        let mut sum = 0.0;
        for e in examples {
            let z = theta[0] * e.features[0] + theta[1] * e.features[1];
            let s = if e.target == 0.0 { z } else { -z };
            let u = s.abs();
            let tail = match table.get((u / SPACING) as usize) {
                Some(&(mid, h, dh)) => (h + dh * (u - mid)).max(0.0),
                None => 0.0,
            };
            sum += s.max(0.0) + tail;
            if sum > enough {
                return (true, sum / n * shrink);
            }
        }
        (false, sum / n * shrink)
    }
}

/// (u, h(u), h'(u)) at the middle of each interval [j, j + 1)·SPACING.
fn tangents() -> &'static [(f64, f64, f64); ROWS] {
    static TABLE: OnceLock<[(f64, f64, f64); ROWS]> = OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|j| {
            let u = (j as f64 + 0.5) * SPACING;
            (u, (-u).exp().ln_1p(), -1.0 / (1.0 + u.exp()))
        })
    })
}
