//! The data view: a data scene's rows, the rows of the batch the next update uses ringed, and
//! each visible run's model at the playback step (view::data_plot has the geometry).

use crate::app::draw::{self, device_pixel_ratio, observe_width};
use crate::app::state::Store;
use crate::app::visible::visible;
use crate::core::data::{DataSurface, Model};
use crate::view::data_plot::{model_line, point, window};
use crate::view::theme::run_color;
use crate::view::transform::{Frame, Margins};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d as Ctx;

const MARGINS: Margins = Margins { left: 42.0, right: 10.0, top: 8.0, bottom: 34.0 };
/// Height over width of the plot.
const ASPECT: f64 = 0.7;

fn caption(model: Model) -> &'static str {
    match model {
        Model::LinearRegression => {
            "The rows (x, y) and each run's line y = w·x + b at the playback step; with \
             minibatches, the rows the next update uses are ringed."
        }
        Model::LogisticRegression => {
            "The rows (x1, x2), filled for label 1 and open for 0, and each run's decision \
             boundary w1·x1 + w2·x2 = 0 at the playback step; with minibatches, the rows the \
             next update uses are ringed."
        }
    }
}

#[component]
pub fn DataView() -> impl IntoView {
    let store = expect_context::<Store>();
    let container = NodeRef::<Div>::new();
    let canvas = NodeRef::<Canvas>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let model = Memo::new(move |_| store.surface.with(|s| s.data().map(DataSurface::model)));
    // Drawn only while on screen (as the charts are): playback would redraw it every frame;
    // scrolled into view, it catches up.
    let on_screen = visible(container);
    Effect::new(move |_| {
        let (Some(c), w, dpr) = (canvas.get(), width.get(), dpr.get()) else { return };
        if !on_screen.get() {
            return;
        }
        let step = store.step.get();
        let runs = store.trajectories.get();
        let specs = store.runs.get();
        store.surface.with(|s| {
            let Some(d) = s.data() else { return };
            let (css_w, css_h) = (w.max(200.0), (w.max(200.0) * ASPECT).round());
            let Some(ctx) = draw::prepare(&c, css_w, css_h, dpr) else { return };
            let frame = Frame::new(window(d), css_w, css_h, MARGINS).scaled(dpr);
            let m = d.model();
            draw_rows(&ctx, &frame, d, step, dpr);
            for (spec, tr) in specs.iter().zip(runs.0.iter()).filter(|(s, _)| s.visible) {
                let Some(k) = tr.head(step) else { continue };
                let Some([a, b]) = model_line(m, tr.points[k], frame.window) else { continue };
                let ((ax, ay), (bx, by)) = (frame.to_px(a), frame.to_px(b));
                ctx.set_stroke_style_str(&run_color(spec.color).css());
                ctx.set_line_width(2.0 * dpr);
                ctx.begin_path();
                ctx.move_to(ax, ay);
                ctx.line_to(bx, by);
                ctx.stroke();
            }
            let cols = m.columns();
            draw::axes(&ctx, &frame, dpr, "#334", [cols[0], cols[1]]);
        });
    });
    view! {
        <Show when=move || model.get().is_some()>
            <figure class="panel chart-panel" data-testid="data-view">
                <h2 class="panel-title">"Data"</h2>
                <div class="chart" node_ref=container>
                    <canvas node_ref=canvas role="img" aria-label=move || model.get().map_or("", caption)></canvas>
                </div>
                <figcaption class="chart-caption">{move || model.get().map_or("", caption)}</figcaption>
            </figure>
        </Show>
    }
}

/// The rows as dots, and the next update's batch ringed (with minibatches).
fn draw_rows(ctx: &Ctx, frame: &Frame, d: &DataSurface, step: usize, dpr: f64) {
    let m = d.model();
    let mut in_batch = vec![false; d.n()];
    if d.minibatched() {
        for i in d.batch_rows(d.batch_of_update(step + 1)) {
            in_batch[i] = true;
        }
    }
    let r = 2.5 * dpr;
    ctx.set_line_width(dpr);
    for (i, e) in d.examples().iter().enumerate() {
        let (x, y) = frame.to_px(point(m, e.features, e.target));
        ctx.begin_path();
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        let filled = m == Model::LinearRegression || e.target > 0.5;
        ctx.set_stroke_style_str("#445");
        if filled {
            ctx.set_fill_style_str("#556");
            ctx.fill();
        }
        ctx.stroke();
        if in_batch[i] {
            ctx.begin_path();
            let _ = ctx.arc(x, y, r + 2.5 * dpr, 0.0, std::f64::consts::TAU);
            ctx.set_stroke_style_str("#d55e00");
            ctx.stroke();
        }
    }
}
