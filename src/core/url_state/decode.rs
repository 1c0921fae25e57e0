//! Lenient decoding of a link: every value is checked on its own, and what cannot be used is
//! listed for the user instead of stopping the rest.

use super::decode_data;
use super::{Limits, RunState, UrlState, DEFAULT_CUSTOM_WINDOW, MAX_NOTICES, MAX_QUERY_LEN};
use crate::core::decimal;
use crate::core::formula::Formula;
use crate::core::lessons::Entry;
use crate::core::optim::params::{ParamKind, ParamValue};
use crate::core::optim::{Optimizer, OptimizerKind};
use crate::core::overlays::Overlays;
use crate::core::scenario::{check_window, MAX_COORD};
use crate::core::schedule::{Schedule, ScheduleKind};
use crate::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use crate::core::trajectory::{Noise, Shift};

/// What a link gave: the state to load and what was ignored, for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub state: UrlState,
    pub notices: Vec<String>,
}

/// Collects "<what>: <why> — ignored" lines, up to [`MAX_NOTICES`].
#[derive(Default)]
pub(super) struct Notices {
    lines: Vec<String>,
    dropped: usize,
}

impl Notices {
    pub(super) fn ignore(&mut self, what: impl AsRef<str>, why: impl AsRef<str>) {
        if self.lines.len() < MAX_NOTICES {
            self.lines.push(format!("{}: {} — ignored", what.as_ref(), why.as_ref()));
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.lines.push(format!("… and {} more ignored", self.dropped));
        }
        self.lines
    }
}

/// Reads a query (with or without `?`). `defaults(None)` is the app's initial state and
/// `defaults(Some(s))` its initial state on surface `s`; absent or ignored values take them.
/// The playback step defaults to the end of the runs.
pub fn decode(
    query: &str,
    limits: &Limits,
    defaults: impl Fn(Option<Surface>) -> UrlState,
) -> Decoded {
    let mut n = Notices::default();
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > MAX_QUERY_LEN {
        n.ignore(
            "the link",
            format!("{} characters is too long (at most {MAX_QUERY_LEN})", query.len()),
        );
        return Decoded { state: defaults(None), notices: n.finish() };
    }
    // Each key once (runs excepted), in a fixed order of application.
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut runs: Vec<String> = Vec::new();
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let (Some(k), Some(v)) = (unescape(k), unescape(v)) else {
            n.ignore(format!("'{}'", clip(piece)), "not valid text");
            continue;
        };
        match k.as_str() {
            "run" => runs.push(v),
            "surface" | "f" | "window" | "start" | "steps" | "noise" | "seed" | "shift"
            | "step" | "speed" | "overlays" | "view" | "select" | "classroom" | "lesson"
            | "model" | "data" | "rows" | "batch" | "shuffle" => {
                if fields.iter().any(|(key, _)| *key == k) {
                    n.ignore(&k, "given twice (the first one counts)");
                } else {
                    fields.push((k, v));
                }
            }
            _ => n.ignore(format!("'{}'", clip(&k)), "unknown setting"),
        }
    }
    let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());

    let surface = match get("model") {
        Some(model) => {
            for key in ["surface", "f", "window"].into_iter().filter(|k| get(k).is_some()) {
                n.ignore(key, "a model on data (model=...) is given too, and counts");
            }
            decode_data::decode_data(model, get("data"), get("rows"), &mut n)
        }
        None => {
            for key in ["data", "rows"].into_iter().filter(|k| get(k).is_some()) {
                n.ignore(key, "only a model (model=...) has data");
            }
            decode_surface(get("surface"), get("f"), get("window"), &mut n)
        }
    };
    let mut s = defaults(surface);
    decode_data::decode_batching(&mut s.surface, get("batch"), get("shuffle"), &mut n);
    if let Some(v) = get("start") {
        match numbers::<2>(v) {
            Ok(p) if p.iter().all(|c| c.abs() <= MAX_COORD) => s.start = p,
            Ok(_) => n.ignore("start", format!("coordinates must be within ±{MAX_COORD}")),
            Err(e) => n.ignore("start", e),
        }
    }
    if let Some(v) = get("steps") {
        match whole(v, limits.steps.0 as u64, limits.steps.1 as u64) {
            Ok(k) => s.steps = k as usize,
            Err(e) => n.ignore("steps", e),
        }
    }
    s.step = s.steps;
    if let Some(v) = get("noise") {
        // `σ`, or `σ,relative` for a multiple of |∇f(start)|.
        let (v, relative) = match v.strip_suffix(",relative") {
            Some(sigma) => (sigma, true),
            None => (v, false),
        };
        match numbers::<1>(v) {
            Ok([sigma]) if Noise::SIGMA.contains(sigma) => {
                s.noise = Some(Noise { sigma, seed: 0, relative });
            }
            Ok([sigma]) => {
                n.ignore("noise", format!("must be {} (got {sigma})", Noise::SIGMA.describe()))
            }
            Err(e) => n.ignore("noise", e),
        }
    }
    if let Some(v) = get("seed") {
        match (whole(v, 0, (1 << 53) - 1), s.noise.as_mut()) {
            (Ok(seed), Some(noise)) => noise.seed = seed,
            (Ok(_), None) => n.ignore("seed", "there is no noise to seed"),
            (Err(e), _) => n.ignore("seed", e),
        }
    }
    if let Some(v) = get("shift") {
        match decode_shift(v, s.steps) {
            Ok(sh) => s.shift = Some(sh),
            Err(e) => n.ignore("shift", e),
        }
    } else if s.shift.is_some_and(|sh| sh.step >= s.steps) {
        n.ignore("shift", format!("its step must be less than steps = {}", s.steps));
        s.shift = None;
    }
    if !runs.is_empty() {
        if let Some(r) = decode_runs(&runs, limits.max_runs, s.steps, &mut n) {
            s.runs = r;
        }
    }
    s.selected = s.selected.filter(|&i| i < s.runs.len()).or((!s.runs.is_empty()).then_some(0));
    if let Some(v) = get("step") {
        match whole(v, 0, s.steps as u64) {
            Ok(k) => s.step = k as usize,
            Err(e) => n.ignore("step", e),
        }
    }
    if let Some(v) = get("speed") {
        match numbers::<1>(v) {
            Ok([x]) if (limits.speed.0..=limits.speed.1).contains(&x) => s.speed = x,
            Ok([x]) => n.ignore("speed", in_range(x, limits.speed.0, limits.speed.1)),
            Err(e) => n.ignore("speed", e),
        }
    }
    if let Some(v) = get("overlays") {
        decode_layers(v, &mut s.layers, &mut n);
    }
    if let Some(v) = get("view") {
        s.view = decode_window(v, "view", &mut n);
    }
    if let Some(v) = get("select") {
        match whole(v, 1, s.runs.len() as u64) {
            Ok(i) => s.selected = Some(i as usize - 1),
            Err(_) if v == "none" => s.selected = None,
            Err(e) => n.ignore("select", e),
        }
    }
    if let Some(v) = get("classroom") {
        match flag(v) {
            Ok(b) => s.classroom = b,
            Err(e) => n.ignore("classroom", e),
        }
    }
    if let Some(v) = get("lesson") {
        match Entry::by_id(v) {
            Some(l) => s.lesson = Some(l.id),
            None => n.ignore("lesson", format!("no lesson '{}'", clip(v))),
        }
    }
    Decoded { state: s, notices: n.finish() }
}

fn decode_surface(
    name: Option<&str>,
    formula: Option<&str>,
    window: Option<&str>,
    n: &mut Notices,
) -> Option<Surface> {
    let custom = formula.and_then(|src| match Formula::parse(src) {
        Ok(f) => Some(f),
        Err(e) => {
            n.ignore("formula", e.to_string());
            None
        }
    });
    let Some(formula) = custom else {
        if window.is_some() {
            n.ignore("window", "only a formula (f=...) has a window");
        }
        return name.and_then(|name| match SurfaceKind::from_name(name) {
            Some(k) => Some(Surface::Builtin(k)),
            None => {
                let known: Vec<_> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
                let why = format!("unknown surface '{}' (known: {})", clip(name), known.join(", "));
                n.ignore("surface", why);
                None
            }
        });
    };
    if name.is_some() {
        n.ignore("surface", "a formula (f=...) is given too, and counts");
    }
    let window = window.and_then(|v| decode_window(v, "window", n));
    let window = window.unwrap_or(DEFAULT_CUSTOM_WINDOW);
    Some(Surface::Custom(Box::new(CustomSurface { formula, window })))
}

/// `x0,x1,y0,y1`, checked as a scenario's window is.
fn decode_window(v: &str, key: &str, n: &mut Notices) -> Option<Window> {
    let checked = numbers::<4>(v)
        .and_then(|[x0, x1, y0, y1]| check_window([x0, x1], [y0, y1], key).map_err(|e| e.message));
    checked.map_err(|e| n.ignore(key, e)).ok()
}

/// `k,s,a,b`: the shift after update k (1 ≤ k < steps) to s·f(θ − (a, b)), s > 0.
fn decode_shift(v: &str, steps: usize) -> Result<Shift, String> {
    use crate::core::scenario::{check_shift_scale, shift_offset_ok, shift_step};
    let [k, scale, a, b] = numbers::<4>(v)?;
    let Some(step) = shift_step(k, steps) else {
        return Err(format!(
            "step {k} must be a whole number from 1 to {}",
            steps.saturating_sub(1)
        ));
    };
    let scale = check_shift_scale(scale).map_err(|e| format!("scale {e}"))?;
    if !(shift_offset_ok(a) && shift_offset_ok(b)) {
        return Err(format!("the offset must be within ±{MAX_COORD}"));
    }
    Ok(Shift { step, scale, offset: [a, b] })
}

/// The valid runs of a scene of `steps` updates, or `None` to keep the defaults (nothing
/// usable was given).
fn decode_runs(
    values: &[String],
    max: usize,
    steps: usize,
    n: &mut Notices,
) -> Option<Vec<RunState>> {
    if values.len() == 1 && values[0] == "none" {
        return Some(Vec::new());
    }
    let mut runs = Vec::new();
    let mut colors = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let what = format!("run {}", i + 1);
        if i >= max {
            n.ignore(what, format!("at most {max} runs"));
            continue;
        }
        let mut tokens = v.split(',');
        let name = tokens.next().unwrap_or("");
        let Some(kind) = OptimizerKind::from_name(name) else {
            let known: Vec<_> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
            let why = format!("unknown optimizer '{}' (known: {})", clip(name), known.join(", "));
            n.ignore(what, why);
            continue;
        };
        let mut run = RunState {
            optimizer: kind.default_config(),
            schedule: Schedule::default(),
            visible: true,
            color: 0,
        };
        let mut color = None;
        for token in tokens.filter(|t| !t.is_empty()) {
            let (key, value) = token.split_once('=').unwrap_or((token, ""));
            let at = format!("{} of {what}", clip(key));
            match key {
                "hidden" => run.visible = false,
                "schedule" => match decode_schedule(value, steps) {
                    Ok(sch) => run.schedule = sch,
                    Err(e) => n.ignore(at, e),
                },
                "color" => match whole(value, 0, max.saturating_sub(1) as u64) {
                    Ok(c) => color = Some(c as usize),
                    Err(e) => n.ignore(at, e),
                },
                _ => {
                    if let Err(e) = set_param(&mut run.optimizer, key, value) {
                        n.ignore(at, e);
                    }
                }
            }
        }
        runs.push(run);
        colors.push(color);
    }
    if runs.is_empty() {
        n.ignore("runs", "none of them could be read, so the default runs stay");
        return None;
    }
    assign_colors(&mut runs, &colors, n);
    Some(runs)
}

/// Given colours first (unless taken), then each other run takes its own index if free, else
/// the lowest free colour: a link's colours come back exactly as they were.
fn assign_colors(runs: &mut [RunState], given: &[Option<usize>], n: &mut Notices) {
    let mut used = Vec::new();
    let mut open = Vec::new();
    for (i, c) in given.iter().enumerate() {
        match c {
            Some(c) if !used.contains(c) => {
                runs[i].color = *c;
                used.push(*c);
            }
            Some(c) => {
                n.ignore(format!("color of run {}", i + 1), format!("{c} is already used"));
                open.push(i);
            }
            None => open.push(i),
        }
    }
    for i in open {
        let c = if used.contains(&i) { (0..).find(|c| !used.contains(c)).unwrap_or(i) } else { i };
        runs[i].color = c;
        used.push(c);
    }
}

/// `KIND:field=value:…` through the schedule table, for a scene of `steps` updates.
fn decode_schedule(v: &str, steps: usize) -> Result<Schedule, String> {
    let mut parts = v.split(':');
    let name = parts.next().unwrap_or("");
    let Some(kind) = ScheduleKind::from_name(name) else {
        let known: Vec<_> = ScheduleKind::ALL.iter().map(|k| k.name()).collect();
        return Err(format!("unknown schedule '{}' (known: {})", clip(name), known.join(", ")));
    };
    let mut given = Vec::new();
    for part in parts.filter(|p| !p.is_empty()) {
        let (key, text) = part.split_once('=').unwrap_or((part, ""));
        if kind.field(key).is_none() {
            let known: Vec<_> = kind.fields().iter().map(|f| f.spec.key).collect();
            return Err(format!(
                "the {name} schedule has no field '{}' (it has: {})",
                clip(key),
                known.join(", ")
            ));
        }
        let [x] = numbers::<1>(text).map_err(|e| format!("{key}: {e}"))?;
        given.push((key, x));
    }
    kind.parse(steps, |key| given.iter().find(|(k, _)| *k == key).map(|(_, x)| *x))
        .map_err(|e| format!("{}: {}", e.field, e.message))
}

/// Sets one setting from its text, through the hyperparameter table.
fn set_param(opt: &mut Optimizer, key: &str, text: &str) -> Result<(), String> {
    let kind = opt.kind();
    let Some(spec) = kind.param(key) else {
        let known: Vec<_> = kind.params().iter().map(|p| p.key).collect();
        return Err(format!("{} has no such setting (it has: {})", kind.name(), known.join(", ")));
    };
    let value = match spec.kind {
        ParamKind::Real { .. } => ParamValue::Real(numbers::<1>(text)?[0]),
        ParamKind::Flag => ParamValue::Flag(flag(text)?),
        ParamKind::Choice(names) => match names.iter().find(|c| **c == text) {
            Some(c) => ParamValue::Choice(c),
            None => {
                return Err(format!("must be one of {} (got '{}')", names.join(", "), clip(text)))
            }
        },
    };
    opt.set(key, value)
}

fn decode_layers(v: &str, layers: &mut Overlays, n: &mut Notices) {
    let mut out = Overlays::NONE;
    if v != "none" {
        for name in v.split(',').filter(|s| !s.is_empty()) {
            match Overlays::NAMES.iter().position(|l| *l == name) {
                Some(i) => *out.flags()[i] = true,
                None => n.ignore(
                    format!("overlay '{}'", clip(name)),
                    format!("unknown (known: {})", Overlays::NAMES.join(", ")),
                ),
            }
        }
    }
    *layers = out;
}

/// Exactly `N` comma-separated finite numbers.
pub(super) fn numbers<const N: usize>(v: &str) -> Result<[f64; N], String> {
    let mut out = [0.0; N];
    let parts: Vec<&str> = v.split(',').collect();
    if parts.len() != N {
        let what =
            if N == 1 { "a number".into() } else { format!("{N} numbers separated by commas") };
        return Err(format!("'{}' is not {what}", clip(v)));
    }
    for (slot, p) in out.iter_mut().zip(parts) {
        match decimal::parse(p.trim()) {
            Some(x) if x.is_finite() => *slot = x,
            Some(_) => return Err(format!("'{}' is not a finite number", clip(p))),
            None => return Err(format!("'{}' is not a number", clip(p))),
        }
    }
    Ok(out)
}

pub(super) fn whole(v: &str, min: u64, max: u64) -> Result<u64, String> {
    match v.trim().parse::<u64>() {
        Ok(k) if (min..=max).contains(&k) => Ok(k),
        Ok(k) => Err(in_range(k, min, max)),
        Err(_) => Err(format!("'{}' is not a whole number", clip(v))),
    }
}

fn in_range(
    x: impl std::fmt::Display,
    lo: impl std::fmt::Display,
    hi: impl std::fmt::Display,
) -> String {
    format!("{x} is out of range (from {lo} to {hi})")
}

fn flag(v: &str) -> Result<bool, String> {
    match v {
        "" | "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("'{}' is not true or false", clip(v))),
    }
}

/// `%XX` escapes decoded; `None` if the result is not UTF-8.
/// A `%` without two hex digits after it stays as it is.
fn unescape(s: &str) -> Option<String> {
    let (b, mut out, mut i) = (s.as_bytes(), Vec::with_capacity(s.len()), 0);
    let hex = |i: usize| b.get(i).and_then(|c| char::from(*c).to_digit(16));
    while i < b.len() {
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Quoted user text is cut short, so a notice stays readable.
pub(super) fn clip(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
