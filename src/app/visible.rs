//! Whether an element is on screen, so that work for what nobody can see — charts below the
//! fold, the explainer's typesetting — waits until it scrolls into view, or until the page
//! is idle or printed; and bringing an element into view.

use super::perf::now_ms;
use super::state::Store;
use leptos::html::ElementType;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast};

/// How far (CSS px) beyond the viewport an element counts as on screen. None: an element
/// scrolled into view is brought up to date in that frame's observer callback, so it shows
/// its previous picture for one frame at most, while a wider margin would make every slider
/// move redraw charts just below the fold (measured: a quarter of the frame time).
const MARGIN: &str = "0px";

/// How long (ms) the runs, the step and the selection must stay unchanged for the page to
/// count as idle.
const IDLE_AFTER_MS: f64 = 500.0;

/// True while the page is being printed, or is idle: then everything counts as on screen, so
/// charts below the fold are drawn before the browser lays out the printed pages, and catch
/// up while nothing moves (a full-page capture shows them; a slider drag or playback still
/// redraws only what is in view).
#[derive(Clone, Copy)]
struct ShowAll {
    printing: RwSignal<bool>,
    idle: RwSignal<bool>,
}

/// Watches `beforeprint` / `afterprint` and the store's changes for the page's life; call
/// once, in the root.
pub fn install_watches(store: Store) {
    let (printing, idle) = (RwSignal::new(false), RwSignal::new(false));
    provide_context(ShowAll { printing, idle });
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    // The app lives as long as the page.
    std::mem::forget((before, after));
    // One timer at a time, even during playback (a change every frame): when it fires it
    // waits out the rest of the quiet time since the last change, if any is left.
    let (last_change, armed) = (StoredValue::new(0.0), StoredValue::new(false));
    Effect::new(move |_| {
        store.trajectories.track();
        store.step.track();
        store.selected.track();
        if idle.get_untracked() {
            idle.set(false);
        }
        last_change.set_value(now_ms());
        if !armed.get_value() {
            armed.set_value(true);
            wait_for_quiet(IdleWatch { idle, last_change, armed }, IDLE_AFTER_MS);
        }
    });
}

#[derive(Clone, Copy)]
struct IdleWatch {
    idle: RwSignal<bool>,
    last_change: StoredValue<f64>,
    armed: StoredValue<bool>,
}

/// After `ms`, the page is idle if nothing changed for [`IDLE_AFTER_MS`]; else waits again.
fn wait_for_quiet(w: IdleWatch, ms: f64) {
    let check = move || {
        let left = IDLE_AFTER_MS - (now_ms() - w.last_change.get_value());
        if left > 1.0 {
            wait_for_quiet(w, left);
        } else {
            w.armed.set_value(false);
            w.idle.set(true);
        }
    };
    set_timeout(check, Duration::from_millis(ms as u64));
}

/// A signal that is true while `target` intersects the viewport (grown by [`MARGIN`]), or
/// the page is being printed or is idle ([`ShowAll`]). It starts true, so nothing waits on a
/// browser without IntersectionObserver.
pub fn visible<E>(target: NodeRef<E>) -> Signal<bool>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let shown = RwSignal::new(true);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        let Some(el) = el.dyn_ref::<web_sys::Element>().cloned() else { return };
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let last = entries.iter().last();
            if let Some(e) =
                last.and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            {
                // try_: the view may be gone while the observer lingers.
                shown.try_set(e.is_intersecting());
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(MARGIN);
        if let Ok(io) =
            web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init)
        {
            io.observe(&el);
        }
        // Lives as long as the page; a removed view leaves an inert observer (see try_).
        cb.forget();
    });
    let all = use_context::<ShowAll>();
    Signal::derive(move || shown.get() || all.is_some_and(|a| a.printing.get() || a.idle.get()))
}

/// Brings the element matching `selector` into view, its `block` edge (or centre) at the
/// viewport's, smoothly unless the user asked for reduced motion (the browser honours that
/// for "smooth"); the element, if there is one.
pub fn scroll_to(
    selector: &str,
    block: web_sys::ScrollLogicalPosition,
) -> Option<web_sys::Element> {
    let el = document().query_selector(selector).ok().flatten()?;
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
    opts.set_block(block);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    Some(el)
}
