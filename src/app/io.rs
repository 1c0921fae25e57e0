//! Files in and out. Export: a PNG of the surface view with its paths and a legend drawn in,
//! the trajectories as CSV or JSON (byte for byte what `trace` prints for the same scenario),
//! and the scenario itself. Import: a scenario file, from the picker or dropped on the page,
//! checked exactly as `trace` checks it; on error the scene stays as it was.

use super::draw;
use super::icons::{Icon, IconName};
use super::runs::run_status;
use super::state::{Store, MAX_PLAY_STEPS, MAX_RUNS, MIN_PLAY_STEPS};
use crate::core::export::{trajectories_csv, trajectories_json};
use crate::core::scenario::{Scenario, MAX_SCENARIO_BYTES};
use crate::core::surface::Surface;
use crate::core::trajectory::{Problem, Trajectory};
use crate::view::format::noise_text;
use crate::view::legend::{settings_text, wrap};
use crate::view::theme::{run_color, run_marker};
use leptos::html::Details;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d as Ctx, File, HtmlCanvasElement};

/// The scene as a scenario document (every run, hidden ones too, in order).
pub fn scenario_of(store: &Store) -> Scenario {
    Scenario {
        surface: store.surface.get_untracked(),
        start: store.start.get_untracked(),
        steps: store.steps.get_untracked(),
        noise: store.noise.get_untracked(),
        shift: store.shift.get_untracked(),
        runs: store.runs.with_untracked(|r| r.iter().map(|s| s.run()).collect()),
    }
}

fn trajectories(store: &Store) -> Vec<Trajectory> {
    store.trajectories.with_untracked(|t| t.0.iter().map(|t| (**t).clone()).collect())
}

/// Hands `blob` to the browser as a download named `name`.
fn save(blob: &Blob, name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    let body = document().body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Ok(())
}

fn save_text(store: &Store, text: &str, mime: &str, name: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let saved = Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| save(&blob, name));
    if saved.is_err() {
        store.notice.set(Some(format!("Could not save {name}: the browser refused the download.")));
    }
}

pub fn export_csv(store: &Store) {
    let text = trajectories_csv(&trajectories(store));
    save_text(store, &text, "text/csv", "rmsprop-lab-trajectories.csv");
}

pub fn export_json(store: &Store) {
    // `trace` ends its JSON with a newline too.
    let text = format!("{}\n", trajectories_json(&trajectories(store)));
    save_text(store, &text, "application/json", "rmsprop-lab-trajectories.json");
}

pub fn export_scenario(store: &Store) {
    let text = format!("{}\n", scenario_of(store).to_json_pretty());
    save_text(store, &text, "application/json", "rmsprop-lab-scenario.json");
}

/// The surface view's layers on one canvas, with a legend below them.
pub fn export_png(store: &Store) {
    let Some(canvas) = compose_png(store) else {
        store.notice.set(Some("Could not draw the image: the surface view is not ready.".into()));
        return;
    };
    let store = *store;
    let done = Closure::once_into_js(move |blob: JsValue| match blob.dyn_into::<Blob>() {
        Ok(blob) if save(&blob, "rmsprop-lab-surface.png").is_ok() => {}
        _ => store.notice.set(Some("Could not save the image.".into())),
    });
    if canvas.to_blob(done.unchecked_ref()).is_err() {
        store.notice.set(Some("Could not encode the image.".into()));
    }
}

fn layer(class: &str) -> Option<HtmlCanvasElement> {
    document().query_selector(&format!(".surface-view canvas.{class}")).ok()??.dyn_into().ok()
}

fn compose_png(store: &Store) -> Option<HtmlCanvasElement> {
    let (base, ghost, paths) = (layer("layer-base")?, layer("layer-ghost")?, layer("layer-paths")?);
    let (w, h) = (base.width(), base.height());
    if w == 0 || h == 0 {
        return None;
    }
    // Device pixels per CSS pixel, as the view was drawn.
    let k = (f64::from(w) / f64::from(base.client_width().max(1))).clamp(1.0, 4.0);
    let (line_h, pad) = ((20.0 * k).round(), (10.0 * k).round());
    let font = |bold: bool| {
        format!("{}{}px system-ui, sans-serif", if bold { "600 " } else { "" }, (13.0 * k).round())
    };
    let out: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    let ctx: Ctx = out.get_context("2d").ok()??.dyn_into().ok()?;
    // Rows of (x, marker, bold, text): long entries wrap, the marker on their first row.
    let mut rows = Vec::new();
    for (marker, text) in legend_lines(store) {
        let (bold, x) = (marker.is_none(), if marker.is_some() { pad + 22.0 * k } else { pad });
        ctx.set_font(&font(bold));
        let width = |s: &str| ctx.measure_text(s).map_or(0.0, |m| m.width());
        for (j, line) in wrap(&text, f64::from(w) - x - pad, &width).into_iter().enumerate() {
            rows.push((x, marker.filter(|_| j == 0), bold, line));
        }
    }
    let legend_h = 2.0 * pad + line_h * rows.len() as f64;
    // Sizing the canvas resets its context, so drawing starts here.
    out.set_width(w);
    out.set_height(h + legend_h as u32);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(out.height()));
    ctx.draw_image_with_html_canvas_element(&base, 0.0, 0.0).ok()?;
    // The faint whole paths and the gradient field; an empty ghost layer is one clear pixel.
    if ghost.width() == w {
        ctx.draw_image_with_html_canvas_element(&ghost, 0.0, 0.0).ok()?;
    }
    ctx.draw_image_with_html_canvas_element(&paths, 0.0, 0.0).ok()?;
    ctx.set_text_baseline("middle");
    for (i, (x, marker, bold, text)) in rows.iter().enumerate() {
        let y = f64::from(h) + pad + line_h * (i as f64 + 0.5);
        if let Some(color) = marker {
            let at = (pad + 6.0 * k, y);
            draw::marker(&ctx, run_marker(*color), at, 5.0 * k, &run_color(*color).css(), 1.5 * k);
        }
        ctx.set_font(&font(*bold));
        ctx.set_fill_style_str("#1d2230");
        let _ = ctx.fill_text(text, *x, y);
    }
    Some(out)
}

/// The legend: a title line (surface, step, noise), then one line per visible run with its
/// colour index.
fn legend_lines(store: &Store) -> Vec<(Option<usize>, String)> {
    let surface = store.surface.get_untracked();
    let name = match &surface {
        Surface::Builtin(k) => format!("{}: f(x, y) = {}", k.info().title, k.info().formula),
        Surface::Custom(c) => format!("f(x, y) = {}", c.formula.source()),
        Surface::Data(d) => format!("{} on {} rows", d.model().title(), d.n()),
    };
    let mut title =
        format!("{name} · step {} of {}", store.step.get_untracked(), store.steps.get_untracked());
    if let Some(n) = store.problem.with_untracked(noise_text) {
        title.push_str(&format!(" · gradient noise {n}"));
    }
    let mut lines = vec![(None, title)];
    let specs = store.runs.get_untracked();
    for s in specs.iter().filter(|s| s.visible) {
        let (status, _) = untrack(|| run_status(store, s.id));
        let settings = settings_text(&s.optimizer);
        lines.push((Some(s.color), format!("{} ({settings}): {status}", s.name(&specs))));
    }
    lines
}

/// Reads `file` as a scenario and loads it, or says why not (naming the field).
pub fn import_file(store: Store, file: File) {
    let name = file.name();
    if file.size() > MAX_SCENARIO_BYTES as f64 {
        let mib = MAX_SCENARIO_BYTES >> 20;
        store
            .notice
            .set(Some(format!("Could not import {name}: larger than {mib} MiB; not a scenario.")));
        return;
    }
    leptos::task::spawn_local(async move {
        let result = read_text(&file)
            .await
            .and_then(|text| Scenario::from_json(&text).map_err(|e| e.to_string()));
        match result {
            Ok(s) => load_scenario(&store, s, &name),
            Err(e) => store
                .notice
                .set(Some(format!("Could not import {name}: {e}. The scene is unchanged."))),
        }
    });
}

/// The file's text, or why it could not be read.
pub async fn read_text(file: &File) -> Result<String, String> {
    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map(|b| js_sys::Uint8Array::new(&b).to_vec())
        .map_err(|_| "the file could not be read".to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// Loads a valid scenario, within what the app can show (and says where it had to cut).
fn load_scenario(store: &Store, s: Scenario, name: &str) {
    let mut msg = format!("Loaded {name}.");
    if s.runs.len() > MAX_RUNS {
        msg += &format!("\nIt has {} runs; the first {MAX_RUNS} are shown.", s.runs.len());
    }
    let steps = s.steps.clamp(MIN_PLAY_STEPS, MAX_PLAY_STEPS);
    if steps != s.steps {
        msg += &format!(
            "\nsteps: {} is outside what the app plays ({MIN_PLAY_STEPS} to {MAX_PLAY_STEPS}); showing {steps}.",
            s.steps
        );
    }
    store.load(Problem { steps, ..s.problem() }, &s.runs);
    store.step.set(steps);
    store.notice.set(Some(msg));
}

/// The Export menu: four downloads, and the scene as Python code.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let store = expect_context::<Store>();
    let menu = NodeRef::<Details>::new();
    let code_open = RwSignal::new(false);
    let item = move |label: &'static str, what: &'static str, run: fn(&Store)| {
        view! {
            <button
                type="button"
                data-export=what
                on:click=move |_| {
                    if let Some(d) = menu.get_untracked() {
                        d.set_open(false);
                    }
                    run(&store);
                }
            >
                {label}
            </button>
        }
    };
    // A press anywhere else closes the menu.
    let handle = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let Some(d) = menu.get_untracked() else { return };
        let inside = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if !d.contains(inside.as_ref()) {
            d.set_open(false);
        }
    });
    on_cleanup(move || handle.remove());
    // Escape closes it and gives the focus back to its button.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(d) = menu.get_untracked() else { return };
        if ev.key() == "Escape" && d.open() {
            d.set_open(false);
            if let Some(summary) = d.query_selector("summary").ok().flatten() {
                let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
            }
            ev.prevent_default();
        }
    };
    view! {
        <details class="menu" node_ref=menu on:keydown=on_key>
            <summary class="tool">
                <Icon name=IconName::Download />
                "Export"
            </summary>
            <div class="menu-items">
                {item("Image of the surface (PNG)", "png", export_png)}
                {item("Trajectories (CSV)", "csv", export_csv)}
                {item("Trajectories (JSON)", "json", export_json)}
                {item("Scenario (JSON)", "scenario", export_scenario)}
                <button
                    type="button"
                    data-export="code"
                    on:click=move |_| {
                        if let Some(d) = menu.get_untracked() {
                            d.set_open(false);
                        }
                        code_open.set(true);
                    }
                >
                    "Copy as code (Python)"
                </button>
            </div>
        </details>
        <super::code::CodePanel open=code_open />
    }
}

/// Import: a button that opens the file picker.
#[component]
pub fn ImportButton() -> impl IntoView {
    let store = expect_context::<Store>();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_file(store, file);
        }
        // The same file can be picked again after an edit.
        input.set_value("");
    };
    view! {
        <label class="tool" title="Load a scenario file (also: drop it on the page)">
            <Icon name=IconName::Upload />
            "Import"
            <input
                type="file"
                class="visually-hidden"
                accept=".json,application/json"
                data-testid="import-file"
                on:change=on_change
            />
        </label>
    }
}

/// Dropping a file anywhere on the page imports it; while a file is dragged over the page,
/// `<body data-dropping>` shows where it goes.
pub fn install_drop(store: Store) {
    let set_dropping = |on: bool| {
        if let Some(body) = document().body() {
            let _ = if on {
                body.set_attribute("data-dropping", "")
            } else {
                body.remove_attribute("data-dropping")
            };
        }
    };
    let has_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer().is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0))
    };
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            set_dropping(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window, not moving between elements.
        if ev.related_target().is_none() {
            set_dropping(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        set_dropping(false);
        let file = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            import_file(store, file);
        }
    });
    // For the page's lifetime, like the app.
    std::mem::forget((over, leave, drop));
}
