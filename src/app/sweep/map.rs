//! A map of a grid of runs on two stacked canvases: the cells (one image pixel per cell,
//! scaled up without smoothing), axes, known minima and an optional colour bar on the base
//! layer; the current setting's ring and the hovered cell on the top layer. Hover, click,
//! touch and the keyboard (arrows, Enter) pick cells.

use crate::app::draw::{self, device_pixel_ratio, observe_width};
use crate::view::colormap::Palette;
use crate::view::sweep_pictures::{geometry, Geometry, MapPicture, TOP};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;

use web_sys::{CanvasRenderingContext2d as Ctx, HtmlCanvasElement, PointerEvent};

const TEXT: &str = "#334";

#[component]
pub fn GridMap(
    picture: Memo<Option<MapPicture>>,
    /// Where the current setting (or start) is, as plot fractions.
    #[prop(into)]
    marker: Signal<Option<(f64, f64)>>,
    hover: RwSignal<Option<(usize, usize)>>,
    on_pick: Callback<(usize, usize)>,
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let base = NodeRef::<Canvas>::new();
    let top = NodeRef::<Canvas>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let geo = Memo::new(move |_| picture.with(|p| p.as_ref().map(|p| geometry(width.get(), p))));
    let offscreen = StoredValue::new_local(None::<HtmlCanvasElement>);

    Effect::new(move |_| {
        let (Some(canvas), Some(g), dpr) = (base.get(), geo.get(), dpr.get()) else { return };
        picture.with(|p| {
            if let Some(p) = p {
                draw_base(&canvas, p, g, dpr, offscreen);
            }
        });
    });

    Effect::new(move |_| {
        let (Some(canvas), Some(g), dpr) = (top.get(), geo.get(), dpr.get()) else { return };
        let Some(ctx) = draw::prepare(&canvas, g.css_w, g.css_h, dpr) else { return };
        let (nx, ny) = picture.with(|p| p.as_ref().map_or((1, 1), |p| (p.nx, p.ny)));
        if let Some((i, j)) = hover.get() {
            let (x0, y0) = g.px((i as f64 / nx as f64, (j + 1) as f64 / ny as f64));
            let (cw, ch) = (g.width / nx as f64, g.height / ny as f64);
            for (w, c) in [(3.0, "rgba(0,0,0,0.8)"), (1.5, "#ffffff")] {
                ctx.set_line_width(w * dpr);
                ctx.set_stroke_style_str(c);
                ctx.stroke_rect(x0 * dpr, y0 * dpr, cw.max(2.0) * dpr, ch.max(2.0) * dpr);
            }
        }
        if let Some(m) =
            marker.get().filter(|m| (0.0..=1.0).contains(&m.0) && (0.0..=1.0).contains(&m.1))
        {
            let (x, y) = g.px(m);
            draw::start_ring(&ctx, (x * dpr, y * dpr), 6.5 * dpr, dpr);
        }
    });

    let cell_at = move |ev: &PointerEvent| -> Option<(usize, usize)> {
        let canvas = top.get_untracked()?;
        let rect = canvas.get_bounding_client_rect();
        let g = geo.get_untracked()?;
        let (px, py) =
            (f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top());
        picture.with_untracked(|p| p.as_ref().and_then(|p| g.cell(p, px, py)))
    };
    let on_move = move |ev: PointerEvent| {
        let c = cell_at(&ev);
        if hover.get_untracked() != c {
            hover.set(c);
        }
    };
    let on_up = move |ev: PointerEvent| {
        if let Some(c) = cell_at(&ev) {
            hover.set(Some(c));
            on_pick.run(c);
        }
    };
    // Keyboard: arrows move the highlighted cell, Enter or space loads it.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((nx, ny)) = picture.with_untracked(|p| p.as_ref().map(|p| (p.nx, p.ny))) else {
            return;
        };
        let (i, j) = hover.get_untracked().unwrap_or((nx / 2, ny / 2));
        let next = match ev.key().as_str() {
            "ArrowLeft" => (i.saturating_sub(1), j),
            "ArrowRight" => ((i + 1).min(nx - 1), j),
            "ArrowDown" => (i, j.saturating_sub(1)),
            "ArrowUp" => (i, (j + 1).min(ny - 1)),
            "Enter" | " " => {
                on_pick.run((i, j));
                (i, j)
            }
            _ => return,
        };
        // The page's playback shortcuts (arrows, space) must not also act on these keys.
        ev.prevent_default();
        ev.stop_propagation();
        hover.set(Some(next));
    };

    view! {
        <div class="grid-map" node_ref=container data-testid=testid>
            <canvas node_ref=base aria-hidden="true"></canvas>
            <canvas
                node_ref=top
                tabindex="0"
                role="img"
                aria-label=move || format!("{} Arrow keys move between cells; Enter loads one.", label.get())
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |ev: PointerEvent| {
                    // A finger lifts and leaves at once: keep its cell's read-out.
                    if ev.pointer_type() != "touch" {
                        hover.set(None);
                    }
                }
                on:keydown=on_key
            ></canvas>
        </div>
    }
}

fn draw_base(
    canvas: &HtmlCanvasElement,
    p: &MapPicture,
    g: Geometry,
    dpr: f64,
    offscreen: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
) {
    let Some(ctx) = draw::prepare(canvas, g.css_w, g.css_h, dpr) else { return };
    let (l, t, w, h) = (g.left * dpr, TOP * dpr, g.width * dpr, g.height * dpr);
    // Cells not computed yet are transparent over this.
    ctx.set_fill_style_str("#eceef3");
    ctx.fill_rect(l, t, w, h);
    if let Some(img) = cells_image(offscreen, p) {
        ctx.set_image_smoothing_enabled(false);
        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&img, l, t, w, h);
    }
    for &c in &p.crosses {
        let (x, y) = g.px(c);
        draw::cross(&ctx, (x * dpr, y * dpr), 5.0 * dpr, dpr);
    }
    ctx.set_stroke_style_str("rgba(0,0,0,0.55)");
    ctx.set_line_width(dpr);
    ctx.stroke_rect(l, t, w, h);
    ctx.set_fill_style_str(TEXT);
    ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * dpr).round()));
    let tick = 4.0 * dpr;
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for (f, label) in &p.x_ticks {
        let x = l + f * w;
        line(&ctx, (x, t + h), (x, t + h + tick));
        let _ = ctx.fill_text(label, x, t + h + tick + 2.0 * dpr);
    }
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for (f, label) in &p.y_ticks {
        let y = t + (1.0 - f) * h;
        line(&ctx, (l, y), (l - tick, y));
        let _ = ctx.fill_text(label, l - tick - 2.0 * dpr, y);
    }
    ctx.set_font(&format!("{}px system-ui, sans-serif", (12.0 * dpr).round()));
    ctx.set_text_align("center");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(&p.x_title, l + w / 2.0, g.css_h * dpr - 2.0 * dpr);
    ctx.save();
    let _ = ctx.translate(3.0 * dpr, t + h / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    ctx.set_text_baseline("top");
    let _ = ctx.fill_text(&p.y_title, 0.0, 0.0);
    ctx.restore();
    if let Some((ticks, title)) = &p.bar {
        colour_bar(&ctx, ticks, l + w + 14.0 * dpr, t, h, dpr);
        // Its title runs up the canvas's right edge.
        ctx.save();
        let _ = ctx.translate(g.css_w * dpr - 3.0 * dpr, t + h / 2.0);
        let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
        ctx.set_font(&format!("{}px system-ui, sans-serif", (12.0 * dpr).round()));
        ctx.set_text_align("center");
        ctx.set_text_baseline("bottom");
        let _ = ctx.fill_text(title, 0.0, 0.0);
        ctx.restore();
    }
}

/// A vertical viridis bar (low at the bottom) with its labelled ticks on the right.
fn colour_bar(ctx: &Ctx, ticks: &[(f64, String)], x: f64, t: f64, h: f64, dpr: f64) {
    let palette = Palette::viridis();
    let bw = 12.0 * dpr;
    let n = 64;
    for k in 0..n {
        let [r, g, b] = palette.rgb((k as f64 + 0.5) / n as f64);
        ctx.set_fill_style_str(&format!("rgb({r},{g},{b})"));
        let y0 = t + h * (1.0 - (k + 1) as f64 / n as f64);
        ctx.fill_rect(x, y0.floor(), bw, (h / n as f64).ceil() + 1.0);
    }
    ctx.set_stroke_style_str("rgba(0,0,0,0.55)");
    ctx.set_line_width(dpr);
    ctx.stroke_rect(x, t, bw, h);
    ctx.set_fill_style_str(TEXT);
    ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * dpr).round()));
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    for (f, label) in ticks {
        let y = t + (1.0 - f) * h;
        line(ctx, (x + bw, y), (x + bw + 4.0 * dpr, y));
        let _ = ctx.fill_text(label, x + bw + 6.0 * dpr, y);
    }
}

fn line(ctx: &Ctx, a: (f64, f64), b: (f64, f64)) {
    ctx.begin_path();
    ctx.move_to(a.0, a.1);
    ctx.line_to(b.0, b.1);
    ctx.stroke();
}

/// The cells as a (reused) off-screen canvas of nx × ny pixels.
fn cells_image(
    store: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
    p: &MapPicture,
) -> Option<HtmlCanvasElement> {
    let (w, h) = (p.nx as u32, p.ny as u32);
    if p.pixels.len() != (w * h * 4) as usize || w == 0 || h == 0 {
        return None;
    }
    crate::app::draw::offscreen_with(store, w, h, &p.pixels)
}
