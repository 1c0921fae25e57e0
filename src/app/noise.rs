//! Noisy gradients: seeded Gaussian noise on every gradient (the same for all runs, so the
//! race stays fair and replays exactly), and an optional cloud of paths from more seeds.

use super::runs::controls::RealControl;
use super::state::{Store, MAX_CLOUD};
use crate::core::optim::params::SliderScale;
use crate::core::trajectory::Noise;
use crate::view::format::sigma_text;
use leptos::prelude::*;

/// σ when noise is first switched on: visible on most surfaces without swamping the slope.
const DEFAULT_SIGMA: f64 = 0.5;
const SIGMA_SLIDER: SliderScale = SliderScale::Log { min: 1e-3, max: 1e3 };
const CLOUD_SIZES: [usize; 4] = [0, 8, 16, MAX_CLOUD];

#[component]
pub fn NoisePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let on = move || store.noise.get().is_some();
    let sigma = Signal::derive(move || store.noise.get().map_or(DEFAULT_SIGMA, |n| n.sigma));
    let set_sigma = Callback::new(move |s: f64| {
        store.noise.update(|n| *n = n.map(|n| Noise { sigma: s, ..n }));
        Ok(())
    });
    let relative = move || store.noise.get().is_some_and(|n| n.relative);
    // What a relative σ comes to from this start.
    let used = move || relative().then(|| store.problem.with(sigma_text)).flatten();
    let seed_error = RwSignal::new(None::<String>);
    let set_seed = move |text: String| match text.trim().parse::<u64>() {
        Ok(seed) if seed < 1 << 53 => {
            seed_error.set(None);
            store.noise.update(|n| {
                if let Some(n) = n {
                    n.seed = seed;
                }
            });
        }
        _ => seed_error
            .set(Some("Seed: a whole number from 0 to 2^53 − 1; kept the last one".into())),
    };
    view! {
        <div class="noise">
            <label class="switch">
                <input
                    type="checkbox"
                    prop:checked=on
                    on:change=move |ev| {
                        let enable = event_target_checked(&ev);
                        let noise = Noise { sigma: DEFAULT_SIGMA, seed: 1, relative: false };
                        store.noise.set(enable.then_some(noise));
                    }
                />
                "Noisy gradients"
            </label>
            <Show when=on>
                <RealControl
                    id="noise-sigma".to_string()
                    label="Noise σ"
                    help="Standard deviation of the Gaussian noise added to each gradient coordinate."
                    value=sigma
                    on_set=set_sigma
                    range=Noise::SIGMA
                    slider=SIGMA_SLIDER
                />
                <label class="check" title="σ as a multiple of the gradient's size at the start, so that it means as much on a steep surface as on a flat one">
                    <input
                        type="checkbox"
                        prop:checked=relative
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            store.noise.update(|n| *n = n.map(|n| Noise { relative: on, ..n }));
                        }
                    />
                    "relative to |∇f(start)|"
                </label>
                <p class="hint noise-used" data-testid="noise-used">{used}</p>
                <div class="param seed" class:invalid=move || seed_error.get().is_some()>
                    <label for="noise-seed">"Seed"</label>
                    <input
                        id="noise-seed"
                        type="number"
                        min="0"
                        step="1"
                        prop:value=move || store.noise.get().map_or(1, |n| n.seed).to_string()
                        on:change=move |ev| set_seed(event_target_value(&ev))
                    />
                    <select
                        aria-label="Cloud of paths"
                        title="Draw more seeds as a faint cloud around each run"
                        on:change=move |ev| store.cloud.set(event_target_value(&ev).parse().unwrap_or(0))
                        prop:value=move || store.cloud.get().to_string()
                    >
                        {CLOUD_SIZES
                            .iter()
                            .map(|n| {
                                let text = if *n == 0 { "no cloud".to_string() } else { format!("cloud of {n}") };
                                view! { <option value=n.to_string()>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" role="alert">{move || seed_error.get()}</p>
                </div>
            </Show>
        </div>
    }
}
