//! Shared links: the whole state lives in the URL (written with `history.replaceState`, a
//! moment after the last change, so history never fills up), "Copy link", and classroom mode,
//! which hides the controls. The codec itself is `core::url_state`.

use super::icons::{Icon, IconName};
use super::lessons;
use super::state::{
    RunSpec, Store, MAX_PLAY_STEPS, MAX_RUNS, MAX_SPEED, MIN_PLAY_STEPS, MIN_SPEED,
};
use crate::core::surface::Surface;
use crate::core::trajectory::Problem;
use crate::core::url_state::{decode, encode, Decoded, Limits, RunState, UrlState};
use crate::view::theme::CLASSROOM_SCALE;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// Quiet time before the URL follows the state: a drag or a playing animation changes it many
/// times a second, and browsers throttle frequent `replaceState` calls.
const URL_DELAY: Duration = Duration::from_millis(300);

const LIMITS: Limits = Limits {
    steps: (MIN_PLAY_STEPS, MAX_PLAY_STEPS),
    speed: (MIN_SPEED, MAX_SPEED),
    max_runs: MAX_RUNS,
};

/// Sharing state that is not the store's: provided as context by [`install`].
#[derive(Clone, Copy)]
pub struct Share {
    /// Controls hidden, for showing on a projector; kept in the URL.
    pub classroom: RwSignal<bool>,
    pending: StoredValue<Option<TimeoutHandle>>,
    /// The next write pushes a history entry (the scene was replaced) instead of replacing.
    push: StoredValue<bool>,
    /// The scene being replaced is a history entry's (Back, Forward): no new entry for it.
    restoring: StoredValue<bool>,
}

impl Share {
    /// The factor on the canvases' type and lines: [`CLASSROOM_SCALE`] in classroom mode, else
    /// 1 (tracked).
    pub fn canvas_scale(self) -> f64 {
        if self.classroom.get() {
            CLASSROOM_SCALE
        } else {
            1.0
        }
    }
}

/// Loads the state from the page's URL (listing in a notice whatever it ignored), then keeps
/// the URL up to date. Call once, after the store has its defaults.
pub fn install(store: Store) -> Share {
    let share = Share {
        classroom: RwSignal::new(false),
        pending: StoredValue::new(None),
        push: StoredValue::new(false),
        restoring: StoredValue::new(false),
    };
    provide_context(share);
    let search = window().location().search().unwrap_or_default();
    let mut opened_lesson = false;
    if search.len() > 1 {
        let decoded = decode_link(&store, &search);
        // A link that names only a lesson opens it; with more, the link's state is the scene.
        let only_lesson = search[1..].split('&').all(|kv| kv.starts_with("lesson="));
        match decoded.state.lesson {
            Some(id) if only_lesson => {
                lessons::open(store, id);
                opened_lesson = true;
            }
            _ => apply(&store, share, decoded.state),
        }
        if !decoded.notices.is_empty() {
            let list = decoded.notices.join("\n");
            store.notice.set(Some(format!("Some settings in this link were ignored:\n{list}")));
        }
    }
    Effect::new(move |first: Option<()>| {
        store.surface.track();
        store.start.track();
        store.steps.track();
        store.noise.track();
        store.shift.track();
        store.runs.track();
        store.step.track();
        store.speed.track();
        store.overlays.track();
        store.view.track();
        store.selected.track();
        store.lesson.track();
        share.classroom.track();
        // The first run only subscribes: the page's own URL is already right, unless a
        // lesson named by the link has filled in the rest of the scene.
        if first.is_some() || opened_lesson {
            share.schedule(store);
        }
    });
    // A new scene: its own history entry (the entry before keeps the old scene's address).
    Effect::new(move |first: Option<()>| {
        store.scene.track();
        if first.is_some() {
            share.push.set_value(!share.restoring.get_value());
            share.restoring.set_value(false);
        }
    });
    // Back and Forward: the entry's address is the scene to show, without a new entry.
    let on_pop = window_event_listener(leptos::ev::popstate, move |_| {
        let decoded = decode_link(&store, &window().location().search().unwrap_or_default());
        share.restoring.set_value(true);
        apply(&store, share, decoded.state);
    });
    std::mem::forget(on_pop);
    share
}

/// The state a link's query holds, with the app's limits and its defaults for what it omits.
fn decode_link(store: &Store, search: &str) -> Decoded {
    decode(search, &LIMITS, |surface: Option<Surface>| defaults_on(store, surface))
}

impl Share {
    /// Writes the URL a moment after the last change; during playback, which changes the
    /// step every frame, at most once per moment (a throttle: a link copied mid-run is the
    /// state on screen).
    fn schedule(self, store: Store) {
        if let Some(h) = self.pending.get_value() {
            if store.playing.get_untracked() {
                return;
            }
            h.clear();
        }
        let write = move || drop(self.write_now(store));
        let h = set_timeout_with_handle(write, URL_DELAY).ok();
        self.pending.set_value(h);
    }

    /// Writes the current state into the address bar now: a new history entry when the scene
    /// was replaced since the last write, else in place.
    pub fn write_now(self, store: Store) -> String {
        if let Some(h) = self.pending.get_value() {
            h.clear();
        }
        self.pending.set_value(None);
        let push = self.push.get_value();
        self.push.set_value(false);
        let query = format!("?{}", encode(&snapshot(&store, self.classroom.get_untracked())));
        let location = window().location();
        if location.search().ok().as_deref() != Some(query.as_str()) {
            let path = location.pathname().unwrap_or_default();
            let hash = location.hash().unwrap_or_default();
            if let Ok(history) = window().history() {
                let url = format!("{path}{query}{hash}");
                let _ = if push {
                    history.push_state_with_url(&JsValue::NULL, "", Some(&url))
                } else {
                    history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
                };
            }
        }
        location.href().unwrap_or_default()
    }
}

/// The store's state, untracked, in the codec's terms.
fn snapshot(store: &Store, classroom: bool) -> UrlState {
    let runs = store.runs.get_untracked();
    let o = store.overlays.get_untracked();
    let selected = store.selected.get_untracked();
    UrlState {
        surface: store.surface.get_untracked(),
        start: store.start.get_untracked(),
        steps: store.steps.get_untracked(),
        noise: store.noise.get_untracked(),
        shift: store.shift.get_untracked(),
        selected: runs.iter().position(|r| Some(r.id) == selected),
        runs: runs
            .iter()
            .map(|r| RunState {
                optimizer: r.optimizer,
                schedule: r.schedule,
                visible: r.visible,
                color: r.color,
            })
            .collect(),
        step: store.step.get_untracked(),
        speed: store.speed.get_untracked(),
        layers: o,
        view: store.view.get_untracked(),
        classroom,
        lesson: store.lesson.get_untracked(),
    }
}

/// What a link's missing values fall back to: the app's start-up state, and on another
/// surface that surface's start and, for runs the link does not spell out, its suggested rates.
fn defaults_on(store: &Store, surface: Option<Surface>) -> UrlState {
    // A link without a view shows the surface's own window.
    let mut s = UrlState { view: None, ..snapshot(store, false) };
    if let Some(surface) = surface {
        if surface != s.surface {
            s.start = surface.default_start();
            for r in &mut s.runs {
                r.optimizer = surface.with_suggested_lr(r.optimizer);
            }
            s.surface = surface;
        }
    }
    s
}

fn apply(store: &Store, share: Share, s: UrlState) {
    let runs: Vec<_> = s.runs.iter().map(|r| r.run()).collect();
    let problem = Problem {
        surface: s.surface,
        start: s.start,
        steps: s.steps,
        noise: s.noise,
        shift: s.shift,
    };
    store.load(problem, &runs);
    // `load` numbers the runs from 0 and colours them in order; the link may say otherwise.
    for (h, r) in store.run_list.get_untracked().iter().zip(&s.runs) {
        h.spec.update(|spec| *spec = RunSpec { visible: r.visible, color: r.color, ..*spec });
    }
    store.selected.set(s.selected.map(|i| i as u32));
    store.step.set(s.step);
    store.speed.set(s.speed);
    store.overlays.set(s.layers);
    store.view.set(s.view);
    share.classroom.set(s.classroom);
    store.lesson.set(s.lesson);
}

/// Puts `text` on the clipboard, then calls `done` with whether it could: the clipboard is
/// missing on insecure origins and a refused permission fails the write (Copy link, Copy as
/// code).
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    leptos::task::spawn_local(async move {
        let copied = match clipboard {
            Some(c) => {
                let c: web_sys::Clipboard = wasm_bindgen::JsCast::unchecked_into(c);
                wasm_bindgen_futures::JsFuture::from(c.write_text(&text)).await.is_ok()
            }
            None => false,
        };
        done(copied);
    });
}

/// "Copy link": puts the current URL on the clipboard, or shows it to copy by hand where the
/// clipboard is not available (an insecure origin, a refused permission).
#[component]
pub fn CopyLink() -> impl IntoView {
    let store = expect_context::<Store>();
    let share = expect_context::<Share>();
    // None: idle; Some(None): copied; Some(Some(url)): copy by hand.
    let status = RwSignal::new(None::<Option<String>>);
    // The link shown for copying by hand arrives focused and selected.
    let fallback = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = fallback.get() {
            let _ = input.focus();
        }
    });
    let copy = move |_| {
        let url = share.write_now(store);
        copy_text(url.clone(), move |copied| {
            status.set(Some((!copied).then_some(url)));
            if copied {
                set_timeout(move || status.set(None), Duration::from_millis(2500));
            }
        });
    };
    view! {
        <button type="button" class="tool" title="Copy a link to exactly this view" on:click=copy>
            <Icon name=IconName::Link />
            "Copy link"
        </button>
        {move || match status.get() {
            None => ().into_any(),
            Some(None) => view! { <span class="tool-status" role="status">"Link copied"</span> }.into_any(),
            Some(Some(url)) => view! {
                <span class="copy-fallback" role="status">
                    <label for="copy-link-text">"Copying is blocked here; copy this link:"</label>
                    <input
                        id="copy-link-text"
                        type="text"
                        readonly=true
                        node_ref=fallback
                        prop:value=url
                        on:focus=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            input.select();
                        }
                    />
                    <button type="button" class="icon" aria-label="Close" on:click=move |_| status.set(None)>
                        <Icon name=IconName::Close />
                    </button>
                </span>
            }
            .into_any(),
        }}
    }
}

/// Turns classroom mode on (the toolbar's button).
#[component]
pub fn ClassroomToggle() -> impl IntoView {
    let share = expect_context::<Share>();
    view! {
        <button
            type="button"
            class="tool"
            aria-pressed=move || share.classroom.get().to_string()
            title="Hide the controls, for a projector (links keep it)"
            on:click=move |_| share.classroom.update(|c| *c = !*c)
        >
            "Classroom"
        </button>
    }
}

/// In classroom mode, the one way back to the controls.
#[component]
pub fn ShowControls() -> impl IntoView {
    let share = expect_context::<Share>();
    view! {
        <Show when=move || share.classroom.get()>
            <button
                type="button"
                class="show-controls"
                title="Leave classroom mode"
                on:click=move |_| share.classroom.set(false)
            >
                "Show controls"
            </button>
        </Show>
    }
}
