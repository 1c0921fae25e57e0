//! Data scenes: a two-parameter model trained on rows (generated, or imported from a CSV
//! file), with minibatches: the scene panel's settings and CSV import here, and the data
//! view (`plot.rs`), the rows with each run's model at the playback step.

mod plot;

pub use plot::DataView;

use crate::app::io::read_text;
use crate::app::runs::controls::RealControl;
use crate::app::state::Store;
use crate::core::data::csv;
use crate::core::data::generate::MAX_SEED;
use crate::core::data::{Batching, DataSource, DataSurface, GenField, Generator, Model, MAX_ROWS};
use crate::core::optim::params::{check_whole, Range, SliderScale};
use crate::core::surface::Surface;
use leptos::prelude::*;

/// The picker's value for `model`'s data scene.
pub fn option_value(model: Model) -> String {
    format!("data:{}", model.name())
}

/// The model a picker value names, if it is a data scene's.
pub fn model_of_option(value: &str) -> Option<Model> {
    value.strip_prefix("data:").and_then(Model::from_name)
}

/// Switches to `model` on its generator's default rows, full batch.
pub fn open(store: &Store, model: Model) {
    if let Ok(d) = DataSurface::generated(model, Generator::default_for(model)) {
        store.set_surface(Surface::Data(Box::new(d)));
    }
}

/// Puts `d` in place of the current data scene: the start stays where it is inside the new
/// window (a slider moves the data, not the runs' start).
fn replace(store: &Store, d: DataSurface) {
    let start = store.start.get_untracked();
    let inside = d.window().contains(start);
    store.surface.set(Surface::Data(Box::new(d)));
    if !inside {
        store.start.set(store.surface.with_untracked(Surface::default_start));
    }
}

/// The current data scene (a copy, to change and put back), if the scene is one.
fn current(store: &Store) -> Option<DataSurface> {
    store.surface.with_untracked(|s| s.data().cloned())
}

/// The same rows with `batching`, kept within the rows there are.
fn rebatched(d: DataSurface, batching: Batching) -> Result<DataSurface, String> {
    let n = d.n();
    d.with_batching(Batching { batch_size: batching.batch_size.min(n), ..batching })
}

#[component]
pub fn DataFields() -> impl IntoView {
    let store = expect_context::<Store>();
    let model = Memo::new(move |_| store.surface.with(|s| s.data().map(DataSurface::model)));
    let generated = Memo::new(move |_| {
        let source = store.surface.with(|s| s.data().map(DataSurface::source));
        matches!(source, Some(DataSource::Generated(_)))
    });
    let generator_fields = move || {
        let m = model.get()?;
        let fields = Generator::fields(m).map(|f| view! { <GenControl field=f /> }).collect_view();
        Some(view! { <div class="data-generator">{fields}</div> })
    };
    let rows = move || store.surface.with(|s| s.data().map_or(0, DataSurface::n));
    view! {
        <div class="data-scene" data-testid="data-scene">
            <p class="data-summary">
                {move || {
                    let source = if generated.get() { "generated" } else { "from a file" };
                    format!("{} rows, {source}", rows())
                }}
            </p>
            {move || generated.get().then(generator_fields)}
            <BatchControls />
            <CsvImport />
        </div>
    }
}

/// One generator setting: the data are made again from it, and the map follows.
#[component]
fn GenControl(field: &'static GenField) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = field.key;
    let value = Signal::derive(move || {
        store.surface.with(|s| match s.data().map(DataSurface::source) {
            Some(DataSource::Generated(g)) => g.get(key).unwrap_or(f64::NAN),
            _ => f64::NAN,
        })
    });
    let on_set = Callback::new(move |x: f64| {
        let d = current(&store).ok_or("not a data scene")?;
        let DataSource::Generated(mut g) = d.source() else {
            return Err("these rows came from a file".to_string());
        };
        g.set(d.model(), key, x)?;
        let made = DataSurface::generated(d.model(), g).map_err(|(_, m)| m)?;
        replace(&store, rebatched(made, d.batching())?);
        Ok(())
    });
    let id = format!("data-{key}");
    view! { <RealControl id label=field.label help="" value on_set range=field.range slider=field.slider whole=field.whole /> }
}

/// Batch size (1 … n) and the shuffle's seed (none: the rows in order, as torch's DataLoader
/// with shuffle=False cuts them).
#[component]
fn BatchControls() -> impl IntoView {
    let store = expect_context::<Store>();
    let batching =
        Memo::new(move |_| store.surface.with(|s| s.data().map(|d| (d.batching(), d.n()))));
    let set = move |f: &dyn Fn(Batching) -> Batching| -> Result<(), String> {
        let d = current(&store).ok_or("not a data scene")?;
        let b = f(d.batching());
        replace(&store, d.with_batching(b)?);
        Ok(())
    };
    let size =
        Signal::derive(move || batching.get().map_or(f64::NAN, |(b, _)| b.batch_size as f64));
    let on_size = Callback::new(move |x: f64| {
        let size = check_whole(x)?;
        set(&|b| Batching { batch_size: size as usize, ..b })
    });
    let seed = Signal::derive(move || {
        batching.get().and_then(|(b, _)| b.shuffle).map_or(f64::NAN, |s| s as f64)
    });
    let on_seed = Callback::new(move |x: f64| {
        let seed = check_whole(x)?;
        set(&|b| Batching { shuffle: Some(seed as u64), ..b })
    });
    let rows = move || batching.get().map_or(1.0, |(_, n)| n as f64);
    let shuffled = move || batching.get().is_some_and(|(b, _)| b.shuffle.is_some());
    let size_range = move || Range { min: 1.0, min_open: false, max: rows(), max_open: false };
    view! {
        {move || {
            let range = size_range();
            let slider = SliderScale::Log { min: 1.0, max: range.max.max(2.0) };
            view! { <RealControl id="data-batch".to_string() label="Batch size" help="Rows per update; all rows: full-batch gradient descent." value=size on_set=on_size range slider whole=true /> }
        }}
        <div class="param flag">
            <label title="Each epoch a new seeded order of the rows (else the rows in order)">
                <input
                    type="checkbox"
                    prop:checked=shuffled
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let _ = set(&|b| Batching { shuffle: on.then_some(b.shuffle.unwrap_or(1)), ..b });
                    }
                />
                "Shuffle each epoch"
            </label>
        </div>
        <Show when=shuffled>
            <RealControl
                id="data-shuffle-seed".to_string()
                label="Shuffle seed"
                help="The seed of the shuffle's order."
                value=seed
                on_set=on_seed
                range=Range { min: 0.0, min_open: false, max: MAX_SEED as f64, max_open: false }
                slider=SliderScale::Linear { min: 0.0, max: 100.0 }
                whole=true
            />
        </Show>
    }
}

/// "Import CSV": 2 columns (x, y: linear regression) or 3 (x1, x2, label: logistic).
#[component]
fn CsvImport() -> impl IntoView {
    let store = expect_context::<Store>();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                let name = file.name();
                let loaded = read_text(&file).await.and_then(|text| {
                    let table = csv::parse(&text, None).map_err(|e| e.to_string())?;
                    DataSurface::from_examples(table.model, table.examples)
                });
                match loaded {
                    Ok(d) => {
                        store.set_surface(Surface::Data(Box::new(d)));
                        store.notice.set(Some(format!("Loaded {name}.")));
                    }
                    Err(e) => store.notice.set(Some(format!(
                        "Could not import {name}: {e}. The scene is unchanged."
                    ))),
                }
            });
        }
        input.set_value("");
    };
    view! {
        <label class="tool csv-import" title=format!("Rows of x, y (linear regression) or x1, x2, label (logistic regression), a header optional, at most {MAX_ROWS} rows")>
            "Import CSV…"
            <input type="file" class="visually-hidden" accept=".csv,text/csv" data-testid="csv-file" on:change=on_change />
        </label>
    }
}
