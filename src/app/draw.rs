//! Canvas drawing shared by the surface view's two layers: sizing for devicePixelRatio,
//! polylines, markers, arrows and axes. All coordinates here are device pixels.

use crate::view::format::short;
use crate::view::pixels::clamp_px;
use crate::view::theme::Marker;
use crate::view::ticks::nice_ticks;
use crate::view::transform::Frame;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{CanvasRenderingContext2d as Ctx, HtmlCanvasElement};

pub fn device_pixel_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0)
}

/// Sizes `canvas` to `css_w` × `css_h` CSS pixels backed by `dpr` times as many device
/// pixels (crisp lines and text), and returns its 2D context. The CSS size is that of the
/// whole device pixels, so the browser shows the canvas 1:1 instead of resampling it.
pub fn prepare(canvas: &HtmlCanvasElement, css_w: f64, css_h: f64, dpr: f64) -> Option<Ctx> {
    let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    set_css_size(canvas, (w, h), dpr);
    let ctx = canvas.get_context("2d").ok()??.dyn_into::<Ctx>().ok()?;
    ctx.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
    Some(ctx)
}

/// Makes `canvas` an empty layer of `css_w` × `css_h` CSS pixels backed by a single pixel:
/// a transparent layer needs no full-size bitmap, and a layout change then costs the
/// browser no new one (allocating canvas resources is much of a surface switch).
pub fn blank(canvas: &HtmlCanvasElement, css_w: f64, css_h: f64, dpr: f64) {
    if (canvas.width(), canvas.height()) != (1, 1) {
        canvas.set_width(1);
        canvas.set_height(1);
    }
    set_css_size(canvas, ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32), dpr);
}

/// The CSS size of a canvas of `w` × `h` device pixels: whole device pixels (a fractional
/// CSS size would squeeze the bitmap), and only written when it changes (writing styles
/// every frame invalidates layout).
fn set_css_size(canvas: &HtmlCanvasElement, (w, h): (u32, u32), dpr: f64) {
    let style = web_sys::HtmlElement::style(canvas);
    for (prop, px) in [("width", w), ("height", h)] {
        let want = format!("{}px", f64::from(px) / dpr);
        if style.get_property_value(prop).ok().as_deref() != Some(want.as_str()) {
            let _ = style.set_property(prop, &want);
        }
    }
}

/// A canvas-sized `ImageData` kept between draws: putting a box of an RGBA image copies
/// just its rows into it and applies just that box (a fresh `ImageData` per frame would
/// allocate megabytes of JS memory each time, and the garbage collector would follow).
pub struct PixelBuffer {
    image: Option<(web_sys::ImageData, js_sys::Uint8ClampedArray, usize, usize)>,
}

impl PixelBuffer {
    pub const fn new() -> Self {
        PixelBuffer { image: None }
    }

    /// Puts the box `rect` (x, y, width, height) of `rgba`, an image `width` × `height`
    /// the size of the canvas behind `ctx`, at the same place on it.
    pub fn put(
        &mut self,
        ctx: &Ctx,
        rgba: &[u8],
        (width, height): (usize, usize),
        rect: Option<(usize, usize, usize, usize)>,
    ) {
        let Some((x, y, w, h)) = rect else { return };
        if !matches!(&self.image, Some((_, _, iw, ih)) if (*iw, *ih) == (width, height)) {
            let Ok(image) = web_sys::ImageData::new_with_sw(width as u32, height as u32) else {
                return;
            };
            let data = js_sys::Reflect::get(&image, &"data".into())
                .ok()
                .and_then(|d| d.dyn_into::<js_sys::Uint8ClampedArray>().ok());
            let Some(data) = data else { return };
            self.image = Some((image, data, width, height));
        }
        let Some((image, data, ..)) = &self.image else { return };
        // The box's rows, whole: one contiguous copy.
        let (start, end) = (y * width * 4, (y + h) * width * 4);
        if end > rgba.len() {
            return;
        }
        data.subarray(start as u32, end as u32).copy_from(&rgba[start..end]);
        let _ = ctx.put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(
            image, 0.0, 0.0, x as f64, y as f64, w as f64, h as f64,
        );
    }
}

/// The start point: a white ring of radius `r` with a dark edge, on top of everything (the
/// surface view and the start-point map mark it the same way).
pub fn start_ring(ctx: &Ctx, (x, y): (f64, f64), r: f64, dpr: f64) {
    let (x, y) = clamp_px((x, y));
    ctx.begin_path();
    let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    ctx.set_line_width(4.5 * dpr);
    ctx.set_stroke_style_str("rgba(0,0,0,0.8)");
    ctx.stroke();
    ctx.set_line_width(2.5 * dpr);
    ctx.set_stroke_style_str("#ffffff");
    ctx.stroke();
}

/// A filled marker of radius `r` with a dark outline.
pub fn marker(ctx: &Ctx, shape: Marker, (x, y): (f64, f64), r: f64, fill: &str, outline: f64) {
    let (x, y) = clamp_px((x, y));
    ctx.begin_path();
    match shape {
        Marker::Circle => {
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        }
        Marker::Square => ctx.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r),
        Marker::Triangle => {
            ctx.move_to(x, y - 1.2 * r);
            ctx.line_to(x + 1.1 * r, y + 0.8 * r);
            ctx.line_to(x - 1.1 * r, y + 0.8 * r);
            ctx.close_path();
        }
        Marker::Diamond => {
            ctx.move_to(x, y - 1.25 * r);
            ctx.line_to(x + 1.1 * r, y);
            ctx.line_to(x, y + 1.25 * r);
            ctx.line_to(x - 1.1 * r, y);
            ctx.close_path();
        }
    }
    ctx.set_fill_style_str(fill);
    ctx.fill();
    ctx.set_line_width(outline);
    ctx.set_stroke_style_str("rgba(0,0,0,0.85)");
    ctx.stroke();
}

/// Where a path left the plot: an arrowhead in the run's colour whose tip touches the edge at
/// `at` (device px) and points along `dir` (a unit vector in px, y down), and the step it
/// left at, written inside the plot behind it.
pub fn edge_marker(ctx: &Ctx, at: (f64, f64), dir: (f64, f64), step: usize, fill: &str, dpr: f64) {
    let (len, half) = (14.0 * dpr, 7.0 * dpr);
    let (ux, uy) = dir;
    let base = (at.0 - ux * len, at.1 - uy * len);
    ctx.begin_path();
    ctx.move_to(at.0, at.1);
    ctx.line_to(base.0 - uy * half, base.1 + ux * half);
    ctx.line_to(base.0 + uy * half, base.1 - ux * half);
    ctx.close_path();
    ctx.set_fill_style_str(fill);
    ctx.fill();
    ctx.set_line_width(1.25 * dpr);
    ctx.set_stroke_style_str("rgba(0,0,0,0.85)");
    ctx.stroke();
    let label = (at.0 - ux * (len + 16.0 * dpr), at.1 - uy * (len + 10.0 * dpr));
    ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * dpr).round()));
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_line_width(3.0 * dpr);
    ctx.set_stroke_style_str("rgba(255,255,255,0.85)");
    let text = format!("step {step}");
    let _ = ctx.stroke_text(&text, label.0, label.1);
    ctx.set_fill_style_str("#223");
    let _ = ctx.fill_text(&text, label.0, label.1);
}

/// An arrow from `a` to `b` (device pixels) with a head of size `head`.
pub fn arrow(ctx: &Ctx, a: (f64, f64), b: (f64, f64), head: f64) {
    let (a, b) = (clamp_px(a), clamp_px(b));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy);
    if len < 1e-9 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let h = head.min(len * 0.6);
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0 - ux * h * 0.5, b.1 - uy * h * 0.5);
    ctx.stroke();
    ctx.begin_path();
    ctx.move_to(b.0, b.1);
    ctx.line_to(b.0 - ux * h - uy * h * 0.5, b.1 - uy * h + ux * h * 0.5);
    ctx.line_to(b.0 - ux * h + uy * h * 0.5, b.1 - uy * h - ux * h * 0.5);
    ctx.close_path();
    ctx.fill();
}

/// A "×" of half-size `r`: the known minima.
pub fn cross(ctx: &Ctx, at: (f64, f64), r: f64, dpr: f64) {
    cross_in(ctx, at, r, dpr, "#ffffff");
}

/// A "×" in `color` with a dark edge (a run that blew up, on the sensitivity chart).
pub fn cross_in(ctx: &Ctx, (x, y): (f64, f64), r: f64, dpr: f64, color: &str) {
    for (width, color) in [(4.0 * dpr, "rgba(0,0,0,0.7)"), (2.0 * dpr, color)] {
        ctx.set_line_width(width);
        ctx.set_stroke_style_str(color);
        ctx.begin_path();
        ctx.move_to(x - r, y - r);
        ctx.line_to(x + r, y + r);
        ctx.move_to(x + r, y - r);
        ctx.line_to(x - r, y + r);
        ctx.stroke();
    }
}

/// Ticks, tick labels and axis names around `frame`, and its border.
pub fn axes(ctx: &Ctx, frame: &Frame, dpr: f64, text_color: &str, [xname, yname]: [&str; 2]) {
    let w = frame.window;
    ctx.set_stroke_style_str("rgba(0,0,0,0.55)");
    ctx.set_line_width(dpr);
    ctx.stroke_rect(frame.left, frame.top, frame.width, frame.height);
    ctx.set_fill_style_str(text_color);
    ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * dpr).round()));
    let tick = 4.0 * dpr;
    let bottom = frame.top + frame.height;
    let target_x = (frame.width / (70.0 * dpr)).clamp(2.0, 10.0) as usize;
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for x in nice_ticks(w.x.0, w.x.1, target_x) {
        let (px, _) = frame.to_px([x, w.y.0]);
        ctx.begin_path();
        ctx.move_to(px, bottom);
        ctx.line_to(px, bottom + tick);
        ctx.stroke();
        let _ = ctx.fill_text(&short(x), px, bottom + tick + 2.0 * dpr);
    }
    let target_y = (frame.height / (50.0 * dpr)).clamp(2.0, 10.0) as usize;
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for y in nice_ticks(w.y.0, w.y.1, target_y) {
        let (_, py) = frame.to_px([w.x.0, y]);
        ctx.begin_path();
        ctx.move_to(frame.left, py);
        ctx.line_to(frame.left - tick, py);
        ctx.stroke();
        let _ = ctx.fill_text(&short(y), frame.left - tick - 2.0 * dpr, py);
    }
    ctx.set_font(&format!("italic {}px system-ui, sans-serif", (12.0 * dpr).round()));
    ctx.set_text_align("right");
    ctx.set_text_baseline("top");
    let _ = ctx.fill_text(xname, frame.left + frame.width, bottom + tick + 15.0 * dpr);
    ctx.set_text_align("left");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(yname, 4.0 * dpr, frame.top + 12.0 * dpr);
}

/// Tracks the container's width (and the device pixel ratio, which changes with zoom and
/// when a window moves between screens).
pub fn observe_width(container: NodeRef<Div>, width: RwSignal<f64>, dpr: RwSignal<f64>) {
    Effect::new(move |_| {
        let Some(el) = container.get() else { return };
        width.set(inner_width(&el));
        // try_: a view that is shown only sometimes (Adam's chart) leaves its observer
        // behind with its signals disposed; a late callback must then do nothing.
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            if let Some(Some(el)) = container.try_get_untracked() {
                let w = inner_width(&el);
                if width.try_get_untracked().is_some_and(|old| old != w) {
                    width.try_set(w);
                }
            }
            let d = device_pixel_ratio();
            if dpr.try_get_untracked().is_some_and(|old| d != old) {
                dpr.try_set(d);
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&el);
        }
        // The observer lives as long as the page: most views are never unmounted, and one
        // that is leaves a small, inert observer behind (see try_ above).
        cb.forget();
    });
}

/// The element's layout width in CSS px, rounded down to whole device pixels: layouts are
/// often fractional (838.5 px), and `client_width` rounds up, which made canvases half a
/// pixel wider than their box, squeezed by `max-width` and so blurred.
fn inner_width(el: &web_sys::Element) -> f64 {
    let dpr = device_pixel_ratio();
    (el.get_bounding_client_rect().width() * dpr).floor() / dpr
}

/// Puts `pixels` into a (reused) off-screen canvas of `w` × `h` with one `putImageData`.
pub fn offscreen_with(
    store: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
    w: u32,
    h: u32,
    pixels: &[u8],
) -> Option<HtmlCanvasElement> {
    let canvas = match store.get_value() {
        Some(c) => c,
        None => {
            let c: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
            store.set_value(Some(c.clone()));
            c
        }
    };
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: Ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(pixels), w, h)
            .ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    Some(canvas)
}
