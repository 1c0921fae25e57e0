//! Charts under the surface: loss vs step, and each coordinate's effective learning rate vs
//! step. Lines are drawn with plotters on a base canvas when the runs change; the current
//! step is a marker on an overlay canvas, so playback redraws one line, not the charts.

use super::draw::{self, device_pixel_ratio, observe_width};
use super::palette::run_color;
use super::perf::measure;
use super::state::Store;
use crate::core::trajectory::Trajectory;
use crate::view::format::short;
use crate::view::series::{decimate, y_range};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::MouseEvent;

const CHART_CSS_HEIGHT: f64 = 210.0;

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
    let marker = NodeRef::<Canvas>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    // The plot's horizontal extent in device pixels, from the last draw (for clicks).
    let plot_x = StoredValue::new((0.0_f64, 1.0_f64, 0.0_f64, 1.0_f64));

    Effect::new(move |_| {
        let (Some(canvas), w, dpr) = (base.get(), width.get(), dpr.get()) else { return };
        if w < 10.0 {
            return;
        }
        data.with(|d| {
            measure("draw-chart", || {
                if draw::prepare(&canvas, w, CHART_CSS_HEIGHT, dpr).is_some() {
                    if let Some(r) = draw_chart(&canvas, d, dpr) {
                        plot_x.set_value(r);
                    }
                }
            })
        });
    });

    Effect::new(move |_| {
        let (Some(canvas), w, dpr) = (marker.get(), width.get(), dpr.get()) else { return };
        let step = store.step.get() as f64;
        let x_max = data.with(|d| d.x_max);
        // Re-run after the base chart has drawn (its extent may have changed).
        data.track();
        let Some(ctx) = draw::prepare(&canvas, w, CHART_CSS_HEIGHT, dpr) else { return };
        let (left, right, top, bottom) = plot_x.get_value();
        let px = left + (step / x_max.max(1.0)).clamp(0.0, 1.0) * (right - left);
        ctx.set_stroke_style_str("rgba(59,76,202,0.8)");
        ctx.set_line_width(1.5 * dpr);
        ctx.begin_path();
        ctx.move_to(px, top);
        ctx.line_to(px, bottom);
        ctx.stroke();
    });

    let on_click = move |ev: MouseEvent| {
        let Some(canvas) = marker.get_untracked() else { return };
        let rect = canvas.get_bounding_client_rect();
        let dpr = dpr.get_untracked();
        let px = (f64::from(ev.client_x()) - rect.left()) * dpr;
        let (left, right, _, _) = plot_x.get_value();
        let x_max = data.with_untracked(|d| d.x_max);
        let u = ((px - left) / (right - left)).clamp(0.0, 1.0);
        store.playing.set(false);
        store.step.set((u * x_max).round() as usize);
    };

    view! {
        <figure class="panel chart-panel" data-testid=testid>
            <h2 class="panel-title">{title}</h2>
            <div class="chart" node_ref=container>
                <canvas node_ref=base role="img" aria-label=move || caption.get()></canvas>
                <canvas node_ref=marker aria-hidden="true" on:click=on_click title="Click to jump to a step"></canvas>
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
        let style =
            TextStyle::from(("sans-serif", 13.0 * dpr).into_font()).color(&RGBColor(90, 98, 117));
        root.draw_text("nothing to show yet", &style, ((24.0 * dpr) as i32, (24.0 * dpr) as i32))
            .ok()?;
        return None;
    };
    let (lo, hi) = drawable_range(lo, hi, d.log_y);
    let x_max = d.x_max.max(1.0);
    if d.log_y {
        plot(&root, d, 0.0..x_max, (lo..hi).log_scale(), dpr)
    } else {
        plot(&root, d, 0.0..x_max, lo..hi, dpr)
    }
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

fn plot<Y>(
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    d: &ChartData,
    xs: std::ops::Range<f64>,
    ys: Y,
    dpr: f64,
) -> Option<(f64, f64, f64, f64)>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
    <Y::CoordDescType as Ranged>::ValueType: From<f64>,
{
    let px = |v: f64| (v * dpr).round() as i32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(8.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(xs, ys)
        .ok()?;
    let text = RGBColor(51, 56, 72);
    let label_font = ("sans-serif", 11.0 * dpr).into_font().color(&text);
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
        .y_label_formatter(&|v| short(*v))
        .draw()
        .ok()?;
    for line in &d.lines {
        let color = parse_hex(line.color);
        let style = ShapeStyle::from(color).stroke_width((2.0 * dpr).round() as u32);
        let pts = line.points.iter().map(|&(x, y)| (x, y));
        if line.dashed {
            let dash = (6.0 * dpr) as i32;
            chart.draw_series(DashedLineSeries::new(pts, dash, dash / 2 + 1, style)).ok()?;
        } else {
            chart.draw_series(LineSeries::new(pts, style)).ok()?;
        }
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some((f64::from(xr.start), f64::from(xr.end), f64::from(yr.start), f64::from(yr.end)))
}

fn parse_hex(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x888888);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// Loss vs step: the gap to the known minimum on a log axis when there is one (so the
/// approach to zero stays visible for decades), else the loss itself.
fn loss_data(store: &Store) -> ChartData {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let floor = store.surface.with(|s| s.minima().iter().map(|m| m.f).reduce(f64::min));
    let columns = 900;
    let mut lines = Vec::new();
    for (spec, tr) in specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible) {
        let ys: Vec<f64> = match floor {
            Some(f) => tr.loss.iter().map(|l| (l - f).max(1e-16)).collect(),
            None => tr.loss.clone(),
        };
        lines.push(Line {
            color: run_color(spec.color),
            dashed: false,
            points: decimate(&ys, columns),
        });
    }
    let log_y = floor.is_some() || lines.iter().all(|l| l.points.iter().all(|p| p.1 > 0.0));
    let y_label = match (floor, log_y) {
        (Some(f), _) if f != 0.0 => format!("f − f* (f* = {})", short(f)),
        (Some(_), _) | (None, true) => "loss f (log)".to_string(),
        (None, false) => "loss f".to_string(),
    };
    ChartData { lines, x_max: store.steps.get() as f64, log_y, y_label }
}

/// Effective learning rate of each run, per coordinate: x solid, y dashed.
fn eff_lr_data(store: &Store) -> ChartData {
    series_per_axis(store, "effective lr", |tr, axis| {
        tr.steps.iter().map(|s| s.eff_lr[axis]).collect()
    })
}

/// A chart with one solid (x) and one dashed (y) line per visible run; `ys` gives the value
/// for steps 1, 2, … of a trajectory.
pub fn series_per_axis(
    store: &Store,
    y_label: &str,
    ys: impl Fn(&Trajectory, usize) -> Vec<f64>,
) -> ChartData {
    let runs = store.trajectories.get();
    let specs = store.runs.get();
    let mut lines = Vec::new();
    for (spec, tr) in specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible) {
        for axis in 0..2 {
            // Update k is plotted at step k: prepend a gap for step 0.
            let mut values = vec![f64::NAN];
            values.extend(ys(tr, axis));
            lines.push(Line {
                color: run_color(spec.color),
                dashed: axis == 1,
                points: decimate(&values, 600),
            });
        }
    }
    ChartData { lines, x_max: store.steps.get() as f64, log_y: true, y_label: y_label.to_string() }
}

#[component]
pub fn Charts() -> impl IntoView {
    let store = expect_context::<Store>();
    let loss = Memo::new(move |_| loss_data(&store));
    let eff = Memo::new(move |_| eff_lr_data(&store));
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
