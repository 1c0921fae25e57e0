//! One-click lessons: load a prepared scenario paused at step 0, ask a question to predict,
//! play, reveal the answer at the end; the text's buttons point at what it names.

use super::state::Store;
use super::visible::scroll_to;
use crate::core::lessons::{self, Entry, Lesson, CATALOG};
use crate::view::pointers::pointers;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Lessons play in about this many seconds, whatever their length.
const LESSON_SECONDS: f64 = 8.0;
/// How long a pointed-at element stays highlighted.
const HIGHLIGHT: Duration = Duration::from_millis(2400);

thread_local! {
    /// The lessons' texts and scenarios, fetched from `lessons::FILE` when the app starts
    /// (they are not compiled into the wasm): `None` while loading. Kept out of signals:
    /// each new signal type costs the wasm its own copy of the reactive machinery.
    static TEXTS: RefCell<Option<Result<Rc<[Lesson]>, String>>> = const { RefCell::new(None) };
    /// The lesson to open once they are here.
    static WANTED: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn lesson(id: &str) -> Option<Lesson> {
    TEXTS.with_borrow(|t| t.as_ref()?.as_ref().ok()?.iter().find(|l| l.id == id).cloned())
}

/// Starts fetching the lessons; when they arrive, opens a wanted one (or says why it cannot)
/// or redraws the card of one a link named.
pub fn install(store: Store) {
    leptos::task::spawn_local(async move {
        let texts = fetch_text(lessons::FILE).await.and_then(|t| {
            lessons::parse(&t).map(Rc::from).map_err(|e| format!("{}: {e}", lessons::FILE))
        });
        TEXTS.set(Some(texts));
        // Only a shown card needs redrawing: a needless notice would rewrite the address.
        match WANTED.take() {
            Some(id) => open_now(store, id),
            None if store.lesson.get_untracked().is_some() => store.lesson.notify(),
            None => {}
        }
    });
}

/// The text of the file at `url` (relative to the page), revalidated with the server so a
/// new deployment's file is never mixed with an old one from the HTTP cache.
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let failed = |_| format!("{url} could not be fetched");
    let response =
        JsFuture::from(window().fetch_with_str_and_init(url, &init)).await.map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(failed)?;
    JsFuture::from(text)
        .await
        .map_err(failed)?
        .as_string()
        .ok_or_else(|| format!("{url} is not text"))
}

/// Opens lesson `id` now if the lessons are here, else as soon as they are.
pub fn open(store: Store, id: &'static str) {
    match TEXTS.with_borrow(Option::is_some) {
        true => open_now(store, id),
        false => WANTED.set(Some(id)),
    }
}

/// Loads the lesson's scenario, paused at step 0 with a speed that plays it in a few seconds,
/// and shows its card.
fn open_now(store: Store, id: &'static str) {
    let Some(l) = lesson(id) else {
        let e = TEXTS.with_borrow(|t| t.as_ref().and_then(|r| r.as_ref().err().cloned()));
        let e = e.unwrap_or_else(|| format!("no lesson '{id}'"));
        return store.notice.set(Some(format!("The lesson could not load ({e}).")));
    };
    let s = l.scenario;
    store.load(s.problem(), &s.runs);
    store.speed.set((s.steps as f64 / LESSON_SECONDS).clamp(10.0, 1000.0));
    store.lesson.set(Some(l.id));
}

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let active = Signal::derive(move || store.lesson.get());
    view! {
        <div class="panel lessons">
            <h2>"Lessons"</h2>
            <ul class="lesson-list">
                {CATALOG
                    .iter()
                    .map(|l: &'static Entry| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="lesson"
                                    aria-pressed=move || (active.get() == Some(l.id)).to_string()
                                    on:click=move |_| open(store, l.id)
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
        store.lesson.get().and_then(lesson).map(|l| {
            let named = pointers(&l.text);
            let answer = l.answer.clone();
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
                            <p class="lesson-answer" role="status"><b>"Answer: "</b>{answer.clone()}</p>
                        </Show>
                    </div>
                    <p>{l.text}</p>
                    {look_at}
                </div>
            }
        })
    }
}
