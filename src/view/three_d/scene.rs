//! What the 3D view draws besides the mesh, as flat arrays for WebGL: the runs' paths lifted
//! onto the surface (up to the playback step), the noise clouds, head and start markers,
//! the minima, the √v bars, the axes with their tick labels; and picking, the surface point
//! under a pixel.
//!
//! Positions are in model space (X, Y, u) (see [`super::mesh`]); the shaders stretch u by
//! the box height. Widths and sizes are in CSS pixels.

use super::camera::Camera;
use super::mat::{add, scale, Vec3};
use super::mesh::HeightField;
use crate::core::trajectory::Trajectory;
use crate::view::format::short;
use crate::view::theme::{Marker, Rgb};
use crate::view::ticks::nice_ticks;

/// Floats per line segment instance: from (3), to (3), colour RGBA in [0, 1] (4), width (1).
pub const SEGMENT_FLOATS: usize = 11;
/// Floats per marker: position (3), colour RGBA (4), size (1), shape (1).
pub const POINT_FLOATS: usize = 9;
/// How far paths and markers float above the surface, in world units (the box is 2 wide):
/// enough to clear the mesh's flat triangles, too little to see a gap.
pub const LIFT: f64 = 0.012;
/// Points of a path closer than this (model units) to the last one kept are skipped: a
/// converging run piles thousands of points into a pixel.
pub const MIN_SEGMENT: f64 = 0.003;
/// The longer √v bar, in model units.
pub const BAR_LENGTH: f64 = 0.3;

/// A marker's shape, as the point shader draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle = 0,
    Square = 1,
    Triangle = 2,
    Diamond = 3,
    /// The start point: a white ring.
    Ring = 4,
    /// A minimum, or where a run diverged.
    Cross = 5,
}

impl From<Marker> for Shape {
    fn from(m: Marker) -> Shape {
        match m {
            Marker::Circle => Shape::Circle,
            Marker::Square => Shape::Square,
            Marker::Triangle => Shape::Triangle,
            Marker::Diamond => Shape::Diamond,
        }
    }
}

/// One visible run as the 3D view draws it.
pub struct RunView<'a> {
    pub color: Rgb,
    pub marker: Marker,
    pub trajectory: &'a Trajectory,
    /// The noise cloud's extra seeds, drawn faint.
    pub cloud: &'a [Trajectory],
    pub selected: bool,
}

/// What the dynamic buffers hold: everything that moves with a slider or the timeline.
pub struct SceneInput<'a> {
    pub field: &'a HeightField,
    pub runs: Vec<RunView<'a>>,
    pub step: usize,
    pub start: [f64; 2],
    pub minima: Vec<[f64; 2]>,
    /// The √v bars at the heads (the accumulator overlay).
    pub accumulator: bool,
    /// World units per unit of u (box height × exaggeration).
    pub zscale: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneBuffers {
    pub segments: Vec<f32>,
    pub points: Vec<f32>,
}

impl SceneBuffers {
    pub fn segment_count(&self) -> usize {
        self.segments.len() / SEGMENT_FLOATS
    }

    pub fn point_count(&self) -> usize {
        self.points.len() / POINT_FLOATS
    }

    fn segment(&mut self, a: Vec3, b: Vec3, rgba: [f64; 4], width: f64) {
        self.segments.extend(a.iter().chain(&b).chain(&rgba).map(|&v| v as f32));
        self.segments.push(width as f32);
    }

    fn point(&mut self, p: Vec3, rgba: [f64; 4], size: f64, shape: Shape) {
        self.points.extend(p.iter().chain(&rgba).map(|&v| v as f32));
        self.points.extend([size as f32, shape as u8 as f32]);
    }
}

fn rgba(c: Rgb, alpha: f64) -> [f64; 4] {
    [f64::from(c.0) / 255.0, f64::from(c.1) / 255.0, f64::from(c.2) / 255.0, alpha]
}

const WHITE: [f64; 4] = [1.0, 1.0, 1.0, 1.0];
const HALO: [f64; 4] = [0.0, 0.0, 0.0, 0.55];

/// A path on the surface: each point at the mesh's height plus `lift_u`, points within
/// [`MIN_SEGMENT`] of the last kept one skipped (the last point is always kept), cut into
/// pieces where it leaves the window or crosses a hole.
pub fn lift_path(field: &HeightField, points: &[[f64; 2]], lift_u: f64) -> Vec<Vec<Vec3>> {
    let mut pieces: Vec<Vec<Vec3>> = Vec::new();
    let mut current: Vec<Vec3> = Vec::new();
    let mut pending: Option<Vec3> = None;
    for p in points {
        let m = field.model_point(*p);
        if !m[2].is_finite() {
            current.extend(pending.take());
            if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        }
        let m = [m[0], m[1], m[2] + lift_u];
        match current.last() {
            Some(last) if (m[0] - last[0]).hypot(m[1] - last[1]) < MIN_SEGMENT => {
                pending = Some(m);
            }
            _ => {
                current.push(m);
                pending = None;
            }
        }
    }
    current.extend(pending);
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// The lifted model point over `p`, or None off the surface.
fn on_surface(field: &HeightField, p: [f64; 2], lift_u: f64) -> Option<Vec3> {
    let m = field.model_point(p);
    m[2].is_finite().then_some([m[0], m[1], m[2] + lift_u])
}

/// The paths, clouds, markers and bars for `input`.
pub fn build(input: &SceneInput) -> SceneBuffers {
    let mut out = SceneBuffers::default();
    let field = input.field;
    let lift_u = LIFT / input.zscale.max(1e-9);
    // Faint clouds first, then every path's dark halo, then the colours on top.
    for run in &input.runs {
        for tr in run.cloud {
            for piece in lift_path(field, tr.path_to(input.step), lift_u) {
                for w in piece.windows(2) {
                    out.segment(w[0], w[1], rgba(run.color, 0.35), 1.25);
                }
            }
        }
    }
    let paths: Vec<Vec<Vec<Vec3>>> = input
        .runs
        .iter()
        .map(|r| lift_path(field, r.trajectory.path_to(input.step), lift_u))
        .collect();
    for pieces in &paths {
        for w in pieces.iter().flat_map(|p| p.windows(2)) {
            out.segment(w[0], w[1], HALO, 5.0);
        }
    }
    for (run, pieces) in input.runs.iter().zip(&paths) {
        for w in pieces.iter().flat_map(|p| p.windows(2)) {
            out.segment(w[0], w[1], rgba(run.color, 1.0), 2.5);
        }
    }
    for m in &input.minima {
        if let Some(p) = on_surface(field, *m, lift_u) {
            out.point(p, WHITE, 11.0, Shape::Cross);
        }
    }
    for run in &input.runs {
        let tr = run.trajectory;
        let Some(k) = tr.head(input.step) else { continue };
        let Some(head) = on_surface(field, tr.points[k], 2.0 * lift_u) else { continue };
        if input.accumulator {
            bars(&mut out, tr, k, head, run.color);
        }
        if tr.diverged_at.is_some() && input.step >= tr.points.len() {
            out.point(head, WHITE, 12.0, Shape::Cross);
        }
        let size = if run.selected { 15.0 } else { 12.0 };
        out.point(head, rgba(run.color, 1.0), size, run.marker.into());
    }
    if let Some(p) = on_surface(field, input.start, 2.0 * lift_u) {
        out.point(p, WHITE, 16.0, Shape::Ring);
    }
    out
}

/// Per-axis bars at the head whose lengths are in proportion to the run's √v (or the
/// optimizer's accumulator) before the update leaving point `k`.
fn bars(out: &mut SceneBuffers, tr: &Trajectory, k: usize, head: Vec3, color: Rgb) {
    let Some(rec) = tr.steps.get(k).or_else(|| tr.steps.last()) else { return };
    let (Some(vx), Some(vy)) = (rec.state[0].accumulator(), rec.state[1].accumulator()) else {
        return;
    };
    let (sx, sy) = (vx.max(0.0).sqrt(), vy.max(0.0).sqrt());
    let m = sx.max(sy);
    if !(m > 0.0 && m.is_finite()) {
        return;
    }
    let c = rgba(color, 1.0);
    for (dir, s) in [([1.0, 0.0, 0.0], sx), ([0.0, 1.0, 0.0], sy)] {
        let half = scale(dir, (s / m * BAR_LENGTH / 2.0).max(0.01));
        let (a, b) = (add(head, scale(half, -1.0)), add(head, half));
        out.segment(a, b, HALO, 6.0);
        out.segment(a, b, c, 3.5);
    }
}

/// A tick label: where (model space) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub at: Vec3,
    pub text: String,
    /// Axis names are drawn larger.
    pub title: bool,
}

/// The floor's frame, the loss axis and their ticks, seen from `eye` (world space): x ticks
/// on the floor edge nearer the eye, y ticks on the nearer side edge, the loss axis upright
/// at the back corner of that side.
pub fn axes(field: &HeightField, eye: Vec3) -> (SceneBuffers, Vec<Label>) {
    let mut out = SceneBuffers::default();
    let mut labels = Vec::new();
    let ([x0, x1], [y0, y1]) = field.extent();
    let w = field.window;
    let (near_y, far_y) = if eye[1] < (y0 + y1) / 2.0 { (y0, y1) } else { (y1, y0) };
    let (near_x, _) = if eye[0] < (x0 + x1) / 2.0 { (x0, x1) } else { (x1, x0) };
    let line = [0.2, 0.22, 0.3, 0.9];
    let corners = [[x0, y0, 0.0], [x1, y0, 0.0], [x1, y1, 0.0], [x0, y1, 0.0]];
    for i in 0..4 {
        out.segment(corners[i], corners[(i + 1) % 4], line, 1.25);
    }
    let top = 1.0;
    out.segment([near_x, far_y, 0.0], [near_x, far_y, top], line, 1.25);
    let tick = 0.04;
    let out_y = if near_y == y0 { -1.0 } else { 1.0 };
    let out_x = if near_x == x0 { -1.0 } else { 1.0 };
    for x in nice_ticks(w.x.0, w.x.1, 5) {
        let [mx, _] = field.to_model([x, w.y.0]);
        out.segment([mx, near_y, 0.0], [mx, near_y + out_y * tick, 0.0], line, 1.25);
        labels.push(Label { at: [mx, near_y + out_y * 0.13, 0.0], text: short(x), title: false });
    }
    for y in nice_ticks(w.y.0, w.y.1, 5) {
        let [_, my] = field.to_model([w.x.0, y]);
        out.segment([near_x, my, 0.0], [near_x + out_x * tick, my, 0.0], line, 1.25);
        labels.push(Label { at: [near_x + out_x * 0.13, my, 0.0], text: short(y), title: false });
    }
    // Loss ticks at even heights, labelled with the loss there (log-spaced in log mode);
    // none at the floor, where the corner's x or y label sits.
    for k in 1..=4 {
        let u = f64::from(k) / 4.0;
        let at = [near_x, far_y, u];
        out.segment(at, [near_x + out_x * tick, far_y, u], line, 1.25);
        let text = short(field.loss_at(u));
        labels.push(Label { at: [near_x + out_x * 0.16, far_y, u], text, title: false });
    }
    let mid_x = (x0 + x1) / 2.0;
    let mid_y = (y0 + y1) / 2.0;
    labels.push(Label { at: [mid_x, near_y + out_y * 0.3, 0.0], text: "x".into(), title: true });
    labels.push(Label { at: [near_x + out_x * 0.3, mid_y, 0.0], text: "y".into(), title: true });
    labels.push(Label { at: [near_x, far_y, 1.12], text: "loss".into(), title: true });
    (out, labels)
}

/// The world point (x, y) of the surface under pixel (px, py): the first crossing of the
/// pixel's ray with the mesh (as drawn, holes excluded), refined by bisection; None where
/// the ray misses the surface.
pub fn pick(
    field: &HeightField,
    camera: &Camera,
    (px, py): (f64, f64),
    zscale: f64,
) -> Option<[f64; 2]> {
    let (o, d) = camera.ray(px, py);
    // Model space: divide heights by the box's scale.
    let (o, d) = ([o[0], o[1], o[2] / zscale], [d[0], d[1], d[2] / zscale]);
    let ([x0, x1], [y0, y1]) = field.extent();
    // The part of the ray inside the box [x0, x1] × [y0, y1] × [0, 1] (slab method).
    let (mut t0, mut t1) = (0.0_f64, f64::INFINITY);
    for (o, d, lo, hi) in [(o[0], d[0], x0, x1), (o[1], d[1], y0, y1), (o[2], d[2], 0.0, 1.0)] {
        if d.abs() < 1e-15 {
            if o < lo || o > hi {
                return None;
            }
            continue;
        }
        let (a, b) = ((lo - o) / d, (hi - o) / d);
        t0 = t0.max(a.min(b));
        t1 = t1.min(a.max(b));
    }
    if !(t0 <= t1 && t1.is_finite()) {
        return None;
    }
    let at = |t: f64| add(o, scale(d, t));
    // Above the surface (or over a hole) is positive; below it, zero or less.
    let gap = |t: f64| {
        let p = at(t);
        // Inside the box by construction; clamped against rounding at its walls.
        let (x, y) = (p[0].clamp(x0, x1), p[1].clamp(y0, y1));
        let w = field.to_world([x, y]);
        let win = field.window;
        let u = field.u_at([w[0].clamp(win.x.0, win.x.1), w[1].clamp(win.y.0, win.y.1)]);
        if u.is_finite() {
            p[2] - u
        } else {
            f64::INFINITY
        }
    };
    // March in steps finer than a grid cell to the first crossing of the surface (from
    // above, or from below where the ray came in under an edge and meets the underside),
    // then bisect it.
    let cells = (field.nx.max(field.ny) * 4) as f64;
    let n = (((t1 - t0) * cells).ceil() as usize).clamp(16, 20_000);
    let dt = (t1 - t0) / n as f64;
    let above = gap(t0) > 0.0;
    let mut a = t0;
    for k in 1..=n {
        let b = t0 + dt * k as f64;
        if (gap(b) > 0.0) != above {
            let (mut lo, mut hi) = (a, b);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if (gap(mid) > 0.0) == above {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let p = at(0.5 * (lo + hi));
            return Some(field.to_world([p[0], p[1]]));
        }
        a = b;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::OptimizerKind;
    use crate::core::surface::{Surface, SurfaceKind};
    use crate::core::trajectory::{run, Problem};
    use crate::core::view3d::{CameraAngles, HeightMode};
    use crate::view::theme::run_color;
    use crate::view::three_d::mesh::BOX_HEIGHT;

    fn field(kind: SurfaceKind, mode: HeightMode) -> HeightField {
        let s = Surface::from(kind);
        HeightField::sample(&s, s.window(), 60, 60, mode)
    }

    fn trajectory(kind: SurfaceKind, steps: usize) -> Trajectory {
        let s = Surface::from(kind);
        let p = Problem { start: s.default_start(), surface: s, steps, noise: None, shift: None };
        let opt = p.surface.with_suggested_lr(OptimizerKind::RmsProp.default_config());
        run(&p, &opt)
    }

    #[test]
    fn paths_are_lifted_just_above_the_drawn_surface() {
        let f = field(SurfaceKind::Himmelblau, HeightMode::Log);
        let tr = trajectory(SurfaceKind::Himmelblau, 300);
        let lift = 0.01;
        let pieces = lift_path(&f, &tr.points, lift);
        assert_eq!(pieces.len(), 1);
        let path = &pieces[0];
        assert!(path.len() > 10 && path.len() <= tr.points.len());
        for p in path {
            let u = f.u_at(f.to_world([p[0], p[1]]));
            assert!((p[2] - u - lift).abs() < 1e-9);
        }
        // The ends are the run's first and last points.
        let first = f.to_world([path[0][0], path[0][1]]);
        assert!((first[0] - tr.points[0][0]).abs() < 1e-9);
        let last = path.last().unwrap();
        let end = f.model_point(*tr.points.last().unwrap());
        assert!((last[0] - end[0]).abs() < 1e-12 && (last[1] - end[1]).abs() < 1e-12);
        // Consecutive kept points are at least MIN_SEGMENT apart (but the last).
        for w in path[..path.len() - 1].windows(2) {
            assert!((w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]) >= MIN_SEGMENT);
        }
    }

    #[test]
    fn a_path_breaks_where_it_leaves_the_window() {
        let f = field(SurfaceKind::Bowl, HeightMode::Linear);
        let w = f.window;
        let inside = |t: f64| [w.x.0 + t * (w.x.1 - w.x.0), 0.0];
        let pts = [inside(0.1), inside(0.2), [w.x.1 + 1.0, 0.0], inside(0.6), inside(0.7)];
        assert_eq!(lift_path(&f, &pts, 0.0).len(), 2);
    }

    #[test]
    fn the_scene_draws_paths_up_to_the_step_and_a_head_per_run() {
        let f = field(SurfaceKind::Rosenbrock, HeightMode::Log);
        let tr = trajectory(SurfaceKind::Rosenbrock, 400);
        let input = |step: usize, accumulator: bool| SceneInput {
            field: &f,
            runs: vec![RunView {
                color: run_color(0),
                marker: Marker::Circle,
                trajectory: &tr,
                cloud: &[],
                selected: true,
            }],
            step,
            start: tr.points[0],
            minima: vec![[1.0, 1.0]],
            accumulator,
            zscale: BOX_HEIGHT,
        };
        let early = build(&input(20, false));
        let late = build(&input(400, false));
        assert!(late.segment_count() > early.segment_count());
        // Minimum, head and start.
        assert_eq!(late.point_count(), 3);
        assert_eq!(late.segments.len() % SEGMENT_FLOATS, 0);
        // The head moves with the step: the second point is the head's.
        let head = |b: &SceneBuffers| b.points[POINT_FLOATS..POINT_FLOATS + 3].to_vec();
        assert_ne!(head(&early), head(&late));
        // √v bars: two more segments (halo and colour) per axis.
        let with_bars = build(&input(400, true));
        assert_eq!(with_bars.segment_count(), late.segment_count() + 4);
    }

    #[test]
    fn a_diverged_run_ends_where_it_diverged_with_a_cross() {
        let s = Surface::from(SurfaceKind::Rosenbrock);
        let p =
            Problem { start: s.default_start(), surface: s, steps: 200, noise: None, shift: None };
        let mut opt = OptimizerKind::Sgd.default_config();
        opt.set_real("lr", 1.0).unwrap();
        let tr = run(&p, &opt);
        assert!(tr.diverged_at.is_some());
        let f = field(SurfaceKind::Rosenbrock, HeightMode::Log);
        let b = build(&SceneInput {
            field: &f,
            runs: vec![RunView {
                color: run_color(3),
                marker: Marker::Square,
                trajectory: &tr,
                cloud: &[],
                selected: false,
            }],
            step: 200,
            start: tr.points[0],
            minima: vec![],
            accumulator: false,
            zscale: BOX_HEIGHT,
        });
        let shapes: Vec<f32> = b.points.chunks(POINT_FLOATS).map(|p| p[8]).collect();
        // Off the window the head is not on the surface: only markers that are.
        assert!(shapes.contains(&(Shape::Ring as u8 as f32)));
        for seg in b.segments.chunks(SEGMENT_FLOATS) {
            for p in [&seg[0..3], &seg[3..6]] {
                assert!(p.iter().all(|v| v.is_finite()));
            }
        }
    }

    /// The picking contract: the ray through a pixel hits the surface point that projects
    /// back to that pixel (within a pixel), and a visible surface point is found again from
    /// its own pixel.
    #[test]
    fn picking_finds_the_surface_point_under_a_pixel() {
        for (kind, mode, angles) in [
            (SurfaceKind::Himmelblau, HeightMode::Log, CameraAngles::DEFAULT),
            (
                SurfaceKind::Rosenbrock,
                HeightMode::Linear,
                CameraAngles { yaw: 40.0, pitch: 60.0, zoom: 1.5 },
            ),
            (
                SurfaceKind::Bowl,
                HeightMode::Log,
                CameraAngles { yaw: 170.0, pitch: 25.0, zoom: 1.4 },
            ),
        ] {
            let f = field(kind, mode);
            let zs = BOX_HEIGHT * 1.3;
            let cam = Camera::new(angles, [0.0, 0.0, 0.5 * zs], (800.0, 600.0));
            let mut hits = 0;
            for py in (0..600).step_by(37) {
                for px in (0..800).step_by(41) {
                    let (px, py) = (f64::from(px), f64::from(py));
                    let Some(w) = pick(&f, &cam, (px, py), zs) else { continue };
                    hits += 1;
                    let m = f.model_point(w);
                    let [x, y, _] = cam.project([m[0], m[1], m[2] * zs]).unwrap();
                    assert!((x - px).hypot(y - py) < 1.0, "{kind:?}: ({px}, {py}) → ({x}, {y})");
                }
            }
            assert!(hits > 30, "{kind:?}: only {hits} pixels hit the surface");
        }
        // Pointing at the sky finds nothing.
        let f = field(SurfaceKind::Bowl, HeightMode::Log);
        let cam = Camera::new(CameraAngles::DEFAULT, [0.0, 0.0, 0.4], (800.0, 600.0));
        assert_eq!(pick(&f, &cam, (400.0, 1.0), BOX_HEIGHT), None);
    }

    #[test]
    fn a_visible_point_is_picked_back_from_its_pixel() {
        let f = field(SurfaceKind::Bowl, HeightMode::Log);
        let cam = Camera::new(
            CameraAngles { pitch: 80.0, ..CameraAngles::DEFAULT },
            [0.0, 0.0, 0.4],
            (800.0, 600.0),
        );
        // Seen almost from above, a bowl hides nothing of itself.
        for q in [[0.5, -1.0], [-2.0, 1.5], [0.0, 0.0]] {
            let m = f.model_point(q);
            let [x, y, _] = cam.project([m[0], m[1], m[2] * BOX_HEIGHT]).unwrap();
            let back = pick(&f, &cam, (x, y), BOX_HEIGHT).expect("a hit");
            let (a, b) = (f.to_model(back), f.to_model(q));
            assert!((a[0] - b[0]).hypot(a[1] - b[1]) < 1e-6, "{q:?} → {back:?}");
        }
    }

    #[test]
    fn axes_put_ticks_on_the_edges_nearer_the_eye() {
        let f = field(SurfaceKind::Bowl, HeightMode::Log);
        let ([x0, _], [y0, y1]) = f.extent();
        let (_, labels) = axes(&f, [-3.0, -3.0, 2.0]);
        let x_label = labels.iter().find(|l| l.text == "x").unwrap();
        assert!(x_label.at[1] < y0);
        let y_label = labels.iter().find(|l| l.text == "y").unwrap();
        assert!(y_label.at[0] < x0);
        let (_, from_behind) = axes(&f, [3.0, 3.0, 2.0]);
        assert!(from_behind.iter().find(|l| l.text == "x").unwrap().at[1] > y1);
        // Loss ticks from the floor to the top of the box, increasing.
        let losses: Vec<f64> = (0..=4).map(|k| f.loss_at(f64::from(k) / 4.0)).collect();
        assert!(losses.windows(2).all(|w| w[0] < w[1]));
    }
}
