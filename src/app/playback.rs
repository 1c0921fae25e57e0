//! Playback: play/pause, single step, reset, speed, the step counter and the timeline. The
//! animation advances `store.step` from requestAnimationFrame; what is drawn depends only on
//! the state, so the same step always draws the same picture.

use super::icons::{Icon, IconName};
use super::perf::now_ms;
use super::state::{Store, MAX_SPEED, MIN_SPEED};
use crate::core::optim::params::SliderScale;
use crate::view::series::epoch_marks;
use crate::view::slider::{position_of, value_at, SLIDER_STEPS};
use crate::view::theme::SHIFT_MARK;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const SPEED_SCALE: SliderScale = SliderScale::Log { min: MIN_SPEED, max: MAX_SPEED };
/// A frame later than this (a background tab) does not jump the animation ahead.
const MAX_FRAME_MS: f64 = 100.0;

impl Store {
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            // At the end, play starts over.
            if self.step.get_untracked() >= self.steps.get_untracked() {
                self.step.set(0);
            }
            self.playing.set(true);
        }
    }

    pub fn step_once(&self) {
        self.playing.set(false);
        let max = self.steps.get_untracked();
        self.step.update(|s| *s = (*s + 1).min(max));
    }

    pub fn reset(&self) {
        self.playing.set(false);
        self.step.set(0);
    }
}

/// Starts the animation loop (once, for the app's lifetime) and the keyboard shortcuts.
pub fn install_playback(store: Store) {
    // Steps owed but not yet taken: speed × time rarely lands on whole steps.
    let carry = StoredValue::new(0.0_f64);
    let last = StoredValue::new(None::<f64>);
    Effect::new(move |_| {
        if store.playing.get() {
            last.set_value(None);
            carry.set_value(0.0);
            frame(store, carry, last);
        }
    });
    // Whether the focus came from the pointer (a click) rather than the keyboard: only Tab
    // moves the focus by keyboard, so until one is pressed it counts as the pointer's.
    let by_pointer = StoredValue::new(true);
    let press = window_event_listener(leptos::ev::pointerdown, move |_| by_pointer.set_value(true));
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if key == "Tab" {
            by_pointer.set_value(false);
        }
        let taken = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| element_takes_key(&el, &key, by_pointer.get_value()));
        // A component that handled the key itself (a focused map, say) has prevented it.
        if taken || ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match key.as_str() {
            " " => store.toggle_play(),
            "ArrowRight" => store.step_once(),
            "Home" => store.reset(),
            _ => return,
        }
        ev.prevent_default();
    });
    // The app lives as long as the page.
    std::mem::forget((handle, press));
}

/// Whether the focused element keeps `key` from playback. Fields and selects use every key
/// bound here; sliders use → and Home. Space belongs to a button, checkbox, disclosure or
/// slider only when it was reached from the keyboard (`by_pointer` false): after a click on
/// one, Space plays and pauses instead of pressing it again. So → and Home still step and
/// reset after a click on, say, the Step button, and Space plays after dragging the timeline.
fn element_takes_key(el: &web_sys::Element, key: &str, by_pointer: bool) -> bool {
    let space = key == " " && !by_pointer;
    match el.tag_name().as_str() {
        "BUTTON" | "SUMMARY" => space,
        "INPUT" => {
            let kind = el.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
            match kind.as_str() {
                "checkbox" | "button" | "submit" | "reset" => space,
                "range" => key != " " || space,
                _ => true,
            }
        }
        "SELECT" | "TEXTAREA" => true,
        _ => false,
    }
}

/// "100 steps/s", "1 step/s".
fn speed_text(speed: f64) -> String {
    let n = speed.round();
    format!("{n} {}/s", if n == 1.0 { "step" } else { "steps" })
}

fn frame(store: Store, carry: StoredValue<f64>, last: StoredValue<Option<f64>>) {
    request_animation_frame(move || {
        if !store.playing.get_untracked() {
            return;
        }
        let now = now_ms();
        let dt = last.get_value().map_or(0.0, |t| (now - t).clamp(0.0, MAX_FRAME_MS));
        last.set_value(Some(now));
        let owed = carry.get_value() + dt / 1000.0 * store.speed.get_untracked();
        let whole = owed.floor();
        carry.set_value(owed - whole);
        if whole >= 1.0 {
            let max = store.steps.get_untracked();
            let next = (store.step.get_untracked() + whole as usize).min(max);
            store.step.set(next);
            if next >= max {
                store.playing.set(false);
                return;
            }
        }
        frame(store, carry, last);
    });
}

#[component]
pub fn PlaybackBar() -> impl IntoView {
    let store = expect_context::<Store>();
    let max = move || store.steps.get();
    view! {
        <div class="playback" role="group" aria-label="Playback">
            <div class="buttons">
                <button type="button" title="Reset to step 0 (Home)" aria-label="Reset" on:click=move |_| store.reset()>
                    <Icon name=IconName::Reset />
                </button>
                <button
                    type="button"
                    class="play"
                    title="Play or pause (space)"
                    aria-label=move || if store.playing.get() { "Pause" } else { "Play" }
                    on:click=move |_| store.toggle_play()
                >
                    {move || if store.playing.get() { view! { <Icon name=IconName::Pause /> } } else { view! { <Icon name=IconName::Play /> } }}
                </button>
                <button type="button" title="One step (→)" aria-label="Step" on:click=move |_| store.step_once()>
                    <Icon name=IconName::Step />
                </button>
                <output class="step-counter" aria-live="off" data-testid="step-counter">
                    "Step " <b>{move || store.step.get()}</b> " / " {max}
                </output>
            </div>
            <div class="timeline-wrap">
            <input
                type="range"
                class="timeline"
                min="0"
                max=move || max().to_string()
                step="1"
                aria-label="Timeline"
                prop:value=move || store.step.get().to_string()
                on:input=move |ev| {
                    if let Ok(s) = event_target_value(&ev).parse::<usize>() {
                        store.step.set(s.min(store.steps.get_untracked()));
                    }
                }
            />
            {move || epochs(store)}
            {move || store.problem.with(|p| p.shift).map(|sh| {
                let at = sh.step as f64 / store.steps.get().max(1) as f64;
                view! {
                    <span
                        class="timeline-mark"
                        style=format!(
                            "left: calc(8px + (100% - 16px) * {at:.5}); background: {}",
                            SHIFT_MARK.css()
                        )
                        title=format!("The objective shifts after update {}", sh.step)
                        data-testid="shift-mark"
                    ></span>
                }
            })}
            </div>
            <label class="speed">
                "Speed"
                <input
                    type="range"
                    min="0"
                    max=SLIDER_STEPS.to_string()
                    aria-label="Speed (steps per second)"
                    aria-valuetext=move || speed_text(store.speed.get())
                    prop:value=move || position_of(SPEED_SCALE, store.speed.get()).to_string()
                    on:input=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse::<u32>() {
                            store.speed.set(value_at(SPEED_SCALE, p));
                        }
                    }
                />
                <span class="speed-value">{move || speed_text(store.speed.get())}</span>
            </label>
        </div>
    }
}

/// Most epoch ends marked on the timeline (more are thinned to every k-th).
const MAX_EPOCH_MARKS: usize = 40;

/// On data with minibatches, a tick on the timeline where each epoch ends.
fn epochs(store: Store) -> impl IntoView {
    let steps = store.steps.get();
    let per_epoch = store
        .surface
        .with(|s| s.data().filter(|d| d.minibatched()).map(|d| d.batching().per_epoch(d.n())));
    let (marks, every) =
        per_epoch.map_or((Vec::new(), 1), |p| epoch_marks(steps, p, MAX_EPOCH_MARKS));
    let title = if every == 1 {
        "An epoch ends (every row used once)".to_string()
    } else {
        format!("Every {every} epochs end (every row used {every} times)")
    };
    marks
        .into_iter()
        .map(|step| {
            let at = step as f64 / steps.max(1) as f64;
            view! {
                <span
                    class="timeline-mark epoch-mark"
                    style=format!("left: calc(8px + (100% - 16px) * {at:.5})")
                    title=title.clone()
                    data-testid="epoch-mark"
                ></span>
            }
        })
        .collect_view()
}
