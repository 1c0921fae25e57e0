//! The surface view: a heatmap layer (heatmap, contours, axes, minima), redrawn only when the
//! surface or the size changes, under a paths layer (runs, heads, start marker, overlays),
//! redrawn whenever a run or the playback step changes. Click or drag sets the start.

use crate::app::draw::{self, device_pixel_ratio, observe_width, PixelBuffer};
mod overlays;
use crate::app::perf::measure;
use crate::app::state::Store;
use crate::core::surface::Surface;
use crate::core::trajectory::Trajectory;
use crate::view::colormap::{LossScale, Palette};
use crate::view::contours::{contour_lines, levels};
use crate::view::heatmap::{rgba, Grid};
use crate::view::path_layers::{PathLayers, PathStyle};
use crate::view::raster::Raster;
use crate::view::theme::{run_color, run_marker};
use crate::view::transform::{plot_height_for, Frame, Margins};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;

use std::sync::Arc;
use web_sys::{HtmlCanvasElement, PointerEvent};

/// A path layer's key: the run's trajectory, the same while it is the same allocation (the
/// layer holds it, so the allocation cannot be reused by another run meanwhile).
struct SameRun(Arc<Trajectory>);

impl PartialEq for SameRun {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Room for tick labels, in CSS pixels.
const MARGINS: Margins = Margins { left: 42.0, right: 10.0, top: 8.0, bottom: 40.0 };
/// The heatmap is sampled at up to this many points and scaled to the plot: the colour field
/// is smooth, and this keeps a surface switch within one or two frames even for custom
/// formulas. Lines and text are drawn at full device resolution.
const MAX_HEATMAP_SAMPLES: f64 = 100_000.0;
/// Contour lines come from a coarser grid: marching squares interpolates between samples.
const CONTOUR_GRID: f64 = 140.0;
const CONTOUR_LEVELS: usize = 12;
/// How near (CSS px) a press must be to the start marker to drag it rather than jump.
const GRAB_RADIUS: f64 = 14.0;
/// Window height (CSS px) left for the header, legend and playback bar: the surface is capped
/// at the rest, so that it and Play are in view together on a laptop screen.
const HEIGHT_RESERVE: f64 = 210.0;
/// The cap never makes the surface shorter than this (CSS px; small landscape windows).
const MIN_CSS_HEIGHT: f64 = 320.0;

/// Where the plot sits on the canvas, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Layout {
    css_w: f64,
    css_h: f64,
    frame: Frame,
}

#[component]
pub fn SurfaceView() -> impl IntoView {
    let store = expect_context::<Store>();
    let container = NodeRef::<Div>::new();
    let base = NodeRef::<Canvas>::new();
    let ghost = NodeRef::<Canvas>::new();
    let paths = NodeRef::<Canvas>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let view_h = RwSignal::new(viewport_height());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let h = viewport_height();
        if h != view_h.get_untracked() {
            view_h.set(h);
        }
    });
    // The view lives as long as the page.
    std::mem::forget(resize);

    let layout = Memo::new(move |_| {
        let window = store.surface.with(Surface::window);
        let (mx, my) = (MARGINS.left + MARGINS.right, MARGINS.top + MARGINS.bottom);
        let mut plot_w = width.get().max(200.0) - mx;
        let mut plot_h = plot_height_for(window, plot_w, 0.5, 1.0);
        let max_h = (view_h.get() - HEIGHT_RESERVE).max(MIN_CSS_HEIGHT) - my;
        if plot_h > max_h {
            plot_w *= max_h / plot_h;
            plot_h = max_h;
        }
        // Whole device pixels, so the canvas is shown 1:1.
        let d = dpr.get();
        let css_w = ((plot_w + mx) * d).floor() / d;
        let css_h = ((plot_h + my) * d).floor() / d;
        Layout { css_w, css_h, frame: Frame::new(window, css_w, css_h, MARGINS) }
    });

    // The heatmap layer: depends on the surface, the size and the contour toggle only, so a
    // slider never recomputes it.
    let offscreen = StoredValue::new_local(None::<HtmlCanvasElement>);
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (base.get(), layout.get(), dpr.get()) else { return };
        let show_contours = store.overlays.with(|o| o.contours);
        store.surface.with(|surface| {
            measure("draw-surface", || {
                draw_base(&canvas, surface, l, dpr, show_contours, offscreen);
            })
        });
    });

    // The ghost layer: each run's whole path and its noise cloud, faint, so a reset or a new
    // start never shows an empty surface. Translucent strokes of long paths are costly to
    // rasterize, so this layer is drawn when the runs change, not every frame.
    let raster = StoredValue::new_local(Raster::new(1, 1));
    let ghost_pixels = StoredValue::new_local(PixelBuffer::new());
    let blank_at = StoredValue::new_local(None::<(Layout, f64)>);
    // At the end of the runs the solid paths cover their ghosts: skip the (costly) drawing.
    let at_end = Memo::new(move |_| store.step.get() >= store.steps.get());
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (ghost.get(), layout.get(), dpr.get()) else { return };
        let quiver = store.overlays.with(|o| o.quiver);
        let ghosts = !at_end.get() || store.clouds.with(|c| !c.0.is_empty());
        let runs = store.trajectories.get();
        let clouds = store.clouds.get();
        let specs = store.runs.get();
        // An empty layer is a one-pixel canvas, left alone while it stays empty: a cleared
        // canvas is still a changed one for the browser to composite again.
        if !ghosts && !quiver {
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
            if ghosts {
                raster.update_value(|r| {
                    let r = sized(r, &canvas, &frame);
                    let mut px = Vec::new();
                    for (spec, cloud) in
                        specs.iter().zip(clouds.0.iter()).filter(|(s, _)| s.visible)
                    {
                        for tr in cloud {
                            draw::px_points(&frame, &tr.points, &mut px);
                            r.stroke(&px, 1.25 * dpr, run_color(spec.color).rgba(90));
                        }
                    }
                    for (spec, tr) in specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible) {
                        draw::px_points(&frame, &tr.points, &mut px);
                        r.stroke(&px, 1.5 * dpr, run_color(spec.color).rgba(105));
                    }
                    ghost_pixels.update_value(|p| {
                        p.put(&ctx, &r.rgba, (r.width, r.height), r.dirty_rect());
                    });
                });
            }
            // The gradient field is static too: it lives on this layer, under the paths.
            if quiver {
                ctx.save();
                ctx.begin_path();
                ctx.rect(frame.left, frame.top, frame.width, frame.height);
                ctx.clip();
                store.surface.with_untracked(|s| overlays::quiver(&ctx, &frame, s, dpr));
                ctx.restore();
            }
        });
    });

    // The paths layer: every run up to the playback step.
    let path_layers = StoredValue::new_local((None::<Frame>, PathLayers::new(1, 1)));
    let path_pixels = StoredValue::new_local(PixelBuffer::new());
    Effect::new(move |_| {
        let (Some(canvas), l, dpr) = (paths.get(), layout.get(), dpr.get()) else { return };
        let runs = store.trajectories.get();
        let specs = store.runs.get();
        let step = store.step.get();
        let start = store.start.get();
        let ov = store.overlays.get();
        let selected = store.selected.get();
        measure("draw-paths", || {
            let Some(ctx) = draw::prepare(&canvas, l.css_w, l.css_h, dpr) else { return };
            let frame = l.frame.scaled(dpr);
            // Each run's path up to the step: a dark halo, then the colour, rasterized in
            // Rust, one layer per run (a slider redraws one run; playback adds segments),
            // and put on the canvas at once (see view::path_layers for why).
            path_layers.update_value(|(drawn_frame, layers)| {
                let (w, h) = (canvas.width() as usize, canvas.height() as usize);
                if layers.width != w || layers.height != h {
                    *layers = PathLayers::new(w, h);
                }
                if *drawn_frame != Some(frame) {
                    layers.reset();
                    *drawn_frame = Some(frame);
                }
                let (x0, y0) = (frame.left, frame.top);
                layers.set_clip(x0, y0, x0 + frame.width, y0 + frame.height);
                let visible = specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible);
                let mut n = 0;
                for (spec, tr) in visible {
                    let end = step.min(tr.points.len().saturating_sub(1));
                    let style = PathStyle {
                        halo: (4.5 * dpr, [0, 0, 0, 140]),
                        line: Some((2.25 * dpr, run_color(spec.color).rgba(255))),
                    };
                    let key = SameRun(tr.clone());
                    layers.draw(n, key, style, &tr.points[..=end], |p| frame.to_px(p));
                    n += 1;
                }
                layers.truncate(n);
                layers.compose();
                let size = (layers.width, layers.height);
                path_pixels.update_value(|p| p.put(&ctx, &layers.rgba, size, layers.dirty_rect()));
            });
            ctx.save();
            ctx.begin_path();
            ctx.rect(frame.left, frame.top, frame.width, frame.height);
            ctx.clip();
            for (spec, tr) in specs.iter().zip(runs.0.iter()) {
                if !spec.visible {
                    continue;
                }
                let end = step.min(tr.points.len().saturating_sub(1));
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

    // Press: jump the start there (or grab the marker), then follow the pointer while held.
    let dragging = StoredValue::new(false);
    let pointer_world = move |ev: &PointerEvent| -> Option<[f64; 2]> {
        let canvas = paths.get_untracked()?;
        let rect = canvas.get_bounding_client_rect();
        let (px, py) =
            (f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top());
        let frame = layout.get_untracked().frame;
        frame.contains_px(px, py).then(|| frame.to_world(px, py))
    };
    let on_down = move |ev: PointerEvent| {
        let Some(p) = pointer_world(&ev) else { return };
        if let Some(canvas) = paths.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
        dragging.set_value(true);
        let frame = layout.get_untracked().frame;
        let (sx, sy) = frame.to_px(store.start.get_untracked());
        let (px, py) = frame.to_px(p);
        if (sx - px).hypot(sy - py) > GRAB_RADIUS {
            store.start.set(p);
        }
    };
    let on_move = move |ev: PointerEvent| {
        let frame = layout.get_untracked().frame;
        if let Some(canvas) = paths.get_untracked() {
            let hover = pointer_world(&ev).map(|p| {
                let (sx, sy) = frame.to_px(store.start.get_untracked());
                let (px, py) = frame.to_px(p);
                (sx - px).hypot(sy - py) <= GRAB_RADIUS
            });
            let cursor = match (dragging.get_value(), hover) {
                (true, _) => "grabbing",
                (false, Some(true)) => "grab",
                _ => "crosshair",
            };
            let _ = web_sys::HtmlElement::style(&canvas).set_property("cursor", cursor);
        }
        if dragging.get_value() {
            if let Some(p) = pointer_world(&ev) {
                store.start.set(p);
            }
        }
    };
    let on_up = move |_: PointerEvent| dragging.set_value(false);
    // Arrow keys move the start by 1% of the window (10% with Shift).
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-1.0, 0.0),
            "ArrowRight" => (1.0, 0.0),
            "ArrowUp" => (0.0, 1.0),
            "ArrowDown" => (0.0, -1.0),
            _ => return,
        };
        ev.prevent_default();
        let w = layout.get_untracked().frame.window;
        let k = if ev.shift_key() { 0.1 } else { 0.01 };
        store.start.update(|p| {
            p[0] = (p[0] + dx * k * (w.x.1 - w.x.0)).clamp(w.x.0, w.x.1);
            p[1] = (p[1] + dy * k * (w.y.1 - w.y.0)).clamp(w.y.0, w.y.1);
        });
    };

    let aria = move || {
        let name = store.surface.with(|s| match s {
            Surface::Builtin(k) => k.info().title.to_string(),
            Surface::Custom(c) => format!("f(x, y) = {}", c.formula.source()),
        });
        let [x, y] = store.start.get();
        format!("Loss surface {name}. Start point ({x:.3}, {y:.3}); click, or use the arrow keys, to move it.")
    };

    view! {
        <div class="surface-view" node_ref=container>
            <div class="surface-stack">
            <canvas class="layer-base" node_ref=base aria-hidden="true"></canvas>
            <canvas class="layer-ghost" node_ref=ghost aria-hidden="true"></canvas>
            <canvas
                class="layer-paths"
                node_ref=paths
                role="img"
                aria-label=aria
                data-testid="surface-canvas"
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=move |_| dragging.set_value(false)
                on:keydown=on_key
                tabindex="0"
            ></canvas>
            </div>
        </div>
    }
}

fn viewport_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}

fn draw_base(
    canvas: &HtmlCanvasElement,
    surface: &Surface,
    l: Layout,
    dpr: f64,
    show_contours: bool,
    offscreen: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
) {
    let Some(ctx) = draw::prepare(canvas, l.css_w, l.css_h, dpr) else { return };
    let frame = l.frame.scaled(dpr);
    let window = frame.window;
    // Sample at device resolution when affordable, else as finely as the budget allows.
    let k = ((frame.width * frame.height) / MAX_HEATMAP_SAMPLES).sqrt().max(1.0);
    let (nx, ny) = ((frame.width / k).round() as usize, (frame.height / k).round() as usize);
    let grid = measure("heatmap-sample", || Grid::sample(surface, window, nx, ny));
    let floor = surface.loss_floor();
    let scale = measure("heatmap-scale", || LossScale::fit(&grid.values, floor));
    let pixels = measure("heatmap-rgba", || rgba(&grid, &scale, &Palette::viridis()));
    if let Some(img) = draw::offscreen_with(offscreen, grid.nx as u32, grid.ny as u32, &pixels) {
        ctx.set_image_smoothing_enabled(true);
        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &img,
            frame.left,
            frame.top,
            frame.width,
            frame.height,
        );
    }
    if show_contours {
        let cn = (frame.width / dpr).clamp(40.0, CONTOUR_GRID);
        let cgrid = measure("contour-sample", || {
            Grid::sample(surface, window, cn as usize, (cn * frame.height / frame.width) as usize)
        });
        let lines =
            measure("contour-lines", || contour_lines(&cgrid, &levels(&scale, CONTOUR_LEVELS)));
        ctx.set_line_width(dpr);
        ctx.set_stroke_style_str("rgba(255,255,255,0.32)");
        ctx.begin_path();
        for line in &lines {
            for [a, b] in &line.segments {
                let ((ax, ay), (bx, by)) = (frame.to_px(*a), frame.to_px(*b));
                ctx.move_to(ax, ay);
                ctx.line_to(bx, by);
            }
        }
        ctx.stroke();
    }
    for m in surface.minima() {
        draw::cross(&ctx, frame.to_px(m.at), 5.0 * dpr, dpr);
    }
    draw::axes(&ctx, &frame, dpr, "#334");
}

/// `r`, reallocated to the canvas's size if that changed (else cleared), clipped to the
/// plot.
fn sized<'a>(r: &'a mut Raster, canvas: &HtmlCanvasElement, frame: &Frame) -> &'a mut Raster {
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    if r.width != w || r.height != h {
        *r = Raster::new(w, h);
    } else {
        r.clear();
    }
    r.set_clip(frame.left, frame.top, frame.left + frame.width, frame.top + frame.height);
    r
}
