//! One chart: lines drawn on a base canvas when the data change (in the frame that
//! `view::chart_frame` lays out); the current step is a marker element on top, so playback
//! moves an element and repaints nothing.

use crate::app::draw::{self, device_pixel_ratio, observe_width};
use crate::app::perf::measure;
use crate::app::share::Share;
use crate::app::state::Store;
use crate::app::visible::visible;
use crate::view::chart_frame::{Frame, Tick};
use crate::view::series::{drawable_range, marker_points, y_range, ChartData, Line};
use crate::view::theme::Rgb;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use web_sys::{CanvasRenderingContext2d as Ctx, MouseEvent};

const CHART_CSS_HEIGHT: f64 = 210.0;
/// No plot drawn yet: the step marker is hidden.
const NO_PLOT: Plot = Plot { left: 0.0, right: 0.0, top: 0.0, bottom: 0.0, css_w: 0.0 };

/// The plot rectangle (device px) of the last draw, and the chart's CSS width then. The
/// y-label area on the left and the margin on the right are fixed, so after a resize that
/// has not been drawn yet (a chart off screen) the plot's right edge moves with the width.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    css_w: f64,
}

impl Plot {
    /// (left, right) in device px for the chart at CSS width `css_w`; None before a draw.
    fn columns(&self, css_w: f64, dpr: f64) -> Option<(f64, f64)> {
        let right = self.right + (css_w - self.css_w) * dpr;
        (self.css_w > 0.0 && right > self.left).then_some((self.left, right))
    }
}

/// A chart of `data` with the current step marked; clicking it moves playback there.
#[component]
pub fn Chart(
    title: &'static str,
    data: Memo<ChartData>,
    #[prop(into)] caption: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let container = NodeRef::<Div>::new();
    let base = NodeRef::<Canvas>::new();
    let marker = NodeRef::<Div>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let on_screen = visible(container);
    let share = use_context::<Share>();
    // The plot rectangle (left, right, top, bottom) in device pixels, from the last draw.
    let plot = StoredValue::new(NO_PLOT);
    let drawn = RwSignal::new(0_u32);

    // The lines: redrawn when the data or the size change, and only while on screen (a
    // chart scrolled into view catches up then).
    Effect::new(move |_| {
        let (Some(canvas), w, dpr) = (base.get(), width.get(), dpr.get()) else { return };
        if w < 10.0 {
            return;
        }
        if !on_screen.get() {
            // Keep the size right (a stale canvas could widen the page); draw when in view.
            data.track();
            let _ = draw::prepare(&canvas, w, CHART_CSS_HEIGHT, dpr);
            return;
        }
        // Type, lines and label bands in CSS px times the classroom scale; the canvas and
        // the plot rectangle stay in device px.
        let scaled = dpr * share.map_or(1.0, Share::canvas_scale);
        data.with(|d| {
            measure("draw-chart", || {
                if let Some(ctx) = draw::prepare(&canvas, w, CHART_CSS_HEIGHT, dpr) {
                    let size = (f64::from(canvas.width()), f64::from(canvas.height()));
                    if let Some((left, right, top, bottom)) = draw_chart(&ctx, size, d, scaled) {
                        plot.set_value(Plot { left, right, top, bottom, css_w: w });
                    }
                }
            })
        });
        drawn.update(|n| *n += 1);
    });

    // The step marker is an element moved with a transform: playback repaints nothing here.
    Effect::new(move |_| {
        let Some(el) = marker.get() else { return };
        drawn.track();
        let step = store.step.get() as f64;
        let x_max = data.with(|d| d.x_max).max(1.0);
        let dpr = dpr.get();
        let p = plot.get_value();
        let style = web_sys::HtmlElement::style(&el);
        let Some((left, right)) = p.columns(width.get(), dpr) else {
            let _ = style.set_property("visibility", "hidden");
            return;
        };
        let _ = style.set_property("visibility", "visible");
        let (top, bottom) = (p.top, p.bottom);
        let px = (left + (step / x_max).clamp(0.0, 1.0) * (right - left)) / dpr;
        let _ =
            style.set_property("transform", &format!("translate({px:.2}px, {:.2}px)", top / dpr));
        let _ = style.set_property("height", &format!("{:.2}px", (bottom - top) / dpr));
    });

    let on_click = move |ev: MouseEvent| {
        let Some(canvas) = base.get_untracked() else { return };
        let rect = canvas.get_bounding_client_rect();
        let dpr = dpr.get_untracked();
        let px = (f64::from(ev.client_x()) - rect.left()) * dpr;
        let Some((left, right)) = plot.get_value().columns(width.get_untracked(), dpr) else {
            return;
        };
        let x_max = data.with_untracked(|d| d.x_max);
        let u = ((px - left) / (right - left)).clamp(0.0, 1.0);
        store.playing.set(false);
        store.step.set((u * x_max).round() as usize);
    };

    view! {
        <figure class="panel chart-panel" data-testid=testid>
            <h2 class="panel-title">{title}</h2>
            <div class="chart" node_ref=container>
                <canvas
                    node_ref=base
                    role="img"
                    aria-label=move || caption.get()
                    on:click=on_click
                    title="Click to jump to a step"
                ></canvas>
                <div class="step-marker" node_ref=marker aria-hidden="true"></div>
            </div>
            <figcaption class="chart-caption">{move || caption.get()}</figcaption>
        </figure>
    }
}

/// Draws `d` with the 2D context `ctx` of a canvas `w`×`h` device px; returns the plot
/// rectangle (left, right, top, bottom) in device px.
fn draw_chart(
    ctx: &Ctx,
    (w, h): (f64, f64),
    d: &ChartData,
    dpr: f64,
) -> Option<(f64, f64, f64, f64)> {
    let values = d.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let Some((lo, hi)) = y_range(values, d.log_y) else {
        clear(ctx, (w, h));
        ctx.set_font(&font(13.0, dpr));
        ctx.set_fill_style_str(&LABEL.css());
        let _ = ctx.fill_text("nothing to show yet", 24.0 * dpr, 24.0 * dpr);
        return None;
    };
    let (lo, hi) = drawable_range(lo, hi, d.log_y);
    let log = d.log_y;
    let axis = |v: f64| if log { v.max(lo).log10() } else { v };
    let f = Frame::new(w, h, dpr, (0.0, d.x_max.max(1.0)), (axis(lo), axis(hi)))?;
    let axes = Axes { x_title: "step", log_x: false, y_title: &d.y_label, log_y: log };
    draw_frame(ctx, (w, h), &f, &axes, dpr);
    draw_lines(ctx, &f, &d.lines, &axis, dpr);
    markers(ctx, &f, d, &axis, dpr);
    marks(ctx, &f, d, dpr);
    Some((f.left, f.right, f.top, f.bottom))
}

/// The titles and scales of a chart's axes (a log axis's frame is in log10 units).
pub(crate) struct Axes<'a> {
    pub x_title: &'a str,
    pub log_x: bool,
    pub y_title: &'a str,
    pub log_y: bool,
}

fn clear(ctx: &Ctx, (w, h): (f64, f64)) {
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
}

/// A white canvas `w`×`h` device px with the frame `f`: grid, axes, tick labels, titles.
pub(crate) fn draw_frame(ctx: &Ctx, size: (f64, f64), f: &Frame, axes: &Axes, dpr: f64) {
    clear(ctx, size);
    let ticks = (f.x_ticks(axes.log_x), f.y_ticks(axes.log_y));
    grid(ctx, f, &ticks, dpr);
    labels(ctx, f, &ticks, axes, dpr);
}

const LABEL: Rgb = Rgb(51, 56, 72);

fn font(css_px: f64, dpr: f64) -> String {
    format!("{}px sans-serif", (css_px * dpr).round())
}

/// Adds a line of width `lw` from a to b to the current path, on pixel centres so that a
/// thin line stays crisp. (One path per colour, stroked once: each stroke is a draw call for
/// the browser to rasterize.)
fn segment(ctx: &Ctx, a: (f64, f64), b: (f64, f64), lw: f64) {
    let snap = |v: f64| if lw.round() as i64 % 2 == 1 { v.floor() + 0.5 } else { v.round() };
    ctx.move_to(snap(a.0), snap(a.1));
    ctx.line_to(snap(b.0), snap(b.1));
}

/// The grid (faint lines, stronger at labelled ticks), the two axes and their tick marks.
fn grid(ctx: &Ctx, f: &Frame, (xs, ys): &(Vec<Tick>, Vec<Tick>), dpr: f64) {
    let lw = dpr.round().max(1.0);
    ctx.set_line_width(lw);
    let shade = |key: bool| if key { Rgb(222, 226, 234) } else { Rgb(238, 240, 245) };
    for key in [false, true] {
        ctx.set_stroke_style_str(&shade(key).css());
        ctx.begin_path();
        for t in xs.iter().filter(|t| t.key == key) {
            segment(ctx, (t.at, f.top), (t.at, f.bottom), lw);
        }
        for t in ys.iter().filter(|t| t.key == key) {
            segment(ctx, (f.left, t.at), (f.right, t.at), lw);
        }
        ctx.stroke();
    }
    ctx.set_stroke_style_str(&Rgb(120, 126, 140).css());
    ctx.begin_path();
    segment(ctx, (f.left, f.top), (f.left, f.bottom), lw);
    segment(ctx, (f.left, f.bottom), (f.right, f.bottom), lw);
    let tick = 5.0 * dpr;
    for t in xs.iter().filter(|t| t.key) {
        segment(ctx, (t.at, f.bottom), (t.at, f.bottom + tick), lw);
    }
    for t in ys.iter().filter(|t| t.key) {
        segment(ctx, (f.left - tick, t.at), (f.left, t.at), lw);
    }
    ctx.stroke();
}

/// Tick labels and the axes' titles (x below, y turned up the left side).
fn labels(ctx: &Ctx, f: &Frame, (xs, ys): &(Vec<Tick>, Vec<Tick>), axes: &Axes, dpr: f64) {
    ctx.set_font(&font(11.0, dpr));
    ctx.set_fill_style_str(&LABEL.css());
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for t in xs.iter().filter(|t| t.key) {
        let _ = ctx.fill_text(&t.label, t.at, f.bottom + 7.0 * dpr);
    }
    let _ = ctx.fill_text(axes.x_title, (f.left + f.right) / 2.0, f.bottom + 20.0 * dpr);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for t in ys.iter().filter(|t| t.key) {
        let _ = ctx.fill_text(&t.label, f.left - 7.0 * dpr, t.at);
    }
    ctx.save();
    let _ = ctx.translate(10.0 * dpr, (f.top + f.bottom) / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    ctx.set_text_align("center");
    let _ = ctx.fill_text(axes.y_title, 0.0, 0.0);
    ctx.restore();
}

/// The lines (dashed ones for a y coordinate), clipped to the plot; y through `axis` (the
/// frame's units).
pub(crate) fn draw_lines(
    ctx: &Ctx,
    f: &Frame,
    lines: &[Line],
    axis: &dyn Fn(f64) -> f64,
    dpr: f64,
) {
    ctx.save();
    ctx.begin_path();
    ctx.rect(f.left, f.top, f.right - f.left, f.bottom - f.top);
    ctx.clip();
    ctx.set_line_join("round");
    for line in lines {
        let _ = ctx.set_line_dash(&dashes(if line.dashed { &[6.0, 4.0] } else { &[] }, dpr));
        ctx.set_stroke_style_str(&line.color.css());
        let pieces = f.polyline(&line.points, axis, dpr);
        ctx.set_line_width(f.pen_width(&pieces, dpr));
        ctx.begin_path();
        for piece in pieces {
            for (k, &(px, py)) in piece.iter().enumerate() {
                if k == 0 {
                    ctx.move_to(px, py);
                } else {
                    ctx.line_to(px, py);
                }
            }
        }
        ctx.stroke();
    }
    let _ = ctx.set_line_dash(&dashes(&[], dpr));
    ctx.restore();
}

/// Each run's marker at a few points of its solid line: runs of one colour family (shades)
/// differ in shape too.
fn markers(ctx: &Ctx, f: &Frame, d: &ChartData, axis: &dyn Fn(f64) -> f64, dpr: f64) {
    let solid: Vec<_> = d.lines.iter().filter(|l| !l.dashed).collect();
    for (k, line) in solid.iter().enumerate() {
        let css = line.color.css();
        for (x, y) in marker_points(&line.points, d.x_max, k, solid.len()) {
            let at = (f.px_x(x), f.px_y(axis(y)));
            crate::app::draw::marker(ctx, line.marker, at, 3.5 * dpr, &css, dpr);
        }
    }
}

fn dashes(css: &[f64], dpr: f64) -> js_sys::Array {
    css.iter().map(|v| wasm_bindgen::JsValue::from_f64(v * dpr)).collect()
}

/// Marked steps: a dashed vertical line across the plot.
fn marks(ctx: &Ctx, f: &Frame, d: &ChartData, dpr: f64) {
    let css = crate::view::theme::SHIFT_MARK.css();
    let xs: Vec<_> = d.marks.iter().map(|&m| (f.px_x(m), css.as_str())).collect();
    verticals(ctx, f, &xs, &[4.0, 3.0], dpr);
}

/// Dashed vertical lines (`dash` in CSS px) across the plot at device-px x, each in its colour.
pub(crate) fn verticals(ctx: &Ctx, f: &Frame, xs: &[(f64, &str)], dash: &[f64], dpr: f64) {
    let _ = ctx.set_line_dash(&dashes(dash, dpr));
    ctx.set_line_width(1.5 * dpr);
    for &(x, css) in xs {
        ctx.set_stroke_style_str(css);
        ctx.begin_path();
        segment(ctx, (x, f.top), (x, f.bottom), 1.5 * dpr);
        ctx.stroke();
    }
    let _ = ctx.set_line_dash(&dashes(&[], dpr));
}
