//! "Copy as code": a panel with the scene (or one run) as a PyTorch, optax or Keras script
//! (`core::code` writes it; it follows every change while open) and a Copy button that
//! falls back to selecting the text where the clipboard is blocked.

use super::icons::{Icon, IconName};
use super::share::copy_text;
use super::state::Store;
use crate::core::code::{scene_code, Framework};
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn CodePanel(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let framework = RwSignal::new(Framework::Torch);
    // One run by its id, or (None, or once that run is removed) the whole scene.
    let only = RwSignal::new(None::<u32>);
    let chosen =
        move || only.get().filter(|id| store.runs.with(|all| all.iter().any(|r| r.id == *id)));
    let status = RwSignal::new(None::<&'static str>);
    let code = Memo::new(move |_| {
        if !open.get() {
            return Err(String::new());
        }
        let id = chosen();
        let runs: Vec<_> = store.runs.with(|all| {
            all.iter().filter(|r| id.is_none_or(|id| r.id == id)).map(|r| r.run()).collect()
        });
        store.problem.with(|p| scene_code(p, &runs, framework.get()))
    });
    let pre = NodeRef::<leptos::html::Pre>::new();
    let copy = move |_| {
        let Ok(text) = code.get_untracked() else { return };
        copy_text(text, move |copied| {
            if copied {
                status.set(Some("Code copied"));
                set_timeout(move || status.set(None), Duration::from_millis(2500));
                return;
            }
            // Select the text, so Ctrl+C (or the context menu) copies it.
            status.set(Some("Copying is blocked here; the code is selected, copy it by hand."));
            let sel = window().get_selection().ok().flatten();
            if let (Some(sel), Some(pre)) = (sel, pre.get_untracked()) {
                let _ = sel.select_all_children(&pre);
            }
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <Show when=move || open.get()>
            <section class="code-panel" role="dialog" aria-label="Copy as code" on:keydown=on_key>
                <div class="code-bar">
                    <h2>"Copy as code"</h2>
                    <label>
                        "Framework "
                        <select
                            prop:value=move || framework.get().name()
                            on:change=move |ev| {
                                if let Some(f) = Framework::from_name(&event_target_value(&ev)) {
                                    framework.set(f);
                                }
                            }
                        >
                            {Framework::ALL.map(|f| view! { <option value=f.name()>{f.title()}</option> })}
                        </select>
                    </label>
                    <label>
                        "Runs "
                        <select
                            prop:value=move || chosen().map_or(String::new(), |id| id.to_string())
                            on:change=move |ev| only.set(event_target_value(&ev).parse().ok())
                        >
                            <option value="">"All"</option>
                            {move || {
                                store.runs.with(|all| {
                                    all.iter()
                                        .map(|r| view! { <option value=r.id.to_string()>{r.name(all)}</option> })
                                        .collect_view()
                                })
                            }}
                        </select>
                    </label>
                    <button type="button" class="tool" on:click=copy disabled=move || code.with(Result::is_err)>
                        <Icon name=IconName::Copy />
                        "Copy"
                    </button>
                    <button type="button" class="icon" aria-label="Close" on:click=move |_| open.set(false)>
                        <Icon name=IconName::Close />
                    </button>
                </div>
                <p class="code-note">
                    "The scene in float64: the script prints each run's points (run, step, x, y), \
                     the points drawn here. A run this framework cannot run is left out, with the \
                     reason."
                </p>
                {move || status.get().map(|s| view! { <p class="code-status" role="status">{s}</p> })}
                {move || match code.get() {
                    Ok(text) => view! { <pre class="code-text" tabindex="0" node_ref=pre>{text}</pre> }.into_any(),
                    Err(why) => view! { <p class="code-refused" role="status">{why}</p> }.into_any(),
                }}
            </section>
        </Show>
    }
}
