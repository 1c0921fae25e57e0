//! What a data set's full-batch loss looks like: its minimum (if it has one), a window that
//! shows it, a start, and learning rates that suit it.

use super::model::{Example, Model};
use crate::core::decimal;
use crate::core::scenario::MAX_COORD;
use crate::core::surface::{Minimum, Window};

/// Where runs start: θ = (0, 0), the usual zero initialisation of a linear model.
pub const START: [f64; 2] = [0.0, 0.0];

/// Newton's method stops after this many iterations (it needs under 30 on any data set
/// whose minimum exists; each halves the step at most 60 times).
const NEWTON_ITERATIONS: usize = 100;

/// The full-batch optimum, or `None` when there is no single one: linear regression with
/// fewer than two distinct x (a whole line of minima), logistic regression on separable
/// data (the loss falls for ever along a direction) or with collinear features.
pub fn minimum(model: Model, rows: &[Example]) -> Option<Minimum> {
    let at = match model {
        Model::LinearRegression => least_squares(rows)?,
        Model::LogisticRegression => {
            if !has_logistic_minimum(rows) {
                return None;
            }
            newton(model, rows)?
        }
    };
    let (f, _) = model.mean_loss(rows, at);
    (at.iter().all(|c| c.abs() <= MAX_COORD) && f.is_finite()).then_some(Minimum { at, f })
}

/// The least-squares line in closed form, with the data centred first for accuracy:
/// w = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², b = ȳ − w·x̄.
fn least_squares(rows: &[Example]) -> Option<[f64; 2]> {
    let n = rows.len() as f64;
    let mean_x = rows.iter().map(|e| e.features[0]).sum::<f64>() / n;
    let mean_y = rows.iter().map(|e| e.target).sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for e in rows {
        let dx = e.features[0] - mean_x;
        sxx += dx * dx;
        sxy += dx * (e.target - mean_y);
    }
    // All x equal (up to rounding): no slope is better than another.
    if sxx.is_nan() || sxx <= 1e-24 * n * (1.0 + mean_x * mean_x) {
        return None;
    }
    let w = sxy / sxx;
    Some([w, mean_y - w * mean_x])
}

/// Whether the logistic loss (no bias) has a finite, unique minimum. With v = (2y − 1)·φ
/// per row, it has one exactly when no direction d ≠ 0 has v·d ≥ 0 for every row (else the
/// loss keeps falling along d, or stays flat): when the v's directions leave no gap of half
/// a turn or more between neighbours. Rows with φ = 0 do not matter.
fn has_logistic_minimum(rows: &[Example]) -> bool {
    let mut angles: Vec<f64> = rows
        .iter()
        .filter(|e| e.features != [0.0, 0.0])
        .map(|e| {
            let s = 2.0 * e.target - 1.0;
            (s * e.features[1]).atan2(s * e.features[0])
        })
        .collect();
    if angles.len() < 3 {
        return false;
    }
    angles.sort_by(f64::total_cmp);
    let wrap = angles[0] + std::f64::consts::TAU - angles[angles.len() - 1];
    let widest = angles.windows(2).map(|p| p[1] - p[0]).fold(wrap, f64::max);
    // A gap of exactly half a turn (up to atan2's rounding) is a flat direction: no minimum.
    widest < std::f64::consts::PI * (1.0 - 1e-12)
}

/// Newton's method from (0, 0) with a backtracking (Armijo) line search; the loss is convex,
/// so it converges whenever the minimum exists.
fn newton(model: Model, rows: &[Example]) -> Option<[f64; 2]> {
    let mut theta = START;
    let (mut f, mut g) = model.mean_loss(rows, theta);
    for _ in 0..NEWTON_ITERATIONS {
        let step = solve(model.hessian(rows, theta), [-g[0], -g[1]])?;
        let slope = g[0] * step[0] + g[1] * step[1];
        if slope.is_nan() || slope >= 0.0 {
            break; // the gradient is zero to rounding: done
        }
        let mut t = 1.0;
        let (next, fnext, gnext) = loop {
            let next = [theta[0] + t * step[0], theta[1] + t * step[1]];
            let (fnext, gnext) = model.mean_loss(rows, next);
            if fnext <= f + 1e-4 * t * slope || t < 1e-18 {
                break (next, fnext, gnext);
            }
            t *= 0.5;
        };
        if next == theta || fnext.is_nan() || fnext > f {
            break;
        }
        (theta, f, g) = (next, fnext, gnext);
    }
    Some(theta)
}

/// H⁻¹·r for a symmetric 2×2 H = [h11, h12, h22]; `None` if H is singular.
fn solve(h: [f64; 3], r: [f64; 2]) -> Option<[f64; 2]> {
    let det = h[0] * h[2] - h[1] * h[1];
    if det == 0.0 || !det.is_finite() {
        return None;
    }
    Some([(h[2] * r[0] - h[1] * r[1]) / det, (h[0] * r[1] - h[1] * r[0]) / det])
}

/// The window: with a minimum, the bounding box of the loss contour through the start
/// (for the quadratic model of the loss at the minimum: the ellipse ½·dᵀHd = f(start) − f*,
/// whose half-widths are √(2·Δf·(H⁻¹)ᵢᵢ)), stretched to hold the start, plus a tenth on
/// each side. So the whole valley shows, long or rotated. Without one: around the start,
/// far enough for θ·φ to reach five times the targets' size.
pub fn window(model: Model, rows: &[Example], min: Option<&Minimum>) -> Window {
    let (centre, half) = match min.and_then(|m| contour_box(model, rows, m)) {
        Some(ch) => ch,
        None => (START, fallback_half_widths(rows)),
    };
    let axis = |i: usize| {
        let mut lo = (centre[i] - half[i]).min(START[i]);
        let mut hi = (centre[i] + half[i]).max(START[i]);
        let pad = 0.1 * (hi - lo);
        (lo, hi) = (lo - pad, hi + pad);
        if hi - lo <= 1e-9 * (1.0 + lo.abs().max(hi.abs())) || hi.is_nan() || lo.is_nan() {
            (lo, hi) = (centre[i] - 1.0, centre[i] + 1.0);
        }
        (lo.clamp(-MAX_COORD, MAX_COORD - 1.0), hi.clamp(-MAX_COORD + 1.0, MAX_COORD))
    };
    Window { x: axis(0), y: axis(1) }
}

fn contour_box(model: Model, rows: &[Example], m: &Minimum) -> Option<([f64; 2], [f64; 2])> {
    let rise = model.mean_loss(rows, START).0 - m.f;
    let h = model.hessian(rows, m.at);
    let det = h[0] * h[2] - h[1] * h[1];
    if det.is_nan() || det <= 0.0 || !rise.is_finite() {
        return None;
    }
    let inv = [h[2] / det, h[0] / det];
    Some((m.at, inv.map(|d| (2.0 * rise.max(0.0) * d).sqrt())))
}

fn fallback_half_widths(rows: &[Example]) -> [f64; 2] {
    let rms = |f: &dyn Fn(&Example) -> f64| {
        (rows.iter().map(|e| f(e).powi(2)).sum::<f64>() / rows.len() as f64).sqrt()
    };
    let reach = 5.0 * rms(&|e| e.target).max(1.0);
    [0, 1].map(|i| {
        let s = rms(&|e| e.features[i]);
        if s > 0.0 {
            reach / s
        } else {
            reach
        }
    })
}

/// Learning rates that show each method well, in the order of
/// [`crate::core::optim::OptimizerKind::lr_index`] (sgd, adagrad, rmsprop, adam), rounded to
/// one significant digit. SGD: 1/λ, with λ the largest eigenvalue of the Hessian at θ = 0,
/// the largest it is anywhere (there z = 0 for every row, where ℓ'' is largest), so SGD
/// with full batches stays well below the divergence at 2/λ. The adaptive methods move
/// about their rate per coordinate per step, so theirs are fractions of the window's
/// shorter side (as in the catalog): a tenth for AdaGrad, whose steps shrink, a
/// hundredth for RMSProp and a fiftieth for Adam.
pub fn suggested_lrs(model: Model, rows: &[Example], window: Window) -> [f64; 4] {
    let h = model.hessian(rows, [0.0, 0.0]);
    let lambda = 0.5 * (h[0] + h[2]) + (0.25 * (h[0] - h[2]).powi(2) + h[1] * h[1]).sqrt();
    let side = (window.x.1 - window.x.0).min(window.y.1 - window.y.0);
    let sgd = if lambda > 0.0 { 1.0 / lambda } else { 0.01 };
    [sgd, side / 10.0, side / 100.0, side / 50.0].map(one_digit)
}

fn one_digit(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 0.01;
    }
    let p = 10f64.powi(x.log10().floor() as i32);
    // Parsed, so 0.3 is the double of "0.3" and not 3 × 0.1.
    decimal::parse(&format!("{}e{}", (x / p).round(), x.log10().floor() as i32)).unwrap_or(x)
}
