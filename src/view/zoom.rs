//! The map's zoom and pan: the window shown, as a change of the surface's own window.
//! Every result keeps the shown window's proportions and stays within the limits below.

use crate::core::scenario::MAX_COORD;
use crate::core::surface::Window;

/// How far in (a window this many times narrower than the surface's) and out one may zoom.
pub const MAX_ZOOM_IN: f64 = 1e4;
pub const MAX_ZOOM_OUT: f64 = 100.0;
/// One zoom button press or key press: this factor in, or out.
pub const ZOOM_STEP: f64 = 1.5;
/// "Fit to paths" leaves this fraction of the window's size around the paths on each side.
const FIT_PADDING: f64 = 0.08;

fn width(w: &Window) -> f64 {
    w.x.1 - w.x.0
}

fn height(w: &Window) -> f64 {
    w.y.1 - w.y.0
}

/// `view` scaled by `1 / factor` about `at` (factor > 1 zooms in), with the scale kept
/// within [`MAX_ZOOM_IN`] and [`MAX_ZOOM_OUT`] of `base`, and the window within ±MAX_COORD.
pub fn zoomed(base: Window, view: Window, at: [f64; 2], factor: f64) -> Window {
    if !(factor.is_finite() && factor > 0.0) {
        return view;
    }
    let (lo, hi) = (width(&base) / MAX_ZOOM_IN, (width(&base) * MAX_ZOOM_OUT).min(2.0 * MAX_COORD));
    let k = (width(&view) / factor).clamp(lo, hi) / width(&view);
    let scale = |(a, b): (f64, f64), c: f64| (c + (a - c) * k, c + (b - c) * k);
    inside(Window { x: scale(view.x, at[0]), y: scale(view.y, at[1]) })
}

/// `view` moved by `by` (window units).
pub fn panned(view: Window, by: [f64; 2]) -> Window {
    inside(Window {
        x: (view.x.0 + by[0], view.x.1 + by[0]),
        y: (view.y.0 + by[1], view.y.1 + by[1]),
    })
}

/// The smallest window of `base`'s proportions that holds `points` (the finite ones within
/// ±MAX_COORD) with a margin, and no smaller than [`MAX_ZOOM_IN`] allows: `base`'s size about
/// a single point, `base` itself without any point to show.
pub fn fit(base: Window, points: &[[f64; 2]]) -> Window {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in points {
        if p[0].abs() <= MAX_COORD && p[1].abs() <= MAX_COORD {
            for i in 0..2 {
                lo[i] = lo[i].min(p[i]);
                hi[i] = hi[i].max(p[i]);
            }
        }
    }
    if lo[0] > hi[0] {
        return base;
    }
    // The scale that holds both extents, as a fraction of base's size.
    let k = ((hi[0] - lo[0]) / width(&base)).max((hi[1] - lo[1]) / height(&base));
    let k = if k > 0.0 { k * (1.0 + 2.0 * FIT_PADDING) } else { 1.0 };
    let (w, h) = (width(&base) * k / 2.0, height(&base) * k / 2.0);
    let c = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
    // Zooming about the centre by 1 applies the limits.
    zoomed(base, Window { x: (c[0] - w, c[0] + w), y: (c[1] - h, c[1] + h) }, c, 1.0)
}

/// `w` moved (not resized) to lie within ±MAX_COORD, if it fits.
fn inside(w: Window) -> Window {
    let shift = |(a, b): (f64, f64)| {
        let d = if a < -MAX_COORD {
            -MAX_COORD - a
        } else if b > MAX_COORD {
            MAX_COORD - b
        } else {
            0.0
        };
        (a + d, b + d)
    };
    Window { x: shift(w.x), y: shift(w.y) }
}
