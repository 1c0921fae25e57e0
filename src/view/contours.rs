//! Contour lines of a sampled surface, at levels evenly spaced on the colour scale so lines
//! and colours agree. Marching squares comes from the `contour` crate.

use super::colormap::LossScale;
use super::heatmap::Grid;

/// One level's lines as world-coordinate polylines.
#[derive(Clone, Debug, PartialEq)]
pub struct ContourLine {
    pub level: f64,
    pub polylines: Vec<Vec<[f64; 2]>>,
}

/// The loss values of `count` levels strictly inside the scale, evenly spaced in colour.
pub fn levels(scale: &LossScale, count: usize) -> Vec<f64> {
    (1..=count).map(|i| scale.value_at(i as f64 / (count + 1) as f64)).collect()
}

/// Isolines of `grid` at `levels`. The crate closes rings along the grid's edge; those edge
/// segments are not contour lines and are dropped.
pub fn contour_lines(grid: &Grid, levels: &[f64]) -> Vec<ContourLine> {
    // Undefined samples count as high ground, so lines skirt undefined regions.
    let values: Vec<f64> =
        grid.values.iter().map(|&v| if v.is_nan() { f64::INFINITY } else { v }).collect();
    let builder = contour::ContourBuilder::new(grid.nx, grid.ny, true);
    let Ok(lines) = builder.lines(&values, levels) else {
        return Vec::new();
    };
    let (nx, ny) = (grid.nx as f64, grid.ny as f64);
    let on_edge = |p: &contour::Pt| p.x <= 0.0 || p.y <= 0.0 || p.x >= nx || p.y >= ny;
    lines
        .into_iter()
        .map(|line| {
            let level = line.threshold();
            let mut polylines = Vec::new();
            for ring in line.geometry().0.iter() {
                let mut current: Vec<[f64; 2]> = Vec::new();
                for seg in ring.0.windows(2) {
                    if on_edge(&seg[0]) && on_edge(&seg[1]) {
                        if current.len() > 1 {
                            polylines.push(std::mem::take(&mut current));
                        }
                        current.clear();
                        continue;
                    }
                    if current.is_empty() {
                        current.push(grid.to_world(seg[0].x, seg[0].y));
                    }
                    current.push(grid.to_world(seg[1].x, seg[1].y));
                }
                if current.len() > 1 {
                    polylines.push(current);
                }
            }
            ContourLine { level, polylines }
        })
        .collect()
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
            assert!(!l.polylines.is_empty());
            for p in l.polylines.iter().flatten() {
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
        let pts: Vec<_> = lines[0].polylines.iter().flatten().collect();
        assert!(!pts.is_empty());
        for p in pts {
            assert!((p[0].hypot(p[1]) - 1.5).abs() < 0.05, "{p:?} is not on the circle");
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
