//! Optional layers on the surface: at each run's head the descent direction −g against the
//! step actually taken, and the accumulator's per-axis scale; and the gradient field.

use crate::app::draw;
use crate::app::state::Overlays;
use crate::core::trajectory::{Objective, Trajectory};
use crate::view::transform::Frame;
use web_sys::CanvasRenderingContext2d as Ctx;

/// Arrow length at the head, in CSS pixels: directions are what matter, steps are often
/// far smaller than a pixel.
const ARROW_PX: f64 = 42.0;
/// The larger side of the accumulator box, in CSS pixels.
const BOX_PX: f64 = 34.0;

/// The update leaving position `k` (or the last update, at the end of a run).
fn update_near(tr: &Trajectory, k: usize) -> Option<&crate::core::trajectory::StepRecord> {
    tr.steps.get(k).or_else(|| tr.steps.last())
}

/// Draws the step-direction arrows and/or the accumulator box at position `k` of `tr`.
pub fn at_head(
    ctx: &Ctx,
    frame: &Frame,
    tr: &Trajectory,
    k: usize,
    ov: Overlays,
    color: &str,
    dpr: f64,
) {
    let Some(rec) = update_near(tr, k) else { return };
    let head = frame.to_px(tr.points[k]);
    // Screen directions: x right, y up (so flip y).
    let dir = |v: [f64; 2]| -> Option<(f64, f64)> {
        let [ux, uy] = frame.units_per_px();
        let (sx, sy) = (v[0] / ux, -v[1] / uy);
        let n = sx.hypot(sy);
        (n > 0.0 && n.is_finite()).then(|| (sx / n, sy / n))
    };
    if ov.accumulator {
        if let (Some(vx), Some(vy)) = (rec.state[0].accumulator(), rec.state[1].accumulator()) {
            let (sx, sy) = (vx.max(0.0).sqrt(), vy.max(0.0).sqrt());
            let m = sx.max(sy);
            if m > 0.0 && m.is_finite() {
                let (w, h) = ((sx / m * BOX_PX).max(2.0) * dpr, (sy / m * BOX_PX).max(2.0) * dpr);
                ctx.set_line_width(1.5 * dpr);
                ctx.set_stroke_style_str(color);
                let _ = ctx.set_line_dash(&dash(&[4.0 * dpr, 3.0 * dpr]));
                ctx.stroke_rect(head.0 - w / 2.0, head.1 - h / 2.0, w, h);
                let _ = ctx.set_line_dash(&dash(&[]));
            }
        }
    }
    if ov.step_arrows {
        let len = ARROW_PX * dpr;
        if let Some((gx, gy)) = dir([-rec.grad[0], -rec.grad[1]]) {
            ctx.set_line_width(2.0 * dpr);
            ctx.set_stroke_style_str("#ffffff");
            ctx.set_fill_style_str("#ffffff");
            let _ = ctx.set_line_dash(&dash(&[3.0 * dpr, 3.0 * dpr]));
            draw::arrow(ctx, head, (head.0 + gx * len, head.1 + gy * len), 9.0 * dpr);
            let _ = ctx.set_line_dash(&dash(&[]));
        }
        if let Some((dx, dy)) = dir(rec.delta) {
            ctx.set_line_width(2.5 * dpr);
            ctx.set_stroke_style_str(color);
            ctx.set_fill_style_str(color);
            draw::arrow(ctx, head, (head.0 + dx * len, head.1 + dy * len), 10.0 * dpr);
        }
    }
}

fn dash(segments: &[f64]) -> js_sys::Array {
    segments.iter().map(|s| wasm_bindgen::JsValue::from_f64(*s)).collect()
}

/// The field of descent directions −∇f on a coarse grid; opacity grows with |∇f| (in log
/// terms) so flat regions fade.
pub fn quiver(ctx: &Ctx, frame: &Frame, objective: Objective, dpr: f64) {
    let spacing = 34.0 * dpr;
    let (nx, ny) = ((frame.width / spacing) as usize, (frame.height / spacing) as usize);
    let mut arrows = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let px = frame.left + (i as f64 + 0.5) * frame.width / nx as f64;
            let py = frame.top + (j as f64 + 0.5) * frame.height / ny as f64;
            let (_, g) = objective.value_and_grad(frame.to_world(px, py));
            let [ux, uy] = frame.units_per_px();
            let (sx, sy) = (-g[0] / ux, g[1] / uy);
            let n = sx.hypot(sy);
            if n > 0.0 && n.is_finite() {
                arrows.push((px, py, sx / n, sy / n, g[0].hypot(g[1]).ln()));
            }
        }
    }
    let (lo, hi) = arrows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| (a.min(r.4), b.max(r.4)));
    let len = spacing * 0.36;
    ctx.set_line_width(1.25 * dpr);
    for (px, py, dx, dy, lm) in arrows {
        let t = if hi > lo { (lm - lo) / (hi - lo) } else { 1.0 };
        let color = format!("rgba(255,255,255,{:.2})", 0.25 + 0.55 * t);
        ctx.set_stroke_style_str(&color);
        ctx.set_fill_style_str(&color);
        draw::arrow(ctx, (px - dx * len, py - dy * len), (px + dx * len, py + dy * len), 5.0 * dpr);
    }
}
