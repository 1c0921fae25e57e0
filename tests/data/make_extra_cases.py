"""Makes tests/data/extra_cases.json: more reference trajectories from real PyTorch, optax
and Keras 3.

The cases in reference_trajectories.json cover a few settings; these cover every option
(momentum, Nesterov, centered, both ε placements, AMSGrad, lr_decay, initial accumulator)
on every catalog surface, plus runs that diverge, Keras's Adam (ε-hat: `eps_hat`) and
RMSprop on several surfaces, and shifting objectives (`shift`) checked against a torch loop
written independently of the core. Same format and the same rules for `comparable_points`
as the reference README.

The newer optimizers (Adadelta, Adamax, NAdam, RAdam, AdamW and Rprop from PyTorch, Lion and
AdaBelief from optax), weight decay (coupled and decoupled), RMSProp's optax-only
`initial_scale` and `bias_correction`, and every learning-rate schedule are covered on several
surfaces, with and without decay. A run's `schedule` is run as each framework runs one: in
PyTorch with its own scheduler in the loop `opt.step(); sched.step()` (optax's
warmup_cosine_decay_schedule: by setting `param_group['lr']` to the schedule at the number of
updates done, which is all a scheduler does); in optax by passing a schedule as
`learning_rate` (optax's own warmup_cosine_decay_schedule evaluated at a float64 count:
at optax's int32 count JAX computes its `count / steps` in float32), or the rates a PyTorch scheduler
gives, indexed by optax's update count). `schedules` lists rate sequences from the
frameworks' schedulers themselves. Not part of the test command (it needs torch, jax, optax and
keras); rerun by hand, in a virtual environment outside the repository:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch jax optax keras numpy
    /tmp/venv/bin/python tests/data/make_extra_cases.py
"""

import json
import math
import os
import pathlib
import re

os.environ["KERAS_BACKEND"] = "jax"

import jax
import jax.numpy as jnp
import keras
import numpy as np
import optax
import torch

jax.config.update("jax_enable_x64", True)
torch.set_default_dtype(torch.float64)
keras.config.set_floatx("float64")

HERE = pathlib.Path(__file__).parent
SURFACES = {}
for line in (HERE / "surfaces.md").read_text().splitlines():
    m = re.match(r"\| `(\w+)` \| `([^`]+)` \|", line)
    if m:
        SURFACES[m.group(1)] = m.group(2)


def torch_f(formula):
    expr = formula.replace("^", "**")
    env = {"sin": torch.sin, "cos": torch.cos, "exp": torch.exp, "sqrt": torch.sqrt,
           "pi": math.pi, "e": math.e}

    return lambda x, y: eval(expr, env, {"x": x, "y": y})


def jax_f(formula):
    expr = formula.replace("^", "**")
    env = {"sin": jnp.sin, "cos": jnp.cos, "exp": jnp.exp, "sqrt": jnp.sqrt,
           "pi": math.pi, "e": math.e}
    return lambda p: eval(expr, env, {"x": p[0], "y": p[1]})


def torch_run(formula, start, steps, run, perturb=0.0, nudge=0.0, shift=None):
    base = torch_f(formula)
    if shift is None:
        objective = lambda k, x, y: base(x, y)
    else:
        # Updates 1..step (leaving points 0..step-1) see f; later ones scale*f(p - offset).
        a, b = shift["offset"]
        objective = lambda k, x, y: (base(x, y) if k < shift["step"]
                                     else shift["scale"] * base(x - a, y - b))
    p = torch.tensor([start[0] * (1 + nudge), start[1] * (1 + nudge)], requires_grad=True)
    opt = torch_optimizer(p, run)
    sched, set_lr = torch_schedule(opt, run)
    points, loss = [], []
    for k in range(steps + 1):
        xy = p.detach().tolist()
        if not all(math.isfinite(c) for c in xy):
            return points, loss, True
        points.append(xy)
        opt.zero_grad()
        out = objective(k, p[0], p[1])
        loss.append(out.item())
        if k == steps:
            break
        out.backward()
        if perturb:
            p.grad.mul_(1 + perturb)
        if set_lr is not None:
            opt.param_groups[0]["lr"] = set_lr(k)
        opt.step()
        if sched is not None:
            sched.step()
    return points, loss, False


def torch_optimizer(p, run):
    """The PyTorch optimizer for a run, single-tensor code path (foreach=False)."""
    kw = {k: v for k, v in run.items() if k not in ("optimizer", "schedule")}
    name = run["optimizer"]
    wd = kw.pop("weight_decay", 0.0)
    if name == "sgd":
        return torch.optim.SGD([p], **kw, weight_decay=wd)
    if name == "adagrad":
        return torch.optim.Adagrad([p], lr=kw["lr"], eps=kw.get("eps", 1e-10),
                                   initial_accumulator_value=kw.get("initial_accumulator", 0.0),
                                   lr_decay=kw.get("lr_decay", 0.0), weight_decay=wd)
    if name == "rmsprop":
        assert kw.get("eps_placement") == "outside"
        assert not kw.get("initial_scale") and not kw.get("bias_correction")
        return torch.optim.RMSprop([p], lr=kw["lr"], alpha=kw["decay"], eps=kw["eps"],
                                   momentum=kw.get("momentum", 0.0),
                                   centered=kw.get("centered", False), weight_decay=wd)
    betas = (kw.get("beta1", 0.9), kw.get("beta2", 0.999))
    if name == "adam":
        return torch.optim.Adam([p], lr=kw["lr"], betas=betas, eps=kw["eps"],
                                amsgrad=kw.get("amsgrad", False), weight_decay=wd)
    if name == "adadelta":
        return torch.optim.Adadelta([p], lr=kw.get("lr", 1.0), rho=kw.get("rho", 0.9),
                                    eps=kw.get("eps", 1e-6), weight_decay=wd, foreach=False)
    if name == "adamax":
        return torch.optim.Adamax([p], lr=kw.get("lr", 0.002), betas=betas,
                                  eps=kw.get("eps", 1e-8), weight_decay=wd, foreach=False)
    if name == "nadam":
        return torch.optim.NAdam([p], lr=kw.get("lr", 0.002), betas=betas,
                                 eps=kw.get("eps", 1e-8),
                                 momentum_decay=kw.get("momentum_decay", 0.004),
                                 weight_decay=wd, foreach=False)
    if name == "radam":
        return torch.optim.RAdam([p], lr=kw.get("lr", 0.001), betas=betas,
                                 eps=kw.get("eps", 1e-8), weight_decay=wd, foreach=False)
    if name == "adamw":
        return torch.optim.AdamW([p], lr=kw.get("lr", 0.001), betas=betas,
                                 eps=kw.get("eps", 1e-8), weight_decay=run.get("weight_decay", 0.01),
                                 amsgrad=kw.get("amsgrad", False), foreach=False)
    if name == "rprop":
        return torch.optim.Rprop([p], lr=kw.get("lr", 0.01),
                                 etas=(kw.get("eta_minus", 0.5), kw.get("eta_plus", 1.2)),
                                 step_sizes=(kw.get("step_min", 1e-6), kw.get("step_max", 50.0)),
                                 foreach=False)
    raise ValueError(name)


# The schedules' fields and their defaults, as in src/core/schedule.rs.
SCHEDULE_DEFAULTS = {
    "step": {"gamma": 0.1}, "exponential": {}, "cosine": {"eta_min": 0.0},
    "linear": {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5},
    "onecycle": {"pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4},
    "warmup_cosine": {"init_value": 0.0, "end_value": 0.0},
}


def full_schedule(run):
    sch = dict(run["schedule"])
    return {**SCHEDULE_DEFAULTS[sch["kind"]], **sch}


def torch_schedule(opt, run):
    """PyTorch's scheduler for the run (stepped after each update), or a function giving the
    rate of update k + 1 for optax's warmup_cosine, which PyTorch has not."""
    if "schedule" not in run:
        return None, None
    s = full_schedule(run)
    kind = s["kind"]
    lr = opt.param_groups[0]["lr"]
    S = torch.optim.lr_scheduler
    if kind == "warmup_cosine":
        f = optax_schedule(run)
        return None, lambda k: float(f(k))
    return {
        "step": lambda: S.StepLR(opt, step_size=int(s["step_size"]), gamma=s["gamma"]),
        "exponential": lambda: S.ExponentialLR(opt, gamma=s["gamma"]),
        "cosine": lambda: S.CosineAnnealingLR(opt, T_max=int(s["t_max"]), eta_min=s["eta_min"]),
        "linear": lambda: S.LinearLR(opt, start_factor=s["start_factor"],
                                     end_factor=s["end_factor"],
                                     total_iters=int(s["total_iters"])),
        "onecycle": lambda: S.OneCycleLR(opt, max_lr=lr, total_steps=int(s["total_steps"]),
                                         pct_start=float(s["pct_start"]),
                                         anneal_strategy="cos", cycle_momentum=False,
                                         div_factor=s["div_factor"],
                                         final_div_factor=s["final_div_factor"]),
    }[kind](), None


def torch_rates(run, n):
    """The rates of updates 1..n that PyTorch's scheduler gives for the run."""
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=run["lr"])
    sched, _ = torch_schedule(opt, run)
    rates = []
    for _ in range(n):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


def optax_schedule(run):
    """A schedule for optax's learning_rate: its own warmup_cosine_decay_schedule, or the
    rates of a PyTorch scheduler indexed by optax's count (updates done)."""
    s = full_schedule(run)
    if s["kind"] == "warmup_cosine":
        f = optax.warmup_cosine_decay_schedule(
            init_value=s["init_value"], peak_value=run["lr"], warmup_steps=int(s["warmup_steps"]),
            decay_steps=int(s["decay_steps"]), end_value=s["end_value"])
        # optax's count is int32, and JAX divides int32 by int in float32 (`count / steps`):
        # the schedule is evaluated at the same count as a float64, like everything else.
        return lambda count: f(jnp.asarray(count, dtype=jnp.float64))
    rates = jnp.asarray(torch_rates(run, 2001))
    return lambda count: rates[count]


def optax_run(formula, start, steps, run, perturb=0.0, nudge=0.0):
    f = jax_f(formula)
    vg = jax.jit(jax.value_and_grad(f))
    lr = optax_schedule(run) if "schedule" in run else run["lr"]
    name = run["optimizer"]
    if name == "adagrad":
        # optax's adagrad puts ε inside the root and starts the sum at initial_accumulator.
        opt = optax.adagrad(run["lr"], initial_accumulator_value=run["initial_accumulator"],
                            eps=run["eps"])
    elif name == "lion":
        opt = optax.lion(lr, b1=run.get("beta1", 0.9), b2=run.get("beta2", 0.99),
                         weight_decay=run.get("weight_decay", 0.0))
    elif name == "adabelief":
        opt = optax.adabelief(lr, b1=run.get("beta1", 0.9), b2=run.get("beta2", 0.999),
                              eps=run.get("eps", 1e-16), eps_root=run.get("eps_root", 1e-16))
    else:
        # optax folds the rate into the momentum trace: the same steps only at a constant rate.
        assert not (run.get("momentum") and "schedule" in run)
        assert not run.get("weight_decay")
        opt = optax.rmsprop(lr, decay=run["decay"], eps=run["eps"],
                            eps_in_sqrt=run.get("eps_placement") == "inside",
                            centered=run.get("centered", False),
                            momentum=run.get("momentum") or None,
                            initial_scale=run.get("initial_scale", 0.0),
                            bias_correction=run.get("bias_correction", False))
    p = jnp.array([start[0] * (1 + nudge), start[1] * (1 + nudge)])
    state = opt.init(p)
    points, loss = [], []
    for k in range(steps + 1):
        xy = [float(c) for c in p]
        if not all(math.isfinite(c) for c in xy):
            return points, loss, True
        points.append(xy)
        val, g = vg(p)
        loss.append(float(val))
        if k == steps:
            break
        g = g * (1 + perturb)
        upd, state = opt.update(g, state, p)
        p = optax.apply_updates(p, upd)
    return points, loss, False


def keras_run(formula, start, steps, run, perturb=0.0, nudge=0.0):
    """Keras 3 (JAX backend, float64): Adam with its ε-hat, or RMSprop (ε inside the root)."""
    f = jax_f(formula)
    vg = jax.jit(jax.value_and_grad(f))
    if run["optimizer"] == "adam":
        assert run["eps_hat"]
        opt = keras.optimizers.Adam(learning_rate=run["lr"], beta_1=run["beta1"],
                                    beta_2=run["beta2"], epsilon=run["eps"],
                                    amsgrad=run.get("amsgrad", False))
    else:
        assert run["eps_placement"] == "inside"
        opt = keras.optimizers.RMSprop(learning_rate=run["lr"], rho=run["decay"],
                                       epsilon=run["eps"], momentum=run.get("momentum", 0.0),
                                       centered=run.get("centered", False))
    var = keras.Variable(np.array([start[0] * (1 + nudge), start[1] * (1 + nudge)]),
                         dtype="float64")
    points, loss = [], []
    for k in range(steps + 1):
        xy = [float(c) for c in np.asarray(var.value)]
        if not all(math.isfinite(c) for c in xy):
            return points, loss, True
        points.append(xy)
        val, g = vg(jnp.asarray(var.value))
        loss.append(float(val))
        if k == steps:
            break
        opt.apply_gradients([(g * (1 + perturb), var)])
    return points, loss, False


def comparable(base, other):
    for k, (a, b) in enumerate(zip(base, other)):
        if any(abs(u - v) > 1e-10 * max(1.0, abs(u)) for u, v in zip(a, b)):
            return k
    return min(len(base), len(other))


def case(surface, start, steps, run, keras_ref=False, shift=None):
    formula = SURFACES[surface]
    inside = run.get("eps_placement") == "inside"
    inside = inside or run["optimizer"] in ("lion", "adabelief")
    inside = inside or bool(run.get("initial_scale") or run.get("bias_correction"))
    if keras_ref:
        runner, reference = keras_run, "keras"
    elif shift is not None:
        assert not inside
        runner = lambda *a, **kw: torch_run(*a, **kw, shift=shift)
        reference = "torch"
    else:
        runner = optax_run if inside else torch_run
        reference = "optax" if inside else "torch"
    points, loss, diverged = runner(formula, start, steps, run)
    nudged, _, _ = runner(formula, start, steps, run, nudge=1e-12)
    perturbed, _, _ = runner(formula, start, steps, run, perturb=1e-15)
    scenario = {"surface": surface, "start": start, "steps": steps, "runs": [run]}
    if shift is not None:
        scenario["shift"] = shift
    return {
        "scenario": scenario,
        "formula": formula,
        "reference": reference,
        "points": points,
        "loss": [v if math.isfinite(v) else None for v in loss],
        "diverged": diverged,
        "comparable_points": min(comparable(points, nudged), comparable(points, perturbed)),
    }


RUNS = [
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "outside",
     "momentum": 0.5},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.95, "eps": 1e-6, "eps_placement": "outside",
     "centered": True},
    {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.8, "eps": 1e-3, "eps_placement": "outside",
     "momentum": 0.9, "centered": True},
    {"optimizer": "rmsprop", "lr": 0.02, "decay": 0.99, "eps": 1e-4, "eps_placement": "inside",
     "momentum": 0.7},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-6, "eps_placement": "inside",
     "centered": True},
    {"optimizer": "adagrad", "lr": 0.3, "eps": 1e-10, "initial_accumulator": 0.1,
     "lr_decay": 0.01},
    {"optimizer": "adagrad", "lr": 1.0, "eps": 0.5},
    {"optimizer": "adagrad", "lr": 0.5, "eps": 1e-7, "eps_placement": "inside",
     "initial_accumulator": 0.1},
    {"optimizer": "adam", "lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "amsgrad": True},
    {"optimizer": "adam", "lr": 0.02, "beta1": 0.0, "beta2": 0.9, "eps": 1e-3},
    {"optimizer": "sgd", "lr": 0.001, "momentum": 0.9},
    {"optimizer": "sgd", "lr": 0.001, "momentum": 0.8, "nesterov": True},
]

# Runs that leave every window: the divergence step must match.
DIVERGING = [
    ("goldstein_price", [-1.0, 0.8], 100, {"optimizer": "sgd", "lr": 0.01}),
    ("saddle", [-2.5, 0.05], 2000, {"optimizer": "sgd", "lr": 0.5}),
    ("rosenbrock", [-1.5, 2.0], 200, {"optimizer": "sgd", "lr": 0.01, "momentum": 0.9}),
    ("styblinski_tang", [4.0, 4.5], 100, {"optimizer": "sgd", "lr": 0.5, "nesterov": True,
                                           "momentum": 0.5}),
]

# Keras 3's own Adam (ε-hat) and RMSprop, with its defaults (ε 1e-7) and a few variations.
KERAS = [
    ("bowl", [-4.0, 1.5], {"optimizer": "adam", "lr": 0.1, "beta1": 0.9, "beta2": 0.999,
                           "eps": 1e-7, "amsgrad": False, "eps_hat": True}),
    ("rosenbrock", [-1.5, 2.0], {"optimizer": "adam", "lr": 0.05, "beta1": 0.9,
                                 "beta2": 0.999, "eps": 1e-7, "amsgrad": False,
                                 "eps_hat": True}),
    ("beale", [1.0, 1.5], {"optimizer": "adam", "lr": 0.01, "beta1": 0.8, "beta2": 0.99,
                           "eps": 1e-7, "amsgrad": True, "eps_hat": True}),
    # A large ε, where ε-hat and the PyTorch form differ most.
    ("himmelblau", [0.5, -0.5], {"optimizer": "adam", "lr": 0.1, "beta1": 0.9,
                                 "beta2": 0.999, "eps": 0.5, "amsgrad": False,
                                 "eps_hat": True}),
    ("rastrigin", [3.3, 4.1], {"optimizer": "adam", "lr": 0.1, "beta1": 0.0, "beta2": 0.9,
                               "eps": 1e-3, "amsgrad": False, "eps_hat": True}),
    ("bowl", [-4.0, 1.5], {"optimizer": "rmsprop", "lr": 0.001, "decay": 0.9, "eps": 1e-7,
                           "eps_placement": "inside"}),
    ("rosenbrock", [-1.5, 2.0], {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9,
                                 "eps": 1e-7, "eps_placement": "inside", "momentum": 0.5}),
    ("six_hump_camel", [-1.5, -1.2], {"optimizer": "rmsprop", "lr": 0.02, "decay": 0.95,
                                      "eps": 1e-7, "eps_placement": "inside",
                                      "centered": True}),
    ("goldstein_price", [-1.0, 0.8], {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.99,
                                      "eps": 1e-7, "eps_placement": "inside",
                                      "momentum": 0.9, "centered": True}),
]

# Shifting objectives against an independent torch loop (ε outside for RMSProp: PyTorch's).
SHIFTS = [
    ("bowl", [-4.0, 1.5], 150, {"step": 60, "scale": 0.01, "offset": [1.0, -0.5]},
     {"optimizer": "rmsprop", "lr": 0.05, "decay": 0.9, "eps": 1e-8,
      "eps_placement": "outside"}),
    ("bowl", [-4.0, 1.5], 150, {"step": 60, "scale": 0.01, "offset": [1.0, -0.5]},
     {"optimizer": "adagrad", "lr": 0.5, "eps": 1e-10}),
    ("himmelblau", [0.5, -0.5], 120, {"step": 40, "scale": 10.0, "offset": [-0.5, 0.25]},
     {"optimizer": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    ("rosenbrock", [-1.5, 2.0], 200, {"step": 100, "scale": 0.5, "offset": [0.0, 0.0]},
     {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.99, "eps": 1e-8,
      "eps_placement": "outside", "momentum": 0.5, "centered": True}),
    ("booth", [-8.0, -6.0], 100, {"step": 1, "scale": 2.0, "offset": [3.0, -2.0]},
     {"optimizer": "sgd", "lr": 0.01, "momentum": 0.9}),
]

def sch(kind, **fields):
    return {"kind": kind, **fields}


# Every newer optimizer, with and without weight decay, and RMSProp's optax options.
NEWER_RUNS = [
    {"optimizer": "adadelta", "lr": 1.0},
    {"optimizer": "adadelta", "lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.05},
    {"optimizer": "adamax", "lr": 0.05},
    {"optimizer": "adamax", "lr": 0.02, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.01},
    {"optimizer": "nadam", "lr": 0.05},
    {"optimizer": "nadam", "lr": 0.02, "momentum_decay": 0.01, "weight_decay": 0.02},
    {"optimizer": "radam", "lr": 0.002},
    {"optimizer": "radam", "lr": 0.005, "beta2": 0.99, "weight_decay": 0.05},
    {"optimizer": "adamw", "lr": 0.05},
    {"optimizer": "adamw", "lr": 0.05, "weight_decay": 0.1, "amsgrad": True},
    {"optimizer": "adamw", "lr": 0.02, "weight_decay": 0.0},
    {"optimizer": "rprop", "lr": 0.01},
    {"optimizer": "rprop", "lr": 0.1, "eta_minus": 0.3, "eta_plus": 1.5, "step_min": 1e-4,
     "step_max": 1.0},
    {"optimizer": "lion", "lr": 0.01},
    {"optimizer": "lion", "lr": 0.02, "beta1": 0.95, "beta2": 0.98, "weight_decay": 0.1},
    {"optimizer": "adabelief", "lr": 0.05},
    {"optimizer": "adabelief", "lr": 0.02, "beta1": 0.8, "eps": 1e-8, "eps_root": 1e-12},
    {"optimizer": "sgd", "lr": 0.001, "momentum": 0.9, "weight_decay": 0.1},
    {"optimizer": "adagrad", "lr": 0.3, "weight_decay": 0.05},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "outside",
     "weight_decay": 0.1, "centered": True},
    {"optimizer": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
     "weight_decay": 0.1},
    {"optimizer": "rmsprop", "lr": 0.001, "decay": 0.9, "eps": 1e-10, "eps_placement": "inside",
     "initial_scale": 1.0},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "inside",
     "bias_correction": True},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.95, "eps": 1e-6, "eps_placement": "outside",
     "initial_scale": 0.5, "bias_correction": True, "centered": True},
    {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.9, "eps": 1e-8, "eps_placement": "inside",
     "initial_scale": 0.1, "momentum": 0.5},
]

# Every schedule kind, with PyTorch's and optax's optimizers.
SCHEDULED_RUNS = [
    {"optimizer": "sgd", "lr": 0.002, "momentum": 0.9, "schedule": sch("step", step_size=30)},
    {"optimizer": "adam", "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
     "schedule": sch("step", step_size=40, gamma=0.5)},
    {"optimizer": "rmsprop", "lr": 0.02, "decay": 0.99, "eps": 1e-8, "eps_placement": "outside",
     "momentum": 0.5, "schedule": sch("exponential", gamma=0.98)},
    {"optimizer": "lion", "lr": 0.02, "weight_decay": 0.05,
     "schedule": sch("exponential", gamma=0.99)},
    {"optimizer": "adamw", "lr": 0.1, "schedule": sch("cosine", t_max=150)},
    {"optimizer": "adagrad", "lr": 0.5, "lr_decay": 0.01,
     "schedule": sch("cosine", t_max=40, eta_min=0.01)},
    {"optimizer": "adabelief", "lr": 0.1, "schedule": sch("cosine", t_max=50, eta_min=0.001)},
    {"optimizer": "nadam", "lr": 0.05, "schedule": sch("linear", total_iters=30)},
    {"optimizer": "adadelta", "lr": 2.0,
     "schedule": sch("linear", start_factor=1.0, end_factor=0.1, total_iters=100)},
    {"optimizer": "radam", "lr": 0.01, "schedule": sch("onecycle", total_steps=150)},
    {"optimizer": "adam", "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
     "weight_decay": 0.01,
     "schedule": sch("onecycle", total_steps=200, pct_start=0.25, div_factor=10.0)},
    {"optimizer": "adamax", "lr": 0.1, "schedule": sch("warmup_cosine", warmup_steps=20,
                                                      decay_steps=150)},
    {"optimizer": "sgd", "lr": 0.002, "schedule": sch("warmup_cosine", init_value=0.0002,
                                                     warmup_steps=10, decay_steps=100,
                                                     end_value=0.0001)},
    {"optimizer": "lion", "lr": 0.02, "schedule": sch("warmup_cosine", warmup_steps=15,
                                                     decay_steps=150, end_value=0.001)},
    {"optimizer": "rprop", "lr": 0.05, "schedule": sch("onecycle", total_steps=150)},
    {"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "eps": 1e-8, "eps_placement": "inside",
     "bias_correction": True, "schedule": sch("step", step_size=50, gamma=0.3)},
]

NEWER_SURFACES = ["bowl", "rosenbrock", "himmelblau", "beale", "six_hump_camel", "booth",
                  "rastrigin", "matyas", "ackley", "styblinski_tang", "rotated_bowl"]

# Each run on two surfaces, rotating through the catalog.
NEWER = [(NEWER_SURFACES[(2 * i + j) % len(NEWER_SURFACES)], run)
         for i, run in enumerate(NEWER_RUNS + SCHEDULED_RUNS) for j in range(2)]

# Runs that leave the window: a growing rate, and huge rates.
NEWER_DIVERGING = [
    # (On the bowl f overflows long before θ does, and the core's forward-mode dual numbers
    # give ∞·0 = NaN in the gradient there where autograd does not: a valley whose
    # gradient itself overflows keeps the two in step.)
    ("rosenbrock", 300, {"optimizer": "sgd", "lr": 0.0001,
                         "schedule": sch("exponential", gamma=1.05)}),
    # Coupled decay with α·λ > 2 multiplies θ by about −(α·λ − 1) per step.
    ("booth", 2000, {"optimizer": "sgd", "lr": 0.01, "weight_decay": 250.0}),
    ("rosenbrock", 200, {"optimizer": "sgd", "lr": 0.01, "momentum": 0.9, "weight_decay": 0.5,
                         "schedule": sch("linear", start_factor=0.5, total_iters=10)}),
]

# Rate sequences straight from the frameworks' schedulers.
SCHEDULE_RATES = [
    ({"lr": 0.1, "schedule": sch("step", step_size=7, gamma=0.5)}, "torch"),
    ({"lr": 0.1, "schedule": sch("exponential", gamma=0.97)}, "torch"),
    ({"lr": 0.1, "schedule": sch("cosine", t_max=40, eta_min=0.001)}, "torch"),
    ({"lr": 0.1, "schedule": sch("cosine", t_max=1)}, "torch"),
    ({"lr": 0.1, "schedule": sch("linear", start_factor=0.1, end_factor=1.0,
                                 total_iters=25)}, "torch"),
    ({"lr": 0.1, "schedule": sch("linear", start_factor=1.0, end_factor=0.0,
                                 total_iters=300)}, "torch"),
    ({"lr": 0.1, "schedule": sch("onecycle", total_steps=300)}, "torch"),
    ({"lr": 0.3, "schedule": sch("onecycle", total_steps=333, pct_start=0.5, div_factor=3.0,
                                 final_div_factor=100.0)}, "torch"),
    ({"lr": 0.1, "schedule": sch("warmup_cosine", warmup_steps=30, decay_steps=250)}, "optax"),
    ({"lr": 0.1, "schedule": sch("warmup_cosine", init_value=0.01, warmup_steps=0,
                                 decay_steps=100, end_value=0.005)}, "optax"),
]


def rates(run, n):
    if run["schedule"]["kind"] == "warmup_cosine":
        f = optax_schedule(run)
        return [float(f(k)) for k in range(n)]
    return torch_rates(run, n)


STARTS = {
    "bowl": [-4.0, 1.5], "rotated_bowl": [-4.0, 2.0], "rosenbrock": [-1.5, 2.0],
    "beale": [1.0, 1.5], "himmelblau": [0.5, -0.5], "booth": [-8.0, -6.0],
    "matyas": [-7.0, 4.0], "six_hump_camel": [-1.5, -1.2], "saddle": [-2.5, 0.05],
    "rastrigin": [3.3, 4.1], "ackley": [3.2, 4.1], "styblinski_tang": [4.0, 4.5],
    "goldstein_price": [-1.0, 0.8],
}


def main():
    cases = []
    for i, surface in enumerate(SURFACES):
        # Each surface gets three of the runs, rotating so every run meets several surfaces.
        for j in range(3):
            run = dict(RUNS[(3 * i + j) % len(RUNS)])
            if surface == "goldstein_price" and run["optimizer"] == "sgd":
                run["lr"] = 1e-6
            cases.append(case(surface, STARTS[surface], 150, run))
    for surface, start, steps, run in DIVERGING:
        cases.append(case(surface, start, steps, run))
    for surface, start, run in KERAS:
        cases.append(case(surface, start, 150, run, keras_ref=True))
    for surface, start, steps, shift, run in SHIFTS:
        cases.append(case(surface, start, steps, run, shift=shift))
    for surface, run in NEWER:
        cases.append(case(surface, STARTS[surface], 150, run))
    for surface, steps, run in NEWER_DIVERGING:
        cases.append(case(surface, STARTS[surface], steps, run))
    schedules = [{"lr": run["lr"], "schedule": run["schedule"], "reference": ref,
                  "rates": rates(run, 300)} for run, ref in SCHEDULE_RATES]
    out = HERE / "extra_cases.json"
    out.write_text(json.dumps({"cases": cases, "schedules": schedules}, indent=0))
    n_div = sum(c["diverged"] for c in cases)
    print(f"wrote {len(cases)} cases ({n_div} diverged) to {out}")


if __name__ == "__main__":
    main()
