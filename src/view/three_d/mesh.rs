//! The loss surface as a height field and a triangle mesh.
//!
//! Model space: the window's longer side spans [−1, 1] in x/y (the shorter one in
//! proportion, centred), and height `u ∈ [0, 1]` is the loss on the height scale
//! ([`HeightMode`]); the renderer stretches u by [`BOX_HEIGHT`] × exaggeration. Where f is
//! undefined (NaN) u is NaN and the triangles touching it are left out: holes, not spikes.

use super::mat::Vec3;
use crate::core::surface::{Surface, Window};
use crate::core::view3d::HeightMode;
use crate::view::colormap::{LossScale, Palette};

/// Height of the box at exaggeration 1, in model units (the floor spans 2): tall enough to
/// read the relief, flat enough to see over it.
pub const BOX_HEIGHT: f64 = 0.8;

/// The surface sampled at grid nodes (edges included), with the height of each node.
#[derive(Clone, Debug, PartialEq)]
pub struct HeightField {
    pub window: Window,
    pub nx: usize,
    pub ny: usize,
    /// The loss at node (i, j), row-major from the window's bottom (j = 0 at y₀).
    pub values: Vec<f64>,
    /// The height of each node in [0, 1]; NaN where f is undefined.
    pub u: Vec<f64>,
    /// The heatmap's colour scale fitted to these samples.
    pub scale: LossScale,
    pub mode: HeightMode,
    half: f64,
    centre: [f64; 2],
}

impl HeightField {
    pub fn sample(
        surface: &Surface,
        window: Window,
        nx: usize,
        ny: usize,
        mode: HeightMode,
    ) -> Self {
        let (nx, ny) = (nx.max(2), ny.max(2));
        let mut values = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            let y = window.y.0 + (window.y.1 - window.y.0) * j as f64 / (ny - 1) as f64;
            for i in 0..nx {
                let x = window.x.0 + (window.x.1 - window.x.0) * i as f64 / (nx - 1) as f64;
                values.push(surface.value([x, y]));
            }
        }
        Self::from_values(window, nx, ny, values, surface.loss_floor(), mode)
    }

    /// A field from node values (row-major from the bottom), with the colour scale fitted to
    /// them and `floor`.
    pub fn from_values(
        window: Window,
        nx: usize,
        ny: usize,
        values: Vec<f64>,
        floor: Option<f64>,
        mode: HeightMode,
    ) -> Self {
        let scale = LossScale::fit(&values, floor);
        let (wx, wy) = (window.x.1 - window.x.0, window.y.1 - window.y.0);
        let mut field = HeightField {
            window,
            nx,
            ny,
            u: Vec::new(),
            values,
            scale,
            mode,
            half: wx.max(wy) / 2.0,
            centre: [(window.x.0 + window.x.1) / 2.0, (window.y.0 + window.y.1) / 2.0],
        };
        field.u = field.values.iter().map(|&v| field.height(v)).collect();
        field
    }

    /// The height of loss `f` in [0, 1] (NaN stays NaN, +∞ is the top).
    pub fn height(&self, f: f64) -> f64 {
        let s = &self.scale;
        match self.mode {
            HeightMode::Log => s.unit(f),
            HeightMode::Linear if f.is_nan() => f64::NAN,
            HeightMode::Linear => {
                ((f - s.lo) / (s.hi - s.lo).max(f64::MIN_POSITIVE)).clamp(0.0, 1.0)
            }
        }
    }

    /// The loss at height `u` (the inverse of [`Self::height`]), for the loss axis' ticks.
    pub fn loss_at(&self, u: f64) -> f64 {
        let s = &self.scale;
        match self.mode {
            HeightMode::Log => s.value_at(u),
            HeightMode::Linear => s.lo + u * (s.hi - s.lo),
        }
    }

    /// World (x, y) → model (X, Y).
    pub fn to_model(&self, p: [f64; 2]) -> [f64; 2] {
        [(p[0] - self.centre[0]) / self.half, (p[1] - self.centre[1]) / self.half]
    }

    /// Model (X, Y) → world (x, y).
    pub fn to_world(&self, m: [f64; 2]) -> [f64; 2] {
        [self.centre[0] + m[0] * self.half, self.centre[1] + m[1] * self.half]
    }

    /// The model-space extent of the floor: ([X₀, X₁], [Y₀, Y₁]).
    pub fn extent(&self) -> ([f64; 2], [f64; 2]) {
        let w = self.window;
        let (a, b) = (self.to_model([w.x.0, w.y.0]), self.to_model([w.x.1, w.y.1]));
        ([a[0], b[0]], [a[1], b[1]])
    }

    /// The mesh's height at world point `p`: linear on the same two triangles per cell that
    /// the mesh draws, so a point at this height lies exactly on the drawn surface. NaN
    /// outside the window or on a hole.
    pub fn u_at(&self, p: [f64; 2]) -> f64 {
        let w = self.window;
        let gx = (p[0] - w.x.0) / (w.x.1 - w.x.0) * (self.nx - 1) as f64;
        let gy = (p[1] - w.y.0) / (w.y.1 - w.y.0) * (self.ny - 1) as f64;
        let (mx, my) = ((self.nx - 1) as f64, (self.ny - 1) as f64);
        if !(gx >= 0.0 && gy >= 0.0 && gx <= mx && gy <= my) {
            return f64::NAN;
        }
        let (i, j) =
            ((gx.floor() as usize).min(self.nx - 2), (gy.floor() as usize).min(self.ny - 2));
        let (fx, fy) = (gx - i as f64, gy - j as f64);
        let at = |di: usize, dj: usize| self.u[(j + dj) * self.nx + i + di];
        let (u00, u10, u01, u11) = (at(0, 0), at(1, 0), at(0, 1), at(1, 1));
        // The cell's diagonal runs from (i, j) to (i + 1, j + 1), as in `Mesh::build`.
        if fx >= fy {
            u00 + fx * (u10 - u00) + fy * (u11 - u10)
        } else {
            u00 + fy * (u01 - u00) + fx * (u11 - u01)
        }
    }

    /// The model point on the mesh above world point `p` (u NaN off the surface).
    pub fn model_point(&self, p: [f64; 2]) -> Vec3 {
        let [x, y] = self.to_model(p);
        [x, y, self.u_at(p)]
    }
}

/// Vertex and index arrays for WebGL: per vertex a position (X, Y, u), a normal for u scaled
/// by 1 (the shader rescales it with the exaggeration), the heatmap colour and the colour
/// position t (contour lines are drawn where t crosses a level).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    pub positions: Vec<f32>,
    pub normals: Vec<f32>,
    pub colors: Vec<u8>,
    pub t: Vec<f32>,
    pub indices: Vec<u32>,
}

impl Mesh {
    pub fn build(field: &HeightField, palette: &Palette) -> Mesh {
        let (nx, ny) = (field.nx, field.ny);
        let n = nx * ny;
        let mut m = Mesh {
            positions: Vec::with_capacity(n * 3),
            normals: Vec::with_capacity(n * 3),
            colors: Vec::with_capacity(n * 4),
            t: Vec::with_capacity(n),
            indices: Vec::with_capacity((nx - 1) * (ny - 1) * 6),
        };
        let ([x0, x1], [y0, y1]) = field.extent();
        let (dx, dy) = ((x1 - x0) / (nx - 1) as f64, (y1 - y0) / (ny - 1) as f64);
        let u = |i: usize, j: usize| field.u[j * nx + i];
        for j in 0..ny {
            for i in 0..nx {
                let h = u(i, j);
                m.positions.extend([x0 + dx * i as f64, y0 + dy * j as f64, h].map(|v| v as f32));
                // Central differences, one-sided at edges and next to holes.
                let slope = |a: Option<f64>, b: Option<f64>, d: f64| match (a, b) {
                    (Some(a), Some(b)) => (b - a) / (2.0 * d),
                    (None, Some(b)) => (b - h) / d,
                    (Some(a), None) => (h - a) / d,
                    (None, None) => 0.0,
                };
                let finite = |v: f64| v.is_finite().then_some(v);
                let left = (i > 0).then(|| u(i - 1, j)).and_then(finite);
                let right = (i + 1 < nx).then(|| u(i + 1, j)).and_then(finite);
                let down = (j > 0).then(|| u(i, j - 1)).and_then(finite);
                let up = (j + 1 < ny).then(|| u(i, j + 1)).and_then(finite);
                let (sx, sy) = (slope(left, right, dx), slope(down, up, dy));
                let len = (sx * sx + sy * sy + 1.0).sqrt();
                m.normals.extend([-sx / len, -sy / len, 1.0 / len].map(|v| v as f32));
                let t = field.scale.unit(field.values[j * nx + i]);
                let [r, g, b] = palette.rgb(t);
                m.colors.extend([r, g, b, 255]);
                m.t.push(t as f32);
            }
        }
        let index = |i: usize, j: usize| (j * nx + i) as u32;
        let defined = |i: usize, j: usize| u(i, j).is_finite();
        for j in 0..ny - 1 {
            for i in 0..nx - 1 {
                // Two triangles split along the (i, j)–(i + 1, j + 1) diagonal.
                for [a, b, c] in [[(0, 0), (1, 0), (1, 1)], [(0, 0), (1, 1), (0, 1)]] {
                    let corners = [a, b, c].map(|(di, dj)| (i + di, j + dj));
                    if corners.iter().all(|&(ci, cj)| defined(ci, cj)) {
                        m.indices.extend(corners.map(|(ci, cj)| index(ci, cj)));
                    }
                }
            }
        }
        m
    }

    pub fn vertex_count(&self) -> usize {
        self.t.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formula::Formula;
    use crate::core::surface::{CustomSurface, SurfaceKind};

    fn custom(src: &str, window: Window) -> Surface {
        Surface::Custom(Box::new(CustomSurface { formula: Formula::parse(src).unwrap(), window }))
    }

    #[test]
    fn a_grid_gives_a_vertex_per_node_and_two_triangles_per_cell() {
        let s = Surface::from(SurfaceKind::Bowl);
        let f = HeightField::sample(&s, s.window(), 30, 20, HeightMode::Log);
        let m = Mesh::build(&f, &Palette::viridis());
        assert_eq!(m.vertex_count(), 600);
        assert_eq!(m.positions.len(), 1800);
        assert_eq!(m.colors.len(), 2400);
        assert_eq!(m.indices.len(), 29 * 19 * 6);
        assert!(m.indices.iter().all(|&i| (i as usize) < 600));
        // The longer side spans [−1, 1].
        let (ex, ey) = f.extent();
        assert!(((ex[1] - ex[0]).max(ey[1] - ey[0]) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn normals_are_unit_and_lean_away_from_the_slope() {
        // f = x on [−1, 1]²: linear height rises with x, so normals lean towards −x.
        let w = Window { x: (-1.0, 1.0), y: (-1.0, 1.0) };
        let f = HeightField::sample(&custom("x", w), w, 11, 11, HeightMode::Linear);
        let m = Mesh::build(&f, &Palette::viridis());
        for n in m.normals.chunks(3) {
            let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
            assert!((len - 1.0).abs() < 1e-6);
            // u goes 0 → 1 over X −1 → 1: slope ½, so the normal is (−½, 0, 1)/|…|.
            assert!((n[0] / n[2] + 0.5).abs() < 1e-6 && n[1].abs() < 1e-6, "{n:?}");
        }
    }

    #[test]
    fn log_height_lifts_the_low_ground_that_linear_height_flattens() {
        let s = Surface::from(SurfaceKind::Rosenbrock);
        let lin = HeightField::sample(&s, s.window(), 41, 41, HeightMode::Linear);
        let log = HeightField::sample(&s, s.window(), 41, 41, HeightMode::Log);
        let median = |f: &HeightField| {
            let mut u = f.u.clone();
            u.sort_by(f64::total_cmp);
            u[u.len() / 2]
        };
        // Most of Rosenbrock's window is far below its corners: a floor in linear height.
        assert!(median(&lin) < 0.1, "{}", median(&lin));
        assert!(median(&log) > 0.4, "{}", median(&log));
        for f in [&lin, &log] {
            assert!(f.u.iter().all(|u| (0.0..=1.0).contains(u)));
            // The inverse: loss_at(height(v)) = v.
            let v = f.values[100];
            assert!((f.loss_at(f.height(v)) - v).abs() < 1e-9 * v.abs().max(1.0));
        }
        // Log height is the heatmap's colour position.
        assert_eq!(log.u[7], log.scale.unit(log.values[7]));
    }

    #[test]
    fn undefined_regions_are_holes() {
        // log(x) is undefined for x ≤ 0: the left half of the window has no triangles.
        let w = Window { x: (-1.0, 1.0), y: (-1.0, 1.0) };
        // 20 nodes across: none at x = 0 exactly (log 0 = −∞ would be the floor, defined).
        let f = HeightField::sample(&custom("log(x)", w), w, 20, 5, HeightMode::Log);
        let m = Mesh::build(&f, &Palette::viridis());
        assert!(!m.indices.is_empty());
        for tri in m.indices.chunks(3) {
            for &k in tri {
                assert!(m.positions[k as usize * 3] > 0.0, "a triangle touches x ≤ 0");
                assert!(m.positions[k as usize * 3 + 2].is_finite());
            }
        }
        // Cells right of x = 0 (9 of 19 columns) are whole: 9 × 4 cells × 2 triangles.
        assert_eq!(m.indices.len(), 9 * 4 * 6);
        assert!(f.u_at([-0.5, 0.0]).is_nan() && f.u_at([0.5, 0.0]).is_finite());
        assert!(f.u_at([1.5, 0.0]).is_nan(), "outside the window");
    }

    #[test]
    fn u_at_interpolates_the_drawn_triangles() {
        let s = Surface::from(SurfaceKind::Himmelblau);
        let f = HeightField::sample(&s, s.window(), 25, 17, HeightMode::Log);
        let w = f.window;
        // At the nodes it is the node height.
        for (i, j) in [(0, 0), (24, 16), (7, 3), (12, 9)] {
            let x = w.x.0 + (w.x.1 - w.x.0) * i as f64 / 24.0;
            let y = w.y.0 + (w.y.1 - w.y.0) * j as f64 / 16.0;
            assert!((f.u_at([x, y]) - f.u[j * 25 + i]).abs() < 1e-12);
        }
        // Inside a cell it lies between the corners' heights.
        let p = [w.x.0 + 0.37, w.y.0 + 0.81];
        let u = f.u_at(p);
        assert!(u.is_finite() && (0.0..=1.0).contains(&u));
        let m = f.model_point(p);
        assert_eq!(
            f.to_world([m[0], m[1]]).map(|v| (v * 1e9).round()),
            p.map(|v| (v * 1e9).round())
        );
    }
}
