//! One-click lessons: load a prepared scenario paused at step 0, ask a question to predict,
//! play, reveal the answer at the end; the text's buttons point at what it names.

use super::state::Store;
use super::visible::scroll_to;
use crate::core::lessons::{Lesson, LESSONS};
use crate::view::pointers::pointers;
use leptos::prelude::*;
use std::time::Duration;

/// Lessons play in about this many seconds, whatever their length.
const LESSON_SECONDS: f64 = 8.0;
/// How long a pointed-at element stays highlighted.
const HIGHLIGHT: Duration = Duration::from_millis(2400);

/// Loads `lesson`'s scenario, paused at step 0 with a speed that plays it in a few seconds,
/// and shows its card.
pub fn open(store: Store, lesson: &'static Lesson) {
    match lesson.scenario() {
        Ok(s) => {
            store.load(s.problem(), &s.runs);
            store.speed.set((s.steps as f64 / LESSON_SECONDS).clamp(10.0, 1000.0));
            store.lesson.set(Some(lesson.id));
        }
        // The lessons are tested natively; this only guards against a broken build.
        Err(e) => store.notice.set(Some(format!("Lesson '{}' could not load: {e}", lesson.title))),
    }
}

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let active = Signal::derive(move || store.lesson.get().and_then(Lesson::by_id));
    view! {
        <div class="panel lessons">
            <h2>"Lessons"</h2>
            <ul class="lesson-list">
                {LESSONS
                    .iter()
                    .map(|l| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="lesson"
                                    aria-pressed=move || active.get().is_some_and(|a| a.id == l.id).to_string()
                                    on:click=move |_| open(store, l)
                                >
                                    {l.title}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// Brings the element matching `selector` into view and highlights it for a moment.
fn point_at(selector: &'static str) {
    let Some(el) = scroll_to(selector, web_sys::ScrollLogicalPosition::Center) else { return };
    let _ = el.class_list().add_1("pointed");
    set_timeout(move || drop(el.class_list().remove_1("pointed")), HIGHLIGHT);
}

/// The active lesson's card, above the surface where the eye is: the question to predict
/// (answered once the run has played to its end, or on request), the text, and buttons for
/// the things the text names.
#[component]
pub fn LessonBanner() -> impl IntoView {
    let store = expect_context::<Store>();
    let asked = RwSignal::new(false);
    // A new lesson asks again.
    Effect::new(move |_| {
        store.lesson.track();
        asked.set(false);
    });
    let at_end = Memo::new(move |_| store.step.get() >= store.steps.get() && store.step.get() > 0);
    let revealed = move || asked.get() || at_end.get();
    move || {
        store.lesson.get().and_then(Lesson::by_id).map(|l| {
            let named = pointers(l.text);
            let look_at = (!named.is_empty()).then(|| {
                let buttons = named
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button type="button" class="chip" on:click=move |_| point_at(p.target)>
                                {p.label}
                            </button>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="lesson-pointers" role="group" aria-label="Look at">
                        <span>"Look at:"</span>
                        {buttons}
                    </div>
                }
            });
            view! {
                <div class="lesson-text" role="note" aria-label=format!("Lesson: {}", l.title)>
                    <div class="lesson-head">
                        <h3>{l.title}</h3>
                        <button type="button" class="icon" aria-label="Close lesson" on:click=move |_| store.lesson.set(None)>
                            "×"
                        </button>
                    </div>
                    <div class="lesson-predict">
                        <p class="lesson-question"><b>"Predict: "</b>{l.question}</p>
                        <Show
                            when=revealed
                            fallback=move || view! {
                                <div class="lesson-actions">
                                    <button type="button" class="button" on:click=move |_| store.playing.set(true)>
                                        "Play to find out"
                                    </button>
                                    <button type="button" class="chip" on:click=move |_| asked.set(true)>
                                        "Show the answer"
                                    </button>
                                </div>
                            }
                        >
                            <p class="lesson-answer" role="status"><b>"Answer: "</b>{l.answer}</p>
                        </Show>
                    </div>
                    <p>{l.text}</p>
                    {look_at}
                </div>
            }
        })
    }
}
