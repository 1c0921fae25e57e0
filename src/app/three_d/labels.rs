//! Tick labels and axis names, drawn on a 2D canvas laid over the WebGL picture (WebGL has
//! no text): each label at its projected point, with a light halo so it reads on any colour.

use crate::view::three_d::camera::Camera;
use crate::view::three_d::scene::Label;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d as Ctx, HtmlCanvasElement};

pub fn draw(canvas: &HtmlCanvasElement, labels: &[Label], camera: &Camera, zs: f64, dpr: f64) {
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<Ctx>().ok())
    else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_line_join("round");
    for l in labels {
        let Some([x, y, _]) = camera.project([l.at[0], l.at[1], l.at[2] * zs]) else { continue };
        let size = if l.title { 13.0 } else { 11.0 };
        let style = if l.title { "italic " } else { "" };
        ctx.set_font(&format!("{style}{}px system-ui, sans-serif", (size * dpr).round()));
        ctx.set_line_width(3.0 * dpr);
        ctx.set_stroke_style_str("rgba(255,255,255,0.85)");
        let _ = ctx.stroke_text(&l.text, x * dpr, y * dpr);
        ctx.set_fill_style_str("#1d2230");
        let _ = ctx.fill_text(&l.text, x * dpr, y * dpr);
    }
}
