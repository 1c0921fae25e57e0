"""Makes tests/data/extra_cases.json: more reference trajectories from real PyTorch, optax
and Keras 3.

The cases in reference_trajectories.json cover a few settings; these cover every option
(momentum, Nesterov, centered, both ε placements, AMSGrad, lr_decay, initial accumulator)
on every catalog surface, plus runs that diverge, Keras's Adam (ε-hat: `eps_hat`) and
RMSprop on several surfaces, and shifting objectives (`shift`) checked against a torch loop
written independently of the core. Same format and the same rules for `comparable_points`
as the reference README. Not part of the test command (it needs torch, jax, optax and
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
    kw = {k: v for k, v in run.items() if k != "optimizer"}
    name = run["optimizer"]
    if name == "sgd":
        opt = torch.optim.SGD([p], **kw)
    elif name == "adagrad":
        opt = torch.optim.Adagrad([p], lr=kw["lr"], eps=kw.get("eps", 1e-10),
                                  initial_accumulator_value=kw.get("initial_accumulator", 0.0),
                                  lr_decay=kw.get("lr_decay", 0.0))
    elif name == "rmsprop":
        assert kw.get("eps_placement") == "outside"
        opt = torch.optim.RMSprop([p], lr=kw["lr"], alpha=kw["decay"], eps=kw["eps"],
                                  momentum=kw.get("momentum", 0.0),
                                  centered=kw.get("centered", False))
    elif name == "adam":
        opt = torch.optim.Adam([p], lr=kw["lr"], betas=(kw["beta1"], kw["beta2"]),
                               eps=kw["eps"], amsgrad=kw.get("amsgrad", False))
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
        opt.step()
    return points, loss, False


def optax_run(formula, start, steps, run, perturb=0.0, nudge=0.0):
    f = jax_f(formula)
    vg = jax.jit(jax.value_and_grad(f))
    if run["optimizer"] == "adagrad":
        # optax's adagrad puts ε inside the root and starts the sum at initial_accumulator.
        opt = optax.adagrad(run["lr"], initial_accumulator_value=run["initial_accumulator"],
                            eps=run["eps"])
    else:
        opt = optax.rmsprop(run["lr"], decay=run["decay"], eps=run["eps"], eps_in_sqrt=True,
                            centered=run.get("centered", False),
                            momentum=run.get("momentum") or None)
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
    out = HERE / "extra_cases.json"
    out.write_text(json.dumps({"cases": cases}, indent=0))
    n_div = sum(c["diverged"] for c in cases)
    print(f"wrote {len(cases)} cases ({n_div} diverged) to {out}")


if __name__ == "__main__":
    main()
