//! The app's whole state as a short, readable URL query, and back.
//!
//! ```text
//! ?surface=rosenbrock&start=-1.5,2&steps=1000&noise=0.5&seed=7&shift=500,0.01,0.5,-0.5
//!  &run=rmsprop,lr=0.01&run=adam,lr=0.05,beta1=0.8,hidden&run=sgd,lr=0.001,color=5
//!  &step=250&speed=100&overlays=contours,arrows&view=-1,0.5,0,1.5&select=2&classroom=1
//!  &lesson=decay-memory
//! ```
//! `view=x0,x1,y0,y1` is the part of the plane the map shows when zoomed or panned;
//! `noise=0.5,relative` makes σ a multiple of |∇f(start)|.
//! `shift=k,s,a,b` is a shifting objective (updates after k see s·f(θ − (a, b))).
//! A custom surface is `f=<formula>&window=x0,x1,y0,y1` instead of `surface=`. A model on
//! data is `model=<name>` with either `data=generate,n=64,...` (the generator's settings
//! that differ from its defaults, `n` always) or `rows=x,y;x,y;...` (every row, shortest
//! exact numbers), and `batch=B` (absent: full batch) and `shuffle=SEED` (absent: in order);
//! such rows can make a link too long ([`encode_checked`]). A run lists its
//! optimizer, then the settings that differ from the optimizer's defaults (`lr` always), as in
//! scenario files; `hidden` and `color=N` only when they apply. `run=none` is an empty list.
//! A scheduled run adds `schedule=KIND:field=value:…` with the fields that differ from the
//! schedule's defaults (those without a default always): `run=adam,lr=0.05,schedule=cosine:t_max=300`.
//!
//! Decoding is lenient: each malformed, unknown or out-of-range value is skipped with a notice
//! (`lr of run 2: 'abc' is not a number — ignored`) and everything else still loads. Only
//! `%XX` escapes are decoded: a literal `+` stays a plus (the encoder writes spaces as `%20`),
//! so `f=x^2+y^2` typed by hand means what it says.

use super::data::{DataSource, DataSurface, Generator};
use super::optim::params::ParamValue;
use super::optim::Optimizer;
use super::overlays::Overlays;
use super::schedule::Schedule;
use super::surface::{Surface, Window};
use super::trajectory::{Noise, Run, Shift};
use std::fmt::Write;

mod decode;
mod decode_data;
pub use decode::{decode, Decoded};

/// Longer queries are refused whole: no shared state needs more than a few kilobytes (a
/// 500-character formula and 8 runs with every setting stay under 2 KB).
pub const MAX_QUERY_LEN: usize = 16 * 1024;
/// Notices beyond this many are summed up in one last line.
pub const MAX_NOTICES: usize = 12;
/// The window a formula gets when a link gives none.
pub const DEFAULT_CUSTOM_WINDOW: Window = Window { x: (-3.0, 3.0), y: (-3.0, 3.0) };

/// Values kept readable: every byte but ASCII letters, digits and these is escaped as `%XX`.
/// `=` may stay inside a value because a pair splits at its first `=`. (Written here rather
/// than with the percent-encoding crate, whose 768-byte escape table the wasm then carries.)
const KEEP: &[u8] = b"-._~,:*()/=;";

/// `v` with every byte outside [`KEEP`] and the ASCII alphanumerics as `%XX`.
fn escape_into(out: &mut String, v: &str) {
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || KEEP.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// The app's limits on what it can show (they differ from a scenario file's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    pub steps: (usize, usize),
    pub speed: (f64, f64),
    pub max_runs: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunState {
    pub optimizer: Optimizer,
    /// The learning-rate schedule (constant unless the link gives one).
    pub schedule: Schedule,
    pub visible: bool,
    /// Palette index; unique among the runs.
    pub color: usize,
}

impl RunState {
    /// What the run computes.
    pub fn run(&self) -> Run {
        Run { optimizer: self.optimizer, schedule: self.schedule }
    }
}

/// Everything a link restores.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub surface: Surface,
    pub start: [f64; 2],
    pub steps: usize,
    pub noise: Option<Noise>,
    /// A shifting objective, as in scenarios.
    pub shift: Option<Shift>,
    pub runs: Vec<RunState>,
    /// The playback position, at most `steps`.
    pub step: usize,
    pub speed: f64,
    pub layers: Overlays,
    /// The map's zoomed or panned window (None: the surface's own).
    pub view: Option<Window>,
    /// Index into `runs`.
    pub selected: Option<usize>,
    pub classroom: bool,
    /// The lesson whose card is shown (an id of `core::lessons::LESSONS`).
    pub lesson: Option<&'static str>,
}

/// Text that parses back to exactly `x`: plain digits unless an exponent is much shorter
/// (`1000`, `0.0001`, but `1e-8`).
pub fn number(x: f64) -> String {
    let (plain, sci) = (format!("{x}"), format!("{x:e}"));
    if sci.len() + 2 < plain.len() {
        sci
    } else {
        plain
    }
}

/// `x0,x1,y0,y1`.
fn window_text(w: Window) -> String {
    [w.x.0, w.x.1, w.y.0, w.y.1].map(number).join(",")
}

/// The query string for `s`, without the leading `?`.
pub fn encode(s: &UrlState) -> String {
    let mut q = Vec::<(&str, String)>::new();
    match &s.surface {
        Surface::Builtin(k) => q.push(("surface", k.name().into())),
        Surface::Custom(c) => {
            q.push(("f", c.formula.source().into()));
            q.push(("window", window_text(c.window)));
        }
        Surface::Data(d) => encode_data(d, &mut q),
    }
    q.push(("start", format!("{},{}", number(s.start[0]), number(s.start[1]))));
    q.push(("steps", s.steps.to_string()));
    if let Some(n) = s.noise {
        let relative = if n.relative { ",relative" } else { "" };
        q.push(("noise", format!("{}{relative}", number(n.sigma))));
        if n.seed != 0 {
            q.push(("seed", n.seed.to_string()));
        }
    }
    if let Some(sh) = s.shift {
        let [a, b] = sh.offset;
        q.push(("shift", format!("{},{},{},{}", sh.step, number(sh.scale), number(a), number(b))));
    }
    if s.runs.is_empty() {
        q.push(("run", "none".into()));
    }
    for (i, r) in s.runs.iter().enumerate() {
        q.push(("run", encode_run(r, i)));
    }
    q.push(("step", s.step.to_string()));
    q.push(("speed", number(s.speed)));
    let mut layers = s.layers;
    let on: Vec<&str> =
        Overlays::NAMES.iter().zip(layers.flags()).filter(|(_, f)| **f).map(|(n, _)| *n).collect();
    q.push(("overlays", if on.is_empty() { "none".into() } else { on.join(",") }));
    if let Some(w) = s.view {
        q.push(("view", window_text(w)));
    }
    match s.selected {
        Some(i) => q.push(("select", (i + 1).to_string())),
        // Without it, a link would select the first run.
        None if !s.runs.is_empty() => q.push(("select", "none".into())),
        None => {}
    }
    if s.classroom {
        q.push(("classroom", "1".into()));
    }
    if let Some(id) = s.lesson {
        q.push(("lesson", id.into()));
    }
    let mut out = String::new();
    for (k, v) in q {
        let sep = if out.is_empty() { "" } else { "&" };
        let _ = write!(out, "{sep}{k}=");
        escape_into(&mut out, &v);
    }
    out
}

/// The query for `s`, or why it cannot be a link: a data set given row by row can need more
/// than the [`MAX_QUERY_LEN`] characters a link may have (a scenario file holds any).
pub fn encode_checked(s: &UrlState) -> Result<String, String> {
    let q = encode(s);
    if q.len() <= MAX_QUERY_LEN {
        return Ok(q);
    }
    let what = match s.surface.data() {
        Some(d) => format!("the data's {} rows make it", d.n()),
        None => "it is".to_string(),
    };
    Err(format!(
        "a link can have at most {MAX_QUERY_LEN} characters and {what} {}: save a scenario file instead",
        q.len()
    ))
}

/// `model=…`, then `data=generate,…` or `rows=…`, then `batch=` and `shuffle=` if set.
fn encode_data(d: &DataSurface, q: &mut Vec<(&str, String)>) {
    q.push(("model", d.model().name().into()));
    match d.source() {
        DataSource::Generated(g) => {
            let defaults = Generator::default_for(d.model());
            let mut text = "generate".to_string();
            for f in Generator::fields(d.model()) {
                let (v, v0) = (g.get(f.key), defaults.get(f.key));
                if f.key == "n" || v != v0 {
                    let _ = write!(text, ",{}={}", f.key, v.map_or_else(String::new, number));
                }
            }
            q.push(("data", text));
        }
        DataSource::Rows => {
            let rows: Vec<String> = (0..d.n())
                .filter_map(|i| d.row(i))
                .map(|r| r.into_iter().map(number).collect::<Vec<_>>().join(","))
                .collect();
            q.push(("rows", rows.join(";")));
        }
    }
    let b = d.batching();
    if b.batch_size != d.n() {
        q.push(("batch", b.batch_size.to_string()));
    }
    if let Some(seed) = b.shuffle {
        q.push(("shuffle", seed.to_string()));
    }
}

/// `rmsprop,lr=0.01,decay=0.95,hidden,color=4`: settings that differ from the defaults.
fn encode_run(r: &RunState, index: usize) -> String {
    let mut out = r.optimizer.kind().name().to_string();
    for (spec, v) in r.optimizer.notable_settings() {
        let text = match v {
            ParamValue::Real(x) => number(x),
            ParamValue::Flag(b) => b.to_string(),
            ParamValue::Choice(c) => c.to_string(),
        };
        let _ = write!(out, ",{}={text}", spec.key);
    }
    if !r.schedule.is_constant() {
        let _ = write!(out, ",schedule={}", encode_schedule(&r.schedule));
    }
    if !r.visible {
        out.push_str(",hidden");
    }
    if r.color != index {
        let _ = write!(out, ",color={}", r.color);
    }
    out
}

/// `cosine:t_max=300`: the kind, then each field without a default or off its default.
fn encode_schedule(s: &Schedule) -> String {
    let mut out = s.kind().name().to_string();
    for f in s.kind().fields() {
        match s.get(f.spec.key) {
            Some(x) if f.default != Some(x) => {
                let _ = write!(out, ":{}={}", f.spec.key, number(x));
            }
            _ => {}
        }
    }
    out
}
