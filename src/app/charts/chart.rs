//! One chart: lines drawn with plotters on a base canvas when the data change; the current
//! step is a marker element on top, so playback moves an element and repaints nothing.

use super::axis::TickedAxis;
use crate::app::draw::{self, device_pixel_ratio, observe_width};
use crate::app::perf::measure;
use crate::app::state::Store;
use crate::app::visible::visible;
use crate::view::format::short;
use crate::view::series::{drawable_range, marker_points, y_range, ChartData};
use crate::view::ticks::chart_ticks;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::MouseEvent;

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
        data.with(|d| {
            measure("draw-chart", || {
                if draw::prepare(&canvas, w, CHART_CSS_HEIGHT, dpr).is_some() {
                    if let Some((left, right, top, bottom)) = draw_chart(&canvas, d, dpr) {
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

/// Draws `d` on `canvas`; returns the plot rectangle (left, right, top, bottom) in device px.
fn draw_chart(
    canvas: &web_sys::HtmlCanvasElement,
    d: &ChartData,
    dpr: f64,
) -> Option<(f64, f64, f64, f64)> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let values = d.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let Some((lo, hi)) = y_range(values, d.log_y) else {
        let style = TextStyle::from((FontFamily::SansSerif, 13.0 * dpr).into_font())
            .color(&RGBColor(90, 98, 117));
        root.draw_text("nothing to show yet", &style, ((24.0 * dpr) as i32, (24.0 * dpr) as i32))
            .ok()?;
        return None;
    };
    let (lo, hi) = drawable_range(lo, hi, d.log_y);
    plot(canvas, &root, d, (lo, hi), dpr)
}

/// The chart type both kinds of chart draw on (one copy of plotters' generic code).
pub(crate) type Frame<'a> = ChartContext<
    'a,
    CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, TickedAxis>,
>;

/// A chart's frame, mesh and labels: x linear over `x` with `x_labels` labels of `x_fmt`,
/// y over (lo, hi), on log10 of the values for a log axis.
#[allow(clippy::too_many_arguments)]
pub(crate) fn frame<'a>(
    root: &'a DrawingArea<CanvasBackend, plotters::coord::Shift>,
    x: std::ops::Range<f64>,
    x_labels: usize,
    x_fmt: &dyn Fn(&f64) -> String,
    x_desc: &str,
    (lo, hi): (f64, f64),
    log: bool,
    y_desc: &str,
    dpr: f64,
) -> Option<Frame<'a>> {
    let axis = |v: f64| if log { v.max(lo).log10() } else { v };
    let (key, light) = chart_ticks(lo, hi, log);
    let ys = TickedAxis { lo: axis(lo), hi: axis(hi), key, light };
    let label = move |v: &f64| short(if log { 10f64.powf(*v) } else { *v });
    let px = |v: f64| (v * dpr).round() as i32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(8.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(x, ys)
        .ok()?;
    let text = RGBColor(51, 56, 72);
    let label_font = (FontFamily::SansSerif, 11.0 * dpr).into_font().color(&text);
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 240, 245))
        .bold_line_style(RGBColor(222, 226, 234))
        .axis_style(RGBColor(120, 126, 140))
        .label_style(label_font.clone())
        .axis_desc_style(label_font)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(x_labels)
        .y_labels(6)
        .x_label_formatter(x_fmt)
        .y_label_formatter(&label)
        .draw()
        .ok()?;
    Some(chart)
}

/// The canvas's own 2D context (plotters draws on the same one), for dashes and markers.
pub(crate) fn context_2d(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Draws `lines` (y through `axis`, the frame's units), dashed ones with the canvas's dashes.
pub(crate) fn draw_lines(
    chart: &mut Frame<'_>,
    ctx: Option<&web_sys::CanvasRenderingContext2d>,
    lines: &[crate::view::series::Line],
    axis: &dyn Fn(f64) -> f64,
    dpr: f64,
) -> Option<()> {
    // Dashes come from the canvas itself (plotters' dashed series strokes every dash as a
    // path of its own, which is slow for long runs).
    for line in lines {
        let crate::view::theme::Rgb(r, g, b) = line.color;
        let color = RGBColor(r, g, b);
        let style = ShapeStyle::from(color).stroke_width((2.0 * dpr).round() as u32);
        let pts = line.points.iter().map(|&(x, y)| (x, axis(y)));
        if let Some(ctx) = ctx {
            let dash: js_sys::Array = if line.dashed {
                [6.0 * dpr, 4.0 * dpr].iter().map(|v| wasm_bindgen::JsValue::from_f64(*v)).collect()
            } else {
                js_sys::Array::new()
            };
            let _ = ctx.set_line_dash(&dash);
        }
        chart.draw_series(LineSeries::new(pts, style)).ok()?;
    }
    Some(())
}

/// Draws the axes and lines of `d` for the y range (lo, hi). A log axis is a linear one
/// over log10 of the values, with its own ticks: one kind of axis means one copy of
/// plotters' generic chart code in the wasm (14 KB less than a second, log-scale one).
fn plot(
    canvas: &web_sys::HtmlCanvasElement,
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    d: &ChartData,
    (lo, hi): (f64, f64),
    dpr: f64,
) -> Option<(f64, f64, f64, f64)> {
    let log = d.log_y;
    let axis = |v: f64| if log { v.max(lo).log10() } else { v };
    let x = 0.0..d.x_max.max(1.0);
    let mut chart = frame(root, x, 6, &|v| short(*v), "step", (lo, hi), log, &d.y_label, dpr)?;
    let ctx = context_2d(canvas);
    draw_lines(&mut chart, ctx.as_ref(), &d.lines, &axis, dpr)?;
    // Each run's head marker at a few points of its solid line: runs of one colour family
    // (shades) differ in shape too.
    if let Some(ctx) = &ctx {
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        let solid: Vec<_> = d.lines.iter().filter(|l| !l.dashed).collect();
        for (k, line) in solid.iter().enumerate() {
            let css = line.color.css();
            for (x, y) in marker_points(&line.points, d.x_max, k, solid.len()) {
                let (px, py) = chart.backend_coord(&(x, axis(y)));
                let at = (f64::from(px), f64::from(py));
                crate::app::draw::marker(ctx, line.marker, at, 3.5 * dpr, &css, dpr);
            }
        }
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    if let Some(ctx) = &ctx {
        // Marked steps: a dashed vertical line across the plot.
        let dash: js_sys::Array =
            [4.0 * dpr, 3.0 * dpr].iter().map(|v| wasm_bindgen::JsValue::from_f64(*v)).collect();
        let _ = ctx.set_line_dash(&dash);
        ctx.set_line_width(1.5 * dpr);
        ctx.set_stroke_style_str(&crate::view::theme::SHIFT_MARK.css());
        for &m in &d.marks {
            let x = f64::from(xr.start) + m / d.x_max.max(1.0) * f64::from(xr.end - xr.start);
            ctx.begin_path();
            ctx.move_to(x, f64::from(yr.start));
            ctx.line_to(x, f64::from(yr.end));
            ctx.stroke();
        }
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    Some((f64::from(xr.start), f64::from(xr.end), f64::from(yr.start), f64::from(yr.end)))
}
