//! "Copy as code": a scene as a PyTorch, optax or Keras script that reproduces its
//! trajectories in float64 and prints `run step x y` for every point, the points `trace`
//! gives. A framework gets a run only if it computes the same path
//! (`tests/data/check_snippets.py` runs the scripts and compares them with `trace` to 1e-9);
//! otherwise the script says in one sentence which setting it cannot run and why.
//!
//! The loops follow the frameworks' own order, as `tests/data/make_extra_cases.py` does:
//! PyTorch's `opt.step(); sched.step()`, optax's `update` / `apply_updates`, Keras's
//! `apply_gradients`; the rate of update t is the schedule's after t − 1 updates.

use super::data::{DataSurface, Model};
use super::formula::{py_float, Formula};
use super::optim::params::{ParamValue, WEIGHT_DECAY};
use super::optim::{Optimizer, OptimizerKind};
use super::schedule::{Schedule, ScheduleKind};
use super::surface::Surface;
use super::trajectory::{Problem, Run};
use std::fmt::Write;

/// The frameworks a scene can be written for, by the names `trace --code` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    Torch,
    Optax,
    Keras,
}

impl Framework {
    pub const ALL: [Framework; 3] = [Framework::Torch, Framework::Optax, Framework::Keras];

    pub fn name(self) -> &'static str {
        ["torch", "optax", "keras"][self as usize]
    }

    pub fn title(self) -> &'static str {
        ["PyTorch", "optax", "Keras"][self as usize]
    }

    pub fn from_name(name: &str) -> Option<Framework> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The module whose functions the surface's formula calls. Keras's gradients come from
    /// JAX (its backend here), and jax.numpy rather than keras.ops: keras.ops.sin, cos, tan
    /// and tanh return float32 for float64 input (Keras 3.15), off by about 1e-8.
    fn math(self) -> &'static str {
        ["torch", "jnp", "jnp"][self as usize]
    }
}

/// How a framework builds one optimizer.
struct Recipe {
    ctor: &'static str,
    /// Each keyword and the setting it takes: `"a,b"` is a tuple of two settings,
    /// `"key=name"` is True when the choice `key` is `name`.
    args: &'static [(&'static str, &'static str)],
    /// Settings the framework runs at one value only, and why.
    fixed: &'static [(&'static str, ParamValue, &'static str)],
    /// The momentum buffer sums rate × direction, so only a constant rate gives our path.
    rate_in_momentum: bool,
}

const fn recipe(
    ctor: &'static str,
    args: &'static [(&'static str, &'static str)],
    fixed: &'static [(&'static str, ParamValue, &'static str)],
) -> Recipe {
    Recipe { ctor, args, fixed, rate_in_momentum: false }
}

const INSIDE: ParamValue = ParamValue::Choice("inside");
const OUTSIDE: ParamValue = ParamValue::Choice("outside");
const ZERO: ParamValue = ParamValue::Real(0.0);
const OFF: ParamValue = ParamValue::Flag(false);
const TORCH_BETAS: (&str, &str) = ("betas", "beta1,beta2");
const TORCH_ADAGRAD_EPS: &str = "torch.optim.Adagrad adds ε outside the root, √s + ε";
const RMS_START: &str = "its mean square starts at 0 with no bias correction (optax's options)";
const EPS_HAT: &str =
    "it adds ε after the bias correction, and ε-hat (Keras's Adam) adds it before";

const OPTAX_AMSGRAD: &str =
    "optax.amsgrad takes the maximum of the bias-corrected v̂, and PyTorch's AMSGrad \
    (this run's) the maximum of v";
const OPTAX_NADAM: &str =
    "optax.nadam is Adam with Nesterov momentum, without PyTorch's momentum warm-up \
    μ_t = β₁·(1 − ½·0.96^(t·ψ))";
const OPTAX_RADAM: &str =
    "optax.radam adds ε to √v̂ after the bias correction, and PyTorch's RAdam (this \
    run's) adds it to √v before";
const OPTAX_RPROP: &str =
    "optax.rprop applies each step one update late (its first update is 0), unlike \
    PyTorch's Rprop";
const KERAS_ADAM: &str = "Keras's Adam adds ε before the bias correction (ε-hat)";
const KERAS_ADAMAX: &str =
    "Keras's Adamax adds ε after the running maximum, m/(u + ε), and PyTorch's (this \
    run's) inside it, max(β₂·u, |g| + ε)";
const KERAS_NADAM: &str = "Keras's Nadam warms its momentum up as 0.96^t, which is PyTorch's with \
    momentum_decay = 1";
const KERAS_ADAMW: &str =
    "Keras's AdamW adds ε before the bias correction (ε-hat), and PyTorch's AdamW \
    (this run's) after it";
const TORCH_RMS_EPS: &str = "torch.optim.RMSprop adds ε outside the root, √v + ε";
const KERAS_RMS_EPS: &str = "Keras's RMSprop adds ε inside the root, √(v + ε)";

/// The recipe of `kind` in `fw`, or why the framework has no such optimizer.
fn recipe_of(fw: Framework, kind: OptimizerKind) -> Result<Recipe, &'static str> {
    use Framework::*;
    use OptimizerKind as K;
    Ok(match (fw, kind) {
        (Torch, K::Sgd) => recipe(
            "torch.optim.SGD",
            &[("lr", "lr"), ("momentum", "momentum"), ("nesterov", "nesterov")],
            &[],
        ),
        (Torch, K::Adagrad) => recipe(
            "torch.optim.Adagrad",
            &[
                ("lr", "lr"),
                ("eps", "eps"),
                ("initial_accumulator_value", "initial_accumulator"),
                ("lr_decay", "lr_decay"),
            ],
            &[("eps_placement", OUTSIDE, TORCH_ADAGRAD_EPS)],
        ),
        (Torch, K::RmsProp) => recipe(
            "torch.optim.RMSprop",
            &[
                ("lr", "lr"),
                ("alpha", "decay"),
                ("eps", "eps"),
                ("momentum", "momentum"),
                ("centered", "centered"),
            ],
            &[
                ("eps_placement", OUTSIDE, TORCH_RMS_EPS),
                ("initial_scale", ZERO, RMS_START),
                ("bias_correction", OFF, RMS_START),
            ],
        ),
        (Torch, K::Adam) => recipe(
            "torch.optim.Adam",
            &[("lr", "lr"), TORCH_BETAS, ("eps", "eps"), ("amsgrad", "amsgrad")],
            &[("eps_hat", OFF, EPS_HAT)],
        ),
        (Torch, K::Adadelta) => {
            recipe("torch.optim.Adadelta", &[("lr", "lr"), ("rho", "rho"), ("eps", "eps")], &[])
        }
        (Torch, K::Adamax) => {
            recipe("torch.optim.Adamax", &[("lr", "lr"), TORCH_BETAS, ("eps", "eps")], &[])
        }
        (Torch, K::NAdam) => recipe(
            "torch.optim.NAdam",
            &[("lr", "lr"), TORCH_BETAS, ("eps", "eps"), ("momentum_decay", "momentum_decay")],
            &[],
        ),
        (Torch, K::RAdam) => {
            recipe("torch.optim.RAdam", &[("lr", "lr"), TORCH_BETAS, ("eps", "eps")], &[])
        }
        (Torch, K::AdamW) => recipe(
            "torch.optim.AdamW",
            &[
                ("lr", "lr"),
                TORCH_BETAS,
                ("eps", "eps"),
                ("weight_decay", "weight_decay"),
                ("amsgrad", "amsgrad"),
            ],
            &[],
        ),
        (Torch, K::Rprop) => recipe(
            "torch.optim.Rprop",
            &[("lr", "lr"), ("etas", "eta_minus,eta_plus"), ("step_sizes", "step_min,step_max")],
            &[],
        ),
        (Torch, K::Lion) => return Err("torch.optim has no Lion"),
        (Torch, K::AdaBelief) => return Err("torch.optim has no AdaBelief"),
        (Optax, K::Sgd) => recipe(
            "optax.sgd",
            &[("learning_rate", "lr"), ("momentum", "momentum"), ("nesterov", "nesterov")],
            &[],
        ),
        (Optax, K::Adagrad) => recipe(
            "optax.adagrad",
            &[
                ("learning_rate", "lr"),
                ("initial_accumulator_value", "initial_accumulator"),
                ("eps", "eps"),
            ],
            &[
                ("eps_placement", INSIDE, "optax.adagrad adds ε inside the root, √(s + ε)"),
                ("lr_decay", ZERO, "optax.adagrad has no learning-rate decay"),
            ],
        ),
        (Optax, K::RmsProp) => Recipe {
            rate_in_momentum: true,
            ..recipe(
                "optax.rmsprop",
                &[
                    ("learning_rate", "lr"),
                    ("decay", "decay"),
                    ("eps", "eps"),
                    ("eps_in_sqrt", "eps_placement=inside"),
                    ("centered", "centered"),
                    ("momentum", "momentum"),
                    ("initial_scale", "initial_scale"),
                    ("bias_correction", "bias_correction"),
                ],
                &[],
            )
        },
        (Optax, K::Adam) => recipe(
            "optax.adam",
            &[("learning_rate", "lr"), ("b1", "beta1"), ("b2", "beta2"), ("eps", "eps")],
            &[("eps_hat", OFF, EPS_HAT), ("amsgrad", OFF, OPTAX_AMSGRAD)],
        ),
        (Optax, K::Adadelta) => recipe(
            "optax.adadelta",
            &[("learning_rate", "lr"), ("rho", "rho"), ("eps", "eps")],
            &[],
        ),
        (Optax, K::Adamax) => recipe(
            "optax.adamax",
            &[("learning_rate", "lr"), ("b1", "beta1"), ("b2", "beta2"), ("eps", "eps")],
            &[],
        ),
        (Optax, K::NAdam) => return Err(OPTAX_NADAM),
        (Optax, K::RAdam) => return Err(OPTAX_RADAM),
        (Optax, K::AdamW) => recipe(
            "optax.adamw",
            &[
                ("learning_rate", "lr"),
                ("b1", "beta1"),
                ("b2", "beta2"),
                ("eps", "eps"),
                ("weight_decay", "weight_decay"),
            ],
            &[("amsgrad", OFF, "optax.adamw has no AMSGrad")],
        ),
        (Optax, K::Rprop) => return Err(OPTAX_RPROP),
        (Optax, K::Lion) => recipe(
            "optax.lion",
            &[
                ("learning_rate", "lr"),
                ("b1", "beta1"),
                ("b2", "beta2"),
                ("weight_decay", "weight_decay"),
            ],
            &[],
        ),
        (Optax, K::AdaBelief) => recipe(
            "optax.adabelief",
            &[
                ("learning_rate", "lr"),
                ("b1", "beta1"),
                ("b2", "beta2"),
                ("eps", "eps"),
                ("eps_root", "eps_root"),
            ],
            &[],
        ),
        (Keras, K::Sgd) => Recipe {
            rate_in_momentum: true,
            ..recipe(
                "keras.optimizers.SGD",
                &[("learning_rate", "lr"), ("momentum", "momentum"), ("nesterov", "nesterov")],
                &[],
            )
        },
        (Keras, K::Adagrad) => recipe(
            "keras.optimizers.Adagrad",
            &[
                ("learning_rate", "lr"),
                ("initial_accumulator_value", "initial_accumulator"),
                ("epsilon", "eps"),
            ],
            &[
                ("eps_placement", INSIDE, "Keras's Adagrad adds ε inside the root, √(s + ε)"),
                ("lr_decay", ZERO, "Keras's Adagrad has no learning-rate decay"),
            ],
        ),
        (Keras, K::RmsProp) => Recipe {
            rate_in_momentum: true,
            ..recipe(
                "keras.optimizers.RMSprop",
                &[
                    ("learning_rate", "lr"),
                    ("rho", "decay"),
                    ("momentum", "momentum"),
                    ("epsilon", "eps"),
                    ("centered", "centered"),
                ],
                &[
                    ("eps_placement", INSIDE, KERAS_RMS_EPS),
                    ("initial_scale", ZERO, RMS_START),
                    ("bias_correction", OFF, RMS_START),
                ],
            )
        },
        (Keras, K::Adam) => recipe(
            "keras.optimizers.Adam",
            &[
                ("learning_rate", "lr"),
                ("beta_1", "beta1"),
                ("beta_2", "beta2"),
                ("epsilon", "eps"),
                ("amsgrad", "amsgrad"),
            ],
            &[("eps_hat", ParamValue::Flag(true), KERAS_ADAM)],
        ),
        (Keras, K::Adadelta) => recipe(
            "keras.optimizers.Adadelta",
            &[("learning_rate", "lr"), ("rho", "rho"), ("epsilon", "eps")],
            &[],
        ),
        (Keras, K::Adamax) => return Err(KERAS_ADAMAX),
        (Keras, K::NAdam) => recipe(
            "keras.optimizers.Nadam",
            &[
                ("learning_rate", "lr"),
                ("beta_1", "beta1"),
                ("beta_2", "beta2"),
                ("epsilon", "eps"),
            ],
            &[("momentum_decay", ParamValue::Real(1.0), KERAS_NADAM)],
        ),
        (Keras, K::RAdam) => return Err("Keras has no RAdam"),
        (Keras, K::AdamW) => return Err(KERAS_ADAMW),
        (Keras, K::Rprop) => return Err("Keras has no Rprop"),
        (Keras, K::Lion) => recipe(
            "keras.optimizers.Lion",
            &[
                ("learning_rate", "lr"),
                ("beta_1", "beta1"),
                ("beta_2", "beta2"),
                ("weight_decay", "weight_decay"),
            ],
            &[],
        ),
        (Keras, K::AdaBelief) => return Err("Keras has no AdaBelief"),
    })
}

fn py_value(v: Option<ParamValue>) -> String {
    match v {
        Some(ParamValue::Real(x)) => py_float(x),
        Some(ParamValue::Flag(b)) => if b { "True" } else { "False" }.into(),
        // Choice names are plain ASCII words (`inside`): quoted as they are. (Debug-quoting
        // would escape them the same way, but links Unicode tables into the wasm.)
        Some(ParamValue::Choice(c)) => format!("\"{c}\""),
        None => "None".into(),
    }
}

/// A setting as `key = value`, for a message.
fn setting(opt: &Optimizer, key: &str) -> String {
    format!("{key} = {}", py_value(opt.get(key)).trim_matches('"'))
}

/// The optimizer's constructor call, with the rate `lr` (a number or a name), or why the
/// framework cannot run this run.
fn constructor(fw: Framework, run: &Run, lr: &str) -> Result<String, String> {
    let opt = &run.optimizer;
    let who = fw.title();
    let r = recipe_of(fw, opt.kind()).map_err(|why| format!("{who} cannot run it: {why}."))?;
    for (key, want, why) in r.fixed {
        if opt.get(key) != Some(*want) {
            return Err(format!("{who} cannot run {}: {why}.", setting(opt, key)));
        }
    }
    let moving = !run.schedule.is_constant();
    if r.rate_in_momentum && moving && opt.get("momentum") != Some(ZERO) {
        return Err(format!(
            "{who} cannot run {} with a schedule: {} scales the steps by the rate before its \
             momentum sums them, and this run scales the sum, which differs once the rate \
             changes.",
            setting(opt, "momentum"),
            r.ctor
        ));
    }
    let mut out = format!("{}(", r.ctor);
    if fw == Framework::Torch {
        out.push_str("[p], ");
    }
    for (i, (name, ours)) in r.args.iter().enumerate() {
        let value = match (*ours, ours.split_once(','), ours.split_once('=')) {
            ("lr", ..) => lr.to_string(),
            // Nesterov without momentum is plain SGD, which torch.optim.SGD only takes so.
            ("nesterov", ..) if opt.get("momentum") == Some(ZERO) => "False".into(),
            (_, Some((a, b)), _) => format!("({}, {})", py_value(opt.get(a)), py_value(opt.get(b))),
            (_, _, Some((k, v))) => {
                py_value(Some(ParamValue::Flag(opt.get(k) == Some(ParamValue::Choice(v)))))
            }
            _ => py_value(opt.get(ours)),
        };
        let sep = if i > 0 { ", " } else { "" };
        let _ = write!(out, "{sep}{name}={value}");
    }
    // Coupled decay (g + λ·θ): PyTorch's own keyword; optax's add_decayed_weights before
    // the optimizer; Keras's is decoupled, so the loop adds λ·θ to the gradient itself.
    let wd = coupled_decay(opt);
    match fw {
        Framework::Torch if wd.is_some() => {
            let _ = write!(out, ", weight_decay={}", py_float(wd.unwrap_or(0.0)));
        }
        Framework::Optax if wd.is_some_and(|w| w != 0.0) => {
            let w = py_float(wd.unwrap_or(0.0));
            return Ok(format!("optax.chain(optax.add_decayed_weights({w}), {out}))"));
        }
        _ => {}
    }
    out.push(')');
    Ok(out)
}

/// λ of coupled weight decay (added to the gradient), if the optimizer has it.
fn coupled_decay(opt: &Optimizer) -> Option<f64> {
    let spec = opt.kind().param(WEIGHT_DECAY.key)?;
    match (spec == &WEIGHT_DECAY, opt.get(spec.key)) {
        (true, Some(ParamValue::Real(w))) => Some(w),
        _ => None,
    }
}

/// Field `key` of a schedule as Python: whole-number fields as integers.
fn field(s: &Schedule, key: &str) -> String {
    let x = s.get(key).unwrap_or(f64::NAN);
    let whole = s.kind().field(key).is_some_and(|f| f.whole);
    if whole && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        py_float(x)
    }
}

/// PyTorch's own scheduler for `s` (none for optax's warmup_cosine): its class and each
/// keyword with the field it takes.
fn torch_scheduler(s: &Schedule) -> Option<String> {
    use ScheduleKind as S;
    let (class, keys): (&str, &[(&str, &str)]) = match s.kind() {
        S::Step => ("StepLR", &[("step_size", "step_size"), ("gamma", "gamma")]),
        S::Exponential => ("ExponentialLR", &[("gamma", "gamma")]),
        S::Cosine => ("CosineAnnealingLR", &[("T_max", "t_max"), ("eta_min", "eta_min")]),
        S::Linear => (
            "LinearLR",
            &[
                ("start_factor", "start_factor"),
                ("end_factor", "end_factor"),
                ("total_iters", "total_iters"),
            ],
        ),
        S::OneCycle => (
            "OneCycleLR",
            &[
                ("total_steps", "total_steps"),
                ("pct_start", "pct_start"),
                ("div_factor", "div_factor"),
                ("final_div_factor", "final_div_factor"),
            ],
        ),
        S::Constant | S::WarmupCosine => return None,
    };
    let mut out = format!("torch.optim.lr_scheduler.{class}(opt");
    if s.kind() == S::OneCycle {
        // The run's rate is the cycle's peak; no momentum cycling, as the app's.
        out.push_str(
            ", max_lr=opt.param_groups[0][\"lr\"], anneal_strategy=\"cos\", cycle_momentum=False",
        );
    }
    for (kw, key) in keys {
        let _ = write!(out, ", {kw}={}", field(s, key));
    }
    out.push(')');
    Some(out)
}

/// The schedule as a Python function of c, the updates done: the closed forms of PyTorch's
/// schedulers (the rates its recursive `get_lr` gives, to rounding) and optax's formula.
fn rate_function(name: &str, s: &Schedule, lr: f64) -> String {
    let f = |k| field(s, k);
    let a = py_float(lr);
    let body = match s.kind() {
        ScheduleKind::Constant => a,
        ScheduleKind::Step => format!("{a} * {} ** (c // {})", f("gamma"), f("step_size")),
        ScheduleKind::Exponential => format!("{a} * {} ** c", f("gamma")),
        ScheduleKind::Cosine => {
            let e = f("eta_min");
            format!("{e} + ({a} - {e}) * (1 + math.cos(math.pi * c / {})) / 2", f("t_max"))
        }
        ScheduleKind::Linear if s.get("total_iters") == Some(0.0) => {
            format!("{a} * {}", f("start_factor"))
        }
        ScheduleKind::Linear => {
            let (s0, s1, n) = (f("start_factor"), f("end_factor"), f("total_iters"));
            format!("{a} * ({s0} + ({s1} - {s0}) * min(c, {n}) / {n})")
        }
        ScheduleKind::OneCycle => {
            let (n, pct) = (f("total_steps"), f("pct_start"));
            let lo = format!("{a} / {}", f("div_factor"));
            let end = format!("{lo} / {}", f("final_div_factor"));
            format!(
                "anneal({lo}, {a}, c / ({pct} * {n} - 1)) if c <= {pct} * {n} - 1 else \
                 anneal({a}, {end}, (c - ({pct} * {n} - 1)) / ({n} - 1 - ({pct} * {n} - 1)))"
            )
        }
        ScheduleKind::WarmupCosine => {
            let (i, w, d, e) =
                (f("init_value"), f("warmup_steps"), f("decay_steps"), f("end_value"));
            format!(
                "({i} - {a}) * (1 - c / {w}) + {a} if c < {w} else {a} * ((1 - {e} / {a}) * 0.5 \
                 * (1 + math.cos(math.pi * min(c - {w}, {d} - {w}) / ({d} - {w}))) + {e} / {a})"
            )
        }
    };
    format!("def {name}(c):  # {}\n    return {body}\n\n\n", s.kind().title())
}

const ANNEAL: &str = "def anneal(start, end, pct):  # OneCycleLR's cosine annealing\n    \
                      return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)\n\n\n";

/// The scene (every run of `runs` on `problem`) as a `fw` script, or why `fw` can run none
/// of it. Runs a framework cannot run are left out with a comment saying why.
pub fn scene_code(problem: &Problem, runs: &[Run], fw: Framework) -> Result<String, String> {
    let who = fw.title();
    if problem.noise.is_some_and(|n| n.sigma > 0.0) {
        return Err(format!(
            "{who} cannot add this scene's gradient noise: it comes from the app's own seeded \
             generator."
        ));
    }
    let data = problem.surface.data();
    if data.is_some() && fw != Framework::Torch {
        return Err("Models on data are written for PyTorch only, whose DataLoader cuts the \
                    batches as the app does; choose PyTorch."
            .into());
    }
    if data.is_some_and(|d| d.batching().shuffle.is_some() && d.minibatched()) {
        return Err("PyTorch cannot shuffle as this scene does: DataLoader(shuffle=True) draws \
                    another order than the app's seeded shuffle."
            .into());
    }
    if runs.is_empty() {
        return Err("There is no run to write: add one.".into());
    }
    let mut body = String::new();
    let mut reasons = Vec::new();
    let mut anneal = false;
    for (i, run) in runs.iter().enumerate() {
        let title = run.optimizer.kind().title();
        match run_code(fw, i, run, problem.start) {
            Ok(code) => {
                anneal |= code.contains("anneal(");
                let _ = write!(body, "# Run {i}: {title}\n{code}\n");
            }
            Err(why) => {
                let _ = writeln!(body, "# Run {i} ({title}) is left out. {why}\n");
                reasons.push(format!("Run {i} ({title}): {why}"));
            }
        }
    }
    if reasons.len() == runs.len() {
        return Err(reasons.join("\n"));
    }
    let mut out = header(problem, fw)?;
    if anneal {
        out.push_str(ANNEAL);
    }
    out.push_str(&body);
    Ok(out.trim_end().to_string() + "\n")
}

/// One run's lines: its schedule function, start, optimizer and the call of the loop.
fn run_code(fw: Framework, i: usize, run: &Run, start: [f64; 2]) -> Result<String, String> {
    let lr = run.optimizer.lr();
    let s = &run.schedule;
    let start = format!("[{}, {}]", py_float(start[0]), py_float(start[1]));
    let rate = format!("rate{i}");
    let mut pre = String::new();
    let (opt_lr, loop_rate) = match fw {
        _ if s.is_constant() => (py_float(lr), None),
        Framework::Torch => match torch_scheduler(s) {
            Some(_) => (py_float(lr), None),
            None => (py_float(s.lr_at(lr, 1)), Some(rate.clone())),
        },
        // optax passes its int32 count; as a Python int the rate is computed in float64.
        Framework::Optax => (format!("lambda count: {rate}(int(count))"), None),
        Framework::Keras => (py_float(s.lr_at(lr, 1)), Some(rate.clone())),
    };
    // PyTorch's own schedulers need no rate function.
    let native = fw == Framework::Torch && loop_rate.is_none();
    if !s.is_constant() && !native {
        pre = rate_function(&rate, s, lr);
    }
    let ctor = constructor(fw, run, &opt_lr)?;
    let rate_arg = loop_rate.map_or(String::new(), |r| format!(", rate={r}"));
    Ok(match fw {
        Framework::Torch => {
            let sched = torch_scheduler(s).map_or(String::new(), |c| format!(", sched={c}"));
            format!(
                "{pre}p = torch.tensor({start}, requires_grad=True)\nopt = {ctor}\n\
                 trace({i}, p, opt{sched}{rate_arg})\n"
            )
        }
        Framework::Optax => format!("{pre}trace({i}, {ctor}, {start})\n"),
        Framework::Keras => {
            let wd = coupled_decay(&run.optimizer).filter(|w| *w != 0.0);
            let wd = wd.map_or(String::new(), |w| format!(", wd={}", py_float(w)));
            format!("{pre}trace({i}, {ctor}, {start}{rate_arg}{wd})\n")
        }
    })
}

/// Imports, the objective and the loop of `fw`.
fn header(problem: &Problem, fw: Framework) -> Result<String, String> {
    let steps = problem.steps;
    let intro = format!(
        "# rmsprop-lab: {steps} steps on {}, in {} (float64).\n# Prints \"run step x y\" for \
         every point; a run stops at a point that is not finite\n# or where f is undefined, \
         as the app's does.\nimport math\n",
        surface_name(&problem.surface),
        fw.title()
    );
    let objective = objective(problem, fw)?;
    let body = match (fw, problem.surface.data()) {
        (Framework::Torch, None) => TORCH_LOOP.replace("{batches}", "").replace("{rows}", ""),
        (Framework::Torch, Some(_)) => {
            TORCH_LOOP.replace("{batches}", TORCH_BATCHES).replace("{rows}", "next(batches), ")
        }
        (Framework::Optax, _) => OPTAX_LOOP.into(),
        (Framework::Keras, _) => KERAS_LOOP.into(),
    };
    let imports = match (fw, problem.surface.data()) {
        (Framework::Torch, None) => "\nimport torch\n\ntorch.set_default_dtype(torch.float64)\n",
        (Framework::Torch, Some(_)) => {
            "\nimport torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\
             torch.set_default_dtype(torch.float64)\n"
        }
        (Framework::Optax, _) => {
            "\nimport jax\nimport jax.numpy as jnp\nimport optax\n\n\
             jax.config.update(\"jax_enable_x64\", True)\n"
        }
        (Framework::Keras, _) => {
            "import os\n\nos.environ[\"KERAS_BACKEND\"] = \"jax\"\n\nimport jax\nimport \
             jax.numpy as jnp\nimport keras\n\njax.config.update(\"jax_enable_x64\", True)\n\
             keras.config.set_floatx(\"float64\")\n"
        }
    };
    Ok(format!("{intro}{imports}STEPS = {steps}\n\n\n{objective}\n\n{body}\n\n\n"))
}

fn surface_name(s: &Surface) -> String {
    match s {
        Surface::Builtin(k) => k.name().to_string(),
        // On one comment line: a newline typed in the formula would start a line of code.
        Surface::Custom(c) => {
            format!("f(x, y) = {}", c.formula.source().replace(char::is_control, " "))
        }
        Surface::Data(d) => format!("{} on {} rows", d.model().name(), d.n()),
    }
}

/// `f(x, y)` and `objective(k, x, y)`, the loss the update leaving point k differentiates
/// (after a shift, scale·f(θ − offset)); on data, the loss of a batch of rows.
fn objective(problem: &Problem, fw: Framework) -> Result<String, String> {
    let f = match problem.surface.data() {
        Some(d) => data_loss(d),
        None => {
            let formula = Formula::parse(problem.surface.formula()).map_err(|e| e.to_string())?;
            format!("def f(x, y):\n    return {}\n", formula.python(fw.math()))
        }
    };
    let args = if problem.surface.data().is_some() { "rows, x, y" } else { "x, y" };
    let call = |x: &str, y: &str| {
        format!("f({}{x}, {y})", if problem.surface.data().is_some() { "rows, " } else { "" })
    };
    let shifted = match problem.shift {
        None => call("x", "y"),
        Some(s) => format!(
            "{} if k < {} else {} * {}",
            call("x", "y"),
            s.step,
            py_float(s.scale),
            call(&minus("x", s.offset[0]), &minus("y", s.offset[1]))
        ),
    };
    Ok(format!("{f}\n\ndef objective(k, {args}):\n    return {shifted}\n"))
}

/// `v − c` as Python, read simply: `x`, `x - 1.0`, `x + 0.5` (each exactly the difference).
fn minus(v: &str, c: f64) -> String {
    match c {
        0.0 => v.to_string(),
        _ if c < 0.0 => format!("{v} + {}", py_float(-c)),
        _ => format!("{v} - {}", py_float(c)),
    }
}

/// The data, the DataLoader and the model's loss on a batch (PyTorch's losses, mean).
fn data_loss(d: &DataSurface) -> String {
    let mut rows = String::from("ROWS = torch.tensor([\n");
    for e in d.examples() {
        let row: Vec<String> = d.model().row(e).into_iter().map(py_float).collect();
        let _ = writeln!(rows, "    [{}],", row.join(", "));
    }
    let b = d.batching().batch_size.min(d.n());
    let loss = match d.model() {
        Model::LinearRegression => "torch.nn.MSELoss()(x * rows[:, 0] + y, rows[:, 1])",
        Model::LogisticRegression => {
            "torch.nn.BCEWithLogitsLoss()(x * rows[:, 0] + y * rows[:, 1], rows[:, 2])"
        }
    };
    format!(
        "{rows}])\n# The batches, in order, epoch after epoch.\n\
         LOADER = DataLoader(TensorDataset(ROWS), batch_size={b}, shuffle=False)\n\n\n\
         def f(rows, x, y):\n    return {loss}\n"
    )
}

const TORCH_BATCHES: &str = "\n    batches = (b for _ in range(STEPS) for (b,) in LOADER)";

const TORCH_LOOP: &str = r#"def trace(run, p, opt, sched=None, rate=None):{batches}
    for k in range(STEPS + 1):
        x, y = p.tolist()
        if not (math.isfinite(x) and math.isfinite(y)):
            break
        print(run, k, x, y)
        if k == STEPS:
            break
        opt.zero_grad()
        loss = objective(k, {rows}p[0], p[1])
        loss.backward()
        if math.isnan(loss.item()) or p.grad.isnan().any():
            break
        if rate:
            opt.param_groups[0]["lr"] = rate(k)
        opt.step()
        if sched:
            sched.step()"#;

const OPTAX_LOOP: &str = r#"def trace(run, opt, start):
    p = jnp.array(start)
    state = opt.init(p)
    grad = jax.value_and_grad(lambda p, k: objective(k, p[0], p[1]))
    for k in range(STEPS + 1):
        x, y = (float(c) for c in p)
        if not (math.isfinite(x) and math.isfinite(y)):
            break
        print(run, k, x, y)
        if k == STEPS:
            break
        loss, g = grad(p, k)
        if jnp.isnan(loss) or jnp.isnan(g).any():
            break
        updates, state = opt.update(g, state, p)
        p = optax.apply_updates(p, updates)"#;

const KERAS_LOOP: &str = r#"def trace(run, opt, start, rate=None, wd=0.0):
    var = keras.Variable(jnp.array(start), dtype="float64")
    grad = jax.value_and_grad(lambda p, k: objective(k, p[0], p[1]))
    for k in range(STEPS + 1):
        p = jnp.asarray(var.value)
        x, y = (float(c) for c in p)
        if not (math.isfinite(x) and math.isfinite(y)):
            break
        print(run, k, x, y)
        if k == STEPS:
            break
        loss, g = grad(p, k)
        if jnp.isnan(loss) or jnp.isnan(g).any():
            break
        if wd:  # coupled decay, g + λ·θ, as PyTorch adds it (Keras's own is decoupled)
            g = g + wd * p
        if rate:
            opt.learning_rate = rate(k)
        opt.apply_gradients([(g, var)])"#;
