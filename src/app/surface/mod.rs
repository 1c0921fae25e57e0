//! The surface view: a heatmap layer (heatmap, contours, axes, minima), a ghost layer (whole
//! paths, gradient field) and a paths layer (runs up to the step, heads, start, overlays),
//! each redrawn only when what it shows changes. Click, drag or the arrow keys set the start;
//! the view zooms and pans (`pointer.rs`, `zoom.rs`; the shown window is `Store::view`).

mod layers;
mod overlays;
mod pointer;
mod zoom;

use crate::app::draw::{device_pixel_ratio, observe_width};
use crate::app::share::Share;
use crate::app::state::Store;
use crate::core::surface::Surface;
use crate::core::trajectory::Trajectory;
use crate::view::transform::{plot_height_for, Frame, Margins};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use std::sync::Arc;

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
/// Window height (CSS px) left for the header, legend and playback bar: the surface is capped
/// at the rest, so that it and Play are in view together on a laptop screen.
const HEIGHT_RESERVE: f64 = 240.0;
/// The cap never makes the surface shorter than this (CSS px; small landscape windows).
const MIN_CSS_HEIGHT: f64 = 320.0;

/// Where the plot sits on the canvas, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Layout {
    css_w: f64,
    css_h: f64,
    frame: Frame,
    /// The factor on type, lines and markers (classroom mode's, or 1).
    scale: f64,
}

/// The plot's size and frame: the container's width, capped so that the surface and Play fit
/// in the window together; whole device pixels, so the canvas is shown 1:1.
fn layout(
    store: Store,
    width: RwSignal<f64>,
    view_h: RwSignal<f64>,
    dpr: RwSignal<f64>,
) -> Memo<Layout> {
    let share = use_context::<Share>();
    Memo::new(move |_| {
        let window = store.surface.with(Surface::window);
        let shown = store.view.get().unwrap_or(window);
        let scale = share.map_or(1.0, Share::canvas_scale);
        // The label bands grow with the type.
        let m = Margins { left: MARGINS.left * scale, bottom: MARGINS.bottom * scale, ..MARGINS };
        let (mx, my) = (m.left + m.right, m.top + m.bottom);
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
        Layout { css_w, css_h, frame: Frame::new(shown, css_w, css_h, m), scale }
    })
}

/// The window's inner height, followed as it changes.
fn window_height() -> RwSignal<f64> {
    let view_h = RwSignal::new(viewport_height());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let h = viewport_height();
        if h != view_h.get_untracked() {
            view_h.set(h);
        }
    });
    // The view lives as long as the page.
    std::mem::forget(resize);
    view_h
}

#[component]
pub fn SurfaceView() -> impl IntoView {
    let store = expect_context::<Store>();
    let container = NodeRef::<Div>::new();
    let (base, ghost, paths) = (NodeRef::<Canvas>::new(), NodeRef::new(), NodeRef::new());
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let layout = layout(store, width, window_height(), dpr);
    layers::heatmap_layer(store, base, layout, dpr);
    layers::ghost_layer(store, ghost, layout, dpr);
    layers::paths_layer(store, paths, layout, dpr);
    let on = pointer::handlers(store, paths, layout);
    let up = std::rc::Rc::new(on.up);

    let aria = move || {
        let name = store.surface.with(|s| match s {
            Surface::Builtin(k) => k.info().title.to_string(),
            Surface::Custom(c) => format!("f(x, y) = {}", c.formula.source()),
            Surface::Data(d) => format!("{} on {} rows", d.model().title(), d.n()),
        });
        let [x, y] = store.start.get();
        format!("Loss surface {name}. Start point ({x:.3}, {y:.3}); click, or use the arrow keys, to move it; + and − zoom, 0 resets the view.")
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
                on:pointerdown=on.down
                on:pointermove=on.moved
                on:pointerup={let up = up.clone(); move |ev| up(ev)}
                on:pointercancel=move |ev| up(ev)
                on:keydown=on.key
                on:wheel=on.wheel
                tabindex="0"
            ></canvas>
            <zoom::ZoomButtons layout />
            </div>
        </div>
    }
}

fn viewport_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}
