//! One-click lessons: load a prepared scenario, play it, and say what to look at.

use super::state::Store;
use crate::core::lessons::{Lesson, LESSONS};
use leptos::prelude::*;

/// Lessons play in about this many seconds, whatever their length.
const LESSON_SECONDS: f64 = 8.0;

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let active = Signal::derive(move || store.lesson.get().and_then(Lesson::by_id));
    let open = move |lesson: &'static Lesson| match lesson.scenario() {
        Ok(s) => {
            store.load(s.problem(), &s.runs);
            store.speed.set((s.steps as f64 / LESSON_SECONDS).clamp(10.0, 1000.0));
            store.playing.set(true);
            store.lesson.set(Some(lesson.id));
        }
        // The lessons are tested natively; this only guards against a broken build.
        Err(e) => store.notice.set(Some(format!("Lesson '{}' could not load: {e}", lesson.title))),
    };
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
                                    on:click=move |_| open(l)
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

/// The active lesson's explanation, shown above the surface where the eye is.
#[component]
pub fn LessonBanner() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        store.lesson.get().and_then(Lesson::by_id).map(|l| {
            view! {
                <div class="lesson-text" role="note" aria-label=format!("Lesson: {}", l.title)>
                    <div class="lesson-head">
                        <h3>{l.title}</h3>
                        <button type="button" class="icon" aria-label="Close lesson" on:click=move |_| store.lesson.set(None)>
                            "×"
                        </button>
                    </div>
                    <p>{l.text}</p>
                </div>
            }
        })
    }
}
