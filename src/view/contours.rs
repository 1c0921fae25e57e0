//! Contour lines of a sampled surface, at levels evenly spaced on the colour scale so lines
//! and colours agree.
//!
//! Marching squares written here rather than taken from the `contour` crate: the crate builds
//! closed rings (stitched through a hash map, and closed along the window's edge, which then
//! had to be cut away again) and took 7–12 ms per surface in the browser; the lines here are
//! plain segments, which is all a canvas needs, in about a millisecond.

use super::colormap::LossScale;
use super::heatmap::Grid;

/// One level's isoline as separate segments, in world coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct ContourLine {
    pub level: f64,
    pub segments: Vec<[[f64; 2]; 2]>,
}

/// The loss values of `count` levels strictly inside the scale, evenly spaced in colour.
pub fn levels(scale: &LossScale, count: usize) -> Vec<f64> {
    (1..=count).map(|i| scale.value_at(i as f64 / (count + 1) as f64)).collect()
}

/// Isolines of `grid` at `levels` (increasing). Undefined samples (NaN) count as high
/// ground, so lines skirt regions where f is undefined.
pub fn contour_lines(grid: &Grid, levels: &[f64]) -> Vec<ContourLine> {
    let value = |i: usize, j: usize| {
        let v = grid.values[j * grid.nx + i];
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut out: Vec<ContourLine> =
        levels.iter().map(|&level| ContourLine { level, segments: Vec::new() }).collect();
    // One pass over the cells: each visits only the levels between its lowest and highest
    // corner (`levels` is increasing), so the cost is cells + segments, not cells × levels.
    for j in 0..grid.ny.saturating_sub(1) {
        for i in 0..grid.nx.saturating_sub(1) {
            let v = [value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)];
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let first = levels.partition_point(|&l| l <= lo);
            let last = levels.partition_point(|&l| l <= hi);
            for line in &mut out[first..last.max(first)] {
                cell(grid, line.level, i, j, v, &mut line.segments);
            }
        }
    }
    out
}

/// The segments of one cell whose corners (top-left, top-right, bottom-right, bottom-left in
/// grid order) have values `v`.
fn cell(grid: &Grid, level: f64, i: usize, j: usize, v: [f64; 4], out: &mut Vec<[[f64; 2]; 2]>) {
    let above = v.map(|x| x >= level);
    let case = usize::from(above[0])
        | usize::from(above[1]) << 1
        | usize::from(above[2]) << 2
        | usize::from(above[3]) << 3;
    if case == 0 || case == 15 {
        return;
    }
    // Sample (i, j) sits at grid coordinates (i + ½, j + ½).
    let (x, y) = (i as f64 + 0.5, j as f64 + 0.5);
    let cross = |a: f64, b: f64| {
        let t = (level - a) / (b - a);
        if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.5
        }
    };
    // Where the level crosses each edge: top, right, bottom, left.
    let edge = |e: usize| -> [f64; 2] {
        let (gx, gy) = match e {
            0 => (x + cross(v[0], v[1]), y),
            1 => (x + 1.0, y + cross(v[1], v[2])),
            2 => (x + 1.0 - cross(v[2], v[3]), y + 1.0),
            _ => (x, y + 1.0 - cross(v[3], v[0])),
        };
        grid.to_world(gx, gy)
    };
    let mut seg = |a: usize, b: usize| out.push([edge(a), edge(b)]);
    match case {
        1 | 14 => seg(3, 0),
        2 | 13 => seg(0, 1),
        3 | 12 => seg(3, 1),
        4 | 11 => seg(1, 2),
        6 | 9 => seg(0, 2),
        7 | 8 => seg(3, 2),
        // Saddles: the centre's value decides which corners connect.
        5 | 10 => {
            let centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 >= level;
            if centre_above == (case == 5) {
                seg(3, 2);
                seg(0, 1);
            } else {
                seg(3, 0);
                seg(1, 2);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formula::Formula;
    use crate::core::surface::{CustomSurface, Surface, Window};

    fn cone(window: Window, n: usize) -> Grid {
        let formula = Formula::parse("sqrt(x^2 + y^2)").unwrap();
        let s = Surface::Custom(Box::new(CustomSurface { formula, window }));
        Grid::sample(&s, window, n, n)
    }

    #[test]
    fn circles_have_the_right_radius() {
        let grid = cone(Window { x: (-2.0, 2.0), y: (-2.0, 2.0) }, 80);
        let lines = contour_lines(&grid, &[0.5, 1.0, 1.5]);
        assert_eq!(lines.len(), 3);
        for l in &lines {
            // A circle of radius r crosses about 2πr/h cells.
            let expected = 2.0 * std::f64::consts::PI * l.level / (4.0 / 80.0);
            assert!(
                (l.segments.len() as f64) > 0.8 * expected,
                "level {}: {} segments",
                l.level,
                l.segments.len()
            );
            for p in l.segments.iter().flatten() {
                let r = p[0].hypot(p[1]);
                assert!((r - l.level).abs() < 0.03, "level {} point {p:?} r {r}", l.level);
            }
        }
    }

    #[test]
    fn no_lines_run_along_the_window_edge() {
        // Off-centre cone: the 1.5 circle is cut by the window; what remains is open arcs.
        let grid = cone(Window { x: (0.5, 3.0), y: (-1.0, 1.0) }, 60);
        let lines = contour_lines(&grid, &[1.5]);
        assert!(!lines[0].segments.is_empty());
        for p in lines[0].segments.iter().flatten() {
            assert!((p[0].hypot(p[1]) - 1.5).abs() < 0.05, "{p:?} is not on the circle");
        }
    }

    #[test]
    fn undefined_samples_are_high_ground() {
        let w = Window { x: (-1.0, 1.0), y: (-1.0, 1.0) };
        let s = Surface::Custom(Box::new(CustomSurface {
            formula: Formula::parse("log(x)").unwrap(),
            window: w,
        }));
        let grid = Grid::sample(&s, w, 40, 40);
        let lines = contour_lines(&grid, &[-1.0]);
        // log(x) = −1 at x = 1/e; and the x < 0 half (NaN) is not "below" anything.
        for p in lines[0].segments.iter().flatten() {
            assert!((p[0] - (-1.0f64).exp()).abs() < 0.05 || p[0] < 0.05, "{p:?}");
        }
    }

    #[test]
    fn levels_are_inside_the_scale_and_increasing() {
        let s = LossScale { lo: 0.0, hi: 100.0, soft: 1.0 };
        let l = levels(&s, 9);
        assert_eq!(l.len(), 9);
        assert!(l[0] > 0.0 && l[8] < 100.0);
        assert!(l.windows(2).all(|w| w[0] < w[1]));
    }
}
