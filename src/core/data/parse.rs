//! Data surfaces in the scenario format.
//!
//! ```json
//! {"surface": {"model": "linear_regression", "data": [[0.5, 1.2], [1.0, 2.1]]},
//!  "batch_size": 1, "shuffle": true, "seed": 3, ...}
//! {"surface": {"model": "logistic_regression",
//!              "data": {"generate": {"n": 200, "seed": 4, "correlation": 0.9}}}, ...}
//! ```
//! `data` is a list of rows in the model's columns ([`Model::columns`]) or a generator's
//! settings ([`generate::FIELDS`], each optional, with the defaults of
//! [`Generator::default_for`]). `batch_size` defaults to all rows (full batch), `shuffle` to
//! false, `seed` (the shuffle's, only with `"shuffle": true`) to 0.

use super::generate::{self, Generator, MAX_SEED};
use super::{Batching, DataSource, DataSurface, Model};
use crate::core::json::{object, Map, Value};
use crate::core::scenario::{
    boolean, err, expect_object, number, reject_unknown, type_name, ScenarioError,
};

/// The scenario keys that set the minibatches.
pub const BATCH_KEYS: [&str; 3] = ["batch_size", "shuffle", "seed"];

/// `{"model": …, "data": …}` at `field`.
pub fn parse_data_surface(
    obj: &Map<String, Value>,
    field: &str,
) -> Result<DataSurface, ScenarioError> {
    reject_unknown(obj, &["model", "data"], field)?;
    let model = parse_model(obj.get("model"), &format!("{field}.model"))?;
    let at = format!("{field}.data");
    match obj.get("data") {
        Some(Value::Array(rows)) => parse_rows(model, rows, &at),
        Some(Value::Object(g)) => {
            reject_unknown(g, &["generate"], &at)?;
            let spec =
                g.get("generate").map_or_else(|| err(format!("{at}.generate"), "missing"), Ok)?;
            parse_generator(model, spec, &format!("{at}.generate"))
        }
        Some(v) => {
            err(at, format!("expected rows or {{\"generate\": {{...}}}}, got {}", type_name(v)))
        }
        None => err(at, "missing (rows, or {\"generate\": {...}})"),
    }
}

/// A model's name at `field`.
pub fn parse_model(v: Option<&Value>, field: &str) -> Result<Model, ScenarioError> {
    match v {
        Some(Value::String(name)) => Model::from_name(name).map_or_else(
            || err(field, format!("unknown model '{name}' (known: {})", model_names())),
            Ok,
        ),
        Some(other) => err(field, format!("expected a string, got {}", type_name(other))),
        None => err(field, format!("missing ({})", model_names())),
    }
}

fn model_names() -> String {
    Model::ALL.map(Model::name).join(", ")
}

fn parse_rows(model: Model, rows: &[Value], field: &str) -> Result<DataSurface, ScenarioError> {
    if rows.is_empty() || rows.len() > generate::MAX_ROWS {
        let max = generate::MAX_ROWS;
        return err(field, format!("must have 1 to {max} rows (got {})", rows.len()));
    }
    let mut examples = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let Value::Array(cells) = r else {
            return err(
                at,
                format!("expected a row [{}], got {}", model.columns().join(", "), type_name(r)),
            );
        };
        let values = cells
            .iter()
            .enumerate()
            .map(|(c, v)| number(v, &format!("{at}[{c}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let e = model.example(&values).or_else(|(c, m)| match c {
            Some(c) => err(format!("{at}[{c}]"), m),
            None => err(at.clone(), m),
        })?;
        examples.push(e);
    }
    DataSurface::from_examples(model, examples).or_else(|m| err(field, m))
}

/// A generator's settings at `field`: an object of the model's [`generate::FIELDS`].
pub fn parse_generator(model: Model, v: &Value, field: &str) -> Result<DataSurface, ScenarioError> {
    let obj = expect_object(v, field)?;
    let mut g = Generator::default_for(model);
    for (key, value) in obj {
        let at = format!("{field}.{key}");
        let x = number(value, &at)?;
        g.set(model, key, x).or_else(|m| err(at, m))?;
    }
    DataSurface::generated(model, g).or_else(|(key, m)| err(format!("{field}.{key}"), m))
}

/// The scenario's `batch_size`, `shuffle` and `seed` applied to `data`.
pub fn parse_batching(
    doc: &Map<String, Value>,
    data: DataSurface,
) -> Result<DataSurface, ScenarioError> {
    let n = data.n();
    let batch_size = match doc.get("batch_size") {
        Some(v) => {
            let x = number(v, "batch_size")?;
            if x.fract() != 0.0 || !(1.0..=n as f64).contains(&x) {
                return err(
                    "batch_size",
                    format!("must be a whole number from 1 to the number of rows, {n} (got {x})"),
                );
            }
            x as usize
        }
        None => n,
    };
    let shuffle = doc.get("shuffle").map(|v| boolean(v, "shuffle")).transpose()?.unwrap_or(false);
    let seed = match doc.get("seed") {
        Some(_) if !shuffle => {
            return err("seed", "only a shuffle has a seed (add \"shuffle\": true)")
        }
        Some(v) => crate::core::scenario::whole_number(v, "seed", 0, MAX_SEED)?,
        None => 0,
    };
    let batching = Batching { batch_size, shuffle: shuffle.then_some(seed) };
    data.with_batching(batching).or_else(|m| err("batch_size", m))
}

/// The error for batch settings on a surface without data.
pub fn refuse_batching(doc: &Map<String, Value>) -> Result<(), ScenarioError> {
    match BATCH_KEYS.iter().find(|k| doc.contains_key(**k)) {
        Some(k) => err(*k, "only a data surface ({\"model\": ..., \"data\": ...}) has minibatches"),
        None => Ok(()),
    }
}

/// The surface as scenario JSON: the rows, or every setting of the generator.
pub fn data_surface_to_value(d: &DataSurface) -> Value {
    let data = match d.source() {
        DataSource::Rows => (0..d.n()).filter_map(|i| d.row(i)).map(Value::from).collect(),
        DataSource::Generated(g) => {
            let settings: Map<String, Value> = Generator::fields(d.model())
                .filter_map(|f| g.get(f.key).map(|x| (f.key.to_string(), whole_or_real(f, x))))
                .collect();
            object([("generate", settings.into())])
        }
    };
    object([("model", d.model().name().into()), ("data", data)])
}

fn whole_or_real(f: &generate::GenField, x: f64) -> Value {
    if f.whole {
        Value::from(x as u64)
    } else {
        Value::from(x)
    }
}

/// Writes `batch_size`, `shuffle` and (when shuffled) `seed` into a scenario document.
pub fn batching_to_value(d: &DataSurface, doc: &mut Map<String, Value>) {
    let b = d.batching();
    doc.insert("batch_size".into(), b.batch_size.into());
    doc.insert("shuffle".into(), b.shuffle.is_some().into());
    if let Some(seed) = b.shuffle {
        doc.insert("seed".into(), seed.into());
    }
}
