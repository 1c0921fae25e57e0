//! The learning-rate sensitivity chart: every visible run's final loss (or steps to the
//! threshold) against α, with the sweep panel's steps and threshold. Computed a few runs per
//! animation frame after Compute and then kept up to date, as the sweep's maps are; a click
//! (or Enter) on a point loads its α into its run.

use super::controls::SweepSettings;
use super::jobs::{each_frame, FRAME_BUDGET_MS};
use crate::app::charts::chart::{draw_frame, draw_lines, verticals, Axes};
use crate::app::draw::{self, device_pixel_ratio, observe_width};
use crate::app::perf::now_ms;
use crate::app::runs::Swatch;
use crate::app::state::Store;
use crate::core::optim::params::LR;
use crate::core::sensitivity::{CurveSpec, Sensitivity, SensitivitySpec};
use crate::core::url_state::number;
use crate::view::chart_frame::Frame;
use crate::view::format::noise_text;
use crate::view::sensitivity::{
    best_text, caption, dot_at, picture, step_dot, DotKind, SensPicture,
};
use crate::view::sweep_pictures::outcome_text;
use crate::view::theme::{run_color, run_marker};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use web_sys::{CanvasRenderingContext2d as Ctx, PointerEvent};

const CSS_HEIGHT: f64 = 240.0;
/// How far from a point (CSS px) a click still picks it: a fingertip's reach.
const PICK_RADIUS: f64 = 14.0;

/// The chart's computation: one job, replaced when its spec changes.
#[derive(Clone, Copy)]
struct Job {
    run: StoredValue<Option<Sensitivity>>,
    generation: StoredValue<u64>,
    began: StoredValue<f64>,
    progress: RwSignal<(usize, usize)>,
    /// Bumped whenever runs were added, so the chart redraws.
    version: RwSignal<u64>,
    took: RwSignal<Option<f64>>,
    error: RwSignal<Option<String>>,
}

impl Job {
    fn new() -> Job {
        Job {
            run: StoredValue::new(None),
            generation: StoredValue::new(0),
            began: StoredValue::new(0.0),
            progress: RwSignal::new((0, 0)),
            version: RwSignal::new(0),
            took: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Starts computing `spec` unless it is the one held (always when `force`).
    fn sync(self, spec: Result<SensitivitySpec, String>, force: bool) {
        let spec = match spec {
            Ok(s) => s,
            Err(e) => {
                self.error.set(Some(e));
                self.run.set_value(None);
                self.stop();
                return self.report();
            }
        };
        if !force && self.run.with_value(|r| r.as_ref().is_some_and(|r| *r.spec() == spec)) {
            return;
        }
        self.error.set(None);
        self.run.set_value(Some(Sensitivity::new(spec)));
        self.began.set_value(now_ms());
        self.took.set(None);
        self.stop();
        self.report();
        self.pump(self.generation.get_value());
    }

    fn stop(self) {
        self.generation.set_value(self.generation.get_value() + 1);
    }

    fn report(self) {
        let p = self.run.with_value(|r| r.as_ref().map_or((0, 0), |r| (r.done(), r.total())));
        self.progress.set(p);
        self.version.update(|v| *v += 1);
    }

    fn pump(self, gen: u64) {
        each_frame(self.generation, gen, move |t0| {
            self.run.update_value(|r| {
                while let Some(r) = r.as_mut() {
                    // One run at a time: a frame overruns its budget by one run at most.
                    if r.next_chunk(1) == 0 || now_ms() - t0 > FRAME_BUDGET_MS {
                        break;
                    }
                }
            });
            self.report();
            let (done, total) = self.progress.get_untracked();
            if done == total {
                self.took.set(Some(now_ms() - self.began.get_value()));
            }
            done < total
        });
    }
}

#[component]
pub fn SensitivityChart(
    settings: SweepSettings,
    /// The threshold in words ("f − f* ≤ 0.001"), as the sweep's read-outs give it.
    #[prop(into)]
    threshold_text: Signal<String>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let s = settings;
    let job = Job::new();
    let armed = RwSignal::new(false);
    let hover = RwSignal::new(None::<usize>);

    // The runs' rates are left out of the spec, so loading a point does not recompute.
    let spec = Memo::new(move |_| {
        let runs: Vec<_> = store
            .runs
            .with(|rs| rs.iter().filter(|r| r.visible).map(|r| (r.id, r.run())).collect());
        SensitivitySpec::new(s.problem.get(), runs, s.threshold.get())
    });
    Effect::new(move |_| {
        let spec = spec.get();
        if armed.get_untracked() {
            job.sync(spec, false);
        }
    });
    let running = move || {
        let (done, total) = job.progress.get();
        armed.get() && done < total
    };
    let on_compute = move |_| {
        if running() {
            job.stop();
            armed.set(false);
        } else {
            armed.set(true);
            job.sync(spec.get_untracked(), true);
        }
    };

    let pic = Memo::new(move |_| {
        job.version.track();
        let m = s.metric.get();
        store.runs.with(|rs| {
            job.run.with_value(|r| {
                let r = r.as_ref()?;
                let of = |id| rs.iter().find(|x| x.id == id);
                let (mut style, mut now) = (Vec::new(), Vec::new());
                for c in &r.spec().curves {
                    let i = of(c.id).map_or(0, |x| x.color);
                    style.push((run_color(i), run_marker(i)));
                    now.push(of(c.id).map_or(f64::NAN, |x| x.optimizer.lr()));
                }
                Some(picture(r, m, &style, &now))
            })
        })
    });
    // (curve id, α) of dot `n`, and its words.
    let dot_info = move |n: usize| {
        let d = pic.with_untracked(|p| p.as_ref()?.dots.get(n).copied())?;
        job.run.with_value(|r| {
            let r = r.as_ref()?;
            let c = r.spec().curves.get(d.curve)?;
            let o = r.outcomes(d.curve).get(d.index)?;
            let floor = r.spec().problem.final_objective().loss_floor();
            let steps = r.spec().problem.steps;
            let text = outcome_text(o, floor, &threshold_text.get_untracked(), steps);
            Some((c.id, c.alphas.value(d.index), text))
        })
    };
    let pick = move |n: usize| {
        let Some((id, alpha, _)) = dot_info(n) else { return };
        store.update_run(id, |r| {
            let mut o = r.optimizer;
            if o.set_real(LR.key, alpha).is_ok() {
                r.optimizer = o;
            }
        });
    };
    let name_of = move |id: u32| {
        store.run_names.with(|ns| ns.iter().find(|n| n.0 == id).map(|n| n.1.clone()))
    };
    let readout = move || {
        job.version.track();
        let hint = "Hover or tap a point to read it; click it to load its α into its run.";
        let Some((id, alpha, text)) = hover.get().and_then(dot_info) else { return hint.into() };
        format!("{} at α = {}: {text}", name_of(id).unwrap_or_default(), number(alpha))
    };
    // Each run's best α in words (or why it has none).
    let bests = move || {
        job.version.track();
        let m = s.metric.get();
        let rows = job.run.with_value(|r| {
            let r = r.as_ref()?;
            let words = |(k, c): (usize, &CurveSpec)| (c.id, best_text(r, k, m));
            Some(r.spec().curves.iter().enumerate().map(words).collect::<Vec<_>>())
        });
        let colour =
            move |id| store.runs.with(|rs| rs.iter().find(|x| x.id == id).map(|x| x.color));
        rows.unwrap_or_default()
            .into_iter()
            .map(|(id, words)| {
                let words = format!("{}: {words}", name_of(id).unwrap_or_default());
                view! { <li data-testid="sens-best"><Swatch color=colour(id).unwrap_or(0) />{words}</li> }
            })
            .collect_view()
    };
    let status = move || {
        let (done, total) = job.progress.get();
        match (armed.get(), job.took.get()) {
            _ if total == 0 => String::new(),
            (false, _) => format!("Stopped at {done} of {total} runs."),
            (true, Some(ms)) => format!("{total} runs in {} ms.", ms.round()),
            (true, None) => format!("Computing… {done} of {total} runs"),
        }
    };
    let text = Signal::derive(move || {
        let p = s.problem.get();
        caption(s.metric.get(), p.steps, p.final_objective().loss_floor(), noise_text(&p))
    });

    view! {
        <figure class="sweep-figure sensitivity" data-testid="sensitivity">
            <figcaption class="panel-title">"Learning-rate sensitivity"</figcaption>
            <div class="sweep-controls">
                <button type="button" class="button compute" data-testid="sens-compute" on:click=on_compute>
                    {move || if running() { "Stop" } else { "Compute" }}
                </button>
            </div>
            <div class="sweep-status">
                <progress
                    data-testid="sens-progress"
                    aria-label="Sensitivity progress"
                    class:idle=move || !running()
                    max=move || job.progress.get().1.max(1).to_string()
                    value=move || job.progress.get().0.to_string()
                ></progress>
                <span data-testid="sens-status" aria-live=move || if running() { "off" } else { "polite" }>{status}</span>
            </div>
            {move || job.error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <Show
                when=move || pic.with(Option::is_some)
                fallback=move || view! { <p class="sweep-empty">{move || format!(
                    "Press Compute: each visible run at {} learning rates, {} steps each; the sweep's \
                     Colour by, Threshold and Steps apply.",
                    crate::core::sensitivity::RATES_PER_RUN, s.problem.with(|p| p.steps))}</p> }
            >
                <SensCanvas pic=pic hover=hover on_pick=Callback::new(pick) label=Signal::derive(readout) />
                <ul class="sweep-legend">{bests}</ul>
                <output class="sweep-readout" data-testid="sens-readout">{readout}</output>
            </Show>
            <p class="chart-caption">{text}</p>
        </figure>
    }
}

/// The chart's canvas: drawn when the picture, the size or the hovered point change.
#[component]
fn SensCanvas(
    pic: Memo<Option<SensPicture>>,
    hover: RwSignal<Option<usize>>,
    on_pick: Callback<usize>,
    label: Signal<String>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let canvas = NodeRef::<Canvas>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    // The plot rectangle of the last draw, in CSS px: left, top, width, height.
    let plot = StoredValue::new(None::<(f64, f64, f64, f64)>);
    Effect::new(move |_| {
        let (Some(c), w, dpr, h) = (canvas.get(), width.get(), dpr.get(), hover.get()) else {
            return;
        };
        if w < 10.0 {
            return;
        }
        let Some(ctx) = draw::prepare(&c, w, CSS_HEIGHT, dpr) else { return };
        let size = (f64::from(c.width()), f64::from(c.height()));
        pic.with(|p| plot.set_value(p.as_ref().and_then(|p| draw(&ctx, size, p, h, dpr))));
    });
    let dot_under = move |ev: &PointerEvent| {
        let c = canvas.get_untracked()?;
        let rect = c.get_bounding_client_rect();
        let at = (f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top());
        pic.with_untracked(|p| dot_at(&p.as_ref()?.dots, plot.get_value()?, at, PICK_RADIUS))
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => (-1, 0),
            "ArrowRight" => (1, 0),
            "ArrowUp" => (0, -1),
            "ArrowDown" => (0, 1),
            "Enter" | " " => {
                if let Some(n) = hover.get_untracked() {
                    on_pick.run(n);
                }
                (0, 0)
            }
            _ => return,
        };
        // The page's playback shortcuts (arrows, space) must not also act on these keys.
        ev.prevent_default();
        ev.stop_propagation();
        let next = pic.with_untracked(|p| step_dot(&p.as_ref()?.dots, hover.get_untracked(), step));
        hover.set(next);
    };
    view! {
        <div class="chart" node_ref=container>
            <canvas
                node_ref=canvas
                tabindex="0"
                role="img"
                aria-label=move || format!("{} Arrow keys move between points; Enter loads one.", label.get())
                on:pointermove=move |ev| hover.set(dot_under(&ev))
                on:pointerup=move |ev| if let Some(n) = dot_under(&ev) {
                    hover.set(Some(n));
                    on_pick.run(n);
                }
                on:pointerleave=move |ev: PointerEvent| {
                    // A finger lifts and leaves at once: keep its point's read-out.
                    if ev.pointer_type() != "touch" {
                        hover.set(None);
                    }
                }
                on:keydown=on_key
            ></canvas>
        </div>
    }
}

/// Draws `p` with dot `hover` ringed on a canvas `size` device px; returns the plot
/// rectangle in CSS px.
fn draw(
    ctx: &Ctx,
    size: (f64, f64),
    p: &SensPicture,
    hover: Option<usize>,
    dpr: f64,
) -> Option<(f64, f64, f64, f64)> {
    let (lo, log) = (p.y.0, p.log_y);
    let axis = move |v: f64| if log { v.max(lo).log10() } else { v };
    let f = Frame::new(size.0, size.1, dpr, p.x, (axis(p.y.0), axis(p.y.1)))?;
    let axes =
        Axes { x_title: "learning rate α (log)", log_x: true, y_title: &p.y_label, log_y: log };
    draw_frame(ctx, size, &f, &axes, dpr);
    draw_lines(ctx, &f, &p.lines, &axis, dpr);
    let (l, t) = (f.left, f.top);
    let (w, h) = (f.right - l, f.bottom - t);
    let at = |f: (f64, f64)| (l + f.0 * w, t + (1.0 - f.1) * h);
    // Each run's α now: a dashed line in its colour, under the points.
    let colors: Vec<_> = p.lines.iter().map(|line| line.color.css()).collect();
    let now: Vec<_> = (p.current.iter().zip(&colors))
        .filter_map(|(x, css)| x.map(|x| (l + x * w, css.as_str())))
        .collect();
    verticals(ctx, &f, &now, &[5.0, 4.0], dpr);
    for (n, d) in p.dots.iter().enumerate() {
        let Some(line) = p.lines.get(d.curve) else { continue };
        let (css, c) = (line.color.css(), at(d.at));
        match d.kind {
            DotKind::Value => draw::marker(ctx, line.marker, c, 3.5 * dpr, &css, dpr),
            DotKind::Best => {
                draw::start_ring(ctx, c, 9.0 * dpr, dpr);
                draw::marker(ctx, line.marker, c, 5.0 * dpr, &css, 1.5 * dpr);
            }
            DotKind::NotReached => draw::marker(ctx, line.marker, c, 3.5 * dpr, "#fff", dpr),
            DotKind::Diverged => draw::cross_in(ctx, c, 4.0 * dpr, dpr, &css),
        }
        if hover == Some(n) {
            ctx.begin_path();
            let _ = ctx.arc(c.0, c.1, 12.0 * dpr, 0.0, std::f64::consts::TAU);
            ctx.set_line_width(1.5 * dpr);
            ctx.set_stroke_style_str("#000");
            ctx.stroke();
        }
    }
    Some((l / dpr, t / dpr, w / dpr, h / dpr))
}
