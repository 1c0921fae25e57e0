//! The 3D view: the loss surface as a lit WebGL2 mesh with the runs rolling over it, linked
//! both ways with the map, the sliders and the timeline; and the toggle that shows it.

mod gl;
mod input;
mod labels;

use crate::app::draw::{device_pixel_ratio, observe_width};
use crate::app::perf::measure;
use crate::app::share::Share;
use crate::app::state::Store;
use crate::core::surface::Surface;
use crate::core::view3d::{CameraAngles, HeightMode, Stage, View3d, EXAGGERATION};
use crate::view::colormap::Palette;
use crate::view::format::short;
use crate::view::theme::{run_color, run_marker};
use crate::view::three_d::camera::Camera;
use crate::view::three_d::mat::Vec3;
use crate::view::three_d::mesh::{HeightField, Mesh, BOX_HEIGHT};
use crate::view::three_d::scene::{self, Label, RunView, SceneInput};
use gl::{FrameParams, Renderer};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

/// Mesh nodes along the window's longer side: smooth relief at about 29 000 triangles,
/// sampled in a few milliseconds even for a custom formula. (161 nodes cost SwiftShader, the
/// software WebGL of headless Chromium, about 8 ms more per frame for little visible gain.)
const MESH_NODES: usize = 121;
/// Contour lines on the mesh: as many as the map draws (`surface::layers`), at the same
/// positions on the colour scale.
const CONTOUR_LEVELS: f32 = 13.0;
/// Window height (CSS px) left for the header, legend and playback bar, as for the map.
const HEIGHT_RESERVE: f64 = 250.0;
const MIN_CSS_HEIGHT: f64 = 260.0;

/// The field the mesh is built from; equal while it is the same allocation.
#[derive(Clone)]
struct Field(Arc<HeightField>);

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Everything the 3D view's parts share.
#[derive(Clone, Copy)]
struct View {
    store: Store,
    share: Share,
    field: Memo<Field>,
    /// The camera looks at this point (moved by panning; not in links).
    target_xy: RwSignal<[f64; 2]>,
    /// CSS size of the canvas.
    size: Memo<(f64, f64)>,
    dpr: RwSignal<f64>,
    canvas: NodeRef<Canvas>,
    labels: NodeRef<Canvas>,
    renderer: StoredValue<Option<Renderer>, LocalStorage>,
    /// Bumped whenever a renderer is (re)created: the buffers are filled again.
    generation: RwSignal<u32>,
    /// The context is lost, waiting for the browser to restore it.
    lost: RwSignal<bool>,
    /// Tick labels of the current axes, drawn on the 2D canvas over the picture.
    axis_labels: StoredValue<Vec<Label>>,
    draw_pending: StoredValue<bool>,
    /// Bumped when the labels change; with the camera, what the label canvas last showed.
    labels_generation: StoredValue<u32>,
    labels_drawn: StoredValue<Option<(Camera, u64, u32, u32)>>,
    hover: RwSignal<Option<([f64; 2], f64)>>,
}

impl View {
    fn zscale(&self) -> f64 {
        BOX_HEIGHT * self.share.view3d.with_untracked(|v| v.exaggeration)
    }

    fn camera(&self) -> Camera {
        let angles = self.share.view3d.with_untracked(|v| v.camera);
        let target = look_at(self.target_xy.get_untracked(), self.zscale());
        Camera::new(angles, target, self.size.get_untracked())
    }

    /// Draws once the effects of the current change have run (a microtask: in the same
    /// frame as the change, once however many buffers it touched).
    fn request_draw(self) {
        if self.draw_pending.get_value() {
            return;
        }
        self.draw_pending.set_value(true);
        queue_microtask(move || {
            // None: set (the view still exists).
            if self.draw_pending.try_set_value(false).is_none() {
                self.draw_now();
            }
        });
    }

    fn draw_now(&self) {
        let (Some(canvas), Some(overlay)) =
            (self.canvas.get_untracked(), self.labels.get_untracked())
        else {
            return;
        };
        measure("draw-3d", || {
            let dpr = self.dpr.get_untracked();
            let camera = self.camera();
            let zs = self.zscale();
            let contours = self.store.overlays.with_untracked(|o| o.contours);
            let params = FrameParams {
                // Heights are stretched by zs in the shaders: the model matrix is the identity.
                mvp: camera.view_proj.to_f32(),
                zs: zs as f32,
                viewport: (canvas.width(), canvas.height()),
                dpr: dpr as f32,
                levels: if contours { CONTOUR_LEVELS } else { 0.0 },
            };
            self.renderer.with_value(|r| {
                if let Some(r) = r {
                    r.draw(&params);
                }
            });
            // The labels only move with the camera, the axes or the size: not with a slider.
            let key = (camera, zs.to_bits(), overlay.width(), self.labels_generation.get_value());
            if self.labels_drawn.get_value() != Some(key) {
                self.axis_labels.with_value(|l| labels::draw(&overlay, l, &camera, zs, dpr));
                self.labels_drawn.set_value(Some(key));
            }
        });
    }
}

/// The point the camera looks at: over the pan position, a quarter up the box (the floor's
/// front corner, nearest the eye, needs more room on screen than the peaks behind).
fn look_at([x, y]: [f64; 2], zscale: f64) -> Vec3 {
    [x, y, 0.25 * zscale]
}

/// The stage's views: the map (`children`), the 3D view when it is on, and the bar that
/// switches between them.
#[component]
pub fn Views(children: Children) -> impl IntoView {
    let share = expect_context::<Share>();
    let available = RwSignal::new(webgl2_exists());
    let shown = memo(move || available.get() && share.view3d.with(|v| v.stage.shows_3d()));
    // Mounted the first time it is shown, then kept (hidden) so its context is made once.
    let once = StoredValue::new(false);
    let mounted = memo(move || {
        if shown.get() {
            once.set_value(true);
        }
        once.get_value()
    });
    let class = move || {
        let s = if available.get() { share.view3d.with(|v| v.stage) } else { Stage::Map };
        format!("stage-views stage-{}", s.name())
    };
    view! {
        <ViewBar available=available />
        <div class=class>
            <div class="map-pane">{children()}</div>
            <Show when=move || mounted.get()>
                <ThreeDView shown=shown available=available />
            </Show>
        </div>
    }
}

/// `Effect::new` through one boxed closure type: leptos' effect machinery is then compiled
/// once for all of the view's effects instead of once per closure (a few KB of wasm each).
fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn()> = Box::new(f);
    Effect::new(move |_| f());
}

/// `Memo::new` through one boxed closure type per value type (see [`effect`]).
fn memo<T: PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> Memo<T> {
    let f: Box<dyn Fn() -> T + Send + Sync> = Box::new(f);
    Memo::new(move |_| f())
}

/// Whether this browser has WebGL2 at all (a context may still be refused later).
fn webgl2_exists() -> bool {
    js_sys::Reflect::has(&window(), &"WebGL2RenderingContext".into()).unwrap_or(false)
}

/// The "3D view" toggle and, with the view on, its settings.
#[component]
fn ViewBar(available: RwSignal<bool>) -> impl IntoView {
    let share = expect_context::<Share>();
    let on = move || available.get() && share.view3d.with(|v| v.stage.shows_3d());
    let set = move |f: &dyn Fn(&mut View3d)| share.view3d.update(|v| f(v));
    let toggle = move |_| {
        let wide = window().match_media(WIDE_QUERY).ok().flatten().is_some_and(|m| m.matches());
        set(&|v| {
            v.stage = if v.stage.shows_3d() {
                Stage::Map
            } else if wide {
                Stage::Both
            } else {
                Stage::ThreeD
            }
        });
    };
    let both = move || share.view3d.with(|v| v.stage == Stage::Both);
    view! {
        <div class="view-bar" role="group" aria-label="View">
            <button
                type="button"
                class="tool view-toggle"
                aria-pressed=move || on().to_string()
                disabled=move || !available.get()
                title=move || if available.get() { "Show the surface as a 3D landscape" } else { "This browser has no WebGL2: the 3D view is not available" }
                on:click=toggle
            >
                "3D view"
                {move || (!available.get()).then_some(" (no WebGL2 here)")}
            </button>
            <span class="view-settings" class:hidden=move || !on()>
                <button
                    type="button"
                    class="tool side-by-side"
                    aria-pressed=move || both().to_string()
                    title="The map and the 3D view side by side"
                    on:click=move |_| set(&|v| v.stage = if v.stage == Stage::Both { Stage::ThreeD } else { Stage::Both })
                >
                    "Side by side"
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-pressed=move || share.view3d.with(|v| v.height == HeightMode::Log).to_string()
                    title="Height: the log-like colour scale (on) or the loss itself (off)"
                    on:click=move |_| set(&|v| v.height = if v.height == HeightMode::Log { HeightMode::Linear } else { HeightMode::Log })
                >
                    "Log height"
                </button>
                <label class="exaggeration">
                    "Height ×"
                    <input
                        type="range"
                        min=EXAGGERATION.0.log2()
                        max=EXAGGERATION.1.log2()
                        step="0.05"
                        prop:value=move || share.view3d.with(|v| v.exaggeration.log2())
                        on:input=move |ev| {
                            if let Ok(x) = event_target_value(&ev).parse::<f64>() {
                                let x = (2f64.powf(x) * 100.0).round() / 100.0;
                                set(&|v| v.exaggeration = x.clamp(EXAGGERATION.0, EXAGGERATION.1));
                            }
                        }
                    />
                    <span class="exaggeration-value">{move || short(share.view3d.with(|v| v.exaggeration))}</span>
                </label>
                <button type="button" class="tool" on:click=move |_| set(&|v| v.camera = CameraAngles::DEFAULT)>
                    "Reset view"
                </button>
            </span>
        </div>
    }
}

/// Side by side needs a screen at least this wide; narrower ones show the 3D view alone.
const WIDE_QUERY: &str = "(min-width: 1200px)";

#[component]
fn ThreeDView(shown: Memo<bool>, available: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let share = expect_context::<Share>();
    let container = NodeRef::<Div>::new();
    let width = RwSignal::new(0.0_f64);
    let dpr = RwSignal::new(device_pixel_ratio());
    observe_width(container, width, dpr);
    let view_h = window_height();
    let size = memo(move || {
        let w = width.get().max(200.0);
        // Narrow boxes (side by side, phones) get a squarer picture: the box seen at an angle
        // is about as tall as it is wide there.
        let ratio = if w < 640.0 { 0.9 } else { 0.7 };
        let h = (w * ratio).min((view_h.get() - HEIGHT_RESERVE).max(MIN_CSS_HEIGHT));
        let d = dpr.get();
        ((w * d).floor() / d, (h * d).floor() / d)
    });
    let height_mode = memo(move || share.view3d.with(|v| v.height));
    let field = memo(move || {
        let mode = height_mode.get();
        store.surface.with(|s| {
            measure("mesh-sample", || {
                let w = s.window();
                let (wx, wy) = (w.x.1 - w.x.0, w.y.1 - w.y.0);
                let k = (MESH_NODES - 1) as f64 / wx.max(wy);
                let (nx, ny) = ((wx * k).round() as usize + 1, (wy * k).round() as usize + 1);
                Field(Arc::new(HeightField::sample(s, w, nx.max(8), ny.max(8), mode)))
            })
        })
    });
    let v = View {
        store,
        share,
        field,
        target_xy: RwSignal::new([0.0, 0.0]),
        size,
        dpr,
        canvas: NodeRef::new(),
        labels: NodeRef::new(),
        renderer: StoredValue::new_local(None),
        generation: RwSignal::new(0),
        lost: RwSignal::new(false),
        axis_labels: StoredValue::new(Vec::new()),
        draw_pending: StoredValue::new(false),
        labels_generation: StoredValue::new(0),
        labels_drawn: StoredValue::new(None),
        hover: RwSignal::new(None),
    };
    // Reset view also recentres.
    effect(move || {
        if share.view3d.with(|s| s.camera) == CameraAngles::DEFAULT {
            v.target_xy.set([0.0, 0.0]);
        }
    });
    create_renderer(v, available);
    size_canvases(v, shown);
    mesh_effect(v, shown);
    scene_effect(v, shown);
    axes_effect(v, shown);
    let on = input::handlers(v);
    let up = std::rc::Rc::new(on.up);
    let readout = move || match v.hover.get() {
        Some(([x, y], loss)) => format!("x {}, y {}, loss {}", short(x), short(y), short(loss)),
        None => "Drag to turn, Shift-drag to pan, wheel to zoom; click to set the start.".into(),
    };
    view! {
        <div class="three-d-view" class:hidden=move || !shown.get() node_ref=container>
            <div class="three-d-stack">
                <canvas
                    class="three-d-canvas"
                    node_ref=v.canvas
                    role="img"
                    aria-label="3D view of the loss surface"
                    aria-describedby="three-d-description"
                    data-testid="three-d-canvas"
                    tabindex="0"
                    on:pointerdown=on.down
                    on:pointermove=on.moved
                    on:pointerup={let up = up.clone(); move |ev| up(ev)}
                    on:pointercancel=move |ev| up(ev)
                    on:pointerleave=move |_| v.hover.set(None)
                    on:wheel=on.wheel
                    on:keydown=on.key
                ></canvas>
                <canvas class="three-d-labels" node_ref=v.labels aria-hidden="true"></canvas>
                <p class="three-d-lost" role="status" class:hidden=move || !v.lost.get()>
                    "The 3D view lost its graphics context; it comes back when the browser restores it."
                </p>
            </div>
            <p class="three-d-readout" data-testid="three-d-readout">{readout}</p>
            <p id="three-d-description" class="visually-hidden">{move || description(v)}</p>
        </div>
    }
}

/// The window's inner height, followed as it changes.
fn window_height() -> RwSignal<f64> {
    let inner = || window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
    let h = RwSignal::new(inner());
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        let now = inner();
        if h.try_get_untracked().is_some_and(|old| old != now) {
            h.try_set(now);
        }
    });
    on_cleanup(move || handle.remove());
    h
}

/// Creates the renderer on the canvas (again after a context loss); with no WebGL2 the
/// toggle says so and the map stays.
fn create_renderer(v: View, available: RwSignal<bool>) {
    effect(move || {
        let Some(canvas) = v.canvas.get() else { return };
        if v.lost.get() {
            return;
        }
        let made =
            gl::context(&canvas).ok_or_else(|| "no WebGL2".to_string()).and_then(Renderer::new);
        match made {
            Ok(r) => {
                v.renderer.set_value(Some(r));
                v.generation.update(|g| *g += 1);
            }
            Err(e) => {
                web_sys::console::warn_1(&format!("3D view unavailable: {e}").into());
                available.set(false);
                v.share.view3d.update(|s| s.stage = Stage::Map);
                v.store.notice.set(Some(
                    "The 3D view needs WebGL2, which this browser does not provide.".into(),
                ));
            }
        }
    });
    effect(move || {
        let Some(canvas) = v.canvas.get() else { return };
        listen(&canvas, "webglcontextlost", move |ev| {
            // Without preventDefault the browser would never restore the context.
            ev.prevent_default();
            v.renderer.set_value(None);
            v.lost.set(true);
        });
        listen(&canvas, "webglcontextrestored", move |_| v.lost.set(false));
    });
}

fn listen(canvas: &HtmlCanvasElement, name: &str, f: impl Fn(web_sys::Event) + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = canvas.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
    // The canvas lives as long as the page (the view is never unmounted once shown).
    cb.forget();
}

/// Sizes both canvases to the box at the device pixel ratio (crisp at any ratio).
fn size_canvases(v: View, shown: Memo<bool>) {
    effect(move || {
        let ((w, h), d) = (v.size.get(), v.dpr.get());
        v.generation.track();
        if !shown.get() {
            return;
        }
        for c in [v.canvas.get(), v.labels.get()].into_iter().flatten() {
            let (pw, ph) = ((w * d).round() as u32, (h * d).round() as u32);
            if c.width() != pw {
                c.set_width(pw);
            }
            if c.height() != ph {
                c.set_height(ph);
            }
            let style = web_sys::HtmlElement::style(&c);
            let _ = style.set_property("width", &format!("{}px", f64::from(pw) / d));
            let _ = style.set_property("height", &format!("{}px", f64::from(ph) / d));
        }
        v.request_draw();
    });
}

/// The mesh: rebuilt only when the surface, its window or the height mode change.
fn mesh_effect(v: View, shown: Memo<bool>) {
    effect(move || {
        v.generation.track();
        if !shown.get() {
            return;
        }
        let field = v.field.get();
        let mesh = measure("mesh-build", || Mesh::build(&field.0, &Palette::viridis()));
        v.renderer.update_value(|r| {
            if let Some(r) = r {
                r.set_mesh(&mesh);
            }
        });
        v.request_draw();
    });
}

/// The paths, clouds, heads, start, minima and √v bars: every slider move and playback frame.
fn scene_effect(v: View, shown: Memo<bool>) {
    let store = v.store;
    effect(move || {
        v.generation.track();
        if !shown.get() {
            return;
        }
        let field = v.field.get();
        let runs = store.trajectories.get();
        let clouds = store.clouds.get();
        let specs = store.runs.get();
        let step = store.step.get();
        let start = store.start.get();
        let accumulator = store.overlays.with(|o| o.accumulator);
        let selected = store.selected.get();
        let zscale = BOX_HEIGHT * v.share.view3d.with(|s| s.exaggeration);
        store.overlays.with(|o| o.contours);
        let minima: Vec<[f64; 2]> =
            store.surface.with(|s| s.minima().iter().map(|m| m.at).collect());
        let buffers = measure("scene-3d", || {
            let runs = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.visible)
                .filter_map(|(i, s)| {
                    Some(RunView {
                        color: run_color(s.color),
                        marker: run_marker(s.color),
                        trajectory: runs.0.get(i)?,
                        cloud: clouds.0.get(i).map_or(&[][..], |c| &c[..]),
                        selected: selected == Some(s.id),
                    })
                })
                .collect();
            scene::build(&SceneInput {
                field: &field.0,
                runs,
                step,
                start,
                minima,
                accumulator,
                zscale,
            })
        });
        v.renderer.update_value(|r| {
            if let Some(r) = r {
                r.set_scene(&buffers);
            }
        });
        v.request_draw();
    });
}

/// The axes and tick labels follow the camera (which edge is in front).
fn axes_effect(v: View, shown: Memo<bool>) {
    effect(move || {
        v.generation.track();
        if !shown.get() {
            return;
        }
        let field = v.field.get();
        let (angles, e) = v.share.view3d.with(|s| (s.camera, s.exaggeration));
        v.size.track();
        let target = look_at(v.target_xy.get(), BOX_HEIGHT * e);
        let eye = crate::view::three_d::camera::eye_position(angles, target);
        let (buffers, labels) = scene::axes(&field.0, eye);
        v.renderer.update_value(|r| {
            if let Some(r) = r {
                r.set_axes(&buffers);
            }
        });
        v.axis_labels.set_value(labels);
        v.labels_generation.update_value(|g| *g += 1);
        v.request_draw();
    });
}

/// The text alternative: what the picture shows, in words.
fn description(v: View) -> String {
    let store = v.store;
    let name = store.surface.with(|s| match s {
        Surface::Builtin(k) => k.info().title.to_string(),
        Surface::Custom(c) => format!("f(x, y) = {}", c.formula.source()),
    });
    let (mode, camera) = v.share.view3d.with(|s| (s.height, s.camera));
    let step = store.step.get();
    let runs = store.trajectories.get();
    let names = store.run_names.get();
    let specs = store.runs.get();
    let mut out = format!(
        "{name} as a landscape, height {} of the loss, seen from azimuth {:.0}° and {:.0}° above. ",
        if mode == HeightMode::Log { "on the log-like colour scale" } else { "linear" },
        camera.yaw,
        camera.pitch
    );
    for ((spec, (_, run_name)), tr) in specs.iter().zip(&names).zip(runs.0.iter()) {
        if !spec.visible {
            continue;
        }
        if let Some(k) = tr.head(step) {
            let [x, y] = tr.points[k];
            out.push_str(&format!(
                "{run_name} at ({}, {}), loss {}. ",
                short(x),
                short(y),
                short(tr.loss[k])
            ));
        }
    }
    let [x, y] = store.start.get();
    out.push_str(&format!("Start ({}, {}).", short(x), short(y)));
    out
}

/// The 3D view's canvases (the picture, then its labels) when it is on screen, for the PNG
/// export; None when the map alone is shown.
pub fn shown_layers() -> Option<Vec<HtmlCanvasElement>> {
    use wasm_bindgen::JsCast;
    let get = |sel: &str| -> Option<HtmlCanvasElement> {
        document().query_selector(sel).ok()??.dyn_into().ok()
    };
    let view = document().query_selector(".three-d-view:not(.hidden)").ok()??;
    // Hidden by the layout (a narrow screen showing the map) counts as not shown.
    if view.get_bounding_client_rect().width() == 0.0 {
        return None;
    }
    Some(vec![
        get(".three-d-view canvas.three-d-canvas")?,
        get(".three-d-view canvas.three-d-labels")?,
    ])
}
