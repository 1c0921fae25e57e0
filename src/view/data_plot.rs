//! The data view's geometry: a data scene's rows as points in their own plane (x and y for
//! linear regression; x1 and x2, by label, for logistic regression) and each run's model at
//! a step as a line across it (the fitted line y = w·x + b; the decision boundary
//! w1·x1 + w2·x2 = 0). Browser-free, so it is tested natively.

use crate::core::data::{DataSurface, Model};
use crate::core::surface::Window;

/// Room around the rows, as a share of their extent.
const PAD: f64 = 0.08;

/// Where a data scene's rows lie: their extent, padded (a single value gets a unit span).
pub fn window(d: &DataSurface) -> Window {
    let pts: Vec<[f64; 2]> =
        d.examples().iter().map(|e| point(d.model(), e.features, e.target)).collect();
    let span = |i: usize| {
        let (lo, hi) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p[i]), b.max(p[i])));
        if lo > hi {
            return (-1.0, 1.0);
        }
        let pad = ((hi - lo) * PAD).max(0.5 * f64::from(u8::from(hi == lo)));
        (lo - pad, hi + pad)
    };
    Window { x: span(0), y: span(1) }
}

/// A row's place in the data view.
pub fn point(model: Model, features: [f64; 2], target: f64) -> [f64; 2] {
    match model {
        Model::LinearRegression => [features[0], target],
        Model::LogisticRegression => features,
    }
}

/// The part inside `w` of the model with parameters `theta`: its two ends, or None where
/// the line misses the window (or is not a line: w1 = w2 = 0).
pub fn model_line(model: Model, theta: [f64; 2], w: Window) -> Option<[[f64; 2]; 2]> {
    // The line as a·x + b·y = c.
    let (a, b, c) = match model {
        Model::LinearRegression => (theta[0], -1.0, -theta[1]),
        Model::LogisticRegression => (theta[0], theta[1], 0.0),
    };
    clip_line(a, b, c, w)
}

/// The segment of {a·x + b·y = c} inside `w`.
fn clip_line(a: f64, b: f64, c: f64, w: Window) -> Option<[[f64; 2]; 2]> {
    if !(a.is_finite() && b.is_finite() && c.is_finite()) || (a == 0.0 && b == 0.0) {
        return None;
    }
    let mut hits: Vec<[f64; 2]> = Vec::new();
    let inside =
        |v: f64, (lo, hi): (f64, f64)| v >= lo - 1e-12 * (hi - lo) && v <= hi + 1e-12 * (hi - lo);
    if b != 0.0 {
        for x in [w.x.0, w.x.1] {
            let y = (c - a * x) / b;
            if inside(y, w.y) {
                hits.push([x, y]);
            }
        }
    }
    if a != 0.0 {
        for y in [w.y.0, w.y.1] {
            let x = (c - b * y) / a;
            if inside(x, w.x) {
                hits.push([x, y]);
            }
        }
    }
    let first = *hits.first()?;
    let far = hits.iter().copied().max_by(|p, q| {
        let d = |r: &[f64; 2]| (r[0] - first[0]).hypot(r[1] - first[1]);
        d(p).total_cmp(&d(q))
    })?;
    Some([first, far])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::Example;

    const W: Window = Window { x: (-2.0, 2.0), y: (-1.0, 3.0) };

    fn on_line(p: [f64; 2], a: f64, b: f64, c: f64) -> bool {
        (a * p[0] + b * p[1] - c).abs() < 1e-12
    }

    #[test]
    fn the_fitted_line_crosses_the_window_from_edge_to_edge() {
        let [p, q] = model_line(Model::LinearRegression, [0.5, 1.0], W).unwrap();
        // y = 0.5x + 1 meets x = −2 at y = 0 and x = 2 at y = 2.
        assert_eq!([p, q], [[-2.0, 0.0], [2.0, 2.0]]);
        // A steep line leaves through the top and bottom.
        let [p, q] = model_line(Model::LinearRegression, [10.0, 0.0], W).unwrap();
        assert!(on_line(p, 10.0, -1.0, 0.0) && on_line(q, 10.0, -1.0, 0.0));
        assert!((p[1] - -1.0).abs() < 1e-12 && (q[1] - 3.0).abs() < 1e-12);
        // A line above the window is not drawn.
        assert_eq!(model_line(Model::LinearRegression, [0.0, 10.0], W), None);
    }

    #[test]
    fn the_decision_boundary_goes_through_the_origin_across_w() {
        let w = Window { x: (-2.0, 2.0), y: (-2.0, 2.0) };
        let [p, q] = model_line(Model::LogisticRegression, [1.0, 2.0], w).unwrap();
        assert!(on_line(p, 1.0, 2.0, 0.0) && on_line(q, 1.0, 2.0, 0.0));
        // Through the origin: the ends are opposite.
        assert!((p[0] + q[0]).abs() < 1e-12 && (p[1] + q[1]).abs() < 1e-12);
        assert_eq!(model_line(Model::LogisticRegression, [0.0, 0.0], w), None);
        assert_eq!(model_line(Model::LogisticRegression, [f64::NAN, 1.0], w), None);
    }

    #[test]
    fn the_window_holds_every_row_with_room() {
        let rows = vec![
            Example { features: [1.0, 1.0], target: 5.0 },
            Example { features: [3.0, 1.0], target: -1.0 },
        ];
        let d = DataSurface::from_examples(Model::LinearRegression, rows).unwrap();
        let w = window(&d);
        assert!(w.x.0 < 1.0 && w.x.1 > 3.0 && w.y.0 < -1.0 && w.y.1 > 5.0);
        assert!((w.x.0 - (1.0 - 0.16)).abs() < 1e-12, "{w:?}");
        assert_eq!(point(Model::LogisticRegression, [1.0, 2.0], 1.0), [1.0, 2.0]);
        assert_eq!(point(Model::LinearRegression, [1.0, 1.0], 7.0), [1.0, 7.0]);
    }
}
