//! Charts under the surface: loss vs step, and each coordinate's effective learning rate vs
//! step. Lines are drawn with plotters on a base canvas when the runs change; the current
//! step is a marker on an overlay canvas, so playback redraws one line, not the charts.

use super::chart_axis::TickedAxis;
use super::draw::{self, device_pixel_ratio, observe_width};
use super::palette::run_color;
use super::perf::measure;
use super::state::Store;
use super::visible::visible;
use crate::core::trajectory::Trajectory;
use crate::view::format::short;
use crate::view::raster::hex_rgba;
use crate::view::series::{decimate, y_range};
use crate::view::ticks::chart_ticks;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::MouseEvent;

const CHART_CSS_HEIGHT: f64 = 210.0;
/// Points per line: about two per pixel column of a chart at desktop width (about 320 px) (decimation keeps
/// each column's extremes), so long runs cost no more to draw than short ones.
const CHART_COLUMNS: usize = 320;

/// One line of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub color: &'static str,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// Everything a chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub lines: Vec<Line>,
    pub x_max: f64,
    pub log_y: bool,
    pub y_label: String,
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
    let plot = StoredValue::new((0.0_f64, 1.0_f64, 0.0_f64, 1.0_f64));
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
                    if let Some(r) = draw_chart(&canvas, d, dpr) {
                        plot.set_value(r);
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
        let (left, right, top, bottom) = plot.get_value();
        let px = (left + (step / x_max).clamp(0.0, 1.0) * (right - left)) / dpr;
        let style = web_sys::HtmlElement::style(&el);
        let _ =
            style.set_property("transform", &format!("translate({px:.2}px, {:.2}px)", top / dpr));
        let _ = style.set_property("height", &format!("{:.2}px", (bottom - top) / dpr));
    });

    let on_click = move |ev: MouseEvent| {
        let Some(canvas) = base.get_untracked() else { return };
        let rect = canvas.get_bounding_client_rect();
        let dpr = dpr.get_untracked();
        let px = (f64::from(ev.client_x()) - rect.left()) * dpr;
        let (left, right, _, _) = plot.get_value();
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

/// A y range plotters can draw. Its log axis loops without end on an infinite or zero bound
/// (a diverging run's 1e300 padded to 1e315) and overflows past ~300 decades; its linear axis
/// needs a finite width. Keeps the top of the range, where a diverging run is.
fn drawable_range(lo: f64, hi: f64, log: bool) -> (f64, f64) {
    const LIMIT: f64 = 1e300;
    if log {
        let hi = hi.clamp(1e-300, LIMIT);
        let lo = lo.max(hi / LIMIT).min(hi / 10.0);
        (lo, hi)
    } else {
        let (lo, hi) = (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT));
        (lo, if hi > lo { hi } else { lo + lo.abs().max(1.0) * 1e-3 })
    }
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
    let (key, light) = chart_ticks(lo, hi, log);
    let ys = TickedAxis { lo: axis(lo), hi: axis(hi), key, light };
    let label = move |v: &f64| short(if log { 10f64.powf(*v) } else { *v });
    let px = |v: f64| (v * dpr).round() as i32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(8.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(0.0..d.x_max.max(1.0), ys)
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
        .x_desc("step")
        .y_desc(d.y_label.as_str())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&label)
        .draw()
        .ok()?;
    // Dashes come from the canvas itself (plotters' dashed series strokes every dash as a
    // path of its own, which is slow for long runs); plotters draws on the same context.
    let ctx: Option<web_sys::CanvasRenderingContext2d> =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok());
    for line in &d.lines {
        let color = parse_hex(line.color);
        let style = ShapeStyle::from(color).stroke_width((2.0 * dpr).round() as u32);
        let pts = line.points.iter().map(|&(x, y)| (x, axis(y)));
        if let Some(ctx) = &ctx {
            let dash: js_sys::Array = if line.dashed {
                [6.0 * dpr, 4.0 * dpr].iter().map(|v| wasm_bindgen::JsValue::from_f64(*v)).collect()
            } else {
                js_sys::Array::new()
            };
            let _ = ctx.set_line_dash(&dash);
        }
        chart.draw_series(LineSeries::new(pts, style)).ok()?;
    }
    if let Some(ctx) = &ctx {
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some((f64::from(xr.start), f64::from(xr.end), f64::from(yr.start), f64::from(yr.end)))
}

fn parse_hex(hex: &str) -> RGBColor {
    let [r, g, b, _] = hex_rgba(hex, 255);
    RGBColor(r, g, b)
}

/// The decimated lines of the runs drawn last time, by trajectory: a slider that changes one
/// run decimates that run's series only (thousands of steps each).
#[derive(Default)]
pub struct SeriesCache(Vec<CachedLine>);

/// A trajectory, which of its series (the axis), and the points drawn for it.
type CachedLine = (Arc<Trajectory>, usize, Vec<(f64, f64)>);

impl SeriesCache {
    pub fn new() -> StoredValue<SeriesCache, LocalStorage> {
        StoredValue::new_local(SeriesCache::default())
    }

    /// Series `axis` of `tr`: from the last drawing's entries when there, else from
    /// `compute`; noted in `used`, which becomes the cache once all lines are made.
    fn line(
        &mut self,
        used: &mut Vec<CachedLine>,
        tr: &Arc<Trajectory>,
        axis: usize,
        compute: impl FnOnce() -> Vec<(f64, f64)>,
    ) -> Vec<(f64, f64)> {
        let known = self.0.iter().find(|(t, a, _)| Arc::ptr_eq(t, tr) && *a == axis);
        let points = known.map_or_else(compute, |(_, _, p)| p.clone());
        used.push((tr.clone(), axis, points.clone()));
        points
    }
}

/// The lines of every visible run, one per axis in `axes`, through `cache`.
fn cached_lines(
    store: &Store,
    cache: StoredValue<SeriesCache, LocalStorage>,
    axes: usize,
    mut line: impl FnMut(&Trajectory, usize) -> Vec<(f64, f64)>,
) -> Vec<Line> {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let mut used = Vec::new();
    let mut lines = Vec::new();
    cache.update_value(|c| {
        for (spec, tr) in specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible) {
            for axis in 0..axes {
                lines.push(Line {
                    color: run_color(spec.color),
                    dashed: axis == 1,
                    points: c.line(&mut used, tr, axis, || line(tr, axis)),
                });
            }
        }
        c.0 = used;
    });
    lines
}

/// Loss vs step: the gap to the known minimum on a log axis when there is one (so the
/// approach to zero stays visible for decades), else the loss itself.
fn loss_data(store: &Store, cache: StoredValue<SeriesCache, LocalStorage>) -> ChartData {
    let floor = store.surface.with(|s| s.minima().iter().map(|m| m.f).reduce(f64::min));
    // Trajectories are recomputed whenever the surface changes, so the floor is part of the
    // cache's key already.
    let lines = cached_lines(store, cache, 1, |tr, _| {
        let ys: Vec<f64> = match floor {
            Some(f) => tr.loss.iter().map(|l| (l - f).max(1e-16)).collect(),
            None => tr.loss.clone(),
        };
        decimate(&ys, CHART_COLUMNS)
    });
    let log_y = floor.is_some() || lines.iter().all(|l| l.points.iter().all(|p| p.1 > 0.0));
    let y_label = match (floor, log_y) {
        (Some(f), _) if f != 0.0 => format!("f − f* (f* = {})", short(f)),
        (Some(_), _) | (None, true) => "loss f (log)".to_string(),
        (None, false) => "loss f".to_string(),
    };
    ChartData { lines, x_max: store.steps.get() as f64, log_y, y_label }
}

/// Effective learning rate of each run, per coordinate: x solid, y dashed.
fn eff_lr_data(store: &Store, cache: StoredValue<SeriesCache, LocalStorage>) -> ChartData {
    series_per_axis(store, cache, "effective lr", |tr, axis| {
        tr.steps.iter().map(|s| s.eff_lr[axis]).collect()
    })
}

/// A chart with one solid (x) and one dashed (y) line per visible run; `ys` gives the value
/// for steps 1, 2, … of a trajectory.
pub fn series_per_axis(
    store: &Store,
    cache: StoredValue<SeriesCache, LocalStorage>,
    y_label: &str,
    ys: impl Fn(&Trajectory, usize) -> Vec<f64>,
) -> ChartData {
    let lines = cached_lines(store, cache, 2, |tr, axis| {
        // Update k is plotted at step k: prepend a gap for step 0.
        let mut values = vec![f64::NAN];
        values.extend(ys(tr, axis));
        decimate(&values, CHART_COLUMNS)
    });
    ChartData { lines, x_max: store.steps.get() as f64, log_y: true, y_label: y_label.to_string() }
}

#[component]
pub fn Charts() -> impl IntoView {
    let store = expect_context::<Store>();
    let (loss_cache, eff_cache) = (SeriesCache::new(), SeriesCache::new());
    let loss = Memo::new(move |_| loss_data(&store, loss_cache));
    let eff = Memo::new(move |_| eff_lr_data(&store, eff_cache));
    let loss_caption = Signal::derive(move || {
        loss.with(|d| {
            format!(
                "Loss of every visible run against the step; y axis: {}. Click to jump to a step.",
                d.y_label
            )
        })
    });
    let eff_caption = Signal::derive(|| {
        "The factor that multiplies each coordinate's gradient: α/√(v+ε) for RMSProp, \
         α/(√s+ε) for AdaGrad, the bias-corrected factor on m for Adam, α for SGD. \
         Solid: x, dashed: y."
            .to_string()
    });
    view! {
        <div class="chart-grid">
            <Chart title="Loss" data=loss caption=loss_caption testid="loss-chart" />
            <Chart title="Effective learning rate per coordinate" data=eff caption=eff_caption testid="eff-lr-chart" />
            <super::internals::InternalsCharts />
        </div>
    }
}
