//! The surface view's three canvases, each redrawn by its own effect on just what it shows:
//! the heatmap (surface, size, contours), the ghost paths and gradient field (the runs), and
//! the paths up to the playback step with their heads (every frame of playback).

use super::overlays;
use super::{Layout, SameRun};
use crate::app::draw::{self, PixelBuffer};
use crate::app::perf::measure;
use crate::app::state::{RunSpec, Store};
use crate::core::surface::Surface;
use crate::core::trajectory::{Objective, Trajectory};
use crate::view::colormap::{LossScale, Palette};
use crate::view::contours::{contour_lines, levels, ContourLine};
use crate::view::edge::last_exit;
use crate::view::heatmap::{rgba_into, Grid};
use crate::view::path_layers::{Budget, PathLayers, PathStyle};
use crate::view::theme::{run_color, run_marker, BATCH_CONTOUR};
use crate::view::transform::Frame;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::{CanvasRenderingContext2d as Ctx, HtmlCanvasElement};

/// The heatmap is sampled at up to this many points and scaled to the plot: the colour field
/// is smooth, and this keeps a surface switch within one or two frames even for custom
/// formulas. Lines and text are drawn at full device resolution.
const MAX_HEATMAP_SAMPLES: f64 = 100_000.0;
/// On data, every sample is a loss over all rows: the heatmap then takes at most this many
/// row evaluations (at least [`MIN_DATA_SAMPLES`] samples), so a switch stays quick.
const MAX_HEATMAP_ROW_EVALUATIONS: f64 = 500_000.0;
const MIN_DATA_SAMPLES: f64 = 2_500.0;
/// Contour lines come from a coarser grid: marching squares interpolates between samples.
const CONTOUR_GRID: f64 = 140.0;
const CONTOUR_LEVELS: usize = 12;
/// The minibatch's contours are redrawn at every step of playback: at most this many row
/// evaluations each time.
const MAX_BATCH_CONTOUR_ROW_EVALUATIONS: f64 = 60_000.0;

/// The heatmap layer: depends on the surface, the size and the contour toggle only, so a
/// slider never recomputes it.
pub fn heatmap_layer(
    store: Store,
    base: NodeRef<Canvas>,
    layout: Memo<Layout>,
    dpr: RwSignal<f64>,
) {
    let offscreen = StoredValue::new_local(None::<HtmlCanvasElement>);
    let buffers = StoredValue::new_local((Vec::new(), Vec::new()));
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (base.get(), layout.get(), dpr.get()) else { return };
        let show_contours = store.overlays.with(|o| o.contours);
        let shift = store.shift_in_force.get();
        store.surface.with(|surface| {
            let objective = Objective { surface, shift, batch: None };
            measure("draw-surface", || {
                draw_base(&canvas, objective, l, dpr, show_contours, offscreen, buffers);
            })
        });
    });
}

/// How much stroking (pixels of pen area, see [`Budget`]) each path layer does per frame. A
/// run of 10 000 chaotic steps is about a million; the rest of such a path is drawn in the
/// next frames, so a slider never stalls playback. Ordinary paths fit in one frame.
const STROKE_BUDGET_PX: f64 = 150_000.0;
/// The ghost layer's share: its faint whole paths matter less than the solid ones, which a
/// slider move redraws in the same frame, so a moved chaotic run's ghost fills in over a few
/// more frames (a third of a second for 10 000 steps) rather than doubling that frame's work.
const GHOST_BUDGET_PX: f64 = STROKE_BUDGET_PX / 3.0;

/// What a path layer shows: a run's path, or its noise cloud (whole, on the ghost layer, or
/// up to the playback step on the paths layer).
enum Shown {
    Run(SameRun),
    Cloud(Arc<Vec<Vec<Trajectory>>>, usize),
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Shown::Run(a), Shown::Run(b)) => a == b,
            (Shown::Cloud(a, i), Shown::Cloud(b, j)) => Arc::ptr_eq(a, b) && i == j,
            _ => false,
        }
    }
}

/// Asks for one more redraw next frame, when a layer's paths did not fit in this frame's
/// budget.
fn go_on_next_frame(more: Trigger, done: bool) {
    if !done {
        request_animation_frame(move || more.notify());
    }
}

/// The ghost layer: each run's whole path and its noise cloud, faint, so a reset or a new
/// start never shows an empty surface. One layer per run and per cloud (view::path_layers),
/// so a slider re-rasterises the run it moved only; drawn when the runs change, not every
/// frame.
pub fn ghost_layer(store: Store, ghost: NodeRef<Canvas>, layout: Memo<Layout>, dpr: RwSignal<f64>) {
    let layers = StoredValue::new_local((None::<Frame>, PathLayers::<Shown>::new(1, 1)));
    let ghost_pixels = StoredValue::new_local(PixelBuffer::new());
    let blank_at = StoredValue::new_local(None::<(Layout, f64)>);
    let more = Trigger::new();
    // At the end of the runs the solid paths cover their ghosts: skip the (costly) drawing.
    let at_end = Memo::new(move |_| store.step.get() >= store.steps.get());
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (ghost.get(), layout.get(), dpr.get()) else { return };
        more.track();
        let quiver = store.overlays.with(|o| o.quiver);
        let ghosts = !at_end.get() || store.clouds.with(|c| !c.0.is_empty());
        let pinned = store.pinned.get();
        let runs = store.trajectories.get();
        let clouds = store.clouds.get();
        let specs = store.runs.get();
        // An empty layer is a one-pixel canvas, left alone while it stays empty: a cleared
        // canvas is still a changed one for the browser to composite again.
        if !ghosts && !quiver && pinned.is_empty() {
            if blank_at.get_value() != Some((l, dpr)) {
                draw::blank(&canvas, l.css_w, l.css_h, dpr);
                blank_at.set_value(Some((l, dpr)));
            }
            return;
        }
        blank_at.set_value(None);
        measure("draw-ghosts", || {
            let Some(ctx) = draw::prepare(&canvas, l.css_w, l.css_h, dpr) else { return };
            let frame = l.frame.scaled(dpr);
            if ghosts || !pinned.is_empty() {
                layers.update_value(|(drawn_frame, layers)| {
                    fit(layers, drawn_frame, &canvas, &frame);
                    let mut budget = Budget::new(GHOST_BUDGET_PX);
                    let (mut done, mut n) = (true, 0);
                    // The next layer shows `paths`; within this frame's budget.
                    let mut layer = |key, style, paths: &[&[[f64; 2]]]| {
                        let to_px = |p| frame.to_px(p);
                        done &= layers.draw_within(n, key, style, paths, to_px, &mut budget);
                        n += 1;
                    };
                    let visible = specs.iter().zip(runs.0.iter()).enumerate();
                    let shown = visible.filter(|(_, (s, _))| ghosts && s.visible);
                    for (i, (spec, tr)) in shown {
                        let color = run_color(spec.color);
                        if let Some(cloud) = clouds.0.get(i).filter(|c| !c.is_empty()) {
                            let paths: Vec<_> = cloud.iter().map(|t| &t.points[..]).collect();
                            let style =
                                PathStyle { halo: (1.25 * dpr, color.rgba(90)), line: None };
                            layer(Shown::Cloud(clouds.0.clone(), i), style, &paths);
                        }
                        let style = PathStyle { halo: (1.5 * dpr, color.rgba(105)), line: None };
                        layer(Shown::Run(SameRun(tr.clone())), style, &[&tr.points]);
                    }
                    // Pinned runs: a thin line in the run's colour on a white edge.
                    for (color, tr) in &pinned {
                        let line = Some((1.25 * dpr, run_color(*color).rgba(255)));
                        let style = PathStyle { halo: (3.0 * dpr, [255, 255, 255, 170]), line };
                        layer(Shown::Run(SameRun(tr.clone())), style, &[&tr.points]);
                    }
                    layers.truncate(n);
                    layers.compose();
                    let size = (layers.width, layers.height);
                    ghost_pixels
                        .update_value(|p| p.put(&ctx, &layers.rgba, size, layers.dirty_rect()));
                    go_on_next_frame(more, done);
                });
            }
            // The gradient field is static too: it lives on this layer, under the paths.
            if quiver {
                ctx.save();
                ctx.begin_path();
                ctx.rect(frame.left, frame.top, frame.width, frame.height);
                ctx.clip();
                let shift = store.shift_in_force.get();
                store.surface.with_untracked(|surface| {
                    overlays::quiver(&ctx, &frame, Objective { surface, shift, batch: None }, dpr)
                });
                ctx.restore();
            }
        });
    });
}

/// Resizes `layers` to the canvas and starts them over when the plot moved (every point lands
/// elsewhere), clipped to the plot.
fn fit<K: PartialEq>(
    layers: &mut PathLayers<K>,
    drawn_frame: &mut Option<Frame>,
    canvas: &HtmlCanvasElement,
    frame: &Frame,
) {
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    layers.resize(w, h);
    if *drawn_frame != Some(*frame) {
        layers.reset();
        *drawn_frame = Some(*frame);
    }
    let (x0, y0) = (frame.left, frame.top);
    layers.set_clip(x0, y0, x0 + frame.width, y0 + frame.height);
}

/// The contours of the loss on the minibatch that the update leaving playback step `step`
/// uses (on data with minibatches; nothing otherwise), at levels of their own.
fn batch_contours(ctx: &Ctx, frame: &Frame, surface: &Surface, step: usize, dpr: f64) {
    let Some(d) = surface.data().filter(|d| d.minibatched()) else { return };
    let batch = d.batch_of_update(step + 1);
    let rows = d.batch_rows(batch);
    let cap = (MAX_BATCH_CONTOUR_ROW_EVALUATIONS / rows.len() as f64).sqrt();
    let n = (frame.width / dpr).clamp(40.0, CONTOUR_GRID.min(cap));
    let f = |p| d.rows_value_and_grad(&rows, p).0;
    let grid = measure("batch-contour-sample", || {
        Grid::sample_fn(f, frame.window, n as usize, (n * frame.height / frame.width) as usize)
    });
    let scale = LossScale::fit(&grid.values, None);
    let lines = contour_lines(&grid, &levels(&scale, CONTOUR_LEVELS));
    stroke_contours(ctx, frame, &lines, &format!("{}B0", BATCH_CONTOUR.css()), dpr);
}

/// Contour lines as one thin stroke in `color`.
fn stroke_contours(ctx: &Ctx, frame: &Frame, lines: &[ContourLine], color: &str, dpr: f64) {
    ctx.set_line_width(dpr);
    ctx.set_stroke_style_str(color);
    ctx.begin_path();
    for line in lines {
        for [a, b] in &line.segments {
            let ((ax, ay), (bx, by)) = (frame.to_px(*a), frame.to_px(*b));
            ctx.move_to(ax, ay);
            ctx.line_to(bx, by);
        }
    }
    ctx.stroke();
}

/// The paths layer: every run up to the playback step, its head and overlays, the start.
pub fn paths_layer(store: Store, paths: NodeRef<Canvas>, layout: Memo<Layout>, dpr: RwSignal<f64>) {
    let path_layers = StoredValue::new_local((None::<Frame>, PathLayers::new(1, 1)));
    let path_pixels = StoredValue::new_local(PixelBuffer::new());
    let more = Trigger::new();
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (paths.get(), layout.get(), dpr.get()) else { return };
        more.track();
        let runs = store.trajectories.get();
        let clouds = store.clouds.get();
        let specs = store.runs.get();
        let step = store.step.get();
        let start = store.start.get();
        let ov = store.overlays.get();
        let selected = store.selected.get();
        measure("draw-paths", || {
            let Some(ctx) = draw::prepare(&canvas, l.css_w, l.css_h, dpr) else { return };
            let frame = l.frame.scaled(dpr);
            // Lines and markers in CSS px times the classroom scale.
            let dpr = dpr * l.scale;
            // Each run's path up to the step: a dark halo, then the colour, rasterized in
            // Rust, one layer per run (a slider redraws one run; playback adds segments),
            // and put on the canvas at once (see view::path_layers for why).
            path_layers.update_value(|(drawn_frame, layers)| {
                fit(layers, drawn_frame, &canvas, &frame);
                let mut budget = Budget::new(STROKE_BUDGET_PX);
                let mut done = true;
                let to_px = |p| frame.to_px(p);
                let visible = specs.iter().zip(runs.0.iter()).enumerate();
                let mut n = 0;
                for (i, (spec, tr)) in visible.filter(|(_, (s, _))| s.visible) {
                    let color = run_color(spec.color);
                    // The noise cloud up to the step, under the run's own path.
                    if let Some(cloud) = clouds.0.get(i).filter(|c| !c.is_empty()) {
                        let paths: Vec<_> = cloud.iter().map(|t| t.path_to(step)).collect();
                        let style = PathStyle { halo: (1.25 * dpr, color.rgba(150)), line: None };
                        let key = Shown::Cloud(clouds.0.clone(), i);
                        done &= layers.draw_within(n, key, style, &paths, to_px, &mut budget);
                        n += 1;
                    }
                    let style = PathStyle {
                        halo: (4.5 * dpr, [0, 0, 0, 140]),
                        line: Some((2.25 * dpr, color.rgba(255))),
                    };
                    let key = Shown::Run(SameRun(tr.clone()));
                    let path = tr.path_to(step);
                    done &= layers.draw_within(n, key, style, &[path], to_px, &mut budget);
                    n += 1;
                }
                layers.truncate(n);
                layers.compose();
                let size = (layers.width, layers.height);
                path_pixels.update_value(|p| p.put(&ctx, &layers.rgba, size, layers.dirty_rect()));
                go_on_next_frame(more, done);
            });
            ctx.save();
            ctx.begin_path();
            ctx.rect(frame.left, frame.top, frame.width, frame.height);
            ctx.clip();
            if ov.batch_contours {
                store.surface.with(|s| batch_contours(&ctx, &frame, s, step, dpr));
            }
            cloud_ends(&ctx, &frame, &specs, &clouds.0, step, dpr);
            for (spec, tr) in specs.iter().zip(runs.0.iter()) {
                let (true, Some(end)) = (spec.visible, tr.head(step)) else { continue };
                if let Some(e) = last_exit(tr.path_to(step), frame.window) {
                    let css = run_color(spec.color).css();
                    let (at, dir) = (frame.to_px(e.at), frame.direction_px(e.dir));
                    draw::edge_marker(&ctx, at, dir, e.step, &css, dpr);
                    continue; // the head is off the plot
                }
                let head = frame.to_px(tr.points[end]);
                if ov.accumulator || ov.step_arrows {
                    overlays::at_head(&ctx, &frame, tr, end, ov, &run_color(spec.color).css(), dpr);
                }
                if tr.diverged_at.is_some() && step >= tr.points.len() {
                    draw::cross(&ctx, head, 5.0 * dpr, dpr);
                }
                let r = if selected == Some(spec.id) { 6.5 } else { 5.0 };
                draw::marker(
                    &ctx,
                    run_marker(spec.color),
                    head,
                    r * dpr,
                    &run_color(spec.color).css(),
                    1.5 * dpr,
                );
            }
            draw::start_ring(&ctx, frame.to_px(start), 7.0 * dpr, dpr);
            ctx.restore();
        });
    });
}

/// Where each seed of every visible noise cloud is at playback step `step`: a small dot in
/// the run's colour on a dark edge, all in one path per run (one fill and one stroke).
fn cloud_ends(
    ctx: &Ctx,
    frame: &Frame,
    specs: &[RunSpec],
    clouds: &[Vec<Trajectory>],
    step: usize,
    dpr: f64,
) {
    ctx.set_line_width(dpr);
    ctx.set_stroke_style_str("rgba(0,0,0,0.7)");
    for (spec, cloud) in specs.iter().zip(clouds).filter(|(s, c)| s.visible && !c.is_empty()) {
        ctx.begin_path();
        for tr in cloud {
            let Some(end) = tr.head(step) else { continue };
            let (x, y) = frame.to_px(tr.points[end]);
            ctx.move_to(x + 2.2 * dpr, y);
            let _ = ctx.arc(x, y, 2.2 * dpr, 0.0, std::f64::consts::TAU);
        }
        ctx.set_fill_style_str(&run_color(spec.color).css());
        ctx.fill();
        ctx.stroke();
    }
}

fn draw_base(
    canvas: &HtmlCanvasElement,
    objective: Objective,
    l: Layout,
    dpr: f64,
    show_contours: bool,
    offscreen: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
    buffers: StoredValue<(Vec<f64>, Vec<u8>), LocalStorage>,
) {
    let Some(ctx) = draw::prepare(canvas, l.css_w, l.css_h, dpr) else { return };
    let frame = l.frame.scaled(dpr);
    let window = frame.window;
    // Sample at device resolution when affordable, else as finely as the budget allows.
    let rows = objective.surface.data().map_or(1.0, |d| d.n() as f64);
    let budget = (MAX_HEATMAP_ROW_EVALUATIONS / rows).clamp(MIN_DATA_SAMPLES, MAX_HEATMAP_SAMPLES);
    let k = ((frame.width * frame.height) / budget).sqrt().max(1.0);
    let (nx, ny) = ((frame.width / k).round() as usize, (frame.height / k).round() as usize);
    let f = |p| objective.value(p);
    // The samples and pixels are kept between draws (see Grid::sample_into).
    let (values, mut pixels) = buffers.try_update_value(std::mem::take).unwrap_or_default();
    let grid = measure("heatmap-sample", || Grid::sample_into(f, window, nx, ny, values));
    let minima = objective.minima();
    let floor = objective.loss_floor();
    let scale = measure("heatmap-scale", || LossScale::fit(&grid.values, floor));
    measure("heatmap-rgba", || rgba_into(&grid, &scale, &Palette::viridis(), &mut pixels));
    let shown = draw::offscreen_with(offscreen, grid.nx as u32, grid.ny as u32, &pixels);
    if let Some(img) = shown {
        ctx.set_image_smoothing_enabled(true);
        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &img,
            frame.left,
            frame.top,
            frame.width,
            frame.height,
        );
    }
    buffers.set_value((grid.values, pixels));
    if show_contours {
        // On data, a quarter of the heatmap's row evaluations (the same floor of samples).
        let data_cap = (0.25 * MAX_HEATMAP_ROW_EVALUATIONS / rows).max(MIN_DATA_SAMPLES).sqrt();
        let cn = (frame.width / dpr).clamp(40.0, CONTOUR_GRID.min(data_cap));
        let cgrid = measure("contour-sample", || {
            Grid::sample_fn(f, window, cn as usize, (cn * frame.height / frame.width) as usize)
        });
        let lines =
            measure("contour-lines", || contour_lines(&cgrid, &levels(&scale, CONTOUR_LEVELS)));
        stroke_contours(&ctx, &frame, &lines, "rgba(255,255,255,0.32)", dpr);
    }
    for m in &minima {
        draw::cross(&ctx, frame.to_px(m.at), 5.0 * dpr, dpr);
    }
    draw::axes(&ctx, &frame, dpr * l.scale, "#334", objective.surface.axis_names());
}
