//! The Leptos single-page app (wasm32 only): one component per concern, sharing one `Store`.

mod charts;
mod code;
mod data;
mod draw;
mod explainer;
mod icons;
mod io;
mod lessons;
mod noise;
mod perf;
mod playback;
mod runs;
mod scene;
mod share;
mod shift;
pub mod state;
mod surface;
mod sweep;
mod visible;
mod welcome;

use leptos::prelude::*;
use playback::{install_playback, PlaybackBar};
use runs::{Legend, RunList};
use scene::ScenePanel;
use state::{Overlays, Store};
use surface::SurfaceView;

/// The root component that `src/main.rs` mounts on `<body>`.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    provide_context(store);
    visible::install_watches(store);
    install_playback(store);
    // Show the whole runs at first; Play animates them from step 0.
    store.step.set(store.steps.get_untracked());
    lessons::install(store);
    // A shared link's state replaces the defaults; files dropped on the page are imported.
    let share = share::install(store);
    let hint = welcome::install(store);
    io::install_drop(store);

    view! {
        <a class="skip-link" href="#stage">"Skip to the surface and playback"</a>
        <header class="app-header">
            <h1>"rmsprop" <span>"-lab"</span></h1>
            <p class="tagline">"Watch RMSProp, AdaGrad and Adam race on a loss surface — and see why."</p>
            <div class="toolbar" role="toolbar" aria-label="Share and files">
                <share::CopyLink />
                <io::ExportMenu />
                <io::ImportButton />
                <share::ClassroomToggle />
            </div>
        </header>
        <Notice />
        <main class="layout" class:classroom=move || share.classroom.get()>
            <share::ShowControls />
            <aside class="sidebar" aria-label="Controls">
                <lessons::LessonsPanel />
                <div class="panel">
                    <h2>"Scene"</h2>
                    <ScenePanel />
                    <OverlayToggles />
                    <noise::NoisePanel />
                    <shift::ShiftPanel />
                </div>
                <RunList />
            </aside>
            <section class="stage panel" id="stage" tabindex="-1" aria-label="Surface">
                <lessons::LessonBanner />
                <welcome::DragHint hint />
                <SurfaceView />
                <Legend />
                <PlaybackBar />
            </section>
            <div class="charts-area">
                <charts::Charts />
            </div>
            <div class="below-area">
                <explainer::Explainer />
                <sweep::SweepPanel />
            </div>
        </main>
    }
}

/// A dismissable message (a refused link, a failed import, a limit reached).
#[component]
fn Notice() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        store.notice.get().map(|msg| {
            view! {
                <div class="notice" role="status">
                    <span>{msg}</span>
                    <button type="button" class="icon" aria-label="Dismiss" on:click=move |_| store.notice.set(None)>
                        "×"
                    </button>
                </div>
            }
        })
    }
}

#[component]
fn OverlayToggles() -> impl IntoView {
    let store = expect_context::<Store>();
    let toggle = move |label: &'static str,
                       help: &'static str,
                       get: fn(&Overlays) -> bool,
                       set: fn(&mut Overlays, bool)| {
        view! {
            <label title=help>
                <input
                    type="checkbox"
                    prop:checked=move || store.overlays.with(get)
                    on:change=move |ev| store.overlays.update(|o| set(o, event_target_checked(&ev)))
                />
                {label}
            </label>
        }
    };
    // Only a data scene with minibatches has a minibatch to draw.
    let minibatched = move || {
        store.surface.with(|s| s.data().is_some_and(crate::core::data::DataSurface::minibatched))
    };
    // What the marks on the surface mean, for the overlays that are on.
    let key = move || {
        let o = store.overlays.get();
        let rows = [
            (o.step_arrows, "key-dashed", "dashed white arrow: −g, straight downhill"),
            (o.step_arrows, "key-solid", "coloured arrow: the step the run took"),
            (o.accumulator, "key-box", "dashed box: √v per axis (the longer side is slowed more)"),
            (o.quiver, "key-field", "faint arrows: −∇f across the surface, brighter where steeper"),
            (
                o.batch_contours && minibatched(),
                "key-batch",
                "yellow lines: equal loss on the rows the next update uses",
            ),
        ];
        let shown: Vec<_> = rows.into_iter().filter(|r| r.0).collect();
        (!shown.is_empty()).then(|| {
            view! {
                <ul class="overlay-key" aria-label="Overlay key">
                    {shown.into_iter().map(|(_, class, text)| view! {
                        <li><span class=format!("key-mark {class}") aria-hidden="true"></span>{text}</li>
                    }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class="toggles" role="group" aria-label="Overlays">
            {toggle("Contours", "Lines of equal loss on the heatmap", |o| o.contours, |o, v| o.contours = v)}
            {toggle("Step vs −gradient", "At each head: the step taken against straight downhill (−g)", |o| o.step_arrows, |o, v| o.step_arrows = v)}
            {toggle("Accumulator √v", "At each head: a box with sides ∝ √v per axis", |o| o.accumulator, |o, v| o.accumulator = v)}
            {toggle("Gradient field", "Downhill directions −∇f across the surface", |o| o.quiver, |o, v| o.quiver = v)}
            {move || minibatched().then(|| toggle("Minibatch contours", "Lines of equal loss on the rows the next update uses, redrawn at every step (the heatmap is the loss on all rows)", |o| o.batch_contours, |o, v| o.batch_contours = v))}
        </div>
        {key}
    }
}
