//! The scenario format: one JSON document that says where to start, for how long, and which
//! optimizers to race. `trace`, the app's import/export and the reference tests all read it.
//!
//! ```json
//! {"surface": "rosenbrock", "start": [-1.5, 2.0], "steps": 300,
//!  "runs": [{"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9},
//!           {"optimizer": "adam", "lr": 0.05, "schedule": {"kind": "cosine", "t_max": 300}}],
//!  "noise": {"sigma": 0.5, "seed": 7, "relative": false},
//!  "shift": {"step": 150, "scale": 0.01, "offset": [1.0, -0.5]}}
//! ```
//! `surface` is a catalog name, `{"formula": "x^2 + y^2", "window": [[-2, 2], [-2, 2]]}`, or
//! a model on data, `{"model": "linear_regression", "data": [[x, y], ...]}` with the
//! optional `batch_size`, `shuffle` and `seed` beside it (see [`data::parse`]).
//! `start` defaults to the surface's, `steps` to [`DEFAULT_STEPS`], every omitted
//! hyperparameter to the optimizer's default; `noise` is optional (with `"relative": true`,
//! σ is a multiple of |∇f(start)|; `seed` defaults to 0), and so is `shift` (a
//! shifting objective: updates 1…step see f, later ones scale·f(θ − offset); `scale`
//! defaults to 1 and `offset` to [0, 0]). A run's `schedule` is optional (constant by
//! default): `{"kind": NAME, <field>: <value>, ...}` with the fields of
//! [`ScheduleKind::fields`]. Anything unknown, of the wrong type or out of range is an error
//! that names the field.

use super::data;
use super::formula::Formula;
use super::json::{object, Map, Value};
use super::optim::params::{check_whole, ParamKind, ParamValue};
use super::optim::OptimizerKind;
use super::schedule::{Schedule, ScheduleKind};
use super::surface::{CustomSurface, Surface, SurfaceKind, Window};
use super::trajectory::{Noise, Problem, Run, Shift};
use std::fmt;

/// More steps than anyone can watch; also bounds the work one scenario can ask for. The
/// app plays fewer (`app::state::MAX_PLAY_STEPS`) and says so when it loads a longer one.
pub const MAX_STEPS: usize = 100_000;
/// Scenarios are small; a file larger than this (16 MiB) is not one (`trace` and import).
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;
pub const DEFAULT_STEPS: usize = 300;
/// Coordinates beyond this are not a view of anything (and invite overflow).
pub const MAX_COORD: f64 = 1e6;
/// The top-level keys of a scenario.
const KNOWN: [&str; 9] =
    ["surface", "start", "steps", "runs", "noise", "shift", "batch_size", "shuffle", "seed"];

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub surface: Surface,
    pub start: [f64; 2],
    pub steps: usize,
    pub noise: Option<Noise>,
    pub shift: Option<Shift>,
    pub runs: Vec<Run>,
}

/// A rejected scenario: `field` is a path such as `runs[1].decay` (empty for the document).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn err<T>(
    field: impl Into<String>,
    message: impl Into<String>,
) -> Result<T, ScenarioError> {
    Err(ScenarioError { field: field.into(), message: message.into() })
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) | Value::Int(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn expect_object<'a>(
    v: &'a Value,
    field: &str,
) -> Result<&'a Map<String, Value>, ScenarioError> {
    v.as_object()
        .map_or_else(|| err(field, format!("expected an object, got {}", type_name(v))), Ok)
}

pub(crate) fn number(v: &Value, field: &str) -> Result<f64, ScenarioError> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => err(field, "must be a finite number"),
        None => err(field, format!("expected a number, got {}", type_name(v))),
    }
}

pub(crate) fn boolean(v: &Value, field: &str) -> Result<bool, ScenarioError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => err(field, format!("expected true or false, got {}", type_name(v))),
    }
}

pub(crate) fn pair(v: &Value, field: &str) -> Result<[f64; 2], ScenarioError> {
    match v.as_array().map(Vec::as_slice) {
        Some([a, b]) => {
            Ok([number(a, &format!("{field}[0]"))?, number(b, &format!("{field}[1]"))?])
        }
        _ => err(field, format!("expected an array of two numbers, got {}", describe(v))),
    }
}

pub(crate) fn describe(v: &Value) -> String {
    match v.as_array() {
        Some(a) => format!("an array of {} items", a.len()),
        None => type_name(v).to_string(),
    }
}

pub(crate) fn whole_number(
    v: &Value,
    field: &str,
    min: u64,
    max: u64,
) -> Result<u64, ScenarioError> {
    let x = number(v, field)?;
    check_whole(x).or_else(|m| err(field, m))?;
    if x < min as f64 || x > max as f64 {
        return err(field, format!("must be between {min} and {max} (got {x})"));
    }
    Ok(x as u64)
}

pub(crate) fn reject_unknown(
    obj: &Map<String, Value>,
    known: &[&str],
    field: &str,
) -> Result<(), ScenarioError> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => {
            let at = if field.is_empty() { k.clone() } else { format!("{field}.{k}") };
            err(at, format!("unknown field (expected one of: {})", known.join(", ")))
        }
        None => Ok(()),
    }
}

impl Scenario {
    /// Parses and validates a scenario document.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let doc = Value::parse(text).or_else(|e| err("", format!("not valid JSON: {e}")))?;
        Self::from_value(&doc)
    }

    pub fn from_value(doc: &Value) -> Result<Scenario, ScenarioError> {
        let obj = expect_object(doc, "scenario")?;
        reject_unknown(obj, &KNOWN, "")?;
        let surface = match obj.get("surface") {
            Some(v) => parse_surface(v)?,
            None => return err("surface", "missing (a catalog name or {\"formula\": ...})"),
        };
        let surface = match surface {
            Surface::Data(d) => Surface::Data(Box::new(data::parse::parse_batching(obj, *d)?)),
            other => {
                data::parse::refuse_batching(obj)?;
                other
            }
        };
        let start = match obj.get("start") {
            Some(v) => {
                let p = pair(v, "start")?;
                if !p.iter().all(|c| shift_offset_ok(*c)) {
                    return err("start", format!("coordinates must be within ±{MAX_COORD}"));
                }
                p
            }
            None => surface.default_start(),
        };
        let steps = match obj.get("steps") {
            Some(v) => whole_number(v, "steps", 1, MAX_STEPS as u64)? as usize,
            None => DEFAULT_STEPS,
        };
        let noise = obj.get("noise").map(parse_noise).transpose()?;
        let shift = obj.get("shift").map(|v| parse_shift(v, steps)).transpose()?;
        let runs = match obj.get("runs") {
            Some(Value::Array(a)) if a.is_empty() => {
                return err("runs", "must list at least one run")
            }
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, r)| parse_run(r, &format!("runs[{i}]"), steps))
                .collect::<Result<Vec<_>, _>>()?,
            Some(v) => {
                return err("runs", format!("expected an array of runs, got {}", type_name(v)))
            }
            None => {
                return err(
                    "runs",
                    "missing (an array of runs, e.g. [{\"optimizer\": \"rmsprop\"}])",
                )
            }
        };
        Ok(Scenario { surface, start, steps, noise, shift, runs })
    }

    /// The complete document: every hyperparameter written out, so it round-trips exactly.
    pub fn to_value(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("surface".into(), surface_to_value(&self.surface));
        obj.insert("start".into(), self.start.to_vec().into());
        obj.insert("steps".into(), self.steps.into());
        if let Surface::Data(d) = &self.surface {
            data::parse::batching_to_value(d, &mut obj);
        }
        if let Some(n) = self.noise {
            let mut noise = Map::new();
            noise.insert("sigma".into(), n.sigma.into());
            noise.insert("seed".into(), n.seed.into());
            if n.relative {
                noise.insert("relative".into(), Value::Bool(true));
            }
            obj.insert("noise".into(), Value::Object(noise));
        }
        if let Some(sh) = self.shift {
            obj.insert(
                "shift".into(),
                object([
                    ("step", sh.step.into()),
                    ("scale", sh.scale.into()),
                    ("offset", sh.offset.into()),
                ]),
            );
        }
        obj.insert("runs".into(), self.runs.iter().map(run_to_value).collect());
        Value::Object(obj)
    }

    pub fn to_json_pretty(&self) -> String {
        self.to_value().to_pretty()
    }

    pub fn problem(&self) -> Problem {
        Problem {
            surface: self.surface.clone(),
            start: self.start,
            steps: self.steps,
            noise: self.noise,
            shift: self.shift,
        }
    }
}

fn parse_surface(v: &Value) -> Result<Surface, ScenarioError> {
    if let Value::String(name) = v {
        return SurfaceKind::from_name(name).map(Surface::Builtin).map_or_else(
            || {
                let known: Vec<_> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
                err("surface", format!("unknown surface '{name}' (known: {})", known.join(", ")))
            },
            Ok,
        );
    }
    let obj = v.as_object().map_or_else(
        || err("surface", format!("expected a surface name or an object, got {}", type_name(v))),
        Ok,
    )?;
    if obj.contains_key("model") {
        return data::parse::parse_data_surface(obj, "surface").map(|d| Surface::Data(Box::new(d)));
    }
    reject_unknown(obj, &["formula", "window"], "surface")?;
    let formula = match obj.get("formula") {
        Some(Value::String(s)) => {
            Formula::parse(s).or_else(|e| err("surface.formula", e.to_string()))?
        }
        Some(other) => {
            return err("surface.formula", format!("expected a string, got {}", type_name(other)))
        }
        None => return err("surface.formula", "missing"),
    };
    let window = match obj.get("window") {
        Some(w) => parse_window(w, "surface.window")?,
        None => return err("surface.window", "missing (e.g. [[-2, 2], [-2, 2]])"),
    };
    Ok(Surface::Custom(Box::new(CustomSurface { formula, window })))
}

/// `[[x0, x1], [y0, y1]]` with x0 < x1, y0 < y1, all within ±[`MAX_COORD`].
pub fn parse_window(v: &Value, field: &str) -> Result<Window, ScenarioError> {
    let (xs, ys) = match v.as_array().map(Vec::as_slice) {
        Some([xs, ys]) => (pair(xs, &format!("{field}[0]"))?, pair(ys, &format!("{field}[1]"))?),
        _ => return err(field, format!("expected [[x0, x1], [y0, y1]], got {}", describe(v))),
    };
    check_window(xs, ys, field)
}

/// The window with x in `xs` and y in `ys`, if each range is finite, increases and lies
/// within ±[`MAX_COORD`] (the errors name `field` as [`parse_window`] does).
pub fn check_window(xs: [f64; 2], ys: [f64; 2], field: &str) -> Result<Window, ScenarioError> {
    for (i, r) in [xs, ys].iter().enumerate() {
        if let Some(j) = r.iter().position(|c| !c.is_finite()) {
            return err(format!("{field}[{i}][{j}]"), "must be a finite number");
        }
    }
    for (axis, r) in [("x", xs), ("y", ys)] {
        if r[0] >= r[1] {
            return err(field, format!("{axis} range must increase (got {} to {})", r[0], r[1]));
        }
        if r.iter().any(|c| c.abs() > MAX_COORD) {
            return err(field, format!("{axis} range must be within ±{MAX_COORD}"));
        }
    }
    Ok(Window { x: (xs[0], xs[1]), y: (ys[0], ys[1]) })
}

fn parse_noise(v: &Value) -> Result<Noise, ScenarioError> {
    let obj = expect_object(v, "noise")?;
    reject_unknown(obj, &["sigma", "seed", "relative"], "noise")?;
    let sigma = match obj.get("sigma") {
        Some(s) => number(s, "noise.sigma")?,
        None => return err("noise.sigma", "missing"),
    };
    if !Noise::SIGMA.contains(sigma) {
        return err("noise.sigma", format!("must be {} (got {sigma})", Noise::SIGMA.describe()));
    }
    // Seeds stay below 2^53 so that they survive JSON (and JavaScript) as exact integers.
    let seed = match obj.get("seed") {
        Some(s) => whole_number(s, "noise.seed", 0, (1u64 << 53) - 1)?,
        None => 0,
    };
    let relative = obj.get("relative").map(|v| boolean(v, "noise.relative")).transpose()?;
    Ok(Noise { sigma, seed, relative: relative.unwrap_or(false) })
}

/// `{"step": k, "scale": s, "offset": [a, b]}` for a run of `steps` updates: 1 ≤ k < steps
/// (a shift needs updates on both sides), s > 0 and finite, a and b within ±[`MAX_COORD`].
fn parse_shift(v: &Value, steps: usize) -> Result<Shift, ScenarioError> {
    let obj = expect_object(v, "shift")?;
    reject_unknown(obj, &["step", "scale", "offset"], "shift")?;
    let step = match obj.get("step") {
        Some(k) => {
            let x = number(k, "shift.step")?;
            check_whole(x).or_else(|m| err("shift.step", m))?;
            match shift_step(x, steps) {
                Some(k) => k,
                None => {
                    return err(
                        "shift.step",
                        format!("must be at least 1 and less than steps = {steps} (got {x})"),
                    )
                }
            }
        }
        None => return err("shift.step", "missing (the last update that sees the first f)"),
    };
    let scale = match obj.get("scale") {
        Some(x) => {
            check_shift_scale(number(x, "shift.scale")?).or_else(|m| err("shift.scale", m))?
        }
        None => 1.0,
    };
    let offset = match obj.get("offset") {
        Some(o) => {
            let p = pair(o, "shift.offset")?;
            if !p.iter().all(|c| shift_offset_ok(*c)) {
                return err("shift.offset", format!("must be within ±{MAX_COORD}"));
            }
            p
        }
        None => [0.0, 0.0],
    };
    Ok(Shift { step, scale, offset })
}

/// A shift's step k as a count of updates, if `x` is one a run of `steps` updates allows: a
/// whole number with 1 ≤ k < steps (a shift needs updates on both sides).
pub fn shift_step(x: f64, steps: usize) -> Option<usize> {
    (x.fract() == 0.0 && x >= 1.0 && x < steps as f64).then_some(x as usize)
}

/// Whether `c` can be a coordinate of a shift's offset (within ±[`MAX_COORD`]).
pub fn shift_offset_ok(c: f64) -> bool {
    c.abs() <= MAX_COORD
}

/// A shift's scale must be a finite number > 0 (the message says why not).
pub fn check_shift_scale(s: f64) -> Result<f64, String> {
    if s.is_finite() && s > 0.0 {
        Ok(s)
    } else {
        Err(format!("must be > 0 (got {s})"))
    }
}

/// A kind given by name at `field` (`what`: "optimizer", "schedule"): missing, not a
/// string and unknown names are errors that list the `known` ones.
fn named<K>(
    v: Option<&Value>,
    field: &str,
    what: &str,
    known: &[&str],
    from_name: impl Fn(&str) -> Option<K>,
) -> Result<K, ScenarioError> {
    match v {
        Some(Value::String(name)) => from_name(name).map_or_else(
            || err(field, format!("unknown {what} '{name}' (known: {})", known.join(", "))),
            Ok,
        ),
        Some(other) => err(field, format!("expected a string, got {}", type_name(other))),
        None => err(field, format!("missing ({})", known.join(", "))),
    }
}

/// One run object of a scenario of `steps` updates: `{"optimizer": NAME, <setting>:
/// <value>, ..., "schedule": {...}}`.
pub fn parse_run(v: &Value, field: &str, steps: usize) -> Result<Run, ScenarioError> {
    let obj = expect_object(v, field)?;
    let names: Vec<_> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
    let at = format!("{field}.optimizer");
    let kind = named(obj.get("optimizer"), &at, "optimizer", &names, OptimizerKind::from_name)?;
    let mut opt = kind.default_config();
    let mut schedule = Schedule::default();
    for (key, value) in obj {
        if key == "optimizer" {
            continue;
        }
        if key == "schedule" {
            schedule = parse_schedule(value, &format!("{field}.schedule"), steps)?;
            continue;
        }
        let at = format!("{field}.{key}");
        let Some(spec) = kind.param(key) else {
            let known: Vec<_> = kind.params().iter().map(|p| p.key).collect();
            return err(
                at,
                format!(
                    "unknown field for {} (expected one of: {}, schedule)",
                    kind.name(),
                    known.join(", ")
                ),
            );
        };
        let parsed = match (spec.kind, value) {
            (ParamKind::Real { .. }, v) => ParamValue::Real(number(v, &at)?),
            (ParamKind::Flag, v) => ParamValue::Flag(boolean(v, &at)?),
            (ParamKind::Choice(names), Value::String(s)) => match names.iter().find(|n| *n == s) {
                Some(n) => ParamValue::Choice(n),
                None => return err(at, format!("must be one of {} (got '{s}')", names.join(", "))),
            },
            (ParamKind::Choice(names), v) => {
                return err(
                    at,
                    format!("expected one of {}, got {}", names.join(", "), type_name(v)),
                )
            }
        };
        opt.set(key, parsed).or_else(|m| err(at, m))?;
    }
    Ok(Run { optimizer: opt, schedule })
}

/// `{"kind": NAME, <field>: <value>, ...}` for a run of `steps` updates.
fn parse_schedule(v: &Value, field: &str, steps: usize) -> Result<Schedule, ScenarioError> {
    let obj = expect_object(v, field)?;
    let names: Vec<_> = ScheduleKind::ALL.iter().map(|k| k.name()).collect();
    let at = format!("{field}.kind");
    let kind = named(obj.get("kind"), &at, "schedule", &names, ScheduleKind::from_name)?;
    let mut keys: Vec<&str> = vec!["kind"];
    keys.extend(kind.fields().iter().map(|f| f.spec.key));
    reject_unknown(obj, &keys, field)?;
    let mut numbers: Map = Map::new();
    for f in kind.fields() {
        if let Some(x) = obj.get(f.spec.key) {
            numbers
                .insert(f.spec.key.into(), number(x, &format!("{field}.{}", f.spec.key))?.into());
        }
    }
    kind.parse(steps, |key| numbers.get(key).and_then(Value::as_f64))
        .or_else(|e| err(format!("{field}.{}", e.field), e.message))
}

/// A schedule as a JSON object: its kind and every field.
pub fn schedule_to_value(s: &Schedule) -> Value {
    let mut obj = Map::new();
    obj.insert("kind".into(), s.kind().name().into());
    for f in s.kind().fields() {
        if let Some(x) = s.get(f.spec.key) {
            obj.insert(f.spec.key.into(), x.into());
        }
    }
    Value::Object(obj)
}

/// A run as a complete JSON object (every setting written out; the schedule unless it is
/// constant).
pub fn run_to_value(run: &Run) -> Value {
    let opt = &run.optimizer;
    let kind = opt.kind();
    let mut obj = Map::new();
    obj.insert("optimizer".into(), kind.name().into());
    for spec in kind.params() {
        let v = match opt.get(spec.key) {
            Some(ParamValue::Real(x)) => x.into(),
            Some(ParamValue::Flag(b)) => b.into(),
            Some(ParamValue::Choice(c)) => c.into(),
            None => continue,
        };
        obj.insert(spec.key.into(), v);
    }
    if !run.schedule.is_constant() {
        obj.insert("schedule".into(), schedule_to_value(&run.schedule));
    }
    Value::Object(obj)
}

pub fn surface_to_value(s: &Surface) -> Value {
    match s {
        Surface::Builtin(k) => k.name().into(),
        Surface::Custom(c) => {
            object([("formula", c.formula.source().into()), ("window", window_to_value(&c.window))])
        }
        Surface::Data(d) => data::parse::data_surface_to_value(d),
    }
}

/// `[[x0, x1], [y0, y1]]`, as [`parse_window`] reads it.
pub fn window_to_value(w: &Window) -> Value {
    [[w.x.0, w.x.1], [w.y.0, w.y.1]].into()
}
