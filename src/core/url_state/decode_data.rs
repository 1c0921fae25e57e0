//! A link's data scene: `model=`, `data=generate,…` or `rows=…`, `batch=`, `shuffle=`.
//! Each bad value is skipped with a notice, as elsewhere in the decoder; rows that cannot be
//! read drop the data scene whole (half a data set is not the one that was shared).

use super::decode::{clip, numbers, whole, Notices};
use crate::core::data::generate::MAX_SEED;
use crate::core::data::{csv, Batching, DataSurface, Generator, Model};
use crate::core::surface::Surface;

/// The data scene `model` names, from `data` (a generator) or `rows`; `None` if it cannot
/// be read (the notices say why).
pub(super) fn decode_data(
    model: &str,
    data: Option<&str>,
    rows: Option<&str>,
    n: &mut Notices,
) -> Option<Surface> {
    let Some(model) = Model::from_name(model) else {
        let known = Model::ALL.map(Model::name).join(", ");
        n.ignore("model", format!("unknown model '{}' (known: {known})", clip(model)));
        return None;
    };
    let surface = match (rows, data) {
        (Some(rows), data) => {
            if data.is_some() {
                n.ignore("data", "rows are given too, and count");
            }
            decode_rows(model, rows, n)?
        }
        (None, data) => decode_generator(model, data.unwrap_or("generate"), n)?,
    };
    Some(Surface::Data(Box::new(surface)))
}

/// `x,y;x,y;…`: the rows, read as CSV lines.
fn decode_rows(model: Model, rows: &str, n: &mut Notices) -> Option<DataSurface> {
    let table = csv::parse(&rows.replace(';', "\n"), Some(model))
        .map_err(|e| n.ignore("rows", e.to_string()))
        .ok()?;
    DataSurface::from_examples(model, table.examples).map_err(|e| n.ignore("rows", e)).ok()
}

/// `generate,n=64,seed=3,…`: the generator's settings; each bad one keeps its default.
fn decode_generator(model: Model, text: &str, n: &mut Notices) -> Option<DataSurface> {
    let mut tokens = text.split(',');
    if tokens.next() != Some("generate") {
        n.ignore("data", format!("'{}' is not generate,<setting>=<value>,...", clip(text)));
        return None;
    }
    let mut g = Generator::default_for(model);
    for token in tokens.filter(|t| !t.is_empty()) {
        let (key, value) = token.split_once('=').unwrap_or((token, ""));
        let at = format!("{} of data", clip(key));
        if let Err(e) = numbers::<1>(value).and_then(|[x]| g.set(model, key, x)) {
            n.ignore(at, e);
        }
    }
    DataSurface::generated(model, g).map_err(|(key, e)| n.ignore(key, e)).ok()
}

/// `batch=B` and `shuffle=SEED` on the decoded surface (only a data scene has them).
pub(super) fn decode_batching(
    surface: &mut Surface,
    batch: Option<&str>,
    shuffle: Option<&str>,
    n: &mut Notices,
) {
    let Surface::Data(d) = surface else {
        for (key, v) in [("batch", batch), ("shuffle", shuffle)] {
            if v.is_some() {
                n.ignore(key, "only a model on data (model=...) has minibatches");
            }
        }
        return;
    };
    let mut b = Batching::full(d.n());
    if let Some(v) = batch {
        match whole(v, 1, d.n() as u64) {
            Ok(size) => b.batch_size = size as usize,
            Err(e) => n.ignore("batch", e),
        }
    }
    if let Some(v) = shuffle {
        match whole(v, 0, MAX_SEED) {
            Ok(seed) => b.shuffle = Some(seed),
            Err(e) => n.ignore("shuffle", e),
        }
    }
    if let Ok(with) = (**d).clone().with_batching(b) {
        **d = with;
    }
}
